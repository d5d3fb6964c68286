package xlsx

// Reading .xlsx. excelize's row iterator decodes a worksheet with
// encoding/xml: 100,000 rows of 17 columns took 9 s of CPU (encoding/xml's
// tokenizer alone, 4 s), most of the 15 s an import may take. The parts of
// a workbook that hold rows are regular enough for the small scanner below,
// which reads the same rows in about a second. Tests check it against
// excelize on the same files.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	maxSheetCols  = 16_384   // Excel's column limit: XFD
	maxSmallPart  = 16 << 20 // workbook.xml and .rels files
	scanBufSize   = 256 << 10
	relWorksheet  = "/worksheet"
	relSharedStrs = "/sharedStrings"
)

// zipSheet streams the rows of the first worksheet of a workbook.
type zipSheet struct {
	rc  io.ReadCloser
	sc  *xmlScanner
	sst *stringTable

	inData, done bool
	row          int // number of the last row read
	text         []byte
	row1         []byte     // the texts of the current row's cells, end to end
	spans        []cellSpan // where each cell's text is in row1
	maxText      int        // bytes of a cell's text beyond which it is surely too long
}

// openXLSX checks the zip's central directory, then finds the first
// worksheet, the shared strings and the date system. The declared sizes
// are binding: archive/zip refuses to read past them.
func openXLSX(r io.ReaderAt, size int64, lim Limits) (source, bool, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, false, notSpreadsheet(err)
	}
	if err := checkZip(zr, lim); err != nil {
		return nil, false, err
	}
	parts := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		parts[strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))] = f
	}
	wbPath := "xl/workbook.xml"
	if rels, err := readRels(parts, "_rels/.rels"); err == nil {
		for _, rel := range rels {
			if strings.HasSuffix(rel.Type, "/officeDocument") {
				wbPath = resolvePart("", rel.Target)
			}
		}
	}
	if parts[strings.ToLower(wbPath)] == nil {
		return nil, false, notWorkbook(parts)
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXMLPart(parts, wbPath, &wb); err != nil {
		return nil, false, notSpreadsheet(err)
	}
	// Without the workbook's relationships, fall back to the names every
	// producer uses.
	sheetPath, sstPath := "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
	rels, err := readRels(parts, path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels"))
	if err == nil {
		sheetPath, sstPath = "", ""
	}
	for _, sh := range wb.Sheets {
		id := ""
		for _, a := range sh.Attrs {
			if a.Name.Local == "id" {
				id = a.Value
			}
		}
		for _, rel := range rels {
			if rel.ID == id && strings.HasSuffix(rel.Type, relWorksheet) {
				sheetPath = resolvePart(wbPath, rel.Target)
			}
		}
		if sheetPath != "" {
			break
		}
	}
	for _, rel := range rels {
		if strings.HasSuffix(rel.Type, relSharedStrs) {
			sstPath = resolvePart(wbPath, rel.Target)
		}
	}
	sheet := parts[strings.ToLower(sheetPath)]
	if sheet == nil {
		return nil, false, newError(ErrNotSpreadsheet, "工作簿中没有工作表")
	}
	sst := &stringTable{}
	if f := parts[strings.ToLower(sstPath)]; f != nil {
		if sst, err = readStringTable(f, lim); err != nil {
			return nil, false, err
		}
	}
	rc, err := sheet.Open()
	if err != nil {
		return nil, false, notSpreadsheet(err)
	}
	date1904 := wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	return &zipSheet{
		rc:      rc,
		sc:      newXMLScanner(rc, maxTokenBytes(lim.MaxCellRunes)),
		sst:     sst,
		maxText: utf8.UTFMax * lim.MaxCellRunes,
	}, date1904, nil
}

func notSpreadsheet(cause error) error {
	e := newError(ErrNotSpreadsheet, "文件不是有效的 .xlsx 工作簿（可能已损坏），请在 Excel 中另存为 .xlsx 后再上传")
	e.Err = cause
	return e
}

// notWorkbook names the kind of zip that was uploaded instead.
func notWorkbook(parts map[string]*zip.File) error {
	switch {
	case parts["content.xml"] != nil:
		return newError(ErrNotSpreadsheet, "这是 OpenDocument（.ods）文件，请在 WPS 或 Excel 中另存为 .xlsx 后再上传")
	case parts["word/document.xml"] != nil:
		return newError(ErrNotSpreadsheet, "这是 Word 文档，不是 Excel 表格")
	case parts["ppt/presentation.xml"] != nil:
		return newError(ErrNotSpreadsheet, "这是 PowerPoint 文档，不是 Excel 表格")
	}
	return newError(ErrNotSpreadsheet, "文件是压缩包，不是 Excel（.xlsx）工作簿")
}

func checkZip(zr *zip.Reader, lim Limits) error {
	if len(zr.File) > maxZipEntries {
		return newError(ErrZipBomb, "工作簿包含 %d 个部件，超过 %d 个上限", len(zr.File), maxZipEntries)
	}
	var total uint64
	for _, zf := range zr.File {
		u := zf.UncompressedSize64
		total += u
		if u > uint64(lim.MaxUnzipped) || total > uint64(lim.MaxUnzipped) {
			return newError(ErrZipBomb, "文件解压后超过 %s 上限，不予处理", sizeText(lim.MaxUnzipped))
		}
		if u > ratioFloor {
			ratio := u / max(zf.CompressedSize64, 1)
			if ratio > uint64(lim.MaxRatio) {
				return newError(ErrZipBomb, "文件的压缩比为 %d 倍，超过 %d 倍上限，疑似恶意构造的压缩文件", ratio, lim.MaxRatio)
			}
		}
	}
	return nil
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

func readRels(parts map[string]*zip.File, name string) ([]relationship, error) {
	var rels struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := readXMLPart(parts, name, &rels); err != nil {
		return nil, err
	}
	return rels.Rels, nil
}

// readXMLPart decodes a small part; encoding/xml expands no entities beyond
// XML's own, so a DOCTYPE cannot smuggle anything in.
func readXMLPart(parts map[string]*zip.File, name string, v any) error {
	f := parts[strings.ToLower(name)]
	if f == nil {
		return fmt.Errorf("part %s: missing", name)
	}
	if f.UncompressedSize64 > maxSmallPart {
		return fmt.Errorf("part %s: %d bytes", name, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("part %s: %w", name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("part %s: %w", name, err)
	}
	return nil
}

// resolvePart resolves a relationship target against the part that holds
// the relationship.
func resolvePart(from, target string) string {
	target = strings.ReplaceAll(target, "\\", "/")
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:])
	}
	return path.Clean(path.Join(path.Dir(from), target))
}

// stringTable is the shared strings, packed: string i is
// data[ends[i-1]:ends[i]]. One allocation for all the text instead of one
// per string keeps a table of millions of short strings small.
type stringTable struct {
	data []byte
	ends []uint32
}

func (t *stringTable) get(i int) ([]byte, bool) {
	if i < 0 || i >= len(t.ends) {
		return nil, false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.data[start:t.ends[i]], true
}

func readStringTable(f *zip.File, lim Limits) (*stringTable, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, notSpreadsheet(err)
	}
	defer rc.Close()
	t := &stringTable{data: make([]byte, 0, min(f.UncompressedSize64/2, 64<<20))}
	sc := newXMLScanner(rc, maxTokenBytes(lim.MaxCellRunes))
	var in, capture bool
	var rph, start int
	for {
		tok, err := sc.next()
		if errors.Is(err, errTokenTooLong) {
			return nil, newError(ErrCellTooLong, "有单元格超过 %d 字上限", lim.MaxCellRunes)
		}
		if err != nil {
			return nil, notSpreadsheet(err)
		}
		switch tok.kind {
		case tokEOF:
			return t, nil
		case tokText:
			if capture && rph == 0 {
				t.data = appendText(t.data, tok.text, tok.cdata)
				if len(t.data)-start > utf8.UTFMax*lim.MaxCellRunes {
					return nil, newError(ErrCellTooLong, "有单元格超过 %d 字上限", lim.MaxCellRunes)
				}
			}
		case tokStart:
			switch string(tok.name) {
			case "si":
				in, start = true, len(t.data)
				if tok.self {
					in = false
					t.ends = append(t.ends, uint32(len(t.data)))
				}
			case "t":
				capture = in && !tok.self
			case "rPh":
				if !tok.self {
					rph++
				}
			}
		case tokEnd:
			switch string(tok.name) {
			case "t":
				capture = false
			case "rPh":
				rph--
			case "si":
				if in {
					t.data = decodeXString(t.data, start)
					if len(t.data) > 1<<32-1 {
						return nil, newError(ErrZipBomb, "共享字符串超过 4 GB")
					}
					t.ends = append(t.ends, uint32(len(t.data)))
				}
				in = false
			}
		}
	}
}

// cellSpan locates a cell's text in zipSheet.row1.
type cellSpan struct{ col, start, end int }

// next returns the next <row> of sheetData with its number. The cells of a
// row are substrings of one string: one allocation a row, not one a cell.
func (s *zipSheet) next() ([]string, int, bool, error) {
	if s.done {
		return nil, 0, false, nil
	}
	var (
		num, col, rph       int
		inRow, inCell, inIS bool
		capture, hasV       bool
		typ                 byte // the cell's t attribute: 's', 'b', 'i'nlineStr or 0
		v                   []byte
	)
	for {
		tok, err := s.sc.next()
		if err != nil {
			return nil, 0, false, s.corrupt(err)
		}
		switch tok.kind {
		case tokEOF:
			s.done = true
			if inRow {
				return nil, 0, false, s.corrupt(io.ErrUnexpectedEOF)
			}
			return nil, 0, false, nil
		case tokText:
			if capture && rph == 0 {
				s.text = appendText(s.text, tok.text, tok.cdata)
				if len(s.text) > s.maxText {
					return nil, 0, false, s.corrupt(errTokenTooLong)
				}
			}
		case tokStart:
			if !s.inData {
				if string(tok.name) == "sheetData" {
					s.inData = true
					if tok.self {
						s.done = true
						return nil, 0, false, nil
					}
				}
				continue
			}
			switch string(tok.name) {
			case "row":
				num = s.row + 1
				if r := attr(tok.attrs, "r"); r != nil {
					n, err := strconv.Atoi(string(r))
					if err != nil || n < 1 || n > maxSheetRows {
						return nil, 0, false, s.corrupt(fmt.Errorf("row number %q", r))
					}
					num = n
				}
				s.row, inRow, col = num, true, -1
				s.row1, s.spans = s.row1[:0], s.spans[:0]
				if tok.self {
					return nil, num, true, nil
				}
			case "c":
				if !inRow {
					continue
				}
				col++
				if r := attr(tok.attrs, "r"); r != nil {
					c, ok := columnOf(r)
					if !ok {
						return nil, 0, false, s.corrupt(fmt.Errorf("cell reference %q", r))
					}
					col = c
				}
				if col >= maxSheetCols {
					return nil, 0, false, s.corrupt(fmt.Errorf("column %d", col))
				}
				switch string(attr(tok.attrs, "t")) {
				case "s":
					typ = 's'
				case "b":
					typ = 'b'
				case "inlineStr":
					typ = 'i'
				default: // n, str, e, d: the stored text as it is
					typ = 0
				}
				hasV, inCell, s.text = false, !tok.self, s.text[:0]
			case "v":
				if inCell && !inIS && !tok.self {
					capture, s.text = true, s.text[:0]
				}
			case "is":
				if inCell && !tok.self {
					inIS, s.text = true, s.text[:0]
				}
			case "t":
				capture = inIS && !tok.self
			case "rPh":
				if !tok.self {
					rph++
				}
			}
		case tokEnd:
			if !s.inData {
				continue
			}
			switch string(tok.name) {
			case "v":
				if capture {
					v, hasV, capture = s.text, true, false
				}
			case "t":
				capture = false
			case "rPh":
				rph--
			case "is":
				if inIS {
					v, hasV, inIS = s.text, true, false
				}
			case "c":
				if !inCell || !hasV {
					inCell = false
					continue
				}
				inCell = false
				start := len(s.row1)
				if s.row1, err = s.cellValue(s.row1, typ, v); err != nil {
					return nil, 0, false, err
				}
				if len(s.row1) > start {
					s.spans = append(s.spans, cellSpan{col, start, len(s.row1)})
				}
			case "row":
				if inRow {
					return s.cells(), num, true, nil
				}
			case "sheetData":
				s.done = true
				return nil, 0, false, nil
			}
		}
	}
}

// cells cuts the current row's cells out of one string.
func (s *zipSheet) cells() []string {
	if len(s.spans) == 0 {
		return nil
	}
	row := string(s.row1)
	n := 0
	for _, sp := range s.spans {
		n = max(n, sp.col+1)
	}
	cells := make([]string, n)
	for _, sp := range s.spans {
		cells[sp.col] = row[sp.start:sp.end]
	}
	return cells
}

// cellValue appends the text of a cell's stored value v to dst: the raw
// number (a date is its serial number), TRUE/FALSE, or the string, trimmed.
func (s *zipSheet) cellValue(dst []byte, typ byte, v []byte) ([]byte, error) {
	switch typ {
	case 's':
		i, err := strconv.Atoi(string(bytes.TrimSpace(v)))
		str, ok := s.sst.get(i)
		if err != nil || !ok {
			return dst, s.corrupt(fmt.Errorf("shared string %q", v))
		}
		return append(dst, bytes.TrimSpace(str)...), nil
	case 'b':
		switch string(bytes.TrimSpace(v)) {
		case "1":
			return append(dst, "TRUE"...), nil
		case "0":
			return append(dst, "FALSE"...), nil
		}
	}
	return append(dst, bytes.TrimSpace(decodeXString(v, 0))...), nil
}

func (s *zipSheet) corrupt(cause error) error {
	if errors.Is(cause, errTokenTooLong) {
		e := newError(ErrCellTooLong, "第 %d 行有单元格超过 %d 字上限", max(s.row, 1), s.maxText/utf8.UTFMax)
		e.Row = s.row
		return e
	}
	e := newError(ErrNotSpreadsheet, "工作表第 %d 行附近无法读取，文件可能已损坏", max(s.row, 1))
	e.Row, e.Err = s.row, cause
	return e
}

func (s *zipSheet) close() error {
	if err := s.rc.Close(); err != nil {
		return fmt.Errorf("close worksheet: %w", err)
	}
	return nil
}

// columnOf returns the 0-based column of a cell reference such as AB12.
func columnOf(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
		if col > maxSheetCols {
			return 0, false
		}
	}
	return col - 1, i > 0
}

