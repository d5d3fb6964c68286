package dangjian

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Meeting kinds (GLOSSARY.md).
const (
	MeetingAssembly              = "assembly"
	MeetingCommittee             = "committee"
	MeetingGroup                 = "group"
	MeetingLecture               = "lecture"
	MeetingThemeDay              = "theme_day"
	MeetingLifeMeeting           = "life_meeting"
	MeetingDemocraticLifeMeeting = "democratic_life_meeting"
	MeetingOther                 = "other"
)

// MeetingKinds lists the kinds in display order.
var MeetingKinds = []string{MeetingAssembly, MeetingCommittee, MeetingGroup, MeetingLecture, MeetingThemeDay,
	MeetingLifeMeeting, MeetingDemocraticLifeMeeting, MeetingOther}

// MeetingKindNames are the Chinese names of the kinds.
var MeetingKindNames = map[string]string{
	MeetingAssembly:              "党员大会",
	MeetingCommittee:             "支委会会议",
	MeetingGroup:                 "党小组会",
	MeetingLecture:               "党课",
	MeetingThemeDay:              "主题党日",
	MeetingLifeMeeting:           "组织生活会",
	MeetingDemocraticLifeMeeting: "民主生活会",
	MeetingOther:                 "其他",
}

// ValidMeetingKind reports whether k is a known meeting kind.
func ValidMeetingKind(k string) bool { _, ok := MeetingKindNames[k]; return ok }

// Attendance statuses.
const (
	AttendPresent = "present"
	AttendAbsent  = "absent"
	AttendLeave   = "leave"
)

// MeetingCounts is, for one organization, kind → month ("2026-03") → the
// number of meetings that count: quorum met, not merged with an
// administrative meeting, not suspected-merged and unconfirmed, not deleted.
type MeetingCounts map[string]map[string]int

// MeetingMonth is the month a meeting held at t belongs to, in China
// Standard Time: 2026-03-31 23:30 CST is "2026-03".
func MeetingMonth(t time.Time) string { return t.In(CST).Format("2006-01") }

// Attendance is one member's attendance at a meeting.
type Attendance struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Reason   string `json:"reason"`
}

// Quorum is the quorum of a meeting: how many had to be present, how many
// of those counted toward it were, and whether that was enough. Kinds
// without a quorum rule have Required 0 and Met true.
type Quorum struct {
	Required int  `json:"required"`
	Present  int  `json:"present"`
	Met      bool `json:"met"`
}

