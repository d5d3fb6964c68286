package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Organizational life: from 1 January of the year before today up to the
// day before today, each organization holds the meetings the rule table
// asks of it, with attendance drawn from its members, quorum computed by
// dangjian.MeetingQuorum and meeting_counts kept as the app keeps them.
// Most branches comply; some skip months, a few hold meetings below
// quorum or merge them into administrative meetings, a few leading cadres
// stay away from their branch's life.

// attendLimit is the county size up to which every meeting gets its
// attendance rows. Above it only the county departments do (they stop
// growing at about 18,000 members); the towns' meetings keep their
// counts in quorum_required, quorum_present and the minutes.
const attendLimit = 20_000

// Shares of branches, chosen to leave most branches compliant.
const (
	gappyShare       = 0.12 // skip a few theme days, committee meetings or a lecture
	mergedShare      = 0.04 // one meeting merged into an administrative meeting
	suspectedShare   = 0.03 // one meeting overlapping a registered administrative meeting
	belowQuorumShare = 0.03 // one assembly below quorum
	skipperShare     = 0.12 // leading cadres who skip their branch's meetings
)

// life generates the organizational life of one unit at a time.
type life struct {
	rng    *rand.Rand
	rules  *dangjian.RuleSet
	from   dangjian.Date // 1 January of last year
	today  dangjian.Date // meetings are held before today
	ids    sqlstore.NextLifeIDs
	sum    *Summary
	attend bool // write attendance rows for the unit at hand

	// Per unit, reset by unit.
	load   *sqlstore.Loader
	counts map[countKey]int
	place  string // the unit's short name, for places and titles
	top    int64  // the unit's top organization, where admin meetings are registered
	skip   map[int64]bool
}

type countKey struct {
	org         int64
	kind, month string
}

// orgLife is what a meeting of one organization needs to know.
type orgLife struct {
	org       *dangjian.Org
	members   []*dangjian.Member // who attends its meetings
	committee []*dangjian.Member // current committee, secretary first
	host      *dangjian.Member
	flaws     flaws
}

// flaws are the gaps planned for one organization.
type flaws struct {
	skip        map[string]bool // kind+month skipped
	merged      string          // kind+month merged into an administrative meeting
	suspected   string          // kind+month overlapping one
	confirmed   bool            // the suspected one confirmed separate
	belowQuorum string          // quarter ("2025-Q3") whose assembly fell short
	makeUp      bool            // a make-up assembly followed
}

func newLife(seed int64, today dangjian.Date, sum *Summary, ids sqlstore.NextLifeIDs) (*life, error) {
	rs, err := dangjian.DefaultRules()
	if err != nil {
		return nil, fmt.Errorf("demo rules: %w", err)
	}
	return &life{
		// Its own stream, so that the roster does not depend on the history.
		rng:   rand.New(rand.NewPCG(uint64(seed), 0x0e9_11fe_da9c_2026)),
		rules: rs, from: dangjian.NewDate(today.Year()-1, 1, 1), today: today, ids: ids, sum: sum,
	}, nil
}

