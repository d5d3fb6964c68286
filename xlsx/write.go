package xlsx

import (
	"archive/zip"
	"compress/flate"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Writer writes a table one row at a time without holding the rows, so an
// export's memory does not grow with its length.
//
// Row accepts string, the integer types, float32, float64, bool (written
// 是/否, as the templates ask), time.Time (a date: its year, month and day
// in its own location), any value with Time() time.Time and IsZero() bool
// methods (a date type; zero is an empty cell), fmt.Stringer and nil (an
// empty cell). A string is always text, never a formula.
type Writer interface {
	// Header writes the header row; widths, in characters, are optional
	// per column (0 or missing: fitted to the header text).
	Header(cols []string, widths ...float64) error
	Row(cells ...any) error
	// Close finishes the file; for .xlsx this is when the bytes are
	// written to the underlying io.Writer. Call it even after an error:
	// it removes the temporary file an .xlsx is built in.
	Close() error
}

// formulaStarts are the characters that make a spreadsheet read a cell as a
// formula (OWASP "CSV injection").
const formulaStarts = "=+-@\t\r"

// maxSheetRows is Excel's row limit.
const maxSheetRows = 1_048_576

// NewWriter returns a Writer of format FormatXLSX or FormatCSV onto w. sheet
// names the worksheet of an .xlsx (at most 31 characters, none of :\/?*[]).
func NewWriter(w io.Writer, format, sheet string) (Writer, error) {
	switch format {
	case FormatXLSX:
		return newXLSXWriter(w, sheet)
	case FormatCSV:
		return newCSVWriter(w)
	}
	return nil, fmt.Errorf("xlsx: unknown format %q", format)
}

// ContentType returns the media type of format for a Content-Type header.
func ContentType(format string) string {
	switch format {
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case FormatCSV:
		return "text/csv; charset=utf-8"
	}
	return "application/octet-stream"
}

// ContentDisposition returns the value of a Content-Disposition header that
// offers filename for download: the UTF-8 name per RFC 5987 (党员名册.xlsx)
// and an ASCII fallback for old clients.
func ContentDisposition(filename string) string {
	name := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' || r == '\\' || r == '"' {
			return -1
		}
		return r
	}, filepath.Base(strings.ReplaceAll(filename, "\\", "/")))
	if name == "." || name == "" {
		name = "export"
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName(name), pathEscape5987(name))
}

// asciiName keeps the ASCII letters, digits and ._- of name, and falls back
// to "export" for a stem with none (an all-Chinese name).
func asciiName(name string) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	keep := func(r rune) rune {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-'):
			return r
		case r == ' ':
			return '_'
		}
		return -1
	}
	stem = strings.Trim(strings.Map(keep, stem), "._-")
	if stem == "" {
		stem = "export"
	}
	return stem + strings.Map(keep, ext)
}

// pathEscape5987 percent-encodes all but RFC 5987's attr-char.
func pathEscape5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// dater is a date type such as the domain's Date.
type dater interface {
	Time() time.Time
	IsZero() bool
}

// cell is a value reduced to what both formats know.
type cell struct {
	kind byte // 0 empty, 's' string, 'i' int, 'u' uint, 'f' float, 'd' date
	s    string
	i    int64
	u    uint64
	f    float64
	d    time.Time // midnight UTC of the date
}

