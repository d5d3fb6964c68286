package web

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

const adminPW = "Admin-pw-2026!"

// fixture is a real handler on a real database with a small county:
//
//	机关工委 (root)
//	├─ 县财政局党组
//	│  └─ 财政局第一党支部 (branchA): 2 full members, a committee whose term
//	│     │                          expired in 2023
//	│     └─ 第一党小组 (group)
//	└─ 县教育局党组
//	   └─ 教育局党支部 (branchB): 25 members, 5 probationary, 3 leading cadres
//	   └─ 教育局空支部 (empty): no members
type fixture struct {
	t        *testing.T
	app      *app.App
	h        http.Handler
	admin    *dangjian.Actor
	cookies  map[string]*http.Cookie
	root     *dangjian.Org
	finance  *dangjian.Org
	branchA  *dangjian.Org
	group    *dangjian.Org
	edu      *dangjian.Org
	branchB  *dangjian.Org
	empty    *dangjian.Org
	a1, a2   *dangjian.Member // branchA's members
	bMembers []*dangjian.Member
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(sqltest.Open(t), app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Bootstrap(ctx, adminPW); err != nil {
		t.Fatal(err)
	}
	h, err := New(a, slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, app: a, h: h, cookies: map[string]*http.Cookie{}}
	f.cookies["admin"] = f.login("admin", adminPW)
	au, err := a.Authenticate(ctx, f.cookies["admin"].Value, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	f.admin = au.Actor
	roots, err := a.OrgRoots(ctx, f.admin)
	if err != nil || len(roots) != 1 {
		t.Fatalf("roots: %v %v", roots, err)
	}
	f.root = roots[0]
	f.finance = f.org(f.root, "县财政局党组", dangjian.KindLeadingGroup, "县财政局", 120)
	f.branchA = f.org(f.finance, "财政局第一党支部", dangjian.KindBranch, "县财政局", 0)
	f.group = f.org(f.branchA, "第一党小组", dangjian.KindGroup, "", 0)
	f.edu = f.org(f.root, "县教育局党组", dangjian.KindLeadingGroup, "县教育局", 80)
	f.branchB = f.org(f.edu, "教育局党支部", dangjian.KindBranch, "县教育局", 0)
	f.empty = f.org(f.edu, "教育局空支部", dangjian.KindBranch, "县教育局", 0)
	f.a1 = f.member(f.branchA, "张伟", "1980-01-01", 1, true, false)
	f.a2 = f.member(f.branchA, "李娜", "1985-06-15", 2, true, false)
	_, err = a.ReplaceCommittee(ctx, f.admin, f.branchA.ID, dangjian.Committee{
		TermStart: dangjian.MustDate("2020-01-01"), TermEnd: dangjian.MustDate("2023-01-01"),
		Posts: []dangjian.Post{{MemberID: f.a1.ID, Post: dangjian.PostSecretary}, {MemberID: f.a2.ID, Post: dangjian.PostOrganization}},
	})
	if err != nil {
		t.Fatal(err)
	}
	given := []rune("芳秀英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬燕彩春菊")
	for i := 0; i < 25; i++ {
		m := f.member(f.branchB, "王"+string(given[i]), fmt.Sprintf("19%02d-03-%02d", 60+i, 1+i), 10+i, i >= 5, i < 3)
		f.bMembers = append(f.bMembers, m)
	}
	return f
}

func (f *fixture) org(parent *dangjian.Org, name, kind, unit string, staff int) *dangjian.Org {
	f.t.Helper()
	o, err := f.app.CreateOrg(context.Background(), f.admin, app.OrgInput{ParentID: &parent.ID, Name: name, Kind: kind, Unit: unit, StaffCount: staff})
	if err != nil {
		f.t.Fatalf("create org %s: %v", name, err)
	}
	return o
}

// idNumber makes a valid citizen ID number for a birth date; an odd seq
// is a man.
func idNumber(birth string, seq int) string {
	s := fmt.Sprintf("110101%s%03d", strings.ReplaceAll(birth, "-", ""), seq)
	c, err := dangjian.IDCheckDigit(s)
	if err != nil {
		panic(err)
	}
	return s + string(c)
}

func genderOf(seq int) string {
	if seq%2 == 1 {
		return "male"
	}
	return "female"
}

func (f *fixture) member(branch *dangjian.Org, name, birth string, seq int, full, cadre bool) *dangjian.Member {
	f.t.Helper()
	m := dangjian.Member{
		Name: name, Gender: genderOf(seq), BirthDate: dangjian.MustDate(birth), IDNumber: idNumber(birth, seq),
		OrgID: branch.ID, Status: dangjian.StatusProbationary, JoinedOn: dangjian.MustDate("2024-07-01"),
		LeadingCadre: cadre, Phone: "13800138" + fmt.Sprintf("%03d", seq), Ethnicity: "汉族", Position: "科员",
	}
	if full {
		m.Status, m.JoinedOn, m.ConfirmedOn = dangjian.StatusFull, dangjian.MustDate("2010-07-01"), dangjian.MustDate("2011-07-01")
	}
	out, err := f.app.CreateMember(context.Background(), f.admin, m)
	if err != nil {
		f.t.Fatalf("create member %s: %v", name, err)
	}
	return out
}

// user creates an account with one role and logs it in through the form.
func (f *fixture) user(name, role string, org *dangjian.Org, memberID *int64) *http.Cookie {
	f.t.Helper()
	if c, ok := f.cookies[name]; ok {
		return c
	}
	const pw = "User-pw-2026!"
	_, err := f.app.CreateUser(context.Background(), f.admin, app.UserInput{Username: name, Password: pw, MemberID: memberID,
		Roles: []dangjian.Grant{{Role: role, OrgID: org.ID}}})
	if err != nil {
		f.t.Fatalf("create user %s: %v", name, err)
	}
	f.cookies[name] = f.login(name, pw)
	return f.cookies[name]
}

func (f *fixture) login(user, pw string) *http.Cookie {
	f.t.Helper()
	res := f.do("POST", "/login", nil, url.Values{"username": {user}, "password": {pw}}, nil)
	if res.code != http.StatusSeeOther {
		f.t.Fatalf("login %s: %d %s", user, res.code, res.body)
	}
	for _, c := range res.cookies {
		if c.Name == sessionCookie {
			return c
		}
	}
	f.t.Fatalf("login %s: no session cookie", user)
	return nil
}

type result struct {
	code    int
	body    string
	header  http.Header
	cookies []*http.Cookie
}

// do sends one request to the handler; form, when set, is posted.
func (f *fixture) do(method, target string, cookie *http.Cookie, form url.Values, hdr map[string]string) result {
	f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	req.RemoteAddr = "192.0.2.7:4000"
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for k, v := range hdr {
		if k == "Cookie" {
			req.Header.Add(k, v)
			continue
		}
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	res := rec.Result()
	return result{code: rec.Code, body: rec.Body.String(), header: rec.Header(), cookies: res.Cookies()}
}

func (f *fixture) get(target string, cookie *http.Cookie) result {
	return f.do("GET", target, cookie, nil, nil)
}

func (f *fixture) post(target string, cookie *http.Cookie, form url.Values) result {
	return f.do("POST", target, cookie, form, nil)
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// expect checks a response's status and that its body holds every want
// and none of the avoid strings.
func expect(t *testing.T, name string, res result, code int, want []string, avoid []string) {
	t.Helper()
	if res.code != code {
		t.Errorf("%s: status %d, want %d\n%s", name, res.code, code, excerpt(res.body))
	}
	for _, w := range want {
		if !strings.Contains(res.body, w) {
			t.Errorf("%s: body lacks %q\n%s", name, w, excerpt(res.body))
		}
	}
	for _, a := range avoid {
		if strings.Contains(res.body, a) {
			t.Errorf("%s: body holds %q", name, a)
		}
	}
}

// excerpt is the main part of a page, to keep failure output readable.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

var hanRe = regexp.MustCompile(`\p{Han}+`)

func TestLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	t.Run("form", func(t *testing.T) {
		res := f.get("/login", nil)
		expect(t, "login page", res, 200, []string{"登录", `id="username"`, `id="password"`, `type="submit"`, `lang="zh-CN"`, `data-page="auth/login"`}, nil)
	})
	t.Run("not logged in", func(t *testing.T) {
		for _, c := range []struct{ path, loc string }{
			{"/", "/login?next=%2F"},
			{"/members?q=%E5%BC%A0", "/login?next=%2Fmembers%3Fq%3D%25E5%25BC%25A0"},
			{"/orgs/" + id(f.branchA.ID), "/login?next=%2Forgs%2F" + id(f.branchA.ID)},
			{"/audit", "/login?next=%2Faudit"},
		} {
			res := f.get(c.path, nil)
			if res.code != http.StatusSeeOther || res.header.Get("Location") != c.loc {
				t.Errorf("GET %s: %d → %q, want 303 → %q", c.path, res.code, res.header.Get("Location"), c.loc)
			}
		}
		res := f.post("/orgs/"+id(f.branchA.ID)+"/delete", nil, url.Values{})
		if res.code != http.StatusSeeOther || res.header.Get("Location") != "/login" {
			t.Errorf("POST without session: %d → %q", res.code, res.header.Get("Location"))
		}
		res = f.do("GET", "/members", nil, nil, map[string]string{"HX-Request": "true", "HX-Current-URL": "http://x/members?page=2"})
		if res.header.Get("HX-Redirect") != "/login?next=%2Fmembers%3Fpage%3D2" {
			t.Errorf("htmx without session: HX-Redirect %q", res.header.Get("HX-Redirect"))
		}
	})
	t.Run("good", func(t *testing.T) {
		res := f.post("/login", nil, url.Values{"username": {"admin"}, "password": {adminPW}, "next": {"/orgs?q=x"}})
		if res.code != http.StatusSeeOther || res.header.Get("Location") != "/orgs?q=x" {
			t.Fatalf("login: %d → %q", res.code, res.header.Get("Location"))
		}
		var c *http.Cookie
		for _, k := range res.cookies {
			if k.Name == sessionCookie {
				c = k
			}
		}
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" || c.Value == "" {
			t.Fatalf("session cookie = %+v", c)
		}
		expect(t, "home with the new cookie", f.get("/", c), 200, []string{`data-page="home/home"`}, nil)
		// A logged-in visit to the login page goes on.
		if res := f.get("/login?next=/members", c); res.code != 303 || res.header.Get("Location") != "/members" {
			t.Errorf("login page when logged in: %d %q", res.code, res.header.Get("Location"))
		}
	})
	t.Run("next stays local", func(t *testing.T) {
		for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil"} {
			res := f.post("/login", nil, url.Values{"username": {"admin"}, "password": {adminPW}, "next": {next}})
			if res.header.Get("Location") != "/" {
				t.Errorf("next %q → %q, want /", next, res.header.Get("Location"))
			}
		}
	})
	t.Run("bad", func(t *testing.T) {
		res := f.post("/login", nil, url.Values{"username": {"admin"}, "password": {"wrong-password"}})
		expect(t, "bad password", res, 422, []string{"用户名或密码错误", `value="admin"`, "登录"}, nil)
		for _, c := range res.cookies {
			if c.Name == sessionCookie && c.Value != "" {
				t.Error("a failed login set a session cookie")
			}
		}
		expect(t, "unknown user", f.post("/login", nil, url.Values{"username": {"nobody"}, "password": {"x"}}), 422, []string{"用户名或密码错误"}, nil)
	})
	t.Run("locked", func(t *testing.T) {
		f.user("locky", dangjian.RoleViewer, f.root, nil)
		for i := 0; i < 5; i++ {
			f.post("/login", nil, url.Values{"username": {"locky"}, "password": {"wrong-password"}})
		}
		res := f.post("/login", nil, url.Values{"username": {"locky"}, "password": {"User-pw-2026!"}})
		expect(t, "locked", res, 422, []string{"账号已锁定"}, nil)
	})
	t.Run("logout", func(t *testing.T) {
		c := f.login("admin", adminPW)
		res := f.post("/logout", c, url.Values{})
		if res.code != 303 || res.header.Get("Location") != "/login" {
			t.Fatalf("logout: %d %q", res.code, res.header.Get("Location"))
		}
		if res := f.get("/", c); res.code != 303 {
			t.Errorf("the old cookie still works after logout: %d", res.code)
		}
	})
	t.Run("secure cookie", func(t *testing.T) {
		h, err := New(f.app, nil, Options{SecureCookies: true})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"username": {"admin"}, "password": {adminPW}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		cs := rec.Result().Cookies()
		if len(cs) == 0 || !cs[0].Secure {
			t.Errorf("cookies with SecureCookies = %+v", cs)
		}
	})
}

func TestHome(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.get("/", f.cookies["admin"])
	expect(t, "admin home", res, 200, []string{
		`data-page="home/home"`, `class="orgtree"`,
		// 27 members: 2 + 25, of them 22 full and 5 probationary; 3 leading cadres.
		`27<small>人</small>`, "正式 22 人 · 预备 5 人", `3<small>人</small>`,
		// 7 organizations, 3 of them branches.
		`7<small>个</small>`, "其中党支部 3 个",
		// branchA, branchB? no: branchA (2 full) and the empty branch break min_full.
		"org.branch.min_full", "org.term.branch", "财政局第一党支部", "教育局空支部",
		`<a href="/orgs">`, `<a href="/members">`,
	}, nil)
	if !regexp.MustCompile(`2<small>个</small></span>\s*<span class="label">正式党员不足 3 人的党支部`).MatchString(res.body) {
		t.Errorf("min_full card does not count 2 branches\n%s", excerpt(res.body))
	}
	if strings.Contains(res.body, "即将换届") {
		t.Error("a due-soon card shows while no term is due")
	}
	// A branch B committee whose 3-year term ends in 30 days is due soon.
	today := f.app.Today()
	start := today.AddYears(-3).AddDays(30)
	_, err := f.app.ReplaceCommittee(context.Background(), f.admin, f.branchB.ID, dangjian.Committee{TermStart: start, TermEnd: start.AddYears(3),
		Posts: []dangjian.Post{{MemberID: f.bMembers[5].ID, Post: dangjian.PostSecretary}, {MemberID: f.bMembers[6].ID, Post: dangjian.PostOrganization}, {MemberID: f.bMembers[7].ID, Post: dangjian.PostPublicity}}})
	if err != nil {
		t.Fatal(err)
	}
	res = f.get("/", f.cookies["admin"])
	if !regexp.MustCompile(`1<small>个</small></span>\s*<span class="label">支部（总支）委员会即将换届`).MatchString(res.body) {
		t.Errorf("the due-soon card does not count branch B\n%s", excerpt(res.body))
	}
	expect(t, "due soon on the org page", f.get("/orgs/"+id(f.branchB.ID), f.cookies["admin"]), 200, []string{"任期将于", "（30 天后）", `<span class="badge due">需关注</span>`}, nil)
	mid := f.a1.ID
	cases := []struct {
		user, role string
		member     *int64
		to         string
	}{
		{"member1", dangjian.RoleMember, &mid, "/me"},
		{"sys1", dangjian.RoleSysadmin, nil, "/users"},
		{"audit1", dangjian.RoleAuditor, nil, "/audit"},
	}
	for _, c := range cases {
		res := f.get("/", f.user(c.user, c.role, f.root, c.member))
		if res.code != 303 || res.header.Get("Location") != c.to {
			t.Errorf("%s home: %d → %q, want %q", c.role, res.code, res.header.Get("Location"), c.to)
		}
	}
	// The member sees their own record (with the numbers, it is theirs) and nothing else.
	mc := f.cookies["member1"]
	expect(t, "own record", f.get("/members/"+id(f.a1.ID), mc), 200, []string{"张伟", "我的档案"}, []string{`href="/members"`})
	expect(t, "another member", f.get("/members/"+id(f.a2.ID), mc), 404, nil, nil)
	expect(t, "roster", f.get("/members", mc), 403, nil, nil)
}

func TestOrgPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.cookies["admin"]
	res := f.get("/orgs/"+id(f.branchA.ID), c)
	expect(t, "branch A", res, 200, []string{
		`data-page="org/show"`, "<h1>财政局第一党支部</h1>",
		// breadcrumbs: the path from the root
		`<a href="/orgs/` + id(f.root.ID) + `">机关工委</a>`, `<a href="/orgs/` + id(f.finance.ID) + `">县财政局党组</a>`, `<li aria-current="page">财政局第一党支部</li>`,
		// findings with rule ids, sources and severity words
		`<code class="rule" title="来源：支部条例 第四条">org.branch.min_full</code>`,
		`>org.term.branch</code>`, "正式党员 2 人，不足 3 人", "任期已于 2023年1月1日 届满",
		`<span class="badge missing">不符合</span>`,
		// committee with posts and term
		"2020年1月1日 — 2023年1月1日", "书记", "组织委员", "张伟", "/orgs/" + id(f.branchA.ID) + "/committee/history",
		// counts and children
		"直属 2 人，其中正式党员 2 人", "第一党小组", `class="orgtree"`, `aria-current="page"`,
		// actions
		"/orgs/" + id(f.branchA.ID) + "/edit", "/orgs/" + id(f.branchA.ID) + "/move", "/orgs/" + id(f.branchA.ID) + "/delete",
		"/orgs/" + id(f.branchA.ID) + "/committee", "/members/new?org=" + id(f.branchA.ID), "/members?org=" + id(f.branchA.ID),
		"/orgs/" + id(f.branchA.ID) + "/children/new",
		// print header
		`--print-org: &#34;财政局第一党支部&#34;`,
	}, nil)
	expect(t, "no such org", f.get("/orgs/999999", c), 404, []string{`data-page="error/error"`, "找不到该页面", `href="/"`}, nil)
	expect(t, "bad id", f.get("/orgs/abc", c), 404, nil, nil)
	expect(t, "history", f.get("/orgs/"+id(f.branchA.ID)+"/committee/history", c), 200, []string{`data-page="org/history"`, "本届", "张伟"}, nil)
	expect(t, "posts held", f.get("/members/"+id(f.a1.ID), c), 200, []string{"担任职务", "书记", "2020年1月1日 — 2023年1月1日", "本届"}, nil)

	t.Run("tree", func(t *testing.T) {
		res := f.do("GET", "/orgs/"+id(f.edu.ID)+"/children", c, nil, map[string]string{"HX-Request": "true"})
		expect(t, "children fragment", res, 200, []string{"教育局党支部", "教育局空支部", `<span class="count"`}, []string{"<html", "<body"})
		res = f.get("/orgs/"+id(f.edu.ID)+"/children", c)
		if res.code != 303 || res.header.Get("Location") != "/orgs/"+id(f.edu.ID)+"#children" {
			t.Errorf("children without htmx: %d %q", res.code, res.header.Get("Location"))
		}
		res = f.get("/orgs", c)
		expect(t, "tree page", res, 200, []string{`data-page="org/list"`, `class="orgtree"`, "县财政局党组", `hx-get="/orgs/` + id(f.finance.ID) + `/children"`}, nil)
		res = f.get("/orgs?q="+url.QueryEscape("支部"), c)
		expect(t, "search", res, 200, []string{"财政局第一党支部", "教育局党支部", "机关工委 / 县教育局党组", "共 3 个"}, []string{"县财政局党组</a>"})
	})
}

