package app

import (
	"cmp"
	"context"
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
// It reads the subtree's organizations in one range scan and their
// meeting counts from the per-org, per-month summary rows in batches, and
// computes every report in memory: no meeting row is read.
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
	var rows []RollupRow
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
		orgs, err := tx.ComplianceOrgs(ctx, o.Path)
		if err != nil {
			return err
		}
		var ids []int64
		for _, so := range orgs {
			if cr.Applies(so.Kind) {
				ids = append(ids, so.ID)
			}
		}
		counts, err := tx.MeetingCounts(ctx, ids, year)
		if err != nil {
			return err
		}
		for _, so := range orgs {
			if !cr.Applies(so.Kind) {
				continue
			}
			facts := dangjian.OrgFacts{ID: so.ID, Kind: so.Kind, DirectFull: so.DirectFull, HasCommittee: hasCommittee(so.CommitteeSeats)}
			rep := cr.Report(facts, counts[so.ID], year, today)
			if !rep.Owes() {
				continue
			}
			row := RollupRow{OrgID: so.ID, Name: so.Name, Kind: so.Kind, Rate: rep.Rate, MissingItems: []string{}}
			for _, it := range rep.Items {
				if it.Status != dangjian.StatusMissing {
					continue
				}
				row.Missing++
				if len(row.MissingItems) < rollupShown {
					row.MissingItems = append(row.MissingItems, it.Rule+" "+it.Period)
				}
			}
			rows = append(rows, row)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	switch sortBy {
	case SortRate:
		slices.SortStableFunc(rows, func(x, y RollupRow) int { return cmp.Compare(x.Rate, y.Rate) })
	case SortMissing:
		slices.SortStableFunc(rows, func(x, y RollupRow) int { return cmp.Compare(y.Missing, x.Missing) })
	case SortName:
		slices.SortStableFunc(rows, func(x, y RollupRow) int { return strings.Compare(x.Name, y.Name) })
	}
	p = p.Norm()
	lo := min(p.Offset(), len(rows))
	hi := min(lo+p.PerPage, len(rows))
	return rows[lo:hi], len(rows), nil
}
