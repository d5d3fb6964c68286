package app_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func (o *orglife) train(t *testing.T, in app.TrainingInput) *dangjian.Training {
	t.Helper()
	if in.OrgID == 0 {
		in.OrgID = o.b1.ID
	}
	if in.Kind == "" {
		in.Kind = dangjian.TrainingConcentrated
	}
	if in.Title == "" {
		in.Title = "学习贯彻党的二十大精神"
	}
	if in.StartOn.IsZero() {
		in.StartOn = dangjian.MustDate("2026-03-02")
	}
	tr, err := o.a.RecordTraining(context.Background(), o.admin, in)
	if err != nil {
		t.Fatalf("record training: %v", err)
	}
	return tr
}

func (o *orglife) hours(t *testing.T, m *dangjian.Member) *dangjian.MemberHours {
	t.Helper()
	h, err := o.a.MemberHours(context.Background(), o.admin, m.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func hasFinding(h *dangjian.MemberHours, rule string) bool {
	for _, f := range h.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

func TestTrainingLedgerByRole(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	// ms[0] secretary since 2025-10-01 (new: trained by 2026-04-01), ms[1] committee member.
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2025-10-01"), TermEnd: dangjian.MustDate("2028-09-30"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}, {MemberID: o.ms[1].ID, Post: dangjian.PostOrganization}}}); err != nil {
		t.Fatal(err)
	}
	// A day of concentrated study for three, one of whom left at noon.
	o.train(t, app.TrainingInput{Duration: 1, Unit: dangjian.UnitDay, Participants: []dangjian.TrainingParticipant{
		{MemberID: o.ms[0].ID}, {MemberID: o.ms[1].ID}, {MemberID: o.ms[2].ID, Hours: 4}}})

	cases := []struct {
		m         *dangjian.Member
		role      string
		rule      string
		hours     float64
		required  float64
		shortBy   float64
		wantRules []string
	}{
		{o.ms[0], dangjian.HoursRoleSecretary, "edu.secretary.hours", 8, 56, 48, []string{"edu.secretary.hours"}},
		{o.ms[1], dangjian.HoursRoleCommittee, "edu.secretary.hours", 8, 56, 48, []string{"edu.secretary.hours"}},
		{o.ms[2], dangjian.HoursRoleMember, "edu.member.hours", 4, 32, 28, []string{"edu.member.hours"}},
		{o.ms[3], dangjian.HoursRoleMember, "edu.member.hours", 0, 32, 32, []string{"edu.member.hours"}},
	}
	for _, c := range cases {
		h := o.hours(t, c.m)
		if h.Role != c.role || h.Rule != c.rule || h.Hours != c.hours || h.Required != c.required || h.ShortBy != c.shortBy {
			t.Errorf("%s: got role %s rule %s hours %v required %v short %v", c.m.Name, h.Role, h.Rule, h.Hours, h.Required, h.ShortBy)
		}
		for _, r := range c.wantRules {
			if !hasFinding(h, r) {
				t.Errorf("%s: no finding %s in %+v", c.m.Name, r, h.Findings)
			}
		}
	}
	// Trained on 2026-03-02, within half a year of 2025-10-01: no new-secretary finding.
	if h := o.hours(t, o.ms[0]); hasFinding(h, "edu.new_secretary") || len(h.Entries) != 1 || h.Concentrated != 1 {
		t.Errorf("secretary ledger = %+v", h)
	}
	// The organization's kept row: 2 ordinary members short, 2 committee short.
	rep, err := o.a.OrgHours(ctx, o.admin, o.b1.ID, 2026, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Members != 4 || rep.Totals.MembersShort != 2 || rep.Totals.SecretariesShort != 2 || len(rep.Items) != 4 || rep.Totals.Hours != 20 {
		t.Errorf("org hours = %+v", rep.Totals)
	}
	ru, err := o.a.HoursRollup(ctx, o.admin, o.root.ID, 2026, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	// b2's member has no row: counted short.
	if ru.Totals.Members != 5 || ru.Short != 5 || len(ru.Units) != 1 || ru.Units[0].Short != 5 || ru.Total != 2 {
		t.Errorf("roll-up = %+v", ru)
	}
	if ru.Totals.Buckets[0] != 2 || ru.Totals.Buckets[1] != 1 || ru.Totals.Buckets[2] != 2 {
		t.Errorf("buckets = %v", ru.Totals.Buckets)
	}
}

func TestTrainingNewSecretaryWindow(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t) // today 2026-06-01
	for i, c := range []struct {
		since string
		want  string // severity of edu.new_secretary, "" none
	}{
		{"2025-10-01", dangjian.SeverityError},   // window ended 2026-04-01 untrained
		{"2026-03-01", dangjian.SeverityWarning}, // still within
		{"2024-01-01", ""},                       // window ended before the year
	} {
		sec := o.ms[i]
		if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate(c.since), TermEnd: dangjian.MustDate("2029-01-01"),
			Posts: []dangjian.Post{{MemberID: sec.ID, Post: dangjian.PostSecretary}}}); err != nil {
			t.Fatal(err)
		}
		h := o.hours(t, sec)
		got := ""
		for _, f := range h.Findings {
			if f.Rule == "edu.new_secretary" {
				got = f.Severity
			}
		}
		if h.SecretarySince.String() != c.since || got != c.want {
			t.Errorf("since %s: got since %s severity %q, want %q", c.since, h.SecretarySince, got, c.want)
		}
	}
	// Re-elected on a later term, the secretary's since stays the first.
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2026-05-01"), TermEnd: dangjian.MustDate("2031-01-01"),
		Posts: []dangjian.Post{{MemberID: o.ms[2].ID, Post: dangjian.PostSecretary}}}); err != nil {
		t.Fatal(err)
	}
	if h := o.hours(t, o.ms[2]); h.SecretarySince.String() != "2024-01-01" || hasFinding(h, "edu.new_secretary") {
		t.Errorf("re-elected: %+v", h)
	}
	// Trained within the window: no finding.
	o.train(t, app.TrainingInput{StartOn: dangjian.MustDate("2026-03-20"), Duration: 4, Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[1].ID}}})
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2026-03-01"), TermEnd: dangjian.MustDate("2031-01-01"),
		Posts: []dangjian.Post{{MemberID: o.ms[1].ID, Post: dangjian.PostSecretary}}}); err != nil {
		t.Fatal(err)
	}
	if h := o.hours(t, o.ms[1]); hasFinding(h, "edu.new_secretary") {
		t.Errorf("trained: %+v", h.Findings)
	}
}

