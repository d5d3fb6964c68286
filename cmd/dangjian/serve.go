package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/dangjian/dangjian/api"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/demo"
	"github.com/dangjian/dangjian/web"
)

func runServe(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr HOST:PORT] [--db PATH|URL] [--demo] [--admin-password PW]", stderr)
	addr := fs.String("addr", envOr(env, "DANGJIAN_ADDR", "127.0.0.1:8080"), "address to listen on (env DANGJIAN_ADDR)")
	dsn := fs.String("db", envOr(env, "DANGJIAN_DB", defaultDB), "SQLite file or postgres:// URL (env DANGJIAN_DB)")
	withDemo := fs.Bool("demo", false, "load a demo county into an empty database")
	demoMembers := fs.Int("demo-members", 3000, "members in the demo county")
	seed := fs.Int64("seed", 1, "seed of the demo data")
	adminPW := fs.String("admin-password", env("DANGJIAN_ADMIN_PASSWORD"), "password of the first user admin (env DANGJIAN_ADMIN_PASSWORD; generated and printed once when empty)")
	cfg := app.DefaultConfig()
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", envDuration(env, "DANGJIAN_IDLE_TIMEOUT", cfg.IdleTimeout), "a session ends after this long without use (env DANGJIAN_IDLE_TIMEOUT)")
	fs.IntVar(&cfg.MaxFailures, "lockout-failures", envInt(env, "DANGJIAN_LOCKOUT_FAILURES", cfg.MaxFailures), "failed logins that lock an account (env DANGJIAN_LOCKOUT_FAILURES)")
	fs.DurationVar(&cfg.LockFor, "lockout-duration", envDuration(env, "DANGJIAN_LOCKOUT_DURATION", cfg.LockFor), "how long a locked account stays locked (env DANGJIAN_LOCKOUT_DURATION)")
	kf := addKeyFlags(fs, env)
	secure := fs.Bool("secure-cookies", env("DANGJIAN_SECURE_COOKIES") == "1", "mark cookies Secure (behind HTTPS; env DANGJIAN_SECURE_COOKIES=1)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := newLogger(stderr)
	if cfg.MaxFailures < 1 || cfg.IdleTimeout < time.Minute || cfg.LockFor < 0 {
		return fmt.Errorf("serve: --lockout-failures must be ≥ 1 and --idle-timeout ≥ 1m")
	}
	keys, _, err := kf.load(*dsn, *withDemo, stdout)
	if err != nil {
		return err
	}
	a, closeDB, err := openApp(ctx, *dsn, cfg, keys, log)
	if err != nil {
		return err
	}
	defer closeDB()

	if *withDemo {
		empty, err := a.IsEmpty(ctx)
		if err != nil {
			return err
		}
		if empty {
			fmt.Fprintf(stdout, "生成演示数据（%d 名党员）… / generating demo data (%d members)…\n", *demoMembers, *demoMembers)
			start := time.Now()
			sum, err := demo.Generate(ctx, a.DB(), demo.Options{Members: *demoMembers, Seed: *seed, Progress: terminal(stderr), Today: a.Today()})
			if err != nil {
				return fmt.Errorf("demo data: %w", err)
			}
			fmt.Fprintf(stdout, "演示数据已生成：%d 个组织，%d 名党员（%s）\n", sum.Orgs, sum.Members, time.Since(start).Round(time.Millisecond))
		}
	}
	created, pw, err := a.Bootstrap(ctx, *adminPW)
	if err != nil {
		return fmt.Errorf("create the admin account: %w", err)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	h, err := handler(a, log, *secure)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of large workbooks
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	url := "http://" + ln.Addr().String()
	if created {
		if *adminPW == "" {
			fmt.Fprintf(stdout, "登录 / login: admin  密码 / password: %s  (shown once; change it after logging in)\n", pw)
		} else {
			fmt.Fprintln(stdout, "登录 / login: admin  (password from --admin-password / DANGJIAN_ADMIN_PASSWORD)")
		}
	}

	// The address comes last: tests and scripts wait for this line.
	fmt.Fprintf(stdout, "党建工作平台 listening on %s (database %s)\n", url, redact(*dsn))
	go sweepSessions(ctx, a, log)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// handler wires the JSON API and the HTML UI behind CSRF protection and
// the security headers.
func handler(a *app.App, log *slog.Logger, secure bool) (http.Handler, error) {
	webH, err := web.New(a, log, web.Options{SecureCookies: secure})
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	apiH := api.New(a, log)
	mux := http.NewServeMux()
	mux.Handle("/api/", apiH)
	mux.Handle("GET /healthz", apiH)
	mux.Handle("/", webH)
	csrf := http.NewCrossOriginProtection()
	return headers(csrf.Handler(mux)), nil
}

// headers sets the security headers every answer carries: nothing is
// loaded from elsewhere, nothing is framed.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// sweepSessions removes expired sessions every ten minutes.
func sweepSessions(ctx context.Context, a *app.App, log *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.SweepSessions(ctx); err != nil {
				log.Warn("sweep sessions", "err", err)
			} else if n > 0 {
				log.Info("expired sessions removed", "count", strconv.FormatInt(n, 10))
			}
		}
	}
}

// terminal returns w when it is a terminal (for progress bars), else nil.
func terminal(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return w
}
