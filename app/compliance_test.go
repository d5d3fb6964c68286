package app_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore"
)

// complianceFixture is the org fixture on 2026-04-01 (CST) with:
// b1 seven full members and no committee recorded, a group g1 under it;
// b2 empty. Counts are written straight into the summary rows that
// meeting records maintain.
func complianceFixture(t *testing.T) (*fixture, *dangjian.Org) {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	// 10:00 CST on April 1 is 02:00 UTC: Q1 and March are over.
	f.a.DB().SetNow(func() time.Time { return time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) })
	for i := range 7 {
		f.member(t, f.b1, i+1)
	}
	g1, err := f.a.CreateOrg(ctx, f.admin, app.OrgInput{ParentID: &f.b1.ID, Name: "第一党小组", Kind: dangjian.KindGroup})
	if err != nil {
		t.Fatal(err)
	}
	bump := func(org int64, kind string, months ...string) {
		err := f.a.DB().Update(ctx, func(tx *sqlstore.Tx) error {
			for _, m := range months {
				if err := tx.BumpMeetingCount(ctx, org, kind, m, 1); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	bump(f.b1.ID, dangjian.MeetingAssembly, "2026-02")
	bump(f.b1.ID, dangjian.MeetingCommittee, "2026-01", "2026-02", "2026-03")
	bump(f.b1.ID, dangjian.MeetingThemeDay, "2026-01", "2026-02", "2026-03", "2025-12")
	bump(f.b2.ID, dangjian.MeetingCommittee, "2026-03")
	return f, g1
}

func findItem(rep *dangjian.ComplianceReport, rule, period string) dangjian.ComplianceItem {
	for _, it := range rep.Items {
		if it.Rule == rule && it.Period == period {
			return it
		}
	}
	return dangjian.ComplianceItem{}
}

func TestComplianceOfAnOrg(t *testing.T) {
	ctx := context.Background()
	f, _ := complianceFixture(t)
	rep, err := f.a.Compliance(ctx, f.admin, f.b1.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	// over: assembly Q1 met, lecture Q1 missing, committee and theme day
	// Jan–Mar met: 7 of 8.
	if math.Abs(rep.Rate-7.0/8) > 1e-9 || rep.Missing() != 1 {
		t.Errorf("rate %v missing %d", rep.Rate, rep.Missing())
	}
	for _, c := range []struct{ rule, period, status string }{
		{"orglife.assembly", "2026-Q1", dangjian.StatusMet},
		{"orglife.lecture", "2026-Q1", dangjian.StatusMissing},
		{"orglife.committee", "2026-03", dangjian.StatusMet},
		{"orglife.committee", "2026-04", dangjian.StatusUpcoming},
		{"orglife.theme_day", "2026-01", dangjian.StatusMet},
		{"orglife.life_meeting", "2026", dangjian.StatusUpcoming},
	} {
		if it := findItem(rep, c.rule, c.period); it.Status != c.status {
			t.Errorf("%s %s = %+v, want %s", c.rule, c.period, it, c.status)
		}
	}
	// Seven full members and no committee: owed, with the reason.
	if it := findItem(rep, "orglife.committee", "2026-01"); !strings.Contains(it.Reason, "应设支部委员会") {
		t.Errorf("committee reason = %q", it.Reason)
	}

	// The empty branch owes no committee meetings.
	rep2, err := f.a.Compliance(ctx, f.admin, f.b2.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if it := findItem(rep2, "orglife.committee", "2026"); it.Status != dangjian.StatusNotApplicable || it.Counted != 1 || !strings.Contains(it.Reason, "不足 7 人") {
		t.Errorf("b2 committee = %+v", it)
	}

	// The override in force changes the periods of the report.
	if _, err := f.a.OverrideRule(ctx, f.admin, "orglife.lecture", dangjian.RuleOverride{Period: "month", Count: 1}); err != nil {
		t.Fatal(err)
	}
	rep, err = f.a.Compliance(ctx, f.admin, f.b1.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if it := findItem(rep, "orglife.lecture", "2026-02"); it.Status != dangjian.StatusMissing || it.Expected != 1 {
		t.Errorf("monthly lecture = %+v", it)
	}
	if math.Abs(rep.Rate-7.0/10) > 1e-9 {
		t.Errorf("rate with monthly lectures = %v, want 0.7", rep.Rate)
	}
}

func TestComplianceRefusals(t *testing.T) {
	ctx := context.Background()
	f, _ := complianceFixture(t)
	sec := &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: f.b2.ID, OrgPath: f.b2.Path}}}
	if _, err := f.a.Compliance(ctx, sec, f.b1.ID, 2026); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("other branch: %v", err)
	}
	if _, err := f.a.Compliance(ctx, sec, f.b2.ID, 2026); err != nil {
		t.Errorf("own branch: %v", err)
	}
	if _, _, err := f.a.ComplianceRollup(ctx, sec, f.dept.ID, 2026, "", app.Page{}); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("roll-up above: %v", err)
	}
	for _, y := range []int{1900, 2028, 0} {
		if _, err := f.a.Compliance(ctx, f.admin, f.b1.ID, y); dangjian.ErrorFields(err)["year"] == "" {
			t.Errorf("year %d: %v", y, err)
		}
	}
	if _, _, err := f.a.ComplianceRollup(ctx, f.admin, f.root.ID, 2026, "size", app.Page{}); dangjian.ErrorFields(err)["sort"] == "" {
		t.Errorf("bad sort: %v", err)
	}
	if _, err := f.a.Compliance(ctx, f.admin, 999999, 2026); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("unknown org: %v", err)
	}
}

