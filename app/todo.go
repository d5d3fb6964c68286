package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Kinds of to-do items.
const (
	TodoCompliance      = "compliance"       // a meeting rule's period due this month or missed this year
	TodoCommitteeTerm   = "committee_term"   // a committee's term expiring or expired
	TodoSuspectedMerged = "suspected_merged" // a meeting awaiting the secretary's word that it was separate
	TodoTalks           = "talks"            // heart-to-heart talks still owed late in the year
	TodoCorrections     = "corrections"      // member corrections awaiting approval
)

// Severities of a to-do item.
const (
	TodoDue     = "due"     // to do this month
	TodoOverdue = "overdue" // should have been done
)

// TodoItem is one thing to do. The exported JSON fields are the API's;
// the others let a page word the item in its own language.
type TodoItem struct {
	Kind     string         `json:"kind"`
	Title    string         `json:"title"`
	OrgID    int64          `json:"org_id"` // 0 when the item belongs to no one organization
	OrgName  string         `json:"org_name"`
	Rule     string         `json:"rule"` // the rule id, "" where none applies
	DueOn    *dangjian.Date `json:"due_on"`
	Severity string         `json:"severity"`
	Href     string         `json:"href"` // where to act

	Meeting   string   `json:"-"` // the meeting kind (compliance, suspected_merged)
	Periods   []string `json:"-"` // the periods missed (compliance) or due
	Expected  int      `json:"-"`
	Counted   int      `json:"-"`
	Count     int      `json:"-"` // corrections pending; talk pairs missing
	Total     int      `json:"-"` // talk pairs owed
	Topic     string   `json:"-"` // the suspected meeting's topic
	MessageEn string   `json:"-"` // the finding's English text (committee_term)
	TitleEn   string   `json:"-"` // a source's English title, where the page cannot word the item itself
	order     int      // the organization's place in tree order
}

// TodoSummary stands for a subtree too large to list: only its root and
// the root's direct children are looked at one by one; the rest is
// counted.
type TodoSummary struct {
	OrgID   int64  `json:"org_id"`
	OrgName string `json:"org_name"`
	Orgs    int    `json:"orgs"`    // organizations in the subtree
	Listed  int    `json:"listed"`  // of those, looked at one by one
	Owing   int    `json:"owing"`   // organizations that owe any meeting this year
	Missing int    `json:"missing"` // of those, with a period over and not met
	Href    string `json:"href"`    // the roll-up, sorted by what is missing
}

// Todo is an actor's to-do list.
type Todo struct {
	Items     []TodoItem    `json:"items"`
	Summaries []TodoSummary `json:"summaries"`
	Overdue   int           `json:"overdue"`
}

// TodoOptions says how much a caller wants: the summaries of large
// subtrees scan them whole (the roll-up's scan), so the home page and the
// navigation badge leave them out.
type TodoOptions struct {
	Summaries bool
}

// todoWholeMax is the largest subtree the to-do list looks at
// organization by organization; above it, the root and its direct
// children, and a summary.
const todoWholeMax = 50

// todoChildrenMax bounds the direct children looked at in a large
// subtree (the demo county's working committee has hundreds); the
// summary counts the rest. It keeps the list, and the navigation's badge
// computed on every page, to a few dozen organizations.
const todoChildrenMax = 50

// todoSuspectedMax bounds the suspected-merged meetings listed.
const todoSuspectedMax = 50

// todoTalksFrom is the month from which talks still owed this year show
// as due: the last quarter. RULES.md (orglife.talks) owes them within the
// year and names no reminder date, so this is the platform's choice.
const todoTalksFrom = time.October

// todoRun is what every source of to-do items reads.
type todoRun struct {
	a       *App
	actor   *dangjian.Actor
	today   dangjian.Date
	rules   *dangjian.RuleSet
	orgs    []*dangjian.Org // the organizations looked at, in tree order
	order   map[int64]int
	commits map[int64]*dangjian.Committee // the current committees of orgs
}

// todoSource adds the items of one capability.
type todoSource func(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error)

