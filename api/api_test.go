package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/api"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

const adminPassword = "Admin-pw-2026!"

// fixture is the real router on a fresh database with a small county:
//
//	root 机关工委
//	├── fin  县财政局党组 ── brA 财政局第一党支部 (member mA1, mA2)
//	└── edu  县教育局党组 ── brB 教育局第一党支部 (member mB1)
//
// vars holds ids and values by name; rows refer to them as {name}.
type fixture struct {
	t      *testing.T
	app    *app.App
	h      http.Handler
	tokens map[string]string
	vars   map[string]string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a, err := app.New(sqltest.Open(t), app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := a.Bootstrap(ctx, adminPassword); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, app: a, h: api.New(a, nil), tokens: map[string]string{}, vars: map[string]string{}}
	sys := app.System()
	roots, err := a.OrgRoots(ctx, sys)
	if err != nil || len(roots) != 1 {
		t.Fatalf("roots = %v, %v", roots, err)
	}
	root := roots[0]
	org := func(name string, parent int64, kind, label string) int64 {
		o, err := a.CreateOrg(ctx, sys, app.OrgInput{ParentID: &parent, Name: label, Kind: kind})
		if err != nil {
			t.Fatalf("create org %s: %v", label, err)
		}
		f.vars[name] = strconv.FormatInt(o.ID, 10)
		return o.ID
	}
	f.vars["root"] = strconv.FormatInt(root.ID, 10)
	fin := org("fin", root.ID, dangjian.KindLeadingGroup, "县财政局党组")
	edu := org("edu", root.ID, dangjian.KindLeadingGroup, "县教育局党组")
	brA := org("brA", fin, dangjian.KindBranch, "财政局第一党支部")
	brB := org("brB", edu, dangjian.KindBranch, "教育局第一党支部")
	member := func(name, label, gender, birth string, orgID int64) {
		m, err := a.CreateMember(ctx, sys, dangjian.Member{Name: label, Gender: gender, BirthDate: dangjian.MustDate(birth),
			IDNumber: idNumber(t, "110101", birth, gender, len(f.vars)), OrgID: orgID, Status: dangjian.StatusFull,
			JoinedOn: dangjian.MustDate("2010-07-01"), Phone: "13812345678"})
		if err != nil {
			t.Fatalf("create member %s: %v", label, err)
		}
		f.vars[name] = strconv.FormatInt(m.ID, 10)
	}
	member("mA1", "张伟", "male", "1980-01-01", brA)
	member("mA2", "李娜", "female", "1985-06-15", brA)
	member("mB1", "王芳", "female", "1979-03-09", brB)
	f.tokens["admin"] = f.login("admin", adminPassword)
	return f
}