// Meeting is one meeting of organizational life. HeldAt is a UTC instant.
type Meeting struct {
	ID              int64        `json:"id"`
	OrgID           int64        `json:"org_id"`
	OrgName         string       `json:"org_name,omitempty"`
	Kind            string       `json:"kind"`
	HeldAt          time.Time    `json:"held_at"`
	Topic           string       `json:"topic"`
	Location        string       `json:"location"`
	HostID          *int64       `json:"host_id"`
	HostName        string       `json:"host_name,omitempty"` // read back with the meeting, for records without attendance rows
	LecturerID      *int64       `json:"lecturer_id"`
	Agenda          string       `json:"agenda"`
	Minutes         string       `json:"minutes"`
	Decisions       string       `json:"decisions"`
	MergedWithAdmin bool         `json:"merged_with_admin"`
	SuspectedMerged bool         `json:"suspected_merged"` // overlaps a registered administrative meeting
	SeparateReason  string       `json:"separate_reason"`  // why the secretary confirmed it was separate
	Imported        bool         `json:"imported"`
	Recorder        string       `json:"recorder"`            // 记录人, as an imported record names them
	Headcount       *Headcount   `json:"headcount,omitempty"` // an imported meeting recorded by counts, without names
	Attendance      []Attendance `json:"attendance"`
	Quorum          Quorum       `json:"quorum"`
	Counted         bool         `json:"counted"`
	Deleted         bool         `json:"deleted"`
	DeleteReason    string       `json:"delete_reason,omitempty"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
}

// Counts reports whether the meeting counts toward what its organization
// owes (orglife.merged, the quorum rules).
func (m *Meeting) Counts() bool {
	return m.Quorum.Met && !m.MergedWithAdmin && !m.SuspectedMerged && !m.Deleted
}

// Month is the month (CST) the meeting belongs to.
func (m *Meeting) Month() string { return MeetingMonth(m.HeldAt) }

// earliestMeeting bounds held_at below: the Party was founded in 1921.
var earliestMeeting = time.Date(1921, 1, 1, 0, 0, 0, 0, CST)

// Validate checks what a recorder enters; now bounds held_at (a day of
// slack, since a meeting may be entered just before it ends). It trims
// text and truncates held_at to the second, so stored instants compare
// as text in SQLite.
func (m *Meeting) Validate(now time.Time) error {
	v := Invalid{}
	m.Topic = strings.TrimSpace(m.Topic)
	m.Location = strings.TrimSpace(m.Location)
	if !ValidMeetingKind(m.Kind) {
		v.Add("kind", "会议类型无效")
	}
	if m.OrgID <= 0 {
		v.Add("org_id", "请选择党组织")
	}
	m.HeldAt = m.HeldAt.UTC().Truncate(time.Second)
	switch {
	case m.HeldAt.IsZero():
		v.Add("held_at", "请填写会议时间")
	case m.HeldAt.After(now.Add(24 * time.Hour)):
		v.Add("held_at", "会议时间不能晚于明天")
	case m.HeldAt.Before(earliestMeeting):
		v.Add("held_at", "会议时间不合理")
	}
	switch n := utf8.RuneCountInString(m.Topic); {
	case n == 0:
		v.Add("topic", "请填写会议主题")
	case n > 200:
		v.Add("topic", "会议主题不能超过200个字")
	}
	if utf8.RuneCountInString(m.Location) > 100 {
		v.Add("location", "会议地点不能超过100个字")
	}
	for f, s := range map[string]string{"agenda": m.Agenda, "minutes": m.Minutes, "decisions": m.Decisions} {
		if utf8.RuneCountInString(s) > 50000 {
			v.Add(f, "内容不能超过50000个字")
		}
	}
	if utf8.RuneCountInString(m.Recorder) > 50 {
		v.Add("recorder", "记录人不能超过50个字")
	}
	if h := m.Headcount; h != nil {
		switch {
		case len(m.Attendance) > 0:
			v.Add("attendance", "按人数登记的会议不能同时列出参会人员")
		case h.Due < 1:
			v.Add("head_due", "应到人数须大于0")
		case h.Present < 0 || h.Present > h.Due:
			v.Add("head_present", fmt.Sprintf("实到人数须在0到应到人数（%d）之间", h.Due))
		case h.Leave < 0 || h.Leave > h.Due-h.Present:
			v.Add("head_leave", fmt.Sprintf("请假人数不能超过应到人数减实到人数（%d）", h.Due-h.Present))
		}
	}
	if m.HostID != nil && *m.HostID <= 0 {
		v.Add("host_id", "主持人无效")
	}
	if m.LecturerID != nil {
		if m.Kind != MeetingLecture {
			v.Add("lecturer_id", "只有党课才有授课人")
		} else if *m.LecturerID <= 0 {
			v.Add("lecturer_id", "授课人无效")
		}
	}
	seen := map[int64]bool{}
	for i := range m.Attendance {
		a := &m.Attendance[i]
		f := fmt.Sprintf("attendance[%d]", i)
		a.Reason = strings.TrimSpace(a.Reason)
		if a.MemberID <= 0 {
			v.Add(f+".member_id", "请选择党员")
		} else if seen[a.MemberID] {
			v.Add(f+".member_id", "同一党员不能重复登记")
		}
		seen[a.MemberID] = true
		switch a.Status {
		case AttendPresent, AttendAbsent:
		case AttendLeave:
			if a.Reason == "" {
				v.Add(f+".reason", "请假须填写事由")
			}
		default:
			v.Add(f+".status", "出席情况须为 present、absent 或 leave")
		}
		if utf8.RuneCountInString(a.Reason) > 200 {
			v.Add(f+".reason", "事由不能超过200个字")
		}
	}
	return v.Err()
}

// Due is someone due to attend a meeting, as far as the quorum cares.
type Due struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Full     bool   `json:"full"` // a full member, with a vote
}

// MeetingQuorum computes the quorum of a meeting of kind from the rule
// table. due is who was due to attend: the organization's active members
// for an assembly, the current committee's posts for a committee meeting;
// for a democratic life meeting the attendance list itself is who was due,
// so due is ignored.
func MeetingQuorum(rs *RuleSet, kind string, due []Due, att []Attendance) Quorum {
	present := map[int64]bool{}
	n := 0
	for _, a := range att {
		if a.Status == AttendPresent {
			present[a.MemberID] = true
			n++
		}
	}
	var q Quorum
	switch kind {
	case MeetingAssembly:
		// Only full members have a vote, so only they make the quorum.
		voters := 0
		for _, d := range due {
			if d.Full {
				voters++
				if present[d.MemberID] {
					q.Present++
				}
			}
		}
		q.Required = moreThan(voters, rs.Get("orglife.assembly.quorum").Value)
	case MeetingCommittee:
		for _, d := range due {
			if present[d.MemberID] {
				q.Present++
			}
		}
		q.Required = moreThan(len(due), rs.Get("orglife.committee").Value)
	case MeetingDemocraticLifeMeeting:
		q.Present = n
		q.Required = atLeast(len(att), rs.Get("orglife.dlm.quorum").Value)
	default:
		q.Present = n
		q.Met = true
		return q
	}
	q.Met = q.Required > 0 && q.Present >= q.Required
	return q
}

// Headcount is a meeting recorded by numbers alone, as many paper
// records of past meetings are: how many were due, present and on leave.
type Headcount struct {
	Due     int `json:"due"`
	Present int `json:"present"`
	Leave   int `json:"leave"`
}

// HeadcountQuorum is MeetingQuorum for a meeting recorded by counts: the
// same rules over the numbers. A count cannot tell full members from
// probationary ones, so for an assembly all who were due count as voters,
// as the record gives them.
func HeadcountQuorum(rs *RuleSet, kind string, h Headcount) Quorum {
	q := Quorum{Present: h.Present}
	switch kind {
	case MeetingAssembly:
		q.Required = moreThan(h.Due, rs.Get("orglife.assembly.quorum").Value)
	case MeetingCommittee:
		q.Required = moreThan(h.Due, rs.Get("orglife.committee").Value)
	case MeetingDemocraticLifeMeeting:
		q.Required = atLeast(h.Due, rs.Get("orglife.dlm.quorum").Value)
	default:
		q.Met = true
		return q
	}
	q.Met = q.Required > 0 && q.Present >= q.Required
	return q
}

// moreThan is the least whole number strictly greater than n×share.
func moreThan(n int, share float64) int { return int(math.Floor(float64(n)*share+ruleSlack)) + 1 }

// atLeast is the least whole number k with k ≥ n×share; for n = 0 it is 1,
// since a meeting nobody was due at cannot be valid.
func atLeast(n int, share float64) int {
	return max(1, int(math.Ceil(float64(n)*share-ruleSlack*float64(n))))
}

// ruleSlack absorbs the rounding of shares written to four decimals in
// the rule table (2/3 is stored as 0.6667), so 2 of 3 meets "≥ 2/3".
const ruleSlack = 0.0005

// AdminMeeting is an administrative meeting of a unit, registered so that
// party meetings overlapping it can be flagged (orglife.merged). OrgID is
// the unit's top organization.
type AdminMeeting struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	HeldAt    time.Time `json:"held_at"`
	EndsAt    time.Time `json:"ends_at"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks an administrative meeting.
func (m *AdminMeeting) Validate() error {
	v := Invalid{}
	m.Title = strings.TrimSpace(m.Title)
	m.HeldAt = m.HeldAt.UTC().Truncate(time.Second)
	m.EndsAt = m.EndsAt.UTC().Truncate(time.Second)
	if m.OrgID <= 0 {
		v.Add("org_id", "请选择单位的党组织")
	}
	if m.HeldAt.IsZero() || m.HeldAt.Before(earliestMeeting) {
		v.Add("held_at", "请填写开始时间")
	}
	switch {
	case m.EndsAt.IsZero():
		v.Add("ends_at", "请填写结束时间")
	case !m.EndsAt.After(m.HeldAt):
		v.Add("ends_at", "结束时间须晚于开始时间")
	case !DateOf(m.EndsAt).Equal(DateOf(m.HeldAt)):
		v.Add("ends_at", "行政会议须在同一天内结束")
	}
	switch n := utf8.RuneCountInString(m.Title); {
	case n == 0:
		v.Add("title", "请填写会议名称")
	case n > 200:
		v.Add("title", "会议名称不能超过200个字")
	}
	return v.Err()
}

// MeetingFilter selects meetings. Scopes are the subtree roots the caller
// may see; OrgPath narrows to one subtree inside them.
type MeetingFilter struct {
	Scopes  []string
	OrgID   int64
	OrgPath string
	Kind    string
	From    time.Time // held at or after
	To      time.Time // held before
	Offset  int
	Limit   int
}

// MeetingRevision is a meeting's values before a correction.
type MeetingRevision struct {
	ID        int64     `json:"id"`
	MeetingID int64     `json:"meeting_id"`
	UserID    *int64    `json:"user_id"`
	Actor     string    `json:"actor"`
	At        time.Time `json:"at"`
	Reason    string    `json:"reason"`
	Old       string    `json:"old"` // the meeting as JSON
}
