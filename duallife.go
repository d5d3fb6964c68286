package dangjian

import (
	"fmt"
	"math"
)

// Dual organizational life (双重组织生活, orglife.dual_life): a leading
// cadre takes part in the organizational life of his or her branch or
// group as an ordinary member, besides the leadership's 民主生活会.

// DualLifeMinShareKey is the deployment setting holding the least share
// of the branch's (group's) counted meetings a leading cadre should
// attend. No regulation gives such a number (RULES.md orglife.dual_life),
// so it is local practice: a setting, never a rule of the table.
const DualLifeMinShareKey = "orglife.dual_life.min_share"

// DefaultDualLifeMinShare is the platform's default for the setting when a
// deployment has not set one: at least half. It is a placeholder chosen
// by the platform, labelled as local practice wherever it is shown, not a
// statutory number.
const DefaultDualLifeMinShare = 0.5

// ValidDualLifeMinShare checks a share entered for the setting.
func ValidDualLifeMinShare(share float64) error {
	if math.IsNaN(share) || share <= 0 || share > 1 {
		return &Error{Code: EINVALID, Message: "比例须大于0且不超过1",
			Fields: map[string]string{"min_share": "请填写0到1之间的比例，如 0.5"}}
	}
	return nil
}

// DualLifeKinds are the meeting kinds an ordinary member attends, whose
// counted meetings make a leading cadre's share. Committee meetings count
// only for a cadre who sits on the branch committee.
var DualLifeKinds = []string{MeetingAssembly, MeetingGroup, MeetingLecture, MeetingThemeDay, MeetingLifeMeeting}

// Answers about a life meeting or a democratic life meeting.
const (
	DualLifeYes     = "yes"      // attended (present) at least one counted meeting
	DualLifeNo      = "no"       // one was held and the cadre was not present
	DualLifeNone    = "none"     // none that counts was held in the year
	DualLifeNotDue  = "not_due"  // a democratic life meeting was held without the cadre on its list
	DualLifeNoGroup = "no_group" // no leading group above the cadre's branch
)

// Statuses of a cadre's share.
const (
	DualLifeMet   = "met"
	DualLifeShort = "short"
	// StatusNotApplicable: the branch (group) held no counted meeting.
)

// DualLifeCadre is one active leading cadre and where he or she belongs.
// GroupID and LeadingGroupID are 0 when there is none.
type DualLifeCadre struct {
	MemberID         int64
	Name             string
	BranchID         int64
	BranchName       string
	GroupID          int64
	GroupName        string
	OnCommittee      bool // sits on the branch's current committee
	LeadingGroupID   int64
	LeadingGroupName string
}

// AttendanceTally is, for one member, organization id → meeting kind →
// attendance status → the counted meetings of the year with that status.
type AttendanceTally map[int64]map[string]map[string]int

// Add adds n meetings of org and kind at which the member had status.
func (t AttendanceTally) Add(org int64, kind, status string, n int) {
	if t[org] == nil {
		t[org] = map[string]map[string]int{}
	}
	if t[org][kind] == nil {
		t[org][kind] = map[string]int{}
	}
	t[org][kind][status] += n
}

func (t AttendanceTally) get(org int64, kind, status string) int { return t[org][kind][status] }

func (t AttendanceTally) listed(org int64, kind string) int {
	n := 0
	for _, v := range t[org][kind] {
		n += v
	}
	return n
}

// DualLifeTally is what a cadre's year comes to: the counted meetings the
// branch (and group) held that the cadre was due at, those attended, and
// the life meeting and democratic life meeting.
type DualLifeTally struct {
	Held         int
	Attended     int
	LifeHeld     int // counted life meetings of the branch
	LifeAttended int
	DLMHeld      int // counted democratic life meetings of the leading group
	DLMListed    int // of those, the ones with the cadre on the attendance list
	DLMAttended  int
}

// TallyDualLife adds up a cadre's year from the counted meetings of the
// year per organization (kind → month → count) and the cadre's attendance
// at counted meetings.
func TallyDualLife(c DualLifeCadre, counts map[int64]MeetingCounts, att AttendanceTally) DualLifeTally {
	var t DualLifeTally
	sum := func(org int64, kind string) int {
		n := 0
		for _, v := range counts[org][kind] {
			n += v
		}
		return n
	}
	orgs := []int64{c.BranchID}
	if c.GroupID != 0 {
		orgs = append(orgs, c.GroupID)
	}
	kinds := DualLifeKinds
	if c.OnCommittee {
		kinds = append(append([]string(nil), DualLifeKinds...), MeetingCommittee)
	}
	for _, org := range orgs {
		for _, k := range kinds {
			t.Held += sum(org, k)
			t.Attended += att.get(org, k, AttendPresent)
		}
	}
	t.LifeHeld = sum(c.BranchID, MeetingLifeMeeting)
	t.LifeAttended = att.get(c.BranchID, MeetingLifeMeeting, AttendPresent)
	if c.LeadingGroupID != 0 {
		t.DLMHeld = sum(c.LeadingGroupID, MeetingDemocraticLifeMeeting)
		t.DLMListed = att.listed(c.LeadingGroupID, MeetingDemocraticLifeMeeting)
		t.DLMAttended = att.get(c.LeadingGroupID, MeetingDemocraticLifeMeeting, AttendPresent)
	}
	// Attendance is only ever recorded at meetings that were held, but a
	// tally from two reads must not claim more attended than held.
	t.Attended = min(t.Attended, t.Held)
	return t
}