func TestTrainingConversionAndValidation(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	tr := o.train(t, app.TrainingInput{Duration: 1, Unit: dangjian.UnitHalfDay, Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID}}})
	if tr.Hours != 4 || tr.Participants[0].Hours != 4 {
		t.Errorf("half day = %v/%v", tr.Hours, tr.Participants[0].Hours)
	}
	six := 6.0
	_ = six
	if _, err := o.a.OverrideRule(ctx, o.admin, "edu.hours.conversion", dangjian.RuleOverride{Params: map[string]float64{"day": 6}}); err != nil {
		t.Fatal(err)
	}
	tr = o.train(t, app.TrainingInput{Duration: 2, Unit: dangjian.UnitDay, EndOn: dangjian.MustDate("2026-03-03"), Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID}}})
	if tr.Hours != 12 {
		t.Errorf("two days at 6 = %v", tr.Hours)
	}
	bad := []struct {
		name  string
		in    app.TrainingInput
		field string
	}{
		{"kind", app.TrainingInput{Kind: "party", Title: "x", StartOn: dangjian.MustDate("2026-03-01"), Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID, Hours: 2}}}, "kind"},
		{"title", app.TrainingInput{Kind: dangjian.TrainingSeminar, StartOn: dangjian.MustDate("2026-03-01"), Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID, Hours: 2}}}, "title"},
		{"start", app.TrainingInput{Kind: dangjian.TrainingSeminar, Title: "x", Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID, Hours: 2}}}, "start_on"},
		{"end", app.TrainingInput{Kind: dangjian.TrainingSeminar, Title: "x", StartOn: dangjian.MustDate("2026-03-02"), EndOn: dangjian.MustDate("2026-03-01"), Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID, Hours: 2}}}, "end_on"},
		{"unit", app.TrainingInput{Kind: dangjian.TrainingSeminar, Title: "x", StartOn: dangjian.MustDate("2026-03-02"), Duration: 1, Unit: "week", Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID}}}, "unit"},
		{"nobody", app.TrainingInput{Kind: dangjian.TrainingSeminar, Title: "x", StartOn: dangjian.MustDate("2026-03-02")}, "participants"},
		{"zero hours", app.TrainingInput{Kind: dangjian.TrainingSeminar, Title: "x", StartOn: dangjian.MustDate("2026-03-02"), Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID}}}, "participants[0].hours"},
		{"more than the training", app.TrainingInput{Kind: dangjian.TrainingSeminar, Title: "x", StartOn: dangjian.MustDate("2026-03-02"), Duration: 2, Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID, Hours: 3}}}, "participants[0].hours"},
		{"twice", app.TrainingInput{Kind: dangjian.TrainingSeminar, Title: "x", StartOn: dangjian.MustDate("2026-03-02"), Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID, Hours: 1}, {MemberID: o.ms[0].ID, Hours: 1}}}, "participants[1].member_id"},
		{"not ours", app.TrainingInput{Kind: dangjian.TrainingSeminar, Title: "x", StartOn: dangjian.MustDate("2026-03-02"), Participants: []dangjian.TrainingParticipant{{MemberID: o.other.ID, Hours: 1}}}, "participants[0].member_id"},
	}
	for _, c := range bad {
		c.in.OrgID = o.b1.ID
		_, err := o.a.RecordTraining(ctx, o.admin, c.in)
		if dangjian.ErrorCode(err) != dangjian.EINVALID || dangjian.ErrorFields(err)[c.field] == "" {
			t.Errorf("%s: err = %v, want field %s", c.name, err, c.field)
		}
	}
	if h := o.hours(t, o.ms[0]); h.Hours != 16 {
		t.Errorf("hours after rejected input = %v, want 16", h.Hours)
	}
}

