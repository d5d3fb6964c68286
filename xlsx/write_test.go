package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var injections = []string{"=HYPERLINK(\"http://x\",\"点我\")", "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "=1"}

func TestCSVFormulaInjection(t *testing.T) {
	var rows [][]any
	for _, s := range injections {
		rows = append(rows, []any{s})
	}
	rows = append(rows, []any{"-5"}, []any{"+86"}, []any{"3.5"}, []any{"a=b"}, []any{-5})
	b := writeTable(t, FormatCSV, []string{"=表头"}, rows)
	text := string(b)
	if !strings.HasPrefix(text, "\ufeff'=表头\n") {
		t.Errorf("file starts %q, want a BOM and an escaped header", text[:min(len(text), 20)])
	}
	for _, s := range injections {
		if strings.Contains(text, "\n"+s) || strings.Contains(text, "\n\""+s) {
			t.Errorf("%q written unescaped", s)
		}
	}
	for _, s := range []string{"\n-5\n", "\n+86\n", "\n3.5\n", "\na=b\n"} {
		if !strings.Contains(text, s) {
			t.Errorf("%q escaped; plain values must stay as they are", strings.TrimSpace(s))
		}
	}
	// Reading back undoes the escape, so an export imports unchanged
	// (bar the leading tab and CR, which any cell loses to trimming).
	tb := mustOpen(t, b, "a.csv")
	if tb.Header()[0] != "=表头" {
		t.Errorf("header = %q", tb.Header())
	}
	got := readAll(t, tb)
	for i, s := range injections {
		if got[i].Cells[0] != strings.TrimSpace(s) {
			t.Errorf("row %d = %q, want %q", i, got[i].Cells[0], strings.TrimSpace(s))
		}
	}
}

func TestXLSXFormulaInjection(t *testing.T) {
	var rows [][]any
	for _, s := range injections {
		rows = append(rows, []any{s})
	}
	b := writeTable(t, FormatXLSX, []string{"备注"}, rows)
	sheet := zipPart(t, b, "xl/worksheets/sheet1.xml")
	if strings.Contains(sheet, "<f>") {
		t.Errorf("worksheet has a formula: %s", sheet)
	}
	if n := strings.Count(sheet, `t="inlineStr"`); n != len(injections)+1 {
		t.Errorf("%d string cells, want %d", n, len(injections)+1)
	}
	tb := mustOpen(t, b, "a.xlsx")
	for i, r := range readAll(t, tb) {
		if r.Cells[0] != strings.TrimSpace(injections[i]) {
			t.Errorf("row %d = %q, want %q", i, r.Cells[0], injections[i])
		}
	}
}

func zipPart(t testing.TB, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestXLSXLayout checks what Excel shows: a bold frozen header, column
// widths, dates formatted yyyy-mm-dd.
func TestXLSXLayout(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, FormatXLSX, "党员名册")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Header([]string{"姓名", "出生日期", "所在党组织"}, 0, 0, 40); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("张三", time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC), "机关党支部"); err != nil {
		t.Fatal(err)
	}
	if err := w.Header([]string{"late"}); err == nil {
		t.Error("Header after Row: no error")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"党员名册"}) {
		t.Errorf("sheets = %q", got)
	}
	panes, err := f.GetPanes("党员名册")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v; want the first row frozen", panes, err)
	}
	if wd, _ := f.GetColWidth("党员名册", "C"); wd != 40 {
		t.Errorf("width of C = %v, want 40", wd)
	}
	if wd, _ := f.GetColWidth("党员名册", "A"); wd < 8 {
		t.Errorf("width of A = %v, want fitted to the header", wd)
	}
	style, _ := f.GetCellStyle("党员名册", "A1")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header style = %+v, %v; want bold", s, err)
	}
	if v, _ := f.GetCellValue("党员名册", "B2"); v != "1990-03-07" {
		t.Errorf("date cell shows %q, want 1990-03-07", v)
	}
}

