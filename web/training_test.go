package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// sampleTraining records a day of concentrated study for branchB's first
// three members and a lecture whose hours are credited; it returns the
// training and the lecture, for the pages that show one.
func (f *fixture) sampleTraining() (*dangjian.Training, *dangjian.Meeting) {
	f.t.Helper()
	ctx := context.Background()
	year := f.app.Today().Year()
	tr, err := f.app.RecordTraining(ctx, f.admin, app.TrainingInput{OrgID: f.branchB.ID, Kind: dangjian.TrainingConcentrated, Title: "学习党章",
		StartOn: dangjian.NewDate(year, 3, 2), Duration: 1, Unit: dangjian.UnitDay,
		Participants: []dangjian.TrainingParticipant{{MemberID: f.bMembers[0].ID}, {MemberID: f.bMembers[1].ID}, {MemberID: f.bMembers[2].ID, Hours: 4}}})
	if err != nil {
		f.t.Fatal(err)
	}
	lec := f.bMembers[0].ID
	m, err := f.app.RecordMeeting(ctx, f.admin, app.MeetingInput{OrgID: f.branchB.ID, Kind: dangjian.MeetingLecture,
		HeldAt: time.Date(year, 3, 10, 9, 0, 0, 0, dangjian.CST), Topic: "党课", LecturerID: &lec,
		Attendance: []dangjian.Attendance{{MemberID: f.bMembers[0].ID, Status: dangjian.AttendPresent}, {MemberID: f.bMembers[3].ID, Status: dangjian.AttendPresent}}})
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.app.CreditMeetingHours(ctx, f.admin, m.ID, dangjian.TrainingBranchStudy, 2, dangjian.UnitHour); err != nil {
		f.t.Fatal(err)
	}
	return tr, m
}

func TestTrainingPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	tr, m := f.sampleTraining()
	year := id(int64(f.app.Today().Year()))
	b := "/orgs/" + id(f.branchB.ID)
	for _, c := range []struct{ path, want string }{
		{b + "/trainings?year=" + year, "学习党章"},
		{b + "/trainings/calendar?month=" + year + "-03", "学习党章"},
		{b + "/trainings/ledger?year=" + year, "党组织书记（签字）"},
		{b + "/hours?year=" + year, "以会代训"},
		{"/orgs/" + id(f.root.ID) + "/hours/dashboard?year=" + year, "data-chart"},
		{"/trainings/" + id(tr.ID), "学习党章"},
		{"/members/" + id(f.bMembers[3].ID) + "/hours?year=" + year, "edu.member.hours"},
		{"/meetings/" + id(m.ID) + "/hours", "已记学时"},
		{"/meetings/" + id(m.ID), "/meetings/" + id(m.ID) + "/hours"},
	} {
		res := f.get(c.path, admin)
		if res.code != http.StatusOK || !strings.Contains(res.body, c.want) {
			t.Errorf("GET %s: %d, want %q\n%s", c.path, res.code, c.want, excerpt(res.body))
		}
	}
	// The member flagged: only meeting hours.
	res := f.get("/members/"+id(f.bMembers[3].ID)+"/hours?year="+year, admin)
	if !strings.Contains(res.body, "以会代训") {
		t.Errorf("meetings-as-training not shown:\n%s", excerpt(res.body))
	}
	for _, p := range []string{b + "/trainings/export?format=csv&year=" + year, b + "/hours/export?format=xlsx&year=" + year,
		"/orgs/" + id(f.root.ID) + "/hours/rollup/export?format=csv&year=" + year, "/orgs/" + id(f.root.ID) + "/secretary-lectures/export?format=csv&year=" + year} {
		if res := f.get(p, admin); res.code != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.code)
		}
	}
}

func TestTrainingForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	b := "/orgs/" + id(f.branchB.ID)
	year := f.app.Today().Year()
	m0, m1 := f.bMembers[0].ID, f.bMembers[1].ID
	form := url.Values{"kind": {"seminar"}, "title": {"专题研讨"}, "start_on": {dangjian.NewDate(year, 4, 1).String()}, "end_on": {""},
		"duration": {"1"}, "unit": {"half_day"}, "p": {id(m0), id(m1)}, "hours_" + id(m1): {"9"}}
	// 9 hours for one of a half day: refused under the participant, nothing stored.
	res := f.post(b+"/trainings/new", admin, form)
	if res.code != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="hours_`+id(m1)+`-err"`) {
		t.Fatalf("bad hours: %d\n%s", res.code, excerpt(res.body))
	}
	form.Set("hours_"+id(m1), "2")
	res = f.post(b+"/trainings/new", admin, form)
	if res.code != http.StatusSeeOther {
		t.Fatalf("record: %d\n%s", res.code, excerpt(res.body))
	}
	h, err := f.app.MemberHours(context.Background(), f.admin, m0, year)
	if err != nil || h.Hours != 4 {
		t.Fatalf("half day = %+v, %v", h, err)
	}
	// A correction without a reason is refused.
	loc := res.header.Get("Location")
	form.Set("hours_"+id(m1), "3")
	if res := f.post(loc+"/edit", admin, form); res.code != http.StatusUnprocessableEntity {
		t.Errorf("no reason: %d", res.code)
	}
	form.Set("reason", "补录")
	if res := f.post(loc+"/edit", admin, form); res.code != http.StatusSeeOther {
		t.Errorf("correct: %d\n%s", res.code, excerpt(res.body))
	}
	if h, _ := f.app.MemberHours(context.Background(), f.admin, m1, year); h.Hours != 3 {
		t.Errorf("corrected hours = %v", h.Hours)
	}
	// Credit from a meeting through the form.
	mt, err := f.app.RecordMeeting(context.Background(), f.admin, app.MeetingInput{OrgID: f.branchB.ID, Kind: dangjian.MeetingLecture,
		HeldAt: time.Date(year, 4, 10, 9, 0, 0, 0, dangjian.CST), Topic: "党课",
		Attendance: []dangjian.Attendance{{MemberID: m0, Status: dangjian.AttendPresent}}})
	if err != nil {
		t.Fatal(err)
	}
	if res := f.post("/meetings/"+id(mt.ID)+"/hours", admin, url.Values{"kind": {"branch_study"}, "duration": {"x"}, "unit": {"hour"}}); res.code != http.StatusUnprocessableEntity {
		t.Errorf("bad duration: %d", res.code)
	}
	if res := f.post("/meetings/"+id(mt.ID)+"/hours", admin, url.Values{"kind": {"branch_study"}, "duration": {"2"}, "unit": {"hour"}}); res.code != http.StatusSeeOther {
		t.Errorf("credit: %d\n%s", res.code, excerpt(res.body))
	}
	if h, _ := f.app.MemberHours(context.Background(), f.admin, m0, year); h.Hours != 6 || h.FromMeetings != 2 {
		t.Errorf("after credit = %+v", h)
	}
	// The local threshold, as a percentage.
	if res := f.post("/orgs/"+id(f.root.ID)+"/hours/setting", admin, url.Values{"min_share": {"150"}}); res.code != http.StatusUnprocessableEntity {
		t.Errorf("150%%: %d", res.code)
	}
	if res := f.post("/orgs/"+id(f.root.ID)+"/hours/setting", admin, url.Values{"min_share": {"60"}}); res.code != http.StatusSeeOther {
		t.Errorf("60%%: %d", res.code)
	}
	if s, set, _ := f.app.MeetingsAsTrainingShare(context.Background()); !set || s != 0.6 {
		t.Errorf("share = %v %v", s, set)
	}
}

func TestTrainingOnMe(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sampleTraining()
	mid := f.bMembers[2].ID
	c := f.user("trainee", dangjian.RoleMember, f.branchB, &mid)
	res := f.get("/me", c)
	if res.code != http.StatusOK || !strings.Contains(res.body, `id="hours-remaining">28<`) {
		t.Errorf("/me hours: %d\n%s", res.code, excerpt(res.body))
	}
	if res := f.get("/members/"+id(mid)+"/hours", c); res.code != http.StatusOK {
		t.Errorf("own ledger: %d", res.code)
	}
	if res := f.get("/members/"+id(f.bMembers[0].ID)+"/hours", c); res.code != http.StatusNotFound {
		t.Errorf("another's ledger: %d", res.code)
	}
}
