package demo

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// unitPlan is one unit (单位) before it is built: its name, size and shape.
type unitPlan struct {
	name     string // 县财政局, 石桥镇人民政府
	short    string // prefix of its organizations' names: 县财政局, 石桥镇
	members  int
	group    bool   // led by a 党组
	head     string // its head's title
	town     string // 镇, 乡 or 街道 for a town's government; "" otherwise
	sections []string
	subunits []string
	max      int  // bound on members, 0 for none
	place    bool // a town's or subdistrict's unit, not a county department
	breaks   breaks
}

// breaks counts the rules a unit is made to break, so that the findings
// pages have something to show.
type breaks struct {
	tiny        int // a branch with 2 full members (org.branch.min_full)
	big         int // a branch of 55–60 (org.branch.max)
	noCommittee int // ≥7 full members and only a secretary (org.branch.committee_required)
	expired     int // a branch term that has run out (org.term.branch)
	expiring    int // one ending within 90 days (org.term.branch)
}

// container reports whether the unit's branches sit under a party
// committee or general branch (or at least a 党组), so that it can hold
// more than one branch.
func (u *unitPlan) container() bool { return u.group || u.members >= 50 }

// county is the plan of the whole demo.
type countyPlan struct {
	name  string   // 兰考县
	codes []string // region codes, the county's own first
	units []unitPlan
}

// smallCounty is the size the department weights describe.
const smallCounty = 3000

// plan lays out a county of n members: the county departments, and for
// more than smallCounty members, towns and subdistricts with their
// stations, until the members fit. Sizes add up to n exactly.
func plan(rng *rand.Rand, n int) countyPlan {
	prov := provinces[rng.IntN(len(provinces))]
	own := rng.IntN(len(prov))
	cp := countyPlan{name: prov[own].name, codes: []string{prov[own].code}}
	for i, c := range prov {
		if i != own {
			cp.codes = append(cp.codes, c.code)
		}
	}

	// Departments: all of them from smallCounty up, else the biggest
	// few, kept in the order of the county's lists.
	nd := len(depts)
	if n < smallCounty {
		nd = min(len(depts), max(1, n/70))
	}
	order := make([]int, len(depts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return depts[order[a]].weight > depts[order[b]].weight })
	chosen := order[:nd]
	sort.Ints(chosen)
	weight := 0
	for _, i := range chosen {
		weight += depts[i].weight
	}
	// Past smallCounty the departments grow slowly and the towns take the
	// rest, as a county's organs do.
	scale := float64(n) / float64(weight)
	if n > smallCounty {
		scale = float64(smallCounty) / float64(weight) * math.Min(math.Pow(float64(n)/smallCounty, 0.3), 6)
	}
	total := 0
	for _, i := range chosen {
		d := depts[i]
		size := max(8, int(math.Round(float64(d.weight)*scale*(0.85+0.3*rng.Float64()))))
		cp.units = append(cp.units, unitPlan{
			// 县人大常委会机关 names its organizations 县人大常委会党组 and
			// 县人大常委会机关党支部, not 机关机关党支部.
			name: d.name, short: strings.TrimSuffix(d.name, "机关"), members: size, group: d.group && size >= 20,
			head: d.head, sections: d.sections, subunits: d.subunits,
		})
		total += size
	}

	if rest := n - total; rest > 0 && n > smallCounty {
		cp.units = append(cp.units, townUnits(rng, n, rest, cp.name)...)
	}

	// Rounding and the minimum sizes leave the sum a little off; the
	// biggest unit absorbs the difference.
	sum, big := 0, 0
	for i, u := range cp.units {
		sum += u.members
		if u.members > cp.units[big].members {
			big = i
		}
	}
	cp.units[big].members += n - sum
	assignBreaks(rng, n, cp.units)
	return cp
}

