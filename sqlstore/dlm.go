package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dangjian/dangjian"
)

// jsonText marshals v for a JSON text column.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode json column: %w", err)
	}
	return string(b), nil
}

const oversightCols = `d.id, d.org_id, o.name, o.path, d.year, d.meeting_id, d.opinions, d.criticisms, d.notes, d.report_status, d.report,
	d.sent_name, d.sent_at, d.received_name, d.received_at, d.updated_name, d.updated_at`

func scanOversight(row interface{ Scan(...any) error }) (*dangjian.DLMOversight, error) {
	var d dangjian.DLMOversight
	var meeting sql.NullInt64
	var ops, crit string
	var sent, recv sql.NullTime
	if err := row.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.OrgPath, &d.Year, &meeting, &ops, &crit, &d.Notes, &d.ReportStatus, &d.Report,
		&d.SentBy, &sent, &d.ReceivedBy, &recv, &d.UpdatedBy, &d.UpdatedAt); err != nil {
		return nil, err
	}
	d.UpdatedAt = d.UpdatedAt.UTC()
	if meeting.Valid {
		d.MeetingID = &meeting.Int64
	}
	if sent.Valid {
		t := sent.Time.UTC()
		d.SentAt = &t
	}
	if recv.Valid {
		t := recv.Time.UTC()
		d.ReceivedAt = &t
	}
	if err := json.Unmarshal([]byte(ops), &d.Opinions); err != nil {
		return nil, fmt.Errorf("oversight %d opinions: %w", d.ID, err)
	}
	if err := json.Unmarshal([]byte(crit), &d.Criticisms); err != nil {
		return nil, fmt.Errorf("oversight %d criticisms: %w", d.ID, err)
	}
	return &d, nil
}

// DLMOversight returns the oversight record of a leading group's year, or
// nil when none was recorded.
func (tx *Tx) DLMOversight(ctx context.Context, orgID int64, year int) (*dangjian.DLMOversight, error) {
	d, err := scanOversight(tx.queryRow(ctx, `SELECT `+oversightCols+` FROM dlm_oversights d JOIN orgs o ON o.id = d.org_id
		WHERE d.org_id = $1 AND d.year = $2`, orgID, year))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("dlm oversight: %w", err)
	}
	return d, nil
}

