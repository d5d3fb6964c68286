package app_test

import (
	"context"
	"math"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore"
)

// samePacked checks that the packed row of each organization and year
// holds what meeting_counts holds, and returns the packed rows.
func samePacked(t *testing.T, o *orglife, step string) map[[2]int64]string {
	t.Helper()
	ctx := context.Background()
	out := map[[2]int64]string{}
	err := o.a.DB().View(ctx, func(tx *sqlstore.Tx) error {
		for _, id := range []int64{o.b1.ID, o.b2.ID, o.dept.ID} {
			for _, y := range []int{2025, 2026} {
				packed, err := tx.YearCounts(ctx, id, y)
				if err != nil {
					return err
				}
				mc, err := tx.MeetingCounts(ctx, []int64{id}, y)
				if err != nil {
					return err
				}
				if want := dangjian.YearCountsOf(mc[id], y); packed != want {
					t.Errorf("%s: org %d %d packed %q, meeting_counts %q", step, id, y, packed.String(), want.String())
				}
				out[[2]int64{id, int64(y)}] = packed.String()
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The packed row follows every meeting write in its transaction, across
// months and years, and a rebuild from meeting_counts gives the same rows.
func TestYearCountsFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	samePacked(t, o, "empty")

	m1 := o.record(t, app.MeetingInput{Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-03-31 23:30"), Attendance: o.att(3)})
	lec := o.record(t, app.MeetingInput{Kind: dangjian.MeetingLecture, HeldAt: cst("2025-12-31 23:30"), Attendance: o.att(4)})
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-03-12 09:00"), MergedWithAdmin: true, Attendance: o.att(4)})
	o.record(t, app.MeetingInput{OrgID: o.b2.ID, Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-02-01 09:00"),
		Attendance: []dangjian.Attendance{{MemberID: o.other.ID, Status: dangjian.AttendPresent}}})
	got := samePacked(t, o, "recorded")
	if got[[2]int64{o.b1.ID, 2026}] != "assembly=0,0,1" || got[[2]int64{o.b1.ID, 2025}] != "lecture=0,0,0,0,0,0,0,0,0,0,0,1" ||
		got[[2]int64{o.b2.ID, 2026}] != "theme_day=0,1" {
		t.Errorf("packed after recording = %v", got)
	}

	// A correction across a year end moves the count between two rows.
	jan := cst("2026-01-05 09:00")
	if _, err := o.a.CorrectMeeting(ctx, o.admin, lec.ID, app.MeetingUpdate{HeldAt: &jan}, "年份录错"); err != nil {
		t.Fatal(err)
	}
	april := cst("2026-04-02 09:00")
	if _, err := o.a.CorrectMeeting(ctx, o.admin, m1.ID, app.MeetingUpdate{HeldAt: &april}, "日期录错"); err != nil {
		t.Fatal(err)
	}
	got = samePacked(t, o, "corrected")
	if got[[2]int64{o.b1.ID, 2026}] != "assembly=0,0,0,1;lecture=1" || got[[2]int64{o.b1.ID, 2025}] != "" {
		t.Errorf("packed after corrections = %v", got)
	}

	// An administrative meeting registered later takes a count away.
	if _, err := o.a.RecordAdminMeeting(ctx, o.admin, dangjian.AdminMeeting{OrgID: o.dept.ID, HeldAt: cst("2026-04-02 08:00"), EndsAt: cst("2026-04-02 12:00"), Title: "局务会"}); err != nil {
		t.Fatal(err)
	}
	if got = samePacked(t, o, "flagged"); got[[2]int64{o.b1.ID, 2026}] != "lecture=1" {
		t.Errorf("packed after the flag = %v", got)
	}
	if _, err := o.a.ConfirmSeparate(ctx, o.admin, m1.ID, "会后单独召开"); err != nil {
		t.Fatal(err)
	}
	samePacked(t, o, "confirmed")
	if err := o.a.DeleteMeeting(ctx, o.admin, m1.ID, "重复录入"); err != nil {
		t.Fatal(err)
	}
	before := samePacked(t, o, "deleted")
	if before[[2]int64{o.b1.ID, 2026}] != "lecture=1" {
		t.Errorf("packed after delete = %v", before)
	}

	// A rebuild from meeting_counts gives the same rows.
	err := o.a.DB().Update(ctx, func(tx *sqlstore.Tx) error { return tx.RebuildYearCounts(ctx) })
	if err != nil {
		t.Fatal(err)
	}
	after := samePacked(t, o, "rebuilt")
	for k, v := range before {
		if after[k] != v {
			t.Errorf("rebuilt %v = %q, was %q", k, after[k], v)
		}
	}

	// The roll-up, read from the packed rows, agrees with each
	// organization's own report, read from meeting_counts.
	rows, _, err := o.a.ComplianceRollup(ctx, o.admin, o.root.ID, 2026, app.SortRate, app.Page{PerPage: 100})
	if err != nil || len(rows) == 0 {
		t.Fatalf("roll-up = %v, %v", rows, err)
	}
	names := map[int64]string{o.b1.ID: o.b1.Name, o.b2.ID: o.b2.Name, o.dept.ID: o.dept.Name}
	for _, r := range rows {
		if want, ok := names[r.OrgID]; ok && r.Name != want || r.Name == "" {
			t.Errorf("org %d named %q in the roll-up", r.OrgID, r.Name)
		}
		rep, err := o.a.Compliance(ctx, o.admin, r.OrgID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if r.Missing != rep.Missing() || math.Abs(r.Rate-rep.Rate) > 1e-12 {
			t.Errorf("org %d: roll-up rate %v missing %d, report rate %v missing %d", r.OrgID, r.Rate, r.Missing, rep.Rate, rep.Missing())
		}
	}
}
