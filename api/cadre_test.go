package api_test

import (
	"strings"
	"testing"
	"time"
)

func TestCadreTeamAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.app.DB().SetNow(func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) })
	f.user("viewA", "viewer@brA")
	f.user("viewB", "viewer@brB")
	f.user("secA", "org_admin@brA")
	f.run([]scenario{
		{name: "the 财政局 stands for a unit of 150", method: "PATCH", path: "/api/v1/orgs/{fin}", who: "admin", body: `{"staff_count":150}`, want: 200},
		{name: "the 教育局 of 40", method: "PATCH", path: "/api/v1/orgs/{edu}", who: "admin", body: `{"staff_count":40}`, want: 200},
		{name: "mA1 full-time", method: "PATCH", path: "/api/v1/members/{mA1}", who: "admin", body: `{"party_affairs":"full_time"}`, want: 200},
		{name: "mA2 part-time", method: "PATCH", path: "/api/v1/members/{mA2}", who: "admin", body: `{"party_affairs":"part_time"}`, want: 200},

		{name: "the unit's team, below 1%", method: "GET", path: "/api/v1/orgs/{fin}/cadre-team", who: "admin", want: 200,
			check: all(equals("staff_count", "150"), equals("full_time", "1"), equals("part_time", "1"), equals("is_unit", "true"),
				equals("findings.0.rule", "org.party_affairs.ratio"), equals("findings.0.severity", "warning"),
				equals("cadres.0.member_id", "{mA1}"), equals("cadres.1.member_id", "{mA2}"),
				func(t *testing.T, f *fixture, r *result) {
					if v, _ := r.get("ratio"); v != 0.0067 {
						t.Errorf("ratio = %v", v)
					}
					if r.str("findings.0.message") == "" {
						t.Error("finding without a message")
					}
				})},
		{name: "a branch answers for its unit", method: "GET", path: "/api/v1/orgs/{brA}/cadre-team", who: "admin", want: 200,
			check: all(equals("org_id", "{fin}"), equals("full_time", "1"))},
		{name: "a branch viewer does not see the unit above", method: "GET", path: "/api/v1/orgs/{brA}/cadre-team", who: "viewA", want: 200,
			check: all(equals("org_id", "{brA}"), equals("is_unit", "false"), equals("units", "0"))},
		{name: "a small unit with nobody designated", method: "GET", path: "/api/v1/orgs/{edu}/cadre-team", who: "admin", want: 200,
			check: all(equals("staff_count", "40"), equals("full_time", "0"), equals("findings.0.rule", "org.party_affairs.ratio"), equals("findings.0.severity", "error"))},
		{name: "the working committee: the sum", method: "GET", path: "/api/v1/orgs/{root}/cadre-team", who: "admin", want: 200,
			check: all(equals("is_unit", "false"), equals("units", "2"), equals("staff_count", "190"), equals("findings.0.rule", "org.party_affairs.ratio"))},
		{name: "out of scope is not found", method: "GET", path: "/api/v1/orgs/{fin}/cadre-team", who: "viewB", want: 404},
		{name: "no token", method: "GET", path: "/api/v1/orgs/{fin}/cadre-team", want: 401},
		{name: "roll-up", method: "GET", path: "/api/v1/orgs/{root}/cadre-team/rollup", who: "admin", want: 200,
			check: all(equals("below", "2"), equals("items.0.org_id", "{fin}"), equals("items.1.org_id", "{edu}"), equals("total.staff_count", "190"))},

		{name: "post for a non-cadre", method: "PUT", path: "/api/v1/members/{mB1}/cadre", who: "admin", body: `{"post":"党务干事","since":"2019-01-01"}`, want: 422, check: field("post")},
		{name: "bad since", method: "PUT", path: "/api/v1/members/{mA1}/cadre", who: "admin", body: `{"post":"机关党委专职副书记","since":"2019-13-01"}`, want: 422, check: field("since")},
		{name: "a viewer may not", method: "PUT", path: "/api/v1/members/{mA1}/cadre", who: "viewA", body: `{"post":"x"}`, want: 403},
		{name: "post and since", method: "PUT", path: "/api/v1/members/{mA1}/cadre", who: "secA", body: `{"post":"机关党委专职副书记","since":"2019-01-01"}`, want: 200,
			check: all(equals("post", "机关党委专职副书记"), equals("since", "2019-01-01"), equals("years_served", "7"))},
		{name: "long-serving at the default 5 years", method: "GET", path: "/api/v1/orgs/{root}/cadre-team/long-serving", who: "admin", want: 200,
			check: all(equals("years", "5"), equals("set", "false"), equals("source", "local"), equals("rule", "org.party_affairs.rotation"),
				equals("items.0.member_id", "{mA1}"), equals("items.0.unit_id", "{fin}"))},
		{name: "settings: a viewer may not", method: "PUT", path: "/api/v1/settings/cadre-team", who: "viewA", body: `{"rotation_years":8}`, want: 403},
		{name: "settings: out of range", method: "PUT", path: "/api/v1/settings/cadre-team", who: "admin", body: `{"rotation_years":0}`, want: 422, check: field("rotation_years")},
		{name: "settings: not a number", method: "PUT", path: "/api/v1/settings/cadre-team", who: "admin", body: `{"small_unit_staff":"ten"}`, want: 422, check: field("small_unit_staff")},
		{name: "settings: 8 years, small units below 30", method: "PUT", path: "/api/v1/settings/cadre-team", who: "admin", body: `{"rotation_years":8,"small_unit_staff":30}`, want: 200,
			check: all(equals("rotation_years", "8"), equals("rotation_set", "true"), equals("small_unit_staff", "30"), equals("source", "local"))},
		{name: "nobody at 8 years", method: "GET", path: "/api/v1/orgs/{root}/cadre-team/long-serving", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if r.has("items.0") {
					t.Errorf("items: %s", r.raw("items"))
				}
			}},
		{name: "the 教育局 is no longer small", method: "GET", path: "/api/v1/orgs/{edu}/cadre-team", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if !strings.Contains(r.str("findings.0.message"), "没有专职") {
					t.Errorf("finding = %s", r.raw("findings"))
				}
			}},
		{name: "settings back to the defaults", method: "PUT", path: "/api/v1/settings/cadre-team", who: "admin", body: `{"rotation_years":null,"small_unit_staff":null}`, want: 200,
			check: all(equals("rotation_years", "5"), equals("rotation_set", "false"), equals("small_unit_set", "false"))},

		{name: "rotation: missing fields", method: "POST", path: "/api/v1/cadre-rotations", who: "admin", body: `{"member_id":{mA1},"direction":"to_admin","rotated_on":"2026-05-01"}`, want: 422,
			check: all(field("from_post"), field("to_post"))},
		{name: "rotation: bad direction", method: "POST", path: "/api/v1/cadre-rotations", who: "admin", body: `{"member_id":{mA1},"from_post":"a","to_post":"b","direction":"up","rotated_on":"2026-05-01"}`, want: 422, check: field("direction")},
		{name: "rotation: bad date", method: "POST", path: "/api/v1/cadre-rotations", who: "admin", body: `{"member_id":{mA1},"from_post":"a","to_post":"b","direction":"to_admin","rotated_on":"May"}`, want: 422, check: field("rotated_on")},
		{name: "rotation: no member", method: "POST", path: "/api/v1/cadre-rotations", who: "admin", body: `{"from_post":"a","to_post":"b","direction":"to_admin","rotated_on":"2026-05-01"}`, want: 422, check: field("member_id")},
		{name: "still full-time after refusals", method: "GET", path: "/api/v1/members/{mA1}", who: "admin", want: 200, check: equals("party_affairs", "full_time")},
		{name: "rotation out of party affairs", method: "POST", path: "/api/v1/cadre-rotations", who: "secA",
			body: `{"member_id":{mA1},"from_post":"机关党委专职副书记","to_post":"预算股股长","direction":"to_admin","rotated_on":"2026-05-01","note":"双向交流"}`, want: 201,
			check: all(equals("party_affairs_from", "full_time"), equals("party_affairs_to", "none"), equals("org_id", "{brA}"))},
		{name: "the member's status followed", method: "GET", path: "/api/v1/members/{mA1}", who: "admin", want: 200, check: equals("party_affairs", "none")},
		{name: "the profile shows the log", method: "GET", path: "/api/v1/members/{mA1}/cadre", who: "viewA", want: 200,
			check: all(equals("rotations.0.direction", "to_admin"), equals("rotations.0.note", "双向交流"), equals("post", ""),
				equals("hours", "0"), equals("hours_year", "2026"))},
		{name: "a training for mA2", method: "POST", path: "/api/v1/trainings", who: "admin", want: 201,
			body: `{"org_id":{brA},"kind":"special","title":"党务干部专题培训","start_on":"2026-03-02","end_on":"2026-03-02","participants":[{"member_id":{mA2},"hours":6}]}`},
		{name: "the cadre profile shows the hours", method: "GET", path: "/api/v1/members/{mA2}/cadre", who: "admin", want: 200,
			check: all(equals("hours", "6"), equals("party_affairs", "part_time"),
				func(t *testing.T, f *fixture, r *result) {
					if r.str("hours_rule") == "" || r.str("hours_required") == "0" {
						t.Errorf("hours requirement: %s", r.body)
					}
				})},
		{name: "out of scope profile", method: "GET", path: "/api/v1/members/{mA1}/cadre", who: "viewB", want: 404},

		{name: "appraisal: bad grade", method: "PUT", path: "/api/v1/members/{mA2}/cadre-appraisals/2025", who: "admin", body: `{"grade":"A","note":"好"}`, want: 422, check: field("grade")},
		{name: "appraisal: no note", method: "PUT", path: "/api/v1/members/{mA2}/cadre-appraisals/2025", who: "admin", body: `{"grade":"competent"}`, want: 422, check: field("note")},
		{name: "appraisal: next year", method: "PUT", path: "/api/v1/members/{mA2}/cadre-appraisals/2027", who: "admin", body: `{"grade":"competent","note":"x"}`, want: 422, check: field("year")},
		{name: "appraisal: unknown field", method: "PUT", path: "/api/v1/members/{mA2}/cadre-appraisals/2025", who: "admin", body: `{"grade":"competent","note":"x","score":9}`, want: 422, check: field("score")},
		{name: "appraisal recorded", method: "PUT", path: "/api/v1/members/{mA2}/cadre-appraisals/2025", who: "secA", body: `{"grade":"competent","note":"兼任组织委员，组织发展工作扎实"}`, want: 200,
			check: all(equals("grade", "competent"), equals("year", "2025"), equals("org_id", "{brA}"))},
		{name: "the unit's appraisal reads it", method: "GET", path: "/api/v1/orgs/{fin}/cadre-appraisals?year=2025", who: "admin", want: 200,
			check: all(equals("items.0.member_id", "{mA2}"), equals("items.0.grade", "competent"), equals("items.0.name", "李娜"))},
		{name: "appraisals: bad year", method: "GET", path: "/api/v1/orgs/{fin}/cadre-appraisals?year=x", who: "admin", want: 422, check: field("year")},
	})

	for _, c := range []struct {
		path, want string
		rows       int
	}{
		{"/api/v1/orgs/{root}/cadre-team/rollup/export?format=csv", "县财政局党组", 3},
		{"/api/v1/orgs/{fin}/cadre-team/export?format=xlsx", "李娜", 1},
		{"/api/v1/orgs/{root}/cadre-team/long-serving/export?format=csv", "", 0},
		{"/api/v1/orgs/{fin}/cadre-appraisals/export?year=2025", "兼任组织委员", 1},
	} {
		res := f.download(c.path, "admin")
		if res.status != 200 {
			t.Errorf("%s: %d %s", c.path, res.status, res.body)
			continue
		}
		hdr, rows := table(t, res.body)
		if len(hdr) == 0 || len(rows) != c.rows || (c.want != "" && !strings.Contains(strings.Join(rows[0], "|"), c.want)) {
			t.Errorf("%s: %q %q", c.path, hdr, rows)
		}
	}
	if res := f.download("/api/v1/orgs/{fin}/cadre-team/export?format=pdf", "admin"); res.status != 422 {
		t.Errorf("bad format: %d", res.status)
	}
}
