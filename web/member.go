package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// rosterFilter is the roster's filter bar, as the URL carries it.
type rosterFilter struct {
	Org          string
	Q            string
	Status       string
	LeadingCadre string // "1", "0" or ""
	PartyAffairs string
	Page         int
	PerPage      int
}

func readRosterFilter(r *http.Request) rosterFilter {
	q := r.URL.Query()
	f := rosterFilter{
		Org: strings.TrimSpace(q.Get("org")), Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"),
		LeadingCadre: q.Get("leading_cadre"), PartyAffairs: q.Get("party_affairs"),
		Page: queryInt(r, "page", 1), PerPage: perPageOf(r, 50),
	}
	if f.Status != dangjian.StatusFull && f.Status != dangjian.StatusProbationary {
		f.Status = ""
	}
	if f.LeadingCadre != "1" && f.LeadingCadre != "0" {
		f.LeadingCadre = ""
	}
	switch f.PartyAffairs {
	case dangjian.PartyAffairsFullTime, dangjian.PartyAffairsPartTime, dangjian.PartyAffairsNone:
	default:
		f.PartyAffairs = ""
	}
	return f
}

// Filtered says whether any filter beyond the organization is set.
func (f rosterFilter) Filtered() bool {
	return f.Q != "" || f.Status != "" || f.LeadingCadre != "" || f.PartyAffairs != ""
}

// rosterPage is the member list of a subtree.
type rosterPage struct {
	Base
	F          rosterFilter
	Org        *app.OrgDetail // nil: the actor's whole scope
	OrgOptions []option
	Statuses   []option
	Cadres     []option
	Affairs    []option
	Members    []*dangjian.Member
	Total      int
	Pager      pager
	CanAdd     bool
	NewHref    string
	ResetHref  string
	actor      *dangjian.Actor // for the export links (export.go)
}

func (s *server) roster(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	f := readRosterFilter(r)
	p := &rosterPage{F: f}
	mf := dangjian.MemberFilter{Query: f.Q, Status: f.Status, PartyAffairs: f.PartyAffairs}
	if f.LeadingCadre != "" {
		v := f.LeadingCadre == "1"
		mf.LeadingCadre = &v
	}
	if f.Org != "" {
		// An organization outside the actor's scope is not found, not an
		// empty list.
		id := parseID(f.Org)
		if id == 0 {
			return dangjian.Errorf(dangjian.ENOTFOUND, "组织不存在")
		}
		d, err := s.app.Org(ctx, actor, id)
		if err != nil {
			return err
		}
		p.Org, mf.OrgPath = d, d.Path
	}
	members, total, err := s.app.Members(ctx, actor, mf, app.Page{Page: f.Page, PerPage: f.PerPage})
	if err != nil {
		return err
	}
	p.Members, p.Total = members, total
	p.Pager = newPager(r.URL, total, f.Page, f.PerPage, "people", "roster-results")
	p.ResetHref, p.NewHref = "/members", "/members/new"
	p.CanAdd = actor.HasPermAnywhere(dangjian.PermMemberWrite)
	p.actor = actor
	if p.Org != nil {
		p.ResetHref = rosterHref(p.Org.ID)
		p.NewHref += "?" + url.Values{"org": {itoa(p.Org.ID)}}.Encode()
		p.CanAdd = actor.HasPerm(dangjian.PermMemberWrite, p.Org.Path)
	}
	if isHX(r) {
		p.Lang = l
		return s.renderFragment(w, rq, http.StatusOK, "member/roster", "roster-results", p)
	}
	title := tr(l, "roster.title")
	p.Base = s.base(w, r, rq, title)
	p.Search = f.Q
	if p.Org != nil {
		p.Crumbs = crumbsFor(p.Org, title)
		p.PrintOrg = p.Org.Name
		if p.Tree, err = s.buildTree(ctx, actor, p.Org.Path); err != nil {
			return err
		}
	} else {
		p.Crumbs = []crumb{{Label: title}}
		if p.Tree, err = s.buildTree(ctx, actor, ""); err != nil {
			return err
		}
	}
	if err := s.rosterOptions(r, rq, p); err != nil {
		return err
	}
	return s.render(w, rq, http.StatusOK, "member/roster", p)
}

