package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
)

const meetingCols = `mt.id, mt.org_id, o.name, mt.kind, mt.held_at, mt.topic, mt.location, mt.host_id, mt.lecturer_id, mt.agenda, mt.minutes, mt.decisions,
	mt.merged_with_admin, mt.suspected_merged, mt.separate_reason, mt.imported, mt.quorum_required, mt.quorum_present, mt.quorum_met,
	mt.counted, mt.deleted, mt.delete_reason, mt.created_at, mt.updated_at, mt.recorder, mt.head_due, mt.head_present, mt.head_leave, COALESCE(hm.name, '')`

const meetingFrom = ` FROM meetings mt JOIN orgs o ON o.id = mt.org_id LEFT JOIN members hm ON hm.id = mt.host_id`

func scanMeeting(row interface{ Scan(...any) error }) (*dangjian.Meeting, error) {
	var m dangjian.Meeting
	var host, lecturer, due, present, leave sql.NullInt64
	if err := row.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.Kind, &m.HeldAt, &m.Topic, &m.Location, &host, &lecturer, &m.Agenda, &m.Minutes, &m.Decisions,
		&m.MergedWithAdmin, &m.SuspectedMerged, &m.SeparateReason, &m.Imported, &m.Quorum.Required, &m.Quorum.Present, &m.Quorum.Met,
		&m.Counted, &m.Deleted, &m.DeleteReason, &m.CreatedAt, &m.UpdatedAt, &m.Recorder, &due, &present, &leave, &m.HostName); err != nil {
		return nil, err
	}
	if due.Valid {
		m.Headcount = &dangjian.Headcount{Due: int(due.Int64), Present: int(present.Int64), Leave: int(leave.Int64)}
	}
	if host.Valid {
		m.HostID = &host.Int64
	}
	if lecturer.Valid {
		m.LecturerID = &lecturer.Int64
	}
	m.HeldAt = m.HeldAt.UTC()
	return &m, nil
}

// CreateMeeting inserts m with its attendance and sets its id. Counted
// must already say whether it counts; the caller bumps meeting_counts.
func (tx *Tx) CreateMeeting(ctx context.Context, m *dangjian.Meeting, userID *int64) error {
	m.CreatedAt, m.UpdatedAt = tx.Now, tx.Now
	var due, present, leave *int
	if h := m.Headcount; h != nil {
		due, present, leave = &h.Due, &h.Present, &h.Leave
	}
	err := tx.queryRow(ctx, `INSERT INTO meetings (org_id, kind, held_at, month, topic, location, host_id, lecturer_id, agenda, minutes, decisions,
		merged_with_admin, suspected_merged, separate_reason, imported, quorum_required, quorum_present, quorum_met, counted, deleted, delete_reason,
		created_by, created_at, updated_at, recorder, head_due, head_present, head_leave)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
		$25, $26, $27, $28) RETURNING id`,
		m.OrgID, m.Kind, m.HeldAt.UTC(), m.Month(), m.Topic, m.Location, m.HostID, m.LecturerID, m.Agenda, m.Minutes, m.Decisions,
		m.MergedWithAdmin, m.SuspectedMerged, m.SeparateReason, m.Imported, m.Quorum.Required, m.Quorum.Present, m.Quorum.Met, m.Counted,
		m.Deleted, m.DeleteReason, userID, tx.Now, tx.Now, m.Recorder, due, present, leave).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("insert meeting: %w", err)
	}
	return tx.insertAttendance(ctx, m)
}

func (tx *Tx) insertAttendance(ctx context.Context, m *dangjian.Meeting) error {
	// One statement per 100 rows: SQLite parses each statement it is
	// given, and a row at a time was a quarter of a meeting write.
	const per = 100
	for start := 0; start < len(m.Attendance); start += per {
		batch := m.Attendance[start:min(start+per, len(m.Attendance))]
		var q strings.Builder
		q.WriteString(`INSERT INTO meeting_attendance (meeting_id, member_id, status, reason) VALUES `)
		args := make([]any, 0, 4*len(batch))
		for i, a := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			n := 4 * i
			fmt.Fprintf(&q, "($%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4)
			args = append(args, m.ID, a.MemberID, a.Status, a.Reason)
		}
		if _, err := tx.exec(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("insert attendance: %w", err)
		}
	}
	return nil
}

