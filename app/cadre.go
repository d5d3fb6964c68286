package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// The party-affairs cadre team: per unit the full-time share of the staff
// (org.party_affairs.ratio), each cadre's post, rotations and appraisal
// notes (org.party_affairs.rotation), and who has served long unrotated.

// cadreIntSetting reads an integer deployment setting and whether it was set.
func cadreIntSetting(ctx context.Context, tx *sqlstore.Tx, key string, def int, valid func(int) error) (int, bool, error) {
	raw, ok, err := tx.Setting(ctx, key)
	if err != nil || !ok {
		return def, false, err
	}
	v, err := strconv.Atoi(raw)
	if err != nil || valid(v) != nil {
		return 0, false, fmt.Errorf("setting %s: bad value %q", key, raw)
	}
	return v, true, nil
}

func cadreSettings(ctx context.Context, tx *sqlstore.Tx) (*dangjian.CadreSettings, error) {
	s := &dangjian.CadreSettings{SmallUnitDefault: dangjian.DefaultCadreSmallUnit, RotationDefault: dangjian.DefaultCadreRotationYears,
		Source: "local", RatioRule: dangjian.RuleCadreRatio, RotationRule: dangjian.RuleCadreRotation}
	var err error
	if s.SmallUnitStaff, s.SmallUnitSet, err = cadreIntSetting(ctx, tx, dangjian.CadreSmallUnitKey, dangjian.DefaultCadreSmallUnit, dangjian.ValidCadreSmallUnit); err != nil {
		return nil, err
	}
	if s.RotationYears, s.RotationSet, err = cadreIntSetting(ctx, tx, dangjian.CadreRotationYearsKey, dangjian.DefaultCadreRotationYears, dangjian.ValidCadreRotationYears); err != nil {
		return nil, err
	}
	return s, nil
}

// CadreSettings returns the cadre team's local settings in force; anyone
// signed in may read them (pages show them).
func (a *App) CadreSettings(ctx context.Context) (*dangjian.CadreSettings, error) {
	var s *dangjian.CadreSettings
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		s, err = cadreSettings(ctx, tx)
		return err
	})
	return s, err
}

// CadreSettingsUpdate changes the settings: nil leaves one as it is, and
// a Clear flag puts the platform default back.
type CadreSettingsUpdate struct {
	SmallUnitStaff *int
	ClearSmallUnit bool
	RotationYears  *int
	ClearRotation  bool
}

