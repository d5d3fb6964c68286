package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// date is a stand-in for the domain's Date: Time and IsZero.
type date struct{ t time.Time }

func (d date) Time() time.Time { return d.t }
func (d date) IsZero() bool    { return d.t.IsZero() }

func TestRoundTrip(t *testing.T) {
	may1 := time.Date(2024, 5, 1, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))
	header := []string{"姓名", "出生日期", "人数", "大数", "党费基数", "是否党员领导干部", "备注", "入党日期", "空"}
	rows := [][]any{
		{"张三", may1, 42, int64(1) << 40, 3500.5, true, "=1+2", date{time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC)}, nil},
		{"李四", time.Time{}, -7, int64(0), 0.1, false, "-负数开头", date{}, nil},
	}
	want := map[string][][]string{
		// A date is its serial number in a workbook and yyyy-mm-dd in CSV.
		FormatXLSX: {
			{"张三", "45413", "42", "1099511627776", "3500.5", "是", "=1+2", "32939"},
			{"李四", "", "-7", "0", "0.1", "否", "-负数开头"},
		},
		FormatCSV: {
			{"张三", "2024-05-01", "42", "1099511627776", "3500.5", "是", "=1+2", "1990-03-07", ""},
			{"李四", "", "-7", "0", "0.1", "否", "-负数开头", "", ""},
		},
	}
	for _, format := range []string{FormatXLSX, FormatCSV} {
		t.Run(format, func(t *testing.T) {
			b := writeTable(t, format, header, rows)
			tb := mustOpen(t, b, "")
			if tb.Format() != format {
				t.Errorf("Format = %q, want %q", tb.Format(), format)
			}
			// The header's last column has no data but keeps its name.
			if !slices.Equal(tb.Header(), header) {
				t.Errorf("header = %q, want %q", tb.Header(), header)
			}
			got := readAll(t, tb)
			if len(got) != len(want[format]) {
				t.Fatalf("%d rows, want %d", len(got), len(want[format]))
			}
			for i, r := range got {
				if r.Num != i+2 {
					t.Errorf("row %d: Num = %d, want %d", i, r.Num, i+2)
				}
				if !slices.Equal(r.Cells, want[format][i]) {
					t.Errorf("row %d = %q, want %q", i, r.Cells, want[format][i])
				}
			}
			y, m, d, err := tb.ParseDate(got[0].Get("出生日期"))
			if err != nil || y != 2024 || m != 5 || d != 1 {
				t.Errorf("出生日期 = %d-%d-%d, %v; want 2024-5-1", y, m, d, err)
			}
			if fen, err := ParseYuanToFen(got[0].Get("党费基数")); err != nil || fen != 350050 {
				t.Errorf("党费基数 = %d, %v; want 350050", fen, err)
			}
			if b, err := ParseBool(got[0].Get("是否党员领导干部")); err != nil || !b {
				t.Errorf("是否党员领导干部 = %v, %v; want true", b, err)
			}
		})
	}
}