// SaveDLMOversight inserts or replaces the recorded part of a leading
// group's oversight record (opinions, criticisms, notes, meeting), keeping
// the report's state, and sets d.ID.
func (tx *Tx) SaveDLMOversight(ctx context.Context, d *dangjian.DLMOversight) error {
	ops, err := jsonText(d.Opinions)
	if err != nil {
		return err
	}
	crit, err := jsonText(d.Criticisms)
	if err != nil {
		return err
	}
	d.UpdatedAt = tx.Now
	res, err := tx.exec(ctx, `UPDATE dlm_oversights SET meeting_id = $1, opinions = $2, criticisms = $3, notes = $4, updated_name = $5, updated_at = $6
		WHERE org_id = $7 AND year = $8`, d.MeetingID, ops, crit, d.Notes, d.UpdatedBy, tx.Now, d.OrgID, d.Year)
	if err != nil {
		return fmt.Errorf("update dlm oversight: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update dlm oversight: %w", err)
	} else if n > 0 {
		return tx.queryRow(ctx, `SELECT id FROM dlm_oversights WHERE org_id = $1 AND year = $2`, d.OrgID, d.Year).Scan(&d.ID)
	}
	d.ReportStatus = dangjian.DLMReportNone
	err = tx.queryRow(ctx, `INSERT INTO dlm_oversights (org_id, year, meeting_id, opinions, criticisms, notes, report_status, updated_name, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, d.OrgID, d.Year, d.MeetingID, ops, crit, d.Notes, d.ReportStatus, d.UpdatedBy, tx.Now).Scan(&d.ID)
	if isUniqueViolation(err) {
		return dangjian.Errorf(dangjian.ECONFLICT, "该年度的监督记录已被他人创建，请刷新后重试")
	} else if err != nil {
		return fmt.Errorf("insert dlm oversight: %w", err)
	}
	return nil
}

// SetDLMReport moves the report of an oversight record from status from
// to status to; sending stores the report's text.
func (tx *Tx) SetDLMReport(ctx context.Context, id int64, from, to, report, byName string) error {
	var res sql.Result
	var err error
	if to == dangjian.DLMReportSent {
		res, err = tx.exec(ctx, `UPDATE dlm_oversights SET report_status = $1, report = $2, sent_name = $3, sent_at = $4 WHERE id = $5 AND report_status = $6`,
			to, report, byName, tx.Now, id, from)
	} else {
		res, err = tx.exec(ctx, `UPDATE dlm_oversights SET report_status = $1, received_name = $2, received_at = $3 WHERE id = $4 AND report_status = $5`,
			to, byName, tx.Now, id, from)
	}
	if err != nil {
		return fmt.Errorf("dlm report: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("dlm report: %w", err)
	} else if n == 0 {
		return dangjian.Errorf(dangjian.ECONFLICT, "监督报告状态已变化，请刷新后重试")
	}
	return nil
}

// DLMOversights returns the oversight records of a year under a subtree,
// by organization id.
func (tx *Tx) DLMOversights(ctx context.Context, path string, year int) (map[int64]*dangjian.DLMOversight, error) {
	rows, err := tx.query(ctx, `SELECT `+oversightCols+` FROM dlm_oversights d JOIN orgs o ON o.id = d.org_id
		WHERE d.year = $1 AND o.path >= $2 AND o.path < $3`, year, path, dangjian.PathUpper(path))
	if err != nil {
		return nil, fmt.Errorf("dlm oversights: %w", err)
	}
	defer rows.Close()
	out := map[int64]*dangjian.DLMOversight{}
	for rows.Next() {
		d, err := scanOversight(rows)
		if err != nil {
			return nil, fmt.Errorf("scan dlm oversight: %w", err)
		}
		out[d.OrgID] = d
	}
	return out, rows.Err()
}

// DLMMeeting is a democratic life meeting as the oversight list needs it.
type DLMMeeting struct {
	ID     int64
	OrgID  int64
	HeldAt time.Time
	Quorum dangjian.Quorum
}

// DLMMeetings returns the democratic life meetings (not deleted) the
// organizations orgIDs held in [from, to), latest first per organization.
// It reads by organization (the meetings_org index), so a county's
// leading groups cost a few lookups, not a scan of the year's meetings.
func (tx *Tx) DLMMeetings(ctx context.Context, orgIDs []int64, from, to time.Time) (map[int64][]DLMMeeting, error) {
	out := map[int64][]DLMMeeting{}
	for len(orgIDs) > 0 {
		n := min(len(orgIDs), 500)
		args := []any{dangjian.MeetingDemocraticLifeMeeting, false, from.UTC(), to.UTC()}
		for _, id := range orgIDs[:n] {
			args = append(args, id)
		}
		rows, err := tx.query(ctx, `SELECT id, org_id, held_at, quorum_required, quorum_present, quorum_met FROM meetings
			WHERE kind = $1 AND deleted = $2 AND held_at >= $3 AND held_at < $4 AND org_id IN (`+placeholders(5, n)+`)
			ORDER BY org_id, held_at DESC, id DESC`, args...)
		if err != nil {
			return nil, fmt.Errorf("dlm meetings: %w", err)
		}
		for rows.Next() {
			var m DLMMeeting
			if err := rows.Scan(&m.ID, &m.OrgID, &m.HeldAt, &m.Quorum.Required, &m.Quorum.Present, &m.Quorum.Met); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan dlm meeting: %w", err)
			}
			m.HeldAt = m.HeldAt.UTC()
			out[m.OrgID] = append(out[m.OrgID], m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("dlm meetings: %w", err)
		}
		orgIDs = orgIDs[n:]
	}
	return out, nil
}
