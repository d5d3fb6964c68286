package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func rectHref(id int64) string { return "/rectifications/" + strconv.FormatInt(id, 10) }

// rectStatusName names a rectification status in lang.
func rectStatusName(l, st string) string {
	switch st {
	case dangjian.RectOpen:
		return tr(l, "rect.status.open")
	case dangjian.RectInProgress:
		return tr(l, "rect.status.in_progress")
	case dangjian.RectDone:
		return tr(l, "rect.status.done")
	case dangjian.RectVerified:
		return tr(l, "rect.status.verified")
	}
	return st
}

// rectStatusClass maps a status to the status colour class.
func rectStatusClass(st string, overdue bool) string {
	switch {
	case overdue:
		return "missing"
	case st == dangjian.RectVerified:
		return "met"
	case st == dangjian.RectDone:
		return "upcoming"
	}
	return "due"
}

// rectSourceName names a source in lang.
func rectSourceName(l, src string) string {
	switch src {
	case dangjian.SourceLifeMeeting:
		return tr(l, "rect.source.life_meeting")
	case dangjian.SourceDLM:
		return tr(l, "rect.source.democratic_life_meeting")
	case dangjian.SourceReport:
		return tr(l, "rect.source.report")
	case dangjian.SourceInspection:
		return tr(l, "rect.source.inspection")
	case dangjian.SourceHealthCheck:
		return tr(l, "rect.source.health_check")
	case dangjian.SourceOther:
		return tr(l, "rect.source.other")
	}
	return src
}

// rectRow is an item as lists draw it.
type rectRow struct {
	R           *dangjian.Rectification
	StatusLabel string
	StatusClass string
	SourceLabel string
	Href        string
}

func newRectRow(l string, r *dangjian.Rectification) rectRow {
	return rectRow{R: r, StatusLabel: rectStatusName(l, r.Status), StatusClass: rectStatusClass(r.Status, r.Overdue),
		SourceLabel: rectSourceName(l, r.Source), Href: rectHref(r.ID)}
}

func rectRows(l string, list []*dangjian.Rectification) []rectRow {
	out := make([]rectRow, 0, len(list))
	for _, r := range list {
		out = append(out, newRectRow(l, r))
	}
	return out
}

// rectFilter is the ledger's filters as the URL carries them.
type rectFilter struct {
	Status  string
	Source  string
	Year    string
	Overdue bool
}

func rectFilterOf(r *http.Request) (rectFilter, app.RectQuery) {
	q := r.URL.Query()
	f := rectFilter{Status: q.Get("status"), Source: q.Get("source"), Year: q.Get("year"), Overdue: q.Get("overdue") == "1"}
	if !dangjian.ValidRectStatus(f.Status) {
		f.Status = ""
	}
	if !dangjian.ValidRectSource(f.Source) {
		f.Source = ""
	}
	y, err := strconv.Atoi(f.Year)
	if err != nil || y < 1921 || y > 9999 {
		f.Year, y = "", 0
	}
	return f, app.RectQuery{Status: f.Status, Source: f.Source, Year: y, Overdue: f.Overdue}
}

func (f rectFilter) values() url.Values {
	v := url.Values{"status": {f.Status}, "source": {f.Source}, "year": {f.Year}}
	if f.Overdue {
		v.Set("overdue", "1")
	}
	return v
}

// rectListPage is an organization's ledger (its whole subtree), filtered.
type rectListPage struct {
	Base
	O        *app.OrgDetail
	F        rectFilter
	Statuses []option
	Sources  []option
	Rows     []rectRow
	Pager    pager
	CanWrite bool
	Year     int
}

// ExportHref is the export of the list on screen.
func (p *rectListPage) ExportHref(format string) string {
	v := p.F.values()
	v.Set("org", strconv.FormatInt(p.O.ID, 10))
	return "/rectifications/export?" + exportQuery(v, format)
}

