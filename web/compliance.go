package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// yearOf reads ?year=, defaulting to the current year.
func (s *server) yearOf(r *http.Request) int {
	return queryInt(r, "year", s.app.Today().Year())
}

// orgYear reads the organization of the path (404 outside the actor's
// scope) and the year of the query, as the yearly pages need them.
func (s *server) orgYear(r *http.Request, rq *request) (*app.OrgDetail, int, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, 0, err
	}
	d, err := s.app.Org(r.Context(), rq.actor(), id)
	if err != nil {
		return nil, 0, err
	}
	return d, s.yearOf(r), nil
}

// rateText writes a compliance rate as a percentage.
func rateText(rate float64) string { return strconv.FormatFloat(rate*100, 'f', 1, 64) + "%" }

// statusClass maps a compliance status to the status colour class.
func statusClass(status string) string {
	switch status {
	case dangjian.StatusMet:
		return "met"
	case dangjian.StatusMissing:
		return "missing"
	case dangjian.StatusUpcoming:
		return "due"
	}
	return "na"
}

// gridPage is a branch's year: rules down, months across.
type gridPage struct {
	Base
	O        *app.OrgDetail
	Year     int
	Prev     string
	Next     string
	Rate     string
	Met      int
	Missing  int
	Upcoming int
	Months   []int
	Rows     []gridRow
}

// gridRow is one rule of the grid.
type gridRow struct {
	Rule   string
	Kind   string
	Source string
	Text   string // the rule in the page's language
	NA     bool
	Reason string
	Cells  []gridCell
}

// gridCell is one period of a rule: a month, or the months of a quarter or year.
type gridCell struct {
	Span     int
	Class    string
	Status   string
	Counted  int
	Expected int
	Label    string
	Href     string
}

// periodMonths reads a period label ("2026-03", "2026-Q2", "2026") as its
// first and last month.
func periodMonths(label string) (int, int) {
	if _, rest, ok := strings.Cut(label, "-"); ok {
		if q, ok := strings.CutPrefix(rest, "Q"); ok {
			n, _ := strconv.Atoi(q)
			return 3*n - 2, 3 * n
		}
		n, _ := strconv.Atoi(rest)
		return n, n
	}
	return 1, 12
}

