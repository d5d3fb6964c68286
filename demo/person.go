package demo

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
)

// picker draws from a weighted table.
type picker struct {
	vals []string
	cum  []int
}

func newPicker(t []weighted) picker {
	p := picker{vals: make([]string, len(t)), cum: make([]int, len(t))}
	sum := 0
	for i, x := range t {
		sum += x.w
		p.vals[i], p.cum[i] = x.v, sum
	}
	return p
}

func (p picker) pick(rng *rand.Rand) string {
	r := rng.IntN(p.cum[len(p.cum)-1])
	return p.vals[sort.SearchInts(p.cum, r+1)]
}

// epoch is the earliest birth date the generator gives.
var epoch = dangjian.NewDate(1940, 1, 1)

// idSeqs is how many sequence codes (顺序码) one region, birth date and
// gender have: 000–999, odd for men and even for women.
const idSeqs = 500

// people makes members: names, dates and ID numbers that agree with each
// other and with the rules a member record must pass.
type people struct {
	rng       *rand.Rand
	today     dangjian.Date
	codes     []string // region codes; codes[0] is the county's own
	surname   picker
	ethnicity picker
	eduOld    picker
	eduYoung  picker
	// used counts the ID numbers given per birth day, gender and region,
	// so every number is unique without remembering the numbers: a fixed
	// few MB whatever the number of members.
	used []uint16
	days int
}

func newPeople(rng *rand.Rand, today dangjian.Date, codes []string) *people {
	days := epoch.DaysUntil(today) + 1
	return &people{
		rng: rng, today: today, codes: codes,
		surname: newPicker(surnames), ethnicity: newPicker(ethnicities),
		eduOld: newPicker(educationOld), eduYoung: newPicker(educationYoung),
		used: make([]uint16, days*2*len(codes)), days: days,
	}
}

// kind of person a branch needs.
type personKind int

const (
	staff   personKind = iota // serving staff, 23–60
	leader                    // a leading cadre, 38–58
	senior                    // an office's head, 32–58
	retiree                   // retired, born 1945–1964
)

// person returns a new member of the given kind; female is the share of
// women where they work. Status is full; the caller makes some
// probationary with probation().
func (p *people) person(kind personKind, female float64) *dangjian.Member {
	r := p.rng
	m := &dangjian.Member{Gender: "male", Status: dangjian.StatusFull, PartyAffairs: dangjian.PartyAffairsNone, Active: true}
	if r.Float64() < female {
		m.Gender = "female"
	}
	switch kind {
	case leader:
		m.BirthDate = p.today.AddDays(-(38*365 + r.IntN(20*365)))
	case senior:
		m.BirthDate = p.today.AddDays(-(32*365 + r.IntN(26*365)))
	case retiree:
		m.BirthDate = dangjian.NewDate(1945, 1, 1).AddDays(r.IntN(20 * 365))
	default:
		// The mean of two draws puts more staff in their thirties and
		// forties than at the ends.
		a := 23*365 + (r.IntN(37*365)+r.IntN(37*365))/2
		m.BirthDate = p.today.AddDays(-a)
	}
	gen := 2
	switch y := m.BirthDate.Year(); {
	case y < 1970:
		gen = 0
	case y < 1985:
		gen = 1
	}
	g := 0
	if m.Gender == "female" {
		g = 1
	}
	names := givenNames[gen][g]
	m.Name = p.surname.pick(r) + names[r.IntN(len(names))]
	m.Ethnicity = p.ethnicity.pick(r)
	if gen == 0 {
		m.Education = p.eduOld.pick(r)
	} else {
		m.Education = p.eduYoung.pick(r)
	}
	// Most join between 20 and 33; never before 18, and a full member
	// joined more than a year ago.
	lastFull := p.today.AddYears(-1).AddDays(-1)
	m.JoinedOn = m.BirthDate.AddYears(20 + r.IntN(14)).AddDays(r.IntN(365))
	if kind == retiree {
		m.JoinedOn = m.BirthDate.AddYears(20 + r.IntN(20)).AddDays(r.IntN(365))
	}
	if m.JoinedOn.After(lastFull) {
		earliest := m.BirthDate.AddYears(18)
		m.JoinedOn = earliest.AddDays(r.IntN(max(1, earliest.DaysUntil(lastFull))))
	}
	m.ConfirmedOn = m.JoinedOn.AddYears(1)
	// Dues base: the monthly after-tax salary, or the pension, in whole
	// yuan, as a county pays them: rising with age and rank.
	age := p.today.Year() - m.BirthDate.Year()
	m.DuesCategory = dangjian.DuesInService
	switch kind {
	case retiree:
		m.DuesCategory = dangjian.DuesRetired
		m.DuesBase = int64(3000+r.IntN(3500)) * 100
	case leader:
		m.DuesBase = int64(6500+60*(age-38)+r.IntN(2500)) * 100
	default:
		m.DuesBase = int64(3600+70*max(0, age-23)+r.IntN(1500)) * 100
	}
	m.IDNumber = p.idNumber(m.BirthDate, m.Gender)
	m.Phone = phonePrefixes[r.IntN(len(phonePrefixes))] + pad(r.IntN(100000000), 8)
	return m
}

