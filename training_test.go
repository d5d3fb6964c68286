package dangjian

import "testing"

func eduRulesForTest(t *testing.T, share float64) EduRules {
	t.Helper()
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	return NewEduRules(rs, share)
}

func TestTrainingRequirementByRole(t *testing.T) {
	er := eduRulesForTest(t, 0.8)
	cases := []struct {
		posts    []PostHeld
		role     string
		rule     string
		required float64
	}{
		{nil, HoursRoleMember, "edu.member.hours", 32},
		{[]PostHeld{{OrgKind: KindBranch, Post: PostSecretary, Since: MustDate("2020-01-01")}}, HoursRoleSecretary, "edu.secretary.hours", 56},
		{[]PostHeld{{OrgKind: KindGeneralBranch, Post: PostPublicity}}, HoursRoleCommittee, "edu.secretary.hours", 56},
		// A seat on a party committee or leading group is not a branch seat.
		{[]PostHeld{{OrgKind: KindLeadingGroup, Post: PostSecretary}}, HoursRoleMember, "edu.member.hours", 32},
		{[]PostHeld{{OrgKind: KindBranch, Post: PostMember}, {OrgKind: KindBranch, Post: PostSecretary}}, HoursRoleSecretary, "edu.secretary.hours", 56},
	}
	for i, c := range cases {
		role, _ := RoleOf(c.posts)
		rule, req := er.Requirement(role)
		if role != c.role || rule != c.rule || req != c.required {
			t.Errorf("case %d: %s %s %v", i, role, rule, req)
		}
	}
}

func TestTrainingShort(t *testing.T) {
	er := eduRulesForTest(t, 0.8)
	cases := []struct {
		role  string
		tot   HoursTotals
		short bool
	}{
		{HoursRoleMember, HoursTotals{Hours: 32}, false},
		{HoursRoleMember, HoursTotals{Hours: 31.9}, true},
		{HoursRoleSecretary, HoursTotals{Hours: 60}, true}, // no concentrated training
		{HoursRoleSecretary, HoursTotals{Hours: 60, Concentrated: 1}, false},
		{HoursRoleCommittee, HoursTotals{Hours: 40, Concentrated: 2}, true},
	}
	for i, c := range cases {
		if got := er.Short(c.role, c.tot); got != c.short {
			t.Errorf("case %d: short = %v", i, got)
		}
	}
}

func TestTrainingConversion(t *testing.T) {
	rs, _ := DefaultRules()
	c := ConversionOf(rs)
	cases := []struct {
		amount float64
		unit   string
		hours  float64
		ok     bool
	}{
		{1, UnitDay, 8, true},
		{1, UnitHalfDay, 4, true},
		{2.5, UnitDay, 20, true},
		{3, UnitHour, 3, true},
		{1.25, UnitHour, 1.3, true},
		{1, "week", 0, false},
	}
	for _, x := range cases {
		h, ok := c.Hours(x.amount, x.unit)
		if h != x.hours || ok != x.ok {
			t.Errorf("%v %s = %v %v", x.amount, x.unit, h, ok)
		}
	}
	if err := rs.Override("edu.hours.conversion", RuleOverride{Params: map[string]float64{"day": 7}}); err != nil {
		t.Fatal(err)
	}
	if c := ConversionOf(rs); c.Day != 7 || c.HalfDay != 3.5 {
		t.Errorf("overridden = %+v", c)
	}
}

func TestTrainingNewSecretaryRule(t *testing.T) {
	er := eduRulesForTest(t, 0.8)
	since := MustDate("2026-01-15")
	cases := []struct {
		trained, today string
		late, due      bool
	}{
		{"", "2026-03-01", false, true},
		{"", "2026-07-16", true, false},
		{"2026-07-15", "2026-09-01", false, false}, // on the last day
		{"2026-07-16", "2026-09-01", true, false},  // a day late
	}
	for _, c := range cases {
		var tr Date
		if c.trained != "" {
			tr = MustDate(c.trained)
		}
		late, due := er.NewSecretaryUntrained(since, tr, MustDate(c.today))
		if late != c.late || due != c.due {
			t.Errorf("trained %q today %s: late %v due %v", c.trained, c.today, late, due)
		}
	}
}

func TestTrainingMeetingsAsTrainingShare(t *testing.T) {
	cases := []struct {
		hours, from, share float64
		want               bool
	}{
		{0, 0, 0.8, false},
		{10, 8, 0.8, true},
		{10, 7.9, 0.8, false},
		{10, 10, 1, true},
		{10, 5, 0.5, true},
	}
	for _, c := range cases {
		if got := MeetingsAsTraining(c.hours, c.from, c.share); got != c.want {
			t.Errorf("%v/%v at %v = %v", c.from, c.hours, c.share, got)
		}
	}
	er := eduRulesForTest(t, 0.8)
	h := er.Ledger(HoursFacts{Role: HoursRoleMember, Totals: HoursTotals{Hours: 10, FromMeetings: 9}}, 2026, MustDate("2026-06-01"))
	if !h.MeetingsAsTraining || h.Findings[len(h.Findings)-1].Source != MeetingsAsTrainingKey+"（地方惯例）" {
		t.Errorf("ledger = %+v", h)
	}
	if ValidMeetingsAsTrainingShare(0) == nil || ValidMeetingsAsTrainingShare(1.01) == nil || ValidMeetingsAsTrainingShare(0.8) != nil {
		t.Error("share validation")
	}
}

func TestTrainingBuckets(t *testing.T) {
	for h, want := range map[float64]int{0: 0, 0.5: 1, 8: 2, 15.9: 2, 16: 3, 31.9: 4, 32: 5, 55: 5, 56: 6, 100: 6} {
		if got := HoursBucket(h); got != want {
			t.Errorf("bucket(%v) = %d, want %d", h, got, want)
		}
	}
	h := OrgHours{Members: 40, MembersShort: 3, Secretaries: 5, SecretariesShort: 1, NewUntrained: 1, MeetingsAsTraining: 2,
		Hours: 1234.5, FromMeetings: 88, Buckets: [NumHoursBuckets]int{1, 2, 3, 4, 5, 6, 70}}
	var got OrgHours
	if err := got.ParsePacked(h.Pack()); err != nil || got != h {
		t.Errorf("round trip = %+v, %v (%s)", got, err, h.Pack())
	}
	for _, bad := range []string{"", "1,2", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", "a,2,3,4,5,6,7,8,9,10,11,12,13,14,15"} {
		if err := got.ParsePacked(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
