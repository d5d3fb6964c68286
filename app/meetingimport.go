package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// The meeting template's headers: a branch that adopts the platform
// mid-year brings its earlier records. Imports read them in any order.
const (
	mhOrg       = "组织"
	mhKind      = "会议类型"
	mhTime      = "时间"
	mhPlace     = "地点"
	mhHost      = "主持人"
	mhRecorder  = "记录人"
	mhTopic     = "主题"
	mhContent   = "内容"
	mhDecisions = "决议"
	mhNames     = "参会人员"
	mhDue       = "应到人数"
	mhPresent   = "实到人数"
	mhLeave     = "请假人数"
)

// exampleTopicPrefix marks the template's example row, which the import
// names as the example instead of importing.
const exampleTopicPrefix = "示例："

// maxPreviewMeetings bounds the meetings a preview lists; the counts
// cover all.
const maxPreviewMeetings = 1000

// meetingColumns are the template's columns, in order.
func meetingColumns() []xlsx.Column {
	kinds := make([]string, len(dangjian.MeetingKinds))
	for i, k := range dangjian.MeetingKinds {
		kinds[i] = dangjian.MeetingKindNames[k]
	}
	return []xlsx.Column{
		{Header: mhOrg, Required: true, Example: "县直机关工委/县财政局党组/县财政局机关党支部", Width: 44},
		{Header: mhKind, Required: true, Allowed: kinds, Example: dangjian.MeetingKindNames[dangjian.MeetingAssembly]},
		{Header: mhTime, Required: true, Type: xlsx.Text, Example: "2026-03-05 14:30"},
		{Header: mhPlace, Example: "机关三楼会议室"},
		{Header: mhHost, Example: "张三"},
		{Header: mhRecorder, Example: "李四"},
		{Header: mhTopic, Required: true, Example: exampleTopicPrefix + "学习贯彻全会精神", Width: 30},
		{Header: mhContent, Example: "传达学习……", Width: 40},
		{Header: mhDecisions, Example: "一、……", Width: 30},
		{Header: mhNames, Example: "张三、李四、王五", Width: 30},
		{Header: mhDue, Example: ""},
		{Header: mhPresent, Example: ""},
		{Header: mhLeave, Example: ""},
	}
}

// meetingFieldColumn maps Meeting.Validate's fields to the headers.
var meetingFieldColumn = map[string]string{
	"org_id": mhOrg, "kind": mhKind, "held_at": mhTime, "topic": mhTopic, "location": mhPlace, "minutes": mhContent,
	"agenda": mhContent, "decisions": mhDecisions, "recorder": mhRecorder, "host_id": mhHost, "attendance": mhNames,
	"head_due": mhDue, "head_present": mhPresent, "head_leave": mhLeave,
}

// meetingKindIn reads a 会议类型 cell: the Chinese name, the identifier,
// or a name the paper books use.
func meetingKindIn(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for k, n := range dangjian.MeetingKindNames {
		if s == k || s == n {
			return k, true
		}
	}
	alias := map[string]string{
		"支部党员大会": dangjian.MeetingAssembly, "党员大会会议": dangjian.MeetingAssembly,
		"支委会": dangjian.MeetingCommittee, "支部委员会": dangjian.MeetingCommittee, "支部委员会会议": dangjian.MeetingCommittee, "委员会会议": dangjian.MeetingCommittee,
		"党小组会议": dangjian.MeetingGroup, "小组会": dangjian.MeetingGroup,
		"专题党课": dangjian.MeetingLecture, "主题党日活动": dangjian.MeetingThemeDay,
		"专题组织生活会": dangjian.MeetingLifeMeeting, "专题民主生活会": dangjian.MeetingDemocraticLifeMeeting,
	}
	k, ok := alias[s]
	return k, ok
}

