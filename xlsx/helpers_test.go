package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"
)

// rosterHeader is the member template's header (API.md, "Roster in and out").
var rosterHeader = []string{"姓名", "性别", "民族", "出生日期", "公民身份号码", "学历", "入党日期", "转正日期",
	"党员状态", "所在党组织", "党小组", "工作岗位", "是否党员领导干部", "党务干部", "联系电话", "党费类别", "党费基数"}

// rosterRow is a plausible member row i, typed as an export writes it.
func rosterRow(i int) []any {
	born := time.Date(1960+i%40, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
	joined := born.AddDate(25, 0, 0)
	return []any{fmt.Sprintf("党员%06d", i), "男", "汉族", born, fmt.Sprintf("1101011990%08d", i), "大学本科",
		joined, joined.AddDate(1, 0, 0), "正式", "县直机关工委/县财政局党组/县财政局机关党支部", "第一党小组",
		"科员", i%7 == 0, "否", fmt.Sprintf("138%08d", i), "在职", 3500.5 + float64(i%100)}
}

func writeTable(t testing.TB, format string, header []string, rows [][]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, format, "名册")
	if err != nil {
		t.Fatal(err)
	}
	if header != nil {
		if err := w.Header(header); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openBytes(b []byte, name string, lim Limits) (*Table, error) {
	return Open(bytes.NewReader(b), int64(len(b)), name, lim)
}

func mustOpen(t testing.TB, b []byte, name string) *Table {
	t.Helper()
	tb, err := openBytes(b, name, Limits{})
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() { tb.Close() })
	return tb
}

func readAll(t testing.TB, tb *Table) []Row {
	t.Helper()
	var rows []Row
	for tb.Next() {
		rows = append(rows, tb.Row())
	}
	if err := tb.Err(); err != nil {
		t.Fatalf("rows: %v", err)
	}
	return rows
}

// zipFile is one part of a hand-built zip.
type zipFile struct{ name, body string }

func buildZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	nsMain = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	relPkg = `http://schemas.openxmlformats.org/package/2006/relationships`
)

// workbookParts returns the parts of a minimal one-sheet workbook around
// sheetXML, with shared strings sstXML if not empty.
func workbookParts(sheetXML, sstXML string, date1904 bool) []zipFile {
	pr := ""
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="` + relPkg + `">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>
</Relationships>`
	files := []zipFile{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="` + relPkg + `"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` + pr + `<sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", rels},
		{"xl/worksheets/sheet1.xml", sheetXML},
	}
	if sstXML != "" {
		files = append(files, zipFile{"xl/sharedStrings.xml", sstXML})
	}
	return files
}

func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="` + nsMain + `"><sheetData>` + rows + `</sheetData></worksheet>`
}

func isKind(t testing.TB, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("err = %v, want kind %v", err, kind)
	}
	var e *Error
	if !errors.As(err, &e) || e.Message == "" {
		t.Fatalf("err = %#v, want an *Error with a message", err)
	}
}
