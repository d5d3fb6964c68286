package api_test

import (
	"testing"
	"time"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("locky", "viewer@brA")
	f.user("auditor", "auditor@root")
	f.run([]scenario{
		{name: "good login", method: "POST", path: "/api/v1/login", body: `{"username":"admin","password":"` + adminPassword + `"}`, want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if len(r.str("token")) < 40 {
					t.Errorf("token too short: %s", r.body)
				}
				exp, err := time.Parse(time.RFC3339, r.str("expires_at"))
				if err != nil || !exp.After(time.Now()) {
					t.Errorf("expires_at = %q, %v", r.str("expires_at"), err)
				}
				if r.str("user.username") != "admin" || r.num("user.id") <= 0 {
					t.Errorf("user = %s", r.body)
				}
				roles := map[string]bool{}
				for i := 0; r.has("user.roles." + itoa(i)); i++ {
					roles[r.str("user.roles."+itoa(i)+".role")] = true
				}
				if !roles["sysadmin"] || !roles["committee_admin"] {
					t.Errorf("admin roles = %v", roles)
				}
				f.vars["fresh"] = r.str("token")
			}},
		{name: "fresh token works", method: "GET", path: "/api/v1/me", who: "admin", want: 200, check: equals("username", "admin")},
		{name: "wrong password", method: "POST", path: "/api/v1/login", body: `{"username":"admin","password":"Wrong-pw-2026!"}`, want: 401},
		{name: "unknown user", method: "POST", path: "/api/v1/login", body: `{"username":"nobody","password":"Wrong-pw-2026!"}`, want: 401},
		{name: "missing password", method: "POST", path: "/api/v1/login", body: `{"username":"admin"}`, want: 422, check: field("password")},
		{name: "X-Forwarded-For is not trusted", method: "POST", path: "/api/v1/login", header: map[string]string{"X-Forwarded-For": "203.0.113.9"},
			body: `{"username":"admin","password":"Spoofed-pw-2026"}`, want: 401},
		{name: "the failure is audited with the peer address", method: "GET", path: "/api/v1/audit?action=user.login_failed", who: "auditor", want: 200,
			check: all(equals("items.0.actor", "admin"), equals("items.0.ip", "192.0.2.1"), equals("items.0.changes.reason", "bad_password"))},
		{name: "unknown field", method: "POST", path: "/api/v1/login", body: `{"username":"admin","password":"x","remember":true}`, want: 422, check: field("remember")},
	})

	// Five failures lock the account: the sixth try fails even with the
	// right password.
	var rows []scenario
	for i := 1; i <= 5; i++ {
		rows = append(rows, scenario{name: "failure " + itoa(i), method: "POST", path: "/api/v1/login",
			body: `{"username":"locky","password":"Wrong-pw-2026!"}`, want: 401})
	}
	rows = append(rows,
		scenario{name: "locked even with the right password", method: "POST", path: "/api/v1/login",
			body: `{"username":"locky","password":"` + adminPassword + `"}`, want: 429},
		scenario{name: "failures are audited with the client IP", method: "GET", path: "/api/v1/audit?action=user.login_failed&per_page=100", who: "auditor", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				locky := 0
				for i := 0; r.has("items." + itoa(i)); i++ {
					if r.str("items."+itoa(i)+".action") != "user.login_failed" {
						t.Errorf("filter let through %s", r.str("items."+itoa(i)+".action"))
					}
					if r.str("items."+itoa(i)+".actor") == "locky" {
						locky++
						if ip := r.str("items." + itoa(i) + ".ip"); ip != "192.0.2.1" {
							t.Errorf("ip = %q", ip)
						}
					}
				}
				// five bad passwords and one refused while locked
				if locky != 6 {
					t.Errorf("%d login_failed rows for locky, want 6: %s", locky, r.body)
				}
				if r.num("total") < 9 { // plus admin's two wrong passwords and the unknown user
					t.Errorf("total = %d", r.num("total"))
				}
			}},
	)
	f.run(rows)
}

func TestLogout(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run([]scenario{
		{name: "logout needs a token", method: "POST", path: "/api/v1/logout", want: 401},
		{name: "me", method: "GET", path: "/api/v1/me", who: "admin", want: 200, check: equals("username", "admin")},
		{name: "logout", method: "POST", path: "/api/v1/logout", who: "admin", want: 204},
		{name: "the token no longer works", method: "GET", path: "/api/v1/me", who: "admin", want: 401},
		{name: "nor for writes", method: "POST", path: "/api/v1/orgs", who: "admin", body: `{"parent_id":{root},"name":"x","kind":"leading_group"}`, want: 401},
	})
}
