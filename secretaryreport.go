package dangjian

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Grades of a secretary's report on party-building work
// (eval.secretary.grades): 好 / 较好 / 一般 / 差.
const (
	GradeGood       = "good"
	GradeFairlyGood = "fairly_good"
	GradeAverage    = "average"
	GradePoor       = "poor"
)

// SecretaryGrades lists the grades, best first.
var SecretaryGrades = []string{GradeGood, GradeFairlyGood, GradeAverage, GradePoor}

// SecretaryGradeNames are the Chinese names of the grades.
var SecretaryGradeNames = map[string]string{GradeGood: "好", GradeFairlyGood: "较好", GradeAverage: "一般", GradePoor: "差"}

// Report statuses.
const (
	ReportSubmitted = "submitted"
	ReportGraded    = "graded"
)

// ReportingKinds are the kinds of organization whose secretary reports
// (eval.secretary.grades).
var ReportingKinds = []string{KindLeadingGroup, KindPartyCommittee, KindGeneralBranch, KindBranch}

// SecretaryReport is a secretary's yearly report on party-building work
// (抓党建述职) and the level above's appraisal of it.
type SecretaryReport struct {
	ID          int64      `json:"id"`
	OrgID       int64      `json:"org_id"`
	OrgName     string     `json:"org_name"`
	OrgKind     string     `json:"org_kind"`
	OrgPath     string     `json:"-"`
	Year        int        `json:"year"`
	MemberID    *int64     `json:"member_id"` // the secretary
	MemberName  string     `json:"member_name"`
	Report      string     `json:"report"`
	Status      string     `json:"status"`
	Grade       string     `json:"grade"`
	Comments    string     `json:"comments"`
	Problems    []string   `json:"problems"` // named when graded; each became a rectification item
	SubmittedBy string     `json:"submitted_by"`
	CreatedAt   time.Time  `json:"created_at"`
	GradedBy    string     `json:"graded_by,omitempty"`
	GradedAt    *time.Time `json:"graded_at"`
}

// Validate checks a submission.
func (r *SecretaryReport) Validate(thisYear int) error {
	v := Invalid{}
	r.Report = strings.TrimSpace(r.Report)
	if r.OrgID <= 0 {
		v.Add("org_id", "请选择党组织")
	}
	if r.Year < 1921 || r.Year > thisYear {
		v.Add("year", "年度不合理")
	}
	switch n := utf8.RuneCountInString(r.Report); {
	case n == 0:
		v.Add("report", "请填写述职报告")
	case n > 50000:
		v.Add("report", "述职报告不能超过50000个字")
	}
	if r.MemberID != nil && *r.MemberID <= 0 {
		v.Add("member_id", "述职人无效")
	}
	return v.Err()
}

// CheckGrade checks an appraisal: a grade, comments within bounds, and a
// deadline for the problems named, if any. It returns the problems
// trimmed, empty lines dropped.
func CheckGrade(grade, comments string, problems []string, deadline, today Date) ([]string, error) {
	v := Invalid{}
	if !inList(SecretaryGrades, grade) {
		v.Add("grade", "评议等次须为 "+strings.Join(SecretaryGrades, "、")+" 之一")
	}
	if utf8.RuneCountInString(strings.TrimSpace(comments)) > 5000 {
		v.Add("comments", "评议意见不能超过5000个字")
	}
	var out []string
	for _, p := range problems {
		if p = strings.TrimSpace(p); p != "" {
			if utf8.RuneCountInString(p) > maxProblem {
				v.Add("problems", "每个问题不能超过2000个字")
			}
			out = append(out, p)
		}
	}
	if len(out) > 50 {
		v.Add("problems", "一次最多列出50个问题")
	}
	if len(out) > 0 {
		switch {
		case deadline.IsZero():
			v.Add("deadline", "列出问题的须填写整改时限")
		case deadline.Before(today):
			v.Add("deadline", "整改时限不能早于今天")
		}
	}
	return out, v.Err()
}

// ReportCounts are the grades of a year's reports in a subtree.
type ReportCounts struct {
	Due       int            `json:"due"` // organizations whose secretary reports
	Submitted int            `json:"submitted"`
	Graded    int            `json:"graded"`
	Grades    map[string]int `json:"grades"`
}