// SetCadreSettings changes the deployment's cadre-team settings. Like a
// rule override they apply to the whole deployment, so only an actor who
// may override rules at a root may; audited, one row per call.
func (a *App) SetCadreSettings(ctx context.Context, actor *dangjian.Actor, up CadreSettingsUpdate) (*dangjian.CadreSettings, error) {
	if !canOverrideRules(actor) {
		return nil, forbidden()
	}
	v := dangjian.Invalid{}
	if up.SmallUnitStaff != nil {
		if err := dangjian.ValidCadreSmallUnit(*up.SmallUnitStaff); err != nil {
			v.Add("small_unit_staff", "请填写 1 到 100000 之间的整数，如 100")
		}
	}
	if up.RotationYears != nil {
		if err := dangjian.ValidCadreRotationYears(*up.RotationYears); err != nil {
			v.Add("rotation_years", "请填写 1 到 40 之间的整数，如 5")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *dangjian.CadreSettings
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, err := cadreSettings(ctx, tx)
		if err != nil {
			return err
		}
		changes := map[string]any{}
		apply := func(key string, cur int, set bool, val *int, clear bool) error {
			switch {
			case clear && set:
				changes[key] = change{cur, nil}
				return tx.DeleteSetting(ctx, key)
			case val != nil && (!set || *val != cur):
				var from any
				if set {
					from = cur
				}
				changes[key] = change{from, *val}
				return tx.SetSetting(ctx, key, strconv.Itoa(*val))
			}
			return nil
		}
		if err := apply(dangjian.CadreSmallUnitKey, old.SmallUnitStaff, old.SmallUnitSet, up.SmallUnitStaff, up.ClearSmallUnit); err != nil {
			return err
		}
		if err := apply(dangjian.CadreRotationYearsKey, old.RotationYears, old.RotationSet, up.RotationYears, up.ClearRotation); err != nil {
			return err
		}
		if out, err = cadreSettings(ctx, tx); err != nil || len(changes) == 0 {
			return err
		}
		return audit(ctx, tx, actor, "setting.update", "setting", 0, 0, changes)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// cadreNearestUnit returns the id of the nearest organization on path (itself
// first) that is in units, or 0.
func cadreNearestUnit(path string, units map[int64]*dangjian.Org) int64 {
	ids := dangjian.PathIDs(path)
	for i := len(ids) - 1; i >= 0; i-- {
		if _, ok := units[ids[i]]; ok {
			return ids[i]
		}
	}
	return 0
}

// cadreUnitTeams counts the cadre team of every unit in the subtree at path:
// each cadre counts for the nearest unit above his or her organization,
// so a unit nested in another counts its own. Two range scans, one of
// them on the members_affairs partial index; no query per unit.
func cadreUnitTeams(ctx context.Context, tx *sqlstore.Tx, rs *dangjian.RuleSet, path string, smallUnit int) ([]dangjian.CadreTeam, error) {
	units, err := tx.Units(ctx, path)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*dangjian.Org, len(units))
	idx := make(map[int64]int, len(units))
	out := make([]dangjian.CadreTeam, len(units))
	for i, u := range units {
		byID[u.ID], idx[u.ID] = u, i
		out[i] = dangjian.CadreTeam{OrgID: u.ID, Name: u.Name, Unit: u.Unit, Path: u.Path, IsUnit: true, Units: 1, StaffCount: u.StaffCount}
	}
	if len(units) == 0 {
		return out, nil
	}
	counts, err := tx.CadreCounts(ctx, path, false)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		if id := cadreNearestUnit(c.OrgPath, byID); id != 0 {
			t := &out[idx[id]]
			t.FullTime += c.FullTime
			t.PartTime += c.PartTime
		}
	}
	for i := range out {
		t := &out[i]
		t.Ratio = dangjian.CadreRatio(t.StaffCount, t.FullTime)
		t.Findings = dangjian.CadreFindings(rs, t.StaffCount, t.FullTime, t.PartTime, smallUnit)
		if t.Findings == nil {
			t.Findings = []dangjian.Finding{}
		}
	}
	return out, nil
}

// cadreUnitOf returns the unit o stands for or lies in (nearest first), or nil.
func cadreUnitOf(ctx context.Context, tx *sqlstore.Tx, o *dangjian.Org) (*dangjian.Org, error) {
	if dangjian.StandsForUnit(o) {
		return o, nil
	}
	ids := dangjian.PathIDs(o.Path)
	anc, err := tx.OrgsByIDs(ctx, ids[:len(ids)-1])
	if err != nil {
		return nil, err
	}
	for i := len(ids) - 2; i >= 0; i-- {
		if p := anc[ids[i]]; p != nil && dangjian.StandsForUnit(p) {
			return p, nil
		}
	}
	return nil, nil
}

// CadreTeam is the party-affairs cadre team of the unit orgID stands for
// or lies in, with its cadres. For an organization above the units (the
// working committee, a leading group without staff) it is the sum of the
// units of its subtree, IsUnit false, with one finding naming how many
// units fall short and no cadre list.
func (a *App) CadreTeam(ctx context.Context, actor *dangjian.Actor, orgID int64) (*dangjian.CadreTeam, error) {
	var team *dangjian.CadreTeam
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		set, err := cadreSettings(ctx, tx)
		if err != nil {
			return err
		}
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		u, err := cadreUnitOf(ctx, tx, o)
		if err != nil {
			return err
		}
		if u == nil || !actor.HasPerm(dangjian.PermOrgRead, u.Path) {
			// Above the units (or a unit the actor may not see): the sum
			// over the units of the subtree.
			teams, err := cadreUnitTeams(ctx, tx, rs, o.Path, set.SmallUnitStaff)
			if err != nil {
				return err
			}
			r := cadreRollupOf(o, teams, rs)
			team = &r.Total
			return nil
		}
		teams, err := cadreUnitTeams(ctx, tx, rs, u.Path, set.SmallUnitStaff)
		if err != nil {
			return err
		}
		nested := map[int64]*dangjian.Org{}
		for i := range teams {
			if teams[i].OrgID == u.ID {
				t := teams[i]
				team = &t
			} else {
				nested[teams[i].OrgID] = &dangjian.Org{ID: teams[i].OrgID}
			}
		}
		cadres, err := tx.Cadres(ctx, u.Path, false)
		if err != nil {
			return err
		}
		today := a.Today()
		team.Cadres = []dangjian.Cadre{}
		for _, c := range cadres {
			if len(nested) > 0 && cadreNearestUnit(c.OrgPath, nested) != 0 {
				continue // a nested unit's cadre
			}
			if !actor.HasPerm(dangjian.PermMemberRead, c.OrgPath) {
				continue // counted, but not named to this actor
			}
			cadreServed(&c, today)
			team.Cadres = append(team.Cadres, c)
		}
		// Full-time first, then tree order.
		slices.SortStableFunc(team.Cadres, func(x, y dangjian.Cadre) int {
			return strings.Compare(x.PartyAffairs, y.PartyAffairs)
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return team, nil
}

func cadreServed(c *dangjian.Cadre, today dangjian.Date) {
	if !c.Since.IsZero() {
		y := dangjian.YearsBetween(c.Since, today)
		c.YearsServed = &y
	}
}

// cadreRollupOf sums the teams of a subtree into the roll-up of o.
func cadreRollupOf(o *dangjian.Org, teams []dangjian.CadreTeam, rs *dangjian.RuleSet) *dangjian.CadreRollup {
	r := &dangjian.CadreRollup{OrgID: o.ID, OrgName: o.Name, Items: teams}
	t := &r.Total
	t.OrgID, t.Name, t.Unit, t.Path, t.Units = o.ID, o.Name, o.Unit, o.Path, len(teams)
	for i := range teams {
		t.StaffCount += teams[i].StaffCount
		t.FullTime += teams[i].FullTime
		t.PartTime += teams[i].PartTime
		if teams[i].Below() {
			r.Below++
		}
	}
	t.Ratio = dangjian.CadreRatio(t.StaffCount, t.FullTime)
	t.Findings = []dangjian.Finding{}
	if r.Below > 0 {
		rule := rs.Get(dangjian.RuleCadreRatio)
		t.Findings = append(t.Findings, dangjian.Finding{Rule: rule.ID, Severity: dangjian.SeverityWarning, Source: rule.Source,
			Message:   fmt.Sprintf("%d 个单位中有 %d 个党务干部配备不足", len(teams), r.Below),
			MessageEn: fmt.Sprintf("%d of %d units are short of party-affairs cadres", r.Below, len(teams))})
	}
	if r.Items == nil {
		r.Items = []dangjian.CadreTeam{}
	}
	return r
}

// CadreRollup is the cadre team of every unit in the subtree of orgID (the
// unit orgID lies in, when it is inside one), with the sum.
func (a *App) CadreRollup(ctx context.Context, actor *dangjian.Actor, orgID int64) (*dangjian.CadreRollup, error) {
	var r *dangjian.CadreRollup
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		set, err := cadreSettings(ctx, tx)
		if err != nil {
			return err
		}
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		teams, err := cadreUnitTeams(ctx, tx, rs, o.Path, set.SmallUnitStaff)
		if err != nil {
			return err
		}
		if len(teams) == 0 {
			// Inside a unit: the unit's own line.
			if u, err := cadreUnitOf(ctx, tx, o); err != nil {
				return err
			} else if u != nil && actor.HasPerm(dangjian.PermOrgRead, u.Path) {
				all, err := cadreUnitTeams(ctx, tx, rs, u.Path, set.SmallUnitStaff)
				if err != nil {
					return err
				}
				for _, t := range all {
					if t.OrgID == u.ID {
						teams = append(teams, t)
					}
				}
			}
		}
		r = cadreRollupOf(o, teams, rs)
		return nil
	})
	return r, err
}

// CadreProfile is a party-affairs cadre's (or former cadre's) post,
// rotations and appraisal notes, and this year's training hours from the
// education ledger (MemberHours), for whoever may see the member.
func (a *App) CadreProfile(ctx context.Context, actor *dangjian.Actor, memberID int64) (*dangjian.CadreProfile, error) {
	var p *dangjian.CadreProfile
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		m, err := tx.Member(ctx, memberID)
		if err != nil {
			return err
		}
		if !canSeeMember(actor, m) {
			return hidden("党员")
		}
		p = &dangjian.CadreProfile{MemberID: m.ID, Name: m.Name, OrgID: m.OrgID, OrgName: m.OrgName, PartyAffairs: m.PartyAffairs,
			Position: m.Position, HoursYear: a.Today().Year()}
		if p.Post, p.Since, err = tx.CadreProfile(ctx, m.ID); err != nil {
			return err
		}
		if !p.Since.IsZero() {
			y := dangjian.YearsBetween(p.Since, a.Today())
			p.YearsServed = &y
		}
		if p.Rotations, err = tx.CadreRotations(ctx, m.ID); err != nil {
			return err
		}
		p.Appraisals, err = tx.CadreAppraisals(ctx, m.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	h, err := a.MemberHours(ctx, actor, memberID, p.HoursYear)
	if err != nil {
		return nil, err
	}
	p.Hours, p.HoursNeeded, p.HoursRule = &h.Hours, &h.Required, h.Rule
	return p, nil
}

// cadreMember returns an active member the actor may edit.
func cadreMember(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Member, error) {
	m, err := tx.Member(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSeeMember(actor, m) {
		return nil, hidden("党员")
	}
	if !actor.HasPerm(dangjian.PermMemberWrite, m.OrgPath) {
		return nil, forbidden()
	}
	if !m.Active {
		return nil, fieldErr("member_id", "该党员已不在册")
	}
	return m, nil
}

// SetCadrePost records a party-affairs cadre's post and since when; audited.
func (a *App) SetCadrePost(ctx context.Context, actor *dangjian.Actor, memberID int64, post string, since dangjian.Date) (*dangjian.CadreProfile, error) {
	in := dangjian.CadreProfile{Post: post, Since: since}
	if err := in.Validate(a.Today()); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		m, err := cadreMember(ctx, tx, actor, memberID)
		if err != nil {
			return err
		}
		if m.PartyAffairs == dangjian.PartyAffairsNone {
			return fieldErr("post", "该党员不是党务干部：请先在党员信息中设为专职或兼职，或登记交流")
		}
		oldPost, oldSince, err := tx.CadreProfile(ctx, m.ID)
		if err != nil {
			return err
		}
		changes := map[string]change{}
		if oldPost != in.Post {
			changes["post"] = change{oldPost, in.Post}
		}
		if !oldSince.Equal(in.Since) {
			changes["since"] = change{oldSince, in.Since}
		}
		if len(changes) == 0 {
			return nil
		}
		if err := tx.SetCadreProfile(ctx, m.ID, in.Post, in.Since); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "cadre.post", "member", m.ID, m.OrgID, changes)
	})
	if err != nil {
		return nil, err
	}
	return a.CadreProfile(ctx, actor, memberID)
}

