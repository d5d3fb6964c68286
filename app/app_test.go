package app_test

import (
	"context"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// newApp returns an App on a fresh database with the admin bootstrapped.
func newApp(t *testing.T) (*app.App, *dangjian.Actor) {
	t.Helper()
	a, err := app.New(sqltest.Open(t), app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := a.Bootstrap(ctx, "Admin-pw-2026!"); err != nil {
		t.Fatal(err)
	}
	res, err := a.Login(ctx, "admin", "Admin-pw-2026!", "127.0.0.1", app.SessionAPI, "")
	if err != nil {
		t.Fatal(err)
	}
	au, err := a.Authenticate(ctx, res.Token, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a, au.Actor
}

func TestOrgMemberFlow(t *testing.T) {
	ctx := context.Background()
	a, admin := newApp(t)
	roots, err := a.OrgRoots(ctx, admin)
	if err != nil || len(roots) != 1 {
		t.Fatalf("roots = %v, %v", roots, err)
	}
	root := roots[0]
	dept, err := a.CreateOrg(ctx, admin, app.OrgInput{ParentID: &root.ID, Name: "县财政局党组", Kind: dangjian.KindLeadingGroup, Unit: "县财政局", StaffCount: 120})
	if err != nil {
		t.Fatal(err)
	}
	br, err := a.CreateOrg(ctx, admin, app.OrgInput{ParentID: &dept.ID, Name: "县财政局机关第一党支部", Kind: dangjian.KindBranch})
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.CreateMember(ctx, admin, dangjian.Member{Name: "张伟", Gender: "male", BirthDate: dangjian.MustDate("1980-01-01"),
		IDNumber: "110101198001010010", OrgID: br.ID, Status: dangjian.StatusFull, JoinedOn: dangjian.MustDate("2005-07-01")})
	if err != nil {
		t.Fatal(err)
	}
	if m.IDNumber != "110***********0010" {
		t.Errorf("masked id = %q", m.IDNumber)
	}
	list, total, err := a.Members(ctx, admin, dangjian.MemberFilter{OrgPath: root.Path}, app.Page{})
	if err != nil || total != 1 || len(list) != 1 {
		t.Fatalf("members = %d/%d, %v", len(list), total, err)
	}
	list, total, err = a.Members(ctx, admin, dangjian.MemberFilter{Query: "张"}, app.Page{})
	if err != nil || total != 1 || len(list) != 1 {
		t.Fatalf("search = %d/%d, %v", len(list), total, err)
	}
	d, err := a.Org(ctx, admin, root.ID)
	if err != nil || d.MemberCount != 1 {
		t.Fatalf("root count = %+v, %v", d, err)
	}
	n, err := a.VerifyAudit(ctx)
	if err != nil || n < 5 {
		t.Fatalf("audit verify = %d, %v", n, err)
	}
}
