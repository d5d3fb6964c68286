package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// cadreFixture marks a1 (张伟) full-time and a2 (李娜) part-time in the
// 财政局 (120 staff); the 教育局 (80 staff) has nobody designated.
func cadreFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	for m, v := range map[int64]string{f.a1.ID: dangjian.PartyAffairsFullTime, f.a2.ID: dangjian.PartyAffairsPartTime} {
		if _, err := f.app.UpdateMember(context.Background(), f.admin, m, app.MemberUpdate{PartyAffairs: &v}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func TestCadrePages(t *testing.T) {
	t.Parallel()
	f := cadreFixture(t)
	admin := f.cookies["admin"]
	fin, root, a1, a2 := id(f.finance.ID), id(f.root.ID), id(f.a1.ID), id(f.a2.ID)

	expect(t, "unit page", f.get("/orgs/"+fin+"/cadre-team", admin), 200,
		[]string{`data-page="cadre/team"`, `id="staff">120<`, `id="full-time">1<`, `id="part-time">1<`, `id="ratio">0.83%<`,
			`<code class="rule"`, "org.party_affairs.ratio", "低于 1%", `href="/members/` + a1 + `/cadre">张伟</a>`, `href="/members/` + a2 + `/cadre">李娜</a>`,
			`id="settings"`, "本地设定"}, nil)
	expect(t, "a branch shows its unit", f.get("/orgs/"+id(f.branchA.ID)+"/cadre-team", admin), 200,
		[]string{`id="unit-note"`, `href="/orgs/` + fin + `/cadre-team"`}, nil)
	expect(t, "the small unit with nobody", f.get("/orgs/"+id(f.edu.ID)+"/cadre-team", admin), 200,
		[]string{"至少应有专人负责", `id="cadres-empty"`}, nil)
	expect(t, "the root: the sum", f.get("/orgs/"+root+"/cadre-team", admin), 200,
		[]string{`id="sum-note"`, `id="staff">200<`}, []string{`id="cadre-list"`})
	res := f.get("/orgs/"+root+"/cadre-team/rollup?sort=ratio", admin)
	expect(t, "roll-up sorted by ratio", res, 200,
		[]string{`data-page="cadre/rollup"`, `id="below">2<`, `href="/orgs/` + fin + `/cadre-team"`, `aria-sort="ascending"`}, nil)
	if i, j := strings.Index(res.body, "县教育局党组"), strings.Index(res.body, "县财政局党组"); i < 0 || j < 0 || i > j {
		t.Errorf("ratio order: 教育局 (0%%) should come first")
	}

	if res := f.get("/orgs/"+root+"/cadre-team/rollup?sort=staff&per_page=1&page=2", admin); res.code != 200 ||
		strings.Count(res.body, "data-org=") != 1 || !strings.Contains(res.body, `data-org="`+id(f.edu.ID)+`"`) {
		t.Errorf("page 2 of 1 by staff: the 教育局 (80) alone\n%s", excerpt(res.body))
	}

	// The profile's forms: 422 with the field named, 303 when done.
	expect(t, "profile", f.get("/members/"+a1+"/cadre", admin), 200,
		[]string{`data-page="cadre/profile"`, `id="post-form"`, `id="rotation-form"`, `id="appraisal-form"`, "0 学时（年度要求", `id="rotations-empty"`}, nil)
	expect(t, "bad since", f.post("/members/"+a1+"/cadre", admin, url.Values{"post": {"机关党委专职副书记"}, "since": {"2019-02-30"}}), 422,
		[]string{`id="since-err"`, `value="机关党委专职副书记"`}, nil)
	expect(t, "post saved", f.post("/members/"+a1+"/cadre", admin, url.Values{"post": {"机关党委专职副书记"}, "since": {"2015-03-01"}}), 303, nil, nil)
	expect(t, "long-serving", f.get("/orgs/"+root+"/cadre-team/long-serving", admin), 200,
		[]string{`data-page="cadre/long"`, `id="long-count">1<`, "张伟", "机关党委专职副书记", "org.party_affairs.rotation"}, nil)
	expect(t, "rotation without the new post", f.post("/members/"+a1+"/cadre/rotations", admin,
		url.Values{"from_post": {"机关党委专职副书记"}, "direction": {"to_admin"}, "rotated_on": {"2025-06-01"}}), 422,
		[]string{`id="to_post-err"`, `value="机关党委专职副书记"`}, nil)
	expect(t, "rotation recorded", f.post("/members/"+a1+"/cadre/rotations", admin,
		url.Values{"from_post": {"机关党委专职副书记"}, "to_post": {"预算股股长"}, "direction": {"to_admin"}, "rotated_on": {"2025-06-01"}, "note": {"双向交流"}}), 303, nil, nil)
	m, err := f.app.Member(context.Background(), f.admin, f.a1.ID, false)
	if err != nil || m.PartyAffairs != dangjian.PartyAffairsNone {
		t.Errorf("after rotating out: %v %v", m.PartyAffairs, err)
	}
	expect(t, "the log shows it", f.get("/members/"+a1+"/cadre", admin), 200,
		[]string{"预算股股长", "双向交流", "党务岗位→行政业务岗位"}, []string{`id="post-form"`})

	expect(t, "appraisal without grade", f.post("/members/"+a2+"/cadre/appraisals", admin, url.Values{"year": {"2025"}, "note": {"组织发展工作扎实"}}), 422,
		[]string{`id="grade-err"`, "组织发展工作扎实"}, nil)
	expect(t, "appraisal saved", f.post("/members/"+a2+"/cadre/appraisals", admin, url.Values{"year": {"2025"}, "grade": {"competent"}, "note": {"组织发展工作扎实"}}), 303, nil, nil)
	expect(t, "the unit's appraisals", f.get("/orgs/"+fin+"/cadre-appraisals?year=2025", admin), 200,
		[]string{`data-page="cadre/appraisals"`, "李娜", "组织发展工作扎实", "称职"}, nil)

	expect(t, "settings: not a number", f.post("/orgs/"+fin+"/cadre-team/settings", admin, url.Values{"small_unit_staff": {"abc"}, "rotation_years": {"5"}}), 422,
		[]string{`id="small_unit_staff-err"`}, nil)
	expect(t, "settings: out of range", f.post("/orgs/"+fin+"/cadre-team/settings", admin, url.Values{"small_unit_staff": {"50"}, "rotation_years": {"99"}}), 422,
		[]string{`id="rotation_years-err"`}, nil)
	expect(t, "settings saved", f.post("/orgs/"+fin+"/cadre-team/settings", admin, url.Values{"small_unit_staff": {"50"}, "rotation_years": {""}}), 303, nil, nil)
	expect(t, "the 教育局 is no longer small", f.get("/orgs/"+id(f.edu.ID)+"/cadre-team", admin), 200, []string{"没有专职党务干部"}, nil)

	for _, path := range []string{"/orgs/" + fin + "/cadre-team/export?format=csv", "/orgs/" + root + "/cadre-team/rollup/export?format=xlsx",
		"/orgs/" + root + "/cadre-team/long-serving/export?format=csv", "/orgs/" + fin + "/cadre-appraisals/export?year=2025&format=csv"} {
		res := f.get(path, admin)
		if res.code != 200 || !strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %v", path, res.code, res.header)
		}
	}
	if res := f.get("/orgs/"+fin+"/cadre-team/export?format=pdf", admin); res.code != 422 {
		t.Errorf("bad format: %d", res.code)
	}

	// Scope: a viewer of the 教育局 branch sees neither the 财政局 nor its cadres.
	v := f.user("viewB", dangjian.RoleViewer, f.branchB, nil)
	expect(t, "other unit", f.get("/orgs/"+fin+"/cadre-team", v), 404, nil, nil)
	expect(t, "other member's profile", f.get("/members/"+a2+"/cadre", v), 404, nil, nil)
	expect(t, "a viewer cannot post", f.post("/members/"+a2+"/cadre/appraisals", v, url.Values{"year": {"2025"}, "grade": {"competent"}, "note": {"x"}}), 404, nil, nil)
}

// TestCadreMessagesEn: the cadre team's findings and messages read in English.
func TestCadreMessagesEn(t *testing.T) {
	t.Parallel()
	rs, err := dangjian.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	var zh []string
	for _, c := range [][3]int{{40, 0, 0}, {300, 0, 2}, {300, 2, 0}, {300, 9, 0}} {
		for _, f := range dangjian.CadreFindings(rs, c[0], c[1], c[2], 100) {
			zh = append(zh, f.Message)
		}
	}
	zh = append(zh, "3 个单位中有 2 个党务干部配备不足", "4 名专职党务干部任职满 5 年未交流", "年度须在 1949 到 2026 之间",
		"该党员目前不是党务干部，只能登记由行政业务岗位交流到党务岗位", "请填写 1 到 40 之间的整数，如 5")
	for _, m := range zh {
		if en := msgIn(langEn, m); en == "The value is not valid." || hanRe.MatchString(en) {
			t.Errorf("%q → %q", m, en)
		}
	}
}

// TestMemberPageLinks: a cadre's record links to the cadre profile; its
// cadre opinions are linked only for those who may see them.
func TestMemberPageLinks(t *testing.T) {
	t.Parallel()
	f := cadreFixture(t)
	a1 := id(f.a1.ID)
	profile, opinions := `href="/members/`+a1+`/cadre"`, `href="/cadre-opinions?member=`+a1+`"`
	expect(t, "the working committee", f.get("/members/"+a1, f.cookies["admin"]), 200, []string{profile, opinions}, nil)
	viewer := f.user("viewA", dangjian.RoleViewer, f.branchA, nil)
	expect(t, "a viewer", f.get("/members/"+a1, viewer), 200, []string{profile}, []string{opinions})
	personnel := f.user("personnel1", dangjian.RolePersonnel, f.root, nil)
	expect(t, "personnel", f.get("/members/"+a1, personnel), 200, []string{opinions}, nil)
	expect(t, "not a cadre", f.get("/members/"+id(f.bMembers[0].ID), f.cookies["admin"]), 200, nil, []string{`/cadre"`})
}
