package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// OrglifeDashboard is the working committee's view of a subtree's
// organizational life in one year: compliance by unit (the direct
// children), the trend by month, and the meetings that did not count for
// being merged or below quorum.
//
// A subtree's rate is the mean of the rates of its organizations that owe
// any meeting (each organization weighs the same, as in the roll-up whose
// rates it averages).
type OrglifeDashboard struct {
	OrgID       int64            `json:"org_id"`
	OrgName     string           `json:"org_name"`
	Year        int              `json:"year"`
	AsOf        dangjian.Date    `json:"as_of"` // the day the rates are for: today, or the year's last day
	Rate        float64          `json:"rate"`
	Orgs        int              `json:"orgs"`      // organizations that owe any meeting
	Compliant   int              `json:"compliant"` // of those, with no period over and not met
	Missing     int              `json:"missing"`   // periods over and not met, all organizations
	Counted     int              `json:"counted"`   // meetings that count, in the year
	Merged      int              `json:"merged"`    // recorded as merged with an administrative meeting
	Suspected   int              `json:"suspected"` // flagged suspected merged, not (yet) confirmed separate
	BelowQuorum int              `json:"below_quorum"`
	Units       []DashboardUnit  `json:"units"`
	Months      []DashboardMonth `json:"months"`
}

// DashboardUnit is the organization itself (Own) or one of its direct
// children with its whole subtree.
type DashboardUnit struct {
	OrgID       int64   `json:"org_id"`
	Name        string  `json:"name"`
	Kind        string  `json:"kind"`
	Own         bool    `json:"own"` // the organization itself, without its children
	Rate        float64 `json:"rate"`
	Orgs        int     `json:"orgs"`
	Compliant   int     `json:"compliant"`
	Missing     int     `json:"missing"`
	Counted     int     `json:"counted"`
	Merged      int     `json:"merged"`
	Suspected   int     `json:"suspected"`
	BelowQuorum int     `json:"below_quorum"`
}

// DashboardMonth is one month of the subtree. Rate is the subtree's rate
// once the month is over (the periods over by the next month's first
// day); nil for a month not over yet.
type DashboardMonth struct {
	Month       string   `json:"month"` // "2026-03"
	Counted     int      `json:"counted"`
	Merged      int      `json:"merged"`
	Suspected   int      `json:"suspected"`
	BelowQuorum int      `json:"below_quorum"`
	Rate        *float64 `json:"rate"`
}

// unitAcc adds up a unit's organizations.
type unitAcc struct {
	rateSum float64
}

// childOf returns the id of the direct child of the organization at root
// on whose subtree path lies; 0 for root itself. It allocates nothing.
func childOf(path, root string) int64 {
	rest := path[len(root):]
	var id int64
	for i := 0; i < len(rest) && rest[i] != '/'; i++ {
		id = id*10 + int64(rest[i]-'0')
	}
	return id
}

