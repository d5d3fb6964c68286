package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func srepReportHref(id int64) string { return "/secretary-reports/" + strconv.FormatInt(id, 10) }

// srepGradeName names a report grade in lang.
func srepGradeName(l, g string) string {
	switch g {
	case dangjian.GradeGood:
		return tr(l, "srep.grade.good")
	case dangjian.GradeFairlyGood:
		return tr(l, "srep.grade.fairly_good")
	case dangjian.GradeAverage:
		return tr(l, "srep.grade.average")
	case dangjian.GradePoor:
		return tr(l, "srep.grade.poor")
	}
	return ""
}

func srepGradeClass(g string) string {
	switch g {
	case dangjian.GradeGood, dangjian.GradeFairlyGood:
		return "met"
	case dangjian.GradePoor:
		return "missing"
	}
	return "due"
}

type srepReportRow struct {
	R          *dangjian.SecretaryReport
	Grade      string
	GradeClass string
	Status     string
	Href       string
}

func srepNewReportRow(l string, r *dangjian.SecretaryReport) srepReportRow {
	row := srepReportRow{R: r, Grade: srepGradeName(l, r.Grade), GradeClass: srepGradeClass(r.Grade), Status: tr(l, "srep.status.submitted"), Href: srepReportHref(r.ID)}
	if r.Status == dangjian.ReportGraded {
		row.Status = tr(l, "srep.status.graded")
	}
	return row
}

// srepReportListPage is a year's reports under an organization, with the
// grades counted.
type srepReportListPage struct {
	Base
	O         *app.OrgDetail
	Year      int
	Prev      string
	Next      string
	Grade     string
	Grades    []option
	Counts    *dangjian.ReportCounts
	GradeCnt  []srepReportCount
	Rows      []srepReportRow
	Pager     pager
	CanSubmit bool
}

type srepReportCount struct {
	Label string
	Class string
	N     int
}

// ExportHref is the list as a file.
func (p *srepReportListPage) ExportHref(format string) string {
	return "/secretary-reports/export?" + exportQuery(url.Values{"org": {strconv.FormatInt(p.O.ID, 10)}, "year": {strconv.Itoa(p.Year)}, "grade": {p.Grade}}, format)
}

