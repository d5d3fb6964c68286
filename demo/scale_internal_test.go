package demo

import (
	"math/rand/v2"
	"testing"

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