func toCell(v any) (cell, error) {
	switch v := v.(type) {
	case nil:
		return cell{}, nil
	case string:
		return cell{kind: 's', s: v}, nil
	case int:
		return cell{kind: 'i', i: int64(v)}, nil
	case int8:
		return cell{kind: 'i', i: int64(v)}, nil
	case int16:
		return cell{kind: 'i', i: int64(v)}, nil
	case int32:
		return cell{kind: 'i', i: int64(v)}, nil
	case int64:
		return cell{kind: 'i', i: v}, nil
	case uint:
		return cell{kind: 'u', u: uint64(v)}, nil
	case uint8:
		return cell{kind: 'u', u: uint64(v)}, nil
	case uint16:
		return cell{kind: 'u', u: uint64(v)}, nil
	case uint32:
		return cell{kind: 'u', u: uint64(v)}, nil
	case uint64:
		return cell{kind: 'u', u: v}, nil
	case float32:
		return floatCell(float64(v))
	case float64:
		return floatCell(v)
	case bool:
		if v {
			return cell{kind: 's', s: "是"}, nil
		}
		return cell{kind: 's', s: "否"}, nil
	case time.Time:
		return dateCell(v), nil
	case dater:
		if v.IsZero() {
			return cell{}, nil
		}
		return dateCell(v.Time()), nil
	case fmt.Stringer:
		return cell{kind: 's', s: v.String()}, nil
	}
	return cell{}, fmt.Errorf("xlsx: cannot write a %T", v)
}

func floatCell(f float64) (cell, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return cell{}, fmt.Errorf("xlsx: cannot write %v", f)
	}
	return cell{kind: 'f', f: f}, nil
}

func dateCell(t time.Time) cell {
	if t.IsZero() {
		return cell{}
	}
	y, m, d := t.Date()
	return cell{kind: 'd', d: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// csvWriter writes UTF-8 CSV with a BOM, without which Excel takes the file
// for the local code page and garbles the Chinese.
type csvWriter struct {
	cw  *csv.Writer
	rec []string
}

func newCSVWriter(w io.Writer) (*csvWriter, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	// Line ends are \n, which every spreadsheet reads: csv.Writer's CRLF
	// mode would drop a lone \r from a cell.
	return &csvWriter{cw: csv.NewWriter(w)}, nil
}

func (w *csvWriter) Header(cols []string, _ ...float64) error {
	w.rec = w.rec[:0]
	for _, c := range cols {
		w.rec = append(w.rec, escapeCSV(c))
	}
	return w.write()
}

func (w *csvWriter) Row(cells ...any) error {
	w.rec = w.rec[:0]
	for _, v := range cells {
		c, err := toCell(v)
		if err != nil {
			return err
		}
		var s string
		switch c.kind {
		case 's':
			s = escapeCSV(c.s)
		case 'i':
			s = strconv.FormatInt(c.i, 10)
		case 'u':
			s = strconv.FormatUint(c.u, 10)
		case 'f':
			s = strconv.FormatFloat(c.f, 'f', -1, 64)
		case 'd':
			s = c.d.Format(time.DateOnly)
		}
		w.rec = append(w.rec, s)
	}
	return w.write()
}

func (w *csvWriter) write() error {
	if err := w.cw.Write(w.rec); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func (w *csvWriter) Close() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// escapeCSV puts a quote before text that a spreadsheet would run as a
// formula. Plain numbers (-5, +86) are left alone: they are not formulas.
func escapeCSV(s string) string {
	if s == "" || strings.IndexByte(formulaStarts, s[0]) < 0 || plainNumber(s) {
		return s
	}
	return "'" + s
}

func plainNumber(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	return whole != "" && allDigits(whole) && allDigits(frac) && (!dot || frac != "")
}

// xlsxWriter streams rows into a temporary file through excelize and zips
// them straight onto the output at Close.
type xlsxWriter struct {
	out         io.Writer
	f           *excelize.File
	sw          *excelize.StreamWriter
	sheet       string
	row         int
	headerStyle int
	dateStyle   int
	vals        []any
	cells       []excelize.Cell
	closed      bool
}

func newXLSXWriter(out io.Writer, sheet string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	w := &xlsxWriter{out: out, f: f, sheet: sheet}
	if err := w.init(); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

func (w *xlsxWriter) init() error {
	if w.sheet == "" {
		w.sheet = "Sheet1"
	}
	if w.sheet != "Sheet1" {
		if err := w.f.SetSheetName("Sheet1", w.sheet); err != nil {
			return fmt.Errorf("xlsx: sheet name %q: %w", w.sheet, err)
		}
	}
	var err error
	if w.headerStyle, err = w.f.NewStyle(headerStyle()); err != nil {
		return fmt.Errorf("xlsx: header style: %w", err)
	}
	if w.dateStyle, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")}); err != nil {
		return fmt.Errorf("xlsx: date style: %w", err)
	}
	if w.sw, err = w.f.NewStreamWriter(w.sheet); err != nil {
		return fmt.Errorf("xlsx: stream writer: %w", err)
	}
	return nil
}

func headerStyle() *excelize.Style {
	return &excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	}
}

func ptr[T any](v T) *T { return &v }

// Header sets the column widths, freezes the first row and writes it bold.
// It must come before any Row.
func (w *xlsxWriter) Header(cols []string, widths ...float64) error {
	if w.row > 0 {
		return errors.New("xlsx: Header after Row")
	}
	for i, c := range cols {
		width := fitWidth(c)
		if i < len(widths) && widths[i] > 0 {
			width = widths[i]
		}
		if err := w.sw.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("xlsx: column width: %w", err)
		}
	}
	if err := w.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: freeze header: %w", err)
	}
	w.vals = w.vals[:0]
	for _, c := range cols {
		w.vals = append(w.vals, excelize.Cell{StyleID: w.headerStyle, Value: c})
	}
	return w.setRow()
}