// unit generates and queues the organizational life of one unit's rows.
func (l *life) unit(ctx context.Context, load *sqlstore.Loader, u *unitPlan, rows *unitRows) error {
	l.load, l.counts, l.place, l.top = load, map[countKey]int{}, u.short, rows.orgs[0].ID
	byOrg := map[int64][]*dangjian.Member{}
	byGroup := map[int64][]*dangjian.Member{}
	byID := map[int64]*dangjian.Member{}
	var leaders []*dangjian.Member
	for _, m := range rows.members {
		byOrg[m.OrgID] = append(byOrg[m.OrgID], m)
		if m.GroupID != nil {
			byGroup[*m.GroupID] = append(byGroup[*m.GroupID], m)
		}
		byID[m.ID] = m
		if m.LeadingCadre {
			leaders = append(leaders, m)
		}
	}
	committees := map[int64][]*dangjian.Member{}
	for _, c := range rows.committees {
		var cm []*dangjian.Member
		for _, p := range c.Posts {
			if m := byID[p.MemberID]; m != nil {
				if p.Post == dangjian.PostSecretary {
					cm = append([]*dangjian.Member{m}, cm...)
				} else {
					cm = append(cm, m)
				}
			}
		}
		committees[c.OrgID] = cm
	}
	// A few leading cadres stay away from their branch's meetings; never
	// one who hosts them or sits on the branch committee.
	l.skip = map[int64]bool{}
	for _, m := range leaders {
		onCommittee := slices.Contains(committees[m.OrgID], m)
		if !onCommittee && l.rng.Float64() < skipperShare {
			l.skip[m.ID] = true
			l.sum.Life.Skippers++
		}
	}
	for _, o := range rows.orgs {
		ol := &orgLife{org: o, committee: committees[o.ID]}
		if len(ol.committee) > 0 {
			ol.host = ol.committee[0]
		}
		switch o.Kind {
		case dangjian.KindBranch:
			ol.members = byOrg[o.ID]
			if ol.host == nil && len(ol.members) > 0 {
				ol.host = ol.members[0]
			}
			if ol.host == nil {
				continue
			}
			l.plan(ol)
			if err := l.branch(ctx, ol, leaders); err != nil {
				return err
			}
			if err := l.talks(ctx, ol); err != nil {
				return err
			}
		case dangjian.KindGroup:
			ol.members = byGroup[o.ID]
			if len(ol.members) == 0 {
				continue
			}
			// The group leader: an ordinary member where there is one.
			ol.host = ol.members[0]
			for _, m := range ol.members {
				if !m.LeadingCadre {
					ol.host = m
					break
				}
			}
			l.plan(ol)
			if err := l.group(ctx, ol); err != nil {
				return err
			}
		case dangjian.KindGeneralBranch, dangjian.KindPartyCommittee:
			if ol.host == nil {
				continue
			}
			ol.members = ol.committee
			if err := l.container(ctx, ol); err != nil {
				return err
			}
		case dangjian.KindLeadingGroup:
			if len(leaders) == 0 {
				continue
			}
			ol.members, ol.host = leaders, leaders[0]
			if err := l.leadingGroup(ctx, ol); err != nil {
				return err
			}
		}
	}
	keys := make([]countKey, 0, len(l.counts))
	for k := range l.counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b countKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.kind, b.kind), cmp.Compare(a.month, b.month))
	})
	for _, k := range keys {
		if err := load.AddMeetingCount(ctx, k.org, k.kind, k.month, l.counts[k]); err != nil {
			return err
		}
	}
	return nil
}

// months returns the first day of every month from l.from to today's.
func (l *life) months() []dangjian.Date {
	var out []dangjian.Date
	for d := l.from; !d.After(l.today); d = dangjian.NewDate(d.Year(), d.Month()+1, 1) {
		out = append(out, d)
	}
	return out
}

func monthKey(d dangjian.Date) string { return fmt.Sprintf("%d-%02d", d.Year(), d.Month()) }

func quarterKey(d dangjian.Date) string {
	return fmt.Sprintf("%d-Q%d", d.Year(), (int(d.Month())-1)/3+1)
}

