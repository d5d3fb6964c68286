package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// TestConcurrentUpdates runs many updates at once, as the group commit of
// SQLite batches them: each failing one leaves nothing behind, each
// successful one is committed and sees the writes of those before it, a
// panic reaches its own caller only, and a cancelled caller gets its
// error. On PostgreSQL the same calls run as separate transactions (and
// their read-modify-write of one counter may lose updates at read
// committed, so only SQLite's total is checked).
func TestConcurrentUpdates(t *testing.T) {
	t.Parallel()
	db := sqltest.Open(t)
	ctx := context.Background()
	const n = 64
	errBad := errors.New("bad input")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	// The slow update holds the writer so the others queue into groups.
	slow := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := db.Update(ctx, func(tx *sqlstore.Tx) error {
			<-slow
			return tx.SetSetting(ctx, "slow", "done")
		}); err != nil {
			t.Errorf("slow: %v", err)
		}
	})
	time.Sleep(20 * time.Millisecond)
	errs := make([]error, n)
	panics := make([]any, n)
	for i := range n {
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			c := ctx
			if i%16 == 5 {
				c = cancelled
			}
			errs[i] = db.Update(c, func(tx *sqlstore.Tx) error {
				if err := tx.SetSetting(c, fmt.Sprintf("k%d", i), "v"); err != nil {
					return err
				}
				// Each update adds one to a shared counter it reads back:
				// a lost or doubled write shows in the total.
				v, _, err := tx.Setting(c, "counter")
				if err != nil {
					return err
				}
				var cur int
				fmt.Sscan(v, &cur)
				if err := tx.SetSetting(c, "counter", fmt.Sprint(cur+1)); err != nil {
					return err
				}
				switch {
				case i%8 == 3:
					return errBad
				case i%16 == 7:
					panic(fmt.Sprintf("boom %d", i))
				}
				return nil
			})
		})
	}
	time.Sleep(20 * time.Millisecond)
	close(slow)
	wg.Wait()

	want := 0
	err := db.View(ctx, func(tx *sqlstore.Tx) error {
		for i := range n {
			_, ok, err := tx.Setting(ctx, fmt.Sprintf("k%d", i))
			if err != nil {
				return err
			}
			var wantOK bool
			switch {
			case i%16 == 5:
				if !errors.Is(errs[i], context.Canceled) {
					t.Errorf("update %d, cancelled: err %v", i, errs[i])
				}
			case i%8 == 3:
				if !errors.Is(errs[i], errBad) {
					t.Errorf("update %d: err %v, want bad input", i, errs[i])
				}
			case i%16 == 7:
				if panics[i] != fmt.Sprintf("boom %d", i) {
					t.Errorf("update %d: recovered %v, want its own panic", i, panics[i])
				}
			default:
				wantOK = true
				want++
				if errs[i] != nil || panics[i] != nil {
					t.Errorf("update %d: err %v, panic %v", i, errs[i], panics[i])
				}
			}
			if ok != wantOK {
				t.Errorf("update %d: written %v, want %v", i, ok, wantOK)
			}
		}
		v, _, err := tx.Setting(ctx, "counter")
		if err != nil {
			return err
		}
		if db.Engine() == sqlstore.SQLite && v != fmt.Sprint(want) {
			t.Errorf("counter %s, want %d (one per committed update)", v, want)
		}
		s, _, err := tx.Setting(ctx, "slow")
		if s != "done" {
			t.Errorf("slow update not committed: %q", s)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
