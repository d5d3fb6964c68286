package web

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// Education and training (issue 5): trainings with hours per participant,
// hours credited from meetings, each person's ledger against the yearly
// requirement, the organization's hours with shortfalls and the 以会代训
// flags, the calendar, the dashboard and the printable ledger.

// trainingKindName names a training kind in lang.
func trainingKindName(l, k string) string {
	switch k {
	case dangjian.TrainingConcentrated:
		return tr(l, "tkind.concentrated")
	case dangjian.TrainingSpecial:
		return tr(l, "tkind.special")
	case dangjian.TrainingReport:
		return tr(l, "tkind.report")
	case dangjian.TrainingSeminar:
		return tr(l, "tkind.seminar")
	case dangjian.TrainingPartySchool:
		return tr(l, "tkind.party_school")
	case dangjian.TrainingOnline:
		return tr(l, "tkind.online")
	case dangjian.TrainingBranchStudy:
		return tr(l, "tkind.branch_study")
	}
	return k
}

// hoursRoleName names whose requirement applies.
func hoursRoleName(l, role string) string {
	switch role {
	case dangjian.HoursRoleSecretary:
		return tr(l, "hours.role.secretary")
	case dangjian.HoursRoleCommittee:
		return tr(l, "hours.role.committee")
	}
	return tr(l, "hours.role.member")
}

// unitName names a duration unit.
func unitName(l, u string) string {
	switch u {
	case dangjian.UnitDay:
		return tr(l, "training.unit.day")
	case dangjian.UnitHalfDay:
		return tr(l, "training.unit.half_day")
	}
	return tr(l, "training.unit.hour")
}

func trainingKindOptions(l, sel string, all bool) []option {
	var out []option
	if all {
		out = append(out, option{Value: "", Label: tr(l, "filter.all"), Selected: sel == ""})
	}
	for _, k := range dangjian.TrainingKinds {
		out = append(out, option{Value: k, Label: trainingKindName(l, k), Selected: k == sel})
	}
	return out
}

func unitOptions(l, sel string) []option {
	var out []option
	for _, u := range []string{dangjian.UnitHour, dangjian.UnitHalfDay, dangjian.UnitDay} {
		out = append(out, option{Value: u, Label: unitName(l, u), Selected: u == sel})
	}
	return out
}

