package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// SQLite parses every statement it is given and modernc's driver keeps no
// prepared statements: parsing was a quarter of a meeting write's CPU. So
// the writer keeps the statements its transactions run, prepared once on
// its one connection. A statement cannot be prepared on the pool from
// inside a transaction (the transaction holds the only connection), so a
// transaction notes the statements it ran unprepared and the group's
// leader prepares them once the commit has freed the connection; later
// transactions borrow them. Only short statements are kept (a bulk insert
// is not worth it), and at most maxStmts, so statements built with a
// varying number of placeholders cannot grow the cache without end.
const (
	maxStmts   = 512
	maxStmtLen = 4096
)

// stmtCache holds the writer's prepared statements by their text.
type stmtCache struct {
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	waiting map[string]bool // run unprepared; to prepare after the commit
}

// writeStmt returns q prepared for tx, or nil to run it unprepared (and
// noted for preparing later).
func (tx *Tx) writeStmt(ctx context.Context, q string) *sql.Stmt {
	if !tx.writer || len(q) > maxStmtLen {
		return nil
	}
	c := &tx.db.stmts
	c.mu.Lock()
	st := c.m[q]
	if st == nil && len(c.m)+len(c.waiting) < maxStmts {
		if c.waiting == nil {
			c.waiting = map[string]bool{}
		}
		c.waiting[q] = true
	}
	c.mu.Unlock()
	if st == nil {
		return nil
	}
	// Prepared on the writer's one connection, so this reuses it.
	return tx.tx.StmtContext(ctx, st)
}

// prepareWaiting prepares the statements transactions ran unprepared. The
// caller holds the writer's lead, so the connection is free; a failure
// only means the statement keeps being parsed each time.
func (db *DB) prepareWaiting(ctx context.Context) {
	c := &db.stmts
	c.mu.Lock()
	qs := make([]string, 0, len(c.waiting))
	for q := range c.waiting {
		qs = append(qs, q)
	}
	c.waiting = nil
	c.mu.Unlock()
	for _, q := range qs {
		st, err := db.write.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[string]*sql.Stmt{}
		}
		if _, dup := c.m[q]; dup || len(c.m) >= maxStmts {
			_ = st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

// close closes the kept statements; the pool closes after.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		_ = st.Close()
	}
	c.m, c.waiting = nil, nil
}