// plan draws an organization's gaps.
func (l *life) plan(ol *orgLife) {
	r := l.rng
	f := flaws{skip: map[string]bool{}}
	months := l.months()
	// Only months already over: the current month is still open.
	over := months[:len(months)-1]
	monthOf := func(kind string) string { return kind + monthKey(over[r.IntN(len(over))]) }
	if len(over) > 0 && r.Float64() < gappyShare {
		kinds := []string{dangjian.MeetingThemeDay, dangjian.MeetingCommittee, dangjian.MeetingGroup}
		for range 1 + r.IntN(4) {
			f.skip[monthOf(kinds[r.IntN(len(kinds))])] = true
		}
		if r.IntN(3) == 0 {
			f.skip[dangjian.MeetingLecture+quarterKey(over[r.IntN(len(over))])] = true
		}
		if r.IntN(8) == 0 {
			f.skip[dangjian.MeetingLifeMeeting] = true
		}
		l.sum.Life.GappyOrgs++
	}
	if len(over) > 0 && r.Float64() < mergedShare {
		f.merged = monthOf([]string{dangjian.MeetingThemeDay, dangjian.MeetingCommittee}[r.IntN(2)])
	}
	if len(over) > 0 && r.Float64() < suspectedShare {
		f.suspected = monthOf([]string{dangjian.MeetingThemeDay, dangjian.MeetingCommittee}[r.IntN(2)])
		f.confirmed = r.IntN(5) < 2
	}
	if len(over) > 0 && r.Float64() < belowQuorumShare {
		f.belowQuorum = quarterKey(over[r.IntN(len(over))])
		f.makeUp = r.IntN(2) == 0
	}
	ol.flaws = f
}

// workday returns the first working day (Monday to Friday, not a public
// holiday) on or after y-m-d, or the last one before it when the month
// runs out.
func workday(y int, m time.Month, d int) dangjian.Date {
	last := dangjian.NewDate(y, m+1, 1).AddDays(-1).Day()
	d = min(max(d, 1), last)
	ok := func(t dangjian.Date) bool {
		switch t.Time().Weekday() {
		case time.Saturday, time.Sunday:
			return false
		}
		md := int(t.Month())*100 + t.Day()
		return md != 101 && (md < 501 || md > 505) && (md < 1001 || md > 1007)
	}
	for t := dangjian.NewDate(y, m, d); t.Month() == m; t = t.AddDays(1) {
		if ok(t) {
			return t
		}
	}
	for t := dangjian.NewDate(y, m, d); ; t = t.AddDays(-1) {
		if ok(t) {
			return t
		}
	}
}

// at is d at hh:mm China Standard Time, as a UTC instant.
func at(d dangjian.Date, hh, mm int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, dangjian.CST).UTC()
}

// clock returns a usual starting time of a meeting.
func (l *life) clock() (int, int) {
	c := [][2]int{{9, 0}, {9, 30}, {10, 0}, {14, 30}, {15, 0}, {15, 30}, {16, 0}}[l.rng.IntN(7)]
	return c[0], c[1]
}

var leaveReasons = []string{"出差", "出差", "公务外出", "公务外出", "病假", "事假", "参加培训", "下乡驻村", "参加上级会议", "休假"}

// fullOn reports whether m was a full member, with a vote, on d.
func fullOn(m *dangjian.Member, d dangjian.Date) bool {
	return m.Status == dangjian.StatusFull && (m.ConfirmedOn.IsZero() || !m.ConfirmedOn.After(d))
}

