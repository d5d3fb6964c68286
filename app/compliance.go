package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// firstYear bounds a compliance year below: the Party was founded in 1921.
const firstYear = 1921

// checkYear refuses a year before firstYear or after next year.
func checkYear(year int, today dangjian.Date) error {
	if year < firstYear || year > today.Year()+1 {
		return &dangjian.Error{Code: dangjian.EINVALID, Message: "年份无效",
			Fields: map[string]string{"year": "年份须在 " + itoa(firstYear) + " 到 " + itoa(today.Year()+1) + " 之间"}}
	}
	return nil
}

// hasCommittee says whether a current committee of seats counts as one: a
// secretary alone is not a committee (as in OrgFindings).
func hasCommittee(seats int) bool { return seats >= 2 }

// Compliance returns what an organization owes in year under the rule
// table in force, and how it stands today.
func (a *App) Compliance(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*dangjian.ComplianceReport, error) {
	today := a.Today()
	if err := checkYear(year, today); err != nil {
		return nil, err
	}
	var rep dangjian.ComplianceReport
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		c, err := tx.Committee(ctx, o.ID)
		if err != nil {
			return err
		}
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		counts, err := tx.MeetingCounts(ctx, []int64{o.ID}, year)
		if err != nil {
			return err
		}
		facts := dangjian.OrgFacts{ID: o.ID, Kind: o.Kind, DirectFull: o.DirectFull, HasCommittee: c != nil && hasCommittee(len(c.Posts))}
		rep = dangjian.Compliance(rs, facts, counts[o.ID], year, today)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &rep, nil
}

// RollupRow is one organization of a roll-up.
type RollupRow struct {
	OrgID   int64   `json:"org_id"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Rate    float64 `json:"rate"`
	Missing int     `json:"missing"` // periods over and not met
	// What is missing, as "rule period", at most rollupShown of them.
	MissingItems []string `json:"missing_items"`
}

// rollupShown caps the list of what is missing in a roll-up row; the
// organization's own report has the rest.
const rollupShown = 5

// Roll-up sort orders.
const (
	SortRate    = "rate"    // lowest rate first
	SortMissing = "missing" // most missing first
	SortName    = "name"
)

// ComplianceRollup returns, for every organization in the subtree of
// orgID that owes any meeting, its rate and what it is missing in year,
// sorted (ties in tree order) and paged, with the total.
//
// It reads the subtree's organizations in one range scan, each with its
// packed meeting counts of the year (org_year_counts) and, where it
// decides anything, its committee size (Tx.RollupOrgs), and summarizes
// every organization in memory with the rules laid out once for the year:
// no meeting and no per-month row is read. Unless sorted by name, only
// the page's names are read.
func (a *App) ComplianceRollup(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, sortBy string, p Page) ([]RollupRow, int, error) {
	today := a.Today()
	if err := checkYear(year, today); err != nil {
		return nil, 0, err
	}
	switch sortBy {
	case "":
		sortBy = SortRate
	case SortRate, SortMissing, SortName:
	default:
		return nil, 0, &dangjian.Error{Code: dangjian.EINVALID, Message: "排序方式无效",
			Fields: map[string]string{"sort": "应为 rate、missing 或 name 之一"}}
	}
	var page []RollupRow
	total := 0
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		cr := dangjian.NewComplianceRules(rs)
		plan := cr.Plan(year, today)
		rows := make([]RollupRow, 0, max(o.OrgCount, 0))
		var counts dangjian.YearCounts
		names := sortBy == SortName
		err = tx.RollupOrgs(ctx, o.Path, year, cr.CommitteeRequired(), names, func(so *sqlstore.ComplianceOrg) error {
			if err := counts.Parse(so.Counts); err != nil {
				return fmt.Errorf("organization %d: %w", so.ID, err)
			}
			facts := dangjian.OrgFacts{ID: so.ID, Kind: so.Kind, DirectFull: so.DirectFull, HasCommittee: hasCommittee(so.CommitteeSeats)}
			sum := plan.Summarize(facts, &counts, rollupShown)
			if !sum.Owes {
				return nil
			}
			items := sum.MissingItems
			if items == nil {
				items = []string{}
			}
			rows = append(rows, RollupRow{OrgID: so.ID, Name: so.Name, Kind: so.Kind, Rate: sum.Rate, Missing: sum.Missing, MissingItems: items})
			return nil
		})
		if err != nil {
			return err
		}
		page, total = sortPage(rows, sortBy, p), len(rows)
		if names || len(page) == 0 {
			return nil
		}
		// Sorted by rate or missing, only the page's names are read.
		ids := make([]int64, len(page))
		for i := range page {
			ids[i] = page[i].OrgID
		}
		orgs, err := tx.OrgsByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for i := range page {
			if so := orgs[page[i].OrgID]; so != nil {
				page[i].Name = so.Name
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return page, total, nil
}

// sortPage sorts rows by sortBy, ties in the order given (tree order),
// and returns a copy of page p. It sorts positions rather than rows, with
// the position as the last key: cheaper than a stable sort of the rows.
func sortPage(rows []RollupRow, sortBy string, p Page) []RollupRow {
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	var by func(x, y *RollupRow) int
	switch sortBy {
	case SortMissing:
		by = func(x, y *RollupRow) int { return cmp.Compare(y.Missing, x.Missing) }
	case SortName:
		by = func(x, y *RollupRow) int { return strings.Compare(x.Name, y.Name) }
	default:
		by = func(x, y *RollupRow) int { return cmp.Compare(x.Rate, y.Rate) }
	}
	slices.SortFunc(order, func(i, j int32) int {
		if c := by(&rows[i], &rows[j]); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	p = p.Norm()
	lo := min(p.Offset(), len(rows))
	hi := min(lo+p.PerPage, len(rows))
	page := make([]RollupRow, 0, hi-lo)
	for _, i := range order[lo:hi] {
		page = append(page, rows[i])
	}
	return page
}
