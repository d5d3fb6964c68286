package dangjian

import (
	"os"
	"regexp"
	"sort"
	"testing"
)

// TestRuleTableMatchesRulesMD checks that the embedded table holds exactly
// the ids of ../shared/RULES.md, so no number is invented or forgotten.
func TestRuleTableMatchesRulesMD(t *testing.T) {
	b, err := os.ReadFile("../shared/RULES.md")
	if err != nil {
		t.Skipf("RULES.md not beside the checkout: %v", err)
	}
	re := regexp.MustCompile("(?m)^\\| ([a-z_]+(?:\\.[a-z_]+)+) \\|")
	want := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		want[m[1]] = true
	}
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range rs.All() {
		got[r.ID] = true
		if r.Source == "" || r.Confidence == "" || r.Zh == "" || r.En == "" {
			t.Errorf("rule %s lacks source, confidence or text", r.ID)
		}
		if r.Confidence == "L" && !r.Configurable {
			t.Errorf("rule %s is local practice (L) but not configurable", r.ID)
		}
	}
	var missing, extra []string
	for id := range want {
		if !got[id] {
			missing = append(missing, id)
		}
	}
	for id := range got {
		if !want[id] {
			extra = append(extra, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(want) < 40 {
		t.Fatalf("parsed only %d ids from RULES.md", len(want))
	}
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("rule table differs from RULES.md: missing %v, not in RULES.md %v", missing, extra)
	}
}

func TestRuleOverride(t *testing.T) {
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.Override("org.branch.max", RuleOverride{Count: 2}); ErrorCode(err) != EINVALID {
		t.Errorf("overriding a statutory rule: %v, want invalid", err)
	}
	if err := rs.Override("orglife.lecture", RuleOverride{Period: "week"}); ErrorFields(err)["period"] == "" {
		t.Errorf("bad period accepted: %v", err)
	}
	if err := rs.Override("orglife.lecture", RuleOverride{Period: "month", Count: 1}); err != nil {
		t.Fatal(err)
	}
	r := rs.Get("orglife.lecture")
	if r.Period != "month" || r.Count != 1 || r.Override == nil {
		t.Errorf("override not applied: %+v", r)
	}
	fresh, _ := DefaultRules()
	if fresh.Get("orglife.lecture").Period != "quarter" {
		t.Error("override leaked into a fresh rule set")
	}
}
