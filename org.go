package dangjian

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Organization kinds, from the working committee down to the party group.
const (
	KindWorkingCommittee = "working_committee"
	KindLeadingGroup     = "leading_group"
	KindPartyCommittee   = "party_committee"
	KindGeneralBranch    = "general_branch"
	KindBranch           = "branch"
	KindGroup            = "group"
)

// OrgKinds lists the kinds in tree order.
var OrgKinds = []string{KindWorkingCommittee, KindLeadingGroup, KindPartyCommittee, KindGeneralBranch, KindBranch, KindGroup}

// OrgKindNames are the Chinese names of the kinds.
var OrgKindNames = map[string]string{
	KindWorkingCommittee: "机关工委",
	KindLeadingGroup:     "党组",
	KindPartyCommittee:   "机关党委",
	KindGeneralBranch:    "党总支",
	KindBranch:           "党支部",
	KindGroup:            "党小组",
}

// childKinds says which kinds may sit under which: the tree of DESIGN.md.
var childKinds = map[string][]string{
	KindWorkingCommittee: {KindLeadingGroup, KindPartyCommittee, KindGeneralBranch, KindBranch},
	KindLeadingGroup:     {KindPartyCommittee, KindGeneralBranch, KindBranch},
	KindPartyCommittee:   {KindGeneralBranch, KindBranch},
	KindGeneralBranch:    {KindBranch},
	KindBranch:           {KindGroup},
	KindGroup:            {},
}

// ValidOrgKind reports whether k is a known kind.
func ValidOrgKind(k string) bool { _, ok := childKinds[k]; return ok }

// CanContain reports whether an organization of kind parent may hold one of kind child.
func CanContain(parent, child string) bool {
	for _, k := range childKinds[parent] {
		if k == child {
			return true
		}
	}
	return false
}

