package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dangjian/dangjian"
)

const adminReportCols = `r.id, r.org_id, o.name, o.path, r.year, r.reporter, r.title, r.body, r.meeting_id, r.reported_on, r.state, r.created_at, r.closed_at`

const adminReportFrom = ` FROM admin_reports r JOIN orgs o ON o.id = r.org_id`

func scanAdminReport(row interface{ Scan(...any) error }) (*dangjian.AdminReport, error) {
	var r dangjian.AdminReport
	var meeting sql.NullInt64
	var closed sql.NullTime
	if err := row.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.OrgPath, &r.Year, &r.Reporter, &r.Title, &r.Body, &meeting, &r.ReportedOn, &r.State,
		&r.CreatedAt, &closed); err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	if meeting.Valid {
		r.MeetingID = &meeting.Int64
	}
	if closed.Valid {
		t := closed.Time.UTC()
		r.ClosedAt = &t
	}
	return &r, nil
}

// CreateAdminReport inserts a report and opens its rating box: every
// voter may rate it once, anonymously.
func (tx *Tx) CreateAdminReport(ctx context.Context, r *dangjian.AdminReport, voters []int64, by *int64) error {
	r.CreatedAt = tx.Now
	err := tx.queryRow(ctx, `INSERT INTO admin_reports (org_id, year, reporter, title, body, meeting_id, reported_on, state, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		r.OrgID, r.Year, r.Reporter, r.Title, r.Body, r.MeetingID, r.ReportedOn, r.State, by, tx.Now).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert admin report: %w", err)
	}
	r.Voters = len(voters)
	return tx.OpenBallotBox(ctx, BoxAdminReport, r.ID, voters, []int64{0}, dangjian.Ratings)
}

// AdminReport returns one report with its turnout.
func (tx *Tx) AdminReport(ctx context.Context, id int64) (*dangjian.AdminReport, error) {
	r, err := scanAdminReport(tx.queryRow(ctx, `SELECT `+adminReportCols+adminReportFrom+` WHERE r.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "述职报告")
	}
	return r, fillTurnout(ctx, tx, BoxAdminReport, []*dangjian.AdminReport{r}, reportTurnout)
}

func reportTurnout(r *dangjian.AdminReport) (int64, *int, *int, *int) {
	return r.ID, &r.Voters, &r.Voted, &r.PaperVoted
}

// AdminReportFilter selects reports.
type AdminReportFilter struct {
	Scopes  []string
	OrgPath string
	Year    int
	Voter   int64 // only reports this member may rate
	Offset  int
	Limit   int
}

// AdminReports lists reports, newest first.
func (tx *Tx) AdminReports(ctx context.Context, f AdminReportFilter) ([]*dangjian.AdminReport, int, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + itoa(len(args)) }
	if f.Voter == 0 {
		if len(f.Scopes) == 0 {
			return nil, 0, nil
		}
		var ors []string
		for _, s := range f.Scopes {
			ors = append(ors, "o.path LIKE "+arg(s+"%"))
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	} else {
		where = append(where, "EXISTS (SELECT 1 FROM ballot_voters v WHERE v.box = '"+BoxAdminReport+"' AND v.box_id = r.id AND v.member_id = "+arg(f.Voter)+")")
	}
	if f.OrgPath != "" {
		where = append(where, "o.path LIKE "+arg(f.OrgPath+"%"))
	}
	if f.Year != 0 {
		where = append(where, "r.year = "+arg(f.Year))
	}
	w := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*)`+adminReportFrom+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count admin reports: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := tx.query(ctx, `SELECT `+adminReportCols+adminReportFrom+w+` ORDER BY r.reported_on DESC, r.id DESC LIMIT `+arg(limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("admin reports: %w", err)
	}
	var out []*dangjian.AdminReport
	for rows.Next() {
		r, err := scanAdminReport(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("scan admin report: %w", err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("admin reports: %w", err)
	}
	return out, total, fillTurnout(ctx, tx, BoxAdminReport, out, reportTurnout)
}

// CloseAdminReport ends the rating of a report.
func (tx *Tx) CloseAdminReport(ctx context.Context, r *dangjian.AdminReport) error {
	t := tx.Now
	r.State, r.ClosedAt = dangjian.ReportClosed, &t
	if _, err := tx.exec(ctx, `UPDATE admin_reports SET state = $2, closed_at = $3 WHERE id = $1`, r.ID, r.State, t); err != nil {
		return fmt.Errorf("close admin report: %w", err)
	}
	return nil
}

// AdminReportCount is how many reports an organization has in year.
func (tx *Tx) AdminReportCount(ctx context.Context, orgID int64, year int) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM admin_reports WHERE org_id = $1 AND year = $2`, orgID, year).Scan(&n); err != nil {
		return 0, fmt.Errorf("count admin reports: %w", err)
	}
	return n, nil
}
