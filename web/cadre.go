package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// The party-affairs cadre team pages: a unit's team, the roll-up of a
// subtree, a cadre's profile with its forms, the long-serving list and the
// appraisal notes of a year. Every form posts and answers 303, or 422 with
// the errors under the fields.

// cadreRule is a rule cited on a page, with its text and source.
type cadreRule struct {
	ID    string
	Title string // text — source, for the tooltip
}

// cadreFinding is a finding as the pages show it.
type cadreFinding struct {
	Rule  string
	Title string
	Text  string
	Cls   string
	Sev   string
}

// cadreRules turns findings into what the pages show, citing each rule.
type cadreRules struct {
	lang string
	rs   *dangjian.RuleSet
}

func (s *server) cadreRules(r *http.Request, l string) (cadreRules, error) {
	rs, err := s.app.RuleTable(r.Context())
	return cadreRules{lang: l, rs: rs}, err
}

// cadreOrg reads the organization of the path (404 outside the actor's
// scope) and the rules the cadre-team pages cite.
func (s *server) cadreOrg(r *http.Request, rq *request) (*app.OrgDetail, cadreRules, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, cadreRules{}, err
	}
	d, err := s.app.Org(r.Context(), rq.actor(), id)
	if err != nil {
		return nil, cadreRules{}, err
	}
	cr, err := s.cadreRules(r, rq.lang)
	return d, cr, err
}

func (c cadreRules) rule(id string) cadreRule {
	x := c.rs.Get(id)
	text := x.Zh
	if c.lang == langEn {
		text = x.En
	}
	return cadreRule{ID: id, Title: text + " — " + tr(c.lang, "rule.source") + sourceIn(c.lang, x.Source)}
}

func (c cadreRules) findings(fs []dangjian.Finding) []cadreFinding {
	out := make([]cadreFinding, 0, len(fs))
	for _, f := range fs {
		cls, sev := cadreSeverity(c.lang, f.Severity)
		out = append(out, cadreFinding{Rule: f.Rule, Title: c.rule(f.Rule).Title, Text: findingText(c.lang, f), Cls: cls, Sev: sev})
	}
	return out
}

// cadreSeverity names a severity: an information finding is neutral.
func cadreSeverity(l, sev string) (cls, text string) {
	switch sev {
	case dangjian.SeverityError:
		return "missing", tr(l, "sev.error")
	case dangjian.SeverityWarning:
		return "due", tr(l, "sev.warning")
	}
	return "plain", tr(l, "cadre.sev.info")
}

// cadreRatioText writes a ratio as a percentage with two decimals; "—" without staff.
func cadreRatioText(staff int, ratio float64) string {
	if staff == 0 {
		return "—"
	}
	return strconv.FormatFloat(ratio*100, 'f', 2, 64) + "%"
}

// cadreYears writes years served, one decimal; "" when unknown.
func cadreYears(y *float64) string {
	if y == nil {
		return ""
	}
	return strconv.FormatFloat(*y, 'f', 1, 64)
}

func cadreDirName(l, d string) string {
	switch d {
	case dangjian.RotationToAdmin:
		return tr(l, "cadre.dir.to_admin")
	case dangjian.RotationToParty:
		return tr(l, "cadre.dir.to_party")
	case dangjian.RotationWithin:
		return tr(l, "cadre.dir.within")
	}
	return d
}

func cadreGradeName(l, g string) string {
	switch g {
	case dangjian.AppraisalExcellent:
		return tr(l, "cadre.grade.excellent")
	case dangjian.AppraisalCompetent:
		return tr(l, "cadre.grade.competent")
	case dangjian.AppraisalBasic:
		return tr(l, "cadre.grade.basic")
	case dangjian.AppraisalIncompetent:
		return tr(l, "cadre.grade.incompetent")
	}
	return g
}

// cadreRow is a cadre in a list.
type cadreRow struct {
	dangjian.Cadre
	Kind      string
	SinceText string
	Years     string
	Href      string // the profile
	UnitHref  string
}

func cadreRows(l string, cs []dangjian.Cadre) []cadreRow {
	out := make([]cadreRow, 0, len(cs))
	for _, c := range cs {
		row := cadreRow{Cadre: c, Kind: enumName(l, "affairs", c.PartyAffairs), SinceText: formatDate(l, c.Since),
			Years: cadreYears(c.YearsServed), Href: memberHref(c.MemberID) + "/cadre"}
		if c.UnitID != 0 {
			row.UnitHref = orgHref(c.UnitID) + "/cadre-team"
		}
		out = append(out, row)
	}
	return out
}

