package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/xlsx"
)

// upload posts data as the multipart field "file" (field "" sends none).
func (f *fixture) upload(path, who, field, name string, data []byte) *result {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if field != "" {
		w, err := mw.CreateFormFile(field, name)
		if err != nil {
			f.t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", f.expand(path), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	res := &result{t: f.t, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if err := json.Unmarshal(res.body, &res.json); err != nil && strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		f.t.Fatalf("POST %s: answer is not JSON: %v\n%s", path, err, res.body)
	}
	return res
}

// download sends a GET and keeps the answer's bytes as they are; an error
// answer is read as JSON.
func (f *fixture) download(path, who string) *result {
	f.t.Helper()
	req := httptest.NewRequest("GET", f.expand(path), nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	res := &result{t: f.t, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(res.body, &res.json); err != nil {
			f.t.Fatal(err)
		}
	}
	return res
}

// table reads an exported file (xlsx or csv) into its header and rows.
func table(t *testing.T, body []byte) ([]string, [][]string) {
	t.Helper()
	tb, err := xlsx.Open(bytes.NewReader(body), int64(len(body)), "export", xlsx.Limits{MaxBytes: 1 << 30})
	if errors.Is(err, xlsx.ErrNoRows) && !bytes.HasPrefix(body, []byte("PK")) {
		// A CSV export of nothing: the header alone.
		hdr, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).Read()
		if err != nil {
			t.Fatal(err)
		}
		return hdr, nil
	}
	if err != nil {
		t.Fatalf("open export: %v", err)
	}
	defer tb.Close()
	var rows [][]string
	for tb.Next() {
		rows = append(rows, tb.Row().Cells)
	}
	if err := tb.Err(); err != nil {
		t.Fatal(err)
	}
	return tb.Header(), rows
}

// csvRoster writes a roster as CSV: the template's header, then rows of
// values by header.
func csvRoster(rows ...map[string]string) []byte {
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

// rosterRow is a valid row for a man born on birth, in branch A.
func rosterRow(t *testing.T, name, birth string, n int) map[string]string {
	return map[string]string{
		"姓名": name, "性别": "男", "民族": "汉族", "出生日期": birth, "公民身份号码": idNumber(t, "110105", birth, "male", n),
		"入党日期": "2012-07-01", "转正日期": "2013-07-01", "党员状态": "正式", "所在党组织": "机关工委/县财政局党组/财政局第一党支部",
		"联系电话": "13912345678", "党费基数": "4800",
	}
}

func with(r map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range r {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// issue checks that a 422 import answer lists a problem at row and column.
func issue(row int, column, msg string) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		for i := 0; r.has("errors." + itoa(i)); i++ {
			p := "errors." + itoa(i) + "."
			if r.num(p+"row") == row && r.str(p+"column") == column && strings.Contains(r.str(p+"message"), msg) {
				return
			}
		}
		t.Errorf("no problem at row %d %q with %q: %s", row, column, msg, r.body)
	}
}

// counts checks an import answer's counts.
func counts(added, updated, unchanged int) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		if r.num("added") != added || r.num("updated") != updated || r.num("unchanged") != unchanged {
			t.Errorf("counts = %d/%d/%d, want %d/%d/%d: %s", r.num("added"), r.num("updated"), r.num("unchanged"), added, updated, unchanged, r.body)
		}
	}
}

