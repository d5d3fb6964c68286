package app_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func near(x, y float64) bool { return math.Abs(x-y) < 1e-9 }

func TestOrglifeDashboard(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t) // 2026-06-01
	for _, at := range []string{"2026-01-08 09:00", "2026-02-08 09:00", "2026-03-08 09:00", "2026-04-08 09:00", "2026-05-08 09:00"} {
		o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst(at), Attendance: o.att(4)})
	}
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-03-10 09:00"), Attendance: o.att(4)})
	merged := o.record(t, app.MeetingInput{Kind: dangjian.MeetingLecture, HeldAt: cst("2026-03-12 09:00"), Attendance: o.att(4), MergedWithAdmin: true})
	below := o.record(t, app.MeetingInput{Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-04-10 09:00"), Attendance: o.att(1)})
	if below.Counted || merged.Counted {
		t.Fatalf("merged %+v below %+v counted", merged.Quorum, below.Quorum)
	}
	if _, err := o.a.RecordAdminMeeting(ctx, o.admin, dangjian.AdminMeeting{OrgID: o.dept.ID, HeldAt: cst("2026-05-20 09:00"), EndsAt: cst("2026-05-20 11:00"), Title: "局务会"}); err != nil {
		t.Fatal(err)
	}
	sus := o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-20 10:00"), Attendance: o.att(4)})

	d, err := o.a.OrglifeDashboard(ctx, o.admin, o.dept.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if d.Counted != 6 || d.Merged != 1 || d.Suspected != 1 || d.BelowQuorum != 1 || d.Orgs != 3 || d.Compliant != 1 || d.AsOf.String() != "2026-06-01" {
		t.Errorf("totals = %+v", d)
	}
	if want := (1 + 6.0/7 + 0) / 3; !near(d.Rate, want) {
		t.Errorf("rate %v, want %v", d.Rate, want)
	}
	if len(d.Units) != 3 || !d.Units[0].Own || d.Units[0].OrgID != o.dept.ID || d.Units[1].OrgID != o.b1.ID || d.Units[2].OrgID != o.b2.ID {
		t.Fatalf("units = %+v", d.Units)
	}
	u1, u2 := d.Units[1], d.Units[2]
	if !near(u1.Rate, 6.0/7) || u1.Missing != 1 || u1.Counted != 6 || u1.Merged != 1 || u1.Suspected != 1 || u1.BelowQuorum != 1 {
		t.Errorf("b1 = %+v", u1)
	}
	if u2.Rate != 0 || u2.Counted != 0 || u2.Merged != 0 || u2.Orgs != 1 || u2.Compliant != 0 {
		t.Errorf("b2 = %+v", u2)
	}
	for i, want := range []struct{ counted, merged, suspected, below int }{{1, 0, 0, 0}, {1, 0, 0, 0}, {2, 1, 0, 0}, {1, 0, 0, 1}, {1, 0, 1, 0}, {0, 0, 0, 0}} {
		m := d.Months[i]
		if m.Counted != want.counted || m.Merged != want.merged || m.Suspected != want.suspected || m.BelowQuorum != want.below {
			t.Errorf("month %s = %+v, want %+v", m.Month, m, want)
		}
	}
	// January: b1 met its theme day, b2 did not, the department owes nothing yet.
	if r := d.Months[0].Rate; r == nil || !near(*r, 2.0/3) {
		t.Errorf("January rate = %v", *r)
	}
	if d.Months[5].Rate != nil || len(d.Months) != 12 {
		t.Errorf("June is not over: %v", d.Months[5].Rate)
	}

	// The counts follow corrections and confirmations in the same transaction.
	f := false
	if _, err := o.a.CorrectMeeting(ctx, o.admin, merged.ID, app.MeetingUpdate{MergedWithAdmin: &f}, "误标为合并召开"); err != nil {
		t.Fatal(err)
	}
	if _, err := o.a.ConfirmSeparate(ctx, o.admin, sus.ID, "单独召开"); err != nil {
		t.Fatal(err)
	}
	if err := o.a.DeleteMeeting(ctx, o.admin, below.ID, "重复录入"); err != nil {
		t.Fatal(err)
	}
	d, err = o.a.OrglifeDashboard(ctx, o.admin, o.root.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if d.Merged != 0 || d.Suspected != 0 || d.BelowQuorum != 0 || d.Counted != 8 {
		t.Errorf("after corrections = %+v", d)
	}
	if len(d.Units) != 2 || d.Units[1].OrgID != o.dept.ID || d.Units[1].Counted != 8 || d.Units[1].Orgs != 3 {
		t.Errorf("root's units = %+v", d.Units)
	}
	// A past year is seen as of its last day; a year too far is refused.
	if d, err := o.a.OrglifeDashboard(ctx, o.admin, o.dept.ID, 2025); err != nil || d.AsOf.String() != "2026-01-01" || d.Months[11].Rate == nil || d.Counted != 0 {
		t.Errorf("2025 = %+v, %v", d, err)
	}
	_, err = o.a.OrglifeDashboard(ctx, o.admin, o.dept.ID, 2030)
	wantErr(t, "year 2030", err, dangjian.EINVALID, "year")
	sec := &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: o.b2.ID, OrgPath: o.b2.Path}}}
	_, err = o.a.OrglifeDashboard(ctx, sec, o.dept.ID, 2026)
	wantErr(t, "outside scope", err, dangjian.ENOTFOUND, "")
}

