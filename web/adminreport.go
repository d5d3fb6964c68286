package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// ratingText names a rating in lang.
func ratingText(l, r string) string {
	switch r {
	case dangjian.RatingSatisfied:
		return tr(l, "areport.rating.satisfied")
	case dangjian.RatingBasic:
		return tr(l, "areport.rating.basically_satisfied")
	case dangjian.RatingDissatisfied:
		return tr(l, "areport.rating.dissatisfied")
	}
	return r
}

func reportHref(id int64) string { return "/admin-reports/" + itoa(id) }

type reportRow struct {
	*dangjian.AdminReport
	StateText string
	Closed    bool
	On        string
}

// reportListPage is the administrative heads' reports of a subtree in a
// year, with how the organization stands against eval.admin_head.report.
type reportListPage struct {
	Base
	O       *app.OrgDetail
	Year    int
	Prev    string
	Next    string
	Rows    []reportRow
	Due     *app.ReportDue
	DueText string
	CanNew  bool
	Export  string
}

func (s *server) reportList(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, l := r.Context(), rq.lang
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	rs, _, err := s.app.AdminReports(ctx, rq.actor(), app.AdminReportQuery{OrgID: d.ID, Year: year}, app.Page{PerPage: 500})
	if err != nil {
		return err
	}
	due, err := s.app.AdminReportDue(ctx, rq.actor(), d.ID, year)
	if err != nil {
		return err
	}
	p := &reportListPage{O: d, Year: year, Due: due, DueText: tr(l, "areport.due", due.Required, due.Given),
		CanNew: canRecord(rq.actor(), d.Path), Export: orgHref(d.ID) + "/admin-reports/export?year=" + strconv.Itoa(year),
		Prev: orgHref(d.ID) + "/admin-reports?year=" + strconv.Itoa(year-1)}
	if year < s.app.Today().Year() {
		p.Next = orgHref(d.ID) + "/admin-reports?year=" + strconv.Itoa(year+1)
	}
	for _, rep := range rs {
		p.Rows = append(p.Rows, reportRow{AdminReport: rep, Closed: rep.State == dangjian.ReportClosed, StateText: reportStateText(l, rep.State),
			On: formatDate(l, rep.ReportedOn)})
	}
	p.Base = s.base(w, r, rq, tr(l, "areport.list.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "areport.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "adminreport/list", p)
}

func reportStateText(l, st string) string {
	if st == dangjian.ReportClosed {
		return tr(l, "areport.state.closed")
	}
	return tr(l, "areport.state.open")
}

// reportFormPage records a report.
type reportFormPage struct {
	Base
	O    *app.OrgDetail
	Form formView
}

type reportForm struct{ Reporter, Title, Body, Meeting, On string }

func (s *server) reportNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.recordableOrg(r.Context(), rq, id)
	if err != nil {
		return err
	}
	return s.reportNewPage(w, r, rq, http.StatusOK, d, reportForm{On: s.app.Today().String()}, nil)
}

func (s *server) reportNewPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, f reportForm, ferr error) error {
	ctx, l := r.Context(), rq.lang
	fe, alert := fieldErrors{}, ""
	if ferr != nil {
		fe, alert = errorsOf(l, ferr)
	}
	m := formMaker{lang: l, errors: fe}
	ms, _, err := s.app.Meetings(ctx, rq.actor(), app.MeetingQuery{OrgID: d.ID}, app.Page{PerPage: 50})
	if err != nil {
		return err
	}
	sel := m.field("select", "meeting_id", "areport.meeting", f.Meeting, false)
	sel.Options = append(sel.Options, option{Value: "", Label: tr(l, "areport.meeting.none"), Selected: f.Meeting == ""})
	for _, mt := range ms {
		if mt.OrgID != d.ID {
			continue
		}
		v := itoa(mt.ID)
		sel.Options = append(sel.Options, option{Value: v, Label: formatTime(l, mt.HeldAt) + " " + mt.Topic, Selected: v == f.Meeting})
	}
	reporter := m.text("reporter", "areport.reporter", f.Reporter, true)
	reporter.Hint = tr(l, "areport.reporter.hint")
	p := &reportFormPage{O: d}
	p.Form = formView{Action: orgHref(d.ID) + "/admin-reports/new", Submit: tr(l, "areport.new.submit"), Cancel: orgHref(d.ID) + "/admin-reports", Alert: alert,
		Sections: []section{{Rows: [][]field{
			{reporter, m.date("reported_on", "areport.reported_on", f.On, true)},
			{m.text("title", "areport.title_f", f.Title, true)},
			{m.field("textarea", "body", "areport.body", f.Body, true)},
			{sel},
		}}}}
	p.Base = s.base(w, r, rq, tr(l, "areport.new.title"))
	p.Crumbs = crumbsFor(d, tr(l, "areport.new.title"))
	return s.render(w, rq, status, "adminreport/form", p)
}

