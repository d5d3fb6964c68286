package app_test

import (
	"context"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func TestDLMOversight(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t) // today is 2026-06-01
	a := o.a
	dept := as("dept", dangjian.RoleCommitteeAdmin, o.dept)
	secB1 := as("secB1", dangjian.RoleOrgAdmin, o.b1)
	// Two of the three leading-group members present: 2 ≥ 2/3 × 3.
	att := []dangjian.Attendance{{MemberID: o.ms[0].ID, Status: dangjian.AttendPresent}, {MemberID: o.ms[1].ID, Status: dangjian.AttendPresent},
		{MemberID: o.ms[2].ID, Status: dangjian.AttendLeave, Reason: "出差"}}
	m := o.record(t, app.MeetingInput{OrgID: o.dept.ID, Kind: dangjian.MeetingDemocraticLifeMeeting, HeldAt: cst("2026-01-20 09:00"), Topic: "年度民主生活会", Attendance: att})

	list, _, err := a.DLMList(ctx, o.admin, o.root.ID, 2026)
	if err != nil || len(list) != 1 || !list[0].Held || !list[0].Quorum.Met || list[0].Quorum.Required != 2 || list[0].Oversight {
		t.Fatalf("list before oversight: %+v %v", list, err)
	}
	if l, _, _ := a.DLMList(ctx, o.admin, o.root.ID, 2025); len(l) != 1 || l[0].Held {
		t.Errorf("2025: %+v", l)
	}
	_, err = a.DLM(ctx, o.admin, o.b1.ID, 2026)
	wantErr(t, "a branch's DLM", err, dangjian.EINVALID, "org_id")

	mid := m.ID
	in := app.DLMOversightInput{MeetingID: &mid, Notes: "会前征求意见充分，批评辣味不足",
		Opinions:   []dangjian.DLMOpinion{{From: "基层党支部", Gist: "调研不够深入"}, {From: "", Gist: ""}},
		Criticisms: []dangjian.DLMCriticism{{MemberID: o.ms[0].ID, Self: "理论学习不系统", Received: "联系群众不够"}}}
	_, err = a.SaveDLMOversight(ctx, secB1, o.dept.ID, 2026, in)
	wantErr(t, "a branch records the group's oversight", err, dangjian.ENOTFOUND, "")
	bad := in
	bad.Criticisms = []dangjian.DLMCriticism{{MemberID: o.other.ID, Self: "x"}}
	bad.Opinions = []dangjian.DLMOpinion{{From: "群众", Gist: ""}}
	_, err = a.SaveDLMOversight(ctx, dept, o.dept.ID, 2026, bad)
	wantErr(t, "not at the meeting", err, dangjian.EINVALID, "criticisms[0].member_id")
	wantErr(t, "an opinion without a gist", err, dangjian.EINVALID, "opinions[0].gist")
	v, err := a.SaveDLMOversight(ctx, dept, o.dept.ID, 2026, in)
	if err != nil || v.Oversight == nil || len(v.Oversight.Opinions) != 1 || v.Oversight.Criticisms[0].Name == "" || v.Meeting == nil ||
		v.Meeting.ID != m.ID || len(v.Meeting.Attendance) != 3 {
		t.Fatalf("save: %+v %v", v, err)
	}
	_, err = a.ReceiveDLMReport(ctx, o.admin, o.dept.ID, 2026)
	wantErr(t, "receive before sent", err, dangjian.ECONFLICT, "")
	_, err = a.SendDLMReport(ctx, dept, o.dept.ID, 2026, " ")
	wantErr(t, "an empty report", err, dangjian.EINVALID, "report")
	v, err = a.SendDLMReport(ctx, dept, o.dept.ID, 2026, "民主生活会监督情况报告")
	if err != nil || v.Oversight.ReportStatus != dangjian.DLMReportSent || v.Oversight.SentBy != "dept" {
		t.Fatalf("send: %+v %v", v, err)
	}
	_, err = a.SendDLMReport(ctx, dept, o.dept.ID, 2026, "again")
	wantErr(t, "send twice", err, dangjian.ECONFLICT, "")
	_, err = a.ReceiveDLMReport(ctx, dept, o.dept.ID, 2026)
	wantErr(t, "the group receives its own report", err, dangjian.EFORBIDDEN, "")
	v, err = a.ReceiveDLMReport(ctx, o.admin, o.dept.ID, 2026)
	if err != nil || v.Oversight.ReportStatus != dangjian.DLMReportReceived {
		t.Fatalf("receive: %+v %v", v, err)
	}

	// The rectification list it produced.
	if _, err := a.CreateRectification(ctx, dept, app.RectificationInput{OrgID: o.dept.ID, Source: dangjian.SourceDLM, Problem: "调研不够深入",
		Deadline: dangjian.MustDate("2026-04-30"), MeetingID: &mid}); err != nil {
		t.Fatal(err)
	}
	v, err = a.DLM(ctx, o.admin, o.dept.ID, 2026)
	if err != nil || len(v.Rectification) != 1 || v.Rect.Overdue != 1 {
		t.Fatalf("view: %+v %v", v, err)
	}
	list, _, err = a.DLMList(ctx, o.admin, o.root.ID, 2026)
	if err != nil || !list[0].Oversight || list[0].ReportStatus != dangjian.DLMReportReceived || list[0].Rect.Total != 1 {
		t.Fatalf("list after: %+v %v", list, err)
	}
}

