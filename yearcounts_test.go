package dangjian

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestYearCountsPackRoundTrip(t *testing.T) {
	var c YearCounts
	if c.String() != "" {
		t.Errorf("empty packs to %q", c.String())
	}
	c.Add(MeetingAssembly, 1, 1)
	c.Add(MeetingAssembly, 4, 2)
	c.Add(MeetingThemeDay, 12, 1)
	c.Add(MeetingOther, 2, -1) // a count can go below zero only by a bug, but packs
	if c.Add("picnic", 1, 1) || c.Add(MeetingGroup, 13, 1) || c.Add(MeetingGroup, 0, 1) {
		t.Error("unknown kind or month accepted")
	}
	want := "assembly=1,0,0,2;theme_day=0,0,0,0,0,0,0,0,0,0,0,1;other=0,-1"
	if got := c.String(); got != want {
		t.Fatalf("packed %q, want %q", got, want)
	}
	back, err := ParseYearCounts(want)
	if err != nil || back != c {
		t.Fatalf("unpacked %+v, %v", back, err)
	}
	if back.Get(MeetingAssembly, 4) != 2 || back.Get(MeetingThemeDay, 12) != 1 || back.Get(MeetingLecture, 1) != 0 {
		t.Errorf("get = %d %d", back.Get(MeetingAssembly, 4), back.Get(MeetingThemeDay, 12))
	}
	// Parse overwrites what was there.
	if err := back.Parse("group=3"); err != nil || back.String() != "group=3" {
		t.Errorf("reparse = %q, %v", back.String(), err)
	}
	// Random counts come back unchanged.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var r YearCounts
		for range rng.IntN(30) {
			r.Add(MeetingKinds[rng.IntN(len(MeetingKinds))], 1+rng.IntN(12), rng.IntN(5))
		}
		got, err := ParseYearCounts(r.String())
		if err != nil || got != r {
			t.Fatalf("%q came back as %q, %v", r.String(), got.String(), err)
		}
	}
	for _, bad := range []string{"assembly", "picnic=1", "assembly=1,,2", "assembly=", "assembly=1,0,0,0,0,0,0,0,0,0,0,0,1", "assembly=x", ";", "assembly=1;", "assembly=1;;group=1", "assembly=1 ", "assembly=-", "assembly=1234567890"} {
		if _, err := ParseYearCounts(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestYearCountsAndMeetingCounts(t *testing.T) {
	m := mc("assembly", "2026-02", 1, "assembly", "2025-12", 4, "lecture", "2026-12", 2, "group", "bad", 1, "picnic", "2026-01", 1)
	c := YearCountsOf(m, 2026)
	if c.String() != "assembly=0,1;lecture=0,0,0,0,0,0,0,0,0,0,0,2" {
		t.Errorf("2026 of %v = %q", m, c.String())
	}
	if back := c.MeetingCounts(2026); !reflect.DeepEqual(back, mc("assembly", "2026-02", 1, "lecture", "2026-12", 2)) {
		t.Errorf("back = %v", back)
	}
	if y, mo, ok := ParseMonth("2026-03"); !ok || y != 2026 || mo != 3 {
		t.Errorf("ParseMonth = %d %d %v", y, mo, ok)
	}
	for _, bad := range []string{"2026-13", "2026-00", "2026/03", "26-03", "2026-3"} {
		if _, _, ok := ParseMonth(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// Summarize gives the rate, the missing count and the first missing items
// of Report, for every kind of organization, random counts, days across
// the year and an override.
func TestSummarizeAgreesWithReport(t *testing.T) {
	rs := rules(t)
	over := rules(t)
	if err := over.Override("orglife.lecture", RuleOverride{Period: PeriodMonth, Count: 2}); err != nil {
		t.Fatal(err)
	}
	orgs := []OrgFacts{smallBranch, bigBranch, bareBranch, smallWithC, genBranch, group, leading, partyComm, workingComm}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, set := range []*RuleSet{rs, over} {
		cr := NewComplianceRules(set)
		for _, today := range []Date{NewDate(2026, 1, 1), NewDate(2026, 3, 31), NewDate(2026, 4, 1), NewDate(2026, 8, 15), NewDate(2027, 1, 1)} {
			plan := cr.Plan(2026, today)
			for range 40 {
				var c YearCounts
				for range rng.IntN(40) {
					c.Add(MeetingKinds[rng.IntN(len(MeetingKinds))], 1+rng.IntN(12), 1)
				}
				for _, org := range orgs {
					rep := cr.Report(org, c.MeetingCounts(2026), 2026, today)
					s := plan.Summarize(org, &c, 5)
					var items []string
					for _, it := range rep.Items {
						if it.Status == StatusMissing && len(items) < 5 {
							items = append(items, it.Rule+" "+it.Period)
						}
					}
					if s.Owes != rep.Owes() || s.Rate != rep.Rate || s.Missing != rep.Missing() || !slices.Equal(s.MissingItems, items) {
						t.Fatalf("%s on %v with %q: summary %+v, report rate %v missing %d owes %v items %v",
							org.Kind, today, c.String(), s, rep.Rate, rep.Missing(), rep.Owes(), items)
					}
				}
			}
		}
	}
}

func BenchmarkSummarize(b *testing.B) {
	rs, err := DefaultRules()
	if err != nil {
		b.Fatal(err)
	}
	plan := NewComplianceRules(rs).Plan(2026, NewDate(2026, 11, 26))
	c, err := ParseYearCounts("assembly=1,0,0,1,0,0,1,0,0,1;committee=1,1,1,1,1,1,1,1,1,1,1,1;lecture=0,0,1,0,0,1;theme_day=1,1,1,1,1,1,1,1,1,1,1,1")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		plan.Summarize(bigBranch, &c, 5)
	}
}