func (s *server) reportCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
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
	f := reportForm{Reporter: r.PostFormValue("reporter"), Title: r.PostFormValue("title"), Body: r.PostFormValue("body"),
		Meeting: r.PostFormValue("meeting_id"), On: r.PostFormValue("reported_on")}
	fe := fieldErrors{}
	in := dangjian.AdminReport{OrgID: id, Reporter: f.Reporter, Title: f.Title, Body: f.Body, ReportedOn: parseDate(fe, "reported_on", f.On)}
	if mid := parseID(f.Meeting); mid > 0 {
		in.MeetingID = &mid
	}
	var rep *dangjian.AdminReport
	if len(fe) > 0 {
		err = merge(fe, in.Validate(s.app.Today()))
	} else {
		rep, err = s.app.RecordAdminReport(r.Context(), rq.actor(), in)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.reportNewPage(w, r, rq, statusOf(err), d, f, err)
	}
	s.redirect(w, r, reportHref(rep.ID), "flash.areport_recorded")
	return nil
}

// reportShowPage is a report: its text, the member's rating form, the
// secretary's paper count and close, and the results once closed.
type reportShowPage struct {
	Base
	R         *app.AdminReportDetail
	On        string
	StateText string
	CanRate   bool
	Rated     string
	Ratings   []option
	Voters    []evalVoterView
	Results   []resultRow
	Alert     string
	Errors    []string
	Paper     []paperVoter
	PaperVals map[string]string
	Source    string
	Chart     string // the ratings as a pie; the table has the same numbers
}

type resultRow struct {
	Label string
	Count int
	Share string
}

func (s *server) reportShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.reportShowPage(w, r, rq, http.StatusOK, id, nil, nil)
}

