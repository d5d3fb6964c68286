package app_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// as is an actor holding role on org (tests build actors directly; app
// trusts the grants it is given).
func as(name, role string, org *dangjian.Org) *dangjian.Actor {
	return &dangjian.Actor{Username: name, Grants: []dangjian.Grant{{Role: role, OrgID: org.ID, OrgPath: org.Path}}, IP: "127.0.0.1"}
}

func ip(n int) *int { return &n }

func TestRectificationLedger(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t) // today is 2026-06-01
	a := o.a
	secB1 := as("secB1", dangjian.RoleOrgAdmin, o.b1)
	secB2 := as("secB2", dangjian.RoleOrgAdmin, o.b2)
	dept := as("dept", dangjian.RoleCommitteeAdmin, o.dept)
	viewer := as("viewer", dangjian.RoleViewer, o.root)
	owner := o.ms[0].ID
	in := app.RectificationInput{OrgID: o.b1.ID, Source: dangjian.SourceLifeMeeting, Problem: "谈心谈话开展不经常", OwnerID: &owner,
		Deadline: dangjian.MustDate("2026-05-01"), Measures: "制定谈话计划"}
	r, err := a.CreateRectification(ctx, secB1, in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != dangjian.RectOpen || !r.Overdue || r.OwnerName == "" || r.Year != 2026 {
		t.Fatalf("new item: %+v", r)
	}

	// Bad input is refused naming the field, and nothing is stored.
	bad := in
	bad.Source, bad.Problem, bad.Deadline = "rumour", " ", dangjian.Date{}
	_, err = a.CreateRectification(ctx, secB1, bad)
	for _, f := range []string{"source", "problem", "deadline"} {
		wantErr(t, "bad item "+f, err, dangjian.EINVALID, f)
	}
	other := o.other.ID
	bad = in
	bad.OwnerID = &other
	_, err = a.CreateRectification(ctx, secB1, bad)
	wantErr(t, "owner from another branch", err, dangjian.EINVALID, "owner_id")
	_, err = a.CreateRectification(ctx, secB2, in)
	wantErr(t, "another branch's ledger", err, dangjian.ENOTFOUND, "")
	_, err = a.CreateRectification(ctx, viewer, in)
	wantErr(t, "a viewer", err, dangjian.EFORBIDDEN, "")
	if _, n, _ := a.Rectifications(ctx, o.admin, app.RectQuery{}, app.Page{}); n != 1 {
		t.Fatalf("refused items stored: %d", n)
	}

	up := func(who *dangjian.Actor, in app.RectUpdateInput) (*dangjian.Rectification, error) {
		return a.UpdateRectification(ctx, who, r.ID, in)
	}
	_, err = up(secB1, app.RectUpdateInput{Status: "closed", Note: "x"})
	wantErr(t, "unknown status", err, dangjian.EINVALID, "status")
	_, err = up(secB1, app.RectUpdateInput{Status: dangjian.RectInProgress, Progress: ip(150), Note: "x"})
	wantErr(t, "progress 150", err, dangjian.EINVALID, "progress")
	_, err = up(secB1, app.RectUpdateInput{Status: dangjian.RectInProgress, Progress: ip(30)})
	wantErr(t, "no note", err, dangjian.EINVALID, "note")
	_, err = up(secB1, app.RectUpdateInput{Status: dangjian.RectVerified, Note: "x"})
	wantErr(t, "verify own item", err, dangjian.EFORBIDDEN, "")
	_, err = up(dept, app.RectUpdateInput{Status: dangjian.RectVerified, Note: "x"})
	wantErr(t, "verify before done", err, dangjian.ECONFLICT, "")
	_, err = up(secB2, app.RectUpdateInput{Status: dangjian.RectInProgress, Note: "x"})
	wantErr(t, "another branch updates", err, dangjian.ENOTFOUND, "")

	r, err = up(secB1, app.RectUpdateInput{Status: dangjian.RectInProgress, Progress: ip(40), Note: "已谈3人", Evidence: "谈话记录3份"})
	if err != nil || r.Status != dangjian.RectInProgress || r.Progress != 40 || !r.Overdue {
		t.Fatalf("in progress: %+v %v", r, err)
	}
	_, err = up(secB1, app.RectUpdateInput{Status: dangjian.RectOpen, Note: "x"})
	wantErr(t, "back to open", err, dangjian.ECONFLICT, "")
	r, err = up(secB1, app.RectUpdateInput{Status: dangjian.RectDone, Note: "全部谈完"})
	if err != nil || r.Status != dangjian.RectDone || r.Progress != 100 || r.Overdue {
		t.Fatalf("done: %+v %v", r, err)
	}
	_, err = up(secB1, app.RectUpdateInput{Status: dangjian.RectVerified})
	wantErr(t, "the branch verifies its own item", err, dangjian.EFORBIDDEN, "")
	r, err = up(dept, app.RectUpdateInput{Status: dangjian.RectVerified, Note: "抽查属实"})
	if err != nil || r.Status != dangjian.RectVerified || r.VerifiedBy != "dept" || r.VerifiedAt == nil {
		t.Fatalf("verified by the level above: %+v %v", r, err)
	}
	_, err = up(dept, app.RectUpdateInput{Status: dangjian.RectInProgress, Note: "重新整改"})
	wantErr(t, "after verification", err, dangjian.ECONFLICT, "")
	got, err := a.Rectification(ctx, viewer, r.ID)
	if err != nil || len(got.Updates) != 4 || got.Updates[0].Status != dangjian.RectOpen || got.Updates[3].Status != dangjian.RectVerified ||
		got.Updates[1].Evidence != "谈话记录3份" {
		t.Fatalf("timeline: %+v %v", got, err)
	}
	if _, err := a.Rectification(ctx, secB2, r.ID); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("another branch reads the item: %v", err)
	}

	// An item of b2, overdue; one of dept, due later.
	if _, err := a.CreateRectification(ctx, secB2, app.RectificationInput{OrgID: o.b2.ID, Source: dangjian.SourceInspection, Problem: "党费收缴不及时",
		Deadline: dangjian.MustDate("2026-03-31")}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateRectification(ctx, dept, app.RectificationInput{OrgID: o.dept.ID, Source: dangjian.SourceOther, Problem: "制度不健全",
		Deadline: dangjian.MustDate("2026-12-31")}); err != nil {
		t.Fatal(err)
	}
	list, n, err := a.Rectifications(ctx, o.admin, app.RectQuery{Overdue: true}, app.Page{})
	if err != nil || n != 1 || list[0].OrgID != o.b2.ID || !list[0].Overdue {
		t.Fatalf("overdue list: %d %v", n, err)
	}
	if _, n, _ := a.Rectifications(ctx, o.admin, app.RectQuery{OrgID: o.b1.ID}, app.Page{}); n != 1 {
		t.Errorf("b1's ledger: %d", n)
	}
	if _, n, _ := a.Rectifications(ctx, secB1, app.RectQuery{}, app.Page{}); n != 1 {
		t.Errorf("b1 sees %d items", n)
	}
	if _, _, err := a.Rectifications(ctx, o.admin, app.RectQuery{Status: "closed"}, app.Page{}); dangjian.ErrorCode(err) != dangjian.EINVALID {
		t.Errorf("bad status filter: %v", err)
	}
	if td, err := a.Todo(ctx, secB2, app.TodoOptions{}); err != nil || !hasTodo(td.Items, app.TodoRectification, "/orgs/"+itoa64(o.b2.ID)+"/rectifications?overdue=1") {
		t.Errorf("b2's to-do list: %+v %v", td, err)
	}
	if td, _ := a.Todo(ctx, secB1, app.TodoOptions{}); hasTodo(td.Items, app.TodoRectification, "") {
		t.Errorf("b1's to-do list holds an overdue item: %+v", td.Items)
	}
	if n, _ := a.OverdueRectifications(ctx, secB2); n != 1 {
		t.Errorf("b2's to-do: %d", n)
	}

	ru, err := a.RectificationRollup(ctx, o.admin, o.root.ID, app.RectQuery{}, "")
	if err != nil || ru.Total.Total != 3 || ru.Total.Overdue != 1 || ru.Total.Verified != 1 || len(ru.Rows) != 2 ||
		!ru.Rows[0].Self || ru.Rows[1].OrgID != o.dept.ID || ru.Rows[1].Counts.Total != 3 {
		t.Fatalf("root roll-up: %+v %v", ru, err)
	}
	ru, err = a.RectificationRollup(ctx, o.admin, o.dept.ID, app.RectQuery{}, "overdue")
	if err != nil || len(ru.Rows) != 3 || ru.Rows[0].Counts.Total != 1 || ru.Rows[1].OrgID != o.b2.ID || ru.Rows[1].Counts.Overdue != 1 ||
		ru.Rows[2].OrgID != o.b1.ID || ru.Rows[2].Counts.Verified != 1 {
		t.Fatalf("dept roll-up by overdue: %+v %v", ru, err)
	}
	if _, err := a.RectificationRollup(ctx, o.admin, o.dept.ID, app.RectQuery{}, "size"); dangjian.ErrorCode(err) != dangjian.EINVALID {
		t.Errorf("bad sort: %v", err)
	}
	led, err := a.RectificationLedger(ctx, o.admin, o.dept.ID, 2026)
	if err != nil || len(led.Items) != 3 || led.Counts.Overdue != 1 || len(led.Items[0].Updates) == 0 {
		t.Fatalf("ledger: %+v %v", led, err)
	}
}

