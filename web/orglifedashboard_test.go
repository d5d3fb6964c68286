package web

import (
	"context"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func TestOrglifeDashboardPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	at10(f, "2026-06-01")
	admin := f.cookies["admin"]
	ctx := context.Background()
	recordMeeting(t, f, dangjian.MeetingThemeDay, "一月主题党日", cstTime("2026-01-05 09:00"))
	recordMeeting(t, f, dangjian.MeetingThemeDay, "二月主题党日", cstTime("2026-02-05 09:00"))
	if _, err := f.app.RecordMeeting(ctx, f.admin, app.MeetingInput{OrgID: f.branchB.ID, Kind: dangjian.MeetingLecture, HeldAt: cstTime("2026-03-05 09:00"),
		Topic: "合并的党课", MergedWithAdmin: true}); err != nil {
		t.Fatal(err)
	}
	page := "/orgs/" + id(f.root.ID) + "/orglife/dashboard?year=2026"
	res := f.get(page, admin)
	expect(t, "dashboard", res, 200, []string{
		`data-page="orglifedashboard/show"`, `class="chart" data-chart="{`, `id="dash-units"`, `id="dash-months"`,
		`<span class="big" id="dash-counted">2</span>`, `<span class="big" id="dash-merged">1</span>`,
		"县教育局党组", "县财政局党组", // the units
		`href="/orgs/` + id(f.edu.ID) + `/orglife/dashboard?year=2026"`,               // drill down
		`href="/orgs/` + id(f.edu.ID) + `/compliance/rollup?year=2026&amp;sort=rate"`, // and to the roll-up
		`href="/orgs/` + id(f.root.ID) + `/meetings?from=2026-03-01&amp;to=2026-03-31"`,
		`/static/`, // ECharts is loaded
	}, nil)
	if !strings.Contains(res.body, "echarts") {
		t.Errorf("the page does not load ECharts")
	}
	// The chart carries the same numbers as the table: the bar of counted meetings.
	if !strings.Contains(res.body, "[1,1,0,0,0,0,0,0,0,0,0,0]") {
		t.Errorf("trend chart lacks the monthly counts")
	}
	expect(t, "nav", res, 200, []string{`href="/orgs/` + id(f.root.ID) + `/orglife/dashboard"`}, nil)
	expect(t, "bad year", f.get("/orgs/"+id(f.root.ID)+"/orglife/dashboard?year=1800", admin), 422, nil, nil)
	sec := f.user("secA2", dangjian.RoleOrgAdmin, f.branchA, nil)
	expect(t, "out of scope", f.get("/orgs/"+id(f.edu.ID)+"/orglife/dashboard", sec), 404, nil, nil)
	expect(t, "own branch", f.get("/orgs/"+id(f.branchA.ID)+"/orglife/dashboard", sec), 200, []string{`id="dash-rate"`}, nil)
}

func TestOrglifeExportsWeb(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	at10(f, "2026-06-01")
	admin := f.cookies["admin"]
	recordMeeting(t, f, dangjian.MeetingThemeDay, "一月主题党日", cstTime("2026-01-05 09:00"))
	recordMeeting(t, f, dangjian.MeetingAssembly, "三月党员大会", cstTime("2026-03-05 09:00"))
	b := "/orgs/" + id(f.branchB.ID)

	// The buttons carry the page's filters.
	expect(t, "meetings list", f.get(b+"/meetings?kind=assembly", admin), 200, []string{
		`id="meetings-export"`, `href="` + b + `/meetings/export?format=csv&amp;kind=assembly"`, `href="/orgs/` + id(f.branchB.ID) + `/admin-meetings"`}, nil)
	res := f.get(b+"/meetings/export?format=csv&kind=assembly", admin)
	expect(t, "meetings csv", res, 200, []string{"会议时间,会议类型", "三月党员大会"}, []string{"一月主题党日"})
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("content type %q", ct)
	}
	res = f.get(b+"/meetings/export", admin)
	if res.code != 200 || !strings.HasPrefix(res.body, "PK") {
		t.Errorf("meetings xlsx: %d %q", res.code, excerpt(res.body))
	}
	expect(t, "meetings bad date", f.get(b+"/meetings/export?from=2026-13-01", admin), 422, nil, nil)

	root := "/orgs/" + id(f.root.ID)
	expect(t, "roll-up page", f.get(root+"/compliance/rollup?year=2026&sort=name", admin), 200,
		[]string{`id="rollup-export"`, `href="` + root + `/compliance/rollup/export?format=xlsx&amp;sort=name&amp;year=2026"`}, nil)
	res = f.get(root+"/compliance/rollup/export?format=csv&year=2026&sort=name", admin)
	expect(t, "roll-up csv", res, 200, []string{"党组织,类别,完成率", "教育局党支部", "财政局第一党支部", "orglife.theme_day 2026-02"}, nil)

	expect(t, "dual life page", f.get("/orgs/"+id(f.edu.ID)+"/dual-life?year=2026", admin), 200, []string{`id="duallife-export"`}, nil)
	res = f.get("/orgs/"+id(f.edu.ID)+"/dual-life/export?format=csv&year=2026", admin)
	expect(t, "dual life csv", res, 200, []string{"姓名,所在党支部", "教育局党支部"}, nil)

	a := "/orgs/" + id(f.branchA.ID)
	expect(t, "coverage page", f.get(a+"/talks/coverage?year=2026", admin), 200, []string{`id="coverage-export"`}, nil)
	res = f.get(a+"/talks/coverage/export?format=csv&year=2026", admin)
	expect(t, "coverage csv", res, 200, []string{"张伟", "李娜", "未谈", "应谈 1 对"}, nil)

	v := f.user("viewX", dangjian.RoleViewer, f.branchA, nil)
	expect(t, "out of scope", f.get(b+"/meetings/export?format=csv", v), 404, nil, nil)
}