// todoSources are the sources of the to-do list; later capabilities add
// theirs at their marker.
var todoSources = []todoSource{
	todoCompliance,
	todoCommitteeTerms,
	todoSuspectedMerged,
	todoTalks,
	todoCorrections,
	// democratic evaluation (issue 6)
	todoEvaluations,
	// education and training (issue 5)
	todoTraining,
	// party-affairs cadre team (issue 5)
	todoCadre,
	// rectification ledger and cadre opinions (issue 6)
	todoRectifications,
}

// todoScopes are the subtrees an actor runs: where it may record
// organizational life (org.write or member.write).
func todoScopes(actor *dangjian.Actor) []string {
	return foldScopes(actor.Scopes(dangjian.PermOrgWrite), actor.Scopes(dangjian.PermMemberWrite))
}

// Todo returns what is due this month and what is overdue in the
// organizations the actor runs: overdue first, then by date and tree
// order. An actor who runs nothing has an empty list.
func (a *App) Todo(ctx context.Context, actor *dangjian.Actor, opt TodoOptions) (*Todo, error) {
	out := &Todo{Items: []TodoItem{}, Summaries: []TodoSummary{}}
	scopes := todoScopes(actor)
	if len(scopes) == 0 {
		return out, nil
	}
	run := &todoRun{a: a, actor: actor, today: a.Today(), order: map[int64]int{}}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		run.rules = rs
		for _, path := range scopes {
			ids := dangjian.PathIDs(path)
			root, err := tx.Org(ctx, ids[len(ids)-1])
			if err != nil {
				return err
			}
			var orgs []*dangjian.Org
			if root.OrgCount <= todoWholeMax {
				if orgs, err = tx.SubtreeOrgs(ctx, root.Path, todoWholeMax); err != nil {
					return err
				}
			} else {
				kids, err := tx.OrgChildren(ctx, root.ID, todoChildrenMax)
				if err != nil {
					return err
				}
				orgs = append([]*dangjian.Org{root}, kids...)
				if opt.Summaries {
					sum, err := a.todoSummary(ctx, tx, rs, root, len(orgs), run.today)
					if err != nil {
						return err
					}
					out.Summaries = append(out.Summaries, sum)
				}
			}
			for _, o := range orgs {
				if _, dup := run.order[o.ID]; dup {
					continue
				}
				run.order[o.ID] = len(run.orgs)
				run.orgs = append(run.orgs, o)
			}
		}
		ids := make([]int64, len(run.orgs))
		for i, o := range run.orgs {
			ids[i] = o.ID
		}
		if run.commits, err = tx.CurrentCommittees(ctx, ids); err != nil {
			return err
		}
		for _, src := range todoSources {
			items, err := src(ctx, tx, run)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, items...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out.Items, func(x, y TodoItem) int {
		if x.Severity != y.Severity {
			if x.Severity == TodoOverdue {
				return -1
			}
			return 1
		}
		if c := cmpDate(x.DueOn, y.DueOn); c != 0 {
			return c
		}
		return cmp.Compare(x.order, y.order)
	})
	for _, it := range out.Items {
		if it.Severity == TodoOverdue {
			out.Overdue++
		}
	}
	return out, nil
}

// TodoCount is the number of items on the actor's list, for the
// navigation's badge; 0 when it runs nothing.
//
// The count is kept for a minute per user: the badge shows on every page,
// and the list reads every capability's tables, so each page view would
// otherwise pay for the whole list (a working-committee admin's list at
// the root of 60,000 organizations scans the units of the whole county).
func (a *App) TodoCount(ctx context.Context, actor *dangjian.Actor) (int, error) {
	if len(todoScopes(actor)) == 0 {
		return 0, nil
	}
	if n, ok := a.todoCounts.get(actor.UserID, a.db.Now()); ok {
		return n, nil
	}
	t, err := a.Todo(ctx, actor, TodoOptions{})
	if err != nil {
		return 0, err
	}
	a.todoCounts.put(actor.UserID, len(t.Items), a.db.Now())
	return len(t.Items), nil
}

// todoCountTTL is how long a user's to-do count is kept for the badge.
const todoCountTTL = time.Minute

// countCache keeps each user's to-do count for todoCountTTL. User 0 (the
// command-line actor) is never kept.
type countCache struct {
	mu sync.Mutex
	m  map[int64]countEntry
}

type countEntry struct {
	n  int
	at time.Time
}

