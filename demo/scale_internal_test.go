package demo

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// The shape of a million-member county, built in memory without a
// database (about two seconds): about 60,000 organizations, and more
// units than the county has departments.
func TestMillionShape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million members")
	}
	const n = 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	today := dangjian.NewDate(2026, 5, 20)
	cp := plan(rng, n)
	sum := &Summary{}
	b := &builder{rng: rng, people: newPeople(rng, today, cp.codes), today: today,
		ids: sqlstore.NextIDs{Org: 2, Member: 1, Committee: 1, MemberMove: 1}, sum: sum}
	root := &dangjian.Org{ID: 1, Path: "/1/"}
	names := map[string]bool{}
	for i := range cp.units {
		u := &cp.units[i]
		if names[u.name] {
			t.Fatalf("two units named %s", u.name)
		}
		names[u.name] = true
		b.unit(u, root)
	}
	orgs := sum.Orgs + 1
	if sum.Members != n || orgs < 55_000 || orgs > 65_000 {
		t.Errorf("%d members in %d organizations, want %d in about 60,000", sum.Members, orgs, n)
	}
	if sum.Units < 5_000 {
		t.Errorf("%d units", sum.Units)
	}
	if lead := float64(sum.LeadingCadres) / n; lead < 0.025 || lead > 0.07 {
		t.Errorf("leading cadres %.3f", lead)
	}
	t.Logf("%d units, %d organizations (%d branches, %d groups), %d committees", sum.Units, orgs, sum.Branches, sum.Groups, sum.Committees)
}

func TestNumeral(t *testing.T) {
	for n, want := range map[int]string{1: "一", 10: "十", 11: "十一", 20: "二十", 35: "三十五", 100: "一百", 101: "一百零一", 110: "一百一十", 999: "九百九十九"} {
		if got := numeral(n); got != want {
			t.Errorf("numeral(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestSite(t *testing.T) {
	for _, c := range []struct{ unit, branch, want string }{
		{"县财政局", "县财政局机关第一党支部", "县财政局"},
		{"县教育局", "县第二高级中学党支部", "县第二高级中学"},
		{"县教育局", "县实验小学第二党支部", "县实验小学"},
		{"县卫生健康委员会", "县人民医院第十二党支部", "县人民医院"},
	} {
		if got := site(c.unit, c.branch); got != c.want {
			t.Errorf("site(%s, %s) = %s, want %s", c.unit, c.branch, got, c.want)
		}
	}
}

// Working days: weekends and the May and October holidays are moved to the
// next working day of the month, or the last one before when it runs out.
func TestWorkday(t *testing.T) {
	for _, c := range []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2026, time.May, 2, "2026-05-06"},       // Saturday in the May Day holiday
		{2026, time.October, 1, "2026-10-08"},   // National Day week
		{2026, time.February, 28, "2026-02-27"}, // Saturday, the month's last day
		{2026, time.March, 40, "2026-03-31"},
		{2025, time.June, 3, "2025-06-03"},
	} {
		if got := workday(c.y, c.m, c.d).String(); got != c.want {
			t.Errorf("workday(%d-%d-%d) = %s, want %s", c.y, c.m, c.d, got, c.want)
		}
	}
}
