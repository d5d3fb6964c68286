package dangjian

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Ratings members give an administrative head's report
// (eval.admin_head.report), anonymously.
const (
	RatingSatisfied    = "satisfied"
	RatingBasic        = "basically_satisfied"
	RatingDissatisfied = "dissatisfied"
)

// Ratings lists the ratings from best to worst.
var Ratings = []string{RatingSatisfied, RatingBasic, RatingDissatisfied}

// RatingNames are the Chinese names of the ratings.
var RatingNames = map[string]string{
	RatingSatisfied:    "满意",
	RatingBasic:        "基本满意",
	RatingDissatisfied: "不满意",
}

// ValidRating reports whether r is a rating.
func ValidRating(r string) bool { _, ok := RatingNames[r]; return ok }

// Report states: members rate while open; results show once closed.
const (
	ReportOpen   = "open"
	ReportClosed = "closed"
)

// AdminReport is an administrative head's report to the member assembly
// (述职, eval.admin_head.report) with the members' anonymous rating.
type AdminReport struct {
	ID         int64      `json:"id"`
	OrgID      int64      `json:"org_id"`
	OrgName    string     `json:"org_name,omitempty"`
	OrgPath    string     `json:"-"`
	Year       int        `json:"year"`
	Reporter   string     `json:"reporter"` // the administrative head, by name and post
	Title      string     `json:"title"`
	Body       string     `json:"body"`
	MeetingID  *int64     `json:"meeting_id"`
	ReportedOn Date       `json:"reported_on"`
	State      string     `json:"state"`
	Voters     int        `json:"voters"`
	Voted      int        `json:"voted"`
	PaperVoted int        `json:"paper_voted"`
	ClosedAt   *time.Time `json:"closed_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

// RatingCount is the tally of a report's rating.
type RatingCount struct {
	Satisfied    int `json:"satisfied"`
	Basic        int `json:"basically_satisfied"`
	Dissatisfied int `json:"dissatisfied"`
}

// Add counts n ratings r.
func (c *RatingCount) Add(r string, n int) {
	switch r {
	case RatingSatisfied:
		c.Satisfied += n
	case RatingBasic:
		c.Basic += n
	case RatingDissatisfied:
		c.Dissatisfied += n
	}
}

// Total is the number of ratings.
func (c RatingCount) Total() int { return c.Satisfied + c.Basic + c.Dissatisfied }

// Validate checks a report as entered; today bounds the report date.
func (r *AdminReport) Validate(today Date) error {
	v := Invalid{}
	r.Reporter, r.Title, r.Body = strings.TrimSpace(r.Reporter), strings.TrimSpace(r.Title), strings.TrimSpace(r.Body)
	if r.OrgID <= 0 {
		v.Add("org_id", "请选择党组织")
	}
	switch n := utf8.RuneCountInString(r.Reporter); {
	case n == 0:
		v.Add("reporter", "请填写报告人（行政负责人）")
	case n > 100:
		v.Add("reporter", "报告人不能超过100个字")
	}
	switch n := utf8.RuneCountInString(r.Title); {
	case n == 0:
		v.Add("title", "请填写报告题目")
	case n > 200:
		v.Add("title", "报告题目不能超过200个字")
	}
	switch n := utf8.RuneCountInString(r.Body); {
	case n == 0:
		v.Add("body", "请填写报告内容")
	case n > 50000:
		v.Add("body", "报告内容不能超过50000个字")
	}
	switch {
	case r.ReportedOn.IsZero():
		v.Add("reported_on", "请填写报告日期")
	case r.ReportedOn.After(today.AddDays(1)):
		v.Add("reported_on", "报告日期不能晚于明天")
	case r.ReportedOn.Year() < 2000:
		v.Add("reported_on", "报告日期不合理")
	}
	if r.MeetingID != nil && *r.MeetingID <= 0 {
		v.Add("meeting_id", "会议无效")
	}
	return v.Err()
}

// ReportsPerYear is how many administrative heads' reports a year the rule
// eval.admin_head.report asks for, from its (configurable) period and count.
func ReportsPerYear(rs *RuleSet) int {
	r := rs.Get("eval.admin_head.report")
	n := max(r.Count, 1)
	switch r.Period {
	case "month":
		return 12 * n
	case "quarter":
		return 4 * n
	}
	return n
}
