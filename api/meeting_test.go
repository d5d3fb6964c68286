package api_test

import (
	"strings"
	"testing"
)

func TestMeetings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("viewA", "viewer@brA")
	const assembly = `{"org_id":{brA},"kind":"assembly","held_at":"2026-03-31T23:30:00+08:00","topic":"学习党章","location":"三楼会议室",
		"host_id":{mA1},"attendance":[{"member_id":{mA1},"status":"present"},{"member_id":{mA2},"status":"present"}]}`
	count := func(month, next, want string) scenario {
		return scenario{name: "list in " + month + " has " + want, method: "GET", path: "/api/v1/meetings?org={brA}&from=" + month + "-01&to=" + next + "-01",
			who: "admin", want: 200, check: equals("total", want)}
	}
	f.run([]scenario{
		{name: "record an assembly", method: "POST", path: "/api/v1/meetings", who: "secA", body: assembly, want: 201,
			check: all(keep("m1", "id"), equals("quorum.required", "2"), equals("quorum.present", "2"), equals("quorum.met", "true"),
				equals("counted", "true"), equals("held_at", "2026-03-31T15:30:00Z"), equals("attendance.1.name", "李娜"), equals("suspected_merged", "false"),
				func(t *testing.T, f *fixture, r *result) {
					if r.header.Get("Location") != "/api/v1/meetings/"+r.str("id") {
						t.Errorf("Location = %q", r.header.Get("Location"))
					}
				})},
		{name: "below quorum is recorded but not counted", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"assembly","held_at":"2026-03-10T09:00:00+08:00","topic":"学习","attendance":[{"member_id":{mA1},"status":"present"},{"member_id":{mA2},"status":"leave","reason":"出差"}]}`,
			want: 201, check: all(keep("m2", "id"), equals("quorum.met", "false"), equals("counted", "false"), equals("attendance.1.reason", "出差"))},
		{name: "merged with an administrative meeting", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"lecture","held_at":"2026-03-11T09:00:00+08:00","topic":"党课","lecturer_id":{mA1},"merged_with_admin":true,"attendance":[]}`,
			want: 201, check: all(keep("m3", "id"), equals("counted", "false"), equals("quorum.met", "true"), equals("lecturer_id", "{mA1}"))},

		{name: "bad held_at names the field", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"assembly","held_at":"2026-03-10 09:00","topic":"x"}`, want: 422, check: field("held_at")},
		{name: "missing held_at", method: "POST", path: "/api/v1/meetings", who: "secA", body: `{"org_id":{brA},"kind":"assembly","topic":"x"}`, want: 422, check: field("held_at")},
		{name: "bad kind", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"party","held_at":"2026-03-10T09:00:00+08:00","topic":"x"}`, want: 422, check: field("kind")},
		{name: "leave without reason", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"assembly","held_at":"2026-03-10T09:00:00+08:00","topic":"x","attendance":[{"member_id":{mA1},"status":"present"},{"member_id":{mA2},"status":"leave"}]}`,
			want: 422, check: field("attendance[1].reason")},
		{name: "attendee of another branch", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"assembly","held_at":"2026-03-10T09:00:00+08:00","topic":"x","attendance":[{"member_id":{mB1},"status":"present"}]}`,
			want: 422, check: field("attendance[0].member_id")},
		{name: "lecturer on an assembly", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"assembly","held_at":"2026-03-10T09:00:00+08:00","topic":"x","lecturer_id":{mA1}}`, want: 422, check: field("lecturer_id")},
		{name: "unknown field", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"assembly","held_at":"2026-03-10T09:00:00+08:00","topic":"x","counted":true}`, want: 422, check: field("counted")},
		{name: "another branch is not found", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brB},"kind":"theme_day","held_at":"2026-03-10T09:00:00+08:00","topic":"x"}`, want: 404},
		{name: "a viewer may not record", method: "POST", path: "/api/v1/meetings", who: "viewA",
			body: `{"org_id":{brA},"kind":"theme_day","held_at":"2026-03-10T09:00:00+08:00","topic":"x"}`, want: 403},
		{name: "refused bodies stored nothing", method: "GET", path: "/api/v1/meetings?org={brA}", who: "admin", want: 200, check: equals("total", "3")},

		{name: "list by kind, newest first", method: "GET", path: "/api/v1/meetings?kind=assembly", who: "viewA", want: 200,
			check: all(equals("total", "2"), equals("items.0.id", "{m1}"), equals("items.0.quorum.met", "true"))},
		count("2026-03", "2026-04", "3"),
		{name: "paging", method: "GET", path: "/api/v1/meetings?per_page=1&page=2", who: "admin", want: 200,
			check: all(equals("total", "3"), equals("per_page", "1"), equals("items.0.id", "{m3}"))},
		{name: "bad kind filter", method: "GET", path: "/api/v1/meetings?kind=x", who: "admin", want: 422, check: field("kind")},
		{name: "bad from", method: "GET", path: "/api/v1/meetings?from=March", who: "admin", want: 422, check: field("from")},
		{name: "out-of-scope org filter", method: "GET", path: "/api/v1/meetings?org={brB}", who: "secA", want: 404},
		{name: "get with attendance", method: "GET", path: "/api/v1/meetings/{m1}", who: "viewA", want: 200,
			check: all(equals("attendance.0.member_id", "{mA1}"), equals("attendance.0.status", "present"), equals("topic", "学习党章"))},
		{name: "unknown meeting", method: "GET", path: "/api/v1/meetings/999999", who: "admin", want: 404},

		{name: "correction without reason", method: "PATCH", path: "/api/v1/meetings/{m1}", who: "secA",
			body: `{"held_at":"2026-04-02T09:00:00+08:00"}`, want: 422, check: field("reason")},
		{name: "correction with a bad status", method: "PATCH", path: "/api/v1/meetings/{m1}", who: "secA",
			body: `{"attendance":[{"member_id":{mA1},"status":"late"}],"reason":"x"}`, want: 422, check: field("attendance[0].status")},
		{name: "refused corrections changed nothing", method: "GET", path: "/api/v1/meetings/{m1}", who: "admin", want: 200,
			check: all(equals("held_at", "2026-03-31T15:30:00Z"), equals("attendance.1.status", "present"))},
		{name: "correct the date", method: "PATCH", path: "/api/v1/meetings/{m1}", who: "secA",
			body: `{"held_at":"2026-04-02T09:00:00+08:00","host_id":null,"reason":"日期录错"}`, want: 200,
			check: all(equals("held_at", "2026-04-02T01:00:00Z"), equals("counted", "true"), func(t *testing.T, f *fixture, r *result) {
				if v, _ := r.get("host_id"); v != nil {
					t.Errorf("host_id not cleared: %s", r.body)
				}
			})},
		count("2026-03", "2026-04", "2"),
		count("2026-04", "2026-05", "1"),
		{name: "the old values are kept", method: "GET", path: "/api/v1/meetings/{m1}/revisions", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.reason", "日期录错"), equals("items.0.actor", "secA"))},
		{name: "a viewer may not correct", method: "PATCH", path: "/api/v1/meetings/{m1}", who: "viewA", body: `{"topic":"改","reason":"x"}`, want: 403},

		{name: "delete without reason", method: "DELETE", path: "/api/v1/meetings/{m2}", who: "secA", want: 422, check: field("reason")},
		{name: "delete with reason in the query", method: "DELETE", path: "/api/v1/meetings/{m2}?reason=重复录入", who: "secA", want: 204},
		{name: "deleted meeting is kept, marked", method: "GET", path: "/api/v1/meetings/{m2}", who: "admin", want: 200,
			check: all(equals("deleted", "true"), equals("delete_reason", "重复录入"), equals("counted", "false"))},
		count("2026-03", "2026-04", "1"),
		{name: "delete again", method: "DELETE", path: "/api/v1/meetings/{m2}", who: "secA", body: `{"reason":"再删"}`, want: 409},
	})
	f.user("auditor", "auditor@root")
	f.run([]scenario{
		{name: "the correction is audited with its reason", method: "GET", path: "/api/v1/audit?action=meeting.update", who: "auditor", want: 200,
			check: all(equals("total", "1"), func(t *testing.T, f *fixture, r *result) {
				if c := r.str("items.0.changes"); !strings.Contains(c, "日期录错") || !strings.Contains(c, "held_at") || !strings.Contains(c, "host_id") {
					t.Errorf("changes = %s", c)
				}
			})},
	})
}

func TestAdminMeetingsAndRoster(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.run([]scenario{
		{name: "register an administrative meeting", method: "POST", path: "/api/v1/admin-meetings", who: "admin",
			body: `{"org_id":{fin},"held_at":"2026-05-10T09:00:00+08:00","ends_at":"2026-05-10T11:00:00+08:00","title":"局务会"}`, want: 201,
			check: equals("title", "局务会")},
		{name: "ends before it starts", method: "POST", path: "/api/v1/admin-meetings", who: "admin",
			body: `{"org_id":{fin},"held_at":"2026-05-10T09:00:00+08:00","ends_at":"2026-05-10T08:00:00+08:00","title":"x"}`, want: 422, check: field("ends_at")},
		{name: "bad ends_at", method: "POST", path: "/api/v1/admin-meetings", who: "admin",
			body: `{"org_id":{fin},"held_at":"2026-05-10T09:00:00+08:00","ends_at":"11:00","title":"x"}`, want: 422, check: field("ends_at")},
		{name: "another unit is not found", method: "POST", path: "/api/v1/admin-meetings", who: "secA",
			body: `{"org_id":{edu},"held_at":"2026-05-10T09:00:00+08:00","ends_at":"2026-05-10T11:00:00+08:00","title":"x"}`, want: 404},
		{name: "an overlapping party meeting is suspected merged", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"theme_day","held_at":"2026-05-10T10:00:00+08:00","topic":"主题党日","attendance":[{"member_id":{mA1},"status":"present"}]}`,
			want: 201, check: all(keep("m", "id"), equals("suspected_merged", "true"), equals("counted", "false"))},
		{name: "confirm without reason", method: "POST", path: "/api/v1/meetings/{m}/confirm-separate", who: "secA", body: `{}`, want: 422, check: field("reason")},
		{name: "confirm separate", method: "POST", path: "/api/v1/meetings/{m}/confirm-separate", who: "secA", body: `{"reason":"会后单独召开，有签到表"}`, want: 200,
			check: all(equals("suspected_merged", "false"), equals("counted", "true"), equals("separate_reason", "会后单独召开，有签到表"))},
		{name: "confirm twice", method: "POST", path: "/api/v1/meetings/{m}/confirm-separate", who: "secA", body: `{"reason":"x"}`, want: 409},

		{name: "assembly roster", method: "GET", path: "/api/v1/orgs/{brA}/meeting-roster?kind=assembly", who: "secA", want: 200,
			check: all(equals("total", "2"), equals("items.0.full", "true"), func(t *testing.T, f *fixture, r *result) {
				if r.str("items.0.name") == "" {
					t.Error("roster without names")
				}
			})},
		{name: "committee roster without a committee is empty", method: "GET", path: "/api/v1/orgs/{brA}/meeting-roster?kind=committee", who: "secA", want: 200,
			check: equals("total", "0")},
		{name: "roster needs a kind", method: "GET", path: "/api/v1/orgs/{brA}/meeting-roster", who: "secA", want: 422, check: field("kind")},
		{name: "roster of another branch", method: "GET", path: "/api/v1/orgs/{brB}/meeting-roster?kind=assembly", who: "secA", want: 404},
	})
}

