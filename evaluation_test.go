package dangjian

import (
	"strings"
	"testing"
)

// TestEvalNext walks every state against every action: the allowed ones
// lead where the flow says, every other one is a conflict that names the
// state it is in and the state the action needs.
func TestEvalNext(t *testing.T) {
	allowed := map[[2]string]string{
		{EvalOpen, EvalActStartSelf}:   EvalSelf,
		{EvalSelf, EvalActSelfWrite}:   EvalSelf,
		{EvalSelf, EvalActStartVoting}: EvalVoting,
		{EvalVoting, EvalActVote}:      EvalVoting,
		{EvalVoting, EvalActPaper}:     EvalVoting,
		{EvalVoting, EvalActClose}:     EvalClosed,
		{EvalClosed, EvalActPropose}:   EvalProposed,
		{EvalProposed, EvalActPropose}: EvalProposed,
		{EvalProposed, EvalActDecide}:  EvalDecided,
		{EvalDecided, EvalActPublish}:  EvalPublished,
	}
	for _, st := range EvalStates {
		for _, act := range EvalActions {
			got, err := EvalNext(st, act)
			want, ok := allowed[[2]string{st, act}]
			if ok {
				if err != nil || got != want {
					t.Errorf("%s in %s = %q, %v; want %q", act, st, got, err, want)
				}
				continue
			}
			if ErrorCode(err) != ECONFLICT {
				t.Errorf("%s in %s: err = %v, want a conflict", act, st, err)
				continue
			}
			msg := ErrorMessage(err)
			if !strings.Contains(msg, EvalStateNames[st]) || !strings.Contains(msg, EvalActionNames[act]) {
				t.Errorf("%s in %s: message %q does not name the state and the action", act, st, msg)
			}
		}
	}
	if _, err := EvalNext(EvalOpen, "reopen"); ErrorCode(err) != EINVALID || ErrorFields(err)["action"] == "" {
		t.Errorf("unknown action: %v", err)
	}
	if got := EvalNextActions(EvalVoting); strings.Join(got, ",") != "paper_count,close" {
		t.Errorf("next actions in voting = %v", got)
	}
	if got := EvalNextActions(EvalPublished); len(got) != 0 {
		t.Errorf("next actions when published = %v", got)
	}
}

func TestExcellentCap(t *testing.T) {
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]int{1: 0, 2: 0, 3: 1, 5: 1, 6: 2, 9: 3, 10: 3, 12: 4, 30: 10, 31: 10, 3000: 1000, 3002: 1000} {
		if got := ExcellentCap(rs, n); got != want {
			t.Errorf("cap of %d = %d, want %d", n, got, want)
		}
	}
}

func TestValidateBallot(t *testing.T) {
	cands := map[int64]bool{1: true, 2: true, 3: true}
	for _, c := range []struct {
		name   string
		grades []BallotGrade
		field  string
	}{
		{"ok", []BallotGrade{{2, GradeExcellent}, {3, GradeBasic}}, ""},
		{"empty", nil, "grades"},
		{"not a candidate", []BallotGrade{{9, GradeQualified}}, "grades[0].member_id"},
		{"self", []BallotGrade{{1, GradeQualified}}, "grades[0].member_id"},
		{"twice", []BallotGrade{{2, GradeQualified}, {2, GradeBasic}}, "grades[1].member_id"},
		{"bad grade", []BallotGrade{{2, "good"}}, "grades[0].grade"},
	} {
		err := ValidateBallot(c.grades, cands, 1)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if ErrorFields(err)[c.field] == "" {
			t.Errorf("%s: err = %v, want field %s", c.name, err, c.field)
		}
	}
}

func TestFollowUpValidate(t *testing.T) {
	today := MustDate("2026-06-01")
	d := func(s string) *Date { x := MustDate(s); return &x }
	for _, c := range []struct {
		name string
		f    EvalFollowUp
		bad  string
	}{
		{"measure only", EvalFollowUp{Measure: "限期改正"}, ""},
		{"with outcome", EvalFollowUp{Measure: "限期改正", Outcome: "已改正", OutcomeOn: d("2026-05-01")}, ""},
		{"no measure", EvalFollowUp{}, "measure"},
		{"outcome without date", EvalFollowUp{Measure: "x", Outcome: "y"}, "outcome_on"},
		{"date without outcome", EvalFollowUp{Measure: "x", OutcomeOn: d("2026-05-01")}, "outcome"},
		{"future date", EvalFollowUp{Measure: "x", Outcome: "y", OutcomeOn: d("2026-07-01")}, "outcome_on"},
	} {
		err := c.f.Validate(today)
		if (c.bad == "") != (err == nil) || (c.bad != "" && ErrorFields(err)[c.bad] == "") {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestReportsPerYear(t *testing.T) {
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	if n := ReportsPerYear(rs); n != 1 {
		t.Errorf("default = %d, want 1 (yearly)", n)
	}
	if err := rs.Override("eval.admin_head.report", RuleOverride{Period: "quarter", Count: 1}); err != nil {
		t.Fatal(err)
	}
	if n := ReportsPerYear(rs); n != 4 {
		t.Errorf("quarterly = %d, want 4", n)
	}
}
