package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// orgListPage is the whole tree, or the results of a search in it.
type orgListPage struct {
	Base
	Query   string
	Kind    string
	Kinds   []option
	OrgTree *tree
	Results []orgResult
	Pager   pager
}

// orgResult is a search hit with the path of names above it.
type orgResult struct {
	Org  *dangjian.Org
	Path []string
}

func (s *server) orgList(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	kind := r.URL.Query().Get("kind")
	if !dangjian.ValidOrgKind(kind) {
		kind = ""
	}
	p := &orgListPage{Query: q, Kind: kind}
	p.Base = s.base(w, r, rq, tr(l, "orgs.title"))
	p.Crumbs = []crumb{{Label: tr(l, "orgs.title")}}
	p.Kinds = append(p.Kinds, option{Value: "", Label: tr(l, "filter.all"), Selected: kind == ""})
	for _, k := range dangjian.OrgKinds {
		p.Kinds = append(p.Kinds, option{Value: k, Label: enumName(l, "kind", k), Selected: k == kind})
	}
	if q == "" && kind == "" {
		t, err := s.buildTree(ctx, actor, "")
		if err != nil {
			return err
		}
		p.OrgTree = t
		return s.render(w, rq, http.StatusOK, "org/list", p)
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	orgs, total, err := s.app.Orgs(ctx, actor, dangjian.OrgFilter{Query: q, Kind: kind}, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	var ids []int64
	for _, o := range orgs {
		ids = append(ids, dangjian.PathIDs(o.Path)...)
	}
	names, err := s.app.OrgNames(ctx, actor, ids)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		res := orgResult{Org: o}
		pids := dangjian.PathIDs(o.Path)
		for _, id := range pids[:len(pids)-1] {
			if n, ok := names[id]; ok {
				res.Path = append(res.Path, n)
			}
		}
		p.Results = append(p.Results, res)
	}
	p.Pager = newPager(r.URL, total, page, per, "orgs", "")
	p.Search = q
	return s.render(w, rq, http.StatusOK, "org/list", p)
}

// orgPage is one organization.
type orgPage struct {
	Base
	O           *app.OrgDetail
	Children    []*dangjian.Org
	ChildPager  pager
	CanMember   bool // may add members here: member.write on a branch
	CanDelete   bool
	CanAddChild bool
	CanMove     bool
	DeleteErr   string
}

func (s *server) orgShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, err := s.orgPage(w, r, rq)
	if err != nil {
		return err
	}
	return s.render(w, rq, http.StatusOK, "org/show", p)
}

