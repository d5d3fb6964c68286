package web

import (
	"net/http"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// mePage is a member's own record: what the member sees without asking the
// secretary. Each section shows only when it holds something; later
// capabilities (attendance, hours, dues) add a field here and a section to
// me/show.html.
type mePage struct {
	Base
	P           *app.Profile
	Corrections []correctionRow
	Open        *correctionRow   // the pending request, if any
	Hours       *memberHoursPage // this year's study hours (issue 5)
}

// correctionRow is a request as lists show it.
type correctionRow struct {
	C           *dangjian.Correction
	StatusLabel string
	StatusClass string // met, due, missing, na: always shown with StatusLabel
	Changes     []fieldChange
	Summary     string // the labels of the changed fields, in one line
}

// fieldChange is one field of a request: its label, the value when the
// request was made and the value asked for, ready to show.
type fieldChange struct {
	Field string
	Label string
	Old   string
	New   string
}

func (s *server) me(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.mePage(w, r, rq, false)
}

// meReveal shows the member's own ID and phone numbers in clear; app audits
// it as member.reveal.
func (s *server) meReveal(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.mePage(w, r, rq, true)
}

func (s *server) mePage(w http.ResponseWriter, r *http.Request, rq *request, reveal bool) error {
	p, err := s.app.Profile(r.Context(), rq.actor(), reveal)
	if err != nil {
		return err
	}
	l := rq.lang
	page := &mePage{P: p}
	for _, c := range p.Corrections {
		row := newCorrectionRow(l, c)
		page.Corrections = append(page.Corrections, row)
		if c.Status == dangjian.CorrectionPending {
			page.Open = &page.Corrections[len(page.Corrections)-1]
		}
	}
	page.Hours = s.meHours(r, rq, p.Member.ID)
	page.Base = s.base(w, r, rq, tr(l, "me.title"))
	page.Crumbs = []crumb{{Label: page.Title}}
	page.PrintOrg = p.Member.OrgName
	return s.render(w, rq, http.StatusOK, "me/show", page)
}

// newCorrectionRow prepares a request for a list or page in lang.
func newCorrectionRow(lang string, c *dangjian.Correction) correctionRow {
	row := correctionRow{C: c}
	row.StatusLabel, row.StatusClass = correctionStatus(lang, c.Status)
	for _, f := range dangjian.CorrectionFields {
		v, ok := c.Fields[f]
		if !ok {
			continue
		}
		row.Changes = append(row.Changes, fieldChange{Field: f, Label: fieldLabel(lang, f), Old: fieldText(lang, f, c.Old[f]), New: fieldText(lang, f, v)})
	}
	labels := make([]string, len(row.Changes))
	for i, ch := range row.Changes {
		labels[i] = ch.Label
	}
	row.Summary = strings.Join(labels, tr(lang, "list.sep"))
	return row
}

// fieldLabel names a correctable field in lang, as the member form does.
func fieldLabel(lang, field string) string {
	key := "member." + field
	return tr(lang, key)
}

// correctionStatus names a request's status in lang with its colour.
func correctionStatus(lang, status string) (string, string) {
	switch status {
	case dangjian.CorrectionPending:
		return tr(lang, "correction.status.pending"), "due"
	case dangjian.CorrectionApproved:
		return tr(lang, "correction.status.approved"), "met"
	case dangjian.CorrectionRejected:
		return tr(lang, "correction.status.rejected"), "missing"
	case dangjian.CorrectionWithdrawn:
		return tr(lang, "correction.status.withdrawn"), "na"
	}
	return status, "na"
}

// fieldText shows a correctable field's value in lang; empty is a dash.
func fieldText(lang, field, v string) string {
	if v == "" {
		return "—"
	}
	switch field {
	case "gender":
		return enumName(lang, "gender", v)
	case "education":
		return enumName(lang, "edu", v)
	case "ethnicity":
		return enumName(lang, "eth", v)
	case "birth_date", "joined_on", "confirmed_on":
		if d, err := dangjian.ParseDate(v); err == nil {
			return formatDate(lang, d)
		}
	}
	return v
}

// correctionForm is what the correction form posts: the record's fields as
// the member wants them, and why.
type correctionForm struct {
	Name, Gender, Ethnicity, BirthDate, IDNumber, Education string
	JoinedOn, ConfirmedOn, Position, Phone, Reason          string
}

func readCorrectionForm(r *http.Request) correctionForm {
	v := r.PostFormValue
	return correctionForm{
		Name: v("name"), Gender: v("gender"), Ethnicity: v("ethnicity"), BirthDate: v("birth_date"), IDNumber: v("id_number"),
		Education: v("education"), JoinedOn: v("joined_on"), ConfirmedOn: v("confirmed_on"), Position: v("position"),
		Phone: v("phone"), Reason: v("reason"),
	}
}

// formOf fills the form with the record as it is (the ID and phone
// numbers blank: they are shown masked and blank keeps them).
func formOf(m *dangjian.Member) correctionForm {
	return correctionForm{
		Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthDate: m.BirthDate.String(), Education: m.Education,
		JoinedOn: m.JoinedOn.String(), ConfirmedOn: m.ConfirmedOn.String(), Position: m.Position,
	}
}

// fields returns what the member changed against m: only those go into
// the request. Blank ID and phone numbers keep the stored ones.
func (f correctionForm) fields(m *dangjian.Member) map[string]string {
	out := map[string]string{}
	put := func(field, v, now string) {
		if strings.TrimSpace(v) != now {
			out[field] = v
		}
	}
	put("name", f.Name, m.Name)
	put("gender", f.Gender, m.Gender)
	put("ethnicity", f.Ethnicity, m.Ethnicity)
	put("birth_date", f.BirthDate, m.BirthDate.String())
	put("education", f.Education, m.Education)
	put("joined_on", f.JoinedOn, m.JoinedOn.String())
	put("confirmed_on", f.ConfirmedOn, m.ConfirmedOn.String())
	put("position", f.Position, m.Position)
	if strings.TrimSpace(f.IDNumber) != "" {
		out["id_number"] = f.IDNumber
	}
	if strings.TrimSpace(f.Phone) != "" {
		out["phone"] = f.Phone
	}
	return out
}

// view draws the form; m is the record as stored (masked).
func (f correctionForm) view(lang string, fe fieldErrors, m *dangjian.Member) []section {
	mk := formMaker{lang: lang, errors: fe}
	name := mk.text("name", "member.name", f.Name, true)
	name.Auto = "off"
	gender := mk.choice("radio", "gender", "member.gender", f.Gender, true, "gender", []string{"male", "female"})
	eth := mk.text("ethnicity", "member.ethnicity", f.Ethnicity, false)
	eth.Place = tr(lang, "member.ethnicity.place")
	idn := mk.text("id_number", "member.id_number", f.IDNumber, false)
	idn.Auto, idn.Hint = "off", tr(lang, "member.keep", m.IDNumber)
	phone := mk.field("tel", "phone", "member.phone", f.Phone, false)
	phone.Auto = "off"
	if m.Phone != "" {
		phone.Hint = tr(lang, "member.keep", m.Phone)
	}
	edu := mk.field("select", "education", "member.education", f.Education, false)
	edu.Options = append(edu.Options, option{Value: "", Label: tr(lang, "form.choose"), Selected: f.Education == ""})
	for _, e := range dangjian.Educations {
		edu.Options = append(edu.Options, option{Value: e, Label: enumName(lang, "edu", e), Selected: e == f.Education})
	}
	if f.Education != "" && !containsStr(dangjian.Educations, f.Education) {
		edu.Options = append(edu.Options, option{Value: f.Education, Label: f.Education, Selected: true})
	}
	confirmed := mk.date("confirmed_on", "member.confirmed_on", f.ConfirmedOn, false)
	confirmed.Hint = tr(lang, "member.confirmed_on.hint")
	reason := mk.field("textarea", "reason", "correction.reason", f.Reason, true)
	reason.Hint = tr(lang, "correction.reason.hint")
	return []section{
		{Legend: tr(lang, "member.section.person"), Rows: [][]field{{name, gender}, {eth, mk.date("birth_date", "member.birth_date", f.BirthDate, true)}, {idn}, {edu, phone}}},
		{Legend: tr(lang, "member.section.party"), Rows: [][]field{{mk.date("joined_on", "member.joined_on", f.JoinedOn, true), confirmed}}},
		{Legend: tr(lang, "member.section.work"), Rows: [][]field{{mk.text("position", "member.position", f.Position, false)}}},
		{Legend: tr(lang, "correction.section.reason"), Rows: [][]field{{reason}}},
	}
}

// meCorrectionPage is the form a member asks for a correction with.
type meCorrectionPage struct {
	Base
	M    *dangjian.Member
	Form formView
}

func (s *server) meCorrectionForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, err := s.app.Profile(r.Context(), rq.actor(), false)
	if err != nil {
		return err
	}
	if p.Open != nil {
		// One open request at a time: show it instead of a form that
		// could only be refused.
		http.Redirect(w, r, correctionHref(p.Open.ID), http.StatusSeeOther)
		return nil
	}
	return s.meCorrectionPage(w, r, rq, http.StatusOK, p.Member, formOf(p.Member), nil)
}

