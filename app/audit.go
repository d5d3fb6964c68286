package app

import (
	"context"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Audits lists the audit trail, newest first; only an auditor may.
func (a *App) Audits(ctx context.Context, actor *dangjian.Actor, f dangjian.AuditFilter, p Page) ([]*dangjian.Audit, int, error) {
	if !actor.HasPermAnywhere(dangjian.PermAuditRead) {
		return nil, 0, forbidden()
	}
	p = p.Norm()
	f.Offset, f.Limit = p.Offset(), p.PerPage
	var out []*dangjian.Audit
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		out, total, err = tx.Audits(ctx, f)
		return err
	})
	return out, total, err
}

// VerifyAudit checks the hash chain of the whole trail and returns how
// many rows it checked.
func (a *App) VerifyAudit(ctx context.Context) (int, error) {
	var n int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		n, err = tx.VerifyAudit(ctx)
		return err
	})
	return n, err
}