// attendance draws who came to a meeting on d of ms: most present, some on
// leave with a reason, a few absent; skippers mostly away. For a quorum
// kind it then makes the quorum met, or short when short is set.
func (l *life) attendance(kind string, ms, due []*dangjian.Member, d dangjian.Date, short bool, host, lecturer *dangjian.Member) ([]dangjian.Attendance, dangjian.Quorum) {
	r := l.rng
	att := make([]dangjian.Attendance, 0, len(ms))
	leads := func(id int64) bool { return id == host.ID || lecturer != nil && id == lecturer.ID }
	for _, m := range ms {
		if m.JoinedOn.After(d) {
			continue
		}
		a := dangjian.Attendance{MemberID: m.ID, Status: dangjian.AttendPresent}
		p := r.Float64()
		switch {
		case leads(m.ID):
			// The host and the lecturer are there.
		case l.skip[m.ID] && kind != dangjian.MeetingDemocraticLifeMeeting:
			if p < 0.55 {
				a.Status, a.Reason = dangjian.AttendLeave, []string{"公务外出", "参加上级会议", "出差"}[r.IntN(3)]
			} else if p < 0.85 {
				a.Status = dangjian.AttendAbsent
			}
		case p < 0.07:
			a.Status, a.Reason = dangjian.AttendLeave, leaveReasons[r.IntN(len(leaveReasons))]
		case p < 0.09:
			a.Status = dangjian.AttendAbsent
		}
		att = append(att, a)
	}
	var dues []dangjian.Due
	for _, m := range due {
		if !m.JoinedOn.After(d) {
			dues = append(dues, dangjian.Due{MemberID: m.ID, Full: fullOn(m, d)})
		}
	}
	q := dangjian.MeetingQuorum(l.rules, kind, dues, att)
	switch kind {
	case dangjian.MeetingAssembly, dangjian.MeetingCommittee, dangjian.MeetingDemocraticLifeMeeting:
	default:
		return att, q
	}
	// Bring the quorum to where the plan wants it, one person at a time:
	// latecomers who did come after all, or, for a meeting that fell
	// short, people called away.
	voter := map[int64]bool{}
	for _, du := range dues {
		if du.Full || kind != dangjian.MeetingAssembly {
			voter[du.MemberID] = true
		}
	}
	if kind == dangjian.MeetingDemocraticLifeMeeting {
		for _, a := range att {
			voter[a.MemberID] = true
		}
	}
	for i := range att {
		if q.Met != short {
			break
		}
		a := &att[i]
		if !voter[a.MemberID] || l.skip[a.MemberID] && !short {
			continue
		}
		switch {
		case !short && a.Status != dangjian.AttendPresent:
			a.Status, a.Reason = dangjian.AttendPresent, ""
		case short && a.Status == dangjian.AttendPresent && !leads(a.MemberID):
			a.Status, a.Reason = dangjian.AttendLeave, leaveReasons[r.IntN(len(leaveReasons))]
		default:
			continue
		}
		q = dangjian.MeetingQuorum(l.rules, kind, dues, att)
	}
	return att, q
}

// meeting is one meeting to record.
type meeting struct {
	kind, topic, place string
	day                dangjian.Date
	lecturer           *dangjian.Member
	due                []*dangjian.Member // for the quorum; nil: the attendance
	short              bool               // below quorum on purpose
	merged, suspected  bool
	confirmed          bool
}

// record settles and queues one meeting of ol and counts it.
func (l *life) record(ctx context.Context, ol *orgLife, mt meeting) error {
	if !mt.day.Before(l.today) {
		return nil
	}
	hh, mm := l.clock()
	if mt.kind == dangjian.MeetingThemeDay {
		hh, mm = []int{9, 14, 15}[l.rng.IntN(3)], 0
	}
	m := &dangjian.Meeting{ID: l.ids.Meeting, OrgID: ol.org.ID, Kind: mt.kind, HeldAt: at(mt.day, hh, mm), Topic: mt.topic,
		Location: mt.place, MergedWithAdmin: mt.merged}
	l.ids.Meeting++
	m.HostID = &ol.host.ID
	if mt.lecturer != nil {
		m.LecturerID = &mt.lecturer.ID
	}
	att, q := l.attendance(mt.kind, ol.members, mt.due, mt.day, mt.short, ol.host, mt.lecturer)
	m.Quorum = q
	if mt.suspected {
		// Registered the administrative meeting it overlaps.
		am := &dangjian.AdminMeeting{ID: l.ids.AdminMeeting, OrgID: l.top, HeldAt: m.HeldAt.Add(-30 * time.Minute),
			EndsAt: m.HeldAt.Add(90 * time.Minute), Title: l.place + []string{"局务会议", "主任办公会议", "工作例会", "领导班子会议"}[l.rng.IntN(4)]}
		l.ids.AdminMeeting++
		if err := l.load.AddAdminMeeting(ctx, am); err != nil {
			return err
		}
		l.sum.Life.AdminMeetings++
		if mt.confirmed {
			m.SeparateReason = "经核实，党组织会议在行政会议结束后单独召开，议程和记录分开"
		} else {
			m.SuspectedMerged = true
		}
	}
	if mt.merged {
		m.Topic += "（与行政会议合并召开）"
		m.Location = l.place + "会议室"
	}
	present, leave := 0, 0
	for _, a := range att {
		switch a.Status {
		case dangjian.AttendPresent:
			present++
		case dangjian.AttendLeave:
			leave++
		}
	}
	if l.attend {
		// Past attendLimit the towns' meetings keep their counts in the
		// minutes and leave the agenda out, a sixth of a meeting's row.
		m.Agenda = agendas[mt.kind]
	}
	m.Minutes = fmt.Sprintf("应到%d人，实到%d人，请假%d人，缺席%d人。会议由%s主持。", len(att), present, leave, len(att)-present-leave, ol.host.Name)
	if !q.Met {
		m.Minutes += "到会人数未过半数，会议议题改期讨论。"
	}
	m.Counted = m.Counts()
	if l.attend {
		m.Attendance = att
		l.sum.Life.Attendance += len(att)
	}
	if err := l.load.AddMeeting(ctx, m); err != nil {
		return err
	}
	s := &l.sum.Life
	s.Meetings++
	switch {
	case m.Counted:
		s.Counted++
		l.counts[countKey{m.OrgID, m.Kind, m.Month()}]++
	case m.MergedWithAdmin:
		s.Merged++
	case m.SuspectedMerged:
		s.SuspectedMerged++
	case !q.Met:
		s.BelowQuorum++
	}
	return nil
}

