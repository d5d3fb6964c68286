package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// Session is a login: a browser session or an API token. ID is the hash
// of the secret the client holds, so a stolen database reveals no token.
type Session struct {
	ID         string
	UserID     int64
	Kind       string // "web" or "api"
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	Lang       string
}

// CreateSession stores a new session.
func (tx *Tx) CreateSession(ctx context.Context, s *Session) error {
	s.CreatedAt, s.LastSeenAt = tx.Now, tx.Now
	_, err := tx.exec(ctx, `INSERT INTO sessions (id, user_id, kind, created_at, last_seen_at, expires_at, ip, lang) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		s.ID, s.UserID, s.Kind, tx.Now, tx.Now, s.ExpiresAt, s.IP, s.Lang)
	if err != nil {
		return fmt.Errorf("insert session: %w", err)
	}
	return nil
}

// Session returns the session with id.
func (tx *Tx) Session(ctx context.Context, id string) (*Session, error) {
	var s Session
	err := tx.queryRow(ctx, `SELECT id, user_id, kind, created_at, last_seen_at, expires_at, ip, lang FROM sessions WHERE id = $1`, id).
		Scan(&s.ID, &s.UserID, &s.Kind, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.IP, &s.Lang)
	if err != nil {
		return nil, notFound(err, "会话")
	}
	return &s, nil
}

// TouchSession records activity and pushes the expiry forward.
func (tx *Tx) TouchSession(ctx context.Context, id string, expires time.Time) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`, tx.Now, expires, id)
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// SetSessionLang stores the language a session chose.
func (tx *Tx) SetSessionLang(ctx context.Context, id, lang string) error {
	if _, err := tx.exec(ctx, `UPDATE sessions SET lang = $1 WHERE id = $2`, lang, id); err != nil {
		return fmt.Errorf("set session language: %w", err)
	}
	return nil
}

// DeleteSession ends a session.
func (tx *Tx) DeleteSession(ctx context.Context, id string) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user (after a password change).
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("delete user sessions: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	r, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, tx.Now)
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return r.RowsAffected()
}