func (s *server) rectList(w http.ResponseWriter, r *http.Request, rq *request) error {
	l, actor := rq.lang, rq.actor()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Org(r.Context(), actor, id)
	if err != nil {
		return err
	}
	f, q := rectFilterOf(r)
	q.OrgID = id
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	list, total, err := s.app.Rectifications(r.Context(), actor, q, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	p := &rectListPage{O: d, F: f, Rows: rectRows(l, list), CanWrite: app.CanUpdateRectification(actor, d.Path), Year: s.app.Today().Year()}
	if q.Year != 0 {
		p.Year = q.Year
	}
	p.Statuses = append(p.Statuses, option{Value: "", Label: tr(l, "filter.all"), Selected: f.Status == ""})
	for _, st := range dangjian.RectStatuses {
		p.Statuses = append(p.Statuses, option{Value: st, Label: rectStatusName(l, st), Selected: st == f.Status})
	}
	p.Sources = append(p.Sources, option{Value: "", Label: tr(l, "filter.all"), Selected: f.Source == ""})
	for _, src := range dangjian.RectSources {
		p.Sources = append(p.Sources, option{Value: src, Label: rectSourceName(l, src), Selected: src == f.Source})
	}
	p.Pager = newPager(r.URL, total, page, per, "items", "")
	p.Base = s.base(w, r, rq, tr(l, "rect.list.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "rect.crumb"))
	return s.render(w, rq, http.StatusOK, "rectification/list", p)
}

// rectExport sends the ledger (the list's filters, org a subtree).
func (s *server) rectExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	_, q := rectFilterOf(r)
	q.OrgID = parseID(r.URL.Query().Get("org"))
	ex, err := s.app.ExportRectifications(r.Context(), rq.actor(), q, r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// rectFormPage is the form of a new item.
type rectFormPage struct {
	Base
	O    *app.OrgDetail
	Form formView
}

func (s *server) rectNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	in := url.Values{"source": {q.Get("source")}, "meeting_id": {q.Get("meeting")}, "year": {q.Get("year")}}
	return s.rectFormRender(w, r, rq, http.StatusOK, in, nil)
}

// rectifyingOrg reads the organization of the path for a form only its
// rectification writers may fill in (a new item, a secretary's report).
func (s *server) rectifyingOrg(r *http.Request, rq *request) (*app.OrgDetail, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	d, err := s.app.Org(r.Context(), rq.actor(), id)
	if err != nil {
		return nil, err
	}
	if !app.CanUpdateRectification(rq.actor(), d.Path) {
		return nil, dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作")
	}
	return d, nil
}

func (s *server) rectFormRender(w http.ResponseWriter, r *http.Request, rq *request, status int, in url.Values, failed error) error {
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
	source := m.choice("select", "source", "rect.source", in.Get("source"), true, "", nil)
	source.Options = append(source.Options, option{Value: "", Label: tr(l, "form.choose")})
	for _, src := range dangjian.RectSources {
		source.Options = append(source.Options, option{Value: src, Label: rectSourceName(l, src), Selected: src == in.Get("source")})
	}
	owner := m.field("select", "owner_id", "rect.owner", in.Get("owner_id"), false)
	owner.Options = []option{{Value: "", Label: tr(l, "rect.owner.none")}}
	if due, err := s.app.MeetingRoster(r.Context(), actor, id, dangjian.MeetingAssembly); err == nil {
		for _, p := range due {
			v := strconv.FormatInt(p.MemberID, 10)
			owner.Options = append(owner.Options, option{Value: v, Label: p.Name, Selected: v == in.Get("owner_id")})
		}
	}
	problem := m.field("textarea", "problem", "rect.problem", in.Get("problem"), true)
	measures := m.field("textarea", "measures", "rect.measures", in.Get("measures"), false)
	deadline := m.date("deadline", "rect.deadline", in.Get("deadline"), true)
	year := m.field("number", "year", "rect.year", in.Get("year"), false)
	year.Short, year.Hint = true, tr(l, "rect.year.hint")
	rows := [][]field{{source}, {problem}, {measures}, {owner, deadline, year}}
	if mid := in.Get("meeting_id"); mid != "" {
		rows = append(rows, []field{{Name: "meeting_id", Type: "hidden", Value: mid}})
		if e := fe["meeting_id"]; e != "" && alert == "" {
			alert = e
		}
	}
	p := &rectFormPage{O: d, Form: formView{Action: "/orgs/" + strconv.FormatInt(id, 10) + "/rectifications/new", Submit: tr(l, "rect.new.submit"),
		Cancel: "/orgs/" + strconv.FormatInt(id, 10) + "/rectifications", Alert: alert, Sections: []section{{Rows: rows}}}}
	if fe["meeting_id"] != "" {
		p.Form.Alert = fe["meeting_id"]
	}
	p.Base = s.base(w, r, rq, tr(l, "rect.new.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "rect.new.crumb"))
	return s.render(w, rq, status, "rectification/form", p)
}

func (s *server) rectCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	fe := fieldErrors{}
	in := app.RectificationInput{OrgID: id, Source: f.Get("source"), Problem: f.Get("problem"), Measures: f.Get("measures"),
		Deadline: parseDate(fe, "deadline", f.Get("deadline")), Year: parseInt(fe, "year", f.Get("year"))}
	if oid := parseID(f.Get("owner_id")); oid != 0 {
		in.OwnerID = &oid
	}
	if mid := parseID(f.Get("meeting_id")); mid != 0 {
		in.MeetingID = &mid
	}
	var out *dangjian.Rectification
	if len(fe) == 0 {
		out, err = s.app.CreateRectification(r.Context(), rq.actor(), in)
	} else {
		// Show the domain's complaints too, so the form lists every problem at once.
		it := dangjian.Rectification{OrgID: in.OrgID, Source: in.Source, Problem: in.Problem, Measures: in.Measures, Deadline: in.Deadline, Year: in.Year}
		err = it.Validate(s.app.Today())
	}
	if err = merge(fe, err); err != nil {
		if !formError(err) {
			return err
		}
		return s.rectFormRender(w, r, rq, statusOf(err), f, err)
	}
	s.redirect(w, r, rectHref(out.ID), "flash.rect_created")
	return nil
}

// rectShowPage is one item: its record, its timeline, the update form for
// the responsible organization and the verification for the level above.
type rectShowPage struct {
	Base
	Row        rectRow
	Timeline   []rectNote
	CanUpdate  bool
	CanVerify  bool
	Update     formView
	VerifyNote field
	Alert      string
}

type rectNote struct {
	N     *dangjian.RectificationNote
	Note  string
	From  string
	Label string
	Class string
}

// rectNoteText shows a timeline note in lang: the note app writes when an
// item is recorded is translated; the rest is the users' own text.
func rectNoteText(l, note string) string {
	if note == "登记整改事项" {
		return tr(l, "rect.note.created")
	}
	return note
}

func (s *server) rectShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.rectShowRender(w, r, rq, http.StatusOK, nil, nil)
}

func (s *server) rectShowRender(w http.ResponseWriter, r *http.Request, rq *request, status int, in url.Values, failed error) error {
	l, actor := rq.lang, rq.actor()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	it, err := s.app.Rectification(r.Context(), actor, id)
	if err != nil {
		return err
	}
	p := &rectShowPage{Row: newRectRow(l, it)}
	for _, n := range it.Updates {
		rn := rectNote{N: n, Note: rectNoteText(l, n.Note), Label: rectStatusName(l, n.Status), Class: rectStatusClass(n.Status, false)}
		if n.FromStatus != "" && n.FromStatus != n.Status {
			rn.From = rectStatusName(l, n.FromStatus)
		}
		p.Timeline = append(p.Timeline, rn)
	}
	fe := fieldErrors{}
	if failed != nil {
		fe, p.Alert = errorsOf(l, failed)
	}
	if in == nil {
		in = url.Values{}
	}
	m := formMaker{lang: l, errors: fe}
	var next []string
	for _, st := range dangjian.RectTransitions(it.Status) {
		if st != dangjian.RectVerified {
			next = append(next, st)
		}
	}
	p.CanUpdate = len(next) > 0 && app.CanUpdateRectification(actor, it.OrgPath)
	p.CanVerify = it.Status == dangjian.RectDone && app.CanVerify(actor, it.OrgPath)
	if p.CanUpdate {
		cur := in.Get("status")
		if cur == "" {
			cur = next[0]
		}
		st := m.field("select", "status", "rect.status", cur, true)
		for _, v := range next {
			st.Options = append(st.Options, option{Value: v, Label: rectStatusName(l, v), Selected: v == cur})
		}
		prog := in.Get("progress")
		if prog == "" {
			prog = strconv.Itoa(it.Progress)
		}
		pf := m.field("number", "progress", "rect.progress", prog, false)
		pf.Short, pf.Hint = true, tr(l, "rect.progress.hint")
		p.Update = formView{Action: rectHref(id) + "/update", Submit: tr(l, "rect.update.submit"), Sections: []section{{Rows: [][]field{
			{st, pf}, {m.field("textarea", "note", "rect.note", in.Get("note"), true)}, {m.field("textarea", "evidence", "rect.evidence", in.Get("evidence"), false)},
		}}}}
	}
	if p.CanVerify {
		p.VerifyNote = m.field("textarea", "verify_note", "rect.verify.note", in.Get("verify_note"), false)
		p.VerifyNote.Error = fe["note"]
	}
	p.Base = s.base(w, r, rq, tr(l, "rect.show.title", it.ID))
	p.Crumbs = []crumb{{Label: it.OrgName, Href: orgHref(it.OrgID)}, {Label: tr(l, "rect.crumb"), Href: orgHref(it.OrgID) + "/rectifications"}, {Label: p.Title}}
	p.PrintOrg = it.OrgName
	return s.render(w, rq, status, "rectification/show", p)
}

// rectUpdate takes the update form, and the verification (verify=1).
func (s *server) rectUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	fe := fieldErrors{}
	in := app.RectUpdateInput{Status: f.Get("status"), Note: f.Get("note"), Evidence: f.Get("evidence")}
	flash := "flash.rect_updated"
	if f.Get("verify") == "1" {
		in = app.RectUpdateInput{Status: dangjian.RectVerified, Note: f.Get("verify_note")}
		flash = "flash.rect_verified"
	} else if strings.TrimSpace(f.Get("progress")) != "" {
		n := parseInt(fe, "progress", f.Get("progress"))
		in.Progress = &n
	}
	if len(fe) == 0 {
		_, err = s.app.UpdateRectification(r.Context(), rq.actor(), id, in)
	}
	if err = merge(fe, err); err != nil {
		if !formError(err) {
			return err
		}
		return s.rectShowRender(w, r, rq, statusOf(err), f, err)
	}
	s.redirect(w, r, rectHref(id), flash)
	return nil
}

// rectRollupPage is the ledger rolled up by child organizations, with
// drill-down and sortable columns.
type rectRollupPage struct {
	Base
	O     *app.OrgDetail
	F     rectFilter
	Sort  string
	Total dangjian.RectCounts
	Rows  []rectRollupRow
	Cols  []rectCol
	Chart string
}

type rectRollupRow struct {
	dangjian.RectRollupRow
	Share    int
	ListHref string
	DownHref string
}

type rectCol struct {
	Label  string
	Href   string
	Active bool
}

// ExportHref is the roll-up as a file.
func (p *rectRollupPage) ExportHref(format string) string {
	v := p.F.values()
	v.Set("sort", p.Sort)
	return "/orgs/" + strconv.FormatInt(p.O.ID, 10) + "/rectifications/rollup/export?" + exportQuery(v, format)
}

func (s *server) rectRollup(w http.ResponseWriter, r *http.Request, rq *request) error {
	l, actor := rq.lang, rq.actor()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Org(r.Context(), actor, id)
	if err != nil {
		return err
	}
	f, q := rectFilterOf(r)
	q.Overdue, f.Overdue = false, false
	sort := r.URL.Query().Get("sort")
	if !containsStr(dangjian.RectRollupSorts, sort) {
		sort = "overdue"
	}
	ru, err := s.app.RectificationRollup(r.Context(), actor, id, q, sort)
	if err != nil {
		return err
	}
	p := &rectRollupPage{O: d, F: f, Sort: sort, Total: ru.Total}
	base := "/orgs/" + strconv.FormatInt(id, 10) + "/rectifications/rollup?"
	for _, c := range []struct{ key, label string }{
		{"name", tr(l, "rect.rollup.org")}, {"total", tr(l, "rect.count.total")}, {"open", tr(l, "rect.status.open")},
		{"in_progress", tr(l, "rect.status.in_progress")}, {"done", tr(l, "rect.status.done")}, {"verified", tr(l, "rect.status.verified")},
		{"overdue", tr(l, "rect.count.overdue")},
	} {
		v := f.values()
		v.Set("sort", c.key)
		p.Cols = append(p.Cols, rectCol{Label: c.label, Href: base + rectQueryless(v), Active: c.key == sort})
	}
	names, overdue, open := []string{}, []int{}, []int{}
	for _, row := range ru.Rows {
		rr := rectRollupRow{RectRollupRow: row, Share: row.Counts.ClosedShare(), ListHref: orgHref(row.OrgID) + "/rectifications"}
		if !row.Self {
			v := f.values()
			v.Set("sort", sort)
			rr.DownHref = orgHref(row.OrgID) + "/rectifications/rollup?" + rectQueryless(v)
			if row.Counts.Total > 0 && len(names) < 20 {
				names = append(names, row.OrgName)
				overdue = append(overdue, row.Counts.Overdue)
				open = append(open, row.Counts.Open+row.Counts.InProgress-row.Counts.Overdue)
			}
		} else {
			rr.ListHref += "?" + rectQueryless(url.Values{})
		}
		p.Rows = append(p.Rows, rr)
	}
	if len(names) > 0 {
		p.Charts = true
		p.Chart = rectChart(map[string]any{
			"tooltip": map[string]any{"trigger": "axis"},
			"legend":  map[string]any{"data": []string{tr(l, "rect.count.overdue"), tr(l, "rect.chart.open")}},
			"xAxis":   map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"rotate": 30}},
			"yAxis":   map[string]any{"type": "value", "minInterval": 1},
			"series": []map[string]any{
				{"name": tr(l, "rect.count.overdue"), "type": "bar", "stack": "a", "data": overdue},
				{"name": tr(l, "rect.chart.open"), "type": "bar", "stack": "a", "data": open},
			},
		})
	}
	p.Base = s.base(w, r, rq, tr(l, "rect.rollup.title", d.Name))
	p.Base.Charts = p.Chart != ""
	p.Crumbs = crumbsFor(d, tr(l, "rect.rollup.crumb"))
	return s.render(w, rq, http.StatusOK, "rectification/rollup", p)
}

