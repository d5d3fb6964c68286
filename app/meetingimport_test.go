package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/xlsx"
)

// meetingHeader is the meeting template's header.
var meetingHeader = []string{"组织", "会议类型", "时间", "地点", "主持人", "记录人", "主题", "内容", "决议", "参会人员", "应到人数", "实到人数", "请假人数"}

// meetingFile writes rows (header → value) under hdr as an .xlsx.
func meetingFile(t testing.TB, hdr []string, rows ...map[string]string) app.ImportFile {
	t.Helper()
	var buf bytes.Buffer
	w, err := xlsx.NewWriter(&buf, xlsx.FormatXLSX, "会议记录")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Header(hdr); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		cells := make([]any, len(hdr))
		for i, h := range hdr {
			cells[i] = r[h]
		}
		if err := w.Row(cells...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return app.ImportFile{Name: "会议.xlsx", Data: buf.Bytes()}
}

// row is a valid assembly of b1 by counts, changed by kv pairs.
func (o *orglife) mrow(kv ...string) map[string]string {
	r := map[string]string{"组织": o.b1.Name, "会议类型": "党员大会", "时间": "2026-03-05 14:30", "地点": "三楼会议室",
		"主持人": o.ms[0].Name, "记录人": "李四", "主题": "学习全会精神", "内容": "传达学习", "决议": "一、……", "应到人数": "4", "实到人数": "3", "请假人数": "1"}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	return r
}

func hasMeetingIssue(res *app.MeetingImportResult, row int, col, msg string) bool {
	for _, is := range res.Errors {
		if is.Row == row && is.Column == col && strings.Contains(is.Message, msg) {
			return true
		}
	}
	return false
}

// meetingTotal is how many meetings of kind the admin sees.
func (o *orglife) meetingTotal(t *testing.T) int {
	t.Helper()
	_, n, err := o.a.Meetings(context.Background(), o.admin, app.MeetingQuery{}, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMeetingImportErrorClasses(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	// Two groups of one name make an ambiguous 组织.
	for _, b := range []*dangjian.Org{o.b1, o.b2} {
		if _, err := o.a.CreateOrg(ctx, o.admin, app.OrgInput{ParentID: &b.ID, Name: "第一党小组", Kind: dangjian.KindGroup}); err != nil {
			t.Fatal(err)
		}
	}
	// A secretary of b1 who may also read the whole county.
	sec := &dangjian.Actor{Username: "sec", UserID: 0, Grants: []dangjian.Grant{
		{Role: dangjian.RoleOrgAdmin, OrgID: o.b1.ID, OrgPath: o.b1.Path},
		{Role: dangjian.RoleViewer, OrgID: o.root.ID, OrgPath: o.root.Path}}}
	f := meetingFile(t, meetingHeader,
		o.mrow("组织", "不存在的支部"),           // 2
		o.mrow("组织", "第一党小组"),            // 3 ambiguous
		o.mrow("组织", o.b2.Name),          // 4 out of scope: read only
		o.mrow("会议类型", "茶话会"),            // 5
		o.mrow("时间", "三月初"),              // 6
		o.mrow("时间", "2026-07-01 09:00"), // 7 after tomorrow
		o.mrow("主题", ""),                 // 8
		o.mrow("应到人数", "", "实到人数", "", "请假人数", "", "参会人员", o.ms[0].Name+"、王某"), // 9 unknown name
		o.mrow("参会人员", o.ms[0].Name),               // 10 names and counts
		o.mrow("实到人数", "5"),                        // 11 present > due
		o.mrow("应到人数", "四"),                        // 12
		o.mrow("主持人", "钱七"),                        // 13
		o.mrow("时间", "2026-03-06 09:00"),           // 14
		o.mrow("时间", "2026/3/6 9:00"),              // 15 the same meeting again
		o.mrow("主题", "示例：学习贯彻全会精神"),                // 16
		o.mrow("请假人数", "2"),                        // 17 leave > due − present
		o.mrow("应到人数", "", "实到人数", "", "请假人数", ""), // 18 neither
		o.mrow("时间", "2026-02-30 10:00"),           // 19
	)
	res, err := o.a.ImportMeetings(ctx, sec, f, app.ImportOptions{})
	wantErr(t, "bad file", err, dangjian.EINVALID, "")
	for _, c := range []struct {
		row      int
		col, msg string
	}{
		{2, "组织", "找不到党组织"},
		{3, "组织", "对应 2 个党组织"},
		{4, "组织", "没有为"},
		{5, "会议类型", "「茶话会」无效"},
		{6, "时间", "无法识别的时间"},
		{7, "时间", "不能晚于明天"},
		{8, "主题", "请填写会议主题"},
		{9, "参会人员", "「王某」不是"},
		{10, "参会人员", "只填一种"},
		{11, "实到人数", "0到应到人数"},
		{12, "应到人数", "不是人数"},
		{13, "主持人", "「钱七」不是"},
		{15, "时间", "与第 14 行"},
		{16, "主题", "示例行"},
		{17, "请假人数", "不能超过"},
		{18, "参会人员", "请填写参会人员"},
		{19, "时间", "不存在"},
	} {
		if !hasMeetingIssue(res, c.row, c.col, c.msg) {
			t.Errorf("no issue row %d 「%s」 %q in %+v", c.row, c.col, c.msg, res.Errors)
		}
	}
	if res.ErrorCount != 17 || res.Added != 1 || res.Written {
		t.Errorf("errors = %d, added %d, written %v: %+v", res.ErrorCount, res.Added, res.Written, res.Errors)
	}
	if n := o.meetingTotal(t); n != 0 {
		t.Errorf("a file with errors wrote %d meetings", n)
	}

	// A header without names or counts, and an unknown column.
	bad := meetingFile(t, []string{"组织", "会议类型", "时间", "主题", "备注"}, o.mrow())
	res, err = o.a.ImportMeetings(ctx, o.admin, bad, app.ImportOptions{})
	wantErr(t, "bad header", err, dangjian.EINVALID, "")
	if !hasMeetingIssue(res, 1, "参会人员", "二者须有其一") || !hasMeetingIssue(res, 1, "备注", "无法识别的列") {
		t.Errorf("header issues = %+v", res.Errors)
	}
	// Not a spreadsheet at all.
	res, err = o.a.ImportMeetings(ctx, o.admin, app.ImportFile{Name: "x.xlsx", Data: []byte("\x00\x01binary")}, app.ImportOptions{})
	if dangjian.ErrorCode(err) != dangjian.EINVALID || res == nil || res.ErrorCount != 1 || res.Errors[0].Row != 0 {
		t.Errorf("binary = %v %+v", err, res)
	}
	// Only those who may record meetings may import them.
	viewer := &dangjian.Actor{Username: "v", Grants: []dangjian.Grant{{Role: dangjian.RoleViewer, OrgID: o.root.ID, OrgPath: o.root.Path}}}
	if _, err := o.a.ImportMeetings(ctx, viewer, f, app.ImportOptions{}); dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
		t.Errorf("viewer import: %v", err)
	}
	if _, err := o.a.MeetingTemplate(viewer); dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
		t.Errorf("viewer template: %v", err)
	}
}

func TestMeetingImportWritesAllOrNothing(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	good := []map[string]string{
		o.mrow(), // an assembly by counts: 3 of 4 present
		o.mrow("时间", "2026-04-08 09:00", "实到人数", "2", "请假人数", "1"), // by counts, 2 of 4: below quorum
		o.mrow("时间", "2026-05-12", "会议类型", "committee", "应到人数", "", "实到人数", "", "请假人数", "", // by names
			"参会人员", o.ms[0].Name+"，"+o.ms[1].Name),
		o.mrow("时间", "2026-02-20 15:00", "应到人数", "", "实到人数", "", "请假人数", "", "参会人员", o.ms[0].Name+" "+o.ms[1].Name+"、"+o.ms[2].Name),
	}
	// One bad row: nothing is written, the counts stay.
	bad := append(append([]map[string]string{}, good...), o.mrow("会议类型", ""))
	res, err := o.a.ImportMeetings(ctx, o.admin, meetingFile(t, meetingHeader, bad...), app.ImportOptions{})
	wantErr(t, "one bad row", err, dangjian.EINVALID, "")
	if res.ErrorCount != 1 || !hasMeetingIssue(res, 6, "会议类型", "请填写") || res.Written {
		t.Fatalf("res = %+v", res)
	}
	if n := o.meetingTotal(t); n != 0 || o.counts(t, "assembly", "2026-03") != 0 {
		t.Fatalf("a refused import wrote %d meetings", n)
	}
	if a := audits(t, o.fixture, "meeting.import"); len(a) != 0 {
		t.Errorf("refused import audited: %+v", a)
	}

	// The preview writes nothing and says what would be.
	f := meetingFile(t, meetingHeader, good...)
	res, err = o.a.ImportMeetings(ctx, o.admin, f, app.ImportOptions{DryRun: true})
	if err != nil || res.Added != 4 || res.Counted != 2 || res.BelowQuorum != 2 || len(res.Meetings) != 4 || res.Written || !res.DryRun {
		t.Fatalf("preview = %+v, %v", res, err)
	}
	if n := o.meetingTotal(t); n != 0 || o.counts(t, "assembly", "2026-03") != 0 || len(audits(t, o.fixture, "meeting.import")) != 0 {
		t.Fatalf("the preview wrote")
	}

	res, err = o.a.ImportMeetings(ctx, o.admin, f, app.ImportOptions{})
	if err != nil || res.Added != 4 || !res.Written {
		t.Fatalf("import = %+v, %v", res, err)
	}
	ms, _, err := o.a.Meetings(ctx, o.admin, app.MeetingQuery{OrgID: o.b1.ID}, app.Page{})
	if err != nil || len(ms) != 4 {
		t.Fatalf("meetings = %d, %v", len(ms), err)
	}
	byTopicTime := map[string]*dangjian.Meeting{}
	for _, m := range ms {
		if !m.Imported {
			t.Errorf("meeting %d not marked imported", m.ID)
		}
		full, err := o.a.Meeting(ctx, o.admin, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		byTopicTime[full.HeldAt.In(dangjian.CST).Format("2006-01-02 15:04")] = full
	}
	m1 := byTopicTime["2026-03-05 14:30"]
	if m1 == nil || m1.Headcount == nil || *m1.Headcount != (dangjian.Headcount{Due: 4, Present: 3, Leave: 1}) || len(m1.Attendance) != 0 ||
		m1.Quorum != (dangjian.Quorum{Required: 3, Present: 3, Met: true}) || !m1.Counted || m1.Recorder != "李四" ||
		m1.HostID == nil || *m1.HostID != o.ms[0].ID || m1.Location != "三楼会议室" || m1.Minutes != "传达学习" {
		t.Errorf("by counts = %+v", m1)
	}
	if m := byTopicTime["2026-04-08 09:00"]; m == nil || m.Counted || m.Quorum.Met {
		t.Errorf("2 of 4 counted: %+v", m)
	}
	if m := byTopicTime["2026-02-20 15:00"]; m == nil || len(m.Attendance) != 4 || m.Headcount != nil || m.Quorum.Present != 3 || !m.Counted {
		t.Errorf("by names = %+v", m)
	}
	// A branch without a committee: a committee meeting has nobody due,
	// so it is recorded and does not count.
	if m := byTopicTime["2026-05-12 00:00"]; m == nil || m.Kind != dangjian.MeetingCommittee || m.Counted || len(m.Attendance) != 2 {
		t.Errorf("committee = %+v", m)
	}

	// The counts and the compliance engine see the imported meetings.
	if o.counts(t, "assembly", "2026-03") != 1 || o.counts(t, "assembly", "2026-02") != 1 || o.counts(t, "assembly", "2026-04") != 0 {
		t.Errorf("counts = %d %d %d", o.counts(t, "assembly", "2026-03"), o.counts(t, "assembly", "2026-02"), o.counts(t, "assembly", "2026-04"))
	}
	rep, err := o.a.Compliance(ctx, o.admin, o.b1.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range rep.Items {
		if it.Rule == "orglife.assembly" && it.Period == "2026-Q1" {
			found = true
			if it.Counted != 2 || it.Status != dangjian.StatusMet {
				t.Errorf("Q1 assemblies = %+v", it)
			}
		}
	}
	if !found {
		t.Errorf("no orglife.assembly 2026-Q1 in %+v", rep.Items)
	}
	rows, _, err := o.a.ComplianceRollup(ctx, o.admin, o.dept.ID, 2026, "", app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.OrgID == o.b1.ID {
			for _, mi := range r.MissingItems {
				if strings.Contains(mi, "orglife.assembly") && strings.Contains(mi, "2026-Q1") {
					t.Errorf("roll-up (packed counts) misses the imported Q1 assembly: %v", r.MissingItems)
				}
			}
		}
	}
	if a := audits(t, o.fixture, "meeting.import"); len(a) != 1 || !strings.Contains(a[0].Changes, `"added":4`) {
		t.Errorf("audit = %+v", a)
	}

	// The same file again: every row is already there.
	res, err = o.a.ImportMeetings(ctx, o.admin, f, app.ImportOptions{})
	wantErr(t, "again", err, dangjian.EINVALID, "")
	if res.ErrorCount != 4 || !hasMeetingIssue(res, 2, "时间", "已登记过") {
		t.Errorf("again = %+v", res.Errors)
	}
	if o.meetingTotal(t) != 4 {
		t.Errorf("the second import wrote")
	}

	// A meeting by counts corrected later keeps its counted quorum.
	loc := "党员活动室"
	c, err := o.a.CorrectMeeting(ctx, o.admin, m1.ID, app.MeetingUpdate{Location: &loc}, "地点录错")
	if err != nil || !c.Counted || c.Headcount == nil || o.counts(t, "assembly", "2026-03") != 1 {
		t.Errorf("corrected = %+v, %v", c, err)
	}
}

func TestMeetingImportSuspectedMerged(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	if _, err := o.a.RecordAdminMeeting(ctx, o.admin, dangjian.AdminMeeting{OrgID: o.dept.ID, HeldAt: cst("2026-04-10 09:00"),
		EndsAt: cst("2026-04-10 11:00"), Title: "局务会"}); err != nil {
		t.Fatal(err)
	}
	res, err := o.a.ImportMeetings(ctx, o.admin, meetingFile(t, meetingHeader, o.mrow("时间", "2026-04-10 10:00")), app.ImportOptions{})
	if err != nil || res.SuspectedMerged != 1 || res.Counted != 0 || !res.Meetings[0].SuspectedMerged {
		t.Fatalf("res = %+v, %v", res, err)
	}
	if o.counts(t, "assembly", "2026-04") != 0 {
		t.Errorf("a suspected-merged import counted")
	}
}

func TestMeetingImportScopeOption(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	r := o.mrow("组织", "")
	res, err := o.a.ImportMeetings(ctx, o.admin, meetingFile(t, meetingHeader, r), app.ImportOptions{Org: o.b1.Name})
	if err != nil || res.Added != 1 || res.Meetings[0].OrgID != o.b1.ID {
		t.Fatalf("default org = %+v, %v", res, err)
	}
	res, err = o.a.ImportMeetings(ctx, o.admin, meetingFile(t, meetingHeader, o.mrow("组织", o.b2.Name, "时间", "2026-03-09 10:00")), app.ImportOptions{Org: o.b1.Name})
	wantErr(t, "outside --org", err, dangjian.EINVALID, "")
	if !hasMeetingIssue(res, 2, "组织", "找不到") {
		t.Errorf("outside = %+v", res.Errors)
	}
}

func TestMeetingTemplateRoundTrip(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	ex, err := o.a.MeetingTemplate(o.admin)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ex.Stream(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	tpl := app.ImportFile{Name: ex.Filename, Data: buf.Bytes()}
	res, err := o.a.ImportMeetings(ctx, o.admin, tpl, app.ImportOptions{DryRun: true})
	if dangjian.ErrorCode(err) != dangjian.EINVALID || res.ErrorCount != 1 || !hasMeetingIssue(res, 2, "主题", "示例行") {
		t.Errorf("template = %v %+v", err, res)
	}
	// The template's own header, read back, takes real rows.
	tb, err := xlsx.Open(bytes.NewReader(tpl.Data), int64(len(tpl.Data)), tpl.Name, xlsx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	hdr := tb.Header()
	tb.Close()
	if strings.Join(hdr, ",") != strings.Join(meetingHeader, ",") {
		t.Errorf("template header = %v", hdr)
	}
	res, err = o.a.ImportMeetings(ctx, o.admin, meetingFile(t, hdr, o.mrow()), app.ImportOptions{})
	if err != nil || res.Added != 1 {
		t.Errorf("import under the template's header = %+v, %v", res, err)
	}
	// The error workbook gives the file back with 错误说明.
	bad := meetingFile(t, meetingHeader, o.mrow("会议类型", "茶话会"))
	ex, err = o.a.MeetingImportErrors(ctx, o.admin, bad)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := ex.Stream(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	eb, err := xlsx.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()), ex.Filename, xlsx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer eb.Close()
	if h := eb.Header(); h[len(h)-1] != xlsx.ErrorColumn {
		t.Errorf("error workbook header = %v", h)
	}
	if !eb.Next() || !strings.Contains(strings.Join(eb.Row().Cells, "|"), "茶话会") {
		t.Errorf("error workbook row = %v", eb.Row().Cells)
	}
}

func TestStagedMeetingImport(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	id, res, err := o.a.StageMeetingImport(ctx, o.admin, meetingFile(t, meetingHeader, o.mrow()))
	if err != nil || res != nil {
		t.Fatalf("stage = %v %+v", err, res)
	}
	st, err := o.a.PreviewStagedMeetingImport(ctx, o.admin, id)
	if err != nil || st.Done || st.Result.Added != 1 || o.meetingTotal(t) != 0 {
		t.Fatalf("preview = %+v, %v", st, err)
	}
	st, err = o.a.ConfirmStagedMeetingImport(ctx, o.admin, id)
	if err != nil || !st.Done || st.Result.Added != 1 || o.meetingTotal(t) != 1 {
		t.Fatalf("confirm = %+v, %v", st, err)
	}
	if _, err := o.a.ConfirmStagedMeetingImport(ctx, o.admin, id); dangjian.ErrorCode(err) != dangjian.ECONFLICT {
		t.Errorf("second confirm: %v", err)
	}
	st, err = o.a.PreviewStagedMeetingImport(ctx, o.admin, id)
	if err != nil || !st.Done || st.Result.Added != 1 {
		t.Errorf("preview after = %+v, %v", st, err)
	}
	// Someone else's upload is not found; so is a member upload's id.
	other := *o.admin
	other.UserID = 99
	if _, err := o.a.PreviewStagedMeetingImport(ctx, &other, id); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("other user's upload: %v", err)
	}
	// A file refused as a whole is not kept.
	_, res, err = o.a.StageMeetingImport(ctx, o.admin, meetingFile(t, []string{"主题"}, o.mrow()))
	if dangjian.ErrorCode(err) != dangjian.EINVALID || res == nil || res.ErrorCount == 0 {
		t.Errorf("bad header staged: %v %+v", err, res)
	}
}
