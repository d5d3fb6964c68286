package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
)

const rectCols = `r.id, r.org_id, o.name, o.path, r.source, r.year, r.problem, r.measures, r.owner_id, COALESCE(m.name, ''), r.deadline,
	r.status, r.progress, r.meeting_id, r.report_id, r.created_name, r.created_at, r.updated_at, r.verified_name, r.verified_at`

const rectFrom = ` FROM rectifications r JOIN orgs o ON o.id = r.org_id LEFT JOIN members m ON m.id = r.owner_id`

func scanRect(row interface{ Scan(...any) error }, extra ...any) (*dangjian.Rectification, error) {
	var r dangjian.Rectification
	var owner, meeting, report sql.NullInt64
	var verifiedAt sql.NullTime
	dest := []any{&r.ID, &r.OrgID, &r.OrgName, &r.OrgPath, &r.Source, &r.Year, &r.Problem, &r.Measures, &owner, &r.OwnerName, &r.Deadline,
		&r.Status, &r.Progress, &meeting, &report, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &r.VerifiedBy, &verifiedAt}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	if owner.Valid {
		r.OwnerID = &owner.Int64
	}
	if meeting.Valid {
		r.MeetingID = &meeting.Int64
	}
	if report.Valid {
		r.ReportID = &report.Int64
	}
	if verifiedAt.Valid {
		t := verifiedAt.Time.UTC()
		r.VerifiedAt = &t
	}
	return &r, nil
}

// CreateRectification inserts an open item and the first entry of its
// timeline, and sets its id. by is the user who records it.
func (tx *Tx) CreateRectification(ctx context.Context, r *dangjian.Rectification, by *int64, byName string) error {
	r.Status, r.Progress, r.CreatedAt, r.UpdatedAt, r.CreatedBy = dangjian.RectOpen, 0, tx.Now, tx.Now, byName
	err := tx.queryRow(ctx, `INSERT INTO rectifications (org_id, source, year, problem, measures, owner_id, deadline, status, progress,
		meeting_id, report_id, created_by, created_name, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		r.OrgID, r.Source, r.Year, r.Problem, r.Measures, r.OwnerID, r.Deadline, r.Status, r.Progress, r.MeetingID, r.ReportID,
		by, byName, tx.Now, tx.Now).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert rectification: %w", err)
	}
	return tx.AddRectificationNote(ctx, r.ID, &dangjian.RectificationNote{Status: dangjian.RectOpen, Note: "登记整改事项"}, by, byName)
}

// Rectification returns the item with id, without its timeline.
func (tx *Tx) Rectification(ctx context.Context, id int64) (*dangjian.Rectification, error) {
	r, err := scanRect(tx.queryRow(ctx, `SELECT `+rectCols+rectFrom+` WHERE r.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "整改事项")
	}
	return r, nil
}

// AddRectificationNote appends an entry to an item's timeline.
func (tx *Tx) AddRectificationNote(ctx context.Context, id int64, n *dangjian.RectificationNote, by *int64, byName string) error {
	n.At, n.By = tx.Now, byName
	err := tx.queryRow(ctx, `INSERT INTO rectification_updates (rectification_id, from_status, status, progress, note, evidence, by_user, by_name, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		id, n.FromStatus, n.Status, n.Progress, n.Note, n.Evidence, by, byName, tx.Now).Scan(&n.ID)
	if err != nil {
		return fmt.Errorf("insert rectification update: %w", err)
	}
	return nil
}

// RectificationNotes returns an item's timeline, oldest first.
func (tx *Tx) RectificationNotes(ctx context.Context, id int64) ([]*dangjian.RectificationNote, error) {
	rows, err := tx.query(ctx, `SELECT id, from_status, status, progress, note, evidence, by_name, at FROM rectification_updates
		WHERE rectification_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("rectification updates: %w", err)
	}
	defer rows.Close()
	out := []*dangjian.RectificationNote{}
	for rows.Next() {
		var n dangjian.RectificationNote
		if err := rows.Scan(&n.ID, &n.FromStatus, &n.Status, &n.Progress, &n.Note, &n.Evidence, &n.By, &n.At); err != nil {
			return nil, fmt.Errorf("scan rectification update: %w", err)
		}
		n.At = n.At.UTC()
		out = append(out, &n)
	}
	return out, rows.Err()
}

