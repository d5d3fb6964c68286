package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
)

// selfService is a county with two branches, a member of branch A who
// logs in as themself, and the people around them:
//
//	root ─ fin ─ brA (mA: the member, mA2) ─ secA: org_admin on brA
//	     └ edu ─ brB (mB)                  ─ secB: org_admin on brB
type selfService struct {
	t              *testing.T
	a              *app.App
	admin          *dangjian.Actor
	root, brA      *dangjian.Org
	brB            *dangjian.Org
	mA, mA2, mB    *dangjian.Member
	me, secA       *dangjian.Actor
	secB, stranger *dangjian.Actor
}

// validID builds a citizen ID number for a birth date; an odd seq is a man.
func validID(t *testing.T, birth string, seq int) string {
	t.Helper()
	body := fmt.Sprintf("110101%s%03d", strings.ReplaceAll(birth, "-", ""), seq)
	c, err := dangjian.IDCheckDigit(body)
	if err != nil {
		t.Fatal(err)
	}
	return body + string(c)
}

func newSelfService(t *testing.T) *selfService { t.Helper(); return newSelfServiceWith(t, nil) }

// newSelfServiceWith calls before, when set, on the fresh database before
// any member exists: a test may put its own key ring there.
func newSelfServiceWith(t *testing.T, before func(*sqlstore.DB)) *selfService {
	t.Helper()
	ctx := context.Background()
	a, admin := newApp(t)
	if before != nil {
		before(a.DB())
	}
	s := &selfService{t: t, a: a, admin: admin}
	roots, err := a.OrgRoots(ctx, admin)
	if err != nil || len(roots) != 1 {
		t.Fatalf("roots = %v, %v", roots, err)
	}
	s.root = roots[0]
	org := func(parent int64, name, kind string) *dangjian.Org {
		o, err := a.CreateOrg(ctx, admin, app.OrgInput{ParentID: &parent, Name: name, Kind: kind})
		if err != nil {
			t.Fatalf("create org %s: %v", name, err)
		}
		return o
	}
	fin := org(s.root.ID, "县财政局党组", dangjian.KindLeadingGroup)
	edu := org(s.root.ID, "县教育局党组", dangjian.KindLeadingGroup)
	s.brA = org(fin.ID, "财政局第一党支部", dangjian.KindBranch)
	s.brB = org(edu.ID, "教育局第一党支部", dangjian.KindBranch)
	member := func(br *dangjian.Org, name, birth string, seq int) *dangjian.Member {
		gender := "female"
		if seq%2 == 1 {
			gender = "male"
		}
		m, err := a.CreateMember(ctx, admin, dangjian.Member{Name: name, Gender: gender, BirthDate: dangjian.MustDate(birth),
			IDNumber: validID(t, birth, seq), OrgID: br.ID, Status: dangjian.StatusFull, JoinedOn: dangjian.MustDate("2005-07-01"),
			Phone: "13812345678", Position: "科员", Ethnicity: "汉族"})
		if err != nil {
			t.Fatalf("create member %s: %v", name, err)
		}
		return m
	}
	s.mA = member(s.brA, "张伟", "1980-01-01", 11)
	s.mA2 = member(s.brA, "李娜", "1985-06-15", 12)
	s.mB = member(s.brB, "王芳", "1979-03-09", 14)
	s.me = s.login("zhangwei", &s.mA.ID, dangjian.RoleMember, s.brA)
	s.secA = s.login("secA", nil, dangjian.RoleOrgAdmin, s.brA)
	s.secB = s.login("secB", nil, dangjian.RoleOrgAdmin, s.brB)
	s.stranger = s.login("nobody", nil, dangjian.RoleViewer, s.brA)
	return s
}

