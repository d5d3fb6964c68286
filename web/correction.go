package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func correctionHref(id int64) string { return "/corrections/" + strconv.FormatInt(id, 10) }

// correctionListPage is the branch's list of requests, pending ones first
// by default: its to-do for corrections.
type correctionListPage struct {
	Base
	Status   string
	Statuses []option
	Rows     []correctionRow
	Pager    pager
}

func (s *server) correctionList(w http.ResponseWriter, r *http.Request, rq *request) error {
	l := rq.lang
	status := r.URL.Query().Get("status")
	if _, ok := r.URL.Query()["status"]; !ok {
		status = dangjian.CorrectionPending
	}
	if status != "" && !containsStr(dangjian.CorrectionStatuses, status) {
		status = ""
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	list, total, err := s.app.Corrections(r.Context(), rq.actor(), app.CorrectionQuery{Status: status}, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	p := &correctionListPage{Status: status}
	p.Statuses = append(p.Statuses, option{Value: "", Label: tr(l, "filter.all"), Selected: status == ""})
	for _, st := range dangjian.CorrectionStatuses {
		label, _ := correctionStatus(l, st)
		p.Statuses = append(p.Statuses, option{Value: st, Label: label, Selected: st == status})
	}
	for _, c := range list {
		p.Rows = append(p.Rows, newCorrectionRow(l, c))
	}
	p.Pager = newPager(r.URL, total, page, per, "items", "")
	p.Base = s.base(w, r, rq, tr(l, "correction.list.title"))
	p.Crumbs = []crumb{{Label: p.Title}}
	return s.render(w, rq, http.StatusOK, "correction/list", p)
}

// correctionPage is one request: old and new values side by side, and the
// decision forms for the branch (or the withdraw button for the member).
type correctionPage struct {
	Base
	Row         correctionRow
	CanDecide   bool
	CanWithdraw bool
	Reason      string // what the decider typed, kept after a failed submit
	ReasonErr   string
	Alert       string
}

func (s *server) correctionShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.correctionPage(w, r, rq, http.StatusOK, "", nil)
}

func (s *server) correctionPage(w http.ResponseWriter, r *http.Request, rq *request, status int, reason string, failed error) error {
	l, actor := rq.lang, rq.actor()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.app.Correction(r.Context(), actor, id)
	if err != nil {
		return err
	}
	pending := c.Status == dangjian.CorrectionPending
	p := &correctionPage{Row: newCorrectionRow(l, c), Reason: reason}
	p.CanDecide = pending && app.CanDecide(actor, c)
	p.CanWithdraw = pending && actor.MemberID != nil && *actor.MemberID == c.MemberID
	if failed != nil {
		fe, alert := errorsOf(l, failed)
		p.ReasonErr, p.Alert = fe["reason"], alert
		if p.ReasonErr != "" && len(fe) == 1 {
			p.Alert = ""
		}
	}
	p.Base = s.base(w, r, rq, tr(l, "correction.show.title", c.MemberName))
	if actor.HasPermAnywhere(dangjian.PermMemberWrite) {
		p.Crumbs = []crumb{{Label: tr(l, "correction.list.title"), Href: "/corrections"}, {Label: p.Title}}
	} else {
		p.Crumbs = []crumb{{Label: tr(l, "me.title"), Href: "/me"}, {Label: p.Title}}
	}
	p.PrintOrg = c.OrgName
	return s.render(w, rq, status, "correction/show", p)
}

// correctionDecide handles approve and reject: 303 back to the request, or
// the page again with the error (422 without a reason, 409 if decided).
func (s *server) correctionDecide(approve bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := parseForm(w, r); err != nil {
			return err
		}
		reason := r.PostFormValue("reason")
		flash := "flash.correction_rejected"
		if approve {
			_, err = s.app.ApproveCorrection(r.Context(), rq.actor(), id, reason)
			flash = "flash.correction_approved"
		} else {
			_, err = s.app.RejectCorrection(r.Context(), rq.actor(), id, reason)
		}
		if err != nil {
			if !formError(err) {
				return err
			}
			return s.correctionPage(w, r, rq, statusOf(err), reason, err)
		}
		s.redirect(w, r, correctionHref(id), flash)
		return nil
	}
}

func (s *server) correctionWithdraw(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.app.WithdrawCorrection(r.Context(), rq.actor(), id); err != nil {
		if !formError(err) {
			return err
		}
		return s.correctionPage(w, r, rq, statusOf(err), "", err)
	}
	s.redirect(w, r, "/me", "flash.correction_withdrawn")
	return nil
}

// navCounts puts the number of requests waiting for the actor's decision
// on the corrections link: the to-do badge.
func (s *server) navCounts(ctx context.Context, actor *dangjian.Actor, nav []navLink) {
	for i := range nav {
		if nav[i].Href != "/corrections" {
			continue
		}
		n, err := s.app.PendingCorrections(ctx, actor)
		if err != nil {
			// The page still renders; the badge is a convenience.
			s.log.Warn("count pending corrections", "err", err)
			return
		}
		nav[i].Count = n
	}
}
