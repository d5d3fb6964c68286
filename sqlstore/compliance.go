package sqlstore

import (
	"context"
	"fmt"

	"github.com/dangjian/dangjian"
)

// ComplianceOrg is what the compliance roll-up needs of one organization.
type ComplianceOrg struct {
	ID             int64
	Name           string
	Kind           string
	DirectFull     int
	CommitteeSeats int // seats on the current committee, 0 when none
}

// ComplianceOrgs returns every organization in the subtree at path, in
// tree order, with the size of its current committee: one range scan of
// the path index and an indexed look-up per organization, never one query
// per organization.
func (tx *Tx) ComplianceOrgs(ctx context.Context, path string) ([]ComplianceOrg, error) {
	rows, err := tx.query(ctx, `SELECT o.id, o.name, o.kind, o.direct_full,
		(SELECT COUNT(*) FROM committees c JOIN committee_posts p ON p.committee_id = c.id
		 WHERE c.org_id = o.id AND c.current = TRUE)
		FROM orgs o WHERE o.path >= $1 AND o.path < $2 ORDER BY o.path`, path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("compliance orgs: %w", err)
	}
	defer rows.Close()
	var out []ComplianceOrg
	for rows.Next() {
		var o ComplianceOrg
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.DirectFull, &o.CommitteeSeats); err != nil {
			return nil, fmt.Errorf("scan compliance org: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("compliance orgs: %w", err)
	}
	return out, nil
}
