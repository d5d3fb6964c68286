package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// evalFixture is the app fixture with five members in b1 and one in b2,
// a secretary of b1, and an actor for each member's own account.
type evalFixture struct {
	*fixture
	ms    []*dangjian.Member
	other *dangjian.Member
	sec   *dangjian.Actor
}

func newEvalFixture(t *testing.T) *evalFixture {
	t.Helper()
	f := newFixture(t)
	f.a.DB().SetNow(func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) })
	e := &evalFixture{fixture: f}
	for i := range 5 {
		e.ms = append(e.ms, f.member(t, f.b1, i+1))
	}
	e.other = f.member(t, f.b2, 9)
	e.sec = &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: f.b1.ID, OrgPath: f.b1.Path}}}
	return e
}

// ownAccount is the own account of a member, without any role.
func ownAccount(m *dangjian.Member) *dangjian.Actor {
	id := m.ID
	return &dangjian.Actor{Username: "m" + strconv.FormatInt(m.ID, 10), MemberID: &id}
}

// evalErr fails unless err has code (and, for invalid input, names field).
func evalErr(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if dangjian.ErrorCode(err) != code {
		t.Fatalf("%s: err = %v, want %s", what, err, code)
	}
	if field != "" && dangjian.ErrorFields(err)[field] == "" {
		t.Fatalf("%s: err = %v, want field %s", what, err, field)
	}
}

