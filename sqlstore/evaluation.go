package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
)

// Ballot boxes: the secret ballots of a campaign or a report.
const (
	BoxEvaluation  = "evaluation"
	BoxAdminReport = "admin_report"
)

// BallotCell is one cell of a box's tally: a subject (the member graded,
// 0 for a report) and a choice.
type BallotCell struct {
	SubjectID int64
	Choice    string
}

// BallotVoter is one person who may vote in a box and whether they did.
type BallotVoter = dangjian.BallotVoter

// OpenBallotBox creates the whole box at once: a voters row per voter
// (not voted) and a tally row per subject and choice (0 votes), both in
// key order, so that voting later only updates rows and never inserts.
func (tx *Tx) OpenBallotBox(ctx context.Context, box string, boxID int64, voters, subjects []int64, choices []string) error {
	voters = append([]int64(nil), voters...)
	subjects = append([]int64(nil), subjects...)
	sort.Slice(voters, func(i, j int) bool { return voters[i] < voters[j] })
	sort.Slice(subjects, func(i, j int) bool { return subjects[i] < subjects[j] })
	cs := append([]string(nil), choices...)
	sort.Strings(cs)
	const chunk = 200
	for i := 0; i < len(voters); i += chunk {
		part := voters[i:min(i+chunk, len(voters))]
		var b strings.Builder
		args := []any{box, boxID}
		for j, v := range part {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($1, $2, $%d, FALSE, FALSE)", len(args)+1)
			args = append(args, v)
		}
		if _, err := tx.exec(ctx, `INSERT INTO ballot_voters (box, box_id, member_id, voted, paper) VALUES `+b.String(), args...); err != nil {
			return fmt.Errorf("open ballot box voters: %w", err)
		}
	}
	var cells []BallotCell
	for _, s := range subjects {
		for _, c := range cs {
			cells = append(cells, BallotCell{s, c})
		}
	}
	for i := 0; i < len(cells); i += chunk {
		part := cells[i:min(i+chunk, len(cells))]
		var b strings.Builder
		args := []any{box, boxID}
		for j, c := range part {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($1, $2, $%d, $%d, 0)", len(args)+1, len(args)+2)
			args = append(args, c.SubjectID, c.Choice)
		}
		if _, err := tx.exec(ctx, `INSERT INTO ballot_tally (box, box_id, subject_id, choice, votes) VALUES `+b.String(), args...); err != nil {
			return fmt.Errorf("open ballot box tally: %w", err)
		}
	}
	return nil
}

// CastBallot marks voters as having voted (on paper or not) and adds
// votes to the tally. A voter not in the box is not found; one who voted
// already is a conflict. Both tables are rewritten whole for the box in
// one statement each, so nothing in them — row order, row versions,
// transaction ids — tells which rows this ballot changed.
func (tx *Tx) CastBallot(ctx context.Context, box string, boxID int64, voters []int64, paper bool, adds map[BallotCell]int) error {
	if len(voters) == 0 {
		return fmt.Errorf("cast ballot: no voter")
	}
	lock := ""
	if tx.db.engine == Postgres {
		// Lock the whole box's voter rows, always in member order: two
		// ballots of one box then run one after the other (a voter's
		// second ballot waits and sees voted), and never deadlock on the
		// whole-box updates below.
		lock = " FOR UPDATE"
	}
	rows, err := tx.query(ctx, `SELECT member_id, voted FROM ballot_voters WHERE box = $1 AND box_id = $2 ORDER BY member_id`+lock, box, boxID)
	if err != nil {
		return fmt.Errorf("ballot voters: %w", err)
	}
	state := map[int64]bool{}
	for rows.Next() {
		var id int64
		var v bool
		if err := rows.Scan(&id, &v); err != nil {
			rows.Close()
			return fmt.Errorf("scan ballot voter: %w", err)
		}
		state[id] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ballot voters: %w", err)
	}
	for _, v := range voters {
		voted, ok := state[v]
		if !ok {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "不在本次投票的选民名单中")
		}
		if voted {
			return dangjian.Errorf(dangjian.ECONFLICT, "已经投过票，每人只能投一次")
		}
	}
	args := []any{box, boxID}
	for _, v := range voters {
		args = append(args, v)
	}
	in := placeholders(3, len(voters))
	pos := len(args) + 1
	if _, err := tx.exec(ctx, `UPDATE ballot_voters SET voted = CASE WHEN member_id IN (`+in+`) THEN TRUE ELSE voted END,
		paper = CASE WHEN member_id IN (`+in+`) THEN $`+itoa(pos)+` ELSE paper END WHERE box = $1 AND box_id = $2`, append(args, paper)...); err != nil {
		return fmt.Errorf("mark voted: %w", err)
	}
	targs := []any{box, boxID}
	var b strings.Builder
	b.WriteString("CASE")
	cells := make([]BallotCell, 0, len(adds))
	for c := range adds {
		cells = append(cells, c)
	}
	sort.Slice(cells, func(i, j int) bool {
		if cells[i].SubjectID != cells[j].SubjectID {
			return cells[i].SubjectID < cells[j].SubjectID
		}
		return cells[i].Choice < cells[j].Choice
	})
	for _, c := range cells {
		n := len(targs)
		fmt.Fprintf(&b, " WHEN subject_id = $%d AND choice = $%d THEN $%d", n+1, n+2, n+3)
		targs = append(targs, c.SubjectID, c.Choice, adds[c])
	}
	b.WriteString(" ELSE 0 END")
	if len(cells) == 0 {
		b.Reset()
		b.WriteString("0")
	}
	if _, err := tx.exec(ctx, `UPDATE ballot_tally SET votes = votes + `+b.String()+` WHERE box = $1 AND box_id = $2`, targs...); err != nil {
		return fmt.Errorf("count ballot: %w", err)
	}
	return nil
}

