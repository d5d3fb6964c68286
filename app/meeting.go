package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// MeetingInput is a meeting as a recorder enters it. Imported is set only
// by the Excel import.
type MeetingInput struct {
	OrgID           int64
	Kind            string
	HeldAt          time.Time
	Topic           string
	Location        string
	HostID          *int64
	LecturerID      *int64
	Agenda          string
	Minutes         string
	Decisions       string
	MergedWithAdmin bool
	Imported        bool
	Attendance      []dangjian.Attendance
}

// writableOrg returns the org with id if the actor may record its
// organizational life (org.write or member.write on it); an org it cannot
// see at all is not found.
func writableOrg(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Org, error) {
	o, err := tx.Org(ctx, id)
	if err != nil {
		return nil, err
	}
	canWrite := actor.HasPerm(dangjian.PermOrgWrite, o.Path) || actor.HasPerm(dangjian.PermMemberWrite, o.Path)
	if !canWrite && !actor.HasPerm(dangjian.PermOrgRead, o.Path) {
		return nil, hidden("组织")
	}
	if !canWrite {
		return nil, forbidden()
	}
	return o, nil
}

// orgMembersOf returns the active members an org holds directly: a
// branch's by org_id, a group's by group_id. Other kinds hold none
// directly (their people sit in branches below), so it returns nil.
func orgMembersOf(ctx context.Context, tx *sqlstore.Tx, o *dangjian.Org) ([]*dangjian.Member, error) {
	if o.Kind != dangjian.KindBranch && o.Kind != dangjian.KindGroup {
		return nil, nil
	}
	ms, err := tx.OrgRoster(ctx, o.ID)
	if err != nil || o.Kind == dangjian.KindBranch {
		return ms, err
	}
	var out []*dangjian.Member
	for _, m := range ms {
		if m.GroupID != nil && *m.GroupID == o.ID {
			out = append(out, m)
		}
	}
	return out, nil
}

// belongs reports whether m is an active member of o: for a group, one of
// its members; otherwise anyone in its subtree.
func belongs(m *dangjian.Member, o *dangjian.Org) bool {
	if !m.Active {
		return false
	}
	if o.Kind == dangjian.KindGroup {
		return m.GroupID != nil && *m.GroupID == o.ID
	}
	return dangjian.InSubtree(m.OrgPath, o.Path)
}

func dueOf(m *dangjian.Member) dangjian.Due {
	return dangjian.Due{MemberID: m.ID, Name: m.Name, Full: m.Status == dangjian.StatusFull}
}

// committeeDue is the current committee's active post holders.
func committeeDue(ctx context.Context, tx *sqlstore.Tx, o *dangjian.Org) ([]dangjian.Due, error) {
	c, err := tx.Committee(ctx, o.ID)
	if err != nil || c == nil {
		return nil, err
	}
	var out []dangjian.Due
	for _, p := range c.Posts {
		m, err := tx.Member(ctx, p.MemberID)
		if err != nil {
			return nil, err
		}
		if m.Active {
			out = append(out, dueOf(m))
		}
	}
	return out, nil
}

// dueFor is who is due at a meeting of kind in o: the current committee
// for a committee meeting (and for meetings of organizations that hold no
// members directly, whose meetings are their committee's); otherwise the
// organization's active members.
func dueFor(ctx context.Context, tx *sqlstore.Tx, o *dangjian.Org, kind string) ([]dangjian.Due, error) {
	if kind == dangjian.MeetingCommittee || (o.Kind != dangjian.KindBranch && o.Kind != dangjian.KindGroup) {
		return committeeDue(ctx, tx, o)
	}
	ms, err := orgMembersOf(ctx, tx, o)
	if err != nil {
		return nil, err
	}
	out := make([]dangjian.Due, 0, len(ms))
	for _, m := range ms {
		out = append(out, dueOf(m))
	}
	return out, nil
}

// MeetingRoster returns who is due at a meeting of kind in an organization,
// for the form to pre-fill the attendance with.
func (a *App) MeetingRoster(ctx context.Context, actor *dangjian.Actor, orgID int64, kind string) ([]dangjian.Due, error) {
	if !dangjian.ValidMeetingKind(kind) {
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: "会议类型无效", Fields: map[string]string{"kind": "会议类型无效"}}
	}
	var out []dangjian.Due
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		out, err = dueFor(ctx, tx, o, kind)
		return err
	})
	if out == nil {
		out = []dangjian.Due{}
	}
	return out, err
}

