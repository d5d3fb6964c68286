package api_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// memberUser creates an account linked to the member var memberVar, with
// role member on that member's branch (branchVar), and logs it in.
func (f *fixture) memberUser(name, memberVar, branchVar string) {
	f.t.Helper()
	mid, err := strconv.ParseInt(f.vars[memberVar], 10, 64)
	if err != nil {
		f.t.Fatalf("no member var %q", memberVar)
	}
	bid, err := strconv.ParseInt(f.vars[branchVar], 10, 64)
	if err != nil {
		f.t.Fatalf("no org var %q", branchVar)
	}
	if _, err := f.app.CreateUser(context.Background(), app.System(), app.UserInput{Username: name, Password: adminPassword, MemberID: &mid,
		Roles: []dangjian.Grant{{Role: dangjian.RoleMember, OrgID: bid}}}); err != nil {
		f.t.Fatalf("create user %s: %v", name, err)
	}
	f.tokens[name] = f.login(name, adminPassword)
}

// noClear checks that the answer holds none of the clear values named.
func noClear(names ...string) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		for _, n := range names {
			if v := f.vars[n]; v != "" && strings.Contains(string(r.body), v) {
				t.Errorf("the answer holds %s (%s) in clear: %s", n, v, r.body)
			}
		}
	}
}

