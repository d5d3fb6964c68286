// Command dangjian runs the party-building platform: the web server, the
// migrations, user administration and the demo-data generator.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dangjian:", err)
		os.Exit(1)
	}
}

const usage = `dangjian — 党建工作平台 (party-building platform)

Usage:
  dangjian serve   [--addr 127.0.0.1:8080] [--db ./dangjian.db] [--demo] [--admin-password PW]
  dangjian migrate [--db ./dangjian.db]
  dangjian user add    --username NAME [--password PW] --role ROLE --org ID [--member ID]
  dangjian user passwd --username NAME [--password PW]
  dangjian user list
  dangjian demo    --db PATH --members N [--seed S]
  dangjian import members FILE [--org PATH] [--dry-run] [--db ./dangjian.db]
  dangjian import meetings FILE [--org PATH] [--dry-run] [--db ./dangjian.db]
  dangjian keys rotate  [--db ./dangjian.db] [--key-file F]
  dangjian audit verify [--db ./dangjian.db]
  dangjian version

--db takes a SQLite file path or a postgres:// URL; it and --addr also read
DANGJIAN_DB and DANGJIAN_ADDR. ID and phone numbers are encrypted at rest: the key
comes from --key-file / DANGJIAN_KEY_FILE, DANGJIAN_KEY, or the file beside the
SQLite database (generated on the first "serve --demo" or "demo"). Run "dangjian COMMAND --help" for a command's flags.
`

// Run is the whole program, so tests can run it in-process.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	env := os.Getenv
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], env, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args[1:], env, stdout, stderr)
	case "user":
		return runUser(ctx, args[1:], env, stdin, stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], env, stdout, stderr)
	case "import":
		return runImport(ctx, args[1:], env, stdout, stderr)
	case "keys":
		return runKeys(ctx, args[1:], env, stdout, stderr)
	case "audit":
		return runAudit(ctx, args[1:], env, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "dangjian", buildVersion())
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}

func buildVersion() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
		v += " " + bi.GoVersion
	}
	return v
}

// envOr returns the environment value of key, or def when it is empty.
func envOr(env func(string) string, key, def string) string {
	if v := env(key); v != "" {
		return v
	}
	return def
}

// envDuration reads a duration from the environment, or def.
func envDuration(env func(string) string, key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(key)); err == nil {
		return d
	}
	return def
}

// envInt reads an integer from the environment, or def.
func envInt(env func(string) string, key string, def int) int {
	if n, err := strconv.Atoi(env(key)); err == nil {
		return n
	}
	return def
}

// newFlags returns a flag set that prints its usage to stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dangjian %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
