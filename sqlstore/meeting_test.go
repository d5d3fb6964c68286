package sqlstore_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// TestMeetingStore: a meeting round-trips with its attendance, held_at is
// an instant whatever the zone it came in, lists follow the subtree and
// the time window, and deleted meetings leave lists.
func TestMeetingStore(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	_, a, b, br := tree(t, db, 3)
	var ids []int64
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		ms, err := tx.OrgRoster(ctx, br.ID)
		if err != nil || len(ms) != 3 {
			t.Fatalf("members = %v, %v", ms, err)
		}
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		return nil
	})
	held := time.Date(2026, 3, 31, 23, 30, 0, 0, dangjian.CST)
	m := &dangjian.Meeting{OrgID: br.ID, Kind: dangjian.MeetingAssembly, HeldAt: held, Topic: "学习", HostID: &ids[0],
		Quorum:     dangjian.Quorum{Required: 2, Present: 2, Met: true},
		Attendance: []dangjian.Attendance{{MemberID: ids[0], Status: "present"}, {MemberID: ids[1], Status: "leave", Reason: "出差"}}}
	m.Counted = m.Counts()
	err := db.Update(ctx, func(tx *sqlstore.Tx) error { return tx.CreateMeeting(ctx, m, nil) })
	if err != nil || m.ID == 0 {
		t.Fatalf("create = %v", err)
	}
	var got *dangjian.Meeting
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		got, err = tx.Meeting(ctx, m.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got.HeldAt.Equal(held) || got.HeldAt.Location() != time.UTC || got.Month() != "2026-03" || *got.HostID != ids[0] || got.LecturerID != nil {
		t.Errorf("held_at %v month %s host %v", got.HeldAt, got.Month(), got.HostID)
	}
	if len(got.Attendance) != 2 || got.Attendance[1].Reason+got.Attendance[0].Reason != "出差" || got.Quorum != m.Quorum || !got.Counted || got.OrgName != br.Name {
		t.Errorf("read back %+v", got)
	}
	if err := db.View(ctx, func(tx *sqlstore.Tx) error { _, err := tx.Meeting(ctx, 999999); return err }); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("unknown meeting: %v", err)
	}

	list := func(f dangjian.MeetingFilter) int {
		t.Helper()
		var total int
		err := db.View(ctx, func(tx *sqlstore.Tx) error {
			out, n, err := tx.Meetings(ctx, f)
			if len(out) != n {
				t.Errorf("page of %d, total %d", len(out), n)
			}
			total = n
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	all := []string{"/"}
	if n := list(dangjian.MeetingFilter{Scopes: all}); n != 1 {
		t.Errorf("all: %d", n)
	}
	if n := list(dangjian.MeetingFilter{Scopes: []string{b.Path}}); n != 0 {
		t.Errorf("other subtree sees %d", n)
	}
	if n := list(dangjian.MeetingFilter{Scopes: all, OrgPath: a.Path, Kind: dangjian.MeetingAssembly}); n != 1 {
		t.Errorf("subtree and kind: %d", n)
	}
	if n := list(dangjian.MeetingFilter{Scopes: all, Kind: dangjian.MeetingLecture}); n != 0 {
		t.Errorf("other kind: %d", n)
	}
	april := time.Date(2026, 4, 1, 0, 0, 0, 0, dangjian.CST)
	if n := list(dangjian.MeetingFilter{Scopes: all, From: april}); n != 0 {
		t.Errorf("from April: %d", n)
	}
	if n := list(dangjian.MeetingFilter{Scopes: all, To: april, From: held}); n != 1 {
		t.Errorf("March window: %d", n)
	}
	m.Deleted = true
	if err := db.Update(ctx, func(tx *sqlstore.Tx) error { return tx.UpdateMeeting(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	if n := list(dangjian.MeetingFilter{Scopes: all}); n != 0 {
		t.Errorf("deleted meeting listed: %d", n)
	}
}

// TestMeetingCountsStore: bumps add up per organization, kind and month
// in one upsert; a year's read returns only that year, and every asked-for
// organization has an entry.
func TestMeetingCountsStore(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	_, a, b, br := tree(t, db, 0)
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		for _, c := range []struct {
			org         int64
			kind, month string
			d           int
		}{
			{br.ID, "assembly", "2026-03", 1}, {br.ID, "assembly", "2026-03", 1}, {br.ID, "assembly", "2026-03", -1},
			{br.ID, "assembly", "2026-03", 1}, {br.ID, "committee", "2026-12", 1}, {br.ID, "committee", "2025-12", 1},
			{br.ID, "lecture", "2026-01", 1}, {br.ID, "lecture", "2026-01", -1}, {a.ID, "democratic_life_meeting", "2026-01", 1},
		} {
			if err := tx.BumpMeetingCount(ctx, c.org, c.kind, c.month, c.d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got map[int64]dangjian.MeetingCounts
	err = db.View(ctx, func(tx *sqlstore.Tx) error {
		got, err = tx.MeetingCounts(ctx, []int64{br.ID, a.ID, b.ID}, 2026)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]dangjian.MeetingCounts{
		br.ID: {"assembly": {"2026-03": 2}, "committee": {"2026-12": 1}},
		a.ID:  {"democratic_life_meeting": {"2026-01": 1}},
		b.ID:  {},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts = %v, want %v", got, want)
	}
}

// TestTalkStore: a year's talks come back with names; other years do not.
func TestTalkStore(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	_, _, _, br := tree(t, db, 2)
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		ms, err := tx.OrgRoster(ctx, br.ID)
		if err != nil {
			return err
		}
		for _, d := range []string{"2025-12-31", "2026-01-01", "2026-12-31", "2027-01-01"} {
			if err := tx.CreateTalk(ctx, &dangjian.Talk{OrgID: br.ID, AID: ms[0].ID, BID: ms[1].ID, HeldOn: dangjian.MustDate(d)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		ts, err := tx.Talks(ctx, br.ID, 2026)
		if err != nil || len(ts) != 2 || ts[0].HeldOn.String() != "2026-01-01" || ts[0].AName == "" || ts[0].BName == "" {
			t.Errorf("talks = %+v, %v", ts, err)
		}
		return nil
	})
}

// TestYearCountsStore: each bump rewrites the packed row of its year;
// counts loaded in bulk get theirs from RebuildYearCounts, which also
// drops rows that no longer hold anything, and bumps go on from there.
func TestYearCountsStore(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	_, a, b, br := tree(t, db, 0)
	packed := func(tx *sqlstore.Tx, org int64, year int) string {
		t.Helper()
		c, err := tx.YearCounts(ctx, org, year)
		if err != nil {
			t.Fatal(err)
		}
		return c.String()
	}
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		for _, c := range []struct {
			org         int64
			kind, month string
			d           int
		}{
			{br.ID, "assembly", "2026-03", 1}, {br.ID, "assembly", "2026-03", 1}, {br.ID, "committee", "2025-12", 1},
			{br.ID, "lecture", "2026-01", 1}, {br.ID, "lecture", "2026-01", -1}, {a.ID, "group", "2026-02", 1},
		} {
			if err := tx.BumpMeetingCount(ctx, c.org, c.kind, c.month, c.d); err != nil {
				return err
			}
		}
		if err := tx.BumpMeetingCount(ctx, br.ID, "assembly", "March", 1); err == nil {
			return errors.New("a malformed month was bumped")
		}
		if got := packed(tx, br.ID, 2026); got != "assembly=0,0,2" {
			t.Errorf("br 2026 = %q", got)
		}
		if got := packed(tx, br.ID, 2025); got != "committee=0,0,0,0,0,0,0,0,0,0,0,1" {
			t.Errorf("br 2025 = %q", got)
		}
		// Bulk-loaded counts have no packed row until the rebuild.
		l := tx.NewLoader()
		defer l.Close()
		if err := l.AddMeetingCount(ctx, b.ID, "theme_day", "2026-05", 3); err != nil {
			return err
		}
		if err := l.AddMeetingCount(ctx, b.ID, "theme_day", "2024-05", 1); err != nil {
			return err
		}
		if err := l.Flush(ctx); err != nil {
			return err
		}
		if got := packed(tx, b.ID, 2026); got != "" {
			t.Errorf("b before the rebuild = %q", got)
		}
		if err := tx.BumpMeetingCount(ctx, a.ID, "group", "2026-02", -1); err != nil {
			return err
		}
		if err := tx.RebuildYearCounts(ctx); err != nil {
			return err
		}
		for _, c := range []struct {
			org  int64
			year int
			want string
		}{
			{br.ID, 2026, "assembly=0,0,2"}, {br.ID, 2025, "committee=0,0,0,0,0,0,0,0,0,0,0,1"},
			{b.ID, 2026, "theme_day=0,0,0,0,3"}, {b.ID, 2024, "theme_day=0,0,0,0,1"}, {a.ID, 2026, ""},
		} {
			if got := packed(tx, c.org, c.year); got != c.want {
				t.Errorf("rebuilt org %d %d = %q, want %q", c.org, c.year, got, c.want)
			}
		}
		if err := tx.BumpMeetingCount(ctx, b.ID, "theme_day", "2026-06", 1); err != nil {
			return err
		}
		if got := packed(tx, b.ID, 2026); got != "theme_day=0,0,0,0,3,1" {
			t.Errorf("bumped after the rebuild = %q", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