// login creates a user with one role (linked to a member when memberID is
// set) and returns it as the actor of a real session.
func (s *selfService) login(name string, memberID *int64, role string, org *dangjian.Org) *dangjian.Actor {
	s.t.Helper()
	ctx := context.Background()
	const pw = "User-pw-2026!"
	if _, err := s.a.CreateUser(ctx, app.System(), app.UserInput{Username: name, Password: pw, MemberID: memberID,
		Roles: []dangjian.Grant{{Role: role, OrgID: org.ID}}}); err != nil {
		s.t.Fatalf("create user %s: %v", name, err)
	}
	res, err := s.a.Login(ctx, name, pw, "127.0.0.1", app.SessionAPI, "")
	if err != nil {
		s.t.Fatalf("login %s: %v", name, err)
	}
	au, err := s.a.Authenticate(ctx, res.Token, "127.0.0.1")
	if err != nil {
		s.t.Fatal(err)
	}
	return au.Actor
}

// clear returns member id in clear, as the system sees it.
func (s *selfService) clear(id int64) *dangjian.Member {
	s.t.Helper()
	m, err := s.a.Member(context.Background(), app.System(), id, true)
	if err != nil {
		s.t.Fatal(err)
	}
	return m
}

// audits returns the audit rows with action, newest first.
func (s *selfService) audits(action string) []*dangjian.Audit {
	s.t.Helper()
	rows, _, err := s.a.Audits(context.Background(), app.System(), dangjian.AuditFilter{Action: action}, app.Page{PerPage: 500})
	if err != nil {
		s.t.Fatal(err)
	}
	return rows
}

// wantErr checks an error's code and, for invalid input, the field named.
func wantErr(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if got := dangjian.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v (code %q), want %q", what, err, got, code)
	}
	if field != "" {
		if _, ok := dangjian.ErrorFields(err)[field]; !ok {
			t.Errorf("%s: error %v does not name %s", what, err, field)
		}
	}
}