// hoursChart encodes an ECharts option; every chart has a table with the
// same numbers for when it cannot be drawn.
func hoursChart(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// hoursText writes hours as the pages show them: 32, 4.5.
func hoursText(h float64) string { return dangjian.FormatHours(h) }

// sharePct writes a share as a whole percentage.
func sharePct(share float64) string { return strconv.Itoa(int(math.Round(share*100))) + "%" }

// exportLinks are the CSV and xlsx links of a list.
type exportLinks struct{ CSV, XLSX string }

func exportLinksOf(base string, q url.Values) exportLinks {
	c, x := url.Values{}, url.Values{}
	for k, v := range q {
		if k != "page" && k != "per_page" && k != "format" {
			c[k], x[k] = v, v
		}
	}
	c.Set("format", "csv")
	x.Set("format", "xlsx")
	return exportLinks{CSV: base + "?" + c.Encode(), XLSX: base + "?" + x.Encode()}
}

// yearNav is the previous and next year's links of a yearly page.
func (s *server) yearNav(href string, year int) (prev, next string) {
	sep := "?"
	if strings.Contains(href, "?") {
		sep = "&"
	}
	prev = href + sep + "year=" + strconv.Itoa(year-1)
	if year < s.app.Today().Year()+1 {
		next = href + sep + "year=" + strconv.Itoa(year+1)
	}
	return prev, next
}

// --- the trainings of an organization's subtree ---

type trainingRow struct {
	T            *dangjian.Training
	KindName     string
	Participants int
}

type trainingListPage struct {
	Base
	O         *app.OrgDetail
	Year      int
	Prev      string
	Next      string
	Kinds     []option
	Rows      []trainingRow
	Pager     pager
	CanRecord bool
	Exports   exportLinks
}

func trainingRows(l string, ts []*dangjian.Training) []trainingRow {
	rows := make([]trainingRow, 0, len(ts))
	for _, t := range ts {
		rows = append(rows, trainingRow{T: t, KindName: trainingKindName(l, t.Kind), Participants: len(t.Participants)})
	}
	return rows
}

func yearRange(year int) (dangjian.Date, dangjian.Date) {
	return dangjian.NewDate(year, 1, 1), dangjian.NewDate(year, 12, 31)
}

func (s *server) trainingList(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	if !dangjian.ValidTrainingKind(kind) {
		kind = ""
	}
	from, to := yearRange(year)
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	ts, total, err := s.app.Trainings(ctx, actor, app.TrainingQuery{OrgID: d.ID, Kind: kind, From: from, To: to}, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	p := &trainingListPage{O: d, Year: year, Kinds: trainingKindOptions(l, kind, true), Rows: trainingRows(l, ts), CanRecord: canRecord(actor, d.Path)}
	p.Prev, p.Next = s.yearNav(orgHref(d.ID)+"/trainings", year)
	p.Base = s.base(w, r, rq, tr(l, "training.list.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "training.crumb"))
	p.PrintOrg = d.Name
	p.Pager = newPager(r.URL, total, page, per, "items", "")
	q := url.Values{"year": {strconv.Itoa(year)}}
	if kind != "" {
		q.Set("kind", kind)
	}
	p.Exports = exportLinksOf(orgHref(d.ID)+"/trainings/export", q)
	return s.render(w, rq, http.StatusOK, "training/list", p)
}

func (s *server) trainingExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	from, to := yearRange(year)
	kind := r.URL.Query().Get("kind")
	if !dangjian.ValidTrainingKind(kind) {
		kind = ""
	}
	ex, err := s.app.ExportTrainings(r.Context(), rq.actor(), app.TrainingQuery{OrgID: d.ID, Kind: kind, From: from, To: to}, formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// --- the form: a new training, or a correction ---

// partRow is one person the form may credit.
type partRow struct {
	MemberID int64
	Name     string
	OrgName  string
	Checked  bool
	Hours    string
	Error    string
}

type trainingFormPage struct {
	Base
	O        *app.OrgDetail
	Heading  string
	Action   string
	Cancel   string
	Submit   string
	Alert    string
	Fields   [][]field
	Texts    []field
	Reason   *field
	People   []partRow
	PartErr  string
	Capped   bool
	ConvText string
}

// trainingForm is what the form posts.
type trainingForm struct {
	Kind, Title, StartOn, EndOn, Topic, Materials, Duration, Unit, Reason string
	Checked                                                               map[int64]bool
	Hours                                                                 map[int64]string
}

func readTrainingForm(r *http.Request) trainingForm {
	f := trainingForm{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"), StartOn: r.PostFormValue("start_on"),
		EndOn: r.PostFormValue("end_on"), Topic: r.PostFormValue("topic"), Materials: r.PostFormValue("materials"),
		Duration: r.PostFormValue("duration"), Unit: r.PostFormValue("unit"), Reason: r.PostFormValue("reason"),
		Checked: map[int64]bool{}, Hours: map[int64]string{}}
	for _, v := range r.PostForm["p"] {
		if id := parseID(v); id > 0 {
			f.Checked[id] = true
		}
	}
	for k, v := range r.PostForm {
		if rest, ok := strings.CutPrefix(k, "hours_"); ok && len(v) > 0 {
			if id := parseID(rest); id > 0 {
				f.Hours[id] = strings.TrimSpace(v[0])
			}
		}
	}
	return f
}

// parseHours reads an hours or duration field; empty is 0.
func parseHours(fe fieldErrors, name, s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		fe[name] = "请填写数字，如 4 或 2.5"
		return 0
	}
	return v
}

// participants returns the checked people in the form's order, with the
// index each takes in the request.
func (f trainingForm) participants(fe fieldErrors, people []partRow) []dangjian.TrainingParticipant {
	var out []dangjian.TrainingParticipant
	for _, p := range people {
		if !f.Checked[p.MemberID] {
			continue
		}
		name := "participants[" + strconv.Itoa(len(out)) + "].hours"
		out = append(out, dangjian.TrainingParticipant{MemberID: p.MemberID, Hours: parseHours(fe, name, f.Hours[p.MemberID])})
	}
	return out
}

func (s *server) trainingRoster(r *http.Request, rq *request, orgID int64, extra []dangjian.TrainingParticipant) ([]partRow, bool, error) {
	roster, err := s.app.TrainingRoster(r.Context(), rq.actor(), orgID)
	if err != nil {
		return nil, false, err
	}
	seen := map[int64]bool{}
	var out []partRow
	for _, p := range extra {
		seen[p.MemberID] = true
		out = append(out, partRow{MemberID: p.MemberID, Name: p.Name})
	}
	for _, p := range roster {
		if !seen[p.MemberID] {
			out = append(out, partRow{MemberID: p.MemberID, Name: p.Name, OrgName: p.OrgName})
		}
	}
	return out, len(roster) >= 500, nil
}

// fillTrainingForm draws the form with f's values and err's messages.
func (s *server) fillTrainingForm(r *http.Request, rq *request, p *trainingFormPage, f trainingForm, err error) error {
	l := rq.lang
	fe, alert := fieldErrors{}, ""
	if err != nil {
		fe, alert = errorsOf(l, err)
	}
	p.Alert = alert
	m := formMaker{lang: l, errors: fe}
	kind := m.field("select", "kind", "training.kind", f.Kind, true)
	kind.Options = trainingKindOptions(l, f.Kind, false)
	unit := m.field("select", "unit", "training.unit", f.Unit, false)
	unit.Options, unit.Short = unitOptions(l, f.Unit), true
	dur := m.field("number", "duration", "training.duration", f.Duration, false)
	dur.Short, dur.Hint = true, tr(l, "training.duration.hint")
	p.Fields = [][]field{
		{kind, m.text("title", "training.title", f.Title, true)},
		{m.date("start_on", "training.start_on", f.StartOn, true), m.date("end_on", "training.end_on", f.EndOn, false)},
		{dur, unit},
		{m.text("topic", "training.topic", f.Topic, false)},
	}
	mat := m.field("textarea", "materials", "training.materials", f.Materials, false)
	p.Texts = []field{mat}
	if p.Reason != nil {
		rf := m.text("reason", "training.reason", f.Reason, true)
		p.Reason = &rf
	}
	// Errors by participant come back by their place in the request.
	idx := 0
	for i := range p.People {
		pr := &p.People[i]
		pr.Checked = f.Checked[pr.MemberID]
		pr.Hours = f.Hours[pr.MemberID]
		if pr.Checked {
			pre := "participants[" + strconv.Itoa(idx) + "]."
			pr.Error = fe[pre+"hours"]
			if e := fe[pre+"member_id"]; e != "" {
				pr.Error = e
			}
			idx++
		}
	}
	p.PartErr = fe["participants"]
	conv, cerr := s.app.HoursConversion(r.Context())
	if cerr != nil {
		return cerr
	}
	p.ConvText = tr(l, "training.conversion", hoursText(conv.Day), hoursText(conv.HalfDay))
	return nil
}

func (s *server) trainingNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.recordableOrg(r.Context(), rq, id)
	if err != nil {
		return err
	}
	today := s.app.Today().String()
	f := trainingForm{Kind: dangjian.TrainingConcentrated, StartOn: today, EndOn: today, Unit: dangjian.UnitHour, Checked: map[int64]bool{}, Hours: map[int64]string{}}
	return s.trainingNewPage(w, r, rq, http.StatusOK, d, f, nil)
}

func (s *server) trainingNewPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, f trainingForm, err error) error {
	l := rq.lang
	people, capped, rerr := s.trainingRoster(r, rq, d.ID, nil)
	if rerr != nil {
		return rerr
	}
	p := &trainingFormPage{O: d, Heading: tr(l, "training.new.title"), Action: orgHref(d.ID) + "/trainings/new",
		Cancel: orgHref(d.ID) + "/trainings", Submit: tr(l, "training.new.submit"), People: people, Capped: capped}
	if err := s.fillTrainingForm(r, rq, p, f, err); err != nil {
		return err
	}
	p.Base = s.base(w, r, rq, p.Heading)
	p.Crumbs = crumbsFor(d, p.Heading)
	return s.render(w, rq, status, "training/form", p)
}

func (s *server) trainingCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
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
	f := readTrainingForm(r)
	people, _, err := s.trainingRoster(r, rq, d.ID, nil)
	if err != nil {
		return err
	}
	fe := fieldErrors{}
	in := app.TrainingInput{OrgID: id, Kind: f.Kind, Title: f.Title, StartOn: parseDate(fe, "start_on", f.StartOn), EndOn: parseDate(fe, "end_on", f.EndOn),
		Topic: f.Topic, Materials: f.Materials, Duration: parseHours(fe, "duration", f.Duration), Unit: f.Unit, Participants: f.participants(fe, people)}
	var t *dangjian.Training
	if len(fe) > 0 {
		err = invalid(fe)
	} else {
		t, err = s.app.RecordTraining(r.Context(), rq.actor(), in)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.trainingNewPage(w, r, rq, statusOf(err), d, f, err)
	}
	s.redirect(w, r, "/trainings/"+itoa(t.ID), "flash.training_recorded")
	return nil
}

func formOfTraining(t *dangjian.Training) trainingForm {
	f := trainingForm{Kind: t.Kind, Title: t.Title, StartOn: t.StartOn.String(), EndOn: t.EndOn.String(), Topic: t.Topic, Materials: t.Materials,
		Unit: t.Unit, Checked: map[int64]bool{}, Hours: map[int64]string{}}
	if t.Duration != 0 {
		f.Duration = hoursText(t.Duration)
	}
	for _, p := range t.Participants {
		f.Checked[p.MemberID] = true
		f.Hours[p.MemberID] = hoursText(p.Hours)
	}
	return f
}

// writableTraining loads a training the actor may correct.
func (s *server) writableTraining(r *http.Request, rq *request) (*dangjian.Training, *app.OrgDetail, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.app.Training(r.Context(), rq.actor(), id)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.recordableOrg(r.Context(), rq, t.OrgID)
	if err != nil {
		return nil, nil, err
	}
	return t, d, nil
}

func (s *server) trainingEditForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	t, d, err := s.writableTraining(r, rq)
	if err != nil {
		return err
	}
	return s.trainingEditPage(w, r, rq, http.StatusOK, t, d, formOfTraining(t), nil)
}

