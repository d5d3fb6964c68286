package dangjian

import (
	"strings"
	"testing"
)

func TestOrgFindings(t *testing.T) {
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	today := MustDate("2026-11-26")
	committee := func(n int, start, end string) *Committee {
		c := &Committee{TermStart: MustDate(start), TermEnd: MustDate(end)}
		for i := 0; i < n; i++ {
			c.Posts = append(c.Posts, Post{MemberID: int64(i + 1), Post: PostMember})
		}
		return c
	}
	tests := []struct {
		name      string
		org       Org
		committee *Committee
		want      []string // rule ids, in order
		wantSev   []string
	}{
		{"healthy small branch", Org{Kind: KindBranch, DirectFull: 5, MemberCount: 6}, committee(1, "2025-01-01", "2028-01-01"), nil, nil},
		{"too few full members", Org{Kind: KindBranch, DirectFull: 2, MemberCount: 4}, nil, []string{"org.branch.min_full"}, []string{SeverityError}},
		{"exactly three is enough", Org{Kind: KindBranch, DirectFull: 3, MemberCount: 3}, nil, nil, nil},
		{"more than fifty", Org{Kind: KindBranch, DirectFull: 45, MemberCount: 51}, committee(5, "2025-01-01", "2028-01-01"), []string{"org.branch.max"}, []string{SeverityWarning}},
		{"fifty is fine", Org{Kind: KindBranch, DirectFull: 45, MemberCount: 50}, committee(5, "2025-01-01", "2028-01-01"), nil, nil},
		{"seven full need a committee", Org{Kind: KindBranch, DirectFull: 7, MemberCount: 8}, nil, []string{"org.branch.committee_required"}, []string{SeverityError}},
		{"six full need none", Org{Kind: KindBranch, DirectFull: 6, MemberCount: 8}, nil, nil, nil},
		{"committee of two is too small", Org{Kind: KindBranch, DirectFull: 9, MemberCount: 9}, committee(2, "2025-01-01", "2028-01-01"), []string{"org.branch.committee_required"}, []string{SeverityError}},
		{"committee of six: warning", Org{Kind: KindBranch, DirectFull: 30, MemberCount: 30}, committee(6, "2025-01-01", "2028-01-01"), []string{"org.branch.committee_required"}, []string{SeverityWarning}},
		{"committee of eight: over cap", Org{Kind: KindBranch, DirectFull: 30, MemberCount: 30}, committee(8, "2025-01-01", "2028-01-01"), []string{"org.branch.committee_required"}, []string{SeverityError}},
		{"term expired", Org{Kind: KindBranch, DirectFull: 5, MemberCount: 5}, committee(1, "2023-01-01", "2026-01-01"), []string{"org.term.branch"}, []string{SeverityError}},
		{"term ends within 90 days", Org{Kind: KindBranch, DirectFull: 5, MemberCount: 5}, committee(1, "2024-02-01", "2027-02-01"), []string{"org.term.branch"}, []string{SeverityWarning}},
		{"term ends in 91 days", Org{Kind: KindBranch, DirectFull: 5, MemberCount: 5}, committee(1, "2024-02-25", "2027-02-25"), nil, nil},
		{"term set longer than 3 years", Org{Kind: KindBranch, DirectFull: 5, MemberCount: 5}, committee(1, "2025-01-01", "2029-01-01"), []string{"org.term.branch"}, []string{SeverityWarning}},
		{"party committee 5-year term ok", Org{Kind: KindPartyCommittee, MemberCount: 150}, committee(5, "2023-01-01", "2028-01-01"), nil, nil},
		{"party committee term expired", Org{Kind: KindPartyCommittee, MemberCount: 150}, committee(5, "2020-06-01", "2025-06-01"), []string{"org.term.committee"}, []string{SeverityError}},
		{"small general branch", Org{Kind: KindGeneralBranch, MemberCount: 30}, committee(5, "2025-01-01", "2028-01-01"), []string{"org.general_branch.min"}, []string{SeverityWarning}},
		{"general branch of 100 should be a committee", Org{Kind: KindGeneralBranch, MemberCount: 100}, committee(5, "2025-01-01", "2028-01-01"), []string{"org.committee.min"}, []string{SeverityWarning}},
		{"groups have no size rules", Org{Kind: KindGroup, MemberCount: 1}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := OrgFindings(rs, &tt.org, tt.committee, today, 90)
			var ids, sevs []string
			for _, f := range got {
				ids = append(ids, f.Rule)
				sevs = append(sevs, f.Severity)
				if f.Message == "" || f.MessageEn == "" || f.Source == "" {
					t.Errorf("finding %s lacks message or source: %+v", f.Rule, f)
				}
			}
			if strings.Join(ids, ",") != strings.Join(tt.want, ",") || strings.Join(sevs, ",") != strings.Join(tt.wantSev, ",") {
				t.Errorf("findings = %v %v, want %v %v", ids, sevs, tt.want, tt.wantSev)
			}
		})
	}
}

func TestPathHelpers(t *testing.T) {
	if got := PathUpper("/1/7/"); got != "/1/70" {
		t.Errorf("PathUpper = %q", got)
	}
	// Every descendant sorts inside [path, PathUpper(path)); siblings with a
	// longer id that shares the prefix digits do not.
	for _, p := range []string{"/1/7/", "/1/7/42/", "/1/7/9/"} {
		if !(p >= "/1/7/" && p < PathUpper("/1/7/")) {
			t.Errorf("%s not in range", p)
		}
	}
	for _, p := range []string{"/1/70/", "/1/71/", "/1/8/", "/1/"} {
		if p >= "/1/7/" && p < PathUpper("/1/7/") {
			t.Errorf("%s wrongly in range", p)
		}
	}
	if ids := PathIDs("/1/7/42/"); len(ids) != 3 || ids[2] != 42 {
		t.Errorf("PathIDs = %v", ids)
	}
}

func TestCanContain(t *testing.T) {
	tests := []struct {
		parent, child string
		want          bool
	}{
		{KindWorkingCommittee, KindLeadingGroup, true},
		{KindLeadingGroup, KindPartyCommittee, true},
		{KindPartyCommittee, KindBranch, true},
		{KindBranch, KindGroup, true},
		{KindGroup, KindBranch, false},
		{KindBranch, KindBranch, false},
		{KindBranch, KindWorkingCommittee, false},
	}
	for _, tt := range tests {
		if got := CanContain(tt.parent, tt.child); got != tt.want {
			t.Errorf("CanContain(%s, %s) = %v", tt.parent, tt.child, got)
		}
	}
}
