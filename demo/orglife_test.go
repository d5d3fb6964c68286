package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/demo"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// openRaw opens a fresh, migrated database, and a plain handle on it for
// the checks that recount in SQL.
func openRaw(t *testing.T) (*sqlstore.DB, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	dsn := sqltest.DSN(t)
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Synchronous: "OFF", Keys: sqltest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}

// query runs q and returns its rows as strings, one per row.
func query(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	var out []string
	err := func() error {
		rows, err := db.QueryContext(context.Background(), q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			s := ""
			for i, v := range vals {
				if i > 0 {
					s += " "
				}
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				s += fmt.Sprint(v)
			}
			out = append(out, s)
		}
		return rows.Err()
	}()
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func count(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	rows := query(t, db, q, args...)
	var n int
	if _, err := fmt.Sscan(rows[0], &n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// The history of the 3,000-member county: meeting_counts agree with the
// meetings, most branches meet what they owe last year and some do not,
// merged and below-quorum meetings do not count, some leading cadres
// stay away.
func TestOrgLife(t *testing.T) {
	ctx := context.Background()
	store, db := openRaw(t)
	began := time.Now()
	sum, err := demo.Generate(ctx, store, demo.Options{Members: 3000, Seed: 7, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated 3,000 members in %v: %+v", time.Since(began), sum.Life)
	lf := sum.Life
	if n := count(t, db, `SELECT COUNT(*) FROM meetings`); n != lf.Meetings || n < 3000 {
		t.Errorf("%d meetings, summary %d", n, lf.Meetings)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM meetings WHERE counted = TRUE`); n != lf.Counted {
		t.Errorf("%d counted, summary %d", n, lf.Counted)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM meeting_attendance`); n != lf.Attendance || n < 10*lf.Meetings/2 {
		t.Errorf("%d attendance rows, summary %d", n, lf.Attendance)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM talks`); n != lf.Talks || n == 0 {
		t.Errorf("%d talks, summary %d", n, lf.Talks)
	}

	// meeting_counts is the recount of the meetings that count.
	stored := query(t, db, `SELECT org_id, kind, month, counted FROM meeting_counts ORDER BY org_id, kind, month`)
	recount := query(t, db, `SELECT org_id, kind, month, COUNT(*) FROM meetings
		WHERE counted = TRUE AND quorum_met = TRUE AND merged_with_admin = FALSE AND suspected_merged = FALSE AND deleted = FALSE
		GROUP BY org_id, kind, month ORDER BY org_id, kind, month`)
	if fmt.Sprint(stored) != fmt.Sprint(recount) {
		t.Errorf("meeting_counts (%d rows) differ from a recount (%d rows)", len(stored), len(recount))
	}
	// The roll-up's packed rows were rebuilt from those counts: one per
	// organization and year that counted anything.
	packed := count(t, db, `SELECT COUNT(*) FROM org_year_counts`)
	years := count(t, db, `SELECT COUNT(*) FROM (SELECT DISTINCT org_id, substr(month, 1, 4) FROM meeting_counts) x`)
	if packed == 0 || packed != years {
		t.Errorf("org_year_counts has %d rows, meeting_counts covers %d organization-years", packed, years)
	}
	// The month is the CST month of held_at, on a working day.
	var bad int
	err = func() error {
		rows, err := db.QueryContext(ctx, `SELECT held_at, month FROM meetings`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var at time.Time
			var month string
			if err := rows.Scan(&at, &month); err != nil {
				return err
			}
			c := at.In(dangjian.CST)
			if dangjian.MeetingMonth(at) != month || c.Weekday() == time.Saturday || c.Weekday() == time.Sunday ||
				!dangjian.DateOf(at).Before(today) || at.Before(time.Date(today.Year()-1, 1, 1, 0, 0, 0, 0, dangjian.CST)) {
				bad++
			}
		}
		return rows.Err()
	}()
	if err != nil || bad > 0 {
		t.Errorf("%d meetings off their month, on a weekend or out of range (%v)", bad, err)
	}

	// The quorum columns agree with the attendance.
	if n := count(t, db, `SELECT COUNT(*) FROM meetings mt WHERE mt.kind IN ('assembly', 'committee', 'democratic_life_meeting')
		AND mt.quorum_present > (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = mt.id AND a.status = 'present')`); n > 0 {
		t.Errorf("%d meetings count more present than attended", n)
	}
	if lf.Merged == 0 || lf.BelowQuorum == 0 || lf.SuspectedMerged == 0 {
		t.Errorf("merged %d, below quorum %d, suspected %d: want some of each", lf.Merged, lf.BelowQuorum, lf.SuspectedMerged)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM meetings WHERE (merged_with_admin = TRUE OR suspected_merged = TRUE OR quorum_met = FALSE) AND counted = TRUE`); n > 0 {
		t.Errorf("%d merged or below-quorum meetings count", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM meetings WHERE suspected_merged = TRUE AND NOT EXISTS (SELECT 1 FROM admin_meetings a
		WHERE a.held_at <= meetings.held_at AND a.ends_at >= meetings.held_at)`); n > 0 {
		t.Errorf("%d suspected-merged meetings overlap no administrative meeting", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM meeting_attendance WHERE status = 'leave' AND reason = ''`); n > 0 {
		t.Errorf("%d leaves without a reason", n)
	}

	// Compliance last year, computed as the app computes it.
	rs, err := dangjian.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	cr := dangjian.NewComplianceRules(rs)
	year := today.Year() - 1
	var orgs []sqlstore.ComplianceOrg
	var counts map[int64]dangjian.MeetingCounts
	err = store.View(ctx, func(tx *sqlstore.Tx) error {
		root, err := tx.Org(ctx, sum.Root)
		if err != nil {
			return err
		}
		if orgs, err = tx.ComplianceOrgs(ctx, root.Path); err != nil {
			return err
		}
		var ids []int64
		for _, o := range orgs {
			ids = append(ids, o.ID)
		}
		counts, err = tx.MeetingCounts(ctx, ids, year)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	branches, fullyMet, missing := 0, 0, 0
	kinds := map[string]int{}
	for _, o := range orgs {
		rep := cr.Report(dangjian.OrgFacts{ID: o.ID, Kind: o.Kind, DirectFull: o.DirectFull, HasCommittee: o.CommitteeSeats >= 2}, counts[o.ID], year, today)
		if !rep.Owes() {
			continue
		}
		if rep.Missing() == 0 {
			kinds[o.Kind]++
		}
		if o.Kind != dangjian.KindBranch {
			continue
		}
		branches++
		if rep.Missing() == 0 {
			fullyMet++
		} else {
			missing++
		}
	}
	t.Logf("last year: %d of %d branches fully met, %d with missing periods; fully met by kind %v", fullyMet, branches, missing, kinds)
	if float64(fullyMet) < 0.7*float64(branches) || missing == 0 {
		t.Errorf("%d of %d branches fully met last year, %d missing: want most met and some missing", fullyMet, branches, missing)
	}
	if kinds[dangjian.KindGroup] == 0 || kinds[dangjian.KindLeadingGroup] == 0 {
		t.Errorf("fully met by kind %v: want groups and leading groups", kinds)
	}

	// Some leading cadres come to fewer than half of their branch's meetings.
	low := query(t, db, `SELECT m.id FROM members m JOIN meeting_attendance a ON a.member_id = m.id JOIN meetings mt ON mt.id = a.meeting_id
		WHERE m.leading_cadre = TRUE AND mt.org_id = m.org_id AND mt.kind IN ('assembly', 'theme_day', 'lecture', 'life_meeting')
		GROUP BY m.id HAVING SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) * 2 < COUNT(*)`)
	if len(low) == 0 || len(low) > sum.LeadingCadres/3 {
		t.Errorf("%d of %d leading cadres attend under half their branch's meetings (%d planned)", len(low), sum.LeadingCadres, lf.Skippers)
	}
	// Democratic life meetings: one per leading group last year, its
	// attendance the unit's leading cadres.
	if n, lg := count(t, db, `SELECT COUNT(*) FROM meetings WHERE kind = 'democratic_life_meeting'`),
		count(t, db, `SELECT COUNT(*) FROM orgs WHERE kind = 'leading_group'`); n != lg || n == 0 {
		t.Errorf("%d democratic life meetings for %d leading groups", n, lg)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM meeting_attendance a JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id
		WHERE mt.kind = 'democratic_life_meeting' AND m.leading_cadre = FALSE`); n > 0 {
		t.Errorf("%d who are not leading cadres at democratic life meetings", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM meetings mt JOIN meeting_attendance a ON a.meeting_id = mt.id
		AND (a.member_id = mt.host_id OR a.member_id = mt.lecturer_id) WHERE a.status <> 'present'`); n > 0 {
		t.Errorf("%d hosts or lecturers missing their own meetings", n)
	}
	// Lectures name a lecturer; every meeting a host.
	if n := count(t, db, `SELECT COUNT(*) FROM meetings WHERE host_id IS NULL OR (kind = 'lecture' AND lecturer_id IS NULL)`); n > 0 {
		t.Errorf("%d meetings without host or lecturer", n)
	}
}

// The same seed gives the same history.
func TestOrgLifeSameSeed(t *testing.T) {
	var dbs [2]*sql.DB
	for i := range dbs {
		store, raw := openRaw(t)
		if _, err := demo.Generate(context.Background(), store, demo.Options{Members: 600, Seed: 5, Today: today}); err != nil {
			t.Fatal(err)
		}
		dbs[i] = raw
	}
	a, b := dbs[0], dbs[1]
	q := `SELECT id, org_id, kind, held_at, topic, location, host_id, lecturer_id, quorum_present, counted,
		(SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = meetings.id AND a.status = 'present') FROM meetings ORDER BY id`
	ma, mb := query(t, a, q), query(t, b, q)
	if len(ma) == 0 || fmt.Sprint(ma) != fmt.Sprint(mb) {
		t.Errorf("same seed: %d and %d meetings differ", len(ma), len(mb))
	}
	tq := `SELECT id, org_id, a_id, b_id, held_on, topic FROM talks ORDER BY id`
	if ta, tb := query(t, a, tq), query(t, b, tq); len(ta) == 0 || fmt.Sprint(ta) != fmt.Sprint(tb) {
		t.Errorf("same seed: %d and %d talks differ", len(ta), len(tb))
	}
}
