package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// rectSample is what TestEveryPage renders the pages of issue 6's ledger,
// cadre opinions, DLM oversight and secretaries' reports with.
type rectSample struct {
	Rect, Opinion, Report int64
	HR                    *http.Cookie
}

// everyPageRect records an item, a cadre opinion request and a report.
func everyPageRect(t *testing.T, f *fixture) rectSample {
	t.Helper()
	ctx := context.Background()
	var s rectSample
	r, err := f.app.CreateRectification(ctx, f.admin, app.RectificationInput{OrgID: f.branchA.ID, Source: dangjian.SourceInspection,
		Problem: "党费收缴不及时", OwnerID: &f.a1.ID, Deadline: f.app.Today().AddDays(-5)})
	if err != nil {
		t.Fatal(err)
	}
	s.Rect = r.ID
	s.HR = f.user("hruser", dangjian.RolePersonnel, f.root, nil)
	hr := &dangjian.Actor{Username: "hr", Grants: []dangjian.Grant{{Role: dangjian.RolePersonnel, OrgID: f.root.ID, OrgPath: f.root.Path}}}
	c, err := f.app.RequestCadreOpinion(ctx, hr, app.CadreOpinionInput{MemberID: f.a2.ID, OrgID: f.branchA.ID, Deadline: f.app.Today().AddDays(10), Note: "拟提任"})
	if err != nil {
		t.Fatal(err)
	}
	s.Opinion = c.ID
	rep, err := f.app.SubmitSecretaryReport(ctx, f.admin, app.SecretaryReportInput{OrgID: f.branchA.ID, Year: f.app.Today().Year(), Report: "述职报告正文"})
	if err != nil {
		t.Fatal(err)
	}
	s.Report = rep.ID
	return s
}

var rectHrefRe = regexp.MustCompile(`^/rectifications/(\d+)$`)

func TestRectificationPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	secA := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	fin := f.user("fin", dangjian.RoleCommitteeAdmin, f.finance, nil)
	viewer := f.user("viewer", dangjian.RoleViewer, f.root, nil)
	base := "/orgs/" + id(f.branchA.ID) + "/rectifications"

	expect(t, "empty ledger", f.get(base, secA), 200, []string{`data-page="rectification/list"`, "没有符合条件的整改事项", `href="` + base + `/new"`}, nil)
	expect(t, "a viewer has no new button", f.get(base, viewer), 200, nil, []string{`href="` + base + `/new"`})
	expect(t, "a viewer has no form", f.get(base+"/new", viewer), 403, nil, nil)
	form := url.Values{"source": {"inspection"}, "problem": {""}, "deadline": {"2026-02-30"}, "owner_id": {id(f.a1.ID)}, "measures": {"建立台账"}}
	expect(t, "bad form", f.post(base+"/new", secA, form), 422, []string{`id="problem-err"`, `id="deadline-err"`, "建立台账"}, nil)
	form.Set("problem", "谈心谈话不经常")
	form.Set("deadline", f.app.Today().AddDays(-3).String())
	res := f.post(base+"/new", secA, form)
	m := rectHrefRe.FindStringSubmatch(res.header.Get("Location"))
	if res.code != 303 || m == nil {
		t.Fatalf("create: %d %q\n%s", res.code, res.header.Get("Location"), excerpt(res.body))
	}
	item := m[1]
	expect(t, "the item", f.follow(res, secA), 200, []string{`data-page="rectification/show"`, "整改事项已登记", "谈心谈话不经常", "张伟", "逾期",
		`action="/rectifications/` + item + `/update"`}, []string{`data-test="verify"`})
	expect(t, "list with the overdue filter", f.get(base+"?overdue=1", secA), 200, []string{"谈心谈话不经常", `class="short"`}, nil)
	expect(t, "progress out of range", f.post("/rectifications/"+item+"/update", secA, url.Values{"status": {"in_progress"}, "progress": {"120"}, "note": {"x"}}),
		422, []string{`id="progress-err"`, "整改进度须在 0 到 100 之间"}, nil)
	expect(t, "no note", f.post("/rectifications/"+item+"/update", secA, url.Values{"status": {"done"}, "note": {""}}), 422, []string{`id="note-err"`}, nil)
	res = f.post("/rectifications/"+item+"/update", secA, url.Values{"status": {"done"}, "note": {"已全部谈话"}, "evidence": {"谈话记录"}})
	expect(t, "done", f.follow(res, secA), 200, []string{"整改进展已记录", "已全部谈话", "谈话记录", "100%"}, []string{`data-test="verify"`})
	expect(t, "the branch cannot verify", f.post("/rectifications/"+item+"/update", secA, url.Values{"verify": {"1"}}), 403, nil, nil)
	expect(t, "the level above sees the verify form", f.get("/rectifications/"+item, fin), 200, []string{`data-test="verify"`}, nil)
	res = f.post("/rectifications/"+item+"/update", fin, url.Values{"verify": {"1"}, "verify_note": {"抽查属实"}})
	expect(t, "verified", f.follow(res, fin), 200, []string{"已验收销号", "抽查属实"}, []string{`action="/rectifications/` + item + `/update"`})

	expect(t, "roll-up", f.get("/orgs/"+id(f.root.ID)+"/rectifications/rollup?sort=verified", admin), 200,
		[]string{`data-page="rectification/rollup"`, "县财政局党组", `aria-sort="descending"`, `href="/orgs/` + id(f.finance.ID) + `/rectifications/rollup?sort=verified"`}, nil)
	expect(t, "drill down", f.get("/orgs/"+id(f.finance.ID)+"/rectifications/rollup", admin), 200, []string{"财政局第一党支部"}, nil)
	expect(t, "printable ledger", f.get("/orgs/"+id(f.finance.ID)+"/rectification-ledger", admin), 200,
		[]string{`data-page="rectification/ledger"`, "谈心谈话不经常", "抽查属实", "data-print", `href="/orgs/` + id(f.root.ID) + `/rectifications" class="active"`}, nil)
	for _, p := range []string{"/rectifications/export?format=csv&org=" + id(f.branchA.ID), "/orgs/" + id(f.root.ID) + "/rectifications/rollup/export?format=csv"} {
		res := f.get(p, admin)
		if res.code != 200 || !strings.Contains(res.header.Get("Content-Type"), "csv") {
			t.Errorf("export %s: %d %q", p, res.code, res.header.Get("Content-Type"))
		}
	}
	res = f.get("/rectifications/export?format=xlsx", admin)
	if res.code != 200 || !strings.Contains(res.header.Get("Content-Type"), "spreadsheet") {
		t.Errorf("xlsx export: %d %q", res.code, res.header.Get("Content-Type"))
	}
	secB := f.user("secB", dangjian.RoleOrgAdmin, f.branchB, nil)
	expect(t, "another branch", f.get("/rectifications/"+item, secB), 404, nil, []string{"谈心谈话不经常"})
}

func TestCadreOpinionPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.user("hruser", dangjian.RolePersonnel, f.root, nil)
	secA := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	viewer := f.user("viewer", dangjian.RoleViewer, f.root, nil)
	fin := f.user("fin", dangjian.RoleCommitteeAdmin, f.finance, nil)
	expect(t, "form", f.get("/cadre-opinions/new?member="+id(f.a1.ID), hr), 200, []string{`data-page="cadreopinion/form"`, `value="` + id(f.a1.ID) + `"`}, nil)
	expect(t, "the branch has no form", f.get("/cadre-opinions/new", secA), 403, nil, nil)
	expect(t, "bad form", f.post("/cadre-opinions/new", hr, url.Values{"member_id": {id(f.a1.ID)}, "deadline": {"2020-01-01"}}), 422,
		[]string{`id="deadline-err"`, "答复期限不能早于今天"}, nil)
	res := f.post("/cadre-opinions/new", hr, url.Values{"member_id": {id(f.a1.ID)}, "deadline": {f.app.Today().AddDays(7).String()}, "note": {"拟提任副科长"}})
	if res.code != 303 {
		t.Fatalf("create: %d\n%s", res.code, excerpt(res.body))
	}
	href := res.header.Get("Location")
	expect(t, "created", f.follow(res, hr), 200, []string{`data-page="cadreopinion/show"`, "张伟", "拟提任副科长", "待答复"}, []string{`action="` + href + `/answer"`})
	expect(t, "the branch answers here", f.get(href, secA), 200, []string{`action="` + href + `/answer"`, `name="opinion"`}, nil)
	expect(t, "the branch's list", f.get("/cadre-opinions", secA), 200, []string{"张伟"}, nil)
	expect(t, "a viewer: hidden", f.get(href, viewer), 404, nil, []string{"拟提任副科长"})
	expect(t, "the leading group: hidden", f.get(href, fin), 404, nil, []string{"拟提任副科长"})
	expect(t, "a viewer's list", f.get("/cadre-opinions", viewer), 403, nil, []string{"张伟"})
	expect(t, "disagree without reasons", f.post(href+"/answer", secA, url.Values{"opinion": {"disagree"}}), 422, []string{`id="reasons-err"`}, nil)
	res = f.post(href+"/answer", secA, url.Values{"opinion": {"agree_with_reservations"}, "reasons": {"群众基础一般"}})
	expect(t, "answered", f.follow(res, secA), 200, []string{"意见已答复", "基本同意（有保留意见）", "群众基础一般"}, []string{`name="opinion"`})
	expect(t, "personnel sees the answer", f.get(href, hr), 200, []string{"群众基础一般"}, nil)
	expect(t, "export", f.get("/cadre-opinions/export?format=csv", hr), 200, nil, nil)
}

func TestDLMAndReportPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	ctx := context.Background()
	year := f.app.Today().Year()
	m, err := f.app.RecordMeeting(ctx, f.admin, app.MeetingInput{OrgID: f.finance.ID, Kind: dangjian.MeetingDemocraticLifeMeeting,
		HeldAt: f.app.DB().Now().Add(-48 * 3600e9), Topic: "年度民主生活会",
		Attendance: []dangjian.Attendance{{MemberID: f.a1.ID, Status: dangjian.AttendPresent}, {MemberID: f.a2.ID, Status: dangjian.AttendPresent}}})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "subtree list", f.get("/orgs/"+id(f.root.ID)+"/dlm", admin), 200, []string{`data-page="dlm/list"`, "县财政局党组", "县教育局党组"}, nil)
	page := "/orgs/" + id(f.finance.ID) + "/dlm"
	expect(t, "group page", f.get(page, admin), 200, []string{`data-page="dlm/show"`, "年度民主生活会", "实到 2 人，应到 2 人，须到 2 人", "尚未记录监督情况"}, nil)
	form := url.Values{"meeting_id": {id(m.ID)}, "opinions": {"基层支部：调研不够\n没有冒号"}, "member": {id(f.a1.ID), id(f.a2.ID)},
		"self_" + id(f.a1.ID): {"学习不系统"}, "recv_" + id(f.a1.ID): {"联系群众少"}, "notes": {"辣味不足"}}
	expect(t, "a bad opinion line", f.post(page+"/oversight", admin, form), 422, []string{`id="opinions-err"`, "学习不系统"}, nil)
	form.Set("opinions", "基层支部：调研不够")
	res := f.post(page+"/oversight", admin, form)
	expect(t, "saved", f.follow(res, admin), 200, []string{"监督情况已保存", "调研不够", "学习不系统", "联系群众少", "辣味不足", `name="report"`}, nil)
	expect(t, "an empty report", f.post(page+"/report", admin, url.Values{"report": {""}}), 422, []string{`id="report-err"`}, nil)
	res = f.post(page+"/report", admin, url.Values{"report": {"监督报告正文"}})
	expect(t, "sent, and the admin above may receive", f.follow(res, admin), 200, []string{"监督报告已上报", "监督报告正文", `name="receive"`}, nil)

	// Secretaries' reports: the branch submits, the leading group grades.
	secA := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	fin := f.user("fin", dangjian.RoleCommitteeAdmin, f.finance, nil)
	rb := "/orgs/" + id(f.branchA.ID) + "/secretary-reports"
	expect(t, "report form", f.get(rb+"/new", secA), 200, []string{`data-page="secretaryreport/form"`}, nil)
	expect(t, "no text", f.post(rb+"/new", secA, url.Values{"year": {id(int64(year))}, "report": {""}}), 422, []string{`id="report-err"`}, nil)
	res = f.post(rb+"/new", secA, url.Values{"year": {id(int64(year))}, "report": {"一年来抓党建情况"}, "member_id": {id(f.a1.ID)}})
	if res.code != 303 {
		t.Fatalf("submit: %d\n%s", res.code, excerpt(res.body))
	}
	href := res.header.Get("Location")
	expect(t, "no grading by the branch", f.follow(res, secA), 200, []string{"一年来抓党建情况", "待评议"}, []string{`action="` + href + `/grade"`})
	expect(t, "the level above grades here", f.get(href, fin), 200, []string{`action="` + href + `/grade"`}, nil)
	expect(t, "problems without a deadline", f.post(href+"/grade", fin, url.Values{"grade": {"good"}, "problems": {"台账不全"}}), 422, []string{`id="deadline-err"`}, nil)
	res = f.post(href+"/grade", fin, url.Values{"grade": {"fairly_good"}, "comments": {"较扎实"}, "problems": {"台账不全\n\n党课少"},
		"deadline": {f.app.Today().AddDays(30).String()}})
	expect(t, "graded", f.follow(res, fin), 200, []string{"述职评议已完成", "较好", "台账不全", "党课少"}, nil)
	expect(t, "results", f.get("/orgs/"+id(f.root.ID)+"/secretary-reports", admin), 200, []string{`data-page="secretaryreport/list"`, "财政局第一党支部", "较好"}, nil)
	if _, n, _ := f.app.Rectifications(ctx, f.admin, app.RectQuery{Source: dangjian.SourceReport}, app.Page{}); n != 2 {
		t.Errorf("items from the report: %d", n)
	}
}
