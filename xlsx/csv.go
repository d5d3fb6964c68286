package xlsx

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a text file decides its encoding and delimiter.
const sniffSize = 64 << 10

// csvSource reads CSV records and numbers them as a spreadsheet shows them:
// a blank line is a row too, and a quoted field spanning lines is one row.
type csvSource struct {
	cr      *csv.Reader
	num     int  // row number of the last record
	endLine int  // line on which the last record ended
	checkUT bool // cells may hold invalid UTF-8 (undecoded input)
}

// binaryMagic are the openings of files people upload by mistake.
var binaryMagic = [][]byte{
	[]byte("%PDF"), []byte("\x89PNG"), []byte("\xff\xd8\xff"), []byte("GIF8"),
	[]byte("Rar!"), []byte("\x1f\x8b"), []byte("7z\xbc\xaf"), []byte("{\\rtf"),
}

func openCSV(r io.ReaderAt, size int64, name string) (source, error) {
	br := bufio.NewReaderSize(io.NewSectionReader(r, 0, size), sniffSize)
	head, _ := br.Peek(sniffSize) // fewer bytes at the end of a small file
	var text io.Reader = br
	checkUT := false
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = br.Discard(3)
		checkUT = true
	case bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")):
		// Excel's "Unicode text" is UTF-16 with a BOM, tab-separated.
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
	case looksBinary(head):
		return nil, notTable(name)
	case validUTF8Prefix(head, len(head) == sniffSize):
		checkUT = true
	default:
		text = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	tb := bufio.NewReaderSize(text, sniffSize)
	dhead, _ := tb.Peek(sniffSize)
	if looksBinary(dhead) {
		return nil, notTable(name)
	}
	if t := bytes.TrimLeft(dhead, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '<' {
		return nil, newError(ErrNotSpreadsheet, "文件是网页或 XML 格式（常见于其他系统导出的“.xls”），请在 Excel 中另存为 .xlsx 后再上传")
	}
	cr := csv.NewReader(tb)
	cr.Comma = sniffDelimiter(dhead)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	return &csvSource{cr: cr, checkUT: checkUT}, nil
}

func notTable(name string) error {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case "", ".csv", ".txt", ".tsv", ".xlsx", ".xls":
		return newError(ErrNotSpreadsheet, "文件不是 Excel（.xlsx）或 CSV 表格")
	}
	return newError(ErrNotSpreadsheet, "不支持 %s 文件，请上传 Excel（.xlsx）或 CSV 表格", ext)
}

// looksBinary reports whether b is not text: a known binary opening, a NUL
// byte, or more than 1% control characters.
func looksBinary(b []byte) bool {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(b, m) {
			return true
		}
	}
	controls := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1a:
			controls++
		}
	}
	return controls*100 > len(b)
}

// validUTF8Prefix reports whether b is UTF-8; when more follows, a
// character cut at the end of b does not count against it.
func validUTF8Prefix(b []byte, more bool) bool {
	if more {
		i := len(b) - 1
		for i > 0 && i > len(b)-utf8.UTFMax && !utf8.RuneStart(b[i]) {
			i--
		}
		if i >= 0 && !utf8.FullRune(b[i:]) {
			b = b[:i]
		}
	}
	return utf8.Valid(b)
}

// sniffDelimiter returns a tab when the first non-blank line has tabs and no
// commas (Excel's "text" export), a comma otherwise.
func sniffDelimiter(b []byte) rune {
	for len(b) > 0 {
		line, rest, _ := bytes.Cut(b, []byte("\n"))
		b = rest
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if bytes.IndexByte(line, '\t') >= 0 && bytes.IndexByte(line, ',') < 0 {
			return '\t'
		}
		break
	}
	return ','
}

func (s *csvSource) next() ([]string, int, bool, error) {
	rec, err := s.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, false, nil
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			num := s.num + max(pe.StartLine-s.endLine, 1)
			e := newError(ErrNotSpreadsheet, "CSV 文件第 %d 行格式有误", num)
			e.Row, e.Err = num, err
			return nil, 0, false, e
		}
		return nil, 0, false, fmt.Errorf("read csv: %w", err)
	}
	line, _ := s.cr.FieldPos(0)
	num := line
	if s.endLine > 0 {
		num = s.num + line - s.endLine
	}
	end := line
	for i, c := range rec {
		end += strings.Count(c, "\n")
		if s.checkUT && !utf8.ValidString(c) {
			c = strings.ToValidUTF8(c, "\ufffd")
		}
		rec[i] = unescapeCSV(strings.TrimSpace(c))
	}
	s.num, s.endLine = num, end
	return rec, num, true, nil
}

func (s *csvSource) close() error { return nil }

// unescapeCSV undoes the quote that escapeCSV puts before a would-be
// formula, so an export imports back unchanged.
func unescapeCSV(c string) string {
	if len(c) >= 2 && c[0] == '\'' && strings.IndexByte(formulaStarts, c[1]) >= 0 {
		return strings.TrimSpace(c[1:])
	}
	return c
}
