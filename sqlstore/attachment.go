package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/secret"
)

const attachmentCols = `id, meeting_id, file_name, content_type, size, sha256, created_by, created_at, deleted, delete_reason, deleted_at`

func scanAttachment(row interface{ Scan(...any) error }) (*dangjian.Attachment, error) {
	var a dangjian.Attachment
	var by sql.NullInt64
	var deletedAt sql.NullTime
	if err := row.Scan(&a.ID, &a.MeetingID, &a.FileName, &a.ContentType, &a.Size, &a.SHA256, &by, &a.CreatedAt, &a.Deleted,
		&a.DeleteReason, &deletedAt); err != nil {
		return nil, err
	}
	if by.Valid {
		a.CreatedBy = &by.Int64
	}
	a.CreatedAt = a.CreatedAt.UTC()
	if deletedAt.Valid {
		t := deletedAt.Time.UTC()
		a.DeletedAt = &t
	}
	return &a, nil
}

// sealFile encrypts an attachment's bytes with the current key; the blob is
// the keyring's text form.
func (tx *Tx) sealFile(data []byte) ([]byte, int, error) {
	keys, err := tx.db.Keys()
	if err != nil {
		return nil, 0, err
	}
	enc, err := keys.Encrypt(string(data))
	if err != nil {
		return nil, 0, fmt.Errorf("encrypt attachment: %w", err)
	}
	return []byte(enc), secret.KeyOf(enc), nil
}

// CreateAttachment stores a's file, encrypted, and sets its id and time.
func (tx *Tx) CreateAttachment(ctx context.Context, a *dangjian.Attachment, data []byte) error {
	enc, keyID, err := tx.sealFile(data)
	if err != nil {
		return err
	}
	a.CreatedAt = tx.Now
	err = tx.queryRow(ctx, `INSERT INTO meeting_attachments (meeting_id, file_name, content_type, size, sha256, data, key_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		a.MeetingID, a.FileName, a.ContentType, a.Size, a.SHA256, enc, keyID, a.CreatedBy, tx.Now).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("insert attachment: %w", err)
	}
	return nil
}

// Attachment returns the attachment with id, without its file.
func (tx *Tx) Attachment(ctx context.Context, id int64) (*dangjian.Attachment, error) {
	a, err := scanAttachment(tx.queryRow(ctx, `SELECT `+attachmentCols+` FROM meeting_attachments WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "附件")
	}
	return a, nil
}

// AttachmentData returns the file of an attachment, decrypted.
func (tx *Tx) AttachmentData(ctx context.Context, id int64) ([]byte, error) {
	var enc []byte
	if err := tx.queryRow(ctx, `SELECT data FROM meeting_attachments WHERE id = $1 AND deleted = FALSE`, id).Scan(&enc); err != nil {
		return nil, notFound(err, "附件")
	}
	keys, err := tx.db.Keys()
	if err != nil {
		return nil, err
	}
	plain, err := keys.Decrypt(string(enc))
	if err != nil {
		return nil, fmt.Errorf("attachment %d: %w", id, err)
	}
	return []byte(plain), nil
}

// Attachments lists a meeting's attachments that are not deleted, oldest
// first.
func (tx *Tx) Attachments(ctx context.Context, meetingID int64) ([]*dangjian.Attachment, error) {
	rows, err := tx.query(ctx, `SELECT `+attachmentCols+` FROM meeting_attachments WHERE meeting_id = $1 AND deleted = FALSE ORDER BY id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	defer rows.Close()
	out := []*dangjian.Attachment{}
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, fmt.Errorf("scan attachment: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountAttachments counts a meeting's attachments that are not deleted.
// On PostgreSQL it first locks the meeting's row, so that two uploads to
// one meeting take turns and the limit holds.
func (tx *Tx) CountAttachments(ctx context.Context, meetingID int64) (int, error) {
	if tx.db.engine == Postgres {
		if _, err := tx.exec(ctx, `SELECT id FROM meetings WHERE id = $1 FOR UPDATE`, meetingID); err != nil {
			return 0, fmt.Errorf("lock meeting: %w", err)
		}
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM meeting_attachments WHERE meeting_id = $1 AND deleted = FALSE`, meetingID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count attachments: %w", err)
	}
	return n, nil
}

// DeleteAttachment marks an attachment deleted with the reason and drops
// its file: a deleted photo is not kept around encrypted either.
func (tx *Tx) DeleteAttachment(ctx context.Context, id int64, reason string) error {
	_, err := tx.exec(ctx, `UPDATE meeting_attachments SET deleted = TRUE, delete_reason = $1, deleted_at = $2, data = $3 WHERE id = $4`,
		reason, tx.Now, []byte{}, id)
	if err != nil {
		return fmt.Errorf("delete attachment: %w", err)
	}
	return nil
}

// RekeyAttachments re-encrypts up to n attachments sealed with an older
// key, one at a time (each may be 10 MiB), and returns how many it did.
func (tx *Tx) RekeyAttachments(ctx context.Context, n int) (int, error) {
	keys, err := tx.db.Keys()
	if err != nil {
		return 0, err
	}
	rows, err := tx.query(ctx, `SELECT id FROM meeting_attachments WHERE key_id <> $1 AND deleted = FALSE ORDER BY id LIMIT `+strconv.Itoa(n), keys.Current())
	if err != nil {
		return 0, fmt.Errorf("stale attachments: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan stale attachment: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("stale attachments: %w", err)
	}
	for _, id := range ids {
		data, err := tx.AttachmentData(ctx, id)
		if err != nil {
			return 0, err
		}
		enc, keyID, err := tx.sealFile(data)
		if err != nil {
			return 0, err
		}
		if _, err := tx.exec(ctx, `UPDATE meeting_attachments SET data = $1, key_id = $2 WHERE id = $3`, enc, keyID, id); err != nil {
			return 0, fmt.Errorf("re-encrypt attachment %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// StaleAttachments counts the attachments still sealed with an older key.
func (tx *Tx) StaleAttachments(ctx context.Context) (int, error) {
	keys, err := tx.db.Keys()
	if err != nil {
		return 0, err
	}
	var n int
	err = tx.queryRow(ctx, `SELECT COUNT(*) FROM meeting_attachments WHERE key_id <> $1 AND deleted = FALSE`, keys.Current()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count stale attachments: %w", err)
	}
	return n, nil
}
