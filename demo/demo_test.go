package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/demo"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

var today = dangjian.NewDate(2026, 5, 20)

func generate(t *testing.T, n int, seed int64) (*sqlstore.DB, *demo.Summary) {
	t.Helper()
	db := sqltest.Open(t)
	sum, err := demo.Generate(context.Background(), db, demo.Options{Members: n, Seed: seed, Today: today})
	if err != nil {
		t.Fatalf("generate %d: %v", n, err)
	}
	return db, sum
}

// allOrgs returns every organization in tree order.
func allOrgs(t *testing.T, db *sqlstore.DB) []*dangjian.Org {
	t.Helper()
	var out []*dangjian.Org
	err := db.View(context.Background(), func(tx *sqlstore.Tx) error {
		var err error
		out, _, err = tx.Orgs(context.Background(), dangjian.OrgFilter{Scopes: []string{"/"}, Limit: 1 << 30})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// allMembers returns every member in roster order.
func allMembers(t *testing.T, db *sqlstore.DB) []*dangjian.Member {
	t.Helper()
	var out []*dangjian.Member
	err := db.View(context.Background(), func(tx *sqlstore.Tx) error {
		return tx.EachMember(context.Background(), dangjian.MemberFilter{Scopes: []string{"/"}}, func(m *dangjian.Member) error {
			out = append(out, m)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fingerprint is what must not change between two runs with one seed.
func fingerprint(t *testing.T, db *sqlstore.DB) []string {
	var out []string
	for _, o := range allOrgs(t, db) {
		out = append(out, fmt.Sprintf("org %s %s %s %s %d", o.Path, o.Kind, o.Name, o.Unit, o.StaffCount))
	}
	for _, m := range allMembers(t, db) {
		out = append(out, fmt.Sprintf("member %d %s %s %s %s %s %s %s", m.ID, m.OrgPath, m.Name, m.IDNumber, m.Status, m.JoinedOn, m.Position, m.Phone))
	}
	return out
}

func TestSameSeedSameRows(t *testing.T) {
	a, _ := generate(t, 800, 42)
	b, _ := generate(t, 800, 42)
	c, _ := generate(t, 800, 43)
	fa, fb, fc := fingerprint(t, a), fingerprint(t, b), fingerprint(t, c)
	if len(fa) != len(fb) {
		t.Fatalf("same seed: %d rows vs %d", len(fa), len(fb))
	}
	for i := range fa {
		if fa[i] != fb[i] {
			t.Fatalf("same seed differs at row %d:\n%s\n%s", i, fa[i], fb[i])
		}
	}
	same := 0
	for i := range min(len(fa), len(fc)) {
		if fa[i] == fc[i] {
			same++
		}
	}
	if same > len(fa)/10 {
		t.Errorf("seeds 42 and 43 share %d of %d rows", same, len(fa))
	}
}

func TestCounty(t *testing.T) {
	const n = 3000
	db, sum := generate(t, n, 1)
	ctx := context.Background()
	if sum.Members != n {
		t.Errorf("summary: %d members, want %d", sum.Members, n)
	}
	orgs := allOrgs(t, db)
	if len(orgs) != sum.Orgs {
		t.Errorf("summary says %d organizations, the database holds %d", sum.Orgs, len(orgs))
	}
	// About one organization per 17 members, and the departments a county has.
	if len(orgs) < n/25 || len(orgs) > n/11 {
		t.Errorf("%d organizations for %d members, want about %d", len(orgs), n, n/17)
	}
	if sum.Units < 30 {
		t.Errorf("%d units, want the county's departments", sum.Units)
	}

	root := orgs[0]
	if root.Kind != dangjian.KindWorkingCommittee || root.ParentID != nil || !strings.HasSuffix(root.Name, "县直属机关工作委员会") {
		t.Fatalf("root = %+v", root)
	}
	if root.MemberCount != n || root.ID != sum.Root {
		t.Errorf("root counts %d members (id %d), want %d (id %d)", root.MemberCount, root.ID, n, sum.Root)
	}

	byID := map[int64]*dangjian.Org{}
	names := map[string]bool{}
	units := 0
	for _, o := range orgs {
		byID[o.ID] = o
		if o.ParentID != nil {
			p := byID[*o.ParentID]
			if p == nil || !dangjian.CanContain(p.Kind, o.Kind) {
				t.Errorf("%s (%s) may not sit under %v", o.Name, o.Kind, p)
				continue
			}
			key := fmt.Sprint(p.ID, "/", o.Name)
			if names[key] {
				t.Errorf("two organizations named %s under %s", o.Name, p.Name)
			}
			names[key] = true
		}
		if o.Unit != "" {
			units++
			if o.ParentID == nil || *o.ParentID != root.ID {
				t.Errorf("unit %s is on %s, not on a top organization", o.Unit, o.Name)
			}
			if o.StaffCount < o.MemberCount {
				t.Errorf("%s: %d staff for %d members", o.Unit, o.StaffCount, o.MemberCount)
			}
		}
		if o.Kind == dangjian.KindGroup && o.DirectCount != 0 {
			t.Errorf("group %s holds members directly", o.Name)
		}
	}
	if units != sum.Units {
		t.Errorf("%d organizations carry a unit, want %d", units, sum.Units)
	}

	members := allMembers(t, db)
	if len(members) != n {
		t.Fatalf("%d members in the database, want %d", len(members), n)
	}
	ids := map[string]bool{}
	var lead, fullTime, partTime, prob, women, minority int
	direct := map[int64]int{}
	for _, m := range members {
		if err := m.Validate(today); err != nil {
			t.Fatalf("member %d %s does not validate: %v", m.ID, m.Name, err)
		}
		if ids[m.IDNumber] {
			t.Fatalf("ID number %s given twice", m.IDNumber)
		}
		ids[m.IDNumber] = true
		if r := utf8.RuneCountInString(m.Name); r < 2 || r > 3 {
			t.Errorf("name %q", m.Name)
		}
		br := byID[m.OrgID]
		if br == nil || br.Kind != dangjian.KindBranch || m.OrgPath != br.Path {
			t.Fatalf("member %d is in %v, not a branch", m.ID, br)
		}
		if m.GroupID != nil {
			if g := byID[*m.GroupID]; g == nil || g.Kind != dangjian.KindGroup || *g.ParentID != br.ID {
				t.Errorf("member %d: group %v is not in branch %s", m.ID, g, br.Name)
			}
		}
		if m.Status == dangjian.StatusProbationary {
			prob++
			if today.DaysUntil(m.JoinedOn) < -366 {
				t.Errorf("probationary member %d joined %s, more than a year ago", m.ID, m.JoinedOn)
			}
		} else if !m.ConfirmedOn.Equal(m.JoinedOn.AddYears(1)) {
			t.Errorf("member %d joined %s, confirmed %s", m.ID, m.JoinedOn, m.ConfirmedOn)
		}
		if m.LeadingCadre {
			lead++
		}
		switch m.PartyAffairs {
		case dangjian.PartyAffairsFullTime:
			fullTime++
		case dangjian.PartyAffairsPartTime:
			partTime++
		}
		if m.Gender == "female" {
			women++
		}
		if m.Ethnicity != "汉族" {
			minority++
		}
		retired := m.Position == "退休干部" || strings.HasPrefix(m.Position, "原")
		if retired != (m.DuesCategory == dangjian.DuesRetired) || m.DuesBase < 2000_00 || m.DuesBase > 20000_00 {
			t.Errorf("member %d (%s) dues %s %d", m.ID, m.Position, m.DuesCategory, m.DuesBase)
		}
		if !m.Active || m.Phone == "" || m.Position == "" || m.Education == "" {
			t.Errorf("member %d incomplete: %+v", m.ID, m)
		}
		direct[m.OrgID]++
	}
	share := func(k int) float64 { return float64(k) / n }
	for _, c := range []struct {
		what   string
		got    float64
		lo, hi float64
	}{
		{"leading cadres", share(lead), 0.03, 0.07},
		{"probationary", share(prob), 0.02, 0.07},
		{"women", share(women), 0.35, 0.55},
		{"minorities", share(minority), 0.02, 0.15},
		{"full-time cadres", share(fullTime), 0.002, 0.02},
		{"part-time cadres", share(partTime), 0.05, 0.3},
	} {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s: %.3f, want %.3f–%.3f", c.what, c.got, c.lo, c.hi)
		}
	}
	for _, o := range orgs {
		if o.DirectCount != direct[o.ID] {
			t.Errorf("%s counts %d direct members, has %d", o.Name, o.DirectCount, direct[o.ID])
		}
	}

	// The findings pages have something to show: each of these rules is
	// broken somewhere, and not everywhere.
	rs, err := dangjian.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{}
	err = db.View(ctx, func(tx *sqlstore.Tx) error {
		for _, o := range orgs {
			c, err := tx.Committee(ctx, o.ID)
			if err != nil {
				return err
			}
			if c != nil {
				if err := c.Validate(); err != nil {
					return fmt.Errorf("committee of %s: %w", o.Name, err)
				}
				for _, p := range c.Posts {
					if p.Name == "" {
						return fmt.Errorf("committee of %s: post %s held by a missing member", o.Name, p.Post)
					}
				}
			}
			for _, f := range dangjian.OrgFindings(rs, o, c, today, 90) {
				found[f.Rule]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"org.branch.min_full", "org.branch.max", "org.branch.committee_required", "org.term.branch"} {
		if found[id] == 0 {
			t.Errorf("no organization breaks %s (findings: %v)", id, found)
		}
	}
	total := 0
	for _, k := range found {
		total += k
	}
	if total > len(orgs)/10 {
		t.Errorf("%d findings over %d organizations: the rule breaking should be a handful (%v)", total, len(orgs), found)
	}

	err = db.View(ctx, func(tx *sqlstore.Tx) error {
		rows, _, err := tx.Audits(ctx, dangjian.AuditFilter{Action: "demo.generate"})
		if err != nil {
			return err
		}
		if len(rows) != 1 || rows[0].Actor != "system" || !strings.Contains(rows[0].Changes, `"members":3000`) {
			return fmt.Errorf("audit rows %+v", rows)
		}
		if _, err := tx.VerifyAudit(ctx); err != nil {
			return err
		}
		moves, err := tx.MemberMoves(ctx, members[n/2].ID)
		if err != nil {
			return err
		}
		if len(moves) != 1 || moves[0].Reason != "登记入册" || moves[0].ToOrgID != members[n/2].OrgID || moves[0].FromOrgID != nil {
			return fmt.Errorf("history of member %d: %+v", members[n/2].ID, moves)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRefusesNonEmpty(t *testing.T) {
	db := sqltest.Open(t)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateOrg(ctx, &dangjian.Org{Name: "机关工委", Kind: dangjian.KindWorkingCommittee}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = demo.Generate(ctx, db, demo.Options{Members: 100, Seed: 1, Today: today})
	if dangjian.ErrorCode(err) != dangjian.ECONFLICT {
		t.Fatalf("generate into a database with an organization: %v, want a conflict", err)
	}
	if orgs := allOrgs(t, db); len(orgs) != 1 {
		t.Errorf("the refused run left %d organizations", len(orgs))
	}
	if _, err := demo.Generate(ctx, db, demo.Options{Members: 0, Today: today}); dangjian.ErrorCode(err) != dangjian.EINVALID {
		t.Errorf("zero members: %v, want invalid", err)
	}
}

// After a run the database hands out new ids past the generated ones:
// PostgreSQL's sequences must have been moved.
func TestWritesAfterGenerate(t *testing.T) {
	db, sum := generate(t, 200, 5)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		root, err := tx.Org(ctx, sum.Root)
		if err != nil {
			return err
		}
		br := &dangjian.Org{Name: "新建党支部", Kind: dangjian.KindBranch, ParentID: &root.ID}
		if err := tx.CreateOrg(ctx, br, root); err != nil {
			return err
		}
		if br.ID != int64(sum.Orgs)+1 {
			return fmt.Errorf("new organization got id %d, want %d", br.ID, sum.Orgs+1)
		}
		m := &dangjian.Member{Name: "新党员", Gender: "male", BirthDate: dangjian.NewDate(1990, 1, 1), IDNumber: "11010119900101001",
			OrgID: br.ID, OrgPath: br.Path, Status: dangjian.StatusFull, JoinedOn: dangjian.NewDate(2015, 1, 1), Active: true, PartyAffairs: "none"}
		c, _ := dangjian.IDCheckDigit(m.IDNumber)
		m.IDNumber += string(c)
		if err := tx.CreateMember(ctx, m); err != nil {
			return err
		}
		if m.ID != int64(sum.Members)+1 {
			return fmt.Errorf("new member got id %d, want %d", m.ID, sum.Members+1)
		}
		if err := tx.AddMemberMove(ctx, &dangjian.MemberMove{MemberID: m.ID, ToOrgID: br.ID, MovedOn: today, Reason: "转入"}); err != nil {
			return err
		}
		return tx.ReplaceCommittee(ctx, &dangjian.Committee{OrgID: br.ID, TermStart: today, TermEnd: today.AddYears(3),
			Posts: []dangjian.Post{{MemberID: m.ID, Post: dangjian.PostSecretary}}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Tiny and odd sizes still give valid data.
func TestSmallSizes(t *testing.T) {
	for _, n := range []int{1, 7, 49, 120} {
		db, sum := generate(t, n, int64(n))
		ms := allMembers(t, db)
		if len(ms) != n || sum.Members != n {
			t.Errorf("n=%d: %d members (summary %d)", n, len(ms), sum.Members)
		}
		for _, m := range ms {
			if err := m.Validate(today); err != nil {
				t.Errorf("n=%d: member %s: %v", n, m.Name, err)
			}
		}
	}
}

// A progress writer gets a bar that ends full, on its own line.
func TestProgress(t *testing.T) {
	var buf strings.Builder
	if _, err := demo.Generate(context.Background(), sqltest.Open(t), demo.Options{Members: 300, Seed: 1, Today: today, Progress: &buf}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "100% 300/300") || !strings.HasSuffix(out, "\n") {
		t.Errorf("progress output %q", out)
	}
}

// cancelOnWrite cancels a context the first time the progress bar draws.
type cancelOnWrite struct{ cancel context.CancelFunc }

func (c cancelOnWrite) Write(p []byte) (int, error) { c.cancel(); return len(p), nil }

// A cancelled run writes nothing and leaves the database usable.
func TestCancelled(t *testing.T) {
	db := sqltest.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := demo.Generate(ctx, db, demo.Options{Members: 3000, Seed: 1, Today: today, Progress: cancelOnWrite{cancel}}); err == nil {
		t.Fatal("a cancelled run succeeded")
	}
	if orgs := allOrgs(t, db); len(orgs) != 0 {
		t.Fatalf("a cancelled run left %d organizations", len(orgs))
	}
	if _, err := demo.Generate(context.Background(), db, demo.Options{Members: 100, Seed: 1, Today: today}); err != nil {
		t.Fatalf("after a cancelled run: %v", err)
	}
}