func (s *server) trainingEditPage(w http.ResponseWriter, r *http.Request, rq *request, status int, t *dangjian.Training, d *app.OrgDetail, f trainingForm, err error) error {
	l := rq.lang
	people, capped, rerr := s.trainingRoster(r, rq, d.ID, t.Participants)
	if rerr != nil {
		return rerr
	}
	p := &trainingFormPage{O: d, Heading: tr(l, "training.edit.title"), Action: "/trainings/" + itoa(t.ID) + "/edit",
		Cancel: "/trainings/" + itoa(t.ID), Submit: tr(l, "training.edit.submit"), People: people, Capped: capped, Reason: &field{}}
	if err := s.fillTrainingForm(r, rq, p, f, err); err != nil {
		return err
	}
	p.Base = s.base(w, r, rq, p.Heading)
	p.Crumbs = crumbsFor(d, p.Heading)
	return s.render(w, rq, status, "training/form", p)
}

func (s *server) trainingUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	t, d, err := s.writableTraining(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readTrainingForm(r)
	people, _, err := s.trainingRoster(r, rq, d.ID, t.Participants)
	if err != nil {
		return err
	}
	fe := fieldErrors{}
	start, end := parseDate(fe, "start_on", f.StartOn), parseDate(fe, "end_on", f.EndOn)
	dur := parseHours(fe, "duration", f.Duration)
	ps := f.participants(fe, people)
	up := app.TrainingUpdate{Kind: &f.Kind, Title: &f.Title, StartOn: &start, EndOn: &end, Topic: &f.Topic, Materials: &f.Materials,
		Duration: &dur, Unit: &f.Unit, Participants: &ps}
	if len(fe) > 0 {
		err = invalid(fe)
	} else {
		_, err = s.app.CorrectTraining(r.Context(), rq.actor(), t.ID, up, f.Reason)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.trainingEditPage(w, r, rq, statusOf(err), t, d, f, err)
	}
	s.redirect(w, r, "/trainings/"+itoa(t.ID), "flash.training_corrected")
	return nil
}

