package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
	"unicode/utf8"
)

// Limits bound what Open accepts. A zero field takes its default.
type Limits struct {
	MaxBytes     int64 // size of the upload
	MaxRows      int   // data rows, the header not counted
	MaxUnzipped  int64 // total unzipped size of an .xlsx
	MaxCellRunes int   // characters in one cell
	// MaxRatio is the largest compression ratio allowed for one part of an
	// .xlsx larger than 1 MiB unzipped. Real worksheets compress 5–30 times;
	// a bomb of repeated bytes, about 1000 times.
	MaxRatio int
}

// DefaultLimits returns limits that fit a roster of a county's organs with
// room to spare: 20 MiB, 200,000 rows, 200 MiB unzipped, 2,000 characters a
// cell, compression ratio 100.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:     20 << 20,
		MaxRows:      200_000,
		MaxUnzipped:  200 << 20,
		MaxCellRunes: 2000,
		MaxRatio:     100,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = d.MaxUnzipped
	}
	if l.MaxCellRunes <= 0 {
		l.MaxCellRunes = d.MaxCellRunes
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	return l
}

const (
	// ratioFloor exempts small parts from the ratio check: styles and
	// shared strings of a few KiB can legitimately compress very well.
	ratioFloor = 1 << 20
	// maxZipEntries bounds the parts of a workbook; real ones have dozens.
	maxZipEntries = 10_000
)

// Format names accepted by NewWriter and ContentType, and returned by
// Table.Format.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// Table is an open upload: its header and an iterator over its data rows.
// Close it to release temporary files.
type Table struct {
	src       source
	format    string
	header    []string
	headerRow int
	cols      map[string]int // header text and normalized name → column
	lim       Limits
	date1904  bool
	pending   *Row // the first data row, read by Open to report ErrNoRows
	cur       Row
	rows      int
	err       error
	closer    io.Closer // the file of OpenFile
}

// Row is one non-empty data row.
type Row struct {
	Num   int      // row number as a spreadsheet shows it (the header is row 1 when it is the first line)
	Cells []string // trimmed cell texts, by column
	cols  map[string]int
}

// Get returns the cell under the header named column, matched as by
// NormalizeHeader ("党费基数" finds a column headed 党费基数（元）), or "" if
// there is no such column or the row is short.
func (r Row) Get(column string) string {
	i, ok := r.cols[column]
	if !ok {
		i, ok = r.cols[NormalizeHeader(column)]
	}
	if !ok || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// source yields the rows of a sheet with their spreadsheet numbers.
type source interface {
	next() (cells []string, num int, ok bool, err error)
	close() error
}

// OpenFile opens the spreadsheet at path; Close closes the file too.
func OpenFile(path string, lim Limits) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	t, err := Open(f, fi.Size(), path, lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	t.closer = f
	return t, nil
}

// Open reads the header of an uploaded .xlsx or CSV file of size bytes. The
// format is told by content (a zip archive is a workbook, text is CSV); name
// only sharpens the message when the content is neither. Errors are *Error
// of the kinds ErrTooBig, ErrZipBomb, ErrNotSpreadsheet, ErrEmpty,
// ErrDuplicateHeader, ErrNoRows and ErrCellTooLong.
func Open(r io.ReaderAt, size int64, name string, lim Limits) (*Table, error) {
	lim = lim.withDefaults()
	if size > lim.MaxBytes {
		return nil, newError(ErrTooBig, "文件超过 %s 上限", sizeText(lim.MaxBytes))
	}
	if size <= 0 {
		return nil, newError(ErrEmpty, "文件是空的")
	}
	head := make([]byte, 8)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	head = head[:n]
	t := &Table{lim: lim}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		t.format = FormatXLSX
		t.src, t.date1904, err = openXLSX(r, size, lim)
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0")):
		err = newError(ErrNotSpreadsheet, "这是旧版 Excel（.xls）文件或加密的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后再上传")
	case bytes.HasPrefix(head, []byte("PK")):
		err = newError(ErrNotSpreadsheet, "文件不是有效的 .xlsx 工作簿")
	default:
		t.format = FormatCSV
		t.src, err = openCSV(r, size, name)
	}
	if err != nil {
		return nil, err
	}
	if err := t.readHeader(); err != nil {
		t.src.close()
		return nil, err
	}
	return t, nil
}

