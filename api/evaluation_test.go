package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEvaluations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("viewA", "viewer@brA")
	f.memberUser("memA1", "mA1", "brA")
	f.memberUser("memA2", "mA2", "brA")
	f.memberUser("memB1", "mB1", "brB")
	advance := func(name, action string, want int) scenario {
		return scenario{name: name, method: "POST", path: "/api/v1/evaluations/{e}/advance", who: "secA", body: `{"action":"` + action + `"}`, want: want}
	}
	f.run([]scenario{
		{name: "open needs a branch", method: "POST", path: "/api/v1/evaluations", who: "admin", body: `{"org_id":{fin},"year":2026}`, want: 422, check: field("org_id")},
		{name: "open needs a year", method: "POST", path: "/api/v1/evaluations", who: "secA", body: `{"org_id":{brA}}`, want: 422, check: field("year")},
		{name: "year as text", method: "POST", path: "/api/v1/evaluations", who: "secA", body: `{"org_id":{brA},"year":"2026"}`, want: 422, check: field("year")},
		{name: "a viewer may not open", method: "POST", path: "/api/v1/evaluations", who: "viewA", body: `{"org_id":{brA},"year":2026}`, want: 403},
		{name: "a member may not open", method: "POST", path: "/api/v1/evaluations", who: "memA1", body: `{"org_id":{brA},"year":2026}`, want: 404},
		{name: "open", method: "POST", path: "/api/v1/evaluations", who: "secA", body: `{"org_id":{brA},"year":2026}`, want: 201,
			check: all(keep("e", "id"), equals("state", "open"), equals("candidates", "2"), equals("voters", "2"), equals("voted", "0"))},
		{name: "a second of the year", method: "POST", path: "/api/v1/evaluations", who: "secA", body: `{"org_id":{brA},"year":2026}`, want: 409},
		{name: "list", method: "GET", path: "/api/v1/evaluations?org={brA}&year=2026", who: "viewA", want: 200, check: all(equals("total", "1"), equals("items.0.id", "{e}"))},
		{name: "a member lists their own", method: "GET", path: "/api/v1/evaluations", who: "memA1", want: 200, check: equals("total", "1")},
		{name: "another branch's member sees none", method: "GET", path: "/api/v1/evaluations", who: "memB1", want: 200, check: equals("total", "0")},
		{name: "another branch's member cannot get it", method: "GET", path: "/api/v1/evaluations/{e}", who: "memB1", want: 404},
		{name: "bad state filter", method: "GET", path: "/api/v1/evaluations?state=x", who: "admin", want: 422, check: field("state")},

		// Out of turn: each is a 409 with a message naming the state.
		{name: "vote while open", method: "POST", path: "/api/v1/evaluations/{e}/ballots", who: "memA1", body: `{"grades":[{"member_id":{mA2},"grade":"qualified"}]}`, want: 409,
			check: func(t *testing.T, f *fixture, r *result) {
				if !strings.Contains(r.str("error.message"), "已开启") {
					t.Errorf("message does not name the state: %s", r.body)
				}
			}},
		{name: "close while open", method: "POST", path: "/api/v1/evaluations/{e}/close", who: "secA", want: 409},
		{name: "publish while open", method: "POST", path: "/api/v1/evaluations/{e}/publish", who: "secA", want: 409},
		advance("start voting while open", "start_voting", 409),
		advance("unknown action", "reopen", 422),
		{name: "self-evaluation while open", method: "POST", path: "/api/v1/evaluations/{e}/self-evaluation", who: "memA1", body: `{"text":"x"}`, want: 409},
		{name: "results while open", method: "GET", path: "/api/v1/evaluations/{e}/results", who: "admin", want: 403},
		advance("start the self-evaluation", "start_self_evaluation", 200),
		{name: "empty self-evaluation", method: "POST", path: "/api/v1/evaluations/{e}/self-evaluation", who: "memA1", body: `{"text":""}`, want: 422, check: field("text")},
		{name: "write a self-evaluation", method: "POST", path: "/api/v1/evaluations/{e}/self-evaluation", who: "memA1", body: `{"text":"认真学习，积极工作。"}`, want: 200},
		{name: "the secretary has no member record to write one", method: "POST", path: "/api/v1/evaluations/{e}/self-evaluation", who: "secA", body: `{"text":"x"}`, want: 403},
		{name: "the member's to-do", method: "GET", path: "/api/v1/me/ballots", who: "memA2", want: 200, check: equals("self_evaluations.0.id", "{e}")},
		advance("start voting", "start_voting", 200),
		{name: "self-evaluation after voting started", method: "POST", path: "/api/v1/evaluations/{e}/self-evaluation", who: "memA2", body: `{"text":"x"}`, want: 409},
		{name: "a ballot to cast", method: "GET", path: "/api/v1/me/ballots", who: "memA2", want: 200, check: equals("ballots.0.id", "{e}")},
		{name: "grade oneself", method: "POST", path: "/api/v1/evaluations/{e}/ballots", who: "memA1", body: `{"grades":[{"member_id":{mA1},"grade":"excellent"}]}`, want: 422, check: field("grades[0].member_id")},
		{name: "bad grade", method: "POST", path: "/api/v1/evaluations/{e}/ballots", who: "memA1", body: `{"grades":[{"member_id":{mA2},"grade":"A"}]}`, want: 422, check: field("grades[0].grade")},
		{name: "empty ballot", method: "POST", path: "/api/v1/evaluations/{e}/ballots", who: "memA1", body: `{"grades":[]}`, want: 422, check: field("grades")},
		{name: "vote", method: "POST", path: "/api/v1/evaluations/{e}/ballots", who: "memA1", body: `{"grades":[{"member_id":{mA2},"grade":"excellent"}]}`, want: 201, check: equals("voted", "true")},
		{name: "vote again", method: "POST", path: "/api/v1/evaluations/{e}/ballots", who: "memA1", body: `{"grades":[{"member_id":{mA2},"grade":"basic"}]}`, want: 409},
		{name: "another branch's member", method: "POST", path: "/api/v1/evaluations/{e}/ballots", who: "memB1", body: `{"grades":[{"member_id":{mA2},"grade":"basic"}]}`, want: 404},
		{name: "results while voting", method: "GET", path: "/api/v1/evaluations/{e}/results", who: "secA", want: 403},
		{name: "paper count for one who voted", method: "POST", path: "/api/v1/evaluations/{e}/paper-counts", who: "secA",
			body: `{"member_ids":[{mA1}],"counts":[{"member_id":{mA2},"qualified":1}]}`, want: 422, check: field("member_ids[0]")},
		{name: "paper count by a member", method: "POST", path: "/api/v1/evaluations/{e}/paper-counts", who: "memA2",
			body: `{"member_ids":[{mA2}],"counts":[{"member_id":{mA1},"qualified":1}]}`, want: 403},
		{name: "paper count", method: "POST", path: "/api/v1/evaluations/{e}/paper-counts", who: "secA",
			body: `{"member_ids":[{mA2}],"counts":[{"member_id":{mA1},"qualified":1}]}`, want: 200, check: all(equals("voted", "2"), equals("paper_voted", "1"))},
		{name: "the secretary sees who voted, not how", method: "GET", path: "/api/v1/evaluations/{e}", who: "secA", want: 200,
			check: all(equals("turnout.0.voted", "true"), equals("voters", "2"), equals("members.0.member_id", "{mA1}"), equals("next_actions.0", "paper_count"), func(t *testing.T, f *fixture, r *result) {
				if r.has("tally") {
					t.Errorf("tally shown while voting: %s", r.body)
				}
			})},
		{name: "close", method: "POST", path: "/api/v1/evaluations/{e}/close", who: "secA", want: 200, check: equals("state", "closed")},
		{name: "vote after close", method: "POST", path: "/api/v1/evaluations/{e}/ballots", who: "memA2", body: `{"grades":[{"member_id":{mA1},"grade":"basic"}]}`, want: 409},
		{name: "a member before publication", method: "GET", path: "/api/v1/evaluations/{e}/results", who: "memA1", want: 403},
		{name: "results", method: "GET", path: "/api/v1/evaluations/{e}/results", who: "viewA", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				got := map[string]string{}
				for i := range 2 {
					p := "items." + string(rune('0'+i))
					got[r.str(p+".member_id")] = r.str(p+".excellent") + r.str(p+".qualified") + r.str(p+".basic") + r.str(p+".unqualified")
				}
				if got[f.vars["mA1"]] != "0100" || got[f.vars["mA2"]] != "1000" {
					t.Errorf("results = %v: %s", got, r.body)
				}
			}},
		{name: "export", method: "GET", path: "/api/v1/evaluations/{e}/export?format=bad", who: "secA", want: 422, check: field("format")},

		{name: "excellent past the cap without a reason", method: "POST", path: "/api/v1/evaluations/{e}/proposal", who: "secA",
			body: `{"grades":[{"member_id":{mA1},"grade":"qualified"},{"member_id":{mA2},"grade":"excellent"}]}`, want: 422, check: field("reason")},
		{name: "a grade for one member only", method: "POST", path: "/api/v1/evaluations/{e}/proposal", who: "secA",
			body: `{"grades":[{"member_id":{mA1},"grade":"qualified"}]}`, want: 422, check: field("grades")},
		{name: "decide before a proposal", method: "POST", path: "/api/v1/evaluations/{e}/decision", who: "secA", body: `{"decided_on":"2026-05-01"}`, want: 409},
		{name: "propose with a reason", method: "POST", path: "/api/v1/evaluations/{e}/proposal", who: "secA",
			body: `{"grades":[{"member_id":{mA1},"grade":"unqualified"},{"member_id":{mA2},"grade":"excellent"}],"reason":"获省级表彰"}`, want: 200,
			check: all(equals("state", "proposed"), equals("excellent", "1"), equals("excellent_cap", "0"), equals("warnings.0.rule", "eval.members.excellent_cap"),
				equals("excellent_reason", "获省级表彰"))},
		{name: "decision without date or meeting", method: "POST", path: "/api/v1/evaluations/{e}/decision", who: "secA", body: `{}`, want: 422, check: field("decided_on")},
		{name: "decision with a bad date", method: "POST", path: "/api/v1/evaluations/{e}/decision", who: "secA", body: `{"decided_on":"May 1"}`, want: 422, check: field("decided_on")},
		{name: "decision at another branch's meeting", method: "POST", path: "/api/v1/evaluations/{e}/decision", who: "secA", body: `{"meeting_id":999999}`, want: 422, check: field("meeting_id")},
		{name: "decide", method: "POST", path: "/api/v1/evaluations/{e}/decision", who: "secA", body: `{"decided_on":"2026-01-10","note":"党员大会表决通过"}`, want: 200,
			check: all(equals("state", "decided"), equals("decided_on", "2026-01-10"))},
		{name: "the follow-up of 不合格", method: "GET", path: "/api/v1/evaluation-followups?org={brA}", who: "secA", want: 200,
			check: all(equals("total", "1"), equals("items.0.member_id", "{mA1}"), keep("fu", "items.0.id"))},
		{name: "follow-up needs a measure", method: "PATCH", path: "/api/v1/evaluation-followups/{fu}", who: "secA", body: `{"outcome":"x","outcome_on":"2026-01-20"}`, want: 422, check: field("measure")},
		{name: "follow-up", method: "PATCH", path: "/api/v1/evaluation-followups/{fu}", who: "secA", body: `{"measure":"限期改正","outcome":"已改正","outcome_on":"2026-01-20"}`, want: 200,
			check: all(equals("measure", "限期改正"), equals("outcome_on", "2026-01-20"))},
		{name: "a viewer may not handle", method: "PATCH", path: "/api/v1/evaluation-followups/{fu}", who: "viewA", body: `{"measure":"x"}`, want: 403},
		{name: "publish", method: "POST", path: "/api/v1/evaluations/{e}/publish", who: "secA", want: 200, check: equals("state", "published")},
		{name: "a member after publication", method: "GET", path: "/api/v1/evaluations/{e}/results", who: "memA1", want: 200, check: equals("items.0.member_id", "{mA1}")},
		{name: "the member's own grade", method: "GET", path: "/api/v1/evaluations/{e}", who: "memA2", want: 200, check: all(equals("own.final", "excellent"), func(t *testing.T, f *fixture, r *result) {
			if r.has("turnout") || r.has("follow_ups") {
				t.Errorf("a member sees the voters or follow-ups: %s", r.body)
			}
		})},
		{name: "propose after publication", method: "POST", path: "/api/v1/evaluations/{e}/proposal", who: "secA",
			body: `{"grades":[{"member_id":{mA1},"grade":"qualified"},{"member_id":{mA2},"grade":"qualified"}]}`, want: 409},
	})
	if st, body := f.doRaw("GET", "/api/v1/evaluations/{e}/export?format=csv", "secA"); st != 200 || !strings.Contains(body, "不合格") {
		t.Fatalf("export: %d %s", st, body)
	}
	// The audit trail records that a1 voted, with nothing about how.
	res := f.do("GET", "/api/v1/audit?action=evaluation.vote", "admin", "")
	if res.status == 200 && strings.Contains(string(res.body), "excellent") {
		t.Errorf("the audit trail shows a grade: %s", res.body)
	}
}