// RecordRotation records a rotation of a cadre's post
// (org.party_affairs.rotation) and, in the same transaction, brings the
// member's party_affairs status along through the member update path (so
// the member's own audit history shows it) and the profile's post: into
// party affairs starts a new since date; out of it clears the post.
func (a *App) RecordRotation(ctx context.Context, actor *dangjian.Actor, in dangjian.CadreRotation) (*dangjian.CadreRotation, error) {
	r := in
	r.ID = 0
	if err := r.Validate(a.Today()); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		m, err := cadreMember(ctx, tx, actor, r.MemberID)
		if err != nil {
			return err
		}
		r.OrgID, r.AffairsFrom = m.OrgID, m.PartyAffairs
		if r.Direction != dangjian.RotationToParty && m.PartyAffairs == dangjian.PartyAffairsNone {
			return fieldErr("direction", "该党员目前不是党务干部，只能登记由行政业务岗位交流到党务岗位")
		}
		if r.AffairsTo == "" {
			r.AffairsTo = dangjian.AffairsAfter(r.Direction, m.PartyAffairs)
		}
		switch {
		case r.Direction == dangjian.RotationToAdmin && r.AffairsTo == dangjian.PartyAffairsFullTime:
			return fieldErr("party_affairs", "交流到行政业务岗位后不能仍为专职党务干部")
		case r.Direction != dangjian.RotationToAdmin && r.AffairsTo == dangjian.PartyAffairsNone:
			return fieldErr("party_affairs", "交流到党务岗位后应为专职或兼职党务干部")
		}
		if r.AffairsTo != m.PartyAffairs {
			to := r.AffairsTo
			if _, err := a.updateMember(ctx, tx, actor, m.ID, MemberUpdate{PartyAffairs: &to}); err != nil {
				return err
			}
		}
		_, since, err := tx.CadreProfile(ctx, m.ID)
		if err != nil {
			return err
		}
		post := r.ToPost
		switch {
		case r.AffairsTo == dangjian.PartyAffairsNone:
			post, since = "", dangjian.Date{}
		case r.Direction == dangjian.RotationToParty || since.IsZero():
			since = r.RotatedOn
		}
		if err := tx.SetCadreProfile(ctx, m.ID, post, since); err != nil {
			return err
		}
		if err := tx.AddCadreRotation(ctx, &r); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "cadre.rotation", "member", m.ID, m.OrgID, map[string]any{
			"rotation_id": r.ID, "from_post": r.FromPost, "to_post": r.ToPost, "direction": r.Direction,
			"rotated_on": r.RotatedOn, "party_affairs": change{r.AffairsFrom, r.AffairsTo}, "note": r.Note})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// RecordAppraisal records (or replaces) the note and grade of a cadre's