// SetRectificationStatus moves an item from status from to status with
// progress; the condition on from makes a concurrent second update a
// conflict. verified sets who verified it.
func (tx *Tx) SetRectificationStatus(ctx context.Context, id int64, from, status string, progress int, by *int64, byName string) error {
	q := `UPDATE rectifications SET status = $1, progress = $2, updated_at = $3 WHERE id = $4 AND status = $5`
	args := []any{status, progress, tx.Now, id, from}
	if status == dangjian.RectVerified {
		q = `UPDATE rectifications SET status = $1, progress = $2, updated_at = $3, verified_by = $6, verified_name = $7, verified_at = $3
			WHERE id = $4 AND status = $5`
		args = append(args, by, byName)
	}
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("update rectification: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update rectification: %w", err)
	} else if n == 0 {
		return dangjian.Errorf(dangjian.ECONFLICT, "该整改事项已被他人更新，请刷新后重试")
	}
	return nil
}

// rectWhere is the condition of a filter and its arguments.
func rectWhere(f dangjian.RectificationFilter) (string, []any) {
	scope, args := scopeWhere("o.path", f.Scopes, 1)
	conds := []string{scope}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if f.OrgPath != "" {
		add("o.path >= $%d", f.OrgPath)
		add("o.path < $%d", dangjian.PathUpper(f.OrgPath))
	}
	if f.OrgID != 0 {
		add("r.org_id = $%d", f.OrgID)
	}
	if f.Status != "" {
		add("r.status = $%d", f.Status)
	}
	if f.Source != "" {
		add("r.source = $%d", f.Source)
	}
	if f.Year != 0 {
		add("r.year = $%d", f.Year)
	}
	if f.Overdue {
		add("r.deadline < $%d", f.Today)
		conds = append(conds, "r.status IN ('open', 'in_progress')")
	}
	if f.MeetingID != 0 {
		add("r.meeting_id = $%d", f.MeetingID)
	}
	if f.ReportID != 0 {
		add("r.report_id = $%d", f.ReportID)
	}
	if f.OwnerID != 0 {
		add("r.owner_id = $%d", f.OwnerID)
	}
	return strings.Join(conds, " AND "), args
}

