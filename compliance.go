package dangjian

import (
	"fmt"
	"strconv"
	"time"
)

// Compliance statuses of one rule in one period.
const (
	StatusMet           = "met"
	StatusMissing       = "missing"
	StatusUpcoming      = "upcoming"
	StatusNotApplicable = "not_applicable"
)

// Rule periods.
const (
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodYear    = "year"
)

// OrgFacts is what the compliance engine needs to know about an
// organization to decide which rules it owes.
type OrgFacts struct {
	ID           int64
	Kind         string
	DirectFull   int  // full members directly in the organization
	HasCommittee bool // a current committee with at least two seats
}

// ComplianceItem is one rule in one period: what is owed and what counted.
type ComplianceItem struct {
	Rule     string `json:"rule"`
	Kind     string `json:"kind"`   // the meeting kind
	Period   string `json:"period"` // "2026-03", "2026-Q2" or "2026"
	Expected int    `json:"expected"`
	Counted  int    `json:"counted"`
	Status   string `json:"status"`
	Reason   string `json:"reason,omitempty"`
}

// ComplianceReport is what one organization owes in one year and how it stands.
type ComplianceReport struct {
	OrgID int64            `json:"org_id"`
	Year  int              `json:"year"`
	Rate  float64          `json:"rate"`
	Items []ComplianceItem `json:"items"`
}

// Met, Missing and Upcoming count the report's items by status.
func (r *ComplianceReport) Met() int      { return r.count(StatusMet) }
func (r *ComplianceReport) Missing() int  { return r.count(StatusMissing) }
func (r *ComplianceReport) Upcoming() int { return r.count(StatusUpcoming) }

func (r *ComplianceReport) count(status string) int {
	n := 0
	for _, it := range r.Items {
		if it.Status == status {
			n++
		}
	}
	return n
}

// Owes reports whether the report holds anything the organization owes.
func (r *ComplianceReport) Owes() bool {
	for _, it := range r.Items {
		if it.Status != StatusNotApplicable {
			return true
		}
	}
	return false
}

// Compliance applies the meeting rules of rs (overrides included) to an
// organization's counted meetings of year, as of today (a CST date).
// counts is meeting kind → month ("2026-03") → meetings that count.
//
// Every rule with a meeting, a period and a count that names the org's
// kind gives one item per period of the year. A period is over once today
// is past its last day; until then an unmet period is upcoming, not
// missing. Rate is met / (met + missing) over the periods that are over,
// so an early meeting in the current period does not raise it before the
// period ends; with no period over yet the rate is 1.
//
// Not handled yet: an organization set up mid-year still owes the whole
// year.
func Compliance(rs *RuleSet, org OrgFacts, counts MeetingCounts, year int, today Date) ComplianceReport {
	return NewComplianceRules(rs).Report(org, counts, year, today)
}

// ComplianceRules is the part of a rule table the compliance engine reads,
// picked out once so that a roll-up over many organizations does not
// walk the whole table for each.
type ComplianceRules struct {
	rules         []Rule
	committeeNeed int // org.branch.committee_required
}

// NewComplianceRules picks the meeting rules out of rs.
func NewComplianceRules(rs *RuleSet) *ComplianceRules {
	cr := &ComplianceRules{committeeNeed: int(rs.Get("org.branch.committee_required").Value)}
	for _, r := range rs.All() {
		if r.Meeting != "" && r.Period != "" && r.Count > 0 {
			cr.rules = append(cr.rules, r)
		}
	}
	return cr
}

// CommitteeRequired is the number of full members from which a branch
// must have a committee (org.branch.committee_required).
func (cr *ComplianceRules) CommitteeRequired() int { return cr.committeeNeed }

// Applies reports whether any meeting rule names kind: whether an
// organization of that kind owes anything at all.
func (cr *ComplianceRules) Applies(kind string) bool {
	for _, r := range cr.rules {
		if hasKind(r.Kinds, kind) {
			return true
		}
	}
	return false
}

// Report is Compliance with the rules already picked out.
func (cr *ComplianceRules) Report(org OrgFacts, counts MeetingCounts, year int, today Date) ComplianceReport {
	rep := ComplianceReport{OrgID: org.ID, Year: year, Items: []ComplianceItem{}}
	var months [13]string
	for m := 1; m <= 12; m++ {
		months[m] = fmt.Sprintf("%d-%02d", year, m)
	}
	sum := func(kind string, first, last int) int {
		n := 0
		for m := first; m <= last; m++ {
			n += counts[kind][months[m]]
		}
		return n
	}
	met, missing := 0, 0
	for _, r := range cr.rules {
		if !hasKind(r.Kinds, org.Kind) {
			continue
		}
		applies, reason := cr.applies(r, org)
		if !applies {
			rep.Items = append(rep.Items, ComplianceItem{Rule: r.ID, Kind: r.Meeting, Period: strconv.Itoa(year),
				Counted: sum(r.Meeting, 1, 12), Status: StatusNotApplicable, Reason: reason})
			continue
		}
		for _, p := range periodsOf(r.Period, year) {
			it := ComplianceItem{Rule: r.ID, Kind: r.Meeting, Period: p.label, Expected: r.Count,
				Counted: sum(r.Meeting, p.first, p.last), Reason: reason}
			start := NewDate(year, time.Month(p.first), 1)
			end := NewDate(year, time.Month(p.last)+1, 1).AddDays(-1)
			over := today.After(end)
			switch {
			case today.Before(start):
				it.Status = StatusUpcoming
			case it.Counted >= it.Expected:
				it.Status = StatusMet
			case over:
				it.Status = StatusMissing
			default:
				it.Status = StatusUpcoming
			}
			if over {
				switch it.Status {
				case StatusMet:
					met++
				case StatusMissing:
					missing++
				}
			}
			rep.Items = append(rep.Items, it)
		}
	}
	rep.Rate = 1
	if met+missing > 0 {
		rep.Rate = float64(met) / float64(met+missing)
	}
	return rep
}

