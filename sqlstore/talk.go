package sqlstore

import (
	"context"
	"fmt"

	"github.com/dangjian/dangjian"
)

// CreateTalk inserts a talk and sets its id.
func (tx *Tx) CreateTalk(ctx context.Context, t *dangjian.Talk) error {
	t.CreatedAt = tx.Now
	err := tx.queryRow(ctx, `INSERT INTO talks (org_id, a_id, b_id, held_on, topic, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		t.OrgID, t.AID, t.BID, t.HeldOn, t.Topic, tx.Now).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("insert talk: %w", err)
	}
	return nil
}

// Talks returns an organization's talks held in year, oldest first.
func (tx *Tx) Talks(ctx context.Context, orgID int64, year int) ([]dangjian.Talk, error) {
	rows, err := tx.query(ctx, `SELECT t.id, t.org_id, t.a_id, t.b_id, a.name, b.name, t.held_on, t.topic, t.created_at
		FROM talks t JOIN members a ON a.id = t.a_id JOIN members b ON b.id = t.b_id
		WHERE t.org_id = $1 AND t.held_on >= $2 AND t.held_on <= $3 ORDER BY t.held_on, t.id`,
		orgID, dangjian.NewDate(year, 1, 1), dangjian.NewDate(year, 12, 31))
	if err != nil {
		return nil, fmt.Errorf("talks: %w", err)
	}
	defer rows.Close()
	var out []dangjian.Talk
	for rows.Next() {
		var t dangjian.Talk
		if err := rows.Scan(&t.ID, &t.OrgID, &t.AID, &t.BID, &t.AName, &t.BName, &t.HeldOn, &t.Topic, &t.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan talk: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