// Rectifications lists the items matching f, the earliest deadline first,
// with the total before paging.
func (tx *Tx) Rectifications(ctx context.Context, f dangjian.RectificationFilter) ([]*dangjian.Rectification, int, error) {
	where, args := rectWhere(f)
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	return listPage(ctx, tx, `SELECT `+rectCols+`, COUNT(*) OVER()`+rectFrom+` WHERE `+where+
		fmt.Sprintf(` ORDER BY r.deadline, r.id LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)),
		`SELECT COUNT(*)`+rectFrom+` WHERE `+where, args, f.Offset, scanRect, "rectifications", "rectification")
}

// pageClause is the LIMIT and OFFSET of a list: 50 a page when limit is
// 0, everything when it is negative.
func pageClause(limit, offset int) string {
	switch {
	case limit < 0:
		return ""
	case limit == 0:
		limit = 50
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
}

// listPage runs a list query whose rows end with COUNT(*) OVER(), the
// total before paging; a page past the end has no row to carry it, so
// count counts it then. plural and one name the list and an item in
// errors.
func listPage[T any](ctx context.Context, tx *Tx, query, count string, args []any, offset int,
	scan func(row interface{ Scan(...any) error }, extra ...any) (T, error), plural, one string) ([]T, int, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", plural, err)
	}
	defer rows.Close()
	var out []T
	total := 0
	for rows.Next() {
		it, err := scan(rows, &total)
		if err != nil {
			return nil, 0, fmt.Errorf("scan %s: %w", one, err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", plural, err)
	}
	if len(out) == 0 && offset > 0 {
		if err := tx.queryRow(ctx, count, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count %s: %w", plural, err)
		}
	}
	return out, total, nil
}

// EachRectification calls fn for every item matching f (no paging), in
// tree order of the organizations, then by deadline.
func (tx *Tx) EachRectification(ctx context.Context, f dangjian.RectificationFilter, fn func(*dangjian.Rectification) error) error {
	where, args := rectWhere(f)
	rows, err := tx.query(ctx, `SELECT `+rectCols+rectFrom+` WHERE `+where+` ORDER BY o.path, r.deadline, r.id`, args...)
	if err != nil {
		return fmt.Errorf("each rectification: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRect(rows)
		if err != nil {
			return fmt.Errorf("scan rectification: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RectPathCount is the number of items of one organization in one status,
// overdue or not.
type RectPathCount struct {
	OrgID   int64
	Path    string
	Status  string
	Overdue bool
	N       int
}

// RectificationCounts groups the items matching f by organization,
// status and whether overdue as of f.Today: what a roll-up folds.
func (tx *Tx) RectificationCounts(ctx context.Context, f dangjian.RectificationFilter) ([]RectPathCount, error) {
	f.Overdue = false
	where, args := rectWhere(f)
	args = append(args, f.Today)
	n := len(args)
	rows, err := tx.query(ctx, fmt.Sprintf(`SELECT r.org_id, o.path, r.status, CASE WHEN r.deadline < $%d AND r.status IN ('open', 'in_progress') THEN 1 ELSE 0 END AS od, COUNT(*)
		FROM rectifications r JOIN orgs o ON o.id = r.org_id WHERE `+where+` GROUP BY r.org_id, o.path, r.status, od`, n), args...)
	if err != nil {
		return nil, fmt.Errorf("count rectifications: %w", err)
	}
	defer rows.Close()
	var out []RectPathCount
	for rows.Next() {
		var c RectPathCount
		var od int
		if err := rows.Scan(&c.OrgID, &c.Path, &c.Status, &od, &c.N); err != nil {
			return nil, fmt.Errorf("scan rectification count: %w", err)
		}
		c.Overdue = od == 1
		out = append(out, c)
	}
	return out, rows.Err()
}

// RectificationLoader writes ledger rows in bulk for the demo: the caller
// gives the ids (NextRectIDs) and calls SyncRectIDs before committing.
type RectificationLoader struct {
	tx                                  *Tx
	items, notes, opinions, reports, ov *batcher
	all                                 []*batcher
}

// NextRectIDs are the first free ids of the tables the loader writes.
type NextRectIDs struct {
	Rectification, Note, Opinion, Report, Oversight int64
}

// NextRectIDs returns one past the largest id of each table.
func (tx *Tx) NextRectIDs(ctx context.Context) (NextRectIDs, error) {
	var n NextRectIDs
	err := tx.queryRow(ctx, `SELECT
		(SELECT COALESCE(MAX(id), 0) + 1 FROM rectifications),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM rectification_updates),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM cadre_opinions),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM secretary_reports),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM dlm_oversights)`).Scan(&n.Rectification, &n.Note, &n.Opinion, &n.Report, &n.Oversight)
	if err != nil {
		return n, fmt.Errorf("next rectification ids: %w", err)
	}
	return n, nil
}

// SyncRectIDs moves PostgreSQL's identity sequences past the loaded ids.
func (tx *Tx) SyncRectIDs(ctx context.Context) error {
	if tx.db.engine != Postgres {
		return nil
	}
	for _, t := range []string{"rectifications", "rectification_updates", "cadre_opinions", "secretary_reports", "dlm_oversights"} {
		q := `SELECT setval(pg_get_serial_sequence('` + t + `', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM ` + t
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("sync %s ids: %w", t, err)
		}
	}
	return nil
}

// NewRectificationLoader returns a loader writing in tx; Close it before
// tx ends.
func (tx *Tx) NewRectificationLoader() *RectificationLoader {
	l := &RectificationLoader{tx: tx}
	l.reports = newBatcher(tx, "secretary_reports", "id, org_id, year, member_id, report, status, grade, comments, problems, created_name, created_at, graded_name, graded_at")
	l.items = newBatcher(tx, "rectifications", "id, org_id, source, year, problem, measures, owner_id, deadline, status, progress, meeting_id, report_id, "+
		"created_name, created_at, updated_at, verified_name, verified_at", l.reports)
	l.notes = newBatcher(tx, "rectification_updates", "id, rectification_id, from_status, status, progress, note, evidence, by_name, at", l.items)
	l.opinions = newBatcher(tx, "cadre_opinions", "id, member_id, org_id, deadline, note, status, opinion, reasons, created_name, created_at, answered_name, answered_at")
	l.ov = newBatcher(tx, "dlm_oversights", "id, org_id, year, meeting_id, opinions, criticisms, notes, report_status, report, sent_name, sent_at, "+
		"received_name, received_at, updated_name, updated_at")
	l.all = []*batcher{l.reports, l.items, l.notes, l.opinions, l.ov}
	return l
}

// AddRectification queues an item, with its ID, status and times set, and
// its timeline entries (with their IDs set).
func (l *RectificationLoader) AddRectification(ctx context.Context, r *dangjian.Rectification) error {
	var vAt any
	if r.VerifiedAt != nil {
		vAt = r.VerifiedAt.UTC()
	}
	if err := l.items.add(ctx, r.ID, r.OrgID, r.Source, r.Year, r.Problem, r.Measures, r.OwnerID, r.Deadline, r.Status, r.Progress, r.MeetingID,
		r.ReportID, r.CreatedBy, r.CreatedAt.UTC(), r.UpdatedAt.UTC(), r.VerifiedBy, vAt); err != nil {
		return err
	}
	for _, n := range r.Updates {
		if err := l.notes.add(ctx, n.ID, r.ID, n.FromStatus, n.Status, n.Progress, n.Note, n.Evidence, n.By, n.At.UTC()); err != nil {
			return err
		}
	}
	return nil
}

// AddCadreOpinion queues a request, with its ID set.
func (l *RectificationLoader) AddCadreOpinion(ctx context.Context, c *dangjian.CadreOpinion) error {
	var aAt any
	if c.AnsweredAt != nil {
		aAt = c.AnsweredAt.UTC()
	}
	return l.opinions.add(ctx, c.ID, c.MemberID, c.OrgID, c.Deadline, c.Note, c.Status, c.Opinion, c.Reasons, c.RequestedBy, c.CreatedAt.UTC(), c.AnsweredBy, aAt)
}

// AddSecretaryReport queues a report, with its ID set.
func (l *RectificationLoader) AddSecretaryReport(ctx context.Context, r *dangjian.SecretaryReport) error {
	var gAt any
	if r.GradedAt != nil {
		gAt = r.GradedAt.UTC()
	}
	problems, err := jsonText(r.Problems)
	if err != nil {
		return err
	}
	return l.reports.add(ctx, r.ID, r.OrgID, r.Year, r.MemberID, r.Report, r.Status, r.Grade, r.Comments, problems, r.SubmittedBy, r.CreatedAt.UTC(), r.GradedBy, gAt)
}

// AddDLMOversight queues an oversight record, with its ID set.
func (l *RectificationLoader) AddDLMOversight(ctx context.Context, d *dangjian.DLMOversight) error {
	ops, err := jsonText(d.Opinions)
	if err != nil {
		return err
	}
	crit, err := jsonText(d.Criticisms)
	if err != nil {
		return err
	}
	var sAt, rAt any
	if d.SentAt != nil {
		sAt = d.SentAt.UTC()
	}
	if d.ReceivedAt != nil {
		rAt = d.ReceivedAt.UTC()
	}
	return l.ov.add(ctx, d.ID, d.OrgID, d.Year, d.MeetingID, ops, crit, d.Notes, d.ReportStatus, d.Report, d.SentBy, sAt, d.ReceivedBy, rAt,
		d.UpdatedBy, d.UpdatedAt.UTC())
}

// Flush writes every buffered row.
func (l *RectificationLoader) Flush(ctx context.Context) error {
	for _, b := range l.all {
		if err := b.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the prepared statements; it does not flush.
func (l *RectificationLoader) Close() error {
	var first error
	for _, b := range l.all {
		for n, st := range b.stmts {
			if err := st.Close(); err != nil && first == nil {
				first = fmt.Errorf("close %s loader: %w", b.table, err)
			}
			delete(b.stmts, n)
		}
	}
	return first
}

// DemoOrg is an organization with its current committee, as the demo's
// rectification pass needs it.
type DemoOrg struct {
	ID        int64
	Kind      string
	Path      string
	Secretary int64   // 0 without one
	Others    []int64 // the other committee members
}

// DemoOrgSeats lists the organizations of a subtree in tree order with
// their current committee seats.
func (tx *Tx) DemoOrgSeats(ctx context.Context, path string) ([]*DemoOrg, error) {
	rows, err := tx.query(ctx, `SELECT o.id, o.kind, o.path, COALESCE(p.member_id, 0), COALESCE(p.post, '') FROM orgs o
		LEFT JOIN committees c ON c.org_id = o.id AND c.current = TRUE LEFT JOIN committee_posts p ON p.committee_id = c.id
		WHERE o.path >= $1 AND o.path < $2 ORDER BY o.path, p.member_id`, path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("demo org seats: %w", err)
	}
	defer rows.Close()
	var out []*DemoOrg
	for rows.Next() {
		var id, member int64
		var kind, p, post string
		if err := rows.Scan(&id, &kind, &p, &member, &post); err != nil {
			return nil, fmt.Errorf("scan demo org: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, &DemoOrg{ID: id, Kind: kind, Path: p})
		}
		o := out[len(out)-1]
		switch {
		case member == 0:
		case post == dangjian.PostSecretary:
			o.Secretary = member
		default:
			o.Others = append(o.Others, member)
		}
	}
	return out, rows.Err()
}

// DemoMeeting is a life meeting or democratic life meeting for the demo.
type DemoMeeting struct {
	ID      int64
	OrgID   int64
	Kind    string
	HeldAt  time.Time
	Present []DemoAttendee // democratic life meetings only
}

// DemoAttendee is someone present at a meeting.
type DemoAttendee struct {
	MemberID int64
	Name     string
}

// DemoLifeMeetings returns the organizational life meetings and
// democratic life meetings held in [from, to), not deleted, with who was
// present at the democratic life meetings.
func (tx *Tx) DemoLifeMeetings(ctx context.Context, from, to time.Time) ([]*DemoMeeting, error) {
	// The kinds are literals so that both engines can use the partial
	// index meetings_life, whose condition names them.
	rows, err := tx.query(ctx, `SELECT id, org_id, kind, held_at FROM meetings WHERE kind IN ('life_meeting', 'democratic_life_meeting')
		AND held_at >= $1 AND held_at < $2 AND deleted = FALSE ORDER BY id`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("demo life meetings: %w", err)
	}
	var out []*DemoMeeting
	dlm := map[int64]*DemoMeeting{}
	for rows.Next() {
		var m DemoMeeting
		if err := rows.Scan(&m.ID, &m.OrgID, &m.Kind, &m.HeldAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan demo meeting: %w", err)
		}
		m.HeldAt = m.HeldAt.UTC()
		out = append(out, &m)
		if m.Kind == dangjian.MeetingDemocraticLifeMeeting {
			dlm[m.ID] = out[len(out)-1]
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("demo life meetings: %w", err)
	}
	ids := make([]int64, 0, len(dlm))
	for id := range dlm {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, 0, n+1)
		args = append(args, dangjian.AttendPresent)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, `SELECT a.meeting_id, a.member_id, m.name FROM meeting_attendance a JOIN members m ON m.id = a.member_id
			WHERE a.status = $1 AND a.meeting_id IN (`+placeholders(2, n)+`) ORDER BY a.meeting_id, a.member_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("demo attendance: %w", err)
		}
		for rows.Next() {
			var mid int64
			var a DemoAttendee
			if err := rows.Scan(&mid, &a.MemberID, &a.Name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan demo attendance: %w", err)
			}
			dlm[mid].Present = append(dlm[mid].Present, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("demo attendance: %w", err)
		}
		ids = ids[n:]
	}
	return out, nil
}