// MeetingPreview is one meeting an import adds, as the preview lists it.
type MeetingPreview struct {
	Row             int                 `json:"row"`
	OrgID           int64               `json:"org_id"`
	OrgName         string              `json:"org_name"`
	Kind            string              `json:"kind"`
	HeldAt          time.Time           `json:"held_at"`
	Topic           string              `json:"topic"`
	Attendees       int                 `json:"attendees"` // names given; 0 when recorded by counts
	Headcount       *dangjian.Headcount `json:"headcount,omitempty"`
	Quorum          dangjian.Quorum     `json:"quorum"`
	SuspectedMerged bool                `json:"suspected_merged"`
	Counted         bool                `json:"counted"`
}

// MeetingImportResult is the preview, or the outcome, of a meeting
// import: the common counts and problems, how many of the meetings count,
// and the meetings themselves (the first 1,000).
type MeetingImportResult struct {
	ImportResult
	Counted         int              `json:"counted"`
	BelowQuorum     int              `json:"below_quorum"`
	SuspectedMerged int              `json:"suspected_merged"`
	Meetings        []MeetingPreview `json:"meetings"`
}

// meetingRow is one data row of a meeting file: its values and the
// problems found so far by column.
type meetingRow struct {
	num      int
	bad      map[string]bool
	issues   []ImportIssue
	orgCell  string
	hostName string
	names    []string
	m        dangjian.Meeting
	example  bool
}

func (r *meetingRow) fail(column, msg string) {
	if r.bad == nil {
		r.bad = map[string]bool{}
	}
	r.bad[column] = true
	r.issues = append(r.issues, ImportIssue{Row: r.num, Column: column, Message: msg})
}

// parsedMeetings is a meeting file read into rows.
type parsedMeetings struct {
	name, format string
	has          map[string]bool
	rows         []*meetingRow
}

// checkMeetingHeader matches the file's header against the template.
func checkMeetingHeader(t *xlsx.Table, res *ImportResult, defaultOrg bool) map[string]int {
	cols := meetingColumns()
	want := make([]string, len(cols))
	for i, c := range cols {
		want[i] = c.Header
	}
	m := t.Match(want)
	row := t.HeaderRow()
	for _, c := range cols {
		if _, ok := m.Index[c.Header]; !ok && c.Required && !(c.Header == mhOrg && defaultOrg) {
			res.issue(row, c.Header, fmt.Sprintf("缺少「%s」列：请使用会议导入模板的表头", c.Header))
		}
	}
	_, names := m.Index[mhNames]
	_, due := m.Index[mhDue]
	_, present := m.Index[mhPresent]
	if !names && !(due && present) {
		res.issue(row, mhNames, "缺少「参会人员」列，或「应到人数」「实到人数」两列：二者须有其一")
	}
	for _, h := range m.Unknown {
		res.issue(row, h, fmt.Sprintf("无法识别的列「%s」：表头应为 %s", h, strings.Join(want, "、")))
	}
	return m.Index
}

// parseMeetingUpload reads every row of f; problems of the file as a
// whole or of its header end the reading.
func parseMeetingUpload(f ImportFile, opt ImportOptions) (*parsedMeetings, *MeetingImportResult, error) {
	t, base, err := openUpload(f)
	if err != nil {
		return nil, nil, err
	}
	res := &MeetingImportResult{ImportResult: *base, Meetings: []MeetingPreview{}}
	if t == nil {
		return nil, res, nil
	}
	defer t.Close()
	idx := checkMeetingHeader(t, &res.ImportResult, strings.TrimSpace(opt.Org) != "")
	if res.ErrorCount > 0 {
		return nil, res, nil
	}
	p := &parsedMeetings{name: f.Name, format: t.Format(), has: map[string]bool{}}
	for h := range idx {
		p.has[h] = true
	}
	for t.Next() {
		p.rows = append(p.rows, parseMeetingRow(t, idx, t.Row()))
		if n := len(p.rows); n%5000 == 0 {
			opt.progress("read", n, 0)
		}
	}
	if err := t.Err(); err != nil {
		var xe *xlsx.Error
		if errors.As(err, &xe) {
			res.issue(xe.Row, xe.Column, xe.Message)
			return nil, res, nil
		}
		return nil, nil, fmt.Errorf("read upload: %w", err)
	}
	opt.progress("read", len(p.rows), len(p.rows))
	return p, res, nil
}