func (s *server) meCorrectionPage(w http.ResponseWriter, r *http.Request, rq *request, status int, m *dangjian.Member, f correctionForm, err error) error {
	l := rq.lang
	fe, alert := fieldErrors{}, ""
	if err != nil {
		fe, alert = errorsOf(l, err)
		// "fields" is the request as a whole, not a control on the form.
		if msg, ok := fe["fields"]; ok {
			delete(fe, "fields")
			alert = msg
		}
	}
	p := &meCorrectionPage{M: m}
	p.Base = s.base(w, r, rq, tr(l, "correction.new.title"))
	p.Crumbs = []crumb{{Label: tr(l, "me.title"), Href: "/me"}, {Label: p.Title}}
	p.Form = formView{Action: "/me/correction", Submit: tr(l, "correction.new.submit"), Cancel: "/me", Alert: alert, Sections: f.view(l, fe, m)}
	return s.render(w, rq, status, "me/correction", p)
}

func (s *server) meCorrectionSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor := r.Context(), rq.actor()
	p, err := s.app.Profile(ctx, actor, false)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readCorrectionForm(r)
	c, err := s.app.SubmitCorrection(ctx, actor, app.CorrectionInput{Fields: f.fields(p.Member), Reason: f.Reason})
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.meCorrectionPage(w, r, rq, statusOf(err), p.Member, f, err)
	}
	s.redirect(w, r, correctionHref(c.ID), "flash.correction_submitted")
	return nil
}