func (s *server) orgPage(w http.ResponseWriter, r *http.Request, rq *request) (*orgPage, error) {
	ctx, actor := r.Context(), rq.actor()
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	d, err := s.app.Org(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	p := &orgPage{O: d}
	p.Base = s.base(w, r, rq, d.Name)
	p.Crumbs = crumbsFor(d, "")
	p.PrintOrg = d.Name
	p.CanMember = d.Kind == dangjian.KindBranch && actor.HasPerm(dangjian.PermMemberWrite, d.Path)
	p.CanDelete = d.CanWrite && d.ParentID != nil
	p.CanAddChild = d.CanWrite && len(childKinds(d.Kind)) > 0
	// Moving also takes the organization out of its parent, so offer it
	// only when the parent is writable too; app checks it again.
	if n := len(d.Ancestors); d.CanWrite && n > 0 && d.ParentID != nil && d.Ancestors[n-1].ID == *d.ParentID {
		p.CanMove = actor.HasPerm(dangjian.PermOrgWrite, d.Ancestors[n-1].Path)
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 100)
	if d.ChildCount > 0 {
		kids, total, err := s.app.Orgs(ctx, actor, dangjian.OrgFilter{ParentID: &id}, app.Page{Page: page, PerPage: per})
		if err != nil {
			return nil, err
		}
		p.Children = kids
		p.ChildPager = newPager(r.URL, total, page, per, "orgs", "")
	}
	if p.Tree, err = s.buildTree(ctx, actor, d.Path); err != nil {
		return nil, err
	}
	return p, nil
}

// treeChildren is the htmx answer for a closed tree node: its children.
type treeChildren struct {
	Lang  string
	Org   *dangjian.Org
	Nodes []*treeNode
	More  int
}

func (s *server) orgChildren(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !isHX(r) {
		http.Redirect(w, r, orgHref(id)+"#children", http.StatusSeeOther)
		return nil
	}
	d, err := s.app.Org(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	kids, total, err := s.app.Orgs(r.Context(), rq.actor(), dangjian.OrgFilter{ParentID: &id}, app.Page{PerPage: treeChildLimit})
	if err != nil {
		return err
	}
	c := &treeChildren{Lang: rq.lang, Org: d.Org, More: total - len(kids)}
	for _, k := range kids {
		c.Nodes = append(c.Nodes, &treeNode{Org: k})
	}
	return s.renderFragment(w, rq, http.StatusOK, "org/list", "tree-children", c)
}

// orgForm is what the new and edit organization forms post.
type orgForm struct {
	Name       string
	Kind       string
	Code       string
	Unit       string
	StaffCount string
}

func readOrgForm(r *http.Request) orgForm {
	return orgForm{
		Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), Code: r.PostFormValue("code"),
		Unit: r.PostFormValue("unit"), StaffCount: r.PostFormValue("staff_count"),
	}
}

// orgFormPage is the new or edit organization form.
type orgFormPage struct {
	Base
	O       *app.OrgDetail // the parent (new) or the organization (edit)
	Heading string
	Lead    string
	Form    formView
}

// view draws the form; kinds are the kinds the parent may hold.
func (f orgForm) view(lang string, fe fieldErrors, kinds []string) []section {
	m := formMaker{lang: lang, errors: fe}
	staff := m.field("number", "staff_count", "org.staff", f.StaffCount, false)
	staff.Short, staff.Hint = true, tr(lang, "org.staff.hint")
	kind := m.choice("select", "kind", "org.kind", f.Kind, true, "kind", kinds)
	name := m.text("name", "org.name", f.Name, true)
	name.Hint = tr(lang, "org.name.hint")
	unit := m.text("unit", "org.unit", f.Unit, false)
	unit.Hint = tr(lang, "org.unit.hint")
	return []section{{Rows: [][]field{
		{name},
		{kind, m.text("code", "org.code", f.Code, false)},
		{unit, staff},
	}}}
}

// childKinds are the kinds an organization of kind parent may hold.
func childKinds(parent string) []string {
	var out []string
	for _, k := range dangjian.OrgKinds {
		if dangjian.CanContain(parent, k) {
			out = append(out, k)
		}
	}
	return out
}

// writableOrg loads the organization of the route and requires that the
// actor may change it: hidden is 404, visible but read-only is 403.
func (s *server) writableOrg(r *http.Request, rq *request) (*app.OrgDetail, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	d, err := s.app.Org(r.Context(), rq.actor(), id)
	if err != nil {
		return nil, err
	}
	if !d.CanWrite {
		return nil, dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作")
	}
	return d, nil
}

func (s *server) orgNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	kinds := childKinds(d.Kind)
	f := orgForm{}
	if len(kinds) > 0 {
		f.Kind = kinds[len(kinds)-1]
		if d.Kind != dangjian.KindGeneralBranch && d.Kind != dangjian.KindBranch {
			f.Kind = kinds[0]
		}
	}
	return s.orgNewPage(w, r, rq, http.StatusOK, d, f, nil)
}

func (s *server) orgNewPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, f orgForm, err error) error {
	l := rq.lang
	p := &orgFormPage{O: d, Heading: tr(l, "org.new.title"), Lead: tr(l, "org.new.lead", d.Name)}
	p.Base = s.base(w, r, rq, p.Heading)
	p.Crumbs = crumbsFor(d, p.Heading)
	fe, alert := fieldErrors{}, ""
	if err != nil {
		fe, alert = errorsOf(l, err)
	}
	p.Form = formView{
		Action: "/orgs/" + itoa(d.ID) + "/children/new", Submit: tr(l, "org.new.submit"), Cancel: orgHref(d.ID),
		Alert: alert, Sections: f.view(l, fe, childKinds(d.Kind)),
	}
	return s.render(w, rq, status, "org/form", p)
}

