package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func (s *server) createEvaluation(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in struct {
		OrgID int64 `json:"org_id"`
		Year  int   `json:"year"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.app.OpenEvaluation(r.Context(), c.Actor, in.OrgID, in.Year)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/evaluations/"+strconv.FormatInt(e.ID, 10))
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *server) listEvaluations(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := app.EvaluationQuery{Year: p.year("year", 0), State: p.oneOf("state", dangjian.EvalStates...)}
	if id := p.id("org"); id != nil {
		q.OrgID = *id
	}
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := s.app.Evaluations(r.Context(), c.Actor, q, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(items, total, pg))
	return nil
}

func (s *server) evaluation(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Evaluation(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// advanceEvaluation takes a step that needs no input:
// {"action":"start_self_evaluation"|"start_voting"|"close"|"publish"}.
func (s *server) advanceEvaluation(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Action string `json:"action"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.app.AdvanceEvaluation(r.Context(), c.Actor, id, in.Action)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}

// evaluationStep is a fixed step as its own route: close, publish.
func (s *server) evaluationStep(action string) handler {
	return func(w http.ResponseWriter, r *http.Request, c *caller) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		e, err := s.app.AdvanceEvaluation(r.Context(), c.Actor, id, action)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, e)
		return nil
	}
}

func (s *server) selfEvaluation(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Text string `json:"text"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.app.WriteSelfEvaluation(r.Context(), c.Actor, id, in.Text); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"saved": true})
	return nil
}

type gradeIn struct {
	MemberID int64  `json:"member_id"`
	Grade    string `json:"grade"`
}

func gradesIn(in []gradeIn) []dangjian.BallotGrade {
	out := make([]dangjian.BallotGrade, len(in))
	for i, g := range in {
		out[i] = dangjian.BallotGrade{MemberID: g.MemberID, Grade: g.Grade}
	}
	return out
}

// castBallot casts the caller's secret ballot. The answer says only that
// the ballot was counted.
func (s *server) castBallot(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Grades []gradeIn `json:"grades"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.app.Vote(r.Context(), c.Actor, id, gradesIn(in.Grades)); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]bool{"voted": true})
	return nil
}

func (s *server) paperCount(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		MemberIDs []int64               `json:"member_ids"`
		Counts    []dangjian.GradeCount `json:"counts"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.app.RecordPaperCount(r.Context(), c.Actor, id, app.PaperCount{MemberIDs: in.MemberIDs, Counts: in.Counts})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}

func (s *server) evaluationResults(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	res, err := s.app.EvaluationResults(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	if res == nil {
		res = []dangjian.GradeCount{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": res})
	return nil
}

func (s *server) proposeGrades(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Grades []gradeIn `json:"grades"`
		Reason string    `json:"reason"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	res, err := s.app.ProposeGrades(r.Context(), c.Actor, id, app.GradeProposal{Grades: gradesIn(in.Grades), Reason: in.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *server) decideGrades(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		MeetingID *int64    `json:"meeting_id"`
		DecidedOn *date     `json:"decided_on"`
		Note      string    `json:"note"`
		Grades    []gradeIn `json:"grades"`
		Reason    string    `json:"reason"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.app.DecideGrades(r.Context(), c.Actor, id, app.Decision{MeetingID: in.MeetingID, DecidedOn: in.DecidedOn.ptr(), Note: in.Note,
		Grades: gradesIn(in.Grades), Reason: in.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}

func (s *server) exportEvaluation(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportEvaluation(r.Context(), c.Actor, id, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) listFollowUps(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	org := p.id("org")
	if org == nil {
		p.bad.Add("org", "请指定党组织")
	}
	if err := p.err(); err != nil {
		return err
	}
	items, err := s.app.FollowUps(r.Context(), c.Actor, *org)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(items))
	return nil
}

func (s *server) followUp(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.app.FollowUp(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (s *server) updateFollowUp(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Measure   string `json:"measure"`
		Outcome   string `json:"outcome"`
		OutcomeOn *date  `json:"outcome_on"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	f, err := s.app.UpdateFollowUp(r.Context(), c.Actor, id, app.FollowUpInput{Measure: in.Measure, Outcome: in.Outcome, OutcomeOn: in.OutcomeOn.ptr()})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

// myBallots is the caller's own open self-evaluations, ballots and
// reports to rate.
func (s *server) myBallots(w http.ResponseWriter, r *http.Request, c *caller) error {
	m, err := s.app.MyBallots(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}
