package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// correctionInput is the body of POST /corrections: the proposed values by
// field name, as text, and the reason.
type correctionInput struct {
	Fields map[string]string `json:"fields"`
	Reason string            `json:"reason"`
}

// decisionInput is the body of approve (optional) and reject (required).
type decisionInput struct {
	Reason string `json:"reason"`
}

// heldPost is a committee seat in an answer.
type heldPost struct {
	OrgID     int64         `json:"org_id"`
	OrgName   string        `json:"org_name"`
	Post      string        `json:"post"`
	TermStart dangjian.Date `json:"term_start"`
	TermEnd   dangjian.Date `json:"term_end"`
	Current   bool          `json:"current"`
}

// profileView is the answer of GET /me/member. Later capabilities add
// their sections (attendance, hours, dues) as more keys.
type profileView struct {
	Member      *dangjian.Member       `json:"member"`
	Revealed    bool                   `json:"revealed"`
	GroupName   string                 `json:"group_name"`
	History     []*dangjian.MemberMove `json:"history"`
	Posts       []heldPost             `json:"posts"`
	Corrections []*dangjian.Correction `json:"corrections"`
}

// myMember answers the caller's own member record with its history, posts
// and correction requests; ?reveal=1 unmasks the ID and phone numbers
// (audited as member.reveal).
func (s *server) myMember(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	reveal := p.boolean("reveal")
	if err := p.err(); err != nil {
		return err
	}
	pr, err := s.app.Profile(r.Context(), c.Actor, reveal != nil && *reveal)
	if err != nil {
		return err
	}
	v := profileView{Member: pr.Member, Revealed: pr.Revealed, GroupName: pr.GroupName, History: pr.History,
		Posts: []heldPost{}, Corrections: pr.Corrections}
	if v.History == nil {
		v.History = []*dangjian.MemberMove{}
	}
	if v.Corrections == nil {
		v.Corrections = []*dangjian.Correction{}
	}
	for _, h := range pr.Posts {
		v.Posts = append(v.Posts, heldPost{OrgID: h.OrgID, OrgName: h.OrgName, Post: h.Post, TermStart: h.TermStart, TermEnd: h.TermEnd, Current: h.Current})
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *server) createCorrection(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in correctionInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.SubmitCorrection(r.Context(), c.Actor, app.CorrectionInput{Fields: in.Fields, Reason: in.Reason})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/corrections/"+strconv.FormatInt(out.ID, 10))
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *server) listCorrections(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := app.CorrectionQuery{Status: p.oneOf("status", dangjian.CorrectionStatuses...)}
	if org := p.id("org"); org != nil {
		q.OrgID = *org
	}
	if m := p.id("member"); m != nil {
		q.MemberID = *m
	}
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := s.app.Corrections(r.Context(), c.Actor, q, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(items, total, pg))
	return nil
}

func (s *server) correction(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	out, err := s.app.Correction(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// approveCorrection takes no body, or {"reason": "…"} as a note.
func (s *server) approveCorrection(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.decideCorrection(w, r, c, s.app.ApproveCorrection)
}

// rejectCorrection needs {"reason": "…"}; no body is read as {}, so the
// answer names the missing reason.
func (s *server) rejectCorrection(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.decideCorrection(w, r, c, s.app.RejectCorrection)
}

func (s *server) decideCorrection(w http.ResponseWriter, r *http.Request, c *caller,
	decide func(context.Context, *dangjian.Actor, int64, string) (*dangjian.Correction, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in decisionInput
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	out, err := decide(r.Context(), c.Actor, id, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) withdrawCorrection(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	out, err := s.app.WithdrawCorrection(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
