package demo

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// BenchmarkTrainingPass times the education and training demo pass alone
// on a county of DANGJIAN_BENCH_MEMBERS members (default 50,000): what it
// adds to the demo's build (each round clears the pass's rows first,
// untimed). With DANGJIAN_BENCH_READS=N it then times N calls each of the
// root's hours roll-up and one member's ledger on the same database and
// reports their medians, so one generated county (the 1,000,000-member
// one takes minutes) gives every figure of training-bench.md.
func BenchmarkTrainingPass(b *testing.B) {
	n := 50_000
	if v, err := strconv.Atoi(os.Getenv("DANGJIAN_BENCH_MEMBERS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db := sqltest.Open(b)
	today := dangjian.NewDate(2026, 11, 26)
	sum, err := Generate(ctx, db, Options{Members: n, Seed: 1, Today: today})
	if err != nil {
		b.Fatal(err)
	}
	var root *dangjian.Org
	if err := db.View(ctx, func(tx *sqlstore.Tx) error { root, err = tx.Org(ctx, sum.Root); return err }); err != nil {
		b.Fatal(err)
	}
	in := historyInput{seed: 1, today: today, root: root, sum: &Summary{History: map[string]int{}}}
	b.Run("pass", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error { return tx.ClearTrainings(ctx) }); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error { return trainingPass(ctx, tx, in) }); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(sum.History["trainings"]), "trainings")
		b.ReportMetric(float64(sum.History["training_participants"]), "participations")
		b.ReportMetric(float64(sum.History["member_hours"]), "member_rows")
	})
	reads, _ := strconv.Atoi(os.Getenv("DANGJIAN_BENCH_READS"))
	if reads <= 0 {
		return
	}
	db.SetNow(func() time.Time { return time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC) })
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	actor := &dangjian.Actor{Username: "bench", Grants: []dangjian.Grant{{Role: dangjian.RoleCommitteeAdmin, OrgID: root.ID, OrgPath: root.Path}}}
	rep, err := a.HoursRollup(ctx, actor, root.ID, 2026, app.Page{})
	if err != nil || len(rep.Orgs) == 0 {
		b.Fatalf("roll-up: %v", err)
	}
	list, err := a.OrgHours(ctx, actor, rep.Orgs[0].OrgID, 2026, app.Page{})
	if err != nil || len(list.Items) == 0 {
		b.Fatalf("branch hours: %v", err)
	}
	median := func(fn func() error) float64 {
		ds := make([]time.Duration, reads)
		for i := range ds {
			t0 := time.Now()
			if err := fn(); err != nil {
				b.Fatal(err)
			}
			ds[i] = time.Since(t0)
		}
		slices.Sort(ds)
		return float64(ds[len(ds)/2].Microseconds()) / 1000
	}
	b.Run("reads", func(b *testing.B) {
		for b.Loop() {
			roll := median(func() error { _, err := a.HoursRollup(ctx, actor, root.ID, 2026, app.Page{}); return err })
			ledger := median(func() error { _, err := a.MemberHours(ctx, actor, list.Items[0].MemberID, 2026); return err })
			b.ReportMetric(roll, "rollup_median_ms")
			b.ReportMetric(ledger, "ledger_median_ms")
			b.ReportMetric(float64(sum.Orgs), "orgs")
		}
	})
}
