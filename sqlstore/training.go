package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dangjian/dangjian"
)

const trainingCols = `t.id, t.org_id, o.name, t.kind, t.title, t.start_on, t.end_on, t.topic, t.materials, t.meeting_id, t.duration, t.unit, t.hours,
	t.deleted, t.delete_reason, t.created_at, t.updated_at`

const trainingFrom = ` FROM trainings t JOIN orgs o ON o.id = t.org_id`

func scanTraining(row interface{ Scan(...any) error }) (*dangjian.Training, error) {
	var t dangjian.Training
	var meeting sql.NullInt64
	if err := row.Scan(&t.ID, &t.OrgID, &t.OrgName, &t.Kind, &t.Title, &t.StartOn, &t.EndOn, &t.Topic, &t.Materials, &meeting,
		&t.Duration, &t.Unit, &t.Hours, &t.Deleted, &t.DeleteReason, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return nil, err
	}
	if meeting.Valid {
		t.MeetingID = &meeting.Int64
	}
	return &t, nil
}

// CreateTraining inserts t with its participants (OrgID set by the
// caller) and sets its id; the caller recounts the hours.
func (tx *Tx) CreateTraining(ctx context.Context, t *dangjian.Training, userID *int64) error {
	t.CreatedAt, t.UpdatedAt = tx.Now, tx.Now
	err := tx.queryRow(ctx, `INSERT INTO trainings (org_id, kind, title, start_on, end_on, year, topic, materials, meeting_id, duration, unit, hours,
		deleted, delete_reason, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		t.OrgID, t.Kind, t.Title, t.StartOn, t.EndOn, t.Year(), t.Topic, t.Materials, t.MeetingID, t.Duration, t.Unit, t.Hours,
		t.Deleted, t.DeleteReason, userID, tx.Now, tx.Now).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("insert training: %w", err)
	}
	return tx.insertParticipants(ctx, t)
}

func (tx *Tx) insertParticipants(ctx context.Context, t *dangjian.Training) error {
	for _, p := range t.Participants {
		if _, err := tx.exec(ctx, `INSERT INTO training_participants (training_id, member_id, org_id, hours) VALUES ($1, $2, $3, $4)`,
			t.ID, p.MemberID, p.OrgID, p.Hours); err != nil {
			return fmt.Errorf("insert participant: %w", err)
		}
	}
	return nil
}

// UpdateTraining writes every field of t and replaces its participants.
func (tx *Tx) UpdateTraining(ctx context.Context, t *dangjian.Training) error {
	t.UpdatedAt = tx.Now
	_, err := tx.exec(ctx, `UPDATE trainings SET kind = $1, title = $2, start_on = $3, end_on = $4, year = $5, topic = $6, materials = $7,
		meeting_id = $8, duration = $9, unit = $10, hours = $11, deleted = $12, delete_reason = $13, updated_at = $14 WHERE id = $15`,
		t.Kind, t.Title, t.StartOn, t.EndOn, t.Year(), t.Topic, t.Materials, t.MeetingID, t.Duration, t.Unit, t.Hours,
		t.Deleted, t.DeleteReason, tx.Now, t.ID)
	if err != nil {
		return fmt.Errorf("update training: %w", err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM training_participants WHERE training_id = $1`, t.ID); err != nil {
		return fmt.Errorf("clear participants: %w", err)
	}
	return tx.insertParticipants(ctx, t)
}

