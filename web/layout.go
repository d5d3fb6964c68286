package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// Base is what the layout needs on every page; each page struct embeds it.
type Base struct {
	Lang      string
	Title     string // the page's title, already in Lang
	Bare      bool   // no top bar and sidebar (the login page)
	User      *dangjian.User
	UserMeta  string // the user's roles, for the user menu
	Nav       []navLink
	ScopeName string
	ScopeHref string
	Search    string // what the top-bar search holds
	SearchAt  string // where it searches: the roster, or the org tree
	Crumbs    []crumb
	Tree      *tree // the org tree of the sidebar; nil for none
	PrintOrg  string
	PrintDate string
	Flash     string
	Here      string // this page's URL, for the language switch
	Page      string // the page template's name, for tests and styling
	Charts    bool   // the page draws [data-chart] elements: load ECharts
}

func (b *Base) setPage(name string) { b.Page = name }

// HTMLLang is the page's lang attribute.
func (b Base) HTMLLang() string { return htmlLang(b.Lang) }

// LangHref is the link that switches to lang and comes back here.
func (b Base) LangHref(lang string) string {
	return "/settings/lang?lang=" + lang + "&next=" + url.QueryEscape(b.Here)
}

// PrintStyle sets the organization and date that print atop every page.
func (b Base) PrintStyle() template.CSS {
	if b.PrintOrg == "" && b.PrintDate == "" {
		return ""
	}
	return template.CSS("--print-org: " + cssString(b.PrintOrg) + "; --print-date: " + cssString(b.PrintDate))
}

// cssString quotes s as a CSS string; every character that could end the
// string or the declaration is escaped.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == '\'' || r == ';' || r == '}' || r == '{' {
			b.WriteString("\\" + strconv.FormatInt(int64(r), 16) + " ")
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// Initial is the first letter of the user's name, for the avatar.
func (b Base) Initial() string {
	if b.User == nil {
		return ""
	}
	for _, r := range b.User.Username {
		return strings.ToUpper(string(r))
	}
	return ""
}

type crumb struct {
	Label string
	Href  string // empty for the current page
}

type navLink struct {
	Label  string
	Href   string
	Icon   string
	Active bool
	Count  int // a to-do badge; 0 shows none
}

// navItem is one entry of the sidebar navigation. Later capabilities add
// rows here; perm is what the actor needs anywhere to see it.
type navItem struct {
	key    string
	href   string // "me" is the actor's own member record; "org:/x" is /orgs/{id}/x of the actor's first organization
	icon   string
	perm   string
	prefix string                     // the item is active on paths under this
	within []string                   // or on /orgs/{id}/… paths containing one of these
	show   func(*dangjian.Actor) bool // where set, who sees it besides perm
}

// navTable is the navigation by capability, in display order.
var navTable = []navItem{
	{"nav.home", "/", "home", dangjian.PermMemberRead, "", nil, nil},
	{"nav.me", "me", "user", "", "/me", nil, nil},
	{"nav.orgs", "/orgs", "org", dangjian.PermOrgRead, "/orgs", nil, nil},
	{"nav.members", "/members", "members", dangjian.PermMemberRead, "/members", nil, nil},
	{"nav.orglife", "org:/compliance", "calendar", dangjian.PermOrgRead, "/meetings", []string{"/compliance", "/ledger", "/meetings", "/talks/"}, nil},
	{"nav.duallife", "org:/dual-life", "members", dangjian.PermOrgRead, "", []string{"/dual-life"}, nil},
	{"nav.orglife_dashboard", "org:/orglife/dashboard", "flag", dangjian.PermOrgRead, "", []string{"/orglife/dashboard"}, nil},
	{"nav.todo", "/todo", "check", dangjian.PermOrgWrite, "/todo", nil, nil},
	// education and training (issue 5)
	{"nav.training", "org:/trainings", "calendar", dangjian.PermOrgRead, "/trainings", []string{"/trainings", "/hours"}, nil},
	// party-affairs cadre team (issue 5)
	{"nav.cadre", "org:/cadre-team", "members", dangjian.PermOrgRead, "", []string{"/cadre-team", "/cadre-appraisals"}, nil},
	// democratic evaluation, reports, democratic life meeting oversight (issue 6)
	{"nav.evaluations", "org:/evaluations", "check", dangjian.PermOrgRead, "/evaluations", []string{"/evaluations", "/evaluation-followups", "/admin-reports"}, nil},
	{"nav.ballots", "/ballots", "flag", "", "/ballots", nil, isMember},
	// rectification ledger and cadre opinions (issue 6)
	{"nav.rectifications", "org:/rectifications", "flag", dangjian.PermOrgRead, "/rectifications", []string{"/rectification"}, nil},
	{"nav.cadre_opinions", "/cadre-opinions", "user", dangjian.PermMemberRead, "/cadre-opinions", nil, app.CanSeeCadreOpinions},
	{"nav.dlm", "org:/dlm", "calendar", dangjian.PermOrgRead, "", []string{"/dlm", "/secretary-reports"}, nil},
	{"nav.rules", "/rules", "list", dangjian.PermOrgRead, "/rules", nil, nil},
	{"nav.import", "/imports/members", "import", dangjian.PermMemberWrite, "/imports", nil, nil},
	{"nav.corrections", "/corrections", "edit", dangjian.PermMemberWrite, "/corrections", nil, nil},
	{"nav.users", "/users", "key", dangjian.PermUserManage, "/users", nil, nil},
	{"nav.audit", "/audit", "audit", dangjian.PermAuditRead, "/audit", nil, nil},
}

