package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// dualLifeShare reads the deployment's minimum share for dual
// organizational life and whether it was set (else the platform default).
func dualLifeShare(ctx context.Context, tx *sqlstore.Tx) (float64, bool, error) {
	raw, ok, err := tx.Setting(ctx, dangjian.DualLifeMinShareKey)
	if err != nil || !ok {
		return dangjian.DefaultDualLifeMinShare, false, err
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || dangjian.ValidDualLifeMinShare(v) != nil {
		return 0, false, fmt.Errorf("setting %s: bad value %q", dangjian.DualLifeMinShareKey, raw)
	}
	return v, true, nil
}

// DualLifeMinShare returns the minimum share in force and whether the
// deployment set it; anyone signed in may read it (pages show it).
func (a *App) DualLifeMinShare(ctx context.Context) (share float64, set bool, err error) {
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		share, set, err = dualLifeShare(ctx, tx)
		return err
	})
	return share, set, err
}

// SetDualLifeMinShare sets the deployment's minimum share of the branch's
// meetings a leading cadre should attend; nil goes back to the platform
// default. Like a rule override it applies to the whole deployment, so
// only an actor who may override rules at a root may set it; audited.
func (a *App) SetDualLifeMinShare(ctx context.Context, actor *dangjian.Actor, share *float64) error {
	if !canOverrideRules(actor) {
		return forbidden()
	}
	if share != nil {
		if err := dangjian.ValidDualLifeMinShare(*share); err != nil {
			return err
		}
	}
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, set, err := dualLifeShare(ctx, tx)
		if err != nil {
			return err
		}
		var from any
		if set {
			from = old
		}
		if share == nil {
			if !set {
				return nil
			}
			if err := tx.DeleteSetting(ctx, dangjian.DualLifeMinShareKey); err != nil {
				return err
			}
		} else if err := tx.SetSetting(ctx, dangjian.DualLifeMinShareKey, strconv.FormatFloat(*share, 'f', -1, 64)); err != nil {
			return err
		}
		var to any
		if share != nil {
			to = *share
		}
		return audit(ctx, tx, actor, "setting.update", "setting", 0, 0,
			map[string]any{"key": dangjian.DualLifeMinShareKey, "from": from, "to": to})
	})
}

// DualLife returns the dual organizational life of every active leading
// cadre in the subtree of orgID in year, those short listed first (then
// tree order, then name).
//
// It reads the cadres in one range scan, the leading groups above their
// branches in one look-up, the counted meetings of their branches, groups
// and leading groups from the per-month summary rows, and their attendance
// in one aggregate per 500 cadres: never a query per cadre.
func (a *App) DualLife(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*dangjian.DualLifeReport, error) {
	if err := checkYear(year, a.Today()); err != nil {
		return nil, err
	}
	rep := &dangjian.DualLifeReport{Year: year, Items: []dangjian.DualLifeRow{}}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		rep.OrgID, rep.OrgName = o.ID, o.Name
		if rep.MinShare, rep.MinShareSet, err = dualLifeShare(ctx, tx); err != nil {
			return err
		}
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		cadres, paths, err := tx.DualLifeCadres(ctx, o.Path)
		if err != nil || len(cadres) == 0 {
			return err
		}
		// The leading group of a branch is the nearest leading_group on its path.
		seen := map[int64]bool{}
		var ancestors []int64
		for _, p := range paths {
			for _, id := range dangjian.PathIDs(p) {
				if !seen[id] {
					seen[id] = true
					ancestors = append(ancestors, id)
				}
			}
		}
		groups, err := tx.OrgsOfKind(ctx, ancestors, dangjian.KindLeadingGroup)
		if err != nil {
			return err
		}
		orgSet := map[int64]bool{}
		members := make([]int64, 0, len(cadres))
		for i := range cadres {
			c := &cadres[i]
			ids := dangjian.PathIDs(paths[c.MemberID])
			for j := len(ids) - 1; j >= 0; j-- {
				if name, ok := groups[ids[j]]; ok {
					c.LeadingGroupID, c.LeadingGroupName = ids[j], name
					break
				}
			}
			for _, id := range []int64{c.BranchID, c.GroupID, c.LeadingGroupID} {
				if id != 0 {
					orgSet[id] = true
				}
			}
			members = append(members, c.MemberID)
		}
		orgIDs := make([]int64, 0, len(orgSet))
		for id := range orgSet {
			orgIDs = append(orgIDs, id)
		}
		slices.Sort(orgIDs)
		counts, err := tx.MeetingCounts(ctx, orgIDs, year)
		if err != nil {
			return err
		}
		tallies, err := tx.AttendanceTallies(ctx, members, year)
		if err != nil {
			return err
		}
		for _, c := range cadres {
			row := dangjian.AssessDualLife(rs, rep.MinShare, c, dangjian.TallyDualLife(c, counts, tallies[c.MemberID]))
			if row.Short() {
				rep.Short++
			}
			rep.Items = append(rep.Items, row)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(rep.Items, func(x, y dangjian.DualLifeRow) int {
		switch xs, ys := x.Short(), y.Short(); {
		case xs && !ys:
			return -1
		case ys && !xs:
			return 1
		}
		return 0
	})
	return rep, nil
}
