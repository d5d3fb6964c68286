package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dangjian/dangjian"
)

// Units returns the organizations of the subtree at path that stand for a
// unit (a staff count set), in tree order.
func (tx *Tx) Units(ctx context.Context, path string) ([]*dangjian.Org, error) {
	rows, err := tx.query(ctx, `SELECT `+orgCols+` FROM orgs WHERE path >= $1 AND path < $2 AND staff_count > 0 ORDER BY path`,
		path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("scan unit: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// CadreCount is the active party-affairs cadres whose organization has one path.
type CadreCount struct {
	OrgPath  string
	FullTime int
	PartTime int
}

// CadreCounts counts the active party-affairs cadres of the subtree at path
// per organization; fullOnly counts the full-time ones alone. Each kind is
// one range of the members_affairs index (party_affairs, org_path): the
// predicate repeats the partial index's word for word so both engines use
// it, and the count reads the index alone.
func (tx *Tx) CadreCounts(ctx context.Context, path string, fullOnly bool) ([]CadreCount, error) {
	kinds := []string{dangjian.PartyAffairsFullTime, dangjian.PartyAffairsPartTime}
	if fullOnly {
		kinds = kinds[:1]
	}
	var out []CadreCount
	at := map[string]int{}
	for _, kind := range kinds {
		err := func() error {
			rows, err := tx.query(ctx, `SELECT org_path, COUNT(*) FROM members
				WHERE active = TRUE AND party_affairs <> 'none' AND party_affairs = $1 AND org_path >= $2 AND org_path < $3
				GROUP BY org_path`, kind, path, dangjian.PathUpper(path))
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var p string
				var n int
				if err := rows.Scan(&p, &n); err != nil {
					return err
				}
				i, ok := at[p]
				if !ok {
					i = len(out)
					at[p] = i
					out = append(out, CadreCount{OrgPath: p})
				}
				if kind == dangjian.PartyAffairsFullTime {
					out[i].FullTime += n
				} else {
					out[i].PartTime += n
				}
			}
			return rows.Err()
		}()
		if err != nil {
			return nil, fmt.Errorf("count cadres: %w", err)
		}
	}
	return out, nil
}

const cadreCols = `m.id, m.name, m.org_id, o.name, m.org_path, m.party_affairs, m.position, COALESCE(p.post, ''), p.since`

func scanCadre(row interface{ Scan(...any) error }) (dangjian.Cadre, error) {
	var c dangjian.Cadre
	err := row.Scan(&c.MemberID, &c.Name, &c.OrgID, &c.OrgName, &c.OrgPath, &c.PartyAffairs, &c.Position, &c.Post, &c.Since)
	return c, err
}

// Cadres returns the active party-affairs cadres of the subtree at path
// (only the full-time ones when fullOnly), with their profiles, in tree
// order then name.
func (tx *Tx) Cadres(ctx context.Context, path string, fullOnly bool) ([]dangjian.Cadre, error) {
	// The partial index's predicate word for word, then the kinds as
	// equalities: ranges of (party_affairs, org_path).
	cond := `m.party_affairs <> 'none' AND m.party_affairs IN ('full_time', 'part_time')`
	if fullOnly {
		cond = `m.party_affairs <> 'none' AND m.party_affairs = 'full_time'`
	}
	rows, err := tx.query(ctx, `SELECT `+cadreCols+` FROM members m JOIN orgs o ON o.id = m.org_id
		LEFT JOIN cadre_profiles p ON p.member_id = m.id
		WHERE m.active = TRUE AND `+cond+` AND m.org_path >= $1 AND m.org_path < $2
		ORDER BY m.org_path, m.name, m.id`, path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("cadres: %w", err)
	}
	defer rows.Close()
	var out []dangjian.Cadre
	for rows.Next() {
		c, err := scanCadre(rows)
		if err != nil {
			return nil, fmt.Errorf("scan cadre: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CadreProfile returns a member's party-affairs post and since date; empty
// when none was recorded.
func (tx *Tx) CadreProfile(ctx context.Context, memberID int64) (post string, since dangjian.Date, err error) {
	err = tx.queryRow(ctx, `SELECT post, since FROM cadre_profiles WHERE member_id = $1`, memberID).Scan(&post, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return "", dangjian.Date{}, nil
	} else if err != nil {
		return "", dangjian.Date{}, fmt.Errorf("cadre profile: %w", err)
	}
	return post, since, nil
}

// SetCadreProfile stores a member's party-affairs post and since date.
func (tx *Tx) SetCadreProfile(ctx context.Context, memberID int64, post string, since dangjian.Date) error {
	_, err := tx.exec(ctx, `INSERT INTO cadre_profiles (member_id, post, since, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (member_id) DO UPDATE SET post = excluded.post, since = excluded.since, updated_at = excluded.updated_at`,
		memberID, post, since, tx.Now)
	if err != nil {
		return fmt.Errorf("write cadre profile: %w", err)
	}
	return nil
}

// AddCadreRotation inserts a rotation and sets its id.
func (tx *Tx) AddCadreRotation(ctx context.Context, r *dangjian.CadreRotation) error {
	r.CreatedAt = tx.Now
	err := tx.queryRow(ctx, `INSERT INTO cadre_rotations (member_id, org_id, from_post, to_post, direction, rotated_on, note, affairs_from, affairs_to, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		r.MemberID, r.OrgID, r.FromPost, r.ToPost, r.Direction, r.RotatedOn, r.Note, r.AffairsFrom, r.AffairsTo, tx.Now).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert cadre rotation: %w", err)
	}
	return nil
}

// CadreRotations returns a member's rotations, latest first.
func (tx *Tx) CadreRotations(ctx context.Context, memberID int64) ([]dangjian.CadreRotation, error) {
	rows, err := tx.query(ctx, `SELECT id, member_id, org_id, from_post, to_post, direction, rotated_on, note, affairs_from, affairs_to, created_at
		FROM cadre_rotations WHERE member_id = $1 ORDER BY rotated_on DESC, id DESC`, memberID)
	if err != nil {
		return nil, fmt.Errorf("cadre rotations: %w", err)
	}
	defer rows.Close()
	out := []dangjian.CadreRotation{}
	for rows.Next() {
		var r dangjian.CadreRotation
		if err := rows.Scan(&r.ID, &r.MemberID, &r.OrgID, &r.FromPost, &r.ToPost, &r.Direction, &r.RotatedOn, &r.Note,
			&r.AffairsFrom, &r.AffairsTo, &r.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan cadre rotation: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CadreAppraisal returns a member's appraisal note of year, nil if none.
func (tx *Tx) CadreAppraisal(ctx context.Context, memberID int64, year int) (*dangjian.CadreAppraisal, error) {
	a := dangjian.CadreAppraisal{MemberID: memberID, Year: year}
	err := tx.queryRow(ctx, `SELECT org_id, grade, note, updated_at FROM cadre_appraisals WHERE member_id = $1 AND year = $2`,
		memberID, year).Scan(&a.OrgID, &a.Grade, &a.Note, &a.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("cadre appraisal: %w", err)
	}
	return &a, nil
}

// SetCadreAppraisal stores a member's appraisal note of a year, replacing
// the one recorded before.
func (tx *Tx) SetCadreAppraisal(ctx context.Context, a *dangjian.CadreAppraisal) error {
	a.UpdatedAt = tx.Now
	_, err := tx.exec(ctx, `INSERT INTO cadre_appraisals (member_id, year, org_id, grade, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (member_id, year) DO UPDATE SET org_id = excluded.org_id, grade = excluded.grade, note = excluded.note, updated_at = excluded.updated_at`,
		a.MemberID, a.Year, a.OrgID, a.Grade, a.Note, tx.Now)
	if err != nil {
		return fmt.Errorf("write cadre appraisal: %w", err)
	}
	return nil
}

// CadreAppraisals returns a member's appraisal notes, latest year first.
func (tx *Tx) CadreAppraisals(ctx context.Context, memberID int64) ([]dangjian.CadreAppraisal, error) {
	rows, err := tx.query(ctx, `SELECT a.member_id, a.year, a.org_id, o.name, a.grade, a.note, a.updated_at
		FROM cadre_appraisals a JOIN orgs o ON o.id = a.org_id WHERE a.member_id = $1 ORDER BY a.year DESC`, memberID)
	if err != nil {
		return nil, fmt.Errorf("cadre appraisals: %w", err)
	}
	defer rows.Close()
	out := []dangjian.CadreAppraisal{}
	for rows.Next() {
		var a dangjian.CadreAppraisal
		if err := rows.Scan(&a.MemberID, &a.Year, &a.OrgID, &a.OrgName, &a.Grade, &a.Note, &a.UpdatedAt); err != nil {
			return nil, fmt.Errorf("scan cadre appraisal: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// UnitAppraisals returns the appraisal notes of year of the members now in
// the subtree at path, in tree order then name; OrgPath-less rows (members
// who left) are not the unit's any more.
func (tx *Tx) UnitAppraisals(ctx context.Context, path string, year int) ([]dangjian.CadreAppraisal, []string, error) {
	rows, err := tx.query(ctx, `SELECT a.member_id, m.name, m.org_id, o.name, m.party_affairs, COALESCE(p.post, ''), a.year, a.grade, a.note, a.updated_at, m.org_path
		FROM cadre_appraisals a JOIN members m ON m.id = a.member_id JOIN orgs o ON o.id = m.org_id
		LEFT JOIN cadre_profiles p ON p.member_id = m.id
		WHERE a.year = $1 AND m.org_path >= $2 AND m.org_path < $3 ORDER BY m.org_path, m.name, m.id`,
		year, path, dangjian.PathUpper(path))
	if err != nil {
		return nil, nil, fmt.Errorf("unit appraisals: %w", err)
	}
	defer rows.Close()
	var out []dangjian.CadreAppraisal
	var paths []string
	for rows.Next() {
		var a dangjian.CadreAppraisal
		var p string
		if err := rows.Scan(&a.MemberID, &a.Name, &a.OrgID, &a.OrgName, &a.PartyAffairs, &a.Post, &a.Year, &a.Grade, &a.Note, &a.UpdatedAt, &p); err != nil {
			return nil, nil, fmt.Errorf("scan unit appraisal: %w", err)
		}
		out = append(out, a)
		paths = append(paths, p)
	}
	return out, paths, rows.Err()
}

// CadreLoader writes the demo's cadre profiles, rotations and appraisal
// notes as multi-row inserts. Rotation ids are left to the database.
type CadreLoader struct {
	profiles, rotations, appraisals *batcher
	now                             time.Time
}

// NewCadreLoader returns a CadreLoader writing in tx; Close it before tx ends.
func (tx *Tx) NewCadreLoader() *CadreLoader {
	return &CadreLoader{
		profiles:   newBatcher(tx, "cadre_profiles", "member_id, post, since, updated_at"),
		rotations:  newBatcher(tx, "cadre_rotations", "member_id, org_id, from_post, to_post, direction, rotated_on, note, affairs_from, affairs_to, created_at"),
		appraisals: newBatcher(tx, "cadre_appraisals", "member_id, year, org_id, grade, note, updated_at"),
		now:        tx.Now,
	}
}

// AddProfile queues a cadre's post and since date.
func (l *CadreLoader) AddProfile(ctx context.Context, memberID int64, post string, since dangjian.Date) error {
	return l.profiles.add(ctx, memberID, post, since, l.now)
}

// AddRotation queues a rotation.
func (l *CadreLoader) AddRotation(ctx context.Context, r *dangjian.CadreRotation) error {
	return l.rotations.add(ctx, r.MemberID, r.OrgID, r.FromPost, r.ToPost, r.Direction, r.RotatedOn, r.Note, r.AffairsFrom, r.AffairsTo, l.now)
}

// AddAppraisal queues an appraisal note.
func (l *CadreLoader) AddAppraisal(ctx context.Context, a *dangjian.CadreAppraisal) error {
	return l.appraisals.add(ctx, a.MemberID, a.Year, a.OrgID, a.Grade, a.Note, l.now)
}

// Flush writes every buffered row.
func (l *CadreLoader) Flush(ctx context.Context) error {
	for _, b := range []*batcher{l.profiles, l.rotations, l.appraisals} {
		if err := b.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the prepared statements; it does not flush.
func (l *CadreLoader) Close() error {
	var first error
	for _, b := range []*batcher{l.profiles, l.rotations, l.appraisals} {
		for n, st := range b.stmts {
			if err := st.Close(); err != nil && first == nil {
				first = fmt.Errorf("close %s loader: %w", b.table, err)
			}
			delete(b.stmts, n)
		}
	}
	return first
}

// CommitteeSeat is a member's seat on a current committee: the post and
// the kind of organization, and when the term began.
type CommitteeSeat struct {
	Post      string
	OrgKind   string
	TermStart dangjian.Date
}

// CurrentSeats returns the seats on the current committees of the subtree
// at path, by member (the first seat found when a member holds two).
func (tx *Tx) CurrentSeats(ctx context.Context, path string) (map[int64]CommitteeSeat, error) {
	rows, err := tx.query(ctx, `SELECT p.member_id, p.post, o.kind, c.term_start FROM committee_posts p
		JOIN committees c ON c.id = p.committee_id JOIN orgs o ON o.id = c.org_id
		WHERE c.current = TRUE AND o.path >= $1 AND o.path < $2 ORDER BY o.path, p.member_id`, path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("current seats: %w", err)
	}
	defer rows.Close()
	out := map[int64]CommitteeSeat{}
	for rows.Next() {
		var id int64
		var s CommitteeSeat
		if err := rows.Scan(&id, &s.Post, &s.OrgKind, &s.TermStart); err != nil {
			return nil, fmt.Errorf("scan seat: %w", err)
		}
		if _, ok := out[id]; !ok {
			out[id] = s
		}
	}
	return out, rows.Err()
}

// ClearCadreTeam deletes every profile, rotation and appraisal note: for
// benchmarks that rebuild the demo's.
func (tx *Tx) ClearCadreTeam(ctx context.Context) error {
	for _, t := range []string{"cadre_profiles", "cadre_rotations", "cadre_appraisals"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	return nil
}

// LongServingCount counts the active full-time cadres of the subtree at
// path in party affairs since before or on limit.
func (tx *Tx) LongServingCount(ctx context.Context, path string, limit dangjian.Date) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM members m JOIN cadre_profiles p ON p.member_id = m.id
		WHERE m.active = TRUE AND m.party_affairs <> 'none' AND m.party_affairs = 'full_time'
		AND m.org_path >= $1 AND m.org_path < $2 AND p.since <= $3`, path, dangjian.PathUpper(path), limit).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count long-serving cadres: %w", err)
	}
	return n, nil
}