// xmlScanner is a pull tokenizer for the regular XML of worksheets and
// shared strings: tags with attributes, text, CDATA; comments and
// processing instructions are skipped and a DOCTYPE is refused. It scans
// its own buffer, which grows to hold the longest token up to max.
type xmlScanner struct {
	src  io.Reader
	buf  []byte
	r, w int // unread bytes are buf[r:w]
	eof  bool
	err  error // a read error other than io.EOF
	max  int   // longest token; a longer one is errTokenTooLong
}

// errTokenTooLong stops the scanner before a huge cell is in memory.
var errTokenTooLong = errors.New("xml token too long")

// maxTokenBytes bounds a token for a cell limit of runes: a rune is at most
// 4 bytes and an entity at most 10 bytes of text per rune, plus room for
// tags with many attributes.
func maxTokenBytes(runes int) int { return 10*runes + 64<<10 }

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokText
	tokStart
	tokEnd
)

// token is valid until the next call of next.
type token struct {
	kind  tokenKind
	name  []byte // local name, prefix removed
	attrs []byte // raw attributes of a start tag
	self  bool   // <name/>
	text  []byte // raw text; entities not yet decoded unless cdata
	cdata bool
}

func newXMLScanner(r io.Reader, maxToken int) *xmlScanner {
	return &xmlScanner{src: r, buf: make([]byte, scanBufSize), max: maxToken}
}

