package app

import (
	"context"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// RotateKeys re-encrypts every member, correction and meeting attachment
// still sealed with an older key, in batches (each its own transaction,
// so it can be resumed), and
// leaves one audit row with the count. progress gets the running total.
func (a *App) RotateKeys(ctx context.Context, actor *dangjian.Actor, progress func(done int)) (int, error) {
	if !actor.HasPermAnywhere(dangjian.PermSecurity) {
		return 0, forbidden()
	}
	total := 0
	for {
		var n int
		err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
			var err error
			n, err = tx.RekeyBatch(ctx, 1000)
			if err == nil && n == 0 {
				// Members done: then the sealed values of correction requests.
				n, err = tx.RekeyCorrections(ctx, 1000)
			}
			if err == nil && n == 0 {
				// Then meeting attachments, a few at a time: each may be 10 MiB.
				n, err = tx.RekeyAttachments(ctx, 10)
			}
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
		if progress != nil && n > 0 {
			progress(total)
		}
		if n == 0 {
			break
		}
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		return audit(ctx, tx, actor, "keys.rotate", "keys", 0, 0, map[string]int{"rows": total})
	})
	return total, err
}
