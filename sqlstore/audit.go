package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dangjian/dangjian"
)

// AppendAudit adds a to the chain. Updating audit_head first takes its row
// lock, so concurrent writers on PostgreSQL queue here and the chain stays
// one line.
func (tx *Tx) AppendAudit(ctx context.Context, a *dangjian.Audit) error {
	if err := tx.queryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE one = 1 RETURNING seq, hash`).Scan(&a.ID, &a.PrevHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	a.At = tx.Now
	a.Hash = a.ComputeHash()
	if _, err := tx.exec(ctx, `INSERT INTO audit (id, at, actor_id, actor, action, entity, entity_id, org_id, ip, changes, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		a.ID, a.At, a.ActorID, a.Actor, a.Action, a.Entity, a.EntityID, a.OrgID, a.IP, a.Changes, a.PrevHash, a.Hash); err != nil {
		return fmt.Errorf("insert audit: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE audit_head SET hash = $1 WHERE one = 1`, a.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

const auditCols = `id, at, actor_id, actor, action, entity, entity_id, org_id, ip, changes, prev_hash, hash`

func scanAudit(row interface{ Scan(...any) error }) (*dangjian.Audit, error) {
	var a dangjian.Audit
	var actor, entity, org sql.NullInt64
	if err := row.Scan(&a.ID, &a.At, &actor, &a.Actor, &a.Action, &a.Entity, &entity, &org, &a.IP, &a.Changes, &a.PrevHash, &a.Hash); err != nil {
		return nil, err
	}
	a.At = a.At.UTC()
	if actor.Valid {
		a.ActorID = &actor.Int64
	}
	if entity.Valid {
		a.EntityID = &entity.Int64
	}
	if org.Valid {
		a.OrgID = &org.Int64
	}
	return &a, nil
}

// Audits lists audit rows newest first, with the total.
func (tx *Tx) Audits(ctx context.Context, f dangjian.AuditFilter) ([]*dangjian.Audit, int, error) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if f.Entity != "" {
		add("entity = $%d", f.Entity)
	}
	if !f.Since.IsZero() {
		add("at >= $%d", f.Since.UTC())
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := tx.query(ctx, `SELECT `+auditCols+` FROM audit`+where+fmt.Sprintf(` ORDER BY id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Audit
	for rows.Next() {
		a, err := scanAudit(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan audit: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list audit: %w", err)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM audit`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count audit: %w", err)
	}
	return out, total, nil
}

// VerifyAudit walks the whole chain and returns the number of rows checked,
// or an error naming the first row that does not fit.
func (tx *Tx) VerifyAudit(ctx context.Context) (int, error) {
	rows, err := tx.query(ctx, `SELECT `+auditCols+` FROM audit ORDER BY id`)
	if err != nil {
		return 0, fmt.Errorf("read audit: %w", err)
	}
	defer rows.Close()
	prev, n := "", 0
	var lastID int64
	for rows.Next() {
		a, err := scanAudit(rows)
		if err != nil {
			return n, fmt.Errorf("scan audit: %w", err)
		}
		if a.ID != lastID+1 {
			return n, fmt.Errorf("audit row %d missing (next is %d)", lastID+1, a.ID)
		}
		if a.PrevHash != prev {
			return n, fmt.Errorf("audit row %d: previous hash does not match row %d", a.ID, lastID)
		}
		if a.ComputeHash() != a.Hash {
			return n, fmt.Errorf("audit row %d: content does not match its hash", a.ID)
		}
		prev, lastID = a.Hash, a.ID
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("read audit: %w", err)
	}
	var seq int64
	var head string
	if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE one = 1`).Scan(&seq, &head); err != nil {
		return n, fmt.Errorf("read audit head: %w", err)
	}
	if seq != lastID || head != prev {
		return n, fmt.Errorf("audit chain ends at row %d but the head says %d: rows were removed from the end", lastID, seq)
	}
	return n, nil
}
