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

// BenchmarkOrglifeViews times the working committee's dashboard and the
// to-do list on a generated county with its demo history: 20,000 members
// unless DANGJIAN_BENCH_MEMBERS says otherwise (docs: orglifeviews-bench).
func BenchmarkOrglifeViews(b *testing.B) {
	ctx := context.Background()
	members := 20000
	if s := os.Getenv("DANGJIAN_BENCH_MEMBERS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		members = n
	}
	db := sqltest.Open(b)
	today := dangjian.NewDate(2026, 11, 26)
	start := time.Now()
	sum, err := demo.Generate(ctx, db, demo.Options{Members: members, Seed: 1, Today: today})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("demo of %d members, %d orgs in %s", members, sum.Orgs, time.Since(start).Round(time.Second))
	db.SetNow(func() time.Time { return time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC) })
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var root *dangjian.Org
	var branch *dangjian.Org
	if err := db.View(ctx, func(tx *sqlstore.Tx) error {
		if root, err = tx.Org(ctx, sum.Root); err != nil {
			return err
		}
		orgs, err := tx.SubtreeOrgs(ctx, root.Path, 5000)
		for _, o := range orgs {
			if o.Kind == dangjian.KindBranch && o.DirectCount > 10 {
				branch = o
				break
			}
		}
		return err
	}); err != nil || branch == nil {
		b.Fatalf("root %v, branch %v: %v", root, branch, err)
	}
	county := &dangjian.Actor{Username: "county", Grants: []dangjian.Grant{{Role: dangjian.RoleCommitteeAdmin, OrgID: root.ID, OrgPath: root.Path}}}
	secretary := &dangjian.Actor{Username: "secretary", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: branch.ID, OrgPath: branch.Path}}}
	d, err := a.OrglifeDashboard(ctx, county, root.ID, 2026)
	if err != nil || d.Orgs < sum.Orgs/2 || d.Counted == 0 || d.Merged == 0 || d.BelowQuorum == 0 {
		b.Fatalf("dashboard: %+v, %v", d, err)
	}
	b.Logf("root: %d orgs owing, rate %.3f, %d counted, %d merged, %d suspected, %d below quorum, %d units",
		d.Orgs, d.Rate, d.Counted, d.Merged, d.Suspected, d.BelowQuorum, len(d.Units))
	td, err := a.Todo(ctx, county, app.TodoOptions{Summaries: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("root's to-do: %d items, summaries %+v", len(td.Items), td.Summaries)
	b.Run("dashboard-root", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.OrglifeDashboard(ctx, county, root.ID, 2026); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(sum.Orgs), "orgs")
	})
	b.Run("dashboard-branch", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.OrglifeDashboard(ctx, secretary, branch.ID, 2026); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("todo-root-home", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Todo(ctx, county, app.TodoOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("todo-root-page", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Todo(ctx, county, app.TodoOptions{Summaries: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("todo-branch", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Todo(ctx, secretary, app.TodoOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
