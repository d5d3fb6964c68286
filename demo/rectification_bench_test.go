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

// BenchmarkRectificationPass times the rectification pass alone on a
// county of DANGJIAN_BENCH_MEMBERS members (default 50,000): what it adds
// to the demo's build. Each round clears the pass's rows first, untimed.
func BenchmarkRectificationPass(b *testing.B) {
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
	var hist map[string]int
	for b.Loop() {
		b.StopTimer()
		if err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error { return tx.ClearRectification(ctx) }); err != nil {
			b.Fatal(err)
		}
		hist = map[string]int{}
		in := historyInput{seed: 1, today: today, root: root, sum: &Summary{History: hist}}
		b.StartTimer()
		if err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error { return rectPass(ctx, tx, in) }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(hist["rectifications"]), "items")
	b.ReportMetric(float64(hist["secretary_reports"]), "reports")
	b.ReportMetric(float64(hist["dlm_oversights"]), "oversights")
}