// rosterOptions fills the filter bar's choices. The organization choice
// offers the way up (the visible ancestors) and one level down.
func (s *server) rosterOptions(r *http.Request, rq *request, p *rosterPage) error {
	l := rq.lang
	p.OrgOptions = append(p.OrgOptions, option{Value: "", Label: tr(l, "roster.org.all"), Selected: p.Org == nil})
	if p.Org != nil {
		for _, a := range p.Org.Ancestors {
			p.OrgOptions = append(p.OrgOptions, option{Value: itoa(a.ID), Label: a.Name})
		}
		p.OrgOptions = append(p.OrgOptions, option{Value: itoa(p.Org.ID), Label: p.Org.Name, Selected: true})
		if p.Org.ChildCount > 0 {
			kids, _, err := s.app.Orgs(r.Context(), rq.actor(), dangjian.OrgFilter{ParentID: &p.Org.ID}, app.Page{PerPage: treeChildLimit})
			if err != nil {
				return err
			}
			for _, k := range kids {
				p.OrgOptions = append(p.OrgOptions, option{Value: itoa(k.ID), Label: "└ " + k.Name})
			}
		}
	} else {
		roots, err := s.app.OrgRoots(r.Context(), rq.actor())
		if err != nil {
			return err
		}
		for _, o := range roots {
			p.OrgOptions = append(p.OrgOptions, option{Value: itoa(o.ID), Label: o.Name})
		}
	}
	p.Statuses = enumOptions(l, "status", p.F.Status, []string{"", dangjian.StatusFull, dangjian.StatusProbationary})
	p.Cadres = []option{
		{Value: "", Label: tr(l, "filter.all"), Selected: p.F.LeadingCadre == ""},
		{Value: "1", Label: tr(l, "bool.yes"), Selected: p.F.LeadingCadre == "1"},
		{Value: "0", Label: tr(l, "bool.no"), Selected: p.F.LeadingCadre == "0"},
	}
	p.Affairs = enumOptions(l, "affairs", p.F.PartyAffairs, []string{"", dangjian.PartyAffairsFullTime, dangjian.PartyAffairsPartTime, dangjian.PartyAffairsNone})
	return nil
}

// enumOptions are the options of a filter over an enumeration; "" is "all".
func enumOptions(lang, group, value string, values []string) []option {
	var out []option
	for _, v := range values {
		label := tr(lang, "filter.all")
		if v != "" {
			label = enumName(lang, group, v)
		}
		out = append(out, option{Value: v, Label: label, Selected: v == value})
	}
	return out
}

// memberPage is one member's record.
type memberPage struct {
	Base
	M         *dangjian.Member
	GroupName string
	Revealed  bool
	CanReveal bool
	CanEdit   bool
	Cadre     bool // a party-affairs cadre: link the cadre profile
	Opinions  bool // the actor may see cadre opinions: link this member's
	Moves     []*dangjian.MemberMove
	Posts     []app.HeldPost
}

func (s *server) memberShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.memberPage(w, r, rq, false)
}

// memberReveal shows the record with the ID and phone numbers in clear;
// app checks the permission and audits the reveal.
func (s *server) memberReveal(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.memberPage(w, r, rq, true)
}

func (s *server) memberPage(w http.ResponseWriter, r *http.Request, rq *request, reveal bool) error {
	ctx, actor := r.Context(), rq.actor()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.app.Member(ctx, actor, id, reveal)
	if err != nil {
		return err
	}
	p := &memberPage{M: m, Revealed: reveal, CanReveal: !reveal && app.CanReveal(actor, m)}
	p.CanEdit = actor.HasPerm(dangjian.PermMemberWrite, m.OrgPath)
	p.Cadre = m.PartyAffairs != "" && m.PartyAffairs != dangjian.PartyAffairsNone
	p.Opinions = app.CanSeeCadreOpinions(actor)
	if p.Moves, err = s.app.MemberMoves(ctx, actor, id); err != nil {
		return err
	}
	if p.Posts, err = s.app.MemberPosts(ctx, actor, id); err != nil {
		return err
	}
	if m.GroupID != nil {
		names, err := s.app.OrgNames(ctx, actor, []int64{*m.GroupID})
		if err != nil {
			return err
		}
		p.GroupName = names[*m.GroupID]
	}
	p.Base = s.base(w, r, rq, m.Name)
	p.PrintOrg = m.OrgName
	if d, err := s.app.Org(ctx, actor, m.OrgID); err == nil {
		p.Crumbs = crumbsFor(d, m.Name)
		if p.Tree, err = s.buildTree(ctx, actor, d.Path); err != nil {
			return err
		}
	} else if errNotFound(err) {
		// A member reading their own record may not see the branch.
		p.Crumbs = []crumb{{Label: m.OrgName}, {Label: m.Name}}
	} else {
		return err
	}
	return s.render(w, rq, http.StatusOK, "member/show", p)
}