// settle checks the people a meeting names against its organization, fills
// attendee names, and computes its quorum, the suspected-merged flag and
// whether it counts. o is the meeting's organization.
func (a *App) settle(ctx context.Context, tx *sqlstore.Tx, o *dangjian.Org, m *dangjian.Meeting) error {
	direct, err := orgMembersOf(ctx, tx, o)
	if err != nil {
		return err
	}
	known := make(map[int64]*dangjian.Member, len(direct))
	for _, dm := range direct {
		known[dm.ID] = dm
	}
	v := dangjian.Invalid{}
	for i := range m.Attendance {
		att := &m.Attendance[i]
		mem := known[att.MemberID]
		if mem == nil {
			if mem, err = tx.Member(ctx, att.MemberID); err != nil && dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
				return err
			}
		}
		if mem == nil || !belongs(mem, o) {
			v.Add(fmt.Sprintf("attendance[%d].member_id", i), "该党员不是本组织的在册党员")
			continue
		}
		att.Name = mem.Name
	}
	for field, id := range map[string]*int64{"host_id": m.HostID, "lecturer_id": m.LecturerID} {
		if id == nil {
			continue
		}
		if _, err := tx.Member(ctx, *id); dangjian.ErrorCode(err) == dangjian.ENOTFOUND {
			v.Add(field, "该党员不存在")
		} else if err != nil {
			return err
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	var due []dangjian.Due
	switch {
	case m.Kind == dangjian.MeetingDemocraticLifeMeeting: // its due are the attendance list itself
	case direct != nil && m.Kind != dangjian.MeetingCommittee:
		// The members read above are the due: do not read them twice.
		due = make([]dangjian.Due, 0, len(direct))
		for _, dm := range direct {
			due = append(due, dueOf(dm))
		}
	default:
		if due, err = dueFor(ctx, tx, o, m.Kind); err != nil {
			return err
		}
	}
	m.Quorum = dangjian.MeetingQuorum(a.rules, m.Kind, due, m.Attendance)
	if m.Headcount != nil && len(m.Attendance) == 0 { // an imported record by counts
		m.Quorum = dangjian.HeadcountQuorum(a.rules, m.Kind, *m.Headcount)
	}
	m.SuspectedMerged = false
	if m.SeparateReason == "" {
		if m.SuspectedMerged, err = tx.OverlapsAdminMeeting(ctx, dangjian.PathIDs(o.Path), m.HeldAt); err != nil {
			return err
		}
	}
	m.Counted = m.Counts()
	return nil
}

// recount moves a meeting's place in meeting_counts from what old counted
// (nil for a new meeting) to what m counts.
func recount(ctx context.Context, tx *sqlstore.Tx, old, m *dangjian.Meeting) error {
	m.Counted = m.Counts()
	if old != nil && old.Counted && m.Counted && old.OrgID == m.OrgID && old.Kind == m.Kind && old.Month() == m.Month() {
		return nil
	}
	if old != nil && old.Counted {
		if err := tx.BumpMeetingCount(ctx, old.OrgID, old.Kind, old.Month(), -1); err != nil {
			return err
		}
	}
	if m.Counted {
		return tx.BumpMeetingCount(ctx, m.OrgID, m.Kind, m.Month(), 1)
	}
	return nil
}

func userID(actor *dangjian.Actor) *int64 {
	if actor == nil || actor.UserID == 0 {
		return nil
	}
	id := actor.UserID
	return &id
}

// meetingSummary is what the audit trail keeps of a new meeting.
func meetingSummary(m *dangjian.Meeting) map[string]any {
	return map[string]any{"kind": m.Kind, "held_at": m.HeldAt, "topic": m.Topic, "attendance": len(m.Attendance),
		"quorum": m.Quorum, "merged_with_admin": m.MergedWithAdmin, "suspected_merged": m.SuspectedMerged, "counted": m.Counted, "imported": m.Imported}
}

// RecordMeeting records a meeting of an organization the actor may write,
// with its attendance; the quorum is computed and the meeting counted in
// the same transaction.
func (a *App) RecordMeeting(ctx context.Context, actor *dangjian.Actor, in MeetingInput) (*dangjian.Meeting, error) {
	m := &dangjian.Meeting{OrgID: in.OrgID, Kind: in.Kind, HeldAt: in.HeldAt, Topic: in.Topic, Location: in.Location, HostID: in.HostID,
		LecturerID: in.LecturerID, Agenda: in.Agenda, Minutes: in.Minutes, Decisions: in.Decisions, MergedWithAdmin: in.MergedWithAdmin,
		Imported: in.Imported, Attendance: append([]dangjian.Attendance{}, in.Attendance...)}
	if err := m.Validate(a.db.Now()); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := writableOrg(ctx, tx, actor, m.OrgID)
		if err != nil {
			return err
		}
		m.OrgName = o.Name
		if err := a.settle(ctx, tx, o, m); err != nil {
			return err
		}
		if err := tx.CreateMeeting(ctx, m, userID(actor)); err != nil {
			return err
		}
		if err := recount(ctx, tx, nil, m); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "meeting.create", "meeting", m.ID, m.OrgID, meetingSummary(m))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// readMeeting returns a meeting whose organization the actor may read;
// else not found.
func readMeeting(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Meeting, *dangjian.Org, error) {
	m, err := tx.Meeting(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	o, err := tx.Org(ctx, m.OrgID)
	if err != nil {
		return nil, nil, err
	}
	if !actor.HasPerm(dangjian.PermOrgRead, o.Path) && !actor.HasPerm(dangjian.PermOrgWrite, o.Path) && !actor.HasPerm(dangjian.PermMemberWrite, o.Path) {
		return nil, nil, hidden("会议")
	}
	return m, o, nil
}

// writeMeeting is readMeeting for a change: the actor must be able to
// write the organization, and a deleted meeting cannot change.
func writeMeeting(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Meeting, *dangjian.Org, error) {
	m, o, err := readMeeting(ctx, tx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	if !actor.HasPerm(dangjian.PermOrgWrite, o.Path) && !actor.HasPerm(dangjian.PermMemberWrite, o.Path) {
		return nil, nil, forbidden()
	}
	if m.Deleted {
		return nil, nil, dangjian.Errorf(dangjian.ECONFLICT, "该会议记录已删除")
	}
	return m, o, nil
}

// Meeting returns one meeting with its attendance.
func (a *App) Meeting(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.Meeting, error) {
	var m *dangjian.Meeting
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		m, _, err = readMeeting(ctx, tx, actor, id)
		return err
	})
	return m, err
}

// MeetingQuery selects meetings: OrgID a subtree (0 for all the actor
// sees), Kind, and held at From ≤ t < To (zero for open).
type MeetingQuery struct {
	OrgID int64
	Kind  string
	From  time.Time
	To    time.Time
}

// Meetings lists the meetings the actor may see, newest first, without
// attendance.
func (a *App) Meetings(ctx context.Context, actor *dangjian.Actor, q MeetingQuery, p Page) ([]*dangjian.Meeting, int, error) {
	p = p.Norm()
	v := dangjian.Invalid{}
	if q.Kind != "" && !dangjian.ValidMeetingKind(q.Kind) {
		v.Add("kind", "会议类型无效")
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		v.Add("to", "结束时间须晚于开始时间")
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	f := dangjian.MeetingFilter{Scopes: actor.Scopes(dangjian.PermOrgRead), Kind: q.Kind, From: q.From, To: q.To, Offset: p.Offset(), Limit: p.PerPage}
	var out []*dangjian.Meeting
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if q.OrgID != 0 {
			o, err := viewOrg(ctx, tx, actor, q.OrgID, dangjian.PermOrgRead)
			if err != nil {
				return err
			}
			f.OrgPath = o.Path
		}
		var err error
		out, total, err = tx.Meetings(ctx, f)
		return err
	})
	return out, total, err
}