// OrglifeDashboard computes the dashboard of the subtree of orgID in
// year. It makes one scan of the subtree's packed year counts (the
// roll-up's), summarizing each organization against the rules as of
// today and as of the end of each month over, and reads the few
// organization-months with merged or below-quorum meetings from
// org_month_flags: never a meeting.
func (a *App) OrglifeDashboard(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*OrglifeDashboard, error) {
	today := a.Today()
	if err := checkYear(year, today); err != nil {
		return nil, err
	}
	d := &OrglifeDashboard{Year: year, Units: []DashboardUnit{}, Months: []DashboardMonth{}}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		d.OrgID, d.OrgName = o.ID, o.Name
		kids, err := tx.OrgChildren(ctx, o.ID, 0)
		if err != nil {
			return err
		}
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		cr := dangjian.NewComplianceRules(rs)
		// A period is over once the day after its last has come, so a past
		// year is seen as of the first day of the next.
		asOf := today
		if after := dangjian.NewDate(year+1, 1, 1); after.Before(today) {
			asOf = after
		}
		d.AsOf = asOf
		plan := cr.Plan(year, asOf)
		// A plan per month over by asOf, as of the day after its last.
		var monthPlans []*dangjian.CompliancePlan
		for m := 1; m <= 12; m++ {
			after := dangjian.NewDate(year, time.Month(m)+1, 1)
			if asOf.Before(after) {
				break
			}
			monthPlans = append(monthPlans, cr.Plan(year, after))
		}
		monthRate := make([]float64, len(monthPlans))
		monthOrgs := make([]int, len(monthPlans))
		for m := 1; m <= 12; m++ {
			d.Months = append(d.Months, DashboardMonth{Month: fmt.Sprintf("%04d-%02d", year, m)})
		}
		// Units: the organization itself first, then the children in tree order.
		unitOf := map[int64]int{0: 0}
		d.Units = append(d.Units, DashboardUnit{OrgID: o.ID, Name: o.Name, Kind: o.Kind, Own: true})
		for _, k := range kids {
			unitOf[k.ID] = len(d.Units)
			d.Units = append(d.Units, DashboardUnit{OrgID: k.ID, Name: k.Name, Kind: k.Kind})
		}
		acc := make([]unitAcc, len(d.Units))
		var rateSum float64
		var counts dangjian.YearCounts
		err = tx.DashboardOrgs(ctx, o.Path, year, cr.CommitteeRequired(), func(so *sqlstore.DashboardOrg) error {
			if err := counts.Parse(so.Counts); err != nil {
				return fmt.Errorf("organization %d: %w", so.ID, err)
			}
			ui, ok := unitOf[childOf(so.Path, o.Path)]
			if !ok {
				return nil // a child added since the children were read
			}
			u := &d.Units[ui]
			for _, kind := range dangjian.MeetingKinds {
				for m := 1; m <= 12; m++ {
					if n := counts.Get(kind, m); n != 0 {
						d.Months[m-1].Counted += n
						u.Counted += n
						d.Counted += n
					}
				}
			}
			facts := dangjian.OrgFacts{ID: so.ID, Kind: so.Kind, DirectFull: so.DirectFull, HasCommittee: hasCommittee(so.CommitteeSeats)}
			s := plan.Summarize(facts, &counts, 0)
			if !s.Owes {
				return nil
			}
			d.Orgs++
			u.Orgs++
			rateSum += s.Rate
			acc[ui].rateSum += s.Rate
			d.Missing += s.Missing
			u.Missing += s.Missing
			if s.Missing == 0 {
				d.Compliant++
				u.Compliant++
			}
			for i, mp := range monthPlans {
				ms := mp.Summarize(facts, &counts, 0)
				monthRate[i] += ms.Rate
				monthOrgs[i]++
			}
			return nil
		})
		if err != nil {
			return err
		}
		d.Rate = 1
		if d.Orgs > 0 {
			d.Rate = rateSum / float64(d.Orgs)
		}
		for i := range d.Units {
			d.Units[i].Rate = 1
			if d.Units[i].Orgs > 0 {
				d.Units[i].Rate = acc[i].rateSum / float64(d.Units[i].Orgs)
			}
		}
		for i := range monthPlans {
			r := 1.0
			if monthOrgs[i] > 0 {
				r = monthRate[i] / float64(monthOrgs[i])
			}
			d.Months[i].Rate = &r
		}
		flags, err := tx.SubtreeFlags(ctx, o.Path, year)
		if err != nil {
			return err
		}
		for _, f := range flags {
			mo := &d.Months[f.Month-1]
			mo.Merged += f.Merged
			mo.Suspected += f.Suspected
			mo.BelowQuorum += f.BelowQuorum
			d.Merged += f.Merged
			d.Suspected += f.Suspected
			d.BelowQuorum += f.BelowQuorum
			if !strings.HasPrefix(f.Path, o.Path) {
				continue
			}
			if ui, ok := unitOf[childOf(f.Path, o.Path)]; ok {
				u := &d.Units[ui]
				u.Merged += f.Merged
				u.Suspected += f.Suspected
				u.BelowQuorum += f.BelowQuorum
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
