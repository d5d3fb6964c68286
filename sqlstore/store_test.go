package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// tree builds root → a → branch1, root → b and puts n members in branch1.
func tree(t *testing.T, db *sqlstore.DB, n int) (root, a, b, br *dangjian.Org) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		root = &dangjian.Org{Name: "工委", Kind: dangjian.KindWorkingCommittee}
		if err := tx.CreateOrg(ctx, root, nil); err != nil {
			return err
		}
		a = &dangjian.Org{Name: "甲局党组", Kind: dangjian.KindLeadingGroup, ParentID: &root.ID}
		if err := tx.CreateOrg(ctx, a, root); err != nil {
			return err
		}
		b = &dangjian.Org{Name: "乙局党组", Kind: dangjian.KindLeadingGroup, ParentID: &root.ID}
		if err := tx.CreateOrg(ctx, b, root); err != nil {
			return err
		}
		br = &dangjian.Org{Name: "甲局第一支部", Kind: dangjian.KindBranch, ParentID: &a.ID}
		if err := tx.CreateOrg(ctx, br, a); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			body := fmt.Sprintf("11010119800101%03d", i*2+1) // odd: male
			c, _ := dangjian.IDCheckDigit(body)
			m := &dangjian.Member{Name: fmt.Sprintf("王%d", i), Gender: "male", BirthDate: dangjian.MustDate("1980-01-01"),
				IDNumber: body + string(c), OrgID: br.ID, OrgPath: br.Path, Status: dangjian.StatusFull,
				JoinedOn: dangjian.MustDate("2005-01-01"), PartyAffairs: "none", Active: true}
			if err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			if err := tx.AdjustMemberCounts(ctx, br.Path, 1, 1); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

func TestMoveOrgRewritesPathsAndCounts(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	root, a, b, br := tree(t, db, 3)
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := tx.Org(ctx, br.ID)
		if err != nil {
			return err
		}
		nb, err := tx.Org(ctx, b.ID)
		if err != nil {
			return err
		}
		return tx.MoveOrg(ctx, o, nb)
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		wantOrgs := map[int64]int{root.ID: 4, a.ID: 1, b.ID: 2, br.ID: 1}
		for id, n := range wantOrgs {
			o, _ := tx.Org(ctx, id)
			if o.OrgCount != n {
				t.Errorf("%s org_count = %d, want %d", o.Name, o.OrgCount, n)
			}
		}
		// The page total of an unfiltered list comes from org_count: it
		// must agree with counting.
		for _, scope := range []string{root.Path, b.Path, "/"} {
			_, fast, err := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: []string{scope}, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			_, slow, _ := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: []string{scope}, Query: "", Kind: "", Limit: 1, ParentID: nil, Offset: 0})
			_, all, _ := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: []string{scope}, Limit: 100})
			if fast != slow || fast != all {
				t.Errorf("scope %s: totals %d %d %d", scope, fast, slow, all)
			}
		}
		want := map[int64]int{root.ID: 3, a.ID: 0, b.ID: 3, br.ID: 3}
		for id, n := range want {
			o, err := tx.Org(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if o.MemberCount != n {
				t.Errorf("%s member_count = %d, want %d", o.Name, o.MemberCount, n)
			}
		}
		o, _ := tx.Org(ctx, br.ID)
		if o.Path != b.Path+fmt.Sprint(br.ID)+"/" || o.Depth != 2 {
			t.Errorf("moved path = %s depth %d", o.Path, o.Depth)
		}
		ms, total, err := tx.Members(ctx, dangjian.MemberFilter{Scopes: []string{b.Path}, Active: ptr(true)})
		if err != nil || total != 3 || len(ms) != 3 || !strings.HasPrefix(ms[0].OrgPath, b.Path) {
			t.Errorf("members under new parent: %d/%d, %v", len(ms), total, err)
		}
		_, total, _ = tx.Members(ctx, dangjian.MemberFilter{Scopes: []string{a.Path}, Active: ptr(true)})
		if total != 0 {
			t.Errorf("old parent still counts %d members", total)
		}
		return nil
	})
}

func ptr[T any](v T) *T { return &v }

func TestMembersTotalsAgree(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	root, _, _, _ := tree(t, db, 7)
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		// The counter path and the COUNT(*) path must give the same total.
		_, fast, err := tx.Members(ctx, dangjian.MemberFilter{Scopes: []string{root.Path}, Active: ptr(true), Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		_, slow, err := tx.Members(ctx, dangjian.MemberFilter{Scopes: []string{root.Path}, Active: ptr(true), Status: dangjian.StatusFull, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		_, whole, _ := tx.Members(ctx, dangjian.MemberFilter{Scopes: []string{"/"}, Active: ptr(true), Limit: 2})
		if fast != 7 || slow != 7 || whole != 7 {
			t.Errorf("totals fast=%d slow=%d whole=%d, want 7", fast, slow, whole)
		}
		ms, n, err := tx.Members(ctx, dangjian.MemberFilter{Scopes: []string{root.Path}, Query: "王1", Active: ptr(true)})
		if err != nil || n != 1 || ms[0].Name != "王1" {
			t.Errorf("prefix search: %d, %v", n, err)
		}
		_, n, _ = tx.Members(ctx, dangjian.MemberFilter{Scopes: nil, Active: ptr(true)})
		if n != 0 {
			t.Errorf("no scope gave %d members", n)
		}
		return nil
	})
}

func TestAuditChainDetectsTampering(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		for i := 0; i < 5; i++ {
			if err := tx.AppendAudit(ctx, &dangjian.Audit{Actor: "t", Action: "member.update", Entity: "member", Changes: fmt.Sprintf(`{"n":%d}`, i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	verify := func() (int, error) {
		var n int
		err := db.View(ctx, func(tx *sqlstore.Tx) error {
			var err error
			n, err = tx.VerifyAudit(ctx)
			return err
		})
		return n, err
	}
	if n, err := verify(); err != nil || n != 5 {
		t.Fatalf("intact chain: %d, %v", n, err)
	}
	if err := sqlstore.TamperForTest(ctx, db, `UPDATE audit SET changes = '{"n":99}' WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	if _, err := verify(); err == nil || !strings.Contains(err.Error(), "row 3") {
		t.Errorf("tampered row not found: %v", err)
	}
}
