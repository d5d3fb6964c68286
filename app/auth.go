package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Session kinds.
const (
	SessionWeb = "web"
	SessionAPI = "api"
)

// LoginResult is what a good login hands back: the secret token (shown
// once; only its hash is stored) and the user.
type LoginResult struct {
	Token     string
	ExpiresAt time.Time
	User      *dangjian.User
}

func tokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login checks a username and password and opens a session of kind. Five
// failures (Config.MaxFailures) lock the account for Config.LockFor; every
// failure leaves a user.login_failed audit row.
func (a *App) Login(ctx context.Context, username, password, ip, kind, lang string) (*LoginResult, error) {
	bad := dangjian.Errorf(dangjian.EUNAUTHORIZED, "用户名或密码错误")
	if username == "" || password == "" || len(password) > 256 || len(username) > 64 {
		return nil, bad
	}
	var u *sqlstore.UserRecord
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		u, err = tx.UserByName(ctx, username)
		return err
	})
	if dangjian.ErrorCode(err) == dangjian.ENOTFOUND {
		_, _ = a.checkPassword(ctx, dummyHash, password) // same time as a known user
		return nil, errors.Join(bad, a.loginFailed(ctx, nil, username, ip, "unknown_user"))
	} else if err != nil {
		return nil, err
	}
	now := a.db.Now()
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		_ = a.loginFailed(ctx, u, username, ip, "locked")
		return nil, dangjian.Errorf(dangjian.ERATELIMITED, "登录失败次数过多，账号已锁定至 %s", u.LockedUntil.In(dangjian.CST).Format("15:04"))
	}
	if u.Disabled {
		_ = a.loginFailed(ctx, u, username, ip, "disabled")
		return nil, bad
	}
	ok, err := a.checkPassword(ctx, u.PasswordHash, password)
	if err != nil {
		return nil, fmt.Errorf("check password: %w", err)
	}
	if !ok {
		return nil, errors.Join(bad, a.loginFailed(ctx, u, username, ip, "bad_password"))
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	s := &sqlstore.Session{ID: tokenID(token), UserID: u.ID, Kind: kind, IP: ip, Lang: lang, ExpiresAt: now.Add(a.cfg.IdleTimeout)}
	actor := &dangjian.Actor{UserID: u.ID, Username: u.Username, IP: ip}
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.ResetLoginFailures(ctx, u.ID); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, s); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "user.login", "user", u.ID, 0, map[string]string{"kind": kind})
	})
	if err != nil {
		return nil, err
	}
	user := u.User
	return &LoginResult{Token: token, ExpiresAt: s.ExpiresAt, User: &user}, nil
}

// loginFailed counts a failure against a known user (locking it at the
// limit) and audits it; its error is only a storage failure.
func (a *App) loginFailed(ctx context.Context, u *sqlstore.UserRecord, username, ip, why string) error {
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		actor := &dangjian.Actor{Username: username, IP: ip}
		var id int64
		changes := map[string]any{"reason": why}
		if u != nil {
			id = u.ID
			if why == "bad_password" {
				n, err := tx.RecordLoginFailure(ctx, u.ID, a.cfg.MaxFailures, tx.Now.Add(a.cfg.LockFor))
				if err != nil {
					return err
				}
				changes["failures"] = n
				if n >= a.cfg.MaxFailures {
					changes["locked_until"] = tx.Now.Add(a.cfg.LockFor)
				}
			}
		}
		return audit(ctx, tx, actor, "user.login_failed", "user", id, 0, changes)
	})
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Authenticated is a valid session with its actor.
type Authenticated struct {
	Actor   *dangjian.Actor
	User    *dangjian.User
	Session *sqlstore.Session
}

// Authenticate turns a token into an actor, sliding the idle expiry
// forward. Expired or unknown tokens are EUNAUTHORIZED.
func (a *App) Authenticate(ctx context.Context, token, ip string) (*Authenticated, error) {
	unauth := dangjian.Errorf(dangjian.EUNAUTHORIZED, "请先登录")
	if token == "" || len(token) > 100 {
		return nil, unauth
	}
	var s *sqlstore.Session
	var u *sqlstore.UserRecord
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if s, err = tx.Session(ctx, tokenID(token)); err != nil {
			return err
		}
		u, err = tx.User(ctx, s.UserID)
		return err
	})
	if code := dangjian.ErrorCode(err); code == dangjian.ENOTFOUND {
		return nil, unauth
	} else if err != nil {
		return nil, err
	}
	now := a.db.Now()
	if !now.Before(s.ExpiresAt) || now.After(s.CreatedAt.Add(a.cfg.SessionMax)) || u.Disabled {
		_ = a.db.Update(ctx, func(tx *sqlstore.Tx) error { return tx.DeleteSession(ctx, s.ID) })
		return nil, dangjian.Errorf(dangjian.EUNAUTHORIZED, "登录已过期，请重新登录")
	}
	// Touch at most once a minute: a write per request would queue every
	// reader behind SQLite's single writer.
	if now.Sub(s.LastSeenAt) > time.Minute {
		exp := now.Add(a.cfg.IdleTimeout)
		if err := a.db.Update(ctx, func(tx *sqlstore.Tx) error { return tx.TouchSession(ctx, s.ID, exp) }); err != nil {
			return nil, err
		}
		s.ExpiresAt = exp
	}
	user := u.User
	actor := &dangjian.Actor{UserID: u.ID, Username: u.Username, MemberID: u.MemberID, Grants: u.Roles, IP: ip}
	return &Authenticated{Actor: actor, User: &user, Session: s}, nil
}

// Logout ends the session of token.
func (a *App) Logout(ctx context.Context, actor *dangjian.Actor, token string) error {
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.DeleteSession(ctx, tokenID(token)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "user.logout", "user", actor.UserID, 0, nil)
	})
}

// SetSessionLang remembers the language a session chose.
func (a *App) SetSessionLang(ctx context.Context, token, lang string) error {
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error { return tx.SetSessionLang(ctx, tokenID(token), lang) })
}
