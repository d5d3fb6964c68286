package app_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// cadreFixture: the 教育局 (dept, 300 staff) with two full-time cadres in
// b1 and a part-timer in b2; a small 档案馆 (30 staff) with nobody; a
// nested 教研室 unit (40 staff) under dept with its own part-timer.
type cadreFixture struct {
	*fixture
	small, nested                   *dangjian.Org
	full1, full2, part, plain, nest *dangjian.Member
}

func newCadreFixture(t *testing.T) *cadreFixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	f.a.DB().SetNow(func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) })
	c := &cadreFixture{fixture: f}
	staff := 300
	if _, err := f.a.UpdateOrg(ctx, f.admin, f.dept.ID, app.OrgUpdate{StaffCount: &staff}); err != nil {
		t.Fatal(err)
	}
	var err error
	if c.small, err = f.a.CreateOrg(ctx, f.admin, app.OrgInput{ParentID: &f.root.ID, Name: "县档案馆党支部", Kind: dangjian.KindBranch, Unit: "县档案馆", StaffCount: 30}); err != nil {
		t.Fatal(err)
	}
	if c.nested, err = f.a.CreateOrg(ctx, f.admin, app.OrgInput{ParentID: &f.dept.ID, Name: "县教研室党支部", Kind: dangjian.KindBranch, Unit: "县教研室", StaffCount: 40}); err != nil {
		t.Fatal(err)
	}
	mk := func(org *dangjian.Org, seq int, affairs string) *dangjian.Member {
		m := f.member(t, org, seq)
		if affairs != dangjian.PartyAffairsNone {
			if _, err := f.a.UpdateMember(ctx, f.admin, m.ID, app.MemberUpdate{PartyAffairs: &affairs}); err != nil {
				t.Fatal(err)
			}
		}
		return m
	}
	c.full1 = mk(f.b1, 1, dangjian.PartyAffairsFullTime)
	c.full2 = mk(f.b1, 2, dangjian.PartyAffairsFullTime)
	c.part = mk(f.b2, 3, dangjian.PartyAffairsPartTime)
	c.plain = mk(f.b2, 4, dangjian.PartyAffairsNone)
	c.nest = mk(c.nested, 5, dangjian.PartyAffairsPartTime)
	mk(c.small, 6, dangjian.PartyAffairsNone)
	return c
}