func (c *countCache) get(user int64, now time.Time) (int, bool) {
	if user == 0 {
		return 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[user]
	if !ok || now.Sub(e.at) >= todoCountTTL || now.Before(e.at) {
		return 0, false
	}
	return e.n, true
}

func (c *countCache) put(user int64, n int, now time.Time) {
	if user == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= 10000 { // a bound, not an LRU: dropping all is fine for a badge
		c.m = map[int64]countEntry{}
	}
	c.m[user] = countEntry{n: n, at: now}
}

// TodoChanged drops the actor's kept to-do count: what they just did may
// have changed it. The web layer calls it after every form it takes.
func (a *App) TodoChanged(actor *dangjian.Actor) {
	if actor != nil {
		a.todoCounts.forget(actor.UserID)
	}
}

func (c *countCache) forget(user int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, user)
}

// cmpDate orders dates, nil last.
func cmpDate(x, y *dangjian.Date) int {
	switch {
	case x == nil && y == nil:
		return 0
	case x == nil:
		return 1
	case y == nil:
		return -1
	case x.Before(*y):
		return -1
	case y.Before(*x):
		return 1
	}
	return 0
}

// todoSummary counts, for a subtree too large to list, the organizations
// that owe meetings this year and those missing some: the roll-up's scan
// of packed year counts, nothing read per organization.
func (a *App) todoSummary(ctx context.Context, tx *sqlstore.Tx, rs *dangjian.RuleSet, root *dangjian.Org, listed int, today dangjian.Date) (TodoSummary, error) {
	year := today.Year()
	sum := TodoSummary{OrgID: root.ID, OrgName: root.Name, Orgs: root.OrgCount, Listed: listed,
		Href: "/orgs/" + strconv.FormatInt(root.ID, 10) + "/compliance/rollup?year=" + strconv.Itoa(year) + "&sort=missing"}
	cr := dangjian.NewComplianceRules(rs)
	plan := cr.Plan(year, today)
	var counts dangjian.YearCounts
	err := tx.RollupOrgs(ctx, root.Path, year, cr.CommitteeRequired(), false, func(so *sqlstore.ComplianceOrg) error {
		if err := counts.Parse(so.Counts); err != nil {
			return fmt.Errorf("organization %d: %w", so.ID, err)
		}
		s := plan.Summarize(dangjian.OrgFacts{ID: so.ID, Kind: so.Kind, DirectFull: so.DirectFull, HasCommittee: hasCommittee(so.CommitteeSeats)}, &counts, 0)
		if s.Owes {
			sum.Owing++
			if s.Missing > 0 {
				sum.Missing++
			}
		}
		return nil
	})
	return sum, err
}

// periodBounds reads a period label ("2026-03", "2026-Q2", "2026") as its
// first and last day.
func periodBounds(label string) (dangjian.Date, dangjian.Date, bool) {
	ys, rest, _ := strings.Cut(label, "-")
	year, err := strconv.Atoi(ys)
	if err != nil {
		return dangjian.Date{}, dangjian.Date{}, false
	}
	first, last := 1, 12
	switch {
	case rest == "":
	case strings.HasPrefix(rest, "Q"):
		q, err := strconv.Atoi(rest[1:])
		if err != nil || q < 1 || q > 4 {
			return dangjian.Date{}, dangjian.Date{}, false
		}
		first, last = 3*q-2, 3*q
	default:
		m, err := strconv.Atoi(rest)
		if err != nil || m < 1 || m > 12 {
			return dangjian.Date{}, dangjian.Date{}, false
		}
		first, last = m, m
	}
	return dangjian.NewDate(year, time.Month(first), 1), dangjian.NewDate(year, time.Month(last)+1, 1).AddDays(-1), true
}

func orgPath(id int64, suffix string) string { return "/orgs/" + strconv.FormatInt(id, 10) + suffix }

