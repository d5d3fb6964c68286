package api_test

import (
	"testing"
	"time"
)

func TestDualLife(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.app.DB().SetNow(func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) })
	f.user("viewB", "viewer@brB")
	f.user("viewA", "viewer@brA")
	meeting := func(kind, at, a1, a2 string) scenario {
		return scenario{name: "record " + kind, method: "POST", path: "/api/v1/meetings", who: "admin", want: 201,
			body: `{"org_id":{brA},"kind":"` + kind + `","held_at":"` + at + `","topic":"学习",
				"attendance":[{"member_id":{mA1},"status":"` + a1 + `"},{"member_id":{mA2},"status":"` + a2 + `"}]}`,
			check: equals("counted", "true")}
	}
	findings := func(path string, n int) func(*testing.T, *fixture, *result) {
		return func(t *testing.T, f *fixture, r *result) {
			t.Helper()
			if r.has(path+"."+itoa(n)) || (n > 0 && !r.has(path+"."+itoa(n-1))) {
				t.Errorf("%s: want %d findings: %s", path, n, r.raw(path))
			}
		}
	}
	f.run([]scenario{
		{name: "no leading cadres yet", method: "GET", path: "/api/v1/orgs/{fin}/dual-life?year=2026", who: "admin", want: 200,
			check: all(equals("org_id", "{fin}"), equals("year", "2026"), findings("items", 0),
				func(t *testing.T, f *fixture, r *result) {
					if v, _ := r.get("min_share"); v != 0.5 {
						t.Errorf("min_share = %v", v)
					}
				})},
		{name: "mark mA1 a leading cadre", method: "PATCH", path: "/api/v1/members/{mA1}", who: "admin", body: `{"leading_cadre":true}`, want: 200},
		{name: "mark mA2 a leading cadre", method: "PATCH", path: "/api/v1/members/{mA2}", who: "admin", body: `{"leading_cadre":true}`, want: 200},
		meeting("assembly", "2026-03-20T09:00:00+08:00", "present", "present"),
		meeting("theme_day", "2026-04-20T09:00:00+08:00", "present", "absent"),
		meeting("life_meeting", "2026-05-20T09:00:00+08:00", "present", "absent"),
		{name: "the one short first, with findings citing the rule", method: "GET", path: "/api/v1/orgs/{fin}/dual-life?year=2026", who: "admin", want: 200,
			check: all(equals("short", "1"),
				equals("items.0.member_id", "{mA2}"), equals("items.0.name", "李娜"), equals("items.0.branch_id", "{brA}"),
				equals("items.0.branch_name", "财政局第一党支部"), equals("items.0.leading_group_id", "{fin}"),
				equals("items.0.held", "3"), equals("items.0.attended", "1"), equals("items.0.required", "2"), equals("items.0.status", "short"),
				equals("items.0.life_meeting", "no"), equals("items.0.dlm", "none"),
				equals("items.0.findings.0.rule", "orglife.dual_life"), equals("items.0.findings.1.rule", "orglife.dual_life"), findings("items.0.findings", 2),
				equals("items.1.member_id", "{mA1}"), equals("items.1.held", "3"), equals("items.1.attended", "3"), equals("items.1.status", "met"),
				equals("items.1.life_meeting", "yes"), findings("items.1.findings", 0))},
		{name: "a branch viewer sees its branch", method: "GET", path: "/api/v1/orgs/{brA}/dual-life?year=2026", who: "viewA", want: 200,
			check: equals("items.1.member_id", "{mA1}")},
		{name: "out of scope is not found", method: "GET", path: "/api/v1/orgs/{brA}/dual-life?year=2026", who: "viewB", want: 404},
		{name: "year not a number", method: "GET", path: "/api/v1/orgs/{brA}/dual-life?year=abc", who: "admin", want: 422, check: field("year")},
		{name: "year out of range", method: "GET", path: "/api/v1/orgs/{brA}/dual-life?year=1800", who: "admin", want: 422, check: field("year")},
		{name: "no token", method: "GET", path: "/api/v1/orgs/{brA}/dual-life", want: 401},

		{name: "the setting: default, local", method: "GET", path: "/api/v1/settings/dual-life", who: "viewB", want: 200,
			check: all(equals("set", "false"), equals("rule", "orglife.dual_life"), equals("source", "local"))},
		{name: "a viewer may not set it", method: "PUT", path: "/api/v1/settings/dual-life", who: "viewA", body: `{"min_share":0.3}`, want: 403},
		{name: "out of range", method: "PUT", path: "/api/v1/settings/dual-life", who: "admin", body: `{"min_share":1.5}`, want: 422, check: field("min_share")},
		{name: "missing", method: "PUT", path: "/api/v1/settings/dual-life", who: "admin", body: `{}`, want: 422, check: field("min_share")},
		{name: "not a number", method: "PUT", path: "/api/v1/settings/dual-life", who: "admin", body: `{"min_share":"half"}`, want: 422, check: field("min_share")},
		{name: "set to 30%", method: "PUT", path: "/api/v1/settings/dual-life", who: "admin", body: `{"min_share":0.3}`, want: 200,
			check: equals("set", "true")},
		{name: "the share is now enough; the missed life meeting still is not", method: "GET", path: "/api/v1/orgs/{fin}/dual-life?year=2026", who: "admin", want: 200,
			check: all(equals("min_share_set", "true"), equals("short", "1"), equals("items.0.member_id", "{mA2}"), equals("items.0.status", "met"),
				equals("items.0.required", "1"), findings("items.0.findings", 1))},
		{name: "back to the default", method: "PUT", path: "/api/v1/settings/dual-life", who: "admin", body: `{"min_share":null}`, want: 200,
			check: equals("set", "false")},
	})
}