func (s *server) compliance(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	id := d.ID
	rep, err := s.app.Compliance(ctx, actor, id, year)
	if err != nil {
		return err
	}
	rs, err := s.app.RuleTable(ctx)
	if err != nil {
		return err
	}
	p := &gridPage{O: d, Year: year, Rate: rateText(rep.Rate), Met: rep.Met(), Missing: rep.Missing(), Upcoming: rep.Upcoming()}
	p.Base = s.base(w, r, rq, tr(l, "compliance.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "compliance.crumb"))
	p.PrintOrg = d.Name
	p.Prev = orgHref(id) + "/compliance?year=" + strconv.Itoa(year-1)
	if year < s.app.Today().Year()+1 {
		p.Next = orgHref(id) + "/compliance?year=" + strconv.Itoa(year+1)
	}
	for m := 1; m <= 12; m++ {
		p.Months = append(p.Months, m)
	}
	byRule := map[string]int{}
	for _, it := range rep.Items {
		i, ok := byRule[it.Rule]
		if !ok {
			rule := rs.Get(it.Rule)
			text := rule.Zh
			if l == langEn {
				text = rule.En
			}
			p.Rows = append(p.Rows, gridRow{Rule: it.Rule, Kind: it.Kind, Source: rule.Source, Text: text})
			i = len(p.Rows) - 1
			byRule[it.Rule] = i
		}
		row := &p.Rows[i]
		if it.Status == dangjian.StatusNotApplicable {
			row.NA, row.Reason = true, msgIn(l, it.Reason)
			continue
		}
		if it.Reason != "" {
			row.Reason = msgIn(l, it.Reason)
		}
		first, last := periodMonths(it.Period)
		row.Cells = append(row.Cells, gridCell{
			Span: last - first + 1, Class: statusClass(it.Status), Status: it.Status, Counted: it.Counted, Expected: it.Expected,
			Label: it.Period, Href: periodLink(id, it.Kind, year, first, last),
		})
	}
	return s.render(w, rq, http.StatusOK, "compliance/grid", p)
}

// rollupPage is the compliance of every organization in a subtree.
type rollupPage struct {
	Base
	O     *app.OrgDetail
	Year  int
	Sort  string
	Sorts []option
	Rows  []rollupRow
	Pager pager
}

type rollupRow struct {
	app.RollupRow
	RateText string
	Class    string
	Href     string
}

func (s *server) rollup(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	id := d.ID
	sortBy := r.URL.Query().Get("sort")
	switch sortBy {
	case app.SortRate, app.SortMissing, app.SortName:
	default:
		sortBy = app.SortRate
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	rows, total, err := s.app.ComplianceRollup(ctx, actor, id, year, sortBy, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	p := &rollupPage{O: d, Year: year, Sort: sortBy}
	p.Base = s.base(w, r, rq, tr(l, "rollup.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "rollup.crumb"))
	p.PrintOrg = d.Name
	for _, o := range []option{{app.SortRate, tr(l, "rollup.sort.rate"), false}, {app.SortMissing, tr(l, "rollup.sort.missing"), false}, {app.SortName, tr(l, "rollup.sort.name"), false}} {
		o.Selected = o.Value == sortBy
		p.Sorts = append(p.Sorts, o)
	}
	for _, row := range rows {
		c := "met"
		if row.Missing > 0 {
			c = "missing"
		}
		p.Rows = append(p.Rows, rollupRow{RollupRow: row, RateText: rateText(row.Rate), Class: c,
			Href: orgHref(row.OrgID) + "/compliance?year=" + strconv.Itoa(year)})
	}
	p.Pager = newPager(r.URL, total, page, per, "orgs", "")
	return s.render(w, rq, http.StatusOK, "compliance/rollup", p)
}

// ledgerPage is the 三会一课 record book of an organization and year.
type ledgerPage struct {
	Base
	O        *app.OrgDetail
	Year     int
	Sections []ledgerSection
}

type ledgerSection struct {
	Kind string
	Rows []ledgerRow
}

type ledgerRow struct {
	No      int // the row number within its kind
	M       *dangjian.Meeting
	Host    string
	Due     int
	Present int
	Leave   int
}

// ledgerLimit bounds the meetings of one organization's year read for
// the ledger; a branch holds a few dozen.
const ledgerLimit = 500

func (s *server) ledger(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	id := d.ID
	from := time.Date(year, 1, 1, 0, 0, 0, 0, dangjian.CST)
	list, _, err := s.app.Meetings(ctx, actor, app.MeetingQuery{OrgID: id, From: from, To: from.AddDate(1, 0, 0)}, app.Page{PerPage: ledgerLimit})
	if err != nil {
		return err
	}
	byKind := map[string][]ledgerRow{}
	// Oldest first, as a record book is written.
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].OrgID != id {
			continue // the ledger is this organization's own, not its subtree's
		}
		m, err := s.app.Meeting(ctx, actor, list[i].ID)
		if err != nil {
			return err
		}
		row := ledgerRow{M: m, Host: nameIn(m.Attendance, m.HostID), Due: len(m.Attendance)}
		for _, a := range m.Attendance {
			switch a.Status {
			case dangjian.AttendPresent:
				row.Present++
			case dangjian.AttendLeave:
				row.Leave++
			}
		}
		if h := m.Headcount; h != nil && len(m.Attendance) == 0 { // an imported record by counts
			row.Due, row.Present, row.Leave = h.Due, h.Present, h.Leave
		}
		row.No = len(byKind[m.Kind]) + 1
		byKind[m.Kind] = append(byKind[m.Kind], row)
	}
	p := &ledgerPage{O: d, Year: year}
	for _, k := range dangjian.MeetingKinds {
		if rows, ok := byKind[k]; ok || k == dangjian.MeetingAssembly || k == dangjian.MeetingCommittee || k == dangjian.MeetingGroup || k == dangjian.MeetingLecture {
			p.Sections = append(p.Sections, ledgerSection{Kind: k, Rows: rows})
		}
	}
	p.Base = s.base(w, r, rq, tr(l, "ledger.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "ledger.crumb"))
	p.PrintOrg = d.Name + " · " + fmt.Sprint(year)
	return s.render(w, rq, http.StatusOK, "compliance/ledger", p)
}