func (t *Table) readHeader() error {
	for {
		cells, num, ok, err := t.src.next()
		if err != nil {
			return err
		}
		if !ok {
			return newError(ErrEmpty, "文件没有表头：第一行应是列名")
		}
		if blank(cells) {
			continue
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		t.header, t.headerRow = cells, num
		break
	}
	if err := t.checkCells(t.header, t.headerRow); err != nil {
		return err
	}
	t.cols = make(map[string]int, 2*len(t.header))
	for i, h := range t.header {
		k := NormalizeHeader(h)
		if k == "" {
			continue
		}
		if j, dup := t.cols[k]; dup {
			e := newError(ErrDuplicateHeader, "表头「%s」重复（%s 列和 %s 列）", h, ColumnLetter(j), ColumnLetter(i))
			e.Row, e.Column = t.headerRow, h
			return e
		}
		t.cols[k] = i
		t.cols[h] = i
	}
	r, ok, err := t.read()
	if err != nil {
		return err
	}
	if !ok {
		return newError(ErrNoRows, "文件只有表头，没有数据行")
	}
	t.pending = &r
	return nil
}

// read returns the next non-empty row.
func (t *Table) read() (Row, bool, error) {
	for {
		cells, num, ok, err := t.src.next()
		if err != nil || !ok {
			return Row{}, false, err
		}
		if blank(cells) {
			continue
		}
		if err := t.checkCells(cells, num); err != nil {
			return Row{}, false, err
		}
		t.rows++
		if t.rows > t.lim.MaxRows {
			e := newError(ErrTooManyRows, "文件超过 %d 行上限", t.lim.MaxRows)
			e.Row = num
			return Row{}, false, e
		}
		return Row{Num: num, Cells: cells, cols: t.cols}, true, nil
	}
}

func (t *Table) checkCells(cells []string, num int) error {
	for i, c := range cells {
		if len(c) > t.lim.MaxCellRunes && utf8.RuneCountInString(c) > t.lim.MaxCellRunes {
			col := ColumnLetter(i) + " 列"
			if i < len(t.header) && t.header[i] != "" {
				col = "「" + t.header[i] + "」"
			}
			e := newError(ErrCellTooLong, "第 %d 行%s超过 %d 字上限", num, col, t.lim.MaxCellRunes)
			e.Row = num
			if i < len(t.header) {
				e.Column = t.header[i]
			}
			return e
		}
	}
	return nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

// Header returns the header texts as written, trimmed, trailing empty
// columns dropped.
func (t *Table) Header() []string { return slices.Clone(t.header) }

// HeaderRow returns the spreadsheet row number of the header.
func (t *Table) HeaderRow() int { return t.headerRow }

// Format returns FormatXLSX or FormatCSV, as detected.
func (t *Table) Format() string { return t.format }

// Column returns the 0-based index of the column headed name (matched as by
// NormalizeHeader).
func (t *Table) Column(name string) (int, bool) {
	i, ok := t.cols[name]
	if !ok {
		i, ok = t.cols[NormalizeHeader(name)]
	}
	return i, ok
}

// Match matches the table's header against the headers a caller expects.
func (t *Table) Match(want []string) HeaderMatch { return MatchHeaders(t.header, want) }

// ParseDate is ParseDate reading serial numbers in the workbook's date
// system (a workbook made on an old Mac counts days from 1904).
func (t *Table) ParseDate(s string) (y int, m time.Month, d int, err error) {
	return parseDate(s, t.date1904)
}

// Next advances to the next non-empty data row. It returns false at the
// end or on an error, which Err then returns.
func (t *Table) Next() bool {
	if t.err != nil {
		return false
	}
	if t.pending != nil {
		t.cur, t.pending = *t.pending, nil
		return true
	}
	r, ok, err := t.read()
	if err != nil {
		t.err = err
		return false
	}
	t.cur = r
	return ok
}

// Row returns the row Next advanced to. Its Cells are its own: keeping a Row
// is safe.
func (t *Table) Row() Row { return t.cur }

// Err returns the error that stopped Next, if any.
func (t *Table) Err() error { return t.err }

// Close releases the temporary files of a large workbook.
func (t *Table) Close() error {
	err := t.src.close()
	if t.closer != nil {
		if cerr := t.closer.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// ColumnLetter returns the spreadsheet name of the 0-based column i: A, B,
// …, Z, AA, ….
func ColumnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// sizeText writes a byte count as people read limits: 20 MB, 512 KB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}
