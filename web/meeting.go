package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// meetingHref is a meeting's record page.
func meetingHref(id int64) string { return "/meetings/" + itoa(id) }

// canRecord says whether the actor may record the organizational life of
// the organization at path, as app decides it (org.write or member.write).
func canRecord(actor *dangjian.Actor, path string) bool {
	return actor.HasPerm(dangjian.PermOrgWrite, path) || actor.HasPerm(dangjian.PermMemberWrite, path)
}

// kindOptions are the meeting kinds for a select; all adds "all kinds".
func kindOptions(lang, sel string, all bool) []option {
	var out []option
	if all {
		out = append(out, option{Value: "", Label: tr(lang, "filter.all"), Selected: sel == ""})
	}
	for _, k := range dangjian.MeetingKinds {
		out = append(out, option{Value: k, Label: enumName(lang, "mkind", k), Selected: k == sel})
	}
	return out
}

// meetingListPage is an organization's meetings, filtered.
type meetingListPage struct {
	Base
	O         *app.OrgDetail
	Kind      string
	From, To  string
	Kinds     []option
	Meetings  []*dangjian.Meeting
	Pager     pager
	CanRecord bool
	Filtered  bool
	FieldErr  fieldErrors
}

// dayStart reads a YYYY-MM-DD filter date as the start of that day in CST.
func dayStart(fe fieldErrors, name, s string) time.Time {
	d := parseDate(fe, name, s)
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, dangjian.CST)
}

