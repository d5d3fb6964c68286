package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// trainingRoutes are the endpoints of education and training (issue 5).
func (s *server) trainingRoutes() {
	m := s.mux
	m.Handle("POST /api/v1/trainings", s.authed(s.createTraining))
	m.Handle("GET /api/v1/trainings", s.authed(s.listTrainings))
	m.Handle("GET /api/v1/trainings/export", s.authed(s.exportTrainings))
	m.Handle("GET /api/v1/trainings/{id}", s.authed(s.training))
	m.Handle("PATCH /api/v1/trainings/{id}", s.authed(s.updateTraining))
	m.Handle("DELETE /api/v1/trainings/{id}", s.authed(s.deleteTraining))
	m.Handle("GET /api/v1/trainings/{id}/revisions", s.authed(s.trainingRevisions))
	m.Handle("POST /api/v1/meetings/{id}/hours", s.authed(s.creditMeetingHours))
	m.Handle("GET /api/v1/members/{id}/hours", s.authed(s.memberHours))
	m.Handle("GET /api/v1/orgs/{id}/hours", s.authed(s.orgHours))
	m.Handle("GET /api/v1/orgs/{id}/hours/export", s.authed(s.exportOrgHours))
	m.Handle("GET /api/v1/orgs/{id}/hours/rollup", s.authed(s.hoursRollup))
	m.Handle("GET /api/v1/orgs/{id}/hours/rollup/export", s.authed(s.exportHoursRollup))
	m.Handle("GET /api/v1/orgs/{id}/secretary-lectures", s.authed(s.secretaryLectures))
	m.Handle("GET /api/v1/orgs/{id}/secretary-lectures/export", s.authed(s.exportSecretaryLectures))
	m.Handle("GET /api/v1/settings/meetings-as-training", s.authed(s.getMATSetting))
	m.Handle("PUT /api/v1/settings/meetings-as-training", s.authed(s.putMATSetting))
}

type participantIn struct {
	MemberID int64   `json:"member_id"`
	Hours    float64 `json:"hours"`
}

func participantsOf(in []participantIn) []dangjian.TrainingParticipant {
	out := make([]dangjian.TrainingParticipant, len(in))
	for i, p := range in {
		out[i] = dangjian.TrainingParticipant{MemberID: p.MemberID, Hours: p.Hours}
	}
	return out
}

type trainingIn struct {
	OrgID        int64           `json:"org_id"`
	Kind         string          `json:"kind"`
	Title        string          `json:"title"`
	StartOn      date            `json:"start_on"`
	EndOn        date            `json:"end_on"`
	Topic        string          `json:"topic"`
	Materials    string          `json:"materials"`
	MeetingID    *int64          `json:"meeting_id"`
	Duration     float64         `json:"duration"`
	Unit         string          `json:"unit"`
	Participants []participantIn `json:"participants"`
}