func TestSecretaryReports(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	a := o.a
	secB1 := as("secB1", dangjian.RoleOrgAdmin, o.b1)
	dept := as("dept", dangjian.RoleCommitteeAdmin, o.dept)
	if _, err := a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2025-01-01"), TermEnd: dangjian.MustDate("2028-01-01"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}}}); err != nil {
		t.Fatal(err)
	}
	_, err := a.SubmitSecretaryReport(ctx, secB1, app.SecretaryReportInput{OrgID: o.b1.ID, Year: 2025})
	wantErr(t, "no report text", err, dangjian.EINVALID, "report")
	r, err := a.SubmitSecretaryReport(ctx, secB1, app.SecretaryReportInput{OrgID: o.b1.ID, Year: 2025, Report: "一年来抓党建工作情况……"})
	if err != nil || r.MemberID == nil || *r.MemberID != o.ms[0].ID || r.Status != dangjian.ReportSubmitted {
		t.Fatalf("submit: %+v %v", r, err)
	}
	_, err = a.SubmitSecretaryReport(ctx, secB1, app.SecretaryReportInput{OrgID: o.b1.ID, Year: 2025, Report: "again"})
	wantErr(t, "second report", err, dangjian.ECONFLICT, "")

	g := app.GradeInput{Grade: dangjian.GradeFairlyGood, Comments: "基础扎实", Problems: []string{"党员教育形式单一", " "}, Deadline: dangjian.MustDate("2026-12-31")}
	_, err = a.GradeSecretaryReport(ctx, secB1, r.ID, g)
	wantErr(t, "the branch grades itself", err, dangjian.EFORBIDDEN, "")
	_, err = a.GradeSecretaryReport(ctx, dept, r.ID, app.GradeInput{Grade: "excellent", Problems: []string{"x"}})
	wantErr(t, "bad grade", err, dangjian.EINVALID, "grade")
	wantErr(t, "no deadline", err, dangjian.EINVALID, "deadline")
	v, err := a.GradeSecretaryReport(ctx, dept, r.ID, g)
	if err != nil || v.Grade != dangjian.GradeFairlyGood || len(v.Problems) != 1 || len(v.Rectifications) != 1 ||
		v.Rectifications[0].Source != dangjian.SourceReport || v.Rectifications[0].OwnerID == nil || v.Rectifications[0].Year != 2025 {
		t.Fatalf("grade: %+v %v", v, err)
	}
	_, err = a.GradeSecretaryReport(ctx, dept, r.ID, g)
	wantErr(t, "grade twice", err, dangjian.ECONFLICT, "")
	l, err := a.SecretaryReports(ctx, o.admin, app.SecretaryReportQuery{OrgID: o.root.ID, Year: 2025}, app.Page{})
	if err != nil || l.Total != 1 || l.Counts == nil || l.Counts.Due != 3 || l.Counts.Grades[dangjian.GradeFairlyGood] != 1 {
		t.Fatalf("results: %+v %+v %v", l, l.Counts, err)
	}
	_, err = a.SubmitSecretaryReport(ctx, o.admin, app.SecretaryReportInput{OrgID: o.root.ID, Year: 2025, Report: "x"})
	wantErr(t, "the working committee reports", err, dangjian.EINVALID, "org_id")
}
