package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/dangjian/dangjian"
)

// DashboardOrg is what the organizational-life dashboard needs of one
// organization: ComplianceOrg with its path, to place it under a unit.
type DashboardOrg struct {
	ComplianceOrg
	Path string
}

// DashboardOrgs calls fn with every organization in the subtree at path,
// in tree order, with its packed meeting counts of year: the scan of
// RollupOrgs (the covering index orgs_compliance, one look-up in
// org_year_counts per organization, the committee only where it decides
// what a branch owes), with the path and without the name. fn gets the
// same *DashboardOrg each time, filled anew.
func (tx *Tx) DashboardOrgs(ctx context.Context, path string, year, committeeRequired int, fn func(*DashboardOrg) error) error {
	rows, err := tx.query(ctx, `SELECT o.id, o.path, o.kind, o.direct_full,
		CASE WHEN o.kind = $4 AND o.direct_full < $5 THEN
			(SELECT COUNT(*) FROM committees c JOIN committee_posts p ON p.committee_id = c.id WHERE c.org_id = o.id AND c.current = TRUE)
		ELSE -1 END,
		COALESCE(y.counts, '')
		FROM orgs o LEFT JOIN org_year_counts y ON y.org_id = o.id AND y.year = $3
		WHERE o.path >= $1 AND o.path < $2 ORDER BY o.path`, path, dangjian.PathUpper(path), year, dangjian.KindBranch, committeeRequired)
	if err != nil {
		return fmt.Errorf("dashboard orgs: %w", err)
	}
	defer rows.Close()
	var o DashboardOrg
	for rows.Next() {
		if err := rows.Scan(&o.ID, &o.Path, &o.Kind, &o.DirectFull, &o.CommitteeSeats, &o.Counts); err != nil {
			return fmt.Errorf("scan dashboard org: %w", err)
		}
		if err := fn(&o); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dashboard orgs: %w", err)
	}
	return nil
}

// MonthFlags is, for one organization and month, the meetings recorded
// that did not count for being merged, suspected merged or below quorum
// (org_month_flags). A meeting may be more than one of these.
type MonthFlags struct {
	OrgID       int64
	Path        string
	Month       int // 1–12
	Merged      int
	Suspected   int
	BelowQuorum int
}

// SubtreeFlags returns the rows of org_month_flags of year for the
// organizations in the subtree at path that have any: the table holds
// only months with such a meeting, so this reads a few rows per
// organization that had one, never the meetings.
func (tx *Tx) SubtreeFlags(ctx context.Context, path string, year int) ([]MonthFlags, error) {
	y := strconv.Itoa(year)
	rows, err := tx.query(ctx, `SELECT f.org_id, o.path, f.month, f.merged, f.suspected, f.below_quorum
		FROM org_month_flags f JOIN orgs o ON o.id = f.org_id
		WHERE f.month >= $3 AND f.month <= $4 AND o.path >= $1 AND o.path < $2
		AND (f.merged <> 0 OR f.suspected <> 0 OR f.below_quorum <> 0)
		ORDER BY o.path, f.month`, path, dangjian.PathUpper(path), y+"-01", y+"-12")
	if err != nil {
		return nil, fmt.Errorf("subtree flags: %w", err)
	}
	defer rows.Close()
	var out []MonthFlags
	for rows.Next() {
		var f MonthFlags
		var month string
		if err := rows.Scan(&f.OrgID, &f.Path, &month, &f.Merged, &f.Suspected, &f.BelowQuorum); err != nil {
			return nil, fmt.Errorf("scan subtree flags: %w", err)
		}
		_, m, ok := dangjian.ParseMonth(month)
		if !ok {
			return nil, fmt.Errorf("subtree flags: organization %d has month %q", f.OrgID, month)
		}
		f.Month = m
		out = append(out, f)
	}
	return out, rows.Err()
}

// OrgChildren returns the direct children of an organization, in tree
// order, at most limit of them (0 for all).
func (tx *Tx) OrgChildren(ctx context.Context, id int64, limit int) ([]*dangjian.Org, error) {
	q := `SELECT ` + orgCols + ` FROM orgs WHERE parent_id = $1 ORDER BY path`
	if limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, limit)
	}
	rows, err := tx.query(ctx, q, id)
	if err != nil {
		return nil, fmt.Errorf("org children: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("scan org: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// EachMeeting calls fn with every meeting matching f that is not deleted,
// newest first, as Meetings lists them, without paging or attendance: the
// export of the list reads them in one query and writes them as they come.
func (tx *Tx) EachMeeting(ctx context.Context, f dangjian.MeetingFilter, fn func(*dangjian.Meeting) error) error {
	scopes := f.Scopes
	if f.OrgPath != "" {
		scopes = narrow(f.Scopes, f.OrgPath)
	}
	where, args := scopeWhere("o.path", scopes, 1)
	cond := where + " AND mt.deleted = FALSE"
	add := func(c string, v any) {
		args = append(args, v)
		cond += fmt.Sprintf(" AND "+c, len(args))
	}
	if f.Kind != "" {
		add("mt.kind = $%d", f.Kind)
	}
	if !f.From.IsZero() {
		add("mt.held_at >= $%d", f.From.UTC().Truncate(time.Second))
	}
	if !f.To.IsZero() {
		add("mt.held_at < $%d", f.To.UTC().Truncate(time.Second))
	}
	rows, err := tx.query(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE `+cond+` ORDER BY mt.held_at DESC, mt.id DESC`, args...)
	if err != nil {
		return fmt.Errorf("export meetings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return fmt.Errorf("scan meeting: %w", err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export meetings: %w", err)
	}
	return nil
}