func (s *server) reportShowPage(w http.ResponseWriter, r *http.Request, rq *request, status int, id int64, form map[string][]string, ferr error) error {
	ctx, l := r.Context(), rq.lang
	d, err := s.app.AdminReport(ctx, rq.actor(), id)
	if err != nil {
		return err
	}
	p := &reportShowPage{R: d, On: formatDate(l, d.ReportedOn), StateText: reportStateText(l, d.State), PaperVals: map[string]string{},
		Source: s.app.Rules().Get("eval.admin_head.report").Source}
	if ferr != nil {
		_, p.Alert = errorsOf(l, ferr)
		for _, v := range dangjian.ErrorFields(ferr) {
			p.Errors = append(p.Errors, msgIn(l, v))
		}
	}
	p.CanRate = d.State == dangjian.ReportOpen && d.Mine != nil && !d.Mine.Voted
	p.Rated = voterStatus(l, d.Mine)
	for _, rt := range dangjian.Ratings {
		p.Ratings = append(p.Ratings, option{Value: rt, Label: ratingText(l, rt)})
	}
	picked := map[string]bool{}
	for _, v := range form["voter"] {
		picked[v] = true
	}
	for k, vs := range form {
		if len(vs) > 0 {
			p.PaperVals[k] = vs[0]
		}
	}
	for _, v := range d.Turnout {
		vv := evalVoterView{Name: v.Name, Status: tr(l, "eval.voter.not_yet"), Cls: "plain"}
		switch {
		case v.Paper:
			vv.Status, vv.Cls = tr(l, "eval.voter.paper"), "met"
		case v.Voted:
			vv.Status, vv.Cls = tr(l, "eval.voter.online"), "met"
		default:
			p.Paper = append(p.Paper, paperVoter{MemberID: v.MemberID, Name: v.Name, Checked: picked[itoa(v.MemberID)]})
		}
		p.Voters = append(p.Voters, vv)
	}
	if c := d.Results; c != nil {
		total := c.Total()
		for _, x := range []struct {
			r string
			n int
		}{{dangjian.RatingSatisfied, c.Satisfied}, {dangjian.RatingBasic, c.Basic}, {dangjian.RatingDissatisfied, c.Dissatisfied}} {
			share := "—"
			if total > 0 {
				share = rateText(float64(x.n) / float64(total))
			}
			p.Results = append(p.Results, resultRow{Label: ratingText(l, x.r), Count: x.n, Share: share})
		}
		if total > 0 {
			data := make([]any, len(p.Results))
			for i, rr := range p.Results {
				data[i] = map[string]any{"name": rr.Label, "value": rr.Count}
			}
			p.Chart = chartJSON(map[string]any{
				"tooltip": map[string]any{"trigger": "item"},
				"legend":  map[string]any{"top": 0},
				"series":  []any{map[string]any{"type": "pie", "radius": []string{"40%", "70%"}, "top": 24, "data": data}},
			})
		}
	}
	p.Base = s.base(w, r, rq, d.Title)
	p.Charts = p.Chart != ""
	last := tr(l, "areport.show.crumb")
	if od, err := s.app.Org(ctx, rq.actor(), d.OrgID); err == nil {
		p.Crumbs = append(crumbsFor(od, ""), crumb{Label: tr(l, "areport.crumb"), Href: orgHref(d.OrgID) + "/admin-reports"}, crumb{Label: last})
	} else {
		p.Crumbs = []crumb{{Label: tr(l, "nav.ballots"), Href: "/ballots"}, {Label: last}}
	}
	p.PrintOrg = d.OrgName
	return s.render(w, rq, status, "adminreport/show", p)
}

func (s *server) reportRate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.app.RateAdminReport(r.Context(), rq.actor(), id, r.PostFormValue("rating")); err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT && dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
			return err
		}
		return s.reportShowPage(w, r, rq, statusOf(err), id, nil, err)
	}
	s.redirect(w, r, reportHref(id), "flash.areport_rated")
	return nil
}

func (s *server) reportPaper(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := app.PaperRatings{}
	for _, v := range r.PostForm["voter"] {
		if n := parseID(v); n > 0 {
			in.MemberIDs = append(in.MemberIDs, n)
		}
	}
	fe := fieldErrors{}
	in.Counts.Satisfied = parseInt(fe, "counts", r.PostFormValue("satisfied"))
	in.Counts.Basic = parseInt(fe, "counts", r.PostFormValue("basically_satisfied"))
	in.Counts.Dissatisfied = parseInt(fe, "counts", r.PostFormValue("dissatisfied"))
	if err = invalid(fe); err == nil {
		_, err = s.app.RecordPaperRatings(r.Context(), rq.actor(), id, in)
	}
	if err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			return err
		}
		return s.reportShowPage(w, r, rq, statusOf(err), id, r.PostForm, err)
	}
	s.redirect(w, r, reportHref(id), "flash.areport_paper_saved")
	return nil
}

func (s *server) reportClose(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.app.CloseAdminReport(r.Context(), rq.actor(), id); err != nil {
		if dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			return err
		}
		return s.reportShowPage(w, r, rq, statusOf(err), id, nil, err)
	}
	s.redirect(w, r, reportHref(id), "flash.areport_closed")
	return nil
}

func (s *server) reportExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ex, err := s.app.ExportAdminReports(r.Context(), rq.actor(), id, s.yearOf(r), formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// paragraphs splits a report's text for display.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Paragraphs is the report's text by paragraph.
func (p *reportShowPage) Paragraphs() []string { return paragraphs(p.R.Body) }
