package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dangjian/dangjian"
)

const reportCols = `s.id, s.org_id, o.name, o.kind, o.path, s.year, s.member_id, COALESCE(m.name, ''), s.report, s.status, s.grade, s.comments,
	s.problems, s.created_name, s.created_at, s.graded_name, s.graded_at`

const reportFrom = ` FROM secretary_reports s JOIN orgs o ON o.id = s.org_id LEFT JOIN members m ON m.id = s.member_id`

func scanReport(row interface{ Scan(...any) error }, extra ...any) (*dangjian.SecretaryReport, error) {
	var r dangjian.SecretaryReport
	var member sql.NullInt64
	var problems string
	var at sql.NullTime
	dest := []any{&r.ID, &r.OrgID, &r.OrgName, &r.OrgKind, &r.OrgPath, &r.Year, &member, &r.MemberName, &r.Report, &r.Status, &r.Grade, &r.Comments,
		&problems, &r.SubmittedBy, &r.CreatedAt, &r.GradedBy, &at}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	if member.Valid {
		r.MemberID = &member.Int64
	}
	if at.Valid {
		t := at.Time.UTC()
		r.GradedAt = &t
	}
	if err := json.Unmarshal([]byte(problems), &r.Problems); err != nil {
		return nil, fmt.Errorf("report %d problems: %w", r.ID, err)
	}
	if r.Problems == nil {
		r.Problems = []string{}
	}
	return &r, nil
}

// CreateSecretaryReport inserts a submitted report and sets its id; a
// second report of an organization for a year is a conflict.
func (tx *Tx) CreateSecretaryReport(ctx context.Context, r *dangjian.SecretaryReport, by *int64) error {
	r.Status, r.CreatedAt, r.Problems = dangjian.ReportSubmitted, tx.Now, []string{}
	err := tx.queryRow(ctx, `INSERT INTO secretary_reports (org_id, year, member_id, report, status, created_by, created_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		r.OrgID, r.Year, r.MemberID, r.Report, r.Status, by, r.SubmittedBy, tx.Now).Scan(&r.ID)
	if isUniqueViolation(err) {
		return dangjian.Errorf(dangjian.ECONFLICT, "该组织本年度已提交述职报告")
	} else if err != nil {
		return fmt.Errorf("insert secretary report: %w", err)
	}
	return nil
}

// SecretaryReport returns the report with id.
func (tx *Tx) SecretaryReport(ctx context.Context, id int64) (*dangjian.SecretaryReport, error) {
	r, err := scanReport(tx.queryRow(ctx, `SELECT `+reportCols+reportFrom+` WHERE s.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "述职报告")
	}
	return r, nil
}

// GradeSecretaryReport records the appraisal of a submitted report; a
// second appraisal is a conflict.
func (tx *Tx) GradeSecretaryReport(ctx context.Context, id int64, grade, comments string, problems []string, by *int64, byName string) error {
	pj, err := jsonText(problems)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE secretary_reports SET status = $1, grade = $2, comments = $3, problems = $4, graded_by = $5, graded_name = $6, graded_at = $7
		WHERE id = $8 AND status = $9`, dangjian.ReportGraded, grade, comments, pj, by, byName, tx.Now, id, dangjian.ReportSubmitted)
	if err != nil {
		return fmt.Errorf("grade secretary report: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("grade secretary report: %w", err)
	} else if n == 0 {
		return dangjian.Errorf(dangjian.ECONFLICT, "该述职报告已评议，不能重复评议")
	}
	return nil
}

// SecretaryReportFilter selects reports.
type SecretaryReportFilter struct {
	Scopes  []string
	OrgPath string
	Year    int
	Grade   string
	Status  string
	Offset  int
	Limit   int // < 0: all
}

func reportWhere(f SecretaryReportFilter) (string, []any) {
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
	if f.Year != 0 {
		add("s.year = $%d", f.Year)
	}
	if f.Grade != "" {
		add("s.grade = $%d", f.Grade)
	}
	if f.Status != "" {
		add("s.status = $%d", f.Status)
	}
	return strings.Join(conds, " AND "), args
}

// SecretaryReports lists the reports matching f in tree order, with the
// total before paging.
func (tx *Tx) SecretaryReports(ctx context.Context, f SecretaryReportFilter) ([]*dangjian.SecretaryReport, int, error) {
	where, args := reportWhere(f)
	return listPage(ctx, tx, `SELECT `+reportCols+`, COUNT(*) OVER()`+reportFrom+` WHERE `+where+` ORDER BY o.path, s.year DESC`+pageClause(f.Limit, f.Offset),
		`SELECT COUNT(*)`+reportFrom+` WHERE `+where, args, f.Offset, scanReport, "secretary reports", "secretary report")
}

// SecretaryReportCounts counts a year's reports under a subtree by status
// and grade, and the organizations whose secretary reports.
func (tx *Tx) SecretaryReportCounts(ctx context.Context, path string, year int) (dangjian.ReportCounts, error) {
	c := dangjian.ReportCounts{Grades: map[string]int{}}
	rows, err := tx.query(ctx, `SELECT s.status, s.grade, COUNT(*) FROM secretary_reports s JOIN orgs o ON o.id = s.org_id
		WHERE s.year = $1 AND o.path >= $2 AND o.path < $3 GROUP BY s.status, s.grade`, year, path, dangjian.PathUpper(path))
	if err != nil {
		return c, fmt.Errorf("count secretary reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st, g string
		var n int
		if err := rows.Scan(&st, &g, &n); err != nil {
			return c, fmt.Errorf("scan report count: %w", err)
		}
		c.Submitted += n
		if st == dangjian.ReportGraded {
			c.Graded += n
			c.Grades[g] += n
		}
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("count secretary reports: %w", err)
	}
	kinds := make([]any, 0, len(dangjian.ReportingKinds)+2)
	kinds = append(kinds, path, dangjian.PathUpper(path))
	for _, k := range dangjian.ReportingKinds {
		kinds = append(kinds, k)
	}
	err = tx.queryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE path >= $1 AND path < $2 AND kind IN (`+placeholders(3, len(dangjian.ReportingKinds))+`)`,
		kinds...).Scan(&c.Due)
	if err != nil {
		return c, fmt.Errorf("count reporting orgs: %w", err)
	}
	return c, nil
}
