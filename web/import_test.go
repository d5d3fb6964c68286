package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/xlsx"
)

// rosterCSV is a roster file: the template's header, then rows by header.
func rosterCSV(rows ...map[string]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	hdr := app.MemberHeaders()
	w.Write(hdr)
	for _, r := range rows {
		rec := make([]string, len(hdr))
		for i, h := range hdr {
			rec[i] = r[xlsx.NormalizeHeader(h)]
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// importRow is a valid row for a new man in branch A.
func importRow(name, birth string, seq int) map[string]string {
	return map[string]string{"姓名": name, "性别": "男", "出生日期": birth, "公民身份号码": idNumber(birth, seq),
		"入党日期": "2015-07-01", "党员状态": "正式", "所在党组织": "机关工委/县财政局党组/财政局第一党支部"}
}

// upload posts data as the form's file field, as a browser does.
func (f *fixture) upload(target string, cookie *http.Cookie, name string, data []byte) result {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", target, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(cookie)
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return result{code: rec.Code, body: rec.Body.String(), header: rec.Header(), cookies: rec.Result().Cookies()}
}

// afterRedirect follows a 303 with the flash it set.
func (f *fixture) afterRedirect(res result, c *http.Cookie) result {
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

// everyPageImport stages an import with one bad row, for the page test.
func everyPageImport(t *testing.T, f *fixture) int64 {
	t.Helper()
	file := rosterCSV(importRow("赵一", "1990-01-01", 101), map[string]string{"姓名": "钱二"})
	id, _, err := f.app.StageMemberImport(context.Background(), f.admin, app.ImportFile{Name: "名册.csv", Data: file})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var importHrefRe = regexp.MustCompile(`^/imports/members/(\d+)$`)

func TestImportPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	viewer := f.user("viewer1", dangjian.RoleViewer, f.root, nil)

	expect(t, "upload form", f.get("/imports/members", admin), 200, []string{
		`data-page="import/upload"`, `enctype="multipart/form-data"`, `name="file" type="file"`, `href="/imports/members/template"`,
		"文件不超过 20 MB，最多 200,000 行", `aria-current="step"`, `href="/imports/members" class="active"`,
	}, nil)
	expect(t, "the roster leads here", f.get("/members", admin), 200, []string{`href="/imports/members"`}, nil)
	expect(t, "not for a viewer", f.get("/imports/members", viewer), 403, nil, nil)
	expect(t, "no import button for a viewer", f.get("/members", viewer), 200, nil, []string{`href="/imports/members"`})

	res := f.get("/imports/members/template", admin)
	if res.code != 200 || res.header.Get("Content-Type") != xlsx.ContentType("xlsx") || !strings.Contains(res.header.Get("Content-Disposition"), "UTF-8''") {
		t.Errorf("template: %d %v", res.code, res.header)
	}

	// A file refused as a whole comes back to the form with the reasons.
	res = f.upload("/imports/members", admin, "x.csv", []byte("姓名,身份证\n张三,1\n"))
	expect(t, "bad header", res, 422, []string{`id="import-alert"`, "缺少「出生日期」列", "无法识别的列「身份证」", `name="file"`}, nil)
	expect(t, "no file", f.upload("/imports/members", admin, "", nil), 422, []string{"请选择要上传的文件"}, nil)
	expect(t, "empty file", f.upload("/imports/members", admin, "x.csv", nil), 422, []string{"文件是空的"}, nil)
	expect(t, "too big", f.upload("/imports/members", admin, "x.csv", bytes.Repeat([]byte("x"), 20<<20+1)), 422, []string{"文件超过 20 MB 上限"}, nil)
	expect(t, "a viewer may not upload", f.upload("/imports/members", viewer, "x.csv", rosterCSV(importRow("赵一", "1990-01-01", 101))), 403, nil, nil)

	// Rows with problems: the preview lists them and offers the report.
	bad := rosterCSV(importRow("赵一", "1990-01-01", 101), importRow("钱二", "1990-02-30", 103))
	res = f.upload("/imports/members", admin, "名册.csv", bad)
	if res.code != 303 || !importHrefRe.MatchString(res.header.Get("Location")) {
		t.Fatalf("upload: %d %q", res.code, res.header.Get("Location"))
	}
	badHref := res.header.Get("Location")
	res = f.afterRedirect(res, admin)
	expect(t, "preview with errors", res, 200, []string{
		`data-page="import/preview"`, `id="import-issues"`, "出生日期", "日期「1990-02-30」不存在", "发现 2 处错误，不能导入", "公民身份号码中的出生日期 19900230 无效",
		`href="` + badHref + `/errors"`, `<td class="num">3</td>`,
	}, []string{`action="` + badHref + `/confirm"`})
	res = f.get(badHref+"/errors", admin)
	if res.code != 200 || !strings.Contains(res.header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("error report: %d %v", res.code, res.header)
	}
	tb, err := xlsx.Open(strings.NewReader(res.body), int64(len(res.body)), "e.xlsx", xlsx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for tb.Next() {
		notes = append(notes, tb.Row().Get(xlsx.ErrorColumn))
	}
	tb.Close()
	if len(notes) != 2 || notes[0] != "" || !strings.Contains(notes[1], "1990-02-30") {
		t.Errorf("error column = %q", notes)
	}
	expect(t, "confirming a bad file", f.post(badHref+"/confirm", admin, nil), 422, []string{`id="import-issues"`}, nil)

	// A good file: preview, then confirm once.
	good := rosterCSV(importRow("赵一", "1990-01-01", 101), importRow("钱二", "1990-02-03", 103))
	res = f.upload("/imports/members", admin, "名册.csv", good)
	href := res.header.Get("Location")
	res = f.afterRedirect(res, admin)
	expect(t, "preview", res, 200, []string{`id="import-ready"`, `action="` + href + `/confirm"`, "名册.csv",
		`<span class="big">2<small>人</small></span><span class="label">将新增</span>`}, []string{`id="import-issues"`})
	expect(t, "another user's upload", f.get(href, f.user("admin2", dangjian.RoleCommitteeAdmin, f.root, nil)), 404, nil, nil)
	if _, total, _ := f.app.Members(context.Background(), f.admin, dangjian.MemberFilter{}, app.Page{PerPage: 1}); total != 27 {
		t.Fatalf("the preview wrote: %d members", total)
	}
	res = f.post(href+"/confirm", admin, nil)
	expect(t, "done", f.afterRedirect(res, admin), 200, []string{"导入完成。", `id="import-done"`, "已导入：新增 2 人，更新 0 人，无变化 0 人。"}, []string{`/confirm"`})
	if _, total, _ := f.app.Members(context.Background(), f.admin, dangjian.MemberFilter{}, app.Page{PerPage: 1}); total != 29 {
		t.Errorf("after the import: %d members, want 29", total)
	}
	expect(t, "a second confirm", f.post(href+"/confirm", admin, nil), 409, nil, nil)

	// English pages.
	if res := f.get("/settings/lang?lang=en&next=/imports/members", admin); res.code != 303 {
		t.Fatalf("switch to English: %d", res.code)
	}
	expect(t, "English", f.get("/imports/members", admin), 200, []string{`<html lang="en"`, "Import members", "Upload and preview", "Up to 20 MB and 200,000 rows"}, []string{"批量导入"})
	expect(t, "English preview", f.get(href, admin), 200, []string{"Imported: 2 added, 0 updated, 0 unchanged.", "To add"}, nil)
}

func TestExportPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	secA := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	aud := f.user("aud", dangjian.RoleAuditor, f.root, nil)

	res := f.get("/members?status=probationary", admin)
	expect(t, "roster export links carry the filters", res, 200, []string{
		`href="/members/export?format=xlsx&amp;status=probationary"`, `href="/members/export?format=csv&amp;status=probationary"`,
		`href="/members/export?format=xlsx&amp;status=probationary&amp;reveal=1"`, "导出（含完整号码）",
	}, nil)
	res = f.do("GET", "/members?status=probationary&q=%E7%8E%8B", admin, nil, map[string]string{"HX-Request": "true"})
	expect(t, "and follow a filter change", res, 200, []string{`href="/members/export?format=csv&amp;q=%E7%8E%8B&amp;status=probationary"`}, nil)
	expect(t, "no clear export for a branch secretary", f.get("/members", secA), 200, []string{`href="/members/export?format=xlsx"`}, []string{"reveal=1"})

	res = f.get("/members/export?format=csv&status=probationary", admin)
	if res.code != 200 || res.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!regexp.MustCompile(`filename\*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C-\d{4}-\d{2}-\d{2}\.csv`).MatchString(res.header.Get("Content-Disposition")) {
		t.Fatalf("export: %d %v", res.code, res.header)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 6 || strings.Join(recs[0], ",") != strings.Join(app.MemberHeaders(), ",") {
		t.Fatalf("export rows = %d, %v: %q", len(recs), err, recs)
	}
	if strings.Contains(res.body, idNumber("1960-03-01", 10)) {
		t.Error("the export shows clear ID numbers")
	}
	res = f.get("/members/export?format=csv&reveal=1&org="+id(f.branchB.ID), admin)
	if res.code != 200 || !strings.Contains(res.body, idNumber("1960-03-01", 10)) {
		t.Errorf("clear export: %d", res.code)
	}
	expect(t, "a branch secretary may not export clear numbers", f.get("/members/export?reveal=1", secA), 403, nil, nil)
	expect(t, "nor another branch", f.get("/members/export?org="+id(f.branchB.ID), secA), 404, nil, nil)

	expect(t, "org list export links", f.get("/orgs?kind=branch", admin), 200, []string{`href="/orgs/export?format=csv&amp;kind=branch"`}, nil)
	res = f.get("/orgs/export?format=csv&kind=branch", admin)
	recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
	if res.code != 200 || err != nil || len(recs) != 4 {
		t.Errorf("org export: %d %v %q", res.code, err, recs)
	}
	expect(t, "audit export links", f.get("/audit?action=member.export", aud), 200, []string{`href="/audit/export?action=member.export&amp;format=xlsx"`}, nil)
	res = f.get("/audit/export?format=csv&action=member.export", aud)
	recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
	if res.code != 200 || err != nil || len(recs) != 3 || !strings.Contains(recs[1][8], `"unmasked":true`) {
		t.Errorf("audit export: %d %v %q", res.code, err, recs)
	}
	expect(t, "the audit export is for auditors", f.get("/audit/export", admin), 403, nil, nil)
	expect(t, "user list export", f.get("/users", admin), 200, []string{`href="/users/export?format=xlsx"`}, nil)
	if res := f.get("/users/export?format=csv", admin); res.code != 200 || !strings.Contains(res.body, "secA") {
		t.Errorf("user export: %d", res.code)
	}
}
