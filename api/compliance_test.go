package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// complianceFixture is the API fixture on 2026-04-01 10:00 CST with brA's
// first quarter partly held.
func complianceFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.app.DB().SetNow(func() time.Time { return time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) })
	id := func(name string) int64 {
		var n int64
		for _, c := range f.vars[name] {
			n = n*10 + int64(c-'0')
		}
		return n
	}
	ctx := context.Background()
	err := f.app.DB().Update(ctx, func(tx *sqlstore.Tx) error {
		for _, c := range []struct{ kind, month string }{
			{dangjian.MeetingAssembly, "2026-02"}, {dangjian.MeetingLecture, "2026-03"},
			{dangjian.MeetingThemeDay, "2026-01"}, {dangjian.MeetingThemeDay, "2026-02"},
		} {
			if err := tx.BumpMeetingCount(ctx, id("brA"), c.kind, c.month, 1); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.user("finAdmin", "committee_admin@fin")
	return f
}

func TestCompliance(t *testing.T) {
	t.Parallel()
	f := complianceFixture(t)
	f.run([]scenario{
		{name: "a branch's year", method: "GET", path: "/api/v1/orgs/{brA}/compliance?year=2026", who: "admin", want: 200,
			check: all(equals("org_id", "{brA}"), equals("year", "2026"),
				equals("items.0.rule", "orglife.assembly"), equals("items.0.kind", "assembly"), equals("items.0.period", "2026-Q1"),
				equals("items.0.expected", "1"), equals("items.0.counted", "1"), equals("items.0.status", "met"),
				equals("items.1.status", "upcoming"),
				func(t *testing.T, f *fixture, r *result) {
					// over: assembly Q1, lecture Q1 met; theme day Jan, Feb met, Mar missing: 4 of 5
					if rate, _ := r.get("rate"); rate != 0.8 {
						t.Errorf("rate = %v", rate)
					}
					if r.has("items.0.reason") {
						t.Errorf("reason on an owed item: %s", r.raw("items.0"))
					}
					// two full members: no committee, no committee meetings
					found := false
					for i := 0; r.has("items." + itoa(i)); i++ {
						if r.str("items."+itoa(i)+".rule") == "orglife.committee" {
							found = true
							if r.str("items."+itoa(i)+".status") != "not_applicable" || r.str("items."+itoa(i)+".reason") == "" {
								t.Errorf("committee item = %s", r.raw("items."+itoa(i)))
							}
						}
					}
					if !found {
						t.Error("no committee item")
					}
				})},
		{name: "the year defaults to this year (CST)", method: "GET", path: "/api/v1/orgs/{brA}/compliance", who: "admin", want: 200,
			check: equals("year", "2026")},
		{name: "a leading group", method: "GET", path: "/api/v1/orgs/{fin}/compliance?year=2025", who: "admin", want: 200,
			check: all(equals("items.0.rule", "orglife.lecture.secretary_yearly"), equals("items.0.period", "2025"), equals("items.0.status", "missing"),
				equals("items.1.rule", "orglife.dlm"), equals("rate", "0"))},
		{name: "year not a number", method: "GET", path: "/api/v1/orgs/{brA}/compliance?year=abc", who: "admin", want: 422, check: field("year")},
		{name: "year out of range", method: "GET", path: "/api/v1/orgs/{brA}/compliance?year=1800", who: "admin", want: 422, check: field("year")},
		{name: "year too far ahead", method: "GET", path: "/api/v1/orgs/{brA}/compliance?year=2030", who: "admin", want: 422, check: field("year")},
		{name: "unknown org", method: "GET", path: "/api/v1/orgs/999999/compliance", who: "admin", want: 404},
		{name: "out of scope is not found", method: "GET", path: "/api/v1/orgs/{brB}/compliance", who: "finAdmin", want: 404},
		{name: "in scope", method: "GET", path: "/api/v1/orgs/{brA}/compliance", who: "finAdmin", want: 200},
		{name: "no token", method: "GET", path: "/api/v1/orgs/{brA}/compliance", want: 401},

		{name: "roll-up of the county, worst first", method: "GET", path: "/api/v1/orgs/{root}/compliance/rollup?year=2026", who: "admin", want: 200,
			// brB held nothing (0, 5 missing); fin and edu owe only yearly rules (1)
			check: all(equals("total", "4"), equals("items.0.org_id", "{brB}"), equals("items.0.rate", "0"), equals("items.0.missing", "5"),
				equals("items.1.org_id", "{brA}"), equals("items.1.missing", "1"), equals("items.1.missing_items.0", "orglife.theme_day 2026-03"),
				equals("items.2.org_id", "{fin}"), equals("items.2.rate", "1"),
				func(t *testing.T, f *fixture, r *result) {
					for _, k := range []string{"org_id", "name", "kind", "rate", "missing", "missing_items"} {
						if !r.has("items.0." + k) {
							t.Errorf("row lacks %s", k)
						}
					}
				})},
		{name: "roll-up by name", method: "GET", path: "/api/v1/orgs/{root}/compliance/rollup?sort=name&per_page=1&page=2", who: "admin", want: 200,
			check: all(equals("total", "4"), equals("per_page", "1"), func(t *testing.T, f *fixture, r *result) {
				if r.has("items.1") {
					t.Errorf("more than one row: %s", r.body)
				}
			})},
		{name: "roll-up of a subtree", method: "GET", path: "/api/v1/orgs/{fin}/compliance/rollup", who: "finAdmin", want: 200,
			check: all(equals("total", "2"), equals("items.0.org_id", "{brA}"))},
		{name: "roll-up out of scope", method: "GET", path: "/api/v1/orgs/{root}/compliance/rollup", who: "finAdmin", want: 404},
		{name: "roll-up bad sort", method: "GET", path: "/api/v1/orgs/{root}/compliance/rollup?sort=size", who: "admin", want: 422, check: field("sort")},
		{name: "roll-up bad year", method: "GET", path: "/api/v1/orgs/{root}/compliance/rollup?year=20x6", who: "admin", want: 422, check: field("year")},
	})
}
