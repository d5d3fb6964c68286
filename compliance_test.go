package dangjian

import (
	"math"
	"strings"
	"testing"
	"time"
)

// The organizations the tables use.
var (
	smallBranch = OrgFacts{ID: 1, Kind: KindBranch, DirectFull: 5}
	bigBranch   = OrgFacts{ID: 2, Kind: KindBranch, DirectFull: 9, HasCommittee: true}
	bareBranch  = OrgFacts{ID: 3, Kind: KindBranch, DirectFull: 9} // large enough, no committee recorded
	smallWithC  = OrgFacts{ID: 4, Kind: KindBranch, DirectFull: 4, HasCommittee: true}
	genBranch   = OrgFacts{ID: 5, Kind: KindGeneralBranch}
	group       = OrgFacts{ID: 6, Kind: KindGroup}
	leading     = OrgFacts{ID: 7, Kind: KindLeadingGroup}
	partyComm   = OrgFacts{ID: 8, Kind: KindPartyCommittee}
	workingComm = OrgFacts{ID: 9, Kind: KindWorkingCommittee}
)

// mc builds counts from "kind month n" triples, e.g. mc("assembly", "2026-02", 1).
func mc(args ...any) MeetingCounts {
	out := MeetingCounts{}
	for i := 0; i+2 < len(args); i += 3 {
		k, m, n := args[i].(string), args[i+1].(string), args[i+2].(int)
		if out[k] == nil {
			out[k] = map[string]int{}
		}
		out[k][m] += n
	}
	return out
}

