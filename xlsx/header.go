package xlsx

import (
	"strings"
	"unicode"
)

// closing maps each opening bracket of a header note to its closing bracket.
var closing = map[rune]rune{
	'(': ')', '（': '）',
	'[': ']', '［': '］', '【': '】',
	'〔': '〕', '{': '}', '｛': '｝',
}

// NormalizeHeader returns the name a header is matched by: notes in brackets
// (ASCII or full-width: 党费基数(元), 党费基数（元）, 出生日期[必填]) removed,
// whitespace of any width and zero-width characters removed, full-width ASCII
// folded to half-width and lower-cased, and required-field stars (*姓名) and
// a trailing colon dropped.
func NormalizeHeader(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var stack []rune // closing brackets still expected
	for _, r := range s {
		if c, ok := closing[r]; ok {
			stack = append(stack, c)
			continue
		}
		if n := len(stack); n > 0 {
			if r == stack[n-1] {
				stack = stack[:n-1]
			}
			continue
		}
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff':
			continue
		case r >= '！' && r <= '～': // full-width ASCII block
			r -= '！' - '!'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(strings.Trim(b.String(), "*"), ":")
}

// HeaderMatch is the result of MatchHeaders.
type HeaderMatch struct {
	// Index maps each wanted header (as given) to its column, 0-based.
	Index map[string]int
	// Missing lists the wanted headers that are not in the file, in the
	// order wanted.
	Missing []string
	// Unknown lists the file's headers (as written) that match nothing
	// wanted, in file order. Empty headers and ErrorColumn are not listed.
	Unknown []string
	// Duplicate lists the file's headers (as written) whose name an earlier
	// column already has; Index points at the first of them.
	Duplicate []string
}

// OK reports whether every wanted header was found exactly once and nothing
// else is in the file.
func (m HeaderMatch) OK() bool {
	return len(m.Missing) == 0 && len(m.Unknown) == 0 && len(m.Duplicate) == 0
}

// MatchHeaders matches the headers of a file (got) against the headers a
// caller expects (want), in any order, by NormalizeHeader.
func MatchHeaders(got, want []string) HeaderMatch {
	m := HeaderMatch{Index: make(map[string]int, len(want))}
	first := make(map[string]int, len(got))
	for i, h := range got {
		k := NormalizeHeader(h)
		if k == "" {
			continue
		}
		if _, dup := first[k]; dup {
			m.Duplicate = append(m.Duplicate, h)
			continue
		}
		first[k] = i
	}
	wanted := make(map[string]bool, len(want))
	for _, w := range want {
		k := NormalizeHeader(w)
		wanted[k] = true
		if i, ok := first[k]; ok {
			m.Index[w] = i
		} else {
			m.Missing = append(m.Missing, w)
		}
	}
	// The column ErrorWorkbook adds is no stranger: a corrected error
	// workbook uploads as it is.
	errCol := NormalizeHeader(ErrorColumn)
	for i, h := range got {
		if k := NormalizeHeader(h); k != "" && k != errCol && !wanted[k] && first[k] == i {
			m.Unknown = append(m.Unknown, h)
		}
	}
	return m
}