func (s *server) meetingList(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Org(ctx, actor, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := &meetingListPage{O: d, Kind: q.Get("kind"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), FieldErr: fieldErrors{}}
	if !dangjian.ValidMeetingKind(p.Kind) {
		p.Kind = ""
	}
	p.Base = s.base(w, r, rq, tr(l, "meeting.list.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "meeting.list.crumb"))
	p.PrintOrg = d.Name
	p.Kinds = kindOptions(l, p.Kind, true)
	p.CanRecord = canRecord(actor, d.Path)
	p.Filtered = p.Kind != "" || p.From != "" || p.To != ""
	from := dayStart(p.FieldErr, "from", p.From)
	to := dayStart(p.FieldErr, "to", p.To)
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1) // the filter's "to" day is included
	}
	for k, v := range p.FieldErr {
		p.FieldErr[k] = msgIn(l, v)
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	status := http.StatusOK
	if len(p.FieldErr) == 0 {
		ms, total, err := s.app.Meetings(ctx, actor, app.MeetingQuery{OrgID: id, Kind: p.Kind, From: from, To: to}, app.Page{Page: page, PerPage: per})
		switch {
		case err == nil:
			p.Meetings = ms
			p.Pager = newPager(r.URL, total, page, per, "items", "")
		case dangjian.ErrorCode(err) == dangjian.EINVALID:
			fe, _ := errorsOf(l, err)
			p.FieldErr, status = fe, http.StatusUnprocessableEntity
		default:
			return err
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	if status != http.StatusOK {
		p.Pager = newPager(r.URL, 0, 1, per, "items", "")
	}
	return s.render(w, rq, status, "meeting/list", p)
}

// meetingPage is a meeting's record.
type meetingPage struct {
	Base
	O          *app.OrgDetail
	M          *dangjian.Meeting
	Host       string
	Lecturer   string
	Due        int
	Present    int
	Leave      int
	Absent     int
	QuorumRule string
	RuleSource string
	Revisions  []revisionView
	CanWrite   bool
	Delete     field // the reason of a withdrawal
	Separate   field // the reason of a confirmation that it was separate
	Alert      string
	Files      *attachmentSection // photos and documents (web/attachment.go)
}

// revisionView is one earlier version of a meeting.
type revisionView struct {
	At     time.Time
	Actor  string
	Reason string
	Old    string // a short summary of the old values
}

// quorumRule is the rule a kind's quorum comes from, or "".
func quorumRule(kind string) string {
	switch kind {
	case dangjian.MeetingAssembly:
		return "orglife.assembly.quorum"
	case dangjian.MeetingCommittee:
		return "orglife.committee"
	case dangjian.MeetingDemocraticLifeMeeting:
		return "orglife.dlm.quorum"
	}
	return ""
}

// nameIn finds a member's name in the attendance, for the host and
// lecturer who are nearly always among the attendees.
func nameIn(att []dangjian.Attendance, id *int64) string {
	if id == nil {
		return ""
	}
	for _, a := range att {
		if a.MemberID == *id {
			return a.Name
		}
	}
	return "#" + itoa(*id)
}

func (s *server) meetingShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, err := s.meetingPage(w, r, rq)
	if err != nil {
		return err
	}
	return s.render(w, rq, http.StatusOK, "meeting/show", p)
}

func (s *server) meetingPage(w http.ResponseWriter, r *http.Request, rq *request) (*meetingPage, error) {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	m, err := s.app.Meeting(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	d, err := s.app.Org(ctx, actor, m.OrgID)
	if err != nil {
		return nil, err
	}
	p := &meetingPage{O: d, M: m, Host: nameIn(m.Attendance, m.HostID), Lecturer: nameIn(m.Attendance, m.LecturerID)}
	title := enumName(l, "mkind", m.Kind) + " · " + m.Topic
	p.Base = s.base(w, r, rq, title)
	p.Crumbs = crumbsFor(d, tr(l, "meeting.list.crumb"))
	p.Crumbs[len(p.Crumbs)-1].Href = orgHref(d.ID) + "/meetings"
	p.Crumbs = append(p.Crumbs, crumb{Label: m.Topic})
	p.PrintOrg = d.Name
	p.CanWrite = canRecord(actor, d.Path) && !m.Deleted
	if p.Files, err = s.attachmentSection(ctx, actor, m, p.CanWrite); err != nil {
		return nil, err
	}
	for _, a := range m.Attendance {
		p.Due++
		switch a.Status {
		case dangjian.AttendPresent:
			p.Present++
		case dangjian.AttendLeave:
			p.Leave++
		default:
			p.Absent++
		}
	}
	if p.QuorumRule = quorumRule(m.Kind); p.QuorumRule != "" {
		rs, err := s.app.RuleTable(ctx)
		if err != nil {
			return nil, err
		}
		p.RuleSource = rs.Get(p.QuorumRule).Source
	}
	revs, err := s.app.MeetingRevisions(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	for i := len(revs) - 1; i >= 0; i-- {
		rv := revs[i]
		p.Revisions = append(p.Revisions, revisionView{At: rv.At, Actor: rv.Actor, Reason: rv.Reason, Old: revisionSummary(l, rv.Old)})
	}
	fm := formMaker{lang: l}
	p.Delete = fm.text("reason", "meeting.delete.reason", "", true)
	p.Separate = fm.text("separate_reason", "meeting.separate.reason", "", true)
	return p, nil
}

// revisionSummary says briefly what a revision held: its time and topic.
func revisionSummary(lang, old string) string {
	var m dangjian.Meeting
	if err := json.Unmarshal([]byte(old), &m); err != nil {
		return ""
	}
	return formatTime(lang, m.HeldAt) + " · " + m.Topic
}

// meetingDelete withdraws a meeting; the reason is required.
func (s *server) meetingDelete(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	m, err := s.app.Meeting(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	if err := s.app.DeleteMeeting(r.Context(), rq.actor(), id, reason); err != nil {
		if dangjian.ErrorCode(err) != dangjian.EINVALID {
			return err
		}
		return s.meetingReasonFailed(w, r, rq, err, "reason", reason)
	}
	s.redirect(w, r, orgHref(m.OrgID)+"/meetings", "flash.meeting_deleted")
	return nil
}

// meetingSeparate confirms that a suspected-merged meeting was separate.
func (s *server) meetingSeparate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	reason := r.PostFormValue("separate_reason")
	if _, err := s.app.ConfirmSeparate(r.Context(), rq.actor(), id, reason); err != nil {
		if dangjian.ErrorCode(err) != dangjian.EINVALID {
			return err
		}
		return s.meetingReasonFailed(w, r, rq, err, "separate_reason", reason)
	}
	s.redirect(w, r, meetingHref(id), "flash.meeting_separate")
	return nil
}

// meetingReasonFailed shows the record again with the reason's error
// under the field that was posted, keeping what was typed.
func (s *server) meetingReasonFailed(w http.ResponseWriter, r *http.Request, rq *request, err error, name, value string) error {
	p, perr := s.meetingPage(w, r, rq)
	if perr != nil {
		return perr
	}
	fe, alert := errorsOf(rq.lang, err)
	msg := fe["reason"]
	if msg == "" {
		msg = alert
	}
	if name == "reason" {
		p.Delete.Value, p.Delete.Error = value, msg
	} else {
		p.Separate.Value, p.Separate.Error = value, msg
	}
	p.Alert = alert
	return s.render(w, rq, http.StatusUnprocessableEntity, "meeting/show", p)
}

// meetingForm is what the new and correction forms post.
type meetingForm struct {
	Kind       string
	HeldAt     string // "2006-01-02T15:04", CST
	Topic      string
	Location   string
	Host       string
	Lecturer   string
	Agenda     string
	Minutes    string
	Decisions  string
	Merged     bool
	Reason     string // corrections only
	Attendance []attendRow
}

// attendRow is one line of the attendance table.
type attendRow struct {
	MemberID    int64
	Name        string
	Status      string
	Reason      string
	StatusError string
	ReasonError string
}

const heldAtLayout = "2006-01-02T15:04"

func readMeetingForm(r *http.Request) meetingForm {
	f := meetingForm{
		Kind: r.PostFormValue("kind"), HeldAt: strings.TrimSpace(r.PostFormValue("held_at")), Topic: r.PostFormValue("topic"),
		Location: r.PostFormValue("location"), Host: r.PostFormValue("host_id"), Lecturer: r.PostFormValue("lecturer_id"),
		Agenda: r.PostFormValue("agenda"), Minutes: r.PostFormValue("minutes"), Decisions: r.PostFormValue("decisions"),
		Merged: r.PostFormValue("merged_with_admin") != "", Reason: r.PostFormValue("reason"),
	}
	for i, sid := range r.PostForm["member"] {
		mid := parseID(sid)
		if mid == 0 {
			continue
		}
		n := strconv.Itoa(i)
		f.Attendance = append(f.Attendance, attendRow{
			MemberID: mid, Name: r.PostFormValue("name_" + n),
			Status: r.PostFormValue("status_" + n), Reason: r.PostFormValue("att_reason_" + n),
		})
	}
	return f
}

// parseHeldAt reads the meeting time, entered in China Standard Time.
func parseHeldAt(fe fieldErrors, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{heldAtLayout, "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, dangjian.CST); err == nil {
			return t
		}
	}
	fe["held_at"] = "时间格式应为 YYYY-MM-DD HH:MM"
	return time.Time{}
}

// optID reads an optional member select: empty is none.
func optID(s string) *int64 {
	if id := parseID(s); id > 0 {
		return &id
	}
	return nil
}

func (f meetingForm) attendance() []dangjian.Attendance {
	out := make([]dangjian.Attendance, 0, len(f.Attendance))
	for _, a := range f.Attendance {
		out = append(out, dangjian.Attendance{MemberID: a.MemberID, Name: a.Name, Status: a.Status, Reason: a.Reason})
	}
	return out
}

// meetingFormPage is the new-meeting or correction form.
type meetingFormPage struct {
	Base
	O          *app.OrgDetail
	Heading    string
	Lead       string
	Action     string
	Cancel     string
	Submit     string
	Alert      string
	Edit       bool
	KindFixed  string   // the kind's name on a correction, where it cannot change
	KindTabs   []option // links to the form for each kind
	Fields     [][]field
	Texts      []field
	Merged     field
	Reason     field
	Attendance []attendRow
	Statuses   []option
	AttendErr  string
}

// view fills the form's fields from f, with the errors of a failed submit.
func (p *meetingFormPage) view(lang string, f meetingForm, roster []dangjian.Due, fe fieldErrors) {
	m := formMaker{lang: lang, errors: fe}
	// The kind is chosen by link, not by select: the roster below depends
	// on it, and a link reloads it without JavaScript.
	top := []field{{Type: "hidden", Name: "kind", Value: f.Kind}}
	if !p.Edit {
		for _, k := range dangjian.MeetingKinds {
			p.KindTabs = append(p.KindTabs, option{Value: p.Action + "?kind=" + k, Label: enumName(lang, "mkind", k), Selected: k == f.Kind})
		}
	}
	held := m.field("datetime-local", "held_at", "meeting.held_at", f.HeldAt, true)
	held.Hint = tr(lang, "meeting.held_at.hint")
	top = append(top, held)
	people := func(name, key, val string) field {
		fl := m.field("select", name, key, val, false)
		fl.Options = append(fl.Options, option{Value: "", Label: tr(lang, "meeting.nobody"), Selected: val == ""})
		for _, d := range roster {
			v := itoa(d.MemberID)
			fl.Options = append(fl.Options, option{Value: v, Label: d.Name, Selected: v == val})
		}
		return fl
	}
	p.Fields = [][]field{
		top,
		{m.text("topic", "meeting.topic", f.Topic, true)},
		{m.text("location", "meeting.location", f.Location, false), people("host_id", "meeting.host", f.Host)},
	}
	if f.Kind == dangjian.MeetingLecture || f.Lecturer != "" {
		p.Fields[2] = append(p.Fields[2], people("lecturer_id", "meeting.lecturer", f.Lecturer))
	}
	p.Texts = []field{
		m.field("textarea", "agenda", "meeting.agenda", f.Agenda, false),
		m.field("textarea", "minutes", "meeting.minutes", f.Minutes, false),
		m.field("textarea", "decisions", "meeting.decisions", f.Decisions, false),
	}
	p.Merged = m.field("checkbox", "merged_with_admin", "meeting.merged", "1", false)
	p.Merged.Checked, p.Merged.Hint = f.Merged, tr(lang, "meeting.merged.hint")
	p.Reason = m.text("reason", "meeting.correct.reason", f.Reason, true)
	p.Reason.Hint = tr(lang, "meeting.correct.reason.hint")
	for _, st := range []string{dangjian.AttendPresent, dangjian.AttendAbsent, dangjian.AttendLeave} {
		p.Statuses = append(p.Statuses, option{Value: st, Label: enumName(lang, "attend", st)})
	}
	p.Attendance = f.Attendance
	for i := range p.Attendance {
		a := &p.Attendance[i]
		key := fmt.Sprintf("attendance[%d]", i)
		a.StatusError, a.ReasonError = fe[key+".status"], fe[key+".reason"]
		if e := fe[key+".member_id"]; e != "" {
			a.StatusError = e
		}
	}
	p.AttendErr = fe["attendance"]
}

// rosterForm is a blank form of kind with everyone due marked present.
func rosterForm(kind string, roster []dangjian.Due, now time.Time) meetingForm {
	f := meetingForm{Kind: kind, HeldAt: now.In(dangjian.CST).Format("2006-01-02") + "T09:00"}
	for _, d := range roster {
		f.Attendance = append(f.Attendance, attendRow{MemberID: d.MemberID, Name: d.Name, Status: dangjian.AttendPresent})
	}
	return f
}

// recordableOrg loads the organization of the route and requires that the
// actor may record its meetings: hidden is 404, read-only is 403.
func (s *server) recordableOrg(ctx context.Context, rq *request, id int64) (*app.OrgDetail, error) {
	d, err := s.app.Org(ctx, rq.actor(), id)
	if err != nil {
		return nil, err
	}
	if !canRecord(rq.actor(), d.Path) {
		return nil, dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作")
	}
	return d, nil
}

func (s *server) meetingNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.recordableOrg(r.Context(), rq, id)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	if !dangjian.ValidMeetingKind(kind) {
		kind = defaultKind(d.Kind)
	}
	roster, err := s.app.MeetingRoster(r.Context(), rq.actor(), id, kind)
	if err != nil {
		return err
	}
	return s.meetingNewPage(w, r, rq, http.StatusOK, d, rosterForm(kind, roster, s.app.DB().Now()), roster, nil)
}

// defaultKind is the meeting an organization of kind most often records.
func defaultKind(orgKind string) string {
	switch orgKind {
	case dangjian.KindGroup:
		return dangjian.MeetingGroup
	case dangjian.KindLeadingGroup:
		return dangjian.MeetingDemocraticLifeMeeting
	case dangjian.KindBranch, dangjian.KindGeneralBranch:
		return dangjian.MeetingAssembly
	}
	return dangjian.MeetingOther
}

func (s *server) meetingNewPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, f meetingForm, roster []dangjian.Due, err error) error {
	l := rq.lang
	p := &meetingFormPage{O: d, Heading: tr(l, "meeting.new.title"), Lead: tr(l, "meeting.new.lead", d.Name)}
	p.Base = s.base(w, r, rq, p.Heading)
	p.Crumbs = crumbsFor(d, p.Heading)
	p.Action, p.Cancel, p.Submit = orgHref(d.ID)+"/meetings/new", orgHref(d.ID)+"/meetings", tr(l, "meeting.new.submit")
	fe := fieldErrors{}
	if err != nil {
		fe, p.Alert = errorsOf(l, err)
	}
	p.view(l, f, roster, fe)
	return s.render(w, rq, status, "meeting/form", p)
}

func (s *server) meetingCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.recordableOrg(r.Context(), rq, id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readMeetingForm(r)
	fe := fieldErrors{}
	in := app.MeetingInput{
		OrgID: id, Kind: f.Kind, HeldAt: parseHeldAt(fe, f.HeldAt), Topic: f.Topic, Location: f.Location,
		HostID: optID(f.Host), LecturerID: optID(f.Lecturer), Agenda: f.Agenda, Minutes: f.Minutes, Decisions: f.Decisions,
		MergedWithAdmin: f.Merged, Attendance: f.attendance(),
	}
	var m *dangjian.Meeting
	if len(fe) > 0 {
		// Nothing is written; the domain's check adds its own messages.
		v := dangjian.Meeting{OrgID: id, Kind: in.Kind, HeldAt: s.app.DB().Now(), Topic: in.Topic, Location: in.Location, Attendance: in.Attendance}
		err = merge(fe, v.Validate(s.app.DB().Now()))
	} else {
		m, err = s.app.RecordMeeting(r.Context(), rq.actor(), in)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		roster, rerr := s.rosterFor(r.Context(), rq, id, f.Kind)
		if rerr != nil {
			return rerr
		}
		return s.meetingNewPage(w, r, rq, statusOf(err), d, f, roster, err)
	}
	s.redirect(w, r, meetingHref(m.ID), "flash.meeting_recorded")
	return nil
}

// rosterFor is the roster of a form being drawn again; an invalid kind
// gives an empty one (the kind's own error says why).
func (s *server) rosterFor(ctx context.Context, rq *request, orgID int64, kind string) ([]dangjian.Due, error) {
	if !dangjian.ValidMeetingKind(kind) {
		return nil, nil
	}
	return s.app.MeetingRoster(ctx, rq.actor(), orgID, kind)
}

func (s *server) meetingEditForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.app.Meeting(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	d, err := s.recordableOrg(r.Context(), rq, m.OrgID)
	if err != nil {
		return err
	}
	f := meetingForm{
		Kind: m.Kind, HeldAt: m.HeldAt.In(dangjian.CST).Format(heldAtLayout), Topic: m.Topic, Location: m.Location,
		Agenda: m.Agenda, Minutes: m.Minutes, Decisions: m.Decisions, Merged: m.MergedWithAdmin,
	}
	if m.HostID != nil {
		f.Host = itoa(*m.HostID)
	}
	if m.LecturerID != nil {
		f.Lecturer = itoa(*m.LecturerID)
	}
	for _, a := range m.Attendance {
		f.Attendance = append(f.Attendance, attendRow{MemberID: a.MemberID, Name: a.Name, Status: a.Status, Reason: a.Reason})
	}
	roster, err := s.app.MeetingRoster(r.Context(), rq.actor(), m.OrgID, m.Kind)
	if err != nil {
		return err
	}
	return s.meetingEditPage(w, r, rq, http.StatusOK, d, m, f, roster, nil)
}

func (s *server) meetingEditPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, m *dangjian.Meeting, f meetingForm, roster []dangjian.Due, err error) error {
	l := rq.lang
	p := &meetingFormPage{O: d, Edit: true, Heading: tr(l, "meeting.edit.title"), Lead: tr(l, "meeting.edit.lead")}
	p.KindFixed = enumName(l, "mkind", m.Kind)
	p.Base = s.base(w, r, rq, p.Heading)
	p.Crumbs = crumbsFor(d, p.Heading)
	p.Action, p.Cancel, p.Submit = meetingHref(m.ID)+"/edit", meetingHref(m.ID), tr(l, "meeting.edit.submit")
	fe := fieldErrors{}
	if err != nil {
		fe, p.Alert = errorsOf(l, err)
	}
	p.view(l, f, roster, fe)
	return s.render(w, rq, status, "meeting/form", p)
}

func (s *server) meetingUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.app.Meeting(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	d, err := s.recordableOrg(r.Context(), rq, m.OrgID)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readMeetingForm(r)
	f.Kind = m.Kind // a correction keeps the kind: the roster depends on it
	fe := fieldErrors{}
	held := parseHeldAt(fe, f.HeldAt)
	if strings.TrimSpace(f.Reason) == "" {
		fe["reason"] = "请填写原因"
	}
	if len(fe) == 0 {
		att := f.attendance()
		host, lecturer := parseID(f.Host), parseID(f.Lecturer)
		up := app.MeetingUpdate{HeldAt: &held, Topic: &f.Topic, Location: &f.Location, HostID: &host, Agenda: &f.Agenda,
			Minutes: &f.Minutes, Decisions: &f.Decisions, MergedWithAdmin: &f.Merged, Attendance: &att}
		if m.Kind == dangjian.MeetingLecture {
			up.LecturerID = &lecturer
		}
		_, err = s.app.CorrectMeeting(r.Context(), rq.actor(), id, up, f.Reason)
	} else {
		v := dangjian.Meeting{OrgID: m.OrgID, Kind: m.Kind, HeldAt: s.app.DB().Now(), Topic: f.Topic, Location: f.Location, Attendance: f.attendance()}
		err = merge(fe, v.Validate(s.app.DB().Now()))
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		roster, rerr := s.app.MeetingRoster(r.Context(), rq.actor(), m.OrgID, m.Kind)
		if rerr != nil {
			return rerr
		}
		return s.meetingEditPage(w, r, rq, statusOf(err), d, m, f, roster, err)
	}
	s.redirect(w, r, meetingHref(id), "flash.meeting_corrected")
	return nil
}

// periodLink is the meetings of one kind held in months first..last of
// year, for a grid cell to open.
func periodLink(orgID int64, kind string, year, first, last int) string {
	from := time.Date(year, time.Month(first), 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(year, time.Month(last)+1, 0, 0, 0, 0, 0, time.UTC)
	q := url.Values{"kind": {kind}, "from": {from.Format("2006-01-02")}, "to": {to.Format("2006-01-02")}}
	return orgHref(orgID) + "/meetings?" + q.Encode()
}