func (s *server) srepReportList(w http.ResponseWriter, r *http.Request, rq *request) error {
	l, actor := rq.lang, rq.actor()
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	grade := r.URL.Query().Get("grade")
	if !slices.Contains(dangjian.SecretaryGrades, grade) {
		grade = ""
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	list, err := s.app.SecretaryReports(r.Context(), actor, app.SecretaryReportQuery{OrgID: d.ID, Year: year, Grade: grade}, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	p := &srepReportListPage{O: d, Year: year, Grade: grade, Counts: list.Counts,
		CanSubmit: slices.Contains(dangjian.ReportingKinds, d.Kind) && app.CanUpdateRectification(actor, d.Path)}
	p.Prev, p.Next = s.dlmYearLinks(d.ID, "/secretary-reports", year)
	p.Grades = []option{{Value: "", Label: tr(l, "filter.all"), Selected: grade == ""}}
	for _, g := range dangjian.SecretaryGrades {
		p.Grades = append(p.Grades, option{Value: g, Label: srepGradeName(l, g), Selected: g == grade})
		if list.Counts != nil {
			p.GradeCnt = append(p.GradeCnt, srepReportCount{Label: srepGradeName(l, g), Class: srepGradeClass(g), N: list.Counts.Grades[g]})
		}
	}
	for _, it := range list.Items {
		p.Rows = append(p.Rows, srepNewReportRow(l, it))
	}
	p.Pager = newPager(r.URL, list.Total, page, per, "items", "")
	p.Base = s.base(w, r, rq, tr(l, "srep.list.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "srep.crumb"))
	return s.render(w, rq, http.StatusOK, "secretaryreport/list", p)
}

func (s *server) srepReportExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	sq := app.SecretaryReportQuery{OrgID: parseID(q.Get("org")), Grade: q.Get("grade")}
	if !slices.Contains(dangjian.SecretaryGrades, sq.Grade) {
		sq.Grade = ""
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y > 1920 {
		sq.Year = y
	}
	ex, err := s.app.ExportSecretaryReports(r.Context(), rq.actor(), sq, q.Get("format"))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// srepReportFormPage is the secretary's submission.
type srepReportFormPage struct {
	Base
	O    *app.OrgDetail
	Form formView
}

func (s *server) srepReportNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.srepReportFormRender(w, r, rq, http.StatusOK, url.Values{"year": {strconv.Itoa(s.yearOf(r))}}, nil)
}

func (s *server) srepReportFormRender(w http.ResponseWriter, r *http.Request, rq *request, status int, in url.Values, failed error) error {
	l, actor := rq.lang, rq.actor()
	d, err := s.rectifyingOrg(r, rq)
	if err != nil {
		return err
	}
	id := d.ID
	fe, alert := fieldErrors{}, ""
	if failed != nil {
		fe, alert = errorsOf(l, failed)
	}
	m := formMaker{lang: l, errors: fe}
	year := m.field("number", "year", "srep.year", in.Get("year"), true)
	year.Short = true
	member := m.field("select", "member_id", "srep.member", in.Get("member_id"), false)
	member.Options = []option{{Value: "", Label: tr(l, "srep.member.secretary")}}
	if due, err := s.app.MeetingRoster(r.Context(), actor, id, dangjian.MeetingCommittee); err == nil {
		for _, p := range due {
			v := strconv.FormatInt(p.MemberID, 10)
			member.Options = append(member.Options, option{Value: v, Label: p.Name, Selected: v == in.Get("member_id")})
		}
	}
	p := &srepReportFormPage{O: d, Form: formView{Action: orgHref(id) + "/secretary-reports/new", Submit: tr(l, "srep.new.submit"),
		Cancel: orgHref(id) + "/secretary-reports", Alert: alert, Sections: []section{{Rows: [][]field{
			{year, member}, {m.field("textarea", "report", "srep.report", in.Get("report"), true)},
		}}}}}
	if fe["org_id"] != "" {
		p.Form.Alert = fe["org_id"]
	}
	p.Base = s.base(w, r, rq, tr(l, "srep.new.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "srep.new.crumb"))
	return s.render(w, rq, status, "secretaryreport/form", p)
}

func (s *server) srepReportCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	fe := fieldErrors{}
	in := app.SecretaryReportInput{OrgID: id, Year: parseInt(fe, "year", f.Get("year")), Report: f.Get("report")}
	if mid := parseID(f.Get("member_id")); mid != 0 {
		in.MemberID = &mid
	}
	var out *dangjian.SecretaryReport
	if len(fe) == 0 {
		out, err = s.app.SubmitSecretaryReport(r.Context(), rq.actor(), in)
	}
	if err = merge(fe, err); err != nil {
		if !formError(err) {
			return err
		}
		return s.srepReportFormRender(w, r, rq, statusOf(err), f, err)
	}
	s.redirect(w, r, srepReportHref(out.ID), "flash.srep_submitted")
	return nil
}

// srepReportShowPage is one report, its appraisal, the grading form for the
// level above, and the rectification items it produced.
type srepReportShowPage struct {
	Base
	Row      srepReportRow
	V        *app.SecretaryReportView
	Form     formView
	RectRows []rectRow
}

func (s *server) srepReportShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.srepReportShowRender(w, r, rq, http.StatusOK, url.Values{}, nil)
}

func (s *server) srepReportShowRender(w http.ResponseWriter, r *http.Request, rq *request, status int, in url.Values, failed error) error {
	l, actor := rq.lang, rq.actor()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.app.SecretaryReport(r.Context(), actor, id)
	if err != nil {
		return err
	}
	p := &srepReportShowPage{Row: srepNewReportRow(l, v.SecretaryReport), V: v, RectRows: rectRows(l, v.Rectifications)}
	if v.CanGrade {
		fe, alert := fieldErrors{}, ""
		if failed != nil {
			fe, alert = errorsOf(l, failed)
		}
		m := formMaker{lang: l, errors: fe}
		g := m.field("radio", "grade", "srep.grade", in.Get("grade"), true)
		for _, x := range dangjian.SecretaryGrades {
			g.Options = append(g.Options, option{Value: x, Label: srepGradeName(l, x), Selected: x == in.Get("grade")})
		}
		probs := m.field("textarea", "problems", "srep.problems", in.Get("problems"), false)
		probs.Hint = tr(l, "srep.problems.hint")
		p.Form = formView{Action: srepReportHref(id) + "/grade", Submit: tr(l, "srep.grade.submit"), Alert: alert, Sections: []section{{Rows: [][]field{
			{g}, {m.field("textarea", "comments", "srep.comments", in.Get("comments"), false)}, {probs},
			{m.date("deadline", "srep.deadline", in.Get("deadline"), false)},
		}}}}
	}
	p.Base = s.base(w, r, rq, tr(l, "srep.show.title", v.OrgName, v.Year))
	p.Crumbs = []crumb{{Label: v.OrgName, Href: orgHref(v.OrgID)}, {Label: tr(l, "srep.crumb"), Href: orgHref(v.OrgID) + "/secretary-reports?year=" + strconv.Itoa(v.Year)},
		{Label: p.Title}}
	p.PrintOrg = v.OrgName
	return s.render(w, rq, status, "secretaryreport/show", p)
}

func (s *server) srepReportGrade(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	fe := fieldErrors{}
	in := app.GradeInput{Grade: f.Get("grade"), Comments: f.Get("comments"), Problems: strings.Split(f.Get("problems"), "\n"),
		Deadline: parseDate(fe, "deadline", f.Get("deadline"))}
	if len(fe) == 0 {
		_, err = s.app.GradeSecretaryReport(r.Context(), rq.actor(), id, in)
	}
	if err = merge(fe, err); err != nil {
		if !formError(err) {
			return err
		}
		return s.srepReportShowRender(w, r, rq, statusOf(err), f, err)
	}
	s.redirect(w, r, srepReportHref(id), "flash.srep_graded")
	return nil
}