// BallotVoters returns who may vote in a box, by name, with whether they
// voted.
func (tx *Tx) BallotVoters(ctx context.Context, box string, boxID int64) ([]BallotVoter, error) {
	rows, err := tx.query(ctx, `SELECT v.member_id, m.name, v.voted, v.paper FROM ballot_voters v JOIN members m ON m.id = v.member_id
		WHERE v.box = $1 AND v.box_id = $2 ORDER BY m.name, v.member_id`, box, boxID)
	if err != nil {
		return nil, fmt.Errorf("ballot voters: %w", err)
	}
	defer rows.Close()
	var out []BallotVoter
	for rows.Next() {
		var v BallotVoter
		if err := rows.Scan(&v.MemberID, &v.Name, &v.Voted, &v.Paper); err != nil {
			return nil, fmt.Errorf("scan ballot voter: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// BallotVoter returns one voter's row of a box; nil when not a voter.
func (tx *Tx) BallotVoter(ctx context.Context, box string, boxID, memberID int64) (*BallotVoter, error) {
	v := BallotVoter{MemberID: memberID}
	err := tx.queryRow(ctx, `SELECT voted, paper FROM ballot_voters WHERE box = $1 AND box_id = $2 AND member_id = $3`, box, boxID, memberID).Scan(&v.Voted, &v.Paper)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ballot voter: %w", err)
	}
	return &v, nil
}

// Tally returns a box's counts by cell.
func (tx *Tx) Tally(ctx context.Context, box string, boxID int64) (map[BallotCell]int, error) {
	rows, err := tx.query(ctx, `SELECT subject_id, choice, votes FROM ballot_tally WHERE box = $1 AND box_id = $2`, box, boxID)
	if err != nil {
		return nil, fmt.Errorf("tally: %w", err)
	}
	defer rows.Close()
	out := map[BallotCell]int{}
	for rows.Next() {
		var c BallotCell
		var n int
		if err := rows.Scan(&c.SubjectID, &c.Choice, &n); err != nil {
			return nil, fmt.Errorf("scan tally: %w", err)
		}
		out[c] = n
	}
	return out, rows.Err()
}

// turnout fills the voter counts of boxes: voters, voted, on paper.
func (tx *Tx) turnout(ctx context.Context, box string, ids []int64) (map[int64][3]int, error) {
	out := map[int64][3]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{box}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := tx.query(ctx, `SELECT box_id, COUNT(*), SUM(CASE WHEN voted THEN 1 ELSE 0 END), SUM(CASE WHEN paper THEN 1 ELSE 0 END)
		FROM ballot_voters WHERE box = $1 AND box_id IN (`+placeholders(2, len(ids))+`) GROUP BY box_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("turnout: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n [3]int
		if err := rows.Scan(&id, &n[0], &n[1], &n[2]); err != nil {
			return nil, fmt.Errorf("scan turnout: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

func itoa(n int) string { return fmt.Sprint(n) }

const evaluationCols = `e.id, e.org_id, o.name, o.path, e.year, e.state, e.excellent_reason, e.meeting_id, e.decided_on, e.decision_note,
	e.created_at, e.updated_at, e.closed_at, e.published_at,
	(SELECT COUNT(*) FROM evaluation_candidates c WHERE c.evaluation_id = e.id)`

const evaluationFrom = ` FROM evaluations e JOIN orgs o ON o.id = e.org_id`

func scanEvaluation(row interface{ Scan(...any) error }) (*dangjian.Evaluation, error) {
	var e dangjian.Evaluation
	var meeting sql.NullInt64
	var decided dangjian.Date
	var closed, published sql.NullTime
	if err := row.Scan(&e.ID, &e.OrgID, &e.OrgName, &e.OrgPath, &e.Year, &e.State, &e.ExcellentReason, &meeting, &decided, &e.DecisionNote,
		&e.CreatedAt, &e.UpdatedAt, &closed, &published, &e.Candidates); err != nil {
		return nil, err
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	if meeting.Valid {
		e.MeetingID = &meeting.Int64
	}
	if !decided.IsZero() {
		e.DecidedOn = &decided
	}
	if closed.Valid {
		t := closed.Time.UTC()
		e.ClosedAt = &t
	}
	if published.Valid {
		t := published.Time.UTC()
		e.PublishedAt = &t
	}
	return &e, nil
}

// CreateEvaluation inserts a campaign with its candidates and opens its
// ballot box: every candidate may vote and be graded. A second campaign
// of the same organization and year is a conflict.
func (tx *Tx) CreateEvaluation(ctx context.Context, e *dangjian.Evaluation, cands []dangjian.EvalCandidate, by *int64) error {
	e.CreatedAt, e.UpdatedAt = tx.Now, tx.Now
	err := tx.queryRow(ctx, `INSERT INTO evaluations (org_id, year, state, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
		e.OrgID, e.Year, e.State, by, tx.Now).Scan(&e.ID)
	if isUniqueViolation(err) {
		return dangjian.Errorf(dangjian.ECONFLICT, "该党支部%d年度的民主评议已经开启", e.Year)
	}
	if err != nil {
		return fmt.Errorf("insert evaluation: %w", err)
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.MemberID
		if _, err := tx.exec(ctx, `INSERT INTO evaluation_candidates (evaluation_id, member_id, name) VALUES ($1, $2, $3)`, e.ID, c.MemberID, c.Name); err != nil {
			return fmt.Errorf("insert candidate: %w", err)
		}
	}
	e.Candidates, e.Voters = len(cands), len(cands)
	return tx.OpenBallotBox(ctx, BoxEvaluation, e.ID, ids, ids, dangjian.Grades)
}

// Evaluation returns one campaign with its turnout.
func (tx *Tx) Evaluation(ctx context.Context, id int64) (*dangjian.Evaluation, error) {
	e, err := scanEvaluation(tx.queryRow(ctx, `SELECT `+evaluationCols+evaluationFrom+` WHERE e.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "民主评议")
	}
	return e, fillTurnout(ctx, tx, BoxEvaluation, []*dangjian.Evaluation{e}, evaluationTurnout)
}

// fillTurnout sets the voter counts of items balloted in boxes of kind
// box (campaigns, administrative reports); counts gives an item's id and
// where its voters, voted and paper counts go.
func fillTurnout[T any](ctx context.Context, tx *Tx, box string, items []T, counts func(T) (id int64, voters, voted, paper *int)) error {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i], _, _, _ = counts(it)
	}
	t, err := tx.turnout(ctx, box, ids)
	if err != nil {
		return err
	}
	for _, it := range items {
		id, voters, voted, paper := counts(it)
		n := t[id]
		*voters, *voted, *paper = n[0], n[1], n[2]
	}
	return nil
}

func evaluationTurnout(e *dangjian.Evaluation) (int64, *int, *int, *int) {
	return e.ID, &e.Voters, &e.Voted, &e.PaperVoted
}

// EvaluationFilter selects campaigns: in the subtrees Scopes (one of them
// must hold), optionally one org's subtree, a year and a state.
type EvaluationFilter struct {
	Scopes  []string
	OrgPath string
	Year    int
	State   string
	Member  int64 // only campaigns this member is a candidate of
	Offset  int
	Limit   int
}

// Evaluations lists campaigns, newest year first, with turnout.
func (tx *Tx) Evaluations(ctx context.Context, f EvaluationFilter) ([]*dangjian.Evaluation, int, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + itoa(len(args)) }
	if f.Member == 0 {
		if len(f.Scopes) == 0 {
			return nil, 0, nil
		}
		var ors []string
		for _, s := range f.Scopes {
			ors = append(ors, "o.path LIKE "+arg(s+"%"))
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	} else {
		where = append(where, "EXISTS (SELECT 1 FROM evaluation_candidates c WHERE c.evaluation_id = e.id AND c.member_id = "+arg(f.Member)+")")
	}
	if f.OrgPath != "" {
		where = append(where, "o.path LIKE "+arg(f.OrgPath+"%"))
	}
	if f.Year != 0 {
		where = append(where, "e.year = "+arg(f.Year))
	}
	if f.State != "" {
		where = append(where, "e.state = "+arg(f.State))
	}
	w := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*)`+evaluationFrom+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count evaluations: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT ` + evaluationCols + evaluationFrom + w + ` ORDER BY e.year DESC, o.path, e.id LIMIT ` + arg(limit) + ` OFFSET ` + arg(f.Offset)
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("evaluations: %w", err)
	}
	var out []*dangjian.Evaluation
	for rows.Next() {
		e, err := scanEvaluation(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("scan evaluation: %w", err)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("evaluations: %w", err)
	}
	return out, total, fillTurnout(ctx, tx, BoxEvaluation, out, evaluationTurnout)
}

// UpdateEvaluation stores a campaign's state and decision fields. It is
// called for the secretary's steps only, never for a ballot, so
// updated_at cannot date a vote.
func (tx *Tx) UpdateEvaluation(ctx context.Context, e *dangjian.Evaluation) error {
	e.UpdatedAt = tx.Now
	var decided any
	if e.DecidedOn != nil {
		decided = *e.DecidedOn
	}
	_, err := tx.exec(ctx, `UPDATE evaluations SET state = $2, excellent_reason = $3, meeting_id = $4, decided_on = $5, decision_note = $6,
		closed_at = $7, published_at = $8, updated_at = $9 WHERE id = $1`,
		e.ID, e.State, e.ExcellentReason, e.MeetingID, decided, e.DecisionNote, nullTime(e.ClosedAt), nullTime(e.PublishedAt), tx.Now)
	if err != nil {
		return fmt.Errorf("update evaluation: %w", err)
	}
	return nil
}

// EvalCandidates returns a campaign's candidates by name.
func (tx *Tx) EvalCandidates(ctx context.Context, evalID int64) ([]dangjian.EvalCandidate, error) {
	rows, err := tx.query(ctx, `SELECT member_id, name, self_text, self_at, proposed, final FROM evaluation_candidates
		WHERE evaluation_id = $1 ORDER BY name, member_id`, evalID)
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	defer rows.Close()
	var out []dangjian.EvalCandidate
	for rows.Next() {
		var c dangjian.EvalCandidate
		var at sql.NullTime
		if err := rows.Scan(&c.MemberID, &c.Name, &c.SelfText, &at, &c.Proposed, &c.Final); err != nil {
			return nil, fmt.Errorf("scan candidate: %w", err)
		}
		if at.Valid {
			t := at.Time.UTC()
			c.SelfAt = &t
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetSelfEvaluation stores a candidate's self-evaluation.
func (tx *Tx) SetSelfEvaluation(ctx context.Context, evalID, memberID int64, text string) error {
	res, err := tx.exec(ctx, `UPDATE evaluation_candidates SET self_text = $3, self_at = $4 WHERE evaluation_id = $1 AND member_id = $2`, evalID, memberID, text, tx.Now)
	if err != nil {
		return fmt.Errorf("self evaluation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "您不在本次民主评议的名单中")
	}
	return nil
}

// SetGrades stores the proposed (final false) or decided (final true)
// grade of each candidate named in grades.
func (tx *Tx) SetGrades(ctx context.Context, evalID int64, grades map[int64]string, final bool) error {
	col := "proposed"
	if final {
		col = "final"
	}
	ids := make([]int64, 0, len(grades))
	for id := range grades {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		if _, err := tx.exec(ctx, `UPDATE evaluation_candidates SET `+col+` = $3 WHERE evaluation_id = $1 AND member_id = $2`, evalID, id, grades[id]); err != nil {
			return fmt.Errorf("set grade: %w", err)
		}
	}
	return nil
}

const followUpCols = `f.id, f.evaluation_id, e.org_id, o.name, e.year, f.member_id, m.name, f.measure, f.outcome, f.outcome_on, f.created_at, f.updated_at`

const followUpFrom = ` FROM evaluation_followups f JOIN evaluations e ON e.id = f.evaluation_id JOIN orgs o ON o.id = e.org_id JOIN members m ON m.id = f.member_id`

func scanFollowUp(row interface{ Scan(...any) error }) (*dangjian.EvalFollowUp, error) {
	var f dangjian.EvalFollowUp
	var on dangjian.Date
	if err := row.Scan(&f.ID, &f.EvaluationID, &f.OrgID, &f.OrgName, &f.Year, &f.MemberID, &f.MemberName, &f.Measure, &f.Outcome, &on,
		&f.CreatedAt, &f.UpdatedAt); err != nil {
		return nil, err
	}
	f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	if !on.IsZero() {
		f.OutcomeOn = &on
	}
	return &f, nil
}

// OpenFollowUp opens the organizational-handling record of a member
// graded 不合格; opening it twice keeps the first.
func (tx *Tx) OpenFollowUp(ctx context.Context, evalID, memberID int64) error {
	_, err := tx.exec(ctx, `INSERT INTO evaluation_followups (evaluation_id, member_id, created_at, updated_at) VALUES ($1, $2, $3, $3)
		ON CONFLICT (evaluation_id, member_id) DO NOTHING`, evalID, memberID, tx.Now)
	if err != nil {
		return fmt.Errorf("open follow-up: %w", err)
	}
	return nil
}

// FollowUp returns one follow-up record.
func (tx *Tx) FollowUp(ctx context.Context, id int64) (*dangjian.EvalFollowUp, error) {
	f, err := scanFollowUp(tx.queryRow(ctx, `SELECT `+followUpCols+followUpFrom+` WHERE f.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "处置记录")
	}
	return f, nil
}

// FollowUps returns the follow-ups of a campaign, or (evalID 0) of an
// organization's subtree, oldest first.
func (tx *Tx) FollowUps(ctx context.Context, evalID int64, orgPath string) ([]*dangjian.EvalFollowUp, error) {
	q, arg := ` WHERE f.evaluation_id = $1`, any(evalID)
	if evalID == 0 {
		q, arg = ` WHERE o.path LIKE $1`, orgPath+"%"
	}
	rows, err := tx.query(ctx, `SELECT `+followUpCols+followUpFrom+q+` ORDER BY e.year DESC, o.path, m.name, f.id LIMIT 1000`, arg)
	if err != nil {
		return nil, fmt.Errorf("follow-ups: %w", err)
	}
	defer rows.Close()
	var out []*dangjian.EvalFollowUp
	for rows.Next() {
		f, err := scanFollowUp(rows)
		if err != nil {
			return nil, fmt.Errorf("scan follow-up: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// UpdateFollowUp stores a follow-up's measure and outcome.
func (tx *Tx) UpdateFollowUp(ctx context.Context, f *dangjian.EvalFollowUp) error {
	f.UpdatedAt = tx.Now
	var on any
	if f.OutcomeOn != nil {
		on = *f.OutcomeOn
	}
	if _, err := tx.exec(ctx, `UPDATE evaluation_followups SET measure = $2, outcome = $3, outcome_on = $4, updated_at = $5 WHERE id = $1`,
		f.ID, f.Measure, f.Outcome, on, tx.Now); err != nil {
		return fmt.Errorf("update follow-up: %w", err)
	}
	return nil
}

// BranchMembers returns the ids and names of the active members an
// organization holds directly, by id.
func (tx *Tx) BranchMembers(ctx context.Context, orgID int64) ([]dangjian.EvalCandidate, error) {
	return tx.memberNames(ctx, `SELECT id, name FROM members WHERE org_id = $1 AND active = TRUE ORDER BY id`, orgID)
}

// SubtreeMembers returns the ids and names of the active members of an
// organization's subtree, by id.
func (tx *Tx) SubtreeMembers(ctx context.Context, path string) ([]dangjian.EvalCandidate, error) {
	return tx.memberNames(ctx, `SELECT id, name FROM members WHERE org_path LIKE $1 AND active = TRUE ORDER BY id`, path+"%")
}

func (tx *Tx) memberNames(ctx context.Context, q string, arg any) ([]dangjian.EvalCandidate, error) {
	rows, err := tx.query(ctx, q, arg)
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	defer rows.Close()
	var out []dangjian.EvalCandidate
	for rows.Next() {
		var c dangjian.EvalCandidate
		if err := rows.Scan(&c.MemberID, &c.Name); err != nil {
			return nil, fmt.Errorf("scan member: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// nullTime is t as a nullable column value.
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// EvalLoader writes evaluations, reports and their ballot boxes in bulk,
// for the demo; the caller chooses the ids (see NextEvalIDs) and calls
// SyncEvalIDs afterwards.
type EvalLoader struct {
	evals, cands, followups, reports, voters, tally *batcher
}

// NewEvalLoader returns a loader writing in tx; Close it before tx ends.
func (tx *Tx) NewEvalLoader() *EvalLoader {
	evals := newBatcher(tx, "evaluations", "id, org_id, year, state, excellent_reason, meeting_id, decided_on, decision_note, created_at, updated_at, closed_at, published_at")
	reports := newBatcher(tx, "admin_reports", "id, org_id, year, reporter, title, body, meeting_id, reported_on, state, created_at, closed_at")
	return &EvalLoader{
		evals:     evals,
		cands:     newBatcher(tx, "evaluation_candidates", "evaluation_id, member_id, name, self_text, self_at, proposed, final", evals),
		followups: newBatcher(tx, "evaluation_followups", "id, evaluation_id, member_id, measure, outcome, outcome_on, created_at, updated_at", evals),
		reports:   reports,
		voters:    newBatcher(tx, "ballot_voters", "box, box_id, member_id, voted, paper"),
		tally:     newBatcher(tx, "ballot_tally", "box, box_id, subject_id, choice, votes"),
	}
}

// AddEvaluation queues a campaign (with its id set).
func (l *EvalLoader) AddEvaluation(ctx context.Context, e *dangjian.Evaluation) error {
	var decided any
	if e.DecidedOn != nil {
		decided = *e.DecidedOn
	}
	return l.evals.add(ctx, e.ID, e.OrgID, e.Year, e.State, e.ExcellentReason, e.MeetingID, decided, e.DecisionNote, e.CreatedAt, e.UpdatedAt,
		nullTime(e.ClosedAt), nullTime(e.PublishedAt))
}

// AddCandidate queues a member evaluated in a campaign.
func (l *EvalLoader) AddCandidate(ctx context.Context, evalID int64, c *dangjian.EvalCandidate) error {
	return l.cands.add(ctx, evalID, c.MemberID, c.Name, c.SelfText, nullTime(c.SelfAt), c.Proposed, c.Final)
}

// AddFollowUp queues a follow-up (with its id set).
func (l *EvalLoader) AddFollowUp(ctx context.Context, f *dangjian.EvalFollowUp) error {
	var on any
	if f.OutcomeOn != nil {
		on = *f.OutcomeOn
	}
	return l.followups.add(ctx, f.ID, f.EvaluationID, f.MemberID, f.Measure, f.Outcome, on, f.CreatedAt, f.UpdatedAt)
}

// AddAdminReport queues a report (with its id set).
func (l *EvalLoader) AddAdminReport(ctx context.Context, r *dangjian.AdminReport) error {
	return l.reports.add(ctx, r.ID, r.OrgID, r.Year, r.Reporter, r.Title, r.Body, r.MeetingID, r.ReportedOn, r.State, r.CreatedAt, nullTime(r.ClosedAt))
}

// AddBox queues a whole ballot box, as OpenBallotBox makes it, with the
// final state of its voters and tally: voters in id order, cells in
// (subject, choice) order.
func (l *EvalLoader) AddBox(ctx context.Context, box string, boxID int64, voters []BallotVoter, subjects []int64, choices []string, votes map[BallotCell]int) error {
	vs := append([]BallotVoter(nil), voters...)
	sort.Slice(vs, func(i, j int) bool { return vs[i].MemberID < vs[j].MemberID })
	for _, v := range vs {
		if err := l.voters.add(ctx, box, boxID, v.MemberID, v.Voted, v.Paper); err != nil {
			return err
		}
	}
	ss := append([]int64(nil), subjects...)
	sort.Slice(ss, func(i, j int) bool { return ss[i] < ss[j] })
	cs := append([]string(nil), choices...)
	sort.Strings(cs)
	for _, s := range ss {
		for _, c := range cs {
			if err := l.tally.add(ctx, box, boxID, s, c, votes[BallotCell{s, c}]); err != nil {
				return err
			}
		}
	}
	return nil
}

// Flush writes every buffered row.
func (l *EvalLoader) Flush(ctx context.Context) error {
	for _, b := range []*batcher{l.evals, l.cands, l.followups, l.reports, l.voters, l.tally} {
		if err := b.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the prepared statements; it does not flush.
func (l *EvalLoader) Close() error {
	var first error
	for _, b := range []*batcher{l.evals, l.cands, l.followups, l.reports, l.voters, l.tally} {
		for n, st := range b.stmts {
			if err := st.Close(); err != nil && first == nil {
				first = fmt.Errorf("close %s loader: %w", b.table, err)
			}
			delete(b.stmts, n)
		}
	}
	return first
}

// NextEvalIDs returns one past the largest id of evaluations, follow-ups
// and reports.
func (tx *Tx) NextEvalIDs(ctx context.Context) (evals, followups, reports int64, err error) {
	err = tx.queryRow(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM evaluations), (SELECT COALESCE(MAX(id), 0) + 1 FROM evaluation_followups),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM admin_reports)`).Scan(&evals, &followups, &reports)
	if err != nil {
		err = fmt.Errorf("next evaluation ids: %w", err)
	}
	return
}

// SyncEvalIDs moves PostgreSQL's identity sequences past the ids an
// EvalLoader wrote.
func (tx *Tx) SyncEvalIDs(ctx context.Context) error {
	if tx.db.engine != Postgres {
		return nil
	}
	for _, t := range []string{"evaluations", "evaluation_followups", "admin_reports"} {
		q := `SELECT setval(pg_get_serial_sequence('` + t + `', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM ` + t
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("sync %s ids: %w", t, err)
		}
	}
	return nil
}

// BranchesUnder returns up to limit branches of the subtree at path that
// hold active members, in tree order, with their active members by id.
func (tx *Tx) BranchesUnder(ctx context.Context, path string, limit int) ([]*dangjian.Org, map[int64][]dangjian.EvalCandidate, error) {
	rows, err := tx.query(ctx, `SELECT `+orgCols+` FROM orgs WHERE path LIKE $1 AND kind = $2 AND direct_count > 0 ORDER BY path LIMIT $3`,
		path+"%", dangjian.KindBranch, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("branches: %w", err)
	}
	var orgs []*dangjian.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("scan branch: %w", err)
		}
		orgs = append(orgs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("branches: %w", err)
	}
	members := make(map[int64][]dangjian.EvalCandidate, len(orgs))
	for _, o := range orgs {
		ms, err := tx.BranchMembers(ctx, o.ID)
		if err != nil {
			return nil, nil, err
		}
		members[o.ID] = ms
	}
	return orgs, members, nil
}

// ClearEvaluations deletes every campaign, report and ballot box (the
// demo benchmark reruns its pass on the same county).
func (tx *Tx) ClearEvaluations(ctx context.Context) error {
	for _, t := range []string{"ballot_tally", "ballot_voters", "evaluation_followups", "evaluation_candidates", "evaluations", "admin_reports"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	return nil
}

// LockBox locks a box's voter rows (PostgreSQL; SQLite has one writer)
// in member order, so that ballots and the closing of the box run one
// after another: a ballot that waited sees the box closed.
func (tx *Tx) LockBox(ctx context.Context, box string, boxID int64) error {
	if tx.db.engine != Postgres {
		return nil
	}
	rows, err := tx.query(ctx, `SELECT member_id FROM ballot_voters WHERE box = $1 AND box_id = $2 ORDER BY member_id FOR UPDATE`, box, boxID)
	if err != nil {
		return fmt.Errorf("lock ballot box: %w", err)
	}
	for rows.Next() {
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("lock ballot box: %w", err)
	}
	return nil
}