// cadreExports are the CSV and xlsx links of a list.
type cadreExports struct{ CSV, XLSX string }

func cadreExportsOf(base string, q string) cadreExports {
	sep := "?"
	if q != "" {
		base += "?" + q
		sep = "&"
	}
	return cadreExports{CSV: base + sep + "format=csv", XLSX: base + sep + "format=xlsx"}
}

// cadreTeamPage is a unit's party-affairs cadre team; above the units it
// is the sum of the units of the subtree.
type cadreTeamPage struct {
	Base
	O         *app.OrgDetail
	T         *dangjian.CadreTeam
	Other     bool   // the team is of a unit above O
	UnitHref  string // that unit's page
	RatioText string
	Range     string // the rule's usual range, "1%–2%"
	Rule      cadreRule
	Findings  []cadreFinding
	Cadres    []cadreRow
	Settings  *dangjian.CadreSettings
	CanSet    bool
	Setting   [2]field
	Alert     string
	Exports   cadreExports
}

func (s *server) cadreTeam(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.cadreTeamPage(w, r, rq, http.StatusOK, nil, nil)
}

// cadreTeamPage draws the page; posted and err are the settings form's
// values and error when a change was refused.
func (s *server) cadreTeamPage(w http.ResponseWriter, r *http.Request, rq *request, status int, posted []string, err error) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	d, derr := s.app.Org(ctx, actor, id)
	if derr != nil {
		return derr
	}
	t, terr := s.app.CadreTeam(ctx, actor, id)
	if terr != nil {
		return terr
	}
	set, serr := s.app.CadreSettings(ctx)
	if serr != nil {
		return serr
	}
	cr, rerr := s.cadreRules(r, l)
	if rerr != nil {
		return rerr
	}
	ratio := cr.rs.Get(dangjian.RuleCadreRatio)
	p := &cadreTeamPage{O: d, T: t, RatioText: cadreRatioText(t.StaffCount, t.Ratio), Rule: cr.rule(dangjian.RuleCadreRatio),
		Range:    cadreRatioText(1, ratio.Params["min"]) + "–" + cadreRatioText(1, ratio.Params["max"]),
		Findings: cr.findings(t.Findings), Cadres: cadreRows(l, t.Cadres), Settings: set, CanSet: rootOverrider(actor),
		Exports: cadreExportsOf(orgHref(id)+"/cadre-team/export", "")}
	p.Other = t.IsUnit && t.OrgID != id
	if p.Other {
		p.UnitHref = orgHref(t.OrgID) + "/cadre-team"
	}
	p.Base = s.base(w, r, rq, tr(l, "cadre.team.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "cadre.crumb"))
	p.PrintOrg = d.Name
	if p.CanSet {
		m := formMaker{lang: l}
		if err != nil {
			m.errors, p.Alert = errorsOf(l, err)
		}
		small, years := "", ""
		if set.SmallUnitSet {
			small = strconv.Itoa(set.SmallUnitStaff)
		}
		if set.RotationSet {
			years = strconv.Itoa(set.RotationYears)
		}
		if posted != nil {
			small, years = posted[0], posted[1]
		}
		p.Setting[0] = m.field("number", "small_unit_staff", "cadre.setting.small_unit", small, false)
		p.Setting[0].Hint = tr(l, "cadre.setting.default", set.SmallUnitDefault)
		p.Setting[1] = m.field("number", "rotation_years", "cadre.setting.rotation_years", years, false)
		p.Setting[1].Hint = tr(l, "cadre.setting.default", set.RotationDefault)
		p.Setting[0].Short, p.Setting[1].Short = true, true
	}
	return s.render(w, rq, status, "cadre/team", p)
}

// cadreSettings sets (or, left empty, clears) the two local settings.
func (s *server) cadreSettings(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	posted := []string{strings.TrimSpace(r.PostFormValue("small_unit_staff")), strings.TrimSpace(r.PostFormValue("rotation_years"))}
	fe := fieldErrors{}
	var up app.CadreSettingsUpdate
	if posted[0] == "" {
		up.ClearSmallUnit = true
	} else {
		n := parseInt(fe, "small_unit_staff", posted[0])
		up.SmallUnitStaff = &n
	}
	if posted[1] == "" {
		up.ClearRotation = true
	} else {
		n := parseInt(fe, "rotation_years", posted[1])
		up.RotationYears = &n
	}
	if len(fe) > 0 {
		err = invalid(fe)
	} else {
		_, err = s.app.SetCadreSettings(r.Context(), rq.actor(), up)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.cadreTeamPage(w, r, rq, statusOf(err), posted, err)
	}
	s.redirect(w, r, orgHref(id)+"/cadre-team", "flash.cadre_settings")
	return nil
}

// cadreRollupPage is the cadre team of every unit in a subtree, sortable,
// each line leading to the unit's page.
type cadreRollupPage struct {
	Base
	O       *app.OrgDetail
	R       *dangjian.CadreRollup
	Total   cadreRollupRow
	Rows    []cadreRollupRow
	Sort    string
	Heads   []cadreSortHead
	Pager   pager
	Rule    cadreRule
	Exports cadreExports
}

type cadreRollupRow struct {
	dangjian.CadreTeam
	Href      string
	RatioText string
	Findings  []cadreFinding
}

// cadreSortHead is a sortable column head: a link that sorts by it.
type cadreSortHead struct {
	Label  string
	Href   string
	Active bool
	Num    bool
}

// Sort orders of the roll-up.
const (
	cadreSortTree  = "tree"
	cadreSortRatio = "ratio"
	cadreSortStaff = "staff"
	cadreSortShort = "short"
)

func (s *server) cadreRollup(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, cr, err := s.cadreOrg(r, rq)
	if err != nil {
		return err
	}
	id := d.ID
	rep, err := s.app.CadreRollup(ctx, actor, id)
	if err != nil {
		return err
	}
	sortBy := r.URL.Query().Get("sort")
	switch sortBy {
	case cadreSortRatio, cadreSortStaff, cadreSortShort:
	default:
		sortBy = cadreSortTree
	}
	p := &cadreRollupPage{O: d, R: rep, Sort: sortBy, Rule: cr.rule(dangjian.RuleCadreRatio),
		Exports: cadreExportsOf(orgHref(id)+"/cadre-team/rollup/export", "")}
	p.Base = s.base(w, r, rq, tr(l, "cadre.rollup.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "cadre.rollup.crumb"))
	p.PrintOrg = d.Name
	row := func(t dangjian.CadreTeam) cadreRollupRow {
		return cadreRollupRow{CadreTeam: t, Href: orgHref(t.OrgID) + "/cadre-team", RatioText: cadreRatioText(t.StaffCount, t.Ratio), Findings: cr.findings(t.Findings)}
	}
	p.Total = row(rep.Total)
	for _, t := range rep.Items {
		p.Rows = append(p.Rows, row(t))
	}
	switch sortBy {
	case cadreSortRatio: // lowest share first; units without staff last
		slices.SortStableFunc(p.Rows, func(a, b cadreRollupRow) int {
			return cmp.Or(cmp.Compare(cadreBool(a.StaffCount == 0), cadreBool(b.StaffCount == 0)), cmp.Compare(a.Ratio, b.Ratio))
		})
	case cadreSortStaff:
		slices.SortStableFunc(p.Rows, func(a, b cadreRollupRow) int { return cmp.Compare(b.StaffCount, a.StaffCount) })
	case cadreSortShort: // errors, then warnings, then the rest
		slices.SortStableFunc(p.Rows, func(a, b cadreRollupRow) int {
			return cmp.Compare(cadreShortRank(a.Findings), cadreShortRank(b.Findings))
		})
	}
	// A page of the sorted units; the sums stay those of the whole subtree.
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	p.Pager = newPager(r.URL, len(p.Rows), page, per, "orgs", "")
	p.Rows = p.Rows[min((page-1)*per, len(p.Rows)):min(page*per, len(p.Rows))]
	here := orgHref(id) + "/cadre-team/rollup?sort="
	for _, h := range []struct {
		key, sort string
		num       bool
	}{{"cadre.unit", cadreSortTree, false}, {"cadre.staff", cadreSortStaff, true}, {"cadre.ratio", cadreSortRatio, true}, {"cadre.findings", cadreSortShort, false}} {
		p.Heads = append(p.Heads, cadreSortHead{Label: tr(l, h.key), Href: here + h.sort, Active: h.sort == sortBy, Num: h.num})
	}
	return s.render(w, rq, http.StatusOK, "cadre/rollup", p)
}

func cadreBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cadreShortRank(fs []cadreFinding) int {
	best := 2
	for _, f := range fs {
		switch f.Cls {
		case "missing":
			best = 0
		case "due":
			best = min(best, 1)
		}
	}
	return best
}

// cadreProfilePage is one cadre's post, hours, rotation log and appraisal
// notes, with the forms that record them.
type cadreProfilePage struct {
	Base
	P          *dangjian.CadreProfile
	Kind       string
	SinceText  string
	Years      string
	HoursText  string // "" when the training ledger gives nothing
	IsCadre    bool
	CanWrite   bool
	Rule       cadreRule
	PostForm   formView
	RotForm    formView
	AppForm    formView
	Rotations  []cadreRotationRow
	Appraisals []cadreAppraisalRow
}

type cadreRotationRow struct {
	dangjian.CadreRotation
	On   string
	Dir  string
	From string
	To   string
}

type cadreAppraisalRow struct {
	dangjian.CadreAppraisal
	GradeText string
}

// cadreForms are the values posted to one of the profile's forms.
type cadreForms struct {
	which  string // post, rotation, appraisal
	values map[string]string
	err    error
}

func (s *server) cadreProfile(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.cadreProfilePage(w, r, rq, http.StatusOK, cadreForms{})
}

func (s *server) cadreProfilePage(w http.ResponseWriter, r *http.Request, rq *request, status int, posted cadreForms) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.app.Member(ctx, actor, id, false)
	if err != nil {
		return err
	}
	prof, err := s.app.CadreProfile(ctx, actor, id)
	if err != nil {
		return err
	}
	cr, err := s.cadreRules(r, l)
	if err != nil {
		return err
	}
	p := &cadreProfilePage{P: prof, Kind: enumName(l, "affairs", prof.PartyAffairs), SinceText: formatDate(l, prof.Since),
		Years: cadreYears(prof.YearsServed), IsCadre: prof.PartyAffairs != dangjian.PartyAffairsNone,
		CanWrite: m.Active && actor.HasPerm(dangjian.PermMemberWrite, m.OrgPath), Rule: cr.rule(dangjian.RuleCadreRotation)}
	p.Base = s.base(w, r, rq, tr(l, "cadre.profile.title", prof.Name))
	p.Crumbs = []crumb{{Label: prof.OrgName, Href: orgHref(prof.OrgID) + "/cadre-team"}, {Label: prof.Name, Href: memberHref(id)}, {Label: tr(l, "cadre.profile.crumb")}}
	p.PrintOrg = prof.OrgName
	if prof.Hours != nil && prof.HoursNeeded != nil {
		p.HoursText = tr(l, "cadre.hours.value", strconv.FormatFloat(*prof.Hours, 'f', -1, 64), strconv.FormatFloat(*prof.HoursNeeded, 'f', -1, 64))
	}
	for _, x := range prof.Rotations {
		p.Rotations = append(p.Rotations, cadreRotationRow{CadreRotation: x, On: formatDate(l, x.RotatedOn), Dir: cadreDirName(l, x.Direction),
			From: enumName(l, "affairs", x.AffairsFrom), To: enumName(l, "affairs", x.AffairsTo)})
	}
	for _, x := range prof.Appraisals {
		p.Appraisals = append(p.Appraisals, cadreAppraisalRow{CadreAppraisal: x, GradeText: cadreGradeName(l, x.Grade)})
	}
	if p.CanWrite {
		s.cadreProfileForms(l, p, posted)
	}
	return s.render(w, rq, status, "cadre/profile", p)
}

// cadreProfileForms builds the three forms; the one posted keeps its
// values and errors.
func (s *server) cadreProfileForms(l string, p *cadreProfilePage, posted cadreForms) {
	prof := p.P
	base := memberHref(prof.MemberID) + "/cadre"
	maker := func(which string) (formMaker, string, func(name, def string) string) {
		m := formMaker{lang: l}
		alert := ""
		if posted.which == which && posted.err != nil {
			m.errors, alert = errorsOf(l, posted.err)
		}
		val := func(name, def string) string {
			if posted.which == which {
				return posted.values[name]
			}
			return def
		}
		return m, alert, val
	}
	if p.IsCadre {
		m, alert, val := maker("post")
		p.PostForm = formView{Action: base, Submit: tr(l, "cadre.post.submit"), Alert: alert, Sections: []section{{Rows: [][]field{
			{m.text("post", "cadre.post_title", val("post", prof.Post), false), m.date("since", "cadre.since", val("since", prof.Since.String()), false)},
		}}}}
	}
	{
		m, alert, val := maker("rotation")
		dir := m.field("select", "direction", "cadre.direction", val("direction", ""), true)
		dir.Options = append(dir.Options, option{Value: "", Label: tr(l, "cadre.choose"), Selected: dir.Value == ""})
		for _, d := range dangjian.RotationDirections {
			dir.Options = append(dir.Options, option{Value: d, Label: cadreDirName(l, d), Selected: dir.Value == d})
		}
		aff := m.field("select", "party_affairs", "cadre.affairs_after", val("party_affairs", ""), false)
		aff.Options = append(aff.Options, option{Value: "", Label: tr(l, "cadre.affairs_after.auto"), Selected: aff.Value == ""})
		for _, v := range []string{dangjian.PartyAffairsFullTime, dangjian.PartyAffairsPartTime, dangjian.PartyAffairsNone} {
			aff.Options = append(aff.Options, option{Value: v, Label: enumName(l, "affairs", v), Selected: aff.Value == v})
		}
		note := m.field("textarea", "note", "cadre.note", val("note", ""), false)
		from := prof.Post
		if from == "" {
			from = prof.Position
		}
		p.RotForm = formView{Action: base + "/rotations", Submit: tr(l, "cadre.rotation.submit"), Alert: alert, Sections: []section{{Rows: [][]field{
			{m.text("from_post", "cadre.from_post", val("from_post", from), true), m.text("to_post", "cadre.to_post", val("to_post", ""), true)},
			{dir, m.date("rotated_on", "cadre.rotated_on", val("rotated_on", s.app.Today().String()), true)},
			{aff},
			{note},
		}}}}
	}
	if p.IsCadre || len(prof.Appraisals) > 0 {
		m, alert, val := maker("appraisal")
		year := m.field("number", "year", "cadre.year", val("year", strconv.Itoa(s.app.Today().Year()-1)), true)
		year.Short = true
		grade := m.field("select", "grade", "cadre.grade", val("grade", ""), true)
		grade.Options = append(grade.Options, option{Value: "", Label: tr(l, "cadre.choose"), Selected: grade.Value == ""})
		for _, g := range dangjian.AppraisalGrades {
			grade.Options = append(grade.Options, option{Value: g, Label: cadreGradeName(l, g), Selected: grade.Value == g})
		}
		grade.Hint = tr(l, "cadre.grade.local")
		note := m.field("textarea", "note", "cadre.appraisal.note", val("note", ""), true)
		p.AppForm = formView{Action: base + "/appraisals", Submit: tr(l, "cadre.appraisal.submit"), Alert: alert, Sections: []section{{Rows: [][]field{
			{year, grade},
			{note},
		}}}}
	}
}

func (s *server) cadrePostSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := map[string]string{"post": r.PostFormValue("post"), "since": r.PostFormValue("since")}
	fe := fieldErrors{}
	since := parseDate(fe, "since", v["since"])
	if len(fe) > 0 {
		err = invalid(fe)
	} else {
		_, err = s.app.SetCadrePost(r.Context(), rq.actor(), id, v["post"], since)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.cadreProfilePage(w, r, rq, statusOf(err), cadreForms{which: "post", values: v, err: err})
	}
	s.redirect(w, r, memberHref(id)+"/cadre", "flash.cadre_post")
	return nil
}

func (s *server) cadreRotationSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := map[string]string{}
	for _, k := range []string{"from_post", "to_post", "direction", "rotated_on", "party_affairs", "note"} {
		v[k] = r.PostFormValue(k)
	}
	fe := fieldErrors{}
	rot := dangjian.CadreRotation{MemberID: id, FromPost: v["from_post"], ToPost: v["to_post"], Direction: v["direction"],
		RotatedOn: parseDate(fe, "rotated_on", v["rotated_on"]), Note: v["note"], AffairsTo: v["party_affairs"]}
	if len(fe) > 0 {
		err = merge(fe, rot.Validate(s.app.Today()))
	} else {
		_, err = s.app.RecordRotation(r.Context(), rq.actor(), rot)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.cadreProfilePage(w, r, rq, statusOf(err), cadreForms{which: "rotation", values: v, err: err})
	}
	s.redirect(w, r, memberHref(id)+"/cadre", "flash.cadre_rotation")
	return nil
}

