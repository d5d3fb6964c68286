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

// everyPageCorrection gives TestEveryPage a request to render: one by the
// member linked to the user of cookie c.
func everyPageCorrection(t *testing.T, f *fixture, c *http.Cookie) int64 {
	t.Helper()
	au, err := f.app.Authenticate(context.Background(), c.Value, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	cr, err := f.app.SubmitCorrection(context.Background(), au.Actor, app.CorrectionInput{Fields: map[string]string{"position": "副科长"}, Reason: "岗位调整"})
	if err != nil {
		t.Fatal(err)
	}
	return cr.ID
}

// follow sends a GET to where a 303 points, with the flash it set.
func (f *fixture) follow(res result, c *http.Cookie) result {
	f.t.Helper()
	if res.code != http.StatusSeeOther {
		f.t.Fatalf("want 303, got %d\n%s", res.code, excerpt(res.body))
	}
	hdr := map[string]string{}
	for _, k := range res.cookies {
		if k.Name == flashCookie {
			hdr["Cookie"] = k.Name + "=" + k.Value
		}
	}
	return f.do("GET", res.header.Get("Location"), c, nil, hdr)
}

var correctionHrefRe = regexp.MustCompile(`^/corrections/(\d+)$`)

func TestMePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	mid := f.a1.ID
	mc := f.user("zhangwei", dangjian.RoleMember, f.branchA, &mid)
	res := f.get("/me", mc)
	expect(t, "own record", res, 200, []string{
		`data-page="me/show"`, "<h1>张伟</h1>", "财政局第一党支部", "110***********", "138****8001",
		// history and the post held; the nav leads here
		"组织关系历史", "登记入册", "担任职务", "书记", `href="/me" class="active"`,
		`action="/me/reveal"`, `href="/me/correction"`, "申请更正",
	}, []string{
		idNumber("1980-01-01", 1), "13800138001", // clear numbers
		"我的更正申请",                          // no requests yet: no empty section
		`href="/members"`, `href="/orgs/`, // no roster, no org pages
	})
	expect(t, "another member's record", f.get("/members/"+id(f.a2.ID), mc), 404, nil, []string{"李娜"})
	expect(t, "the roster", f.get("/members", mc), 403, nil, nil)
	expect(t, "the corrections list", f.get("/corrections", mc), 403, nil, nil)
	if res := f.get("/", mc); res.code != 303 || res.header.Get("Location") != "/me" {
		t.Errorf("member home: %d → %q", res.code, res.header.Get("Location"))
	}

	res = f.post("/me/reveal", mc, url.Values{})
	expect(t, "reveal", res, 200, []string{idNumber("1980-01-01", 1), "13800138001", "已显示，本次查看已记录"}, []string{`action="/me/reveal"`})
	rows, _, err := f.app.Audits(context.Background(), app.System(), dangjian.AuditFilter{Action: "member.reveal"}, app.Page{})
	if err != nil || len(rows) != 1 || rows[0].Actor != "zhangwei" {
		t.Errorf("reveal audit = %v, %v", rows, err)
	}

	oc := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	expect(t, "no member record", f.get("/me", oc), 404, []string{`data-page="error/error"`}, nil)
	expect(t, "no member record, no form", f.get("/me/correction", oc), 404, nil, nil)
}

func TestCorrectionPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	mid := f.a1.ID
	mc := f.user("zhangwei", dangjian.RoleMember, f.branchA, &mid)
	sec := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	secB := f.user("secB", dangjian.RoleOrgAdmin, f.branchB, nil)

	res := f.get("/me/correction", mc)
	expect(t, "form", res, 200, []string{
		`data-page="me/correction"`, `value="张伟"`, `value="1980-01-01"`, `<textarea id="reason" name="reason"`,
		"当前：110***********", `<input id="id_number" name="id_number" type="text" value=""`,
	}, []string{idNumber("1980-01-01", 1)})
	form := url.Values{"name": {"张伟"}, "gender": {"male"}, "ethnicity": {"汉族"}, "birth_date": {"1980-01-01"}, "education": {""},
		"joined_on": {"2010-07-01"}, "confirmed_on": {"2011-07-01"}, "position": {"科员"}, "id_number": {""}, "phone": {""}, "reason": {""}}
	bad := cloneValues(form)
	bad.Set("phone", "1234")
	bad.Set("position", "副科长")
	res = f.post("/me/correction", mc, bad)
	expect(t, "no reason, bad phone", res, 422, []string{
		`<p class="error" id="reason-err">请填写更正理由</p>`, `<p class="error" id="phone-err">`, `value="1234"`, `value="副科长"`,
	}, nil)
	same := cloneValues(form)
	same.Set("reason", "核对")
	expect(t, "nothing changed", f.post("/me/correction", mc, same), 422, []string{`id="form-alert"`, "请至少填写一项需要更正的内容"}, nil)
	wrongID := cloneValues(form)
	wrongID.Set("id_number", idNumber("1980-01-02", 1))
	wrongID.Set("reason", "号码有误")
	expect(t, "ID against the birth date", f.post("/me/correction", mc, wrongID), 422, []string{`id="id_number-err">公民身份号码中的出生日期`}, nil)
	if n, _ := f.app.PendingCorrections(context.Background(), f.admin); n != 0 {
		t.Fatalf("refused submissions stored %d requests", n)
	}

	good := cloneValues(form)
	good.Set("position", "副科长")
	good.Set("phone", "13900001111")
	good.Set("reason", "岗位调整，换了手机号")
	res = f.post("/me/correction", mc, good)
	m := correctionHrefRe.FindStringSubmatch(res.header.Get("Location"))
	if res.code != 303 || m == nil {
		t.Fatalf("submit: %d %q\n%s", res.code, res.header.Get("Location"), excerpt(res.body))
	}
	href := "/corrections/" + m[1]
	expect(t, "submitted", f.follow(res, mc), 200, []string{
		`data-page="correction/show"`, "更正申请已提交", "待审批", "科员", "副科长", "139****1111", "岗位调整，换了手机号", `action="` + href + `/withdraw"`,
	}, []string{"13900001111", `/approve"`})
	if res := f.get("/me/correction", mc); res.code != 303 || res.header.Get("Location") != href {
		t.Errorf("a second form while one is open: %d → %q", res.code, res.header.Get("Location"))
	}
	expect(t, "a second request", f.post("/me/correction", mc, good), 409, []string{"已有一份待审批的更正申请"}, nil)
	expect(t, "pending on the member's page", f.get("/me", mc), 200, []string{"正在等待党支部审批", "我的更正申请", "待审批", "工作岗位、联系电话"}, []string{`href="/me/correction"`})

	// The branch: a badge on every page, the list, the request.
	expect(t, "badge", f.get("/", sec), 200, []string{`<a href="/corrections">`, `<span class="count" title="待处理">1</span>`}, nil)
	res = f.get("/", secB)
	expect(t, "no badge outside the scope", res, 200, []string{`<a href="/corrections">`}, nil)
	if a := navAnchor(res.body, "/corrections"); strings.Contains(a, `class="count"`) {
		t.Errorf("a badge outside the scope: %s", a)
	}
	expect(t, "list", f.get("/corrections", sec), 200, []string{`data-page="correction/list"`, `id="corrections"`, "张伟", "财政局第一党支部", "工作岗位、联系电话", `href="` + href + `"`}, nil)
	expect(t, "empty list elsewhere", f.get("/corrections", secB), 200, []string{"没有待审批的更正申请"}, []string{"张伟"})
	expect(t, "request", f.get(href, sec), 200, []string{
		`id="changes"`, "<th scope=\"row\">工作岗位</th><td>科员</td><td><strong>副科长</strong></td>", "138****8001", "139****1111",
		`action="` + href + `/reject"`, `formaction="` + href + `/approve"`,
	}, []string{"13900001111", "/withdraw"})
	expect(t, "outside the scope", f.get(href, secB), 404, nil, []string{"张伟"})
	expect(t, "approve outside the scope", f.post(href+"/approve", secB, url.Values{}), 404, nil, nil)
	expect(t, "the member approves", f.post(href+"/approve", mc, url.Values{}), 403, nil, nil)
	long := strings.Repeat("长", 501)
	expect(t, "reject without a reason", f.post(href+"/reject", sec, url.Values{"reason": {""}}), 422, []string{`<p class="error" id="reason-err">退回须填写理由</p>`, `aria-invalid="true"`}, nil)
	expect(t, "reject with a long reason keeps it", f.post(href+"/reject", sec, url.Values{"reason": {long}}), 422, []string{long, `id="reason-err"`}, nil)
	res = f.post(href+"/approve", sec, url.Values{"reason": {"核实无误"}})
	expect(t, "approved", f.follow(res, sec), 200, []string{"已批准，党员信息已更正", "已批准", "核实无误", "secA"}, []string{`/approve"`})
	expect(t, "approve twice", f.post(href+"/approve", sec, url.Values{}), 409, []string{`id="form-alert"`, "该更正申请已处理"}, nil)
	expect(t, "the record changed", f.get("/members/"+id(f.a1.ID), f.cookies["admin"]), 200, []string{"副科长", "139****1111"}, nil)
	res = f.get("/corrections", sec)
	expect(t, "badge gone", res, 200, []string{"没有待审批的更正申请"}, nil)
	if a := navAnchor(res.body, "/corrections"); a == "" || strings.Contains(a, `class="count"`) {
		t.Errorf("badge still there: %q", a)
	}
	expect(t, "the member sees the outcome", f.get("/me", mc), 200, []string{"已批准", "核实无误", "副科长"}, []string{"正在等待党支部审批"})

	// Returned with a reason, which the member reads.
	again := cloneValues(good)
	again.Set("position", "科长")
	again.Set("phone", "")
	again.Set("reason", "已任命")
	res = f.post("/me/correction", mc, again)
	m = correctionHrefRe.FindStringSubmatch(res.header.Get("Location"))
	if res.code != 303 || m == nil {
		t.Fatalf("second submit: %d\n%s", res.code, excerpt(res.body))
	}
	href2 := "/corrections/" + m[1]
	res = f.post(href2+"/reject", sec, url.Values{"reason": {"请附任命文件"}})
	expect(t, "returned", f.follow(res, sec), 200, []string{"已退回，理由已告知党员", "请附任命文件"}, nil)
	expect(t, "the member reads the reason", f.get("/me", mc), 200, []string{"已退回", "请附任命文件"}, nil)

	// Withdrawn by the member.
	res = f.post("/me/correction", mc, again)
	m = correctionHrefRe.FindStringSubmatch(res.header.Get("Location"))
	if m == nil {
		t.Fatalf("third submit: %d\n%s", res.code, excerpt(res.body))
	}
	href3 := "/corrections/" + m[1]
	expect(t, "withdraw someone else's", f.post(href3+"/withdraw", sec, url.Values{}), 403, nil, nil)
	res = f.post(href3+"/withdraw", mc, url.Values{})
	if res.code != 303 || res.header.Get("Location") != "/me" {
		t.Fatalf("withdraw: %d %q", res.code, res.header.Get("Location"))
	}
	expect(t, "withdrawn", f.follow(res, mc), 200, []string{"更正申请已撤回", "已撤回"}, nil)
	expect(t, "all statuses", f.get("/corrections?status=", sec), 200, []string{"共 3 条", "已批准", "已退回", "已撤回"}, nil)

	ac := f.user("auditor1", dangjian.RoleAuditor, f.root, nil)
	expect(t, "audit", f.get("/audit?entity=correction", ac), 200, []string{"提交更正申请", "批准更正申请", "退回更正申请", "撤回更正申请"}, []string{"13900001111"})
}

