package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// loginAs makes a user with one role and returns its actor.
func loginAs(t *testing.T, a *app.App, name string, memberID *int64, role string, org *dangjian.Org) *dangjian.Actor {
	t.Helper()
	ctx := context.Background()
	const pw = "User-pw-2026!"
	if _, err := a.CreateUser(ctx, app.System(), app.UserInput{Username: name, Password: pw, MemberID: memberID,
		Roles: []dangjian.Grant{{Role: role, OrgID: org.ID}}}); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	res, err := a.Login(ctx, name, pw, "127.0.0.1", app.SessionAPI, "")
	if err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	au, err := a.Authenticate(ctx, res.Token, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return au.Actor
}

// todoKey is an item as the tests compare it.
func todoKey(it app.TodoItem) string {
	due := ""
	if it.DueOn != nil {
		due = it.DueOn.String()
	}
	return fmt.Sprintf("%s %s %d %s %s %s", it.Severity, it.Kind, it.OrgID, it.Rule, strings.Join(it.Periods, ","), due)
}

func todoKeys(td *app.Todo) []string {
	var out []string
	for _, it := range td.Items {
		out = append(out, todoKey(it))
	}
	return out
}

func TestTodo(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t) // 2026-06-01: Q2 and June end this month
	// b1: theme days in March and June; an assembly in May; a lecture in Q1.
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-03-05 09:00"), Attendance: o.att(4)})
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-05-06 09:00"), Attendance: o.att(4)})
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingLecture, HeldAt: cst("2026-02-06 09:00"), Attendance: o.att(4)})
	// A meeting overlapping the department's 局务会 waits for confirmation.
	if _, err := o.a.RecordAdminMeeting(ctx, o.admin, dangjian.AdminMeeting{OrgID: o.dept.ID, HeldAt: cst("2026-05-20 09:00"), EndsAt: cst("2026-05-20 11:00"), Title: "局务会"}); err != nil {
		t.Fatal(err)
	}
	sus := o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-20 10:00"), Attendance: o.att(4), Topic: "学习交流"})
	// b2's committee served past its term.
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b2.ID, dangjian.Committee{TermStart: dangjian.MustDate("2022-01-01"), TermEnd: dangjian.MustDate("2025-01-01"),
		Posts: []dangjian.Post{{MemberID: o.other.ID, Post: dangjian.PostSecretary}}}); err != nil {
		t.Fatal(err)
	}
	// A member of b1 asks for a correction.
	me := loginAs(t, o.a, "zhao", &o.ms[0].ID, dangjian.RoleMember, o.b1)
	if _, err := o.a.SubmitCorrection(ctx, me, app.CorrectionInput{Fields: map[string]string{"phone": "13800138000"}, Reason: "换号"}); err != nil {
		t.Fatal(err)
	}

	td, err := o.a.Todo(ctx, o.admin, app.TodoOptions{Summaries: true})
	if err != nil {
		t.Fatal(err)
	}
	got := todoKeys(td)
	b1, b2 := o.b1.ID, o.b2.ID
	for _, want := range []string{
		fmt.Sprintf("overdue compliance %d orglife.theme_day 2026-01,2026-02,2026-04,2026-05 2026-01-31", b1),
		fmt.Sprintf("overdue compliance %d orglife.assembly 2026-Q1 2026-03-31", b1),
		fmt.Sprintf("overdue committee_term %d org.term.branch  2025-01-01", b2),
		fmt.Sprintf("due compliance %d orglife.theme_day 2026-06 2026-06-30", b1),
		fmt.Sprintf("due compliance %d orglife.lecture 2026-Q2 2026-06-30", b1),
		fmt.Sprintf("due suspected_merged %d orglife.merged  2026-05-20", b1),
		"due corrections 0   ",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	// Met periods and periods not yet begun are not listed.
	for _, k := range got {
		b1k := strings.Contains(k, fmt.Sprintf(" %d ", b1))
		if b1k && (strings.Contains(k, "orglife.lecture 2026-Q1") || strings.Contains(k, "orglife.assembly 2026-Q2")) || strings.Contains(k, "2026-07") {
			t.Errorf("listed %q", k)
		}
	}
	// Overdue first, then by date.
	seenDue := false
	for _, it := range td.Items {
		if it.Severity == app.TodoDue {
			seenDue = true
		} else if seenDue {
			t.Errorf("overdue %q after a due item", todoKey(it))
		}
	}
	if td.Overdue == 0 || len(td.Summaries) != 0 {
		t.Errorf("overdue %d, summaries %+v", td.Overdue, td.Summaries)
	}
	for _, it := range td.Items {
		if it.Title == "" || it.Href == "" || it.Severity == "" {
			t.Errorf("incomplete item %+v", it)
		}
		if it.Kind == app.TodoSuspectedMerged && it.Href != fmt.Sprintf("/meetings/%d", sus.ID) {
			t.Errorf("suspected href %q", it.Href)
		}
	}

	// Once confirmed separate, the meeting leaves the list.
	if _, err := o.a.ConfirmSeparate(ctx, o.admin, sus.ID, "局务会后单独召开"); err != nil {
		t.Fatal(err)
	}
	td, _ = o.a.Todo(ctx, o.admin, app.TodoOptions{})
	for _, it := range td.Items {
		if it.Kind == app.TodoSuspectedMerged {
			t.Errorf("confirmed meeting still listed: %+v", it)
		}
	}
	n, err := o.a.TodoCount(ctx, o.admin)
	if err != nil || n != len(td.Items) {
		t.Errorf("count %d, %v; items %d", n, err, len(td.Items))
	}

	// A secretary of b2 sees b2's items only; a member runs nothing.
	sec := loginAs(t, o.a, "sec2", nil, dangjian.RoleOrgAdmin, o.b2)
	td, err = o.a.Todo(ctx, sec, app.TodoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range td.Items {
		if it.OrgID != b2 && it.Kind != app.TodoCorrections {
			t.Errorf("secretary of b2 sees %q", todoKey(it))
		}
	}
	if !slices.Contains(todoKeys(td), fmt.Sprintf("overdue committee_term %d org.term.branch  2025-01-01", b2)) {
		t.Errorf("secretary's list %v", todoKeys(td))
	}
	if td, err := o.a.Todo(ctx, me, app.TodoOptions{}); err != nil || len(td.Items) != 0 {
		t.Errorf("member's list = %+v, %v", td, err)
	}
}

func TestTodoTalksLateInTheYear(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2025-01-01"), TermEnd: dangjian.MustDate("2028-01-01"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := o.a.RecordTalk(ctx, o.admin, dangjian.Talk{OrgID: o.b1.ID, AID: o.ms[0].ID, BID: o.ms[1].ID, HeldOn: dangjian.MustDate("2026-05-01")}); err != nil {
		t.Fatal(err)
	}
	has := func() *app.TodoItem {
		td, err := o.a.Todo(ctx, o.admin, app.TodoOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range td.Items {
			if it.Kind == app.TodoTalks {
				return &it
			}
		}
		return nil
	}
	if it := has(); it != nil {
		t.Errorf("talks listed in June: %+v", it)
	}
	o.a.DB().SetNow(func() time.Time { return time.Date(2026, 10, 9, 2, 0, 0, 0, time.UTC) })
	it := has()
	if it == nil || it.OrgID != o.b1.ID || it.Count != 2 || it.Total != 3 || it.Rule != "orglife.talks" || it.DueOn.String() != "2026-12-31" {
		t.Fatalf("talks item = %+v", it)
	}
}

func TestTodoLargeSubtree(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	// 50 more branches make the root's subtree too large to list.
	for i := range 50 {
		if _, err := o.a.CreateOrg(ctx, o.admin, app.OrgInput{ParentID: &o.dept.ID, Name: fmt.Sprintf("第%d党支部", i+3), Kind: dangjian.KindBranch}); err != nil {
			t.Fatal(err)
		}
	}
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-03-05 09:00"), Attendance: o.att(4)})
	td, err := o.a.Todo(ctx, o.admin, app.TodoOptions{Summaries: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range td.Items {
		if it.OrgID != 0 && it.OrgID != o.root.ID && it.OrgID != o.dept.ID {
			t.Errorf("a grandchild's item listed: %q", todoKey(it))
		}
	}
	if len(td.Summaries) != 1 {
		t.Fatalf("summaries = %+v", td.Summaries)
	}
	s := td.Summaries[0]
	if s.OrgID != o.root.ID || s.Orgs != 54 || s.Listed != 2 || s.Owing < 52 || s.Missing < 52 || !strings.Contains(s.Href, "/compliance/rollup") {
		t.Errorf("summary = %+v", s)
	}
	// Without summaries (the home page, the badge) the subtree is not scanned.
	td, err = o.a.Todo(ctx, o.admin, app.TodoOptions{})
	if err != nil || len(td.Summaries) != 0 {
		t.Errorf("summaries without asking: %+v, %v", td, err)
	}
}
