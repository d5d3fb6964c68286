package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func copOpinionHref(id int64) string { return "/cadre-opinions/" + strconv.FormatInt(id, 10) }

// copOpinionName names a cadre opinion in lang.
func copOpinionName(l, o string) string {
	switch o {
	case dangjian.OpinionAgree:
		return tr(l, "cop.opinion.agree")
	case dangjian.OpinionWithReservations:
		return tr(l, "cop.opinion.agree_with_reservations")
	case dangjian.OpinionDisagree:
		return tr(l, "cop.opinion.disagree")
	}
	return ""
}

type copOpinionRow struct {
	C           *dangjian.CadreOpinion
	StatusLabel string
	StatusClass string
	Opinion     string
}

func copNewOpinionRow(l string, c *dangjian.CadreOpinion) copOpinionRow {
	row := copOpinionRow{C: c, StatusLabel: tr(l, "cop.status.pending"), StatusClass: "due", Opinion: copOpinionName(l, c.Opinion)}
	switch {
	case c.Status == dangjian.OpinionAnswered:
		row.StatusLabel, row.StatusClass = tr(l, "cop.status.answered"), "met"
	case c.Overdue:
		row.StatusLabel, row.StatusClass = tr(l, "cop.status.overdue"), "missing"
	}
	return row
}

// copOpinionListPage is the requests the actor may see: personnel's, the
// branch's to answer, the working committee's.
type copOpinionListPage struct {
	Base
	Status     string
	Overdue    bool
	Member     string
	Statuses   []option
	Rows       []copOpinionRow
	Pager      pager
	CanRequest bool
}

// ExportHref is the export of the list on screen.
func (p *copOpinionListPage) ExportHref(format string) string {
	v := url.Values{"status": {p.Status}, "member": {p.Member}}
	if p.Overdue {
		v.Set("overdue", "1")
	}
	return "/cadre-opinions/export?" + exportQuery(v, format)
}

func copOpinionQueryOf(r *http.Request) (app.CadreOpinionQuery, string, bool, string) {
	q := r.URL.Query()
	status := q.Get("status")
	if status != dangjian.OpinionPending && status != dangjian.OpinionAnswered {
		status = ""
	}
	overdue := q.Get("overdue") == "1"
	member := ""
	mid := parseID(q.Get("member"))
	if mid != 0 {
		member = strconv.FormatInt(mid, 10)
	}
	return app.CadreOpinionQuery{Status: status, Overdue: overdue, MemberID: mid}, status, overdue, member
}

func (s *server) copOpinionList(w http.ResponseWriter, r *http.Request, rq *request) error {
	l, actor := rq.lang, rq.actor()
	q, status, overdue, member := copOpinionQueryOf(r)
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	list, total, err := s.app.CadreOpinions(r.Context(), actor, q, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	p := &copOpinionListPage{Status: status, Overdue: overdue, Member: member, CanRequest: app.CanRequestCadreOpinion(actor)}
	p.Statuses = []option{{Value: "", Label: tr(l, "filter.all"), Selected: status == ""},
		{Value: dangjian.OpinionPending, Label: tr(l, "cop.status.pending"), Selected: status == dangjian.OpinionPending},
		{Value: dangjian.OpinionAnswered, Label: tr(l, "cop.status.answered"), Selected: status == dangjian.OpinionAnswered}}
	for _, c := range list {
		p.Rows = append(p.Rows, copNewOpinionRow(l, c))
	}
	p.Pager = newPager(r.URL, total, page, per, "items", "")
	p.Base = s.base(w, r, rq, tr(l, "cop.list.title"))
	p.Crumbs = []crumb{{Label: p.Title}}
	return s.render(w, rq, http.StatusOK, "cadreopinion/list", p)
}

func (s *server) copOpinionExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	q, _, _, _ := copOpinionQueryOf(r)
	ex, err := s.app.ExportCadreOpinions(r.Context(), rq.actor(), q, r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// copOpinionFormPage is personnel's request form.
type copOpinionFormPage struct {
	Base
	Form formView
}

func (s *server) copOpinionNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.copOpinionFormRender(w, r, rq, http.StatusOK, url.Values{"member_id": {r.URL.Query().Get("member")}}, nil)
}

func (s *server) copOpinionFormRender(w http.ResponseWriter, r *http.Request, rq *request, status int, in url.Values, failed error) error {
	l, actor := rq.lang, rq.actor()
	if !app.CanRequestCadreOpinion(actor) {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "只有人事部门可以征求党组织意见")
	}
	fe, alert := fieldErrors{}, ""
	if failed != nil {
		fe, alert = errorsOf(l, failed)
		if e := fe["org_id"]; e != "" {
			fe["member_id"] = e // the branch follows from the member on this form
		}
	}
	m := formMaker{lang: l, errors: fe}
	member := m.text("member_id", "cop.member_id", in.Get("member_id"), true)
	member.Short, member.Hint = true, tr(l, "cop.member_id.hint")
	p := &copOpinionFormPage{Form: formView{Action: "/cadre-opinions/new", Submit: tr(l, "cop.new.submit"), Cancel: "/cadre-opinions", Alert: alert,
		Sections: []section{{Rows: [][]field{{member, m.date("deadline", "cop.deadline", in.Get("deadline"), true)},
			{m.field("textarea", "note", "cop.note", in.Get("note"), false)}}}}}}
	p.Base = s.base(w, r, rq, tr(l, "cop.new.title"))
	p.Crumbs = []crumb{{Label: tr(l, "cop.list.title"), Href: "/cadre-opinions"}, {Label: p.Title}}
	return s.render(w, rq, status, "cadreopinion/form", p)
}