// flawed applies the plan's flaws for kind in month d to mt; false when
// the meeting was skipped.
func (ol *orgLife) flawed(mt *meeting) bool {
	k := mt.kind + monthKey(mt.day)
	if ol.flaws.skip[k] {
		return false
	}
	mt.merged = ol.flaws.merged == k
	if ol.flaws.suspected == k {
		mt.suspected, mt.confirmed = true, ol.flaws.confirmed
	}
	return true
}

// branch records a branch's meetings: a committee meeting (with a
// committee), a theme day each month; an assembly and a lecture each
// quarter; a life meeting late last year.
func (l *life) branch(ctx context.Context, ol *orgLife, leaders []*dangjian.Member) error {
	r := l.rng
	room := site(l.place, ol.org.Name) + []string{"党员活动室", "会议室", "三楼会议室", "党建活动室", "二楼会议室"}[r.IntN(5)]
	themeDay := 5 + r.IntN(20) // a relatively fixed day each month
	lecturers := append([]*dangjian.Member{}, ol.committee...)
	if len(lecturers) == 0 {
		lecturers = []*dangjian.Member{ol.host}
	}
	// The unit's head lectures once a year in the branch he belongs to.
	var head *dangjian.Member
	if len(leaders) > 0 && leaders[0].OrgID == ol.org.ID && !l.skip[leaders[0].ID] {
		head = leaders[0]
	}
	assemblyMonth, lectureMonth := map[string]int{}, map[string]int{}
	for _, d := range l.months() {
		y, m := d.Year(), d.Month()
		if len(ol.committee) >= 2 {
			mt := meeting{kind: dangjian.MeetingCommittee, day: workday(y, m, 2+r.IntN(8)), place: room,
				topic: pick(r, committeeTopics), due: ol.committee}
			if ol.flawed(&mt) {
				if err := l.record(ctx, withMembers(ol, ol.committee), mt); err != nil {
					return err
				}
			}
		}
		mt := meeting{kind: dangjian.MeetingThemeDay, day: workday(y, m, themeDay), place: room, topic: l.themeTopic(d)}
		if r.IntN(6) == 0 {
			mt.place = pick(r, outings)
		}
		if ol.flawed(&mt) {
			if err := l.record(ctx, ol, mt); err != nil {
				return err
			}
		}
		q := quarterKey(d)
		if _, ok := assemblyMonth[q]; !ok {
			assemblyMonth[q] = int(m) + r.IntN(3)
			lectureMonth[q] = int(m) + r.IntN(3)
		}
		if int(m) == assemblyMonth[q] {
			mt := meeting{kind: dangjian.MeetingAssembly, day: workday(y, m, 10+r.IntN(15)), place: room,
				topic: l.assemblyTopic(d), due: ol.members}
			short := ol.flaws.belowQuorum == q
			mt.short = short
			if err := l.record(ctx, ol, mt); err != nil {
				return err
			}
			if short && ol.flaws.makeUp {
				mt.short, mt.day = false, workday(y, m, mt.day.Day()+7)
				mt.topic = "补开党员大会：" + mt.topic
				if err := l.record(ctx, ol, mt); err != nil {
					return err
				}
			}
		}
		if int(m) == lectureMonth[q] && !ol.flaws.skip[dangjian.MeetingLecture+q] {
			lec := lecturers[r.IntN(len(lecturers))]
			if r.IntN(2) == 0 {
				lec = ol.host
			}
			if head != nil && m >= 4 && m <= 6 {
				lec = head
			}
			mt := meeting{kind: dangjian.MeetingLecture, day: workday(y, m, 8+r.IntN(18)), place: room,
				topic: pick(r, lectureTopics), lecturer: lec}
			if err := l.record(ctx, ol, mt); err != nil {
				return err
			}
		}
		if y == l.from.Year() && m == time.December && !ol.flaws.skip[dangjian.MeetingLifeMeeting] {
			mt := meeting{kind: dangjian.MeetingLifeMeeting, day: workday(y, m, 15+r.IntN(12)), place: room,
				topic: fmt.Sprintf("%d年度专题组织生活会暨民主评议党员", y)}
			if err := l.record(ctx, ol, mt); err != nil {
				return err
			}
		}
	}
	return nil
}