func TestCorrectionPagesInEnglish(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	mid := f.a1.ID
	mc := f.user("zhangwei", dangjian.RoleMember, f.branchA, &mid)
	sec := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	// The session keeps the language chosen, as a user would choose it.
	for _, c := range []*http.Cookie{mc, sec} {
		if res := f.get("/settings/lang?lang=en&next=/", c); res.code != 303 {
			t.Fatalf("switch language: %d", res.code)
		}
	}
	var en map[string]string
	// Data stays as recorded; everything else must be English.
	data := []string{"张伟", "财政局第一党支部", "第一党小组", "汉族", "科员", "副科长", "岗位调整", "登记入册", "中文"}
	noChinese := func(name, body string) {
		t.Helper()
		for _, d := range data {
			body = strings.ReplaceAll(body, d, "")
		}
		body = regexp.MustCompile(`value="[^"]*"`).ReplaceAllString(body, "")
		if m := hanRe.FindAllString(body, 5); len(m) > 0 {
			t.Errorf("%s: Chinese text on the English page: %q", name, m)
		}
	}
	res := f.do("GET", "/me", mc, nil, en)
	expect(t, "me", res, 200, []string{`<html lang="en"`, "My record", "Organizational history", "Ask for a correction", "1980-01-01"}, nil)
	noChinese("me", res.body)
	res = f.do("POST", "/me/correction", mc, url.Values{"name": {"张伟"}, "gender": {"male"}, "birth_date": {"1980-01-01"}, "joined_on": {"2010-07-01"},
		"confirmed_on": {"2011-07-01"}, "ethnicity": {"汉族"}, "position": {"副科长"}}, en)
	expect(t, "form error", res, 422, []string{"Say why the record should change.", `value="副科长"`}, nil)
	noChinese("form error", res.body)
	res = f.do("POST", "/me/correction", mc, url.Values{"name": {"张伟"}, "gender": {"male"}, "birth_date": {"1980-01-01"}, "joined_on": {"2010-07-01"},
		"confirmed_on": {"2011-07-01"}, "ethnicity": {"汉族"}, "position": {"科员"}, "reason": {"岗位调整"}}, en)
	expect(t, "nothing changed", res, 422, []string{"Change at least one field."}, nil)
	noChinese("nothing changed", res.body)
	res = f.do("POST", "/me/correction", mc, url.Values{"name": {"张伟"}, "gender": {"male"}, "birth_date": {"1980-01-01"}, "joined_on": {"2010-07-01"},
		"confirmed_on": {"2011-07-01"}, "ethnicity": {"汉族"}, "position": {"副科长"}, "reason": {"岗位调整"}}, en)
	href := res.header.Get("Location")
	if res.code != 303 || !correctionHrefRe.MatchString(href) {
		t.Fatalf("submit: %d %q", res.code, href)
	}
	for _, p := range []struct {
		path string
		c    *http.Cookie
		want []string
	}{
		{href, mc, []string{"Correction request of", "Pending", "Recorded", "Asked for", "Withdraw"}},
		{"/me", mc, []string{"My correction requests", "waiting for the branch", "Position"}},
		{"/corrections", sec, []string{"Correction requests", "Position", `title="Waiting for you">1</span>`}},
		{href, sec, []string{"Approve", "Return", "Decision note"}},
	} {
		res := f.do("GET", p.path, p.c, nil, en)
		expect(t, p.path, res, 200, p.want, nil)
		noChinese(p.path, res.body)
	}
	res = f.do("POST", href+"/reject", sec, url.Values{"reason": {""}}, en)
	expect(t, "reject without a reason", res, 422, []string{"Say why the request is returned."}, nil)
	noChinese("reject error", res.body)
}

// navAnchor is the navigation link to href, from its <a> to its </a>; the
// to-do item has a badge of its own, so a badge is looked for in one link.
func navAnchor(body, href string) string {
	i := strings.Index(body, `<a href="`+href+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</a>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