// MeetingUpdate holds the fields a correction changes; nil leaves a field
// as it is. HostID or LecturerID 0 clears it.
type MeetingUpdate struct {
	Kind            *string
	HeldAt          *time.Time
	Topic           *string
	Location        *string
	HostID          *int64
	LecturerID      *int64
	Agenda          *string
	Minutes         *string
	Decisions       *string
	MergedWithAdmin *bool
	Attendance      *[]dangjian.Attendance
}

// meetingReason returns the trimmed reason of a correction, or a field error.
func meetingReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	msg := ""
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		msg = "请填写原因"
	case n > 200:
		msg = "原因不能超过200个字"
	}
	if msg != "" {
		return "", &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	return reason, nil
}

// CorrectMeeting changes a recorded meeting. A reason is required; the old
// values are kept as a revision, the counts move with the meeting, and the
// audit row names every changed field and the reason.
func (a *App) CorrectMeeting(ctx context.Context, actor *dangjian.Actor, id int64, up MeetingUpdate, reason string) (*dangjian.Meeting, error) {
	reason, err := meetingReason(reason)
	if err != nil {
		return nil, err
	}
	var m *dangjian.Meeting
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, o, err := writeMeeting(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		cp := *old
		cp.Attendance = append([]dangjian.Attendance{}, old.Attendance...)
		m = &cp
		changes := map[string]change{}
		str := func(field string, dst *string, v *string) {
			if v != nil && *v != *dst {
				changes[field] = change{*dst, *v}
				*dst = *v
			}
		}
		str("kind", &m.Kind, up.Kind)
		str("topic", &m.Topic, up.Topic)
		str("location", &m.Location, up.Location)
		str("agenda", &m.Agenda, up.Agenda)
		str("minutes", &m.Minutes, up.Minutes)
		str("decisions", &m.Decisions, up.Decisions)
		ref := func(field string, dst **int64, v *int64) {
			if v == nil {
				return
			}
			var from, to any
			if *dst != nil {
				from = **dst
			}
			if *v != 0 {
				to = *v
			}
			if from != to {
				changes[field] = change{from, to}
				if *v == 0 {
					*dst = nil
				} else {
					n := *v
					*dst = &n
				}
			}
		}
		ref("host_id", &m.HostID, up.HostID)
		ref("lecturer_id", &m.LecturerID, up.LecturerID)
		if up.HeldAt != nil && !up.HeldAt.Truncate(time.Second).Equal(m.HeldAt) {
			changes["held_at"] = change{m.HeldAt, up.HeldAt.UTC().Truncate(time.Second)}
			m.HeldAt = *up.HeldAt
			m.SeparateReason = "" // a confirmation was about the old time
		}
		if up.MergedWithAdmin != nil && *up.MergedWithAdmin != m.MergedWithAdmin {
			changes["merged_with_admin"] = change{m.MergedWithAdmin, *up.MergedWithAdmin}
			m.MergedWithAdmin = *up.MergedWithAdmin
		}
		if up.Attendance != nil {
			m.Attendance = append([]dangjian.Attendance{}, (*up.Attendance)...)
		}
		if err := m.Validate(a.db.Now()); err != nil {
			return err
		}
		if err := a.settle(ctx, tx, o, m); err != nil {
			return err
		}
		if up.Attendance != nil && !sameAttendance(old.Attendance, m.Attendance) {
			changes["attendance"] = change{old.Attendance, m.Attendance}
		}
		if len(changes) == 0 {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: "没有要更正的内容", Fields: map[string]string{"reason": "没有要更正的内容"}}
		}
		if old.Quorum != m.Quorum {
			changes["quorum"] = change{old.Quorum, m.Quorum}
		}
		if old.Counted != m.Counts() {
			changes["counted"] = change{old.Counted, m.Counts()}
		}
		if err := revise(ctx, tx, actor, old, reason); err != nil {
			return err
		}
		if err := recount(ctx, tx, old, m); err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "meeting.update", "meeting", m.ID, m.OrgID, map[string]any{"changes": changes, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func sameAttendance(a, b []dangjian.Attendance) bool {
	if len(a) != len(b) {
		return false
	}
	byID := make(map[int64]dangjian.Attendance, len(a))
	for _, x := range a {
		byID[x.MemberID] = x
	}
	for _, y := range b {
		x, ok := byID[y.MemberID]
		if !ok || x.Status != y.Status || x.Reason != y.Reason {
			return false
		}
	}
	return true
}

// revise keeps the meeting as it was before a change.
func revise(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, old *dangjian.Meeting, reason string) error {
	name, b, err := revisionOf(actor, old, "meeting")
	if err != nil {
		return err
	}
	return tx.AddMeetingRevision(ctx, &dangjian.MeetingRevision{MeetingID: old.ID, UserID: userID(actor), Actor: name, Reason: reason, Old: b})
}

// revisionOf is what a revision keeps of a record (a meeting, a
// training) before a change: who changed it and the record as it was,
// as JSON.
func revisionOf(actor *dangjian.Actor, old any, what string) (name, kept string, err error) {
	b, err := json.Marshal(old)
	if err != nil {
		return "", "", fmt.Errorf("%s revision: %w", what, err)
	}
	name = "anonymous"
	if actor != nil {
		name = actor.Username
	}
	return name, string(b), nil
}

// MeetingRevisions returns a meeting's earlier versions, oldest first.
func (a *App) MeetingRevisions(ctx context.Context, actor *dangjian.Actor, id int64) ([]*dangjian.MeetingRevision, error) {
	var out []*dangjian.MeetingRevision
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if _, _, err := readMeeting(ctx, tx, actor, id); err != nil {
			return err
		}
		var err error
		out, err = tx.MeetingRevisions(ctx, id)
		return err
	})
	return out, err
}

