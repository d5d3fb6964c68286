package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
)

// sensitiveFields are the proposed values kept encrypted, like the members
// table keeps them.
var sensitiveFields = []string{"id_number", "phone"}

const correctionCols = `c.id, c.member_id, m.name, m.org_id, o.name, m.org_path, c.status, c.fields, c.sensitive, c.old_values,
	c.reason, c.decision_reason, c.created_by, COALESCE(cu.username, ''), c.created_at, c.decided_by, COALESCE(du.username, ''), c.decided_at`

// The member's current branch decides who sees a request, so a request
// follows the member when they move.
const correctionFrom = ` FROM corrections c JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = m.org_id
	LEFT JOIN users cu ON cu.id = c.created_by LEFT JOIN users du ON du.id = c.decided_by`

func (tx *Tx) scanCorrection(row interface{ Scan(...any) error }, extra ...any) (*dangjian.Correction, error) {
	var c dangjian.Correction
	var fields, sensitive, old string
	var createdBy, decidedBy sql.NullInt64
	var decidedAt sql.NullTime
	dest := []any{&c.ID, &c.MemberID, &c.MemberName, &c.OrgID, &c.OrgName, &c.OrgPath, &c.Status, &fields, &sensitive, &old,
		&c.Reason, &c.DecisionReason, &createdBy, &c.SubmittedBy, &c.CreatedAt, &decidedBy, &c.DecidedBy, &decidedAt}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	if createdBy.Valid {
		c.SubmittedByID = &createdBy.Int64
	}
	if decidedBy.Valid {
		c.DecidedByID = &decidedBy.Int64
	}
	if decidedAt.Valid {
		t := decidedAt.Time.UTC()
		c.DecidedAt = &t
	}
	if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
		return nil, fmt.Errorf("correction %d fields: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(old), &c.Old); err != nil {
		return nil, fmt.Errorf("correction %d old values: %w", c.ID, err)
	}
	if sensitive != "" {
		keys, err := tx.db.Keys()
		if err != nil {
			return nil, err
		}
		plain, err := keys.Decrypt(sensitive)
		if err != nil {
			return nil, fmt.Errorf("correction %d: %w", c.ID, err)
		}
		var s map[string]string
		if err := json.Unmarshal([]byte(plain), &s); err != nil {
			return nil, fmt.Errorf("correction %d sensitive fields: %w", c.ID, err)
		}
		for k, v := range s {
			c.Fields[k] = v
		}
	}
	return &c, nil
}

// splitSensitive returns the proposed fields without the ID and phone
// numbers, and those sealed with the current key ("" when there are none).
func (tx *Tx) splitSensitive(fields map[string]string) (string, string, error) {
	plain := map[string]string{}
	secretPart := map[string]string{}
	for k, v := range fields {
		plain[k] = v
	}
	for _, k := range sensitiveFields {
		if v, ok := plain[k]; ok {
			secretPart[k] = v
			delete(plain, k)
		}
	}
	pb, err := json.Marshal(plain)
	if err != nil {
		return "", "", fmt.Errorf("correction fields: %w", err)
	}
	if len(secretPart) == 0 {
		return string(pb), "", nil
	}
	keys, err := tx.db.Keys()
	if err != nil {
		return "", "", err
	}
	sb, err := json.Marshal(secretPart)
	if err != nil {
		return "", "", fmt.Errorf("correction fields: %w", err)
	}
	sealed, err := keys.Encrypt(string(sb))
	if err != nil {
		return "", "", fmt.Errorf("seal correction fields: %w", err)
	}
	return string(pb), sealed, nil
}

// errCorrectionOpen is the answer to a second open request of a member.
func errCorrectionOpen() error {
	return dangjian.Errorf(dangjian.ECONFLICT, "已有一份待审批的更正申请，请等待党支部处理或撤回后再提交")
}

// CreateCorrection inserts a pending request and sets its id. A member
// with a pending request already gets a conflict.
func (tx *Tx) CreateCorrection(ctx context.Context, c *dangjian.Correction) error {
	fields, sensitive, err := tx.splitSensitive(c.Fields)
	if err != nil {
		return err
	}
	old, err := json.Marshal(c.Old)
	if err != nil {
		return fmt.Errorf("correction old values: %w", err)
	}
	c.Status, c.CreatedAt = dangjian.CorrectionPending, tx.Now
	err = tx.queryRow(ctx, `INSERT INTO corrections (member_id, status, fields, sensitive, old_values, reason, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		c.MemberID, c.Status, fields, sensitive, string(old), c.Reason, c.SubmittedByID, tx.Now).Scan(&c.ID)
	if isUniqueViolation(err) {
		return errCorrectionOpen()
	} else if err != nil {
		return fmt.Errorf("insert correction: %w", err)
	}
	return nil
}

// OpenCorrectionID returns the id of the member's pending request, or 0.
func (tx *Tx) OpenCorrectionID(ctx context.Context, memberID int64) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM corrections WHERE member_id = $1 AND status = $2`, memberID, dangjian.CorrectionPending).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open correction: %w", err)
	}
	return id, nil
}

