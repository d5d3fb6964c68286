package sqlstore

import (
	"context"
	"fmt"

	"github.com/dangjian/dangjian"
)

// ComplianceOrg is what the compliance roll-up needs of one organization.
type ComplianceOrg struct {
	ID         int64
	Name       string
	Kind       string
	DirectFull int
	// CommitteeSeats is the seats on the current committee, 0 when none;
	// RollupOrgs leaves -1 where it did not look (see there).
	CommitteeSeats int
	// Counts is, from RollupOrgs, the meetings that count in the year
	// asked for, packed (dangjian.YearCounts).
	Counts string
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

// RollupOrgs calls fn with every organization in the subtree at path, in
// tree order, with its packed meeting counts of year: one range scan of
// the covering index orgs_compliance and one look-up in org_year_counts
// per organization, never one query per organization. fn gets the same
// *ComplianceOrg each time, filled anew; the first error fn returns stops
// the scan.
//
// Whether a branch has a committee decides what it owes only when it has
// fewer than committeeRequired full members (org.branch.committee_required):
// a larger branch owes committee meetings either way. So the committee is
// looked up for those branches only, and CommitteeSeats is -1 for every
// other organization: at the root of a large deployment a few hundred
// look-ups instead of tens of thousands.
//
// Name is left empty unless names is set: a roll-up sorted by rate needs
// the names of one page only, and 60,000 strings fewer through the
// driver are a fifth of the query's time.
func (tx *Tx) RollupOrgs(ctx context.Context, path string, year, committeeRequired int, names bool, fn func(*ComplianceOrg) error) error {
	rows, err := tx.query(ctx, `SELECT o.id, CASE WHEN $6 THEN o.name ELSE '' END, o.kind, o.direct_full,
		CASE WHEN o.kind = $4 AND o.direct_full < $5 THEN
			(SELECT COUNT(*) FROM committees c JOIN committee_posts p ON p.committee_id = c.id WHERE c.org_id = o.id AND c.current = TRUE)
		ELSE -1 END,
		COALESCE(y.counts, '')
		FROM orgs o LEFT JOIN org_year_counts y ON y.org_id = o.id AND y.year = $3
		WHERE o.path >= $1 AND o.path < $2 ORDER BY o.path`, path, dangjian.PathUpper(path), year, dangjian.KindBranch, committeeRequired, names)
	if err != nil {
		return fmt.Errorf("roll-up orgs: %w", err)
	}
	defer rows.Close()
	var o ComplianceOrg
	for rows.Next() {
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.DirectFull, &o.CommitteeSeats, &o.Counts); err != nil {
			return fmt.Errorf("scan roll-up org: %w", err)
		}
		if err := fn(&o); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("roll-up orgs: %w", err)
	}
	return nil
}
