package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// dualLifeFixture records 2025's meetings in branchB: the three leading
// cadres attend everything but bMembers[1], who attends nothing.
func dualLifeFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	skipper := f.bMembers[1].ID
	for _, m := range []struct{ kind, at string }{
		{dangjian.MeetingAssembly, "2025-03-10 09:00"}, {dangjian.MeetingThemeDay, "2025-04-10 09:00"}, {dangjian.MeetingLifeMeeting, "2025-11-10 09:00"},
	} {
		held, err := time.ParseInLocation("2006-01-02 15:04", m.at, dangjian.CST)
		if err != nil {
			t.Fatal(err)
		}
		var att []dangjian.Attendance
		for _, bm := range f.bMembers {
			s := dangjian.AttendPresent
			reason := ""
			switch {
			case bm.ID == skipper:
				s = dangjian.AttendAbsent
			case bm.ID == f.bMembers[2].ID && m.kind == dangjian.MeetingThemeDay:
				s, reason = dangjian.AttendLeave, "出差"
			}
			att = append(att, dangjian.Attendance{MemberID: bm.ID, Status: s, Reason: reason})
		}
		rec, err := f.app.RecordMeeting(context.Background(), f.admin, app.MeetingInput{OrgID: f.branchB.ID, Kind: m.kind, HeldAt: held, Topic: "学习", Attendance: att})
		if err != nil || !rec.Counted {
			t.Fatalf("record %s: %+v %v", m.kind, rec, err)
		}
	}
	return f
}

func TestDualLifePage(t *testing.T) {
	t.Parallel()
	f := dualLifeFixture(t)
	admin := f.cookies["admin"]
	page := "/orgs/" + strconv.FormatInt(f.edu.ID, 10) + "/dual-life?year=2025"
	skipper := `data-member="` + strconv.FormatInt(f.bMembers[1].ID, 10) + `"`

	res := f.get(page, admin)
	expect(t, "zh", res, 200, []string{`data-page="duallife/list"`, "县教育局党组 · 2025 年双重组织生活", "本地设置", "平台默认值", "50%",
		`<span class="badge missing">不足</span>`, `<span class="badge missing">未参加</span>`, `<span class="badge met">已参加</span>`,
		`<span class="badge na">本年未召开</span>`, `<code class="rule" title="党员领导干部以普通党员身份参加所在支部或党小组的组织生活 — 来源：支部条例; 机关条例">orglife.dual_life</code>`,
		`id="setting"`, `<span class="big" id="short">1</span>`, `<span class="big" id="cadres">3</span>`}, nil)
	// The one short is listed before the two who attended everything.
	first := strings.Index(res.body, `data-member="`)
	if first < 0 || !strings.HasPrefix(res.body[first:], skipper) {
		t.Errorf("the cadre short is not first")
	}
	if !strings.Contains(res.body, "本年度参加所在支部（党小组）组织生活 0/3 次，低于本地设置的 50%（应至少 2 次）") {
		t.Errorf("no share finding:\n%s", excerpt(res.body))
	}

	f.get("/settings/lang?lang=en&next=/", admin)
	en := f.get(page, admin)
	f.get("/settings/lang?lang=zh&next=/", admin)
	expect(t, "en", en, 200, []string{"dual organizational life 2025", "Local setting", `<span class="badge missing">Short</span>`,
		`<span class="badge missing">Absent</span>`, "Attended 0 of 3 meetings", "Did not attend the branch&#39;s organizational life meeting",
		"Source: Branch Work Regulations; Regulations on Party Organizations in Party and State Organs"}, []string{"不足", "本地设置"})

	// A branch viewer sees its branch, without the setting form; another
	// branch's viewer does not see it at all.
	viewer := f.user("viewB", dangjian.RoleViewer, f.branchB, nil)
	expect(t, "viewer", f.get("/orgs/"+strconv.FormatInt(f.branchB.ID, 10)+"/dual-life?year=2025", viewer), 200, []string{skipper}, []string{`id="setting"`})
	expect(t, "out of scope", f.get(page, f.user("viewA", dangjian.RoleViewer, f.branchA, nil)), 404, nil, []string{skipper})
	expect(t, "a viewer may not set", f.post("/orgs/"+strconv.FormatInt(f.branchB.ID, 10)+"/dual-life/setting?year=2025", viewer, url.Values{"min_share": {"10"}}), 403, nil, nil)

	// The root's committee administrator sets the local share.
	set := "/orgs/" + strconv.FormatInt(f.edu.ID, 10) + "/dual-life/setting?year=2025"
	expect(t, "out of range", f.post(set, admin, url.Values{"min_share": {"150"}}), 422, []string{"请填写大于0且不超过100的百分比", `value="150"`, `aria-invalid="true"`}, nil)
	expect(t, "not a number", f.post(set, admin, url.Values{"min_share": {"half"}}), 422, []string{"请填写大于0且不超过100的百分比"}, nil)
	res = f.post(set, admin, url.Values{"min_share": {"100"}})
	if res.code != 303 || res.header.Get("Location") != page {
		t.Fatalf("set: %d %s", res.code, res.header.Get("Location"))
	}
	// At 100% one leave is short too.
	expect(t, "after set", f.get(page, admin), 200, []string{"100%", "由本部署设置", `<span class="big" id="short">2</span>`, "恢复默认值（50%）"}, []string{"平台默认值，"})
	res = f.post("/orgs/"+strconv.FormatInt(f.edu.ID, 10)+"/dual-life/setting/clear?year=2025", admin, nil)
	if res.code != 303 {
		t.Fatalf("clear: %d", res.code)
	}
	expect(t, "after clear", f.get(page, admin), 200, []string{"平台默认值", `<span class="big" id="short">1</span>`}, []string{"恢复默认值"})

	// The org page and the navigation link here.
	expect(t, "org page", f.get("/orgs/"+strconv.FormatInt(f.edu.ID, 10), admin), 200, []string{`href="/orgs/` + strconv.FormatInt(f.edu.ID, 10) + `/dual-life"`}, nil)
	expect(t, "nav", f.get("/", admin), 200, []string{`href="/orgs/` + strconv.FormatInt(f.root.ID, 10) + `/dual-life"`}, nil)
}
