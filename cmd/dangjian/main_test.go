package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// server is the real program started in-process on 127.0.0.1:0.
type server struct {
	URL  string
	out  *syncBuffer
	done chan error
	stop context.CancelFunc
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listenRe = regexp.MustCompile(`listening on (http://[0-9.:]+)`)

// startServer runs "dangjian serve" with args on a free port and waits
// until it prints its address.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &server{out: &syncBuffer{}, done: make(chan error, 1), stop: cancel}
	stderr := &syncBuffer{}
	go func() {
		err := Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), pw, stderr)
		pw.CloseWithError(io.EOF)
		s.done <- err
	}()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sent := false
		for sc.Scan() {
			s.out.Write([]byte(sc.Text() + "\n"))
			if m := listenRe.FindStringSubmatch(sc.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case u, ok := <-found:
		if !ok {
			t.Fatalf("server exited: %v\nstdout: %s\nstderr: %s", <-s.done, s.out, stderr)
		}
		s.URL = u
	case <-time.After(3 * time.Minute):
		t.Fatalf("server did not start\nstdout: %s\nstderr: %s", s.out, stderr)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-s.done:
			if err != nil {
				t.Errorf("server stopped with %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("server did not stop")
		}
	})
	return s
}

// keyFile writes a fresh key file for a test server.
func keyFile(t *testing.T) string {
	t.Helper()
	f, err := secret.Generate(secret.AES256GCM)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "test.key")
	if err := secret.WriteFile(p, f); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestServeRefusesWithoutKey(t *testing.T) {
	var out, errb bytes.Buffer
	dir := t.TempDir()
	err := Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "nokey.db")}, strings.NewReader(""), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "DANGJIAN_KEY") {
		t.Fatalf("serve without a key: %v", err)
	}
	// A key that belongs to another database is refused too.
	db := filepath.Join(dir, "a.db")
	if err := Run(context.Background(), []string{"demo", "--db", db, "--members", "50"}, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--key-file", keyFile(t)}, strings.NewReader(""), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Fatalf("serve with a foreign key: %v", err)
	}
}

func TestServeStartsAndAnswers(t *testing.T) {
	s := startServer(t, "--db", sqltest.DSN(t), "--key-file", keyFile(t), "--admin-password", "Start-test-pw-2026!")
	res, err := http.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h struct{ Status string }
	json.NewDecoder(res.Body).Decode(&h)
	res.Body.Close()
	if res.StatusCode != 200 || h.Status != "ok" {
		t.Fatalf("healthz = %d %q", res.StatusCode, h.Status)
	}
	body := strings.NewReader(`{"username":"admin","password":"Start-test-pw-2026!"}`)
	res, err = http.Post(s.URL+"/api/v1/login", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	json.NewDecoder(res.Body).Decode(&login)
	res.Body.Close()
	if res.StatusCode != 200 || login.Token == "" {
		t.Fatalf("login = %d", res.StatusCode)
	}
	// Security headers are set on every answer.
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	// A cross-site form post is refused by the CSRF protection.
	req, _ := http.NewRequest("POST", s.URL+"/login", strings.NewReader("username=admin&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", res.StatusCode)
	}
	if !strings.Contains(s.out.String(), "login: admin") {
		t.Errorf("the login was not printed: %s", s.out)
	}
}

func TestServeGeneratesAdminPassword(t *testing.T) {
	s := startServer(t, "--db", filepath.Join(t.TempDir(), "x.db"), "--key-file", keyFile(t))
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(s.out.String())
	if m == nil {
		t.Fatalf("no generated password printed: %s", s.out)
	}
	res, err := http.Post(s.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":"admin","password":"`+m[1]+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("login with the printed password = %d", res.StatusCode)
	}
}

func TestCommands(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cli.db")
	run := func(stdin string, args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := Run(ctx, args, strings.NewReader(stdin), &out, &errb)
		return out.String() + errb.String(), err
	}
	if out, err := run("", "migrate", "--db", db); err != nil || !strings.Contains(out, "applied 0001_init.sql") {
		t.Fatalf("migrate: %v %s", err, out)
	}
	if out, err := run("", "migrate", "--db", db); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate again: %v %s", err, out)
	}
	if out, err := run("", "version"); err != nil || !strings.HasPrefix(out, "dangjian ") {
		t.Fatalf("version: %v %s", err, out)
	}
	if _, err := run("", "nonsense"); err == nil {
		t.Error("an unknown command succeeded")
	}
	if out, err := run("", "demo", "--db", db, "--members", "300", "--seed", "7"); err != nil || !strings.Contains(out, "generated") {
		t.Fatalf("demo: %v %s", err, out)
	}
	if _, err := run("", "demo", "--db", db, "--members", "300"); err == nil {
		t.Error("demo into a non-empty database succeeded")
	}
	// The first admin comes from serve; here the CLI makes a user on the root (id of the first org).
	if out, err := run("Cli-user-pw-2026!\n", "user", "add", "--db", db, "--username", "zhang_san", "--role", "viewer", "--org", "1"); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	if out, err := run("", "user", "add", "--db", db, "--username", "li_si", "--password", "short", "--role", "viewer", "--org", "1"); err == nil || !strings.Contains(out+err.Error(), "password") {
		t.Errorf("weak password accepted: %v %s", err, out)
	}
	if out, err := run("", "user", "list", "--db", db); err != nil || !strings.Contains(out, "zhang_san") || !strings.Contains(out, "viewer@1") {
		t.Fatalf("user list: %v %s", err, out)
	}
	if out, err := run("New-cli-pw-2026!\n", "user", "passwd", "--db", db, "--username", "zhang_san"); err != nil || !strings.Contains(out, "changed") {
		t.Fatalf("user passwd: %v %s", err, out)
	}
	if out, err := run("", "keys", "rotate", "--db", db); err != nil || !strings.Contains(out, "new key 2") || !strings.Contains(out, "re-encrypted 300 rows") {
		t.Fatalf("keys rotate: %v %s", err, out)
	}
	if out, err := run("", "keys", "rotate", "--db", db); err != nil || !strings.Contains(out, "new key 3") {
		t.Fatalf("keys rotate again: %v %s", err, out)
	}
	kf, err := secret.ReadFile(db + ".key")
	if err != nil || kf.Current != 3 || len(kf.Keys) != 1 {
		t.Fatalf("key file after rotation: %+v %v", kf, err)
	}
	// The rotated key still opens the database and its members.
	if out, err := run("Third-cli-pw-2026!\n", "user", "add", "--db", db, "--username", "wang_wu", "--role", "member", "--org", "1", "--member", "1"); err != nil {
		t.Fatalf("user add after rotation: %v %s", err, out)
	}
	if out, err := run("", "audit", "verify", "--db", db); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %v %s", err, out)
	}
	for _, cmd := range [][]string{{"serve", "--help"}, {"migrate", "--help"}, {"demo", "--help"}, {"user", "add", "--help"}} {
		if out, _ := run("", cmd...); !strings.Contains(out, "Usage") {
			t.Errorf("%v prints no usage: %s", cmd, out)
		}
	}
}
