package xlsx

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Excel's serial day numbers. Day 1 is 1900-01-01, and day 60 is the
// 1900-02-29 that Lotus 1-2-3 invented and Excel kept, so from day 61 on the
// true date is day n counted from 1899-12-30. A 1904-based workbook counts
// from 1904-01-01 = day 0, which is day 1462 of the 1900 system.
const (
	serialLeapBug   = 60
	serialMax       = 2958465 // 9999-12-31
	serial1904Shift = 1462
)

// ParseDate reads a calendar date as people and spreadsheets write it:
// 2024-05-01, 2024-5-1, 2024/5/1, 2024.5.1, 2024年5月1日, 20240501, an ISO
// date-time (the time is ignored), or an Excel serial day number such as
// 45413 or 45413.5 (the fraction, a time of day, is ignored). Full-width
// digits are accepted. Impossible dates (2024-02-30, serial 60) are errors
// with a Chinese message.
func ParseDate(s string) (y int, m time.Month, d int, err error) {
	return parseDate(s, false)
}

func parseDate(s string, date1904 bool) (int, time.Month, int, error) {
	orig := strings.TrimSpace(s)
	s = foldWidth(orig)
	if s == "" {
		return 0, 0, 0, valueError("日期为空")
	}
	if strings.Contains(s, "年") {
		s = strings.ReplaceAll(s, " ", "") // 2024 年 5 月 1 日
	}
	// Drop a time of day: "2024-05-01 08:30:00", "2024-05-01T08:30:00Z".
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	if isSerial(s) {
		return parseSerial(orig, s, date1904)
	}
	var parts []string
	switch {
	case len(s) == 8 && allDigits(s):
		parts = []string{s[:4], s[4:6], s[6:]}
	case strings.Contains(s, "年"):
		rest, ok := strings.CutSuffix(s, "日")
		if !ok {
			rest, _ = strings.CutSuffix(s, "号")
		}
		parts = strings.FieldsFunc(rest, func(r rune) bool { return r == '年' || r == '月' })
		if strings.Count(rest, "年") != 1 || strings.Count(rest, "月") != 1 {
			parts = nil
		}
	default:
		for _, sep := range []string{"-", "/", "."} {
			if strings.Contains(s, sep) {
				parts = strings.Split(s, sep)
				break
			}
		}
	}
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
		return 0, 0, 0, valueError("无法识别的日期「%s」，请写成 2024-05-01", orig)
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || !allDigits(p) {
			return 0, 0, 0, valueError("无法识别的日期「%s」，请写成 2024-05-01", orig)
		}
		n[i], _ = strconv.Atoi(p)
	}
	y, m, d := n[0], time.Month(n[1]), n[2]
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if y < 1 || t.Year() != y || t.Month() != m || t.Day() != d {
		return 0, 0, 0, valueError("日期「%s」不存在", orig)
	}
	return y, m, d, nil
}

// isSerial reports whether s looks like a serial day number: up to 7 digits
// (8 digits are yyyymmdd) with an optional fraction. A 4-digit number that
// reads as a year (1900–2199, "2024" or "2024.5") is taken for an incomplete
// date, not for a day in 1905.
func isSerial(s string) bool {
	i, f, _ := strings.Cut(s, ".")
	if i == "" || len(i) > 7 || !allDigits(i) || !allDigits(f) {
		return false
	}
	if len(i) == 4 && i >= "1900" && i <= "2199" {
		return false
	}
	return true
}

func parseSerial(orig, s string, date1904 bool) (int, time.Month, int, error) {
	whole, _, _ := strings.Cut(s, ".")
	n, _ := strconv.Atoi(whole)
	if date1904 {
		n += serial1904Shift
	}
	switch {
	case n == serialLeapBug:
		return 0, 0, 0, valueError("日期「%s」不存在（Excel 的 1900-02-29）", orig)
	case n < 1 || n > serialMax:
		return 0, 0, 0, valueError("无法识别的日期「%s」，请写成 2024-05-01", orig)
	case n < serialLeapBug:
		n++ // days 1–59 are counted from 1899-12-31
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	return t.Year(), t.Month(), t.Day(), nil
}

// ParseBool reads yes/no as people write it: 是/否, Y/N, yes/no, true/false
// (any case, which covers Excel's TRUE/FALSE), 1/0, 对/错 and √/×.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(foldWidth(strings.TrimSpace(s))) {
	case "是", "y", "yes", "true", "1", "对", "√", "✓", "✔":
		return true, nil
	case "否", "n", "no", "false", "0", "错", "×", "✗", "✘":
		return false, nil
	case "":
		return false, valueError("是/否为空")
	}
	return false, valueError("无法识别的是/否「%s」，请填“是”或“否”", strings.TrimSpace(s))
}

// ParseYuanToFen reads an amount of money in yuan (3500, 3,500.50, ¥3500.5,
// 3500元) and returns it in fen. More than two decimals and negative amounts
// are errors. A tail of binary noise such as 3500.5000000000001, which is
// how a spreadsheet stores a computed 3500.5, is rounded to the 15
// significant digits a spreadsheet shows.
func ParseYuanToFen(s string) (int64, error) {
	orig := strings.TrimSpace(s)
	v := foldWidth(orig)
	v = strings.TrimPrefix(strings.TrimPrefix(v, "¥"), "￥")
	v = strings.TrimSpace(strings.TrimSuffix(v, "元"))
	if v == "" {
		return 0, valueError("金额为空")
	}
	if strings.HasPrefix(v, "-") {
		return 0, valueError("金额「%s」不能为负数", orig)
	}
	v = strings.TrimPrefix(v, "+")
	whole, frac, _ := strings.Cut(v, ".")
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if i == 0 && (len(g) < 1 || len(g) > 3) || i > 0 && len(g) != 3 {
				return 0, valueError("无法识别的金额「%s」", orig)
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, valueError("无法识别的金额「%s」", orig)
	}
	if len(frac) > 2 {
		significant := len(strings.TrimLeft(whole+frac, "0"))
		if significant <= 15 {
			return 0, valueError("金额「%s」最多两位小数", orig)
		}
		f, err := strconv.ParseFloat(whole+"."+frac, 64)
		if err != nil {
			return 0, valueError("无法识别的金额「%s」", orig)
		}
		f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
		whole, frac, _ = strings.Cut(strconv.FormatFloat(f, 'f', -1, 64), ".")
		if len(frac) > 2 {
			return 0, valueError("金额「%s」最多两位小数", orig)
		}
	}
	frac += strings.Repeat("0", 2-len(frac))
	if whole == "" {
		whole = "0"
	}
	cents, _ := strconv.ParseInt(frac, 10, 64)
	yuan, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || yuan > (math.MaxInt64-cents)/100 {
		return 0, valueError("金额「%s」过大", orig)
	}
	return yuan*100 + cents, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// foldWidth turns full-width ASCII (２０２４－０５－０１, typed with a Chinese
// input method) into half-width, and the ideographic space into a space.
func foldWidth(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= '！' && r <= '～' || r == '　' }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - ('！' - '!')
		case r == '　':
			return ' '
		}
		return r
	}, s)
}
