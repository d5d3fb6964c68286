package demo

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// BenchmarkEvalPass times the democratic evaluation's demo pass alone on a
// county of DANGJIAN_BENCH_MEMBERS members (default 50,000): what it adds
// to the demo's build. Each round clears the pass's rows first, untimed.
func BenchmarkEvalPass(b *testing.B) {
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
	for b.Loop() {
		b.StopTimer()
		in.sum.History = map[string]int{}
		if err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error { return tx.ClearEvaluations(ctx) }); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error { return evalPass(ctx, tx, in) }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(in.sum.History["evaluations"]), "evaluations")
	b.ReportMetric(float64(in.sum.History["evaluation_ballots"]), "ballots")
	b.ReportMetric(float64(in.sum.History["admin_reports"]), "reports")
}
