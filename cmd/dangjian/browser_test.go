package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// TestBrowser drives Debian's chromium through the real program: log in,
// open the tree, page the roster, switch to English. With
// DANGJIAN_SCREENSHOTS=1 it writes the README's screenshot of the roster.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it with apt-get")
		}
		t.Skip("chromium not installed (apt-get install chromium)")
	}
	const pw = "Browser-test-pw-2026!"
	s := startServer(t, "--db", sqltest.DSN(t), "--key-file", filepath.Join(t.TempDir(), "demo.key"), "--demo", "--demo-members", "600", "--admin-password", pw)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first action starts the browser: no timeout on it (that would
	// stop the browser), then a bound on the rest.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()
	fail := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v\nserver: %s", step, err, s.out)
		}
	}
	fail("log in", chromedp.Do(ctx,
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "admin"),
		chromedp.SendKeys(`#password`, pw),
		chromedp.Click(`button[type=submit]`),
		chromedp.WaitVisible(`.orgtree`),
	))
	treeText, err := chromedp.Run(ctx, chromedp.Text(`.orgtree`))
	fail("read the tree", err)
	fail("open the roster", chromedp.Do(ctx, chromedp.Navigate(s.URL+"/members"), chromedp.WaitVisible(`table#roster`)))
	total, err := chromedp.Run(ctx, chromedp.Text(`.pager .total`))
	fail("read the total", err)
	fail("next page", chromedp.Do(ctx,
		chromedp.Click(`a[rel=next]`),
		chromedp.Sleep(500*time.Millisecond), // htmx swaps the table and pushes the URL
		chromedp.WaitVisible(`table#roster`),
	))
	url, err := chromedp.Run(ctx, chromedp.Location())
	fail("read the URL", err)
	// Load the page afresh so the screenshot starts at the top.
	fail("reload", chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(`table#roster`)))
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	fail("screenshot", err)
	fail("switch to English", chromedp.Do(ctx, chromedp.Click(`a#lang-en`), chromedp.Sleep(300*time.Millisecond), chromedp.WaitVisible(`table#roster`)))
	lang, err := chromedp.Run(ctx, chromedp.AttributeValue(`html`, "lang"))
	fail("read the language", err)
	title, err := chromedp.Run(ctx, chromedp.Title())
	fail("read the title", err)
	if !strings.Contains(treeText, "工作委员会") {
		t.Errorf("the tree does not show the working committee: %q", treeText)
	}
	if !strings.Contains(total, "共") {
		t.Errorf("roster total = %q", total)
	}
	if !strings.Contains(url, "page=2") {
		t.Errorf("after next the URL is %s", url)
	}
	if lang.Value != "en" {
		t.Errorf("after the switch html lang = %q (title %q)", lang.Value, title)
	}
	out := filepath.Join(t.TempDir(), "roster.png")
	if os.Getenv("DANGJIAN_SCREENSHOTS") == "1" {
		out = filepath.Join("..", "..", "docs", "screenshots", "roster.png")
		os.MkdirAll(filepath.Dir(out), 0o755)
	}
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
}
