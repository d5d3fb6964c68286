package dangjian

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// The party-affairs cadre team (党务干部队伍): per unit, the full-time and
// part-time party-affairs cadres against the staff (org.party_affairs.ratio),
// each cadre's post and rotations (org.party_affairs.rotation) and the
// yearly appraisal notes of part-time party work.

// StandsForUnit reports whether an organization stands for a unit (单位):
// it carries the unit's staff count (API.md: staff_count is a field of the
// organization that stands for a unit). The rest of its subtree belongs to
// the unit, except where a nested organization stands for a unit of its own.
func StandsForUnit(o *Org) bool { return o.StaffCount > 0 }

// Deployment settings of the cadre team. RULES.md gives no number for
// either (org.party_affairs.ratio says only "a small unit"; rotation gives
// no term), so both are local practice: settings, never rules of the table.
const (
	CadreSmallUnitKey     = "org.party_affairs.small_unit_staff"
	CadreRotationYearsKey = "org.party_affairs.rotation_years"
)

// Platform defaults of the settings, labelled local practice wherever shown.
// A unit below 100 staff cannot reach 1 full-time cadre at 1%, so it is a
// small unit that needs only a designated person; five years in party
// affairs without rotating is the usual term of a post.
const (
	DefaultCadreSmallUnit     = 100
	DefaultCadreRotationYears = 5
)

// ValidCadreSmallUnit checks a small-unit threshold entered for the setting.
func ValidCadreSmallUnit(n int) error {
	if n < 1 || n > 100000 {
		return &Error{Code: EINVALID, Message: "人数须在 1 到 100000 之间",
			Fields: map[string]string{"small_unit_staff": "请填写 1 到 100000 之间的整数，如 100"}}
	}
	return nil
}

// ValidCadreRotationYears checks a rotation threshold entered for the setting.
func ValidCadreRotationYears(n int) error {
	if n < 1 || n > 40 {
		return &Error{Code: EINVALID, Message: "年限须在 1 到 40 之间",
			Fields: map[string]string{"rotation_years": "请填写 1 到 40 之间的整数，如 5"}}
	}
	return nil
}

// CadreSettings are the settings in force and whether the deployment set
// each (else the platform default).
type CadreSettings struct {
	SmallUnitStaff   int    `json:"small_unit_staff"`
	SmallUnitSet     bool   `json:"small_unit_set"`
	SmallUnitDefault int    `json:"small_unit_default"`
	RotationYears    int    `json:"rotation_years"`
	RotationSet      bool   `json:"rotation_set"`
	RotationDefault  int    `json:"rotation_default"`
	Source           string `json:"source"` // always "local"
	RatioRule        string `json:"ratio_rule"`
	RotationRule     string `json:"rotation_rule"`
}

// SeverityInfo marks a finding that only informs: a ratio above the usual
// range breaks no rule.
const SeverityInfo = "info"

// Rule ids of the cadre team.
const (
	RuleCadreRatio    = "org.party_affairs.ratio"
	RuleCadreRotation = "org.party_affairs.rotation"
)

// CadreRatio is full-time cadres per staff; 0 without staff.
func CadreRatio(staff, fullTime int) float64 {
	if staff <= 0 {
		return 0
	}
	return math.Round(float64(fullTime)/float64(staff)*10000) / 10000
}