// probation makes m a probationary member who joined within the last
// year; it reports false when m is too young for that date.
func (p *people) probation(m *dangjian.Member) bool {
	joined := p.today.AddDays(-(7 + p.rng.IntN(350)))
	if joined.Before(m.BirthDate.AddYears(18)) {
		return false
	}
	m.Status, m.JoinedOn, m.ConfirmedOn = dangjian.StatusProbationary, joined, dangjian.Date{}
	return true
}

// idNumber returns a GB 11643 number for the birth date and gender, unique
// in this run: the region is the county's own most of the time, and the
// sequence code is the next free one for that region, day and gender.
func (p *people) idNumber(birth dangjian.Date, gender string) string {
	day := epoch.DaysUntil(birth)
	g := 0
	if gender == "male" {
		g = 1
	}
	start := 0
	if p.rng.IntN(10) >= 7 {
		start = 1 + p.rng.IntN(len(p.codes)-1)
	}
	for i := range p.codes {
		c := (start + i) % len(p.codes)
		slot := (day*2+g)*len(p.codes) + c
		n := int(p.used[slot])
		if n >= idSeqs {
			continue
		}
		p.used[slot]++
		// Spread the codes over the range as police stations do, not
		// 001, 003, 005…: 37 is coprime to 500, so this is a permutation.
		seq := (n*37+day+c*101)%idSeqs*2 + g
		first17 := p.codes[c] + birth.Time().Format("20060102") + pad(seq, 3)
		check, _ := dangjian.IDCheckDigit(first17) // 17 digits by construction
		return first17 + string(check)
	}
	// 500 people of one gender born on one day in every region: far
	// beyond any county, so this is a bug.
	panic("demo: ID sequence codes exhausted for " + birth.String())
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// numeral writes n (1–999) in Chinese numerals, as branch names count.
func numeral(n int) string {
	const d = "零一二三四五六七八九"
	digit := func(i int) string { return string([]rune(d)[i]) }
	switch {
	case n < 10:
		return digit(n)
	case n < 20:
		s := "十"
		if n%10 != 0 {
			s += digit(n % 10)
		}
		return s
	case n < 100:
		s := digit(n/10) + "十"
		if n%10 != 0 {
			s += digit(n % 10)
		}
		return s
	case n < 1000:
		s := digit(n/100) + "百"
		switch r := n % 100; {
		case r == 0:
		case r < 10:
			s += "零" + digit(r)
		case r < 20:
			s += "一" + numeral(r)
		default:
			s += numeral(r)
		}
		return s
	}
	return strconv.Itoa(n)
}
