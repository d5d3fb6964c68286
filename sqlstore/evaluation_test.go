package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// openRaw opens a fresh migrated database and a plain connection to the
// same database, to read the tables the way someone with the files (or a
// database login) would: in physical order, with PostgreSQL's system
// columns.
func openRaw(t *testing.T) (*sqlstore.DB, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	dsn := sqltest.DSN(t)
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Synchronous: "OFF", Keys: sqltest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	driver := "sqlite"
	if sqlstore.IsPostgresURL(dsn) {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}

func columns(t *testing.T, raw *sql.DB, table string) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT * FROM ` + table + ` LIMIT 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	return cols
}

// dump returns the rows of the ballot tables, in physical order, as
// someone reading the files would see them, with each row's address: the
// rowid on SQLite (insert order), the ctid on PostgreSQL. On PostgreSQL it
// also checks that every live row of the box carries the same xmin (the
// transaction that wrote a row would otherwise tell which ballot touched
// it).
func dump(t *testing.T, raw *sql.DB) []string {
	t.Helper()
	pg := os.Getenv(sqltest.EnvPostgres) != ""
	var out []string
	xmins := map[string]bool{}
	for _, q := range []struct{ table, cols string }{
		{"ballot_voters", "box, box_id, member_id, voted, paper"},
		{"ballot_tally", "box, box_id, subject_id, choice, votes"},
	} {
		// SQLite: the rowid numbers rows in insert order; a full scan in
		// rowid order is the physical order.
		sel := `SELECT CAST(rowid AS TEXT), '', ` + q.cols + ` FROM ` + q.table + ` ORDER BY rowid`
		if pg {
			sel = `SELECT ctid::text, xmin::text, ` + q.cols + ` FROM ` + q.table + ` ORDER BY ctid`
		}
		rows, err := raw.Query(sel)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var ctid, xmin, box string
			var id, who int64
			var a, b any
			if err := rows.Scan(&ctid, &xmin, &box, &id, &who, &a, &b); err != nil {
				t.Fatal(err)
			}
			xmins[xmin] = true
			out = append(out, fmt.Sprintf("%s %s %s/%d %d %v %v", q.table, ctid, box, id, who, a, b))
		}
		rows.Close()
	}
	if len(xmins) != 1 {
		t.Errorf("the rows of the box carry %d different transaction ids: %v", len(xmins), xmins)
	}
	return out
}

