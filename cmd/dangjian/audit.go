package main

import (
	"context"
	"fmt"
	"github.com/dangjian/dangjian/app"
	"io"
)

func runAudit(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "Usage: dangjian audit verify [--db PATH|URL]")
		return fmt.Errorf("audit: the only subcommand is verify")
	}
	fs := newFlags("audit verify", "audit verify [--db PATH|URL]", stderr)
	dsn := fs.String("db", envOr(env, "DANGJIAN_DB", defaultDB), "SQLite file or postgres:// URL (env DANGJIAN_DB)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, closeDB, err := openApp(ctx, *dsn, app.DefaultConfig(), nil, newLogger(io.Discard))
	if err != nil {
		return err
	}
	defer closeDB()
	n, err := a.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("audit chain broken after %d good rows: %w", n, err)
	}
	fmt.Fprintf(stdout, "audit chain intact: %d rows\n", n)
	return nil
}