// clockRe is a time of day at the end of a 时间 cell: 14:30, 14：30:00,
// 14时30分.
var clockRe = regexp.MustCompile(`\s*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})?)?秒?\s*$`)

// serialRe is an Excel date-time serial: days, and the time of day as a
// fraction.
var serialRe = regexp.MustCompile(`^\d{1,7}(\.\d+)?$`)

// parseHeldAt reads a 时间 cell as China Standard Time: a date and an
// optional time of day (00:00 when none), or an Excel serial.
func parseHeldAt(t *xlsx.Table, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("无法识别的时间「%s」，请写成 2026-03-05 14:30", s)
	if serialRe.MatchString(s) && !(len(s) == 4 && s >= "1900" && s <= "2199") {
		whole, frac, _ := strings.Cut(s, ".")
		y, mo, d, err := t.ParseDate(whole)
		if err != nil {
			return time.Time{}, err
		}
		secs := 0
		if frac != "" {
			f, err := strconv.ParseFloat("0."+frac, 64)
			if err != nil {
				return time.Time{}, bad
			}
			secs = int(math.Round(f*86400/60)) * 60 // to the minute: serials carry rounding noise
		}
		return time.Date(y, mo, d, 0, 0, 0, 0, dangjian.CST).Add(time.Duration(secs) * time.Second), nil
	}
	var h, mi, sec int
	datePart := s
	if strings.ContainsAny(s, "Tt") && !strings.Contains(s, "年") {
		datePart = strings.Replace(strings.Replace(s, "T", " ", 1), "t", " ", 1)
		datePart = strings.TrimSuffix(strings.TrimSuffix(datePart, "Z"), "z")
	}
	if m := clockRe.FindStringSubmatchIndex(datePart); m != nil && m[0] > 0 {
		parts := clockRe.FindStringSubmatch(datePart)
		h, _ = strconv.Atoi(parts[1])
		mi, _ = strconv.Atoi(parts[2])
		if parts[3] != "" {
			sec, _ = strconv.Atoi(parts[3])
		}
		if h > 23 || mi > 59 || sec > 59 {
			return time.Time{}, fmt.Errorf("时间「%s」不存在", s)
		}
		datePart = datePart[:m[0]]
	}
	y, mo, d, err := t.ParseDate(datePart)
	if err != nil {
		if strings.Contains(err.Error(), "不存在") {
			return time.Time{}, fmt.Errorf("时间「%s」不存在", s)
		}
		return time.Time{}, bad
	}
	return time.Date(y, mo, d, h, mi, sec, 0, dangjian.CST), nil
}

// parseCount reads a whole number of people.
func parseCount(s string) (int, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "人"))
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > 100000 {
		return 0, fmt.Errorf("「%s」不是人数：请填写 0 或正整数", s)
	}
	return int(f), nil
}

// splitNames cuts a 参会人员 cell into names: separated by 、，, ; or
// spaces of any width, or one a line.
func splitNames(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,；; \t\r\n\u3000/／", r)
	})
}

