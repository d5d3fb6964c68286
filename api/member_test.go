package api_test

import (
	"regexp"
	"strings"
	"testing"
)

var (
	maskedID    = regexp.MustCompile(`^\d{3}\*{11}\d{3}[\dX]$`)
	maskedPhone = regexp.MustCompile(`^\d{3}\*{4}\d{4}$`)
)

// masked checks that the member at prefix ("" or "items.0.") shows its ID
// and phone numbers masked.
func masked(prefix string) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		if id := r.str(prefix + "id_number"); !maskedID.MatchString(id) {
			t.Errorf("id_number %q is not masked", id)
		}
		if p := r.str(prefix + "phone"); !maskedPhone.MatchString(p) {
			t.Errorf("phone %q is not masked", p)
		}
	}
}

func TestMembers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("auditor", "auditor@root")
	f.vars["idNew"] = idNumber(t, "110105", "1990-05-20", "male", 1)
	f.vars["idOther"] = idNumber(t, "110105", "1992-08-08", "female", 2)
	f.vars["idBadCheck"] = f.vars["idOther"][:17] + map[bool]string{true: "1", false: "2"}[f.vars["idOther"][17] != '1']
	newMember := func(id, birth, gender string) string {
		return `{"name":"赵强","gender":"` + gender + `","ethnicity":"汉族","birth_date":"` + birth + `","id_number":"` + id + `",
			"education":"大学本科","org_id":{brA},"status":"probationary","joined_on":"2025-07-01",
			"leading_cadre":true,"party_affairs":"part_time","position":"科员","phone":"13900001111"}`
	}
	f.run([]scenario{
		{name: "list", method: "GET", path: "/api/v1/members", who: "admin", want: 200,
			check: all(equals("total", "3"), masked("items.0."), func(t *testing.T, f *fixture, r *result) {
				for _, k := range []string{"id", "name", "gender", "ethnicity", "birth_date", "id_number", "education", "org_id", "group_id",
					"status", "joined_on", "confirmed_on", "leading_cadre", "party_affairs", "position", "phone", "active"} {
					if !r.has("items.0." + k) {
						t.Errorf("member lacks %s", k)
					}
				}
			})},
		{name: "filter by org subtree", method: "GET", path: "/api/v1/members?org={fin}", who: "admin", want: 200, check: equals("total", "2")},
		{name: "filter by name prefix", method: "GET", path: "/api/v1/members?q=张", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.name", "张伟"))},
		{name: "name is a prefix, not a substring", method: "GET", path: "/api/v1/members?q=伟", who: "admin", want: 200, check: equals("total", "0")},
		{name: "bad leading_cadre", method: "GET", path: "/api/v1/members?leading_cadre=maybe", who: "admin", want: 422, check: field("leading_cadre")},
		{name: "bad status", method: "GET", path: "/api/v1/members?status=gone", who: "admin", want: 422, check: field("status")},
		{name: "bad party_affairs", method: "GET", path: "/api/v1/members?party_affairs=always", who: "admin", want: 422, check: field("party_affairs")},
		{name: "bad org", method: "GET", path: "/api/v1/members?org=x", who: "admin", want: 422, check: field("org")},
		{name: "unknown org", method: "GET", path: "/api/v1/members?org=999999", who: "admin", want: 404},

		{name: "create", method: "POST", path: "/api/v1/members", who: "admin", body: newMember("{idNew}", "1990-05-20", "male"), want: 201,
			check: all(keep("mNew", "id"), masked(""), equals("status", "probationary"), equals("birth_date", "1990-05-20"), equals("org_id", "{brA}"),
				func(t *testing.T, f *fixture, r *result) {
					if id := r.str("id_number"); id[:3] != f.vars["idNew"][:3] || id[14:] != f.vars["idNew"][14:] {
						t.Errorf("masked %q does not keep the ends of %q", id, f.vars["idNew"])
					}
				})},
		{name: "counted in its branch", method: "GET", path: "/api/v1/orgs/{brA}", who: "admin", want: 200, check: equals("member_count", "3")},
		{name: "filter leading cadres", method: "GET", path: "/api/v1/members?leading_cadre=1", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.id", "{mNew}"))},
		{name: "filter not leading cadres", method: "GET", path: "/api/v1/members?leading_cadre=false", who: "admin", want: 200, check: equals("total", "3")},
		{name: "filter party-affairs cadres", method: "GET", path: "/api/v1/members?party_affairs=part_time", who: "admin", want: 200, check: equals("total", "1")},
		{name: "filter probationary", method: "GET", path: "/api/v1/members?status=probationary&org={brA}", who: "admin", want: 200, check: equals("total", "1")},
		{name: "pagination keeps the total", method: "GET", path: "/api/v1/members?per_page=3&page=2", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if r.num("total") != 4 || !r.has("items.0") || r.has("items.1") {
					t.Errorf("page 2 = %s", r.body)
				}
			}},

		{name: "bad check digit", method: "POST", path: "/api/v1/members", who: "admin", body: newMember("{idBadCheck}", "1992-08-08", "female"), want: 422, check: field("id_number")},
		{name: "ID disagrees with the birth date", method: "POST", path: "/api/v1/members", who: "admin", body: newMember("{idOther}", "1992-08-09", "female"), want: 422, check: field("id_number")},
		{name: "ID disagrees with the gender", method: "POST", path: "/api/v1/members", who: "admin", body: newMember("{idOther}", "1992-08-08", "male"), want: 422, check: field("id_number")},
		{name: "duplicate ID number", method: "POST", path: "/api/v1/members", who: "admin", body: newMember("{idNew}", "1990-05-20", "male"), want: 409, check: field("id_number")},
		{name: "bad date names the field", method: "POST", path: "/api/v1/members", who: "admin", body: newMember("{idOther}", "1992-02-30", "female"), want: 422, check: field("birth_date")},
		{name: "read-only field refused", method: "POST", path: "/api/v1/members", who: "admin",
			body: `{"name":"赵强","active":false}`, want: 422, check: field("active")},
		{name: "members go into branches", method: "POST", path: "/api/v1/members", who: "admin",
			body: `{"name":"赵强","gender":"female","birth_date":"1992-08-08","id_number":"{idOther}","org_id":{fin},"status":"full","joined_on":"2015-07-01"}`,
			want: 422, check: field("org_id")},
		{name: "refused creates wrote nothing", method: "GET", path: "/api/v1/members", who: "admin", want: 200, check: equals("total", "4")},
		{name: "the good ID is still free", method: "POST", path: "/api/v1/members", who: "admin",
			body: `{"name":"钱敏","gender":"female","birth_date":"1992-08-08","id_number":"{idOther}","org_id":{brB},"status":"full","joined_on":"2015-07-01"}`,
			want: 201, check: keep("mOther", "id")},

		{name: "one member, masked", method: "GET", path: "/api/v1/members/{mNew}", who: "admin", want: 200, check: all(masked(""), equals("name", "赵强"))},
		{name: "reveal", method: "GET", path: "/api/v1/members/{mNew}?reveal=1", who: "admin", want: 200,
			check: all(equals("id_number", "{idNew}"), equals("phone", "13900001111"))},
		{name: "bad reveal value", method: "GET", path: "/api/v1/members/{mNew}?reveal=please", who: "admin", want: 422, check: field("reveal")},
		{name: "a branch secretary sees the member masked", method: "GET", path: "/api/v1/members/{mNew}", who: "secA", want: 200, check: masked("")},
		{name: "but may not reveal", method: "GET", path: "/api/v1/members/{mNew}?reveal=true", who: "secA", want: 403},
		{name: "the reveal is audited, the refused one not", method: "GET", path: "/api/v1/audit?action=member.reveal", who: "auditor", want: 200,
			check: all(equals("total", "1"), equals("items.0.actor", "admin"), equals("items.0.entity", "member"), equals("items.0.entity_id", "{mNew}"))},
		{name: "unknown member", method: "GET", path: "/api/v1/members/999999", who: "admin", want: 404},

		{name: "edit", method: "PATCH", path: "/api/v1/members/{mNew}", who: "admin", body: `{"position":"副科长","leading_cadre":false}`, want: 200,
			check: all(equals("position", "副科长"), equals("leading_cadre", "false"), equals("name", "赵强"), masked(""))},
		{name: "edit with a bad ID changes nothing", method: "PATCH", path: "/api/v1/members/{mNew}", who: "admin",
			body: `{"position":"科长","id_number":"{idBadCheck}"}`, want: 422, check: field("id_number")},
		{name: "edit to a taken ID", method: "PATCH", path: "/api/v1/members/{mNew}", who: "admin", body: `{"id_number":"{idOther}","birth_date":"1992-08-08","gender":"female"}`, want: 409},
		{name: "still the old position", method: "GET", path: "/api/v1/members/{mNew}", who: "admin", want: 200, check: equals("position", "副科长")},
		{name: "confirm", method: "PATCH", path: "/api/v1/members/{mA1}", who: "admin", body: `{"confirmed_on":"2011-07-01"}`, want: 200, check: equals("confirmed_on", "2011-07-01")},
		{name: "null clears a date", method: "PATCH", path: "/api/v1/members/{mA1}", who: "admin", body: `{"confirmed_on":null}`, want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if v, ok := r.get("confirmed_on"); !ok || v != nil {
					t.Errorf("confirmed_on = %v", v)
				}
			}},
		{name: "a group in branch A", method: "POST", path: "/api/v1/orgs", who: "admin", body: `{"parent_id":{brA},"name":"第一党小组","kind":"group"}`, want: 201, check: keep("grpA", "id")},
		{name: "put into the group", method: "PATCH", path: "/api/v1/members/{mA2}", who: "admin", body: `{"group_id":{grpA}}`, want: 200, check: equals("group_id", "{grpA}")},
		{name: "null takes out of the group", method: "PATCH", path: "/api/v1/members/{mA2}", who: "admin", body: `{"group_id":null}`, want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if v, ok := r.get("group_id"); !ok || v != nil {
					t.Errorf("group_id = %v", v)
				}
			}},
		{name: "a group of another branch", method: "PATCH", path: "/api/v1/members/{mB1}", who: "admin", body: `{"group_id":{grpA}}`, want: 422, check: field("group_id")},
		{name: "wrong type names the field", method: "PATCH", path: "/api/v1/members/{mA2}", who: "admin", body: `{"group_id":"one"}`, want: 422, check: field("group_id")},

		{name: "move to branch B", method: "PATCH", path: "/api/v1/members/{mNew}", who: "admin",
			body: `{"org_id":{brB},"move_reason":"工作调动","moved_on":"2026-03-01"}`, want: 200, check: equals("org_id", "{brB}")},
		{name: "history keeps where the member was", method: "GET", path: "/api/v1/members/{mNew}/history", who: "admin", want: 200,
			check: all(equals("total", "2"), equals("items.0.to_org_id", "{brA}"), equals("items.1.from_org_id", "{brA}"),
				equals("items.1.to_org_id", "{brB}"), equals("items.1.reason", "工作调动"), equals("items.1.moved_on", "2026-03-01"))},
		{name: "counts follow the move", method: "GET", path: "/api/v1/orgs/{edu}", who: "admin", want: 200, check: equals("member_count", "3")},
		{name: "the branch secretary of A no longer sees the member", method: "GET", path: "/api/v1/members/{mNew}", who: "secA", want: 404},
		{name: "deactivate", method: "PATCH", path: "/api/v1/members/{mOther}", who: "admin", body: `{"active":false}`, want: 200, check: equals("active", "false")},
		{name: "inactive members leave the default list", method: "GET", path: "/api/v1/members?org={brB}", who: "admin", want: 200, check: equals("total", "2")},
		{name: "but can be listed", method: "GET", path: "/api/v1/members?org={brB}&active=false", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.id", "{mOther}"))},
		{name: "member writes are audited, never with clear numbers", method: "GET", path: "/api/v1/audit?entity=member&per_page=100", who: "auditor", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				count := map[string]int{}
				for i := 0; r.has("items." + itoa(i)); i++ {
					row := "items." + itoa(i) + "."
					count[r.str(row+"action")]++
					if r.str(row+"entity") != "member" {
						t.Errorf("entity filter let through %s", r.str(row+"entity"))
					}
					if s := string(r.raw(row + "changes")); strings.Contains(s, f.vars["idNew"]) || strings.Contains(s, "13900001111") {
						t.Errorf("audit changes hold a clear number: %s", s)
					}
				}
				// 3 in the fixture + 2 here; 7 edits; 1 reveal
				if count["member.create"] != 5 || count["member.update"] != 7 || count["member.reveal"] != 1 {
					t.Errorf("member audit rows = %v", count)
				}
			}},
	})
}