// fill reads more input after buf[r:w], moving the unread bytes to the
// front or growing the buffer as needed. It reports whether it read any.
func (s *xmlScanner) fill() (bool, error) {
	if s.eof || s.err != nil {
		return false, s.err
	}
	if s.r > 0 {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	if s.w == len(s.buf) {
		if s.w > s.max {
			return false, errTokenTooLong
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for range 100 { // a reader may return 0, nil; don't spin forever
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if errors.Is(err, io.EOF) {
			s.eof = true
		} else if err != nil {
			s.err = err
		}
		if n > 0 || err != nil {
			return n > 0, s.err
		}
	}
	return false, io.ErrNoProgress
}

// index returns the offset from r of the first delim at or after r+from,
// reading more input as needed, or -1 at the end of the input.
func (s *xmlScanner) index(delim byte, from int) (int, error) {
	for {
		if i := bytes.IndexByte(s.buf[s.r+from:s.w], delim); i >= 0 {
			return from + i, nil
		}
		from = s.w - s.r
		more, err := s.fill()
		if err != nil {
			return -1, err
		}
		if !more {
			return -1, nil
		}
	}
}

func (s *xmlScanner) next() (token, error) {
	for {
		if s.r == s.w || s.buf[s.r] != '<' {
			i, err := s.index('<', 0)
			if err != nil {
				return token{}, err
			}
			if i < 0 {
				if len(bytes.TrimSpace(s.buf[s.r:s.w])) > 0 {
					return token{}, io.ErrUnexpectedEOF
				}
				s.r = s.w
				return token{kind: tokEOF}, nil
			}
			b := s.buf[s.r : s.r+i]
			s.r += i
			return token{kind: tokText, text: b}, nil
		}
		// A tag: buf[r] is '<'. Find the '>' that ends it, which for a
		// comment, CDATA or a quoted '>' is not the first.
		end, err := s.index('>', 1)
		if err != nil {
			return token{}, err
		}
		for {
			if end < 0 {
				return token{}, io.ErrUnexpectedEOF
			}
			if tagDone(s.buf[s.r+1 : s.r+end]) {
				break
			}
			if end, err = s.index('>', end+1); err != nil {
				return token{}, err
			}
		}
		b := s.buf[s.r+1 : s.r+end]
		s.r += end + 1
		switch {
		case len(b) == 0 || b[0] != '!' && b[0] != '?':
			// a tag: the common case
		case bytes.HasPrefix(b, []byte("!--")), b[0] == '?':
			continue
		case bytes.HasPrefix(b, []byte("![CDATA[")):
			return token{kind: tokText, text: b[8 : len(b)-2], cdata: true}, nil
		default:
			return token{}, errors.New("DOCTYPE or other declaration in a worksheet")
		}
		if len(b) > 0 && b[0] == '/' {
			return token{kind: tokEnd, name: localName(bytes.TrimSpace(b[1:]))}, nil
		}
		tok := token{kind: tokStart}
		if n := len(b); n > 0 && b[n-1] == '/' {
			tok.self, b = true, b[:n-1]
		}
		i := 0
		for i < len(b) && b[i] > ' ' {
			i++
		}
		tok.name, tok.attrs = localName(b[:i]), b[i:]
		if len(tok.name) == 0 {
			return token{}, errors.New("empty tag")
		}
		return tok, nil
	}
}

// tagDone reports whether the text between '<' and a '>' is a whole tag:
// the '>' is not inside a comment, CDATA or a quoted attribute value.
func tagDone(b []byte) bool {
	switch {
	case bytes.HasPrefix(b, []byte("!--")):
		return len(b) >= 5 && bytes.HasSuffix(b, []byte("--"))
	case bytes.HasPrefix(b, []byte("![CDATA[")):
		return bytes.HasSuffix(b, []byte("]]"))
	}
	return !openQuote(b)
}

// openQuote reports whether b ends inside a quoted attribute value.
func openQuote(b []byte) bool {
	if bytes.IndexByte(b, '\'') < 0 {
		return bytes.IndexByte(b, '"') >= 0 && bytes.Count(b, []byte{'"'})%2 == 1
	}
	var q byte
	for _, c := range b {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q != 0
}

func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// attr returns the raw value of the attribute whose local name is key, or
// nil. Attribute values of the parts read here hold no entities.
func attr(attrs []byte, key string) []byte {
	for {
		attrs = skipSpace(attrs)
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return nil
		}
		name := attrs[:eq]
		for len(name) > 0 && name[len(name)-1] <= ' ' {
			name = name[:len(name)-1]
		}
		name = localName(name)
		rest := skipSpace(attrs[eq+1:])
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return nil
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return nil
		}
		if string(name) == key {
			return rest[1 : 1+end]
		}
		attrs = rest[end+2:]
	}
}

func skipSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	return b
}

// appendText appends raw XML text to dst, decoding entities and turning
// line ends into \n as an XML parser must.
func appendText(dst, raw []byte, cdata bool) []byte {
	if cdata || bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return append(dst, raw...)
	}
	for len(raw) > 0 {
		c := raw[0]
		switch c {
		case '\r':
			dst = append(dst, '\n')
			if len(raw) > 1 && raw[1] == '\n' {
				raw = raw[1:]
			}
			raw = raw[1:]
			continue
		case '&':
			if end := bytes.IndexByte(raw, ';'); end > 1 && end < 12 {
				if r, ok := entity(raw[1:end]); ok {
					dst = utf8.AppendRune(dst, r)
					raw = raw[end+1:]
					continue
				}
			}
		}
		dst = append(dst, c)
		raw = raw[1:]
	}
	return dst
}

func entity(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if name[1] == 'x' || name[1] == 'X' {
		n, err = strconv.ParseUint(string(name[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(name[1:]), 10, 32)
	}
	if err != nil || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// decodeXString decodes, in b[from:], the _xHHHH_ escapes with which
// spreadsheets store control characters (_x000D_) and a literal "_x"
// (_x005F_x).
func decodeXString(b []byte, from int) []byte {
	if bytes.Index(b[from:], []byte("_x")) < 0 {
		return b
	}
	out := b[:from]
	src := append([]byte(nil), b[from:]...)
	for i := 0; i < len(src); {
		if i+7 <= len(src) && src[i] == '_' && src[i+1] == 'x' && src[i+6] == '_' {
			if n, err := strconv.ParseUint(string(src[i+2:i+6]), 16, 16); err == nil {
				out = utf8.AppendRune(out, rune(n))
				i += 7
				continue
			}
		}
		out = append(out, src[i])
		i++
	}
	return out
}