// idNumber builds a valid 18-digit ID for a birth date (YYYY-MM-DD) and
// gender; n varies the sequence so the numbers differ.
func idNumber(t *testing.T, region, birth, gender string, n int) string {
	t.Helper()
	seq := 10 + 2*(n%40) // even: female
	if gender == "male" {
		seq++
	}
	first := region + strings.ReplaceAll(birth, "-", "") + fmt.Sprintf("%03d", seq)
	c, err := dangjian.IDCheckDigit(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

// user creates an account with roles ("role@var" each) and logs it in
// through the API, keeping its token under name.
func (f *fixture) user(name string, roles ...string) {
	f.t.Helper()
	var grants []dangjian.Grant
	for _, r := range roles {
		role, org, _ := strings.Cut(r, "@")
		id, err := strconv.ParseInt(f.vars[org], 10, 64)
		if err != nil {
			f.t.Fatalf("role %s: no var %q", r, org)
		}
		grants = append(grants, dangjian.Grant{Role: role, OrgID: id})
	}
	u, err := f.app.CreateUser(context.Background(), app.System(), app.UserInput{Username: name, Password: adminPassword, Roles: grants})
	if err != nil {
		f.t.Fatalf("create user %s: %v", name, err)
	}
	f.vars["user_"+name] = strconv.FormatInt(u.ID, 10)
	f.tokens[name] = f.login(name, adminPassword)
}

func (f *fixture) login(username, password string) string {
	f.t.Helper()
	res := f.do("POST", "/api/v1/login", "", fmt.Sprintf(`{"username":%q,"password":%q}`, username, password))
	if res.status != http.StatusOK {
		f.t.Fatalf("login %s: %d %s", username, res.status, res.body)
	}
	return res.str("token")
}

// expand replaces {name} with the fixture's value of name.
func (f *fixture) expand(s string) string {
	for k, v := range f.vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// do sends one request through the router. who names a token; a name that
// is not a known user is sent as the raw token.
func (f *fixture) do(method, path, who, body string, header ...map[string]string) *result {
	f.t.Helper()
	req := httptest.NewRequest(method, f.expand(path), strings.NewReader(f.expand(body)))
	for _, h := range header {
		for k, v := range h {
			req.Header.Set(k, v)
		}
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if who != "" {
		tok, ok := f.tokens[who]
		if !ok {
			tok = who
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	res := &result{t: f.t, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if len(res.body) > 0 {
		if err := json.Unmarshal(res.body, &res.json); err != nil {
			f.t.Fatalf("%s %s: answer is not JSON: %v\n%s", method, path, err, res.body)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			f.t.Errorf("%s %s: Content-Type %q", method, path, ct)
		}
	}
	return res
}

// result is an answer with accessors by dotted path ("items.0.id").
type result struct {
	t      *testing.T
	status int
	header http.Header
	body   []byte
	json   any
}

func (r *result) get(path string) (any, bool) {
	v := r.json
	for _, k := range strings.Split(path, ".") {
		switch c := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = c[k]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func (r *result) str(path string) string {
	r.t.Helper()
	v, ok := r.get(path)
	if !ok {
		r.t.Fatalf("no %s in %s", path, r.body)
	}
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatInt(int64(x), 10)
	}
	return fmt.Sprint(v)
}

func (r *result) num(path string) int {
	r.t.Helper()
	v, ok := r.get(path)
	f, isNum := v.(float64)
	if !ok || !isNum {
		r.t.Fatalf("%s is not a number in %s", path, r.body)
	}
	return int(f)
}

// raw returns the JSON text of the value at path.
func (r *result) raw(path string) []byte {
	r.t.Helper()
	v, ok := r.get(path)
	if !ok {
		r.t.Fatalf("no %s in %s", path, r.body)
	}
	b, err := json.Marshal(v)
	if err != nil {
		r.t.Fatal(err)
	}
	return b
}

func (r *result) has(path string) bool { _, ok := r.get(path); return ok }

// scenario is one request and what must come back.
type scenario struct {
	name   string
	method string
	path   string // {var} expands from the fixture
	who    string // user whose token is sent; "" sends none
	body   string
	header map[string]string // extra request headers
	want   int
	check  func(t *testing.T, f *fixture, r *result)
}

// run plays the rows in order: later rows may depend on earlier ones.
func (f *fixture) run(rows []scenario) {
	f.t.Helper()
	for _, sc := range rows {
		f.t.Run(sc.name, func(t *testing.T) {
			ft := *f
			ft.t = t
			r := ft.do(sc.method, sc.path, sc.who, sc.body, sc.header)
			if r.status != sc.want {
				t.Fatalf("%s %s: status %d, want %d\n%s", sc.method, f.expand(sc.path), r.status, sc.want, r.body)
			}
			if r.status >= 400 && r.status != http.StatusServiceUnavailable {
				checkErrorShape(t, r)
			}
			if sc.check != nil {
				sc.check(t, &ft, r)
			}
		})
	}
}

// checkErrorShape checks the error body of API.md and that its code
// matches the status.
func checkErrorShape(t *testing.T, r *result) {
	t.Helper()
	want := map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 422: "invalid", 429: "rate_limited", 500: "internal", 405: "invalid"}[r.status]
	if got := r.str("error.code"); got != want {
		t.Errorf("error.code = %q for status %d, want %q", got, r.status, want)
	}
	if r.str("error.message") == "" {
		t.Errorf("error without a message: %s", r.body)
	}
	if _, ok := r.get("error.fields"); !ok {
		t.Errorf("error without fields: %s", r.body)
	}
}

// field returns a check that the error names field.
func field(name string) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		// field names may hold dots ("posts[0].post"), so no path lookup
		v, _ := r.get("error.fields")
		fields, _ := v.(map[string]any)
		if msg, _ := fields[name].(string); msg == "" {
			t.Errorf("error does not name %s: %s", name, r.body)
		}
	}
}

// keep stores the answer's value at path as fixture var name.
func keep(name, path string) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		f.vars[name] = r.str(path)
	}
}

// equals checks the answer's value at path (numbers compare as integers).
func equals(path, want string) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		if got := r.str(path); got != f.expand(want) {
			t.Errorf("%s = %q, want %q", path, got, f.expand(want))
		}
	}
}

// all combines checks.
func all(checks ...func(*testing.T, *fixture, *result)) func(*testing.T, *fixture, *result) {
	return func(t *testing.T, f *fixture, r *result) {
		t.Helper()
		for _, c := range checks {
			c(t, f, r)
		}
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run([]scenario{
		{name: "ok without a token", method: "GET", path: "/healthz", want: 200, check: equals("status", "ok")},
	})
	db := f.app.DB()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	f.run([]scenario{
		{name: "503 when the database is gone", method: "GET", path: "/healthz", want: 503, check: equals("status", "unavailable")},
		{name: "internal errors do not leak their text", method: "GET", path: "/api/v1/me", who: "admin", want: 500,
			check: func(t *testing.T, f *fixture, r *result) {
				if msg := r.str("error.message"); strings.Contains(msg, "sql") || strings.Contains(msg, "closed") {
					t.Errorf("message leaks: %q", msg)
				}
			}},
	})
}

func TestConventions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run([]scenario{
		{name: "missing token", method: "GET", path: "/api/v1/orgs", want: 401, check: func(t *testing.T, f *fixture, r *result) {
			if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate = %q", r.header.Get("WWW-Authenticate"))
			}
		}},
		{name: "unknown token", method: "GET", path: "/api/v1/orgs", who: "no-such-token", want: 401},
		{name: "unknown route needs a token first", method: "GET", path: "/api/v1/nothing", want: 401},
		{name: "unknown route", method: "GET", path: "/api/v1/nothing", who: "admin", want: 404},
		{name: "wrong method", method: "PUT", path: "/api/v1/orgs", who: "admin", body: `{}`, want: 405, check: func(t *testing.T, f *fixture, r *result) {
			if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
				t.Errorf("Allow = %q", allow)
			}
		}},
		{name: "bad id in the path", method: "GET", path: "/api/v1/orgs/abc", who: "admin", want: 404},
		{name: "negative id in the path", method: "GET", path: "/api/v1/members/-3", who: "admin", want: 404},
		{name: "unknown JSON field", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"parent_id":{root},"name":"新党组","kind":"leading_group","colour":"red"}`, want: 422, check: field("colour")},
		{name: "wrong JSON type names the field", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"parent_id":"{root}","name":"新党组","kind":"leading_group"}`, want: 422, check: field("parent_id")},
		{name: "malformed JSON", method: "POST", path: "/api/v1/orgs", who: "admin", body: `{"name":`, want: 422},
		{name: "trailing data", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"parent_id":{root},"name":"新党组","kind":"leading_group"} {}`, want: 422},
		{name: "empty body", method: "POST", path: "/api/v1/orgs", who: "admin", want: 422},
		{name: "body not an object", method: "POST", path: "/api/v1/orgs", who: "admin", body: `[1,2]`, want: 422},
		{name: "body over 1 MiB", method: "POST", path: "/api/v1/orgs", who: "admin",
			body: `{"name":"` + strings.Repeat("x", 1<<20) + `"}`, want: 422},
		{name: "nothing was created by the refused bodies", method: "GET", path: "/api/v1/orgs?q=新党组", who: "admin", want: 200,
			check: equals("total", "0")},
		{name: "per_page over 500", method: "GET", path: "/api/v1/orgs?per_page=501", who: "admin", want: 422, check: field("per_page")},
		{name: "page zero", method: "GET", path: "/api/v1/members?page=0", who: "admin", want: 422, check: field("page")},
		{name: "page not a number", method: "GET", path: "/api/v1/members?page=two", who: "admin", want: 422, check: field("page")},
		{name: "per_page 500 is fine", method: "GET", path: "/api/v1/orgs?per_page=500", who: "admin", want: 200,
			check: all(equals("per_page", "500"), equals("total", "5"))},
	})
}

func itoa(i int) string { return strconv.Itoa(i) }