// isMember says whether the actor's account is a member's: only members vote.
func isMember(a *dangjian.Actor) bool { return a.MemberID != nil }

func navFor(lang string, actor *dangjian.Actor, path string) []navLink {
	var out []navLink
	orgPage := -1 // the item current on an /orgs/{id}/… page, if any
	for _, it := range navTable {
		href, active := it.href, false
		if href == "me" {
			if actor.MemberID == nil {
				continue
			}
			href = "/me"
		} else if suffix, ok := strings.CutPrefix(href, "org:"); ok {
			// The page of the first organization the actor reads.
			scopes := actor.Scopes(it.perm)
			if len(scopes) == 0 {
				continue
			}
			ids := dangjian.PathIDs(scopes[0])
			href = orgHref(ids[len(ids)-1]) + suffix
			for _, w := range it.within {
				if strings.Contains(path, w) {
					active = true
				}
			}
			if active && orgPage < 0 {
				orgPage = len(out)
			}
		} else if it.perm != "" && !actor.HasPermAnywhere(it.perm) {
			continue
		}
		if it.show != nil && !it.show(actor) {
			continue
		}
		active = active || path == href || (it.prefix != "" && (path == it.prefix || strings.HasPrefix(path, it.prefix+"/")))
		out = append(out, navLink{Label: tr(lang, it.key), Href: href, Icon: it.icon, Active: active})
	}
	// Pages under /orgs/{id}/… belong to their capability's item alone.
	if orgPage >= 0 {
		for i := range out {
			out[i].Active = i == orgPage
		}
	}
	return out
}

// base fills the layout's part of a page. It also takes the flash message
// left by the last redirect.
func (s *server) base(w http.ResponseWriter, r *http.Request, rq *request, title string) Base {
	b := Base{Lang: rq.lang, Title: title, Here: r.URL.RequestURI()}
	if r.Method != http.MethodGet {
		b.Here = r.URL.Path
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if _, ok := catalog[c.Value]; ok && strings.HasPrefix(c.Value, "flash.") {
			b.Flash = tr(rq.lang, c.Value)
		}
		s.clearCookie(w, flashCookie)
	}
	if rq.auth == nil {
		return b
	}
	actor := rq.actor()
	b.User = rq.auth.User
	b.Nav = navFor(rq.lang, actor, r.URL.Path)
	s.navCounts(r.Context(), actor, b.Nav)
	s.todoNavCount(r.Context(), actor, b.Nav)
	var roles []string
	for _, g := range rq.auth.User.Roles {
		roles = append(roles, enumName(rq.lang, "role", g.Role)+" · "+g.OrgName)
	}
	b.UserMeta = strings.Join(roles, "；")
	// The scope is the first subtree the actor reads; more are summarized.
	if scopes := actor.Scopes(dangjian.PermOrgRead); len(scopes) > 0 {
		for _, g := range rq.auth.User.Roles {
			if g.OrgPath == scopes[0] {
				b.ScopeName = g.OrgName
				b.ScopeHref = "/orgs/" + strconv.FormatInt(g.OrgID, 10)
				break
			}
		}
		if len(scopes) > 1 {
			b.ScopeName = tr(rq.lang, "scope.more", b.ScopeName, len(scopes)-1)
		}
	}
	switch {
	case actor.HasPermAnywhere(dangjian.PermMemberRead):
		b.SearchAt = "/members"
	case actor.HasPermAnywhere(dangjian.PermOrgRead):
		b.SearchAt = "/orgs"
	}
	b.PrintDate = tr(rq.lang, "print.date", formatDate(rq.lang, s.app.Today()))
	b.PrintOrg = b.ScopeName
	return b
}

// crumbsFor is the breadcrumb trail of an organization page: the
// ancestors the actor may see, then the organization itself.
func crumbsFor(d *app.OrgDetail, last string) []crumb {
	var out []crumb
	for _, a := range d.Ancestors {
		out = append(out, crumb{Label: a.Name, Href: orgHref(a.ID)})
	}
	if last == "" {
		return append(out, crumb{Label: d.Name})
	}
	return append(out, crumb{Label: d.Name, Href: orgHref(d.ID)}, crumb{Label: last})
}