func TestCorrectionSubmitValidates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSelfService(t)
	good := map[string]string{"position": "副科长"}
	idWrongBirth := validID(t, "1980-01-02", 11)
	idBadCheck := s.clear(s.mA.ID).IDNumber[:17] + "0"
	if idBadCheck == s.clear(s.mA.ID).IDNumber {
		idBadCheck = idBadCheck[:17] + "1"
	}
	for _, c := range []struct {
		name   string
		in     app.CorrectionInput
		field  string
		actor  *dangjian.Actor
		code   string
		detail string
	}{
		{"no reason", app.CorrectionInput{Fields: good}, "reason", s.me, dangjian.EINVALID, ""},
		{"blank reason", app.CorrectionInput{Fields: good, Reason: "   "}, "reason", s.me, dangjian.EINVALID, ""},
		{"long reason", app.CorrectionInput{Fields: good, Reason: strings.Repeat("因", 501)}, "reason", s.me, dangjian.EINVALID, ""},
		{"no fields", app.CorrectionInput{Reason: "写错了"}, "fields", s.me, dangjian.EINVALID, ""},
		{"nothing changes", app.CorrectionInput{Fields: map[string]string{"name": " 张伟 "}, Reason: "写错了"}, "fields", s.me, dangjian.EINVALID, ""},
		{"branch is not a correction", app.CorrectionInput{Fields: map[string]string{"org_id": "3"}, Reason: "调动"}, "org_id", s.me, dangjian.EINVALID, ""},
		{"status is not a correction", app.CorrectionInput{Fields: map[string]string{"status": "probationary"}, Reason: "x"}, "status", s.me, dangjian.EINVALID, ""},
		{"bad date", app.CorrectionInput{Fields: map[string]string{"joined_on": "2005-02-30"}, Reason: "x"}, "joined_on", s.me, dangjian.EINVALID, ""},
		{"empty name", app.CorrectionInput{Fields: map[string]string{"name": ""}, Reason: "x"}, "name", s.me, dangjian.EINVALID, ""},
		{"bad gender", app.CorrectionInput{Fields: map[string]string{"gender": "other"}, Reason: "x"}, "gender", s.me, dangjian.EINVALID, ""},
		{"bad phone", app.CorrectionInput{Fields: map[string]string{"phone": "12345"}, Reason: "x"}, "phone", s.me, dangjian.EINVALID, ""},
		{"ID check digit", app.CorrectionInput{Fields: map[string]string{"id_number": idBadCheck}, Reason: "x"}, "id_number", s.me, dangjian.EINVALID, "校验位"},
		{"ID disagrees with the birth date", app.CorrectionInput{Fields: map[string]string{"id_number": idWrongBirth}, Reason: "x"}, "id_number", s.me, dangjian.EINVALID, "出生日期"},
		{"birth date disagrees with the ID", app.CorrectionInput{Fields: map[string]string{"birth_date": "1980-01-02"}, Reason: "x"}, "id_number", s.me, dangjian.EINVALID, "出生日期"},
		{"gender disagrees with the ID", app.CorrectionInput{Fields: map[string]string{"gender": "female"}, Reason: "x"}, "id_number", s.me, dangjian.EINVALID, "性别"},
		{"joined before 18", app.CorrectionInput{Fields: map[string]string{"joined_on": "1990-01-01"}, Reason: "x"}, "joined_on", s.me, dangjian.EINVALID, ""},
		{"no member record", app.CorrectionInput{Fields: good, Reason: "x"}, "", s.secA, dangjian.EFORBIDDEN, ""},
		{"admin has none either", app.CorrectionInput{Fields: good, Reason: "x"}, "", s.admin, dangjian.EFORBIDDEN, ""},
	} {
		_, err := s.a.SubmitCorrection(ctx, c.actor, c.in)
		wantErr(t, c.name, err, c.code, c.field)
		if c.detail != "" && !strings.Contains(dangjian.ErrorFields(err)[c.field], c.detail) {
			t.Errorf("%s: %q does not say %q", c.name, dangjian.ErrorFields(err)[c.field], c.detail)
		}
	}
	// Every problem at once: the reason and a field.
	_, err := s.a.SubmitCorrection(ctx, s.me, app.CorrectionInput{Fields: map[string]string{"phone": "1"}})
	if f := dangjian.ErrorFields(err); f["reason"] == "" || f["phone"] == "" {
		t.Errorf("both problems: %v", err)
	}
	list, total, err := s.a.Corrections(ctx, s.me, app.CorrectionQuery{}, app.Page{})
	if err != nil || total != 0 || len(list) != 0 {
		t.Fatalf("refused requests were stored: %d, %v", total, err)
	}
	if n := len(s.audits("correction.create")); n != 0 {
		t.Errorf("refused requests were audited: %d rows", n)
	}
}