func TestTalks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.run([]scenario{
		{name: "committee: a secretary alone", method: "PUT", path: "/api/v1/orgs/{brA}/committee", who: "admin",
			body: `{"term_start":"2025-01-01","term_end":"2028-01-01","posts":[{"member_id":{mA1},"post":"secretary"}]}`, want: 200},
		{name: "coverage before any talk", method: "GET", path: "/api/v1/orgs/{brA}/talks/coverage?year=2026", who: "secA", want: 200,
			check: all(equals("required", "1"), equals("done", "0"), equals("missing.0.a_name", "张伟"))},
		{name: "record a talk", method: "POST", path: "/api/v1/talks", who: "secA",
			body: `{"org_id":{brA},"a_id":{mA2},"b_id":{mA1},"held_on":"2026-03-05","topic":"思想交流"}`, want: 201,
			check: all(equals("held_on", "2026-03-05"), equals("a_name", "李娜"))},
		{name: "covered, whichever way round", method: "GET", path: "/api/v1/orgs/{brA}/talks/coverage?year=2026", who: "secA", want: 200,
			check: all(equals("required", "1"), equals("done", "1"), func(t *testing.T, f *fixture, r *result) {
				if !r.has("missing") || r.has("missing.0") {
					t.Errorf("missing = %s", r.body)
				}
			})},
		{name: "another year is not covered", method: "GET", path: "/api/v1/orgs/{brA}/talks/coverage?year=2025", who: "secA", want: 200, check: equals("done", "0")},
		{name: "same person", method: "POST", path: "/api/v1/talks", who: "secA",
			body: `{"org_id":{brA},"a_id":{mA1},"b_id":{mA1},"held_on":"2026-03-05"}`, want: 422, check: field("b_id")},
		{name: "a member of another branch", method: "POST", path: "/api/v1/talks", who: "secA",
			body: `{"org_id":{brA},"a_id":{mA1},"b_id":{mB1},"held_on":"2026-03-05"}`, want: 422, check: field("b_id")},
		{name: "bad date", method: "POST", path: "/api/v1/talks", who: "secA",
			body: `{"org_id":{brA},"a_id":{mA1},"b_id":{mA2},"held_on":"2026-02-30"}`, want: 422, check: field("held_on")},
		{name: "future date", method: "POST", path: "/api/v1/talks", who: "secA",
			body: `{"org_id":{brA},"a_id":{mA1},"b_id":{mA2},"held_on":"2999-01-01"}`, want: 422, check: field("held_on")},
		{name: "another branch is not found", method: "POST", path: "/api/v1/talks", who: "secA",
			body: `{"org_id":{brB},"a_id":{mB1},"b_id":{mA1},"held_on":"2026-03-05"}`, want: 404},
		{name: "another branch's coverage", method: "GET", path: "/api/v1/orgs/{brB}/talks/coverage?year=2026", who: "secA", want: 404},
		{name: "bad year", method: "GET", path: "/api/v1/orgs/{brA}/talks/coverage?year=twenty", who: "secA", want: 422, check: field("year")},
		{name: "refused talks stored nothing", method: "GET", path: "/api/v1/orgs/{brA}/talks/coverage?year=2026", who: "admin", want: 200, check: equals("done", "1")},
	})
}