// DualLifeRow is one leading cadre's dual organizational life in a year.
type DualLifeRow struct {
	MemberID         int64     `json:"member_id"`
	Name             string    `json:"name"`
	BranchID         int64     `json:"branch_id"`
	BranchName       string    `json:"branch_name"`
	GroupID          *int64    `json:"group_id"`
	GroupName        string    `json:"group_name,omitempty"`
	LeadingGroupID   *int64    `json:"leading_group_id"`
	LeadingGroupName string    `json:"leading_group_name,omitempty"`
	OnCommittee      bool      `json:"on_committee"`
	Held             int       `json:"held"`
	Attended         int       `json:"attended"`
	Share            *float64  `json:"share"`    // attended / held; null when none was held
	Required         int       `json:"required"` // meetings to attend to reach the minimum share
	Status           string    `json:"status"`   // met, short, not_applicable
	LifeMeeting      string    `json:"life_meeting"`
	DLM              string    `json:"dlm"`
	Findings         []Finding `json:"findings"`
}

// Short reports whether the row holds a finding that breaks a rule: the
// rows listed first for the upper level.
func (r *DualLifeRow) Short() bool {
	for _, f := range r.Findings {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// DualLifeRequired is the least number of n meetings that reaches share.
func DualLifeRequired(n int, share float64) int {
	if n <= 0 {
		return 0
	}
	return int(math.Ceil(float64(n)*share - ruleSlack))
}

// AssessDualLife turns a cadre's tally into a row with findings: short of
// the deployment's minimum share (orglife.dual_life), absent from the
// branch's life meeting (orglife.dual_life), absent from the leading
// group's democratic life meeting (orglife.dlm). minShare is the setting.
func AssessDualLife(rs *RuleSet, minShare float64, c DualLifeCadre, t DualLifeTally) DualLifeRow {
	r := DualLifeRow{MemberID: c.MemberID, Name: c.Name, BranchID: c.BranchID, BranchName: c.BranchName,
		GroupName: c.GroupName, LeadingGroupName: c.LeadingGroupName, OnCommittee: c.OnCommittee,
		Held: t.Held, Attended: t.Attended, Findings: []Finding{}}
	if c.GroupID != 0 {
		id := c.GroupID
		r.GroupID = &id
	}
	if c.LeadingGroupID != 0 {
		id := c.LeadingGroupID
		r.LeadingGroupID = &id
	}
	dual := rs.Get("orglife.dual_life")
	pct := int(math.Round(minShare * 100))
	if t.Held == 0 {
		r.Status = StatusNotApplicable
	} else {
		s := float64(t.Attended) / float64(t.Held)
		r.Share = &s
		r.Required = DualLifeRequired(t.Held, minShare)
		r.Status = DualLifeMet
		if t.Attended < r.Required {
			r.Status = DualLifeShort
			r.Findings = append(r.Findings, Finding{Rule: dual.ID, Severity: SeverityError,
				Message: fmt.Sprintf("本年度参加所在支部（党小组）组织生活 %d/%d 次，低于本地设置的 %d%%（应至少 %d 次）",
					t.Attended, t.Held, pct, r.Required),
				MessageEn: fmt.Sprintf("Attended %d of %d meetings of the branch (group) this year, below the local setting of %d%% (at least %d)",
					t.Attended, t.Held, pct, r.Required),
				Source: dual.Source})
		}
	}
	switch {
	case t.LifeHeld == 0:
		r.LifeMeeting = DualLifeNone
	case t.LifeAttended > 0:
		r.LifeMeeting = DualLifeYes
	default:
		r.LifeMeeting = DualLifeNo
		r.Findings = append(r.Findings, Finding{Rule: dual.ID, Severity: SeverityError,
			Message:   "未参加所在支部的组织生活会",
			MessageEn: "Did not attend the branch's organizational life meeting",
			Source:    dual.Source})
	}
	switch {
	case c.LeadingGroupID == 0:
		r.DLM = DualLifeNoGroup
	case t.DLMHeld == 0:
		r.DLM = DualLifeNone
	case t.DLMAttended > 0:
		r.DLM = DualLifeYes
	case t.DLMListed == 0:
		r.DLM = DualLifeNotDue
	default:
		r.DLM = DualLifeNo
		dlm := rs.Get("orglife.dlm")
		r.Findings = append(r.Findings, Finding{Rule: dlm.ID, Severity: SeverityError,
			Message:   "未参加" + c.LeadingGroupName + "领导班子民主生活会",
			MessageEn: "Did not attend the leading group's democratic life meeting",
			Source:    dlm.Source})
	}
	return r
}

// DualLifeReport is the dual organizational life of every active leading
// cadre of a subtree in a year.
type DualLifeReport struct {
	OrgID    int64   `json:"org_id"`
	OrgName  string  `json:"org_name"`
	Year     int     `json:"year"`
	MinShare float64 `json:"min_share"`
	// MinShareSet says the deployment set the share; otherwise it is the
	// platform's default. Either way it is local practice.
	MinShareSet bool          `json:"min_share_set"`
	Short       int           `json:"short"`
	Items       []DualLifeRow `json:"items"`
}