func TestEvaluationFlow(t *testing.T) {
	ctx := context.Background()
	f := newEvalFixture(t)
	a, ms := f.a, f.ms

	_, err := a.OpenEvaluation(ctx, f.sec, f.dept.ID, 2026)
	evalErr(t, "open on a leading group", err, dangjian.ENOTFOUND, "")
	_, err = a.OpenEvaluation(ctx, f.admin, f.dept.ID, 2026)
	evalErr(t, "open on a leading group", err, dangjian.EINVALID, "org_id")
	_, err = a.OpenEvaluation(ctx, f.sec, f.b1.ID, 1999)
	evalErr(t, "bad year", err, dangjian.EINVALID, "year")
	_, err = a.OpenEvaluation(ctx, ownAccount(ms[0]), f.b1.ID, 2026)
	evalErr(t, "a member may not open", err, dangjian.ENOTFOUND, "")
	e, err := a.OpenEvaluation(ctx, f.sec, f.b1.ID, 2026)
	if err != nil || e.State != dangjian.EvalOpen || e.Candidates != 5 || e.Voters != 5 {
		t.Fatalf("open = %+v, %v", e, err)
	}
	_, err = a.OpenEvaluation(ctx, f.sec, f.b1.ID, 2026)
	evalErr(t, "second campaign of the year", err, dangjian.ECONFLICT, "")

	others := func(self int, g string) []dangjian.BallotGrade {
		var out []dangjian.BallotGrade
		for i, m := range ms {
			if i != self {
				out = append(out, dangjian.BallotGrade{MemberID: m.ID, Grade: g})
			}
		}
		return out
	}
	// Every step out of turn is refused with a conflict, nothing changed.
	outOfTurn := func(state string) {
		t.Helper()
		steps := map[string]func() error{
			"start_self_evaluation": func() error { _, err := a.AdvanceEvaluation(ctx, f.sec, e.ID, dangjian.EvalActStartSelf); return err },
			"start_voting":          func() error { _, err := a.AdvanceEvaluation(ctx, f.sec, e.ID, dangjian.EvalActStartVoting); return err },
			"close":                 func() error { _, err := a.CloseEvaluation(ctx, f.sec, e.ID); return err },
			"publish":               func() error { _, err := a.AdvanceEvaluation(ctx, f.sec, e.ID, dangjian.EvalActPublish); return err },
			"self_evaluate":         func() error { return a.WriteSelfEvaluation(ctx, ownAccount(ms[4]), e.ID, "自评") },
			"vote":                  func() error { return a.Vote(ctx, ownAccount(ms[4]), e.ID, others(4, dangjian.GradeQualified)) },
			"paper_count": func() error {
				_, err := a.RecordPaperCount(ctx, f.sec, e.ID, app.PaperCount{MemberIDs: []int64{ms[4].ID},
					Counts: []dangjian.GradeCount{{MemberID: ms[0].ID, Qualified: 1}}})
				return err
			},
			"propose": func() error {
				_, err := a.ProposeGrades(ctx, f.sec, e.ID, app.GradeProposal{Grades: others(-1, dangjian.GradeQualified)})
				return err
			},
			"decide": func() error {
				d := dangjian.MustDate("2026-05-30")
				_, err := a.DecideGrades(ctx, f.sec, e.ID, app.Decision{DecidedOn: &d})
				return err
			},
		}
		for act, do := range steps {
			if _, err := dangjian.EvalNext(state, act); err == nil {
				continue
			}
			if err := do(); dangjian.ErrorCode(err) != dangjian.ECONFLICT {
				t.Errorf("%s in %s: err = %v, want conflict", act, state, err)
			}
		}
		d, err := a.Evaluation(ctx, f.sec, e.ID)
		if err != nil || d.State != state {
			t.Fatalf("state after refused steps = %v, %v; want %s", d, err, state)
		}
	}
	outOfTurn(dangjian.EvalOpen)
	_, err = a.EvaluationResults(ctx, f.sec, e.ID)
	evalErr(t, "results while open", err, dangjian.EFORBIDDEN, "")
	_, err = a.AdvanceEvaluation(ctx, f.sec, e.ID, "vote")
	evalErr(t, "advance by a member's step", err, dangjian.EINVALID, "action")
	_, err = a.AdvanceEvaluation(ctx, ownAccount(ms[0]), e.ID, dangjian.EvalActStartSelf)
	evalErr(t, "a member may not advance", err, dangjian.EFORBIDDEN, "")

	if _, err := a.AdvanceEvaluation(ctx, f.sec, e.ID, dangjian.EvalActStartSelf); err != nil {
		t.Fatal(err)
	}
	outOfTurn(dangjian.EvalSelf)
	evalErr(t, "empty self-evaluation", a.WriteSelfEvaluation(ctx, ownAccount(ms[0]), e.ID, "  "), dangjian.EINVALID, "text")
	evalErr(t, "another branch's member", a.WriteSelfEvaluation(ctx, ownAccount(f.other), e.ID, "自评"), dangjian.ENOTFOUND, "")
	if err := a.WriteSelfEvaluation(ctx, ownAccount(ms[0]), e.ID, "一年来认真学习，按时交纳党费。"); err != nil {
		t.Fatal(err)
	}
	mine, err := a.MyBallots(ctx, ownAccount(ms[1]))
	if err != nil || len(mine.SelfEvaluations) != 1 || len(mine.Ballots) != 0 {
		t.Fatalf("ms[1]'s to-do = %+v, %v", mine, err)
	}

	if _, err := a.AdvanceEvaluation(ctx, f.sec, e.ID, dangjian.EvalActStartVoting); err != nil {
		t.Fatal(err)
	}
	outOfTurn(dangjian.EvalVoting)
	_, err = a.EvaluationResults(ctx, f.admin, e.ID)
	evalErr(t, "results while voting", err, dangjian.EFORBIDDEN, "")
	evalErr(t, "bad grade", a.Vote(ctx, ownAccount(ms[0]), e.ID, []dangjian.BallotGrade{{MemberID: ms[1].ID, Grade: "good"}}), dangjian.EINVALID, "grades[0].grade")
	evalErr(t, "no member record", a.Vote(ctx, f.sec, e.ID, others(-1, dangjian.GradeQualified)), dangjian.EFORBIDDEN, "")
	evalErr(t, "another branch's member", a.Vote(ctx, ownAccount(f.other), e.ID, others(-1, dangjian.GradeQualified)), dangjian.ENOTFOUND, "")
	// ms[0] and ms[1] vote online; ms[0] twice.
	if err := a.Vote(ctx, ownAccount(ms[0]), e.ID, others(0, dangjian.GradeExcellent)); err != nil {
		t.Fatal(err)
	}
	evalErr(t, "second ballot", a.Vote(ctx, ownAccount(ms[0]), e.ID, others(0, dangjian.GradeBasic)), dangjian.ECONFLICT, "")
	if err := a.Vote(ctx, ownAccount(ms[1]), e.ID, others(1, dangjian.GradeQualified)); err != nil {
		t.Fatal(err)
	}
	// ms[2] and ms[3] voted on paper: two ballots, counted by the secretary.
	_, err = a.RecordPaperCount(ctx, f.sec, e.ID, app.PaperCount{MemberIDs: []int64{ms[0].ID}, Counts: []dangjian.GradeCount{{MemberID: ms[4].ID, Basic: 1}}})
	evalErr(t, "paper for one who voted", err, dangjian.EINVALID, "member_ids[0]")
	_, err = a.RecordPaperCount(ctx, f.sec, e.ID, app.PaperCount{MemberIDs: []int64{ms[2].ID}, Counts: []dangjian.GradeCount{{MemberID: ms[4].ID, Basic: 2}}})
	evalErr(t, "more votes than paper ballots", err, dangjian.EINVALID, "counts[0].member_id")
	_, err = a.RecordPaperCount(ctx, ownAccount(ms[2]), e.ID, app.PaperCount{MemberIDs: []int64{ms[2].ID}, Counts: []dangjian.GradeCount{{MemberID: ms[4].ID, Basic: 1}}})
	evalErr(t, "a member may not count paper", err, dangjian.EFORBIDDEN, "")
	pe, err := a.RecordPaperCount(ctx, f.sec, e.ID, app.PaperCount{MemberIDs: []int64{ms[2].ID, ms[3].ID},
		Counts: []dangjian.GradeCount{{MemberID: ms[4].ID, Basic: 1, Unqualified: 1}, {MemberID: ms[0].ID, Qualified: 2}}})
	if err != nil || pe.Voted != 4 || pe.PaperVoted != 2 {
		t.Fatalf("paper count = %+v, %v", pe, err)
	}
	mine, err = a.MyBallots(ctx, ownAccount(ms[2]))
	if err != nil || mine.Count() != 0 {
		t.Fatalf("a paper voter still has a ballot to cast: %+v, %v", mine, err)
	}
	mine, err = a.MyBallots(ctx, ownAccount(ms[4]))
	if err != nil || len(mine.Ballots) != 1 {
		t.Fatalf("ms[4]'s ballot = %+v, %v", mine, err)
	}

	closed, err := a.CloseEvaluation(ctx, f.sec, e.ID)
	if err != nil || closed.State != dangjian.EvalClosed || closed.ClosedAt == nil {
		t.Fatalf("close = %+v, %v", closed, err)
	}
	outOfTurn(dangjian.EvalClosed)
	evalErr(t, "vote after close", a.Vote(ctx, ownAccount(ms[4]), e.ID, others(4, dangjian.GradeQualified)), dangjian.ECONFLICT, "")
	res, err := a.EvaluationResults(ctx, f.sec, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]dangjian.GradeCount{}
	for _, r := range res {
		got[r.MemberID] = r
	}
	want := map[int64]dangjian.GradeCount{
		ms[0].ID: {Qualified: 3},               // ms[1] online, two on paper
		ms[1].ID: {Excellent: 1},               // ms[0]
		ms[2].ID: {Excellent: 1, Qualified: 1}, // ms[0], ms[1]
		ms[3].ID: {Excellent: 1, Qualified: 1}, // ms[0], ms[1]
		ms[4].ID: {Excellent: 1, Qualified: 1, Basic: 1, Unqualified: 1},
	}
	for id, w := range want {
		g := got[id]
		g.MemberID, g.Name = 0, ""
		if g != w {
			t.Errorf("tally of %d = %+v, want %+v", id, g, w)
		}
	}
	_, err = a.EvaluationResults(ctx, ownAccount(ms[0]), e.ID)
	evalErr(t, "a member before publication", err, dangjian.EFORBIDDEN, "")

	grades := func(ex int, last string) []dangjian.BallotGrade {
		var out []dangjian.BallotGrade
		for i, m := range ms {
			g := dangjian.GradeQualified
			if i < ex {
				g = dangjian.GradeExcellent
			}
			if i == len(ms)-1 {
				g = last
			}
			out = append(out, dangjian.BallotGrade{MemberID: m.ID, Grade: g})
		}
		return out
	}
	_, err = a.ProposeGrades(ctx, f.sec, e.ID, app.GradeProposal{Grades: grades(2, dangjian.GradeUnqualified)})
	evalErr(t, "two excellent of five without a reason", err, dangjian.EINVALID, "reason")
	_, err = a.ProposeGrades(ctx, f.sec, e.ID, app.GradeProposal{Grades: grades(1, dangjian.GradeUnqualified)[:4]})
	evalErr(t, "a member left out", err, dangjian.EINVALID, "grades")
	p, err := a.ProposeGrades(ctx, f.sec, e.ID, app.GradeProposal{Grades: grades(2, dangjian.GradeUnqualified), Reason: "两人年度表现突出，获县级表彰"})
	if err != nil || p.State != dangjian.EvalProposed || p.Excellent != 2 || p.Cap != 1 || len(p.Warnings) != 1 || p.Warnings[0].Rule != "eval.members.excellent_cap" {
		t.Fatalf("propose over the cap with a reason = %+v, %v", p, err)
	}
	p, err = a.ProposeGrades(ctx, f.sec, e.ID, app.GradeProposal{Grades: grades(1, dangjian.GradeUnqualified)})
	if err != nil || len(p.Warnings) != 0 || p.ExcellentReason != "" {
		t.Fatalf("propose again within the cap = %+v, %v", p, err)
	}
	outOfTurn(dangjian.EvalProposed)

	lecture, err := a.RecordMeeting(ctx, f.admin, app.MeetingInput{OrgID: f.b1.ID, Kind: dangjian.MeetingLecture, HeldAt: time.Date(2026, 5, 30, 2, 0, 0, 0, time.UTC), Topic: "党课"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.DecideGrades(ctx, f.sec, e.ID, app.Decision{MeetingID: &lecture.ID})
	evalErr(t, "decided at a lecture", err, dangjian.EINVALID, "meeting_id")
	_, err = a.DecideGrades(ctx, f.sec, e.ID, app.Decision{})
	evalErr(t, "no meeting and no date", err, dangjian.EINVALID, "decided_on")
	on := dangjian.MustDate("2026-05-31")
	dec, err := a.DecideGrades(ctx, f.sec, e.ID, app.Decision{DecidedOn: &on, Note: "党员大会表决通过"})
	if err != nil || dec.State != dangjian.EvalDecided || dec.DecidedOn == nil || !dec.DecidedOn.Equal(on) {
		t.Fatalf("decide = %+v, %v", dec, err)
	}
	outOfTurn(dangjian.EvalDecided)
	d, err := a.Evaluation(ctx, f.sec, e.ID)
	if err != nil || len(d.FollowUps) != 1 || d.FollowUps[0].MemberID != ms[4].ID {
		t.Fatalf("follow-ups = %+v, %v", d, err)
	}
	fu := d.FollowUps[0]
	_, err = a.UpdateFollowUp(ctx, f.sec, fu.ID, app.FollowUpInput{Outcome: "已改正"})
	evalErr(t, "follow-up without a measure", err, dangjian.EINVALID, "measure")
	_, err = a.UpdateFollowUp(ctx, ownAccount(ms[0]), fu.ID, app.FollowUpInput{Measure: "限期改正"})
	evalErr(t, "a member may not handle", err, dangjian.ENOTFOUND, "")
	day := dangjian.MustDate("2026-06-01")
	done, err := a.UpdateFollowUp(ctx, f.sec, fu.ID, app.FollowUpInput{Measure: "限期改正", Outcome: "已按期改正", OutcomeOn: &day})
	if err != nil || !done.Done() {
		t.Fatalf("follow-up = %+v, %v", done, err)
	}

	if _, err := a.AdvanceEvaluation(ctx, f.sec, e.ID, dangjian.EvalActPublish); err != nil {
		t.Fatal(err)
	}
	outOfTurn(dangjian.EvalPublished)
	res, err = a.EvaluationResults(ctx, ownAccount(ms[0]), e.ID)
	if err != nil || len(res) != 5 {
		t.Fatalf("a member's results after publication = %v, %v", res, err)
	}
	md, err := a.Evaluation(ctx, ownAccount(ms[0]), e.ID)
	if err != nil || md.Turnout != nil || md.Own == nil || md.Own.Final != dangjian.GradeExcellent || md.FollowUps != nil {
		t.Fatalf("a member's view = %+v, %v", md, err)
	}
	ex, err := a.ExportEvaluation(ctx, f.sec, e.ID, "csv")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := ex.Stream(ctx, &b); err != nil || !strings.Contains(b.String(), "不合格") {
		t.Fatalf("export = %q, %v", b.String(), err)
	}

	// The audit trail says who voted, never how.
	rows, _, err := a.Audits(ctx, app.System(), dangjian.AuditFilter{Entity: "evaluation", Limit: 100}, app.Page{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	votes := 0
	for _, r := range rows {
		switch r.Action {
		case "evaluation.vote":
			votes++
			if r.Changes != "" {
				t.Errorf("a vote's audit row carries %q", r.Changes)
			}
		case "evaluation.paper_count":
			if r.Changes != `{"paper_ballots":2}` {
				t.Errorf("the paper count's audit row carries %q", r.Changes)
			}
		}
		for _, g := range dangjian.Grades {
			if r.Action != "evaluation.propose" && r.Action != "evaluation.decide" && strings.Contains(r.Changes, `"`+g+`"`) {
				t.Errorf("%s carries a grade: %s", r.Action, r.Changes)
			}
		}
	}
	if votes != 2 {
		t.Errorf("vote audit rows = %d, want 2", votes)
	}
}

func TestEvaluationLists(t *testing.T) {
	ctx := context.Background()
	f := newEvalFixture(t)
	a := f.a
	if _, err := a.OpenEvaluation(ctx, f.sec, f.b1.ID, 2025); err != nil {
		t.Fatal(err)
	}
	if _, err := a.OpenEvaluation(ctx, f.admin, f.b2.ID, 2026); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		actor *dangjian.Actor
		q     app.EvaluationQuery
		want  int
	}{
		{"admin sees all", f.admin, app.EvaluationQuery{}, 2},
		{"a year", f.admin, app.EvaluationQuery{Year: 2026}, 1},
		{"the secretary sees the branch", f.sec, app.EvaluationQuery{}, 1},
		{"a member sees their own", ownAccount(f.ms[0]), app.EvaluationQuery{}, 1},
		{"the other member sees theirs", ownAccount(f.other), app.EvaluationQuery{}, 1},
	} {
		_, total, err := a.Evaluations(ctx, c.actor, c.q, app.Page{})
		if err != nil || total != c.want {
			t.Errorf("%s: total = %d, %v; want %d", c.name, total, err, c.want)
		}
	}
	_, _, err := a.Evaluations(ctx, f.admin, app.EvaluationQuery{State: "done"}, app.Page{})
	evalErr(t, "bad state", err, dangjian.EINVALID, "state")
	pend, err := a.PendingEvaluations(ctx, f.sec)
	if err != nil || len(pend) != 1 {
		t.Errorf("pending = %v, %v", pend, err)
	}
}

func TestAdminReport(t *testing.T) {
	ctx := context.Background()
	f := newEvalFixture(t)
	a, ms := f.a, f.ms
	in := dangjian.AdminReport{OrgID: f.b1.ID, Reporter: "局长 王强", Title: "2026年上半年工作报告", Body: "一、主要工作……", ReportedOn: dangjian.MustDate("2026-05-20")}
	bad := in
	bad.Title = ""
	_, err := a.RecordAdminReport(ctx, f.sec, bad)
	evalErr(t, "no title", err, dangjian.EINVALID, "title")
	bad = in
	bad.OrgID = f.dept.ID
	_, err = a.RecordAdminReport(ctx, f.admin, bad)
	evalErr(t, "a leading group", err, dangjian.EINVALID, "org_id")
	r, err := a.RecordAdminReport(ctx, f.sec, in)
	if err != nil || r.Voters != 5 || r.Year != 2026 || r.State != dangjian.ReportOpen {
		t.Fatalf("record = %+v, %v", r, err)
	}
	_, err = a.AdminReportResults(ctx, f.sec, r.ID)
	evalErr(t, "results while open", err, dangjian.EFORBIDDEN, "")
	evalErr(t, "bad rating", a.RateAdminReport(ctx, ownAccount(ms[0]), r.ID, "good"), dangjian.EINVALID, "rating")
	evalErr(t, "another branch", a.RateAdminReport(ctx, ownAccount(f.other), r.ID, dangjian.RatingSatisfied), dangjian.ENOTFOUND, "")
	if err := a.RateAdminReport(ctx, ownAccount(ms[0]), r.ID, dangjian.RatingSatisfied); err != nil {
		t.Fatal(err)
	}
	evalErr(t, "second rating", a.RateAdminReport(ctx, ownAccount(ms[0]), r.ID, dangjian.RatingDissatisfied), dangjian.ECONFLICT, "")
	if err := a.RateAdminReport(ctx, ownAccount(ms[1]), r.ID, dangjian.RatingDissatisfied); err != nil {
		t.Fatal(err)
	}
	_, err = a.RecordPaperRatings(ctx, f.sec, r.ID, app.PaperRatings{MemberIDs: []int64{ms[2].ID}, Counts: dangjian.RatingCount{Basic: 2}})
	evalErr(t, "more paper ratings than voters", err, dangjian.EINVALID, "counts")
	if _, err := a.RecordPaperRatings(ctx, f.sec, r.ID, app.PaperRatings{MemberIDs: []int64{ms[2].ID, ms[3].ID}, Counts: dangjian.RatingCount{Basic: 1, Satisfied: 1}}); err != nil {
		t.Fatal(err)
	}
	mine, err := a.MyBallots(ctx, ownAccount(ms[4]))
	if err != nil || len(mine.Reports) != 1 {
		t.Fatalf("ms[4]'s reports to rate = %+v, %v", mine, err)
	}
	_, err = a.CloseAdminReport(ctx, ownAccount(ms[0]), r.ID)
	evalErr(t, "a member may not close", err, dangjian.EFORBIDDEN, "")
	if _, err := a.CloseAdminReport(ctx, f.sec, r.ID); err != nil {
		t.Fatal(err)
	}
	_, err = a.CloseAdminReport(ctx, f.sec, r.ID)
	evalErr(t, "close twice", err, dangjian.ECONFLICT, "")
	evalErr(t, "rate after close", a.RateAdminReport(ctx, ownAccount(ms[4]), r.ID, dangjian.RatingSatisfied), dangjian.ECONFLICT, "")
	res, err := a.AdminReportResults(ctx, ownAccount(ms[0]), r.ID)
	if err != nil || *res != (dangjian.RatingCount{Satisfied: 2, Basic: 1, Dissatisfied: 1}) {
		t.Fatalf("results = %+v, %v", res, err)
	}
	due, err := a.AdminReportDue(ctx, f.sec, f.b1.ID, 2026)
	if err != nil || due.Required != 1 || due.Given != 1 || !due.Met {
		t.Fatalf("due = %+v, %v", due, err)
	}
	if _, err := a.OverrideRule(ctx, f.admin, "eval.admin_head.report", dangjian.RuleOverride{Period: "quarter", Count: 1}); err != nil {
		t.Fatal(err)
	}
	due, err = a.AdminReportDue(ctx, f.sec, f.b1.ID, 2026)
	if err != nil || due.Required != 4 || due.Met {
		t.Fatalf("due quarterly = %+v, %v", due, err)
	}
	rows, _, err := a.Audits(ctx, app.System(), dangjian.AuditFilter{Entity: "admin_report", Limit: 100}, app.Page{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, x := range dangjian.Ratings {
			if strings.Contains(r.Changes, x) {
				t.Errorf("%s carries a rating: %s", r.Action, r.Changes)
			}
		}
	}
}