// Correction returns the request with id.
func (tx *Tx) Correction(ctx context.Context, id int64) (*dangjian.Correction, error) {
	c, err := tx.scanCorrection(tx.queryRow(ctx, `SELECT `+correctionCols+correctionFrom+` WHERE c.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "更正申请")
	}
	return c, nil
}

// DecideCorrection moves a pending request to status. Only a pending one
// changes: the condition in the UPDATE makes a second decision, even a
// concurrent one, a conflict.
func (tx *Tx) DecideCorrection(ctx context.Context, id int64, status, reason string, by *int64) error {
	res, err := tx.exec(ctx, `UPDATE corrections SET status = $1, decision_reason = $2, decided_by = $3, decided_at = $4
		WHERE id = $5 AND status = $6`, status, reason, by, tx.Now, id, dangjian.CorrectionPending)
	if err != nil {
		return fmt.Errorf("decide correction: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("decide correction: %w", err)
	}
	if n == 0 {
		return dangjian.Errorf(dangjian.ECONFLICT, "该更正申请已处理，不能重复处理")
	}
	return nil
}

// correctionWhere is the condition of a filter and its arguments.
func correctionWhere(f dangjian.CorrectionFilter) (string, []any) {
	scope, args := scopeWhere("m.org_path", f.Scopes, 1)
	if f.Own != 0 {
		args = append(args, f.Own)
		scope = fmt.Sprintf("(%s OR c.member_id = $%d)", scope, len(args))
	}
	conds := []string{scope}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.OrgPath != "" {
		add("m.org_path >= $%d", f.OrgPath)
		add("m.org_path < $%d", dangjian.PathUpper(f.OrgPath))
	}
	if f.MemberID != 0 {
		add("c.member_id = $%d", f.MemberID)
	}
	if f.Status != "" {
		add("c.status = $%d", f.Status)
	}
	if f.NotMember != 0 {
		add("c.member_id <> $%d", f.NotMember)
	}
	return strings.Join(conds, " AND "), args
}

// Corrections lists the requests matching f, newest first, with the total
// before paging.
func (tx *Tx) Corrections(ctx context.Context, f dangjian.CorrectionFilter) ([]*dangjian.Correction, int, error) {
	where, args := correctionWhere(f)
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := tx.query(ctx, `SELECT `+correctionCols+`, COUNT(*) OVER()`+correctionFrom+` WHERE `+where+
		fmt.Sprintf(` ORDER BY c.id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list corrections: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Correction
	total := 0
	for rows.Next() {
		c, err := tx.scanCorrection(rows, &total)
		if err != nil {
			return nil, 0, fmt.Errorf("scan correction: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list corrections: %w", err)
	}
	if len(out) == 0 && f.Offset > 0 {
		// Past the last page the window count is lost; count directly.
		if total, err = tx.CountCorrections(ctx, f); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// CountCorrections counts the requests matching f.
func (tx *Tx) CountCorrections(ctx context.Context, f dangjian.CorrectionFilter) (int, error) {
	where, args := correctionWhere(f)
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM corrections c JOIN members m ON m.id = c.member_id WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count corrections: %w", err)
	}
	return n, nil
}

// RekeyCorrections re-encrypts up to n requests whose proposed ID and
// phone numbers are sealed with an older key, and returns how many it did;
// key rotation calls it after the members (RekeyBatch), until it returns 0.
func (tx *Tx) RekeyCorrections(ctx context.Context, n int) (int, error) {
	keys, err := tx.db.Keys()
	if err != nil {
		return 0, err
	}
	rows, err := tx.query(ctx, `SELECT id, sensitive FROM corrections WHERE sensitive <> '' AND sensitive NOT LIKE $1 ORDER BY id LIMIT `+strconv.Itoa(n),
		keyPrefix(keys.Current()))
	if err != nil {
		return 0, fmt.Errorf("stale corrections: %w", err)
	}
	type row struct {
		id  int64
		enc string
	}
	var batch []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.enc); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan stale correction: %w", err)
		}
		batch = append(batch, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("stale corrections: %w", err)
	}
	for _, r := range batch {
		plain, err := keys.Decrypt(r.enc)
		if err != nil {
			return 0, fmt.Errorf("correction %d: %w", r.id, err)
		}
		enc, err := keys.Encrypt(plain)
		if err != nil {
			return 0, fmt.Errorf("correction %d: %w", r.id, err)
		}
		if _, err := tx.exec(ctx, `UPDATE corrections SET sensitive = $1 WHERE id = $2`, enc, r.id); err != nil {
			return 0, fmt.Errorf("re-encrypt correction %d: %w", r.id, err)
		}
	}
	return len(batch), nil
}