// rectChart encodes an ECharts option for data-chart.
func rectChart(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// rectQueryless encodes v without its empty values.
func rectQueryless(v url.Values) string {
	for k, vs := range v {
		if len(vs) == 0 || vs[0] == "" {
			delete(v, k)
		}
	}
	return v.Encode()
}

func (s *server) rectRollupExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	_, q := rectFilterOf(r)
	q.Overdue = false
	sort := r.URL.Query().Get("sort")
	if !containsStr(dangjian.RectRollupSorts, sort) {
		sort = ""
	}
	ex, err := s.app.ExportRectificationRollup(r.Context(), rq.actor(), id, q, sort, r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// rectLedgerPage is the printable ledger of an organization and year.
type rectLedgerPage struct {
	Base
	O      *app.OrgDetail
	Year   int
	Prev   string
	Next   string
	L      *app.RectLedger
	Rows   []rectLedgerRow
	Counts dangjian.RectCounts
}

type rectLedgerRow struct {
	rectRow
	Last     *dangjian.RectificationNote
	LastNote string
}

func (s *server) rectLedger(w http.ResponseWriter, r *http.Request, rq *request) error {
	l, actor := rq.lang, rq.actor()
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	led, err := s.app.RectificationLedger(r.Context(), actor, d.ID, year)
	if err != nil {
		return err
	}
	p := &rectLedgerPage{O: d, Year: year, L: led, Counts: led.Counts}
	href := "/orgs/" + strconv.FormatInt(d.ID, 10) + "/rectification-ledger?year="
	p.Prev = href + strconv.Itoa(year-1)
	if year < s.app.Today().Year() {
		p.Next = href + strconv.Itoa(year+1)
	}
	for _, it := range led.Items {
		row := rectLedgerRow{rectRow: newRectRow(l, it)}
		if n := len(it.Updates); n > 0 {
			row.Last = it.Updates[n-1]
			row.LastNote = rectNoteText(l, row.Last.Note)
		}
		p.Rows = append(p.Rows, row)
	}
	p.Base = s.base(w, r, rq, tr(l, "rect.ledger.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "rect.ledger.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "rectification/ledger", p)
}