// --- a training's record page ---

type trainingShowPage struct {
	Base
	O         *app.OrgDetail
	T         *dangjian.Training
	KindName  string
	Duration  string
	Total     string
	Revisions []*dangjian.TrainingRevision
	CanWrite  bool
	Delete    field
	Alert     string
}

func (s *server) trainingShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.trainingShowPage(w, r, rq, http.StatusOK, nil)
}

func (s *server) trainingShowPage(w http.ResponseWriter, r *http.Request, rq *request, status int, err error) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	t, terr := s.app.Training(ctx, actor, id)
	if terr != nil {
		return terr
	}
	d, derr := s.app.Org(ctx, actor, t.OrgID)
	if derr != nil {
		return derr
	}
	revs, rerr := s.app.TrainingRevisions(ctx, actor, id)
	if rerr != nil {
		return rerr
	}
	p := &trainingShowPage{O: d, T: t, KindName: trainingKindName(l, t.Kind), Revisions: revs, CanWrite: canRecord(actor, d.Path) && !t.Deleted}
	if t.Duration > 0 {
		p.Duration = hoursText(t.Duration) + " " + unitName(l, t.Unit) + " = " + tr(l, "training.hours_n", hoursText(t.Hours))
	}
	sum := 0.0
	for _, x := range t.Participants {
		sum += x.Hours
	}
	p.Total = hoursText(dangjian.RoundHours(sum))
	m := formMaker{lang: l}
	if err != nil {
		m.errors, p.Alert = errorsOf(l, err)
	}
	p.Delete = m.text("reason", "training.delete.reason", "", true)
	p.Base = s.base(w, r, rq, t.Title)
	p.Crumbs = crumbsFor(d, t.Title)
	p.PrintOrg = d.Name
	return s.render(w, rq, status, "training/show", p)
}