func TestCorrections(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.memberUser("zhangwei", "mA1", "brA")
	f.memberUser("wangfang", "mB1", "brB")
	f.user("secA", "org_admin@brA")
	f.user("secB", "org_admin@brB")
	f.user("auditor", "auditor@root")
	// mA1 is 张伟, male, born 1980-01-01: another valid number for him.
	f.vars["newID"] = idNumber(t, "110101", "1980-01-01", "male", 33)
	f.vars["wrongBirthID"] = idNumber(t, "110101", "1981-01-01", "male", 33)
	f.vars["newPhone"] = "13700001234"
	f.run([]scenario{
		{name: "own profile, masked", method: "GET", path: "/api/v1/me/member", who: "zhangwei", want: 200,
			check: all(equals("member.id", "{mA1}"), equals("member.name", "张伟"), masked("member."), equals("revealed", "false"),
				equals("history.0.to_org_id", "{brA}"), equals("history.0.reason", "登记入册"),
				func(t *testing.T, f *fixture, r *result) {
					for _, k := range []string{"posts", "corrections", "history"} {
						if string(r.raw(k))[0] != '[' {
							t.Errorf("%s is not a list: %s", k, r.raw(k))
						}
					}
				})},
		{name: "own profile revealed", method: "GET", path: "/api/v1/me/member?reveal=1", who: "zhangwei", want: 200,
			check: all(equals("member.phone", "13812345678"), equals("revealed", "true"))},
		{name: "the reveal is audited", method: "GET", path: "/api/v1/audit?action=member.reveal", who: "auditor", want: 200,
			check: all(equals("total", "1"), equals("items.0.actor", "zhangwei"), equals("items.0.entity_id", "{mA1}"))},
		{name: "profile without a member record", method: "GET", path: "/api/v1/me/member", who: "secA", want: 404},
		{name: "bad reveal", method: "GET", path: "/api/v1/me/member?reveal=maybe", who: "zhangwei", want: 422, check: field("reveal")},
		{name: "the member may not read another member", method: "GET", path: "/api/v1/members/{mA2}", who: "zhangwei", want: 404},

		{name: "submit without a reason", method: "POST", path: "/api/v1/corrections", who: "zhangwei",
			body: `{"fields":{"name":"张卫"}}`, want: 422, check: field("reason")},
		{name: "submit an ID number with the wrong birth date", method: "POST", path: "/api/v1/corrections", who: "zhangwei",
			body: `{"fields":{"id_number":"{wrongBirthID}"},"reason":"号码有误"}`, want: 422, check: field("id_number")},
		{name: "submit a field that is not a correction", method: "POST", path: "/api/v1/corrections", who: "zhangwei",
			body: `{"fields":{"org_id":"{brB}"},"reason":"调动"}`, want: 422, check: field("org_id")},
		{name: "submit a number where text belongs", method: "POST", path: "/api/v1/corrections", who: "zhangwei",
			body: `{"fields":{"phone":13700001234},"reason":"换号"}`, want: 422},
		{name: "submit an unknown body field", method: "POST", path: "/api/v1/corrections", who: "zhangwei",
			body: `{"fields":{"name":"张卫"},"reason":"x","member_id":{mB1}}`, want: 422, check: field("member_id")},
		{name: "submit without a member record", method: "POST", path: "/api/v1/corrections", who: "secA",
			body: `{"fields":{"name":"张卫"},"reason":"x"}`, want: 403},
		{name: "refused requests stored nothing", method: "GET", path: "/api/v1/corrections", who: "secA", want: 200, check: equals("total", "0")},

		{name: "submit", method: "POST", path: "/api/v1/corrections", who: "zhangwei",
			body: `{"fields":{"name":"张卫","phone":"{newPhone}","id_number":"{newID}"},"reason":"登记时写错"}`, want: 201,
			check: all(keep("c1", "id"), equals("status", "pending"), equals("member_id", "{mA1}"), equals("fields.name", "张卫"),
				equals("old.name", "张伟"), equals("reason", "登记时写错"), equals("submitted_by", "zhangwei"), equals("org_id", "{brA}"),
				noClear("newID", "newPhone"), func(t *testing.T, f *fixture, r *result) {
					if !maskedID.MatchString(r.str("fields.id_number")) || !maskedPhone.MatchString(r.str("fields.phone")) {
						t.Errorf("proposed numbers not masked: %s", r.raw("fields"))
					}
					if loc := r.header.Get("Location"); loc != "/api/v1/corrections/"+f.vars["c1"] {
						t.Errorf("Location = %q", loc)
					}
				})},
		{name: "a second open request", method: "POST", path: "/api/v1/corrections", who: "zhangwei",
			body: `{"fields":{"position":"科长"},"reason":"升职"}`, want: 409},
		{name: "another member's request is theirs", method: "POST", path: "/api/v1/corrections", who: "wangfang",
			body: `{"fields":{"ethnicity":"回族"},"reason":"民族有误"}`, want: 201, check: keep("cB", "id")},

		{name: "the member lists only their own", method: "GET", path: "/api/v1/corrections", who: "zhangwei", want: 200,
			check: all(equals("total", "1"), equals("items.0.id", "{c1}"))},
		{name: "branch A's pending list", method: "GET", path: "/api/v1/corrections?status=pending", who: "secA", want: 200,
			check: all(equals("total", "1"), equals("items.0.id", "{c1}"), equals("items.0.member_name", "张伟"), noClear("newID", "newPhone"))},
		{name: "the committee sees both", method: "GET", path: "/api/v1/corrections?status=pending", who: "admin", want: 200, check: equals("total", "2")},
		{name: "filter by org", method: "GET", path: "/api/v1/corrections?org={edu}", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.id", "{cB}"))},
		{name: "filter by member", method: "GET", path: "/api/v1/corrections?member={mA1}", who: "admin", want: 200, check: equals("total", "1")},
		{name: "bad status filter", method: "GET", path: "/api/v1/corrections?status=open", who: "secA", want: 422, check: field("status")},
		{name: "hidden org filter", method: "GET", path: "/api/v1/corrections?org={brB}", who: "secA", want: 404},
		{name: "one request", method: "GET", path: "/api/v1/corrections/{c1}", who: "secA", want: 200,
			check: all(equals("old.name", "张伟"), equals("fields.name", "张卫"), equals("decided_by", ""), noClear("newID", "newPhone"))},
		{name: "the member reads their own", method: "GET", path: "/api/v1/corrections/{c1}", who: "zhangwei", want: 200},
		{name: "outside the scope", method: "GET", path: "/api/v1/corrections/{c1}", who: "secB", want: 404},
		{name: "another member's request", method: "GET", path: "/api/v1/corrections/{cB}", who: "zhangwei", want: 404},
		{name: "unknown request", method: "GET", path: "/api/v1/corrections/999999", who: "admin", want: 404},

		{name: "secretary outside the scope approves", method: "POST", path: "/api/v1/corrections/{c1}/approve", who: "secB", want: 404},
		{name: "the member approves their own", method: "POST", path: "/api/v1/corrections/{c1}/approve", who: "zhangwei", want: 403},
		{name: "reject without a reason", method: "POST", path: "/api/v1/corrections/{c1}/reject", who: "secA", want: 422, check: field("reason")},
		{name: "reject with an empty reason", method: "POST", path: "/api/v1/corrections/{c1}/reject", who: "secA", body: `{"reason":" "}`, want: 422, check: field("reason")},
		{name: "still pending", method: "GET", path: "/api/v1/corrections/{c1}", who: "secA", want: 200, check: equals("status", "pending")},
		{name: "approve", method: "POST", path: "/api/v1/corrections/{c1}/approve", who: "secA", want: 200,
			check: all(equals("status", "approved"), equals("decided_by", "secA"), func(t *testing.T, f *fixture, r *result) {
				if v, _ := r.get("decided_at"); v == nil {
					t.Error("decided_at is not set")
				}
			})},
		{name: "approve twice", method: "POST", path: "/api/v1/corrections/{c1}/approve", who: "secA", want: 409},
		{name: "reject after approval", method: "POST", path: "/api/v1/corrections/{c1}/reject", who: "admin", body: `{"reason":"不对"}`, want: 409},
		{name: "the record changed", method: "GET", path: "/api/v1/members/{mA1}?reveal=1", who: "admin", want: 200,
			check: all(equals("name", "张卫"), equals("phone", "{newPhone}"), equals("id_number", "{newID}"))},
		{name: "the member sees the outcome", method: "GET", path: "/api/v1/me/member", who: "zhangwei", want: 200,
			check: all(equals("member.name", "张卫"), equals("corrections.0.status", "approved"), masked("member."))},
		{name: "a new request after the decision", method: "POST", path: "/api/v1/corrections", who: "zhangwei",
			body: `{"fields":{"position":"科长"},"reason":"岗位调整"}`, want: 201, check: keep("c2", "id")},
		{name: "reject with a reason", method: "POST", path: "/api/v1/corrections/{c2}/reject", who: "secA", body: `{"reason":"岗位以任命文件为准"}`, want: 200,
			check: all(equals("status", "rejected"), equals("decision_reason", "岗位以任命文件为准"))},
		{name: "the member sees the reason", method: "GET", path: "/api/v1/me/member", who: "zhangwei", want: 200,
			check: all(equals("corrections.0.id", "{c2}"), equals("corrections.0.decision_reason", "岗位以任命文件为准"), equals("corrections.1.id", "{c1}"))},
		{name: "withdraw someone else's", method: "POST", path: "/api/v1/corrections/{cB}/withdraw", who: "zhangwei", want: 404},
		{name: "withdraw one's own", method: "POST", path: "/api/v1/corrections/{cB}/withdraw", who: "wangfang", want: 200, check: equals("status", "withdrawn")},
		{name: "approve a withdrawn request, with a note", method: "POST", path: "/api/v1/corrections/{cB}/approve", who: "admin", body: `{"reason":"x"}`, want: 409},
		{name: "the audit trail", method: "GET", path: "/api/v1/audit?entity=correction", who: "auditor", want: 200,
			check: all(equals("total", "6"), noClear("newID", "newPhone"), func(t *testing.T, f *fixture, r *result) {
				seen := map[string]int{}
				for i := 0; i < 6; i++ {
					seen[r.str("items."+itoa(i)+".action")]++
				}
				if seen["correction.create"] != 3 || seen["correction.approve"] != 1 || seen["correction.reject"] != 1 || seen["correction.withdraw"] != 1 {
					t.Errorf("actions = %v", seen)
				}
			})},
		{name: "the change is audited as a member update, masked", method: "GET", path: "/api/v1/audit?action=member.update", who: "auditor", want: 200,
			check: all(equals("total", "1"), equals("items.0.actor", "secA"), noClear("newID", "newPhone"))},
	})
}
