// Package sqltest opens a fresh, migrated database for a test: SQLite in a
// temporary folder, or a new PostgreSQL schema when DANGJIAN_TEST_POSTGRES
// holds a URL, so the same tests run on both engines.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
)

// EnvPostgres names the variable that holds the PostgreSQL URL for tests.
const EnvPostgres = "DANGJIAN_TEST_POSTGRES"

// DSN returns a database address for a fresh, empty database and registers
// its cleanup with t.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		return filepath.Join(t.TempDir(), "test.db")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Keys returns a fresh key ring for a test database.
func Keys(t testing.TB) *secret.Keyring {
	t.Helper()
	f, err := secret.Generate(secret.AES256GCM)
	if err != nil {
		t.Fatal(err)
	}
	k, err := secret.New(f)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Open returns a migrated database on a fresh DSN, closed when t ends.
func Open(t testing.TB) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, DSN(t), sqlstore.Options{Synchronous: "OFF", Keys: Keys(t)})
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
