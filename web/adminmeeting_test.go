package web

import (
	"net/url"
	"testing"

	"github.com/dangjian/dangjian"
)

func TestAdminMeetingPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	at10(f, "2026-06-01")
	admin := f.cookies["admin"]
	page := "/orgs/" + id(f.edu.ID) + "/admin-meetings"
	expect(t, "empty", f.get(page, admin), 200, []string{`id="admin-meetings-empty"`, `action="` + page + `"`, `name="held_at"`, `type="time"`}, nil)

	form := func(date, start, end, title string) url.Values {
		return url.Values{"date": {date}, "held_at": {start}, "ends_at": {end}, "title": {title}}
	}
	for _, c := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"end before start", form("2026-05-20", "10:00", "09:00", "局务会"), "ends_at"},
		{"no title", form("2026-05-20", "09:00", "10:00", " "), "title"},
		{"bad time", form("2026-05-20", "9点", "10:00", "局务会"), "held_at"},
		{"no date", form("", "09:00", "10:00", "局务会"), "date"},
		{"bad date", form("2026-02-30", "09:00", "10:00", "局务会"), "date"},
	} {
		res := f.post(page, admin, c.form)
		expect(t, c.name, res, 422, []string{`id="` + c.field + `-err"`, `id="form-alert"`}, nil)
	}
	expect(t, "nothing registered", f.get(page, admin), 200, []string{`id="admin-meetings-empty"`}, nil)

	// A meeting of the unit's branch held during it is flagged.
	m := recordMeeting(t, f, dangjian.MeetingThemeDay, "五月主题党日", cstTime("2026-05-20 09:30"))
	res := f.post(page, admin, form("2026-05-20", "09:00", "11:00", "局务会"))
	if res.code != 303 || res.header.Get("Location") != page {
		t.Fatalf("register: %d %q\n%s", res.code, res.header.Get("Location"), excerpt(res.body))
	}
	expect(t, "listed", f.get(page, admin), 200, []string{`id="admin-meetings"`, "局务会", "2026年5月20日"}, nil)
	got, err := f.app.Meeting(t.Context(), f.admin, m.ID)
	if err != nil || !got.SuspectedMerged {
		t.Errorf("overlapping meeting = %+v, %v", got, err)
	}

	// The branch's page lists what its unit registered, which flags its meetings.
	expect(t, "branch", f.get("/orgs/"+id(f.branchB.ID)+"/admin-meetings", admin), 200, []string{"局务会", "县教育局党组"}, nil)
	sec := f.user("secB", dangjian.RoleOrgAdmin, f.branchB, nil)
	expect(t, "branch secretary", f.get("/orgs/"+id(f.branchB.ID)+"/admin-meetings", sec), 200, []string{"局务会", "上级单位"}, []string{"县教育局党组</td>"})
	expect(t, "another unit", f.get("/orgs/"+id(f.branchA.ID)+"/admin-meetings", admin), 200, []string{`id="admin-meetings-empty"`}, nil)

	// A viewer sees the list without the form and cannot post.
	v := f.user("viewAM", dangjian.RoleViewer, f.edu, nil)
	expect(t, "viewer", f.get(page, v), 200, []string{"局务会"}, []string{`method="post" action="` + page + `"`})
	expect(t, "viewer posts", f.post(page, v, form("2026-05-21", "09:00", "10:00", "x")), 403, nil, nil)
	expect(t, "English errors", f.do("POST", page, admin, form("2026-05-20", "10:00", "09:00", "x"), map[string]string{"Cookie": langCookie + "=en"}), 422, nil, nil)
}