func TestOrgForms(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.cookies["admin"]
	ctx := context.Background()
	count := func() int {
		_, n, err := f.app.Orgs(ctx, f.admin, dangjian.OrgFilter{}, app.Page{PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	newURL := "/orgs/" + id(f.finance.ID) + "/children/new"
	expect(t, "new form", f.get(newURL, c), 200, []string{`data-page="org/form"`, `<label for="name">组织名称<span class="req"`, `<option value="branch"`}, []string{`<option value="working_committee"`})
	before := count()
	res := f.post(newURL, c, url.Values{"name": {"  "}, "kind": {"branch"}, "unit": {"县财政局（保留）"}, "staff_count": {"12"}})
	expect(t, "missing name", res, 422, []string{
		`<p class="error" id="name-err">请填写组织名称</p>`, `aria-invalid="true"`, `value="县财政局（保留）"`, `value="12"`, "有 1 处需要修改",
	}, nil)
	res = f.post(newURL, c, url.Values{"name": {"X支部"}, "kind": {"branch"}, "staff_count": {"many"}})
	expect(t, "bad number", res, 422, []string{`id="staff_count-err">请填写整数`}, nil)
	res = f.post(newURL, c, url.Values{"name": {"财政局小组"}, "kind": {"group"}})
	expect(t, "wrong kind", res, 422, []string{"党组下不能设立党小组"}, nil)
	if n := count(); n != before {
		t.Fatalf("failed submits created organizations: %d → %d", before, n)
	}
	res = f.post(newURL, c, url.Values{"name": {"财政局第二党支部"}, "kind": {"branch"}, "unit": {"县财政局"}})
	if res.code != 303 || !strings.HasPrefix(res.header.Get("Location"), "/orgs/") {
		t.Fatalf("create: %d %q\n%s", res.code, res.header.Get("Location"), excerpt(res.body))
	}
	loc := res.header.Get("Location")
	flash := res.cookies[0]
	expect(t, "created", f.do("GET", loc, c, nil, map[string]string{"Cookie": flash.Name + "=" + flash.Value}), 200, []string{"<h1>财政局第二党支部</h1>", "党组织已创建"}, nil)
	newID := strings.TrimPrefix(loc, "/orgs/")

	t.Run("edit", func(t *testing.T) {
		expect(t, "edit form", f.get(loc+"/edit", c), 200, []string{`value="财政局第二党支部"`}, nil)
		res := f.post(loc+"/edit", c, url.Values{"name": {"财政局第二党支部（改）"}, "kind": {"branch"}, "unit": {"县财政局"}, "staff_count": {"9"}})
		if res.code != 303 || res.header.Get("Location") != loc {
			t.Fatalf("edit: %d %q", res.code, res.header.Get("Location"))
		}
		expect(t, "edited", f.get(loc, c), 200, []string{"财政局第二党支部（改）"}, nil)
		expect(t, "edit error", f.post(loc+"/edit", c, url.Values{"name": {""}, "kind": {"branch"}}), 422, []string{"请填写组织名称"}, nil)
	})
	t.Run("move", func(t *testing.T) {
		res := f.get(loc+"/move", c)
		expect(t, "move form", res, 200, []string{`data-page="org/move"`, `value="` + id(f.edu.ID) + `"`}, []string{`name="parent_id" value="` + id(f.branchB.ID) + `"`})
		expect(t, "move nowhere", f.post(loc+"/move", c, url.Values{}), 422, []string{"请选择上级组织"}, nil)
		expect(t, "move under a branch", f.post(loc+"/move", c, url.Values{"parent_id_manual": {id(f.branchB.ID)}}), 422, []string{"党支部下不能设立党支部"}, nil)
		res = f.post(loc+"/move", c, url.Values{"parent_id": {id(f.edu.ID)}})
		if res.code != 303 {
			t.Fatalf("move: %d\n%s", res.code, excerpt(res.body))
		}
		expect(t, "moved", f.get(loc, c), 200, []string{`<a href="/orgs/` + id(f.edu.ID) + `">县教育局党组</a>`}, nil)
	})
	t.Run("delete", func(t *testing.T) {
		res := f.post("/orgs/"+id(f.branchA.ID)+"/delete", c, url.Values{})
		expect(t, "delete with members", res, 409, []string{`id="delete-error"`, "不能删除", "下级组织"}, nil)
		res = f.post("/orgs/"+newID+"/delete", c, url.Values{})
		if res.code != 303 || res.header.Get("Location") != "/orgs/"+id(f.edu.ID) {
			t.Fatalf("delete: %d %q", res.code, res.header.Get("Location"))
		}
		expect(t, "deleted", f.get("/orgs/"+newID, c), 404, nil, nil)
		expect(t, "delete the root", f.post("/orgs/"+id(f.root.ID)+"/delete", c, url.Values{}), 409, []string{`id="delete-error"`, "顶层组织不能删除"}, nil)
	})
	t.Run("committee", func(t *testing.T) {
		u := "/orgs/" + id(f.branchA.ID) + "/committee"
		res := f.get(u, c)
		expect(t, "committee form", res, 200, []string{`data-page="org/committee"`, `<option value="` + id(f.a1.ID) + `" selected>张伟`, `id="term_start"`}, nil)
		res = f.post(u, c, url.Values{"term_start": {"2026-01-01"}, "term_end": {"2025-01-01"}, "member_id": {id(f.a1.ID), id(f.a1.ID), ""}, "post": {"secretary", "publicity", "member"}})
		expect(t, "bad committee", res, 422, []string{"任期结束日期须晚于开始日期", "同一党员不能重复任职"}, nil)
		res = f.post(u, c, url.Values{"term_start": {"2026-01-01"}, "term_end": {"2026-02-30"}, "member_id": {id(f.a2.ID)}, "post": {"secretary"}})
		expect(t, "bad date", res, 422, []string{`id="term_end-err">日期格式应为 YYYY-MM-DD`}, nil)
		res = f.post(u, c, url.Values{"term_start": {"2026-01-01"}, "term_end": {"2029-01-01"}, "member_id": {id(f.a2.ID), id(f.bMembers[0].ID)}, "post": {"secretary", "member"}})
		expect(t, "outsider", res, 422, []string{"该党员不在本组织"}, nil)
		res = f.post(u, c, url.Values{"term_start": {"2026-01-01"}, "term_end": {"2029-01-01"}, "member_id": {id(f.a2.ID), ""}, "post": {"secretary", "member"}, "add_rows": {"1"}})
		expect(t, "more rows", res, 200, []string{`id="member-7"`}, nil)
		res = f.post(u, c, url.Values{"term_start": {"2026-01-01"}, "term_end": {"2029-01-01"}, "member_id": {id(f.a2.ID), "", id(f.a1.ID)}, "post": {"secretary", "member", "organization"}})
		if res.code != 303 {
			t.Fatalf("save committee: %d\n%s", res.code, excerpt(res.body))
		}
		res = f.get("/orgs/"+id(f.branchA.ID), c)
		expect(t, "new committee", res, 200, []string{"2026年1月1日 — 2029年1月1日"}, []string{"任期已于 2023年1月1日 届满"})
		expect(t, "history", f.get(u+"/history", c), 200, []string{"往届", "2020年1月1日"}, nil)
	})
}

func TestMembers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.cookies["admin"]
	ctx := context.Background()
	total := func() int {
		_, n, err := f.app.Members(ctx, f.admin, dangjian.MemberFilter{}, app.Page{PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	good := url.Values{
		"name": {"赵敏"}, "gender": {"female"}, "ethnicity": {"汉族"}, "birth_date": {"1990-05-04"},
		"id_number": {idNumber("1990-05-04", 42)}, "org_id": {id(f.branchA.ID)}, "status": {"full"},
		"joined_on": {"2015-07-01"}, "confirmed_on": {"2016-07-01"}, "party_affairs": {"part_time"}, "phone": {"13912345678"},
	}
	before := total()
	t.Run("new form", func(t *testing.T) {
		res := f.get("/members/new?org="+id(f.branchA.ID), c)
		expect(t, "new member form", res, 200, []string{`data-page="member/form"`, `<option value="` + id(f.branchA.ID) + `" selected>财政局第一党支部`, `<option value="` + id(f.group.ID) + `"`}, []string{"教育局党支部", `name="branch_q"`})
	})
	t.Run("bad id number", func(t *testing.T) {
		bad := cloneValues(good)
		n := []byte(idNumber("1990-05-04", 42))
		n[17] = map[bool]byte{true: '1', false: '2'}[n[17] != '1']
		bad.Set("id_number", string(n))
		bad.Set("name", "赵敏（重填）")
		res := f.post("/members/new?org="+id(f.branchA.ID), c, bad)
		expect(t, "bad check digit", res, 422, []string{`<p class="error" id="id_number-err">公民身份号码校验位错误`, `value="赵敏（重填）"`, `value="` + string(n) + `"`}, nil)
		mismatch := cloneValues(good)
		mismatch.Set("birth_date", "1990-05-05")
		expect(t, "birth mismatch", f.post("/members/new", c, mismatch), 422, []string{"与出生日期不一致"}, nil)
		short := cloneValues(good)
		short.Set("id_number", "11010119900504")
		expect(t, "short", f.post("/members/new", c, short), 422, []string{"公民身份号码应为18位"}, nil)
		baddate := cloneValues(good)
		baddate.Set("confirmed_on", "2016-13-01")
		expect(t, "bad optional date", f.post("/members/new", c, baddate), 422, []string{`id="confirmed_on-err">日期格式应为`}, nil)
		if n := total(); n != before {
			t.Fatalf("failed submits wrote members: %d → %d", before, n)
		}
	})
	var newID string
	t.Run("create", func(t *testing.T) {
		res := f.post("/members/new", c, good)
		if res.code != 303 {
			t.Fatalf("create: %d\n%s", res.code, excerpt(res.body))
		}
		newID = strings.TrimPrefix(res.header.Get("Location"), "/members/")
		res = f.get("/members/"+newID, c)
		expect(t, "member page", res, 200, []string{`data-page="member/show"`, "赵敏", "110***********", "139****5678", "1990年5月4日", "兼职", "登记入册", `/members/` + newID + `/reveal`}, []string{idNumber("1990-05-04", 42)})
		dup := cloneValues(good)
		dup.Set("name", "另一人")
		expect(t, "duplicate id number", f.post("/members/new", c, dup), 409, []string{`id="id_number-err">该公民身份号码已属于另一名党员`}, nil)
	})
	t.Run("reveal", func(t *testing.T) {
		res := f.post("/members/"+newID+"/reveal", c, url.Values{})
		expect(t, "revealed", res, 200, []string{idNumber("1990-05-04", 42), "13912345678", "本次查看已记录"}, nil)
		oc := f.user("secretary", dangjian.RoleOrgAdmin, f.branchA, nil)
		expect(t, "no reveal button", f.get("/members/"+newID, oc), 200, []string{"赵敏"}, []string{"/reveal"})
		expect(t, "reveal refused", f.post("/members/"+newID+"/reveal", oc, url.Values{}), 403, []string{"没有权限"}, []string{idNumber("1990-05-04", 42)})
	})
	t.Run("edit and move", func(t *testing.T) {
		u := "/members/" + newID + "/edit"
		res := f.get(u, c)
		expect(t, "edit form", res, 200, []string{`value="赵敏"`, "留空表示不修改", `name="move_reason"`}, []string{idNumber("1990-05-04", 42)})
		form := cloneValues(good)
		form.Set("id_number", "")
		form.Set("phone", "")
		form.Set("position", "副科长")
		form.Set("org_id", id(f.branchB.ID))
		form.Set("move_reason", "工作调动")
		form.Set("moved_on", "2026-03-01")
		res = f.post(u, c, form)
		if res.code != 303 {
			t.Fatalf("move member: %d\n%s", res.code, excerpt(res.body))
		}
		res = f.get("/members/"+newID, c)
		expect(t, "moved", res, 200, []string{"副科长", "工作调动", "2026年3月1日", "教育局党支部", "139****5678"}, nil)
		form.Set("gender", "male")
		expect(t, "gender against the stored id", f.post(u, c, form), 422, []string{"公民身份号码中的性别与所填性别不一致"}, nil)
	})
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func TestRoster(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.cookies["admin"]
	res := f.get("/members?per_page=10", c)
	expect(t, "first page", res, 200, []string{`data-page="member/roster"`, `<table class="data" id="roster">`, "共 27 人", "，第 1–10 人", `rel="next"`, `href="/members?page=2&amp;per_page=10"`, "110***********"}, []string{`rel="prev"`})
	if n := strings.Count(res.body, "<tr>") - 1; n != 10 {
		t.Errorf("first page has %d rows, want 10", n)
	}
	res = f.get("/members?per_page=10&page=3", c)
	expect(t, "last page", res, 200, []string{"，第 21–27 人", `rel="prev"`}, []string{`rel="next"`})
	for _, tc := range []struct {
		name, query string
		total       int
	}{
		{"branch", "org=" + id(f.branchB.ID), 25},
		{"department", "org=" + id(f.finance.ID), 2},
		{"probationary", "status=probationary", 5},
		{"full in B", "status=full&org=" + id(f.branchB.ID), 20},
		{"leading cadres", "leading_cadre=1", 3},
		{"not leading cadres", "leading_cadre=0", 24},
		{"name prefix", "q=" + url.QueryEscape("王"), 25},
		{"name", "q=" + url.QueryEscape("张伟"), 1},
		{"nobody", "q=" + url.QueryEscape("欧阳"), 0},
	} {
		res := f.get("/members?"+tc.query, c)
		if res.code != 200 || !strings.Contains(res.body, fmt.Sprintf("共 %d 人", tc.total)) && tc.total > 0 {
			t.Errorf("%s: %d, want total %d\n%s", tc.name, res.code, tc.total, excerpt(res.body))
		}
		if tc.total == 0 && !strings.Contains(res.body, "没有符合条件的党员") {
			t.Errorf("%s: no empty state", tc.name)
		}
	}
	// The filter bar reflects the URL.
	res = f.get("/members?status=probationary&leading_cadre=1&q="+url.QueryEscape("王"), c)
	expect(t, "filters kept", res, 200, []string{`<option value="probationary" selected>`, `<option value="1" selected>`, `value="王"`}, nil)
	expect(t, "empty branch", f.get("/members?org="+id(f.empty.ID), c), 200, []string{"这里还没有党员", "/members/new?org=" + id(f.empty.ID)}, nil)

	t.Run("htmx", func(t *testing.T) {
		res := f.do("GET", "/members?per_page=10&page=2", c, nil, map[string]string{"HX-Request": "true"})
		expect(t, "fragment", res, 200, []string{`id="roster"`, "共 27 人", `hx-get="/members?page=3&amp;per_page=10"`, `hx-target="#roster-results"`}, []string{"<html", `class="filters"`, `class="topbar"`})
		res = f.do("GET", "/members?q="+url.QueryEscape("欧阳")+"&org="+id(f.branchB.ID), c, nil, map[string]string{"HX-Request": "true"})
		expect(t, "empty fragment", res, 200, []string{"没有符合条件的党员", `href="/members?org=` + id(f.branchB.ID) + `"`}, []string{"<html"})
		res = f.do("GET", "/members?per_page=10&page=2", c, nil, map[string]string{"HX-Request": "true", "HX-History-Restore-Request": "true"})
		expect(t, "history restore", res, 200, []string{"<html", `class="filters"`}, nil)
		if v := res.header.Get("Vary"); !strings.Contains(v, "HX-Request") {
			t.Errorf("Vary = %q", v)
		}
	})
}

func TestScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	oc := f.user("sec", dangjian.RoleOrgAdmin, f.branchA, nil)
	for _, tc := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/orgs/" + id(f.branchA.ID), 200},
		{"GET", "/orgs/" + id(f.branchB.ID), 404},
		{"GET", "/orgs/" + id(f.finance.ID), 404},
		{"GET", "/orgs/" + id(f.branchB.ID) + "/edit", 404},
		{"POST", "/orgs/" + id(f.branchB.ID) + "/delete", 404},
		{"GET", "/orgs/" + id(f.branchB.ID) + "/committee/history", 404},
		{"GET", "/members/" + id(f.bMembers[0].ID), 404},
		{"GET", "/members/" + id(f.bMembers[0].ID) + "/edit", 404},
		{"POST", "/members/" + id(f.bMembers[0].ID) + "/reveal", 404},
		{"GET", "/members?org=" + id(f.branchB.ID), 404},
		{"GET", "/members/" + id(f.a1.ID), 200},
		{"GET", "/audit", 403},
		{"GET", "/users", 403},
		{"GET", "/users/new", 403},
		{"GET", "/no/such/page", 404},
	} {
		res := f.do(tc.method, tc.path, oc, url.Values{}, nil)
		if res.code != tc.code {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, res.code, tc.code)
		}
		if tc.code == 404 && strings.Contains(res.body, "教育局党支部") {
			t.Errorf("%s %s: the 404 page names the hidden organization", tc.method, tc.path)
		}
	}
	res := f.get("/members", oc)
	expect(t, "own roster", res, 200, []string{"共 2 人", "张伟", "李娜"}, []string{"王芳"})
	res = f.get("/orgs/"+id(f.branchA.ID), oc)
	expect(t, "branch page", res, 200, []string{"财政局第一党支部"}, []string{"机关工委", "县财政局党组", "/orgs/" + id(f.branchA.ID) + "/move\""})
	res = f.post("/orgs/"+id(f.branchA.ID)+"/move", oc, url.Values{"parent_id": {id(f.edu.ID)}})
	expect(t, "move outside the scope", res, 403, nil, nil)
}

func TestEnglish(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.cookies["admin"]
	page := "/orgs/" + id(f.branchA.ID)
	res := f.get("/settings/lang?lang=en&next="+url.QueryEscape(page), c)
	if res.code != 303 || res.header.Get("Location") != page {
		t.Fatalf("switch: %d %q", res.code, res.header.Get("Location"))
	}
	// The session remembers the choice, even without the language cookie.
	res = f.get(page, c)
	expect(t, "English org page", res, 200, []string{
		`<html lang="en"`, "Rule checks", "2 full members, fewer than 3: should form a joint branch",
		"term expired on 2023-01-01", `title="Source: Branch Work Regulations Art. 4"`, "Not met", "Secretary", "2020-01-01 — 2023-01-01",
		`id="lang-zh"`, `aria-current="true">EN</a>`,
	}, []string{"规则检查", "不符合", "年1月1日"})
	data := []string{"中文", "汉族", "科员", "教育局空支部", "机关工委", "县财政局党组", "财政局第一党支部", "第一党小组", "县财政局", "张伟", "李娜", "县教育局党组", "教育局党支部"}
	noChinese := func(name, body string) {
		t.Helper()
		for _, d := range data {
			body = strings.ReplaceAll(body, d, "")
		}
		for _, bm := range f.bMembers {
			body = strings.ReplaceAll(body, bm.Name, "")
		}
		// Option values are identifiers (some of them Chinese data), not text.
		body = regexp.MustCompile(`value="[^"]*"`).ReplaceAllString(body, "")
		if m := hanRe.FindAllString(body, 5); len(m) > 0 {
			t.Errorf("%s: Chinese text on the English page: %q", name, m)
		}
	}
	noChinese("org page", res.body)
	for _, p := range []string{"/", "/orgs", "/members?per_page=5", "/members/" + id(f.a1.ID), "/orgs/" + id(f.branchA.ID) + "/committee",
		"/members/new?org=" + id(f.branchA.ID), "/orgs/" + id(f.finance.ID) + "/children/new", "/users", "/users/new", "/orgs/" + id(f.branchA.ID) + "/move", "/nope"} {
		res := f.get(p, c)
		if res.code != 200 && res.code != 404 {
			t.Errorf("%s: %d", p, res.code)
		}
		noChinese(p, res.body)
	}
	res = f.post("/orgs/"+id(f.finance.ID)+"/children/new", c, url.Values{"name": {""}, "kind": {"branch"}})
	expect(t, "English field error", res, 422, []string{"Enter the organization&#39;s name."}, nil)
	noChinese("form error", res.body)
	res = f.post("/members/new", c, url.Values{"name": {"Li"}, "gender": {"male"}, "birth_date": {"1990-01-01"}, "id_number": {"110101199001010000"}, "org_id": {id(f.branchA.ID)}, "status": {"full"}, "joined_on": {"2012-01-01"}})
	expect(t, "English ID error", res, 422, []string{"The check character of the citizen ID number is wrong"}, nil)
	noChinese("member form error", res.body)
	// The login page follows the language cookie.
	var langC *http.Cookie
	for _, k := range f.get("/settings/lang?lang=en&next=/login", nil).cookies {
		if k.Name == langCookie {
			langC = k
		}
	}
	res = f.get("/login", langC)
	expect(t, "English login", res, 200, []string{`<html lang="en"`, "Log in", "Username"}, nil)
	res = f.post("/login", langC, url.Values{"username": {"admin"}, "password": {"nope-nope"}})
	expect(t, "English login error", res, 422, []string{"Wrong username or password"}, nil)
	noChinese("login error", res.body)
	// And back.
	f.get("/settings/lang?lang=zh&next=/", c)
	expect(t, "Chinese again", f.get(page, c), 200, []string{`<html lang="zh-CN"`, "规则检查"}, nil)
}

func TestUsersAndAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.cookies["admin"]
	expect(t, "users", f.get("/users", c), 200, []string{`data-page="user/list"`, "admin", "工委管理员", "系统管理员"}, nil)
	expect(t, "new user form", f.get("/users/new", c), 200, []string{`data-page="user/form"`, `<option value="` + id(f.branchA.ID) + `"`}, nil)
	res := f.post("/users/new", c, url.Values{"username": {"ab"}, "password": {"short"}, "role": {"org_admin"}, "org_id": {id(f.branchA.ID)}})
	expect(t, "bad user", res, 422, []string{`id="username-err">用户名须为3到32个字符`, `id="password-err">密码至少10个字符`, `value="ab"`}, []string{`value="short"`})
	res = f.post("/users/new", c, url.Values{"username": {"wangjg"}, "password": {"Strong-pass-2026"}, "role": {"org_admin"}, "org_id": {id(f.branchA.ID)}})
	if res.code != 303 || res.header.Get("Location") != "/users" {
		t.Fatalf("create user: %d %s", res.code, excerpt(res.body))
	}
	expect(t, "listed", f.get("/users", c), 200, []string{"wangjg", "党组织管理员", "财政局第一党支部"}, nil)
	expect(t, "taken", f.post("/users/new", c, url.Values{"username": {"wangjg"}, "password": {"Strong-pass-2026"}, "role": {"viewer"}, "org_id": {id(f.root.ID)}}), 409, []string{"用户名已被使用"}, nil)

	expect(t, "audit for admin", f.get("/audit", c), 403, []string{"没有权限"}, nil)
	ac := f.user("auditor1", dangjian.RoleAuditor, f.root, nil)
	res = f.get("/audit", ac)
	expect(t, "audit", res, 200, []string{`data-page="audit/list"`, `id="audit"`, "member.create", "user.login", "新增党员", "192.0.2.7"}, nil)
	res = f.get("/audit?action=user.login_failed", ac)
	expect(t, "no failed logins yet", res, 200, []string{"没有符合条件的审计记录"}, nil)
	f.post("/login", nil, url.Values{"username": {"admin"}, "password": {"wrong-wrong"}})
	res = f.get("/audit?action=user.login_failed&entity=user&since=2020-01-01", ac)
	expect(t, "failed login audited", res, 200, []string{"登录失败", "bad_password", "共 1 条"}, nil)
	expect(t, "bad since", f.get("/audit?since=yesterday", ac), 422, []string{"日期格式应为"}, nil)
	expect(t, "auditor and orgs", f.get("/orgs/"+id(f.root.ID), ac), 404, nil, nil)
}

func TestStatic(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.get("/login", nil)
	m := regexp.MustCompile(`href="(/static/css/app\.css\?v=([0-9a-f]{12}))"`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no versioned stylesheet link in\n%s", res.body)
	}
	for _, tc := range []struct {
		path, ctype, cache string
		code               int
	}{
		{m[1], "text/css; charset=utf-8", "public, max-age=31536000, immutable", 200},
		{"/static/css/app.css", "text/css; charset=utf-8", "no-cache", 200},
		{"/static/js/app.js", "text/javascript; charset=utf-8", "no-cache", 200},
		{"/static/vendor/htmx.min.js", "text/javascript; charset=utf-8", "no-cache", 200},
		{"/static/vendor/htmx.LICENSE", "text/plain; charset=utf-8", "no-cache", 200},
		{"/static/nope.css", "", "", 404},
	} {
		res := f.get(tc.path, nil)
		if res.code != tc.code {
			t.Errorf("%s: %d, want %d", tc.path, res.code, tc.code)
			continue
		}
		if tc.code == 200 && (res.header.Get("Content-Type") != tc.ctype || res.header.Get("Cache-Control") != tc.cache) {
			t.Errorf("%s: %q %q", tc.path, res.header.Get("Content-Type"), res.header.Get("Cache-Control"))
		}
	}
	res = f.do("GET", m[1], nil, nil, map[string]string{"If-None-Match": `"` + m[2] + `"`})
	if res.code != http.StatusNotModified {
		t.Errorf("revalidation: %d", res.code)
	}
	if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
}

// TestEveryPage renders every declared page, in both languages, through
// the real routes; and checks that every template file is declared and
// every catalog key the templates and code use exists in both languages.
func TestEveryPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	mid := f.a1.ID
	ac := f.user("aud", dangjian.RoleAuditor, f.root, &mid)
	tr, trm := f.sampleTraining() // education and training (issue 5)
	rs := everyPageRect(t, f)     // rectification ledger and cadre opinions (issue 6)
	ev := everyPageEval(t, f)     // democratic evaluation, reports (issue 6)
	routes := map[string]struct {
		method, path string
		cookie       *http.Cookie
		form         url.Values
	}{
		"auth/login":    {"GET", "/login", nil, nil},
		"error/error":   {"GET", "/nowhere", admin, nil},
		"home/home":     {"GET", "/", admin, nil},
		"org/list":      {"GET", "/orgs?q=" + url.QueryEscape("局"), admin, nil},
		"org/show":      {"GET", "/orgs/" + id(f.branchA.ID), admin, nil},
		"org/form":      {"GET", "/orgs/" + id(f.branchA.ID) + "/edit", admin, nil},
		"org/move":      {"GET", "/orgs/" + id(f.branchA.ID) + "/move", admin, nil},
		"org/committee": {"GET", "/orgs/" + id(f.branchA.ID) + "/committee", admin, nil},
		"org/history":   {"GET", "/orgs/" + id(f.branchA.ID) + "/committee/history", admin, nil},
		"member/roster": {"GET", "/members", admin, nil},
		"member/show":   {"GET", "/members/" + id(f.a1.ID), admin, nil},
		"member/form":   {"GET", "/members/" + id(f.a1.ID) + "/edit", admin, nil},
		"user/list":     {"GET", "/users", admin, nil},
		"user/form":     {"POST", "/users/new", admin, url.Values{"username": {"x"}}},
		"audit/list":    {"GET", "/audit", ac, nil},
		// member self-service: the pages are rendered with data in correction_test.go
		"me/show":         {"GET", "/me", ac, nil},
		"me/correction":   {"POST", "/me/correction", ac, url.Values{"name": {""}}},
		"correction/list": {"GET", "/corrections?status=", admin, nil},
		"correction/show": {"GET", "/corrections/" + id(everyPageCorrection(t, f, ac)), admin, nil},
		// roster in and out: the pages are rendered with data in import_test.go
		"import/upload":  {"GET", "/imports/members", admin, nil},
		"import/preview": {"GET", "/imports/members/" + id(everyPageImport(t, f)), admin, nil},
		// organizational life: the pages are rendered with data in meeting_test.go
		"meeting/list":      {"GET", "/orgs/" + id(f.branchB.ID) + "/meetings", admin, nil},
		"meeting/show":      {"GET", "/meetings/" + id(everyPageMeeting(t, f)), admin, nil},
		"meeting/form":      {"GET", "/orgs/" + id(f.branchB.ID) + "/meetings/new?kind=assembly", admin, nil},
		"compliance/grid":   {"GET", "/orgs/" + id(f.branchB.ID) + "/compliance", admin, nil},
		"compliance/rollup": {"GET", "/orgs/" + id(f.root.ID) + "/compliance/rollup", admin, nil},
		"compliance/ledger": {"GET", "/orgs/" + id(f.branchB.ID) + "/ledger", admin, nil},
		"talk/form":         {"GET", "/orgs/" + id(f.branchA.ID) + "/talks/new", admin, nil},
		"talk/coverage":     {"GET", "/orgs/" + id(f.branchA.ID) + "/talks/coverage", admin, nil},
		"rule/list":         {"GET", "/rules", admin, nil},
		"duallife/list":     {"GET", "/orgs/" + id(f.edu.ID) + "/dual-life", admin, nil},
		// education and training (issue 5)
		"training/list": {"GET", "/orgs/" + id(f.branchB.ID) + "/trainings", admin, nil}, "training/form": {"GET", "/orgs/" + id(f.branchB.ID) + "/trainings/new", admin, nil},
		"training/show": {"GET", "/trainings/" + id(tr.ID), admin, nil}, "training/calendar": {"GET", "/orgs/" + id(f.root.ID) + "/trainings/calendar", admin, nil},
		"training/ledger": {"GET", "/orgs/" + id(f.branchB.ID) + "/trainings/ledger", admin, nil}, "training/hours": {"GET", "/orgs/" + id(f.branchB.ID) + "/hours", admin, nil},
		"training/member": {"GET", "/members/" + id(f.bMembers[0].ID) + "/hours", admin, nil}, "training/dashboard": {"GET", "/orgs/" + id(f.root.ID) + "/hours/dashboard", admin, nil},
		"training/meeting": {"GET", "/meetings/" + id(trm.ID) + "/hours", admin, nil},
		// meeting import: the pages are rendered with data in meetingimport_test.go
		"meetingimport/upload":  {"GET", "/imports/meetings", admin, nil},
		"meetingimport/preview": {"GET", "/imports/meetings/" + id(everyPageMeetingImport(t, f)), admin, nil},
		// to-do list, dashboard, administrative meetings: rendered with data in todo_test.go, orglifedashboard_test.go, adminmeeting_test.go
		"todo/list":             {"GET", "/todo", admin, nil},
		"orglifedashboard/show": {"GET", "/orgs/" + id(f.root.ID) + "/orglife/dashboard", admin, nil},
		"adminmeeting/list":     {"GET", "/orgs/" + id(f.finance.ID) + "/admin-meetings", admin, nil},
		// party-affairs cadre team (issue 5): the pages are rendered with data in cadre_test.go
		"cadre/team":       {"GET", "/orgs/" + id(f.finance.ID) + "/cadre-team", admin, nil},
		"cadre/rollup":     {"GET", "/orgs/" + id(f.root.ID) + "/cadre-team/rollup", admin, nil},
		"cadre/profile":    {"GET", "/members/" + id(f.a1.ID) + "/cadre", admin, nil},
		"cadre/long":       {"GET", "/orgs/" + id(f.root.ID) + "/cadre-team/long-serving", admin, nil},
		"cadre/appraisals": {"GET", "/orgs/" + id(f.root.ID) + "/cadre-appraisals", admin, nil},
		// rectification ledger and cadre opinions, DLM oversight, secretaries' reports (issue 6): rendered with data in rectification_test.go
		"rectification/list": {"GET", "/orgs/" + id(f.branchA.ID) + "/rectifications", admin, nil}, "rectification/form": {"GET", "/orgs/" + id(f.branchA.ID) + "/rectifications/new", admin, nil},
		"rectification/show": {"GET", "/rectifications/" + id(rs.Rect), admin, nil}, "rectification/rollup": {"GET", "/orgs/" + id(f.root.ID) + "/rectifications/rollup", admin, nil},
		"rectification/ledger": {"GET", "/orgs/" + id(f.root.ID) + "/rectification-ledger", admin, nil}, "cadreopinion/list": {"GET", "/cadre-opinions", admin, nil},
		"cadreopinion/form": {"GET", "/cadre-opinions/new", rs.HR, nil}, "cadreopinion/show": {"GET", "/cadre-opinions/" + id(rs.Opinion), admin, nil},
		"dlm/list": {"GET", "/orgs/" + id(f.root.ID) + "/dlm", admin, nil}, "dlm/show": {"GET", "/orgs/" + id(f.finance.ID) + "/dlm", admin, nil},
		"secretaryreport/list": {"GET", "/orgs/" + id(f.root.ID) + "/secretary-reports", admin, nil}, "secretaryreport/form": {"GET", "/orgs/" + id(f.branchA.ID) + "/secretary-reports/new", admin, nil},
		"secretaryreport/show": {"GET", "/secretary-reports/" + id(rs.Report), admin, nil},
		// democratic evaluation and administrative heads' reports (issue 6): rendered with data in evaluation_test.go
		"evaluation/list": {"GET", "/orgs/" + id(f.branchA.ID) + "/evaluations", admin, nil}, "evaluation/show": {"GET", "/evaluations/" + id(ev.Eval), admin, nil},
		"evaluation/self": {"GET", "/evaluations/" + id(ev.Eval) + "/self", admin, nil}, "evaluation/ballot": {"GET", "/evaluations/" + id(ev.Eval) + "/ballot", admin, nil},
		"evaluation/paper": {"GET", "/evaluations/" + id(ev.Eval) + "/paper", admin, nil}, "evaluation/propose": {"GET", "/evaluations/" + id(ev.Eval) + "/propose", admin, nil},
		"evaluation/decide": {"GET", "/evaluations/" + id(ev.Eval) + "/decide", admin, nil}, "evaluation/followups": {"GET", "/orgs/" + id(f.root.ID) + "/evaluation-followups", admin, nil},
		"evaluation/followup": {"GET", "/evaluation-followups/" + id(ev.FollowUp), admin, nil}, "evaluation/mine": {"GET", "/ballots", ac, nil},
		"adminreport/list": {"GET", "/orgs/" + id(f.branchA.ID) + "/admin-reports", admin, nil}, "adminreport/form": {"GET", "/orgs/" + id(f.branchA.ID) + "/admin-reports/new", admin, nil},
		"adminreport/show": {"GET", "/admin-reports/" + id(ev.Report), admin, nil},
	}
	for _, name := range pageNames {
		rt, ok := routes[name]
		if !ok {
			t.Errorf("page %s has no route in this test", name)
			continue
		}
		for _, lang := range langs {
			res := f.do(rt.method, rt.path, rt.cookie, rt.form, map[string]string{"Cookie": langCookie + "=" + lang})
			if !strings.Contains(res.body, `data-page="`+name+`"`) || !strings.Contains(res.body, `lang="`+htmlLang(lang)+`"`) {
				t.Errorf("%s (%s) via %s %s: %d, not this page\n%s", name, lang, rt.method, rt.path, res.code, excerpt(res.body))
			}
			if strings.Contains(res.body, "http://") || strings.Contains(res.body, "https://") {
				t.Errorf("%s (%s): an external URL", name, lang)
			}
			for _, k := range regexp.MustCompile(`[a-z_]+(\.[a-z0-9_]+)+`).FindAllString(res.body, -1) {
				if _, ok := catalog[k]; ok {
					t.Errorf("%s (%s): catalog key %q shown untranslated", name, lang, k)
				}
			}
		}
	}
	declared := map[string]bool{}
	for _, n := range pageNames {
		declared[n] = true
	}
	pages, err := filesUnder("templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		if strings.HasPrefix(name, "partials/") || name == "layout" {
			continue
		}
		if !declared[name] {
			t.Errorf("template %s is not declared in pageNames", p)
		}
	}
}

// filesUnder lists the embedded files under dir.
func filesUnder(dir string) ([]string, error) {
	var out []string
	err := fs.WalkDir(files, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

// testWriter sends the handler's log to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