func (s *server) trainingDelete(w http.ResponseWriter, r *http.Request, rq *request) error {
	t, d, err := s.writableTraining(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.app.DeleteTraining(r.Context(), rq.actor(), t.ID, r.PostFormValue("reason")); err != nil {
		if !formError(err) {
			return err
		}
		return s.trainingShowPage(w, r, rq, statusOf(err), err)
	}
	s.redirect(w, r, orgHref(d.ID)+"/trainings?year="+strconv.Itoa(t.Year()), "flash.training_deleted")
	return nil
}

// --- the calendar: a month of the subtree's trainings ---

type calItem struct {
	ID       int64
	Title    string
	KindName string
	Start    bool // the first day shown of the training
}

type calDay struct {
	Day     int
	Date    string
	InMonth bool
	Today   bool
	Items   []calItem
}

type calendarPage struct {
	Base
	O        *app.OrgDetail
	Month    string // 2026-03
	Label    string
	Prev     string
	Next     string
	Weekdays []string
	Weeks    [][]calDay
	Rows     []trainingRow
}

// calendarLookback is how long before a month a training may start and
// still run into it; longer courses are entered in parts.
const calendarLookback = 92

func (s *server) trainingCalendar(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Org(ctx, actor, id)
	if err != nil {
		return err
	}
	today := s.app.Today()
	first := dangjian.NewDate(today.Year(), today.Month(), 1)
	if y, m, ok := dangjian.ParseMonth(r.URL.Query().Get("month")); ok && y >= 1921 && y <= today.Year()+1 {
		first = dangjian.NewDate(y, time.Month(m), 1)
	}
	last := first.Time().AddDate(0, 1, -1)
	lastDay := dangjian.NewDate(last.Year(), last.Month(), last.Day())
	ts, _, err := s.app.Trainings(ctx, actor, app.TrainingQuery{OrgID: id, From: first.AddDays(-calendarLookback), To: lastDay}, app.Page{PerPage: 500})
	if err != nil {
		return err
	}
	p := &calendarPage{O: d, Month: first.Time().Format("2006-01"), Label: tr(l, "training.calendar.month", first.Year(), int(first.Month()))}
	here := orgHref(id) + "/trainings/calendar?month="
	p.Prev = here + first.Time().AddDate(0, -1, 0).Format("2006-01")
	p.Next = here + first.Time().AddDate(0, 1, 0).Format("2006-01")
	p.Weekdays = []string{tr(l, "training.wd.mon"), tr(l, "training.wd.tue"), tr(l, "training.wd.wed"), tr(l, "training.wd.thu"),
		tr(l, "training.wd.fri"), tr(l, "training.wd.sat"), tr(l, "training.wd.sun")}
	// Weeks start on Monday, as Chinese calendars do.
	lead := (int(first.Time().Weekday()) + 6) % 7
	start := first.AddDays(-lead)
	byDate := map[string]int{}
	var days []calDay
	for day := start; ; day = day.AddDays(1) {
		if day.After(lastDay) && len(days)%7 == 0 {
			break
		}
		byDate[day.String()] = len(days)
		days = append(days, calDay{Day: day.Day(), Date: day.String(), InMonth: day.Month() == first.Month(), Today: day.Equal(today)})
	}
	var inMonth []*dangjian.Training
	for i := len(ts) - 1; i >= 0; i-- { // oldest first
		t := ts[i]
		if t.EndOn.Before(first) || t.StartOn.After(lastDay) {
			continue
		}
		inMonth = append(inMonth, t)
		shown := false
		for day := t.StartOn; !day.After(t.EndOn); day = day.AddDays(1) {
			if j, ok := byDate[day.String()]; ok {
				days[j].Items = append(days[j].Items, calItem{ID: t.ID, Title: t.Title, KindName: trainingKindName(l, t.Kind), Start: !shown})
				shown = true
			}
		}
	}
	for i := 0; i < len(days); i += 7 {
		p.Weeks = append(p.Weeks, days[i:i+7])
	}
	p.Rows = trainingRows(l, inMonth)
	p.Base = s.base(w, r, rq, tr(l, "training.calendar.title", d.Name, p.Label))
	p.Crumbs = crumbsFor(d, tr(l, "training.calendar.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "training/calendar", p)
}

// --- the printable training ledger of an organization and year ---

type ledgerTraining struct {
	No int
	trainingRow
	TotalHours string
}

type trainingLedgerPage struct {
	Base
	O         *app.OrgDetail
	Year      int
	Trainings []ledgerTraining
	People    []hoursRow
	More      bool // more members than the ledger lists
	Totals    dangjian.OrgHours
	Share     string
}

// trainingLedgerMax bounds the rows of a printed ledger.
const trainingLedgerMax = 500

func (s *server) trainingLedger(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	from, to := yearRange(year)
	ts, _, err := s.app.Trainings(ctx, actor, app.TrainingQuery{OrgID: d.ID, From: from, To: to}, app.Page{PerPage: trainingLedgerMax})
	if err != nil {
		return err
	}
	p := &trainingLedgerPage{O: d, Year: year}
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].OrgID != d.ID {
			continue // the ledger is the organization's own trainings
		}
		t, err := s.app.Training(ctx, actor, ts[i].ID)
		if err != nil {
			return err
		}
		sum := 0.0
		for _, x := range t.Participants {
			sum += x.Hours
		}
		p.Trainings = append(p.Trainings, ledgerTraining{No: len(p.Trainings) + 1, trainingRow: trainingRows(l, []*dangjian.Training{t})[0],
			TotalHours: hoursText(dangjian.RoundHours(sum))})
	}
	rep, err := s.app.OrgHours(ctx, actor, d.ID, year, app.Page{PerPage: trainingLedgerMax})
	if err != nil {
		return err
	}
	p.People, p.More, p.Totals, p.Share = hoursRows(l, rep.Items), rep.Total > len(rep.Items), rep.Totals, sharePct(rep.Share)
	p.Base = s.base(w, r, rq, tr(l, "training.ledger.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "training.ledger.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "training/ledger", p)
}

// --- an organization's hours ---

type hoursRow struct {
	app.HoursRow
	RoleName  string
	HoursText string
	FromText  string
	ReqText   string
	ShortText string
	Class     string
}

func hoursRows(l string, items []app.HoursRow) []hoursRow {
	out := make([]hoursRow, 0, len(items))
	for _, it := range items {
		row := hoursRow{HoursRow: it, RoleName: hoursRoleName(l, it.Role), HoursText: hoursText(it.Hours), FromText: hoursText(it.FromMeetings),
			ReqText: hoursText(it.Required), ShortText: hoursText(it.ShortBy), Class: "met"}
		if it.Short {
			row.Class = "missing"
		}
		out = append(out, row)
	}
	return out
}

type orgHoursPage struct {
	Base
	O        *app.OrgDetail
	Year     int
	Prev     string
	Next     string
	Rep      *app.OrgHoursReport
	Rows     []hoursRow
	Pager    pager
	Share    string
	Short    int
	Findings []dangjian.Finding
	Exports  exportLinks
}

func (s *server) orgHoursPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 100)
	rep, err := s.app.OrgHours(ctx, actor, d.ID, year, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	p := &orgHoursPage{O: d, Year: year, Rep: rep, Rows: hoursRows(l, rep.Items), Share: sharePct(rep.Share), Short: rep.Totals.Short(), Findings: rep.Finding}
	p.Prev, p.Next = s.yearNav(orgHref(d.ID)+"/hours", year)
	p.Base = s.base(w, r, rq, tr(l, "hours.org.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "hours.org.crumb"))
	p.PrintOrg = d.Name
	p.Pager = newPager(r.URL, rep.Total, page, per, "people", "")
	p.Exports = exportLinksOf(orgHref(d.ID)+"/hours/export", url.Values{"year": {strconv.Itoa(year)}})
	return s.render(w, rq, http.StatusOK, "training/hours", p)
}

// orgYearExport sends an export of the organization and year of the route.
func (s *server) orgYearExport(fn func(s *server, r *http.Request, rq *request, id int64, year int) (*app.Export, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		ex, err := fn(s, r, rq, id, s.yearOf(r))
		if err != nil {
			return err
		}
		return s.sendFile(w, r, ex)
	}
}

func (s *server) hoursExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.orgYearExport(func(s *server, r *http.Request, rq *request, id int64, year int) (*app.Export, error) {
		return s.app.ExportOrgHours(r.Context(), rq.actor(), id, year, formatOf(r))
	})(w, r, rq)
}

func (s *server) hoursRollupExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.orgYearExport(func(s *server, r *http.Request, rq *request, id int64, year int) (*app.Export, error) {
		return s.app.ExportHoursRollup(r.Context(), rq.actor(), id, year, formatOf(r))
	})(w, r, rq)
}

func (s *server) lecturesExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.orgYearExport(func(s *server, r *http.Request, rq *request, id int64, year int) (*app.Export, error) {
		return s.app.ExportSecretaryLectures(r.Context(), rq.actor(), id, year, formatOf(r))
	})(w, r, rq)
}

