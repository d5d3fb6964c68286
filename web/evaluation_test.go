package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// TestEvaluationPages walks a campaign and a report through the pages:
// the secretary's steps, a member's self-evaluation and phone ballot, the
// paper count, the proposal with the cap, the decision, the follow-up of
// 不合格, publication and the exports; every page renders in both
// languages.
func TestEvaluationPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	sec := f.user("seca", dangjian.RoleOrgAdmin, f.branchA, nil)
	a1ID, a2ID := f.a1.ID, f.a2.ID
	m1 := f.user("mema1", dangjian.RoleMember, f.branchA, &a1ID)
	m2 := f.user("mema2", dangjian.RoleMember, f.branchA, &a2ID)
	br := id(f.branchA.ID)
	today := f.app.Today()

	expect(t, "list", f.get("/orgs/"+br+"/evaluations", sec), 200, []string{`id="open-form"`, `data-page="evaluation/list"`}, nil)
	expect(t, "open with a bad year", f.post("/orgs/"+br+"/evaluations", sec, url.Values{"year": {"1999"}}), 422, []string{`id="year-err"`}, nil)
	expect(t, "open", f.post("/orgs/"+br+"/evaluations", sec, url.Values{"year": {id(int64(today.Year()))}}), 303, nil, nil)
	expect(t, "open twice", f.post("/orgs/"+br+"/evaluations", sec, url.Values{"year": {id(int64(today.Year()))}}), 409, []string{`id="form-alert"`}, nil)
	es, _, err := f.app.Evaluations(ctx, f.admin, app.EvaluationQuery{OrgID: f.branchA.ID}, app.Page{})
	if err != nil || len(es) != 1 {
		t.Fatalf("evaluations = %v, %v", es, err)
	}
	e := "/evaluations/" + id(es[0].ID)
	expect(t, "show", f.get(e, sec), 200, []string{`value="start_self_evaluation"`, `id="hidden-note"`}, nil)
	expect(t, "a member may not advance", f.post(e+"/advance", m1, url.Values{"action": {"start_self_evaluation"}}), 403, nil, nil)
	expect(t, "out of turn", f.post(e+"/advance", sec, url.Values{"action": {"start_voting"}}), 409, []string{`id="form-alert"`, "不能开始民主测评投票"}, nil)
	expect(t, "start self-evaluation", f.post(e+"/advance", sec, url.Values{"action": {"start_self_evaluation"}}), 303, nil, nil)

	expect(t, "my ballots", f.get("/ballots", m1), 200, []string{e + "/self"}, nil)
	expect(t, "self form", f.get(e+"/self", m1), 200, []string{`name="text"`}, nil)
	expect(t, "empty self-evaluation", f.post(e+"/self", m1, url.Values{"text": {" "}}), 422, []string{`id="text-err"`}, nil)
	expect(t, "self-evaluation", f.post(e+"/self", m1, url.Values{"text": {"认真学习党章党规。"}}), 303, nil, nil)
	expect(t, "start voting", f.post(e+"/advance", sec, url.Values{"action": {"start_voting"}}), 303, nil, nil)

	a1g, a2g := "g"+id(a1ID), "g"+id(a2ID)
	expect(t, "ballot on a phone", f.get(e+"/ballot", m1), 200, []string{`name="` + a2g + `"`, `id="ballot"`}, []string{`name="` + a1g + `"`})
	expect(t, "a bad grade", f.post(e+"/ballot", m1, url.Values{a2g: {"best"}}), 422, []string{`id="form-alert"`}, nil)
	expect(t, "vote", f.post(e+"/ballot", m1, url.Values{a2g: {"excellent"}}), 303, nil, nil)
	expect(t, "vote twice", f.post(e+"/ballot", m1, url.Values{a2g: {"basic"}}), 409, []string{`id="form-alert"`}, nil)
	expect(t, "the voter sees that they voted", f.get(e, m1), 200, []string{`id="voted"`}, []string{`id="voters"`})

	expect(t, "a member may not count paper", f.get(e+"/paper", m2), 403, nil, nil)
	expect(t, "paper form", f.get(e+"/paper", sec), 200, []string{`name="voter" value="` + id(a2ID) + `"`}, []string{`name="voter" value="` + id(a1ID) + `"`})
	expect(t, "paper without voters", f.post(e+"/paper", sec, url.Values{"c" + id(a1ID) + "_qualified": {"1"}}), 422, []string{`id="form-alert"`}, nil)
	expect(t, "paper", f.post(e+"/paper", sec, url.Values{"voter": {id(a2ID)}, "c" + id(a1ID) + "_qualified": {"1"}}), 303, nil, nil)
	expect(t, "turnout", f.get(e, sec), 200, []string{`id="turnout">2 / 2`}, nil)
	expect(t, "close", f.post(e+"/advance", sec, url.Values{"action": {"close"}}), 303, nil, nil)

	expect(t, "propose form", f.get(e+"/propose", sec), 200, []string{`id="tally"`, `id="cap-note"`}, nil)
	over := url.Values{a1g: {"excellent"}, a2g: {"unqualified"}}
	expect(t, "excellent past the cap without a reason", f.post(e+"/propose", sec, over), 422, []string{`id="reason-err"`}, nil)
	over.Set("reason", "获上级表彰")
	expect(t, "propose with a reason", f.post(e+"/propose", sec, over), 303, nil, nil)
	expect(t, "the cap warning shows", f.get(e, sec), 200, []string{`id="over-cap"`, "获上级表彰", `class="chart" data-chart=`}, nil)
	expect(t, "decide form", f.get(e+"/decide", sec), 200, []string{`name="meeting_id"`}, nil)
	expect(t, "decide without a date", f.post(e+"/decide", sec, url.Values{"decided_on": {""}}), 422, []string{`id="decided_on-err"`}, nil)
	expect(t, "decide", f.post(e+"/decide", sec, url.Values{"decided_on": {today.String()}, "note": {"表决通过"}}), 303, nil, nil)

	fus, err := f.app.FollowUps(ctx, f.admin, f.branchA.ID)
	if err != nil || len(fus) != 1 || fus[0].MemberID != a2ID {
		t.Fatalf("follow-ups = %v, %v", fus, err)
	}
	fu := "/evaluation-followups/" + id(fus[0].ID)
	expect(t, "follow-ups", f.get("/orgs/"+br+"/evaluation-followups", sec), 200, []string{fu}, nil)
	expect(t, "follow-up form", f.get(fu, sec), 200, []string{`name="measure"`}, nil)
	expect(t, "follow-up without a measure", f.post(fu, sec, url.Values{"measure": {""}}), 422, []string{`id="measure-err"`}, nil)
	expect(t, "follow-up", f.post(fu, sec, url.Values{"measure": {"限期改正"}, "outcome": {"已改正"}, "outcome_on": {today.String()}}), 303, nil, nil)
	expect(t, "publish", f.post(e+"/advance", sec, url.Values{"action": {"publish"}}), 303, nil, nil)
	expect(t, "a member sees the published results", f.get(e, m2), 200, []string{`id="candidates"`, "获上级表彰"}, []string{`id="voters"`, `id="followups"`})
	if res := f.get(e+"/export?format=csv", sec); res.code != 200 || !strings.Contains(res.body, "不合格") {
		t.Errorf("export = %d %s", res.code, res.body)
	}

	// An administrative head's report with its anonymous rating.
	expect(t, "reports", f.get("/orgs/"+br+"/admin-reports", sec), 200, []string{`id="due"`}, nil)
	expect(t, "report form", f.get("/orgs/"+br+"/admin-reports/new", sec), 200, []string{`name="reporter"`}, nil)
	rep := url.Values{"reporter": {"局长 王强"}, "title": {""}, "body": {"一、工作"}, "reported_on": {today.String()}}
	expect(t, "report without a title", f.post("/orgs/"+br+"/admin-reports/new", sec, rep), 422, []string{`id="title-err"`}, nil)
	rep.Set("title", "年度工作报告")
	expect(t, "report", f.post("/orgs/"+br+"/admin-reports/new", sec, rep), 303, nil, nil)
	rs, _, err := f.app.AdminReports(ctx, f.admin, app.AdminReportQuery{OrgID: f.branchA.ID}, app.Page{})
	if err != nil || len(rs) != 1 {
		t.Fatalf("reports = %v, %v", rs, err)
	}
	r := "/admin-reports/" + id(rs[0].ID)
	expect(t, "the member's rating form", f.get(r, m1), 200, []string{`name="rating"`, `id="hidden-note"`}, []string{`id="voters"`})
	expect(t, "a bad rating", f.post(r+"/ratings", m1, url.Values{"rating": {"great"}}), 422, []string{`id="form-alert"`}, nil)
	expect(t, "rate", f.post(r+"/ratings", m1, url.Values{"rating": {"satisfied"}}), 303, nil, nil)
	expect(t, "rate twice", f.post(r+"/ratings", m1, url.Values{"rating": {"dissatisfied"}}), 409, nil, nil)
	expect(t, "paper ratings", f.post(r+"/paper-counts", sec, url.Values{"voter": {id(a2ID)}, "dissatisfied": {"1"}}), 303, nil, nil)
	expect(t, "a member may not close", f.post(r+"/close", m2, nil), 403, nil, nil)
	expect(t, "close", f.post(r+"/close", sec, nil), 303, nil, nil)
	expect(t, "results", f.get(r, m2), 200, []string{`id="results"`, "50.0%", `class="chart" data-chart=`}, nil)
	if res := f.get("/orgs/"+br+"/admin-reports/export?format=csv&year="+id(int64(today.Year())), sec); res.code != 200 || !strings.Contains(res.body, "年度工作报告") {
		t.Errorf("report export = %d %s", res.code, res.body)
	}

	// Every page of the capability, in both languages.
	pages := map[string]struct {
		path   string
		cookie *http.Cookie
	}{
		"evaluation/list":      {"/orgs/" + br + "/evaluations", sec},
		"evaluation/show":      {e, sec},
		"evaluation/self":      {e + "/self", m1},
		"evaluation/ballot":    {e + "/ballot", m1},
		"evaluation/paper":     {e + "/paper", sec},
		"evaluation/propose":   {e + "/propose", sec},
		"evaluation/decide":    {e + "/decide", sec},
		"evaluation/followups": {"/orgs/" + br + "/evaluation-followups", sec},
		"evaluation/followup":  {fu, sec},
		"evaluation/mine":      {"/ballots", m1},
		"adminreport/list":     {"/orgs/" + br + "/admin-reports", sec},
		"adminreport/form":     {"/orgs/" + br + "/admin-reports/new", sec},
		"adminreport/show":     {r, sec},
	}
	keyRe := regexp.MustCompile(`[a-z_]+(\.[a-z0-9_]+)+`)
	for name, pg := range pages {
		for _, lang := range langs {
			res := f.do("GET", pg.path, pg.cookie, nil, map[string]string{"Cookie": langCookie + "=" + lang})
			if res.code != 200 || !strings.Contains(res.body, `data-page="`+name+`"`) {
				t.Errorf("%s (%s): %d, not this page\n%s", name, lang, res.code, excerpt(res.body))
			}
			for _, k := range keyRe.FindAllString(res.body, -1) {
				if _, ok := catalog[k]; ok {
					t.Errorf("%s (%s): catalog key %q shown untranslated", name, lang, k)
				}
			}
		}
	}
	// The nav leads members to their ballots and secretaries to the list.
	expect(t, "nav", f.get("/ballots", m1), 200, []string{`href="/ballots"`}, nil)
	expect(t, "secretary's nav", f.get("/ballots", sec), 200, []string{`href="/orgs/` + br + `/evaluations"`}, nil)
}