// doRaw sends a request whose answer is not JSON (a file).
func (f *fixture) doRaw(method, path, who string) (int, string) {
	f.t.Helper()
	req := httptest.NewRequest(method, f.expand(path), nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestAdminReports(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.memberUser("memA1", "mA1", "brA")
	f.memberUser("memA2", "mA2", "brA")
	f.memberUser("memB1", "mB1", "brB")
	const report = `{"org_id":{brA},"reporter":"局长 王强","title":"年度工作报告","body":"一、主要工作","reported_on":"2026-01-15"}`
	f.run([]scenario{
		{name: "no title", method: "POST", path: "/api/v1/admin-reports", who: "secA", body: `{"org_id":{brA},"reporter":"x","body":"y","reported_on":"2026-01-15"}`, want: 422, check: field("title")},
		{name: "a leading group", method: "POST", path: "/api/v1/admin-reports", who: "admin",
			body: `{"org_id":{fin},"reporter":"x","title":"t","body":"y","reported_on":"2026-01-15"}`, want: 422, check: field("org_id")},
		{name: "a member may not record", method: "POST", path: "/api/v1/admin-reports", who: "memA1", body: report, want: 404},
		{name: "record", method: "POST", path: "/api/v1/admin-reports", who: "secA", body: report, want: 201,
			check: all(keep("r", "id"), equals("state", "open"), equals("voters", "2"), equals("year", "2026"))},
		{name: "due this year", method: "GET", path: "/api/v1/orgs/{brA}/admin-reports/due?year=2026", who: "secA", want: 200,
			check: all(equals("required", "1"), equals("given", "1"), equals("met", "true"), equals("rule.id", "eval.admin_head.report"))},
		{name: "a member lists what they may rate", method: "GET", path: "/api/v1/admin-reports", who: "memA1", want: 200, check: equals("total", "1")},
		{name: "another branch's member cannot see it", method: "GET", path: "/api/v1/admin-reports/{r}", who: "memB1", want: 404},
		{name: "results while open", method: "GET", path: "/api/v1/admin-reports/{r}/results", who: "secA", want: 403},
		{name: "bad rating", method: "POST", path: "/api/v1/admin-reports/{r}/ratings", who: "memA1", body: `{"rating":"ok"}`, want: 422, check: field("rating")},
		{name: "rate", method: "POST", path: "/api/v1/admin-reports/{r}/ratings", who: "memA1", body: `{"rating":"satisfied"}`, want: 201},
		{name: "rate twice", method: "POST", path: "/api/v1/admin-reports/{r}/ratings", who: "memA1", body: `{"rating":"dissatisfied"}`, want: 409},
		{name: "paper ratings", method: "POST", path: "/api/v1/admin-reports/{r}/paper-counts", who: "secA",
			body: `{"member_ids":[{mA2}],"counts":{"basically_satisfied":1}}`, want: 200, check: all(equals("voted", "2"), equals("paper_voted", "1"))},
		{name: "a member may not close", method: "POST", path: "/api/v1/admin-reports/{r}/close", who: "memA2", want: 403},
		{name: "close", method: "POST", path: "/api/v1/admin-reports/{r}/close", who: "secA", want: 200, check: equals("state", "closed")},
		{name: "rate after close", method: "POST", path: "/api/v1/admin-reports/{r}/ratings", who: "memA2", body: `{"rating":"satisfied"}`, want: 409},
		{name: "results", method: "GET", path: "/api/v1/admin-reports/{r}/results", who: "memA2", want: 200,
			check: all(equals("satisfied", "1"), equals("basically_satisfied", "1"), equals("dissatisfied", "0"))},
		{name: "export needs an org", method: "GET", path: "/api/v1/admin-reports/export", who: "secA", want: 422, check: field("org")},
	})
	if st, body := f.doRaw("GET", "/api/v1/admin-reports/export?org={brA}&year=2026&format=csv", "secA"); st != 200 || !strings.Contains(body, "年度工作报告") {
		t.Errorf("export = %d %s", st, body)
	}
}