// site is where a branch meets: its unit's premises, or the institution
// it serves (县实验小学第二党支部 meets at 县实验小学).
func site(unit, branch string) string {
	if strings.HasPrefix(branch, unit) {
		return unit
	}
	name := strings.TrimSuffix(branch, "党支部")
	if i := strings.LastIndex(name, "第"); i > 0 && strings.Trim(name[i+len("第"):], "一二三四五六七八九十百零") == "" {
		name = name[:i]
	}
	return name
}

// withMembers is ol with others attending: a committee meeting is its
// committee's.
func withMembers(ol *orgLife, ms []*dangjian.Member) *orgLife {
	c := *ol
	c.members = ms
	return &c
}

// group records a party group's monthly meeting.
func (l *life) group(ctx context.Context, ol *orgLife) error {
	r := l.rng
	for _, d := range l.months() {
		mt := meeting{kind: dangjian.MeetingGroup, day: workday(d.Year(), d.Month(), 12+r.IntN(14)),
			place: l.place + "会议室", topic: "党小组学习：" + pick(r, groupTopics)}
		if ol.flawed(&mt) {
			if err := l.record(ctx, ol, mt); err != nil {
				return err
			}
		}
	}
	return nil
}

// container records the meetings of an organ party committee or general
// branch: its committee each month, and, for a general branch, an
// assembly and a lecture each quarter; a party committee's secretary
// lectures once a year. Their meetings are their committee's, as the app
// counts them.
func (l *life) container(ctx context.Context, ol *orgLife) error {
	r := l.rng
	room := l.place + "会议室"
	general := ol.org.Kind == dangjian.KindGeneralBranch
	for _, d := range l.months() {
		y, m := d.Year(), d.Month()
		if err := l.record(ctx, ol, meeting{kind: dangjian.MeetingCommittee, day: workday(y, m, 3+r.IntN(6)), place: room,
			topic: pick(r, committeeTopics), due: ol.committee}); err != nil {
			return err
		}
		if general && (m-1)%3 == 1 {
			if err := l.record(ctx, ol, meeting{kind: dangjian.MeetingAssembly, day: workday(y, m, 12+r.IntN(10)), place: room,
				topic: l.assemblyTopic(d), due: ol.committee}); err != nil {
				return err
			}
			if err := l.record(ctx, ol, meeting{kind: dangjian.MeetingLecture, day: workday(y, m, 20+r.IntN(6)), place: room,
				topic: pick(r, lectureTopics), lecturer: ol.host}); err != nil {
				return err
			}
		}
		if !general && m == time.June {
			if err := l.record(ctx, ol, meeting{kind: dangjian.MeetingLecture, day: workday(y, m, 20+r.IntN(6)), place: room,
				topic: "书记讲党课：" + pick(r, lectureTopics), lecturer: ol.host}); err != nil {
				return err
			}
		}
	}
	return nil
}

