package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// dlmReportName names the state of an oversight report in lang.
func dlmReportName(l, st string) string {
	switch st {
	case dangjian.DLMReportSent:
		return tr(l, "dlm.report.sent")
	case dangjian.DLMReportReceived:
		return tr(l, "dlm.report.received")
	}
	return tr(l, "dlm.report.none")
}

// dlmListPage is the leading groups of a subtree and their democratic
// life meeting of a year.
type dlmListPage struct {
	Base
	O    *app.OrgDetail
	Year int
	Prev string
	Next string
	Rows []dlmRow
	Held int
	Met  int
	Seen int
}

type dlmRow struct {
	dangjian.DLMStatus
	Href       string
	ReportText string
	Share      int
}

// ExportHref is the list as a file.
func (p *dlmListPage) ExportHref(format string) string {
	return "/orgs/" + strconv.FormatInt(p.O.ID, 10) + "/dlm/export?" + exportQuery(url.Values{"year": {strconv.Itoa(p.Year)}}, format)
}

// dlm is /orgs/{id}/dlm: a leading group's own page, or for any other
// organization the list of the leading groups below it.
func (s *server) dlm(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	if d.Kind == dangjian.KindLeadingGroup {
		return s.dlmShow(w, r, rq, http.StatusOK, d, year, nil, nil)
	}
	l, actor := rq.lang, rq.actor()
	list, _, err := s.app.DLMList(r.Context(), actor, d.ID, year)
	if err != nil {
		return err
	}
	p := &dlmListPage{O: d, Year: year}
	p.Prev, p.Next = s.dlmYearLinks(d.ID, "/dlm", year)
	for _, st := range list {
		row := dlmRow{DLMStatus: st, Href: orgHref(st.OrgID) + "/dlm?year=" + strconv.Itoa(year), ReportText: dlmReportName(l, st.ReportStatus),
			Share: st.Rect.ClosedShare()}
		if st.Held {
			p.Held++
			if st.Quorum.Met {
				p.Met++
			}
		}
		if st.Oversight {
			p.Seen++
		}
		p.Rows = append(p.Rows, row)
	}
	p.Base = s.base(w, r, rq, tr(l, "dlm.list.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "dlm.crumb"))
	return s.render(w, rq, http.StatusOK, "dlm/list", p)
}

// dlmYearLinks are the previous and next year of a yearly org page ("" for
// a year still to come).
func (s *server) dlmYearLinks(id int64, suffix string, year int) (string, string) {
	href := orgHref(id) + suffix + "?year="
	next := ""
	if year < s.app.Today().Year() {
		next = href + strconv.Itoa(year+1)
	}
	return href + strconv.Itoa(year-1), next
}

func (s *server) dlmExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ex, err := s.app.ExportDLMList(r.Context(), rq.actor(), id, s.yearOf(r), r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// dlmShowPage is one leading group's democratic life meeting of a year:
// the meeting, its quorum, the oversight form, the report and the
// rectification list.
type dlmShowPage struct {
	Base
	O          *app.OrgDetail
	V          *app.DLMView
	Year       int
	Prev       string
	Next       string
	QuorumRule string
	QuorumText string
	Meetings   []option
	Opinions   field
	Notes      field
	Critics    []dlmCriticRow
	Report     field
	Alert      string
	RectRows   []rectRow
	NewRect    string
}

type dlmCriticRow struct {
	MemberID int64
	Name     string
	Self     string
	Received string
	Error    string
}

// dlmOpinionLines writes gathered opinions one a line, "from：gist".
func dlmOpinionLines(ops []dangjian.DLMOpinion) string {
	var b strings.Builder
	for _, o := range ops {
		b.WriteString(o.From + "：" + o.Gist + "\n")
	}
	return b.String()
}

// dlmParseOpinions reads "from：gist" lines (a full- or half-width colon).
func dlmParseOpinions(fe fieldErrors, s string) []dangjian.DLMOpinion {
	var out []dangjian.DLMOpinion
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		from, gist, ok := strings.Cut(strings.Replace(line, "：", ":", 1), ":")
		if !ok || strings.TrimSpace(from) == "" || strings.TrimSpace(gist) == "" {
			fe["opinions"] = "每行一条意见，格式为“来源：要点”"
			continue
		}
		out = append(out, dangjian.DLMOpinion{From: strings.TrimSpace(from), Gist: strings.TrimSpace(gist)})
	}
	return out
}

func (s *server) dlmShow(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, year int, in url.Values, failed error) error {
	l, actor := rq.lang, rq.actor()
	v, err := s.app.DLM(r.Context(), actor, d.ID, year)
	if err != nil {
		return err
	}
	p := &dlmShowPage{O: d, V: v, Year: year}
	p.Prev, p.Next = s.dlmYearLinks(d.ID, "/dlm", year)
	x := s.app.Rules().Get("orglife.dlm.quorum")
	p.QuorumRule, p.QuorumText = x.ID, x.Zh
	if l == langEn {
		p.QuorumText = x.En
	}
	fe := fieldErrors{}
	if failed != nil {
		fe, p.Alert = errorsOf(l, failed)
	}
	m := formMaker{lang: l, errors: fe}
	ops, notes, report := "", "", ""
	saved := map[int64]dangjian.DLMCriticism{}
	if v.Oversight != nil {
		ops, notes = dlmOpinionLines(v.Oversight.Opinions), v.Oversight.Notes
		for _, c := range v.Oversight.Criticisms {
			saved[c.MemberID] = c
		}
	}
	if in != nil {
		ops, notes, report = in.Get("opinions"), in.Get("notes"), in.Get("report")
	}
	p.Opinions = m.field("textarea", "opinions", "dlm.opinions", ops, false)
	p.Opinions.Hint = tr(l, "dlm.opinions.hint")
	p.Notes = m.field("textarea", "notes", "dlm.notes", notes, false)
	p.Report = m.field("textarea", "report", "dlm.report", report, true)
	for _, mt := range v.Meetings {
		p.Meetings = append(p.Meetings, option{Value: strconv.FormatInt(mt.ID, 10), Label: formatTime(l, mt.HeldAt) + " " + mt.Topic,
			Selected: v.Meeting != nil && v.Meeting.ID == mt.ID})
	}
	if v.Meeting != nil {
		for i, a := range v.Meeting.Attendance {
			c := saved[a.MemberID]
			row := dlmCriticRow{MemberID: a.MemberID, Name: a.Name, Self: c.Self, Received: c.Received}
			if in != nil {
				id := strconv.FormatInt(a.MemberID, 10)
				row.Self, row.Received = in.Get("self_"+id), in.Get("recv_"+id)
			}
			row.Error = fe["criticisms["+strconv.Itoa(i)+"].member_id"]
			p.Critics = append(p.Critics, row)
		}
	}
	p.RectRows = rectRows(l, v.Rectification)
	nv := url.Values{"source": {dangjian.SourceDLM}, "year": {strconv.Itoa(year)}}
	if v.Meeting != nil {
		nv.Set("meeting", strconv.FormatInt(v.Meeting.ID, 10))
	}
	p.NewRect = orgHref(d.ID) + "/rectifications/new?" + nv.Encode()
	p.Base = s.base(w, r, rq, tr(l, "dlm.show.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "dlm.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, status, "dlm/show", p)
}

// dlmSave takes the oversight form.
func (s *server) dlmSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	fe := fieldErrors{}
	in := app.DLMOversightInput{Opinions: dlmParseOpinions(fe, f.Get("opinions")), Notes: f.Get("notes")}
	if mid := parseID(f.Get("meeting_id")); mid != 0 {
		in.MeetingID = &mid
		for _, idText := range f["member"] {
			id := parseID(idText)
			if id == 0 {
				continue
			}
			in.Criticisms = append(in.Criticisms, dangjian.DLMCriticism{MemberID: id, Self: f.Get("self_" + idText), Received: f.Get("recv_" + idText)})
		}
	}
	if len(fe) == 0 {
		_, err = s.app.SaveDLMOversight(r.Context(), rq.actor(), d.ID, year, in)
	}
	if err = merge(fe, err); err != nil {
		if !formError(err) {
			return err
		}
		return s.dlmShow(w, r, rq, statusOf(err), d, year, f, err)
	}
	s.redirect(w, r, orgHref(d.ID)+"/dlm?year="+strconv.Itoa(year), "flash.dlm_saved")
	return nil
}

// dlmReport sends the report upward, or (receive=1) takes it in.
func (s *server) dlmReport(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	flash := "flash.dlm_sent"
	if r.PostFormValue("receive") == "1" {
		_, err = s.app.ReceiveDLMReport(r.Context(), rq.actor(), d.ID, year)
		flash = "flash.dlm_received"
	} else {
		_, err = s.app.SendDLMReport(r.Context(), rq.actor(), d.ID, year, r.PostFormValue("report"))
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.dlmShow(w, r, rq, statusOf(err), d, year, r.PostForm, err)
	}
	s.redirect(w, r, orgHref(d.ID)+"/dlm?year="+strconv.Itoa(year), flash)
	return nil
}
