package app

import (
	"context"
	"fmt"
	"io"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// reportKinds are the organizations whose member assembly hears an
// administrative head's report (the kinds of eval.admin_head.report).
func (a *App) reportKind(kind string) bool {
	for _, k := range a.rules.Get("eval.admin_head.report").Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// readAdminReport returns a report the actor may see: a reader of its
// organization, or a member who may rate it.
func readAdminReport(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.AdminReport, bool, error) {
	r, err := tx.AdminReport(ctx, id)
	if err != nil {
		return nil, false, err
	}
	if actor.HasPerm(dangjian.PermOrgRead, r.OrgPath) || canManage(actor, r.OrgPath) {
		return r, false, nil
	}
	if actor != nil && actor.MemberID != nil {
		v, err := tx.BallotVoter(ctx, sqlstore.BoxAdminReport, id, *actor.MemberID)
		if err != nil {
			return nil, false, err
		}
		if v != nil {
			return r, true, nil
		}
	}
	return nil, false, hidden("述职报告")
}

// RecordAdminReport records an administrative head's report to the
// member assembly (eval.admin_head.report) and opens its anonymous
// rating: every active member of the organization's subtree may rate it.
func (a *App) RecordAdminReport(ctx context.Context, actor *dangjian.Actor, in dangjian.AdminReport) (*dangjian.AdminReport, error) {
	r := in
	r.ID, r.State = 0, dangjian.ReportOpen
	if err := r.Validate(a.Today()); err != nil {
		return nil, err
	}
	r.Year = r.ReportedOn.Year()
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := writableOrg(ctx, tx, actor, r.OrgID)
		if err != nil {
			return err
		}
		if !a.reportKind(o.Kind) {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: "行政负责人向党员大会报告工作适用于党支部、党总支和机关党委",
				Fields: map[string]string{"org_id": "须为党支部、党总支或机关党委"}}
		}
		if r.MeetingID != nil {
			m, err := tx.Meeting(ctx, *r.MeetingID)
			if err != nil && dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
				return err
			}
			if m == nil || m.OrgID != o.ID || m.Deleted {
				return &dangjian.Error{Code: dangjian.EINVALID, Message: "须为本组织的会议", Fields: map[string]string{"meeting_id": "须为本组织的会议"}}
			}
		}
		members, err := tx.SubtreeMembers(ctx, o.Path)
		if err != nil {
			return err
		}
		if len(members) == 0 {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: "该组织没有在册党员", Fields: map[string]string{"org_id": "该组织没有在册党员"}}
		}
		voters := make([]int64, len(members))
		for i, m := range members {
			voters[i] = m.MemberID
		}
		r.OrgName, r.OrgPath = o.Name, o.Path
		if err := tx.CreateAdminReport(ctx, &r, voters, userID(actor)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "admin_report.create", "admin_report", r.ID, o.ID, map[string]any{"reporter": r.Reporter, "title": r.Title,
			"reported_on": r.ReportedOn, "meeting_id": r.MeetingID, "voters": len(voters)})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// AdminReportDetail is a report as its page shows it.
type AdminReportDetail struct {
	*dangjian.AdminReport
	Results   *dangjian.RatingCount  `json:"results,omitempty"` // once closed
	Turnout   []sqlstore.BallotVoter `json:"turnout,omitempty"` // who rated, for those who run it; never how
	Mine      *sqlstore.BallotVoter  `json:"mine,omitempty"`
	CanManage bool                   `json:"can_manage"`
}