// applies decides the conditions beyond the kind: today only the
// committee meeting, which a branch owes when it has a committee or is
// large enough to need one (org.branch.committee_required). The reason is
// set for not_applicable, and for a branch that owes committee meetings
// without having the committee to hold them. A general branch is always
// led by its committee.
func (cr *ComplianceRules) applies(r Rule, org OrgFacts) (bool, string) {
	if r.Meeting != MeetingCommittee || org.Kind != KindBranch {
		return true, ""
	}
	switch need := cr.committeeNeed; {
	case org.HasCommittee:
		return true, ""
	case org.DirectFull >= need:
		return true, fmt.Sprintf("正式党员 %d 人（≥%d），应设支部委员会而未设立", org.DirectFull, need)
	default:
		return false, fmt.Sprintf("正式党员 %d 人，不足 %d 人，不设支部委员会，无须召开支委会", org.DirectFull, need)
	}
}

// owes is applies without the reason.
func (cr *ComplianceRules) owes(r *Rule, org OrgFacts) bool {
	return r.Meeting != MeetingCommittee || org.Kind != KindBranch || org.HasCommittee || org.DirectFull >= cr.committeeNeed
}

// period is a span of months of one year, 1-based and inclusive.
type period struct {
	label       string
	first, last int
}

// periodsOf returns the periods of kind in year; an unknown kind (the rule
// table is checked on override) gives none.
func periodsOf(kind string, year int) []period {
	var out []period
	switch kind {
	case PeriodMonth:
		for m := 1; m <= 12; m++ {
			out = append(out, period{fmt.Sprintf("%d-%02d", year, m), m, m})
		}
	case PeriodQuarter:
		for q := 1; q <= 4; q++ {
			out = append(out, period{fmt.Sprintf("%d-Q%d", year, q), 3*q - 2, 3 * q})
		}
	case PeriodYear:
		out = append(out, period{strconv.Itoa(year), 1, 12})
	}
	return out
}

func hasKind(kinds []string, k string) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// ComplianceSummary is what a roll-up shows of an organization's report:
// the same Rate and Missing as its ComplianceReport.
type ComplianceSummary struct {
	Owes    bool    // the report holds an item that is not not_applicable
	Rate    float64 // as ComplianceReport.Rate
	Missing int     // periods over and not met
	// MissingItems is what is missing as "rule period", in report order,
	// at most the number asked for.
	MissingItems []string
}

// CompliancePlan is the rules of one year as of one day laid out for
// summarizing many organizations: every rule's kind, periods and whether
// each period is over worked out once, so that Summarize only adds small
// arrays.
type CompliancePlan struct {
	cr    *ComplianceRules
	rules []planRule
}

type planRule struct {
	rule    *Rule
	kind    int // meeting kind index, -1 when unknown (counts 0)
	periods []planPeriod
}

type planPeriod struct {
	first, last int
	over        bool
	missing     string // "rule period"
}

// Plan lays out the rules for year as of today.
func (cr *ComplianceRules) Plan(year int, today Date) *CompliancePlan {
	p := &CompliancePlan{cr: cr}
	for i := range cr.rules {
		r := &cr.rules[i]
		pr := planRule{rule: r, kind: meetingKindIndex(r.Meeting)}
		for _, per := range periodsOf(r.Period, year) {
			end := NewDate(year, time.Month(per.last)+1, 1).AddDays(-1)
			pr.periods = append(pr.periods, planPeriod{first: per.first, last: per.last, over: today.After(end), missing: r.ID + " " + per.label})
		}
		p.rules = append(p.rules, pr)
	}
	return p
}

// Summarize is Report reduced to a ComplianceSummary, for counts of the
// plan's year, listing at most shown missing items. It allocates only the
// list of missing items, and only when something is missing.
func (p *CompliancePlan) Summarize(org OrgFacts, counts *YearCounts, shown int) ComplianceSummary {
	var s ComplianceSummary
	met := 0
	for i := range p.rules {
		pr := &p.rules[i]
		if !hasKind(pr.rule.Kinds, org.Kind) {
			continue
		}
		if !p.cr.owes(pr.rule, org) {
			continue
		}
		s.Owes = true
		for j := range pr.periods {
			per := &pr.periods[j]
			if !per.over {
				continue
			}
			n := 0
			if pr.kind >= 0 {
				n = counts.sum(pr.kind, per.first, per.last)
			}
			if n >= pr.rule.Count {
				met++
				continue
			}
			s.Missing++
			if len(s.MissingItems) < shown {
				if s.MissingItems == nil {
					s.MissingItems = make([]string, 0, shown)
				}
				s.MissingItems = append(s.MissingItems, per.missing)
			}
		}
	}
	s.Rate = 1
	if met+s.Missing > 0 {
		s.Rate = float64(met) / float64(met+s.Missing)
	}
	return s
}
