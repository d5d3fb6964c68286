package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore"
)

// TestCadrePass: every cadre of the roster has a profile; the county has
// rotations of each direction, appraisal notes for most part-timers,
// long-serving full-timers and units below the ratio.
func TestCadrePass(t *testing.T) {
	t.Parallel()
	db, sum := generate(t, 6000, 11)
	ctx := context.Background()
	var cadres []dangjian.Cadre
	var root *dangjian.Org
	err := db.View(ctx, func(tx *sqlstore.Tx) error {
		orgs, _, err := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: []string{"/"}, Limit: 1})
		if err != nil {
			return err
		}
		root = orgs[0]
		cadres, err = tx.Cadres(ctx, root.Path, false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cadres) == 0 || sum.History["cadre_profiles"] != len(cadres) {
		t.Fatalf("profiles %d for %d cadres", sum.History["cadre_profiles"], len(cadres))
	}
	part, long := 0, 0
	for _, c := range cadres {
		if c.Post == "" || c.Since.IsZero() || c.Since.After(today) {
			t.Fatalf("cadre without a post or since date: %+v", c)
		}
		if c.PartyAffairs == dangjian.PartyAffairsPartTime {
			part++
		} else if !c.Since.After(today.AddYears(-dangjian.DefaultCadreRotationYears)) {
			long++
		}
	}
	if long == 0 {
		t.Error("no long-serving full-time cadre")
	}
	if n := sum.History["cadre_appraisals"]; n < part*7/10 || n > part {
		t.Errorf("%d appraisal notes for %d part-timers", n, part)
	}
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.SetNow(func() time.Time { return today.Time().Add(4 * time.Hour) })
	dirs := map[string]int{}
	for _, c := range cadres {
		p, err := a.CadreProfile(ctx, app.System(), c.MemberID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Rotations {
			dirs[r.Direction]++
			if err := r.Validate(today); err != nil {
				t.Errorf("rotation %+v: %v", r, err)
			}
		}
	}
	if dirs[dangjian.RotationToParty] == 0 || dirs[dangjian.RotationWithin] == 0 || dirs[dangjian.RotationToAdmin] == 0 {
		t.Errorf("rotations by direction = %v", dirs)
	}
	r, err := a.CadreRollup(ctx, app.System(), root.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Below == 0 || r.Below > len(r.Items)/2 {
		t.Errorf("%d of %d units below the ratio", r.Below, len(r.Items))
	}
	ls, err := a.LongServing(ctx, app.System(), root.ID)
	if err != nil || len(ls.Items) != long {
		t.Errorf("long serving = %d, want %d (%v)", len(ls.Items), long, err)
	}
	t.Logf("%d cadres (%d part-time), %d long-serving, rotations %v, %d/%d units below", len(cadres), part, long, dirs, r.Below, len(r.Items))
}
