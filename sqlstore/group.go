package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// maxGroup is the most updates one SQLite commit carries: enough for the
// writers a 2-core server has at once, small enough that no caller waits
// long behind the others' work.
const maxGroup = 32

// committer groups SQLite updates (group commit). SQLite has one writer,
// and with synchronous=FULL every commit waits for the disk (3–4 ms
// here); updates that arrive while one commits therefore queue up and run
// next, one after another in one transaction, each inside a savepoint that
// is rolled back alone when its function fails, and share one commit. The
// first caller in the queue leads: it runs the group and hands the lead
// to the first caller still waiting, so no goroutine outlives the calls.
type committer struct {
	mu              sync.Mutex
	queue           []*update
	leading         bool
	groups, grouped int // commits made and updates they carried
}

// update is one caller's function and, once run, its outcome.
type update struct {
	ctx      context.Context
	fn       func(*Tx) error
	err      error
	panicked any
	wake     chan bool // true: lead the next group; false: done
}

func (db *DB) groupUpdate(ctx context.Context, fn func(*Tx) error) error {
	u := &update{ctx: ctx, fn: fn, wake: make(chan bool, 1)}
	c := &db.group
	c.mu.Lock()
	c.queue = append(c.queue, u)
	if c.leading {
		c.mu.Unlock()
		if lead := <-u.wake; !lead {
			if u.panicked != nil {
				panic(u.panicked)
			}
			return u.err
		}
	} else {
		c.leading = true
		c.mu.Unlock()
	}
	// u leads: it is first in the queue, so the first group holds it.
	c.mu.Lock()
	n := min(len(c.queue), maxGroup)
	batch := c.queue[:n:n]
	c.groups++
	c.grouped += n
	c.queue = c.queue[n:]
	c.mu.Unlock()
	db.runGroup(batch)
	// Still leading, so the writer's connection is free: prepare what the
	// group ran unprepared (stmt.go).
	db.prepareWaiting(context.WithoutCancel(ctx))
	c.mu.Lock()
	if len(c.queue) == 0 {
		c.leading = false
	} else {
		c.queue[0].wake <- true
	}
	c.mu.Unlock()
	for _, o := range batch[1:] {
		o.wake <- false
	}
	if u.panicked != nil {
		panic(u.panicked)
	}
	return u.err
}

// runGroup runs batch in one transaction and sets each update's outcome.
// A group of one runs as a plain transaction.
func (db *DB) runGroup(batch []*update) {
	if len(batch) == 1 {
		u := batch[0]
		defer func() {
			if p := recover(); p != nil {
				u.panicked = p
			}
		}()
		u.err = db.run(u.ctx, db.write, false, u.fn)
		return
	}
	fail := func(err error) {
		for _, u := range batch {
			if u.err == nil && u.panicked == nil {
				u.err = err
			}
		}
	}
	// The group's transaction belongs to no one caller: a caller that gives
	// up cancels its own statements, not the others'.
	ctx := context.WithoutCancel(batch[0].ctx)
	stx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("begin: %w", err))
		return
	}
	for _, u := range batch {
		if err := u.ctx.Err(); err != nil {
			u.err = err
			continue
		}
		if _, err := stx.ExecContext(ctx, `SAVEPOINT grouped`); err != nil {
			_ = stx.Rollback()
			fail(fmt.Errorf("savepoint: %w", err))
			return
		}
		u.err, u.panicked = call(u.fn, &Tx{tx: stx, db: db, Now: db.Now(), writer: true})
		ends := []string{`RELEASE grouped`}
		if u.err != nil || u.panicked != nil {
			ends = []string{`ROLLBACK TO grouped`, `RELEASE grouped`}
		}
		for _, q := range ends {
			if _, err := stx.ExecContext(ctx, q); err != nil {
				_ = stx.Rollback()
				fail(fmt.Errorf("savepoint: %w", err))
				return
			}
		}
	}
	if err := stx.Commit(); err != nil {
		fail(fmt.Errorf("commit: %w", err))
	}
}

// call runs fn, turning a panic into a value to re-raise in its caller.
func call(fn func(*Tx) error, tx *Tx) (err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
			if err == nil {
				err = errors.New("panic")
			}
		}
	}()
	return fn(tx), nil
}

// GroupStats reports how many grouped commits SQLite made and how many
// updates they carried, for the benchmarks to show the grouping.
func (db *DB) GroupStats() (commits, updates int) {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return db.group.groups, db.group.grouped
}
