package dangjian

import (
	"reflect"
	"testing"
)

func TestCoverTalks(t *testing.T) {
	members := []Due{{MemberID: 1, Name: "甲"}, {MemberID: 2, Name: "乙"}, {MemberID: 3, Name: "丙"}, {MemberID: 4, Name: "丁"}}
	t.Run("committee of two in a branch of four", func(t *testing.T) {
		// pairs: 1-2 (committee), 1-3, 1-4, 2-3, 2-4; 3-4 is not required
		cov := CoverTalks(members, []int64{1, 2}, []Talk{{AID: 3, BID: 1}, {AID: 1, BID: 3}, {AID: 3, BID: 4}, {AID: 2, BID: 4}})
		want := TalkCoverage{Required: 5, Done: 2, Missing: []Pair{{1, 2, "甲", "乙"}, {1, 4, "甲", "丁"}, {2, 3, "乙", "丙"}}}
		if !reflect.DeepEqual(cov, want) {
			t.Errorf("got %+v, want %+v", cov, want)
		}
	})
	t.Run("a secretary alone owes a talk with each member", func(t *testing.T) {
		cov := CoverTalks(members, []int64{2}, nil)
		if cov.Required != 3 || cov.Done != 0 || len(cov.Missing) != 3 {
			t.Errorf("got %+v", cov)
		}
	})
	t.Run("no committee owes nothing", func(t *testing.T) {
		cov := CoverTalks(members, nil, []Talk{{AID: 1, BID: 2}})
		if cov.Required != 0 || cov.Done != 0 || cov.Missing == nil {
			t.Errorf("got %+v", cov)
		}
	})
	t.Run("a committee member who left the branch is not counted", func(t *testing.T) {
		cov := CoverTalks(members, []int64{1, 99}, nil)
		if cov.Required != 3 {
			t.Errorf("got %+v", cov)
		}
	})
}

func TestTalkValidate(t *testing.T) {
	today := MustDate("2026-03-10")
	ok := Talk{OrgID: 1, AID: 1, BID: 2, HeldOn: today}
	if err := ok.Validate(today); err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		t     Talk
		field string
	}{
		"same person": {Talk{OrgID: 1, AID: 1, BID: 1, HeldOn: today}, "b_id"},
		"future":      {Talk{OrgID: 1, AID: 1, BID: 2, HeldOn: today.AddDays(1)}, "held_on"},
		"no date":     {Talk{OrgID: 1, AID: 1, BID: 2}, "held_on"},
		"no a":        {Talk{OrgID: 1, BID: 2, HeldOn: today}, "a_id"},
	} {
		if _, ok := ErrorFields(tt.t.Validate(today))[tt.field]; !ok {
			t.Errorf("%s: does not name %s", name, tt.field)
		}
	}
}