func (s *server) orgCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readOrgForm(r)
	fe := fieldErrors{}
	in := app.OrgInput{ParentID: &d.ID, Name: f.Name, Kind: f.Kind, Code: f.Code, Unit: f.Unit, StaffCount: parseInt(fe, "staff_count", f.StaffCount)}
	var o *dangjian.Org
	if len(fe) > 0 {
		// Nothing is written; the domain check adds its own messages.
		v := dangjian.Org{ParentID: in.ParentID, Name: in.Name, Kind: in.Kind, Code: in.Code, Unit: in.Unit}
		err = merge(fe, v.Validate())
	} else {
		o, err = s.app.CreateOrg(r.Context(), rq.actor(), in)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.orgNewPage(w, r, rq, statusOf(err), d, f, err)
	}
	s.redirect(w, r, orgHref(o.ID), "flash.org_created")
	return nil
}

// formError says whether err belongs on the form (bad input, a conflict)
// rather than on an error page.
func formError(err error) bool {
	c := dangjian.ErrorCode(err)
	return c == dangjian.EINVALID || c == dangjian.ECONFLICT
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (s *server) orgEditForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	f := orgForm{Name: d.Name, Kind: d.Kind, Code: d.Code, Unit: d.Unit, StaffCount: strconv.Itoa(d.StaffCount)}
	return s.orgEditPage(w, r, rq, http.StatusOK, d, f, nil)
}

// editKinds are the kinds an organization may be changed to: those its
// parent may hold, or its own when the parent is out of sight.
func editKinds(d *app.OrgDetail) []string {
	if d.ParentID == nil {
		return []string{d.Kind}
	}
	if n := len(d.Ancestors); n > 0 && d.Ancestors[n-1].ID == *d.ParentID {
		return childKinds(d.Ancestors[n-1].Kind)
	}
	return []string{d.Kind}
}

func (s *server) orgEditPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, f orgForm, err error) error {
	l := rq.lang
	p := &orgFormPage{O: d, Heading: tr(l, "org.edit.title"), Lead: d.Name}
	p.Base = s.base(w, r, rq, p.Heading)
	p.Crumbs = crumbsFor(d, p.Heading)
	fe, alert := fieldErrors{}, ""
	if err != nil {
		fe, alert = errorsOf(l, err)
	}
	p.Form = formView{
		Action: "/orgs/" + itoa(d.ID) + "/edit", Submit: tr(l, "form.save"), Cancel: orgHref(d.ID),
		Alert: alert, Sections: f.view(l, fe, editKinds(d)),
	}
	return s.render(w, rq, status, "org/form", p)
}

func (s *server) orgUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readOrgForm(r)
	fe := fieldErrors{}
	staff := parseInt(fe, "staff_count", f.StaffCount)
	if len(fe) > 0 {
		v := dangjian.Org{ParentID: d.ParentID, Name: f.Name, Kind: f.Kind, Code: f.Code, Unit: f.Unit}
		err = merge(fe, v.Validate())
	} else {
		_, err = s.app.UpdateOrg(r.Context(), rq.actor(), d.ID, app.OrgUpdate{Name: &f.Name, Kind: &f.Kind, Code: &f.Code, Unit: &f.Unit, StaffCount: &staff})
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.orgEditPage(w, r, rq, statusOf(err), d, f, err)
	}
	s.redirect(w, r, orgHref(d.ID), "flash.saved")
	return nil
}

// orgMovePage chooses a new parent for an organization.
type orgMovePage struct {
	Base
	O          *app.OrgDetail
	Query      string
	Candidates []moveCandidate
	More       bool
	ParentID   string
	Error      string
	Alert      string
}

type moveCandidate struct {
	Org      *dangjian.Org
	Path     string
	Selected bool
}

// moveChoiceLimit bounds the list of possible parents; the search narrows it.
const moveChoiceLimit = 200

func (s *server) orgMoveForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	return s.orgMovePage(w, r, rq, http.StatusOK, d, r.URL.Query().Get("q"), "", nil)
}