func TestTrainingMeetingsAsTraining(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	m := o.record(t, app.MeetingInput{Kind: dangjian.MeetingLecture, HeldAt: cst("2026-04-10 14:00"), Attendance: o.att(3)})
	tr, err := o.a.CreditMeetingHours(ctx, o.admin, m.ID, dangjian.TrainingBranchStudy, 3, dangjian.UnitHour)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Participants) != 3 || tr.MeetingID == nil {
		t.Fatalf("credited = %+v", tr)
	}
	h := o.hours(t, o.ms[0])
	if h.FromMeetings != 3 || !h.MeetingsAsTraining {
		t.Errorf("only meeting hours: %+v", h)
	}
	// The absent member cannot be credited from the meeting.
	if _, err := o.a.RecordTraining(ctx, o.admin, app.TrainingInput{OrgID: o.b1.ID, Kind: dangjian.TrainingBranchStudy, Title: "x",
		StartOn: dangjian.MustDate("2026-04-10"), MeetingID: &m.ID, Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[3].ID, Hours: 1}}}); dangjian.ErrorFields(err)["participants[0].member_id"] == "" {
		t.Errorf("absent credited: %v", err)
	}
	// 8 dedicated hours: 3 of 11 from meetings, no longer flagged.
	o.train(t, app.TrainingInput{Duration: 8, Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID}}})
	if h := o.hours(t, o.ms[0]); h.MeetingsAsTraining || h.Hours != 11 || h.Dedicated != 8 {
		t.Errorf("mixed: %+v", h)
	}
	rep, err := o.a.OrgHours(ctx, o.admin, o.b1.ID, 2026, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.MeetingsAsTraining != 2 || rep.Flagged { // 9 of 17 from meetings
		t.Errorf("org: %+v flagged %v", rep.Totals, rep.Flagged)
	}
	// The threshold is a local setting: at 0.5 the organization is flagged.
	half := 0.5
	if err := o.a.SetMeetingsAsTrainingShare(ctx, o.admin, &half); err != nil {
		t.Fatal(err)
	}
	rep, _ = o.a.OrgHours(ctx, o.admin, o.b1.ID, 2026, app.Page{})
	if !rep.Flagged || len(rep.Finding) != 1 {
		t.Errorf("at 0.5: flagged %v findings %+v", rep.Flagged, rep.Finding)
	}
	bad := 1.5
	if err := o.a.SetMeetingsAsTrainingShare(ctx, o.admin, &bad); dangjian.ErrorFields(err)["min_share"] == "" {
		t.Errorf("share 1.5: %v", err)
	}
}

func TestTrainingCorrectionAndDelete(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	tr := o.train(t, app.TrainingInput{Duration: 8, Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID}, {MemberID: o.ms[1].ID}}})
	ps := []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID, Hours: 8}, {MemberID: o.ms[1].ID, Hours: 5}}
	if _, err := o.a.CorrectTraining(ctx, o.admin, tr.ID, app.TrainingUpdate{Participants: &ps}, ""); dangjian.ErrorFields(err)["reason"] == "" {
		t.Errorf("no reason: %v", err)
	}
	if _, err := o.a.CorrectTraining(ctx, o.admin, tr.ID, app.TrainingUpdate{Participants: &ps}, "赵乙提前离场"); err != nil {
		t.Fatal(err)
	}
	if h := o.hours(t, o.ms[1]); h.Hours != 5 {
		t.Errorf("after correction = %v", h.Hours)
	}
	// Moved into 2025: the 2026 hours go.
	d := dangjian.MustDate("2025-12-30")
	if _, err := o.a.CorrectTraining(ctx, o.admin, tr.ID, app.TrainingUpdate{StartOn: &d, EndOn: &d}, "日期录错"); err != nil {
		t.Fatal(err)
	}
	if h := o.hours(t, o.ms[0]); h.Hours != 0 {
		t.Errorf("2026 after moving = %v", h.Hours)
	}
	revs, err := o.a.TrainingRevisions(ctx, o.admin, tr.ID)
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions = %d, %v", len(revs), err)
	}
	if err := o.a.DeleteTraining(ctx, o.admin, tr.ID, "重复登记"); err != nil {
		t.Fatal(err)
	}
	h, _ := o.a.MemberHours(ctx, o.admin, o.ms[0].ID, 2025)
	if h.Hours != 0 {
		t.Errorf("2025 after delete = %v", h.Hours)
	}
	if _, total, _ := o.a.Trainings(ctx, o.admin, app.TrainingQuery{OrgID: o.b1.ID}, app.Page{}); total != 0 {
		t.Errorf("listed after delete: %d", total)
	}
	if err := o.a.DeleteTraining(ctx, o.admin, tr.ID, "again"); dangjian.ErrorCode(err) != dangjian.ECONFLICT {
		t.Errorf("delete twice: %v", err)
	}
}