// Org is a party organization. Path is the materialized path of ids
// ("/1/7/42/") so a subtree is one prefix range.
type Org struct {
	ID          int64     `json:"id"`
	ParentID    *int64    `json:"parent_id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	Code        string    `json:"code,omitempty"`
	Unit        string    `json:"unit"`
	StaffCount  int       `json:"staff_count"`
	Path        string    `json:"path"`
	Depth       int       `json:"depth"`
	MemberCount int       `json:"member_count"` // active members in the whole subtree
	DirectCount int       `json:"direct_count"` // active members whose org_id is this one
	DirectFull  int       `json:"direct_full"`  // of those, full members
	ChildCount  int       `json:"child_count"`
	OrgCount    int       `json:"org_count"` // organizations in the subtree, itself included
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks the fields a user sets.
func (o *Org) Validate() error {
	v := Invalid{}
	o.Name = strings.TrimSpace(o.Name)
	o.Unit = strings.TrimSpace(o.Unit)
	o.Code = strings.TrimSpace(o.Code)
	switch n := utf8.RuneCountInString(o.Name); {
	case n == 0:
		v.Add("name", "请填写组织名称")
	case n > 100:
		v.Add("name", "组织名称不能超过100个字")
	case strings.Contains(o.Name, "/"):
		v.Add("name", "组织名称不能包含“/”")
	}
	if !ValidOrgKind(o.Kind) {
		v.Add("kind", "组织类别无效")
	}
	if o.Kind != KindWorkingCommittee && o.ParentID == nil {
		v.Add("parent_id", "请选择上级组织")
	}
	if utf8.RuneCountInString(o.Unit) > 100 {
		v.Add("unit", "单位名称不能超过100个字")
	}
	if len(o.Code) > 40 {
		v.Add("code", "组织编码不能超过40个字符")
	}
	if o.StaffCount < 0 || o.StaffCount > 1000000 {
		v.Add("staff_count", "在编人数须在 0 到 1000000 之间")
	}
	return v.Err()
}

// ChildPath returns the path of a child with id under this org.
func (o *Org) ChildPath(id int64) string { return o.Path + strconv.FormatInt(id, 10) + "/" }

// PathIDs returns the ids on a path, root first.
func PathIDs(path string) []int64 {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	ids := make([]int64, 0, len(parts))
	for _, p := range parts {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// PathUpper returns the exclusive upper bound of the subtree range of path:
// every descendant path p satisfies path <= p < PathUpper(path) in bytewise
// order, because '0' follows '/'.
func PathUpper(path string) string { return strings.TrimSuffix(path, "/") + "0" }

// InSubtree reports whether path lies in the subtree rooted at root.
func InSubtree(path, root string) bool { return strings.HasPrefix(path, root) }

// Committee posts.
const (
	PostSecretary       = "secretary"
	PostDeputySecretary = "deputy_secretary"
	PostOrganization    = "organization"
	PostPublicity       = "publicity"
	PostDiscipline      = "discipline"
	PostMember          = "member"
)

// PostNames are the Chinese names of the posts, in display order.
var PostNames = map[string]string{
	PostSecretary:       "书记",
	PostDeputySecretary: "副书记",
	PostOrganization:    "组织委员",
	PostPublicity:       "宣传委员",
	PostDiscipline:      "纪检委员",
	PostMember:          "委员",
}

// Posts lists the post identifiers in display order.
var Posts = []string{PostSecretary, PostDeputySecretary, PostOrganization, PostPublicity, PostDiscipline, PostMember}

// Post is one seat on a committee.
type Post struct {
	MemberID int64  `json:"member_id"`
	Post     string `json:"post"`
	Name     string `json:"name,omitempty"`
}

// Committee is an organization's elected committee (or its secretary alone)
// for one term. Only one is current; earlier ones are history.
type Committee struct {
	ID        int64  `json:"id,omitempty"`
	OrgID     int64  `json:"org_id,omitempty"`
	TermStart Date   `json:"term_start"`
	TermEnd   Date   `json:"term_end"`
	Posts     []Post `json:"posts"`
	Current   bool   `json:"current,omitempty"`
}

// Validate checks a committee; term lengths are checked as findings, not
// errors, since an upper committee may approve a different term.
func (c *Committee) Validate() error {
	v := Invalid{}
	if c.TermStart.IsZero() {
		v.Add("term_start", "请填写任期开始日期")
	}
	if c.TermEnd.IsZero() {
		v.Add("term_end", "请填写任期结束日期")
	} else if !c.TermStart.IsZero() && !c.TermEnd.After(c.TermStart) {
		v.Add("term_end", "任期结束日期须晚于开始日期")
	}
	seen := map[int64]bool{}
	secretaries := 0
	for i, p := range c.Posts {
		f := fmt.Sprintf("posts[%d]", i)
		if p.MemberID <= 0 {
			v.Add(f+".member_id", "请选择党员")
		} else if seen[p.MemberID] {
			v.Add(f+".member_id", "同一党员不能重复任职")
		}
		seen[p.MemberID] = true
		if _, ok := PostNames[p.Post]; !ok {
			v.Add(f+".post", "职务无效")
		}
		if p.Post == PostSecretary {
			secretaries++
		}
	}
	if secretaries > 1 {
		v.Add("posts", "只能有一名书记")
	}
	return v.Err()
}

// OrgFindings applies the size and term rules (org.*) to an organization.
// committee may be nil. today is the date the findings are for.
func OrgFindings(rs *RuleSet, o *Org, committee *Committee, today Date, warnDays int) []Finding {
	var out []Finding
	add := func(ruleID, sev, zh, en string) {
		out = append(out, Finding{Rule: ruleID, Severity: sev, Message: zh, MessageEn: en, Source: rs.Get(ruleID).Source})
	}
	full := o.DirectFull
	switch o.Kind {
	case KindBranch:
		minFull := int(rs.Get("org.branch.min_full").Value)
		if full < minFull {
			add("org.branch.min_full", SeverityError,
				fmt.Sprintf("正式党员 %d 人，不足 %d 人，应成立联合党支部或调整设置", full, minFull),
				fmt.Sprintf("%d full members, fewer than %d: should form a joint branch", full, minFull))
		}
		if max := int(rs.Get("org.branch.max").Value); o.MemberCount > max {
			add("org.branch.max", SeverityWarning,
				fmt.Sprintf("党员 %d 人，超过 %d 人，宜分设支部或成立党总支", o.MemberCount, max),
				fmt.Sprintf("%d members, more than %d: split the branch or set up a general branch", o.MemberCount, max))
		}
		r := rs.Get("org.branch.committee_required")
		need := int(r.Value)
		size := 0
		if committee != nil {
			size = len(committee.Posts)
		}
		if full >= need {
			lo, hi, cap := int(r.Params["size_min"]), int(r.Params["size_max"]), int(r.Params["size_cap"])
			switch {
			case committee == nil || size < 2:
				add(r.ID, SeverityError,
					fmt.Sprintf("正式党员 %d 人（≥%d），应设立支部委员会", full, need),
					fmt.Sprintf("%d full members (≥%d): a branch committee is required", full, need))
			case size < lo:
				add(r.ID, SeverityError,
					fmt.Sprintf("支部委员会 %d 人，少于 %d 人", size, lo),
					fmt.Sprintf("committee of %d, fewer than %d", size, lo))
			case size > cap:
				add(r.ID, SeverityError,
					fmt.Sprintf("支部委员会 %d 人，超过 %d 人", size, cap),
					fmt.Sprintf("committee of %d, more than %d", size, cap))
			case size > hi:
				add(r.ID, SeverityWarning,
					fmt.Sprintf("支部委员会 %d 人，一般为 %d 至 %d 人", size, lo, hi),
					fmt.Sprintf("committee of %d; usually %d to %d", size, lo, hi))
			}
		}
	case KindGeneralBranch:
		if min := int(rs.Get("org.general_branch.min").Value); o.MemberCount < min {
			add("org.general_branch.min", SeverityWarning,
				fmt.Sprintf("党员 %d 人，不足 %d 人，一般不设党总支", o.MemberCount, min),
				fmt.Sprintf("%d members, fewer than %d: a general branch is not usually set up", o.MemberCount, min))
		}
		if min := int(rs.Get("org.committee.min").Value); o.MemberCount >= min {
			add("org.committee.min", SeverityWarning,
				fmt.Sprintf("党员 %d 人（≥%d），应设立基层党委", o.MemberCount, min),
				fmt.Sprintf("%d members (≥%d): a grassroots party committee should be set up", o.MemberCount, min))
		}
	}
	termFindings(rs, o, committee, today, warnDays, add)
	return out
}

// termFindings adds the term rules' findings: expired, expiring within
// warnDays, or set longer than the statutory term.
func termFindings(rs *RuleSet, o *Org, c *Committee, today Date, warnDays int, add func(id, sev, zh, en string)) {
	var ruleID string
	switch o.Kind {
	case KindBranch, KindGeneralBranch:
		ruleID = "org.term.branch"
	case KindPartyCommittee:
		ruleID = "org.term.committee"
	default:
		return
	}
	if c == nil || c.TermStart.IsZero() {
		return
	}
	years := int(rs.Get(ruleID).Value)
	due := c.TermStart.AddYears(years)
	end := c.TermEnd
	if end.IsZero() || end.After(due) {
		add(ruleID, SeverityWarning,
			fmt.Sprintf("任期设定至 %s，超过 %d 年届期（应于 %s 换届）", end.Chinese(), years, due.Chinese()),
			fmt.Sprintf("term set to end %s, longer than %d years (election due %s)", end, years, due))
		end = due
	}
	days := today.DaysUntil(end)
	switch {
	case days < 0:
		add(ruleID, SeverityError,
			fmt.Sprintf("任期已于 %s 届满，已超期 %d 天，应按期换届", end.Chinese(), -days),
			fmt.Sprintf("term expired on %s, %d days ago: an election is due", end, -days))
	case days <= warnDays:
		add(ruleID, SeverityWarning,
			fmt.Sprintf("任期将于 %s 届满（%d 天后），请准备换届", end.Chinese(), days),
			fmt.Sprintf("term ends on %s (in %d days): prepare the election", end, days))
	}
}

// OrgFilter selects organizations. Scopes are the subtree roots the caller
// may see; an empty Scopes selects nothing.
type OrgFilter struct {
	Scopes   []string
	ParentID *int64
	Query    string // part of the name
	Kind     string
	Offset   int
	Limit    int
}
