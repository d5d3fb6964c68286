package sqlstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/dangjian/dangjian"
)

// staleCond selects members whose sensitive fields are not yet sealed with
// key cur.
const staleCond = `(id_enc NOT LIKE $1 OR (phone_enc <> '' AND phone_enc NOT LIKE $1))`

// StaleKeyRows counts the members and attachments still encrypted with an
// older key.
func (db *DB) StaleKeyRows(ctx context.Context) (int, error) {
	keys, err := db.Keys()
	if err != nil {
		return 0, err
	}
	var n int
	err = db.View(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM members WHERE `+staleCond, keyPrefix(keys.Current())).Scan(&n); err != nil {
			return err
		}
		// Meeting attachments are sealed with the same keys.
		files, err := tx.StaleAttachments(ctx)
		n += files
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("count stale rows: %w", err)
	}
	return n, nil
}

func keyPrefix(id int) string { return "k" + strconv.Itoa(id) + ":%" }

// RekeyBatch re-encrypts (and re-hashes) up to n members that still use
// an older key, and returns how many it did. Each batch is its own
// transaction, so an interrupted rotation resumes where it stopped.
func (tx *Tx) RekeyBatch(ctx context.Context, n int) (int, error) {
	keys, err := tx.db.Keys()
	if err != nil {
		return 0, err
	}
	rows, err := tx.query(ctx, `SELECT id, id_enc, phone_enc FROM members WHERE `+staleCond+` ORDER BY id LIMIT `+strconv.Itoa(n), keyPrefix(keys.Current()))
	if err != nil {
		return 0, fmt.Errorf("stale rows: %w", err)
	}
	type row struct {
		id              int64
		idEnc, phoneEnc string
	}
	var batch []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.idEnc, &r.phoneEnc); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan stale row: %w", err)
		}
		batch = append(batch, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("stale rows: %w", err)
	}
	for _, r := range batch {
		var m dangjian.Member
		if m.IDNumber, err = keys.Decrypt(r.idEnc); err != nil {
			return 0, fmt.Errorf("member %d: %w", r.id, err)
		}
		if m.Phone, err = keys.Decrypt(r.phoneEnc); err != nil {
			return 0, fmt.Errorf("member %d: %w", r.id, err)
		}
		sl, err := tx.seal(&m)
		if err != nil {
			return 0, err
		}
		if _, err := tx.exec(ctx, `UPDATE members SET id_enc = $1, id_hash = $2, phone_enc = $3 WHERE id = $4`, sl.idEnc, sl.idHash, sl.phoneEnc, r.id); err != nil {
			return 0, fmt.Errorf("re-encrypt member %d: %w", r.id, err)
		}
	}
	return len(batch), nil
}