// parseMeetingRow reads the cells of one row; bad values are noted by
// column.
func parseMeetingRow(t *xlsx.Table, idx map[string]int, r xlsx.Row) *meetingRow {
	mr := &meetingRow{num: r.Num}
	cell := func(h string) string {
		i, ok := idx[h]
		if !ok || i >= len(r.Cells) {
			return ""
		}
		return strings.TrimSpace(r.Cells[i])
	}
	m := &mr.m
	m.Imported = true
	mr.orgCell = cell(mhOrg)
	m.Topic = cell(mhTopic)
	if strings.HasPrefix(m.Topic, exampleTopicPrefix) {
		mr.fail(mhTopic, "这是模板中的示例行，请删除后再导入")
		mr.example = true
		return mr
	}
	if s := cell(mhKind); s == "" {
		mr.fail(mhKind, "请填写会议类型")
	} else if k, ok := meetingKindIn(s); ok {
		m.Kind = k
	} else {
		names := make([]string, len(dangjian.MeetingKinds))
		for i, k := range dangjian.MeetingKinds {
			names[i] = dangjian.MeetingKindNames[k]
		}
		mr.fail(mhKind, fmt.Sprintf("「%s」无效：会议类型须为 %s", s, strings.Join(names, "、")))
	}
	if s := cell(mhTime); s == "" {
		mr.fail(mhTime, "请填写会议时间")
	} else if at, err := parseHeldAt(t, s); err != nil {
		mr.fail(mhTime, err.Error())
	} else {
		m.HeldAt = at
	}
	m.Location = cell(mhPlace)
	mr.hostName = cell(mhHost)
	m.Recorder = cell(mhRecorder)
	m.Minutes = cell(mhContent)
	m.Decisions = cell(mhDecisions)
	names := cell(mhNames)
	due, present, leave := cell(mhDue), cell(mhPresent), cell(mhLeave)
	switch {
	case names != "" && (due != "" || present != "" || leave != ""):
		mr.fail(mhNames, "参会人员与应到、实到、请假人数只填一种：列出姓名，或只填人数")
	case names != "":
		mr.names = splitNames(names)
	case due == "" && present == "" && leave == "":
		mr.fail(mhNames, "请填写参会人员姓名，或应到人数和实到人数")
	default:
		h := &dangjian.Headcount{}
		for _, c := range []struct {
			col string
			s   string
			dst *int
		}{{mhDue, due, &h.Due}, {mhPresent, present, &h.Present}, {mhLeave, leave, &h.Leave}} {
			if c.s == "" {
				if c.col != mhLeave {
					mr.fail(c.col, fmt.Sprintf("按人数登记时须填写%s", c.col))
				}
				continue
			}
			n, err := parseCount(c.s)
			if err != nil {
				mr.fail(c.col, err.Error())
			}
			*c.dst = n
		}
		m.Headcount = h
	}
	return mr
}

// orgPeople are the people of an organization a name in an imported
// record may be: its own members, or for an organization above branches
// its committee.
type orgPeople struct {
	due    []dangjian.Due
	byName map[string][]int64
}

func (a *App) peopleOf(ctx context.Context, tx *sqlstore.Tx, o *dangjian.Org) (*orgPeople, error) {
	var pool []dangjian.Due
	if o.Kind == dangjian.KindBranch || o.Kind == dangjian.KindGroup {
		ms, err := orgMembersOf(ctx, tx, o)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			pool = append(pool, dueOf(m))
		}
	} else {
		var err error
		if pool, err = committeeDue(ctx, tx, o); err != nil {
			return nil, err
		}
	}
	p := &orgPeople{due: pool, byName: map[string][]int64{}}
	for _, d := range pool {
		p.byName[d.Name] = append(p.byName[d.Name], d.MemberID)
	}
	return p, nil
}

// person resolves a name among the people; msg says why it cannot.
func (p *orgPeople) person(name, orgName string) (int64, string) {
	switch ids := p.byName[name]; len(ids) {
	case 0:
		return 0, fmt.Sprintf("「%s」不是「%s」的在册党员", name, orgName)
	case 1:
		return ids[0], ""
	default:
		return 0, fmt.Sprintf("「%s」有 %d 名同名党员，无法区分：请改为填写人数", name, len(ids))
	}
}

// meetingKey identifies a meeting for finding duplicates.
type meetingKey struct {
	org  int64
	kind string
	at   int64
}