// memberForm is what the new and edit member forms post.
type memberForm struct {
	Name         string
	Gender       string
	Ethnicity    string
	BirthDate    string
	IDNumber     string
	Education    string
	OrgID        string
	GroupID      string
	Status       string
	JoinedOn     string
	ConfirmedOn  string
	LeadingCadre bool
	PartyAffairs string
	Position     string
	Phone        string
	MoveReason   string
	MovedOn      string
}

func readMemberForm(r *http.Request) memberForm {
	v := r.PostFormValue
	return memberForm{
		Name: v("name"), Gender: v("gender"), Ethnicity: v("ethnicity"), BirthDate: v("birth_date"),
		IDNumber: v("id_number"), Education: v("education"), OrgID: v("org_id"), GroupID: v("group_id"),
		Status: v("status"), JoinedOn: v("joined_on"), ConfirmedOn: v("confirmed_on"),
		LeadingCadre: v("leading_cadre") == "1", PartyAffairs: v("party_affairs"), Position: v("position"),
		Phone: v("phone"), MoveReason: v("move_reason"), MovedOn: v("moved_on"),
	}
}

// member turns the form into a record; bad dates are noted in fe.
func (f memberForm) member(fe fieldErrors) dangjian.Member {
	m := dangjian.Member{
		Name: f.Name, Gender: f.Gender, Ethnicity: f.Ethnicity, IDNumber: f.IDNumber, Education: f.Education,
		OrgID: parseID(f.OrgID), Status: f.Status, LeadingCadre: f.LeadingCadre, PartyAffairs: f.PartyAffairs,
		Position: f.Position, Phone: f.Phone,
		BirthDate:   parseDate(fe, "birth_date", f.BirthDate),
		JoinedOn:    parseDate(fe, "joined_on", f.JoinedOn),
		ConfirmedOn: parseDate(fe, "confirmed_on", f.ConfirmedOn),
	}
	if g := parseID(f.GroupID); g != 0 {
		m.GroupID = &g
	}
	return m
}

// memberFormPage is the new or edit member form.
type memberFormPage struct {
	Base
	M            *dangjian.Member // the record being edited; nil for a new one
	Heading      string
	Form         formView
	BranchQuery  string
	BranchMore   bool
	OrgParam     string // the ?org= a new member was started from
	BranchSearch bool   // offer the branch search: the list is long
	Editing      bool
}

// branchChoiceLimit bounds the branch list; the search beside it narrows
// it, and is offered from branchSearchFrom branches on.
const (
	branchChoiceLimit = 500
	branchSearchFrom  = 30
)

