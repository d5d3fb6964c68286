package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dangjian/dangjian"
)

const opinionCols = `c.id, c.member_id, m.name, c.org_id, o.name, o.path, c.deadline, c.note, c.status, c.opinion, c.reasons,
	c.created_name, c.created_at, c.answered_name, c.answered_at`

const opinionFrom = ` FROM cadre_opinions c JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = c.org_id`

func scanOpinion(row interface{ Scan(...any) error }, extra ...any) (*dangjian.CadreOpinion, error) {
	var c dangjian.CadreOpinion
	var at sql.NullTime
	dest := []any{&c.ID, &c.MemberID, &c.MemberName, &c.OrgID, &c.OrgName, &c.OrgPath, &c.Deadline, &c.Note, &c.Status, &c.Opinion, &c.Reasons,
		&c.RequestedBy, &c.CreatedAt, &c.AnsweredBy, &at}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	if at.Valid {
		t := at.Time.UTC()
		c.AnsweredAt = &t
	}
	return &c, nil
}

// CreateCadreOpinion inserts a pending request and sets its id.
func (tx *Tx) CreateCadreOpinion(ctx context.Context, c *dangjian.CadreOpinion, by *int64) error {
	c.Status, c.CreatedAt = dangjian.OpinionPending, tx.Now
	err := tx.queryRow(ctx, `INSERT INTO cadre_opinions (member_id, org_id, deadline, note, status, created_by, created_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		c.MemberID, c.OrgID, c.Deadline, c.Note, c.Status, by, c.RequestedBy, tx.Now).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert cadre opinion: %w", err)
	}
	return nil
}

// CadreOpinion returns the request with id.
func (tx *Tx) CadreOpinion(ctx context.Context, id int64) (*dangjian.CadreOpinion, error) {
	c, err := scanOpinion(tx.queryRow(ctx, `SELECT `+opinionCols+opinionFrom+` WHERE c.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "征求意见")
	}
	return c, nil
}

// AnswerCadreOpinion records the branch's answer to a pending request; a
// second answer, even a concurrent one, is a conflict.
func (tx *Tx) AnswerCadreOpinion(ctx context.Context, id int64, opinion, reasons string, by *int64, byName string) error {
	res, err := tx.exec(ctx, `UPDATE cadre_opinions SET status = $1, opinion = $2, reasons = $3, answered_by = $4, answered_name = $5, answered_at = $6
		WHERE id = $7 AND status = $8`, dangjian.OpinionAnswered, opinion, reasons, by, byName, tx.Now, id, dangjian.OpinionPending)
	if err != nil {
		return fmt.Errorf("answer cadre opinion: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("answer cadre opinion: %w", err)
	} else if n == 0 {
		return dangjian.Errorf(dangjian.ECONFLICT, "该征求意见已答复，不能重复答复")
	}
	return nil
}

func opinionWhere(f dangjian.CadreOpinionFilter) (string, []any) {
	scope, args := scopeWhere("o.path", f.Subtrees, 1)
	if len(f.Exact) > 0 {
		parts := []string{}
		for _, p := range f.Exact {
			args = append(args, p)
			parts = append(parts, fmt.Sprintf("o.path = $%d", len(args)))
		}
		scope = "(" + scope + " OR " + strings.Join(parts, " OR ") + ")"
	}
	conds := []string{scope}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.OrgPath != "" {
		add("o.path >= $%d", f.OrgPath)
		add("o.path < $%d", dangjian.PathUpper(f.OrgPath))
	}
	if f.MemberID != 0 {
		add("c.member_id = $%d", f.MemberID)
	}
	if f.Status != "" {
		add("c.status = $%d", f.Status)
	}
	if f.Overdue {
		add("c.deadline < $%d", f.Today)
		add("c.status = $%d", dangjian.OpinionPending)
	}
	return strings.Join(conds, " AND "), args
}

// CadreOpinions lists the requests matching f, newest first, with the
// total before paging; Limit < 0 lists all.
func (tx *Tx) CadreOpinions(ctx context.Context, f dangjian.CadreOpinionFilter) ([]*dangjian.CadreOpinion, int, error) {
	where, args := opinionWhere(f)
	return listPage(ctx, tx, `SELECT `+opinionCols+`, COUNT(*) OVER()`+opinionFrom+` WHERE `+where+` ORDER BY c.id DESC`+pageClause(f.Limit, f.Offset),
		`SELECT COUNT(*)`+opinionFrom+` WHERE `+where, args, f.Offset, scanOpinion, "cadre opinions", "cadre opinion")
}
