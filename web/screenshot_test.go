package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestScreenshots saves screenshots of the main pages at desktop and phone
// widths into $DANGJIAN_WEB_SCREENSHOTS, for a person to look at. It needs
// Debian's chromium and is skipped without the variable.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("DANGJIAN_WEB_SCREENSHOTS")
	if dir == "" {
		t.Skip("set DANGJIAN_WEB_SCREENSHOTS to a folder to take screenshots")
	}
	f := newFixture(t)
	sec := f.user("secretary", "org_admin", f.branchA, nil)
	aud := f.user("auditor1", "auditor", f.root, nil)
	mid, mid2 := f.a1.ID, f.a2.ID
	mem := f.user("member1", "member", f.branchA, &mid)
	mem2 := f.user("member2", "member", f.branchA, &mid2)
	cid := everyPageCorrection(t, f, mem)
	// A test-only door: /__as?user=…&to=… sets that user's session cookie
	// and goes on, so the headless browser needs no login form.
	mux := http.NewServeMux()
	mux.HandleFunc("/__as", func(w http.ResponseWriter, r *http.Request) {
		c := map[string]*http.Cookie{"admin": f.cookies["admin"], "secretary": sec, "auditor": aud, "member": mem, "member2": mem2}[r.URL.Query().Get("user")]
		if c != nil {
			http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: c.Value, Path: "/"})
		}
		to := r.URL.Query().Get("to")
		if l := r.URL.Query().Get("lang"); c != nil {
			if l == "" {
				l = "zh"
			}
			to = "/settings/lang?" + url.Values{"lang": {l}, "next": {to}}.Encode()
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	})
	mux.Handle("/", f.h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	shots := []struct{ name, user, lang, path string }{
		{"login", "", "", "/login"},
		{"login-error", "", "", "/__post-login-error"},
		{"home", "admin", "", "/"},
		{"orgs", "admin", "", "/orgs"},
		{"org", "admin", "", "/orgs/" + id(f.branchA.ID)},
		{"org-en", "admin", "en", "/orgs/" + id(f.branchA.ID)},
		{"roster", "admin", "", "/members?per_page=20"},
		{"member", "admin", "", "/members/" + id(f.a1.ID)},
		{"member-new", "admin", "", "/members/new?org=" + id(f.branchA.ID)},
		{"committee", "admin", "", "/orgs/" + id(f.branchA.ID) + "/committee"},
		{"move", "admin", "", "/orgs/" + id(f.branchB.ID) + "/move"},
		{"users", "admin", "", "/users"},
		{"audit", "auditor", "", "/audit"},
		{"secretary-home", "secretary", "", "/"},
		{"notfound", "admin", "", "/orgs/999999"},
		{"me", "member", "", "/me"},
		{"me-en", "member", "en", "/me"},
		{"me-correction", "member2", "", "/me/correction"},
		{"correction-member", "member", "", "/corrections/" + id(cid)},
		{"corrections", "secretary", "", "/corrections"},
		{"correction", "secretary", "", "/corrections/" + id(cid)},
	}
	// Organizational life: a year of meetings of branchB, with gaps.
	mtg := screenshotMeetings(t, f)
	shots = append(shots, []struct{ name, user, lang, path string }{
		{"compliance", "admin", "", "/orgs/" + id(f.branchB.ID) + "/compliance"},
		{"compliance-en", "admin", "en", "/orgs/" + id(f.branchB.ID) + "/compliance"},
		{"meeting-new", "admin", "", "/orgs/" + id(f.branchB.ID) + "/meetings/new?kind=assembly"},
		{"meeting", "admin", "", "/meetings/" + id(mtg)},
		{"meetings", "admin", "", "/orgs/" + id(f.branchB.ID) + "/meetings"},
		{"ledger", "admin", "", "/orgs/" + id(f.branchB.ID) + "/ledger"},
		{"rollup", "admin", "", "/orgs/" + id(f.root.ID) + "/compliance/rollup"},
		{"rules", "admin", "", "/rules"},
		{"talks", "admin", "", "/orgs/" + id(f.branchA.ID) + "/talks/coverage"},
		{"meeting-error", "", "", "/__meeting-error"},
	}...)
	mux.HandleFunc("/__meeting-error", func(w http.ResponseWriter, r *http.Request) {
		v := meetingFormValues(t, f, "assembly", "", "2026-03-05T09:00")
		v.Set("status_2", "leave")
		res := f.post("/orgs/"+id(f.branchB.ID)+"/meetings/new", f.cookies["admin"], v)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(res.body))
	})
	if only := os.Getenv("DANGJIAN_WEB_SCREENSHOTS_ONLY"); only != "" {
		// A comma-separated list of shot names, to retake a few.
		var keep []struct{ name, user, lang, path string }
		for _, s := range shots {
			if strings.Contains(","+only+",", ","+s.name+",") {
				keep = append(keep, s)
			}
		}
		shots = keep
	}
	// Forms with errors are POST answers; serve them as GET pages here.
	mux.HandleFunc("/__post-login-error", func(w http.ResponseWriter, r *http.Request) {
		res := f.post("/login", nil, url.Values{"username": {"admin"}, "password": {"wrong"}})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(res.body))
	})
	mux.HandleFunc("/__member-error", func(w http.ResponseWriter, r *http.Request) {
		res := f.post("/members/new?org="+id(f.branchA.ID), f.cookies["admin"], url.Values{"name": {"赵敏"}, "gender": {"female"}, "birth_date": {"1990-05-04"}, "id_number": {"110101199005040421"}, "org_id": {id(f.branchA.ID)}, "status": {"full"}, "joined_on": {"2015-07-01"}, "confirmed_on": {"2014-01-01"}})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(res.body))
	})
	mux.HandleFunc("/__org-error", func(w http.ResponseWriter, r *http.Request) {
		res := f.post("/orgs/"+id(f.finance.ID)+"/children/new", f.cookies["admin"], url.Values{"name": {""}, "kind": {"branch"}, "unit": {"县财政局"}})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(res.body))
	})
	// /__open serves a page with a script that opens every closed tree
	// node, to show the children htmx loads.
	mux.HandleFunc("/__open", func(w http.ResponseWriter, r *http.Request) {
		res := f.get(r.URL.Query().Get("to"), f.cookies["admin"])
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(strings.Replace(res.body, "</body>", `<script src="/__opener.js"></script></body>`, 1)))
	})
	mux.HandleFunc("/__opener.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`window.addEventListener("load", function () { setTimeout(function () {
			document.querySelectorAll(".orgtree details:not([open])").forEach(function (d) { d.open = true; });
		}, 200); });`))
	})
	shots = append(shots, struct{ name, user, lang, path string }{"orgs-open", "admin", "", "/__open?to=/orgs"},
		struct{ name, user, lang, path string }{"roster-en", "admin", "en", "/members?per_page=20"}, struct{ name, user, lang, path string }{"member-error", "", "", "/__member-error"},
		struct{ name, user, lang, path string }{"org-error", "", "", "/__org-error"})
	for _, s := range shots {
		target := srv.URL + s.path
		if s.user != "" || s.lang != "" {
			target = srv.URL + "/__as?" + url.Values{"user": {s.user}, "lang": {s.lang}, "to": {s.path}}.Encode()
		}
		for _, size := range []struct {
			suffix, window string
		}{{"", "1366,900"}, {"-phone", "360,780"}} {
			out := filepath.Join(dir, s.name+size.suffix+".png")
			profile := t.TempDir()
			cmd := exec.Command("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
				"--user-data-dir="+profile, "--screenshot="+out, "--window-size="+size.window, "--virtual-time-budget=3000", "--run-all-compositor-stages-before-draw", target)
			done := make(chan error, 1)
			go func() { done <- cmd.Run() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("%s: %v", out, err)
				}
			case <-time.After(60 * time.Second):
				_ = cmd.Process.Kill()
				t.Errorf("%s: chromium timed out", out)
			}
		}
	}
}