func (s *server) createTraining(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in trainingIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.app.RecordTraining(r.Context(), c.Actor, app.TrainingInput{OrgID: in.OrgID, Kind: in.Kind, Title: in.Title,
		StartOn: in.StartOn.Date, EndOn: in.EndOn.Date, Topic: in.Topic, Materials: in.Materials, MeetingID: in.MeetingID,
		Duration: in.Duration, Unit: in.Unit, Participants: participantsOf(in.Participants)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/trainings/"+strconv.FormatInt(t.ID, 10))
	writeJSON(w, http.StatusCreated, t)
	return nil
}

// dateParam reads an optional YYYY-MM-DD query parameter.
func (p *params) dateParam(name string) dangjian.Date {
	v := p.q.Get(name)
	if v == "" {
		return dangjian.Date{}
	}
	d, err := dangjian.ParseDate(v)
	if err != nil {
		p.bad.Add(name, "应为日期，如 2026-03-05")
	}
	return d
}

func trainingQuery(p *params) app.TrainingQuery {
	q := app.TrainingQuery{Kind: p.oneOf("kind", dangjian.TrainingKinds...), From: p.dateParam("from"), To: p.dateParam("to")}
	if id := p.id("org"); id != nil {
		q.OrgID = *id
	}
	return q
}

func (s *server) listTrainings(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := trainingQuery(p)
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	ts, total, err := s.app.Trainings(r.Context(), c.Actor, q, pg)
	if err != nil {
		return err
	}
	// The list carries how many took part, not who.
	type row struct {
		*dangjian.Training
		Participants int `json:"participants"`
	}
	rows := make([]row, len(ts))
	for i, t := range ts {
		rows[i] = row{Training: t, Participants: len(t.Participants)}
	}
	writeJSON(w, http.StatusOK, listOf(rows, total, pg))
	return nil
}

func (s *server) training(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := s.app.Training(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// trainingPatch is a correction: only the fields sent change; reason is
// required.
type trainingPatch struct {
	Kind         *string          `json:"kind"`
	Title        *string          `json:"title"`
	StartOn      *date            `json:"start_on"`
	EndOn        *date            `json:"end_on"`
	Topic        *string          `json:"topic"`
	Materials    *string          `json:"materials"`
	Duration     *float64         `json:"duration"`
	Unit         *string          `json:"unit"`
	Participants *[]participantIn `json:"participants"`
	Reason       string           `json:"reason"`
}

func (s *server) updateTraining(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in trainingPatch
	if err := decode(w, r, &in); err != nil {
		return err
	}
	up := app.TrainingUpdate{Kind: in.Kind, Title: in.Title, StartOn: in.StartOn.ptr(), EndOn: in.EndOn.ptr(), Topic: in.Topic,
		Materials: in.Materials, Duration: in.Duration, Unit: in.Unit}
	if in.Participants != nil {
		ps := participantsOf(*in.Participants)
		up.Participants = &ps
	}
	t, err := s.app.CorrectTraining(r.Context(), c.Actor, id, up, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// deleteTraining takes the reason from the body {"reason"} or ?reason=.
func (s *server) deleteTraining(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, reason, err := deletion(w, r)
	if err != nil {
		return err
	}
	if err := s.app.DeleteTraining(r.Context(), c.Actor, id, reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) trainingRevisions(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rs, err := s.app.TrainingRevisions(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(rs))
	return nil
}

// creditMeetingHours is POST /meetings/{id}/hours {"kind","duration","unit"}:
// everyone present at the meeting is credited, as hours from a meeting.
func (s *server) creditMeetingHours(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Kind     string  `json:"kind"`
		Duration float64 `json:"duration"`
		Unit     string  `json:"unit"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.app.CreditMeetingHours(r.Context(), c.Actor, id, in.Kind, in.Duration, in.Unit)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/trainings/"+strconv.FormatInt(t.ID, 10))
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *server) memberHours(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	if err := p.err(); err != nil {
		return err
	}
	h, err := s.app.MemberHours(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

func (s *server) orgHours(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	rep, err := s.app.OrgHours(r.Context(), c.Actor, id, year, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) hoursRollup(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	rep, err := s.app.HoursRollup(r.Context(), c.Actor, id, year, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) secretaryLectures(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	if err := p.err(); err != nil {
		return err
	}
	ls, err := s.app.SecretaryLectures(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(ls))
	return nil
}

func (s *server) exportTrainings(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := trainingQuery(p)
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportTrainings(r.Context(), c.Actor, q, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// orgYearExport answers an export of an organization and year.
func (s *server) orgYearExport(w http.ResponseWriter, r *http.Request, c *caller,
	fn func(a *app.App, r *http.Request, c *caller, id int64, year int, format string) (*app.Export, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := fn(s.app, r, c, id, year, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) exportOrgHours(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.orgYearExport(w, r, c, func(a *app.App, r *http.Request, c *caller, id int64, year int, format string) (*app.Export, error) {
		return a.ExportOrgHours(r.Context(), c.Actor, id, year, format)
	})
}

func (s *server) exportHoursRollup(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.orgYearExport(w, r, c, func(a *app.App, r *http.Request, c *caller, id int64, year int, format string) (*app.Export, error) {
		return a.ExportHoursRollup(r.Context(), c.Actor, id, year, format)
	})
}

func (s *server) exportSecretaryLectures(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.orgYearExport(w, r, c, func(a *app.App, r *http.Request, c *caller, id int64, year int, format string) (*app.Export, error) {
		return a.ExportSecretaryLectures(r.Context(), c.Actor, id, year, format)
	})
}

// matSetting is the deployment's 以会代训 threshold: local practice, no
// national number.
type matSetting struct {
	MinShare float64 `json:"min_share"`
	Set      bool    `json:"set"`
	Default  float64 `json:"default"`
	Key      string  `json:"key"`
	Source   string  `json:"source"`
}

func (s *server) writeMATSetting(w http.ResponseWriter, r *http.Request) error {
	share, set, err := s.app.MeetingsAsTrainingShare(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, matSetting{MinShare: share, Set: set, Default: dangjian.DefaultMeetingsAsTrainingShare,
		Key: dangjian.MeetingsAsTrainingKey, Source: "local"})
	return nil
}

func (s *server) getMATSetting(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.writeMATSetting(w, r)
}

// putMATSetting is PUT /settings/meetings-as-training {"min_share": 0.8};
// null goes back to the platform default.
func (s *server) putMATSetting(w http.ResponseWriter, r *http.Request, c *caller) error {
	share, err := decodeShare(w, r, "0.8")
	if err != nil {
		return err
	}
	if err := s.app.SetMeetingsAsTrainingShare(r.Context(), c.Actor, share); err != nil {
		return err
	}
	return s.writeMATSetting(w, r)
}