func orgHref(id int64) string    { return "/orgs/" + strconv.FormatInt(id, 10) }
func memberHref(id int64) string { return "/members/" + strconv.FormatInt(id, 10) }

// tree is the organization tree: the roots, with the path to the current
// organization opened. Closed nodes load their children through htmx.
type tree struct {
	Nodes   []*treeNode
	Query   string
	Current int64
}

type treeNode struct {
	Org      *dangjian.Org
	Open     bool
	Loaded   bool
	Current  bool
	Children []*treeNode
	More     int // children not listed here
}

// treeChildLimit is how many children a node lists; the organization's
// own page pages through the rest.
const treeChildLimit = 100

// buildTree returns the tree from the actor's roots down to the
// organization with path (opened, with its children); path "" opens only
// the roots.
func (s *server) buildTree(ctx context.Context, actor *dangjian.Actor, currentPath string) (*tree, error) {
	if !actor.HasPermAnywhere(dangjian.PermOrgRead) {
		return nil, nil
	}
	roots, err := s.app.OrgRoots(ctx, actor)
	if err != nil {
		return nil, err
	}
	t := &tree{}
	on := map[int64]bool{}
	ids := dangjian.PathIDs(currentPath)
	for _, id := range ids {
		on[id] = true
	}
	if len(ids) > 0 {
		t.Current = ids[len(ids)-1]
	}
	var walk func(o *dangjian.Org) (*treeNode, error)
	walk = func(o *dangjian.Org) (*treeNode, error) {
		n := &treeNode{Org: o, Current: o.ID == t.Current}
		// Open the path to the current organization, and a lone root.
		if !(on[o.ID] || (len(ids) == 0 && len(roots) == 1 && o.ParentID == nil)) || o.ChildCount == 0 {
			return n, nil
		}
		kids, total, err := s.app.Orgs(ctx, actor, dangjian.OrgFilter{ParentID: &o.ID}, app.Page{PerPage: treeChildLimit})
		if err != nil {
			return nil, err
		}
		n.Open, n.Loaded, n.More = true, true, total-len(kids)
		for _, k := range kids {
			c, err := walk(k)
			if err != nil {
				return nil, err
			}
			n.Children = append(n.Children, c)
		}
		return n, nil
	}
	for _, r := range roots {
		n, err := walk(r)
		if err != nil {
			return nil, err
		}
		t.Nodes = append(t.Nodes, n)
	}
	return t, nil
}

// pager is the pagination bar of a list.
type pager struct {
	Total   int
	Page    int
	PerPage int
	Pages   int
	From    int
	To      int
	Prev    string
	Next    string
	Links   []pageLink
	Sizes   []sizeOption
	Unit    string // "people" or "items": the catalog word after the total
	Target  string // the id htmx swaps, or "" for plain links
	Hidden  []hiddenField
	Action  string
}

type pageLink struct {
	Num     int
	Href    string
	Current bool
	Gap     bool
}

type sizeOption struct {
	Size     int
	Selected bool
}

type hiddenField struct{ Name, Value string }

// newPager builds the bar for page of total rows; link makes the URL of a
// page from the current query.
func newPager(u *url.URL, total, page, perPage int, unit, target string) pager {
	p := pager{Total: total, Page: page, PerPage: perPage, Unit: unit, Target: target, Action: u.Path}
	p.Pages = max((total+perPage-1)/perPage, 1)
	if total > 0 {
		p.From = (page-1)*perPage + 1
		p.To = min(page*perPage, total)
	}
	link := func(n int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		return u.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	last := 0
	for n := 1; n <= p.Pages; n++ {
		if n == 1 || n == p.Pages || (n >= page-2 && n <= page+2) {
			if last != 0 && n > last+1 {
				p.Links = append(p.Links, pageLink{Gap: true})
			}
			p.Links = append(p.Links, pageLink{Num: n, Href: link(n), Current: n == page})
			last = n
		}
	}
	for _, sz := range []int{20, 50, 100, 200} {
		p.Sizes = append(p.Sizes, sizeOption{Size: sz, Selected: sz == perPage})
	}
	query := u.Query()
	keys := make([]string, 0, len(query))
	for k := range query {
		if k != "page" && k != "per_page" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range query[k] {
			p.Hidden = append(p.Hidden, hiddenField{Name: k, Value: v})
		}
	}
	return p
}

// perPageOf reads per_page, bounded like app.Page.
func perPageOf(r *http.Request, def int) int {
	return min(queryInt(r, "per_page", def), 500)
}
