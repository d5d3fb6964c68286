// Package sqlstore keeps the platform's records in SQLite (the embedded
// default) or PostgreSQL, with one SQL text for both. It is the only
// package that imports database/sql.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/secret"
)

//go:embed migrations
var migrationsFS embed.FS

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Options tune how a database is opened.
type Options struct {
	// Synchronous is SQLite's synchronous pragma; FULL unless set.
	Synchronous string
	// ReadConns is the size of the read pool (SQLite) or of the whole
	// pool (PostgreSQL); 4 and 16 unless set.
	ReadConns int
	// Keys encrypts ID and phone numbers at rest; member records cannot
	// be read or written without it.
	Keys *secret.Keyring
}

// DB is an open database: a single writer and a read pool on SQLite, one
// pool on PostgreSQL.
type DB struct {
	engine string
	write  *sql.DB
	read   *sql.DB
	now    func() time.Time
	keys   *secret.Keyring
	group  committer // SQLite's group commit
	stmts  stmtCache // SQLite writer's prepared statements (stmt.go)
}

// IsPostgresURL reports whether dsn names a PostgreSQL database.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens dsn — a SQLite file path or a postgres:// URL — without migrating.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	db := &DB{now: func() time.Time { return time.Now().UTC() }, keys: opt.Keys}
	if IsPostgresURL(dsn) {
		db.engine = Postgres
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		n := opt.ReadConns
		if n <= 0 {
			n = 16
		}
		p.SetMaxOpenConns(n)
		p.SetMaxIdleConns(n)
		p.SetConnMaxIdleTime(5 * time.Minute)
		db.write, db.read = p, p
	} else {
		db.engine = SQLite
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database folder: %w", err)
			}
		}
		sync := opt.Synchronous
		if sync == "" {
			sync = "FULL"
		}
		// busy_timeout comes first so that the other pragmas already wait
		// for a lock instead of failing with SQLITE_BUSY.
		base := "file:" + (&url.URL{Path: dsn}).EscapedPath() + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)&_pragma=synchronous(" + sync + ")&_time_format=sqlite"
		w, err := sql.Open("sqlite", base+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1) // SQLite has one writer; queue here, not on SQLITE_BUSY
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		if err := w.PingContext(ctx); err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", dsn, err)
		}
		r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite reader: %w", err)
		}
		n := opt.ReadConns
		if n <= 0 {
			n = 4
		}
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		r.SetConnMaxLifetime(0)
		db.write, db.read = w, r
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect %s: %w", db.engine, err)
	}
	return db, nil
}

// Keys returns the key ring, or an error that says how to configure one.
func (db *DB) Keys() (*secret.Keyring, error) {
	if db.keys == nil {
		return nil, fmt.Errorf("%w: member records are encrypted at rest; configure a key", secret.ErrNoKey)
	}
	return db.keys, nil
}

// SetKeys replaces the key ring (after a rotation).
func (db *DB) SetKeys(k *secret.Keyring) { db.keys = k }

// checkKey is the setting that proves a key ring belongs to this database.
const checkKey = "crypto.check"

// CheckKeys makes sure the key ring can read this database's values: on
// first use it stores a value sealed with the current key; later it must
// open it. A wrong key is refused here rather than failing on every read.
func (db *DB) CheckKeys(ctx context.Context) error {
	keys, err := db.Keys()
	if err != nil {
		return err
	}
	const probe = "dangjian key check"
	return db.Update(ctx, func(tx *Tx) error {
		v, ok, err := tx.Setting(ctx, checkKey)
		if err != nil {
			return err
		}
		if ok {
			got, err := keys.Decrypt(v)
			if err != nil || got != probe {
				return fmt.Errorf("the encryption key does not belong to this database (%v): use the key file made with it", err)
			}
			if secret.KeyOf(v) == keys.Current() {
				return nil
			}
		}
		c, err := keys.Encrypt(probe)
		if err != nil {
			return err
		}
		return tx.SetSetting(ctx, checkKey, c)
	})
}

// Engine returns SQLite or Postgres.
func (db *DB) Engine() string { return db.engine }

// SetNow replaces the clock; tests use it to move time.
func (db *DB) SetNow(now func() time.Time) { db.now = now }

// Now returns the database's idea of the current instant (UTC, µs).
func (db *DB) Now() time.Time { return db.now().UTC().Truncate(time.Microsecond) }

// Close closes both pools.
func (db *DB) Close() error {
	db.stmts.close()
	var err error
	if db.read != nil && db.read != db.write {
		err = db.read.Close()
	}
	if db.write != nil {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Tx is a transaction with the instant it started, so that every row it
// writes carries the same time.
type Tx struct {
	tx     *sql.Tx
	db     *DB
	Now    time.Time
	writer bool // a transaction of SQLite's writer: it may borrow prepared statements
}

// Update runs fn in a read-write transaction, committed if fn returns nil.
// On SQLite, updates that arrive while another commits share the next
// commit (group.go); each still sees the others' writes as if run alone,
// one after another.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	if db.engine == SQLite {
		return db.groupUpdate(ctx, fn)
	}
	return db.run(ctx, db.write, false, fn)
}

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.read, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(*Tx) error) error {
	opts := &sql.TxOptions{}
	if db.engine == Postgres {
		opts.ReadOnly = readOnly
	}
	stx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: stx, db: db, Now: db.Now(), writer: db.engine == SQLite && !readOnly}
	committed := false
	defer func() {
		// A panic in fn must not leave the transaction open: on PostgreSQL
		// its locks would stall every later writer.
		if !committed {
			_ = stx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	committed = true
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := tx.writeStmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, q, args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := tx.writeStmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.tx.QueryContext(ctx, q, args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := tx.writeStmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, q, args...)
}

// Migrate applies every migration not yet recorded, each in its own
// transaction, in file-name order.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := MigrationNames(db.engine)
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, name := range names {
		body, err := fs.ReadFile(migrationsFS, "migrations/"+db.engine+"/"+name)
		if err != nil {
			return applied, fmt.Errorf("read migration %s: %w", name, err)
		}
		done := false
		err = db.Update(ctx, func(tx *Tx) error {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
				return fmt.Errorf("check migration %s: %w", name, err)
			}
			if n > 0 {
				done = true
				return nil
			}
			if _, err := tx.exec(ctx, string(body)); err != nil {
				return fmt.Errorf("apply migration %s: %w", name, err)
			}
			_, err := tx.exec(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, name, tx.Now.Format(time.RFC3339))
			return err
		})
		if err != nil {
			return applied, err
		}
		if !done {
			applied = append(applied, name)
		}
	}
	return applied, nil
}

// MigrationNames lists the migration files of an engine in order.
func MigrationNames(engine string) ([]string, error) {
	entries, err := fs.ReadDir(migrationsFS, "migrations/"+engine)
	if err != nil {
		return nil, fmt.Errorf("list migrations for %s: %w", engine, err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// notFound turns sql.ErrNoRows into a domain not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return dangjian.Errorf(dangjian.ENOTFOUND, "%s不存在", what)
	}
	return err
}

// placeholders returns "$from, $from+1, …" n times.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

// isUniqueViolation reports whether err is a unique-constraint failure in
// either engine.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// RedactURL returns a database URL with its password hidden, for logs.
func RedactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
