package xlsx

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-05-01":          "2024-05-01",
		"2024-5-1":            "2024-05-01",
		"2024/5/1":            "2024-05-01",
		"2024/05/01":          "2024-05-01",
		"2024.5.1":            "2024-05-01",
		"2024年5月1日":           "2024-05-01",
		"2024年05月01日":         "2024-05-01",
		"2024 年 5 月 1 日":      "2024-05-01",
		"2024年5月1号":           "2024-05-01",
		"20240501":            "2024-05-01",
		"２０２４－０５－０１":          "2024-05-01",
		" 2024-05-01 ":        "2024-05-01",
		"2024-05-01 08:30:00": "2024-05-01",
		"2024-05-01T00:00:00": "2024-05-01",
		"2024-02-29":          "2024-02-29",
		"45413":               "2024-05-01",
		"45413.0":             "2024-05-01",
		"45413.75":            "2024-05-01",
		"45413.":              "2024-05-01",
		"1":                   "1900-01-01",
		"59":                  "1900-02-28",
		"61":                  "1900-03-01",
		"32939":               "1990-03-07",
		"2958465":             "9999-12-31",
	} {
		y, m, d, err := ParseDate(in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", in, err)
			continue
		}
		if got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly); got != want {
			t.Errorf("ParseDate(%q) = %s, want %s", in, got, want)
		}
	}
	for in, msg := range map[string]string{
		"":            "日期为空",
		"2024-02-30":  "日期「2024-02-30」不存在",
		"2023-02-29":  "不存在",
		"2024-13-01":  "不存在",
		"2024-00-10":  "不存在",
		"2024年2月30日":  "不存在",
		"20240230":    "不存在",
		"60":          "1900-02-29",
		"0":           "无法识别",
		"2958466":     "无法识别",
		"-5":          "无法识别",
		"2024":        "无法识别", // a year, not serial day 2024 of 1905
		"2024.5":      "无法识别",
		"24-5-1":      "无法识别",
		"5/1/2024":    "无法识别",
		"2024-5":      "无法识别",
		"2024年5月":     "无法识别",
		"2024-05-01x": "无法识别",
		"abc":         "无法识别",
		"2024--5":     "无法识别",
		"1e5":         "无法识别",
	} {
		_, _, _, err := ParseDate(in)
		if err == nil {
			t.Errorf("ParseDate(%q): no error", in)
			continue
		}
		if !errors.Is(err, ErrInvalidValue) || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseDate(%q) = %v, want ErrInvalidValue saying %q", in, err, msg)
		}
	}
}

func TestParseDate1904(t *testing.T) {
	// Day 0 of the 1904 system is 1904-01-01.
	y, m, d, err := parseDate("0", true)
	if err != nil || y != 1904 || m != 1 || d != 1 {
		t.Errorf("1904 day 0 = %d-%d-%d, %v; want 1904-1-1", y, m, d, err)
	}
	// Text dates do not depend on the date system.
	if y, _, _, err := parseDate("2024-05-01", true); err != nil || y != 2024 {
		t.Errorf("text date in a 1904 workbook = %d, %v", y, err)
	}
}

func TestParseBool(t *testing.T) {
	for _, in := range []string{"是", "Y", "y", "yes", "YES", "true", "TRUE", "True", "1", "对", "√", " 是 ", "Ｙ"} {
		if v, err := ParseBool(in); err != nil || !v {
			t.Errorf("ParseBool(%q) = %v, %v; want true", in, v, err)
		}
	}
	for _, in := range []string{"否", "N", "n", "no", "false", "FALSE", "0", "错", "×"} {
		if v, err := ParseBool(in); err != nil || v {
			t.Errorf("ParseBool(%q) = %v, %v; want false", in, v, err)
		}
	}
	for _, in := range []string{"", "2", "是的", "maybe"} {
		if _, err := ParseBool(in); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("ParseBool(%q): err = %v, want ErrInvalidValue", in, err)
		}
	}
}

func TestParseYuanToFen(t *testing.T) {
	for in, want := range map[string]int64{
		"3500":                 350000,
		"3,500.50":             350050,
		"3500.5":               350050,
		"0.1":                  10,
		".5":                   50,
		"5.":                   500,
		"0":                    0,
		"1,234,567.89":         123456789,
		"¥3500":                350000,
		"￥3,500.5元":            350050,
		"３５００．５":               350050,
		" 12.30 ":              1230,
		"+12":                  1200,
		"3500.5000000000001":   350050, // binary noise of a computed 3500.5
		"0.30000000000000004":  30,
		"92233720368547758.07": 9223372036854775807,
	} {
		got, err := ParseYuanToFen(in)
		if err != nil || got != want {
			t.Errorf("ParseYuanToFen(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"":                     "金额为空",
		"-1":                   "不能为负数",
		"-0.5":                 "不能为负数",
		"1.005":                "最多两位小数",
		"12.345":               "最多两位小数",
		"35,00":                "无法识别",
		"1,2345":               "无法识别",
		",100":                 "无法识别",
		"1.2.3":                "无法识别",
		"abc":                  "无法识别",
		"1e3":                  "无法识别",
		".":                    "无法识别",
		"92233720368547758.08": "过大",
		"99999999999999999999": "过大",
	} {
		_, err := ParseYuanToFen(in)
		if !errors.Is(err, ErrInvalidValue) || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseYuanToFen(%q) = %v, want ErrInvalidValue saying %q", in, err, msg)
		}
	}
}
