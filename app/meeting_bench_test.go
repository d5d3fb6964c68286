package app_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/demo"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// BenchmarkRecordMeeting records meetings with 30 attendees from 8
// writers at once into a generated county and reports the latency
// percentiles of one write. On SQLite the database is opened with
// synchronous=FULL, as `dangjian serve` runs, so every commit waits for
// the disk. BENCH_MEMBERS sets the county's size (default 20,000);
// BENCH_WRITERS and BENCH_SYNC change the writers and the pragma, to tell
// the disk's share from the CPU's. docs/benchmarks.md has the figures and
// bench/orglife.sh the same measurement through HTTP on the
// 1,000,000-member database.
func BenchmarkRecordMeeting(b *testing.B) {
	ctx := context.Background()
	n := 20000
	if s := os.Getenv("BENCH_MEMBERS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("BENCH_MEMBERS: %v", err)
		}
	}
	dsn := sqltest.DSN(b)
	if os.Getenv(sqltest.EnvPostgres) == "" {
		dsn = filepath.Join(b.TempDir(), "bench.db")
	}
	synchronous := "FULL"
	if s := os.Getenv("BENCH_SYNC"); s != "" {
		synchronous = s
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Synchronous: synchronous, Keys: sqltest.Keys(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
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

	// Branches with at least 30 members on their meeting roster.
	type roster struct {
		org int64
		att []dangjian.Attendance
	}
	var big []roster
	rows, _, err := a.ComplianceRollup(ctx, actor, root.ID, 2026, app.SortName, app.Page{})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		if r.Kind != dangjian.KindBranch || len(big) == 64 {
			continue
		}
		due, err := a.MeetingRoster(ctx, actor, r.OrgID, dangjian.MeetingThemeDay)
		if err != nil {
			b.Fatal(err)
		}
		if len(due) < 30 {
			continue
		}
		ro := roster{org: r.OrgID}
		for _, d := range due[:30] {
			ro.att = append(ro.att, dangjian.Attendance{MemberID: d.MemberID, Status: dangjian.AttendPresent})
		}
		big = append(big, ro)
	}
	if len(big) == 0 {
		b.Fatal("no branch with 30 members")
	}

	writers := 8
	if s := os.Getenv("BENCH_WRITERS"); s != "" {
		if writers, err = strconv.Atoi(s); err != nil {
			b.Fatalf("BENCH_WRITERS: %v", err)
		}
	}
	start := time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC)
	var (
		mu  sync.Mutex
		lat []time.Duration
		seq int
	)
	b.ResetTimer()
	work := make(chan int)
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for i := range work {
				r := big[i%len(big)]
				in := app.MeetingInput{OrgID: r.org, Kind: dangjian.MeetingThemeDay, Topic: "主题党日（压测）", Location: "会议室",
					HeldAt: start.Add(time.Duration(i*37%400000) * time.Minute), Attendance: r.att}
				t0 := time.Now()
				if _, err := a.RecordMeeting(ctx, actor, in); err != nil {
					b.Error(err)
					return
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	for b.Loop() {
		work <- seq
		seq++
	}
	close(work)
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		at := func(p int) float64 { return float64(lat[(len(lat)*p+99)/100-1].Microseconds()) / 1000 }
		b.ReportMetric(at(50), "p50-ms")
		b.ReportMetric(at(99), "p99-ms")
	}
	b.ReportMetric(float64(writers), "writers")
	g, n := db.GroupStats()
	if g > 0 {
		b.ReportMetric(float64(n)/float64(g), "updates/commit")
	}
}
