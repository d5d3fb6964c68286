package api_test

import (
	"testing"
)

func TestUsers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.vars["user_admin"] = "1"
	f.run([]scenario{
		{name: "create", method: "POST", path: "/api/v1/users", who: "admin",
			body: `{"username":"zhangwei","password":"Zhang-pw-2026","member_id":{mA1},"roles":[{"role":"org_admin","org_id":{brA}},{"role":"member","org_id":{brA}}]}`,
			want: 201, check: all(keep("user_zhang", "id"), equals("username", "zhangwei"), equals("member_id", "{mA1}"),
				func(t *testing.T, f *fixture, r *result) {
					roles := map[string]string{}
					for i := 0; r.has("roles." + itoa(i)); i++ {
						roles[r.str("roles."+itoa(i)+".role")] = r.str("roles." + itoa(i) + ".org_id")
					}
					if roles["org_admin"] != f.vars["brA"] || roles["member"] != f.vars["brA"] || len(roles) != 2 {
						t.Errorf("roles = %v", roles)
					}
					if r.has("password") || r.has("password_hash") {
						t.Errorf("answer holds a password: %s", r.body)
					}
					if r.header.Get("Location") != "/api/v1/users/"+r.str("id") {
						t.Errorf("Location = %q", r.header.Get("Location"))
					}
				})},
		{name: "get", method: "GET", path: "/api/v1/users/{user_zhang}", who: "admin", want: 200,
			check: all(equals("username", "zhangwei"), equals("roles.0.org_name", "财政局第一党支部"))},
		{name: "list", method: "GET", path: "/api/v1/users", who: "admin", want: 200, check: equals("total", "3")},
		{name: "list paged", method: "GET", path: "/api/v1/users?per_page=2&page=2", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if r.num("total") != 3 || !r.has("items.0") || r.has("items.1") {
					t.Errorf("page 2 = %s", r.body)
				}
			}},
		{name: "two of the separated administrators", method: "POST", path: "/api/v1/users", who: "admin",
			body: `{"username":"sysaud","password":"Zhang-pw-2026","roles":[{"role":"sysadmin","org_id":{root}},{"role":"auditor","org_id":{root}}]}`,
			want: 422, check: field("roles")},
		{name: "unknown role", method: "POST", path: "/api/v1/users", who: "admin",
			body: `{"username":"boss","password":"Zhang-pw-2026","roles":[{"role":"boss","org_id":{root}}]}`, want: 422, check: field("roles")},
		{name: "weak password", method: "POST", path: "/api/v1/users", who: "admin",
			body: `{"username":"weak","password":"password","roles":[]}`, want: 422, check: field("password")},
		{name: "bad username", method: "POST", path: "/api/v1/users", who: "admin",
			body: `{"username":"a b","password":"Zhang-pw-2026","roles":[]}`, want: 422, check: field("username")},
		{name: "unknown member", method: "POST", path: "/api/v1/users", who: "admin",
			body: `{"username":"ghost","password":"Zhang-pw-2026","member_id":999999,"roles":[]}`, want: 422, check: field("member_id")},
		{name: "unknown field", method: "POST", path: "/api/v1/users", who: "admin",
			body: `{"username":"root2","password":"Zhang-pw-2026","superuser":true}`, want: 422, check: field("superuser")},
		{name: "taken username", method: "POST", path: "/api/v1/users", who: "admin",
			body: `{"username":"zhangwei","password":"Zhang-pw-2026","roles":[]}`, want: 409, check: field("username")},
		{name: "refused creates wrote nothing", method: "GET", path: "/api/v1/users", who: "admin", want: 200, check: equals("total", "3")},

		{name: "only a sysadmin creates users", method: "POST", path: "/api/v1/users", who: "secA",
			body: `{"username":"mine","password":"Zhang-pw-2026","roles":[{"role":"viewer","org_id":{brA}}]}`, want: 403},
		{name: "or lists them", method: "GET", path: "/api/v1/users", who: "secA", want: 403},
		{name: "another user is 404", method: "GET", path: "/api/v1/users/{user_admin}", who: "secA", want: 404},
		{name: "one's own account", method: "GET", path: "/api/v1/users/{user_secA}", who: "secA", want: 200, check: equals("username", "secA")},
		{name: "me", method: "GET", path: "/api/v1/me", who: "secA", want: 200,
			check: all(equals("id", "{user_secA}"), equals("roles.0.role", "org_admin"), equals("roles.0.org_id", "{brA}"))},
	})
	// The new account logs in with the roles it was given.
	f.tokens["zhang"] = f.login("zhangwei", "Zhang-pw-2026")
	f.run([]scenario{
		{name: "new user's me", method: "GET", path: "/api/v1/me", who: "zhang", want: 200, check: all(equals("username", "zhangwei"), equals("member_id", "{mA1}"))},
		{name: "new user works in its branch", method: "GET", path: "/api/v1/members", who: "zhang", want: 200, check: equals("total", "2")},
	})
}