// townUnits returns the units of as many towns and subdistricts as hold
// about rest members, scaled to hold exactly rest (before rounding).
func townUnits(rng *rand.Rand, n, rest int, countyName string) []unitPlan {
	names := placeNames(rng, countyName)
	grow := math.Pow(float64(n)/smallCounty, 0.24)
	// A town holds about this many members at this scale; more towns
	// than there are names would repeat names, so grow the towns instead.
	perTown := 0.0
	for _, p := range placeUnits {
		if p.only != "street" {
			perTown += placeSize(p, grow)
		}
	}
	if need := float64(rest) / perTown; need > float64(len(names))*0.9 {
		grow *= need / (float64(len(names)) * 0.9)
	}
	var units []unitPlan
	total := 0.0
	for i := 0; total < float64(rest) && i < len(names); i++ {
		place, kind := names[i], "镇"
		switch {
		case i == 0:
			place = "城关"
		case i == 1 || i == 2:
			place = []string{"", "城东", "城西"}[i]
			kind = "街道"
		case rng.IntN(10) < 3:
			kind = "乡"
		}
		r := strings.NewReplacer("{P}", place, "{T}", kind)
		for _, p := range placeUnits {
			if p.only == "town" && kind == "街道" || p.only == "street" && kind != "街道" {
				continue
			}
			size := placeSize(p, grow) * (0.8 + 0.4*rng.Float64())
			u := unitPlan{
				name: r.Replace(p.name), members: int(size), head: r.Replace(p.head),
				sections: p.sections, max: p.max, place: true,
			}
			u.short = u.name
			if strings.HasSuffix(u.name, "人民政府") {
				u.short = strings.TrimSuffix(u.name, "人民政府")
				u.town = kind
			} else if strings.HasSuffix(u.name, "办事处") {
				u.short = strings.TrimSuffix(u.name, "办事处")
				u.town = kind
			}
			units = append(units, u)
			total += size
		}
	}
	f := float64(rest) / total
	for i := range units {
		u := &units[i]
		u.members = max(5, int(math.Round(float64(u.members)*f)))
		if u.max > 0 {
			u.members = min(u.members, u.max)
		}
	}
	return units
}

// placeSize is the members of a town's unit at a growth factor: bounded
// units (a 司法所 has a handful of staff) stop at their bound.
func placeSize(p placeUnit, grow float64) float64 {
	s := float64(p.weight) * grow
	if p.max > 0 {
		s = math.Min(s, float64(p.max))
	}
	return s
}

// placeNames returns every two-character place name the tables make, in
// an order fixed by rng, without the county's own name.
func placeNames(rng *rand.Rand, countyName string) []string {
	var names []string
	for _, a := range placeFirst {
		for _, b := range placeSecond {
			s := string([]rune{a, b})
			if a == b || strings.HasPrefix(countyName, s) || s == "城关" {
				continue
			}
			names = append(names, s)
		}
	}
	rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	return names
}

// assignBreaks picks the units that break the size and term rules: about
// one of each kind per smallCounty members, never none.
func assignBreaks(rng *rand.Rand, n int, units []unitPlan) {
	k := max(1, int(math.Round(float64(n)/smallCounty)))
	pick := func(ok func(*unitPlan) bool, add func(*breaks)) {
		var cand []int
		for i := range units {
			if ok(&units[i]) {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return
		}
		for range k {
			add(&units[cand[rng.IntN(len(cand))]].breaks)
		}
	}
	pick(func(u *unitPlan) bool { return u.container() && u.members >= 12 }, func(b *breaks) { b.tiny++ })
	pick(func(u *unitPlan) bool { return u.container() && u.members >= 90 }, func(b *breaks) { b.big++ })
	pick(func(u *unitPlan) bool { return u.members >= 15 }, func(b *breaks) { b.noCommittee++ })
	pick(func(u *unitPlan) bool { return true }, func(b *breaks) { b.expired++ })
	pick(func(u *unitPlan) bool { return true }, func(b *breaks) { b.expiring++ })
}
