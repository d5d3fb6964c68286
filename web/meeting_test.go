package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// recordMeeting records a meeting of branchB through app, everyone present.
func recordMeeting(t *testing.T, f *fixture, kind, topic string, at time.Time) *dangjian.Meeting {
	t.Helper()
	ctx := context.Background()
	roster, err := f.app.MeetingRoster(ctx, f.admin, f.branchB.ID, kind)
	if err != nil {
		t.Fatal(err)
	}
	var att []dangjian.Attendance
	for _, d := range roster {
		att = append(att, dangjian.Attendance{MemberID: d.MemberID, Status: dangjian.AttendPresent})
	}
	m, err := f.app.RecordMeeting(ctx, f.admin, app.MeetingInput{OrgID: f.branchB.ID, Kind: kind, HeldAt: at, Topic: topic, Location: "三楼会议室", Attendance: att})
	if err != nil {
		t.Fatalf("record meeting: %v", err)
	}
	return m
}

func everyPageMeeting(t *testing.T, f *fixture) int64 {
	return recordMeeting(t, f, dangjian.MeetingAssembly, "学习党章", f.app.DB().Now().Add(-48*time.Hour)).ID
}

// meetingForm is the new-meeting form as a browser posts it: everyone on
// the roster present.
func meetingFormValues(t *testing.T, f *fixture, kind, topic, heldAt string) url.Values {
	t.Helper()
	roster, err := f.app.MeetingRoster(context.Background(), f.admin, f.branchB.ID, kind)
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{"kind": {kind}, "held_at": {heldAt}, "topic": {topic}, "location": {"会议室"}}
	for i, d := range roster {
		n := id(int64(i))
		v.Add("member", id(d.MemberID))
		v.Set("name_"+n, d.Name)
		v.Set("status_"+n, dangjian.AttendPresent)
	}
	return v
}

