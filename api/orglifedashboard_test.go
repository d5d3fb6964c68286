package api_test

import (
	"strings"
	"testing"
	"time"
)

func TestOrglifeDashboard(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.app.DB().SetNow(func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) })
	f.user("secB", "org_admin@brB")
	att := `[{"member_id":{mA1},"status":"present"},{"member_id":{mA2},"status":"present"}]`
	f.run([]scenario{
		{name: "a theme day", method: "POST", path: "/api/v1/meetings", who: "admin", want: 201,
			body: `{"org_id":{brA},"kind":"theme_day","held_at":"2026-01-05T09:00:00+08:00","topic":"一月主题党日","attendance":` + att + `}`},
		{name: "a merged lecture", method: "POST", path: "/api/v1/meetings", who: "admin", want: 201,
			body: `{"org_id":{brA},"kind":"lecture","held_at":"2026-03-05T09:00:00+08:00","topic":"合并党课","merged_with_admin":true,"attendance":` + att + `}`},
		{name: "an assembly below quorum", method: "POST", path: "/api/v1/meetings", who: "admin", want: 201,
			body: `{"org_id":{brA},"kind":"assembly","held_at":"2026-04-05T09:00:00+08:00","topic":"党员大会","attendance":[{"member_id":{mA1},"status":"absent"},{"member_id":{mA2},"status":"absent"}]}`},
		{name: "the root's dashboard", method: "GET", path: "/api/v1/orgs/{root}/orglife/dashboard?year=2026", who: "admin", want: 200,
			check: all(equals("org_id", "{root}"), equals("year", "2026"), equals("as_of", "2026-06-01"),
				equals("counted", "1"), equals("merged", "1"), equals("below_quorum", "1"), equals("suspected", "0"),
				equals("months.0.month", "2026-01"), equals("months.0.counted", "1"), equals("months.2.merged", "1"), equals("months.3.below_quorum", "1"),
				equals("units.1.org_id", "{fin}"), equals("units.1.merged", "1"), equals("units.2.org_id", "{edu}"), equals("units.2.merged", "0"),
				func(t *testing.T, f *fixture, r *result) {
					if v, _ := r.get("months.5.rate"); v != nil {
						t.Errorf("June not over but rated %v", v)
					}
					if v, ok := r.get("months.0.rate"); !ok || v == nil {
						t.Errorf("January rate missing: %s", r.raw("months.0"))
					}
				})},
		{name: "bad year", method: "GET", path: "/api/v1/orgs/{root}/orglife/dashboard?year=20x6", who: "admin", want: 422, check: field("year")},
		{name: "year out of range", method: "GET", path: "/api/v1/orgs/{root}/orglife/dashboard?year=1900", who: "admin", want: 422, check: field("year")},
		{name: "outside the scope", method: "GET", path: "/api/v1/orgs/{fin}/orglife/dashboard", who: "secB", want: 404},
		{name: "exports refuse a bad format", method: "GET", path: "/api/v1/meetings/export?format=pdf", who: "admin", want: 422, check: field("format")},
		{name: "exports refuse a bad kind", method: "GET", path: "/api/v1/meetings/export?kind=party", who: "admin", want: 422, check: field("kind")},
		{name: "roll-up export refuses a bad sort", method: "GET", path: "/api/v1/orgs/{root}/compliance/rollup/export?sort=size", who: "admin", want: 422, check: field("sort")},
		{name: "talk coverage export of a non-branch", method: "GET", path: "/api/v1/orgs/{fin}/talks/coverage/export", who: "admin", want: 422, check: field("org_id")},
		{name: "admin meetings of a unit", method: "POST", path: "/api/v1/admin-meetings", who: "admin", want: 201,
			body: `{"org_id":{fin},"held_at":"2026-05-20T09:00:00+08:00","ends_at":"2026-05-20T11:00:00+08:00","title":"局务会"}`},
		{name: "listed", method: "GET", path: "/api/v1/orgs/{fin}/admin-meetings", who: "admin", want: 200,
			check: all(equals("total", "1"), equals("items.0.title", "局务会"))},
	})

	// The exports hold the pages' numbers.
	for _, c := range []struct {
		path, want string
		rows       int
	}{
		{"/api/v1/meetings/export?format=csv&org={brA}", "合并党课", 3},
		{"/api/v1/meetings/export?format=xlsx&kind=theme_day", "一月主题党日", 1},
		{"/api/v1/orgs/{root}/compliance/rollup/export?format=csv&year=2026", "财政局第一党支部", 4},
		{"/api/v1/orgs/{root}/dual-life/export?format=csv&year=2026", "", 0},
		{"/api/v1/orgs/{brA}/talks/coverage/export?format=xlsx&year=2026", "合计", 1},
	} {
		res := f.download(c.path, "admin")
		if res.status != 200 {
			t.Errorf("%s: %d %s", c.path, res.status, res.body)
			continue
		}
		_, rows := table(t, res.body)
		if len(rows) != c.rows {
			t.Errorf("%s: %d rows, want %d: %v", c.path, len(rows), c.rows, rows)
		}
		if c.want != "" && !strings.Contains(strings.Join(flat(rows), " "), c.want) {
			t.Errorf("%s lacks %q: %v", c.path, c.want, rows)
		}
	}
	if res := f.download("/api/v1/meetings/export?format=csv", "secB"); res.status != 200 || strings.Contains(string(res.body), "合并党课") {
		t.Errorf("secretary of brB exports brA's meetings: %d %s", res.status, res.body)
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
