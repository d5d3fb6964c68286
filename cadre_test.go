package dangjian

import (
	"strings"
	"testing"
)

func TestCadreFindings(t *testing.T) {
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name                   string
		staff, full, part, min int
		want                   []string // severities, in order
		text                   string
	}{
		{"no staff recorded", 0, 0, 0, 100, nil, ""},
		{"small unit with a part-timer", 40, 0, 1, 100, nil, ""},
		{"small unit with nobody", 40, 0, 0, 100, []string{SeverityError}, "至少应有专人负责"},
		{"small unit, threshold lowered", 40, 0, 0, 30, []string{SeverityError}, "没有专职党务干部"},
		{"large unit with nobody full-time", 300, 0, 5, 100, []string{SeverityError}, "约 3 至 6 人"},
		{"below 1%", 300, 2, 5, 100, []string{SeverityWarning}, "低于 1%"},
		{"exactly 1%", 300, 3, 0, 100, nil, ""},
		{"within range", 300, 5, 0, 100, nil, ""},
		{"exactly 2%", 300, 6, 0, 100, nil, ""},
		{"above 2% informs only", 300, 7, 0, 100, []string{SeverityInfo}, "仅提示"},
		{"threshold itself is not small", 100, 0, 3, 100, []string{SeverityError}, "没有专职"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := CadreFindings(rs, c.staff, c.full, c.part, c.min)
			if len(fs) != len(c.want) {
				t.Fatalf("findings = %+v, want %v", fs, c.want)
			}
			for i, f := range fs {
				if f.Severity != c.want[i] || f.Rule != RuleCadreRatio || f.Source == "" || f.MessageEn == "" {
					t.Errorf("finding %d = %+v, want severity %s citing %s", i, f, c.want[i], RuleCadreRatio)
				}
			}
			if c.text != "" && !strings.Contains(fs[0].Message, c.text) {
				t.Errorf("message %q lacks %q", fs[0].Message, c.text)
			}
		})
	}
}

func TestCadreRatioAndYears(t *testing.T) {
	if r := CadreRatio(300, 2); r != 0.0067 {
		t.Errorf("ratio = %v", r)
	}
	if r := CadreRatio(0, 2); r != 0 {
		t.Errorf("ratio without staff = %v", r)
	}
	if y := YearsBetween(MustDate("2020-06-01"), MustDate("2026-06-01")); y != 6 {
		t.Errorf("years = %v", y)
	}
	if y := YearsBetween(MustDate("2021-12-01"), MustDate("2026-06-01")); y != 4.4 {
		t.Errorf("years = %v", y)
	}
}

func TestCadreValidation(t *testing.T) {
	today := MustDate("2026-06-01")
	r := CadreRotation{Direction: "sideways", RotatedOn: MustDate("2026-07-01"), AffairsTo: "boss"}
	err := r.Validate(today)
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"from_post", "to_post", "direction", "rotated_on", "party_affairs"} {
		if e.Fields[f] == "" {
			t.Errorf("rotation: no error for %s: %v", f, e.Fields)
		}
	}
	ok2 := CadreRotation{FromPost: " 办公室主任 ", ToPost: "机关党委专职副书记", Direction: RotationToParty, RotatedOn: today}
	if err := ok2.Validate(today); err != nil || ok2.FromPost != "办公室主任" {
		t.Errorf("valid rotation: %v %q", err, ok2.FromPost)
	}
	a := CadreAppraisal{Year: 2027, Grade: "great"}
	e, _ = a.Validate(today).(*Error)
	for _, f := range []string{"year", "grade", "note"} {
		if e == nil || e.Fields[f] == "" {
			t.Errorf("appraisal: no error for %s", f)
		}
	}
	p := CadreProfile{Post: strings.Repeat("长", 101), Since: MustDate("2026-06-02")}
	e, _ = p.Validate(today).(*Error)
	if e == nil || e.Fields["post"] == "" || e.Fields["since"] == "" {
		t.Errorf("profile errors = %v", e)
	}
	for _, c := range []struct{ dir, cur, want string }{
		{RotationToAdmin, PartyAffairsFullTime, PartyAffairsNone},
		{RotationToParty, PartyAffairsNone, PartyAffairsFullTime},
		{RotationToParty, PartyAffairsPartTime, PartyAffairsPartTime},
		{RotationWithin, PartyAffairsPartTime, PartyAffairsPartTime},
	} {
		if got := AffairsAfter(c.dir, c.cur); got != c.want {
			t.Errorf("AffairsAfter(%s, %s) = %s, want %s", c.dir, c.cur, got, c.want)
		}
	}
	if ValidCadreSmallUnit(0) == nil || ValidCadreRotationYears(41) == nil || ValidCadreSmallUnit(100) != nil {
		t.Error("setting validation")
	}
}