// TestReadMatchesExcelize reads workbooks that excelize writes with its
// ordinary (not streaming) API — shared strings, rich text, booleans,
// formulas, sparse rows — and expects what excelize itself reads raw,
// except that booleans read TRUE/FALSE.
func TestReadMatchesExcelize(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Sheet1"
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("B2", "姓名")
	set("C2", "出生日期")
	set("D2", "金额")
	set("E2", "标记")
	set("F2", "说明")
	set("B3", "王五")
	set("C3", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	set("D3", 1234.56)
	set("E3", true)
	set("F3", "a < b & c > d \"q\" 'a'")
	set("B5", "  前后空格  ")
	set("D5", 0.30000000000000004)
	set("E5", false)
	set("F5", "第一行\n第二行")
	if err := f.SetCellRichText(sh, "B6", []excelize.RichTextRun{{Text: "富"}, {Text: "文本", Font: &excelize.Font{Bold: true}}}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFormula(sh, "D6", "D3*2"); err != nil {
		t.Fatal(err)
	}
	set("F6", "_x000D_ literal")
	set("Z6", "远列")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}

	ref, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()), excelize.Options{RawCellValue: true, UnzipSizeLimit: 1 << 20, UnzipXMLSizeLimit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	want, err := ref.GetRows(sh, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	tb := mustOpen(t, buf.Bytes(), "book.xlsx")
	if tb.HeaderRow() != 2 {
		t.Errorf("HeaderRow = %d, want 2", tb.HeaderRow())
	}
	got := map[int][]string{tb.HeaderRow(): tb.Header()}
	for _, r := range readAll(t, tb) {
		got[r.Num] = r.Cells
	}
	for i, w := range want {
		num := i + 1
		for j := range w {
			w[j] = strings.TrimSpace(w[j])
			if j == 4 && num > 2 { // column E holds booleans
				w[j] = map[string]string{"1": "TRUE", "0": "FALSE"}[w[j]]
			}
		}
		for len(w) > 0 && w[len(w)-1] == "" {
			w = w[:len(w)-1]
		}
		if !slices.Equal(got[num], w) {
			t.Errorf("row %d = %q, excelize reads %q", num, got[num], w)
		}
	}
	if len(got) != 4 {
		t.Errorf("read rows %v, want the header and 3 rows", got)
	}
}

// TestReadHandWritten reads XML as other producers write it: namespace
// prefixes, no r attributes, phonetic runs, CDATA, comments, error and ISO
// date cells, a '>' inside an attribute, entities, a 1904 workbook.
func TestReadHandWritten(t *testing.T) {
	sst := `<?xml version="1.0"?><sst xmlns="` + nsMain + `" count="4" uniqueCount="4">` +
		`<si><t>姓名</t></si>` +
		`<si><r><t>出生</t></r><r><rPr><b/></rPr><t xml:space="preserve">日期</t></r><rPh sb="0" eb="1"><t>しゅっせい</t></rPh></si>` +
		`<si/>` +
		`<si><t>&#x5F20;&#19977;&amp;Co</t></si>` +
		`</sst>`
	sheet := `<?xml version="1.0"?><!-- made by hand -->` +
		`<x:worksheet xmlns:x="` + nsMain + `"><x:dimension ref="A1:C4"/><x:sheetData>` +
		`<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c></x:row>` +
		`<x:row r="3" spans="1:3" x:custom="a>b"><x:c r="A3" t="s"><x:v>3</x:v></x:c><x:c r="B3"><x:v>45413</x:v></x:c>` +
		`<x:c r="C3" t="inlineStr"><x:is><x:r><x:t><![CDATA[<b>粗</b>]]></x:t></x:r><x:r><x:t>体</x:t></x:r></x:is></x:c></x:row>` +
		`<x:row r="4"/>` +
		`<x:row r="5"><x:c r="A5" t="e"><x:v>#N/A</x:v></x:c><x:c r="B5" t="d"><x:v>2024-05-01T00:00:00</x:v></x:c>` +
		`<!-- a comment with <tags> inside --><x:c r="C5" t="str"><x:f>A1&amp;B1</x:f><x:v>x&lt;y</x:v></x:c></x:row>` +
		`<x:row r="6"><x:c r="A6" t="s"><x:v>2</x:v></x:c><x:c r="B6" s="1"/></x:row>` +
		`</x:sheetData></x:worksheet>`
	tb := mustOpen(t, buildZip(t, workbookParts(sheet, sst, true)...), "")
	if want := []string{"姓名", "出生日期", "备注"}; !slices.Equal(tb.Header(), want) {
		t.Fatalf("header = %q, want %q", tb.Header(), want)
	}
	rows := readAll(t, tb)
	want := []struct {
		num   int
		cells []string
	}{
		{3, []string{"张三&Co", "45413", "<b>粗</b>体"}},
		{5, []string{"#N/A", "2024-05-01T00:00:00", "x<y"}},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v, want %v", rows, want)
	}
	for i, w := range want {
		if rows[i].Num != w.num || !slices.Equal(rows[i].Cells, w.cells) {
			t.Errorf("row %d = %d %q, want %d %q", i, rows[i].Num, rows[i].Cells, w.num, w.cells)
		}
	}
	// 1904 system: day 45413 is 2028-05-02.
	if y, m, d, err := tb.ParseDate(rows[0].Get("出生日期")); err != nil || y != 2028 || m != 5 || d != 2 {
		t.Errorf("1904 date = %d-%d-%d, %v; want 2028-5-2", y, m, d, err)
	}
	if y, m, d, err := tb.ParseDate(rows[1].Get("出生日期")); err != nil || y != 2024 || m != 5 || d != 1 {
		t.Errorf("ISO date cell = %d-%d-%d, %v; want 2024-5-1", y, m, d, err)
	}
}

func TestReadCorruptSheet(t *testing.T) {
	for name, rows := range map[string]string{
		"truncated":        `<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c t="inlineStr"><is><t>b`,
		"bad shared index": `<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c t="s"><v>7</v></c></row>`,
		"bad row number":   `<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row r="9999999"><c><v>1</v></c></row>`,
		"bad cell ref":     `<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="ZZZZ2"><v>1</v></c></row>`,
		"doctype":          `<!DOCTYPE x [<!ENTITY a "b">]><row r="1"><c><v>1</v></c></row>`,
	} {
		t.Run(name, func(t *testing.T) {
			sheet := sheetXML(rows)
			if name == "truncated" {
				sheet = strings.TrimSuffix(sheet, "</sheetData></worksheet>")
			}
			b := buildZip(t, workbookParts(sheet, "", false)...)
			tb, err := openBytes(b, "", Limits{})
			if err == nil {
				for tb.Next() {
				}
				err = tb.Err()
				tb.Close()
			}
			isKind(t, err, ErrNotSpreadsheet)
		})
	}
}

func TestCSVEncodings(t *testing.T) {
	const text = "姓名,党费基数（元）,备注\r\n张三,\"3,500.50\",\"多行\r\n备注\"\r\n李四,100,“引号”\r\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	const tsv = "姓名\t党费基数（元）\t备注\r\n张三\t3500.50\t\"多行\r\n备注\"\r\n李四\t100\t“引号”\r\n"
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(tsv)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string]string{
		"utf8":     text,
		"utf8 bom": "\ufeff" + text,
		"gb18030":  gb,
		"tsv":      tsv,
		"utf16":    utf16,
	} {
		t.Run(name, func(t *testing.T) {
			tb := mustOpen(t, []byte(b), "名册.csv")
			if want := []string{"姓名", "党费基数（元）", "备注"}; !slices.Equal(tb.Header(), want) {
				t.Fatalf("header = %q, want %q", tb.Header(), want)
			}
			rows := readAll(t, tb)
			if len(rows) != 2 {
				t.Fatalf("rows = %v, want 2", rows)
			}
			if got := rows[0].Get("党费基数"); got != "3,500.50" && got != "3500.50" {
				t.Errorf("党费基数 = %q", got)
			}
			if got := rows[0].Get("备注"); got != "多行\n备注" {
				t.Errorf("备注 = %q, want a line break kept", got)
			}
			// The two-line field is one spreadsheet row.
			if rows[1].Num != 3 || rows[1].Get("备注") != "“引号”" {
				t.Errorf("row 2 = %d %q, want row 3 with “引号”", rows[1].Num, rows[1].Cells)
			}
		})
	}
}

func TestRowNumbersSkipBlankRows(t *testing.T) {
	t.Run("csv", func(t *testing.T) {
		// Excel shows: 1 blank, 2 header, 3 blank, 4 row, 5 ",,", 6 row
		// spanning lines, 7 row.
		const text = "\n姓名,备注\n\n张三,a\n,,\n李四,\"两\n行\"\n王五,c\n\n"
		tb := mustOpen(t, []byte(text), "a.csv")
		if tb.HeaderRow() != 2 {
			t.Errorf("HeaderRow = %d, want 2", tb.HeaderRow())
		}
		var nums []int
		for _, r := range readAll(t, tb) {
			nums = append(nums, r.Num)
		}
		if want := []int{4, 6, 7}; !slices.Equal(nums, want) {
			t.Errorf("row numbers = %v, want %v", nums, want)
		}
	})
	t.Run("xlsx", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		for cell, v := range map[string]string{"A3": "姓名", "B3": "备注", "A4": "张三", "B9": "只有备注", "A12": "李四"} {
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetCellValue("Sheet1", "A7", "  "); err != nil { // blank once trimmed
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		tb := mustOpen(t, buf.Bytes(), "a.xlsx")
		var nums []int
		for _, r := range readAll(t, tb) {
			nums = append(nums, r.Num)
		}
		if want := []int{4, 9, 12}; tb.HeaderRow() != 3 || !slices.Equal(nums, want) {
			t.Errorf("header row %d, rows %v; want 3, %v", tb.HeaderRow(), nums, want)
		}
	})
}

func TestHeaderNotes(t *testing.T) {
	const text = "　姓 名　,党费基数(元),出生日期[必填],*联系电话,学历【最高】,ＩＤ\n张三,100,2024-05-01,13800000000,本科,x\n"
	tb := mustOpen(t, []byte(text), "a.csv")
	r := readAll(t, tb)[0]
	for col, want := range map[string]string{
		"姓名": "张三", "党费基数": "100", "党费基数（元）": "100", "党费基数(元)": "100", "出生日期": "2024-05-01",
		"联系电话": "13800000000", "学历": "本科", "id": "x", "未知": "",
	} {
		if got := r.Get(col); got != want {
			t.Errorf("Get(%q) = %q, want %q", col, got, want)
		}
	}
	if _, ok := tb.Column("出生日期"); !ok {
		t.Error("Column(出生日期) not found")
	}
	m := tb.Match([]string{"姓名", "党费基数", "出生日期", "联系电话", "学历", "ID"})
	if !m.OK() {
		t.Errorf("Match = %+v, want OK", m)
	}
}

func TestMatchHeaders(t *testing.T) {
	got := []string{"性别", "姓名", "", "籍贯", "党费基数（元）", "姓名 ", "备注"}
	want := []string{"姓名", "性别", "出生日期", "党费基数(元)", "公民身份号码"}
	m := MatchHeaders(got, want)
	if m.OK() {
		t.Error("OK with missing, unknown and duplicate headers")
	}
	wantIndex := map[string]int{"姓名": 1, "性别": 0, "党费基数(元)": 4}
	if len(m.Index) != len(wantIndex) {
		t.Errorf("Index = %v, want %v", m.Index, wantIndex)
	}
	for k, v := range wantIndex {
		if m.Index[k] != v {
			t.Errorf("Index[%s] = %d, want %d", k, m.Index[k], v)
		}
	}
	if w := []string{"出生日期", "公民身份号码"}; !slices.Equal(m.Missing, w) {
		t.Errorf("Missing = %q, want %q", m.Missing, w)
	}
	if w := []string{"籍贯", "备注"}; !slices.Equal(m.Unknown, w) {
		t.Errorf("Unknown = %q, want %q", m.Unknown, w)
	}
	if w := []string{"姓名 "}; !slices.Equal(m.Duplicate, w) {
		t.Errorf("Duplicate = %q, want %q", m.Duplicate, w)
	}
}

func TestNormalizeHeader(t *testing.T) {
	for in, want := range map[string]string{
		"党费基数(元)":       "党费基数",
		"党费基数（元）":       "党费基数",
		"出生日期[必填]":      "出生日期",
		"出生日期【必填】（年月日）": "出生日期",
		" 姓\u3000名 ":    "姓名",
		"\ufeff姓名":      "姓名",
		"＊姓名：":          "姓名",
		"ID(选填":         "id",
		"(全是备注)":        "",
	} {
		if got := NormalizeHeader(in); got != want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	xlsxHeaderOnly := writeTable(t, FormatXLSX, []string{"姓名", "性别"}, nil)
	docx := buildZip(t, zipFile{"[Content_Types].xml", "<Types/>"}, zipFile{"word/document.xml", "<w:document/>"})
	for _, tc := range []struct {
		name string
		data []byte
		file string
		lim  Limits
		kind error
		msg  string // part of the message
	}{
		{"too big", bytes.Repeat([]byte("a,b\n"), 300), "a.csv", Limits{MaxBytes: 1000}, ErrTooBig, "1000 字节"},
		{"too big MB", make([]byte, 1), "a.csv", Limits{MaxBytes: 20 << 20}, nil, ""},
		{"empty", nil, "a.csv", Limits{}, ErrEmpty, "空"},
		{"blank lines", []byte("\r\n ,, \r\n\r\n"), "a.csv", Limits{}, ErrEmpty, "表头"},
		{"header only csv", []byte("\ufeff姓名,性别\r\n"), "a.csv", Limits{}, ErrNoRows, "没有数据行"},
		{"header only xlsx", xlsxHeaderOnly, "a.xlsx", Limits{}, ErrNoRows, "没有数据行"},
		{"duplicate header", []byte("姓名,性别,姓名（中文）\n张三,男,张三\n"), "a.csv", Limits{}, ErrDuplicateHeader, "A 列和 C 列"},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "名册.pdf", Limits{}, ErrNotSpreadsheet, ".pdf"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", Limits{}, ErrNotSpreadsheet, "CSV"},
		{"binary", []byte{1, 2, 3, 0, 5, 6, 7, 8, 9}, "a.xlsx", Limits{}, ErrNotSpreadsheet, ""},
		{"xls", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), "a.xls", Limits{}, ErrNotSpreadsheet, ".xls"},
		{"html as xls", []byte("<html><table><tr><td>姓名</td></tr></table></html>"), "a.xls", Limits{}, ErrNotSpreadsheet, "网页"},
		{"docx", docx, "a.xlsx", Limits{}, ErrNotSpreadsheet, "Word"},
		{"plain zip", buildZip(t, zipFile{"a.txt", "hello"}), "a.zip", Limits{}, ErrNotSpreadsheet, "压缩包"},
		{"broken zip", []byte("PK\x03\x04garbage"), "a.xlsx", Limits{}, ErrNotSpreadsheet, "损坏"},
		{"cell too long", []byte("姓名,备注\n张三," + strings.Repeat("长", 11) + "\n"), "a.csv", Limits{MaxCellRunes: 10}, ErrCellTooLong, "第 2 行「备注」超过 10 字上限"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := openBytes(tc.data, tc.file, tc.lim)
			if tc.kind == nil {
				// A one-byte file is not too big: it fails for another reason.
				if err == nil || strings.Contains(err.Error(), "上限") {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil {
				tb.Close()
			}
			isKind(t, err, tc.kind)
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not say %q", err.Error(), tc.msg)
			}
		})
	}
	if _, err := openBytes(make([]byte, 21<<20), "a.csv", DefaultLimits()); err == nil || err.Error() != "文件超过 20 MB 上限" {
		t.Errorf("21 MiB upload: err = %v, want 文件超过 20 MB 上限", err)
	}
}

func TestMaxRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("序号\n")
	for i := range 11 {
		fmt.Fprintf(&b, "%d\n", i)
	}
	for _, format := range []string{"csv", "xlsx"} {
		data := []byte(b.String())
		if format == "xlsx" {
			rows := make([][]any, 11)
			for i := range rows {
				rows[i] = []any{i}
			}
			data = writeTable(t, FormatXLSX, []string{"序号"}, rows)
		}
		tb, err := openBytes(data, "", Limits{MaxRows: 10})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for tb.Next() {
			n++
		}
		tb.Close()
		if n != 10 {
			t.Errorf("%s: read %d rows before the limit, want 10", format, n)
		}
		isKind(t, tb.Err(), ErrTooManyRows)
		if want := "文件超过 10 行上限"; tb.Err().Error() != want {
			t.Errorf("%s: message %q, want %q", format, tb.Err(), want)
		}
	}
	// Exactly the limit is fine.
	tb, err := openBytes([]byte("序号\n1\n2\n"), "", Limits{MaxRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rows := readAll(t, tb); len(rows) != 2 {
		t.Errorf("read %d rows, want 2", len(rows))
	}
}

func TestOpenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "名册.xlsx")
	if err := os.WriteFile(path, writeTable(t, FormatXLSX, []string{"姓名"}, [][]any{{"张三"}}), 0o600); err != nil {
		t.Fatal(err)
	}
	tb, err := OpenFile(path, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if rows := readAll(t, tb); len(rows) != 1 || rows[0].Get("姓名") != "张三" {
		t.Errorf("rows = %v", rows)
	}
	if err := tb.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := OpenFile(filepath.Join(t.TempDir(), "none.xlsx"), DefaultLimits()); err == nil {
		t.Error("OpenFile of a missing file: no error")
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnLetter(i); got != want {
			t.Errorf("ColumnLetter(%d) = %q, want %q", i, got, want)
		}
		if got, ok := columnOf([]byte(want + "12")); !ok || got != i {
			t.Errorf("columnOf(%s12) = %d, %v; want %d", want, got, ok, i)
		}
	}
}

func TestReadXLSXEdges(t *testing.T) {
	rows := `<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c t="s"><v>1</v></c></row>`
	sst := `<sst><si><t>姓名</t></si><si><t>张三</t></si></sst>`
	t.Run("no workbook relationships", func(t *testing.T) {
		parts := slices.DeleteFunc(workbookParts(sheetXML(rows), sst, false), func(f zipFile) bool {
			return f.name == "xl/_rels/workbook.xml.rels"
		})
		tb := mustOpen(t, buildZip(t, parts...), "")
		if r := readAll(t, tb); len(r) != 1 || r[0].Get("姓名") != "张三" {
			t.Errorf("rows = %v", r)
		}
	})
	t.Run("long shared string", func(t *testing.T) {
		long := `<sst><si><t>姓名</t></si><si><t>` + strings.Repeat("长", 11) + `</t></si></sst>`
		_, err := openBytes(buildZip(t, workbookParts(sheetXML(rows), long, false)...), "", Limits{MaxCellRunes: 10})
		isKind(t, err, ErrCellTooLong)
	})
	t.Run("long inline string", func(t *testing.T) {
		rows := `<row r="1"><c t="s"><v>0</v></c></row><row r="7"><c t="inlineStr"><is><t>` + strings.Repeat("长", 11) + `</t></is></c></row>`
		tb, err := openBytes(buildZip(t, workbookParts(sheetXML(rows), sst, false)...), "", Limits{MaxCellRunes: 10})
		if err == nil {
			tb.Close()
		}
		isKind(t, err, ErrCellTooLong)
		if want := "第 7 行「姓名」超过 10 字上限"; err.Error() != want {
			t.Errorf("message %q, want %q", err, want)
		}
	})
	t.Run("chart sheet first", func(t *testing.T) {
		parts := workbookParts(sheetXML(rows), sst, false)
		for i, f := range parts {
			switch f.name {
			case "xl/workbook.xml":
				parts[i].body = strings.Replace(f.body, `<sheets>`, `<sheets><sheet name="图" sheetId="2" r:id="rId9"/>`, 1)
			case "xl/_rels/workbook.xml.rels":
				parts[i].body = strings.Replace(f.body, `</Relationships>`, `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`, 1)
			}
		}
		tb := mustOpen(t, buildZip(t, parts...), "")
		if r := readAll(t, tb); len(r) != 1 || r[0].Get("姓名") != "张三" {
			t.Errorf("rows = %v", r)
		}
	})
}
