package web

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
)

// at10 sets the fixture's clock to 10:00 CST on day.
func at10(f *fixture, day string) {
	d := dangjian.MustDate(day)
	f.app.DB().SetNow(func() time.Time { return time.Date(d.Year(), d.Month(), d.Day(), 2, 0, 0, 0, time.UTC) })
}

func cstTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, dangjian.CST)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTodoPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	at10(f, "2026-06-01")
	admin := f.cookies["admin"]
	recordMeeting(t, f, dangjian.MeetingThemeDay, "三月主题党日", cstTime("2026-03-05 09:00"))
	if _, err := f.app.RecordAdminMeeting(context.Background(), f.admin, dangjian.AdminMeeting{OrgID: f.edu.ID,
		HeldAt: cstTime("2026-05-20 09:00"), EndsAt: cstTime("2026-05-20 11:00"), Title: "局务会"}); err != nil {
		t.Fatal(err)
	}
	sus := recordMeeting(t, f, dangjian.MeetingThemeDay, "五月主题党日", cstTime("2026-05-20 10:00"))
	b := id(f.branchB.ID)

	res := f.get("/todo", admin)
	expect(t, "admin's to-do", res, 200, []string{
		`id="todo"`, "已逾期", "本月到期",
		"主题党日：2026-01、2026-02、2026-04、2026-05 未达到要求",             // overdue months of branchB
		`href="/orgs/` + b + `/compliance?year=2026"`,            // where to act on them
		`href="/orgs/` + b + `/meetings/new?kind=theme_day"`,     // this month's
		`href="/meetings/` + id(sus.ID) + `"`, "疑似与行政会议合并召开，待确认", // awaiting the secretary
		`href="/orgs/` + id(f.branchA.ID) + `/committee"`, // branchA's term expired in 2023
		"org.term.branch", "orglife.theme_day",
		`<span class="count"`, // the badge on the nav link
	}, nil)
	// Overdue before due.
	if i, j := strings.Index(res.body, "已逾期</span>"), strings.Index(res.body, "本月到期</span>"); i < 0 || j < 0 || i > j {
		t.Errorf("overdue rows do not come first (%d, %d)", i, j)
	}
	n, err := f.app.TodoCount(context.Background(), f.admin)
	if err != nil || n == 0 {
		t.Fatalf("count %d, %v", n, err)
	}
	badge := `<span class="count" title="`
	expect(t, "home lists them", f.get("/", admin), 200, []string{`id="home-todo"`, `href="/todo"`, "项逾期", badge}, nil)
	for _, page := range []string{"/", "/todo", "/orgs"} {
		body := f.get(page, admin).body
		if i := strings.Index(body, `href="/todo"`); i < 0 || !strings.Contains(body[i:min(len(body), i+2000)], ">"+strconv.Itoa(n)+"</span>") {
			t.Errorf("%s: the nav badge does not say %d", page, n)
		}
	}

	// A secretary of branchA sees branchA's items only.
	sec := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	expect(t, "secretary", f.get("/todo", sec), 200, []string{`href="/orgs/` + id(f.branchA.ID) + `/committee"`}, []string{"/orgs/" + b + "/"})
	// A viewer runs nothing.
	v := f.user("viewT", dangjian.RoleViewer, f.root, nil)
	expect(t, "viewer", f.get("/todo", v), 200, []string{`id="todo-none"`}, []string{`id="todo"`})
	expect(t, "viewer's home", f.get("/", v), 200, nil, []string{`id="home-todo"`})

	f.get("/settings/lang?lang=en&next=/todo", admin)
	expect(t, "English", f.get("/todo", admin), 200,
		[]string{"Overdue", "Due this month", "Theme party day: not met in 2026-01, 2026-02, 2026-04, 2026-05", "may have been merged", "term expired"},
		[]string{"未达到要求", "待确认", "已逾期"})
}