func (s *server) cadreAppraisalSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := map[string]string{"year": r.PostFormValue("year"), "grade": r.PostFormValue("grade"), "note": r.PostFormValue("note")}
	fe := fieldErrors{}
	ap := dangjian.CadreAppraisal{MemberID: id, Year: parseInt(fe, "year", v["year"]), Grade: v["grade"], Note: v["note"]}
	if len(fe) > 0 {
		err = merge(fe, ap.Validate(s.app.Today()))
	} else {
		_, err = s.app.RecordAppraisal(r.Context(), rq.actor(), ap)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.cadreProfilePage(w, r, rq, statusOf(err), cadreForms{which: "appraisal", values: v, err: err})
	}
	s.redirect(w, r, memberHref(id)+"/cadre", "flash.cadre_appraisal")
	return nil
}

// cadreLongPage lists the full-time cadres long in party affairs without
// rotation.
type cadreLongPage struct {
	Base
	O       *app.OrgDetail
	L       *dangjian.LongServing
	Rows    []cadreRow
	Rule    cadreRule
	Exports cadreExports
}

func (s *server) cadreLong(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, cr, err := s.cadreOrg(r, rq)
	if err != nil {
		return err
	}
	id := d.ID
	ls, err := s.app.LongServing(ctx, actor, id)
	if err != nil {
		return err
	}
	p := &cadreLongPage{O: d, L: ls, Rows: cadreRows(l, ls.Items), Rule: cr.rule(dangjian.RuleCadreRotation),
		Exports: cadreExportsOf(orgHref(id)+"/cadre-team/long-serving/export", "")}
	p.Base = s.base(w, r, rq, tr(l, "cadre.long.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "cadre.long.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "cadre/long", p)
}

// cadreAppraisalsPage is the appraisal notes of a year in a subtree: what
// the unit's annual appraisal reads.
type cadreAppraisalsPage struct {
	Base
	O       *app.OrgDetail
	Year    int
	Prev    string
	Next    string
	Rows    []cadreAppraisalListRow
	Rule    cadreRule
	Exports cadreExports
}

type cadreAppraisalListRow struct {
	dangjian.CadreAppraisal
	Kind      string
	GradeText string
	Href      string
}

func (s *server) cadreAppraisals(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, cr, err := s.cadreOrg(r, rq)
	if err != nil {
		return err
	}
	id := d.ID
	year := queryInt(r, "year", s.app.Today().Year()-1)
	list, err := s.app.Appraisals(ctx, actor, id, year)
	if err != nil {
		return err
	}
	ys := strconv.Itoa(year)
	p := &cadreAppraisalsPage{O: d, Year: year, Rule: cr.rule(dangjian.RuleCadreRotation),
		Exports: cadreExportsOf(orgHref(id)+"/cadre-appraisals/export", "year="+ys)}
	here := orgHref(id) + "/cadre-appraisals?year="
	p.Prev = here + strconv.Itoa(year-1)
	if year < s.app.Today().Year() {
		p.Next = here + strconv.Itoa(year+1)
	}
	for _, a := range list.Items {
		p.Rows = append(p.Rows, cadreAppraisalListRow{CadreAppraisal: a, Kind: enumName(l, "affairs", a.PartyAffairs), GradeText: cadreGradeName(l, a.Grade),
			Href: memberHref(a.MemberID) + "/cadre"})
	}
	p.Base = s.base(w, r, rq, tr(l, "cadre.appraisals.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "cadre.appraisals.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "cadre/appraisals", p)
}

// cadreExport sends one of the lists as a file (xlsx by default, or csv).
func (s *server) cadreExport(list string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		ctx, actor := r.Context(), rq.actor()
		format := r.URL.Query().Get("format")
		var ex *app.Export
		switch list {
		case "team":
			ex, err = s.app.ExportCadreTeam(ctx, actor, id, format)
		case "rollup":
			ex, err = s.app.ExportCadreRollup(ctx, actor, id, format)
		case "long":
			ex, err = s.app.ExportLongServing(ctx, actor, id, format)
		default:
			ex, err = s.app.ExportAppraisals(ctx, actor, id, queryInt(r, "year", s.app.Today().Year()-1), format)
		}
		if err != nil {
			return err
		}
		return s.sendFile(w, r, ex)
	}
}