// AdminReport returns a report; the rating shows once closed.
func (a *App) AdminReport(ctx context.Context, actor *dangjian.Actor, id int64) (*AdminReportDetail, error) {
	var d AdminReportDetail
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		r, _, err := readAdminReport(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		d.AdminReport = r
		d.CanManage = canManage(actor, r.OrgPath)
		if d.CanManage {
			if d.Turnout, err = tx.BallotVoters(ctx, sqlstore.BoxAdminReport, id); err != nil {
				return err
			}
		}
		if actor != nil && actor.MemberID != nil {
			if d.Mine, err = tx.BallotVoter(ctx, sqlstore.BoxAdminReport, id, *actor.MemberID); err != nil {
				return err
			}
		}
		if r.State == dangjian.ReportClosed {
			d.Results, err = ratingResults(ctx, tx, id)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func ratingResults(ctx context.Context, tx *sqlstore.Tx, id int64) (*dangjian.RatingCount, error) {
	cells, err := tx.Tally(ctx, sqlstore.BoxAdminReport, id)
	if err != nil {
		return nil, err
	}
	var c dangjian.RatingCount
	for _, r := range dangjian.Ratings {
		c.Add(r, cells[sqlstore.BallotCell{SubjectID: 0, Choice: r}])
	}
	return &c, nil
}

// AdminReportQuery selects reports.
type AdminReportQuery struct {
	OrgID int64
	Year  int
}

// AdminReports lists the reports the actor may see; a member without
// read rights sees those they may rate.
func (a *App) AdminReports(ctx context.Context, actor *dangjian.Actor, q AdminReportQuery, p Page) ([]*dangjian.AdminReport, int, error) {
	p = p.Norm()
	f := sqlstore.AdminReportFilter{Scopes: actor.Scopes(dangjian.PermOrgRead), Year: q.Year, Offset: p.Offset(), Limit: p.PerPage}
	f.Voter = ownListing(actor, f.Scopes, q.OrgID)
	var out []*dangjian.AdminReport
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if f.OrgPath, err = subtreePath(ctx, tx, actor, q.OrgID); err != nil {
			return err
		}
		out, total, err = tx.AdminReports(ctx, f)
		return err
	})
	return out, total, err
}

// ReportDue is how an organization stands against eval.admin_head.report
// in a year: reports required (from the rule in force, overrides
// included) and given.
type ReportDue struct {
	Required int           `json:"required"`
	Given    int           `json:"given"`
	Met      bool          `json:"met"`
	Rule     dangjian.Rule `json:"rule"`
}

// AdminReportDue returns an organization's standing in year.
func (a *App) AdminReportDue(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*ReportDue, error) {
	var d ReportDue
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if _, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead); err != nil {
			return err
		}
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		d.Rule = rs.Get("eval.admin_head.report")
		d.Required = dangjian.ReportsPerYear(rs)
		if d.Given, err = tx.AdminReportCount(ctx, orgID, year); err != nil {
			return err
		}
		d.Met = d.Given >= d.Required
		return nil
	})
	return &d, err
}

// RateAdminReport casts the actor's anonymous rating of a report, once,
// while it is open. Like a ballot, it only adds to the tally, and the
// audit row says that the actor rated, never how.
func (a *App) RateAdminReport(ctx context.Context, actor *dangjian.Actor, id int64, rating string) error {
	if !dangjian.ValidRating(rating) {
		return &dangjian.Error{Code: dangjian.EINVALID, Message: "评价无效", Fields: map[string]string{"rating": "评价须为 satisfied、basically_satisfied 或 dissatisfied"}}
	}
	if actor == nil || actor.MemberID == nil {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "您的账号未关联党员档案，不能评价")
	}
	me := *actor.MemberID
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.LockBox(ctx, sqlstore.BoxAdminReport, id); err != nil {
			return err
		}
		r, _, err := readAdminReport(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		mine, err := tx.BallotVoter(ctx, sqlstore.BoxAdminReport, id, me)
		if err != nil {
			return err
		}
		if mine == nil {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "您不在本次评价的名单中")
		}
		if r.State != dangjian.ReportOpen {
			return dangjian.Errorf(dangjian.ECONFLICT, "评价已结束，不能再评价")
		}
		if mine.Voted {
			return dangjian.Errorf(dangjian.ECONFLICT, "您已经评价过，每人只能评价一次")
		}
		if err := tx.CastBallot(ctx, sqlstore.BoxAdminReport, id, []int64{me}, false, map[sqlstore.BallotCell]int{{SubjectID: 0, Choice: rating}: 1}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "admin_report.rate", "admin_report", r.ID, r.OrgID, nil)
	})
}

// manageAdminReport returns an open report the actor may run.
func manageAdminReport(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.AdminReport, error) {
	if err := tx.LockBox(ctx, sqlstore.BoxAdminReport, id); err != nil {
		return nil, err
	}
	r, _, err := readAdminReport(ctx, tx, actor, id)
	if err != nil {
		return nil, err
	}
	if !canManage(actor, r.OrgPath) {
		return nil, forbidden()
	}
	if r.State != dangjian.ReportOpen {
		return nil, dangjian.Errorf(dangjian.ECONFLICT, "评价已结束")
	}
	return r, nil
}

// PaperRatings is a count of paper ratings: who rated on paper and the
// count of each rating.
type PaperRatings struct {
	MemberIDs []int64
	Counts    dangjian.RatingCount
}