// view draws the member form. branches are the branches the member may be
// placed in; groups the groups of the chosen branch.
func (f memberForm) view(lang string, fe fieldErrors, branches, groups []*dangjian.Org, edit *dangjian.Member) []section {
	m := formMaker{lang: lang, errors: fe}
	name := m.text("name", "member.name", f.Name, true)
	name.Auto = "off"
	gender := m.choice("radio", "gender", "member.gender", f.Gender, true, "gender", []string{"male", "female"})
	eth := m.text("ethnicity", "member.ethnicity", f.Ethnicity, false)
	eth.Place = tr(lang, "member.ethnicity.place")
	birth := m.date("birth_date", "member.birth_date", f.BirthDate, true)
	idn := m.text("id_number", "member.id_number", f.IDNumber, edit == nil)
	idn.Auto, idn.Hint = "off", tr(lang, "member.id_number.hint")
	phone := m.field("tel", "phone", "member.phone", f.Phone, false)
	phone.Auto = "off"
	if edit != nil {
		idn.Hint = tr(lang, "member.keep", edit.IDNumber)
		phone.Hint = tr(lang, "member.keep", edit.Phone)
		if edit.Phone == "" {
			phone.Hint = ""
		}
	}
	edu := m.field("select", "education", "member.education", f.Education, false)
	edu.Options = append(edu.Options, option{Value: "", Label: tr(lang, "form.choose"), Selected: f.Education == ""})
	for _, e := range dangjian.Educations {
		edu.Options = append(edu.Options, option{Value: e, Label: enumName(lang, "edu", e), Selected: e == f.Education})
	}
	if f.Education != "" && !containsStr(dangjian.Educations, f.Education) {
		edu.Options = append(edu.Options, option{Value: f.Education, Label: f.Education, Selected: true})
	}
	org := m.field("select", "org_id", "member.org", f.OrgID, true)
	if len(branches) != 1 {
		org.Options = append(org.Options, option{Value: "", Label: tr(lang, "form.choose"), Selected: f.OrgID == ""})
	}
	found := f.OrgID == ""
	for _, b := range branches {
		sel := itoa(b.ID) == f.OrgID || len(branches) == 1
		found = found || sel
		org.Options = append(org.Options, option{Value: itoa(b.ID), Label: b.Name, Selected: sel})
	}
	if !found {
		org.Options = append(org.Options, option{Value: f.OrgID, Label: "#" + f.OrgID, Selected: true})
	}
	group := m.field("select", "group_id", "member.group", f.GroupID, false)
	group.Options = append(group.Options, option{Value: "", Label: tr(lang, "member.group.none"), Selected: f.GroupID == ""})
	for _, g := range groups {
		group.Options = append(group.Options, option{Value: itoa(g.ID), Label: g.Name, Selected: itoa(g.ID) == f.GroupID})
	}
	status := m.choice("radio", "status", "member.status", f.Status, true, "status", []string{dangjian.StatusFull, dangjian.StatusProbationary})
	joined := m.date("joined_on", "member.joined_on", f.JoinedOn, true)
	joined.Hint = tr(lang, "member.joined_on.hint")
	confirmed := m.date("confirmed_on", "member.confirmed_on", f.ConfirmedOn, false)
	confirmed.Hint = tr(lang, "member.confirmed_on.hint")
	cadre := m.field("checkbox", "leading_cadre", "member.leading_cadre", "1", false)
	cadre.Checked = f.LeadingCadre
	affairs := m.choice("radio", "party_affairs", "member.party_affairs", f.PartyAffairs, false, "affairs",
		[]string{dangjian.PartyAffairsNone, dangjian.PartyAffairsFullTime, dangjian.PartyAffairsPartTime})
	out := []section{
		{Legend: tr(lang, "member.section.person"), Rows: [][]field{{name, gender}, {eth, birth}, {idn}, {edu, phone}}},
		{Legend: tr(lang, "member.section.org"), Rows: [][]field{{org, group}}},
		{Legend: tr(lang, "member.section.party"), Rows: [][]field{{status}, {joined, confirmed}}},
		{Legend: tr(lang, "member.section.work"), Rows: [][]field{{m.text("position", "member.position", f.Position, false)}, {cadre}, {affairs}}},
	}
	if edit != nil {
		reason := m.text("move_reason", "member.move_reason", f.MoveReason, false)
		reason.Hint = tr(lang, "member.move_reason.hint")
		out[1].Rows = append(out[1].Rows, []field{reason, m.date("moved_on", "member.moved_on", f.MovedOn, false)})
	}
	return out
}

func containsStr(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (s *server) memberNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := memberForm{Gender: "male", Status: dangjian.StatusFull, PartyAffairs: dangjian.PartyAffairsNone, Ethnicity: "汉族", OrgID: r.URL.Query().Get("org")}
	if rq.lang == langEn {
		f.Ethnicity = ""
	}
	return s.memberFormPage(w, r, rq, http.StatusOK, nil, f, nil)
}

// memberFormPage draws the new (m nil) or edit form.
func (s *server) memberFormPage(w http.ResponseWriter, r *http.Request, rq *request, status int, m *dangjian.Member, f memberForm, err error) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	p := &memberFormPage{M: m, Editing: m != nil, BranchQuery: strings.TrimSpace(r.URL.Query().Get("branch_q"))}
	fe, alert := fieldErrors{}, ""
	if err != nil {
		fe, alert = errorsOf(l, err)
	}
	// New members are offered the branches under the organization they
	// were added from; a move, every branch the actor may write.
	var under int64
	if m == nil {
		under = parseID(r.URL.Query().Get("org"))
	}
	branches, total, err := s.app.OrgChoices(ctx, actor, dangjian.PermMemberWrite, under, dangjian.KindBranch, p.BranchQuery, branchChoiceLimit)
	if err != nil {
		return err
	}
	p.BranchMore = total > len(branches)
	p.BranchSearch = total > branchSearchFrom || p.BranchQuery != ""
	var groups []*dangjian.Org
	if bid := parseID(f.OrgID); bid != 0 {
		if groups, _, err = s.app.OrgChoices(ctx, actor, dangjian.PermMemberWrite, bid, dangjian.KindGroup, "", treeChildLimit); err != nil && !errNotFound(err) {
			return err
		}
	}
	if m == nil {
		p.Heading = tr(l, "member.new.title")
		p.Base = s.base(w, r, rq, p.Heading)
		p.Crumbs = []crumb{{Label: tr(l, "roster.title"), Href: "/members"}, {Label: p.Heading}}
		action := "/members/new"
		if under != 0 {
			p.OrgParam = itoa(under)
			action += "?" + url.Values{"org": {itoa(under)}}.Encode()
			p.Crumbs[0].Href = rosterHref(under)
		}
		p.Form = formView{Action: action, Submit: tr(l, "member.new.submit"), Cancel: p.Crumbs[0].Href, Alert: alert, Sections: f.view(l, fe, branches, groups, nil)}
	} else {
		p.Heading = tr(l, "member.edit.title")
		p.Base = s.base(w, r, rq, p.Heading)
		p.Crumbs = []crumb{{Label: m.OrgName, Href: rosterHref(m.OrgID)}, {Label: m.Name, Href: memberHref(m.ID)}, {Label: p.Heading}}
		p.Form = formView{Action: memberHref(m.ID) + "/edit", Submit: tr(l, "form.save"), Cancel: memberHref(m.ID), Alert: alert, Sections: f.view(l, fe, branches, groups, m)}
	}
	return s.render(w, rq, status, "member/form", p)
}

