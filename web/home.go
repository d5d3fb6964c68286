package web

import (
	"net/http"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// homePage is the dashboard of the actor's scope.
type homePage struct {
	Base
	D         *app.Dashboard
	Cards     []card
	RuleCards []card
	OrgTree   *tree
	Runs      bool       // the actor runs organizations: the to-do list shows
	Todo      []todoView // the first homeTodo items
	TodoMore  int        // items beyond those
	TodoOver  int        // overdue items, all of them
	DashHref  string     // the dashboard of the actor's first organization
}

// homeTodo is how many to-do items the home page lists; /todo has all.
const homeTodo = 8

// card is one number on the dashboard.
type card struct {
	Label  string
	Value  int
	Unit   string
	Sub    string
	Href   string
	Status string // "", met, due or missing: the colour, always with Badge
	Badge  string
	Rule   string // the rule id the number comes from
	Source string
}

func (s *server) home(w http.ResponseWriter, r *http.Request, rq *request) error {
	actor := rq.actor()
	// Users who may not read the roster land where their work is.
	if !actor.HasPermAnywhere(dangjian.PermMemberRead) {
		switch {
		case actor.HasPermAnywhere(dangjian.PermUserManage):
			http.Redirect(w, r, "/users", http.StatusSeeOther)
			return nil
		case actor.HasPermAnywhere(dangjian.PermAuditRead):
			http.Redirect(w, r, "/audit", http.StatusSeeOther)
			return nil
		case actor.MemberID != nil:
			http.Redirect(w, r, "/me", http.StatusSeeOther)
			return nil
		}
		p := &homePage{}
		p.Base = s.base(w, r, rq, tr(rq.lang, "home.title"))
		return s.render(w, rq, http.StatusOK, "home/home", p)
	}
	d, err := s.app.Dashboard(r.Context(), actor)
	if err != nil {
		return err
	}
	l := rq.lang
	p := &homePage{D: d}
	p.Base = s.base(w, r, rq, tr(l, "home.title"))
	st := d.Stats
	p.Cards = []card{
		{Label: tr(l, "home.orgs"), Value: st.Orgs, Unit: tr(l, "unit.orgs"), Sub: tr(l, "home.branches", formatInt(st.Branches)), Href: "/orgs"},
		{Label: tr(l, "home.members"), Value: st.Members, Unit: tr(l, "unit.people"),
			Sub: tr(l, "home.members.sub", formatInt(st.Full), formatInt(st.Members-st.Full)), Href: "/members"},
		{Label: tr(l, "home.leading"), Value: st.LeadingCadre, Unit: tr(l, "unit.people"), Href: "/members?leading_cadre=1"},
		{Label: tr(l, "home.affairs"), Value: st.AffairsFull + st.AffairsPart, Unit: tr(l, "unit.people"),
			Sub: tr(l, "home.affairs.sub", formatInt(st.AffairsFull), formatInt(st.AffairsPart)), Href: "/members?party_affairs=full_time"},
	}
	rules := s.app.Rules()
	for _, is := range d.Issues {
		if is.Severity == dangjian.SeverityWarning && is.Count == 0 && (is.Rule == "org.term.branch" || is.Rule == "org.term.committee") {
			continue // "due soon" only matters when something is
		}
		rule := rules.Get(is.Rule)
		c := card{Value: is.Count, Unit: tr(l, "unit.orgs"), Rule: is.Rule, Source: sourceIn(l, rule.Source)}
		key := "home.issue." + is.Rule
		if is.Severity == dangjian.SeverityWarning && (is.Rule == "org.term.branch" || is.Rule == "org.term.committee") {
			key += ".due"
		}
		c.Label = tr(l, key, formatInt(int(rule.Value)))
		switch {
		case is.Count == 0:
			c.Status, c.Badge = "met", tr(l, "sev.met")
		case is.Severity == dangjian.SeverityError:
			c.Status, c.Badge = "missing", tr(l, "sev.error")
		default:
			c.Status, c.Badge = "due", tr(l, "sev.warning")
		}
		if len(is.IDs) == 1 {
			c.Href = orgHref(is.IDs[0])
		}
		p.RuleCards = append(p.RuleCards, c)
	}
	if p.OrgTree, err = s.buildTree(r.Context(), actor, ""); err != nil {
		return err
	}
	if scopes := actor.Scopes(dangjian.PermOrgRead); len(scopes) > 0 {
		ids := dangjian.PathIDs(scopes[0])
		p.DashHref = orgHref(ids[len(ids)-1]) + "/orglife/dashboard"
	}
	// The to-do list without the summaries of large subtrees: only the
	// organizations the actor runs directly are read, never the tree.
	if p.Runs = actor.HasPermAnywhere(dangjian.PermOrgWrite) || actor.HasPermAnywhere(dangjian.PermMemberWrite); p.Runs {
		td, err := s.app.Todo(r.Context(), actor, app.TodoOptions{})
		if err != nil {
			return err
		}
		items := td.Items
		setTodoCount(p.Nav, len(items))
		p.TodoOver = td.Overdue
		if len(items) > homeTodo {
			p.TodoMore, items = len(items)-homeTodo, items[:homeTodo]
		}
		p.Todo = s.todoViews(r.Context(), l, items)
	}
	p.Crumbs = []crumb{{Label: tr(l, "home.title")}}
	return s.render(w, rq, http.StatusOK, "home/home", p)
}