// CadreFindings applies org.party_affairs.ratio to a unit: below the
// usual minimum share of full-time cadres (an error when there is nobody
// full-time at all), above the usual maximum (information only), and a
// small unit (staff below smallUnit, a local setting) with nobody
// designated. A small unit owes no share, only a designated person.
func CadreFindings(rs *RuleSet, staff, fullTime, partTime, smallUnit int) []Finding {
	r := rs.Get(RuleCadreRatio)
	lo, hi := r.Params["min"], r.Params["max"]
	var out []Finding
	add := func(sev, zh, en string) {
		out = append(out, Finding{Rule: r.ID, Severity: sev, Message: zh, MessageEn: en, Source: r.Source})
	}
	if staff <= 0 {
		return out
	}
	ratio := float64(fullTime) / float64(staff)
	if staff < smallUnit {
		if fullTime+partTime == 0 {
			add(SeverityError,
				fmt.Sprintf("在编 %d 人的单位（不足 %d 人，本地设定）未明确专职或兼职党务干部，至少应有专人负责", staff, smallUnit),
				fmt.Sprintf("a unit of %d staff (under %d, a local setting) has no party-affairs cadre designated: at least one person is required", staff, smallUnit))
		}
		return out
	}
	switch {
	case fullTime == 0:
		add(SeverityError,
			fmt.Sprintf("在编 %d 人，没有专职党务干部；一般应按 %s 至 %s 配备（约 %d 至 %d 人）", staff, cadrePct(lo), cadrePct(hi), cadresNeeded(staff, lo), cadresNeeded(staff, hi)),
			fmt.Sprintf("%d staff and no full-time party-affairs cadre; usually %s to %s (about %d to %d)", staff, cadrePct(lo), cadrePct(hi), cadresNeeded(staff, lo), cadresNeeded(staff, hi)))
	case ratio < lo-1e-9:
		add(SeverityWarning,
			fmt.Sprintf("专职党务干部 %d 人，占在编 %d 人的 %s，低于 %s（至少约 %d 人）", fullTime, staff, cadrePct(ratio), cadrePct(lo), cadresNeeded(staff, lo)),
			fmt.Sprintf("%d full-time cadres, %s of %d staff: below %s (about %d at least)", fullTime, cadrePct(ratio), staff, cadrePct(lo), cadresNeeded(staff, lo)))
	case ratio > hi+1e-9:
		add(SeverityInfo,
			fmt.Sprintf("专职党务干部 %d 人，占在编 %d 人的 %s，高于一般的 %s（仅提示）", fullTime, staff, cadrePct(ratio), cadrePct(hi)),
			fmt.Sprintf("%d full-time cadres, %s of %d staff: above the usual %s (for information)", fullTime, cadrePct(ratio), staff, cadrePct(hi)))
	}
	return out
}

// cadresNeeded is the whole number of cadres a share of staff comes to, rounded up.
func cadresNeeded(staff int, share float64) int { return int(math.Ceil(float64(staff)*share - 1e-9)) }