// checkMeetingRows resolves and checks the parsed rows inside tx: the
// organization within the actor's scope, names among its members, the
// meeting's own rules, duplicates; then computes quorum, the
// suspected-merged flag and whether each counts, as RecordMeeting does.
func (a *App) checkMeetingRows(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, p *parsedMeetings, opt ImportOptions, res *MeetingImportResult) (*dangjian.Org, error) {
	res.Rows = len(p.rows)
	x, err := loadOrgIndex(ctx, tx, foldScopes(actor.Scopes(dangjian.PermOrgRead), actor.Scopes(dangjian.PermOrgWrite), actor.Scopes(dangjian.PermMemberWrite)))
	if err != nil {
		return nil, err
	}
	var within *dangjian.Org
	if s := strings.TrimSpace(opt.Org); s != "" {
		r := x.resolve(s, nil)
		if r.org == nil {
			return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: r.msg, Fields: map[string]string{"org": r.msg}}
		}
		within = r.org
	}
	people := map[int64]*orgPeople{}
	seen := map[meetingKey]int{}
	now := a.db.Now()
	for i, r := range p.rows {
		if i%500 == 0 {
			opt.progress("check", i, len(p.rows))
		}
		if r.example {
			continue
		}
		m := &r.m
		var org *dangjian.Org
		switch cell := r.orgCell; {
		case cell != "":
			if rv := x.resolve(cell, within); rv.org != nil {
				org = rv.org
			} else {
				r.fail(mhOrg, rv.msg)
			}
		case within != nil:
			org = within
		default:
			r.fail(mhOrg, "请填写组织")
		}
		if org != nil && !actor.HasPerm(dangjian.PermOrgWrite, org.Path) && !actor.HasPerm(dangjian.PermMemberWrite, org.Path) {
			r.fail(mhOrg, fmt.Sprintf("没有为「%s」登记会议的权限", x.vis[org.ID]))
			org = nil
		}
		if org != nil {
			m.OrgID, m.OrgName = org.ID, org.Name
			pp := people[org.ID]
			if pp == nil {
				if pp, err = a.peopleOf(ctx, tx, org); err != nil {
					return nil, err
				}
				people[org.ID] = pp
			}
			if r.hostName != "" {
				if id, msg := pp.person(r.hostName, org.Name); msg != "" {
					r.fail(mhHost, msg)
				} else {
					m.HostID = &id
				}
			}
			if r.names != nil {
				a.attendanceFromNames(r, pp, org)
			}
		}
		probe := *m
		if probe.OrgID == 0 {
			probe.OrgID = -1 // named under 组织 already; keep Validate from saying it twice
		}
		if err := probe.Validate(now); err != nil {
			fields := dangjian.ErrorFields(err)
			keys := make([]string, 0, len(fields))
			for f := range fields {
				keys = append(keys, f)
			}
			sort.Strings(keys)
			for _, f := range keys {
				col := meetingFieldColumn[f]
				if f == "org_id" && probe.OrgID == -1 {
					continue
				}
				if col == "" {
					col = mhNames // attendance[i]...: the names
				}
				if !r.bad[col] {
					r.fail(col, fields[f])
				}
			}
		}
		*m = probe
		m.OrgID = max(m.OrgID, 0)
		if len(r.issues) > 0 || org == nil {
			continue
		}
		key := meetingKey{org.ID, m.Kind, m.HeldAt.Unix()}
		if first, dup := seen[key]; dup {
			r.fail(mhTime, fmt.Sprintf("与第 %d 行是同一组织同一时间的同类会议", first))
			continue
		}
		seen[key] = r.num
		exists, err := tx.MeetingExists(ctx, org.ID, m.Kind, m.HeldAt)
		if err != nil {
			return nil, err
		}
		if exists {
			r.fail(mhTime, "该组织在这一时间已登记过同类会议（重复导入？）")
			continue
		}
		if err := a.settle(ctx, tx, org, m); err != nil {
			if dangjian.ErrorCode(err) != dangjian.EINVALID {
				return nil, err
			}
			r.fail(mhNames, dangjian.ErrorMessage(err))
			continue
		}
	}
	opt.progress("check", len(p.rows), len(p.rows))
	for _, r := range p.rows {
		for _, is := range r.issues {
			res.issue(is.Row, is.Column, is.Message)
		}
		if len(r.issues) > 0 {
			continue
		}
		m := &r.m
		res.Added++
		switch {
		case m.Counted:
			res.Counted++
		case m.SuspectedMerged:
			res.SuspectedMerged++
		case !m.Quorum.Met:
			res.BelowQuorum++
		}
		if len(res.Meetings) < maxPreviewMeetings {
			res.Meetings = append(res.Meetings, MeetingPreview{Row: r.num, OrgID: m.OrgID, OrgName: m.OrgName, Kind: m.Kind, HeldAt: m.HeldAt,
				Topic: m.Topic, Attendees: len(r.names), Headcount: m.Headcount, Quorum: m.Quorum, SuspectedMerged: m.SuspectedMerged, Counted: m.Counted})
		}
	}
	return within, nil
}