func TestCadreTeam(t *testing.T) {
	ctx := context.Background()
	c := newCadreFixture(t)
	a := c.a

	// The unit: its own cadres, not the nested unit's.
	team, err := a.CadreTeam(ctx, c.admin, c.dept.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !team.IsUnit || team.StaffCount != 300 || team.FullTime != 2 || team.PartTime != 1 || team.Ratio != 0.0067 || len(team.Cadres) != 3 {
		t.Fatalf("team = %+v", team)
	}
	if len(team.Findings) != 1 || team.Findings[0].Rule != "org.party_affairs.ratio" || team.Findings[0].Severity != dangjian.SeverityWarning {
		t.Errorf("findings = %+v", team.Findings)
	}
	if team.Cadres[0].PartyAffairs != dangjian.PartyAffairsFullTime || team.Cadres[2].MemberID != c.part.ID {
		t.Errorf("cadres, full-time first = %+v", team.Cadres)
	}
	// A branch inside the unit answers for the unit.
	if b, err := a.CadreTeam(ctx, c.admin, c.b1.ID); err != nil || b.OrgID != c.dept.ID || b.FullTime != 2 {
		t.Errorf("b1's team = %+v, %v", b, err)
	}
	// The nested unit counts its own part-timer; small, so that is enough.
	if n, err := a.CadreTeam(ctx, c.admin, c.nested.ID); err != nil || n.PartTime != 1 || n.FullTime != 0 || len(n.Findings) != 0 {
		t.Errorf("nested team = %+v, %v", n, err)
	}
	// The small unit with nobody designated.
	s, err := a.CadreTeam(ctx, c.admin, c.small.ID)
	if err != nil || len(s.Findings) != 1 || s.Findings[0].Severity != dangjian.SeverityError || !strings.Contains(s.Findings[0].Message, "专人负责") {
		t.Errorf("small team = %+v, %v", s, err)
	}
	// The working committee: the sum over the units.
	top, err := a.CadreTeam(ctx, c.admin, c.root.ID)
	if err != nil || top.IsUnit || top.Units != 3 || top.StaffCount != 370 || top.FullTime != 2 || top.PartTime != 2 || len(top.Findings) != 1 {
		t.Errorf("root team = %+v, %v", top, err)
	}
	r, err := a.CadreRollup(ctx, c.admin, c.root.ID)
	if err != nil || len(r.Items) != 3 || r.Below != 2 || r.Total.StaffCount != 370 {
		t.Fatalf("rollup = %+v, %v", r, err)
	}
	if r2, err := a.CadreRollup(ctx, c.admin, c.b2.ID); err != nil || len(r2.Items) != 1 || r2.Items[0].OrgID != c.dept.ID {
		t.Errorf("rollup inside a unit = %+v, %v", r2, err)
	}

	// A branch secretary elsewhere cannot see the unit.
	sec := &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: c.small.ID, OrgPath: c.small.Path}}}
	if _, err := a.CadreTeam(ctx, sec, c.dept.ID); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("other unit: %v", err)
	}

	// Settings: only the root's rule overrider; bad values name the field.
	n := 20
	if _, err := a.SetCadreSettings(ctx, sec, app.CadreSettingsUpdate{SmallUnitStaff: &n}); dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
		t.Errorf("settings by a secretary: %v", err)
	}
	bad := 0
	if _, err := a.SetCadreSettings(ctx, c.admin, app.CadreSettingsUpdate{SmallUnitStaff: &bad}); fieldOf(err) != "small_unit_staff" {
		t.Errorf("bad small unit: %v", err)
	}
	set, err := a.SetCadreSettings(ctx, c.admin, app.CadreSettingsUpdate{SmallUnitStaff: &n})
	if err != nil || set.SmallUnitStaff != 20 || !set.SmallUnitSet || set.Source != "local" {
		t.Fatalf("settings = %+v, %v", set, err)
	}
	if s, _ := a.CadreTeam(ctx, c.admin, c.small.ID); len(s.Findings) != 1 || !strings.Contains(s.Findings[0].Message, "没有专职") {
		t.Errorf("small unit above the lowered threshold = %+v", s.Findings)
	}
	if set, err = a.SetCadreSettings(ctx, c.admin, app.CadreSettingsUpdate{ClearSmallUnit: true}); err != nil || set.SmallUnitSet || set.SmallUnitStaff != dangjian.DefaultCadreSmallUnit {
		t.Errorf("cleared = %+v, %v", set, err)
	}
	if len(audits(t, c.fixture, "setting.update")) != 2 {
		t.Errorf("setting audits")
	}

	// Export of the roll-up.
	ex, err := a.ExportCadreRollup(ctx, c.admin, c.root.ID, "csv")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ex.Stream(ctx, &buf); err != nil || !strings.Contains(buf.String(), "合计") || !strings.Contains(buf.String(), "县档案馆") {
		t.Errorf("export = %q, %v", buf.String(), err)
	}
	if _, err := a.ExportCadreRollup(ctx, c.admin, c.root.ID, "pdf"); fieldOf(err) != "format" {
		t.Errorf("bad format: %v", err)
	}
}

func fieldOf(err error) string {
	e, ok := err.(*dangjian.Error)
	if !ok || e.Code != dangjian.EINVALID {
		return ""
	}
	for f := range e.Fields {
		return f
	}
	return ""
}