// party work in a year; audited with what it replaced.
func (a *App) RecordAppraisal(ctx context.Context, actor *dangjian.Actor, in dangjian.CadreAppraisal) (*dangjian.CadreAppraisal, error) {
	ap := in
	if err := ap.Validate(a.Today()); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		m, err := cadreMember(ctx, tx, actor, ap.MemberID)
		if err != nil {
			return err
		}
		old, err := tx.CadreAppraisal(ctx, m.ID, ap.Year)
		if err != nil {
			return err
		}
		if m.PartyAffairs == dangjian.PartyAffairsNone && old == nil {
			return fieldErr("member_id", "该党员不是党务干部")
		}
		ap.OrgID, ap.Name, ap.OrgName, ap.PartyAffairs = m.OrgID, m.Name, m.OrgName, m.PartyAffairs
		if err := tx.SetCadreAppraisal(ctx, &ap); err != nil {
			return err
		}
		changes := map[string]any{"year": ap.Year, "grade": ap.Grade, "note": ap.Note}
		if old != nil {
			changes["grade"] = change{old.Grade, ap.Grade}
			changes["note"] = change{old.Note, ap.Note}
		}
		return audit(ctx, tx, actor, "cadre.appraisal", "member", m.ID, m.OrgID, changes)
	})
	if err != nil {
		return nil, err
	}
	return &ap, nil
}

