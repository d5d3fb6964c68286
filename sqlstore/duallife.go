package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/dangjian/dangjian"
)

// DualLifeCadres returns every active leading cadre in the subtree at path
// with their branch, group and whether they sit on the branch's current
// committee, in tree order then name: one range scan of the partial
// members_cadre index. LeadingGroupID is left for the caller to fill.
// The branch's path is returned alongside, keyed by member id.
func (tx *Tx) DualLifeCadres(ctx context.Context, path string) ([]dangjian.DualLifeCadre, map[int64]string, error) {
	rows, err := tx.query(ctx, `SELECT m.id, m.name, m.org_id, b.name, b.path, m.group_id, COALESCE(g.name, ''),
		EXISTS (SELECT 1 FROM committee_posts p JOIN committees c ON c.id = p.committee_id
		        WHERE p.member_id = m.id AND c.org_id = m.org_id AND c.current = TRUE)
		FROM members m JOIN orgs b ON b.id = m.org_id LEFT JOIN orgs g ON g.id = m.group_id
		WHERE m.active = TRUE AND m.leading_cadre = TRUE AND m.org_path >= $1 AND m.org_path < $2
		ORDER BY m.org_path, m.name, m.id`, path, dangjian.PathUpper(path))
	if err != nil {
		return nil, nil, fmt.Errorf("dual life cadres: %w", err)
	}
	defer rows.Close()
	var out []dangjian.DualLifeCadre
	paths := map[int64]string{}
	for rows.Next() {
		var c dangjian.DualLifeCadre
		var bpath string
		var group sql.NullInt64
		if err := rows.Scan(&c.MemberID, &c.Name, &c.BranchID, &c.BranchName, &bpath, &group, &c.GroupName, &c.OnCommittee); err != nil {
			return nil, nil, fmt.Errorf("scan dual life cadre: %w", err)
		}
		c.GroupID = group.Int64
		paths[c.MemberID] = bpath
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("dual life cadres: %w", err)
	}
	return out, paths, nil
}

// OrgsOfKind returns, of the organizations with the ids given, those of
// kind, by id with their names.
func (tx *Tx) OrgsOfKind(ctx context.Context, ids []int64, kind string) (map[int64]string, error) {
	out := map[int64]string{}
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := []any{kind}
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, `SELECT id, name FROM orgs WHERE kind = $1 AND id IN (`+placeholders(2, len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("orgs of kind: %w", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan org: %w", err)
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("orgs of kind: %w", err)
		}
	}
	return out, nil
}

// AttendanceTallies returns, for each member asked for, their attendance
// at the counted meetings of year (by the meeting's CST month), by
// organization, kind and status: one aggregate over meeting_attendance
// joined to meetings per 500 members, never a query per member. Every id
// asked for has an entry.
func (tx *Tx) AttendanceTallies(ctx context.Context, memberIDs []int64, year int) (map[int64]dangjian.AttendanceTally, error) {
	out := make(map[int64]dangjian.AttendanceTally, len(memberIDs))
	for _, id := range memberIDs {
		out[id] = dangjian.AttendanceTally{}
	}
	const chunk = 500
	y := strconv.Itoa(year)
	for start := 0; start < len(memberIDs); start += chunk {
		ids := memberIDs[start:min(start+chunk, len(memberIDs))]
		args := []any{y + "-01", y + "-12"}
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, `SELECT a.member_id, mt.org_id, mt.kind, a.status, COUNT(*)
			FROM meeting_attendance a JOIN meetings mt ON mt.id = a.meeting_id
			WHERE a.member_id IN (`+placeholders(3, len(ids))+`) AND mt.counted = TRUE AND mt.deleted = FALSE
			  AND mt.month >= $1 AND mt.month <= $2
			GROUP BY a.member_id, mt.org_id, mt.kind, a.status`, args...)
		if err != nil {
			return nil, fmt.Errorf("attendance tallies: %w", err)
		}
		for rows.Next() {
			var member, org int64
			var kind, status string
			var n int
			if err := rows.Scan(&member, &org, &kind, &status, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan attendance tally: %w", err)
			}
			out[member].Add(org, kind, status, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("attendance tallies: %w", err)
		}
	}
	return out, nil
}

// DeleteSetting removes a deployment setting, back to its default.
func (tx *Tx) DeleteSetting(ctx context.Context, key string) error {
	if _, err := tx.exec(ctx, `DELETE FROM settings WHERE key = $1`, key); err != nil {
		return fmt.Errorf("delete setting %s: %w", key, err)
	}
	return nil
}
