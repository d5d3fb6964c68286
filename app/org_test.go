package app_test

import (
	"context"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

type fixture struct {
	a                  *app.App
	admin              *dangjian.Actor
	root, dept, b1, b2 *dangjian.Org
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	a, admin := newApp(t)
	roots, err := a.OrgRoots(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{a: a, admin: admin, root: roots[0]}
	mk := func(parent *dangjian.Org, name, kind string) *dangjian.Org {
		o, err := a.CreateOrg(ctx, admin, app.OrgInput{ParentID: &parent.ID, Name: name, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.dept = mk(f.root, "县教育局党组", dangjian.KindLeadingGroup)
	f.b1 = mk(f.dept, "县教育局第一党支部", dangjian.KindBranch)
	f.b2 = mk(f.dept, "县教育局第二党支部", dangjian.KindBranch)
	return f
}

// idNumber makes a valid ID for 1985-05-0d of the given gender.
func idNumber(seq int, male bool) string {
	g := 2
	if male {
		g = 1
	}
	body := "3301021985050" + string(rune('1'+seq%9)) + string(rune('0'+seq/9%10)) + string(rune('0'+seq%10)) + string(rune('0'+g))
	c, _ := dangjian.IDCheckDigit(body)
	return body + string(c)
}

func (f *fixture) member(t *testing.T, org *dangjian.Org, seq int) *dangjian.Member {
	t.Helper()
	id := idNumber(seq, true)
	info, err := dangjian.ParseIDNumber(id)
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.a.CreateMember(context.Background(), f.admin, dangjian.Member{Name: "赵" + string(rune('甲'+seq)), Gender: "male",
		BirthDate: info.Birth, IDNumber: id, OrgID: org.ID, Status: dangjian.StatusFull, JoinedOn: dangjian.MustDate("2010-07-01")})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSubtreeScope(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	m2 := f.member(t, f.b2, 1)
	sec := &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: f.b1.ID, OrgPath: f.b1.Path}}}
	if _, err := f.a.Org(ctx, sec, f.b2.ID); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("other branch: %v, want not_found", err)
	}
	if _, err := f.a.Member(ctx, sec, m2.ID, false); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("other branch's member: %v, want not_found", err)
	}
	name := "改名"
	if _, err := f.a.UpdateMember(ctx, sec, m2.ID, app.MemberUpdate{Name: &name}); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("update other branch's member: %v, want not_found", err)
	}
	if _, err := f.a.Org(ctx, sec, f.b1.ID); err != nil {
		t.Errorf("own branch: %v", err)
	}
	if _, err := f.a.Org(ctx, sec, f.dept.ID); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("parent: %v, want not_found", err)
	}
	list, total, err := f.a.Members(ctx, sec, dangjian.MemberFilter{}, app.Page{})
	if err != nil || total != 0 || len(list) != 0 {
		t.Errorf("secretary sees %d members of other branches", total)
	}
	// Creating a member in another branch is refused as if it did not exist.
	_, err = f.a.CreateMember(ctx, sec, dangjian.Member{Name: "钱一", Gender: "male", BirthDate: dangjian.MustDate("1985-05-03"),
		IDNumber: idNumber(2, true), OrgID: f.b2.ID, Status: dangjian.StatusFull, JoinedOn: dangjian.MustDate("2010-07-01")})
	if dangjian.ErrorFields(err)["org_id"] == "" {
		t.Errorf("create in another branch: %v", err)
	}
}

func TestMoveMemberKeepsHistoryAndCounts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	m := f.member(t, f.b1, 3)
	reason := "工作调动"
	if _, err := f.a.UpdateMember(ctx, f.admin, m.ID, app.MemberUpdate{OrgID: &f.b2.ID, MoveReason: reason}); err != nil {
		t.Fatal(err)
	}
	moves, err := f.a.MemberMoves(ctx, f.admin, m.ID)
	if err != nil || len(moves) != 2 {
		t.Fatalf("moves = %v, %v", moves, err)
	}
	if moves[1].FromOrgID == nil || *moves[1].FromOrgID != f.b1.ID || moves[1].ToOrgID != f.b2.ID || moves[1].Reason != reason {
		t.Errorf("move = %+v", moves[1])
	}
	b1, _ := f.a.Org(ctx, f.admin, f.b1.ID)
	b2, _ := f.a.Org(ctx, f.admin, f.b2.ID)
	dept, _ := f.a.Org(ctx, f.admin, f.dept.ID)
	if b1.MemberCount != 0 || b2.MemberCount != 1 || dept.MemberCount != 1 || b2.DirectFull != 1 {
		t.Errorf("counts b1=%d b2=%d dept=%d full=%d", b1.MemberCount, b2.MemberCount, dept.MemberCount, b2.DirectFull)
	}
	// A member may only be placed in a branch.
	if _, err := f.a.UpdateMember(ctx, f.admin, m.ID, app.MemberUpdate{OrgID: &f.dept.ID}); dangjian.ErrorFields(err)["org_id"] == "" {
		t.Errorf("move into a leading group: %v", err)
	}
}