// fitWidth is a column width that shows s: CJK characters take two units.
func fitWidth(s string) float64 {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 {
			n++
		}
	}
	return float64(min(max(n+4, 10), 60))
}

func (w *xlsxWriter) Row(cells ...any) error {
	w.vals = w.vals[:0]
	if cap(w.cells) < len(cells) {
		w.cells = make([]excelize.Cell, len(cells))
	}
	w.cells = w.cells[:len(cells)]
	for i, v := range cells {
		c, err := toCell(v)
		if err != nil {
			return err
		}
		switch c.kind {
		case 0:
			w.vals = append(w.vals, nil)
			continue
		case 's':
			w.cells[i] = excelize.Cell{Value: c.s}
		case 'i':
			w.cells[i] = excelize.Cell{Value: c.i}
		case 'u':
			w.cells[i] = excelize.Cell{Value: c.u}
		case 'f':
			w.cells[i] = excelize.Cell{Value: c.f}
		case 'd':
			w.cells[i] = excelize.Cell{StyleID: w.dateStyle, Value: c.d}
		}
		w.vals = append(w.vals, &w.cells[i])
	}
	return w.setRow()
}

func (w *xlsxWriter) setRow() error {
	if w.row >= maxSheetRows {
		return fmt.Errorf("xlsx: more than %d rows, the most a worksheet holds; export CSV instead", maxSheetRows)
	}
	w.row++
	if err := w.sw.SetRow("A"+strconv.Itoa(w.row), w.vals); err != nil {
		return fmt.Errorf("xlsx: write row %d: %w", w.row, err)
	}
	return nil
}

func (w *xlsxWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	defer w.f.Close()
	if err := w.sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: flush: %w", err)
	}
	return writeZip(w.f, w.out)
}

// writeZip writes f straight to out. excelize's own WriteTo builds the whole
// zip in a bytes.Buffer first, which would make an export's memory grow
// with its rows; its ZipWriter hook lets the zip go to out instead, and the
// buffer stays empty.
func writeZip(f *excelize.File, out io.Writer) error {
	f.ZipWriter = func(io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(out)
		// Level 1 compresses worksheet XML nearly as well as the default
		// at several times the speed.
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(w, flate.BestSpeed)
		})
		return zw
	}
	if err := f.Write(out); err != nil {
		return fmt.Errorf("xlsx: write workbook: %w", err)
	}
	return nil
}