// UpdateMeeting writes every field of m and replaces its attendance.
func (tx *Tx) UpdateMeeting(ctx context.Context, m *dangjian.Meeting) error {
	m.UpdatedAt = tx.Now
	_, err := tx.exec(ctx, `UPDATE meetings SET kind = $1, held_at = $2, month = $3, topic = $4, location = $5, host_id = $6, lecturer_id = $7,
		agenda = $8, minutes = $9, decisions = $10, merged_with_admin = $11, suspected_merged = $12, separate_reason = $13,
		quorum_required = $14, quorum_present = $15, quorum_met = $16, counted = $17, deleted = $18, delete_reason = $19, updated_at = $20
		WHERE id = $21`,
		m.Kind, m.HeldAt.UTC(), m.Month(), m.Topic, m.Location, m.HostID, m.LecturerID, m.Agenda, m.Minutes, m.Decisions,
		m.MergedWithAdmin, m.SuspectedMerged, m.SeparateReason, m.Quorum.Required, m.Quorum.Present, m.Quorum.Met, m.Counted,
		m.Deleted, m.DeleteReason, tx.Now, m.ID)
	if err != nil {
		return fmt.Errorf("update meeting: %w", err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM meeting_attendance WHERE meeting_id = $1`, m.ID); err != nil {
		return fmt.Errorf("clear attendance: %w", err)
	}
	return tx.insertAttendance(ctx, m)
}

// Meeting returns the meeting with id and its attendance, deleted or not.
func (tx *Tx) Meeting(ctx context.Context, id int64) (*dangjian.Meeting, error) {
	m, err := scanMeeting(tx.queryRow(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE mt.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "会议")
	}
	rows, err := tx.query(ctx, `SELECT a.member_id, m.name, a.status, a.reason FROM meeting_attendance a JOIN members m ON m.id = a.member_id
		WHERE a.meeting_id = $1 ORDER BY m.name, a.member_id`, id)
	if err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	defer rows.Close()
	m.Attendance = []dangjian.Attendance{}
	for rows.Next() {
		var a dangjian.Attendance
		if err := rows.Scan(&a.MemberID, &a.Name, &a.Status, &a.Reason); err != nil {
			return nil, fmt.Errorf("scan attendance: %w", err)
		}
		m.Attendance = append(m.Attendance, a)
	}
	return m, rows.Err()
}

// Meetings lists the meetings matching f that are not deleted, newest
// first, with the total before paging; attendance is not loaded.
func (tx *Tx) Meetings(ctx context.Context, f dangjian.MeetingFilter) ([]*dangjian.Meeting, int, error) {
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
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := tx.query(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE `+cond+
		fmt.Sprintf(` ORDER BY mt.held_at DESC, mt.id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list meetings: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan meeting: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list meetings: %w", err)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*)`+meetingFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count meetings: %w", err)
	}
	return out, total, nil
}

// BumpMeetingCount adds d to the meetings that count for an organization,
// kind and month (YYYY-MM, CST), and rewrites the organization's packed
// row of that year in org_year_counts from meeting_counts, in the same
// transaction. The packed row is locked first (an upsert that changes
// nothing), so that two transactions bumping the same organization and
// year take turns and the second reads what the first committed: on
// PostgreSQL at read committed each statement sees the rows committed
// before it began.
func (tx *Tx) BumpMeetingCount(ctx context.Context, orgID int64, kind, month string, d int) error {
	year, _, ok := dangjian.ParseMonth(month)
	if !ok {
		return fmt.Errorf("bump meeting count: month %q is not YYYY-MM", month)
	}
	if _, err := tx.exec(ctx, `INSERT INTO org_year_counts (org_id, year, counts) VALUES ($1, $2, '')
		ON CONFLICT (org_id, year) DO UPDATE SET counts = org_year_counts.counts`, orgID, year); err != nil {
		return fmt.Errorf("lock year counts: %w", err)
	}
	_, err := tx.exec(ctx, `INSERT INTO meeting_counts (org_id, kind, month, counted) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org_id, kind, month) DO UPDATE SET counted = meeting_counts.counted + excluded.counted`, orgID, kind, month, d)
	if err != nil {
		return fmt.Errorf("bump meeting count: %w", err)
	}
	counts, err := tx.MeetingCounts(ctx, []int64{orgID}, year)
	if err != nil {
		return err
	}
	packed := dangjian.YearCountsOf(counts[orgID], year)
	if _, err := tx.exec(ctx, `UPDATE org_year_counts SET counts = $1 WHERE org_id = $2 AND year = $3`, packed.String(), orgID, year); err != nil {
		return fmt.Errorf("update year counts: %w", err)
	}
	return nil
}

// YearCounts returns an organization's packed meeting counts of year
// (org_year_counts); all zero when it has no row.
func (tx *Tx) YearCounts(ctx context.Context, orgID int64, year int) (dangjian.YearCounts, error) {
	var s string
	err := tx.queryRow(ctx, `SELECT counts FROM org_year_counts WHERE org_id = $1 AND year = $2`, orgID, year).Scan(&s)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return dangjian.YearCounts{}, fmt.Errorf("year counts: %w", err)
	}
	c, err := dangjian.ParseYearCounts(s)
	if err != nil {
		return c, fmt.Errorf("organization %d, %d: %w", orgID, year, err)
	}
	return c, nil
}

// RebuildYearCounts recomputes every row of org_year_counts from
// meeting_counts, in one pass over meeting_counts in key order; a bulk
// load that writes meeting_counts directly calls it once at the end.
func (tx *Tx) RebuildYearCounts(ctx context.Context) error {
	type packed struct {
		org    int64
		year   int
		counts string
	}
	var out []packed
	years := map[int]*dangjian.YearCounts{}
	org := int64(-1)
	flush := func() {
		for y, c := range years {
			if s := c.String(); s != "" {
				out = append(out, packed{org, y, s})
			}
		}
		clear(years)
	}
	rows, err := tx.query(ctx, `SELECT org_id, kind, month, counted FROM meeting_counts WHERE counted <> 0 ORDER BY org_id, kind, month`)
	if err != nil {
		return fmt.Errorf("rebuild year counts: %w", err)
	}
	for rows.Next() {
		var id int64
		var kind, month string
		var n int
		if err := rows.Scan(&id, &kind, &month, &n); err != nil {
			rows.Close()
			return fmt.Errorf("scan meeting count: %w", err)
		}
		if id != org {
			flush()
			org = id
		}
		y, m, ok := dangjian.ParseMonth(month)
		if !ok {
			rows.Close()
			return fmt.Errorf("rebuild year counts: organization %d has month %q", id, month)
		}
		c := years[y]
		if c == nil {
			c = &dangjian.YearCounts{}
			years[y] = c
		}
		if !c.Add(kind, m, n) {
			rows.Close()
			return fmt.Errorf("rebuild year counts: organization %d has meeting kind %q", id, kind)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rebuild year counts: %w", err)
	}
	flush()
	if _, err := tx.exec(ctx, `DELETE FROM org_year_counts`); err != nil {
		return fmt.Errorf("clear year counts: %w", err)
	}
	const chunk = 500
	for start := 0; start < len(out); start += chunk {
		batch := out[start:min(start+chunk, len(out))]
		var b strings.Builder
		args := make([]any, 0, 3*len(batch))
		for i, p := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($%d, $%d, $%d)", 3*i+1, 3*i+2, 3*i+3)
			args = append(args, p.org, p.year, p.counts)
		}
		if _, err := tx.exec(ctx, `INSERT INTO org_year_counts (org_id, year, counts) VALUES `+b.String(), args...); err != nil {
			return fmt.Errorf("insert year counts: %w", err)
		}
	}
	return nil
}

// MeetingCounts returns, for each organization asked for, the meetings
// that count in year by kind and month; every id asked for has an entry,
// empty when nothing counts.
func (tx *Tx) MeetingCounts(ctx context.Context, orgIDs []int64, year int) (map[int64]dangjian.MeetingCounts, error) {
	out := make(map[int64]dangjian.MeetingCounts, len(orgIDs))
	for _, id := range orgIDs {
		out[id] = dangjian.MeetingCounts{}
	}
	const chunk = 500
	y := strconv.Itoa(year)
	for start := 0; start < len(orgIDs); start += chunk {
		ids := orgIDs[start:min(start+chunk, len(orgIDs))]
		args := []any{y + "-01", y + "-12"}
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, `SELECT org_id, kind, month, counted FROM meeting_counts
			WHERE month >= $1 AND month <= $2 AND counted <> 0 AND org_id IN (`+placeholders(3, len(ids))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("meeting counts: %w", err)
		}
		for rows.Next() {
			var id int64
			var kind, month string
			var n int
			if err := rows.Scan(&id, &kind, &month, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan meeting count: %w", err)
			}
			c := out[id]
			if c[kind] == nil {
				c[kind] = map[string]int{}
			}
			c[kind][month] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("meeting counts: %w", err)
		}
	}
	return out, nil
}

