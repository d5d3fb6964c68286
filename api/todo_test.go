package api_test

import (
	"testing"
	"time"
)

func TestTodo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// 2026-06-01 10:00 CST: June and the second quarter end this month.
	f.app.DB().SetNow(func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) })
	f.user("secA", "org_admin@brA")
	f.user("viewer", "viewer@root")
	f.run([]scenario{
		{name: "a theme day in March", method: "POST", path: "/api/v1/meetings", who: "admin", want: 201,
			body: `{"org_id":{brA},"kind":"theme_day","held_at":"2026-03-05T09:00:00+08:00","topic":"主题党日","attendance":[{"member_id":{mA1},"status":"present"},{"member_id":{mA2},"status":"present"}]}`},
		{name: "the secretary's list", method: "GET", path: "/api/v1/todo", who: "secA", want: 200,
			check: all(
				equals("items.0.kind", "compliance"), equals("items.0.severity", "overdue"), equals("items.0.org_id", "{brA}"),
				equals("items.0.org_name", "财政局第一党支部"), equals("items.0.rule", "orglife.theme_day"), equals("items.0.due_on", "2026-01-31"),
				equals("items.0.href", "/orgs/{brA}/compliance?year=2026"),
				func(t *testing.T, f *fixture, r *result) {
					items, _ := r.get("items")
					list, _ := items.([]any)
					due, overdue := 0, 0
					for _, x := range list {
						it := x.(map[string]any)
						if it["org_id"] != float64(atoi(f.vars["brA"])) {
							t.Errorf("item of another organization: %v", it)
						}
						switch it["severity"] {
						case "due":
							due++
						case "overdue":
							overdue++
						}
						if it["title"] == "" || it["href"] == "" {
							t.Errorf("incomplete item %v", it)
						}
					}
					if due == 0 || overdue == 0 || r.num("overdue") != overdue {
						t.Errorf("due %d overdue %d in %s", due, overdue, r.body)
					}
				})},
		{name: "the admin's list names other branches", method: "GET", path: "/api/v1/todo", who: "admin", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if !r.has("summaries") || !r.has("items.0.title") {
					t.Errorf("answer %s", r.body)
				}
			}},
		{name: "a viewer runs nothing", method: "GET", path: "/api/v1/todo", who: "viewer", want: 200,
			check: func(t *testing.T, f *fixture, r *result) {
				if string(r.raw("items")) != "[]" {
					t.Errorf("viewer's items %s", r.raw("items"))
				}
			}},
		{name: "no token", method: "GET", path: "/api/v1/todo", want: 401},
	})
}

func atoi(s string) int64 {
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}