// TestBallotUnlinkable demonstrates that the database keeps no link
// between a voter and a ballot. The schema has no column the two tables
// share but the box, and no time. Then the same ballots are cast in
// several databases by different voters in a different order; what is
// stored — read in physical order, with row addresses (rowid, ctid) and
// transaction ids — is the same, so nothing in it can tell who voted
// what: a ballot inserts no row, so insert order is the order of the box's
// creation, and it rewrites its whole box.
func TestBallotUnlinkable(t *testing.T) {
	ctx := context.Background()
	_, raw := openRaw(t)
	voters, tallyCols := columns(t, raw, "ballot_voters"), columns(t, raw, "ballot_tally")
	if !reflect.DeepEqual(voters, []string{"box", "box_id", "member_id", "voted", "paper"}) ||
		!reflect.DeepEqual(tallyCols, []string{"box", "box_id", "subject_id", "choice", "votes"}) {
		t.Fatalf("ballot tables changed: %v / %v — recheck the secrecy argument", voters, tallyCols)
	}

	// Ballots: who grades the others how. In run A voter i casts ballot i;
	// in run B the same three ballots are cast by other voters, in
	// another order.
	ballots := []map[int]string{
		{1: dangjian.GradeExcellent, 2: dangjian.GradeQualified, 3: dangjian.GradeBasic},
		{0: dangjian.GradeQualified, 2: dangjian.GradeUnqualified, 4: dangjian.GradeExcellent},
		{0: dangjian.GradeBasic, 1: dangjian.GradeQualified, 3: dangjian.GradeQualified, 4: dangjian.GradeQualified},
	}
	run := func(order []int, castBy []int) []string {
		db, raw := openRaw(t)
		_, _, _, br := tree(t, db, 5)
		var ids []int64
		e := &dangjian.Evaluation{OrgID: br.ID, Year: 2026, State: dangjian.EvalVoting}
		err := db.Update(ctx, func(tx *sqlstore.Tx) error {
			cands, err := tx.BranchMembers(ctx, br.ID)
			if err != nil {
				return err
			}
			for _, c := range cands {
				ids = append(ids, c.MemberID)
			}
			return tx.CreateEvaluation(ctx, e, cands, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range order {
			adds := map[sqlstore.BallotCell]int{}
			for who, g := range ballots[b] {
				adds[sqlstore.BallotCell{SubjectID: ids[who], Choice: g}] = 1
			}
			if err := db.Update(ctx, func(tx *sqlstore.Tx) error {
				return tx.CastBallot(ctx, sqlstore.BoxEvaluation, e.ID, []int64{ids[castBy[b]]}, false, adds)
			}); err != nil {
				t.Fatal(err)
			}
		}
		// A second ballot of a voter is refused and changes nothing.
		err = db.Update(ctx, func(tx *sqlstore.Tx) error {
			return tx.CastBallot(ctx, sqlstore.BoxEvaluation, e.ID, []int64{ids[castBy[0]]}, false, map[sqlstore.BallotCell]int{{SubjectID: ids[4], Choice: dangjian.GradeBasic}: 1})
		})
		if dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			t.Fatalf("second ballot: %v", err)
		}
		return dump(t, raw)
	}
	a := run([]int{0, 1, 2}, []int{0, 1, 2})
	b := run([]int{2, 0, 1}, []int{4, 2, 3})
	c := run([]int{1, 2, 0}, []int{4, 2, 3})
	// Run A and B differ in who voted; B and C only in the order of the
	// same voters' ballots. Voters-table rows differ exactly where the
	// set of voters does (A: 0,1,2; B: 2,3,4); the tally is the same.
	if !reflect.DeepEqual(b, c) {
		t.Errorf("the order of ballots shows in the tables:\n%s\n---\n%s", strings.Join(b, "\n"), strings.Join(c, "\n"))
	}
	tallyOf := func(rows []string) []string {
		var out []string
		for _, r := range rows {
			if strings.HasPrefix(r, "ballot_tally") {
				out = append(out, r)
			}
		}
		return out
	}
	if !reflect.DeepEqual(tallyOf(a), tallyOf(b)) {
		t.Errorf("the tally depends on who cast which ballot:\n%s\n---\n%s", strings.Join(tallyOf(a), "\n"), strings.Join(tallyOf(b), "\n"))
	}
	if len(tallyOf(a)) != 5*len(dangjian.Grades) {
		t.Errorf("tally rows = %d, want the whole grid %d", len(tallyOf(a)), 5*len(dangjian.Grades))
	}
}

// TestBallotConcurrent: ballots of one box cast at the same time all
// count, a voter's second ballot racing the first is refused, and none
// fails on a lock (the box is locked in one order).
func TestBallotConcurrent(t *testing.T) {
	ctx := context.Background()
	db, _ := openRaw(t)
	_, _, _, br := tree(t, db, 8)
	var ids []int64
	e := &dangjian.Evaluation{OrgID: br.ID, Year: 2026, State: dangjian.EvalVoting}
	if err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		cands, err := tx.BranchMembers(ctx, br.ID)
		for _, c := range cands {
			ids = append(ids, c.MemberID)
		}
		if err != nil {
			return err
		}
		return tx.CreateEvaluation(ctx, e, cands, nil)
	}); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		voter int64
		err   error
	}
	out := make(chan outcome)
	voters := append(append([]int64{}, ids...), ids[0], ids[1]) // two voters try twice
	for _, v := range voters {
		go func() {
			err := db.Update(ctx, func(tx *sqlstore.Tx) error {
				if err := tx.LockBox(ctx, sqlstore.BoxEvaluation, e.ID); err != nil {
					return err
				}
				return tx.CastBallot(ctx, sqlstore.BoxEvaluation, e.ID, []int64{v}, false, map[sqlstore.BallotCell]int{{SubjectID: ids[7], Choice: dangjian.GradeQualified}: 1})
			})
			out <- outcome{v, err}
		}()
	}
	ok, conflicts := 0, 0
	for range voters {
		o := <-out
		switch {
		case o.err == nil:
			ok++
		case dangjian.ErrorCode(o.err) == dangjian.ECONFLICT:
			conflicts++
		default:
			t.Errorf("voter %d: %v", o.voter, o.err)
		}
	}
	if ok != len(ids) || conflicts != 2 {
		t.Errorf("%d counted, %d refused; want %d and 2", ok, conflicts, len(ids))
	}
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		cells, err := tx.Tally(ctx, sqlstore.BoxEvaluation, e.ID)
		if err != nil || cells[sqlstore.BallotCell{SubjectID: ids[7], Choice: dangjian.GradeQualified}] != len(ids) {
			t.Errorf("tally = %v, %v", cells, err)
		}
		return nil
	})
}