// zipBomb is a workbook whose one sheet unzips to 300 MB of zeros.
func zipBomb(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>`)
	zeros := bytes.Repeat([]byte("0"), 1<<20)
	for i := 0; i < 300; i++ {
		w.Write(zeros)
	}
	io.WriteString(w, `</t></is></c></row></sheetData></worksheet>`)
	zw.Close()
	return buf.Bytes()
}

func TestImportAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("viewer", "viewer@root")
	f.user("auditor", "auditor@root")
	// A second branch of the same name, under the education group.
	if _, err := f.app.CreateOrg(context.Background(), app.System(), app.OrgInput{ParentID: ptr(f.vars["edu"]), Name: "财政局第一党支部", Kind: dangjian.KindBranch}); err != nil {
		t.Fatal(err)
	}
	r1 := rosterRow(t, "孙强", "1990-05-20", 11)
	r2 := rosterRow(t, "周明", "1991-06-21", 12)
	good := csvRoster(r1, r2)
	post := func(query string, data []byte, who string) func(f *fixture) *result {
		return func(f *fixture) *result {
			return f.upload("/api/v1/imports/members"+query, who, "file", "名册.csv", data)
		}
	}
	type row struct {
		name  string
		send  func(f *fixture) *result
		want  int
		check func(*testing.T, *fixture, *result)
	}
	rows := []row{
		{"dry run", post("?dry_run=1", good, "admin"), 200, all(counts(2, 0, 0), equals("dry_run", "true"), equals("written", "false"))},
		{"the dry run wrote nothing", func(f *fixture) *result { return f.do("GET", "/api/v1/members", "admin", "") }, 200, equals("total", "3")},
		{"bad date", post("", csvRoster(r1, with(r2, "出生日期", "1991-02-30")), "admin"), 422,
			all(issue(3, "出生日期", "日期「1991-02-30」不存在"), equals("error.code", "invalid"), counts(1, 0, 0), equals("written", "false"))},
		{"bad check digit", post("", csvRoster(r1, with(r2, "公民身份号码", wrongCheck(r2["公民身份号码"]))), "admin"), 422, issue(3, "公民身份号码", "校验位错误")},
		{"ID disagrees with the gender", post("", csvRoster(with(r1, "性别", "女"), r2), "admin"), 422, issue(2, "公民身份号码", "性别与所填性别不一致")},
		{"unknown org", post("", csvRoster(r1, with(r2, "所在党组织", "机关工委/县财政局党组/第九党支部")), "admin"), 422, issue(3, "所在党组织", "找不到党组织")},
		{"ambiguous org", post("", csvRoster(r1, with(r2, "所在党组织", "财政局第一党支部")), "admin"), 422,
			issue(3, "所在党组织", "对应 2 个党组织：机关工委/县财政局党组/财政局第一党支部；机关工委/县教育局党组/财政局第一党支部")},
		{"the full path is not ambiguous", post("?dry_run=1", csvRoster(r1, with(r2, "所在党组织", "机关工委/县教育局党组/财政局第一党支部")), "admin"), 200, counts(2, 0, 0)},
		{"org outside the caller's scope", post("", csvRoster(r1, with(r2, "所在党组织", "机关工委/县教育局党组/教育局第一党支部")), "secA"), 422, issue(3, "所在党组织", "找不到党组织")},
		{"duplicate ID in the file", post("", csvRoster(r1, r2, with(r1, "姓名", "孙强二")), "admin"), 422,
			all(issue(2, "公民身份号码", "与第 4 行"), issue(4, "公民身份号码", "与第 2 行"))},
		{"missing header", post("", []byte("姓名,性别\n张三,男\n"), "admin"), 422, issue(1, "出生日期", "缺少「出生日期」列")},
		{"wrong header", post("", append([]byte("身份证,"), good...), "admin"), 422, issue(1, "身份证", "无法识别的列")},
		{"empty file", post("", nil, "admin"), 422, all(issue(0, "", "文件是空的"), equals("error.message", "文件是空的"))},
		{"zip bomb", post("", zipBomb(t), "admin"), 422, issue(0, "", "解压后超过")},
		{"huge file", post("", bytes.Repeat([]byte("x"), 20<<20+10), "admin"), 422, all(issue(0, "", "文件超过 20 MB 上限"), equals("error.message", "文件超过 20 MB 上限"))},
		{"no file field", func(f *fixture) *result { return f.upload("/api/v1/imports/members", "admin", "", "", nil) }, 422, field("file")},
		{"not multipart", func(f *fixture) *result { return f.do("POST", "/api/v1/imports/members", "admin", `{"file":"x"}`) }, 422, field("file")},
		{"bad dry_run", post("?dry_run=maybe", good, "admin"), 422, field("dry_run")},
		{"a viewer may not import", post("", good, "viewer"), 403, nil},
		{"nothing was written by the refused imports", func(f *fixture) *result { return f.do("GET", "/api/v1/members", "admin", "") }, 200, equals("total", "3")},
		{"import", post("", good, "secA"), 200, all(counts(2, 0, 0), equals("written", "true"))},
		{"counted", func(f *fixture) *result { return f.do("GET", "/api/v1/orgs/{brA}", "admin", "") }, 200, equals("member_count", "4")},
		{"again: unchanged", post("", good, "secA"), 200, counts(0, 0, 2)},
		{"an update by ID number", post("", csvRoster(with(r1, "联系电话", "13700000000"), r2), "secA"), 200, counts(0, 1, 1)},
		{"one audit row per import, with counts", func(f *fixture) *result { return f.do("GET", "/api/v1/audit?action=member.import", "auditor", "") }, 200,
			all(equals("total", "3"), equals("items.0.actor", "secA"), equals("items.0.changes.updated", "1"), equals("items.2.changes.added", "2"),
				func(t *testing.T, f *fixture, r *result) {
					if strings.Contains(string(r.body), r1["公民身份号码"]) {
						t.Error("an ID number in the audit trail")
					}
				})},
	}
	for _, sc := range rows {
		t.Run(sc.name, func(t *testing.T) {
			ft := *f
			ft.t = t
			r := sc.send(&ft)
			if r.status != sc.want {
				t.Fatalf("status %d, want %d\n%s", r.status, sc.want, r.body)
			}
			if r.status >= 400 {
				checkErrorShape(t, r)
			}
			if sc.check != nil {
				sc.check(t, &ft, r)
			}
		})
	}
	t.Run("template", func(t *testing.T) {
		ft := *f
		ft.t = t
		r := ft.download("/api/v1/imports/members/template", "admin")
		if r.status != 200 || r.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.Contains(r.header.Get("Content-Disposition"), "filename*=UTF-8''%E5%85%9A%E5%91%98") {
			t.Fatalf("template: %d %v", r.status, r.header)
		}
		hdr, rows := table(t, r.body)
		if strings.Join(hdr, ",") != strings.Join(app.MemberHeaders(), ",") || len(rows) != 1 {
			t.Errorf("template header %q, %d rows", hdr, len(rows))
		}
		if r := ft.download("/api/v1/imports/members/template", "viewer"); r.status != 403 {
			t.Errorf("viewer template: %d", r.status)
		}
	})
	t.Run("error workbook", func(t *testing.T) {
		ft := *f
		ft.t = t
		r := ft.upload("/api/v1/imports/members/errors", "admin", "file", "名册.csv", csvRoster(r1, with(r2, "出生日期", "某天")))
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("errors: %d %v", r.status, r.header)
		}
		hdr, rows := table(t, r.body)
		if hdr[len(hdr)-1] != "错误说明" || len(rows) != 2 || !strings.Contains(rows[1][len(hdr)-1], "出生日期：无法识别的日期「某天」") {
			t.Errorf("error workbook = %q %q", hdr, rows)
		}
	})
}

// wrongCheck returns id with a check character that is not its own.
func wrongCheck(id string) string {
	for _, c := range "0123456789X" {
		if byte(c) != id[17] {
			return id[:17] + string(c)
		}
	}
	return id
}

func ptr(s string) *int64 {
	var n int64
	fmt.Sscan(s, &n)
	return &n
}

// TestExportAPI: exports by role, with masking, filters and audit rows.
func TestExportAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("viewer", "viewer@root")
	f.user("auditor", "auditor@root")
	ctx := context.Background()
	clearID := func(name string) string {
		list, _, err := f.app.Members(ctx, app.System(), dangjian.MemberFilter{Query: name}, app.Page{})
		if err != nil || len(list) != 1 {
			t.Fatalf("member %s: %v", name, err)
		}
		m, err := f.app.Member(ctx, app.System(), list[0].ID, true)
		if err != nil {
			t.Fatal(err)
		}
		return m.IDNumber
	}
	zhang := clearID("张伟")
	type row struct {
		name  string
		path  string
		who   string
		want  int
		check func(t *testing.T, hdr []string, rows [][]string)
	}
	col := func(hdr []string, name string) int {
		for i, h := range hdr {
			if xlsx.NormalizeHeader(h) == name {
				return i
			}
		}
		t.Fatalf("no column %s in %q", name, hdr)
		return -1
	}
	masked := func(want int) func(t *testing.T, hdr []string, rows [][]string) {
		return func(t *testing.T, hdr []string, rows [][]string) {
			if len(rows) != want {
				t.Errorf("%d rows, want %d", len(rows), want)
			}
			for _, r := range rows {
				if !maskedID.MatchString(r[col(hdr, "公民身份号码")]) || !maskedPhone.MatchString(r[col(hdr, "联系电话")]) {
					t.Errorf("not masked: %q", r)
				}
			}
		}
	}
	rows := []row{
		{"committee admin, masked by default", "/api/v1/members/export?format=csv", "admin", 200, func(t *testing.T, hdr []string, rows [][]string) {
			masked(3)(t, hdr, rows)
			if strings.Join(hdr, ",") != strings.Join(app.MemberHeaders(), ",") {
				t.Errorf("header %q", hdr)
			}
		}},
		{"committee admin with reveal", "/api/v1/members/export?format=xlsx&reveal=1", "admin", 200, func(t *testing.T, hdr []string, rows [][]string) {
			found := false
			for _, r := range rows {
				found = found || r[col(hdr, "公民身份号码")] == zhang
				if r[col(hdr, "联系电话")] != "13812345678" {
					t.Errorf("phone %q", r[col(hdr, "联系电话")])
				}
			}
			if !found || len(rows) != 3 {
				t.Errorf("clear ID %s not among %q", zhang, rows)
			}
		}},
		{"org admin sees its branch, masked", "/api/v1/members/export?format=csv", "secA", 200, masked(2)},
		{"org admin may not reveal", "/api/v1/members/export?reveal=1", "secA", 403, nil},
		{"a viewer gets the roster masked", "/api/v1/members/export", "viewer", 200, masked(3)},
		{"but may not reveal", "/api/v1/members/export?format=csv&reveal=1", "viewer", 403, nil},
		{"filter by org", "/api/v1/members/export?format=csv&org={brB}", "admin", 200, func(t *testing.T, hdr []string, rows [][]string) {
			if len(rows) != 1 || rows[0][0] != "王芳" || rows[0][col(hdr, "所在党组织")] != "机关工委/县教育局党组/教育局第一党支部" {
				t.Errorf("rows %q", rows)
			}
		}},
		{"filter by name", "/api/v1/members/export?format=csv&q=李", "admin", 200, func(t *testing.T, hdr []string, rows [][]string) {
			if len(rows) != 1 || rows[0][0] != "李娜" || rows[0][col(hdr, "性别")] != "女" {
				t.Errorf("rows %q", rows)
			}
		}},
		{"filter by status", "/api/v1/members/export?format=csv&status=probationary", "admin", 200, masked(0)},
		{"an org outside the scope is 404", "/api/v1/members/export?org={brB}", "secA", 404, nil},
		{"bad format", "/api/v1/members/export?format=pdf", "admin", 422, nil},
		{"org export", "/api/v1/orgs/export?format=csv", "admin", 200, func(t *testing.T, hdr []string, rows [][]string) {
			if len(rows) != 5 || rows[0][0] != "机关工委" || rows[2][col(hdr, "完整路径")] != "机关工委/县财政局党组/财政局第一党支部" ||
				rows[2][col(hdr, "上级组织")] != "县财政局党组" || rows[2][col(hdr, "党员人数")] != "2" {
				t.Errorf("orgs %q", rows)
			}
		}},
		{"org export of a branch secretary", "/api/v1/orgs/export", "secA", 200, func(t *testing.T, hdr []string, rows [][]string) {
			if len(rows) != 1 || rows[0][col(hdr, "上级组织")] != "" || rows[0][col(hdr, "完整路径")] != "财政局第一党支部" {
				t.Errorf("orgs %q: names outside the scope must not show", rows)
			}
		}},
		{"audit export for the auditor", "/api/v1/audit/export?format=csv&action=member.export", "auditor", 200, func(t *testing.T, hdr []string, rows [][]string) {
			if len(rows) != 7 {
				t.Errorf("member.export rows = %d, want 7: %q", len(rows), rows)
			}
			var c map[string]any
			if err := json.Unmarshal([]byte(rows[len(rows)-1][col(hdr, "变更内容")]), &c); err != nil {
				t.Fatal(err)
			}
			if c["rows"] != 3.0 || c["format"] != "csv" || c["unmasked"] != false {
				t.Errorf("first export's audit = %v", c)
			}
			if err := json.Unmarshal([]byte(rows[len(rows)-2][col(hdr, "变更内容")]), &c); err != nil {
				t.Fatal(err)
			}
			if c["rows"] != 3.0 || c["format"] != "xlsx" || c["unmasked"] != true {
				t.Errorf("the unmasked export's audit = %v", c)
			}
		}},
		{"not for others", "/api/v1/audit/export", "admin", 403, nil},
		{"users export for the sysadmin", "/api/v1/users/export?format=csv", "admin", 200, func(t *testing.T, hdr []string, rows [][]string) {
			if len(rows) != 4 {
				t.Errorf("users %q", rows)
			}
		}},
		{"not for others", "/api/v1/users/export", "secA", 403, nil},
	}
	for _, sc := range rows {
		t.Run(sc.name, func(t *testing.T) {
			ft := *f
			ft.t = t
			r := ft.download(sc.path, sc.who)
			if r.status != sc.want {
				t.Fatalf("status %d, want %d\n%s", r.status, sc.want, r.body)
			}
			if r.status >= 400 {
				checkErrorShape(t, r)
				return
			}
			if !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment;") {
				t.Errorf("Content-Disposition %q", r.header.Get("Content-Disposition"))
			}
			hdr, rows := table(t, r.body)
			if sc.check != nil {
				sc.check(t, hdr, rows)
			}
		})
	}
	f.run([]scenario{
		{name: "refused exports are not audited", method: "GET", path: "/api/v1/audit?action=member.export", who: "auditor", want: 200,
			check: all(equals("total", "7"), equals("items.0.entity", "member"))},
		{name: "the audit export is audited", method: "GET", path: "/api/v1/audit?action=audit.export", who: "auditor", want: 200, check: equals("total", "1")},
	})
	// Round trip: an unmasked export imports back unchanged.
	for _, format := range []string{"xlsx", "csv"} {
		r := f.download("/api/v1/members/export?reveal=1&format="+format, "admin")
		if r.status != 200 {
			t.Fatalf("export: %d", r.status)
		}
		back := f.upload("/api/v1/imports/members?dry_run=1", "admin", "file", "back."+format, r.body)
		if back.status != 200 || back.num("unchanged") != 3 || back.num("added")+back.num("updated") != 0 {
			t.Errorf("%s round trip: %d %s", format, back.status, back.body)
		}
	}
}