// RectOrgCount is the number of items of one organization.
type RectOrgCount struct {
	OrgID   int64
	OrgName string
	N       int
}

// OverdueByOrg counts the overdue items matching f (as of f.Today) by
// organization, most first, at most limit organizations.
func (tx *Tx) OverdueByOrg(ctx context.Context, f dangjian.RectificationFilter, limit int) ([]RectOrgCount, error) {
	f.Overdue = true
	where, args := rectWhere(f)
	rows, err := tx.query(ctx, `SELECT r.org_id, o.name, COUNT(*) AS n FROM rectifications r JOIN orgs o ON o.id = r.org_id WHERE `+where+
		fmt.Sprintf(` GROUP BY r.org_id, o.name, o.path ORDER BY n DESC, o.path LIMIT %d`, max(limit, 1)), args...)
	if err != nil {
		return nil, fmt.Errorf("overdue by org: %w", err)
	}
	defer rows.Close()
	var out []RectOrgCount
	for rows.Next() {
		var c RectOrgCount
		if err := rows.Scan(&c.OrgID, &c.OrgName, &c.N); err != nil {
			return nil, fmt.Errorf("scan overdue count: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClearRectification deletes the ledger, the cadre opinions, the
// oversight records and the secretaries' reports: for benchmarks that
// rebuild the demo's.
func (tx *Tx) ClearRectification(ctx context.Context) error {
	for _, t := range []string{"rectification_updates", "rectifications", "cadre_opinions", "dlm_oversights", "secretary_reports"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	return nil
}
