package dangjian

import (
	"fmt"
	"strconv"
	"strings"
)

// numMeetingKinds is the number of meeting kinds, len(MeetingKinds).
const numMeetingKinds = 8

// meetingKindIndex is the place of kind in MeetingKinds, or -1.
func meetingKindIndex(kind string) int {
	switch kind {
	case MeetingAssembly:
		return 0
	case MeetingCommittee:
		return 1
	case MeetingGroup:
		return 2
	case MeetingLecture:
		return 3
	case MeetingThemeDay:
		return 4
	case MeetingLifeMeeting:
		return 5
	case MeetingDemocraticLifeMeeting:
		return 6
	case MeetingOther:
		return 7
	}
	return -1
}

// YearCounts is, for one organization and one year, the meetings that
// count by kind and month: the same numbers as MeetingCounts, in fixed
// arrays, packed into one row of org_year_counts so that a roll-up reads
// one short text per organization instead of one row per kind and month.
//
// Packed, it is the kinds in MeetingKinds order, each as
// kind=jan,feb,…, with trailing zero months left out, separated by ";"
// and kinds with no meeting left out: "assembly=1,0,0,1;theme_day=1,1,1".
// Nothing at all packs to "".
type YearCounts struct {
	n [numMeetingKinds][12]int
}

// Add adds d to kind in month (1–12); it reports false, changing nothing,
// for an unknown kind or month.
func (c *YearCounts) Add(kind string, month, d int) bool {
	k := meetingKindIndex(kind)
	if k < 0 || month < 1 || month > 12 {
		return false
	}
	c.n[k][month-1] += d
	return true
}

// Get returns the count of kind in month (1–12); 0 for an unknown kind or
// month.
func (c *YearCounts) Get(kind string, month int) int {
	k := meetingKindIndex(kind)
	if k < 0 || month < 1 || month > 12 {
		return 0
	}
	return c.n[k][month-1]
}

// sum is the count of kind index k from month first to last, inclusive.
func (c *YearCounts) sum(k, first, last int) int {
	n := 0
	for m := first; m <= last; m++ {
		n += c.n[k][m-1]
	}
	return n
}

// Reset sets every count to zero.
func (c *YearCounts) Reset() { *c = YearCounts{} }

// MeetingCounts is c as kind → month ("2026-03") → count, without the
// zeros, for the general compliance engine.
func (c *YearCounts) MeetingCounts(year int) MeetingCounts {
	out := MeetingCounts{}
	for k, kind := range MeetingKinds {
		for m, n := range c.n[k] {
			if n == 0 {
				continue
			}
			if out[kind] == nil {
				out[kind] = map[string]int{}
			}
			out[kind][fmt.Sprintf("%04d-%02d", year, m+1)] = n
		}
	}
	return out
}

// YearCountsOf picks year out of mc; months of other years, unknown kinds
// and malformed months are left out.
func YearCountsOf(mc MeetingCounts, year int) YearCounts {
	var c YearCounts
	for kind, months := range mc {
		for month, n := range months {
			if y, m, ok := ParseMonth(month); ok && y == year {
				c.Add(kind, m, n)
			}
		}
	}
	return c
}

// ParseMonth splits a month written YYYY-MM.
func ParseMonth(s string) (year, month int, ok bool) {
	if len(s) != 7 || s[4] != '-' {
		return 0, 0, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return 0, 0, false
	}
	return y, m, true
}

// String packs c.
func (c *YearCounts) String() string {
	var b []byte
	for k := range c.n {
		last := -1
		for m, n := range c.n[k] {
			if n != 0 {
				last = m
			}
		}
		if last < 0 {
			continue
		}
		if len(b) > 0 {
			b = append(b, ';')
		}
		b = append(b, MeetingKinds[k]...)
		b = append(b, '=')
		for m := 0; m <= last; m++ {
			if m > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(c.n[k][m]), 10)
		}
	}
	return string(b)
}

// Parse sets c to the packed counts s; c is reset first. It allocates
// nothing but an error, so that a roll-up can reuse one YearCounts for
// every row.
func (c *YearCounts) Parse(s string) error {
	c.Reset()
	i := 0
	for i < len(s) {
		eq := strings.IndexByte(s[i:], '=')
		if eq < 0 {
			return fmt.Errorf("year counts %q: no '=' after the kind", s[i:])
		}
		k := meetingKindIndex(s[i : i+eq])
		if k < 0 {
			return fmt.Errorf("year counts: unknown meeting kind %q", s[i:i+eq])
		}
		i += eq + 1
		for m := 0; ; m++ {
			if m == 12 {
				return fmt.Errorf("year counts %q: more than 12 months", s)
			}
			neg := i < len(s) && s[i] == '-'
			if neg {
				i++
			}
			n, digits := 0, 0
			for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
				n = n*10 + int(s[i]-'0')
				digits++
			}
			if digits == 0 || digits > 9 {
				return fmt.Errorf("year counts %q: bad count at byte %d", s, i)
			}
			if neg {
				n = -n
			}
			c.n[k][m] = n
			if i == len(s) {
				return nil
			}
			sep := s[i]
			i++
			if sep == ';' {
				if i == len(s) {
					return fmt.Errorf("year counts %q: ends with ';'", s)
				}
				break
			}
			if sep != ',' {
				return fmt.Errorf("year counts %q: unexpected %q at byte %d", s, sep, i-1)
			}
		}
	}
	return nil
}

// ParseYearCounts unpacks s.
func ParseYearCounts(s string) (YearCounts, error) {
	var c YearCounts
	err := c.Parse(s)
	return c, err
}