func (s *server) orgMovePage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, q, parent string, err error) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	p := &orgMovePage{O: d, Query: strings.TrimSpace(q), ParentID: parent}
	p.Base = s.base(w, r, rq, tr(l, "org.move.title"))
	p.Crumbs = crumbsFor(d, p.Title)
	if err != nil {
		fe, alert := errorsOf(l, err)
		p.Error, p.Alert = fe["parent_id"], alert
	}
	// Offer the organizations the actor may write that may hold this kind,
	// outside its own subtree.
	orgs, _, err := s.app.OrgChoices(ctx, actor, dangjian.PermOrgWrite, 0, "", p.Query, moveChoiceLimit)
	if err != nil {
		return err
	}
	var ids []int64
	for _, o := range orgs {
		ids = append(ids, dangjian.PathIDs(o.Path)...)
	}
	names, err := s.app.OrgNames(ctx, actor, ids)
	if err != nil {
		return err
	}
	p.More = len(orgs) == moveChoiceLimit
	for _, o := range orgs {
		if !dangjian.CanContain(o.Kind, d.Kind) || dangjian.InSubtree(o.Path, d.Path) || (d.ParentID != nil && o.ID == *d.ParentID) {
			continue
		}
		var path []string
		for _, id := range dangjian.PathIDs(o.Path) {
			if n, ok := names[id]; ok {
				path = append(path, n)
			}
		}
		p.Candidates = append(p.Candidates, moveCandidate{Org: o, Path: strings.Join(path, " / "), Selected: itoa(o.ID) == parent})
	}
	return s.render(w, rq, status, "org/move", p)
}

func (s *server) orgMove(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	raw := strings.TrimSpace(r.PostFormValue("parent_id"))
	if raw == "" {
		raw = strings.TrimSpace(r.PostFormValue("parent_id_manual"))
	}
	pid := parseID(raw)
	if pid == 0 {
		err = &dangjian.Error{Code: dangjian.EINVALID, Message: "请选择上级组织", Fields: map[string]string{"parent_id": "请选择上级组织"}}
	} else {
		_, err = s.app.UpdateOrg(r.Context(), rq.actor(), d.ID, app.OrgUpdate{ParentID: &pid})
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.orgMovePage(w, r, rq, statusOf(err), d, r.PostFormValue("q"), raw, err)
	}
	s.redirect(w, r, orgHref(d.ID), "flash.moved")
	return nil
}

func (s *server) orgDelete(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	err = s.app.DeleteOrg(r.Context(), rq.actor(), d.ID)
	if dangjian.ErrorCode(err) == dangjian.ECONFLICT {
		// Show the reason on the organization's own page.
		p, perr := s.orgPage(w, r, rq)
		if perr != nil {
			return perr
		}
		p.DeleteErr = msgIn(rq.lang, dangjian.ErrorMessage(err))
		return s.render(w, rq, http.StatusConflict, "org/show", p)
	}
	if err != nil {
		return err
	}
	to := "/orgs"
	if d.ParentID != nil {
		to = orgHref(*d.ParentID)
	}
	s.redirect(w, r, to, "flash.deleted")
	return nil
}

// committeePage edits an organization's committee: a new term with its
// post holders. Saving records an election; the old committee is history.
type committeePage struct {
	Base
	O         *app.OrgDetail
	TermStart field
	TermEnd   field
	Rows      []committeeRow
	Alert     string
	PostsErr  string
	MoreThan  int // when the member list was cut at this many
	Action    string
}

type committeeRow struct {
	Index     int // the field ids count from 0, like the error keys
	Num       int // the row number shown, from 1
	Members   []option
	Posts     []option
	MemberErr string
	PostErr   string
}

// committeeForm is what the committee form posts: parallel lists of member
// and post, one pair per row; rows without a member are ignored.
type committeeForm struct {
	TermStart string
	TermEnd   string
	MemberIDs []string
	Posts     []string
}

// committeeMemberLimit bounds the member choices: a committee is elected
// from its own organization, which is rarely this big.
const committeeMemberLimit = 500

// blankRows is how many empty rows the form offers beyond the filled ones.
const blankRows = 3

func (s *server) committeeForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	f := committeeForm{}
	if c := d.Committee; c != nil {
		// A new term starts from the current one's people, not its dates.
		for _, p := range c.Posts {
			f.MemberIDs = append(f.MemberIDs, itoa(p.MemberID))
			f.Posts = append(f.Posts, p.Post)
		}
	}
	return s.committeePage(w, r, rq, http.StatusOK, d, f, nil, 0)
}