// exportCSV writes an export as CSV text.
func exportCSV(t *testing.T, ex *app.Export, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := ex.Stream(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(b.String(), "\ufeff")
}

func TestOrglifeExports(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-01-08 09:00"), Attendance: o.att(4), Topic: "一月主题党日"})
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-03-10 09:00"), Attendance: o.att(1), Topic: "三月党员大会"})
	o.record(t, app.MeetingInput{OrgID: o.b2.ID, Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-02-08 09:00"),
		Attendance: []dangjian.Attendance{{MemberID: o.other.ID, Status: dangjian.AttendPresent}}, Topic: "二支部主题党日"})

	// Meetings: the list's filters, newest first.
	ex, err := o.a.ExportMeetings(ctx, o.admin, app.MeetingQuery{OrgID: o.b1.ID}, "csv")
	text := exportCSV(t, ex, err)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "会议时间,会议类型") || !strings.Contains(lines[1], "三月党员大会") || !strings.Contains(lines[2], "一月主题党日") {
		t.Errorf("meetings export:\n%s", text)
	}
	if !strings.Contains(lines[1], "2026-03-10 09:00:00,党员大会") {
		t.Errorf("meeting row %q", lines[1])
	}
	ex, err = o.a.ExportMeetings(ctx, o.admin, app.MeetingQuery{Kind: dangjian.MeetingThemeDay}, "xlsx")
	if err != nil || ex.Format != "xlsx" || !strings.Contains(ex.Filename, "会议记录") {
		t.Errorf("xlsx export %+v, %v", ex, err)
	}
	_, err = o.a.ExportMeetings(ctx, o.admin, app.MeetingQuery{Kind: "party"}, "csv")
	wantErr(t, "bad kind", err, dangjian.EINVALID, "kind")
	_, err = o.a.ExportMeetings(ctx, o.admin, app.MeetingQuery{}, "pdf")
	wantErr(t, "bad format", err, dangjian.EINVALID, "format")

	// The roll-up: the page's rows and rates, all of them.
	rows, total, err := o.a.ComplianceRollup(ctx, o.admin, o.root.ID, 2026, app.SortRate, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	ex, err = o.a.ExportRollup(ctx, o.admin, o.root.ID, 2026, app.SortRate, "csv")
	text = exportCSV(t, ex, err)
	lines = strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != total+1 {
		t.Fatalf("roll-up export has %d lines for %d rows:\n%s", len(lines), total, text)
	}
	for i, r := range rows {
		if !strings.HasPrefix(lines[i+1], r.Name+",") {
			t.Errorf("row %d = %q, want %s first", i, lines[i+1], r.Name)
		}
	}
	if !strings.Contains(text, "orglife.theme_day 2026-02") {
		t.Errorf("missing items not listed:\n%s", text)
	}
	_, err = o.a.ExportRollup(ctx, o.admin, o.root.ID, 2026, "size", "csv")
	wantErr(t, "bad sort", err, dangjian.EINVALID, "sort")
	_, err = o.a.ExportRollup(ctx, o.admin, o.root.ID, 1800, "", "csv")
	wantErr(t, "bad year", err, dangjian.EINVALID, "year")

	// Talk coverage: the missing pairs and the totals.
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2025-01-01"), TermEnd: dangjian.MustDate("2028-01-01"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}}}); err != nil {
		t.Fatal(err)
	}
	ex, err = o.a.ExportTalkCoverage(ctx, o.admin, o.b1.ID, 2026, "csv")
	text = exportCSV(t, ex, err)
	if lines = strings.Split(strings.TrimSpace(text), "\n"); len(lines) != 5 || !strings.Contains(lines[4], "应谈 3 对,已谈 0 对,尚缺 3 对") {
		t.Errorf("talk coverage export:\n%s", text)
	}
	_, err = o.a.ExportTalkCoverage(ctx, o.admin, o.dept.ID, 2026, "csv")
	wantErr(t, "not a branch", err, dangjian.EINVALID, "org_id")

	// Dual organizational life: one row per leading cadre.
	ex, err = o.a.ExportDualLife(ctx, o.admin, o.root.ID, 2026, "csv")
	text = exportCSV(t, ex, err)
	if !strings.HasPrefix(text, "姓名,所在党支部") {
		t.Errorf("dual life export:\n%s", text)
	}
	sec := &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: o.b2.ID, OrgPath: o.b2.Path}}}
	_, err = o.a.ExportDualLife(ctx, sec, o.root.ID, 2026, "csv")
	wantErr(t, "outside scope", err, dangjian.ENOTFOUND, "")
	ex, err = o.a.ExportMeetings(ctx, sec, app.MeetingQuery{}, "csv")
	if text = exportCSV(t, ex, err); strings.Contains(text, "一月主题党日") || !strings.Contains(text, "二支部主题党日") {
		t.Errorf("secretary's meetings export:\n%s", text)
	}
}
