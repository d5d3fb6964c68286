package app

import (
	"context"
	"io"
	"slices"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// SecretaryReportInput is a secretary's yearly report on party-building
// work. MemberID nil: the organization's current secretary.
type SecretaryReportInput struct {
	OrgID    int64
	Year     int
	MemberID *int64
	Report   string
}

// GradeInput is the level above's appraisal of a report: the grade
// (eval.secretary.grades), comments, and the problems named, each of which
// becomes a rectification item due by Deadline.
type GradeInput struct {
	Grade    string
	Comments string
	Problems []string
	Deadline dangjian.Date
}

// CanGrade says whether the actor appraises reports of the organization
// at path: the level above (org.write on its parent), never the
// organization itself.
func CanGrade(actor *dangjian.Actor, path string) bool {
	p := parentPath(path)
	return p != "" && actor.HasPerm(dangjian.PermOrgWrite, p)
}

// SubmitSecretaryReport records the report of an organization the actor
// may write, once per year.
func (a *App) SubmitSecretaryReport(ctx context.Context, actor *dangjian.Actor, in SecretaryReportInput) (*dangjian.SecretaryReport, error) {
	r := &dangjian.SecretaryReport{OrgID: in.OrgID, Year: in.Year, MemberID: in.MemberID, Report: in.Report, SubmittedBy: actor.Username}
	v := dangjian.Invalid{}
	for k, msg := range dangjian.ErrorFields(r.Validate(a.Today().Year())) {
		v.Add(k, msg)
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if r.OrgID <= 0 {
			return v.Err()
		}
		o, err := writableOrg(ctx, tx, actor, r.OrgID)
		if err != nil {
			return err
		}
		r.OrgName, r.OrgKind, r.OrgPath = o.Name, o.Kind, o.Path
		if !slices.Contains(dangjian.ReportingKinds, o.Kind) {
			v.Add("org_id", "只有党组、党委、党总支和党支部书记述职")
		}
		if r.MemberID == nil {
			if c, err := tx.Committee(ctx, o.ID); err != nil {
				return err
			} else if c != nil {
				for _, p := range c.Posts {
					if p.Post == dangjian.PostSecretary {
						id := p.MemberID
						r.MemberID = &id
					}
				}
			}
		} else if *r.MemberID > 0 {
			m, err := tx.Member(ctx, *r.MemberID)
			if dangjian.ErrorCode(err) == dangjian.ENOTFOUND {
				v.Add("member_id", "该党员不存在")
			} else if err != nil {
				return err
			} else {
				r.MemberName = m.Name
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.CreateSecretaryReport(ctx, r, userID(actor)); err != nil {
			return err
		}
		if err := audit(ctx, tx, actor, "secretary_report.submit", "secretary_report", r.ID, o.ID, map[string]any{"year": r.Year, "member_id": r.MemberID}); err != nil {
			return err
		}
		r, err = tx.SecretaryReport(ctx, r.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// readReport returns a report the actor may read.
func readReport(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.SecretaryReport, error) {
	r, err := tx.SecretaryReport(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.HasPerm(dangjian.PermOrgRead, r.OrgPath) && !canWriteOrg(actor, r.OrgPath) {
		return nil, hidden("述职报告")
	}
	return r, nil
}

// SecretaryReportView is a report with the rectification items its
// problems became.
type SecretaryReportView struct {
	*dangjian.SecretaryReport
	Rectifications []*dangjian.Rectification `json:"rectifications"`
	CanGrade       bool                      `json:"-"`
}

// SecretaryReport returns one report with its rectification items.
func (a *App) SecretaryReport(ctx context.Context, actor *dangjian.Actor, id int64) (*SecretaryReportView, error) {
	v := &SecretaryReportView{}
	today := a.Today()
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		r, err := readReport(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v.SecretaryReport = r
		v.Rectifications, _, err = tx.Rectifications(ctx, dangjian.RectificationFilter{Scopes: []string{r.OrgPath}, ReportID: r.ID, Limit: 100})
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, r := range v.Rectifications {
		r.Overdue = r.IsOverdue(today)
	}
	if v.Rectifications == nil {
		v.Rectifications = []*dangjian.Rectification{}
	}
	v.CanGrade = v.Status == dangjian.ReportSubmitted && CanGrade(actor, v.OrgPath)
	return v, nil
}

// GradeSecretaryReport records the level above's appraisal and turns each
// problem named into a rectification item (source report) of the
// organization, with the secretary responsible, in one transaction.
func (a *App) GradeSecretaryReport(ctx context.Context, actor *dangjian.Actor, id int64, in GradeInput) (*SecretaryReportView, error) {
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		r, err := readReport(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !CanGrade(actor, r.OrgPath) {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "述职报告须由上级党组织评议")
		}
		if r.Status != dangjian.ReportSubmitted {
			return dangjian.Errorf(dangjian.ECONFLICT, "该述职报告已评议，不能重复评议")
		}
		problems, err := dangjian.CheckGrade(in.Grade, in.Comments, in.Problems, in.Deadline, a.Today())
		if err != nil {
			return err
		}
		if err := tx.GradeSecretaryReport(ctx, id, in.Grade, strings.TrimSpace(in.Comments), problems, userID(actor), actor.Username); err != nil {
			return err
		}
		o, err := tx.Org(ctx, r.OrgID)
		if err != nil {
			return err
		}
		var items []int64
		for _, p := range problems {
			rid := r.ID
			item := &dangjian.Rectification{OrgID: r.OrgID, Source: dangjian.SourceReport, Year: r.Year, Problem: p, Deadline: in.Deadline, ReportID: &rid}
			if r.MemberID != nil {
				if m, err := tx.Member(ctx, *r.MemberID); err == nil && m.Active && dangjian.InSubtree(m.OrgPath, o.Path) {
					item.OwnerID = r.MemberID
				}
			}
			if err := a.createRectification(ctx, tx, actor, item, o); err != nil {
				return err
			}
			items = append(items, item.ID)
		}
		return audit(ctx, tx, actor, "secretary_report.grade", "secretary_report", id, r.OrgID,
			map[string]any{"grade": in.Grade, "rectifications": items})
	})
	if err != nil {
		return nil, err
	}
	return a.SecretaryReport(ctx, actor, id)
}

// SecretaryReportQuery filters the reports.
type SecretaryReportQuery struct {
	OrgID  int64
	Year   int
	Grade  string
	Status string
}

// SecretaryReportList is a page of reports and, when a year is asked,
// the year's counts under the organization.
type SecretaryReportList struct {
	Org    *dangjian.Org               `json:"-"`
	Items  []*dangjian.SecretaryReport `json:"items"`
	Total  int                         `json:"total"`
	Counts *dangjian.ReportCounts      `json:"counts,omitempty"`
}

func (a *App) reportFilter(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, q SecretaryReportQuery) (sqlstore.SecretaryReportFilter, *dangjian.Org, error) {
	v := dangjian.Invalid{}
	if q.Grade != "" && !slices.Contains(dangjian.SecretaryGrades, q.Grade) {
		v.Add("grade", "评议等次无效")
	}
	if q.Status != "" && q.Status != dangjian.ReportSubmitted && q.Status != dangjian.ReportGraded {
		v.Add("status", "状态须为 submitted 或 graded")
	}
	if q.Year != 0 && (q.Year < 1921 || q.Year > 9999) {
		v.Add("year", "年度不合理")
	}
	f := sqlstore.SecretaryReportFilter{Scopes: actor.Scopes(dangjian.PermOrgRead), Year: q.Year, Grade: q.Grade, Status: q.Status}
	if err := v.Err(); err != nil {
		return f, nil, err
	}
	var o *dangjian.Org
	if q.OrgID != 0 {
		var err error
		if o, err = viewOrg(ctx, tx, actor, q.OrgID, dangjian.PermOrgRead); err != nil {
			return f, nil, err
		}
		f.OrgPath = o.Path
	}
	return f, o, nil
}

// SecretaryReports lists the reports the actor may read in tree order;
// with an organization and a year it also counts the year's grades.
func (a *App) SecretaryReports(ctx context.Context, actor *dangjian.Actor, q SecretaryReportQuery, p Page) (*SecretaryReportList, error) {
	p = p.Norm()
	out := &SecretaryReportList{}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		f, o, err := a.reportFilter(ctx, tx, actor, q)
		if err != nil {
			return err
		}
		out.Org = o
		f.Offset, f.Limit = p.Offset(), p.PerPage
		if out.Items, out.Total, err = tx.SecretaryReports(ctx, f); err != nil {
			return err
		}
		if o != nil && q.Year != 0 {
			c, err := tx.SecretaryReportCounts(ctx, o.Path, q.Year)
			if err != nil {
				return err
			}
			out.Counts = &c
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out.Items == nil {
		out.Items = []*dangjian.SecretaryReport{}
	}
	return out, nil
}

var gradeStatusNames = map[string]string{dangjian.ReportSubmitted: "待评议", dangjian.ReportGraded: "已评议"}

// ExportSecretaryReports is the list (its filters apply) as a file.
func (a *App) ExportSecretaryReports(ctx context.Context, actor *dangjian.Actor, q SecretaryReportQuery, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	if !actor.HasPermAnywhere(dangjian.PermOrgRead) {
		return nil, forbidden()
	}
	var f sqlstore.SecretaryReportFilter
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		f, _, err = a.reportFilter(ctx, tx, actor, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	f.Limit = -1
	return &Export{
		Filename: a.exportName("书记抓党建述职评议", format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			var list []*dangjian.SecretaryReport
			err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
				var err error
				list, _, err = tx.SecretaryReports(ctx, f)
				return err
			})
			xw, xerr := xlsx.NewWriter(w, format, "述职评议")
			if xerr != nil {
				return xerr
			}
			if err == nil {
				err = xw.Header([]string{"编号", "党组织", "组织类别", "年度", "述职人", "状态", "评议等次", "评议意见", "问题", "提交人", "提交时间", "评议人", "评议时间"},
					8, 24, 10, 8, 10, 8, 8, 40, 50, 12, 20, 12, 20)
			}
			for _, r := range list {
				if err != nil {
					break
				}
				at := ""
				if r.GradedAt != nil {
					at = cst(*r.GradedAt)
				}
				err = xw.Row(r.ID, r.OrgName, dangjian.OrgKindNames[r.OrgKind], r.Year, r.MemberName, gradeStatusNames[r.Status],
					dangjian.SecretaryGradeNames[r.Grade], r.Comments, strings.Join(r.Problems, "；"), r.SubmittedBy, cst(r.CreatedAt), r.GradedBy, at)
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "secretary_report.export", "secretary_report", q.OrgID, len(list), format, err, nil)
		},
	}, nil
}

// ExportDLMList is the leading groups' democratic life meetings of a year
// under an organization as a file.
func (a *App) ExportDLMList(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	list, o, err := a.DLMList(ctx, actor, orgID, year)
	if err != nil {
		return nil, err
	}
	yn := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	reportNames := map[string]string{dangjian.DLMReportNone: "未上报", dangjian.DLMReportSent: "已上报", dangjian.DLMReportReceived: "上级已签收"}
	return &Export{
		Filename: a.exportName("民主生活会监督-"+o.Name, format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "民主生活会监督")
			if err != nil {
				return err
			}
			err = xw.Header([]string{"党组", "年度", "是否召开", "召开时间", "法定人数", "实到", "达到法定人数", "已记录监督", "监督报告", "整改事项", "已完成", "逾期"},
				30, 8, 8, 20, 8, 8, 12, 10, 10, 8, 8, 8)
			for _, s := range list {
				if err != nil {
					break
				}
				held := ""
				if s.HeldAt != nil {
					held = cst(*s.HeldAt)
				}
				err = xw.Row(s.OrgName, s.Year, yn(s.Held), held, s.Quorum.Required, s.Quorum.Present, yn(s.Held && s.Quorum.Met), yn(s.Oversight),
					reportNames[s.ReportStatus], s.Rect.Total, s.Rect.Done+s.Rect.Verified, s.Rect.Overdue)
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "dlm.export", "dlm_oversight", orgID, len(list), format, err, map[string]any{"year": year})
		},
	}, nil
}
