package xlsx

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxRows: 1000, MaxUnzipped: 8 << 20, MaxCellRunes: 200}

// FuzzReadCSV feeds arbitrary bytes to Open as a CSV upload: it must never
// panic, must fail only with an *Error or a wrapped read error, and every
// row it yields must be numbered upward and hold valid, trimmed UTF-8.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"姓名,性别\n张三,男\n",
		"\ufeff姓名,党费基数（元）\r\n张三,\"3,500.50\"\r\n",
		"\xd0\xd5\xc3\xfb,\xd0\xd4\xb1\xf0\n\xd5\xc5\xc8\xfd,\xc4\xd0\n", // GB18030
		"\xff\xfe" + "a\x00\t\x00b\x00\n\x001\x00\t\x002\x00\n\x00",      // UTF-16LE
		"a\tb\n1\t2\n",
		"\n\n姓名\n\n张三\n,,\n\"多\n行\"\n",
		"a,\"b\nc,d\n",
		"a,b\"c\"d,e\n1,2,3\n",
		"'=1,'+2\n'-3,'@4\n",
		"<html>",
		"%PDF-1.4",
		"",
		"\x00\x01\x02",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("PK")) {
			return // a zip is FuzzReadXLSX's job
		}
		checkTable(t, data)
	})
}

// FuzzReadXLSX wraps arbitrary worksheet XML in a workbook: the scanner
// must never panic or hang, whatever the XML.
func FuzzReadXLSX(f *testing.F) {
	for _, s := range []string{
		`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>`,
		`<row><c t="s"><v>0</v></c></row><row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row>`,
		`<x:row r="3"><x:c><x:v>&lt;&#x4E00;&amp;</x:v></x:c></x:row><row r="4" a='>'><c r="XFD4"><v>_x000D_</v></c></row>`,
		`<row r="1"><c t="inlineStr"><is><r><t><![CDATA[a<b]]></t></r><rPh><t>x</t></rPh></is></c></row><!-- c --><row r="2"><c><v>2</v></c></row>`,
		`<row r="1"><c><v>1`,
		`<row r="0"/>`,
		`<!DOCTYPE a>`,
	} {
		f.Add(s, `<sst><si><t>a</t></si><si><r><t>b</t></r></si></sst>`)
	}
	f.Fuzz(func(t *testing.T, rows, sst string) {
		data := buildZip(t, workbookParts(sheetXML(rows), sst, false)...)
		checkTable(t, data)
	})
}

func checkTable(t *testing.T, data []byte) {
	t.Helper()
	tb, err := openBytes(data, "fuzz", fuzzLimits)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Open: %v is not an *Error", err)
		}
		return
	}
	defer tb.Close()
	last := tb.HeaderRow()
	rows := 0
	for tb.Next() {
		r := tb.Row()
		rows++
		if r.Num <= last && tb.Format() == FormatCSV {
			t.Fatalf("row %d follows row %d", r.Num, last)
		}
		last = r.Num
		for _, c := range r.Cells {
			if !utf8.ValidString(c) || c != strings.TrimSpace(c) || utf8.RuneCountInString(c) > fuzzLimits.MaxCellRunes {
				t.Fatalf("cell %q", c)
			}
		}
		_ = r.Get(tb.Header()[0])
	}
	if rows > fuzzLimits.MaxRows {
		t.Fatalf("%d rows over the limit", rows)
	}
	if err := tb.Err(); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Err: %v is not an *Error", err)
		}
	}
}

// FuzzParseDate: no panic; an accepted date is a real date that reads back
// the same when written yyyy-mm-dd.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-05-01", "2024/5/1", "2024.5.1", "2024年5月1日", "20240501", "45413", "45413.5", "60", "61", "2024-02-30", "", "２０２４－０５－０１", "9999999", "2024-05-01T08:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, m, d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidValue) {
				t.Fatalf("ParseDate(%q): %v is not ErrInvalidValue", s, err)
			}
			return
		}
		tm := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if tm.Year() != y || tm.Month() != m || tm.Day() != d {
			t.Fatalf("ParseDate(%q) = %d-%d-%d, not a date", s, y, m, d)
		}
		y2, m2, d2, err := ParseDate(tm.Format(time.DateOnly))
		if err != nil || y2 != y || m2 != m || d2 != d {
			t.Fatalf("ParseDate(%q) = %v, which reads back as %d-%d-%d, %v", s, tm, y2, m2, d2, err)
		}
	})
}

// FuzzParseYuanToFen: no panic, no negative amounts.
func FuzzParseYuanToFen(f *testing.F) {
	for _, s := range []string{"3,500.50", "0.1", "-1", "1.005", "3500.5000000000001", "¥1元", "92233720368547758.07", "9e999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fen, err := ParseYuanToFen(s)
		if err == nil && fen < 0 {
			t.Fatalf("ParseYuanToFen(%q) = %d", s, fen)
		}
	})
}