func (s *server) committeePage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, f committeeForm, err error, extra int) error {
	l := rq.lang
	p := &committeePage{O: d, Action: "/orgs/" + itoa(d.ID) + "/committee"}
	p.Base = s.base(w, r, rq, tr(l, "committee.edit.title"))
	p.Crumbs = crumbsFor(d, p.Title)
	fe := fieldErrors{}
	if err != nil {
		fe, p.Alert = errorsOf(l, err)
	}
	m := formMaker{lang: l, errors: fe}
	p.TermStart = m.date("term_start", "committee.term_start", f.TermStart, true)
	p.TermEnd = m.date("term_end", "committee.term_end", f.TermEnd, true)
	p.TermEnd.Hint = tr(l, "committee.term_end.hint")
	p.PostsErr = fe["posts"]
	members, total, err := s.app.Members(r.Context(), rq.actor(), dangjian.MemberFilter{OrgPath: d.Path}, app.Page{PerPage: committeeMemberLimit})
	if err != nil {
		return err
	}
	if total > len(members) {
		p.MoreThan = len(members)
	}
	rows := max(len(f.MemberIDs)+blankRows, 5) + extra
	for i := 0; i < rows; i++ {
		var mid, post string
		if i < len(f.MemberIDs) {
			mid = f.MemberIDs[i]
		}
		if i < len(f.Posts) {
			post = f.Posts[i]
		}
		if post == "" {
			post = dangjian.PostMember
			if i == 0 {
				post = dangjian.PostSecretary
			}
		}
		row := committeeRow{Index: i, Num: i + 1, MemberErr: fe["posts["+strconv.Itoa(i)+"].member_id"], PostErr: fe["posts["+strconv.Itoa(i)+"].post"]}
		row.Members = append(row.Members, option{Value: "", Label: tr(l, "committee.none.option"), Selected: mid == ""})
		found := mid == ""
		for _, mm := range members {
			sel := itoa(mm.ID) == mid
			found = found || sel
			row.Members = append(row.Members, option{Value: itoa(mm.ID), Label: mm.Name + " · " + mm.OrgName, Selected: sel})
		}
		if !found {
			// Keep what was posted even if it is not in the list, so the
			// error next to it makes sense.
			row.Members = append(row.Members, option{Value: mid, Label: "#" + mid, Selected: true})
		}
		for _, ps := range dangjian.Posts {
			row.Posts = append(row.Posts, option{Value: ps, Label: enumName(l, "post", ps), Selected: ps == post})
		}
		p.Rows = append(p.Rows, row)
	}
	return s.render(w, rq, status, "org/committee", p)
}

func (s *server) committeeSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.writableOrg(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := committeeForm{TermStart: r.PostFormValue("term_start"), TermEnd: r.PostFormValue("term_end")}
	// Keep only the rows with a member, in order, so errors line up with
	// what is shown again.
	ms, ps := r.PostForm["member_id"], r.PostForm["post"]
	for i, mid := range ms {
		if strings.TrimSpace(mid) == "" {
			continue
		}
		f.MemberIDs = append(f.MemberIDs, strings.TrimSpace(mid))
		post := ""
		if i < len(ps) {
			post = ps[i]
		}
		f.Posts = append(f.Posts, post)
	}
	if r.PostFormValue("add_rows") != "" {
		// "More rows" redraws the form with what was typed, saving nothing.
		return s.committeePage(w, r, rq, http.StatusOK, d, f, nil, blankRows)
	}
	fe := fieldErrors{}
	c := dangjian.Committee{TermStart: parseDate(fe, "term_start", f.TermStart), TermEnd: parseDate(fe, "term_end", f.TermEnd)}
	for i, mid := range f.MemberIDs {
		c.Posts = append(c.Posts, dangjian.Post{MemberID: parseID(mid), Post: f.Posts[i]})
	}
	if len(c.Posts) == 0 {
		fe["posts"] = "请至少填写一名委员"
	}
	if len(fe) > 0 {
		err = merge(fe, c.Validate())
	} else {
		_, err = s.app.ReplaceCommittee(r.Context(), rq.actor(), d.ID, c)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.committeePage(w, r, rq, statusOf(err), d, f, err, 0)
	}
	s.redirect(w, r, orgHref(d.ID)+"#committee", "flash.committee_saved")
	return nil
}

// historyPage lists every committee an organization has had.
type historyPage struct {
	Base
	O          *app.OrgDetail
	Committees []*dangjian.Committee
}

func (s *server) committeeHistory(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Org(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	cs, err := s.app.CommitteeHistory(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	p := &historyPage{O: d, Committees: cs}
	p.Base = s.base(w, r, rq, tr(rq.lang, "committee.history.title"))
	p.Crumbs = crumbsFor(d, p.Title)
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "org/history", p)
}

// orgsQuery is the roster link of an organization's subtree.
func rosterHref(id int64) string { return "/members?" + url.Values{"org": {itoa(id)}}.Encode() }