func rules(t *testing.T) *RuleSet {
	t.Helper()
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func item(rep ComplianceReport, rule, period string) (ComplianceItem, bool) {
	for _, it := range rep.Items {
		if it.Rule == rule && it.Period == period {
			return it, true
		}
	}
	return ComplianceItem{}, false
}

// TestComplianceItemsPerKind checks which rules each kind owes and how
// many periods each gives.
func TestComplianceItemsPerKind(t *testing.T) {
	rs := rules(t)
	today := MustDate("2026-06-15")
	cases := []struct {
		name string
		org  OrgFacts
		want map[string]int // rule → items
	}{
		{"branch with a committee", bigBranch, map[string]int{"orglife.assembly": 4, "orglife.committee": 12, "orglife.lecture": 4, "orglife.theme_day": 12, "orglife.life_meeting": 1}},
		{"small branch: committee not applicable", smallBranch, map[string]int{"orglife.assembly": 4, "orglife.committee": 1, "orglife.lecture": 4, "orglife.theme_day": 12, "orglife.life_meeting": 1}},
		{"large branch without a committee still owes", bareBranch, map[string]int{"orglife.assembly": 4, "orglife.committee": 12, "orglife.lecture": 4, "orglife.theme_day": 12, "orglife.life_meeting": 1}},
		{"small branch that elected a committee owes", smallWithC, map[string]int{"orglife.assembly": 4, "orglife.committee": 12, "orglife.lecture": 4, "orglife.theme_day": 12, "orglife.life_meeting": 1}},
		{"general branch", genBranch, map[string]int{"orglife.assembly": 4, "orglife.committee": 12, "orglife.lecture": 4}},
		{"group", group, map[string]int{"orglife.group": 12}},
		{"leading group", leading, map[string]int{"orglife.lecture.secretary_yearly": 1, "orglife.dlm": 1}},
		{"party committee", partyComm, map[string]int{"orglife.lecture.secretary_yearly": 1}},
		{"working committee owes nothing", workingComm, map[string]int{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Compliance(rs, c.org, nil, 2026, today)
			got := map[string]int{}
			for _, it := range rep.Items {
				got[it.Rule]++
				if it.Kind == "" {
					t.Errorf("%s %s has no meeting kind", it.Rule, it.Period)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("rules = %v, want %v", got, c.want)
			}
			for r, n := range c.want {
				if got[r] != n {
					t.Errorf("%s: %d items, want %d", r, got[r], n)
				}
			}
			if rep.OrgID != c.org.ID || rep.Year != 2026 || rep.Items == nil {
				t.Errorf("header = %d/%d items %v", rep.OrgID, rep.Year, rep.Items)
			}
			if c.org.Kind == KindWorkingCommittee && rep.Owes() {
				t.Error("working committee owes something")
			}
		})
	}
}

func TestComplianceStatus(t *testing.T) {
	lectureMonthly := func(rs *RuleSet) {
		if err := rs.Override("orglife.lecture", RuleOverride{Period: "month", Count: 2}); err != nil {
			panic(err)
		}
	}
	lectureYearly3 := func(rs *RuleSet) {
		if err := rs.Override("orglife.lecture", RuleOverride{Period: "year", Count: 3}); err != nil {
			panic(err)
		}
	}
	cases := []struct {
		name     string
		override func(*RuleSet)
		org      OrgFacts
		counts   MeetingCounts
		year     int
		today    string
		rule     string
		period   string
		expected int
		counted  int
		status   string
		reason   string // a part the reason must hold; "" = no reason
	}{
		// quarters and the day a period ends
		{name: "quarter met before it ends", org: bigBranch, counts: mc("assembly", "2026-02", 1), today: "2026-03-10",
			rule: "orglife.assembly", period: "2026-Q1", expected: 1, counted: 1, status: StatusMet},
		{name: "quarter ending today is still upcoming", org: bigBranch, today: "2026-03-31",
			rule: "orglife.assembly", period: "2026-Q1", expected: 1, status: StatusUpcoming},
		{name: "quarter over the next day is missing", org: bigBranch, today: "2026-04-01",
			rule: "orglife.assembly", period: "2026-Q1", expected: 1, status: StatusMissing},
		{name: "the new quarter is upcoming", org: bigBranch, today: "2026-04-01",
			rule: "orglife.assembly", period: "2026-Q2", expected: 1, status: StatusUpcoming},
		{name: "a quarter sums its three months", org: bigBranch, counts: mc("assembly", "2026-04", 1, "assembly", "2026-06", 2, "assembly", "2026-07", 5), today: "2026-12-01",
			rule: "orglife.assembly", period: "2026-Q2", expected: 1, counted: 3, status: StatusMet},
		{name: "a quarter not started is upcoming even with a count", org: bigBranch, counts: mc("assembly", "2026-11", 1), today: "2026-04-01",
			rule: "orglife.assembly", period: "2026-Q4", expected: 1, counted: 1, status: StatusUpcoming},
		{name: "another kind does not count", org: bigBranch, counts: mc("lecture", "2026-02", 3, "committee", "2026-02", 1), today: "2026-05-01",
			rule: "orglife.assembly", period: "2026-Q1", expected: 1, status: StatusMissing},

		// months
		{name: "month met twice over", org: bigBranch, counts: mc("committee", "2026-03", 2), today: "2026-04-01",
			rule: "orglife.committee", period: "2026-03", expected: 1, counted: 2, status: StatusMet},
		{name: "month missing", org: bigBranch, counts: mc("committee", "2026-03", 1), today: "2026-03-01",
			rule: "orglife.committee", period: "2026-02", expected: 1, status: StatusMissing},
		{name: "last year's month does not count", org: bigBranch, counts: mc("theme_day", "2025-01", 1), today: "2026-02-01",
			rule: "orglife.theme_day", period: "2026-01", expected: 1, status: StatusMissing},
		{name: "group month met", org: group, counts: mc("group", "2026-01", 1), today: "2026-02-01",
			rule: "orglife.group", period: "2026-01", expected: 1, counted: 1, status: StatusMet},
		{name: "group month ending today", org: group, today: "2026-02-28",
			rule: "orglife.group", period: "2026-02", expected: 1, status: StatusUpcoming},

		// years
		{name: "year ending today is upcoming", org: bigBranch, today: "2026-12-31",
			rule: "orglife.life_meeting", period: "2026", expected: 1, status: StatusUpcoming},
		{name: "year over", org: bigBranch, today: "2027-01-01",
			rule: "orglife.life_meeting", period: "2026", expected: 1, status: StatusMissing},
		{name: "a year sums all months", org: bigBranch, counts: mc("life_meeting", "2026-12", 1), today: "2027-01-05",
			rule: "orglife.life_meeting", period: "2026", expected: 1, counted: 1, status: StatusMet},
		{name: "leading group democratic life meeting", org: leading, counts: mc("democratic_life_meeting", "2026-12", 1), today: "2027-01-05",
			rule: "orglife.dlm", period: "2026", expected: 1, counted: 1, status: StatusMet},
		{name: "leading group secretary's lecture missing", org: leading, counts: mc("lecture", "2025-06", 1), today: "2027-01-05",
			rule: "orglife.lecture.secretary_yearly", period: "2026", expected: 1, status: StatusMissing},
		{name: "party committee secretary's lecture", org: partyComm, counts: mc("lecture", "2026-06", 1), today: "2026-07-01",
			rule: "orglife.lecture.secretary_yearly", period: "2026", expected: 1, counted: 1, status: StatusMet},
		{name: "an earlier year is all over", org: bigBranch, year: 2025, today: "2026-01-01",
			rule: "orglife.assembly", period: "2025-Q4", expected: 1, status: StatusMissing},
		{name: "a later year is all upcoming", org: bigBranch, year: 2027, today: "2026-12-31",
			rule: "orglife.assembly", period: "2027-Q1", expected: 1, status: StatusUpcoming},

		// applicability
		{name: "small branch owes no committee meetings", org: smallBranch, counts: mc("committee", "2026-03", 1), today: "2026-06-01",
			rule: "orglife.committee", period: "2026", counted: 1, status: StatusNotApplicable, reason: "不足 7 人"},
		{name: "large branch without committee owes them, with the reason", org: bareBranch, today: "2026-02-01",
			rule: "orglife.committee", period: "2026-01", expected: 1, status: StatusMissing, reason: "应设支部委员会"},
		{name: "general branch owes committee meetings", org: genBranch, today: "2026-02-01",
			rule: "orglife.committee", period: "2026-01", expected: 1, status: StatusMissing},

		// overrides of the configurable lecture rule
		{name: "default lecture is quarterly", org: bigBranch, counts: mc("lecture", "2026-01", 1), today: "2026-04-01",
			rule: "orglife.lecture", period: "2026-Q1", expected: 1, counted: 1, status: StatusMet},
		{name: "lecture monthly x2: one is short", override: lectureMonthly, org: bigBranch, counts: mc("lecture", "2026-03", 1), today: "2026-04-01",
			rule: "orglife.lecture", period: "2026-03", expected: 2, counted: 1, status: StatusMissing},
		{name: "lecture monthly x2: two meet it", override: lectureMonthly, org: bigBranch, counts: mc("lecture", "2026-03", 2), today: "2026-04-01",
			rule: "orglife.lecture", period: "2026-03", expected: 2, counted: 2, status: StatusMet},
		{name: "lecture monthly x2: one in an open month is upcoming", override: lectureMonthly, org: bigBranch, counts: mc("lecture", "2026-04", 1), today: "2026-04-01",
			rule: "orglife.lecture", period: "2026-04", expected: 2, counted: 1, status: StatusUpcoming},
		{name: "lecture override does not touch the secretary's yearly lecture", override: lectureMonthly, org: leading, today: "2027-01-01",
			rule: "orglife.lecture.secretary_yearly", period: "2026", expected: 1, status: StatusMissing},
		{name: "lecture yearly x3", override: lectureYearly3, org: genBranch, counts: mc("lecture", "2026-02", 1, "lecture", "2026-09", 1), today: "2027-01-01",
			rule: "orglife.lecture", period: "2026", expected: 3, counted: 2, status: StatusMissing},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := rules(t)
			if c.override != nil {
				c.override(rs)
			}
			year := c.year
			if year == 0 {
				year = 2026
			}
			rep := Compliance(rs, c.org, c.counts, year, MustDate(c.today))
			it, ok := item(rep, c.rule, c.period)
			if !ok {
				t.Fatalf("no item %s %s in %+v", c.rule, c.period, rep.Items)
			}
			if it.Expected != c.expected || it.Counted != c.counted || it.Status != c.status {
				t.Errorf("got expected %d counted %d %s, want %d %d %s", it.Expected, it.Counted, it.Status, c.expected, c.counted, c.status)
			}
			if c.reason == "" && it.Reason != "" {
				t.Errorf("unexpected reason %q", it.Reason)
			}
			if !strings.Contains(it.Reason, c.reason) {
				t.Errorf("reason %q lacks %q", it.Reason, c.reason)
			}
		})
	}
}

