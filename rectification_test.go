package dangjian

import "testing"

func TestRectTransition(t *testing.T) {
	for _, c := range []struct {
		from, to string
		code     string // "" = allowed
	}{
		{RectOpen, RectOpen, ""},
		{RectOpen, RectInProgress, ""},
		{RectOpen, RectDone, ""},
		{RectOpen, RectVerified, ECONFLICT},
		{RectInProgress, RectOpen, ECONFLICT},
		{RectInProgress, RectInProgress, ""},
		{RectInProgress, RectDone, ""},
		{RectInProgress, RectVerified, ECONFLICT},
		{RectDone, RectOpen, ECONFLICT},
		{RectDone, RectInProgress, ""},
		{RectDone, RectDone, ECONFLICT},
		{RectDone, RectVerified, ""},
		{RectVerified, RectOpen, ECONFLICT},
		{RectVerified, RectInProgress, ECONFLICT},
		{RectVerified, RectDone, ECONFLICT},
		{RectVerified, RectVerified, ECONFLICT},
		{RectOpen, "closed", EINVALID},
		{RectOpen, "", EINVALID},
	} {
		err := RectTransition(c.from, c.to)
		if got := ErrorCode(err); got != c.code {
			t.Errorf("%s → %s: %v, want code %q", c.from, c.to, err, c.code)
		}
		if c.code == EINVALID && ErrorFields(err)["status"] == "" {
			t.Errorf("%s → %s: the error does not name status", c.from, c.to)
		}
		if c.code != "" && ErrorMessage(err) == "" {
			t.Errorf("%s → %s: no message", c.from, c.to)
		}
	}
}

func TestRectOverdue(t *testing.T) {
	today := MustDate("2026-06-01")
	for _, c := range []struct {
		deadline, status string
		want             bool
	}{
		{"2026-05-31", RectOpen, true},
		{"2026-05-31", RectInProgress, true},
		{"2026-05-31", RectDone, false},
		{"2026-05-31", RectVerified, false},
		{"2026-06-01", RectOpen, false}, // due today: not yet
		{"2026-06-02", RectInProgress, false},
	} {
		r := Rectification{Deadline: MustDate(c.deadline), Status: c.status}
		if got := r.IsOverdue(today); got != c.want {
			t.Errorf("deadline %s, %s: overdue %v, want %v", c.deadline, c.status, got, c.want)
		}
	}
}

func TestRectValidate(t *testing.T) {
	today := MustDate("2026-06-01")
	r := Rectification{OrgID: 1, Source: SourceInspection, Problem: "  台账不全 ", Deadline: MustDate("2026-09-30")}
	if err := r.Validate(today); err != nil || r.Problem != "台账不全" || r.Year != 2026 {
		t.Fatalf("valid item: %v %+v", err, r)
	}
	bad := Rectification{Source: "rumour", Deadline: MustDate("2099-01-01")}
	err := bad.Validate(today)
	for _, f := range []string{"org_id", "source", "problem", "deadline"} {
		if ErrorFields(err)[f] == "" {
			t.Errorf("no error for %s: %v", f, err)
		}
	}
	v := Invalid{}
	CheckProgress(v, 101)
	CheckProgress(v, -1)
	if v["progress"] == "" {
		t.Error("progress 101 accepted")
	}
}

func TestCadreOpinionAnswer(t *testing.T) {
	for _, c := range []struct {
		opinion, reasons string
		field            string
	}{
		{OpinionAgree, "", ""},
		{OpinionWithReservations, "", "reasons"},
		{OpinionWithReservations, "群众基础一般", ""},
		{OpinionDisagree, " ", "reasons"},
		{OpinionDisagree, "有信访问题未查清", ""},
		{"maybe", "", "opinion"},
	} {
		_, err := CheckOpinionAnswer(c.opinion, c.reasons)
		if c.field == "" && err != nil || c.field != "" && ErrorFields(err)[c.field] == "" {
			t.Errorf("%s %q: %v, want field %q", c.opinion, c.reasons, err, c.field)
		}
	}
}

func TestCheckGrade(t *testing.T) {
	today := MustDate("2026-06-01")
	ps, err := CheckGrade(GradeFairlyGood, "", []string{" 谈心谈话不够 ", "", "党课质量不高"}, MustDate("2026-12-31"), today)
	if err != nil || len(ps) != 2 || ps[0] != "谈心谈话不够" {
		t.Fatalf("grade: %v %q", err, ps)
	}
	_, err = CheckGrade("excellent", "", []string{"x"}, Date{}, today)
	if ErrorFields(err)["grade"] == "" || ErrorFields(err)["deadline"] == "" {
		t.Errorf("bad grade without a deadline: %v", err)
	}
}
