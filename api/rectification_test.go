package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// dates sets {past} (a month ago) and {future} (two months ahead) from
// the app's today, so deadlines are overdue or not whatever the day.
func (f *fixture) dates() {
	today := f.app.Today()
	f.vars["past"] = today.AddDays(-30).String()
	f.vars["future"] = today.AddDays(60).String()
	f.vars["year"] = itoa(today.Year())
}

func TestRectifications(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.dates()
	f.user("secA", "org_admin@brA")
	f.user("secB", "org_admin@brB")
	f.user("fin", "committee_admin@fin")
	f.user("viewer", "viewer@root")
	f.run([]scenario{
		{name: "create", method: "POST", path: "/api/v1/rectifications", who: "secA", want: 201,
			body:  `{"org_id":{brA},"source":"life_meeting","problem":"谈心谈话开展不经常","owner_id":{mA1},"deadline":"{past}"}`,
			check: all(keep("r1", "id"), equals("status", "open"), equals("progress", "0"), equals("overdue", "true"), equals("owner_name", "张伟"))},
		{name: "no problem", method: "POST", path: "/api/v1/rectifications", who: "secA", want: 422,
			body: `{"org_id":{brA},"source":"life_meeting","problem":"","deadline":"{past}"}`, check: field("problem")},
		{name: "unknown source", method: "POST", path: "/api/v1/rectifications", who: "secA", want: 422,
			body: `{"org_id":{brA},"source":"rumour","problem":"x","deadline":"{past}"}`, check: field("source")},
		{name: "bad deadline", method: "POST", path: "/api/v1/rectifications", who: "secA", want: 422,
			body: `{"org_id":{brA},"source":"other","problem":"x","deadline":"2026-13-01"}`, check: field("deadline")},
		{name: "owner from another branch", method: "POST", path: "/api/v1/rectifications", who: "secA", want: 422,
			body: `{"org_id":{brA},"source":"other","problem":"x","owner_id":{mB1},"deadline":"{future}"}`, check: field("owner_id")},
		{name: "another branch's ledger", method: "POST", path: "/api/v1/rectifications", who: "secB", want: 404,
			body: `{"org_id":{brA},"source":"other","problem":"x","deadline":"{future}"}`},
		{name: "a viewer", method: "POST", path: "/api/v1/rectifications", who: "viewer", want: 403,
			body: `{"org_id":{brA},"source":"other","problem":"x","deadline":"{future}"}`},
		{name: "an item of brB, not overdue", method: "POST", path: "/api/v1/rectifications", who: "secB", want: 201,
			body: `{"org_id":{brB},"source":"inspection","problem":"党费收缴不及时","deadline":"{future}"}`, check: equals("overdue", "false")},

		{name: "list overdue", method: "GET", path: "/api/v1/rectifications?overdue=1", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.id", "{r1}"))},
		{name: "list by org", method: "GET", path: "/api/v1/rectifications?org={edu}", who: "admin", want: 200, check: equals("total", "1")},
		{name: "list by status", method: "GET", path: "/api/v1/rectifications?status=open", who: "admin", want: 200, check: equals("total", "2")},
		{name: "a branch lists its own", method: "GET", path: "/api/v1/rectifications", who: "secB", want: 200, check: equals("total", "1")},
		{name: "bad status filter", method: "GET", path: "/api/v1/rectifications?status=closed", who: "admin", want: 422, check: field("status")},
		{name: "bad overdue filter", method: "GET", path: "/api/v1/rectifications?overdue=maybe", who: "admin", want: 422, check: field("overdue")},

		{name: "progress over 100", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secA", want: 422,
			body: `{"status":"in_progress","progress":150,"note":"x"}`, check: field("progress")},
		{name: "unknown status", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secA", want: 422,
			body: `{"status":"closed","note":"x"}`, check: field("status")},
		{name: "progress as text", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secA", want: 422,
			body: `{"status":"in_progress","progress":"half","note":"x"}`, check: field("progress")},
		{name: "in progress", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secA", want: 200,
			body:  `{"status":"in_progress","progress":40,"note":"已谈3人","evidence":"谈话记录3份"}`,
			check: all(equals("status", "in_progress"), equals("progress", "40"), equals("overdue", "true"))},
		{name: "back to open", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secA", want: 409,
			body: `{"status":"open","note":"x"}`},
		{name: "verify before done", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "fin", want: 409,
			body: `{"status":"verified"}`},
		{name: "another branch updates", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secB", want: 404,
			body: `{"status":"done","note":"x"}`},
		{name: "done", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secA", want: 200,
			body: `{"status":"done","note":"全部谈完"}`, check: all(equals("status", "done"), equals("progress", "100"), equals("overdue", "false"))},
		{name: "done twice", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secA", want: 409,
			body: `{"status":"done","note":"x"}`},
		{name: "the branch verifies its own item", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "secA", want: 403,
			body: `{"status":"verified"}`},
		{name: "the level above verifies", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "fin", want: 200,
			body: `{"status":"verified","note":"抽查属实"}`, check: all(equals("status", "verified"), equals("verified_by", "fin"))},
		{name: "closed for good", method: "POST", path: "/api/v1/rectifications/{r1}/updates", who: "fin", want: 409,
			body: `{"status":"in_progress","note":"x"}`},
		{name: "the timeline", method: "GET", path: "/api/v1/rectifications/{r1}", who: "viewer", want: 200,
			check: all(equals("updates.0.status", "open"), equals("updates.1.evidence", "谈话记录3份"), equals("updates.3.status", "verified"),
				equals("updates.3.by", "fin"))},
		{name: "hidden from another branch", method: "GET", path: "/api/v1/rectifications/{r1}", who: "secB", want: 404},
		{name: "roll-up", method: "GET", path: "/api/v1/orgs/{root}/rectifications/rollup?sort=verified", who: "admin", want: 200,
			check: all(equals("total.total", "2"), equals("total.verified", "1"), equals("items.0.self", "true"), equals("items.1.org_id", "{fin}"),
				equals("items.1.counts.verified", "1"), equals("items.2.org_id", "{edu}"))},
		{name: "roll-up, bad sort", method: "GET", path: "/api/v1/orgs/{root}/rectifications/rollup?sort=size", who: "admin", want: 422, check: field("sort")},
		{name: "roll-up of a hidden org", method: "GET", path: "/api/v1/orgs/{fin}/rectifications/rollup", who: "secB", want: 404},
	})
	for _, p := range []string{"/api/v1/rectifications/export?format=csv", "/api/v1/orgs/{root}/rectifications/rollup?format=csv"} {
		req := httptest.NewRequest("GET", f.expand(p), nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "csv") || !strings.Contains(rec.Body.String(), "谈心谈话开展不经常") &&
			!strings.Contains(rec.Body.String(), "县财政局党组") {
			t.Errorf("export %s: %d %q\n%s", p, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
}

func TestCadreOpinions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.dates()
	f.user("hruser", "personnel@root")
	f.user("secA", "org_admin@brA")
	f.user("secB", "org_admin@brB")
	f.user("fin", "committee_admin@fin")
	f.user("viewer", "viewer@root")
	f.run([]scenario{
		{name: "a branch may not ask", method: "POST", path: "/api/v1/cadre-opinions", who: "secA", want: 403,
			body: `{"member_id":{mA1},"org_id":{brA},"deadline":"{future}"}`},
		{name: "no member", method: "POST", path: "/api/v1/cadre-opinions", who: "hruser", want: 422,
			body: `{"org_id":{brA},"deadline":"{future}"}`, check: field("member_id")},
		{name: "not the member's branch", method: "POST", path: "/api/v1/cadre-opinions", who: "hruser", want: 422,
			body: `{"member_id":{mA1},"org_id":{brB},"deadline":"{future}"}`, check: field("org_id")},
		{name: "a past deadline", method: "POST", path: "/api/v1/cadre-opinions", who: "hruser", want: 422,
			body: `{"member_id":{mA1},"org_id":{brA},"deadline":"{past}"}`, check: field("deadline")},
		{name: "ask", method: "POST", path: "/api/v1/cadre-opinions", who: "hruser", want: 201,
			body:  `{"member_id":{mA1},"org_id":{brA},"deadline":"{future}","note":"拟提任副科长"}`,
			check: all(keep("c1", "id"), equals("status", "pending"), equals("member_name", "张伟"))},
		{name: "personnel reads", method: "GET", path: "/api/v1/cadre-opinions/{c1}", who: "hruser", want: 200},
		{name: "the branch reads", method: "GET", path: "/api/v1/cadre-opinions/{c1}", who: "secA", want: 200},
		{name: "the working committee reads", method: "GET", path: "/api/v1/cadre-opinions/{c1}", who: "admin", want: 200},
		{name: "another branch: hidden", method: "GET", path: "/api/v1/cadre-opinions/{c1}", who: "secB", want: 404},
		{name: "the leading group: hidden", method: "GET", path: "/api/v1/cadre-opinions/{c1}", who: "fin", want: 404},
		{name: "a viewer: hidden", method: "GET", path: "/api/v1/cadre-opinions/{c1}", who: "viewer", want: 404},
		{name: "a viewer may read the member", method: "GET", path: "/api/v1/members/{mA1}", who: "viewer", want: 200},
		{name: "but not the opinions on the record", method: "GET", path: "/api/v1/members/{mA1}/cadre-opinions", who: "viewer", want: 403},
		{name: "the leading group lists none", method: "GET", path: "/api/v1/cadre-opinions", who: "fin", want: 200, check: equals("total", "0")},
		{name: "personnel answers", method: "POST", path: "/api/v1/cadre-opinions/{c1}/answer", who: "hruser", want: 403, body: `{"opinion":"agree"}`},
		{name: "the leading group answers", method: "POST", path: "/api/v1/cadre-opinions/{c1}/answer", who: "fin", want: 404, body: `{"opinion":"agree"}`},
		{name: "disagree without reasons", method: "POST", path: "/api/v1/cadre-opinions/{c1}/answer", who: "secA", want: 422,
			body: `{"opinion":"disagree","reasons":""}`, check: field("reasons")},
		{name: "unknown opinion", method: "POST", path: "/api/v1/cadre-opinions/{c1}/answer", who: "secA", want: 422,
			body: `{"opinion":"neutral"}`, check: field("opinion")},
		{name: "answer", method: "POST", path: "/api/v1/cadre-opinions/{c1}/answer", who: "secA", want: 200,
			body:  `{"opinion":"agree_with_reservations","reasons":"群众基础一般"}`,
			check: all(equals("status", "answered"), equals("opinion", "agree_with_reservations"), equals("answered_by", "secA"))},
		{name: "answer twice", method: "POST", path: "/api/v1/cadre-opinions/{c1}/answer", who: "secA", want: 409, body: `{"opinion":"agree"}`},
		{name: "on the member's record", method: "GET", path: "/api/v1/members/{mA1}/cadre-opinions", who: "hruser", want: 200,
			check: all(equals("total", "1"), equals("items.0.reasons", "群众基础一般"))},
	})
}

func TestDLMAndSecretaryReports(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.dates()
	f.user("fin", "committee_admin@fin")
	f.user("secA", "org_admin@brA")
	f.run([]scenario{
		{name: "a DLM of the leading group", method: "POST", path: "/api/v1/meetings", who: "fin", want: 201,
			body: `{"org_id":{fin},"kind":"democratic_life_meeting","held_at":"{past}T01:00:00Z","topic":"民主生活会",` +
				`"attendance":[{"member_id":{mA1},"status":"present"},{"member_id":{mA2},"status":"present"}]}`, check: keep("m1", "id")},
		{name: "the subtree list", method: "GET", path: "/api/v1/orgs/{root}/dlm?year={year}", who: "admin", want: 200,
			check: all(equals("total", "2"), equals("items.0.held", "true"), equals("items.0.quorum.met", "true"), equals("items.0.oversight", "false"))},
		{name: "a branch has no DLM", method: "GET", path: "/api/v1/orgs/{brA}/dlm/{year}", who: "admin", want: 422, check: field("org_id")},
		{name: "record oversight", method: "PUT", path: "/api/v1/orgs/{fin}/dlm/{year}", who: "fin", want: 200,
			body:  `{"meeting_id":{m1},"opinions":[{"from":"基层支部","gist":"调研不够"}],"criticisms":[{"member_id":{mA1},"self_criticism":"学习不够","criticism_received":"联系群众少"}],"notes":"质量较高"}`,
			check: all(equals("oversight.opinions.0.from", "基层支部"), equals("oversight.criticisms.0.name", "张伟"), equals("meeting.id", "{m1}"))},
		{name: "a criticism of someone absent", method: "PUT", path: "/api/v1/orgs/{fin}/dlm/{year}", who: "fin", want: 422,
			body: `{"meeting_id":{m1},"criticisms":[{"member_id":{mB1},"self_criticism":"x"}]}`, check: field("criticisms[0].member_id")},
		{name: "send the report", method: "POST", path: "/api/v1/orgs/{fin}/dlm/{year}/report", who: "fin", want: 200,
			body: `{"report":"监督情况报告"}`, check: equals("oversight.report_status", "sent")},
		{name: "the group may not receive it", method: "POST", path: "/api/v1/orgs/{fin}/dlm/{year}/report/receive", who: "fin", want: 403},
		{name: "the level above receives", method: "POST", path: "/api/v1/orgs/{fin}/dlm/{year}/report/receive", who: "admin", want: 200,
			check: equals("oversight.report_status", "received")},

		{name: "a secretary's report", method: "POST", path: "/api/v1/secretary-reports", who: "secA", want: 201,
			body: `{"org_id":{brA},"year":{year},"member_id":{mA1},"report":"抓党建工作述职"}`, check: all(keep("s1", "id"), equals("status", "submitted"))},
		{name: "a second one", method: "POST", path: "/api/v1/secretary-reports", who: "secA", want: 409,
			body: `{"org_id":{brA},"year":{year},"report":"again"}`},
		{name: "the branch grades itself", method: "POST", path: "/api/v1/secretary-reports/{s1}/grade", who: "secA", want: 403,
			body: `{"grade":"good"}`},
		{name: "a bad grade", method: "POST", path: "/api/v1/secretary-reports/{s1}/grade", who: "fin", want: 422,
			body: `{"grade":"excellent"}`, check: field("grade")},
		{name: "grade, naming a problem", method: "POST", path: "/api/v1/secretary-reports/{s1}/grade", who: "fin", want: 200,
			body:  `{"grade":"fairly_good","comments":"较扎实","problems":["党员教育形式单一"],"deadline":"{future}"}`,
			check: all(equals("grade", "fairly_good"), equals("rectifications.0.source", "report"), equals("rectifications.0.owner_id", "{mA1}"))},
		{name: "results of the year", method: "GET", path: "/api/v1/secretary-reports?org={root}&year={year}", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("counts.grades.fairly_good", "1"), equals("counts.due", "4"))},
	})
}
