package api_test

import (
	"testing"
)

// ruleAt returns the index of rule id in a rules answer, or -1.
func ruleAt(r *result, id string) string {
	for i := 0; r.has("items." + itoa(i)); i++ {
		if r.str("items."+itoa(i)+".id") == id {
			return itoa(i)
		}
	}
	return "-1"
}

// rule checks a field of rule id in a rules answer.
func rule(id, path, want string) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		i := ruleAt(r, id)
		if i == "-1" {
			t.Fatalf("no rule %s", id)
		}
		if want == "<absent>" {
			if r.has("items." + i + "." + path) {
				t.Errorf("%s.%s present: %s", id, path, r.raw("items."+i))
			}
			return
		}
		equals("items."+i+"."+path, want)(t, f, r)
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	f := complianceFixture(t)
	f.user("viewer", "viewer@root")
	f.user("rootSec", "org_admin@root")
	f.user("aud", "auditor@root")
	f.run([]scenario{
		{name: "the table", method: "GET", path: "/api/v1/rules", who: "viewer", want: 200,
			check: all(rule("orglife.lecture", "period", "quarter"), rule("orglife.lecture", "count", "1"),
				rule("orglife.lecture", "configurable", "true"), rule("orglife.lecture", "confidence", "L"),
				rule("orglife.lecture", "kinds.0", "branch"), rule("orglife.lecture", "override", "<absent>"),
				rule("orglife.assembly", "configurable", "false"), rule("org.branch.max", "value", "50"),
				rule("dues.hardship", "period", "<nil>"))},

		{name: "a subtree's committee admin may not override", method: "PUT", path: "/api/v1/rules/orglife.lecture", who: "finAdmin",
			body: `{"period":"month","count":2}`, want: 403},
		{name: "the root's org admin may not override", method: "PUT", path: "/api/v1/rules/orglife.lecture", who: "rootSec",
			body: `{"period":"month","count":2}`, want: 403},
		{name: "a statutory rule", method: "PUT", path: "/api/v1/rules/orglife.assembly", who: "admin",
			body: `{"period":"month","count":2}`, want: 422, check: field("id")},
		{name: "a bad period", method: "PUT", path: "/api/v1/rules/orglife.lecture", who: "admin",
			body: `{"period":"week","count":2}`, want: 422, check: field("period")},
		{name: "a count of zero", method: "PUT", path: "/api/v1/rules/orglife.lecture", who: "admin",
			body: `{"period":"month","count":0}`, want: 422, check: field("count")},
		{name: "a count of the wrong type", method: "PUT", path: "/api/v1/rules/orglife.lecture", who: "admin",
			body: `{"period":"month","count":"2"}`, want: 422, check: field("count")},
		{name: "a value on a counted rule", method: "PUT", path: "/api/v1/rules/orglife.lecture", who: "admin",
			body: `{"value":3}`, want: 422, check: field("value")},
		{name: "an unknown field", method: "PUT", path: "/api/v1/rules/orglife.lecture", who: "admin",
			body: `{"period":"month","count":2,"kinds":["group"]}`, want: 422, check: field("kinds")},
		{name: "an unknown rule", method: "PUT", path: "/api/v1/rules/orglife.none", who: "admin",
			body: `{"period":"month","count":2}`, want: 404},
		{name: "nothing changed by the refusals", method: "GET", path: "/api/v1/rules", who: "admin", want: 200,
			check: rule("orglife.lecture", "override", "<absent>")},
		{name: "nothing audited by the refusals", method: "GET", path: "/api/v1/audit?action=rule.override", who: "aud", want: 200, check: equals("total", "0")},

		{name: "the root's committee admin overrides", method: "PUT", path: "/api/v1/rules/orglife.lecture", who: "admin",
			body: `{"period":"month","count":2}`, want: 200,
			check: all(equals("id", "orglife.lecture"), equals("period", "quarter"), equals("count", "1"),
				equals("override.period", "month"), equals("override.count", "2"),
				equals("effective.period", "month"), equals("effective.count", "2"))},
		{name: "shown next to the default", method: "GET", path: "/api/v1/rules", who: "viewer", want: 200,
			check: all(rule("orglife.lecture", "period", "quarter"), rule("orglife.lecture", "override.period", "month"),
				rule("orglife.lecture", "effective.count", "2"))},
		{name: "compliance follows the override", method: "GET", path: "/api/v1/orgs/{brA}/compliance?year=2026", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				n := 0
				for i := 0; r.has("items." + itoa(i)); i++ {
					p := "items." + itoa(i)
					if r.str(p+".rule") == "orglife.lecture" {
						n++
						if r.str(p+".period") == "2026-03" && (r.str(p+".expected") != "2" || r.str(p+".status") != "missing") {
							t.Errorf("March lecture = %s", r.raw(p))
						}
					}
				}
				if n != 12 {
					t.Errorf("%d lecture items, want 12", n)
				}
			}},
		{name: "a value rule", method: "PUT", path: "/api/v1/rules/dev.publicity", who: "admin", body: `{"value":7}`, want: 200,
			check: all(equals("value", "5"), equals("override.value", "7"), equals("effective.value", "7"))},

		{name: "the override is audited with old and new", method: "GET", path: "/api/v1/audit?action=rule.override", who: "aud", want: 200,
			check: all(equals("total", "2"), equals("items.1.changes.rule", "orglife.lecture"), equals("items.1.changes.from", "<nil>"),
				equals("items.1.changes.to.period", "month"), equals("items.1.changes.to.count", "2"), equals("items.0.changes.rule", "dev.publicity"))},
		{name: "a subtree's committee admin may not clear", method: "DELETE", path: "/api/v1/rules/orglife.lecture/override", who: "finAdmin", want: 403},
		{name: "clear", method: "DELETE", path: "/api/v1/rules/orglife.lecture/override", who: "admin", want: 200,
			check: all(equals("period", "quarter"), equals("effective.period", "quarter"), func(t *testing.T, f *fixture, r *result) {
				if r.has("override") {
					t.Errorf("override still shown: %s", r.body)
				}
			})},
		{name: "cleared in the table, the other override kept", method: "GET", path: "/api/v1/rules", who: "viewer", want: 200,
			check: all(rule("orglife.lecture", "override", "<absent>"), rule("dev.publicity", "effective.value", "7"))},
		{name: "clear an unknown rule", method: "DELETE", path: "/api/v1/rules/orglife.none/override", who: "admin", want: 404},
	})
}