func TestWriterErrors(t *testing.T) {
	if _, err := NewWriter(io.Discard, "xls", "a"); err == nil {
		t.Error("NewWriter(xls): no error")
	}
	if _, err := NewWriter(io.Discard, FormatXLSX, "a/b"); err == nil {
		t.Error("NewWriter with sheet name a/b: no error")
	}
	if _, err := NewWriter(io.Discard, FormatXLSX, strings.Repeat("名", 32)); err == nil {
		t.Error("NewWriter with a 32-character sheet name: no error")
	}
	for _, format := range []string{FormatXLSX, FormatCSV} {
		w, err := NewWriter(io.Discard, format, "a")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Row(struct{}{}); err == nil {
			t.Errorf("%s: Row(struct{}{}): no error", format)
		}
		if err := w.Row(math.NaN()); err == nil {
			t.Errorf("%s: Row(NaN): no error", format)
		}
		if err := w.Close(); err != nil {
			t.Errorf("%s: Close: %v", format, err)
		}
	}
	// A failing destination is reported, not swallowed.
	for _, format := range []string{FormatXLSX, FormatCSV} {
		w, err := NewWriter(failWriter{}, format, "a")
		if err == nil {
			err = w.Row("x")
			if err == nil {
				err = w.Close()
			}
		}
		if err == nil {
			t.Errorf("%s: writing to a failing writer: no error", format)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestStringerAndDater(t *testing.T) {
	b := writeTable(t, FormatCSV, nil, [][]any{{time.March, date{time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)}, date{}, uint8(7)}})
	if want := "\ufeffMarch,2020-01-02,,7\n"; string(b) != want {
		t.Errorf("csv = %q, want %q", b, want)
	}
}

func TestContentHeaders(t *testing.T) {
	if got := ContentType(FormatXLSX); got != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("ContentType(xlsx) = %q", got)
	}
	if got := ContentType(FormatCSV); got != "text/csv; charset=utf-8" {
		t.Errorf("ContentType(csv) = %q", got)
	}
	for in, want := range map[string]string{
		"党员名册.xlsx":          `attachment; filename="export.xlsx"; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C.xlsx`,
		"党员名册-2024.csv":      `attachment; filename="2024.csv"; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C-2024.csv`,
		"roster 2024.xlsx":   `attachment; filename="roster_2024.xlsx"; filename*=UTF-8''roster%202024.xlsx`,
		`..\..\etc\"evil".x`: `attachment; filename="evil.x"; filename*=UTF-8''evil.x`,
		"a\r\nb.csv":         `attachment; filename="ab.csv"; filename*=UTF-8''ab.csv`,
		"":                   `attachment; filename="export"; filename*=UTF-8''export`,
	} {
		if got := ContentDisposition(in); got != want {
			t.Errorf("ContentDisposition(%q) =\n %s\nwant\n %s", in, got, want)
		}
	}
}

// TestWriterStreams writes 200,000 rows and checks that the heap stays far
// below the size of the data, sampling it as the rows go in and again as
// Close writes the zip.
func TestWriterStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200,000 rows")
	}
	for _, format := range []string{FormatXLSX, FormatCSV} {
		t.Run(format, func(t *testing.T) {
			var base runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&base)
			out := &sampler{every: 4 << 20}
			w, err := NewWriter(out, format, "名册")
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Header(rosterHeader); err != nil {
				t.Fatal(err)
			}
			const rows = 200_000
			for i := range rows {
				if err := w.Row(rosterRow(i)...); err != nil {
					t.Fatal(err)
				}
				if i%20_000 == 0 {
					out.sample()
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			out.sample()
			grew := int64(out.peak) - int64(base.HeapInuse)
			// The rows are about 190 MB of worksheet XML (60 MB of CSV); a
			// writer that held them would blow far past this bound.
			const bound = 64 << 20
			t.Logf("%s: %d MB written, heap grew by at most %d MB", format, out.n>>20, grew>>20)
			if grew > bound {
				t.Errorf("heap grew by %d MB writing %d rows, want under %d MB", grew>>20, rows, bound>>20)
			}
			if out.n < 8<<20 {
				t.Errorf("only %d bytes written", out.n)
			}
			// The file reaches the writer in pieces, not as one buffer
			// built in memory.
			if out.maxWrite > 1<<20 {
				t.Errorf("a single write of %d KB: the file was buffered", out.maxWrite>>10)
			}
		})
	}
}

// sampler is an io.Writer that discards what it is given and samples the
// heap every so many bytes.
type sampler struct {
	n, next, every, maxWrite int
	peak                     uint64
}

func (s *sampler) Write(p []byte) (int, error) {
	s.n += len(p)
	s.maxWrite = max(s.maxWrite, len(p))
	if s.n >= s.next {
		s.sample()
		s.next = s.n + s.every
	}
	return len(p), nil
}

func (s *sampler) sample() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.peak = max(s.peak, m.HeapInuse)
}

func ExampleContentDisposition() {
	fmt.Println(ContentDisposition("党员名册.xlsx"))
	// Output: attachment; filename="export.xlsx"; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C.xlsx
}
