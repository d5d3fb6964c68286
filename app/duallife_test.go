package app_test

import (
	"context"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// dualLife is the orglife fixture with two leading cadres in b1: diligent
// attends everything, skipper one theme day only.
type dualLife struct {
	*orglife
	diligent, skipper *dangjian.Member
}

func newDualLife(t *testing.T) *dualLife {
	t.Helper()
	o := newOrglife(t)
	d := &dualLife{orglife: o}
	cadre := func(seq int, name string) *dangjian.Member {
		id := idNumber(seq, true)
		info, err := dangjian.ParseIDNumber(id)
		if err != nil {
			t.Fatal(err)
		}
		m, err := o.a.CreateMember(context.Background(), o.admin, dangjian.Member{Name: name, Gender: "male", BirthDate: info.Birth,
			IDNumber: id, OrgID: o.b1.ID, Status: dangjian.StatusFull, JoinedOn: dangjian.MustDate("2005-07-01"), LeadingCadre: true})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	d.diligent = cadre(7, "钱局长")
	d.skipper = cadre(8, "孙副局长")
	return d
}

// at lists b1's four members present and the cadres as given.
func (d *dualLife) at(diligent, skipper string) []dangjian.Attendance {
	out := d.att(4)
	return append(out, dangjian.Attendance{MemberID: d.diligent.ID, Status: diligent},
		dangjian.Attendance{MemberID: d.skipper.ID, Status: skipper, Reason: "出差"})
}

func row(t *testing.T, rep *dangjian.DualLifeReport, id int64) dangjian.DualLifeRow {
	t.Helper()
	for _, r := range rep.Items {
		if r.MemberID == id {
			return r
		}
	}
	t.Fatalf("member %d not in the report: %+v", id, rep.Items)
	return dangjian.DualLifeRow{}
}

func TestDualLife(t *testing.T) {
	ctx := context.Background()
	d := newDualLife(t)
	P, A, L := dangjian.AttendPresent, dangjian.AttendAbsent, dangjian.AttendLeave
	d.record(t, app.MeetingInput{Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-03-10 09:00"), Attendance: d.at(P, A)})
	d.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-01-15 09:00"), Attendance: d.at(P, P)})
	d.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-02-15 09:00"), Attendance: d.at(P, L)})
	d.record(t, app.MeetingInput{Kind: dangjian.MeetingLecture, HeldAt: cst("2026-04-20 09:00"), Attendance: d.at(P, A)})
	d.record(t, app.MeetingInput{Kind: dangjian.MeetingLifeMeeting, HeldAt: cst("2026-05-20 09:00"), Attendance: d.at(P, A)})
	// Not counted or not this year: a merged meeting, last year's meeting, a
	// committee meeting neither cadre sits on.
	d.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-03-15 09:00"), MergedWithAdmin: true, Attendance: d.at(P, P)})
	d.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2025-12-15 09:00"), Attendance: d.at(P, P)})
	// The leading group's democratic life meeting: its list is who was due.
	d.record(t, app.MeetingInput{OrgID: d.dept.ID, Kind: dangjian.MeetingDemocraticLifeMeeting, HeldAt: cst("2026-05-25 09:00"),
		Attendance: []dangjian.Attendance{{MemberID: d.diligent.ID, Status: P}, {MemberID: d.skipper.ID, Status: A}, {MemberID: d.ms[0].ID, Status: P}}})

	rep, err := d.a.DualLife(ctx, d.admin, d.dept.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Items) != 2 || rep.Short != 1 || rep.MinShare != dangjian.DefaultDualLifeMinShare || rep.MinShareSet || rep.OrgName != d.dept.Name {
		t.Fatalf("report = %+v", rep)
	}
	if rep.Items[0].MemberID != d.skipper.ID {
		t.Errorf("the one short is not listed first: %+v", rep.Items)
	}
	good := row(t, rep, d.diligent.ID)
	if good.Held != 5 || good.Attended != 5 || good.Status != dangjian.DualLifeMet || good.LifeMeeting != dangjian.DualLifeYes ||
		good.DLM != dangjian.DualLifeYes || len(good.Findings) != 0 || good.BranchID != d.b1.ID || good.LeadingGroupID == nil || *good.LeadingGroupID != d.dept.ID {
		t.Errorf("diligent = %+v", good)
	}
	bad := row(t, rep, d.skipper.ID)
	if bad.Held != 5 || bad.Attended != 1 || bad.Required != 3 || bad.Status != dangjian.DualLifeShort ||
		bad.LifeMeeting != dangjian.DualLifeNo || bad.DLM != dangjian.DualLifeNo {
		t.Errorf("skipper = %+v", bad)
	}
	var rules []string
	for _, f := range bad.Findings {
		rules = append(rules, f.Rule)
	}
	if len(rules) != 3 || rules[0] != "orglife.dual_life" || rules[1] != "orglife.dual_life" || rules[2] != "orglife.dlm" {
		t.Errorf("skipper's findings = %+v", bad.Findings)
	}

	// The branch's own view holds the same two; the other branch none.
	if rep, err := d.a.DualLife(ctx, d.admin, d.b1.ID, 2026); err != nil || len(rep.Items) != 2 {
		t.Errorf("b1 = %+v, %v", rep, err)
	}
	if rep, err := d.a.DualLife(ctx, d.admin, d.b2.ID, 2026); err != nil || len(rep.Items) != 0 {
		t.Errorf("b2 = %+v, %v", rep, err)
	}
	// A year with nothing held: not applicable, and the life meeting none.
	rep, err = d.a.DualLife(ctx, d.admin, d.b1.ID, 2024)
	if err != nil || len(rep.Items) != 2 || rep.Short != 0 || rep.Items[0].Status != dangjian.StatusNotApplicable ||
		rep.Items[0].LifeMeeting != dangjian.DualLifeNone || rep.Items[0].DLM != dangjian.DualLifeNone {
		t.Errorf("2024 = %+v, %v", rep, err)
	}

	// A local setting of 20%: the skipper's share is enough, the missed life
	// meeting is still short.
	fifth := 0.2
	if err := d.a.SetDualLifeMinShare(ctx, d.admin, &fifth); err != nil {
		t.Fatal(err)
	}
	rep, _ = d.a.DualLife(ctx, d.admin, d.dept.ID, 2026)
	bad = row(t, rep, d.skipper.ID)
	if !rep.MinShareSet || rep.MinShare != 0.2 || bad.Status != dangjian.DualLifeMet || bad.Required != 1 || len(bad.Findings) != 2 || rep.Short != 1 {
		t.Errorf("at 20%%: %+v / %+v", rep, bad)
	}
	if err := d.a.SetDualLifeMinShare(ctx, d.admin, nil); err != nil {
		t.Fatal(err)
	}
	if share, set, err := d.a.DualLifeMinShare(ctx); err != nil || set || share != dangjian.DefaultDualLifeMinShare {
		t.Errorf("after reset: %v %v %v", share, set, err)
	}
	a := ruleAudits(t, d.a, "setting.update")
	if len(a) != 2 || a[0]["key"] != dangjian.DualLifeMinShareKey || a[0]["to"] != 0.2 || a[0]["from"] != nil || a[1]["from"] != 0.2 || a[1]["to"] != nil {
		t.Errorf("audits = %+v", a)
	}
}

func TestDualLifeRefusals(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	sec := &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: f.b2.ID, OrgPath: f.b2.Path}}}
	if _, err := f.a.DualLife(ctx, sec, f.b1.ID, 2026); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("out of scope: %v, want not_found", err)
	}
	if _, err := f.a.DualLife(ctx, sec, f.b2.ID, 2026); err != nil {
		t.Errorf("own branch: %v", err)
	}
	_, err := f.a.DualLife(ctx, f.admin, f.b1.ID, 1900)
	wantErr(t, "year 1900", err, dangjian.EINVALID, "year")

	deptAdmin := &dangjian.Actor{Username: "dept", Grants: []dangjian.Grant{{Role: dangjian.RoleCommitteeAdmin, OrgID: f.dept.ID, OrgPath: f.dept.Path}}}
	half := 0.5
	if err := f.a.SetDualLifeMinShare(ctx, deptAdmin, &half); dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
		t.Errorf("committee admin of a subtree: %v, want forbidden", err)
	}
	for _, v := range []float64{0, -0.5, 1.5} {
		v := v
		err := f.a.SetDualLifeMinShare(ctx, f.admin, &v)
		wantErr(t, "share out of range", err, dangjian.EINVALID, "min_share")
	}
	if len(ruleAudits(t, f.a, "setting.update")) != 0 {
		t.Error("a refused setting was audited")
	}
}
