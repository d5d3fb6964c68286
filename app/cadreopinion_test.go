package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func TestCadreOpinionAccess(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t) // today is 2026-06-01
	a := o.a
	personnel := as("hr", dangjian.RolePersonnel, o.root)
	secB1 := as("secB1", dangjian.RoleOrgAdmin, o.b1)
	secB2 := as("secB2", dangjian.RoleOrgAdmin, o.b2)
	dept := as("dept", dangjian.RoleCommitteeAdmin, o.dept)
	viewer := as("viewer", dangjian.RoleViewer, o.root)
	mid := o.ms[0].ID
	self := &dangjian.Actor{Username: "self", MemberID: &mid, Grants: []dangjian.Grant{{Role: dangjian.RoleMember, OrgID: o.b1.ID, OrgPath: o.b1.Path}}}

	in := app.CadreOpinionInput{MemberID: o.ms[0].ID, OrgID: o.b1.ID, Deadline: dangjian.MustDate("2026-06-15"), Note: "拟提任副科长"}
	_, err := a.RequestCadreOpinion(ctx, secB1, in)
	wantErr(t, "a branch asks", err, dangjian.EFORBIDDEN, "")
	bad := in
	bad.OrgID, bad.Deadline = o.b2.ID, dangjian.MustDate("2026-05-01")
	_, err = a.RequestCadreOpinion(ctx, personnel, bad)
	wantErr(t, "wrong branch", err, dangjian.EINVALID, "org_id")
	wantErr(t, "past deadline", err, dangjian.EINVALID, "deadline")
	c, err := a.RequestCadreOpinion(ctx, personnel, in)
	if err != nil || c.Status != dangjian.OpinionPending || c.MemberName == "" {
		t.Fatalf("request: %+v %v", c, err)
	}

	// Who sees it: personnel, the branch, the working committee (admin on
	// the root); not the leading group in between, a viewer, another
	// branch, or the member.
	for _, s := range []struct {
		name  string
		actor *dangjian.Actor
		sees  bool
	}{
		{"personnel", personnel, true}, {"the branch", secB1, true}, {"the working committee", o.admin, true},
		{"another branch", secB2, false}, {"the leading group", dept, false}, {"a viewer", viewer, false}, {"the member", self, false},
	} {
		_, err := a.CadreOpinion(ctx, s.actor, c.ID)
		if s.sees && err != nil || !s.sees && dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
			t.Errorf("%s reads it: %v", s.name, err)
		}
		list, n, err := a.CadreOpinions(ctx, s.actor, app.CadreOpinionQuery{}, app.Page{})
		if s.sees && (err != nil || n != 1 || len(list) != 1) {
			t.Errorf("%s lists %d: %v", s.name, n, err)
		}
		if !s.sees && n != 0 {
			t.Errorf("%s lists %d", s.name, n)
		}
		if !s.sees {
			_, err := a.AnswerCadreOpinion(ctx, s.actor, c.ID, dangjian.OpinionAgree, "")
			wantErr(t, s.name+" answers", err, dangjian.ENOTFOUND, "")
		}
	}
	_, err = a.AnswerCadreOpinion(ctx, personnel, c.ID, dangjian.OpinionAgree, "")
	wantErr(t, "personnel answers", err, dangjian.EFORBIDDEN, "")
	_, err = a.AnswerCadreOpinion(ctx, secB1, c.ID, dangjian.OpinionDisagree, "")
	wantErr(t, "disagree without reasons", err, dangjian.EINVALID, "reasons")
	_, err = a.AnswerCadreOpinion(ctx, secB1, c.ID, "neutral", "")
	wantErr(t, "unknown opinion", err, dangjian.EINVALID, "opinion")

	// Overdue after the deadline: on the branch's to-do, not personnel's.
	o.a.DB().SetNow(func() time.Time { return cst("2026-06-20 10:00") })
	if od, err := a.OverdueCadreOpinions(ctx, secB1); err != nil || len(od) != 1 || !od[0].Overdue {
		t.Errorf("branch to-do: %v %v", od, err)
	}
	if td, err := a.Todo(ctx, secB1, app.TodoOptions{}); err != nil || !hasTodo(td.Items, app.TodoCadreOpinion, "/cadre-opinions/"+strconv.FormatInt(c.ID, 10)) {
		t.Errorf("branch to-do list: %+v %v", td, err)
	}
	if td, _ := a.Todo(ctx, personnel, app.TodoOptions{}); hasTodo(td.Items, app.TodoCadreOpinion, "") {
		t.Errorf("personnel's to-do list holds the branch's request")
	}
	if od, _ := a.OverdueCadreOpinions(ctx, personnel); len(od) != 0 {
		t.Errorf("personnel to-do: %v", od)
	}
	if _, n, _ := a.CadreOpinions(ctx, personnel, app.CadreOpinionQuery{Overdue: true}, app.Page{}); n != 1 {
		t.Errorf("overdue filter: %d", n)
	}
	c, err = a.AnswerCadreOpinion(ctx, secB1, c.ID, dangjian.OpinionWithReservations, "群众基础一般")
	if err != nil || c.Status != dangjian.OpinionAnswered || c.Opinion != dangjian.OpinionWithReservations || c.AnsweredBy != "secB1" || c.Overdue {
		t.Fatalf("answer: %+v %v", c, err)
	}
	_, err = a.AnswerCadreOpinion(ctx, secB1, c.ID, dangjian.OpinionAgree, "")
	wantErr(t, "second answer", err, dangjian.ECONFLICT, "")
	if list, n, _ := a.CadreOpinions(ctx, personnel, app.CadreOpinionQuery{MemberID: o.ms[0].ID}, app.Page{}); n != 1 || list[0].Reasons != "群众基础一般" {
		t.Errorf("on the member's record: %d", n)
	}
	rows, _, err := a.Audits(ctx, app.System(), dangjian.AuditFilter{Action: "cadre_opinion.answer"}, app.Page{})
	if err != nil || len(rows) != 1 || rows[0].Changes == "" || strings.Contains(rows[0].Changes, "群众基础") {
		t.Errorf("audit of the answer: %+v %v", rows, err)
	}
}

// hasTodo says whether items hold one of kind (with href, unless "").
func hasTodo(items []app.TodoItem, kind, href string) bool {
	for _, it := range items {
		if it.Kind == kind && (href == "" || it.Href == href) {
			return true
		}
	}
	return false
}