func TestCorrectionApprove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSelfService(t)
	newID := validID(t, "1980-01-01", 13) // same birth date and gender, another sequence
	const newPhone = "13999990000"
	c, err := s.a.SubmitCorrection(ctx, s.me, app.CorrectionInput{
		Fields: map[string]string{"name": "张 伟伟", "id_number": newID, "phone": newPhone, "position": "科员", "education": "大学本科"},
		Reason: "身份证号码登记时抄错了",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != dangjian.CorrectionPending || c.MemberID != s.mA.ID || c.SubmittedBy != "zhangwei" {
		t.Errorf("submitted = %+v", c)
	}
	// Unchanged fields are dropped; sensitive ones come back masked.
	if _, ok := c.Fields["position"]; ok || len(c.Fields) != 4 {
		t.Errorf("fields = %v, want the four that change", c.Fields)
	}
	if c.Fields["id_number"] != dangjian.MaskIDNumber(newID) || c.Fields["phone"] != dangjian.MaskPhone(newPhone) {
		t.Errorf("proposed numbers not masked: %v", c.Fields)
	}
	if c.Old["name"] != "张伟" || c.Old["phone"] != dangjian.MaskPhone("13812345678") || c.Old["education"] != "" || len(c.Old) != len(c.Fields) {
		t.Errorf("old = %v", c.Old)
	}
	// The branch sees it pending and counts it on its to-do.
	if n, err := s.a.PendingCorrections(ctx, s.secA); err != nil || n != 1 {
		t.Errorf("secA pending = %d, %v", n, err)
	}
	if n, err := s.a.PendingCorrections(ctx, s.secB); err != nil || n != 0 {
		t.Errorf("secB pending = %d, %v", n, err)
	}
	if n, err := s.a.PendingCorrections(ctx, s.me); err != nil || n != 0 {
		t.Errorf("a member decides nothing: %d, %v", n, err)
	}
	before, err := s.a.Org(ctx, s.admin, s.brA.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.a.ApproveCorrection(ctx, s.secA, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != dangjian.CorrectionApproved || got.DecidedBy != "secA" || got.DecidedAt == nil {
		t.Errorf("approved = %+v", got)
	}
	m := s.clear(s.mA.ID)
	if m.Name != "张 伟伟" || m.IDNumber != newID || m.Phone != newPhone || m.Education != "大学本科" || m.Position != "科员" {
		t.Errorf("the record after approval = %+v", m)
	}
	after, err := s.a.Org(ctx, s.admin, s.brA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.MemberCount != before.MemberCount || after.DirectFull != before.DirectFull {
		t.Errorf("counts moved: %d/%d → %d/%d", before.MemberCount, before.DirectFull, after.MemberCount, after.DirectFull)
	}
	// Audit: the request, the decision and the change, with no clear numbers.
	for _, action := range []string{"correction.create", "correction.approve", "member.update"} {
		rows := s.audits(action)
		if len(rows) != 1 {
			t.Fatalf("%s: %d audit rows, want 1", action, len(rows))
		}
		r := rows[0]
		if strings.Contains(r.Changes, newID) || strings.Contains(r.Changes, newPhone) || strings.Contains(r.Changes, newID[6:14]+newID[14:17]) {
			t.Errorf("%s keeps a clear number: %s", action, r.Changes)
		}
		wantActor := "secA"
		if action == "correction.create" {
			wantActor = "zhangwei"
			if !strings.Contains(r.Changes, dangjian.MaskIDNumber(newID)) || !strings.Contains(r.Changes, "身份证号码登记时抄错了") {
				t.Errorf("correction.create does not say what was asked: %s", r.Changes)
			}
		}
		if r.Actor != wantActor || r.OrgID == nil || *r.OrgID != s.brA.ID {
			t.Errorf("%s by %s on %v, want %s on %d", action, r.Actor, r.OrgID, wantActor, s.brA.ID)
		}
	}
	if n, err := s.a.VerifyAudit(ctx); err != nil || n == 0 {
		t.Errorf("audit chain: %d, %v", n, err)
	}
	// Decided once is decided.
	_, err = s.a.ApproveCorrection(ctx, s.secA, c.ID, "")
	wantErr(t, "approve twice", err, dangjian.ECONFLICT, "")
	_, err = s.a.RejectCorrection(ctx, s.admin, c.ID, "再看看")
	wantErr(t, "reject after approval", err, dangjian.ECONFLICT, "")
	_, err = s.a.WithdrawCorrection(ctx, s.me, c.ID)
	wantErr(t, "withdraw after approval", err, dangjian.ECONFLICT, "")
	if n := len(s.audits("member.update")); n != 1 {
		t.Errorf("member.update rows after the refused decisions: %d", n)
	}
	// The member sees the outcome.
	p, err := s.a.Profile(ctx, s.me, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Corrections) != 1 || p.Corrections[0].Status != dangjian.CorrectionApproved || p.Open != nil {
		t.Errorf("profile corrections = %+v", p.Corrections)
	}
	if p.Member.IDNumber != dangjian.MaskIDNumber(newID) {
		t.Errorf("profile without reveal shows %q", p.Member.IDNumber)
	}
}

func TestCorrectionReject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSelfService(t)
	c, err := s.a.SubmitCorrection(ctx, s.me, app.CorrectionInput{Fields: map[string]string{"joined_on": "2004-07-01"}, Reason: "入党日期有误"})
	if err != nil {
		t.Fatal(err)
	}
	for _, reason := range []string{"", "  ", strings.Repeat("不", 501)} {
		_, err = s.a.RejectCorrection(ctx, s.secA, c.ID, reason)
		wantErr(t, fmt.Sprintf("reject with %d-rune reason", len([]rune(reason))), err, dangjian.EINVALID, "reason")
	}
	if got, err := s.a.Correction(ctx, s.secA, c.ID); err != nil || got.Status != dangjian.CorrectionPending {
		t.Fatalf("after the refused rejects: %+v, %v", got, err)
	}
	got, err := s.a.RejectCorrection(ctx, s.secA, c.ID, "  请提供入党志愿书复印件  ")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != dangjian.CorrectionRejected || got.DecisionReason != "请提供入党志愿书复印件" {
		t.Errorf("rejected = %+v", got)
	}
	if m := s.clear(s.mA.ID); !m.JoinedOn.Equal(dangjian.MustDate("2005-07-01")) {
		t.Errorf("a rejection changed the record: joined %s", m.JoinedOn)
	}
	if rows := s.audits("correction.reject"); len(rows) != 1 || !strings.Contains(rows[0].Changes, "请提供入党志愿书复印件") {
		t.Errorf("reject audit = %v", rows)
	}
	if n := len(s.audits("member.update")); n != 0 {
		t.Errorf("a rejection left %d member.update rows", n)
	}
	p, err := s.a.Profile(ctx, s.me, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Corrections) != 1 || p.Corrections[0].DecisionReason != "请提供入党志愿书复印件" {
		t.Errorf("the member does not see the reason: %+v", p.Corrections)
	}
	// A rejected request is closed: a new one may follow.
	if _, err := s.a.SubmitCorrection(ctx, s.me, app.CorrectionInput{Fields: map[string]string{"joined_on": "2004-07-01"}, Reason: "附复印件"}); err != nil {
		t.Errorf("new request after a rejection: %v", err)
	}
}

func TestCorrectionOneOpenAndScope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSelfService(t)
	in := app.CorrectionInput{Fields: map[string]string{"ethnicity": "回族"}, Reason: "民族登记有误"}
	c, err := s.a.SubmitCorrection(ctx, s.me, in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.a.SubmitCorrection(ctx, s.me, app.CorrectionInput{Fields: map[string]string{"position": "科长"}, Reason: "升职"})
	wantErr(t, "second open request", err, dangjian.ECONFLICT, "")

	// Who sees it: the member and branch A (and above); not branch B, not a viewer.
	for _, who := range []struct {
		name  string
		actor *dangjian.Actor
		sees  bool
	}{{"member", s.me, true}, {"secA", s.secA, true}, {"admin", s.admin, true}, {"secB", s.secB, false}, {"viewer", s.stranger, false}} {
		_, err := s.a.Correction(ctx, who.actor, c.ID)
		list, total, lerr := s.a.Corrections(ctx, who.actor, app.CorrectionQuery{Status: dangjian.CorrectionPending}, app.Page{})
		if lerr != nil {
			t.Fatal(lerr)
		}
		if who.sees {
			if err != nil || total != 1 || len(list) != 1 || list[0].ID != c.ID {
				t.Errorf("%s: get %v, list %d", who.name, err, total)
			}
		} else {
			wantErr(t, who.name+" get", err, dangjian.ENOTFOUND, "")
			if total != 0 {
				t.Errorf("%s lists %d requests", who.name, total)
			}
		}
	}
	_, err = s.a.ApproveCorrection(ctx, s.secB, c.ID, "")
	wantErr(t, "secretary outside the scope approves", err, dangjian.ENOTFOUND, "")
	_, err = s.a.RejectCorrection(ctx, s.secB, c.ID, "不同意")
	wantErr(t, "secretary outside the scope rejects", err, dangjian.ENOTFOUND, "")
	_, err = s.a.ApproveCorrection(ctx, s.me, c.ID, "")
	wantErr(t, "the member approves their own", err, dangjian.EFORBIDDEN, "")
	_, err = s.a.WithdrawCorrection(ctx, s.secA, c.ID)
	wantErr(t, "the branch withdraws the member's request", err, dangjian.EFORBIDDEN, "")
	_, err = s.a.WithdrawCorrection(ctx, s.secB, c.ID)
	wantErr(t, "an outsider withdraws", err, dangjian.ENOTFOUND, "")
	_, _, err = s.a.Corrections(ctx, s.secB, app.CorrectionQuery{OrgID: s.brA.ID}, app.Page{})
	wantErr(t, "filter by a hidden org", err, dangjian.ENOTFOUND, "")
	_, err = s.a.Correction(ctx, s.secA, 999999)
	wantErr(t, "unknown request", err, dangjian.ENOTFOUND, "")

	// Withdrawn, the member may ask again; the withdrawn one stays on record.
	w, err := s.a.WithdrawCorrection(ctx, s.me, c.ID)
	if err != nil || w.Status != dangjian.CorrectionWithdrawn {
		t.Fatalf("withdraw = %+v, %v", w, err)
	}
	_, err = s.a.ApproveCorrection(ctx, s.secA, c.ID, "")
	wantErr(t, "approve a withdrawn request", err, dangjian.ECONFLICT, "")
	if _, err := s.a.SubmitCorrection(ctx, s.me, in); err != nil {
		t.Fatalf("new request after withdrawing: %v", err)
	}
	list, total, err := s.a.Corrections(ctx, s.secA, app.CorrectionQuery{}, app.Page{})
	if err != nil || total != 2 || list[0].Status != dangjian.CorrectionPending || list[1].Status != dangjian.CorrectionWithdrawn {
		t.Errorf("history = %d, %v", total, err)
	}
	if _, total, _ := s.a.Corrections(ctx, s.secA, app.CorrectionQuery{Status: dangjian.CorrectionWithdrawn}, app.Page{}); total != 1 {
		t.Errorf("status filter: %d withdrawn", total)
	}
	if _, total, _ := s.a.Corrections(ctx, s.admin, app.CorrectionQuery{MemberID: s.mB.ID}, app.Page{}); total != 0 {
		t.Errorf("member filter: %d for mB", total)
	}
	if n := len(s.audits("correction.withdraw")); n != 1 {
		t.Errorf("withdraw audit rows: %d", n)
	}
}

// TestCorrectionApprovalIsAtomic: when the change cannot be applied at
// approval (the ID number was taken since), nothing happens: the request
// stays pending and the record unchanged.
func TestCorrectionApprovalIsAtomic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSelfService(t)
	newID := validID(t, "1980-01-01", 15)
	c, err := s.a.SubmitCorrection(ctx, s.me, app.CorrectionInput{Fields: map[string]string{"id_number": newID, "name": "张伟民"}, Reason: "号码有误"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.a.CreateMember(ctx, s.admin, dangjian.Member{Name: "赵强", Gender: "male", BirthDate: dangjian.MustDate("1980-01-01"),
		IDNumber: newID, OrgID: s.brB.ID, Status: dangjian.StatusFull, JoinedOn: dangjian.MustDate("2005-07-01")}); err != nil {
		t.Fatal(err)
	}
	_, err = s.a.ApproveCorrection(ctx, s.secA, c.ID, "")
	wantErr(t, "approve a taken ID number", err, dangjian.ECONFLICT, "id_number")
	if got, err := s.a.Correction(ctx, s.secA, c.ID); err != nil || got.Status != dangjian.CorrectionPending || got.DecidedAt != nil {
		t.Errorf("after the failed approval: %+v, %v", got, err)
	}
	if m := s.clear(s.mA.ID); m.Name != "张伟" {
		t.Errorf("the failed approval changed the name to %q", m.Name)
	}
	if n := len(s.audits("correction.approve")); n != 0 {
		t.Errorf("the failed approval left %d audit rows", n)
	}
	if _, err := s.a.RejectCorrection(ctx, s.secA, c.ID, "该号码已属于另一名党员，请核实"); err != nil {
		t.Errorf("reject after the failed approval: %v", err)
	}
}

func TestProfile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSelfService(t)
	if _, err := s.a.ReplaceCommittee(ctx, s.admin, s.brA.ID, dangjian.Committee{TermStart: dangjian.MustDate("2024-01-01"), TermEnd: dangjian.MustDate("2027-01-01"),
		Posts: []dangjian.Post{{MemberID: s.mA.ID, Post: dangjian.PostSecretary}}}); err != nil {
		t.Fatal(err)
	}
	idA := validID(t, "1980-01-01", 11)
	p, err := s.a.Profile(ctx, s.me, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.Member.ID != s.mA.ID || p.Member.IDNumber != dangjian.MaskIDNumber(idA) || p.Member.Phone != "138****5678" || p.Revealed {
		t.Errorf("masked profile = %+v", p.Member)
	}
	if len(p.History) != 1 || p.History[0].ToOrgID != s.brA.ID || len(p.Posts) != 1 || p.Posts[0].Post != dangjian.PostSecretary || len(p.Corrections) != 0 {
		t.Errorf("profile sections: history %v, posts %v, corrections %v", p.History, p.Posts, p.Corrections)
	}
	if n := len(s.audits("member.reveal")); n != 0 {
		t.Fatalf("a masked view was audited as a reveal")
	}
	p, err = s.a.Profile(ctx, s.me, true)
	if err != nil {
		t.Fatal(err)
	}
	if p.Member.IDNumber != idA || p.Member.Phone != "13812345678" || !p.Revealed {
		t.Errorf("revealed profile = %+v", p.Member)
	}
	if rows := s.audits("member.reveal"); len(rows) != 1 || rows[0].Actor != "zhangwei" {
		t.Errorf("the reveal is not audited: %v", rows)
	}
	_, err = s.a.Profile(ctx, s.secA, false)
	wantErr(t, "profile without a member record", err, dangjian.ENOTFOUND, "")
}

// TestCorrectionKeyRotation: a key rotation re-seals the proposed numbers
// of correction requests too, so they stay readable once the old key is
// removed from the key file.
func TestCorrectionKeyRotation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f1, err := secret.Generate(secret.AES256GCM)
	if err != nil {
		t.Fatal(err)
	}
	ring := func(f secret.File) *secret.Keyring {
		r, err := secret.New(f)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	s := newSelfServiceWith(t, func(db *sqlstore.DB) { db.SetKeys(ring(f1)) })
	c, err := s.a.SubmitCorrection(ctx, s.me, app.CorrectionInput{Fields: map[string]string{"phone": "13911112222"}, Reason: "换号"})
	if err != nil {
		t.Fatal(err)
	}
	f2, err := secret.AddKey(f1)
	if err != nil {
		t.Fatal(err)
	}
	s.a.DB().SetKeys(ring(f2))
	if _, err := s.a.RotateKeys(ctx, app.System(), nil); err != nil {
		t.Fatal(err)
	}
	s.a.DB().SetKeys(ring(secret.Keep(f2)))
	if got, err := s.a.Correction(ctx, s.secA, c.ID); err != nil || got.Fields["phone"] != "139****2222" {
		t.Fatalf("after rotation: %+v, %v", got, err)
	}
	if _, err := s.a.ApproveCorrection(ctx, s.secA, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	if m := s.clear(s.mA.ID); m.Phone != "13911112222" {
		t.Errorf("phone after approval = %q", m.Phone)
	}
}
