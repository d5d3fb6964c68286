package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/dangjian/dangjian"
)

// Streaming readers for exports and imports: rows go to fn one at a time,
// so a long list needs no memory proportional to its length.

// EachOrg calls fn for every organization matching f (paging ignored), in
// tree order: an organization comes after its ancestors.
func (tx *Tx) EachOrg(ctx context.Context, f dangjian.OrgFilter, fn func(*dangjian.Org) error) error {
	where, args := scopeWhere("path", f.Scopes, 1)
	conds := []string{where}
	if f.ParentID != nil {
		args = append(args, *f.ParentID)
		conds = append(conds, fmt.Sprintf("parent_id = $%d", len(args)))
	}
	if f.Kind != "" {
		args = append(args, f.Kind)
		conds = append(conds, fmt.Sprintf("kind = $%d", len(args)))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		args = append(args, "%"+escapeLike(q)+"%")
		conds = append(conds, fmt.Sprintf("name LIKE $%d ESCAPE '\\'", len(args)))
	}
	rows, err := tx.query(ctx, `SELECT `+orgCols+` FROM orgs WHERE `+strings.Join(conds, " AND ")+` ORDER BY path`, args...)
	if err != nil {
		return fmt.Errorf("each org: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return fmt.Errorf("scan org: %w", err)
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("each org: %w", err)
	}
	return nil
}

// EachAudit calls fn for every audit row matching f (paging ignored),
// newest first.
func (tx *Tx) EachAudit(ctx context.Context, f dangjian.AuditFilter, fn func(*dangjian.Audit) error) error {
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
	rows, err := tx.query(ctx, `SELECT `+auditCols+` FROM audit`+where+` ORDER BY id DESC`, args...)
	if err != nil {
		return fmt.Errorf("each audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAudit(rows)
		if err != nil {
			return fmt.Errorf("scan audit: %w", err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("each audit: %w", err)
	}
	return nil
}
