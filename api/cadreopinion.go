package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// cadreOpinionInput is the body of POST /cadre-opinions.
type cadreOpinionInput struct {
	MemberID int64  `json:"member_id"`
	OrgID    int64  `json:"org_id"`
	Deadline date   `json:"deadline"`
	Note     string `json:"note"`
}

// answerInput is the body of POST /cadre-opinions/{id}/answer.
type answerInput struct {
	Opinion string `json:"opinion"`
	Reasons string `json:"reasons"`
}

func (s *server) createCadreOpinion(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in cadreOpinionInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.RequestCadreOpinion(r.Context(), c.Actor, app.CadreOpinionInput{MemberID: in.MemberID, OrgID: in.OrgID, Deadline: in.Deadline.Date, Note: in.Note})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/cadre-opinions/"+strconv.FormatInt(out.ID, 10))
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *server) answerCadreOpinion(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in answerInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.AnswerCadreOpinion(r.Context(), c.Actor, id, in.Opinion, in.Reasons)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) cadreOpinion(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	out, err := s.app.CadreOpinion(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func opinionQuery(p *params) app.CadreOpinionQuery {
	q := app.CadreOpinionQuery{Status: p.oneOf("status", dangjian.OpinionPending, dangjian.OpinionAnswered)}
	if org := p.id("org"); org != nil {
		q.OrgID = *org
	}
	if m := p.id("member"); m != nil {
		q.MemberID = *m
	}
	if od := p.boolean("overdue"); od != nil {
		q.Overdue = *od
	}
	return q
}

func (s *server) listCadreOpinions(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := opinionQuery(p)
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := s.app.CadreOpinions(r.Context(), c.Actor, q, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(items, total, pg))
	return nil
}

// memberCadreOpinions answers GET /members/{id}/cadre-opinions: the
// requests about a member, for those who may see them.
func (s *server) memberCadreOpinions(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := s.app.CadreOpinions(r.Context(), c.Actor, app.CadreOpinionQuery{MemberID: id}, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(items, total, pg))
	return nil
}

func (s *server) exportCadreOpinions(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := opinionQuery(p)
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportCadreOpinions(r.Context(), c.Actor, q, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}