// TestScope: an org_admin on branch A cannot see branch B or its members,
// and cannot write there; a viewer sees but may not change.
func TestScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("viewA", "viewer@brA")
	f.vars["idNew"] = idNumber(t, "110105", "1990-05-20", "male", 1)
	f.run([]scenario{
		{name: "sees only its subtree", method: "GET", path: "/api/v1/orgs", who: "secA", want: 200, check: all(equals("total", "1"), equals("items.0.id", "{brA}"))},
		{name: "its roots", method: "GET", path: "/api/v1/orgs/roots", who: "secA", want: 200, check: all(equals("total", "1"), equals("items.0.id", "{brA}"))},
		{name: "own branch", method: "GET", path: "/api/v1/orgs/{brA}", who: "secA", want: 200, check: equals("can_write", "true")},
		{name: "other branch is 404", method: "GET", path: "/api/v1/orgs/{brB}", who: "secA", want: 404},
		{name: "parent is 404", method: "GET", path: "/api/v1/orgs/{fin}", who: "secA", want: 404},
		{name: "root is 404", method: "GET", path: "/api/v1/orgs/{root}", who: "secA", want: 404},
		{name: "other committee is 404", method: "GET", path: "/api/v1/orgs/{brB}/committee", who: "secA", want: 404},
		{name: "other org's children are 404", method: "GET", path: "/api/v1/orgs?parent={edu}", who: "secA", want: 404},
		{name: "own members", method: "GET", path: "/api/v1/members", who: "secA", want: 200, check: equals("total", "2")},
		{name: "other branch's roster is 404", method: "GET", path: "/api/v1/members?org={brB}", who: "secA", want: 404},
		{name: "other member is 404", method: "GET", path: "/api/v1/members/{mB1}", who: "secA", want: 404},
		{name: "other member's history is 404", method: "GET", path: "/api/v1/members/{mB1}/history", who: "secA", want: 404},
		{name: "search does not leak", method: "GET", path: "/api/v1/members?q=王", who: "secA", want: 200, check: equals("total", "0")},

		{name: "patch other branch is 404", method: "PATCH", path: "/api/v1/orgs/{brB}", who: "secA", body: `{"name":"改名"}`, want: 404},
		{name: "delete other branch is 404", method: "DELETE", path: "/api/v1/orgs/{brB}", who: "secA", want: 404},
		{name: "committee of other branch is 404", method: "PUT", path: "/api/v1/orgs/{brB}/committee", who: "secA",
			body: `{"term_start":"2026-01-01","term_end":"2029-01-01","posts":[]}`, want: 404},
		{name: "patch other member is 404", method: "PATCH", path: "/api/v1/members/{mB1}", who: "secA", body: `{"position":"x"}`, want: 404},
		// A body that points into the hidden subtree reads like a
		// reference to nothing: 422 on the field, as for an unknown id.
		{name: "a member into the other branch", method: "POST", path: "/api/v1/members", who: "secA",
			body: `{"name":"赵强","gender":"male","birth_date":"1990-05-20","id_number":"{idNew}","org_id":{brB},"status":"full","joined_on":"2015-07-01"}`,
			want: 422, check: field("org_id")},
		{name: "an org under the other branch", method: "POST", path: "/api/v1/orgs", who: "secA", body: `{"parent_id":{brB},"name":"小组","kind":"group"}`, want: 422, check: field("parent_id")},
		{name: "moving own member out", method: "PATCH", path: "/api/v1/members/{mA1}", who: "secA", body: `{"org_id":{brB}}`, want: 422, check: field("org_id")},
		{name: "moving own branch away", method: "PATCH", path: "/api/v1/orgs/{brA}", who: "secA", body: `{"parent_id":{edu}}`, want: 403},
		{name: "writes in own branch work", method: "PATCH", path: "/api/v1/orgs/{brA}", who: "secA", body: `{"unit":"县财政局"}`, want: 200, check: equals("unit", "县财政局")},
		{name: "nothing changed in branch B", method: "GET", path: "/api/v1/orgs/{brB}", who: "admin", want: 200,
			check: all(equals("name", "教育局第一党支部"), equals("member_count", "1"), equals("parent_id", "{edu}"))},
		{name: "nor its member", method: "GET", path: "/api/v1/members/{mB1}", who: "admin", want: 200, check: all(equals("position", ""), equals("org_id", "{brB}"))},
		{name: "nor the moved-out member", method: "GET", path: "/api/v1/members/{mA1}", who: "admin", want: 200, check: equals("org_id", "{brA}")},

		{name: "a viewer sees", method: "GET", path: "/api/v1/orgs/{brA}", who: "viewA", want: 200, check: equals("can_write", "false")},
		{name: "a viewer may not edit the org", method: "PATCH", path: "/api/v1/orgs/{brA}", who: "viewA", body: `{"unit":"x"}`, want: 403},
		{name: "nor a member", method: "PATCH", path: "/api/v1/members/{mA1}", who: "viewA", body: `{"position":"x"}`, want: 403},
		{name: "nor add one", method: "POST", path: "/api/v1/members", who: "viewA",
			body: `{"name":"赵强","gender":"male","birth_date":"1990-05-20","id_number":"{idNew}","org_id":{brA},"status":"full","joined_on":"2015-07-01"}`, want: 403},
		{name: "nor the committee", method: "PUT", path: "/api/v1/orgs/{brA}/committee", who: "viewA",
			body: `{"term_start":"2026-01-01","term_end":"2029-01-01","posts":[]}`, want: 403},
		{name: "nor delete", method: "DELETE", path: "/api/v1/orgs/{brA}", who: "viewA", want: 403},
		{name: "nor reveal", method: "GET", path: "/api/v1/members/{mA1}?reveal=1", who: "viewA", want: 403},
		{name: "the viewer's refusals wrote nothing", method: "GET", path: "/api/v1/members?org={brA}", who: "admin", want: 200, check: equals("total", "2")},
	})
}