func TestComplianceRollup(t *testing.T) {
	ctx := context.Background()
	f, g1 := complianceFixture(t)
	names := func(rows []app.RollupRow) []int64 {
		var ids []int64
		for _, r := range rows {
			ids = append(ids, r.OrgID)
		}
		return ids
	}
	// dept: nothing over yet (rate 1); b1 7/8; b2: assembly, lecture and
	// three theme days missing (0); g1: three group months missing (0).
	// Ties keep tree order: g1 sits under b1, before b2.
	cases := []struct {
		sort string
		want []int64
	}{
		{"", []int64{g1.ID, f.b2.ID, f.b1.ID, f.dept.ID}},
		{app.SortRate, []int64{g1.ID, f.b2.ID, f.b1.ID, f.dept.ID}},
		{app.SortMissing, []int64{f.b2.ID, g1.ID, f.b1.ID, f.dept.ID}},
	}
	for _, c := range cases {
		rows, total, err := f.a.ComplianceRollup(ctx, f.admin, f.root.ID, 2026, c.sort, app.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 4 || !slices.Equal(names(rows), c.want) {
			t.Errorf("sort %q: %v (total %d), want %v", c.sort, names(rows), total, c.want)
		}
	}
	rows, _, err := f.a.ComplianceRollup(ctx, f.admin, f.root.ID, 2026, app.SortName, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSortedFunc(rows, func(x, y app.RollupRow) int { return strings.Compare(x.Name, y.Name) }) {
		t.Errorf("not sorted by name: %v", rows)
	}
	byID := map[int64]app.RollupRow{}
	for _, r := range rows {
		byID[r.OrgID] = r
	}
	if r := byID[f.b2.ID]; r.Missing != 5 || r.Rate != 0 || len(r.MissingItems) != 5 || r.MissingItems[0] != "orglife.assembly 2026-Q1" {
		t.Errorf("b2 row = %+v", r)
	}
	if r := byID[f.b1.ID]; r.Missing != 1 || math.Abs(r.Rate-7.0/8) > 1e-9 || !slices.Equal(r.MissingItems, []string{"orglife.lecture 2026-Q1"}) {
		t.Errorf("b1 row = %+v", r)
	}
	if r := byID[f.dept.ID]; r.Missing != 0 || r.Rate != 1 || r.Kind != dangjian.KindLeadingGroup {
		t.Errorf("dept row = %+v", r)
	}
	if _, ok := byID[f.root.ID]; ok {
		t.Error("the working committee owes nothing and is listed")
	}
	// The roll-up and the org's own report agree.
	rep, _ := f.a.Compliance(ctx, f.admin, g1.ID, 2026)
	if r := byID[g1.ID]; r.Missing != rep.Missing() || r.Rate != rep.Rate {
		t.Errorf("g1 row %+v, report rate %v missing %d", r, rep.Rate, rep.Missing())
	}

	// Paging keeps the total.
	page, total, err := f.a.ComplianceRollup(ctx, f.admin, f.root.ID, 2026, app.SortRate, app.Page{Page: 2, PerPage: 3})
	if err != nil || total != 4 || !slices.Equal(names(page), []int64{f.dept.ID}) {
		t.Errorf("page 2 = %v (total %d), %v", names(page), total, err)
	}
	// A subtree: the branch and its group only.
	sub, total, err := f.a.ComplianceRollup(ctx, f.admin, f.b1.ID, 2026, app.SortName, app.Page{})
	if err != nil || total != 2 || len(sub) != 2 {
		t.Errorf("b1 subtree = %v (total %d), %v", names(sub), total, err)
	}
	// A past year: everything is over; only b1's December theme day was held.
	rows, _, err = f.a.ComplianceRollup(ctx, f.admin, f.root.ID, 2025, app.SortRate, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		want := 0.0
		if r.OrgID == f.b1.ID {
			want = 1.0 / 33 // of 4 assemblies, 12 committee, 4 lecture, 12 theme day, 1 life meeting
		}
		if math.Abs(r.Rate-want) > 1e-9 {
			t.Errorf("2025 %s rate %v, want %v", r.Name, r.Rate, want)
		}
	}
}