// Training returns the training with id and its participants, deleted or not.
func (tx *Tx) Training(ctx context.Context, id int64) (*dangjian.Training, error) {
	t, err := scanTraining(tx.queryRow(ctx, `SELECT `+trainingCols+trainingFrom+` WHERE t.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "培训")
	}
	rows, err := tx.query(ctx, `SELECT p.member_id, m.name, p.org_id, p.hours FROM training_participants p JOIN members m ON m.id = p.member_id
		WHERE p.training_id = $1 ORDER BY m.name, p.member_id`, id)
	if err != nil {
		return nil, fmt.Errorf("participants: %w", err)
	}
	defer rows.Close()
	t.Participants = []dangjian.TrainingParticipant{}
	for rows.Next() {
		var p dangjian.TrainingParticipant
		if err := rows.Scan(&p.MemberID, &p.Name, &p.OrgID, &p.Hours); err != nil {
			return nil, fmt.Errorf("scan participant: %w", err)
		}
		t.Participants = append(t.Participants, p)
	}
	return t, rows.Err()
}

// Trainings lists the trainings matching f that are not deleted, newest
// first, with the participant count in Hours' place left alone and the
// total before paging; participants are not loaded.
func (tx *Tx) Trainings(ctx context.Context, f dangjian.TrainingFilter) ([]*dangjian.Training, int, error) {
	scopes := f.Scopes
	if f.OrgPath != "" {
		scopes = narrow(f.Scopes, f.OrgPath)
	}
	where, args := scopeWhere("o.path", scopes, 1)
	cond := where + " AND t.deleted = FALSE"
	add := func(c string, v any) {
		args = append(args, v)
		cond += fmt.Sprintf(" AND "+c, len(args))
	}
	if f.Kind != "" {
		add("t.kind = $%d", f.Kind)
	}
	if !f.From.IsZero() {
		add("t.start_on >= $%d", f.From)
	}
	if !f.To.IsZero() {
		add("t.start_on <= $%d", f.To)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*)`+trainingFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count trainings: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := tx.query(ctx, `SELECT `+trainingCols+`, (SELECT COUNT(*) FROM training_participants p WHERE p.training_id = t.id)`+trainingFrom+
		` WHERE `+cond+fmt.Sprintf(` ORDER BY t.start_on DESC, t.id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list trainings: %w", err)
	}
	defer rows.Close()
	out := []*dangjian.Training{}
	for rows.Next() {
		var n int
		t, err := scanTraining(scanExtra{rows, &n})
		if err != nil {
			return nil, 0, fmt.Errorf("scan training: %w", err)
		}
		// The list shows how many took part without loading them.
		t.Participants = make([]dangjian.TrainingParticipant, n)
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// scanExtra scans a row whose last columns follow a shared column list.
type scanExtra struct {
	row   interface{ Scan(...any) error }
	extra *int
}

func (s scanExtra) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// TrainingsOfMeeting returns the trainings (not deleted) crediting hours
// from a meeting.
func (tx *Tx) TrainingsOfMeeting(ctx context.Context, meetingID int64) ([]*dangjian.Training, error) {
	rows, err := tx.query(ctx, `SELECT `+trainingCols+trainingFrom+` WHERE t.meeting_id = $1 AND t.deleted = FALSE ORDER BY t.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("trainings of meeting: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.Training
	for rows.Next() {
		t, err := scanTraining(rows)
		if err != nil {
			return nil, fmt.Errorf("scan training: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// AddTrainingRevision keeps a training as it was before a change.
func (tx *Tx) AddTrainingRevision(ctx context.Context, r *dangjian.TrainingRevision) error {
	r.At = tx.Now
	err := tx.queryRow(ctx, `INSERT INTO training_revisions (training_id, user_id, actor, at, reason, old) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		r.TrainingID, r.UserID, r.Actor, r.At, r.Reason, r.Old).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert training revision: %w", err)
	}
	return nil
}

// TrainingRevisions returns a training's earlier versions, oldest first.
func (tx *Tx) TrainingRevisions(ctx context.Context, trainingID int64) ([]*dangjian.TrainingRevision, error) {
	rows, err := tx.query(ctx, `SELECT id, training_id, user_id, actor, at, reason, old FROM training_revisions WHERE training_id = $1 ORDER BY id`, trainingID)
	if err != nil {
		return nil, fmt.Errorf("training revisions: %w", err)
	}
	defer rows.Close()
	out := []*dangjian.TrainingRevision{}
	for rows.Next() {
		var r dangjian.TrainingRevision
		var uid sql.NullInt64
		if err := rows.Scan(&r.ID, &r.TrainingID, &uid, &r.Actor, &r.At, &r.Reason, &r.Old); err != nil {
			return nil, fmt.Errorf("scan training revision: %w", err)
		}
		if uid.Valid {
			r.UserID = &uid.Int64
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// concentratedKinds is the SQL list of dangjian.IsConcentrated kinds.
const concentratedKinds = `('` + dangjian.TrainingConcentrated + `', '` + dangjian.TrainingPartySchool + `')`

// RecountMemberHours recomputes the member_hours rows of the members in
// year from their participations: one aggregate query per member.
func (tx *Tx) RecountMemberHours(ctx context.Context, memberIDs []int64, year int) error {
	for _, id := range memberIDs {
		var h dangjian.HoursTotals
		var n int
		err := tx.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(p.hours), 0),
			COALESCE(SUM(CASE WHEN t.meeting_id IS NOT NULL THEN p.hours ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN t.meeting_id IS NULL AND t.kind IN `+concentratedKinds+` THEN 1 ELSE 0 END), 0)
			FROM training_participants p JOIN trainings t ON t.id = p.training_id
			WHERE p.member_id = $1 AND t.year = $2 AND t.deleted = FALSE`, id, year).Scan(&n, &h.Hours, &h.FromMeetings, &h.Concentrated)
		if err != nil {
			return fmt.Errorf("recount member hours: %w", err)
		}
		if n == 0 {
			if _, err := tx.exec(ctx, `DELETE FROM member_hours WHERE member_id = $1 AND year = $2`, id, year); err != nil {
				return fmt.Errorf("clear member hours: %w", err)
			}
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO member_hours (member_id, year, hours, from_meetings, concentrated) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (member_id, year) DO UPDATE SET hours = excluded.hours, from_meetings = excluded.from_meetings, concentrated = excluded.concentrated`,
			id, year, dangjian.RoundHours(h.Hours), dangjian.RoundHours(h.FromMeetings), h.Concentrated); err != nil {
			return fmt.Errorf("write member hours: %w", err)
		}
	}
	return nil
}

// MemberHoursTotals returns a member's hours of year (zero when none).
func (tx *Tx) MemberHoursTotals(ctx context.Context, memberID int64, year int) (dangjian.HoursTotals, error) {
	var h dangjian.HoursTotals
	err := tx.queryRow(ctx, `SELECT hours, from_meetings, concentrated FROM member_hours WHERE member_id = $1 AND year = $2`, memberID, year).
		Scan(&h.Hours, &h.FromMeetings, &h.Concentrated)
	if err == sql.ErrNoRows {
		return h, nil
	} else if err != nil {
		return h, fmt.Errorf("member hours: %w", err)
	}
	return h, nil
}

// HoursEntries returns a member's trainings of year, oldest first.
func (tx *Tx) HoursEntries(ctx context.Context, memberID int64, year int) ([]dangjian.HoursEntry, error) {
	rows, err := tx.query(ctx, `SELECT t.id, t.kind, t.title, o.name, t.start_on, t.end_on, p.hours, t.meeting_id
		FROM training_participants p JOIN trainings t ON t.id = p.training_id JOIN orgs o ON o.id = t.org_id
		WHERE p.member_id = $1 AND t.year = $2 AND t.deleted = FALSE ORDER BY t.start_on, t.id`, memberID, year)
	if err != nil {
		return nil, fmt.Errorf("hours entries: %w", err)
	}
	defer rows.Close()
	out := []dangjian.HoursEntry{}
	for rows.Next() {
		var e dangjian.HoursEntry
		var mid sql.NullInt64
		if err := rows.Scan(&e.TrainingID, &e.Kind, &e.Title, &e.OrgName, &e.StartOn, &e.EndOn, &e.Hours, &mid); err != nil {
			return nil, fmt.Errorf("scan hours entry: %w", err)
		}
		if mid.Valid {
			e.MeetingID = &mid.Int64
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FirstTrainedOn is the first day of a dedicated training (not from a
// meeting) the member attended on or after since; zero when none.
func (tx *Tx) FirstTrainedOn(ctx context.Context, memberID int64, since dangjian.Date) (dangjian.Date, error) {
	var d dangjian.Date
	err := tx.queryRow(ctx, `SELECT MIN(t.start_on) FROM training_participants p JOIN trainings t ON t.id = p.training_id
		WHERE p.member_id = $1 AND t.meeting_id IS NULL AND t.deleted = FALSE AND t.start_on >= $2`, memberID, since).Scan(&d)
	if err != nil {
		return d, fmt.Errorf("first trained: %w", err)
	}
	return d, nil
}

// postsSelect is the posts on current committees, with since: the start
// of the earliest term of that organization in which the member held the
// same post.
const postsSelect = `SELECT p.member_id, c.org_id, o.kind, p.post,
	(SELECT MIN(c2.term_start) FROM committees c2 JOIN committee_posts p2 ON p2.committee_id = c2.id
	 WHERE c2.org_id = c.org_id AND p2.member_id = p.member_id AND p2.post = p.post)
	FROM committee_posts p JOIN committees c ON c.id = p.committee_id AND c.current = TRUE JOIN orgs o ON o.id = c.org_id`

func (tx *Tx) posts(ctx context.Context, where string, args ...any) (map[int64][]dangjian.PostHeld, error) {
	rows, err := tx.query(ctx, postsSelect+` `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("posts held: %w", err)
	}
	defer rows.Close()
	out := map[int64][]dangjian.PostHeld{}
	for rows.Next() {
		var id int64
		var p dangjian.PostHeld
		if err := rows.Scan(&id, &p.OrgID, &p.OrgKind, &p.Post, &p.Since); err != nil {
			return nil, fmt.Errorf("scan post held: %w", err)
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

// PostsHeld returns the current committee posts of the members, by member.
func (tx *Tx) PostsHeld(ctx context.Context, memberIDs []int64) (map[int64][]dangjian.PostHeld, error) {
	if len(memberIDs) == 0 {
		return map[int64][]dangjian.PostHeld{}, nil
	}
	args := make([]any, len(memberIDs))
	for i, id := range memberIDs {
		args[i] = id
	}
	return tx.posts(ctx, `WHERE p.member_id IN (`+placeholders(1, len(args))+`)`, args...)
}

// HoursPerson is a member with their hours of a year.
type HoursPerson struct {
	MemberID int64
	Name     string
	OrgID    int64
	OrgName  string
	Totals   dangjian.HoursTotals
}

// OrgPeopleHours returns the active members an organization holds
// directly (by org_id) with their hours of year, by name.
func (tx *Tx) OrgPeopleHours(ctx context.Context, orgID int64, year int) ([]HoursPerson, error) {
	return tx.peopleHours(ctx, `WHERE m.org_id = $2 AND m.active = TRUE ORDER BY m.name, m.id`, year, orgID)
}

// SubtreePeopleHours returns a page of the active members in the subtree
// at path with their hours of year, in tree order.
func (tx *Tx) SubtreePeopleHours(ctx context.Context, path string, year, offset, limit int) ([]HoursPerson, error) {
	return tx.peopleHours(ctx, fmt.Sprintf(`WHERE m.org_path >= $2 AND m.org_path < $3 AND m.active = TRUE ORDER BY m.org_path, m.id LIMIT %d OFFSET %d`,
		limit, max(offset, 0)), year, path, dangjian.PathUpper(path))
}

func (tx *Tx) peopleHours(ctx context.Context, where string, year int, args ...any) ([]HoursPerson, error) {
	rows, err := tx.query(ctx, `SELECT m.id, m.name, m.org_id, o.name, COALESCE(h.hours, 0), COALESCE(h.from_meetings, 0), COALESCE(h.concentrated, 0)
		FROM members m JOIN orgs o ON o.id = m.org_id LEFT JOIN member_hours h ON h.member_id = m.id AND h.year = $1 `+where, append([]any{year}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("people hours: %w", err)
	}
	defer rows.Close()
	out := []HoursPerson{}
	for rows.Next() {
		var p HoursPerson
		if err := rows.Scan(&p.MemberID, &p.Name, &p.OrgID, &p.OrgName, &p.Totals.Hours, &p.Totals.FromMeetings, &p.Totals.Concentrated); err != nil {
			return nil, fmt.Errorf("scan people hours: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PutOrgHours writes an organization's hours row of a year.
func (tx *Tx) PutOrgHours(ctx context.Context, h *dangjian.OrgHours) error {
	_, err := tx.exec(ctx, `INSERT INTO org_year_hours (org_id, year, packed) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, year) DO UPDATE SET packed = excluded.packed`, h.OrgID, h.Year, h.Pack())
	if err != nil {
		return fmt.Errorf("write org hours: %w", err)
	}
	return nil
}

// HoursOrg is what the hours roll-up reads of one organization.
type HoursOrg struct {
	ID          int64
	Depth       int
	DirectCount int
	// Kept is false when the organization has no org_year_hours row of
	// the year: no training touched it, so all its members are short.
	Kept  bool
	Hours dangjian.OrgHours
}

// RollupHours calls fn with the organizations in the subtree at path that
// hold members, and those at depth ≤ maxDepth (the units a roll-up sums
// by), in tree order, each with its packed hours row of year: one range
// scan of the covering index orgs_hours and one primary-key look-up per
// organization. fn gets the same *HoursOrg each time, filled anew.
func (tx *Tx) RollupHours(ctx context.Context, path string, year, maxDepth int, fn func(*HoursOrg) error) error {
	rows, err := tx.query(ctx, `SELECT o.id, o.depth, o.direct_count, y.packed
		FROM orgs o LEFT JOIN org_year_hours y ON y.org_id = o.id AND y.year = $3
		WHERE o.path >= $1 AND o.path < $2 AND (o.direct_count > 0 OR o.depth <= $4) ORDER BY o.path`,
		path, dangjian.PathUpper(path), year, maxDepth)
	if err != nil {
		return fmt.Errorf("hours roll-up: %w", err)
	}
	defer rows.Close()
	var o HoursOrg
	var packed sql.RawBytes // valid until the next row: parsed at once, never kept
	for rows.Next() {
		if err := rows.Scan(&o.ID, &o.Depth, &o.DirectCount, &packed); err != nil {
			return fmt.Errorf("scan hours roll-up: %w", err)
		}
		o.Kept = packed != nil
		o.Hours = dangjian.OrgHours{OrgID: o.ID, Year: year}
		if o.Kept {
			if err := o.Hours.ParsePackedBytes(packed); err != nil {
				return fmt.Errorf("organization %d: %w", o.ID, err)
			}
		}
		if err := fn(&o); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("hours roll-up: %w", err)
	}
	return nil
}

// SecretaryLectures returns every party committee and leading group in
// the subtree at path, in tree order, with its current secretary and the
// lectures (not deleted) the secretary gave in [from, to).
func (tx *Tx) SecretaryLectures(ctx context.Context, path string, year int) ([]*dangjian.SecretaryLecture, error) {
	from := dangjian.NewDate(year, 1, 1).Time().Add(-8 * 3600e9) // CST midnight in UTC
	to := dangjian.NewDate(year+1, 1, 1).Time().Add(-8 * 3600e9)
	rows, err := tx.query(ctx, `SELECT o.id, o.name, o.kind, s.member_id, COALESCE(m.name, ''),
		CASE WHEN s.member_id IS NULL THEN 0 ELSE (SELECT COUNT(*) FROM meetings mt WHERE mt.lecturer_id = s.member_id AND mt.kind = $5
			AND mt.deleted = FALSE AND mt.held_at >= $3 AND mt.held_at < $4) END
		FROM orgs o LEFT JOIN committees c ON c.org_id = o.id AND c.current = TRUE
		LEFT JOIN committee_posts s ON s.committee_id = c.id AND s.post = $6
		LEFT JOIN members m ON m.id = s.member_id
		WHERE o.path >= $1 AND o.path < $2 AND o.kind IN ($7, $8) ORDER BY o.path`,
		path, dangjian.PathUpper(path), from, to, dangjian.MeetingLecture, dangjian.PostSecretary, dangjian.KindPartyCommittee, dangjian.KindLeadingGroup)
	if err != nil {
		return nil, fmt.Errorf("secretary lectures: %w", err)
	}
	defer rows.Close()
	out := []*dangjian.SecretaryLecture{}
	for rows.Next() {
		var l dangjian.SecretaryLecture
		var sid sql.NullInt64
		if err := rows.Scan(&l.OrgID, &l.OrgName, &l.Kind, &sid, &l.SecretaryName, &l.Lectures); err != nil {
			return nil, fmt.Errorf("scan secretary lecture: %w", err)
		}
		if sid.Valid {
			l.SecretaryID = &sid.Int64
		}
		out = append(out, &l)
	}
	return out, rows.Err()
}

// TrainingLoader writes a year of demo trainings in multi-row INSERTs,
// with member_hours and org_year_hours rows the caller computed.
type TrainingLoader struct {
	trainings, participants, memberHours, orgHours *batcher
}

// NewTrainingLoader returns a loader writing in tx; Close it before tx ends.
func (tx *Tx) NewTrainingLoader() *TrainingLoader {
	l := &TrainingLoader{}
	l.trainings = newBatcher(tx, "trainings", "id, org_id, kind, title, start_on, end_on, year, topic, materials, meeting_id, duration, unit, hours, created_at, updated_at")
	l.participants = newBatcher(tx, "training_participants", "training_id, member_id, org_id, hours", l.trainings)
	l.memberHours = newBatcher(tx, "member_hours", "member_id, year, hours, from_meetings, concentrated")
	l.orgHours = newBatcher(tx, "org_year_hours", "org_id, year, packed")
	return l
}

// NextTrainingID returns one past the largest training id.
func (tx *Tx) NextTrainingID(ctx context.Context) (int64, error) {
	var n int64
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM trainings`).Scan(&n); err != nil {
		return 0, fmt.Errorf("next training id: %w", err)
	}
	return n, nil
}

// AddTraining queues t (ID set) with its participants.
func (l *TrainingLoader) AddTraining(ctx context.Context, t *dangjian.Training) error {
	now := l.trainings.tx.Now
	t.CreatedAt, t.UpdatedAt = now, now
	if err := l.trainings.add(ctx, t.ID, t.OrgID, t.Kind, t.Title, t.StartOn, t.EndOn, t.Year(), t.Topic, t.Materials, t.MeetingID,
		t.Duration, t.Unit, t.Hours, now, now); err != nil {
		return err
	}
	for _, p := range t.Participants {
		if err := l.participants.add(ctx, t.ID, p.MemberID, p.OrgID, p.Hours); err != nil {
			return err
		}
	}
	return nil
}

// AddMemberHours queues a member's hours of a year.
func (l *TrainingLoader) AddMemberHours(ctx context.Context, memberID int64, year int, h dangjian.HoursTotals) error {
	return l.memberHours.add(ctx, memberID, year, dangjian.RoundHours(h.Hours), dangjian.RoundHours(h.FromMeetings), h.Concentrated)
}

// AddOrgHours queues an organization's hours row.
func (l *TrainingLoader) AddOrgHours(ctx context.Context, h *dangjian.OrgHours) error {
	return l.orgHours.add(ctx, h.OrgID, h.Year, h.Pack())
}

// Close flushes what is buffered, releases the statements and, on
// PostgreSQL, moves the trainings' id sequence past the ids written.
func (l *TrainingLoader) Close(ctx context.Context) error {
	all := []*batcher{l.trainings, l.participants, l.memberHours, l.orgHours}
	var first error
	for _, b := range all {
		if err := b.flush(ctx); err != nil && first == nil {
			first = err
		}
	}
	for _, b := range all {
		for n, st := range b.stmts {
			if err := st.Close(); err != nil && first == nil {
				first = fmt.Errorf("close %s loader: %w", b.table, err)
			}
			delete(b.stmts, n)
		}
	}
	tx := l.trainings.tx
	if first == nil && tx.db.engine == Postgres {
		if _, err := tx.exec(ctx, `SELECT setval(pg_get_serial_sequence('trainings', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM trainings`); err != nil {
			first = fmt.Errorf("sync trainings ids: %w", err)
		}
	}
	return first
}

// TrainingOrg is what the demo's training pass needs of an organization.
type TrainingOrg struct {
	ID       int64
	ParentID int64
	Kind     string
	Name     string
}

// TrainingOrgs returns the organizations of the subtree at path in tree order.
func (tx *Tx) TrainingOrgs(ctx context.Context, path string) ([]TrainingOrg, error) {
	rows, err := tx.query(ctx, `SELECT id, COALESCE(parent_id, 0), kind, name FROM orgs WHERE path >= $1 AND path < $2 ORDER BY path`,
		path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("training orgs: %w", err)
	}
	defer rows.Close()
	var out []TrainingOrg
	for rows.Next() {
		var o TrainingOrg
		if err := rows.Scan(&o.ID, &o.ParentID, &o.Kind, &o.Name); err != nil {
			return nil, fmt.Errorf("scan training org: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ActiveMemberOrgs calls fn with every active member of the subtree at
// path and the organization holding them, by organization then id.
func (tx *Tx) ActiveMemberOrgs(ctx context.Context, path string, fn func(memberID, orgID int64) error) error {
	rows, err := tx.query(ctx, `SELECT id, org_id FROM members WHERE org_path >= $1 AND org_path < $2 AND active = TRUE ORDER BY org_id, id`,
		path, dangjian.PathUpper(path))
	if err != nil {
		return fmt.Errorf("active members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, org int64
		if err := rows.Scan(&id, &org); err != nil {
			return fmt.Errorf("scan active member: %w", err)
		}
		if err := fn(id, org); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PostsUnder returns the current committee posts of the subtree at path,
// by member, each with the start of its current term as since (the demo
// holds one committee per organization).
func (tx *Tx) PostsUnder(ctx context.Context, path string) (map[int64][]dangjian.PostHeld, error) {
	rows, err := tx.query(ctx, `SELECT p.member_id, c.org_id, o.kind, p.post, c.term_start
		FROM committee_posts p JOIN committees c ON c.id = p.committee_id AND c.current = TRUE JOIN orgs o ON o.id = c.org_id
		WHERE o.path >= $1 AND o.path < $2`, path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("posts under: %w", err)
	}
	defer rows.Close()
	out := map[int64][]dangjian.PostHeld{}
	for rows.Next() {
		var id int64
		var p dangjian.PostHeld
		if err := rows.Scan(&id, &p.OrgID, &p.OrgKind, &p.Post, &p.Since); err != nil {
			return nil, fmt.Errorf("scan post: %w", err)
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

// MeetingRef is a meeting's id, kind, when it was held, and who was
// present where attendance rows were kept (nil for a record by counts).
type MeetingRef struct {
	ID      int64
	Kind    string
	HeldAt  time.Time
	Present []int64
}

// MeetingsOfKinds returns the meetings of the kinds (not deleted) held in
// [from, to), by organization, oldest first, with who was present: one
// range scan of the held_at index, each meeting's attendance read by its
// primary key (the LEFT JOIN keeps the meetings the outer loop).
func (tx *Tx) MeetingsOfKinds(ctx context.Context, kinds []string, from, to time.Time) (map[int64][]*MeetingRef, error) {
	args := []any{from.UTC(), to.UTC(), dangjian.AttendPresent}
	for _, k := range kinds {
		args = append(args, k)
	}
	rows, err := tx.query(ctx, `SELECT mt.id, mt.org_id, mt.kind, mt.held_at, a.member_id
		FROM meetings mt LEFT JOIN meeting_attendance a ON a.meeting_id = mt.id AND a.status = $3
		WHERE mt.held_at >= $1 AND mt.held_at < $2 AND mt.deleted = FALSE AND mt.kind IN (`+placeholders(4, len(kinds))+`)
		ORDER BY mt.held_at, mt.id, a.member_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("meetings of kinds: %w", err)
	}
	defer rows.Close()
	out := map[int64][]*MeetingRef{}
	var last *MeetingRef
	for rows.Next() {
		var m MeetingRef
		var org int64
		var member sql.NullInt64
		if err := rows.Scan(&m.ID, &org, &m.Kind, &m.HeldAt, &member); err != nil {
			return nil, fmt.Errorf("scan meeting: %w", err)
		}
		if last == nil || last.ID != m.ID {
			last = &m
			out[org] = append(out[org], last)
		}
		if member.Valid {
			last.Present = append(last.Present, member.Int64)
		}
	}
	return out, rows.Err()
}

// ClearTrainings removes every training and the hours kept from them:
// for the demo pass's benchmark, which runs the pass again.
func (tx *Tx) ClearTrainings(ctx context.Context) error {
	for _, t := range []string{"training_participants", "training_revisions", "member_hours", "org_year_hours", "trainings"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	return nil
}

// OrgHoursRow returns an organization's kept hours row of year and
// whether there is one.
func (tx *Tx) OrgHoursRow(ctx context.Context, orgID int64, year int) (dangjian.OrgHours, bool, error) {
	h := dangjian.OrgHours{OrgID: orgID, Year: year}
	var packed string
	err := tx.queryRow(ctx, `SELECT packed FROM org_year_hours WHERE org_id = $1 AND year = $2`, orgID, year).Scan(&packed)
	if err == sql.ErrNoRows {
		return h, false, nil
	} else if err != nil {
		return h, false, fmt.Errorf("org hours: %w", err)
	}
	if err := h.ParsePacked(packed); err != nil {
		return h, false, fmt.Errorf("organization %d: %w", orgID, err)
	}
	return h, true, nil
}

// ChildNames returns the name and kind of each child of an organization:
// the units a roll-up sums by, read through the parent index.
func (tx *Tx) ChildNames(ctx context.Context, parentID int64) (map[int64][2]string, error) {
	rows, err := tx.query(ctx, `SELECT id, name, kind FROM orgs WHERE parent_id = $1`, parentID)
	if err != nil {
		return nil, fmt.Errorf("child names: %w", err)
	}
	defer rows.Close()
	out := map[int64][2]string{}
	for rows.Next() {
		var id int64
		var name, kind string
		if err := rows.Scan(&id, &name, &kind); err != nil {
			return nil, fmt.Errorf("scan child: %w", err)
		}
		out[id] = [2]string{name, kind}
	}
	return out, rows.Err()
}