// AddMeetingRevision keeps a meeting's values before a correction.
func (tx *Tx) AddMeetingRevision(ctx context.Context, r *dangjian.MeetingRevision) error {
	r.At = tx.Now
	err := tx.queryRow(ctx, `INSERT INTO meeting_revisions (meeting_id, user_id, actor, at, reason, old) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		r.MeetingID, r.UserID, r.Actor, tx.Now, r.Reason, r.Old).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert meeting revision: %w", err)
	}
	return nil
}

// MeetingRevisions returns a meeting's corrections, oldest first.
func (tx *Tx) MeetingRevisions(ctx context.Context, meetingID int64) ([]*dangjian.MeetingRevision, error) {
	rows, err := tx.query(ctx, `SELECT id, meeting_id, user_id, actor, at, reason, old FROM meeting_revisions WHERE meeting_id = $1 ORDER BY id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("meeting revisions: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.MeetingRevision
	for rows.Next() {
		var r dangjian.MeetingRevision
		var uid sql.NullInt64
		if err := rows.Scan(&r.ID, &r.MeetingID, &uid, &r.Actor, &r.At, &r.Reason, &r.Old); err != nil {
			return nil, fmt.Errorf("scan meeting revision: %w", err)
		}
		if uid.Valid {
			r.UserID = &uid.Int64
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// CreateAdminMeeting registers an administrative meeting.
func (tx *Tx) CreateAdminMeeting(ctx context.Context, m *dangjian.AdminMeeting) error {
	m.CreatedAt = tx.Now
	err := tx.queryRow(ctx, `INSERT INTO admin_meetings (org_id, held_at, ends_at, title, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		m.OrgID, m.HeldAt.UTC(), m.EndsAt.UTC(), m.Title, tx.Now).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("insert admin meeting: %w", err)
	}
	return nil
}

// OverlapsAdminMeeting reports whether an administrative meeting registered
// on any of orgIDs (a party organization and its ancestors) is under way
// at the instant at.
func (tx *Tx) OverlapsAdminMeeting(ctx context.Context, orgIDs []int64, at time.Time) (bool, error) {
	if len(orgIDs) == 0 {
		return false, nil
	}
	args := []any{at.UTC().Truncate(time.Second)}
	for _, id := range orgIDs {
		args = append(args, id)
	}
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM admin_meetings WHERE held_at <= $1 AND ends_at >= $1 AND org_id IN (`+
		placeholders(2, len(orgIDs))+`)`, args...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("admin meeting overlap: %w", err)
	}
	return n > 0, nil
}

// MeetingsDuring returns the ids of the meetings not deleted, of
// organizations in the subtree at path, held between from and to
// (inclusive); registering an administrative meeting flags them.
func (tx *Tx) MeetingsDuring(ctx context.Context, path string, from, to time.Time) ([]*dangjian.Meeting, error) {
	where, args := scopeWhere("o.path", []string{path}, 1)
	args = append(args, from.UTC().Truncate(time.Second), to.UTC().Truncate(time.Second))
	rows, err := tx.query(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE `+where+` AND mt.deleted = FALSE AND mt.held_at >= $3 AND mt.held_at <= $4 ORDER BY mt.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("meetings during: %w", err)
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
	return out, rows.Err()
}
