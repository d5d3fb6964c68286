package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// todoView is one to-do item as a page shows it, in the page's language.
type todoView struct {
	Title    string
	OrgID    int64
	OrgName  string
	Rule     string
	Source   string
	DueOn    string
	Class    string // the status colour: missing (overdue) or due
	Badge    string
	Href     string
	Severity string
}

// todoPage is the actor's to-do list.
type todoPage struct {
	Base
	Items     []todoView
	Summaries []app.TodoSummary
	Overdue   int
	Due       int
	Runs      bool // the actor runs any organization
}

// todoViews words the items in lang.
func (s *server) todoViews(ctx context.Context, lang string, items []app.TodoItem) []todoView {
	rules := s.app.Rules()
	sep := "、"
	if lang == langEn {
		sep = ", "
	}
	out := make([]todoView, 0, len(items))
	for _, it := range items {
		v := todoView{OrgID: it.OrgID, OrgName: it.OrgName, Rule: it.Rule, Href: it.Href, Severity: it.Severity}
		if it.Rule != "" {
			v.Source = sourceIn(lang, rules.Get(it.Rule).Source)
		}
		if it.DueOn != nil {
			v.DueOn = formatDate(lang, *it.DueOn)
		}
		if it.Severity == app.TodoOverdue {
			v.Class, v.Badge = "missing", tr(lang, "todo.sev.overdue")
		} else {
			v.Class, v.Badge = "due", tr(lang, "todo.sev.due")
		}
		kind := enumName(lang, "mkind", it.Meeting)
		switch {
		case it.Kind == app.TodoCompliance && it.Severity == app.TodoDue:
			v.Title = tr(lang, "todo.t.due", kind, strings.Join(it.Periods, sep), it.Expected, it.Counted)
		case it.Kind == app.TodoCompliance:
			v.Title = tr(lang, "todo.t.overdue", kind, strings.Join(it.Periods, sep), it.Expected)
		case it.Kind == app.TodoSuspectedMerged:
			v.Title = tr(lang, "todo.t.suspected", kind, it.Topic, v.DueOn)
		case it.Kind == app.TodoTalks:
			v.Title = tr(lang, "todo.t.talks", it.Count, it.Total)
		case it.Kind == app.TodoCorrections:
			v.Title = tr(lang, "todo.t.corrections", it.Count)
		case it.Kind == app.TodoCommitteeTerm && lang == langEn && it.MessageEn != "":
			v.Title = it.MessageEn
		case lang == langEn && it.TitleEn != "":
			v.Title = it.TitleEn
		default:
			v.Title = msgIn(lang, it.Title)
		}
		out = append(out, v)
	}
	return out
}

// setTodoCount puts n on the to-do link of a page's navigation.
func setTodoCount(nav []navLink, n int) {
	for i := range nav {
		if nav[i].Href == "/todo" {
			nav[i].Count = n
		}
	}
}

func (s *server) todo(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	td, err := s.app.Todo(ctx, actor, app.TodoOptions{Summaries: true})
	if err != nil {
		return err
	}
	p := &todoPage{Items: s.todoViews(ctx, l, td.Items), Summaries: td.Summaries, Overdue: td.Overdue, Due: len(td.Items) - td.Overdue}
	p.Runs = actor.HasPermAnywhere(dangjian.PermOrgWrite) || actor.HasPermAnywhere(dangjian.PermMemberWrite)
	p.Base = s.base(w, r, rq, tr(l, "todo.title"))
	setTodoCount(p.Nav, len(td.Items))
	p.Crumbs = []crumb{{Label: tr(l, "todo.title")}}
	return s.render(w, rq, http.StatusOK, "todo/list", p)
}

// todoNavCount puts the number of to-do items on the to-do link. The
// home page and /todo read the list anyway and set it themselves
// (setTodoCount), so it is not read twice there.
func (s *server) todoNavCount(ctx context.Context, actor *dangjian.Actor, nav []navLink) {
	for i := range nav {
		if nav[i].Href == "/" && nav[i].Active {
			return
		}
	}
	for i := range nav {
		if nav[i].Href != "/todo" || nav[i].Active {
			continue
		}
		n, err := s.app.TodoCount(ctx, actor)
		if err != nil {
			// The page still renders; the badge is a convenience.
			s.log.Warn("count to-do items", "err", fmt.Errorf("to-do: %w", err))
			return
		}
		nav[i].Count = n
	}
}
