package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/dangjian/dangjian/app"
	"io"
	"time"

	"github.com/dangjian/dangjian/demo"
)

func runDemo(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", "demo --db PATH|URL --members N [--seed S]", stderr)
	dsn := fs.String("db", envOr(env, "DANGJIAN_DB", ""), "SQLite file or postgres:// URL to fill; must hold no organizations (env DANGJIAN_DB)")
	members := fs.Int("members", 3000, "number of members to generate (up to 1,000,000 and beyond)")
	seed := fs.Int64("seed", 1, "seed: the same seed gives the same data")
	kf := addKeyFlags(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" {
		fs.Usage()
		return errors.New("demo: --db is required")
	}
	if *members < 1 {
		return errors.New("demo: --members must be at least 1")
	}
	keys, _, err := kf.load(*dsn, true, stdout)
	if err != nil {
		return err
	}
	a, closeDB, err := openApp(ctx, *dsn, app.DefaultConfig(), keys, newLogger(stderr))
	if err != nil {
		return err
	}
	defer closeDB()
	start := time.Now()
	sum, err := demo.Generate(ctx, a.DB(), demo.Options{Members: *members, Seed: *seed, Progress: terminal(stderr), Today: a.Today()})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(stdout, "generated %d organizations (%d units) and %d members in %s\n", sum.Orgs, sum.Units, sum.Members, time.Since(start).Round(time.Millisecond))
	return nil
}
