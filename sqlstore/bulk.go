package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
)

// Bulk loading: the demo generator (and later imports) write hundreds of
// thousands of rows, so they give the ids themselves and the Loader sends
// them as multi-row INSERTs through statements prepared once. The caller
// owns the ids: it takes them from NextIDs inside the same transaction and
// calls SyncIDs before committing.

// maxBatchParams stays under SQLite's 32,766 host parameters (PostgreSQL
// allows 65,535); maxBatchRows is where larger statements stop paying off.
const (
	maxBatchParams = 32766
	maxBatchRows   = 100
)

// NextIDs are the first free ids of the tables a Loader writes.
type NextIDs struct {
	Org, Member, Committee, MemberMove int64
}

// NextIDs returns one past the largest id of each table the Loader writes.
func (tx *Tx) NextIDs(ctx context.Context) (NextIDs, error) {
	var n NextIDs
	err := tx.queryRow(ctx, `SELECT
		(SELECT COALESCE(MAX(id), 0) + 1 FROM orgs),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM members),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM committees),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM member_moves)`).Scan(&n.Org, &n.Member, &n.Committee, &n.MemberMove)
	if err != nil {
		return n, fmt.Errorf("next ids: %w", err)
	}
	return n, nil
}

// SyncIDs moves PostgreSQL's identity sequences past the ids a Loader
// wrote, so later inserts that leave the id to the database do not collide.
// SQLite takes max(id)+1 by itself.
func (tx *Tx) SyncIDs(ctx context.Context) error {
	if tx.db.engine != Postgres {
		return nil
	}
	for _, t := range []string{"orgs", "members", "committees", "member_moves", "meetings", "talks", "admin_meetings"} {
		// is_called = false for an empty table makes the next id 1.
		q := `SELECT setval(pg_get_serial_sequence('` + t + `', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM ` + t
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("sync %s ids: %w", t, err)
		}
	}
	return nil
}

// NextLifeIDs are the first free ids of the organizational-life tables a
// Loader writes.
type NextLifeIDs struct {
	Meeting, Talk, AdminMeeting int64
}

// NextLifeIDs returns one past the largest id of each organizational-life
// table the Loader writes.
func (tx *Tx) NextLifeIDs(ctx context.Context) (NextLifeIDs, error) {
	var n NextLifeIDs
	err := tx.queryRow(ctx, `SELECT
		(SELECT COALESCE(MAX(id), 0) + 1 FROM meetings),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM talks),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM admin_meetings)`).Scan(&n.Meeting, &n.Talk, &n.AdminMeeting)
	if err != nil {
		return n, fmt.Errorf("next life ids: %w", err)
	}
	return n, nil
}

// CountOrgs returns the number of organizations.
func (tx *Tx) CountOrgs(ctx context.Context) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count orgs: %w", err)
	}
	return n, nil
}

// loadCacheKiB is SQLite's page cache while loading: enough to keep the
// members' indexes in memory, which the random order of names and ID
// numbers otherwise turns into a write per row.
const loadCacheKiB = 64 << 10

