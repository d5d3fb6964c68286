package api_test

import (
	"strings"
	"testing"
)

func TestTrainings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("viewA", "viewer@brA")
	const day = `{"org_id":{brA},"kind":"concentrated","title":"学习贯彻党的二十大精神","start_on":"2026-03-02","end_on":"2026-03-02",
		"topic":"理论学习","materials":"党章","duration":1,"unit":"day","participants":[{"member_id":{mA1}},{"member_id":{mA2},"hours":4}]}`
	f.run([]scenario{
		{name: "record a day of concentrated study", method: "POST", path: "/api/v1/trainings", who: "secA", body: day, want: 201,
			check: all(keep("t1", "id"), equals("hours", "8"), equals("participants.0.hours", "8"), equals("participants.1.hours", "4"),
				equals("participants.1.name", "李娜"), func(t *testing.T, f *fixture, r *result) {
					if r.header.Get("Location") != "/api/v1/trainings/"+r.str("id") {
						t.Errorf("Location = %q", r.header.Get("Location"))
					}
				})},
		{name: "the API's own shape", method: "POST", path: "/api/v1/trainings", who: "secA",
			body: `{"org_id":{brA},"kind":"online","title":"网络学习","start_on":"2026-04-01","end_on":"2026-04-30","participants":[{"member_id":{mA1},"hours":10}]}`,
			want: 201, check: all(keep("t2", "id"), equals("participants.0.hours", "10"))},
		{name: "bad kind", method: "POST", path: "/api/v1/trainings", who: "secA",
			body: `{"org_id":{brA},"kind":"party","title":"x","start_on":"2026-03-02","participants":[{"member_id":{mA1},"hours":1}]}`, want: 422, check: field("kind")},
		{name: "bad start_on", method: "POST", path: "/api/v1/trainings", who: "secA",
			body: `{"org_id":{brA},"kind":"seminar","title":"x","start_on":"March","participants":[{"member_id":{mA1},"hours":1}]}`, want: 422, check: field("start_on")},
		{name: "no title", method: "POST", path: "/api/v1/trainings", who: "secA",
			body: `{"org_id":{brA},"kind":"seminar","start_on":"2026-03-02","participants":[{"member_id":{mA1},"hours":1}]}`, want: 422, check: field("title")},
		{name: "ends before it starts", method: "POST", path: "/api/v1/trainings", who: "secA",
			body: `{"org_id":{brA},"kind":"seminar","title":"x","start_on":"2026-03-02","end_on":"2026-03-01","participants":[{"member_id":{mA1},"hours":1}]}`, want: 422, check: field("end_on")},
		{name: "no hours", method: "POST", path: "/api/v1/trainings", who: "secA",
			body: `{"org_id":{brA},"kind":"seminar","title":"x","start_on":"2026-03-02","participants":[{"member_id":{mA1}}]}`, want: 422, check: field("participants[0].hours")},
		{name: "a participant of another branch", method: "POST", path: "/api/v1/trainings", who: "secA",
			body: `{"org_id":{brA},"kind":"seminar","title":"x","start_on":"2026-03-02","participants":[{"member_id":{mB1},"hours":1}]}`, want: 422, check: field("participants[0].member_id")},
		{name: "another branch is not found", method: "POST", path: "/api/v1/trainings", who: "secA",
			body: `{"org_id":{brB},"kind":"seminar","title":"x","start_on":"2026-03-02","participants":[{"member_id":{mB1},"hours":1}]}`, want: 404},
		{name: "a viewer may not record", method: "POST", path: "/api/v1/trainings", who: "viewA", body: day, want: 403},
		{name: "refused bodies stored nothing", method: "GET", path: "/api/v1/trainings?org={brA}", who: "admin", want: 200,
			check: all(equals("total", "2"), equals("items.0.id", "{t2}"), equals("items.1.participants", "2"))},
		{name: "list by dates", method: "GET", path: "/api/v1/trainings?org={brA}&from=2026-03-01&to=2026-03-31", who: "viewA", want: 200, check: equals("total", "1")},
		{name: "bad from", method: "GET", path: "/api/v1/trainings?from=x", who: "admin", want: 422, check: field("from")},
		{name: "get with participants", method: "GET", path: "/api/v1/trainings/{t1}", who: "viewA", want: 200,
			check: all(equals("participants.0.member_id", "{mA1}"), equals("unit", "day"), equals("meeting_id", "<nil>"))},

		{name: "a member's hours", method: "GET", path: "/api/v1/members/{mA1}/hours?year=2026", who: "admin", want: 200,
			check: all(equals("member_id", "{mA1}"), equals("year", "2026"), equals("hours", "18"), equals("from_meetings", "0"),
				equals("required", "32"), equals("rule", "edu.member.hours"), equals("short_by", "14"))},
		{name: "bad year", method: "GET", path: "/api/v1/members/{mA1}/hours?year=abc", who: "admin", want: 422, check: field("year")},
		{name: "another branch's member is not found", method: "GET", path: "/api/v1/members/{mB1}/hours", who: "secA", want: 404},
		{name: "an organization's hours", method: "GET", path: "/api/v1/orgs/{brA}/hours?year=2026", who: "admin", want: 200,
			check: all(equals("items.0.member_id", "{mA1}"), equals("items.0.name", "张伟"), equals("items.0.hours", "18"), equals("items.0.required", "32"),
				equals("items.0.short_by", "14"), equals("items.0.meetings_as_training", "false"), equals("items.1.short_by", "28"))},
		{name: "the roll-up", method: "GET", path: "/api/v1/orgs/{root}/hours/rollup?year=2026", who: "admin", want: 200,
			check: all(equals("totals.members", "3"), equals("short", "3"), equals("units.0.name", "县财政局党组"), equals("orgs.0.short", "2"))},

		{name: "correction without reason", method: "PATCH", path: "/api/v1/trainings/{t1}", who: "secA",
			body: `{"participants":[{"member_id":{mA1},"hours":6}]}`, want: 422, check: field("reason")},
		{name: "correct the hours", method: "PATCH", path: "/api/v1/trainings/{t1}", who: "secA",
			body: `{"participants":[{"member_id":{mA1},"hours":6}],"reason":"提前离场"}`, want: 200, check: equals("participants.0.hours", "6")},
		{name: "hours follow the correction", method: "GET", path: "/api/v1/members/{mA1}/hours?year=2026", who: "admin", want: 200, check: equals("hours", "16")},
		{name: "revisions", method: "GET", path: "/api/v1/trainings/{t1}/revisions", who: "admin", want: 200, check: all(equals("total", "1"), equals("items.0.reason", "提前离场"))},
		{name: "delete without reason", method: "DELETE", path: "/api/v1/trainings/{t2}", who: "secA", want: 422, check: field("reason")},
		{name: "delete", method: "DELETE", path: "/api/v1/trainings/{t2}?reason=重复", who: "secA", want: 204},
		{name: "hours follow the deletion", method: "GET", path: "/api/v1/members/{mA1}/hours?year=2026", who: "admin", want: 200, check: equals("hours", "6")},
		{name: "bad export format", method: "GET", path: "/api/v1/orgs/{brA}/hours/export?format=pdf", who: "admin", want: 422, check: field("format")},
	})
	for _, c := range []struct {
		path, want string
		rows       int
	}{
		{"/api/v1/trainings/export?org={brA}&format=csv", "学习贯彻党的二十大精神", 1},
		{"/api/v1/orgs/{brA}/hours/export?year=2026", "张伟", 2},
		{"/api/v1/orgs/{root}/hours/rollup/export?year=2026&format=csv", "财政局第一党支部", 2},
		{"/api/v1/orgs/{root}/secretary-lectures/export?year=2026&format=xlsx", "", 2},
	} {
		res := f.download(c.path, "admin")
		if res.status != 200 {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
		_, rows := table(t, res.body)
		if len(rows) != c.rows || (c.want != "" && !strings.Contains(strings.Join(rows[0], ","), c.want)) {
			t.Errorf("%s: rows %v", c.path, rows)
		}
	}
}