// --- a person's ledger ---

type hoursEntry struct {
	dangjian.HoursEntry
	KindName  string
	HoursText string
}

type memberHoursPage struct {
	Base
	H         *dangjian.MemberHours
	Year      int
	Prev      string
	Next      string
	RoleName  string
	Remaining string
	Entries   []hoursEntry
	Pct       int // of the requirement done, for the bar
}

// memberHoursView prepares a member's ledger for a page.
func memberHoursView(l string, h *dangjian.MemberHours) (role, remaining string, entries []hoursEntry, pct int) {
	role = hoursRoleName(l, h.Role)
	remaining = hoursText(h.ShortBy)
	for _, e := range h.Entries {
		entries = append(entries, hoursEntry{HoursEntry: e, KindName: trainingKindName(l, e.Kind), HoursText: hoursText(e.Hours)})
	}
	if h.Required > 0 {
		pct = min(100, int(h.Hours*100/h.Required))
	}
	return role, remaining, entries, pct
}

func (s *server) memberHoursPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	id, err := pathID(r)
	if err != nil {
		return err
	}
	year := s.yearOf(r)
	h, err := s.app.MemberHours(ctx, actor, id, year)
	if err != nil {
		return err
	}
	p := &memberHoursPage{H: h, Year: year}
	p.RoleName, p.Remaining, p.Entries, p.Pct = memberHoursView(l, h)
	p.Prev, p.Next = s.yearNav(memberHref(id)+"/hours", year)
	p.Base = s.base(w, r, rq, tr(l, "hours.member.title", h.Name, year))
	p.Crumbs = []crumb{{Label: h.OrgName, Href: orgHref(h.OrgID)}, {Label: h.Name, Href: memberHref(id)}, {Label: tr(l, "hours.member.crumb")}}
	p.PrintOrg = h.OrgName
	return s.render(w, rq, http.StatusOK, "training/member", p)
}

// meHours is the member's own hours of this year, for /me; nil when the
// ledger cannot be read (the section is then left out).
func (s *server) meHours(r *http.Request, rq *request, memberID int64) *memberHoursPage {
	year := s.app.Today().Year()
	h, err := s.app.MemberHours(r.Context(), rq.actor(), memberID, year)
	if err != nil {
		s.log.WarnContext(r.Context(), "own hours not shown", "member", memberID, "err", err)
		return nil
	}
	p := &memberHoursPage{H: h, Year: year}
	p.RoleName, p.Remaining, p.Entries, p.Pct = memberHoursView(rq.lang, h)
	return p
}