func TestOrgRulesAndDelete(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.member(t, f.b1, 4)
	d, err := f.a.Org(ctx, f.admin, f.b1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Findings) == 0 || d.Findings[0].Rule != "org.branch.min_full" {
		t.Errorf("findings = %+v", d.Findings)
	}
	if err := f.a.DeleteOrg(ctx, f.admin, f.b1.ID); dangjian.ErrorCode(err) != dangjian.ECONFLICT {
		t.Errorf("delete a branch with members: %v", err)
	}
	if err := f.a.DeleteOrg(ctx, f.admin, f.dept.ID); dangjian.ErrorCode(err) != dangjian.ECONFLICT {
		t.Errorf("delete an org with children: %v", err)
	}
	if err := f.a.DeleteOrg(ctx, f.admin, f.b2.ID); err != nil {
		t.Errorf("delete an empty branch: %v", err)
	}
	// A branch cannot hold a leading group; a group cannot be moved under the root.
	if _, err := f.a.CreateOrg(ctx, f.admin, app.OrgInput{ParentID: &f.b1.ID, Name: "x", Kind: dangjian.KindLeadingGroup}); dangjian.ErrorFields(err)["kind"] == "" {
		t.Errorf("leading group under a branch: %v", err)
	}
	if _, err := f.a.CreateOrg(ctx, f.admin, app.OrgInput{ParentID: &f.b1.ID, Name: "", Kind: dangjian.KindGroup}); dangjian.ErrorFields(err)["name"] == "" {
		t.Errorf("empty name: %v", err)
	}
	// Moving an org under its own descendant is refused.
	if _, err := f.a.UpdateOrg(ctx, f.admin, f.dept.ID, app.OrgUpdate{ParentID: &f.b1.ID}); dangjian.ErrorFields(err)["parent_id"] == "" {
		t.Errorf("move under own child: %v", err)
	}
}

func TestCommitteeHistory(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	m := f.member(t, f.b1, 5)
	n := f.member(t, f.b1, 6)
	c1 := dangjian.Committee{TermStart: dangjian.MustDate("2020-01-01"), TermEnd: dangjian.MustDate("2023-01-01"), Posts: []dangjian.Post{{MemberID: m.ID, Post: dangjian.PostSecretary}}}
	if _, err := f.a.ReplaceCommittee(ctx, f.admin, f.b1.ID, c1); err != nil {
		t.Fatal(err)
	}
	c2 := dangjian.Committee{TermStart: dangjian.MustDate("2023-01-01"), TermEnd: dangjian.MustDate("2026-01-01"), Posts: []dangjian.Post{{MemberID: n.ID, Post: dangjian.PostSecretary}}}
	if _, err := f.a.ReplaceCommittee(ctx, f.admin, f.b1.ID, c2); err != nil {
		t.Fatal(err)
	}
	cur, err := f.a.Committee(ctx, f.admin, f.b1.ID)
	if err != nil || cur == nil || len(cur.Posts) != 1 || cur.Posts[0].MemberID != n.ID {
		t.Fatalf("current = %+v, %v", cur, err)
	}
	hist, err := f.a.CommitteeHistory(ctx, f.admin, f.b1.ID)
	if err != nil || len(hist) != 2 || hist[1].Posts[0].MemberID != m.ID || hist[1].Current {
		t.Fatalf("history = %+v, %v", hist, err)
	}
	// A post holder from another branch is refused.
	other := f.member(t, f.b2, 7)
	bad := dangjian.Committee{TermStart: dangjian.MustDate("2026-01-01"), TermEnd: dangjian.MustDate("2029-01-01"), Posts: []dangjian.Post{{MemberID: other.ID, Post: dangjian.PostSecretary}}}
	if _, err := f.a.ReplaceCommittee(ctx, f.admin, f.b1.ID, bad); dangjian.ErrorFields(err)["posts[0].member_id"] == "" {
		t.Errorf("outsider on the committee: %v", err)
	}
	d, _ := f.a.Org(ctx, f.admin, f.b1.ID)
	found := false
	for _, fd := range d.Findings {
		found = found || fd.Rule == "org.term.branch"
	}
	if !found {
		t.Errorf("expired term not found: %+v", d.Findings)
	}
}