// AppraisalList is the appraisal notes of a year of the cadres now in a
// subtree: what the unit's annual appraisal reads.
type AppraisalList struct {
	OrgID   int64                     `json:"org_id"`
	OrgName string                    `json:"org_name"`
	Year    int                       `json:"year"`
	Items   []dangjian.CadreAppraisal `json:"items"`
}

// Appraisals lists the appraisal notes of year in the subtree of orgID.
func (a *App) Appraisals(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*AppraisalList, error) {
	if err := checkYear(year, a.Today()); err != nil {
		return nil, err
	}
	out := &AppraisalList{Year: year, Items: []dangjian.CadreAppraisal{}}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		out.OrgID, out.OrgName = o.ID, o.Name
		items, _, err := tx.UnitAppraisals(ctx, o.Path, year)
		if err != nil {
			return err
		}
		if items != nil {
			out.Items = items
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LongServing lists the full-time cadres of the subtree of orgID who have
// served in party affairs for at least the local rotation threshold
// without rotating out, longest first. Cadres without a since date are
// counted apart (NoSince): nobody can say how long they have served.
func (a *App) LongServing(ctx context.Context, actor *dangjian.Actor, orgID int64) (*dangjian.LongServing, error) {
	out := &dangjian.LongServing{Rule: dangjian.RuleCadreRotation, Source: "local", Items: []dangjian.Cadre{}}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		out.OrgID, out.OrgName = o.ID, o.Name
		set, err := cadreSettings(ctx, tx)
		if err != nil {
			return err
		}
		out.Years, out.Set = set.RotationYears, set.RotationSet
		cadres, err := tx.Cadres(ctx, o.Path, true)
		if err != nil {
			return err
		}
		today := a.Today()
		limit := today.AddYears(-out.Years)
		units, err := tx.Units(ctx, o.Path)
		if err != nil {
			return err
		}
		byID := make(map[int64]*dangjian.Org, len(units))
		for _, u := range units {
			byID[u.ID] = u
		}
		for _, c := range cadres {
			if c.Since.IsZero() {
				out.NoSince++
				continue
			}
			if c.Since.After(limit) {
				continue
			}
			cadreServed(&c, today)
			if id := cadreNearestUnit(c.OrgPath, byID); id != 0 {
				c.UnitID, c.UnitName = id, byID[id].Name
			}
			out.Items = append(out.Items, c)
		}
		slices.SortStableFunc(out.Items, func(x, y dangjian.Cadre) int { return x.Since.Time().Compare(y.Since.Time()) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// cadreTableExport is a small list already read, as a file.
func (a *App) cadreTableExport(name, format string, headers []string, widths []float64, rows [][]any) *Export {
	return &Export{Filename: a.exportName(name, format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "Sheet1")
			if err != nil {
				return err
			}
			err = xw.Header(headers, widths...)
			for _, r := range rows {
				if err != nil {
					break
				}
				err = xw.Row(r...)
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return err
		}}
}

// cadreAffairsNames are the Chinese names of the party_affairs kinds.
var cadreAffairsNames = map[string]string{dangjian.PartyAffairsFullTime: "专职", dangjian.PartyAffairsPartTime: "兼职", dangjian.PartyAffairsNone: "否"}

func cadreFindingsText(fs []dangjian.Finding) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Message + "（" + f.Rule + "）"
	}
	return strings.Join(parts, "；")
}

func cadreYearsCell(y *float64) any {
	if y == nil {
		return nil
	}
	return *y
}

// ExportCadreRollup is the roll-up of the units of a subtree as a file.
func (a *App) ExportCadreRollup(ctx context.Context, actor *dangjian.Actor, orgID int64, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	r, err := a.CadreRollup(ctx, actor, orgID)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(r.Items)+1)
	for _, t := range r.Items {
		rows = append(rows, []any{t.Name, t.Unit, t.StaffCount, t.FullTime, t.PartTime, cadrePctCell(t), cadreFindingsText(t.Findings), t.OrgID})
	}
	rows = append(rows, []any{"合计", "", r.Total.StaffCount, r.Total.FullTime, r.Total.PartTime, cadrePctCell(r.Total), cadreFindingsText(r.Total.Findings), r.OrgID})
	return a.cadreTableExport("党务干部队伍-"+r.OrgName, format,
		[]string{"党组织", "单位", "在编人数", "专职党务干部", "兼职党务干部", "专职比例(%)", "问题（规则）", "党组织编号"},
		[]float64{30, 24, 10, 12, 12, 12, 60, 12}, rows), nil
}

func cadrePctCell(t dangjian.CadreTeam) any {
	if t.StaffCount == 0 {
		return nil
	}
	return float64(int(t.Ratio*10000+0.5)) / 100
}

// ExportCadreTeam is the cadre list of a unit as a file.
func (a *App) ExportCadreTeam(ctx context.Context, actor *dangjian.Actor, orgID int64, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	t, err := a.CadreTeam(ctx, actor, orgID)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(t.Cadres))
	for _, c := range t.Cadres {
		rows = append(rows, []any{c.Name, cadreAffairsNames[c.PartyAffairs], c.Post, c.Position, c.OrgName, c.Since, cadreYearsCell(c.YearsServed), c.MemberID})
	}
	return a.cadreTableExport("党务干部名单-"+t.Name, format,
		[]string{"姓名", "类别", "党务职务", "职务", "所在党组织", "任党务职务时间", "任职年数", "党员编号"},
		[]float64{10, 6, 24, 20, 30, 14, 10, 10}, rows), nil
}

// ExportLongServing is the long-serving list as a file.
func (a *App) ExportLongServing(ctx context.Context, actor *dangjian.Actor, orgID int64, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	l, err := a.LongServing(ctx, actor, orgID)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(l.Items))
	for _, c := range l.Items {
		rows = append(rows, []any{c.Name, c.UnitName, c.OrgName, c.Post, c.Since, cadreYearsCell(c.YearsServed), c.MemberID})
	}
	return a.cadreTableExport("长期未交流党务干部-"+l.OrgName, format,
		[]string{"姓名", "单位", "所在党组织", "党务职务", "任党务职务时间", "任职年数", "党员编号"},
		[]float64{10, 30, 30, 24, 14, 10, 10}, rows), nil
}