// --- the hours dashboard: distribution, shortfalls by unit, 以会代训 ---

type distRow struct {
	Label string
	Count int
}

type unitRow struct {
	app.HoursUnit
	KindName  string
	HoursText string
	FromText  string
	Href      string
}

type lectureRow struct {
	*dangjian.SecretaryLecture
	KindName string
	Class    string
	Text     string
}

type hoursDashPage struct {
	Base
	O          *app.OrgDetail
	Year       int
	Prev       string
	Next       string
	Rep        *app.HoursRollupReport
	Share      string
	ShareSet   bool
	Default    string
	CanSet     bool
	Setting    field
	Alert      string
	Dist       []distRow
	Units      []unitRow
	Orgs       []unitRow
	Pager      pager
	Lectures   []lectureRow
	LecturesOK int
	ChartDist  string
	ChartUnits string
	Exports    exportLinks
	LecExports exportLinks
	HoursText  string
	FromText   string
}

func (s *server) hoursDashboard(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.hoursDashPage(w, r, rq, http.StatusOK, "", nil)
}

func (s *server) hoursDashPage(w http.ResponseWriter, r *http.Request, rq *request, status int, posted string, err error) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, derr := s.orgYear(r, rq)
	if derr != nil {
		return derr
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 20)
	rep, rerr := s.app.HoursRollup(ctx, actor, d.ID, year, app.Page{Page: page, PerPage: per})
	if rerr != nil {
		return rerr
	}
	lectures, lerr := s.app.SecretaryLectures(ctx, actor, d.ID, year)
	if lerr != nil {
		return lerr
	}
	share, set, serr := s.app.MeetingsAsTrainingShare(ctx)
	if serr != nil {
		return serr
	}
	p := &hoursDashPage{O: d, Year: year, Rep: rep, Share: sharePct(share), ShareSet: set, Default: sharePct(dangjian.DefaultMeetingsAsTrainingShare),
		CanSet: rootOverrider(actor), HoursText: hoursText(rep.Totals.Hours), FromText: hoursText(rep.Totals.FromMeetings)}
	p.Prev, p.Next = s.yearNav(orgHref(d.ID)+"/hours/dashboard", year)
	if p.CanSet {
		m := formMaker{lang: l}
		if err != nil {
			m.errors, p.Alert = errorsOf(l, err)
		}
		value := strconv.FormatFloat(share*100, 'f', -1, 64)
		if posted != "" || err != nil {
			value = posted
		}
		p.Setting = m.field("number", "min_share", "hours.setting.field", value, true)
		p.Setting.Short = true
	}
	labels := []string{tr(l, "hours.dist.none"), "0–8", "8–16", "16–24", "24–32", "32–56", tr(l, "hours.dist.56")}
	var distData []int
	for i, n := range rep.Totals.Buckets {
		p.Dist = append(p.Dist, distRow{Label: labels[i], Count: n})
		distData = append(distData, n)
	}
	unit := func(u app.HoursUnit) unitRow {
		return unitRow{HoursUnit: u, KindName: enumName(l, "kind", u.Kind), HoursText: hoursText(u.Hours.Hours), FromText: hoursText(u.Hours.FromMeetings),
			Href: orgHref(u.OrgID) + "/hours?year=" + strconv.Itoa(year)}
	}
	var names []string
	var short, met []int
	for _, u := range rep.Units {
		p.Units = append(p.Units, unit(u))
		names = append(names, u.Name)
		short = append(short, u.Short)
		met = append(met, u.Hours.Members-u.Short)
	}
	for _, u := range rep.Orgs {
		p.Orgs = append(p.Orgs, unit(u))
	}
	for _, lec := range lectures {
		row := lectureRow{SecretaryLecture: lec, KindName: enumName(l, "kind", lec.Kind), Class: "met", Text: tr(l, "hours.lectures.given")}
		if lec.Finding != nil {
			row.Class, row.Text = severityClass(lec.Finding.Severity), findingText(l, *lec.Finding)
		} else {
			p.LecturesOK++
		}
		p.Lectures = append(p.Lectures, row)
	}
	p.Pager = newPager(r.URL, rep.Total, page, per, "orgs", "")
	p.ChartDist = hoursChart(map[string]any{
		"tooltip": map[string]any{},
		"xAxis":   map[string]any{"type": "category", "data": labels, "name": tr(l, "hours.dist.axis")},
		"yAxis":   map[string]any{"type": "value", "name": tr(l, "hours.dist.people")},
		"series":  []any{map[string]any{"type": "bar", "data": distData, "name": tr(l, "hours.dist.people")}},
	})
	if len(names) > 0 {
		p.ChartUnits = hoursChart(map[string]any{
			"tooltip": map[string]any{"trigger": "axis"},
			"legend":  map[string]any{},
			"grid":    map[string]any{"containLabel": true},
			"xAxis":   map[string]any{"type": "value"},
			"yAxis":   map[string]any{"type": "category", "data": names},
			"series": []any{
				map[string]any{"type": "bar", "stack": "p", "name": tr(l, "hours.units.short"), "data": short},
				map[string]any{"type": "bar", "stack": "p", "name": tr(l, "hours.units.met"), "data": met},
			},
		})
	}
	p.Charts = true
	yq := url.Values{"year": {strconv.Itoa(year)}}
	p.Exports = exportLinksOf(orgHref(d.ID)+"/hours/rollup/export", yq)
	p.LecExports = exportLinksOf(orgHref(d.ID)+"/secretary-lectures/export", yq)
	p.Base = s.base(w, r, rq, tr(l, "hours.dash.title", d.Name, year))
	p.Charts = true
	p.Crumbs = crumbsFor(d, tr(l, "hours.dash.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, status, "training/dashboard", p)
}

// hoursSetting sets the 以会代训 threshold, entered as a percentage.
func (s *server) hoursSetting(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	posted := strings.TrimSpace(r.PostFormValue("min_share"))
	v, perr := strconv.ParseFloat(strings.TrimSuffix(posted, "%"), 64)
	if perr != nil || math.IsNaN(v) || v <= 0 || v > 100 {
		err = invalid(fieldErrors{"min_share": "请填写大于0且不超过100的百分比"})
	} else {
		share := v / 100
		err = s.app.SetMeetingsAsTrainingShare(r.Context(), rq.actor(), &share)
	}
	if err != nil {
		if dangjian.ErrorCode(err) != dangjian.EINVALID {
			return err
		}
		return s.hoursDashPage(w, r, rq, http.StatusUnprocessableEntity, posted, err)
	}
	s.redirect(w, r, orgHref(id)+"/hours/dashboard?year="+strconv.Itoa(s.yearOf(r)), "flash.hours_setting")
	return nil
}

func (s *server) hoursSettingClear(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.app.SetMeetingsAsTrainingShare(r.Context(), rq.actor(), nil); err != nil {
		return err
	}
	s.redirect(w, r, orgHref(id)+"/hours/dashboard?year="+strconv.Itoa(s.yearOf(r)), "flash.hours_setting")
	return nil
}

// --- 记学时: hours credited from a meeting ---

type meetingHoursPage struct {
	Base
	M        *dangjian.Meeting
	O        *app.OrgDetail
	Present  []dangjian.Attendance
	Existing []trainingRow
	CanWrite bool
	Alert    string
	Fields   []field
	ConvText string
}

func (s *server) meetingHoursForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.meetingHoursPage(w, r, rq, http.StatusOK, dangjian.TrainingBranchStudy, "", dangjian.UnitHour, nil)
}