// todoCompliance: for every organization, each meeting rule whose period
// ends this month and is not met yet is due; each rule with periods of
// this year over and not met is overdue, once, naming the periods. The
// counts are the packed year counts, one query for all organizations.
func todoCompliance(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	year := run.today.Year()
	ids := make([]int64, len(run.orgs))
	for i, o := range run.orgs {
		ids[i] = o.ID
	}
	packed, err := tx.PackedYearCounts(ctx, ids, year)
	if err != nil {
		return nil, err
	}
	cr := dangjian.NewComplianceRules(run.rules)
	var out []TodoItem
	for _, o := range run.orgs {
		if !cr.Applies(o.Kind) {
			continue
		}
		yc, err := dangjian.ParseYearCounts(packed[o.ID])
		if err != nil {
			return nil, fmt.Errorf("organization %d: %w", o.ID, err)
		}
		c := run.commits[o.ID]
		facts := dangjian.OrgFacts{ID: o.ID, Kind: o.Kind, DirectFull: o.DirectFull, HasCommittee: c != nil && hasCommittee(len(c.Posts))}
		rep := cr.Report(facts, yc.MeetingCounts(year), year, run.today)
		missed := map[string]int{} // rule → index in out
		for _, it := range rep.Items {
			first, last, ok := periodBounds(it.Period)
			if !ok {
				continue
			}
			kindName := dangjian.MeetingKindNames[it.Kind]
			switch {
			case it.Status == dangjian.StatusUpcoming && !run.today.Before(first) && last.Year() == run.today.Year() && last.Month() == run.today.Month():
				due := last
				out = append(out, TodoItem{Kind: TodoCompliance, Severity: TodoDue, OrgID: o.ID, OrgName: o.Name, Rule: it.Rule, DueOn: &due,
					Title:   fmt.Sprintf("%s：%s 应开 %d 次，已开 %d 次", kindName, it.Period, it.Expected, it.Counted),
					Href:    orgPath(o.ID, "/meetings/new?kind="+it.Kind),
					Meeting: it.Kind, Periods: []string{it.Period}, Expected: it.Expected, Counted: it.Counted, order: run.order[o.ID]})
			case it.Status == dangjian.StatusMissing:
				if i, ok := missed[it.Rule]; ok {
					out[i].Periods = append(out[i].Periods, it.Period)
					continue
				}
				due := last
				missed[it.Rule] = len(out)
				out = append(out, TodoItem{Kind: TodoCompliance, Severity: TodoOverdue, OrgID: o.ID, OrgName: o.Name, Rule: it.Rule, DueOn: &due,
					Href:    orgPath(o.ID, "/compliance?year="+strconv.Itoa(year)),
					Meeting: it.Kind, Periods: []string{it.Period}, Expected: it.Expected, order: run.order[o.ID]})
			}
		}
		for _, i := range missed {
			it := &out[i]
			it.Title = fmt.Sprintf("%s：%s 未达到要求（每期应开 %d 次）", dangjian.MeetingKindNames[it.Meeting], strings.Join(it.Periods, "、"), it.Expected)
		}
	}
	return out, nil
}

// todoCommitteeTerms: the term findings (org.term.*) of every
// organization: expired is overdue, expiring within the warning window
// is due, on the day the term ends.
func todoCommitteeTerms(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	var out []TodoItem
	for _, o := range run.orgs {
		c := run.commits[o.ID]
		if c == nil {
			continue
		}
		for _, f := range dangjian.OrgFindings(run.rules, o, c, run.today, run.a.cfg.TermWarnDays) {
			if f.Rule != "org.term.branch" && f.Rule != "org.term.committee" {
				continue
			}
			due := c.TermStart.AddYears(int(run.rules.Get(f.Rule).Value))
			if !c.TermEnd.IsZero() && c.TermEnd.Before(due) {
				due = c.TermEnd
			}
			sev := TodoDue
			if f.Severity == dangjian.SeverityError {
				sev = TodoOverdue
			}
			out = append(out, TodoItem{Kind: TodoCommitteeTerm, Severity: sev, OrgID: o.ID, OrgName: o.Name, Rule: f.Rule, DueOn: &due,
				Title: f.Message, MessageEn: f.MessageEn, Href: orgPath(o.ID, "/committee"), order: run.order[o.ID]})
		}
	}
	return out, nil
}