func TestMeetingForms(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	base := "/orgs/" + id(f.branchB.ID) + "/meetings"
	held := f.app.DB().Now().Add(-24 * time.Hour).In(dangjian.CST).Format("2006-01-02T15:04")

	res := f.get(base+"/new?kind=assembly", admin)
	expect(t, "new form", res, http.StatusOK, []string{`name="member"`, "王芳", `name="status_24"`, `name="held_at"`}, nil)

	// A missing topic: 422, the error under the field, the input kept, nothing stored.
	v := meetingFormValues(t, f, dangjian.MeetingAssembly, "", held)
	v.Set("location", "五楼小会议室")
	v.Set("status_3", dangjian.AttendLeave)
	res = f.post(base+"/new", admin, v)
	expect(t, "no topic", res, http.StatusUnprocessableEntity, []string{`id="topic-err"`, "请填写会议主题", "五楼小会议室", `id="att_reason_3-err"`}, nil)
	if _, n, _ := f.app.Meetings(context.Background(), f.admin, app.MeetingQuery{OrgID: f.branchB.ID}, app.Page{}); n != 0 {
		t.Errorf("a failed form stored %d meetings", n)
	}

	// A good one: 303 to the record, which shows the quorum with its rule.
	v = meetingFormValues(t, f, dangjian.MeetingAssembly, "学习二十大报告", held)
	v.Set("status_3", dangjian.AttendLeave)
	v.Set("att_reason_3", "出差")
	res = f.post(base+"/new", admin, v)
	if res.code != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/meetings/") {
		t.Fatalf("record: %d %s\n%s", res.code, res.header.Get("Location"), excerpt(res.body))
	}
	rec := res.header.Get("Location")
	expect(t, "record page", f.get(rec, admin), http.StatusOK, []string{"学习二十大报告", "应到 25 人，实到 24 人", "请假 1 人", "orglife.assembly.quorum", "出差", "达到法定人数"}, nil)
	expect(t, "list", f.get(base, admin), http.StatusOK, []string{"学习二十大报告", "计入"}, nil)
	expect(t, "list filtered out", f.get(base+"?kind=lecture", admin), http.StatusOK, []string{"没有符合条件的会议"}, []string{"学习二十大报告"})

	// A correction needs a reason.
	ed := f.get(rec+"/edit", admin)
	expect(t, "edit form", ed, http.StatusOK, []string{"学习二十大报告", `name="reason"`}, nil)
	v.Set("topic", "学习二十大报告（更正）")
	res = f.post(rec+"/edit", admin, v)
	expect(t, "no reason", res, http.StatusUnprocessableEntity, []string{`id="reason-err"`, "请填写原因", "学习二十大报告（更正）"}, nil)
	v.Set("reason", "主题登记不全")
	res = f.post(rec+"/edit", admin, v)
	if res.code != http.StatusSeeOther {
		t.Fatalf("correct: %d\n%s", res.code, excerpt(res.body))
	}
	expect(t, "corrected", f.get(rec, admin), http.StatusOK, []string{"学习二十大报告（更正）", "主题登记不全"}, nil)

	// Withdrawing needs a reason too; then it leaves the list.
	expect(t, "delete no reason", f.post(rec+"/delete", admin, url.Values{"reason": {" "}}), http.StatusUnprocessableEntity, []string{"请填写原因"}, nil)
	res = f.post(rec+"/delete", admin, url.Values{"reason": {"重复登记"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("delete: %d\n%s", res.code, excerpt(res.body))
	}
	expect(t, "list after delete", f.get(base, admin), http.StatusOK, nil, []string{"学习二十大报告"})

	// An org_admin of another branch sees none of it.
	other := f.user("a_admin", dangjian.RoleOrgAdmin, f.branchA, nil)
	m := recordMeeting(t, f, dangjian.MeetingLecture, "党课", f.app.DB().Now().Add(-time.Hour))
	for _, p := range []string{"/meetings/" + id(m.ID), "/meetings/" + id(m.ID) + "/edit", base, base + "/new", "/orgs/" + id(f.branchB.ID) + "/compliance", "/orgs/" + id(f.branchB.ID) + "/ledger"} {
		expect(t, "other branch "+p, f.get(p, other), http.StatusNotFound, nil, []string{"党课"})
	}
	expect(t, "other branch post", f.post(base+"/new", other, meetingFormValues(t, f, dangjian.MeetingAssembly, "x", held)), http.StatusNotFound, nil, nil)
	expect(t, "other branch delete", f.post("/meetings/"+id(m.ID)+"/delete", other, url.Values{"reason": {"x"}}), http.StatusNotFound, nil, nil)
}

func TestComplianceGrid(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	year := f.app.Today().Year() - 1 // a year that is over: every period met or missing
	jan := time.Date(year, 1, 15, 9, 0, 0, 0, dangjian.CST)
	recordMeeting(t, f, dangjian.MeetingLecture, "一季度党课", jan)
	grid := "/orgs/" + id(f.branchB.ID) + "/compliance?year=" + id(int64(year))

	res := f.get(grid, admin)
	expect(t, "grid", res, http.StatusOK, []string{"orglife.lecture", "orglife.assembly", `class="cell met"`, `class="cell missing"`, `colspan="3"`,
		"from=" + id(int64(year)) + "-01-01&amp;kind=lecture&amp;to=" + id(int64(year)) + "-03-31"}, nil)
	// The only met period is the first quarter's lecture.
	if n := strings.Count(res.body, `class="cell met"`); n != 1 {
		t.Errorf("grid: %d met cells, want 1", n)
	}
	// An empty branch owes the same and met none; it has no committee,
	// and too few members to need one, so committee meetings say why not.
	res = f.get("/orgs/"+id(f.empty.ID)+"/compliance?year="+id(int64(year)), admin)
	expect(t, "empty grid", res, http.StatusOK, []string{`class="cell missing"`, "不足 7 人", "0.0%"}, []string{`class="cell met"`})
	// English.
	f.get("/settings/lang?lang=en&next=/", admin)
	res = f.get(grid, admin)
	expect(t, "grid en", res, http.StatusOK, []string{"✓ met", "✗ missing"}, nil)
	f.get("/settings/lang?lang=zh&next=/", admin)

	// The roll-up lists both with drill-down links, and the ledger the lecture.
	res = f.get("/orgs/"+id(f.root.ID)+"/compliance/rollup?sort=name&year="+id(int64(year)), admin)
	expect(t, "rollup", res, http.StatusOK, []string{"教育局党支部", "教育局空支部", "/orgs/" + id(f.branchB.ID) + "/compliance?year="}, nil)
	res = f.get("/orgs/"+id(f.branchB.ID)+"/ledger?year="+id(int64(year)), admin)
	expect(t, "ledger", res, http.StatusOK, []string{`class="ledger"`, "一季度党课", "三楼会议室"}, nil)
}

func TestTalksAndRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	cov := "/orgs/" + id(f.branchA.ID) + "/talks/coverage"
	expect(t, "coverage", f.get(cov, admin), http.StatusOK, []string{"张伟", "李娜", "orglife.talks"}, nil)
	today := f.app.Today().String()
	res := f.post("/orgs/"+id(f.branchA.ID)+"/talks/new", admin, url.Values{"a_id": {id(f.a1.ID)}, "b_id": {id(f.a1.ID)}, "held_on": {today}})
	expect(t, "same person", res, http.StatusUnprocessableEntity, []string{`id="b_id-err"`}, nil)
	res = f.post("/orgs/"+id(f.branchA.ID)+"/talks/new", admin, url.Values{"a_id": {id(f.a1.ID)}, "b_id": {id(f.a2.ID)}, "held_on": {today}, "topic": {"谈心"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("talk: %d\n%s", res.code, excerpt(res.body))
	}
	expect(t, "coverage done", f.get(cov, admin), http.StatusOK, []string{"100.0%"}, nil)

	expect(t, "rules", f.get("/rules", admin), http.StatusOK, []string{"orglife.lecture", `action="/rules/orglife.lecture"`}, nil)
	expect(t, "override bad", f.post("/rules/orglife.lecture", admin, url.Values{"period": {"quarter"}, "count": {"x"}}), http.StatusUnprocessableEntity, []string{"请填写整数"}, nil)
	res = f.post("/rules/orglife.lecture", admin, url.Values{"period": {"month"}, "count": {"1"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("override: %d\n%s", res.code, excerpt(res.body))
	}
	expect(t, "overridden", f.get("/rules", admin), http.StatusOK, []string{"本地配置", `action="/rules/orglife.lecture/clear"`}, nil)
	other := f.user("b_admin", dangjian.RoleOrgAdmin, f.branchB, nil)
	expect(t, "rules other", f.get("/rules", other), http.StatusOK, []string{"orglife.lecture"}, []string{`action="/rules/orglife.lecture"`})
	expect(t, "override by other", f.post("/rules/orglife.lecture", other, url.Values{"period": {"year"}, "count": {"1"}}), http.StatusForbidden, nil, nil)
	expect(t, "clear by other", f.post("/rules/orglife.lecture/clear", other, nil), http.StatusForbidden, nil, nil)
	if res := f.post("/rules/orglife.lecture/clear", admin, url.Values{}); res.code != http.StatusSeeOther {
		t.Errorf("clear: %d", res.code)
	}
}

// screenshotMeetings gives branchB a year of meetings with gaps, and
// returns a record worth looking at.
func screenshotMeetings(t *testing.T, f *fixture) int64 {
	t.Helper()
	now := f.app.DB().Now().In(dangjian.CST)
	var last int64
	for m := 1; m < int(now.Month()); m++ {
		at := time.Date(now.Year(), time.Month(m), 10, 9, 0, 0, 0, dangjian.CST)
		if m != 4 && m != 7 {
			recordMeeting(t, f, dangjian.MeetingThemeDay, "主题党日："+time.Month(m).String(), at)
		}
		if m%3 == 1 {
			last = recordMeeting(t, f, dangjian.MeetingAssembly, "党员大会：学习贯彻党的二十大精神", at.Add(2*time.Hour)).ID
		}
		if m == 2 || m == 8 {
			recordMeeting(t, f, dangjian.MeetingLecture, "书记讲党课：坚定理想信念", at.Add(4*time.Hour))
		}
	}
	return last
}

// TestSuspectedMerged: a meeting overlapping a registered administrative
// meeting says so and does not count until confirmed separate, with a reason.
func TestSuspectedMerged(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	at := f.app.DB().Now().Add(-72 * time.Hour).Truncate(time.Hour)
	m := recordMeeting(t, f, dangjian.MeetingThemeDay, "主题党日", at)
	if _, err := f.app.RecordAdminMeeting(context.Background(), f.admin, dangjian.AdminMeeting{OrgID: f.edu.ID, HeldAt: at.Add(-time.Hour), EndsAt: at.Add(time.Hour), Title: "局务会"}); err != nil {
		t.Fatal(err)
	}
	rec := "/meetings/" + id(m.ID)
	expect(t, "suspected", f.get(rec, admin), http.StatusOK, []string{"暂不计入：疑似合并", `action="` + rec + `/separate"`, "orglife.merged"}, nil)
	expect(t, "no reason", f.post(rec+"/separate", admin, url.Values{"separate_reason": {""}}), http.StatusUnprocessableEntity, []string{`id="separate_reason-err"`, "请填写原因"}, nil)
	if res := f.post(rec+"/separate", admin, url.Values{"separate_reason": {"局务会结束后另行召开"}}); res.code != http.StatusSeeOther {
		t.Fatalf("separate: %d\n%s", res.code, excerpt(res.body))
	}
	expect(t, "confirmed", f.get(rec, admin), http.StatusOK, []string{"局务会结束后另行召开", ">计入<"}, []string{"暂不计入"})
}