func (s *server) meetingHoursPage(w http.ResponseWriter, r *http.Request, rq *request, status int, kind, duration, unit string, err error) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	mh, merr := s.app.MeetingHoursOf(ctx, actor, id)
	if merr != nil {
		return merr
	}
	d, derr := s.app.Org(ctx, actor, mh.Meeting.OrgID)
	if derr != nil {
		return derr
	}
	p := &meetingHoursPage{M: mh.Meeting, O: d, Present: mh.Present, Existing: trainingRows(l, mh.Trainings), CanWrite: canRecord(actor, d.Path) && !mh.Meeting.Deleted}
	m := formMaker{lang: l}
	if err != nil {
		m.errors, p.Alert = errorsOf(l, err)
	}
	k := m.field("select", "kind", "training.kind", kind, true)
	k.Options = trainingKindOptions(l, kind, false)
	dur := m.field("number", "duration", "training.duration", duration, true)
	dur.Short = true
	u := m.field("select", "unit", "training.unit", unit, true)
	u.Options, u.Short = unitOptions(l, unit), true
	p.Fields = []field{k, dur, u}
	conv, cerr := s.app.HoursConversion(ctx)
	if cerr != nil {
		return cerr
	}
	p.ConvText = tr(l, "training.conversion", hoursText(conv.Day), hoursText(conv.HalfDay))
	title := tr(l, "hours.meeting.title")
	p.Base = s.base(w, r, rq, title)
	p.Crumbs = []crumb{{Label: d.Name, Href: orgHref(d.ID)}, {Label: mh.Meeting.Topic, Href: meetingHref(id)}, {Label: title}}
	return s.render(w, rq, status, "training/meeting", p)
}

func (s *server) meetingHoursCredit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	kind, duration, unit := r.PostFormValue("kind"), r.PostFormValue("duration"), r.PostFormValue("unit")
	fe := fieldErrors{}
	v := parseHours(fe, "duration", duration)
	var t *dangjian.Training
	if len(fe) > 0 {
		err = invalid(fe)
	} else {
		t, err = s.app.CreditMeetingHours(r.Context(), rq.actor(), id, kind, v, unit)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.meetingHoursPage(w, r, rq, statusOf(err), kind, duration, unit, err)
	}
	s.redirect(w, r, "/trainings/"+itoa(t.ID), "flash.hours_credited")
	return nil
}
