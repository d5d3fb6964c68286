package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dangjian/dangjian"
)

// Upload is a file kept between the preview of an import and its
// confirmation. Data is the file in clear; the table holds it encrypted.
type Upload struct {
	ID        int64
	UserID    int64
	Kind      string
	FileName  string
	Data      []byte
	Size      int64
	CreatedAt time.Time
	DoneAt    *time.Time // set once the import was confirmed; Data is then empty
	Result    string     // what the confirmed import did, as JSON
}

// CreateUpload stores u for its user and sets its ID.
func (tx *Tx) CreateUpload(ctx context.Context, u *Upload) error {
	keys, err := tx.db.Keys()
	if err != nil {
		return err
	}
	// Encrypt takes text: the ciphertext is base64, stored as the blob.
	enc, err := keys.Encrypt(string(u.Data))
	if err != nil {
		return fmt.Errorf("encrypt upload: %w", err)
	}
	u.CreatedAt = tx.Now
	err = tx.queryRow(ctx, `INSERT INTO uploads (user_id, kind, file_name, data, size, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		u.UserID, u.Kind, u.FileName, []byte(enc), u.Size, tx.Now).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("insert upload: %w", err)
	}
	return nil
}

// Upload returns the upload with id, its data decrypted.
func (tx *Tx) Upload(ctx context.Context, id int64) (*Upload, error) {
	var u Upload
	var enc []byte
	var done sql.NullTime
	err := tx.queryRow(ctx, `SELECT id, user_id, kind, file_name, data, size, created_at, done_at, result FROM uploads WHERE id = $1`, id).
		Scan(&u.ID, &u.UserID, &u.Kind, &u.FileName, &enc, &u.Size, &u.CreatedAt, &done, &u.Result)
	if err != nil {
		return nil, notFound(err, "上传记录")
	}
	u.CreatedAt = u.CreatedAt.UTC()
	if done.Valid {
		t := done.Time.UTC()
		u.DoneAt = &t
	}
	if len(enc) > 0 {
		keys, err := tx.db.Keys()
		if err != nil {
			return nil, err
		}
		plain, err := keys.Decrypt(string(enc))
		if err != nil {
			// A key dropped after a rotation: the upload cannot be read,
			// which for an hour-long upload is the same as expired.
			return nil, dangjian.Errorf(dangjian.ENOTFOUND, "上传记录不存在")
		}
		u.Data = []byte(plain)
	}
	return &u, nil
}

// FinishUpload marks an upload confirmed, drops its data and keeps result.
// It reports false when the upload was already confirmed, so that two
// confirmations of one upload import it once.
func (tx *Tx) FinishUpload(ctx context.Context, id int64, result string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE uploads SET done_at = $1, result = $2, data = $3 WHERE id = $4 AND done_at IS NULL`, tx.Now, result, []byte{}, id)
	if err != nil {
		return false, fmt.Errorf("finish upload: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("finish upload: %w", err)
	}
	return n == 1, nil
}

// DeleteUploads removes a user's uploads of a kind, and everyone's uploads
// created before the cutoff.
func (tx *Tx) DeleteUploads(ctx context.Context, userID int64, kind string, before time.Time) error {
	if _, err := tx.exec(ctx, `DELETE FROM uploads WHERE (user_id = $1 AND kind = $2) OR created_at < $3`, userID, kind, before.UTC()); err != nil {
		return fmt.Errorf("delete uploads: %w", err)
	}
	return nil
}

// SetUploadResult keeps what a confirmed import did.
func (tx *Tx) SetUploadResult(ctx context.Context, id int64, result string) error {
	if _, err := tx.exec(ctx, `UPDATE uploads SET result = $1 WHERE id = $2`, result, id); err != nil {
		return fmt.Errorf("keep upload result: %w", err)
	}
	return nil
}
