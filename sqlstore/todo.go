package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/dangjian/dangjian"
)

// SubtreeOrgs returns the organizations of the subtree at path, in tree
// order, at most limit of them; the to-do list reads a small subtree
// whole.
func (tx *Tx) SubtreeOrgs(ctx context.Context, path string, limit int) ([]*dangjian.Org, error) {
	rows, err := tx.query(ctx, `SELECT `+orgCols+` FROM orgs WHERE path >= $1 AND path < $2 ORDER BY path`+fmt.Sprintf(` LIMIT %d`, max(limit, 1)),
		path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("subtree orgs: %w", err)
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

// PackedYearCounts returns the packed meeting counts of year
// (org_year_counts) of the organizations asked for; one without a row is
// left out (nothing counted).
func (tx *Tx) PackedYearCounts(ctx context.Context, ids []int64, year int) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := []any{year}
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, `SELECT org_id, counts FROM org_year_counts WHERE year = $1 AND org_id IN (`+placeholders(2, len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("year counts: %w", err)
		}
		for rows.Next() {
			var id int64
			var s string
			if err := rows.Scan(&id, &s); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan year counts: %w", err)
			}
			out[id] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("year counts: %w", err)
		}
	}
	return out, nil
}

// SuspectedMeetings returns the meetings of the organizations asked for
// that are flagged suspected merged and not deleted, oldest first, at
// most limit; attendance is not loaded. They are sorted here, not in
// SQL: ordered by time, SQLite would walk the index of every meeting's
// time instead of each organization's few meetings.
func (tx *Tx) SuspectedMeetings(ctx context.Context, orgIDs []int64, limit int) ([]*dangjian.Meeting, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(orgIDs))
	for _, id := range orgIDs {
		args = append(args, id)
	}
	rows, err := tx.query(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE mt.suspected_merged = TRUE AND mt.deleted = FALSE AND mt.org_id IN (`+
		placeholders(1, len(orgIDs))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("suspected meetings: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, fmt.Errorf("scan meeting: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("suspected meetings: %w", err)
	}
	slices.SortFunc(out, func(x, y *dangjian.Meeting) int {
		if c := x.HeldAt.Compare(y.HeldAt); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	return out[:min(len(out), max(limit, 1))], nil
}

// AdminMeetings returns the administrative meetings registered on any of
// orgIDs (an organization and its ancestors: those that flag its
// meetings), newest first, with the total before paging; OrgName is
// filled through names.
func (tx *Tx) AdminMeetings(ctx context.Context, orgIDs []int64, offset, limit int) ([]*dangjian.AdminMeeting, int, error) {
	if len(orgIDs) == 0 {
		return nil, 0, nil
	}
	args := make([]any, 0, len(orgIDs))
	for _, id := range orgIDs {
		args = append(args, id)
	}
	in := `org_id IN (` + placeholders(1, len(orgIDs)) + `)`
	rows, err := tx.query(ctx, `SELECT id, org_id, held_at, ends_at, title, created_at FROM admin_meetings WHERE `+in+`
		ORDER BY held_at DESC, id DESC`+fmt.Sprintf(` LIMIT %d OFFSET %d`, max(limit, 1), max(offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("admin meetings: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.AdminMeeting
	for rows.Next() {
		var m dangjian.AdminMeeting
		if err := rows.Scan(&m.ID, &m.OrgID, &m.HeldAt, &m.EndsAt, &m.Title, &m.CreatedAt); err != nil {
			return nil, 0, fmt.Errorf("scan admin meeting: %w", err)
		}
		m.HeldAt, m.EndsAt = m.HeldAt.UTC(), m.EndsAt.UTC()
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("admin meetings: %w", err)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM admin_meetings WHERE `+in, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count admin meetings: %w", err)
	}
	return out, total, nil
}

// ActiveMemberIDs returns, for each organization asked for, the ids of
// the active members it holds directly, nothing else: the to-do list
// counts talk pairs with them. One query per 500 organizations.
func (tx *Tx) ActiveMemberIDs(ctx context.Context, orgIDs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	err := tx.eachChunk(ctx, orgIDs, `SELECT org_id, id FROM members WHERE active = TRUE AND org_id IN (%s)`, nil, func(rows *sql.Rows) error {
		var org, id int64
		if err := rows.Scan(&org, &id); err != nil {
			return fmt.Errorf("scan member id: %w", err)
		}
		out[org] = append(out[org], id)
		return nil
	})
	return out, err
}

// TalkPairs returns, for each organization asked for, who talked with
// whom in year, without names or topics. One query per 500 organizations.
func (tx *Tx) TalkPairs(ctx context.Context, orgIDs []int64, year int) (map[int64][]dangjian.Talk, error) {
	out := map[int64][]dangjian.Talk{}
	err := tx.eachChunk(ctx, orgIDs, `SELECT org_id, a_id, b_id FROM talks WHERE held_on >= $1 AND held_on <= $2 AND org_id IN (%s)`,
		[]any{dangjian.NewDate(year, 1, 1), dangjian.NewDate(year, 12, 31)}, func(rows *sql.Rows) error {
			var t dangjian.Talk
			if err := rows.Scan(&t.OrgID, &t.AID, &t.BID); err != nil {
				return fmt.Errorf("scan talk pair: %w", err)
			}
			out[t.OrgID] = append(out[t.OrgID], t)
			return nil
		})
	return out, err
}

// eachChunk runs q (with %s where the ids go, after the fixed args) for
// every 500 of ids and calls fn with each row.
func (tx *Tx) eachChunk(ctx context.Context, ids []int64, q string, fixed []any, fn func(*sql.Rows) error) error {
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := append([]any{}, fixed...)
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, fmt.Sprintf(q, placeholders(len(fixed)+1, len(part))), args...)
		if err != nil {
			return fmt.Errorf("to-do query: %w", err)
		}
		for rows.Next() {
			if err := fn(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("to-do query: %w", err)
		}
	}
	return nil
}

// CurrentCommittees returns the current committees of the organizations
// asked for, with their posts, in one query per 500 organizations; one
// without a committee is left out.
func (tx *Tx) CurrentCommittees(ctx context.Context, orgIDs []int64) (map[int64]*dangjian.Committee, error) {
	out := make(map[int64]*dangjian.Committee, len(orgIDs))
	const chunk = 500
	for start := 0; start < len(orgIDs); start += chunk {
		part := orgIDs[start:min(start+chunk, len(orgIDs))]
		args := make([]any, 0, len(part))
		for _, id := range part {
			args = append(args, id)
		}
		cs, err := tx.committees(ctx, `WHERE c.current = TRUE AND c.org_id IN (`+placeholders(1, len(part))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if out[c.OrgID] == nil {
				out[c.OrgID] = c
			}
		}
	}
	return out, nil
}