// leadingGroup records a 党组's yearly lecture by its secretary and its
// democratic life meeting last year, attended by the unit's leading cadres.
func (l *life) leadingGroup(ctx context.Context, ol *orgLife) error {
	r := l.rng
	room := l.place + "党组会议室"
	y := l.from.Year()
	for _, yy := range []int{y, y + 1} {
		if err := l.record(ctx, ol, meeting{kind: dangjian.MeetingLecture, day: workday(yy, time.Month(4+r.IntN(3)), 5+r.IntN(20)), place: room,
			topic: "党组书记讲党课：" + pick(r, lectureTopics), lecturer: ol.host}); err != nil {
			return err
		}
	}
	return l.record(ctx, ol, meeting{kind: dangjian.MeetingDemocraticLifeMeeting, day: workday(y, time.December, 18+r.IntN(10)),
		place: room, topic: fmt.Sprintf("%d年度党组领导班子民主生活会", y)})
}

// talks records a branch's heart-to-heart talks (orglife.talks): the
// committee with each other and with every member, most pairs in small
// branches and fewer in large ones; this year's so far in proportion.
func (l *life) talks(ctx context.Context, ol *orgLife) error {
	if !l.attend {
		return nil
	}
	r := l.rng
	talkers := ol.committee
	if len(talkers) == 0 {
		talkers = []*dangjian.Member{ol.host}
	}
	share := 0.97
	switch n := len(ol.members); {
	case n > 30:
		share = 0.6 + 0.3*r.Float64()
	case n > 15:
		share = 0.8 + 0.18*r.Float64()
	}
	thisYear := l.today.Year()
	done := float64(dangjian.NewDate(thisYear, 1, 1).DaysUntil(l.today)) / 365
	seen := map[[2]int64]bool{}
	for _, a := range talkers {
		for _, b := range ol.members {
			p := [2]int64{min(a.ID, b.ID), max(a.ID, b.ID)}
			if a == b || seen[p] {
				continue
			}
			seen[p] = true
			for _, y := range []int{thisYear - 1, thisYear} {
				want := share
				last := dangjian.NewDate(y, 12, 31)
				if y == thisYear {
					want *= done
					last = l.today.AddDays(-1)
				}
				if r.Float64() >= want {
					continue
				}
				first := dangjian.NewDate(y, 1, 1)
				on := first.AddDays(r.IntN(first.DaysUntil(last) + 1))
				on = workday(on.Year(), on.Month(), on.Day())
				if on.After(last) || b.JoinedOn.After(on) {
					continue
				}
				t := &dangjian.Talk{ID: l.ids.Talk, OrgID: ol.org.ID, AID: a.ID, BID: b.ID, HeldOn: on, Topic: pick(r, talkTopics)}
				l.ids.Talk++
				if err := l.load.AddTalk(ctx, t); err != nil {
					return err
				}
				l.sum.Life.Talks++
			}
		}
	}
	return nil
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

func (l *life) themeTopic(d dangjian.Date) string {
	switch d.Month() {
	case time.July:
		return "主题党日活动：庆祝中国共产党成立" + strconv.Itoa(d.Year()-1921) + "周年，重温入党誓词"
	case time.March:
		return "主题党日活动：学雷锋志愿服务进社区"
	case time.April:
		return "主题党日活动：清明祭扫烈士陵园，缅怀革命先烈"
	}
	return "主题党日活动：" + pick(l.rng, themeTopics)
}

func (l *life) assemblyTopic(d dangjian.Date) string {
	switch d.Month() {
	case time.January, time.February:
		return "通报上年度党建工作情况，部署" + strconv.Itoa(d.Year()) + "年党建工作"
	case time.July:
		return "学习贯彻习近平总书记在庆祝建党" + strconv.Itoa(d.Year()-1921) + "周年之际的重要讲话精神，通报上半年党建工作"
	}
	return pick(l.rng, assemblyTopics)
}

var (
	committeeTopics = []string{"研究本月党建工作安排", "研究主题党日活动方案", "研究党员发展工作", "研究党费收缴使用情况",
		"研究党员教育培训计划", "研究谈心谈话安排", "研究组织生活会筹备工作", "研究党风廉政建设工作", "研究意识形态工作"}
	themeTopics = []string{"集中学习《中国共产党章程》", "廉政警示教育，观看警示教育片", "参观红色教育基地", "交纳党费，学习党规党纪",
		"“我为群众办实事”志愿服务", "学习《中国共产党纪律处分条例》", "深入贯彻中央八项规定精神学习教育", "走访慰问困难党员和老党员",
		"学习贯彻习近平新时代中国特色社会主义思想", "党员先锋岗承诺践诺"}
	assemblyTopics = []string{"学习贯彻党的二十大和二十届历次全会精神", "讨论预备党员转正事宜", "讨论接收预备党员",
		"学习贯彻习近平新时代中国特色社会主义思想", "通报本季度党建工作，部署下季度任务", "学习《中国共产党支部工作条例（试行）》",
		"深入贯彻中央八项规定精神学习教育专题学习"}
	lectureTopics = []string{"坚定理想信念，践行初心使命", "以高质量党建引领模范机关建设", "加强作风建设，锤炼过硬本领",
		"学习贯彻党的创新理论，推动工作提质增效", "严守政治纪律和政治规矩", "弘扬焦裕禄精神，争做人民满意公务员", "牢记宗旨，全心全意为人民服务"}
	groupTopics = []string{"学习《习近平谈治国理政》有关篇目", "交流学习体会", "学习党章党规", "学习《中国共产党纪律处分条例》",
		"讨论本组党员思想工作情况", "学习上级文件精神", "开展批评与自我批评"}
	talkTopics = []string{"思想工作交流", "工作生活情况谈心", "征求对支部工作的意见建议", "开展批评与自我批评前谈心", "廉政提醒谈话",
		"了解家庭困难情况", "学习体会交流"}
	outings = []string{"县革命烈士纪念馆", "县廉政教育基地", "焦裕禄纪念园", "社区党群服务中心", "县档案馆", "县烈士陵园"}
	agendas = map[string]string{
		dangjian.MeetingAssembly:              "1. 集体学习；2. 通报支部工作；3. 讨论有关事项；4. 其他事项",
		dangjian.MeetingCommittee:             "1. 学习上级文件；2. 研究议题；3. 布置下阶段工作",
		dangjian.MeetingGroup:                 "1. 集中学习；2. 交流发言；3. 小结",
		dangjian.MeetingLecture:               "1. 授课；2. 交流讨论",
		dangjian.MeetingThemeDay:              "1. 重温入党誓词；2. 集中学习；3. 主题活动",
		dangjian.MeetingLifeMeeting:           "1. 支部书记报告工作；2. 对照检查、批评与自我批评；3. 民主评议党员；4. 制定整改清单",
		dangjian.MeetingDemocraticLifeMeeting: "1. 通报上年度民主生活会整改情况；2. 班子对照检查；3. 个人对照检查、批评与自我批评；4. 上级点评",
	}
)