// TestComplianceOverridePeriods checks that an override changes the
// periods themselves, not only the count.
func TestComplianceOverridePeriods(t *testing.T) {
	rs := rules(t)
	if err := rs.Override("orglife.lecture", RuleOverride{Period: "month", Count: 2}); err != nil {
		t.Fatal(err)
	}
	rep := Compliance(rs, bigBranch, nil, 2026, MustDate("2026-01-15"))
	n := 0
	for _, it := range rep.Items {
		if it.Rule == "orglife.lecture" {
			n++
			if it.Expected != 2 || len(it.Period) != len("2026-01") {
				t.Errorf("item %+v", it)
			}
		}
	}
	if n != 12 {
		t.Errorf("monthly lecture gives %d items, want 12", n)
	}
}

func TestComplianceRate(t *testing.T) {
	cases := []struct {
		name   string
		org    OrgFacts
		counts MeetingCounts
		year   int
		today  string
		rate   float64
		met    int
		miss   int
	}{
		{name: "nothing over yet", org: bigBranch, today: "2026-01-31", rate: 1},
		{name: "year not started", org: bigBranch, year: 2027, today: "2026-06-01", rate: 1},
		{name: "owes nothing", org: workingComm, today: "2027-06-01", rate: 1},
		{name: "group: two met, one missing, an early meeting in the open month is left out", org: group,
			counts: mc("group", "2026-01", 1, "group", "2026-02", 1, "group", "2026-04", 1), today: "2026-04-15", rate: 2.0 / 3, met: 3, miss: 1},
		{name: "group: all twelve met in a past year", org: group,
			counts: mc("group", "2026-01", 1, "group", "2026-02", 1, "group", "2026-03", 1, "group", "2026-04", 1, "group", "2026-05", 1, "group", "2026-06", 1,
				"group", "2026-07", 1, "group", "2026-08", 1, "group", "2026-09", 1, "group", "2026-10", 1, "group", "2026-11", 1, "group", "2026-12", 1),
			today: "2027-03-01", rate: 1, met: 12},
		{name: "leading group: half met", org: leading, counts: mc("democratic_life_meeting", "2026-12", 1), today: "2027-01-01", rate: 0.5, met: 1, miss: 1},
		{name: "small branch: the not-applicable rule is outside the rate", org: smallBranch, today: "2027-01-01", rate: 0, miss: 4 + 4 + 12 + 1},
		{name: "branch Q1 over, nothing held", org: bigBranch, counts: mc("assembly", "2026-01", 1), today: "2026-04-01",
			// over: assembly Q1 (met), lecture Q1, committee Jan–Mar, theme day Jan–Mar
			rate: 1.0 / 8, met: 1, miss: 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			year := c.year
			if year == 0 {
				year = 2026
			}
			rep := Compliance(rules(t), c.org, c.counts, year, MustDate(c.today))
			if math.Abs(rep.Rate-c.rate) > 1e-9 {
				t.Errorf("rate = %v, want %v", rep.Rate, c.rate)
			}
			if rep.Met() != c.met || rep.Missing() != c.miss {
				t.Errorf("met %d missing %d, want %d %d", rep.Met(), rep.Missing(), c.met, c.miss)
			}
		})
	}
}

// TestComplianceCSTBoundary checks the day boundary the app feeds in: the
// same instant is still March 31 in CST before 16:00 UTC, April 1 after.
func TestComplianceCSTBoundary(t *testing.T) {
	rs := rules(t)
	for _, c := range []struct {
		at     time.Time
		status string
	}{
		{time.Date(2026, 3, 31, 15, 59, 59, 0, time.UTC), StatusUpcoming},
		{time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), StatusMissing},
	} {
		rep := Compliance(rs, bigBranch, nil, 2026, DateOf(c.at))
		if it, _ := item(rep, "orglife.assembly", "2026-Q1"); it.Status != c.status {
			t.Errorf("at %s: %s, want %s", c.at, it.Status, c.status)
		}
	}
}