// UpdateBulk is Update for loading many rows: on SQLite the writer's page
// cache grows for the while, and statement journals stay in memory (a
// multi-row INSERT inside a transaction keeps one, by default in a
// temporary file). Both must be set before the transaction begins.
func (db *DB) UpdateBulk(ctx context.Context, fn func(*Tx) error) (err error) {
	if db.engine != SQLite {
		return db.Update(ctx, fn)
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	defer conn.Close()
	var cache, temp int
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&temp); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	set := func(cache, temp int) error {
		// Not cancelled with ctx: the settings go back even when the load was.
		_, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d; PRAGMA temp_store = %d`, cache, temp))
		return err
	}
	if err := set(-loadCacheKiB, 2); err != nil { // 2: MEMORY
		return fmt.Errorf("bulk: %w", err)
	}
	defer func() {
		// The connection goes back to the pool: give it its settings back.
		if rerr := set(cache, temp); rerr != nil && err == nil {
			err = fmt.Errorf("bulk: restore settings: %w", rerr)
		}
	}()
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: stx, db: db, Now: db.Now()}
	if err := fn(tx); err != nil {
		_ = stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Loader buffers rows and writes them in multi-row INSERTs. Rows that
// reference others (a member its branch, a post its committee) are written
// after what they reference, whatever order they were added in.
type Loader struct {
	orgs, members, moves, committees, posts *batcher
	admin, meetings, attendance, counts     *batcher
	talks                                   *batcher
	all                                     []*batcher
}

// NewLoader returns a Loader writing in tx; Close it before tx ends.
func (tx *Tx) NewLoader() *Loader {
	l := &Loader{}
	l.orgs = newBatcher(tx, "orgs", "id, parent_id, name, kind, code, unit, staff_count, path, depth, created_at, updated_at")
	l.members = newBatcher(tx, "members", "id, org_id, group_id, org_path, name, gender, ethnicity, birth_date, id_enc, id_hash, id_mask, education, "+
		"status, joined_on, confirmed_on, leading_cadre, party_affairs, position, phone_enc, phone_mask, dues_category, dues_base, active, created_at, updated_at", l.orgs)
	l.moves = newBatcher(tx, "member_moves", "id, member_id, from_org_id, to_org_id, moved_on, reason, at", l.members)
	l.committees = newBatcher(tx, "committees", "id, org_id, term_start, term_end, current, created_at", l.orgs)
	l.posts = newBatcher(tx, "committee_posts", "committee_id, member_id, post", l.committees, l.members)
	l.admin = newBatcher(tx, "admin_meetings", "id, org_id, held_at, ends_at, title, created_at", l.orgs)
	l.meetings = newBatcher(tx, "meetings", "id, org_id, kind, held_at, month, topic, location, host_id, lecturer_id, agenda, minutes, decisions, "+
		"merged_with_admin, suspected_merged, separate_reason, imported, quorum_required, quorum_present, quorum_met, counted, created_at, updated_at",
		l.orgs, l.members)
	l.attendance = newBatcher(tx, "meeting_attendance", "meeting_id, member_id, status, reason", l.meetings, l.members)
	l.counts = newBatcher(tx, "meeting_counts", "org_id, kind, month, counted", l.orgs)
	l.talks = newBatcher(tx, "talks", "id, org_id, a_id, b_id, held_on, topic, created_at", l.orgs, l.members)
	l.all = []*batcher{l.orgs, l.members, l.moves, l.committees, l.posts, l.admin, l.meetings, l.attendance, l.counts, l.talks}
	return l
}

// AddOrg queues o, whose ID, ParentID, Path and Depth the caller has set.
// The counts start at zero; RecountOrgs sets them once the members are in.
func (l *Loader) AddOrg(ctx context.Context, o *dangjian.Org) error {
	o.CreatedAt, o.UpdatedAt = l.orgs.tx.Now, l.orgs.tx.Now
	return l.orgs.add(ctx, o.ID, o.ParentID, o.Name, o.Kind, o.Code, o.Unit, o.StaffCount, o.Path, o.Depth, o.CreatedAt, o.UpdatedAt)
}

// AddMember queues m, whose ID and OrgPath the caller has set; its ID and
// phone numbers are sealed as CreateMember seals them. Empty party-affairs
// and dues categories get their defaults, as Validate gives.
func (l *Loader) AddMember(ctx context.Context, m *dangjian.Member) error {
	tx := l.members.tx
	m.CreatedAt, m.UpdatedAt = tx.Now, tx.Now
	if m.PartyAffairs == "" {
		m.PartyAffairs = dangjian.PartyAffairsNone
	}
	if m.DuesCategory == "" {
		m.DuesCategory = dangjian.DuesInService
	}
	sl, err := tx.seal(m)
	if err != nil {
		return err
	}
	return l.members.add(ctx, m.ID, m.OrgID, m.GroupID, m.OrgPath, m.Name, m.Gender, m.Ethnicity, m.BirthDate, sl.idEnc, sl.idHash, sl.idMask, m.Education,
		m.Status, m.JoinedOn, m.ConfirmedOn, m.LeadingCadre, m.PartyAffairs, m.Position, sl.phoneEnc, sl.phoneMask, m.DuesCategory, m.DuesBase, m.Active, tx.Now, tx.Now)
}

// AddMemberMove queues an entry of a member's history, with its ID set.
func (l *Loader) AddMemberMove(ctx context.Context, mv *dangjian.MemberMove) error {
	mv.At = l.moves.tx.Now
	return l.moves.add(ctx, mv.ID, mv.MemberID, mv.FromOrgID, mv.ToOrgID, mv.MovedOn, mv.Reason, mv.At)
}

// AddCommittee queues c, with its ID set, as its organization's current
// committee, and its posts. The organization must have no committee yet.
func (l *Loader) AddCommittee(ctx context.Context, c *dangjian.Committee) error {
	c.Current = true
	if err := l.committees.add(ctx, c.ID, c.OrgID, c.TermStart, c.TermEnd, true, l.committees.tx.Now); err != nil {
		return err
	}
	for _, p := range c.Posts {
		if err := l.posts.add(ctx, c.ID, p.MemberID, p.Post); err != nil {
			return err
		}
	}
	return nil
}

// AddMeeting queues m, with its ID, Quorum and Counted set by the caller,
// and its attendance rows (none when m.Attendance is nil). The caller
// keeps meeting_counts in step with AddMeetingCount.
func (l *Loader) AddMeeting(ctx context.Context, m *dangjian.Meeting) error {
	now := l.meetings.tx.Now
	m.CreatedAt, m.UpdatedAt = now, now
	if err := l.meetings.add(ctx, m.ID, m.OrgID, m.Kind, m.HeldAt.UTC(), m.Month(), m.Topic, m.Location, m.HostID, m.LecturerID, m.Agenda, m.Minutes,
		m.Decisions, m.MergedWithAdmin, m.SuspectedMerged, m.SeparateReason, m.Imported, m.Quorum.Required, m.Quorum.Present, m.Quorum.Met,
		m.Counted, now, now); err != nil {
		return err
	}
	for _, a := range m.Attendance {
		if err := l.attendance.add(ctx, m.ID, a.MemberID, a.Status, a.Reason); err != nil {
			return err
		}
	}
	return nil
}

// AddMeetingCount queues the count of meetings that count for an
// organization, kind and month (YYYY-MM, CST); each key at most once.
func (l *Loader) AddMeetingCount(ctx context.Context, orgID int64, kind, month string, counted int) error {
	return l.counts.add(ctx, orgID, kind, month, counted)
}

// AddTalk queues t, with its ID set.
func (l *Loader) AddTalk(ctx context.Context, t *dangjian.Talk) error {
	t.CreatedAt = l.talks.tx.Now
	return l.talks.add(ctx, t.ID, t.OrgID, t.AID, t.BID, t.HeldOn, t.Topic, t.CreatedAt)
}

// AddAdminMeeting queues an administrative meeting, with its ID set.
func (l *Loader) AddAdminMeeting(ctx context.Context, m *dangjian.AdminMeeting) error {
	m.CreatedAt = l.admin.tx.Now
	return l.admin.add(ctx, m.ID, m.OrgID, m.HeldAt.UTC(), m.EndsAt.UTC(), m.Title, m.CreatedAt)
}

// Flush writes every buffered row.
func (l *Loader) Flush(ctx context.Context) error {
	for _, b := range l.all {
		if err := b.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the prepared statements; it does not flush.
func (l *Loader) Close() error {
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

// batcher collects the rows of one table and writes them rowsPer at a
// time. A flush that finds fewer rows (because rows that reference them
// are about to be written) sends them in power-of-two chunks, so every
// statement it runs is one of a few prepared once.
type batcher struct {
	tx      *Tx
	table   string
	cols    string
	ncols   int
	rowsPer int
	deps    []*batcher // flushed first: the rows these reference
	args    []any
	stmts   map[int]*sql.Stmt // by rows per statement
}

func newBatcher(tx *Tx, table, cols string, deps ...*batcher) *batcher {
	n := strings.Count(cols, ",") + 1
	return &batcher{tx: tx, table: table, cols: cols, ncols: n, rowsPer: min(maxBatchRows, maxBatchParams/n), deps: deps, stmts: map[int]*sql.Stmt{}}
}

func (b *batcher) add(ctx context.Context, vals ...any) error {
	if len(vals) != b.ncols {
		return fmt.Errorf("%s loader: %d values for %d columns", b.table, len(vals), b.ncols)
	}
	if b.args == nil {
		b.args = make([]any, 0, b.rowsPer*b.ncols)
	}
	b.args = append(b.args, vals...)
	if len(b.args) == b.rowsPer*b.ncols {
		return b.flush(ctx)
	}
	return nil
}

// insertSQL is "INSERT INTO t (cols) VALUES (…), (…)" for rows rows.
// SQLite gets anonymous "?" parameters: it finds the name of a numbered
// one ($7) by walking a list, which made binding quadratic in the
// parameters of a statement and a 500-row insert slower than 25 rows.
func (b *batcher) insertSQL(rows int) string {
	var s strings.Builder
	s.Grow(40 + len(b.cols) + rows*b.ncols*7)
	s.WriteString("INSERT INTO ")
	s.WriteString(b.table)
	s.WriteString(" (")
	s.WriteString(b.cols)
	s.WriteString(") VALUES ")
	anon := b.tx.db.engine == SQLite
	p := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			s.WriteString(", ")
		}
		s.WriteByte('(')
		for c := 0; c < b.ncols; c++ {
			if c > 0 {
				s.WriteString(", ")
			}
			if anon {
				s.WriteByte('?')
			} else {
				s.WriteByte('$')
				s.WriteString(strconv.Itoa(p))
			}
			p++
		}
		s.WriteByte(')')
	}
	return s.String()
}

func (b *batcher) flush(ctx context.Context) error {
	if len(b.args) == 0 {
		return nil
	}
	for _, d := range b.deps {
		if err := d.flush(ctx); err != nil {
			return err
		}
	}
	for done := 0; done < len(b.args); {
		rows := (len(b.args) - done) / b.ncols
		if rows < b.rowsPer {
			rows = 1 << (bits.Len(uint(rows)) - 1)
		}
		st := b.stmts[rows]
		if st == nil {
			var err error
			if st, err = b.tx.tx.PrepareContext(ctx, b.insertSQL(rows)); err != nil {
				return fmt.Errorf("prepare %s insert: %w", b.table, err)
			}
			b.stmts[rows] = st
		}
		end := done + rows*b.ncols
		if _, err := st.ExecContext(ctx, b.args[done:end]...); err != nil {
			return fmt.Errorf("insert %d %s: %w", rows, b.table, err)
		}
		done = end
	}
	clear(b.args) // drop references so the strings can be collected
	b.args = b.args[:0]
	return nil
}