// everyPageEvals are the records TestEveryPage draws the capability's
// pages with.
type everyPageEvals struct{ Eval, FollowUp, Report int64 }

// everyPageEval runs a campaign of branchA to publication, with one
// member graded 不合格, and records a report; TestEveryPage renders the
// pages on them.
func everyPageEval(t *testing.T, f *fixture) everyPageEvals {
	t.Helper()
	ctx, a := context.Background(), f.app
	e, err := a.OpenEvaluation(ctx, f.admin, f.branchA.ID, a.Today().Year())
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range []string{dangjian.EvalActStartSelf, dangjian.EvalActStartVoting, dangjian.EvalActClose} {
		if _, err := a.AdvanceEvaluation(ctx, f.admin, e.ID, act); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.ProposeGrades(ctx, f.admin, e.ID, app.GradeProposal{Grades: []dangjian.BallotGrade{
		{MemberID: f.a1.ID, Grade: dangjian.GradeQualified}, {MemberID: f.a2.ID, Grade: dangjian.GradeUnqualified}}}); err != nil {
		t.Fatal(err)
	}
	on := a.Today()
	if _, err := a.DecideGrades(ctx, f.admin, e.ID, app.Decision{DecidedOn: &on}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AdvanceEvaluation(ctx, f.admin, e.ID, dangjian.EvalActPublish); err != nil {
		t.Fatal(err)
	}
	fus, err := a.FollowUps(ctx, f.admin, f.branchA.ID)
	if err != nil || len(fus) != 1 {
		t.Fatalf("follow-ups = %v, %v", fus, err)
	}
	r, err := a.RecordAdminReport(ctx, f.admin, dangjian.AdminReport{OrgID: f.branchA.ID, Reporter: "局长 王强", Title: "年度工作报告", Body: "一、工作", ReportedOn: on})
	if err != nil {
		t.Fatal(err)
	}
	return everyPageEvals{Eval: e.ID, FollowUp: fus[0].ID, Report: r.ID}
}