// DeleteMeeting withdraws a meeting record, with a reason: it is kept (and
// its last state kept as a revision) but no longer listed or counted.
func (a *App) DeleteMeeting(ctx context.Context, actor *dangjian.Actor, id int64, reason string) error {
	reason, err := meetingReason(reason)
	if err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, _, err := writeMeeting(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		m := *old
		m.Deleted, m.DeleteReason = true, reason
		if err := revise(ctx, tx, actor, old, reason); err != nil {
			return err
		}
		if err := recount(ctx, tx, old, &m); err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, &m); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "meeting.delete", "meeting", m.ID, m.OrgID, map[string]any{"reason": reason, "kind": m.Kind, "held_at": m.HeldAt, "was_counted": old.Counted})
	})
}

// ConfirmSeparate records the secretary's word, with a reason, that a
// meeting flagged as suspected merged was held apart from the
// administrative meeting; from then on it counts (if otherwise valid).
func (a *App) ConfirmSeparate(ctx context.Context, actor *dangjian.Actor, id int64, reason string) (*dangjian.Meeting, error) {
	reason, err := meetingReason(reason)
	if err != nil {
		return nil, err
	}
	var m *dangjian.Meeting
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, _, err := writeMeeting(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !old.SuspectedMerged {
			return dangjian.Errorf(dangjian.ECONFLICT, "该会议未被标记为疑似与行政会议合并")
		}
		cp := *old
		m = &cp
		m.SuspectedMerged, m.SeparateReason = false, reason
		if err := recount(ctx, tx, old, m); err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "meeting.confirm_separate", "meeting", m.ID, m.OrgID, map[string]any{"reason": reason, "counted": m.Counted})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// RecordAdminMeeting registers an administrative meeting of a unit (its
// top organization) and flags the party meetings of the unit's subtree it
// overlaps, unless already confirmed separate.
func (a *App) RecordAdminMeeting(ctx context.Context, actor *dangjian.Actor, in dangjian.AdminMeeting) (*dangjian.AdminMeeting, error) {
	m := in
	m.ID = 0
	if err := m.Validate(); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := writableOrg(ctx, tx, actor, m.OrgID)
		if err != nil {
			return err
		}
		if err := tx.CreateAdminMeeting(ctx, &m); err != nil {
			return err
		}
		during, err := tx.MeetingsDuring(ctx, o.Path, m.HeldAt, m.EndsAt)
		if err != nil {
			return err
		}
		var flagged []int64
		for _, d := range during {
			if d.SuspectedMerged || d.SeparateReason != "" {
				continue
			}
			old, err := tx.Meeting(ctx, d.ID) // with attendance, which UpdateMeeting rewrites
			if err != nil {
				return err
			}
			cp := *old
			cp.SuspectedMerged = true
			if err := recount(ctx, tx, old, &cp); err != nil {
				return err
			}
			if err := tx.UpdateMeeting(ctx, &cp); err != nil {
				return err
			}
			flagged = append(flagged, d.ID)
		}
		return audit(ctx, tx, actor, "admin_meeting.create", "admin_meeting", m.ID, m.OrgID,
			map[string]any{"title": m.Title, "held_at": m.HeldAt, "ends_at": m.EndsAt, "flagged_meetings": flagged})
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// MeetingCounts returns the meetings that count in year for organizations
// the actor may read, by kind and month; the compliance engine's input.
func (a *App) MeetingCounts(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (dangjian.MeetingCounts, error) {
	var out dangjian.MeetingCounts
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if _, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead); err != nil {
			return err
		}
		all, err := tx.MeetingCounts(ctx, []int64{orgID}, year)
		out = all[orgID]
		return err
	})
	return out, err
}