func TestTrainingSecretaryLectures(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.dept.ID, dangjian.Committee{TermStart: dangjian.MustDate("2024-01-01"), TermEnd: dangjian.MustDate("2028-12-31"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}, {MemberID: o.ms[1].ID, Post: dangjian.PostMember}}}); err != nil {
		t.Fatal(err)
	}
	ls, err := o.a.SecretaryLectures(ctx, o.admin, o.root.ID, 2026)
	if err != nil || len(ls) != 1 || ls[0].Lectures != 0 || ls[0].Finding == nil || ls[0].Finding.Rule != "orglife.lecture.secretary_yearly" {
		t.Fatalf("before = %+v, %v", ls, err)
	}
	lec := o.ms[0].ID
	o.record(t, app.MeetingInput{Kind: dangjian.MeetingLecture, HeldAt: cst("2026-05-10 09:00"), LecturerID: &lec, Attendance: o.att(4)})
	ls, _ = o.a.SecretaryLectures(ctx, o.admin, o.root.ID, 2026)
	if ls[0].Lectures != 1 || ls[0].Finding != nil {
		t.Errorf("after = %+v", ls[0])
	}
}

func TestTrainingTodo(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2026-05-01"), TermEnd: dangjian.MustDate("2031-04-30"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}, {MemberID: o.ms[1].ID, Post: dangjian.PostPublicity}}}); err != nil {
		t.Fatal(err)
	}
	o.train(t, app.TrainingInput{Duration: 5, Unit: dangjian.UnitDay, StartOn: dangjian.MustDate("2026-04-01"), EndOn: dangjian.MustDate("2026-04-05"),
		Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[2].ID}}})
	items := func(day string) map[string]app.TodoItem {
		o.a.DB().SetNow(func() time.Time { return dangjian.MustDate(day).Time().Add(2 * time.Hour) })
		td, err := o.a.Todo(ctx, o.admin, app.TodoOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]app.TodoItem{}
		for _, it := range td.Items {
			if it.OrgID == o.b1.ID && (it.Kind == app.TodoHoursShort || it.Kind == app.TodoNewSecretary) {
				out[it.Kind] = it
			}
		}
		return out
	}
	// June: the new secretary is due for training; hours are not yet asked.
	got := items("2026-06-15")
	if it, ok := got[app.TodoNewSecretary]; !ok || it.Severity != app.TodoDue || it.DueOn.String() != "2026-11-01" || it.Rule != "edu.new_secretary" {
		t.Errorf("June: %+v", got)
	}
	if _, ok := got[app.TodoHoursShort]; ok {
		t.Errorf("June lists hours: %+v", got)
	}
	// Mid-November: the window is over, and three of four are short.
	got = items("2026-11-15")
	if it := got[app.TodoNewSecretary]; it.Severity != app.TodoOverdue {
		t.Errorf("November secretary: %+v", it)
	}
	if it, ok := got[app.TodoHoursShort]; !ok || it.Count != 3 || it.Href != "/orgs/"+strconv.FormatInt(o.b1.ID, 10)+"/hours" {
		t.Errorf("November hours: %+v", got)
	}
	// Trained (within the window): the secretary's item goes.
	o.a.DB().SetNow(func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) })
	o.train(t, app.TrainingInput{StartOn: dangjian.MustDate("2026-05-20"), Duration: 8, Participants: []dangjian.TrainingParticipant{{MemberID: o.ms[0].ID}}})
	if _, ok := items("2026-11-15")[app.TodoNewSecretary]; ok {
		t.Error("trained secretary still listed")
	}
}