// ExportAppraisals is the appraisal notes of a year as a file.
func (a *App) ExportAppraisals(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	l, err := a.Appraisals(ctx, actor, orgID, year)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(l.Items))
	for _, ap := range l.Items {
		rows = append(rows, []any{ap.Name, cadreAffairsNames[ap.PartyAffairs], ap.Post, ap.OrgName, ap.Year, dangjian.AppraisalNames[ap.Grade], ap.Note, ap.MemberID})
	}
	return a.cadreTableExport("兼职党务工作考核-"+l.OrgName+"-"+strconv.Itoa(year), format,
		[]string{"姓名", "类别", "党务职务", "所在党组织", "年度", "等次", "党务工作情况", "党员编号"},
		[]float64{10, 6, 24, 30, 8, 10, 60, 10}, rows), nil
}

// Kinds of the cadre team's to-do items.
const (
	TodoCadreRatio    = "cadre_ratio"    // a unit short of party-affairs cadres
	TodoCadreRotation = "cadre_rotation" // full-time cadres long without rotation
)

// todoCadre: every unit the actor runs that is short of party-affairs
// cadres (org.party_affairs.ratio: nobody designated is overdue, a share
// below the usual one is due), and for each subtree run, the full-time
// cadres who have served past the local rotation threshold
// (org.party_affairs.rotation). It reads the full-time part of the
// members_affairs index and the orgs carrying a staff count; the
// part-time count only of small units with nobody full-time.
func todoCadre(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	set, err := cadreSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []TodoItem
	for _, root := range run.orgs {
		if root.ParentID != nil {
			if _, inRun := run.order[*root.ParentID]; inRun {
				continue // not the root of a subtree run
			}
		}
		units, err := tx.Units(ctx, root.Path)
		if err != nil {
			return nil, err
		}
		byID := make(map[int64]*dangjian.Org, len(units))
		for _, u := range units {
			byID[u.ID] = u
		}
		full := map[int64]int{}
		if len(units) > 0 {
			counts, err := tx.CadreCounts(ctx, root.Path, true)
			if err != nil {
				return nil, err
			}
			for _, c := range counts {
				if id := cadreNearestUnit(c.OrgPath, byID); id != 0 {
					full[id] += c.FullTime
				}
			}
		}
		for _, u := range units {
			if _, listed := run.order[u.ID]; !listed {
				continue // only the units the list looks at
			}
			part := 0
			if u.StaffCount < set.SmallUnitStaff && full[u.ID] == 0 {
				// Any part-timer of the unit's own (not a nested unit's).
				counts, err := tx.CadreCounts(ctx, u.Path, false)
				if err != nil {
					return nil, err
				}
				for _, c := range counts {
					if cadreNearestUnit(c.OrgPath, byID) == u.ID {
						part += c.PartTime
					}
				}
			}
			for _, f := range dangjian.CadreFindings(run.rules, u.StaffCount, full[u.ID], part, set.SmallUnitStaff) {
				sev := TodoDue
				switch f.Severity {
				case dangjian.SeverityInfo:
					continue
				case dangjian.SeverityError:
					sev = TodoOverdue
				}
				out = append(out, TodoItem{Kind: TodoCadreRatio, Severity: sev, OrgID: u.ID, OrgName: u.Name, Rule: f.Rule,
					Title: f.Message, MessageEn: f.MessageEn, Href: orgPath(u.ID, "/cadre-team"), order: run.order[u.ID]})
			}
		}
		n, err := tx.LongServingCount(ctx, root.Path, run.today.AddYears(-set.RotationYears))
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, TodoItem{Kind: TodoCadreRotation, Severity: TodoDue, OrgID: root.ID, OrgName: root.Name, Rule: dangjian.RuleCadreRotation,
				Title:     fmt.Sprintf("%d 名专职党务干部任职满 %d 年未交流", n, set.RotationYears),
				MessageEn: fmt.Sprintf("%d full-time party-affairs cadres have served %d years or more without rotation", n, set.RotationYears),
				Href:      orgPath(root.ID, "/cadre-team/long-serving"), Count: n, order: run.order[root.ID]})
		}
	}
	return out, nil
}
