package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// orglife is the app fixture with four members in b1, one in b2, and the
// clock set to 2026-06-01 (CST).
type orglife struct {
	*fixture
	ms    []*dangjian.Member // b1
	other *dangjian.Member   // b2
}

func newOrglife(t *testing.T) *orglife {
	t.Helper()
	f := newFixture(t)
	f.a.DB().SetNow(func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) })
	o := &orglife{fixture: f}
	for i := range 4 {
		o.ms = append(o.ms, f.member(t, f.b1, i+1))
	}
	o.other = f.member(t, f.b2, 9)
	return o
}

func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, dangjian.CST)
	if err != nil {
		panic(err)
	}
	return t
}

// att marks the first n members of b1 present and the rest absent.
func (o *orglife) att(n int) []dangjian.Attendance {
	var out []dangjian.Attendance
	for i, m := range o.ms {
		s := dangjian.AttendAbsent
		if i < n {
			s = dangjian.AttendPresent
		}
		out = append(out, dangjian.Attendance{MemberID: m.ID, Status: s})
	}
	return out
}

// counts returns b1's counted meetings of kind in month of 2026.
func (o *orglife) counts(t *testing.T, kind, month string) int {
	t.Helper()
	c, err := o.a.MeetingCounts(context.Background(), o.admin, o.b1.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	return c[kind][month]
}

func (o *orglife) record(t *testing.T, in app.MeetingInput) *dangjian.Meeting {
	t.Helper()
	if in.OrgID == 0 {
		in.OrgID = o.b1.ID
	}
	if in.Topic == "" {
		in.Topic = "学习党章"
	}
	m, err := o.a.RecordMeeting(context.Background(), o.admin, in)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	return m
}

func TestMeetingCountsFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	// 23:30 CST on March 31 belongs to March.
	m1 := o.record(t, app.MeetingInput{Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-03-31 23:30"), Attendance: o.att(3)})
	if m1.Quorum != (dangjian.Quorum{Required: 3, Present: 3, Met: true}) || !m1.Counted || m1.Attendance[0].Name == "" {
		t.Fatalf("m1 = %+v", m1)
	}
	if n := o.counts(t, "assembly", "2026-03"); n != 1 {
		t.Fatalf("March assemblies = %d, want 1", n)
	}
	m2 := o.record(t, app.MeetingInput{Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-03-10 09:00"), Attendance: o.att(2)})
	if m2.Quorum.Met || m2.Counted {
		t.Errorf("2 of 4 is exactly half: %+v", m2.Quorum)
	}
	merged := o.record(t, app.MeetingInput{Kind: dangjian.MeetingLecture, HeldAt: cst("2026-03-12 09:00"), MergedWithAdmin: true, Attendance: o.att(4)})
	if merged.Counted || o.counts(t, "lecture", "2026-03") != 0 || o.counts(t, "assembly", "2026-03") != 1 {
		t.Errorf("below quorum or merged meetings counted")
	}

	// A correction needs a reason and changes nothing without one.
	april := cst("2026-04-02 09:00")
	_, err := o.a.CorrectMeeting(ctx, o.admin, m1.ID, app.MeetingUpdate{HeldAt: &april}, "  ")
	wantErr(t, "correction without reason", err, dangjian.EINVALID, "reason")
	if got, _ := o.a.Meeting(ctx, o.admin, m1.ID); !got.HeldAt.Equal(m1.HeldAt) {
		t.Errorf("refused correction moved the meeting to %v", got.HeldAt)
	}
	c1, err := o.a.CorrectMeeting(ctx, o.admin, m1.ID, app.MeetingUpdate{HeldAt: &april}, "日期录错")
	if err != nil || !c1.HeldAt.Equal(april) {
		t.Fatalf("correct = %+v, %v", c1, err)
	}
	if o.counts(t, "assembly", "2026-03") != 0 || o.counts(t, "assembly", "2026-04") != 1 {
		t.Errorf("the count did not move with the date")
	}
	revs, err := o.a.MeetingRevisions(ctx, o.admin, m1.ID)
	if err != nil || len(revs) != 1 || revs[0].Reason != "日期录错" || !strings.Contains(revs[0].Old, "2026-03-31T15:30:00Z") || revs[0].Actor != "admin" {
		t.Errorf("revisions = %+v, %v", revs, err)
	}
	if a := audits(t, o.fixture, "meeting.update"); len(a) != 1 || !strings.Contains(a[0].Changes, "日期录错") || !strings.Contains(a[0].Changes, "held_at") {
		t.Errorf("audit = %+v", a)
	}
	// Fixing the attendance makes the second assembly quorate.
	full := o.att(3)
	c2, err := o.a.CorrectMeeting(ctx, o.admin, m2.ID, app.MeetingUpdate{Attendance: &full}, "漏记一人")
	if err != nil || !c2.Counted || o.counts(t, "assembly", "2026-03") != 1 {
		t.Errorf("quorate after correction: %+v, %v", c2, err)
	}
	// Un-marking the merged lecture makes it count.
	no := false
	if _, err := o.a.CorrectMeeting(ctx, o.admin, merged.ID, app.MeetingUpdate{MergedWithAdmin: &no}, "实际单独召开"); err != nil || o.counts(t, "lecture", "2026-03") != 1 {
		t.Errorf("unmerged lecture: %v, count %d", err, o.counts(t, "lecture", "2026-03"))
	}

	// Deleting needs a reason, keeps the record and drops the count.
	wantErr(t, "delete without reason", o.a.DeleteMeeting(ctx, o.admin, m1.ID, ""), dangjian.EINVALID, "reason")
	if err := o.a.DeleteMeeting(ctx, o.admin, m1.ID, "重复录入"); err != nil {
		t.Fatal(err)
	}
	if o.counts(t, "assembly", "2026-04") != 0 {
		t.Errorf("deleted meeting still counts")
	}
	if got, err := o.a.Meeting(ctx, o.admin, m1.ID); err != nil || !got.Deleted || got.DeleteReason != "重复录入" {
		t.Errorf("deleted meeting = %+v, %v", got, err)
	}
	if _, total, _ := o.a.Meetings(ctx, o.admin, app.MeetingQuery{OrgID: o.b1.ID}, app.Page{}); total != 2 {
		t.Errorf("list after delete = %d, want 2", total)
	}
	_, err = o.a.CorrectMeeting(ctx, o.admin, m1.ID, app.MeetingUpdate{HeldAt: &april}, "再改")
	wantErr(t, "correct a deleted meeting", err, dangjian.ECONFLICT, "")
	if a := audits(t, o.fixture, "meeting.delete"); len(a) != 1 {
		t.Errorf("delete audit = %d rows", len(a))
	}
}

func TestSuspectedMerged(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	// The department (the unit's top organization) registers its 局务会.
	_, err := o.a.RecordAdminMeeting(ctx, o.admin, dangjian.AdminMeeting{OrgID: o.dept.ID, HeldAt: cst("2026-05-10 09:00"), EndsAt: cst("2026-05-10 11:00"), Title: "局务会"})
	if err != nil {
		t.Fatal(err)
	}
	m := o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-10 10:00"), Attendance: o.att(4)})
	if !m.SuspectedMerged || m.Counted || o.counts(t, "theme_day", "2026-05") != 0 {
		t.Fatalf("overlapping meeting = %+v", m)
	}
	apart := o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-10 14:00"), Attendance: o.att(4)})
	if apart.SuspectedMerged || !apart.Counted {
		t.Errorf("afternoon meeting flagged: %+v", apart)
	}
	_, err = o.a.ConfirmSeparate(ctx, o.admin, m.ID, "")
	wantErr(t, "confirm without reason", err, dangjian.EINVALID, "reason")
	_, err = o.a.ConfirmSeparate(ctx, o.admin, apart.ID, "本来就单独")
	wantErr(t, "confirm an unflagged meeting", err, dangjian.ECONFLICT, "")
	c, err := o.a.ConfirmSeparate(ctx, o.admin, m.ID, "局务会后单独召开，有签到表")
	if err != nil || c.SuspectedMerged || !c.Counted || o.counts(t, "theme_day", "2026-05") != 2 {
		t.Fatalf("confirmed = %+v, %v", c, err)
	}
	if a := audits(t, o.fixture, "meeting.confirm_separate"); len(a) != 1 || !strings.Contains(a[0].Changes, "签到表") {
		t.Errorf("confirm audit = %+v", a)
	}
	// An administrative meeting registered later flags what it overlaps,
	// but not a meeting already confirmed separate.
	late := o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-20 10:00"), Attendance: o.att(4)})
	if !late.Counted || o.counts(t, "theme_day", "2026-05") != 3 {
		t.Fatalf("late = %+v", late)
	}
	for _, am := range []dangjian.AdminMeeting{
		{OrgID: o.dept.ID, HeldAt: cst("2026-05-20 09:00"), EndsAt: cst("2026-05-20 12:00"), Title: "党组会"},
		{OrgID: o.dept.ID, HeldAt: cst("2026-05-10 08:00"), EndsAt: cst("2026-05-10 12:00"), Title: "又一个局务会"},
	} {
		if _, err := o.a.RecordAdminMeeting(ctx, o.admin, am); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := o.a.Meeting(ctx, o.admin, late.ID); !got.SuspectedMerged || got.Counted {
		t.Errorf("late meeting not flagged: %+v", got)
	}
	if got, _ := o.a.Meeting(ctx, o.admin, m.ID); got.SuspectedMerged || !got.Counted {
		t.Errorf("confirmed meeting flagged again: %+v", got)
	}
	if n := o.counts(t, "theme_day", "2026-05"); n != 2 {
		t.Errorf("May theme days = %d, want 2", n)
	}
	// Another unit's administrative meeting does not touch b1.
	other, err := o.a.CreateOrg(ctx, o.admin, app.OrgInput{ParentID: &o.root.ID, Name: "县财政局党组", Kind: dangjian.KindLeadingGroup})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.a.RecordAdminMeeting(ctx, o.admin, dangjian.AdminMeeting{OrgID: other.ID, HeldAt: cst("2026-05-10 13:00"), EndsAt: cst("2026-05-10 16:00"), Title: "局务会"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := o.a.Meeting(ctx, o.admin, apart.ID); got.SuspectedMerged {
		t.Error("another unit's meeting flagged b1's")
	}
}

func TestRecordMeetingChecks(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	before := func() int {
		_, total, err := o.a.Meetings(ctx, o.admin, app.MeetingQuery{}, app.Page{})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	outsider := append(o.att(2), dangjian.Attendance{MemberID: o.other.ID, Status: dangjian.AttendPresent})
	_, err := o.a.RecordMeeting(ctx, o.admin, app.MeetingInput{OrgID: o.b1.ID, Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-05-01 09:00"), Topic: "x", Attendance: outsider})
	wantErr(t, "attendee from another branch", err, dangjian.EINVALID, "attendance[4].member_id")
	_, err = o.a.RecordMeeting(ctx, o.admin, app.MeetingInput{OrgID: o.b1.ID, Kind: dangjian.MeetingAssembly, HeldAt: cst("2026-06-05 09:00"), Topic: "x"})
	wantErr(t, "future meeting", err, dangjian.EINVALID, "held_at")
	bad := int64(999999)
	_, err = o.a.RecordMeeting(ctx, o.admin, app.MeetingInput{OrgID: o.b1.ID, Kind: dangjian.MeetingLecture, HeldAt: cst("2026-05-01 09:00"), Topic: "x", LecturerID: &bad})
	wantErr(t, "unknown lecturer", err, dangjian.EINVALID, "lecturer_id")
	if n := before(); n != 0 {
		t.Errorf("refused meetings were stored: %d", n)
	}
	if n := o.counts(t, "assembly", "2026-05"); n != 0 {
		t.Errorf("refused meetings were counted: %d", n)
	}

	// A committee meeting's quorum is the current committee's.
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2025-01-01"), TermEnd: dangjian.MustDate("2028-01-01"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}, {MemberID: o.ms[1].ID, Post: dangjian.PostOrganization}, {MemberID: o.ms[2].ID, Post: dangjian.PostPublicity}}}); err != nil {
		t.Fatal(err)
	}
	roster, err := o.a.MeetingRoster(ctx, o.admin, o.b1.ID, dangjian.MeetingCommittee)
	if err != nil || len(roster) != 3 {
		t.Errorf("committee roster = %+v, %v", roster, err)
	}
	if roster, _ := o.a.MeetingRoster(ctx, o.admin, o.b1.ID, dangjian.MeetingAssembly); len(roster) != 4 {
		t.Errorf("assembly roster = %+v", roster)
	}
	// members 1 and 4 present: only one of them is on the committee.
	a := o.att(0)
	a[0].Status, a[3].Status = dangjian.AttendPresent, dangjian.AttendPresent
	cm := o.record(t, app.MeetingInput{Kind: dangjian.MeetingCommittee, HeldAt: cst("2026-05-02 09:00"), Attendance: a})
	if cm.Quorum != (dangjian.Quorum{Required: 2, Present: 1, Met: false}) {
		t.Errorf("committee quorum = %+v", cm.Quorum)
	}
}

func TestMeetingScope(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	m2 := o.record(t, app.MeetingInput{OrgID: o.b2.ID, Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-01 09:00"),
		Attendance: []dangjian.Attendance{{MemberID: o.other.ID, Status: dangjian.AttendPresent}}})
	sec := &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: o.b1.ID, OrgPath: o.b1.Path}}}
	viewer := &dangjian.Actor{Username: "viewer", Grants: []dangjian.Grant{{Role: dangjian.RoleViewer, OrgID: o.b1.ID, OrgPath: o.b1.Path}}}
	_, err := o.a.Meeting(ctx, sec, m2.ID)
	wantErr(t, "another branch's meeting", err, dangjian.ENOTFOUND, "")
	_, err = o.a.CorrectMeeting(ctx, sec, m2.ID, app.MeetingUpdate{}, "x")
	wantErr(t, "correct another branch's meeting", err, dangjian.ENOTFOUND, "")
	wantErr(t, "delete another branch's meeting", o.a.DeleteMeeting(ctx, sec, m2.ID, "x"), dangjian.ENOTFOUND, "")
	_, err = o.a.RecordMeeting(ctx, sec, app.MeetingInput{OrgID: o.b2.ID, Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-01 09:00"), Topic: "x"})
	wantErr(t, "record for another branch", err, dangjian.ENOTFOUND, "")
	_, err = o.a.RecordMeeting(ctx, viewer, app.MeetingInput{OrgID: o.b1.ID, Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-01 09:00"), Topic: "x"})
	wantErr(t, "viewer records", err, dangjian.EFORBIDDEN, "")
	_, _, err = o.a.Meetings(ctx, sec, app.MeetingQuery{OrgID: o.b2.ID}, app.Page{})
	wantErr(t, "list another branch", err, dangjian.ENOTFOUND, "")
	if _, total, err := o.a.Meetings(ctx, sec, app.MeetingQuery{}, app.Page{}); err != nil || total != 0 {
		t.Errorf("sec sees %d meetings, %v", total, err)
	}
	if _, err := o.a.RecordMeeting(ctx, sec, app.MeetingInput{OrgID: o.b1.ID, Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-01 09:00"), Topic: "x"}); err != nil {
		t.Errorf("sec records for own branch: %v", err)
	}
	if _, total, _ := o.a.Meetings(ctx, viewer, app.MeetingQuery{Kind: dangjian.MeetingThemeDay}, app.Page{}); total != 1 {
		t.Errorf("viewer sees %d", total)
	}
	_, err = o.a.TalkCoverage(ctx, sec, o.b2.ID, 2026)
	wantErr(t, "coverage of another branch", err, dangjian.ENOTFOUND, "")
}

// audits returns the audit rows of an action.
func audits(t *testing.T, f *fixture, action string) []*dangjian.Audit {
	t.Helper()
	rows, _, err := f.a.Audits(context.Background(), app.System(), dangjian.AuditFilter{Action: action}, app.Page{PerPage: 500})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