// RecordPaperRatings adds a count of paper ratings; audited as a count.
func (a *App) RecordPaperRatings(ctx context.Context, actor *dangjian.Actor, id int64, in PaperRatings) (*dangjian.AdminReport, error) {
	var r *dangjian.AdminReport
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if r, err = manageAdminReport(ctx, tx, actor, id); err != nil {
			return err
		}
		vs, err := tx.BallotVoters(ctx, sqlstore.BoxAdminReport, id)
		if err != nil {
			return err
		}
		v := dangjian.Invalid{}
		paperVoters(v, in.MemberIDs, voterMap(vs))
		c := in.Counts
		if c.Satisfied < 0 || c.Basic < 0 || c.Dissatisfied < 0 {
			v.Add("counts", "票数不能为负")
		} else if c.Total() == 0 {
			v.Add("counts", "请录入纸质评价票的计票结果")
		} else if c.Total() > len(in.MemberIDs) {
			v.Add("counts", fmt.Sprintf("票数合计不能超过投纸质票的人数（%d）", len(in.MemberIDs)))
		}
		if err := v.Err(); err != nil {
			return err
		}
		adds := map[sqlstore.BallotCell]int{}
		for _, x := range []struct {
			r string
			n int
		}{{dangjian.RatingSatisfied, c.Satisfied}, {dangjian.RatingBasic, c.Basic}, {dangjian.RatingDissatisfied, c.Dissatisfied}} {
			if x.n > 0 {
				adds[sqlstore.BallotCell{SubjectID: 0, Choice: x.r}] = x.n
			}
		}
		if err := tx.CastBallot(ctx, sqlstore.BoxAdminReport, id, in.MemberIDs, true, adds); err != nil {
			return err
		}
		r.Voted += len(in.MemberIDs)
		r.PaperVoted += len(in.MemberIDs)
		return audit(ctx, tx, actor, "admin_report.paper_count", "admin_report", r.ID, r.OrgID, map[string]any{"paper_ballots": len(in.MemberIDs)})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// CloseAdminReport ends a report's rating; its results can then be read.
func (a *App) CloseAdminReport(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.AdminReport, error) {
	var r *dangjian.AdminReport
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if r, err = manageAdminReport(ctx, tx, actor, id); err != nil {
			return err
		}
		if err := tx.CloseAdminReport(ctx, r); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "admin_report.close", "admin_report", r.ID, r.OrgID, map[string]any{"voted": r.Voted, "voters": r.Voters})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// AdminReportResults returns the rating counts; forbidden until closed.
func (a *App) AdminReportResults(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.RatingCount, error) {
	var out *dangjian.RatingCount
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		r, _, err := readAdminReport(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if r.State != dangjian.ReportClosed {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "评价结束前不能查看评价结果")
		}
		out, err = ratingResults(ctx, tx, id)
		return err
	})
	return out, err
}

// reportHeaders are the columns of the reports export.
var reportHeaders = []string{"党组织", "年度", "报告日期", "报告人", "题目", "应评价人数", "已评价人数", "满意", "基本满意", "不满意", "状态"}

// ExportAdminReports is an organization's reports of a year with their
// ratings (closed ones only; open ones show no counts).
func (a *App) ExportAdminReports(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	rs, _, err := a.AdminReports(ctx, actor, AdminReportQuery{OrgID: orgID, Year: year}, Page{PerPage: 500})
	if err != nil {
		return nil, err
	}
	return &Export{Filename: a.exportName(fmt.Sprintf("行政负责人述职评价-%d", year), format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "述职评价")
			if err != nil {
				return err
			}
			err = xw.Header(reportHeaders, 24, 8, 12, 16, 30, 10, 10, 8, 8, 8, 8)
			err2 := a.db.View(ctx, func(tx *sqlstore.Tx) error {
				for _, r := range rs {
					if err != nil {
						return nil
					}
					var s, b, d any = "", "", ""
					state := "评价中"
					if r.State == dangjian.ReportClosed {
						c, rerr := ratingResults(ctx, tx, r.ID)
						if rerr != nil {
							return rerr
						}
						s, b, d, state = c.Satisfied, c.Basic, c.Dissatisfied, "已结束"
					}
					err = xw.Row(r.OrgName, r.Year, r.ReportedOn.String(), r.Reporter, r.Title, r.Voters, r.Voted, s, b, d, state)
				}
				return nil
			})
			if err == nil {
				err = err2
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "admin_report.export", "admin_report", orgID, len(rs), format, err, map[string]any{"year": year})
		}}, nil
}
