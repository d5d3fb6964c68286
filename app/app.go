// Package app holds one method per user intent: each authorizes the actor,
// validates the input, runs one transaction and leaves an audit row in it.
package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Config holds the settings of the security and rule checks.
type Config struct {
	IdleTimeout     time.Duration // a session ends after this long without use
	SessionMax      time.Duration // and in any case this long after login
	MaxFailures     int           // failed logins before the account locks
	LockFor         time.Duration // how long a locked account stays locked
	TermWarnDays    int           // days before a term ends that it shows as due
	HashConcurrency int           // argon2id hashes at once (each takes ~19 MiB)
}

// DefaultConfig returns the defaults the issue names.
func DefaultConfig() Config {
	return Config{
		IdleTimeout:     30 * time.Minute,
		SessionMax:      12 * time.Hour,
		MaxFailures:     5,
		LockFor:         15 * time.Minute,
		TermWarnDays:    90,
		HashConcurrency: 2,
	}
}

// App is the use-case layer.
type App struct {
	db     *sqlstore.DB
	rules  *dangjian.RuleSet
	cfg    Config
	log    *slog.Logger
	hashes chan struct{}

	todoCounts countCache // the nav badge's to-do counts (todo.go)
}

// New returns an App on an open, migrated database.
func New(db *sqlstore.DB, cfg Config, log *slog.Logger) (*App, error) {
	rules, err := dangjian.DefaultRules()
	if err != nil {
		return nil, err
	}
	if cfg.HashConcurrency <= 0 {
		cfg.HashConcurrency = 2
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &App{db: db, rules: rules, cfg: cfg, log: log, hashes: make(chan struct{}, cfg.HashConcurrency)}, nil
}

// DB returns the database, for the CLI's bulk tools.
func (a *App) DB() *sqlstore.DB { return a.db }

// Rules returns the rule table in force.
func (a *App) Rules() *dangjian.RuleSet { return a.rules }

// Config returns the settings in force.
func (a *App) Config() Config { return a.cfg }

// Ping reports whether the database answers.
func (a *App) Ping(ctx context.Context) error { return a.db.Ping(ctx) }

// Today is the current date in China Standard Time.
func (a *App) Today() dangjian.Date { return dangjian.DateOf(a.db.Now()) }

// System is the actor for command-line tools run by the operator: it may
// do anything and is named "system" in the audit trail.
func System() *dangjian.Actor {
	var gs []dangjian.Grant
	for _, r := range dangjian.Roles {
		gs = append(gs, dangjian.Grant{Role: r, OrgPath: "/"})
	}
	return &dangjian.Actor{Username: "system", Grants: gs, IP: "local"}
}

// audit appends one audit row in tx. changes may be nil.
func audit(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, action, entity string, entityID, orgID int64, changes any) error {
	row := &dangjian.Audit{Action: action, Entity: entity, Actor: "anonymous"}
	if actor != nil {
		row.Actor, row.IP = actor.Username, actor.IP
		if actor.UserID != 0 {
			row.ActorID = &actor.UserID
		}
	}
	if entityID != 0 {
		row.EntityID = &entityID
	}
	if orgID != 0 {
		row.OrgID = &orgID
	}
	if changes != nil {
		b, err := json.Marshal(changes)
		if err != nil {
			return fmt.Errorf("audit changes: %w", err)
		}
		row.Changes = string(b)
	}
	return tx.AppendAudit(ctx, row)
}

// forbidden is the error for an action the actor may not take on
// something it can see.
func forbidden() error { return dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作") }

// hidden is the error for something the actor may not see: the same as
// one that does not exist.
func hidden(what string) error { return dangjian.Errorf(dangjian.ENOTFOUND, "%s不存在", what) }

// Page bounds a list request.
type Page struct {
	Page    int
	PerPage int
}

// Norm clamps the page to 1.. and per_page to 1..500 (default 50).
func (p Page) Norm() Page {
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PerPage < 1 {
		p.PerPage = 50
	}
	if p.PerPage > 500 {
		p.PerPage = 500
	}
	return p
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { p = p.Norm(); return (p.Page - 1) * p.PerPage }

// change is one field's old and new value in an audit row.
type change struct {
	From any `json:"from"`
	To   any `json:"to"`
}

func itoa(i int) string { return strconv.Itoa(i) }

// IsEmpty reports whether the database holds no organization yet.
func (a *App) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		_, total, err := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: []string{"/"}, Limit: 1})
		n = total
		return err
	})
	return n == 0, err
}

// SweepSessions removes expired sessions.
func (a *App) SweepSessions(ctx context.Context) (int64, error) {
	var n int64
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		n, err = tx.DeleteExpiredSessions(ctx)
		return err
	})
	return n, err
}
