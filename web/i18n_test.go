package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
)

// TestCatalog checks that every key the templates and the code name is in
// the catalog with both languages, that the enumerations of the domain all
// have names, and that the Chinese names agree with the domain's.
func TestCatalog(t *testing.T) {
	t.Parallel()
	used := map[string]string{} // key → where
	tmplKey := regexp.MustCompile(`\bt "([a-z0-9_.]+)"`)
	err := fs.WalkDir(files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = p
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goKey := regexp.MustCompile(`\btr\([a-zA-Z.]+, "([a-z0-9_.]+)"|(?:labelKey|"(?:nav|flash)\.[a-z_.]+")|m\.(?:text|date|field|choice)\([^)]*?"([a-z_]+\.[a-z0-9_.]+)"`)
	srcs, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range srcs {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			for _, k := range m[1:] {
				if k != "" {
					used[k] = p
				}
			}
		}
		for _, m := range regexp.MustCompile(`"((?:nav|flash)\.[a-z_.]+)"`).FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = p
		}
	}
	// Keys built at run time.
	for _, u := range []string{"people", "orgs", "items"} {
		used["pager.total."+u] = "pager"
		used["pager.range."+u] = "pager"
	}
	for _, s := range []string{dangjian.SeverityError, dangjian.SeverityWarning} {
		used["sev."+s] = "findings"
	}
	for _, r := range []string{"org.branch.min_full", "org.branch.max", "org.branch.committee_required", "org.term.branch", "org.term.committee"} {
		used["home.issue."+r] = "home"
	}
	used["home.issue.org.term.branch.due"], used["home.issue.org.term.committee.due"] = "home", "home"
	enums := map[string][]string{
		"kind":       dangjian.OrgKinds,
		"post":       dangjian.Posts,
		"role":       dangjian.Roles,
		"status":     {dangjian.StatusFull, dangjian.StatusProbationary},
		"gender":     {"male", "female"},
		"affairs":    {dangjian.PartyAffairsNone, dangjian.PartyAffairsFullTime, dangjian.PartyAffairsPartTime},
		"edu":        dangjian.Educations,
		"action":     auditActions,
		"entity":     auditEntities,
		"mkind":      dangjian.MeetingKinds,
		"attend":     {dangjian.AttendPresent, dangjian.AttendAbsent, dangjian.AttendLeave},
		"period":     {dangjian.PeriodMonth, dangjian.PeriodQuarter, dangjian.PeriodYear},
		"confidence": {"H", "M", "L", "-"},
		"runit":      {"fen", "hour", "month", "working_day", "year"},
		"cstatus":    {dangjian.StatusMet, dangjian.StatusMissing, dangjian.StatusUpcoming, dangjian.StatusNotApplicable},
	}
	for _, st := range []string{dangjian.StatusMet, dangjian.StatusMissing, dangjian.StatusUpcoming} {
		used["cstatus."+st+".short"] = "compliance/grid"
	}
	for g, vs := range enums {
		for _, v := range vs {
			used[g+"."+v] = "enum " + g
		}
	}
	if len(used) < 200 {
		t.Fatalf("found only %d keys in use; the scan is broken", len(used))
	}
	verbs := regexp.MustCompile(`%(\[\d\])?[sdv]`)
	for k, where := range used {
		e, ok := catalog[k]
		if !ok {
			t.Errorf("%s uses %q, which is not in the catalog", where, k)
			continue
		}
		if (e[0] == "" || e[1] == "") && !strings.HasPrefix(k, "unit.") {
			t.Errorf("catalog %q lacks a language: %q", k, e)
		}
		if len(verbs.FindAllString(e[0], -1)) != len(verbs.FindAllString(e[1], -1)) {
			t.Errorf("catalog %q: the languages take different arguments: %q", k, e)
		}
		if hanRe.MatchString(e[1]) && !strings.HasPrefix(k, "lang.") {
			t.Errorf("catalog %q: the English text holds Chinese: %q", k, e[1])
		}
	}
	for k := range catalog {
		if strings.HasPrefix(k, "eth.") {
			continue // names of ethnic groups, for whatever the records hold
		}
		if _, ok := used[k]; !ok {
			t.Errorf("catalog %q is never used", k)
		}
	}
	for _, c := range []struct {
		group string
		names map[string]string
	}{{"kind", dangjian.OrgKindNames}, {"post", dangjian.PostNames}, {"role", dangjian.RoleNames}} {
		for v, zh := range c.names {
			if got := catalog[c.group+"."+v][0]; got != zh {
				t.Errorf("catalog %s.%s = %q, the domain says %q", c.group, v, got, zh)
			}
		}
	}
}

// TestMessagesEn checks that the messages app and the domain produce have
// an English text, so English forms never fall back to the generic one.
func TestMessagesEn(t *testing.T) {
	t.Parallel()
	for _, zh := range []string{
		"请填写组织名称", "党组下不能设立党小组", "该组织还有 3 个下级组织，请先移走或删除", "公民身份号码校验位错误（应为 X）",
		"公民身份号码应为18位，实际 17 位", "公民身份号码中的出生日期（1990-05-04）与出生日期不一致", "党员须编入党支部（所选组织是党总支）",
		"登录失败次数过多，账号已锁定至 15:04", "组织 12 不存在或不在管理范围内", "用户名已被使用", "日期格式应为 YYYY-MM-DD",
		"组织不存在", "输入有误，请检查标出的字段", "请至少填写一名委员",
	} {
		en := msgIn(langEn, zh)
		if en == "The value is not valid." || hanRe.MatchString(en) {
			t.Errorf("%q → %q", zh, en)
		}
	}
	if got := msgIn(langEn, "党组下不能设立党小组"); got != "A party group cannot be set up under a leading party group." {
		t.Errorf("kind message = %q", got)
	}
	if got := msgIn(langZh, "请填写组织名称"); got != "请填写组织名称" {
		t.Errorf("Chinese stays Chinese: %q", got)
	}
	if got := sourceIn(langEn, "支部条例 第十一条"); got != "Branch Work Regulations Art. 11" {
		t.Errorf("source = %q", got)
	}
	for s, n := range map[string]int{"四": 4, "十": 10, "十一": 11, "二十": 20, "三十二": 32} {
		if got := chineseNumber(s); got != n {
			t.Errorf("chineseNumber(%s) = %d, want %d", s, got, n)
		}
	}
	for n, s := range map[int]string{0: "0", 999: "999", 1000: "1,000", 3012: "3,012", 1000000: "1,000,000", -1234: "-1,234"} {
		if got := formatInt(n); got != s {
			t.Errorf("formatInt(%d) = %q", n, got)
		}
	}
}
