package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

func TestLockoutAndIdleTimeout(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	now := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	db.SetNow(func() time.Time { return now })
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Bootstrap(ctx, "Admin-pw-2026!"); err != nil {
		t.Fatal(err)
	}
	// Bootstrap a second time changes nothing.
	if created, _, err := a.Bootstrap(ctx, "Other-pw-2026!"); err != nil || created {
		t.Fatalf("second bootstrap created=%v err=%v", created, err)
	}
	for i := 1; i <= 5; i++ {
		_, err := a.Login(ctx, "admin", "wrong-password", "10.0.0.1", app.SessionAPI, "")
		if dangjian.ErrorCode(err) != dangjian.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	// Locked now, even with the right password.
	if _, err := a.Login(ctx, "admin", "Admin-pw-2026!", "10.0.0.1", app.SessionAPI, ""); dangjian.ErrorCode(err) != dangjian.ERATELIMITED {
		t.Fatalf("locked login: %v", err)
	}
	now = now.Add(16 * time.Minute)
	res, err := a.Login(ctx, "admin", "Admin-pw-2026!", "10.0.0.1", app.SessionAPI, "")
	if err != nil {
		t.Fatalf("login after the lock expired: %v", err)
	}
	if _, err := a.Authenticate(ctx, res.Token, "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	// Use within the idle timeout slides the expiry forward.
	now = now.Add(25 * time.Minute)
	if _, err := a.Authenticate(ctx, res.Token, "10.0.0.1"); err != nil {
		t.Fatalf("within idle timeout: %v", err)
	}
	now = now.Add(25 * time.Minute)
	if _, err := a.Authenticate(ctx, res.Token, "10.0.0.1"); err != nil {
		t.Fatalf("still within the slid timeout: %v", err)
	}
	now = now.Add(31 * time.Minute)
	if _, err := a.Authenticate(ctx, res.Token, "10.0.0.1"); dangjian.ErrorCode(err) != dangjian.EUNAUTHORIZED {
		t.Fatalf("idle session still valid: %v", err)
	}
	// Every failure was audited, with the lock.
	aud := &dangjian.Actor{Grants: []dangjian.Grant{{Role: dangjian.RoleAuditor, OrgPath: "/"}}}
	rows, total, err := a.Audits(ctx, aud, dangjian.AuditFilter{Action: "user.login_failed"}, app.Page{})
	if err != nil || total != 6 || len(rows) != 6 {
		t.Fatalf("login_failed rows = %d, %v", total, err)
	}
	if _, err := a.Login(ctx, "nobody", "whatever-pw", "10.0.0.1", app.SessionAPI, ""); dangjian.ErrorCode(err) != dangjian.EUNAUTHORIZED {
		t.Errorf("unknown user: %v", err)
	}
	if _, _, err := a.Audits(ctx, &dangjian.Actor{Grants: []dangjian.Grant{{Role: dangjian.RoleCommitteeAdmin, OrgPath: "/"}}}, dangjian.AuditFilter{}, app.Page{}); dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
		t.Errorf("non-auditor reads the audit trail: %v", err)
	}
}

func TestLogoutEndsSession(t *testing.T) {
	ctx := context.Background()
	a, admin := newApp(t)
	res, err := a.Login(ctx, "admin", "Admin-pw-2026!", "127.0.0.1", app.SessionWeb, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Logout(ctx, admin, res.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(ctx, res.Token, "127.0.0.1"); dangjian.ErrorCode(err) != dangjian.EUNAUTHORIZED {
		t.Errorf("token valid after logout: %v", err)
	}
}