// copOpinionBranch is the branch of the member a request is about: the form
// names only the member, and app checks the pair.
func (s *server) copOpinionBranch(ctx context.Context, actor *dangjian.Actor, memberID int64) int64 {
	if memberID == 0 {
		return 0
	}
	m, err := s.app.Member(ctx, actor, memberID, false)
	if err != nil {
		return 0
	}
	return m.OrgID
}

func (s *server) copOpinionCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	fe := fieldErrors{}
	mid := parseID(f.Get("member_id"))
	if mid == 0 && f.Get("member_id") != "" {
		fe["member_id"] = "请填写党员编号"
	}
	in := app.CadreOpinionInput{MemberID: mid, OrgID: s.copOpinionBranch(r.Context(), rq.actor(), mid), Deadline: parseDate(fe, "deadline", f.Get("deadline")), Note: f.Get("note")}
	var out *dangjian.CadreOpinion
	var err error
	if len(fe) == 0 {
		if in.OrgID == 0 && mid != 0 {
			err = dangjian.Invalid{"member_id": "该党员不存在"}.Err()
		} else {
			out, err = s.app.RequestCadreOpinion(r.Context(), rq.actor(), in)
		}
	}
	if err = merge(fe, err); err != nil {
		if !formError(err) {
			return err
		}
		return s.copOpinionFormRender(w, r, rq, statusOf(err), f, err)
	}
	s.redirect(w, r, copOpinionHref(out.ID), "flash.cop_created")
	return nil
}

// copOpinionShowPage is one request, with the answer form for the branch.
type copOpinionShowPage struct {
	Base
	Row       copOpinionRow
	CanAnswer bool
	Opinion   field
	Reasons   field
	Alert     string
}

func (s *server) copOpinionShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.copOpinionShowRender(w, r, rq, http.StatusOK, url.Values{}, nil)
}

func (s *server) copOpinionShowRender(w http.ResponseWriter, r *http.Request, rq *request, status int, in url.Values, failed error) error {
	l, actor := rq.lang, rq.actor()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.app.CadreOpinion(r.Context(), actor, id)
	if err != nil {
		return err
	}
	p := &copOpinionShowPage{Row: copNewOpinionRow(l, c), CanAnswer: c.Status == dangjian.OpinionPending && app.CanAnswerCadreOpinion(actor, c)}
	fe := fieldErrors{}
	if failed != nil {
		fe, p.Alert = errorsOf(l, failed)
	}
	m := formMaker{lang: l, errors: fe}
	p.Opinion = m.field("radio", "opinion", "cop.opinion", in.Get("opinion"), true)
	for _, o := range dangjian.Opinions {
		p.Opinion.Options = append(p.Opinion.Options, option{Value: o, Label: copOpinionName(l, o), Selected: o == in.Get("opinion")})
	}
	p.Reasons = m.field("textarea", "reasons", "cop.reasons", in.Get("reasons"), false)
	p.Reasons.Hint = tr(l, "cop.reasons.hint")
	p.Base = s.base(w, r, rq, tr(l, "cop.show.title", c.MemberName))
	p.Crumbs = []crumb{{Label: tr(l, "cop.list.title"), Href: "/cadre-opinions"}, {Label: p.Title}}
	p.PrintOrg = c.OrgName
	return s.render(w, rq, status, "cadreopinion/show", p)
}

func (s *server) copOpinionAnswer(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.app.AnswerCadreOpinion(r.Context(), rq.actor(), id, r.PostFormValue("opinion"), r.PostFormValue("reasons")); err != nil {
		if !formError(err) {
			return err
		}
		return s.copOpinionShowRender(w, r, rq, statusOf(err), r.PostForm, err)
	}
	s.redirect(w, r, copOpinionHref(id), "flash.cop_answered")
	return nil
}