// todoSuspectedMerged: meetings overlapping a registered administrative
// meeting wait for the secretary to confirm they were held apart
// (orglife.merged); until then they do not count.
func todoSuspectedMerged(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	ids := make([]int64, len(run.orgs))
	for i, o := range run.orgs {
		ids[i] = o.ID
	}
	ms, err := tx.SuspectedMeetings(ctx, ids, todoSuspectedMax)
	if err != nil {
		return nil, err
	}
	var out []TodoItem
	for _, m := range ms {
		held := dangjian.DateOf(m.HeldAt)
		out = append(out, TodoItem{Kind: TodoSuspectedMerged, Severity: TodoDue, OrgID: m.OrgID, OrgName: m.OrgName, Rule: "orglife.merged", DueOn: &held,
			Title:   fmt.Sprintf("%s「%s」（%s）疑似与行政会议合并召开，待确认", dangjian.MeetingKindNames[m.Kind], m.Topic, held),
			Href:    "/meetings/" + strconv.FormatInt(m.ID, 10),
			Meeting: m.Kind, Topic: m.Topic, order: run.order[m.OrgID]})
	}
	return out, nil
}

// todoTalks: from the last quarter on, a branch whose heart-to-heart
// talks of the year (orglife.talks) are not all held has them due by the
// year's end.
func todoTalks(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	if run.today.Month() < todoTalksFrom {
		return nil, nil
	}
	year := run.today.Year()
	var branches []int64
	for _, o := range run.orgs {
		if c := run.commits[o.ID]; o.Kind == dangjian.KindBranch && c != nil && len(c.Posts) > 0 {
			branches = append(branches, o.ID)
		}
	}
	if len(branches) == 0 {
		return nil, nil
	}
	// Ids only, for all branches at once: the list counts the pairs, the
	// coverage page names them.
	memberIDs, err := tx.ActiveMemberIDs(ctx, branches)
	if err != nil {
		return nil, err
	}
	talks, err := tx.TalkPairs(ctx, branches, year)
	if err != nil {
		return nil, err
	}
	var out []TodoItem
	for _, id := range branches {
		o, c := run.orgs[run.order[id]], run.commits[id]
		members := make([]dangjian.Due, 0, len(memberIDs[id]))
		for _, m := range memberIDs[id] {
			members = append(members, dangjian.Due{MemberID: m})
		}
		committee := make([]int64, 0, len(c.Posts))
		for _, p := range c.Posts {
			committee = append(committee, p.MemberID)
		}
		cov := dangjian.CoverTalks(members, committee, talks[id])
		if cov.Done >= cov.Required {
			continue
		}
		due := dangjian.NewDate(year, 12, 31)
		missing := cov.Required - cov.Done
		out = append(out, TodoItem{Kind: TodoTalks, Severity: TodoDue, OrgID: o.ID, OrgName: o.Name, Rule: "orglife.talks", DueOn: &due,
			Title: fmt.Sprintf("谈心谈话尚缺 %d 对（应谈 %d 对）", missing, cov.Required),
			Href:  orgPath(o.ID, "/talks/coverage?year="+strconv.Itoa(year)), Count: missing, Total: cov.Required, order: run.order[o.ID]})
	}
	return out, nil
}

// todoCorrections: the member corrections waiting for the actor's
// decision, as one item (as the navigation's badge counts them).
func todoCorrections(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	scopes := run.actor.Scopes(dangjian.PermMemberWrite)
	if len(scopes) == 0 {
		return nil, nil
	}
	f := dangjian.CorrectionFilter{Scopes: scopes, Status: dangjian.CorrectionPending}
	if run.actor.MemberID != nil {
		f.NotMember = *run.actor.MemberID
	}
	n, err := tx.CountCorrections(ctx, f)
	if err != nil || n == 0 {
		return nil, err
	}
	return []TodoItem{{Kind: TodoCorrections, Severity: TodoDue, Title: fmt.Sprintf("%d 条党员信息更正申请待审批", n),
		Href: "/corrections?status=" + dangjian.CorrectionPending, Count: n, order: len(run.orgs)}}, nil
}

// AdminMeetings lists the administrative meetings that flag the meetings
// of an organization the actor may read: those registered on it or on
// an ancestor (the unit's top organization), newest first, with the
// total.
func (a *App) AdminMeetings(ctx context.Context, actor *dangjian.Actor, orgID int64, p Page) ([]*dangjian.AdminMeeting, int, error) {
	p = p.Norm()
	var out []*dangjian.AdminMeeting
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		out, total, err = tx.AdminMeetings(ctx, dangjian.PathIDs(o.Path), p.Offset(), p.PerPage)
		return err
	})
	return out, total, err
}
