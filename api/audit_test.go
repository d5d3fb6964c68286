package api_test

import (
	"testing"
	"time"
)

func TestAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("auditor", "auditor@root")
	f.user("secadmin", "secadmin@root")
	f.run([]scenario{
		{name: "a member created through the API", method: "POST", path: "/api/v1/members", who: "admin",
			body: `{"name":"孙磊","gender":"male","birth_date":"1990-05-20","id_number":"` + idNumber(t, "110105", "1990-05-20", "male", 3) + `",
				"org_id":{brB},"status":"full","joined_on":"2015-07-01"}`, want: 201, check: keep("mNew", "id")},
		{name: "the sysadmin may not read the audit trail", method: "GET", path: "/api/v1/audit", who: "admin", want: 403},
		{name: "nor the security admin", method: "GET", path: "/api/v1/audit", who: "secadmin", want: 403},
		{name: "the auditor reads it, newest first", method: "GET", path: "/api/v1/audit", who: "auditor", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				prev := 1 << 30
				for i := 0; r.has("items." + itoa(i)); i++ {
					id := r.num("items." + itoa(i) + ".id")
					if id >= prev {
						t.Errorf("row %d after row %d: not newest first", id, prev)
					}
					prev = id
				}
				for _, k := range []string{"id", "at", "actor", "action", "entity", "entity_id", "org_id", "ip", "changes"} {
					if !r.has("items.0." + k) {
						t.Errorf("row lacks %s", k)
					}
				}
				if _, err := time.Parse(time.RFC3339, r.str("items.0.at")); err != nil {
					t.Errorf("at: %v", err)
				}
			}},
		{name: "member.create rows", method: "GET", path: "/api/v1/audit?action=member.create", who: "auditor", want: 200,
			check: all(equals("total", "4"), equals("items.0.actor", "admin"), equals("items.0.entity", "member"),
				equals("items.0.entity_id", "{mNew}"), equals("items.0.org_id", "{brB}"), equals("items.0.ip", "192.0.2.1"),
				equals("items.0.changes.name", "孙磊"), equals("items.3.actor", "system"))},
		{name: "paged", method: "GET", path: "/api/v1/audit?action=member.create&per_page=3&page=2", who: "auditor", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if r.num("total") != 4 || !r.has("items.0") || r.has("items.1") {
					t.Errorf("page 2 = %s", r.body)
				}
			}},
		{name: "by entity", method: "GET", path: "/api/v1/audit?entity=user", who: "auditor", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				for i := 0; r.has("items." + itoa(i)); i++ {
					if e := r.str("items." + itoa(i) + ".entity"); e != "user" {
						t.Errorf("entity %q", e)
					}
				}
				if r.num("total") < 5 { // admin + 2 creates, 3 logins
					t.Errorf("total = %d", r.num("total"))
				}
			}},
		{name: "since a past date", method: "GET", path: "/api/v1/audit?since=2000-01-01", who: "auditor", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if r.num("total") < 10 {
					t.Errorf("total = %d", r.num("total"))
				}
			}},
		{name: "since a future instant", method: "GET", path: "/api/v1/audit?since=" + time.Now().Add(time.Hour).UTC().Format(time.RFC3339), who: "auditor", want: 200,
			check: equals("total", "0")},
		{name: "bad since", method: "GET", path: "/api/v1/audit?since=yesterday", who: "auditor", want: 422, check: field("since")},
		{name: "the auditor reads no business data", method: "GET", path: "/api/v1/members", who: "auditor", want: 200, check: equals("total", "0")},
		{name: "nor organizations", method: "GET", path: "/api/v1/orgs/{root}", who: "auditor", want: 404},
	})
}
