package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
)

// keyFlags are the flags that say where the encryption key comes from.
type keyFlags struct {
	file   *string
	cipher *string
	env    func(string) string
}

func addKeyFlags(fs *flag.FlagSet, env func(string) string) *keyFlags {
	return &keyFlags{
		file:   fs.String("key-file", env("DANGJIAN_KEY_FILE"), "encryption key file (env DANGJIAN_KEY_FILE; default: beside the SQLite file, or ./dangjian.key for PostgreSQL)"),
		cipher: fs.String("cipher", envOr(env, "DANGJIAN_CIPHER", secret.AES256GCM), "cipher of a newly generated key: aes-256-gcm or sm4-gcm (env DANGJIAN_CIPHER)"),
		env:    env,
	}
}

// defaultKeyPath is where a generated key file goes: beside a SQLite
// database, or in the working folder for PostgreSQL.
func defaultKeyPath(dsn string) string {
	if sqlstore.IsPostgresURL(dsn) {
		return "dangjian.key"
	}
	return dsn + ".key"
}

// errNoKey explains in both languages how to give the server a key.
var errNoKey = errors.New("没有加密密钥，拒绝启动：党员的公民身份号码和联系电话在数据库中加密保存。" +
	"请设置环境变量 DANGJIAN_KEY，或用 --key-file 指定密钥文件；首次以 --demo 启动时会自动生成。 / " +
	"no encryption key: ID and phone numbers are encrypted at rest. Set DANGJIAN_KEY, pass --key-file, " +
	"or start once with --demo to generate one")

// load returns the key ring and the key file it came from ("" for the
// environment). With generate, a missing key is made at the default path.
func (k *keyFlags) load(dsn string, generate bool, stdout io.Writer) (*secret.Keyring, string, error) {
	path := *k.file
	if path == "" {
		if v := k.env("DANGJIAN_KEY"); v != "" {
			f, err := secret.Parse([]byte(v), *k.cipher)
			if err != nil {
				return nil, "", fmt.Errorf("DANGJIAN_KEY: %w", err)
			}
			r, err := secret.New(f)
			return r, "", err
		}
		path = defaultKeyPath(dsn)
	}
	f, err := secret.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && generate {
		if f, err = secret.Generate(*k.cipher); err != nil {
			return nil, "", err
		}
		if err := secret.WriteFile(path, f); err != nil {
			return nil, "", err
		}
		fmt.Fprintf(stdout, "已生成加密密钥 / generated the encryption key %s (mode 0600): back it up with the database, it cannot be recovered\n", path)
	} else if errors.Is(err, os.ErrNotExist) {
		return nil, "", errNoKey
	} else if err != nil {
		return nil, "", err
	}
	r, err := secret.New(f)
	if err != nil {
		return nil, "", fmt.Errorf("key file %s: %w", path, err)
	}
	return r, path, nil
}

func runKeys(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		fmt.Fprintln(stderr, "Usage: dangjian keys rotate [--db PATH|URL] [--key-file F]")
		return errors.New("keys: the only subcommand is rotate")
	}
	fs := newFlags("keys rotate", "keys rotate [--db PATH|URL] [--key-file F]", stderr)
	dsn := fs.String("db", envOr(env, "DANGJIAN_DB", defaultDB), "SQLite file or postgres:// URL (env DANGJIAN_DB)")
	kf := addKeyFlags(fs, env)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	path := *kf.file
	if path == "" {
		path = defaultKeyPath(*dsn)
	}
	f, err := secret.ReadFile(path)
	if err != nil {
		return fmt.Errorf("keys rotate needs the key file (a key given in DANGJIAN_KEY cannot be rotated in place): %w", err)
	}
	ring, err := secret.New(f)
	if err != nil {
		return err
	}
	db, err := sqlstore.Open(ctx, *dsn, sqlstore.Options{Keys: ring})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	stale, err := db.StaleKeyRows(ctx)
	if err != nil {
		return err
	}
	if stale == 0 {
		// Nothing half-done: start a new rotation with a fresh key. The
		// file keeps the old key until every row is re-encrypted.
		if f, err = secret.AddKey(f); err != nil {
			return err
		}
		if err := secret.WriteFile(path, f); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new key %d written to %s\n", f.Current, path)
	} else {
		fmt.Fprintf(stdout, "resuming the rotation to key %d: %d rows still use an older key\n", f.Current, stale)
	}
	if ring, err = secret.New(f); err != nil {
		return err
	}
	db.SetKeys(ring)
	if err := db.CheckKeys(ctx); err != nil {
		return err
	}
	a, err := app.New(db, app.DefaultConfig(), newLogger(io.Discard))
	if err != nil {
		return err
	}
	n, err := a.RotateKeys(ctx, app.System(), func(done int) {
		if terminal(stderr) != nil {
			fmt.Fprintf(stderr, "\rre-encrypted %d rows", done)
		}
	})
	if terminal(stderr) != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return fmt.Errorf("re-encrypt (run again to resume): %w", err)
	}
	if err := secret.WriteFile(path, secret.Keep(f)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "re-encrypted %d rows with key %d; older keys removed from %s\n", n, f.Current, path)
	return nil
}