// attendanceFromNames makes a meeting's attendance from the names given:
// those named present, everyone else due at such a meeting absent (so
// the record reads as the paper did: due, present). For a democratic
// life meeting the list is who was due.
func (a *App) attendanceFromNames(r *meetingRow, pp *orgPeople, o *dangjian.Org) {
	present := map[int64]bool{}
	var att []dangjian.Attendance
	for _, n := range r.names {
		id, msg := pp.person(n, o.Name)
		if msg != "" {
			r.fail(mhNames, msg)
			continue
		}
		if present[id] {
			r.fail(mhNames, fmt.Sprintf("「%s」重复列出", n))
			continue
		}
		present[id] = true
		att = append(att, dangjian.Attendance{MemberID: id, Name: n, Status: dangjian.AttendPresent})
	}
	if r.m.Kind != dangjian.MeetingDemocraticLifeMeeting && r.m.Kind != dangjian.MeetingCommittee &&
		(o.Kind == dangjian.KindBranch || o.Kind == dangjian.KindGroup) {
		for _, d := range pp.due {
			if !present[d.MemberID] {
				att = append(att, dangjian.Attendance{MemberID: d.MemberID, Name: d.Name, Status: dangjian.AttendAbsent})
			}
		}
	}
	r.m.Attendance = att
}

// writeMeetingRows writes the checked meetings, the counts (one bump per
// organization, kind and month, in a fixed order) and one audit row.
func (a *App) writeMeetingRows(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, p *parsedMeetings, within *dangjian.Org, res *MeetingImportResult) error {
	type bump struct {
		org   int64
		kind  string
		month string
	}
	bumps := map[bump]int{}
	orgs := map[int64]bool{}
	for _, r := range p.rows {
		m := &r.m
		if err := tx.CreateMeeting(ctx, m, userID(actor)); err != nil {
			return err
		}
		orgs[m.OrgID] = true
		if m.Counted {
			bumps[bump{m.OrgID, m.Kind, m.Month()}]++
		}
	}
	keys := make([]bump, 0, len(bumps))
	for k := range bumps {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].org != keys[j].org {
			return keys[i].org < keys[j].org
		}
		if keys[i].kind != keys[j].kind {
			return keys[i].kind < keys[j].kind
		}
		return keys[i].month < keys[j].month
	})
	for _, k := range keys {
		if err := tx.BumpMeetingCount(ctx, k.org, k.kind, k.month, bumps[k]); err != nil {
			return err
		}
	}
	var orgID int64
	if within != nil {
		orgID = within.ID
	} else if len(orgs) == 1 {
		for id := range orgs {
			orgID = id
		}
	}
	res.Written = true
	return audit(ctx, tx, actor, "meeting.import", "meeting", 0, orgID, map[string]any{
		"file": p.name, "format": p.format, "rows": res.Rows, "added": res.Added, "counted": res.Counted,
		"below_quorum": res.BelowQuorum, "suspected_merged": res.SuspectedMerged, "orgs": len(orgs)})
}