func (s *server) memberCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readMemberForm(r)
	fe := fieldErrors{}
	m := f.member(fe)
	var err error
	var out *dangjian.Member
	if len(fe) > 0 {
		err = merge(fe, m.Validate(s.app.Today()))
	} else {
		out, err = s.app.CreateMember(r.Context(), rq.actor(), m)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.memberFormPage(w, r, rq, statusOf(err), nil, f, err)
	}
	s.redirect(w, r, memberHref(out.ID), "flash.member_created")
	return nil
}

func (s *server) memberEditForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	m, err := s.editableMember(r, rq)
	if err != nil {
		return err
	}
	f := memberForm{
		Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthDate: m.BirthDate.String(), Education: m.Education,
		OrgID: itoa(m.OrgID), Status: m.Status, JoinedOn: m.JoinedOn.String(), ConfirmedOn: m.ConfirmedOn.String(),
		LeadingCadre: m.LeadingCadre, PartyAffairs: m.PartyAffairs, Position: m.Position,
	}
	if m.GroupID != nil {
		f.GroupID = itoa(*m.GroupID)
	}
	return s.memberFormPage(w, r, rq, http.StatusOK, m, f, nil)
}

// editableMember loads the member of the route (masked) and requires that
// the actor may change it.
func (s *server) editableMember(r *http.Request, rq *request) (*dangjian.Member, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	m, err := s.app.Member(r.Context(), rq.actor(), id, false)
	if err != nil {
		return nil, err
	}
	if !rq.actor().HasPerm(dangjian.PermMemberWrite, m.OrgPath) {
		return nil, dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作")
	}
	return m, nil
}

func (s *server) memberUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	old, err := s.editableMember(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readMemberForm(r)
	fe := fieldErrors{}
	m := f.member(fe)
	movedOn := parseDate(fe, "moved_on", f.MovedOn)
	up := app.MemberUpdate{
		Name: &m.Name, Gender: &m.Gender, Ethnicity: &m.Ethnicity, BirthDate: &m.BirthDate, Education: &m.Education,
		Status: &m.Status, JoinedOn: &m.JoinedOn, ConfirmedOn: &m.ConfirmedOn, LeadingCadre: &m.LeadingCadre,
		PartyAffairs: &m.PartyAffairs, Position: &m.Position, MoveReason: strings.TrimSpace(f.MoveReason),
	}
	// Blank ID and phone fields keep the stored (masked) values.
	if strings.TrimSpace(f.IDNumber) != "" {
		up.IDNumber = &m.IDNumber
	}
	if strings.TrimSpace(f.Phone) != "" {
		up.Phone = &m.Phone
	}
	group := m.GroupID
	if m.OrgID != 0 && m.OrgID != old.OrgID {
		// The groups offered were the old branch's; a move leaves none.
		up.OrgID, group = &m.OrgID, nil
	}
	up.GroupID = &group
	if !movedOn.IsZero() {
		up.MovedOn = &movedOn
	}
	if m.OrgID == 0 {
		fe["org_id"] = "请选择所在党支部"
	}
	if len(fe) > 0 {
		err = invalid(fe)
	} else {
		_, err = s.app.UpdateMember(r.Context(), rq.actor(), old.ID, up)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.memberFormPage(w, r, rq, statusOf(err), old, f, err)
	}
	s.redirect(w, r, memberHref(old.ID), "flash.saved")
	return nil
}