func TestRectificationFromMeeting(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	m := o.record(t, app.MeetingInput{Kind: dangjian.MeetingLifeMeeting, HeldAt: cst("2026-01-10 09:00"), Attendance: o.att(4)})
	mid := m.ID
	r, err := o.a.CreateRectification(ctx, o.admin, app.RectificationInput{OrgID: o.b1.ID, Source: dangjian.SourceLifeMeeting, Problem: "批评与自我批评不够",
		Deadline: dangjian.MustDate("2026-08-01"), MeetingID: &mid})
	if err != nil || r.MeetingID == nil || *r.MeetingID != mid {
		t.Fatalf("from a life meeting: %+v %v", r, err)
	}
	_, err = o.a.CreateRectification(ctx, o.admin, app.RectificationInput{OrgID: o.b1.ID, Source: dangjian.SourceDLM, Problem: "x",
		Deadline: dangjian.MustDate("2026-08-01"), MeetingID: &mid})
	wantErr(t, "source against the meeting's kind", err, dangjian.EINVALID, "meeting_id")
	_, err = o.a.CreateRectification(ctx, o.admin, app.RectificationInput{OrgID: o.b2.ID, Source: dangjian.SourceLifeMeeting, Problem: "x",
		Deadline: dangjian.MustDate("2026-08-01"), MeetingID: &mid})
	wantErr(t, "another branch's meeting", err, dangjian.EINVALID, "meeting_id")
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
