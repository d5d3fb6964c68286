package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// attendanceIn is one attendee in a request body.
type attendanceIn struct {
	MemberID int64  `json:"member_id"`
	Status   string `json:"status"`
	Reason   string `json:"reason"`
}

func attendanceOf(in []attendanceIn) []dangjian.Attendance {
	out := make([]dangjian.Attendance, len(in))
	for i, a := range in {
		out[i] = dangjian.Attendance{MemberID: a.MemberID, Status: a.Status, Reason: a.Reason}
	}
	return out
}

// instant parses an RFC 3339 body field; held_at is text in the body so
// that a malformed one is refused naming its field.
func instant(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, fieldError(field, "应为 RFC 3339 时间，如 2026-03-05T14:30:00+08:00")
	}
	return t, nil
}

type meetingIn struct {
	OrgID           int64          `json:"org_id"`
	Kind            string         `json:"kind"`
	HeldAt          string         `json:"held_at"`
	Topic           string         `json:"topic"`
	Location        string         `json:"location"`
	HostID          *int64         `json:"host_id"`
	LecturerID      *int64         `json:"lecturer_id"`
	Agenda          string         `json:"agenda"`
	Minutes         string         `json:"minutes"`
	Decisions       string         `json:"decisions"`
	MergedWithAdmin bool           `json:"merged_with_admin"`
	Attendance      []attendanceIn `json:"attendance"`
}

func (s *server) createMeeting(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in meetingIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var held time.Time
	if in.HeldAt != "" {
		var err error
		if held, err = instant("held_at", in.HeldAt); err != nil {
			return err
		}
	}
	m, err := s.app.RecordMeeting(r.Context(), c.Actor, app.MeetingInput{OrgID: in.OrgID, Kind: in.Kind, HeldAt: held, Topic: in.Topic,
		Location: in.Location, HostID: in.HostID, LecturerID: in.LecturerID, Agenda: in.Agenda, Minutes: in.Minutes, Decisions: in.Decisions,
		MergedWithAdmin: in.MergedWithAdmin, Attendance: attendanceOf(in.Attendance)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/meetings/"+strconv.FormatInt(m.ID, 10))
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *server) listMeetings(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := app.MeetingQuery{Kind: p.oneOf("kind", dangjian.MeetingKinds...), From: p.since("from"), To: p.since("to")}
	if id := p.id("org"); id != nil {
		q.OrgID = *id
	}
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	ms, total, err := s.app.Meetings(r.Context(), c.Actor, q, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(ms, total, pg))
	return nil
}

func (s *server) meeting(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.app.Meeting(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// meetingPatch is a correction: only the fields sent change; host_id or
// lecturer_id null clears it. reason is required.
type meetingPatch struct {
	Kind            *string         `json:"kind"`
	HeldAt          *string         `json:"held_at"`
	Topic           *string         `json:"topic"`
	Location        *string         `json:"location"`
	HostID          nullable[int64] `json:"host_id"`
	LecturerID      nullable[int64] `json:"lecturer_id"`
	Agenda          *string         `json:"agenda"`
	Minutes         *string         `json:"minutes"`
	Decisions       *string         `json:"decisions"`
	MergedWithAdmin *bool           `json:"merged_with_admin"`
	Attendance      *[]attendanceIn `json:"attendance"`
	Reason          string          `json:"reason"`
}

// ref turns a nullable id into the app's convention: nil unchanged, 0 cleared.
func ref(n nullable[int64]) *int64 {
	if !n.set {
		return nil
	}
	var v int64
	if n.v != nil {
		v = *n.v
	}
	return &v
}

func (s *server) updateMeeting(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in meetingPatch
	if err := decode(w, r, &in); err != nil {
		return err
	}
	up := app.MeetingUpdate{Kind: in.Kind, Topic: in.Topic, Location: in.Location, HostID: ref(in.HostID), LecturerID: ref(in.LecturerID),
		Agenda: in.Agenda, Minutes: in.Minutes, Decisions: in.Decisions, MergedWithAdmin: in.MergedWithAdmin}
	if in.HeldAt != nil {
		t, err := instant("held_at", *in.HeldAt)
		if err != nil {
			return err
		}
		up.HeldAt = &t
	}
	if in.Attendance != nil {
		a := attendanceOf(*in.Attendance)
		up.Attendance = &a
	}
	m, err := s.app.CorrectMeeting(r.Context(), c.Actor, id, up, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// deleteMeeting takes the reason from the body {"reason"} or ?reason=.
func (s *server) deleteMeeting(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, reason, err := deletion(w, r)
	if err != nil {
		return err
	}
	if err := s.app.DeleteMeeting(r.Context(), c.Actor, id, reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// deletion reads a withdrawal: the record's id from the path and the
// reason from the body {"reason"} or ?reason=.
func deletion(w http.ResponseWriter, r *http.Request) (int64, string, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, "", err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody {
		if err := decode(w, r, &in); err != nil {
			return 0, "", err
		}
	}
	if in.Reason == "" {
		in.Reason = r.URL.Query().Get("reason")
	}
	return id, in.Reason, nil
}

func (s *server) meetingRevisions(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rs, err := s.app.MeetingRevisions(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(rs))
	return nil
}

func (s *server) confirmSeparate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	m, err := s.app.ConfirmSeparate(r.Context(), c.Actor, id, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *server) meetingRoster(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	kind := p.oneOf("kind", dangjian.MeetingKinds...)
	if kind == "" {
		p.bad.Add("kind", "请指定会议类型")
	}
	if err := p.err(); err != nil {
		return err
	}
	due, err := s.app.MeetingRoster(r.Context(), c.Actor, id, kind)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(due))
	return nil
}

func (s *server) createAdminMeeting(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in struct {
		OrgID  int64  `json:"org_id"`
		HeldAt string `json:"held_at"`
		EndsAt string `json:"ends_at"`
		Title  string `json:"title"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	am := dangjian.AdminMeeting{OrgID: in.OrgID, Title: in.Title}
	var err error
	if in.HeldAt != "" {
		if am.HeldAt, err = instant("held_at", in.HeldAt); err != nil {
			return err
		}
	}
	if in.EndsAt != "" {
		if am.EndsAt, err = instant("ends_at", in.EndsAt); err != nil {
			return err
		}
	}
	out, err := s.app.RecordAdminMeeting(r.Context(), c.Actor, am)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}
