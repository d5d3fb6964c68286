package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
)

const defaultDB = "dangjian.db"

// openApp opens and migrates the database at dsn and returns the App on
// it. keys may be nil for commands that read no member record.
func openApp(ctx context.Context, dsn string, cfg app.Config, keys *secret.Keyring, log *slog.Logger) (*app.App, func() error, error) {
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Keys: keys})
	if err != nil {
		return nil, nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrate: %w", err)
	}
	if keys != nil {
		if err := db.CheckKeys(ctx); err != nil {
			db.Close()
			return nil, nil, err
		}
	}
	for _, name := range applied {
		log.Info("migration applied", "name", name)
	}
	a, err := app.New(db, cfg, log)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return a, db.Close, nil
}

// redact hides the password of a database URL for printing.
func redact(dsn string) string {
	if !sqlstore.IsPostgresURL(dsn) {
		return dsn
	}
	return sqlstore.RedactURL(dsn)
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func runMigrate(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", "migrate [--db PATH|URL]", stderr)
	dsn := fs.String("db", envOr(env, "DANGJIAN_DB", defaultDB), "SQLite file or postgres:// URL (env DANGJIAN_DB)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sqlstore.Open(ctx, *dsn, sqlstore.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if len(applied) == 0 {
		fmt.Fprintln(stdout, "database is up to date:", redact(*dsn))
	}
	for _, n := range applied {
		fmt.Fprintln(stdout, "applied", n)
	}
	return nil
}
