package api_test

import (
	"strings"
	"testing"
)

func TestOrgs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run([]scenario{
		{name: "list", method: "GET", path: "/api/v1/orgs", who: "admin", want: 200, check: func(t *testing.T, f *fixture, r *result) {
			if r.num("total") != 5 {
				t.Errorf("total = %d", r.num("total"))
			}
			// tree order: the root first, with the whole county's count
			if r.str("items.0.id") != f.vars["root"] || r.num("items.0.member_count") != 3 || r.str("items.0.path") != "/"+f.vars["root"]+"/" {
				t.Errorf("first item = %v", r.json)
			}
			for _, k := range []string{"id", "parent_id", "name", "kind", "unit", "path", "member_count"} {
				if !r.has("items.1." + k) {
					t.Errorf("item lacks %s", k)
				}
			}
		}},
		{name: "filter by parent", method: "GET", path: "/api/v1/orgs?parent={fin}", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.id", "{brA}"))},
		{name: "filter by kind", method: "GET", path: "/api/v1/orgs?kind=branch", who: "admin", want: 200, check: equals("total", "2")},
		{name: "filter by name", method: "GET", path: "/api/v1/orgs?q=教育局", who: "admin", want: 200, check: equals("total", "2")},
		{name: "bad kind", method: "GET", path: "/api/v1/orgs?kind=club", who: "admin", want: 422, check: field("kind")},
		{name: "bad parent", method: "GET", path: "/api/v1/orgs?parent=x", who: "admin", want: 422, check: field("parent")},
		{name: "pagination keeps the total", method: "GET", path: "/api/v1/orgs?page=2&per_page=2", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if r.num("total") != 5 || r.num("page") != 2 || r.num("per_page") != 2 || !r.has("items.1") || r.has("items.2") {
					t.Errorf("page 2 = %s", r.body)
				}
			}},
		{name: "past the last page", method: "GET", path: "/api/v1/orgs?page=9&per_page=2", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if r.num("total") != 5 || r.has("items.0") {
					t.Errorf("page 9 = %s", r.body)
				}
			}},
		{name: "roots", method: "GET", path: "/api/v1/orgs/roots", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.id", "{root}"))},

		{name: "create", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"parent_id":{root},"name":"县卫健局党组","kind":"leading_group","unit":"县卫健局","staff_count":80}`, want: 201,
			check: all(keep("health", "id"), equals("unit", "县卫健局"), equals("staff_count", "80"), equals("path", "/{root}/{health}/"),
				func(t *testing.T, f *fixture, r *result) {
					if r.header.Get("Location") != "/api/v1/orgs/"+r.str("id") {
						t.Errorf("Location = %q", r.header.Get("Location"))
					}
				})},
		{name: "create names the bad field", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"parent_id":{root},"name":"","kind":"leading_group"}`, want: 422, check: field("name")},
		{name: "a group cannot sit under a leading group", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"parent_id":{fin},"name":"第一党小组","kind":"group"}`, want: 422, check: field("kind")},
		{name: "parent must exist", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"parent_id":999999,"name":"无主支部","kind":"branch"}`, want: 422, check: field("parent_id")},
		{name: "a branch under it", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"parent_id":{health},"name":"卫健局机关支部","kind":"branch"}`, want: 201, check: keep("healthBr", "id")},
		{name: "get", method: "GET", path: "/api/v1/orgs/{health}", who: "admin", want: 200,
			check: all(equals("name", "县卫健局党组"), equals("child_count", "1"), equals("ancestors.0.id", "{root}"), equals("can_write", "true"),
				func(t *testing.T, f *fixture, r *result) {
					if v, ok := r.get("findings"); !ok || v == nil {
						t.Errorf("findings missing: %s", r.body)
					}
					if v, ok := r.get("committee"); !ok || v != nil {
						t.Errorf("committee should be null: %s", r.body)
					}
				})},
		{name: "an empty branch has a size finding citing its rule", method: "GET", path: "/api/v1/orgs/{healthBr}", who: "admin", want: 200,
			check: all(equals("findings.0.rule", "org.branch.min_full"), equals("findings.0.severity", "error"),
				func(t *testing.T, f *fixture, r *result) {
					if r.str("findings.0.message") == "" {
						t.Error("finding without a message")
					}
				})},
		{name: "unknown org", method: "GET", path: "/api/v1/orgs/999999", who: "admin", want: 404},
		{name: "rename", method: "PATCH", path: "/api/v1/orgs/{health}", who: "admin", body: `{"name":"县卫生健康局党组","staff_count":85}`, want: 200,
			check: all(equals("name", "县卫生健康局党组"), equals("staff_count", "85"), equals("unit", "县卫健局"))},
		{name: "rename is kept", method: "GET", path: "/api/v1/orgs/{health}", who: "admin", want: 200, check: equals("name", "县卫生健康局党组")},
		{name: "patch with a bad value", method: "PATCH", path: "/api/v1/orgs/{health}", who: "admin", body: `{"staff_count":-1}`, want: 422, check: field("staff_count")},
		{name: "patch with an unknown field", method: "PATCH", path: "/api/v1/orgs/{health}", who: "admin", body: `{"member_count":3}`, want: 422, check: field("member_count")},

		// Move brA (two members) from the finance group to the health group.
		{name: "move", method: "PATCH", path: "/api/v1/orgs/{brA}", who: "admin", body: `{"parent_id":{health}}`, want: 200,
			check: all(equals("parent_id", "{health}"), equals("path", "/{root}/{health}/{brA}/"), equals("member_count", "2"))},
		{name: "old parent lost the members", method: "GET", path: "/api/v1/orgs/{fin}", who: "admin", want: 200,
			check: all(equals("member_count", "0"), equals("child_count", "0"))},
		{name: "new parent gained them", method: "GET", path: "/api/v1/orgs/{health}", who: "admin", want: 200,
			check: all(equals("member_count", "2"), equals("child_count", "2"))},
		{name: "the root still counts everyone", method: "GET", path: "/api/v1/orgs/{root}", who: "admin", want: 200, check: equals("member_count", "3")},
		{name: "members moved with the subtree", method: "GET", path: "/api/v1/members?org={health}", who: "admin", want: 200, check: equals("total", "2")},
		{name: "cannot move under itself", method: "PATCH", path: "/api/v1/orgs/{health}", who: "admin", body: `{"parent_id":{brA}}`, want: 422, check: field("parent_id")},

		{name: "delete refused with children", method: "DELETE", path: "/api/v1/orgs/{health}", who: "admin", want: 409, check: containsMessage("下级组织")},
		{name: "delete refused with members", method: "DELETE", path: "/api/v1/orgs/{brA}", who: "admin", want: 409, check: containsMessage("党员")},
		{name: "delete the root refused", method: "DELETE", path: "/api/v1/orgs/{root}", who: "admin", want: 409},
		{name: "nothing was deleted", method: "GET", path: "/api/v1/orgs", who: "admin", want: 200, check: equals("total", "7")},
		{name: "delete an empty org", method: "DELETE", path: "/api/v1/orgs/{healthBr}", who: "admin", want: 204},
		{name: "it is gone", method: "GET", path: "/api/v1/orgs/{healthBr}", who: "admin", want: 404},
		{name: "its parent has one child fewer", method: "GET", path: "/api/v1/orgs/{health}", who: "admin", want: 200, check: equals("child_count", "1")},
	})
	f.user("auditor", "auditor@root")
	f.run([]scenario{
		{name: "org writes left audit rows", method: "GET", path: "/api/v1/audit?entity=org", who: "auditor", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				seen := map[string]bool{}
				for i := 0; r.has("items." + itoa(i)); i++ {
					seen[r.str("items."+itoa(i)+".action")] = true
				}
				for _, a := range []string{"org.create", "org.update", "org.delete"} {
					if !seen[a] {
						t.Errorf("no %s row: %v", a, seen)
					}
				}
			}},
	})
}

func containsMessage(part string) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		if msg := r.str("error.message"); !strings.Contains(msg, part) {
			t.Errorf("message %q does not say %q", msg, part)
		}
	}
}

func TestCommittee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run([]scenario{
		{name: "no committee yet: the empty shape", method: "GET", path: "/api/v1/orgs/{brA}/committee", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if v, _ := r.get("term_start"); v != nil || r.has("posts.0") || !r.has("posts") {
					t.Errorf("empty committee = %s", r.body)
				}
			}},
		{name: "put", method: "PUT", path: "/api/v1/orgs/{brA}/committee", who: "admin",
			body: `{"term_start":"2023-01-01","term_end":"2026-01-01","posts":[{"member_id":{mA1},"post":"secretary"}]}`, want: 200,
			check: all(equals("posts.0.member_id", "{mA1}"), equals("posts.0.name", "张伟"), equals("current", "true"), keep("c1", "id"))},
		{name: "get", method: "GET", path: "/api/v1/orgs/{brA}/committee", who: "admin", want: 200,
			check: all(equals("term_start", "2023-01-01"), equals("term_end", "2026-01-01"), equals("posts.0.post", "secretary"))},
		{name: "the org shows it, and the expired term", method: "GET", path: "/api/v1/orgs/{brA}", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if r.str("committee.posts.0.member_id") != f.vars["mA1"] {
					t.Errorf("committee = %s", r.body)
				}
				found := false
				for i := 0; r.has("findings." + itoa(i)); i++ {
					found = found || r.str("findings."+itoa(i)+".rule") == "org.term.branch"
				}
				if !found {
					t.Errorf("no org.term.branch finding: %s", r.body)
				}
			}},
		{name: "re-election: the GET answer sent back with new terms", method: "PUT", path: "/api/v1/orgs/{brA}/committee", who: "admin",
			body: `{"id":{c1},"org_id":{brA},"current":true,"term_start":"2026-01-01","term_end":"2029-01-01",
				"posts":[{"member_id":{mA2},"post":"secretary","name":"李娜"},{"member_id":{mA1},"post":"organization"}]}`, want: 200,
			check: all(equals("posts.0.member_id", "{mA2}"), equals("posts.1.post", "organization"))},
		{name: "history keeps the previous committee", method: "GET", path: "/api/v1/orgs/{brA}/committee/history", who: "admin", want: 200,
			check: all(equals("total", "2"), equals("items.0.current", "true"), equals("items.0.term_start", "2026-01-01"),
				equals("items.1.id", "{c1}"), equals("items.1.current", "false"), equals("items.1.posts.0.member_id", "{mA1}"))},
		{name: "a post holder from another branch", method: "PUT", path: "/api/v1/orgs/{brA}/committee", who: "admin",
			body: `{"term_start":"2026-01-01","term_end":"2029-01-01","posts":[{"member_id":{mB1},"post":"secretary"}]}`, want: 422,
			check: field("posts[0].member_id")},
		{name: "bad date names the field", method: "PUT", path: "/api/v1/orgs/{brA}/committee", who: "admin",
			body: `{"term_start":"2026-13-01","term_end":"2029-01-01","posts":[]}`, want: 422, check: field("term_start")},
		{name: "end before start", method: "PUT", path: "/api/v1/orgs/{brA}/committee", who: "admin",
			body: `{"term_start":"2026-01-01","term_end":"2025-01-01","posts":[]}`, want: 422, check: field("term_end")},
		{name: "unknown post", method: "PUT", path: "/api/v1/orgs/{brA}/committee", who: "admin",
			body: `{"term_start":"2026-01-01","term_end":"2029-01-01","posts":[{"member_id":{mA1},"post":"chair"}]}`, want: 422, check: field("posts[0].post")},
		{name: "refused puts changed nothing", method: "GET", path: "/api/v1/orgs/{brA}/committee/history", who: "admin", want: 200,
			check: all(equals("total", "2"), equals("items.0.posts.0.member_id", "{mA2}"))},
		{name: "committee of an unknown org", method: "GET", path: "/api/v1/orgs/999999/committee", who: "admin", want: 404},
	})
}
