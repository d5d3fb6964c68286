package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/demo"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// BenchmarkComplianceRollup times the roll-up at the root of a generated
// 20,000-member county with its demo history, and one branch's report.
// docs/benchmarks.md has the figures at 1,000,000 members.
func BenchmarkComplianceRollup(b *testing.B) {
	ctx := context.Background()
	db := sqltest.Open(b)
	today := dangjian.NewDate(2026, 11, 26)
	sum, err := demo.Generate(ctx, db, demo.Options{Members: 20000, Seed: 1, Today: today})
	if err != nil {
		b.Fatal(err)
	}
	// The demo writes meeting_counts through the bulk loader; the packed
	// rows follow in one pass, as after any bulk load.
	if err := db.Update(ctx, func(tx *sqlstore.Tx) error { return tx.RebuildYearCounts(ctx) }); err != nil {
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
	rows, total, err := a.ComplianceRollup(ctx, actor, root.ID, 2026, app.SortRate, app.Page{})
	if err != nil || total < sum.Orgs/2 || len(rows) == 0 {
		b.Fatalf("roll-up: %d rows of %d, %v", len(rows), total, err)
	}
	var branch int64
	for _, r := range rows {
		if r.Kind == dangjian.KindBranch {
			branch = r.OrgID
			break
		}
	}
	b.Run("root", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := a.ComplianceRollup(ctx, actor, root.ID, 2026, app.SortRate, app.Page{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(total), "orgs")
	})
	b.Run("branch", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Compliance(ctx, actor, branch, 2026); err != nil {
				b.Fatal(err)
			}
		}
	})
}