func TestCadreProfileRotation(t *testing.T) {
	ctx := context.Background()
	c := newCadreFixture(t)
	a := c.a

	if _, err := a.SetCadrePost(ctx, c.admin, c.plain.ID, "党务干事", dangjian.MustDate("2020-01-01")); fieldOf(err) != "post" {
		t.Errorf("post for a non-cadre: %v", err)
	}
	if _, err := a.SetCadrePost(ctx, c.admin, c.full1.ID, "机关党委专职副书记", dangjian.MustDate("2027-01-01")); fieldOf(err) != "since" {
		t.Errorf("future since: %v", err)
	}
	p, err := a.SetCadrePost(ctx, c.admin, c.full1.ID, "机关党委专职副书记", dangjian.MustDate("2018-03-01"))
	if err != nil || p.Post != "机关党委专职副书记" || p.YearsServed == nil || *p.YearsServed != 8.2 {
		t.Fatalf("profile = %+v, %v", p, err)
	}
	if _, err := a.SetCadrePost(ctx, c.admin, c.full2.ID, "党务干事", dangjian.MustDate("2023-01-01")); err != nil {
		t.Fatal(err)
	}

	// Long-serving: full1 (8 years); full2 (3 years) is not; the part-timer never is.
	ls, err := a.LongServing(ctx, c.admin, c.root.ID)
	if err != nil || ls.Years != 5 || ls.Set || len(ls.Items) != 1 || ls.Items[0].MemberID != c.full1.ID || ls.Items[0].UnitID != c.dept.ID || ls.Rule != "org.party_affairs.rotation" {
		t.Fatalf("long serving = %+v, %v", ls, err)
	}
	two := 2
	if _, err := a.SetCadreSettings(ctx, c.admin, app.CadreSettingsUpdate{RotationYears: &two}); err != nil {
		t.Fatal(err)
	}
	if ls, _ := a.LongServing(ctx, c.admin, c.root.ID); len(ls.Items) != 2 || !ls.Set || ls.Items[0].MemberID != c.full1.ID {
		t.Errorf("long serving at 2 years = %+v", ls)
	}

	// The to-do list: the small unit with nobody (overdue), the 教育局 below
	// 1% (due), and the two cadres past the 2-year threshold.
	td, err := a.Todo(ctx, c.admin, app.TodoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range td.Items {
		switch it.Kind {
		case app.TodoCadreRatio:
			got[it.OrgName] = it.Severity + " " + it.Rule
		case app.TodoCadreRotation:
			got["rotation"] = fmt.Sprintf("%d %s %s", it.Count, it.Href, it.Rule)
		}
	}
	want := map[string]string{c.small.Name: "overdue org.party_affairs.ratio", c.dept.Name: "due org.party_affairs.ratio",
		"rotation": fmt.Sprintf("2 /orgs/%d/cadre-team/long-serving org.party_affairs.rotation", c.root.ID)}
	if !maps.Equal(got, want) {
		t.Errorf("to-do = %v, want %v", got, want)
	}

	// Bad rotations change nothing.
	before := len(audits(t, c.fixture, "member.update"))
	if _, err := a.RecordRotation(ctx, c.admin, dangjian.CadreRotation{MemberID: c.full1.ID, ToPost: "办公室主任", Direction: dangjian.RotationToAdmin, RotatedOn: dangjian.MustDate("2026-05-01")}); fieldOf(err) != "from_post" {
		t.Errorf("no from_post: %v", err)
	}
	if _, err := a.RecordRotation(ctx, c.admin, dangjian.CadreRotation{MemberID: c.plain.ID, FromPost: "科员", ToPost: "科长", Direction: dangjian.RotationWithin, RotatedOn: dangjian.MustDate("2026-05-01")}); fieldOf(err) != "direction" {
		t.Errorf("within for a non-cadre: %v", err)
	}
	if _, err := a.RecordRotation(ctx, c.admin, dangjian.CadreRotation{MemberID: c.full1.ID, FromPost: "a", ToPost: "b", Direction: dangjian.RotationToAdmin, RotatedOn: dangjian.MustDate("2026-05-01"), AffairsTo: dangjian.PartyAffairsFullTime}); fieldOf(err) != "party_affairs" {
		t.Errorf("to admin yet full-time: %v", err)
	}
	if n := len(audits(t, c.fixture, "member.update")); n != before {
		t.Errorf("a refused rotation wrote member history")
	}

	// Out of party affairs: status none, post cleared, the member's history shows it.
	r, err := a.RecordRotation(ctx, c.admin, dangjian.CadreRotation{MemberID: c.full1.ID, FromPost: "机关党委专职副书记", ToPost: "办公室主任",
		Direction: dangjian.RotationToAdmin, RotatedOn: dangjian.MustDate("2026-05-01"), Note: "双向交流"})
	if err != nil || r.ID == 0 || r.AffairsFrom != dangjian.PartyAffairsFullTime || r.AffairsTo != dangjian.PartyAffairsNone || r.OrgID != c.b1.ID {
		t.Fatalf("rotation = %+v, %v", r, err)
	}
	m, _ := a.Member(ctx, c.admin, c.full1.ID, false)
	if m.PartyAffairs != dangjian.PartyAffairsNone {
		t.Errorf("status after rotating out = %s", m.PartyAffairs)
	}
	ups := audits(t, c.fixture, "member.update")
	if len(ups) != before+1 || ups[0].EntityID == nil || *ups[0].EntityID != c.full1.ID || !strings.Contains(ups[0].Changes, "party_affairs") {
		t.Errorf("member history = %+v", ups)
	}
	if len(audits(t, c.fixture, "cadre.rotation")) != 1 {
		t.Errorf("rotation audit")
	}
	p, err = a.CadreProfile(ctx, c.admin, c.full1.ID)
	if err != nil || p.Post != "" || !p.Since.IsZero() || len(p.Rotations) != 1 || p.Rotations[0].Note != "双向交流" ||
		p.Hours == nil || *p.Hours != 0 || p.HoursNeeded == nil || p.HoursRule != "edu.member.hours" {
		t.Errorf("profile after = %+v, %v", p, err)
	}
	// Into party affairs: full-time from the rotation date.
	if _, err := a.RecordRotation(ctx, c.admin, dangjian.CadreRotation{MemberID: c.plain.ID, FromPost: "办公室科员", ToPost: "党务干事",
		Direction: dangjian.RotationToParty, RotatedOn: dangjian.MustDate("2026-05-02")}); err != nil {
		t.Fatal(err)
	}
	p, _ = a.CadreProfile(ctx, c.admin, c.plain.ID)
	if p.PartyAffairs != dangjian.PartyAffairsFullTime || p.Post != "党务干事" || p.Since != dangjian.MustDate("2026-05-02") {
		t.Errorf("profile after rotating in = %+v", p)
	}
	if team, _ := a.CadreTeam(ctx, c.admin, c.dept.ID); team.FullTime != 2 || team.PartTime != 1 {
		t.Errorf("team after rotations = %+v", team)
	}
}

func TestCadreAppraisal(t *testing.T) {
	ctx := context.Background()
	c := newCadreFixture(t)
	a := c.a
	if _, err := a.RecordAppraisal(ctx, c.admin, dangjian.CadreAppraisal{MemberID: c.part.ID, Year: 2025, Grade: "great", Note: "x"}); fieldOf(err) != "grade" {
		t.Errorf("bad grade: %v", err)
	}
	if _, err := a.RecordAppraisal(ctx, c.admin, dangjian.CadreAppraisal{MemberID: c.plain.ID, Year: 2025, Grade: dangjian.AppraisalCompetent, Note: "x"}); fieldOf(err) != "member_id" {
		t.Errorf("non-cadre: %v", err)
	}
	if _, err := a.RecordAppraisal(ctx, c.admin, dangjian.CadreAppraisal{MemberID: c.part.ID, Year: 2025, Grade: dangjian.AppraisalCompetent, Note: "兼任支部组织委员，发展党员工作规范"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RecordAppraisal(ctx, c.admin, dangjian.CadreAppraisal{MemberID: c.part.ID, Year: 2025, Grade: dangjian.AppraisalExcellent, Note: "改为优秀"}); err != nil {
		t.Fatal(err)
	}
	l, err := a.Appraisals(ctx, c.admin, c.dept.ID, 2025)
	if err != nil || len(l.Items) != 1 || l.Items[0].Grade != dangjian.AppraisalExcellent || l.Items[0].Name != c.part.Name {
		t.Fatalf("appraisals = %+v, %v", l, err)
	}
	if l, _ := a.Appraisals(ctx, c.admin, c.small.ID, 2025); len(l.Items) != 0 {
		t.Errorf("another unit's appraisals = %+v", l.Items)
	}
	if _, err := a.Appraisals(ctx, c.admin, c.dept.ID, 1800); fieldOf(err) != "year" {
		t.Errorf("bad year: %v", err)
	}
	if n := len(audits(t, c.fixture, "cadre.appraisal")); n != 2 {
		t.Errorf("appraisal audits = %d", n)
	}
	ex, err := a.ExportAppraisals(ctx, c.admin, c.dept.ID, 2025, "csv")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ex.Stream(ctx, &buf); err != nil || !strings.Contains(buf.String(), "改为优秀") || !strings.Contains(buf.String(), "优秀") {
		t.Errorf("export = %q, %v", buf.String(), err)
	}
}
