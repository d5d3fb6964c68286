package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
)

const orgCols = `id, parent_id, name, kind, code, unit, staff_count, path, depth, member_count, direct_count, direct_full, child_count, org_count, created_at, updated_at`

func scanOrg(row interface{ Scan(...any) error }) (*dangjian.Org, error) {
	var o dangjian.Org
	var parent sql.NullInt64
	if err := row.Scan(&o.ID, &parent, &o.Name, &o.Kind, &o.Code, &o.Unit, &o.StaffCount, &o.Path, &o.Depth,
		&o.MemberCount, &o.DirectCount, &o.DirectFull, &o.ChildCount, &o.OrgCount, &o.CreatedAt, &o.UpdatedAt); err != nil {
		return nil, err
	}
	if parent.Valid {
		o.ParentID = &parent.Int64
	}
	return &o, nil
}

// scopeWhere returns "(col >= $n AND col < $n+1) OR …" for the subtree
// roots, and its arguments. No roots gives a condition that is never true.
func scopeWhere(col string, roots []string, next int) (string, []any) {
	if len(roots) == 0 {
		return "1 = 0", nil
	}
	parts := make([]string, len(roots))
	args := make([]any, 0, 2*len(roots))
	for i, r := range roots {
		parts[i] = fmt.Sprintf("(%s >= $%d AND %s < $%d)", col, next, col, next+1)
		next += 2
		args = append(args, r, dangjian.PathUpper(r))
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// CreateOrg inserts o under its parent (nil for a root) and sets its id,
// path and depth.
func (tx *Tx) CreateOrg(ctx context.Context, o *dangjian.Org, parent *dangjian.Org) error {
	o.CreatedAt, o.UpdatedAt = tx.Now, tx.Now
	err := tx.queryRow(ctx, `INSERT INTO orgs (parent_id, name, kind, code, unit, staff_count, path, depth, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', 0, $7, $8) RETURNING id`,
		o.ParentID, o.Name, o.Kind, o.Code, o.Unit, o.StaffCount, tx.Now, tx.Now).Scan(&o.ID)
	if err != nil {
		return fmt.Errorf("insert org: %w", err)
	}
	if parent == nil {
		o.Path, o.Depth = "/"+strconv.FormatInt(o.ID, 10)+"/", 0
	} else {
		o.Path, o.Depth = parent.ChildPath(o.ID), parent.Depth+1
		if _, err := tx.exec(ctx, `UPDATE orgs SET child_count = child_count + 1 WHERE id = $1`, parent.ID); err != nil {
			return fmt.Errorf("count child: %w", err)
		}
		if err := tx.addOrgCounts(ctx, dangjian.PathIDs(parent.Path), 1); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `UPDATE orgs SET path = $1, depth = $2 WHERE id = $3`, o.Path, o.Depth, o.ID); err != nil {
		return fmt.Errorf("set org path: %w", err)
	}
	return nil
}

// Org returns the organization with id.
func (tx *Tx) Org(ctx context.Context, id int64) (*dangjian.Org, error) {
	o, err := scanOrg(tx.queryRow(ctx, `SELECT `+orgCols+` FROM orgs WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "组织")
	}
	return o, nil
}

// OrgsByIDs returns the organizations with the given ids, keyed by id.
func (tx *Tx) OrgsByIDs(ctx context.Context, ids []int64) (map[int64]*dangjian.Org, error) {
	out := make(map[int64]*dangjian.Org, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := tx.query(ctx, `SELECT `+orgCols+` FROM orgs WHERE id IN (`+placeholders(1, len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("orgs by id: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("scan org: %w", err)
		}
		out[o.ID] = o
	}
	return out, rows.Err()
}

// Orgs lists organizations in the filter's scopes, in tree order, with the
// total before paging.
func (tx *Tx) Orgs(ctx context.Context, f dangjian.OrgFilter) ([]*dangjian.Org, int, error) {
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
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	cond := strings.Join(conds, " AND ")
	q := `SELECT ` + orgCols + ` FROM orgs WHERE ` + cond + fmt.Sprintf(` ORDER BY path LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list orgs: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan org: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list orgs: %w", err)
	}
	// A separate count reads only the path index; COUNT(*) OVER() would
	// build and sort every row of the scope for each page.
	total := len(out) + max(f.Offset, 0)
	unfiltered := f.ParentID == nil && f.Kind == "" && strings.TrimSpace(f.Query) == "" && len(f.Scopes) == 1
	if unfiltered && (len(out) == limit || (len(out) == 0 && f.Offset > 0)) {
		// The subtree's size is kept on its root, as member_count is.
		if err := tx.queryRow(ctx, `SELECT COALESCE(SUM(org_count), 0) FROM orgs WHERE path = $1 OR ($1 = '/' AND parent_id IS NULL)`, f.Scopes[0]).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count orgs: %w", err)
		}
	} else if len(out) == limit || (len(out) == 0 && f.Offset > 0) {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE `+cond, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count orgs: %w", err)
		}
	}
	return out, total, nil
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// UpdateOrg writes the user-editable fields of o.
func (tx *Tx) UpdateOrg(ctx context.Context, o *dangjian.Org) error {
	o.UpdatedAt = tx.Now
	_, err := tx.exec(ctx, `UPDATE orgs SET name = $1, kind = $2, code = $3, unit = $4, staff_count = $5, updated_at = $6 WHERE id = $7`,
		o.Name, o.Kind, o.Code, o.Unit, o.StaffCount, tx.Now, o.ID)
	if err != nil {
		return fmt.Errorf("update org: %w", err)
	}
	return nil
}

// MoveOrg puts o (with its whole subtree and members) under newParent,
// rewriting paths and moving the member counts between the ancestors.
func (tx *Tx) MoveOrg(ctx context.Context, o, newParent *dangjian.Org) error {
	oldPath, newPath := o.Path, newParent.ChildPath(o.ID)
	dDepth := newParent.Depth + 1 - o.Depth
	lo, hi := oldPath, dangjian.PathUpper(oldPath)
	// Take the counts off the old ancestors (not o itself) before the paths change.
	oldAnc := dangjian.PathIDs(oldPath)
	if err := tx.addCounts(ctx, oldAnc[:len(oldAnc)-1], -o.MemberCount); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE orgs SET child_count = child_count - 1 WHERE id = $1`, *o.ParentID); err != nil {
		return fmt.Errorf("move org: %w", err)
	}
	if err := tx.addOrgCounts(ctx, oldAnc[:len(oldAnc)-1], -o.OrgCount); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE orgs SET path = $1 || substr(path, $2), depth = depth + $3 WHERE path >= $4 AND path < $5`,
		newPath, len(oldPath)+1, dDepth, lo, hi); err != nil {
		return fmt.Errorf("move org paths: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE members SET org_path = $1 || substr(org_path, $2) WHERE org_path >= $3 AND org_path < $4`,
		newPath, len(oldPath)+1, lo, hi); err != nil {
		return fmt.Errorf("move member paths: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE orgs SET parent_id = $1, updated_at = $2 WHERE id = $3`, newParent.ID, tx.Now, o.ID); err != nil {
		return fmt.Errorf("move org: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE orgs SET child_count = child_count + 1 WHERE id = $1`, newParent.ID); err != nil {
		return fmt.Errorf("move org: %w", err)
	}
	if err := tx.addCounts(ctx, dangjian.PathIDs(newParent.Path), o.MemberCount); err != nil {
		return err
	}
	if err := tx.addOrgCounts(ctx, dangjian.PathIDs(newParent.Path), o.OrgCount); err != nil {
		return err
	}
	o.ParentID, o.Path, o.Depth = &newParent.ID, newPath, o.Depth+dDepth
	return nil
}

// addCounts adds d to member_count of each org in ids.
func (tx *Tx) addCounts(ctx context.Context, ids []int64, d int) error {
	if len(ids) == 0 || d == 0 {
		return nil
	}
	args := []any{d}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := tx.exec(ctx, `UPDATE orgs SET member_count = member_count + $1 WHERE id IN (`+placeholders(2, len(ids))+`)`, args...)
	if err != nil {
		return fmt.Errorf("adjust member counts: %w", err)
	}
	return nil
}

// addOrgCounts adds d to org_count of each org in ids.
func (tx *Tx) addOrgCounts(ctx context.Context, ids []int64, d int) error {
	if len(ids) == 0 || d == 0 {
		return nil
	}
	args := []any{d}
	for _, id := range ids {
		args = append(args, id)
	}
	if _, err := tx.exec(ctx, `UPDATE orgs SET org_count = org_count + $1 WHERE id IN (`+placeholders(2, len(ids))+`)`, args...); err != nil {
		return fmt.Errorf("adjust org counts: %w", err)
	}
	return nil
}

// wholeTree reports whether the subtree at scope holds every organization
// (the only root, or "/"), so a query may drop the path condition.
func (tx *Tx) wholeTree(ctx context.Context, scope string) (bool, error) {
	if scope == "/" {
		return true, nil
	}
	if len(dangjian.PathIDs(scope)) != 1 {
		return false, nil
	}
	var roots int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE parent_id IS NULL`).Scan(&roots); err != nil {
		return false, fmt.Errorf("count roots: %w", err)
	}
	return roots == 1, nil
}

// AdjustMemberCounts records that active members joined (d > 0) or left
// (d < 0) the organization at path; full is the change in full members.
func (tx *Tx) AdjustMemberCounts(ctx context.Context, orgPath string, d, full int) error {
	ids := dangjian.PathIDs(orgPath)
	if err := tx.addCounts(ctx, ids, d); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE orgs SET direct_count = direct_count + $1, direct_full = direct_full + $2 WHERE id = $3`, d, full, ids[len(ids)-1])
	if err != nil {
		return fmt.Errorf("adjust direct counts: %w", err)
	}
	return nil
}

// DeleteOrg removes an organization that has no children and no members;
// the caller checks that, so the reason can be told to the user.
func (tx *Tx) DeleteOrg(ctx context.Context, o *dangjian.Org) error {
	var refs int
	if err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM members WHERE org_id = $1 OR group_id = $1) + (SELECT COUNT(*) FROM member_moves WHERE from_org_id = $1 OR to_org_id = $1) + (SELECT COUNT(*) FROM user_roles WHERE org_id = $1)`, o.ID).Scan(&refs); err != nil {
		return fmt.Errorf("check org references: %w", err)
	}
	if refs > 0 {
		return dangjian.Errorf(dangjian.ECONFLICT, "该组织仍有党员、历史记录或账号角色，不能删除")
	}
	for _, q := range []string{
		`DELETE FROM committee_posts WHERE committee_id IN (SELECT id FROM committees WHERE org_id = $1)`,
		`DELETE FROM committees WHERE org_id = $1`,
		`DELETE FROM orgs WHERE id = $1`,
	} {
		if _, err := tx.exec(ctx, q, o.ID); err != nil {
			return fmt.Errorf("delete org: %w", err)
		}
	}
	if o.ParentID != nil {
		if _, err := tx.exec(ctx, `UPDATE orgs SET child_count = child_count - 1 WHERE id = $1`, *o.ParentID); err != nil {
			return fmt.Errorf("delete org: %w", err)
		}
		ids := dangjian.PathIDs(o.Path)
		if err := tx.addOrgCounts(ctx, ids[:len(ids)-1], -1); err != nil {
			return err
		}
	}
	return nil
}

// Committee returns the current committee of an organization, or nil
// when it has none.
func (tx *Tx) Committee(ctx context.Context, orgID int64) (*dangjian.Committee, error) {
	cs, err := tx.committees(ctx, `WHERE c.org_id = $1 AND c.current = TRUE`, orgID)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	return cs[0], nil
}

// CommitteeHistory returns every committee of an organization, newest first.
func (tx *Tx) CommitteeHistory(ctx context.Context, orgID int64) ([]*dangjian.Committee, error) {
	return tx.committees(ctx, `WHERE c.org_id = $1`, orgID)
}

func (tx *Tx) committees(ctx context.Context, where string, args ...any) ([]*dangjian.Committee, error) {
	rows, err := tx.query(ctx, `SELECT c.id, c.org_id, c.term_start, c.term_end, c.current, p.member_id, p.post, m.name
		FROM committees c LEFT JOIN committee_posts p ON p.committee_id = c.id LEFT JOIN members m ON m.id = p.member_id `+
		where+` ORDER BY c.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("committees: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Committee
	byID := map[int64]*dangjian.Committee{}
	for rows.Next() {
		var c dangjian.Committee
		var mid sql.NullInt64
		var post, name sql.NullString
		if err := rows.Scan(&c.ID, &c.OrgID, &c.TermStart, &c.TermEnd, &c.Current, &mid, &post, &name); err != nil {
			return nil, fmt.Errorf("scan committee: %w", err)
		}
		cur, ok := byID[c.ID]
		if !ok {
			cur = &c
			cur.Posts = []dangjian.Post{}
			byID[c.ID] = cur
			out = append(out, cur)
		}
		if mid.Valid {
			cur.Posts = append(cur.Posts, dangjian.Post{MemberID: mid.Int64, Post: post.String, Name: name.String})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("committees: %w", err)
	}
	for _, c := range out {
		sortPosts(c.Posts)
	}
	return out, nil
}

func sortPosts(ps []dangjian.Post) {
	rank := map[string]int{}
	for i, p := range dangjian.Posts {
		rank[p] = i
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && rank[ps[j].Post] < rank[ps[j-1].Post]; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// ReplaceCommittee makes c the current committee of its organization; the
// previous one stays as history.
func (tx *Tx) ReplaceCommittee(ctx context.Context, c *dangjian.Committee) error {
	if _, err := tx.exec(ctx, `UPDATE committees SET current = FALSE WHERE org_id = $1 AND current = TRUE`, c.OrgID); err != nil {
		return fmt.Errorf("retire committee: %w", err)
	}
	if err := tx.queryRow(ctx, `INSERT INTO committees (org_id, term_start, term_end, current, created_at) VALUES ($1, $2, $3, TRUE, $4) RETURNING id`,
		c.OrgID, c.TermStart, c.TermEnd, tx.Now).Scan(&c.ID); err != nil {
		return fmt.Errorf("insert committee: %w", err)
	}
	for _, p := range c.Posts {
		if _, err := tx.exec(ctx, `INSERT INTO committee_posts (committee_id, member_id, post) VALUES ($1, $2, $3)`, c.ID, p.MemberID, p.Post); err != nil {
			return fmt.Errorf("insert committee post: %w", err)
		}
	}
	c.Current = true
	return nil
}

// RecountOrgs recomputes every organization's member and child counts from
// the members table; the bulk loader calls it once at the end.
func (tx *Tx) RecountOrgs(ctx context.Context) error {
	type cnt struct{ direct, full int }
	direct := map[int64]cnt{}
	rows, err := tx.query(ctx, `SELECT org_id, COUNT(*), SUM(CASE WHEN status = 'full' THEN 1 ELSE 0 END) FROM members WHERE active = TRUE GROUP BY org_id`)
	if err != nil {
		return fmt.Errorf("recount: %w", err)
	}
	for rows.Next() {
		var id int64
		var c cnt
		if err := rows.Scan(&id, &c.direct, &c.full); err != nil {
			rows.Close()
			return fmt.Errorf("recount: %w", err)
		}
		direct[id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("recount: %w", err)
	}
	type org struct {
		id   int64
		path string
	}
	var orgs []org
	rows, err = tx.query(ctx, `SELECT id, path FROM orgs`)
	if err != nil {
		return fmt.Errorf("recount: %w", err)
	}
	for rows.Next() {
		var o org
		if err := rows.Scan(&o.id, &o.path); err != nil {
			rows.Close()
			return fmt.Errorf("recount: %w", err)
		}
		orgs = append(orgs, o)
	}
	rows.Close()
	total := map[int64]int{}
	children := map[int64]int{}
	subtree := map[int64]int{}
	for _, o := range orgs {
		ids := dangjian.PathIDs(o.path)
		for _, a := range ids {
			total[a] += direct[o.id].direct
			subtree[a]++
		}
		if len(ids) > 1 {
			children[ids[len(ids)-2]]++
		}
	}
	stmt, err := tx.tx.PrepareContext(ctx, `UPDATE orgs SET member_count = $1, direct_count = $2, direct_full = $3, child_count = $4, org_count = $5 WHERE id = $6`)
	if err != nil {
		return fmt.Errorf("recount: %w", err)
	}
	defer stmt.Close()
	for _, o := range orgs {
		d := direct[o.id]
		if _, err := stmt.ExecContext(ctx, total[o.id], d.direct, d.full, children[o.id], subtree[o.id], o.id); err != nil {
			return fmt.Errorf("recount org %d: %w", o.id, err)
		}
	}
	return nil
}