// cadrePct writes a share as a percentage with up to two decimals: "1%", "0.67%".
func cadrePct(share float64) string {
	s := fmt.Sprintf("%.2f", share*100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// CadreTeam is one unit's party-affairs cadre team; for an organization
// that is not (and is not inside) a unit, the sum over the units of its
// subtree, IsUnit false.
type CadreTeam struct {
	OrgID      int64     `json:"org_id"`
	Name       string    `json:"name"`
	Unit       string    `json:"unit"`
	Path       string    `json:"-"`
	IsUnit     bool      `json:"is_unit"`
	Units      int       `json:"units"` // units summed (1 for a unit)
	StaffCount int       `json:"staff_count"`
	FullTime   int       `json:"full_time"`
	PartTime   int       `json:"part_time"`
	Ratio      float64   `json:"ratio"`
	Findings   []Finding `json:"findings"`
	Cadres     []Cadre   `json:"cadres,omitempty"`
}

// Below reports whether the team has a finding that is not information.
func (t *CadreTeam) Below() bool {
	for _, f := range t.Findings {
		if f.Severity != SeverityInfo {
			return true
		}
	}
	return false
}

// Cadre is one party-affairs cadre (an active member whose party_affairs is
// full_time or part_time) with the post recorded in the profile.
type Cadre struct {
	MemberID     int64    `json:"member_id"`
	Name         string   `json:"name"`
	OrgID        int64    `json:"org_id"`
	OrgName      string   `json:"org_name"`
	OrgPath      string   `json:"-"`
	PartyAffairs string   `json:"party_affairs"`
	Position     string   `json:"position"`
	Post         string   `json:"post"`
	Since        Date     `json:"since"`
	YearsServed  *float64 `json:"years_served"` // nil without a since date
	UnitID       int64    `json:"unit_id,omitempty"`
	UnitName     string   `json:"unit_name,omitempty"`
}

// YearsBetween is the time from since to today in years, one decimal.
func YearsBetween(since, today Date) float64 {
	if since.IsZero() || today.Before(since) {
		return 0
	}
	y := today.Year() - since.Year()
	if since.AddYears(y).After(today) {
		y--
	}
	rest := float64(since.AddYears(y).DaysUntil(today)) / 366
	return float64(y) + math.Floor(rest*10)/10
}

// CadreRollup is the cadre team of every unit in a subtree.
type CadreRollup struct {
	OrgID   int64       `json:"org_id"`
	OrgName string      `json:"org_name"`
	Total   CadreTeam   `json:"total"`
	Below   int         `json:"below"` // units with a finding that is not information
	Items   []CadreTeam `json:"items"`
}

// CadreProfile is a cadre's party-affairs post, since when, and the
// history: rotations and appraisal notes, and this year's training hours
// from the education ledger (nil when it cannot say).
type CadreProfile struct {
	MemberID     int64            `json:"member_id"`
	Name         string           `json:"name"`
	OrgID        int64            `json:"org_id"`
	OrgName      string           `json:"org_name"`
	PartyAffairs string           `json:"party_affairs"`
	Position     string           `json:"position"`
	Post         string           `json:"post"`
	Since        Date             `json:"since"`
	YearsServed  *float64         `json:"years_served"`
	HoursYear    int              `json:"hours_year"`
	Hours        *float64         `json:"hours"`          // this year's training hours (学时)
	HoursNeeded  *float64         `json:"hours_required"` // the yearly minimum that applies
	HoursRule    string           `json:"hours_rule,omitempty"`
	Rotations    []CadreRotation  `json:"rotations"`
	Appraisals   []CadreAppraisal `json:"appraisals"`
	UpdatedAt    time.Time        `json:"-"`
}

// Validate checks the post and since date a user sets.
func (p *CadreProfile) Validate(today Date) error {
	v := Invalid{}
	p.Post = strings.TrimSpace(p.Post)
	if utf8.RuneCountInString(p.Post) > 100 {
		v.Add("post", "党务职务不能超过100个字")
	}
	if !p.Since.IsZero() {
		if p.Since.After(today) {
			v.Add("since", "任职日期不能晚于今天")
		} else if p.Since.Year() < 1949 {
			v.Add("since", "任职日期无效")
		}
	}
	return v.Err()
}

// Rotation directions (org.party_affairs.rotation: 双向交流).
const (
	RotationToAdmin = "to_admin" // party affairs → administrative/business post
	RotationToParty = "to_party" // administrative/business post → party affairs
	RotationWithin  = "within"   // from one party-affairs post to another
)

// RotationDirections lists the directions in display order.
var RotationDirections = []string{RotationToParty, RotationToAdmin, RotationWithin}

// RotationNames are the Chinese names of the directions.
var RotationNames = map[string]string{
	RotationToAdmin: "党务岗位→行政业务岗位",
	RotationToParty: "行政业务岗位→党务岗位",
	RotationWithin:  "党务岗位之间",
}

// CadreRotation is one rotation of a cadre's post. AffairsFrom/AffairsTo
// are the member's party_affairs before and after, as recorded.
type CadreRotation struct {
	ID          int64     `json:"id"`
	MemberID    int64     `json:"member_id"`
	OrgID       int64     `json:"org_id"`
	FromPost    string    `json:"from_post"`
	ToPost      string    `json:"to_post"`
	Direction   string    `json:"direction"`
	RotatedOn   Date      `json:"rotated_on"`
	Note        string    `json:"note"`
	AffairsFrom string    `json:"party_affairs_from"`
	AffairsTo   string    `json:"party_affairs_to"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks a rotation a user records.
func (r *CadreRotation) Validate(today Date) error {
	v := Invalid{}
	r.FromPost, r.ToPost, r.Note = strings.TrimSpace(r.FromPost), strings.TrimSpace(r.ToPost), strings.TrimSpace(r.Note)
	switch n := utf8.RuneCountInString(r.FromPost); {
	case n == 0:
		v.Add("from_post", "请填写原岗位")
	case n > 100:
		v.Add("from_post", "原岗位不能超过100个字")
	}
	switch n := utf8.RuneCountInString(r.ToPost); {
	case n == 0:
		v.Add("to_post", "请填写新岗位")
	case n > 100:
		v.Add("to_post", "新岗位不能超过100个字")
	}
	if _, ok := RotationNames[r.Direction]; !ok {
		v.Add("direction", "请选择交流方向")
	}
	switch {
	case r.RotatedOn.IsZero():
		v.Add("rotated_on", "请填写交流日期")
	case r.RotatedOn.After(today):
		v.Add("rotated_on", "交流日期不能晚于今天")
	case r.RotatedOn.Year() < 1949:
		v.Add("rotated_on", "交流日期无效")
	}
	if utf8.RuneCountInString(r.Note) > 500 {
		v.Add("note", "备注不能超过500个字")
	}
	if r.AffairsTo != "" && r.AffairsTo != PartyAffairsNone && r.AffairsTo != PartyAffairsFullTime && r.AffairsTo != PartyAffairsPartTime {
		v.Add("party_affairs", "党务干部类别无效")
	}
	return v.Err()
}

// AffairsAfter is the party_affairs a rotation leaves the member with when
// the user does not say: out of party affairs → none; into party affairs →
// full-time (rotation is between full-time cadres and administrative staff);
// within party affairs → unchanged.
func AffairsAfter(direction, current string) string {
	switch direction {
	case RotationToAdmin:
		return PartyAffairsNone
	case RotationToParty:
		if current == PartyAffairsNone || current == "" {
			return PartyAffairsFullTime
		}
	}
	return current
}

// Appraisal grades of part-time party work. The grades follow the annual
// appraisal of civil servants (优秀/称职/基本称职/不称职); no party
// regulation fixes them, so they are local practice.
const (
	AppraisalExcellent   = "excellent"
	AppraisalCompetent   = "competent"
	AppraisalBasic       = "basic"
	AppraisalIncompetent = "incompetent"
)

// AppraisalGrades lists the grades, best first.
var AppraisalGrades = []string{AppraisalExcellent, AppraisalCompetent, AppraisalBasic, AppraisalIncompetent}

// AppraisalNames are the Chinese names of the grades.
var AppraisalNames = map[string]string{
	AppraisalExcellent:   "优秀",
	AppraisalCompetent:   "称职",
	AppraisalBasic:       "基本称职",
	AppraisalIncompetent: "不称职",
}

// CadreAppraisal is the note and grade of one cadre's party work in one
// year, which the unit's annual appraisal reads (org.party_affairs.rotation).
type CadreAppraisal struct {
	MemberID     int64     `json:"member_id"`
	Name         string    `json:"name,omitempty"`
	OrgID        int64     `json:"org_id"`
	OrgName      string    `json:"org_name,omitempty"`
	PartyAffairs string    `json:"party_affairs,omitempty"`
	Post         string    `json:"post,omitempty"`
	Year         int       `json:"year"`
	Grade        string    `json:"grade"`
	Note         string    `json:"note"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Validate checks an appraisal note a user records.
func (a *CadreAppraisal) Validate(today Date) error {
	v := Invalid{}
	a.Note = strings.TrimSpace(a.Note)
	if a.Year < 1949 || a.Year > today.Year() {
		v.Add("year", fmt.Sprintf("年度须在 1949 到 %d 之间", today.Year()))
	}
	if _, ok := AppraisalNames[a.Grade]; !ok {
		v.Add("grade", "请选择等次")
	}
	switch n := utf8.RuneCountInString(a.Note); {
	case n == 0:
		v.Add("note", "请填写兼职党务工作情况")
	case n > 1000:
		v.Add("note", "情况说明不能超过1000个字")
	}
	return v.Err()
}

// LongServing lists the full-time cadres of a subtree who have served in
// party affairs for at least Years without rotating (org.party_affairs.rotation).
type LongServing struct {
	OrgID   int64   `json:"org_id"`
	OrgName string  `json:"org_name"`
	Years   int     `json:"years"`  // the threshold in force
	Set     bool    `json:"set"`    // set by the deployment (else the default)
	Rule    string  `json:"rule"`   // org.party_affairs.rotation
	Source  string  `json:"source"` // "local": the threshold is local practice
	NoSince int     `json:"no_since"`
	Items   []Cadre `json:"items"`
}
