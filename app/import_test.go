package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/xlsx"
)

// importFixture is a county where names repeat, as real ones do:
//
//	机关工委
//	├── 县财政局党组 (fin)
//	│   ├── 县财政局机关党支部 (finBr, code CZ01) ── 第一党小组 (grp)
//	│   └── 第一党支部 (finOne)
//	└── 县教育局党组 (edu)
//	    ├── 县教育局机关党支部 (eduBr)
//	    └── 第一党支部 (eduOne)
type importFixture struct {
	a                                         *app.App
	admin                                     *dangjian.Actor
	root, fin, finBr, grp, finOne, edu, eduBr *dangjian.Org
	eduOne                                    *dangjian.Org
}

func newImportFixture(t *testing.T) *importFixture {
	t.Helper()
	ctx := context.Background()
	a, admin := newApp(t)
	roots, err := a.OrgRoots(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	f := &importFixture{a: a, admin: admin, root: roots[0]}
	mk := func(parent *dangjian.Org, name, kind, code string) *dangjian.Org {
		o, err := a.CreateOrg(ctx, admin, app.OrgInput{ParentID: &parent.ID, Name: name, Kind: kind, Code: code})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.fin = mk(f.root, "县财政局党组", dangjian.KindLeadingGroup, "")
	f.finBr = mk(f.fin, "县财政局机关党支部", dangjian.KindBranch, "CZ01")
	f.grp = mk(f.finBr, "第一党小组", dangjian.KindGroup, "")
	f.finOne = mk(f.fin, "第一党支部", dangjian.KindBranch, "")
	f.edu = mk(f.root, "县教育局党组", dangjian.KindLeadingGroup, "")
	f.eduBr = mk(f.edu, "县教育局机关党支部", dangjian.KindBranch, "")
	f.eduOne = mk(f.edu, "第一党支部", dangjian.KindBranch, "")
	return f
}

// validID makes a valid citizen ID number for a birth date and sequence;
// an odd seq is a man.
func rosterID(birth string, seq int) string {
	s := fmt.Sprintf("110101%s%03d", strings.ReplaceAll(birth, "-", ""), seq%1000)
	c, _ := dangjian.IDCheckDigit(s)
	return s + string(c)
}

// person is one row of a roster file, by header.
type person map[string]string

// newPerson is a valid row for the i-th person, in the finance branch.
func newPerson(i int) person {
	birth := fmt.Sprintf("%d-%02d-%02d", 1960+i/(12*28*500)%40, 1+i/(28*500)%12, 1+i/500%28)
	seq := 2*(i%500) + 1 // odd: a man
	return person{
		"姓名": fmt.Sprintf("党员%06d", i), "性别": "男", "民族": "汉族", "出生日期": birth, "公民身份号码": rosterID(birth, seq),
		"学历": "大学本科", "入党日期": "2010-07-01", "转正日期": "2011-07-01", "党员状态": "正式",
		"所在党组织": "机关工委/县财政局党组/县财政局机关党支部", "党小组": "", "工作岗位": "科员", "是否党员领导干部": "否",
		"党务干部": "否", "联系电话": "13800138000", "党费类别": "在职", "党费基数": "5000",
	}
}

func (p person) with(kv ...string) person {
	out := person{}
	for k, v := range p {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// header is the template's header as the template writes it.
func header() []string { return app.MemberHeaders() }

// roster writes rows under header in format (csv or xlsx).
func roster(t testing.TB, format string, hdr []string, rows ...person) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := xlsx.NewWriter(&buf, format, "名册")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Header(hdr); err != nil {
		t.Fatal(err)
	}
	cells := make([]any, len(hdr))
	for _, r := range rows {
		for i, h := range hdr {
			cells[i] = r[xlsx.NormalizeHeader(h)]
			if v, ok := r[h]; ok {
				cells[i] = v
			}
		}
		if err := w.Row(cells...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// memberCount is the active members of the whole county.
func (f *importFixture) memberCount(t testing.TB) int {
	t.Helper()
	d, err := f.a.Org(context.Background(), f.admin, f.root.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, total, err := f.a.Members(context.Background(), f.admin, dangjian.MemberFilter{}, app.Page{PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if total != d.MemberCount {
		t.Errorf("the root counts %d members, the roster lists %d", d.MemberCount, total)
	}
	return total
}

func (f *importFixture) audits(t testing.TB, action string) []*dangjian.Audit {
	t.Helper()
	auditor := app.System()
	rows, _, err := f.a.Audits(context.Background(), auditor, dangjian.AuditFilter{Action: action}, app.Page{PerPage: 500})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func hasIssue(res *app.ImportResult, row int, col, msg string) bool {
	for _, is := range res.Errors {
		if is.Row == row && is.Column == col && strings.Contains(is.Message, msg) {
			return true
		}
	}
	return false
}

// bombXLSX is a workbook whose sheet unzips to n bytes of zeros.
func bombXLSX(t testing.TB, n int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) io.Writer {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
		return w
	}
	add("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	add("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w := add("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>`)
	zeros := bytes.Repeat([]byte("0"), 1<<20)
	for ; n > 0; n -= int64(len(zeros)) {
		w.Write(zeros[:min(n, int64(len(zeros)))])
	}
	io.WriteString(w, `</t></is></c></row></sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportErrorClasses: each kind of problem is reported at its row and
// column with a Chinese message, and nothing is written.
func TestImportErrorClasses(t *testing.T) {
	ctx := context.Background()
	f := newImportFixture(t)
	good0, good1 := newPerson(0), newPerson(1)
	secA := &dangjian.Actor{Username: "secA", UserID: 99, Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: f.finBr.ID, OrgPath: f.finBr.Path}}}
	wrongCheck := func(id string) string {
		last := byte('0')
		if id[17] == '0' {
			last = '1'
		}
		return id[:17] + string(last)
	}
	csv := func(rows ...person) []byte { return roster(t, "csv", header(), rows...) }
	cases := []struct {
		name  string
		actor *dangjian.Actor
		file  []byte
		row   int
		col   string
		msg   string
	}{
		{"bad date", nil, csv(good0, good1.with("出生日期", "1985-13-01")), 3, "出生日期", "1985-13-01"},
		{"impossible date", nil, csv(good0, good1.with("入党日期", "2010年2月30日")), 3, "入党日期", "不存在"},
		{"bad check digit", nil, csv(good0, good1.with("公民身份号码", wrongCheck(good1["公民身份号码"]))), 3, "公民身份号码", "校验位错误"},
		{"ID disagrees with the birth date", nil, csv(good0, good1.with("出生日期", "1961-01-01")), 3, "公民身份号码", "与出生日期不一致"},
		{"ID disagrees with the gender", nil, csv(good0, good1.with("性别", "女")), 3, "公民身份号码", "性别与所填性别不一致"},
		{"ID of 17 digits", nil, csv(good0, good1.with("公民身份号码", good1["公民身份号码"][:17])), 3, "公民身份号码", "应为18位"},
		{"ID stored as a number by Excel", nil, csv(good0, good1.with("公民身份号码", "1.10101E+17")), 3, "公民身份号码", "文本格式"},
		{"masked ID", nil, csv(good0, good1.with("公民身份号码", dangjian.MaskIDNumber(good1["公民身份号码"]))), 3, "公民身份号码", "已脱敏"},
		{"the template's example row", nil, csv(good0.with("公民身份号码", "110101198505011235", "出生日期", "1985-05-01")), 2, "公民身份号码", "示例行"},
		{"unknown org", nil, csv(good0, good1.with("所在党组织", "机关工委/县财政局党组/不存在的支部")), 3, "所在党组织", "找不到党组织「机关工委/县财政局党组/不存在的支部」"},
		{"ambiguous org lists the candidates", nil, csv(good0, good1.with("所在党组织", "第一党支部")), 3, "所在党组织",
			"「第一党支部」对应 2 个党组织：机关工委/县财政局党组/第一党支部；机关工委/县教育局党组/第一党支部"},
		{"org outside the caller's scope is unknown", secA, csv(good0, good1.with("所在党组织", "机关工委/县教育局党组/县教育局机关党支部")), 3, "所在党组织", "找不到党组织"},
		{"members go into branches", nil, csv(good0, good1.with("所在党组织", "机关工委/县财政局党组")), 3, "所在党组织", "党员须编入党支部"},
		{"unknown group", nil, csv(good0, good1.with("党小组", "第九党小组")), 3, "党小组", "没有党小组「第九党小组」"},
		{"duplicate ID in the file: the second row", nil, csv(good0, good1, good0.with("姓名", "重复")), 4, "公民身份号码", "与第 2 行的公民身份号码重复"},
		{"duplicate ID in the file: the first row", nil, csv(good0, good1, good0.with("姓名", "重复")), 2, "公民身份号码", "与第 4 行的公民身份号码重复"},
		{"bad status", nil, csv(good0, good1.with("党员状态", "候补")), 3, "党员状态", "“正式”或“预备”"},
		{"probationary with a confirmation date", nil, csv(good0, good1.with("党员状态", "预备")), 3, "转正日期", "预备党员不应有转正日期"},
		{"bad money", nil, csv(good0, good1.with("党费基数", "5000.123")), 3, "党费基数（元）", "两位小数"},
		{"missing name", nil, csv(good0, good1.with("姓名", "")), 3, "姓名", "请填写姓名"},
		{"missing header", nil, roster(t, "csv", header()[1:], good0), 1, "姓名", "缺少「姓名」列"},
		{"wrong header", nil, roster(t, "csv", append(header(), "身份证号"), good0), 1, "身份证号", "无法识别的列「身份证号」"},
		{"empty file", nil, []byte{}, 0, "", "文件是空的"},
		{"header only", nil, roster(t, "csv", header()), 0, "", "没有数据行"},
		{"zip bomb", nil, bombXLSX(t, 300<<20), 0, "", "解压"},
		{"huge file", nil, bytes.Repeat([]byte("a,b\n"), 21<<20/4+1), 0, "", "文件超过 20 MB 上限"},
	}
	before := f.memberCount(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			actor := f.admin
			if c.actor != nil {
				actor = c.actor
			}
			start := time.Now()
			res, err := f.a.ImportMembers(ctx, actor, app.ImportFile{Name: "名册.csv", Data: c.file}, app.ImportOptions{})
			if time.Since(start) > 10*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
			if dangjian.ErrorCode(err) != dangjian.EINVALID || res == nil {
				t.Fatalf("err = %v, res = %+v; want invalid with a result", err, res)
			}
			if !hasIssue(res, c.row, c.col, c.msg) {
				t.Errorf("no issue at row %d %q with %q in %+v", c.row, c.col, c.msg, res.Errors)
			}
			if res.Written || res.ErrorCount < 1 || len(res.Errors) != res.ErrorCount {
				t.Errorf("result = %+v", res)
			}
			if dangjian.ErrorMessage(err) == "" {
				t.Error("no message")
			}
		})
	}
	if n := f.memberCount(t); n != before {
		t.Errorf("refused imports wrote: %d members, had %d", n, before)
	}
	if rows := f.audits(t, "member.import"); len(rows) != 0 {
		t.Errorf("refused imports were audited as imports: %d rows", len(rows))
	}
}

// TestImportAddUpdateUnchanged: rows are matched by ID number; what differs
// is updated, what does not is left alone, and the counts and history
// follow.
func TestImportAddUpdateUnchanged(t *testing.T) {
	ctx := context.Background()
	f := newImportFixture(t)
	p0, p1, p2 := newPerson(0), newPerson(1), newPerson(2).with("所在党组织", "CZ01", "党小组", "第一党小组")
	p3 := newPerson(3).with("所在党组织", "县教育局党组/第一党支部", "党员状态", "预备", "转正日期", "", "党费类别", "离退休", "党费基数", "3,500.50")
	file := roster(t, "xlsx", header(), p0, p1, p2, p3)

	dry, err := f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "名册.xlsx", Data: file}, app.ImportOptions{DryRun: true})
	if err != nil || dry.Added != 4 || dry.Updated != 0 || dry.Unchanged != 0 || dry.Written || dry.Format != "xlsx" {
		t.Fatalf("dry run = %+v, %v", dry, err)
	}
	if n := f.memberCount(t); n != 0 {
		t.Fatalf("the dry run wrote %d members", n)
	}
	res, err := f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "名册.xlsx", Data: file}, app.ImportOptions{})
	if err != nil || res.Added != 4 || !res.Written {
		t.Fatalf("import = %+v, %v", res, err)
	}
	byID := func(id string) *dangjian.Member {
		t.Helper()
		list, _, err := f.a.Members(ctx, f.admin, dangjian.MemberFilter{}, app.Page{PerPage: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list {
			full, err := f.a.Member(ctx, f.admin, m.ID, true)
			if err != nil {
				t.Fatal(err)
			}
			if full.IDNumber == id {
				return full
			}
		}
		t.Fatalf("no member with ID %s", id)
		return nil
	}
	m2, m3 := byID(p2["公民身份号码"]), byID(p3["公民身份号码"])
	if m2.OrgID != f.finBr.ID || m2.GroupID == nil || *m2.GroupID != f.grp.ID {
		t.Errorf("by code and group: org %d group %v", m2.OrgID, m2.GroupID)
	}
	if m3.OrgID != f.eduOne.ID || m3.Status != dangjian.StatusProbationary || m3.DuesCategory != dangjian.DuesRetired || m3.DuesBase != 350050 || !m3.ConfirmedOn.IsZero() {
		t.Errorf("p3 = %+v", m3)
	}
	counts := func(o *dangjian.Org) (int, int) {
		d, err := f.a.Org(ctx, f.admin, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		return d.MemberCount, d.DirectFull
	}
	if n, full := counts(f.finBr); n != 3 || full != 3 {
		t.Errorf("finance branch counts %d/%d full, want 3/3", n, full)
	}
	if n, full := counts(f.eduOne); n != 1 || full != 0 {
		t.Errorf("education branch one counts %d/%d full, want 1/0", n, full)
	}

	// Again, with p1's phone changed and p2 moved; p0 and p3 as they were.
	p1b := p1.with("联系电话", "13900001111")
	p2b := p2.with("所在党组织", "机关工委/县财政局党组/第一党支部", "党小组", "")
	file2 := roster(t, "csv", header(), p0, p1b, p2b, p3)
	res, err = f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "名册2.csv", Data: file2}, app.ImportOptions{})
	if err != nil || res.Added != 0 || res.Updated != 2 || res.Unchanged != 2 || res.Format != "csv" {
		t.Fatalf("second import = %+v, %v", res, err)
	}
	if m := byID(p1["公民身份号码"]); m.Phone != "13900001111" {
		t.Errorf("phone = %q", m.Phone)
	}
	m2 = byID(p2["公民身份号码"])
	if m2.OrgID != f.finOne.ID || m2.GroupID != nil {
		t.Errorf("moved member: org %d group %v", m2.OrgID, m2.GroupID)
	}
	moves, err := f.a.MemberMoves(ctx, f.admin, m2.ID)
	if err != nil || len(moves) != 2 || moves[1].FromOrgID == nil || *moves[1].FromOrgID != f.finBr.ID || moves[1].ToOrgID != f.finOne.ID {
		t.Errorf("history = %+v, %v", moves, err)
	}
	if n, _ := counts(f.finBr); n != 2 {
		t.Errorf("finance branch counts %d after the move, want 2", n)
	}
	if n, _ := counts(f.finOne); n != 1 {
		t.Errorf("branch one counts %d after the move, want 1", n)
	}
	if n, _ := counts(f.fin); n != 3 {
		t.Errorf("the party group counts %d, want 3", n)
	}
	if n := f.memberCount(t); n != 4 {
		t.Errorf("county counts %d, want 4", n)
	}

	// A file that leaves out a column keeps what the records hold.
	narrow := []string{"姓名", "性别", "出生日期", "公民身份号码", "入党日期", "党员状态", "所在党组织", "联系电话"}
	res, err = f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "电话.csv", Data: roster(t, "csv", narrow, p0.with("联系电话", "010-12345678"), p3)}, app.ImportOptions{})
	if err != nil || res.Updated != 1 || res.Unchanged != 1 {
		t.Fatalf("narrow import = %+v, %v", res, err)
	}
	if m := byID(p3["公民身份号码"]); m.DuesBase != 350050 || m.DuesCategory != dangjian.DuesRetired {
		t.Errorf("columns not in the file changed: %+v", m)
	}

	// The import took its ids where later inserts will not collide (the
	// sequence, on PostgreSQL).
	if _, err := f.a.CreateMember(ctx, f.admin, dangjian.Member{Name: "后来", Gender: "female", BirthDate: dangjian.MustDate("1990-01-02"),
		IDNumber: rosterID("1990-01-02", 2), OrgID: f.finBr.ID, Status: dangjian.StatusFull, JoinedOn: dangjian.MustDate("2015-07-01")}); err != nil {
		t.Errorf("a member added after the import: %v", err)
	}
	if moves, err := f.a.MemberMoves(ctx, f.admin, byID(p0["公民身份号码"]).ID); err != nil || len(moves) != 1 || moves[0].Reason != "批量导入" {
		t.Errorf("an imported member's history = %+v, %v", moves, err)
	}

	rows := f.audits(t, "member.import")
	if len(rows) != 3 {
		t.Fatalf("member.import audit rows = %d, want 3", len(rows))
	}
	var changes map[string]any
	if err := json.Unmarshal([]byte(rows[1].Changes), &changes); err != nil {
		t.Fatal(err)
	}
	if changes["added"] != 0.0 || changes["updated"] != 2.0 || changes["unchanged"] != 2.0 || changes["rows"] != 4.0 || changes["file"] != "名册2.csv" {
		t.Errorf("audit changes = %v", changes)
	}
	for _, r := range rows {
		for _, p := range []person{p0, p1, p2, p3} {
			if strings.Contains(r.Changes, p["公民身份号码"]) {
				t.Errorf("the audit row holds an ID number: %s", r.Changes)
			}
		}
	}
	if n := len(f.audits(t, "member.update")); n != 0 {
		t.Errorf("an import wrote %d member.update rows; it writes one member.import", n)
	}
	if _, err := f.a.VerifyAudit(ctx); err != nil {
		t.Error(err)
	}
}

// TestImportAllOrNothing: a 100,000-row file with one bad row near the
// end writes nothing at all.
func TestImportAllOrNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 rows")
	}
	ctx := context.Background()
	f := newImportFixture(t)
	const n = 100_000
	var buf bytes.Buffer
	w, err := xlsx.NewWriter(&buf, "csv", "")
	if err != nil {
		t.Fatal(err)
	}
	hdr := header()
	w.Header(hdr)
	cells := make([]any, len(hdr))
	for i := 0; i < n; i++ {
		p := newPerson(i)
		if i == 99_997 { // spreadsheet row 99,999: the header is row 1
			p = p.with("入党日期", "2010-02-30")
		}
		for j, h := range hdr {
			cells[j] = p[xlsx.NormalizeHeader(h)]
		}
		w.Row(cells...)
	}
	w.Close()
	start := time.Now()
	res, err := f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "大名册.csv", Data: buf.Bytes()}, app.ImportOptions{})
	t.Logf("checked %d rows in %s", n, time.Since(start))
	if dangjian.ErrorCode(err) != dangjian.EINVALID || res.ErrorCount != 1 || !hasIssue(res, 99_999, "入党日期", "不存在") {
		t.Fatalf("err = %v, result %d errors %+v", err, res.ErrorCount, res.Errors)
	}
	if res.Added != n-1 || res.Written {
		t.Errorf("result = added %d written %v", res.Added, res.Written)
	}
	if !strings.Contains(dangjian.ErrorMessage(err), "第 99999 行「入党日期」") {
		t.Errorf("message = %q", dangjian.ErrorMessage(err))
	}
	if c := f.memberCount(t); c != 0 {
		t.Errorf("%d members written", c)
	}
}

// TestExportImportRoundTrip: an unmasked export imports back unchanged, in
// both formats; a masked one is refused row by row, saying why.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newImportFixture(t)
	p := []person{newPerson(0), newPerson(1).with("所在党组织", "CZ01", "党小组", "第一党小组", "是否党员领导干部", "是", "党务干部", "兼职"),
		newPerson(2).with("所在党组织", "机关工委/县教育局党组/第一党支部", "党员状态", "预备", "转正日期", "", "党费基数", "1234.56", "联系电话", ""),
		newPerson(3).with("民族", "", "学历", "", "工作岗位", "", "党费类别", "学生或无固定收入", "党费基数", "0")}
	if _, err := f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "a.csv", Data: roster(t, "csv", header(), p...)}, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"xlsx", "csv"} {
		ex, err := f.a.ExportMembers(ctx, f.admin, dangjian.MemberFilter{}, format, true)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := ex.Stream(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(ex.Filename, "党员名册-") || !strings.HasSuffix(ex.Filename, "."+format) {
			t.Errorf("file name %q", ex.Filename)
		}
		res, err := f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "back." + format, Data: buf.Bytes()}, app.ImportOptions{DryRun: true})
		if err != nil || res.Unchanged != 4 || res.Added+res.Updated != 0 {
			t.Errorf("%s round trip = %+v, %v", format, res, err)
		}
		masked, err := f.a.ExportMembers(ctx, f.admin, dangjian.MemberFilter{}, format, false)
		if err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := masked.Stream(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), p[0]["公民身份号码"]) {
			t.Errorf("%s: the masked export holds a clear ID number", format)
		}
		res, err = f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "masked." + format, Data: buf.Bytes()}, app.ImportOptions{DryRun: true})
		if dangjian.ErrorCode(err) != dangjian.EINVALID || !hasIssue(res, 2, "公民身份号码", "已脱敏") {
			t.Errorf("%s: masked file = %v %+v", format, err, res)
		}
	}
	exports := f.audits(t, "member.export")
	if len(exports) != 4 {
		t.Fatalf("member.export rows = %d, want 4", len(exports))
	}
	var c map[string]any
	if err := json.Unmarshal([]byte(exports[0].Changes), &c); err != nil {
		t.Fatal(err)
	}
	if c["rows"] != 4.0 || c["format"] != "csv" || c["unmasked"] != false || c["complete"] != true {
		t.Errorf("newest export audit = %v", c)
	}
}

// TestImportScopeOption: --org is the default organization and bounds the
// import.
func TestImportScopeOption(t *testing.T) {
	ctx := context.Background()
	f := newImportFixture(t)
	p0, p1 := newPerson(0).with("所在党组织", ""), newPerson(1).with("所在党组织", "第一党支部")
	res, err := f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "a.csv", Data: roster(t, "csv", header(), p0, p1)},
		app.ImportOptions{DryRun: true, Org: "机关工委/县教育局党组/第一党支部"})
	if err != nil || res.Added != 2 {
		t.Errorf("within the org, 第一党支部 is not ambiguous: %+v %v", res, err)
	}
	res, err = f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "a.csv", Data: roster(t, "csv", header(), p0, p1.with("所在党组织", "CZ01"))},
		app.ImportOptions{DryRun: true, Org: "县教育局党组/第一党支部"})
	if dangjian.ErrorCode(err) != dangjian.EINVALID || !hasIssue(res, 3, "所在党组织", "找不到党组织「CZ01」") {
		t.Errorf("outside the org: %+v %v", res, err)
	}
	_, err = f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "a.csv", Data: roster(t, "csv", header(), p0)}, app.ImportOptions{Org: "无此组织"})
	if dangjian.ErrorFields(err)["org"] == "" {
		t.Errorf("unknown --org: %v", err)
	}
	noOrg := []string{"姓名", "性别", "出生日期", "公民身份号码", "入党日期", "党员状态"}
	res, err = f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: "a.csv", Data: roster(t, "csv", noOrg, p0)}, app.ImportOptions{Org: "CZ01"})
	if err != nil || res.Added != 1 {
		t.Errorf("without the org column: %+v %v", res, err)
	}
}

// TestStagedImport: the two-step import keeps the file in the database;
// only its owner may confirm, once.
func TestStagedImport(t *testing.T) {
	ctx := context.Background()
	f := newImportFixture(t)
	file := app.ImportFile{Name: "名册.csv", Data: roster(t, "csv", header(), newPerson(0), newPerson(1))}
	other := &dangjian.Actor{Username: "other", UserID: f.admin.UserID + 100, Grants: f.admin.Grants}
	id, res, err := f.a.StageMemberImport(ctx, f.admin, file)
	if err != nil || res != nil || id == 0 {
		t.Fatalf("stage = %d %+v %v", id, res, err)
	}
	s, err := f.a.PreviewStagedImport(ctx, f.admin, id)
	if err != nil || s.Result.Added != 2 || s.Done || s.FileName != "名册.csv" {
		t.Fatalf("preview = %+v %v", s, err)
	}
	if _, err := f.a.PreviewStagedImport(ctx, other, id); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("another user's preview: %v", err)
	}
	if _, err := f.a.ConfirmStagedImport(ctx, other, id); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("another user's confirm: %v", err)
	}
	if n := f.memberCount(t); n != 0 {
		t.Fatalf("preview wrote %d", n)
	}
	s, err = f.a.ConfirmStagedImport(ctx, f.admin, id)
	if err != nil || !s.Done || s.Result.Added != 2 {
		t.Fatalf("confirm = %+v %v", s, err)
	}
	if _, err := f.a.ConfirmStagedImport(ctx, f.admin, id); dangjian.ErrorCode(err) != dangjian.ECONFLICT {
		t.Errorf("second confirm: %v", err)
	}
	if n := f.memberCount(t); n != 2 {
		t.Errorf("members = %d", n)
	}
	s, err = f.a.PreviewStagedImport(ctx, f.admin, id)
	if err != nil || !s.Done || s.Result.Added != 2 {
		t.Errorf("done preview = %+v %v", s, err)
	}

	// A bad file is refused at the upload when its header is wrong; one
	// with bad rows is kept, previewed with its errors, and its errors
	// download as a workbook.
	if _, res, err := f.a.StageMemberImport(ctx, f.admin, app.ImportFile{Name: "x.csv", Data: roster(t, "csv", []string{"名字"}, person{"名字": "x"})}); dangjian.ErrorCode(err) != dangjian.EINVALID || res == nil || res.ErrorCount == 0 {
		t.Errorf("bad header staged: %v %+v", err, res)
	}
	bad := app.ImportFile{Name: "bad.csv", Data: roster(t, "csv", header(), newPerson(5), newPerson(6).with("出生日期", "昨天"))}
	id2, _, err := f.a.StageMemberImport(ctx, f.admin, bad)
	if err != nil {
		t.Fatal(err)
	}
	s, err = f.a.PreviewStagedImport(ctx, f.admin, id2)
	if err != nil || s.Result.ErrorCount != 1 || !hasIssue(s.Result, 3, "出生日期", "昨天") {
		t.Fatalf("bad preview = %+v %v", s, err)
	}
	if _, err := f.a.ConfirmStagedImport(ctx, f.admin, id2); dangjian.ErrorCode(err) != dangjian.EINVALID {
		t.Errorf("confirm of a bad file: %v", err)
	}
	ex, err := f.a.StagedImportErrors(ctx, f.admin, id2)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ex.Stream(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	tb, err := xlsx.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "e.xlsx", xlsx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	var msgs []string
	for tb.Next() {
		msgs = append(msgs, tb.Row().Get(xlsx.ErrorColumn))
	}
	if len(msgs) != 2 || msgs[0] != "" || !strings.Contains(msgs[1], "出生日期：") {
		t.Errorf("error column = %q", msgs)
	}
	// Uploads expire after an hour.
	db := f.a.DB()
	db.SetNow(func() time.Time { return time.Now().Add(61 * time.Minute) })
	defer db.SetNow(time.Now)
	if _, err := f.a.PreviewStagedImport(ctx, f.admin, id2); dangjian.ErrorCode(err) != dangjian.ENOTFOUND || !strings.Contains(dangjian.ErrorMessage(err), "过期") {
		t.Errorf("expired upload: %v", err)
	}
}

// TestTemplate: the template's header imports, its example row does not.
func TestTemplate(t *testing.T) {
	ctx := context.Background()
	f := newImportFixture(t)
	ex, err := f.a.MemberTemplate(f.admin)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ex.Stream(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	res, err := f.a.ImportMembers(ctx, f.admin, app.ImportFile{Name: ex.Filename, Data: buf.Bytes()}, app.ImportOptions{DryRun: true})
	if dangjian.ErrorCode(err) != dangjian.EINVALID || res.ErrorCount != 1 || !hasIssue(res, 2, "公民身份号码", "示例行") {
		t.Errorf("template = %v %+v", err, res)
	}
	viewer := &dangjian.Actor{Username: "v", Grants: []dangjian.Grant{{Role: dangjian.RoleViewer, OrgID: f.root.ID, OrgPath: f.root.Path}}}
	if _, err := f.a.MemberTemplate(viewer); dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
		t.Errorf("viewer template: %v", err)
	}
	if _, err := f.a.ImportMembers(ctx, viewer, app.ImportFile{Name: "x.csv", Data: buf.Bytes()}, app.ImportOptions{}); dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
		t.Errorf("viewer import: %v", err)
	}
}
