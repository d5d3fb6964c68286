package demo

import (
	"math"
	"math/rand/v2"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// builder turns unit plans into rows. It holds what one run shares: the
// random source, the next ids and the tally.
type builder struct {
	rng    *rand.Rand
	people *people
	today  dangjian.Date
	ids    sqlstore.NextIDs
	sum    *Summary
}

// unitRows are the rows of one unit, in the order they are written.
type unitRows struct {
	orgs       []*dangjian.Org
	members    []*dangjian.Member
	committees []*dangjian.Committee
	registered dangjian.Date // when the unit entered its roster
}

// branch kinds.
const (
	organBranch   = iota // staff of the unit's own offices
	instBranch           // an institution under the unit (学校, 医院, 中心)
	retiredBranch        // 离退休干部
)

// branchPlan is a branch before its members exist.
type branchPlan struct {
	name     string
	size     int
	kind     int
	section  string // the office a section-named branch serves
	inst     string // the institution an instBranch serves
	tiny     bool   // deliberately 2 full members
	noComm   bool   // deliberately only a secretary despite ≥7 full members
	expired  bool   // deliberately a term that has run out
	expiring bool   // deliberately a term ending within 90 days
}

const (
	probationShare = 0.045 // probationary members among serving staff
	groupFrom      = 36    // branches this big are divided into party groups
	maxBranch      = 46    // normal branches stay below the rule's 50
)

func (b *builder) newOrg(out *unitRows, name, kind string, parent *dangjian.Org) *dangjian.Org {
	id := b.ids.Org
	b.ids.Org++
	o := &dangjian.Org{ID: id, ParentID: &parent.ID, Name: name, Kind: kind, Path: parent.ChildPath(id), Depth: parent.Depth + 1}
	out.orgs = append(out.orgs, o)
	b.sum.Orgs++
	switch kind {
	case dangjian.KindBranch:
		b.sum.Branches++
	case dangjian.KindGroup:
		b.sum.Groups++
	}
	return o
}

func (b *builder) newMember(out *unitRows, br *dangjian.Org, kind personKind, female float64, position string) *dangjian.Member {
	m := b.people.person(kind, female)
	m.ID = b.ids.Member
	b.ids.Member++
	m.OrgID, m.OrgPath, m.OrgName, m.Position = br.ID, br.Path, br.Name, position
	out.members = append(out.members, m)
	return m
}

// unit builds the organizations, members and committees of one unit
// under root.
func (b *builder) unit(u *unitPlan, root *dangjian.Org) *unitRows {
	r := b.rng
	out := &unitRows{registered: b.today.AddDays(-(60 + r.IntN(340)))}
	b.sum.Units++

	parent := root
	var lg, cont *dangjian.Org
	contName := ""
	if u.group {
		lg = b.newOrg(out, u.short+"党组", dangjian.KindLeadingGroup, root)
		parent = lg
	}
	switch {
	case u.members >= 100:
		contName = "机关党委"
		cont = b.newOrg(out, u.short+contName, dangjian.KindPartyCommittee, parent)
	case u.members >= 50:
		contName = "机关党总支"
		cont = b.newOrg(out, u.short+contName, dangjian.KindGeneralBranch, parent)
	}
	if cont != nil {
		parent = cont
	}
	plans := b.branchPlans(u)
	staffCount := int(math.Round(float64(u.members) * (1.15 + 0.35*r.Float64())))

	// Leading cadres are about 5%: the unit's leaders sit in its first
	// branch, and the heads of its institutions use up the rest.
	titles := leaderTitles(u)
	leadBudget := max(1, int(math.Round(float64(u.members)*0.05)))
	nLead := min(leadBudget, len(titles), max(1, plans[0].size-3))
	leadBudget -= nLead
	// Full-time party-affairs cadres: about 1% of the staff where there
	// is an organ party committee or general branch to serve (机关条例 第三十条).
	fullTime := 0
	if cont != nil && staffCount >= 100 {
		fullTime = max(1, int(math.Round(float64(staffCount)/100)))
	}
	cadreTitles := []string{contName + "专职副书记", contName + "办公室主任", "党建工作专干", contName + "办公室干事"}

	var leaders, cadres, secretaries, serving []*dangjian.Member
	// A unit that is itself an institution (a 派出所, a 卫生院) gives its
	// staff professional titles; an organ gives grades.
	profName := ""
	if t, _ := profession(u.name); t != nil {
		profName = u.name
	}
	for bi := range plans {
		p := &plans[bi]
		br := b.newOrg(out, p.name, dangjian.KindBranch, parent)
		start := len(out.members)
		switch p.kind {
		case retiredBranch:
			for range p.size {
				m := b.newMember(out, br, retiree, 0.35, "退休干部")
				if r.IntN(8) == 0 {
					m.Position = "原" + u.short + "副" + u.head
				}
			}
		case instBranch:
			head := b.newMember(out, br, leader, 0.3, p.inst+instHead(p.inst))
			if leadBudget > 0 {
				head.LeadingCadre = true
				leadBudget--
			}
			for range p.size - 1 {
				m := b.newMember(out, br, staff, femaleShare(p.inst), "")
				m.Position = b.staffPosition(m, p.inst, p.section, u.sections)
			}
		default:
			n := 0
			if bi == 0 {
				for ; n < nLead && n < p.size; n++ {
					m := b.newMember(out, br, leader, 0.2, titles[n])
					m.LeadingCadre = true
					leaders = append(leaders, m)
				}
			} else if !p.tiny && len(u.sections) > 0 && profName == "" {
				sec := p.section
				if sec == "" {
					sec = u.sections[r.IntN(len(u.sections))]
				}
				b.newMember(out, br, senior, 0.35, sec+sectionHead(sec))
				n = 1
			}
			// The first cadres serve in the first branch, beside the
			// leaders; the rest are spread over the other offices.
			for ; n < p.size; n++ {
				if len(cadres) < fullTime && !p.tiny && (bi == 0 && len(cadres) < 3 || bi > 0 && n == 1) {
					m := b.newMember(out, br, staff, 0.45, cadreTitles[min(len(cadres), len(cadreTitles)-1)])
					m.PartyAffairs = dangjian.PartyAffairsFullTime
					cadres = append(cadres, m)
					continue
				}
				m := b.newMember(out, br, staff, femaleShare(u.name), "")
				m.Position = b.staffPosition(m, profName, p.section, u.sections)
			}
		}
		if p.tiny {
			b.sum.Breaks.TinyBranches++
		}
		if p.size > 50 {
			b.sum.Breaks.LargeBranches++
		}
		ms := out.members[start:]
		if !p.tiny && p.kind != retiredBranch {
			b.probation(ms)
			serving = append(serving, ms...)
		}
		b.groups(out, br, ms)
		if sec := b.branchCommittee(out, br, ms, p, bi == 0 && len(leaders) > 1); sec != nil && bi > 0 {
			secretaries = append(secretaries, sec)
		}
	}
	top := out.orgs[0]
	top.Unit, top.StaffCount = u.name, staffCount
	if cont != nil {
		b.containerCommittee(out, cont, leaders, cadres, secretaries, serving)
	}
	for _, m := range out.members {
		b.sum.Members++
		if m.LeadingCadre {
			b.sum.LeadingCadres++
		}
		switch m.PartyAffairs {
		case dangjian.PartyAffairsFullTime:
			b.sum.FullTimeCadres++
		case dangjian.PartyAffairsPartTime:
			b.sum.PartTimeCadres++
		}
		if m.Status == dangjian.StatusProbationary {
			b.sum.Probationary++
		}
	}
	return out
}

// branchPlans divides a unit's members into branches and names them.
func (b *builder) branchPlans(u *unitPlan) []branchPlan {
	r := b.rng
	m := u.members
	if !u.container() {
		// One branch holds the whole unit.
		name := u.short + "党支部"
		if u.town != "" {
			name = u.short + "机关党支部"
		}
		return b.markBreaks(u, []branchPlan{{name: name, size: m}})
	}
	var special []branchPlan
	rest := m
	for range u.breaks.tiny {
		if rest-2 >= 8 {
			special = append(special, branchPlan{size: 2, tiny: true})
			rest -= 2
		}
	}
	for range u.breaks.big {
		if s := 55 + r.IntN(6); rest-s >= 20 {
			special = append(special, branchPlan{size: s})
			rest -= s
		}
	}
	// Units of a hundred or more keep their retirees in a branch of
	// their own; smaller ones leave them to the neighbourhood's.
	retired := 0
	if m >= 100 {
		retired = min(maxBranch, max(5, int(math.Round(float64(m)*(0.05+0.05*r.Float64())))))
		rest -= retired
	}
	inst := 0
	if len(u.subunits) > 0 && rest >= 40 {
		inst = int(math.Round(float64(rest) * (0.3 + 0.3*r.Float64())))
	}
	organ := b.split(rest - inst)
	var plans []branchPlan
	// Organ branches are numbered (机关第一党支部…), except that now and
	// then one is named for the office it serves (预算股党支部).
	used := map[string]bool{}
	for i, s := range organ {
		p := branchPlan{size: s}
		if i > 0 && len(u.sections) > 1 && r.IntN(10) < 3 {
			sec := u.sections[1+r.IntN(len(u.sections)-1)]
			if !used[sec] {
				used[sec] = true
				p.section, p.name = sec, u.short+sec+"党支部"
			}
		}
		plans = append(plans, p)
	}
	plans = append(plans, special...)
	numbered := 0
	for _, p := range plans {
		if p.name == "" {
			numbered++
		}
	}
	nth := 0
	for i := range plans {
		if plans[i].name != "" {
			continue
		}
		nth++
		if numbered == 1 {
			plans[i].name = u.short + "机关党支部"
		} else {
			plans[i].name = u.short + "机关第" + numeral(nth) + "党支部"
		}
	}
	if inst > 0 {
		sizes := b.split(inst)
		count := map[string]int{}
		for i := range sizes {
			count[u.subunits[i%len(u.subunits)]]++
		}
		seen := map[string]int{}
		for i, s := range sizes {
			su := u.subunits[i%len(u.subunits)]
			seen[su]++
			name := su + "党支部"
			if count[su] > 1 {
				name = su + "第" + numeral(seen[su]) + "党支部"
			}
			plans = append(plans, branchPlan{name: name, size: s, kind: instBranch, inst: su})
		}
	}
	if retired > 0 {
		plans = append(plans, branchPlan{name: u.short + "离退休干部党支部", size: retired, kind: retiredBranch})
	}
	return b.markBreaks(u, plans)
}

// markBreaks chooses the branches whose committees break the rules.
func (b *builder) markBreaks(u *unitPlan, plans []branchPlan) []branchPlan {
	choose := func(ok func(p *branchPlan) bool, mark func(p *branchPlan)) {
		var cand []int
		for i := range plans {
			if ok(&plans[i]) {
				cand = append(cand, i)
			}
		}
		if len(cand) > 0 {
			mark(&plans[cand[b.rng.IntN(len(cand))]])
		}
	}
	plain := func(p *branchPlan) bool { return !p.noComm && !p.expired && !p.expiring }
	for range u.breaks.noCommittee {
		// A committee is required from 7 full members; 10 members leave
		// room for the probationary ones.
		choose(func(p *branchPlan) bool { return plain(p) && p.size >= 10 }, func(p *branchPlan) { p.noComm = true })
	}
	for range u.breaks.expired {
		choose(plain, func(p *branchPlan) { p.expired = true })
	}
	for range u.breaks.expiring {
		choose(plain, func(p *branchPlan) { p.expiring = true })
	}
	return plans
}

// split divides n members into branches of about 22–38, none above
// maxBranch and none below 5 when there is more than one.
func (b *builder) split(n int) []int {
	if n <= 0 {
		return nil
	}
	r := b.rng
	k := max(1, int(math.Round(float64(n)/float64(22+r.IntN(17)))))
	for {
		w := make([]float64, k)
		sum := 0.0
		for i := range w {
			w[i] = 0.75 + 0.5*r.Float64()
			sum += w[i]
		}
		sizes := make([]int, k)
		left := n
		for i := range sizes {
			sizes[i] = int(float64(n) * w[i] / sum)
			left -= sizes[i]
		}
		for i := 0; left > 0; i = (i + 1) % k {
			sizes[i]++
			left--
		}
		lo, hi := sizes[0], sizes[0]
		for _, s := range sizes {
			lo, hi = min(lo, s), max(hi, s)
		}
		switch {
		case hi > maxBranch:
			k++
		case lo < 5 && k > 1:
			k--
		default:
			return sizes
		}
	}
}

// probation makes about probationShare of a branch's staff probationary
// members, never its first member (its head) nor a leader or cadre, and
// never leaving fewer than 3 full members.
func (b *builder) probation(ms []*dangjian.Member) {
	full := len(ms)
	for i, m := range ms {
		if i == 0 {
			continue
		}
		if full <= 3 {
			return
		}
		if m.LeadingCadre || m.PartyAffairs != dangjian.PartyAffairsNone || b.rng.Float64() >= probationShare {
			continue
		}
		if b.people.probation(m) {
			full--
		}
	}
}

// groups divides a big branch into party groups of about 12–16.
func (b *builder) groups(out *unitRows, br *dangjian.Org, ms []*dangjian.Member) {
	if len(ms) < groupFrom {
		return
	}
	n := max(2, int(math.Round(float64(len(ms))/float64(12+b.rng.IntN(5)))))
	per := (len(ms) + n - 1) / n
	for i := 0; i*per < len(ms); i++ {
		g := b.newOrg(out, "第"+numeral(i+1)+"党小组", dangjian.KindGroup, br)
		for _, m := range ms[i*per : min(len(ms), (i+1)*per)] {
			m.GroupID = &g.ID
		}
	}
}

// term returns the dates of a committee elected for years: current and
// not due within the next months, unless the plan says otherwise.
func (b *builder) term(years int, expired, expiring bool) (dangjian.Date, dangjian.Date) {
	r := b.rng
	var start dangjian.Date
	switch {
	case expired:
		start = b.today.AddYears(-years).AddDays(-(15 + r.IntN(300)))
	case expiring:
		start = b.today.AddYears(-years).AddDays(10 + r.IntN(70))
	default:
		start = b.today.AddDays(-(30 + r.IntN(years*365-150)))
	}
	return start, start.AddYears(years)
}

// branchCommittee gives a branch its committee (3–5 from 7 full members,
// else a secretary) and returns the secretary.
func (b *builder) branchCommittee(out *unitRows, br *dangjian.Org, ms []*dangjian.Member, p *branchPlan, deputyLeads bool) *dangjian.Member {
	var full []*dangjian.Member
	for _, m := range ms {
		if m.Status == dangjian.StatusFull {
			full = append(full, m)
		}
	}
	if len(full) == 0 {
		return nil
	}
	// The first branch is led by a deputy head, not the head; elsewhere
	// by the branch's own head, its first member.
	sec := full[0]
	if deputyLeads && len(full) > 1 {
		sec = full[1]
	}
	posts := []string{dangjian.PostSecretary}
	switch {
	case len(full) >= 7 && !p.noComm:
		posts = [][]string{
			{dangjian.PostSecretary, dangjian.PostOrganization, dangjian.PostPublicity},
			{dangjian.PostSecretary, dangjian.PostOrganization, dangjian.PostPublicity, dangjian.PostDiscipline},
			{dangjian.PostSecretary, dangjian.PostDeputySecretary, dangjian.PostOrganization, dangjian.PostPublicity, dangjian.PostDiscipline},
		}[b.rng.IntN(3)]
	case len(full) >= 7:
		b.sum.Breaks.MissingCommittees++
	case len(full) >= 5 && b.rng.IntN(3) == 0:
		posts = []string{dangjian.PostSecretary, dangjian.PostDeputySecretary}
	}
	holders := b.pickHolders(sec, full, len(posts), nil)
	b.addCommittee(out, br, posts, holders, 3, p.expired, p.expiring)
	return sec
}

// pickHolders returns first and then n-1 other distinct members, from
// prefer first and then at random from pool.
func (b *builder) pickHolders(first *dangjian.Member, pool []*dangjian.Member, n int, prefer []*dangjian.Member) []*dangjian.Member {
	out := []*dangjian.Member{first}
	taken := map[int64]bool{first.ID: true}
	for _, m := range prefer {
		if len(out) == n {
			return out
		}
		if !taken[m.ID] && m.Status == dangjian.StatusFull {
			taken[m.ID] = true
			out = append(out, m)
		}
	}
	for tries := 0; len(out) < n && tries < 20*n; tries++ {
		m := pool[b.rng.IntN(len(pool))]
		if !taken[m.ID] && m.Status == dangjian.StatusFull {
			taken[m.ID] = true
			out = append(out, m)
		}
	}
	return out
}

func (b *builder) addCommittee(out *unitRows, o *dangjian.Org, posts []string, holders []*dangjian.Member, years int, expired, expiring bool) {
	c := &dangjian.Committee{ID: b.ids.Committee, OrgID: o.ID}
	b.ids.Committee++
	c.TermStart, c.TermEnd = b.term(years, expired, expiring)
	for i, m := range holders {
		c.Posts = append(c.Posts, dangjian.Post{MemberID: m.ID, Post: posts[i], Name: m.Name})
		if m.PartyAffairs == dangjian.PartyAffairsNone {
			m.PartyAffairs = dangjian.PartyAffairsPartTime
		}
	}
	out.committees = append(out.committees, c)
	b.sum.Committees++
	if expired {
		b.sum.Breaks.ExpiredTerms++
	}
	if expiring {
		b.sum.Breaks.ExpiringTerms++
	}
}

// containerCommittee elects the organ party committee (5–7, five years)
// or general branch committee (5, three years): a deputy head as
// secretary, the full-time cadre as deputy, branch secretaries as members.
func (b *builder) containerCommittee(out *unitRows, cont *dangjian.Org, leaders, cadres, secretaries, all []*dangjian.Member) {
	posts := []string{dangjian.PostSecretary, dangjian.PostDeputySecretary, dangjian.PostOrganization, dangjian.PostPublicity, dangjian.PostDiscipline}
	years := 3
	if cont.Kind == dangjian.KindPartyCommittee {
		years = 5
		for range b.rng.IntN(3) {
			posts = append(posts, dangjian.PostMember)
		}
	}
	sec := leaders[0]
	if len(leaders) > 1 {
		sec = leaders[1]
	}
	prefer := append(append([]*dangjian.Member{}, cadres...), secretaries...)
	holders := b.pickHolders(sec, all, len(posts), prefer)
	b.addCommittee(out, cont, posts[:len(holders)], holders, years, false, false)
}

// leaderTitles are the positions of a unit's leaders, head first.
func leaderTitles(u *unitPlan) []string {
	switch u.town {
	case "镇", "乡":
		t := u.town
		return []string{"党委书记", "党委副书记、" + t + "长", "党委副书记", "人大主席", "党委委员、纪委书记", "党委委员、副" + t + "长",
			"党委委员、武装部部长", "党委委员、组织委员", "党委委员、宣传委员", "副" + t + "长"}
	case "街道":
		return []string{"党工委书记", "党工委副书记、主任", "党工委副书记", "党工委委员、纪工委书记", "党工委委员、副主任", "党工委委员、武装部部长", "副主任"}
	}
	h := u.head
	if u.group {
		return []string{"党组书记、" + h, "党组成员、副" + h, "党组成员、副" + h, "党组成员、副" + h, "派驻纪检监察组组长", "党组成员", "副" + h, "副" + h}
	}
	if t, _ := profession(u.name); len(u.sections) == 0 || t != nil {
		return []string{h, "副" + h, "副" + h}
	}
	return []string{h, "常务副" + h, "副" + h, "副" + h, "副" + h}
}

// sectionHead is the title of an office's head: 预算股 → 股长.
func sectionHead(sec string) string {
	for _, s := range []struct{ suffix, head string }{
		{"股", "股长"}, {"大队", "大队长"}, {"队", "队长"}, {"站", "站长"}, {"所", "所长"}, {"科", "主任"},
		{"处", "主任"}, {"部", "部长"}, {"室", "主任"}, {"中心", "主任"}, {"委员会", "主任"},
	} {
		if strings.HasSuffix(sec, s.suffix) {
			return s.head
		}
	}
	return "负责人"
}

// instHead is the title of an institution's head: 县实验小学 → 校长.
func instHead(name string) string {
	for _, s := range []struct{ suffix, head string }{
		{"中学", "校长"}, {"小学", "校长"}, {"学校", "校长"}, {"幼儿园", "园长"}, {"医院", "院长"}, {"卫生院", "院长"},
		{"保健院", "院长"}, {"仲裁院", "院长"}, {"福利院", "院长"}, {"光荣院", "院长"}, {"大队", "大队长"}, {"调查队", "队长"},
		{"看守所", "所长"}, {"所", "所长"}, {"站", "站长"}, {"馆", "馆长"}, {"林场", "场长"}, {"处", "主任"}, {"组", "组长"},
		{"局", "局长"}, {"室", "主任"}, {"中心", "主任"},
	} {
		if strings.HasSuffix(name, s.suffix) {
			return s.head
		}
	}
	return "负责人"
}

// profession returns the professional titles of an institution's staff
// and the share of women among them; nil titles for an organ, whose staff
// hold civil-service grades. Most teachers and nurses are women, most
// policemen men.
func profession(name string) ([]string, float64) {
	has := func(parts ...string) bool {
		for _, p := range parts {
			if strings.Contains(name, p) {
				return true
			}
		}
		return false
	}
	switch {
	case has("中学", "小学", "学校", "幼儿园", "职业教育中心"):
		return teacherTitles, 0.62
	case has("医院", "卫生院", "保健院", "卫生服务中心", "急救指挥", "精神卫生"):
		return doctorTitles, 0.66
	case has("公安", "派出所", "看守所"):
		return policeTitles, 0.15
	case strings.HasSuffix(name, "馆"):
		return museumTitles, 0.5
	case has("站", "林场", "测绘", "监测", "检验检测", "推广", "公路", "水利", "质量", "疾病预防"):
		return techTitles, 0.42
	case strings.HasSuffix(name, "中心") || strings.HasSuffix(name, "院") || strings.HasSuffix(name, "处") || strings.HasSuffix(name, "所"):
		return adminTitles, 0.45
	}
	return nil, 0.42
}

// femaleShare is the share of women where name works.
func femaleShare(name string) float64 {
	_, f := profession(name)
	return f
}

// staffPosition is a serving member's position: a professional title in
// an institution, else a civil-service grade fitting the age, sometimes
// with the office.
func (b *builder) staffPosition(m *dangjian.Member, inst, section string, sections []string) string {
	r := b.rng
	if t, _ := profession(inst); t != nil {
		return b.bySeniority(t, m)
	}
	g := b.bySeniority(organGrades, m)
	sec := section
	if sec == "" && len(sections) > 0 && r.IntN(2) == 0 {
		sec = sections[r.IntN(len(sections))]
	}
	return sec + g
}

// bySeniority picks from titles, senior first, one that fits m's age:
// grades and professional titles come with years of service.
func (b *builder) bySeniority(titles []string, m *dangjian.Member) string {
	age := b.today.Year() - m.BirthDate.Year()
	f := min(1, max(0, float64(57-age)/32)) // 0 at 57 and over, 1 at 25 and under
	i := int(math.Round(f*float64(len(titles)-1) + b.rng.NormFloat64()))
	return titles[min(len(titles)-1, max(0, i))]
}