func TestTrainingFromMeetings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.run([]scenario{
		{name: "a lecture", method: "POST", path: "/api/v1/meetings", who: "secA",
			body: `{"org_id":{brA},"kind":"lecture","held_at":"2026-03-11T09:00:00+08:00","topic":"党课：坚定理想信念","lecturer_id":{mA1},
				"attendance":[{"member_id":{mA1},"status":"present"},{"member_id":{mA2},"status":"absent"}]}`, want: 201, check: keep("m", "id")},
		{name: "credit the hours", method: "POST", path: "/api/v1/meetings/{m}/hours", who: "secA",
			body: `{"kind":"branch_study","duration":2,"unit":"hour"}`, want: 201,
			check: all(equals("meeting_id", "{m}"), equals("participants.0.member_id", "{mA1}"), equals("title", "党课：坚定理想信念"))},
		{name: "no duration", method: "POST", path: "/api/v1/meetings/{m}/hours", who: "secA", body: `{"kind":"branch_study"}`, want: 422, check: field("duration")},
		{name: "hours from meetings", method: "GET", path: "/api/v1/members/{mA1}/hours?year=2026", who: "admin", want: 200,
			check: all(equals("hours", "2"), equals("from_meetings", "2"), equals("meetings_as_training", "true"))},
		{name: "flagged in the organization's list", method: "GET", path: "/api/v1/orgs/{brA}/hours?year=2026", who: "admin", want: 200,
			check: all(equals("items.0.meetings_as_training", "true"), equals("flagged", "true"))},
		{name: "the threshold is a local setting", method: "GET", path: "/api/v1/settings/meetings-as-training", who: "admin", want: 200,
			check: all(func(t *testing.T, f *fixture, r *result) {
				if string(r.raw("min_share")) != "0.8" {
					t.Errorf("min_share = %s", r.raw("min_share"))
				}
			}, equals("set", "false"), equals("source", "local"))},
		{name: "set it", method: "PUT", path: "/api/v1/settings/meetings-as-training", who: "admin", body: `{"min_share":0.9}`, want: 200, check: equals("set", "true")},
		{name: "out of range", method: "PUT", path: "/api/v1/settings/meetings-as-training", who: "admin", body: `{"min_share":2}`, want: 422, check: field("min_share")},
		{name: "a secretary may not set it", method: "PUT", path: "/api/v1/settings/meetings-as-training", who: "secA", body: `{"min_share":0.5}`, want: 403},
		{name: "secretaries' lectures", method: "GET", path: "/api/v1/orgs/{root}/secretary-lectures?year=2026", who: "admin", want: 200,
			check: all(equals("total", "2"), equals("items.0.finding.rule", "orglife.lecture.secretary_yearly"))},
	})
}
