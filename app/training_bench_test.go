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

// BenchmarkTrainingHours times the hours reads on a generated county of
// DANGJIAN_BENCH_MEMBERS members (default 20,000) with the demo's year of
// training: the root's roll-up (targets: ≤ 300 ms at 1,000,000 members),
// a member's ledger (≤ 5 ms), a branch's hours list, and one training
// write with its kept rows. Figures: /work/helpers/docs/training-bench.md.
func BenchmarkTrainingHours(b *testing.B) {
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
	rep, err := a.HoursRollup(ctx, actor, root.ID, 2026, app.Page{})
	if err != nil || rep.Totals.Members != sum.Members || len(rep.Orgs) == 0 {
		b.Fatalf("roll-up: %+v, %v", rep, err)
	}
	// The branch with the most people short, and its first member.
	branch := rep.Orgs[0].OrgID
	list, err := a.OrgHours(ctx, actor, branch, 2026, app.Page{})
	if err != nil || len(list.Items) == 0 {
		b.Fatalf("branch hours: %v", err)
	}
	member := list.Items[0].MemberID
	b.Run("rollup_root", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.HoursRollup(ctx, actor, root.ID, 2026, app.Page{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(sum.Orgs), "orgs")
	})
	b.Run("member_ledger", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.MemberHours(ctx, actor, member, 2026); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("branch_hours", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.OrgHours(ctx, actor, branch, 2026, app.Page{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("record_training", func(b *testing.B) {
		var ps []dangjian.TrainingParticipant
		for _, it := range list.Items {
			ps = append(ps, dangjian.TrainingParticipant{MemberID: it.MemberID})
		}
		for b.Loop() {
			if _, err := a.RecordTraining(ctx, actor, app.TrainingInput{OrgID: branch, Kind: dangjian.TrainingSeminar, Title: "研讨",
				StartOn: today.AddDays(-1), Duration: 2, Unit: dangjian.UnitHour, Participants: ps}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(ps)), "participants")
	})
}
