package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dangjian/dangjian"
)

// UserRecord is a user with what only the store and app see.
type UserRecord struct {
	dangjian.User
	PasswordHash string
	FailedLogins int
}

const userCols = `id, username, password_hash, member_id, disabled, failed_logins, locked_until, created_at`

func scanUser(row interface{ Scan(...any) error }) (*UserRecord, error) {
	var u UserRecord
	var member sql.NullInt64
	var locked sql.NullTime
	if err := row.Scan(&u.ID, &u.Username, &u.PasswordHash, &member, &u.Disabled, &u.FailedLogins, &locked, &u.CreatedAt); err != nil {
		return nil, err
	}
	if member.Valid {
		u.MemberID = &member.Int64
	}
	if locked.Valid {
		t := locked.Time.UTC()
		u.LockedUntil = &t
	}
	return &u, nil
}

// CreateUser inserts a user with a password hash and its grants.
func (tx *Tx) CreateUser(ctx context.Context, u *dangjian.User, hash string) error {
	u.CreatedAt = tx.Now
	err := tx.queryRow(ctx, `INSERT INTO users (username, password_hash, member_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		u.Username, hash, u.MemberID, tx.Now, tx.Now).Scan(&u.ID)
	if isUniqueViolation(err) {
		return &dangjian.Error{Code: dangjian.ECONFLICT, Message: "用户名已存在", Fields: map[string]string{"username": "用户名已被使用"}}
	} else if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return tx.SetGrants(ctx, u.ID, u.Roles)
}

// SetGrants replaces a user's roles.
func (tx *Tx) SetGrants(ctx context.Context, userID int64, grants []dangjian.Grant) error {
	if _, err := tx.exec(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("clear roles: %w", err)
	}
	for _, g := range grants {
		if _, err := tx.exec(ctx, `INSERT INTO user_roles (user_id, role, org_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, userID, g.Role, g.OrgID); err != nil {
			return fmt.Errorf("insert role: %w", err)
		}
	}
	return nil
}

// UserByName returns the user with a username.
func (tx *Tx) UserByName(ctx context.Context, username string) (*UserRecord, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE username = $1`, username))
	if err != nil {
		return nil, notFound(err, "用户")
	}
	return u, tx.loadGrants(ctx, u)
}

// User returns the user with id.
func (tx *Tx) User(ctx context.Context, id int64) (*UserRecord, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "用户")
	}
	return u, tx.loadGrants(ctx, u)
}

func (tx *Tx) loadGrants(ctx context.Context, u *UserRecord) error {
	rows, err := tx.query(ctx, `SELECT r.role, r.org_id, o.path, o.name FROM user_roles r JOIN orgs o ON o.id = r.org_id WHERE r.user_id = $1 ORDER BY r.role, r.org_id`, u.ID)
	if err != nil {
		return fmt.Errorf("user roles: %w", err)
	}
	defer rows.Close()
	u.Roles = []dangjian.Grant{}
	for rows.Next() {
		var g dangjian.Grant
		if err := rows.Scan(&g.Role, &g.OrgID, &g.OrgPath, &g.OrgName); err != nil {
			return fmt.Errorf("scan role: %w", err)
		}
		u.Roles = append(u.Roles, g)
	}
	return rows.Err()
}

// Users lists every user with their grants.
func (tx *Tx) Users(ctx context.Context) ([]*UserRecord, error) {
	rows, err := tx.query(ctx, `SELECT `+userCols+` FROM users ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	var out []*UserRecord
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan user: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	for _, u := range out {
		if err := tx.loadGrants(ctx, u); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CountUsers returns how many accounts exist.
func (tx *Tx) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// SetPassword stores a new password hash and clears any lockout.
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string) error {
	_, err := tx.exec(ctx, `UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $3`, hash, tx.Now, userID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}

// RecordLoginFailure counts a failed login and locks the account until
// lockUntil when the count reaches max; it returns the new count.
func (tx *Tx) RecordLoginFailure(ctx context.Context, userID int64, max int, lockUntil time.Time) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("record login failure: %w", err)
	}
	if n >= max {
		if _, err := tx.exec(ctx, `UPDATE users SET locked_until = $1, failed_logins = 0 WHERE id = $2`, lockUntil, userID); err != nil {
			return 0, fmt.Errorf("lock user: %w", err)
		}
	}
	return n, nil
}

// ResetLoginFailures clears the failure count after a good login.
func (tx *Tx) ResetLoginFailures(ctx context.Context, userID int64) error {
	_, err := tx.exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)`, userID)
	if err != nil {
		return fmt.Errorf("reset login failures: %w", err)
	}
	return nil
}
