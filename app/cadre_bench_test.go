package app_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/demo"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// BenchmarkCadreTeam times the cadre team's reads at the root of a
// generated county of DANGJIAN_BENCH_MEMBERS members (default 20,000) with
// the demo's profiles: the roll-up of every unit, the long-serving list,
// one unit's team with its cadre list, and a profile.
func BenchmarkCadreTeam(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("DANGJIAN_BENCH_MEMBERS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db := sqltest.Open(b)
	today := dangjian.NewDate(2026, 11, 26)
	sum, err := demo.Generate(ctx, db, demo.Options{Members: n, Seed: 1, Today: today})
	if err != nil {
		b.Fatal(err)
	}
	db.SetNow(func() time.Time { return time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC) })
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var root *dangjian.Org
	if err := db.View(ctx, func(tx *sqlstore.Tx) error { root, err = tx.Org(ctx, sum.Root); return err }); err != nil {
		b.Fatal(err)
	}
	actor := &dangjian.Actor{Username: "bench", Grants: []dangjian.Grant{{Role: dangjian.RoleCommitteeAdmin, OrgID: root.ID, OrgPath: root.Path}}}
	r, err := a.CadreRollup(ctx, actor, root.ID)
	if err != nil || len(r.Items) == 0 {
		b.Fatalf("roll-up: %v", err)
	}
	// The largest unit.
	unit := r.Items[0]
	for _, t := range r.Items {
		if t.StaffCount > unit.StaffCount {
			unit = t
		}
	}
	team, err := a.CadreTeam(ctx, actor, unit.OrgID)
	if err != nil || len(team.Cadres) == 0 {
		b.Fatalf("team: %v", err)
	}
	b.Run("rollup", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.CadreRollup(ctx, actor, root.ID); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(r.Items)), "units")
	})
	b.Run("long-serving", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.LongServing(ctx, actor, root.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unit", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.CadreTeam(ctx, actor, unit.OrgID); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(team.Cadres)), "cadres")
	})
	b.Run("profile", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.CadreProfile(ctx, actor, team.Cadres[0].MemberID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