// canRecordAnywhere reports whether the actor may record meetings
// somewhere.
func canRecordAnywhere(actor *dangjian.Actor) bool {
	return actor.HasPermAnywhere(dangjian.PermOrgWrite) || actor.HasPermAnywhere(dangjian.PermMemberWrite)
}

// ImportMeetings imports past meetings from a file: every row is checked
// and, unless opt.DryRun, the meetings are written in one transaction
// with their counts, all or nothing, each marked imported. A file with
// problems returns the result with them and an invalid error.
func (a *App) ImportMeetings(ctx context.Context, actor *dangjian.Actor, f ImportFile, opt ImportOptions) (*MeetingImportResult, error) {
	if !canRecordAnywhere(actor) {
		return nil, forbidden()
	}
	return a.importMeetings(ctx, actor, f, opt, nil)
}

// importMeetings is ImportMeetings; onWrite, when set, runs last in the
// writing transaction (a staged upload marks itself done there).
func (a *App) importMeetings(ctx context.Context, actor *dangjian.Actor, f ImportFile, opt ImportOptions, onWrite func(tx *sqlstore.Tx, res *MeetingImportResult) error) (*MeetingImportResult, error) {
	p, res, err := parseMeetingUpload(f, opt)
	if err != nil {
		return nil, err
	}
	res.DryRun = opt.DryRun
	if p == nil {
		return res, res.failure()
	}
	run := a.db.Update
	if opt.DryRun {
		run = a.db.View
	}
	err = run(ctx, func(tx *sqlstore.Tx) error {
		within, err := a.checkMeetingRows(ctx, tx, actor, p, opt, res)
		if err != nil {
			return err
		}
		if res.ErrorCount > 0 {
			return res.failure()
		}
		if opt.DryRun {
			return nil
		}
		if err := a.writeMeetingRows(ctx, tx, actor, p, within, res); err != nil {
			return err
		}
		if onWrite != nil {
			return onWrite(tx, res)
		}
		return nil
	})
	if res.ErrorCount > 0 {
		res.Written = false
		return res, res.failure()
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// MeetingTemplate is the meeting import template: the header, an example
// row that cannot be imported, drop-downs, and the 填写说明 sheet.
func (a *App) MeetingTemplate(actor *dangjian.Actor) (*Export, error) {
	if !canRecordAnywhere(actor) {
		return nil, forbidden()
	}
	l := ImportLimits()
	notes := [][2]string{
		{"组织", "填写从顶层党组织开始、用“/”分隔的完整路径，也可只写本单位以下的一段（不重名时），或填写组织编码；须是您有权登记会议的组织。"},
		{"会议类型", "党员大会、支委会会议、党小组会、党课、主题党日、组织生活会、民主生活会或其他。"},
		{"时间", "会议开始时间（北京时间），如 2026-03-05 14:30，也可写 2026/3/5 14:30、2026年3月5日 14:30 或 Excel 日期时间；只写日期时按 0 点记。"},
		{"主持人", "填写该组织在册党员的姓名；可留空。"},
		{"参会人员", "出席会议的党员姓名，用顿号、逗号或空格分隔，须是该组织的在册党员；未列出的应到党员记为缺席。" +
			"没有名单的，可不填本列，改填应到人数、实到人数（和请假人数）。二者只填一种。"},
		{"法定人数", "按与登记会议相同的规则计算：党员大会、支委会会议到会超过半数，民主生活会不少于三分之二；不足的会议照常导入但标注且不计入。" +
			"与已登记的行政会议时间重叠的，标为疑似合并，须书记确认后才计入。"},
		{"全部或全不", "任何一行有错时不写入任何数据；可下载带“错误说明”列的文件，改正后直接重新上传。同一组织同一时间的同类会议不能重复导入。"},
		{"限制", fmt.Sprintf("文件不超过 %s，最多 %d 行；支持 .xlsx 和 .csv（UTF-8 或 GB18030）。导入的会议标注“导入”。",
			sizeText(l.MaxBytes), l.MaxRows)},
	}
	return &Export{
		Filename: "会议记录导入模板.xlsx", Format: xlsx.FormatXLSX,
		stream: func(ctx context.Context, w io.Writer) error {
			return xlsx.Template(w, "会议记录", meetingColumns(), notes)
		},
	}, nil
}

// MeetingImportErrors is f back as a workbook with a 错误说明 column and
// the list of problems.
func (a *App) MeetingImportErrors(ctx context.Context, actor *dangjian.Actor, f ImportFile) (*Export, error) {
	res, err := a.ImportMeetings(ctx, actor, f, ImportOptions{DryRun: true})
	if err != nil && res == nil {
		return nil, err
	}
	return errorWorkbook(f, "会议导入文件", meetingColumns(), res.Errors), nil
}

// StageMeetingImport keeps an upload for the preview and confirmation
// steps; a file refused as a whole is not kept.
func (a *App) StageMeetingImport(ctx context.Context, actor *dangjian.Actor, f ImportFile) (int64, *MeetingImportResult, error) {
	if !canRecordAnywhere(actor) || actor.UserID == 0 {
		return 0, nil, forbidden()
	}
	t, base, err := openUpload(f)
	if err != nil {
		return 0, nil, err
	}
	res := &MeetingImportResult{ImportResult: *base, Meetings: []MeetingPreview{}}
	if t != nil {
		checkMeetingHeader(t, &res.ImportResult, false)
		t.Close()
	}
	if res.ErrorCount > 0 {
		return 0, res, res.failure()
	}
	id, err := a.keepUpload(ctx, actor, uploadMeetings, f)
	return id, nil, err
}

// PreviewStagedMeetingImport checks a kept upload without writing; a
// confirmed one answers what it did.
func (a *App) PreviewStagedMeetingImport(ctx context.Context, actor *dangjian.Actor, id int64) (*StagedMeetingImport, error) {
	if !canRecordAnywhere(actor) {
		return nil, forbidden()
	}
	return previewStaged(ctx, a, actor, uploadMeetings, id, func(f ImportFile) (*MeetingImportResult, error) {
		return a.ImportMeetings(ctx, actor, f, ImportOptions{DryRun: true})
	})
}

// ConfirmStagedMeetingImport imports a kept upload: checked again and
// written in one transaction with the upload marked done, so it imports
// once.
func (a *App) ConfirmStagedMeetingImport(ctx context.Context, actor *dangjian.Actor, id int64) (*StagedMeetingImport, error) {
	if !canRecordAnywhere(actor) {
		return nil, forbidden()
	}
	u, err := a.pendingUpload(ctx, actor, uploadMeetings, id)
	if err != nil {
		return nil, err
	}
	s := stagedOf[MeetingImportResult](u)
	res, err := a.importMeetings(ctx, actor, uploadFile(u), ImportOptions{},
		func(tx *sqlstore.Tx, res *MeetingImportResult) error {
			kept := *res
			kept.Errors = []ImportIssue{}
			b, err := keptResult(kept)
			if err != nil {
				return err
			}
			first, err := tx.FinishUpload(ctx, u.ID, b)
			if err != nil {
				return err
			}
			if !first {
				return alreadyImported()
			}
			return nil
		})
	s.Result = res
	if err != nil {
		if res != nil && res.ErrorCount > 0 {
			return s, err
		}
		return nil, err
	}
	s.Done = true
	return s, nil
}

// StagedMeetingImportErrors is MeetingImportErrors of a kept upload.
func (a *App) StagedMeetingImportErrors(ctx context.Context, actor *dangjian.Actor, id int64) (*Export, error) {
	return a.stagedErrors(ctx, actor, uploadMeetings, id, func(f ImportFile) (*Export, error) {
		return a.MeetingImportErrors(ctx, actor, f)
	})
}
