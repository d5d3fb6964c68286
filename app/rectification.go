package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// RectificationInput is a new item of the rectification ledger. Year is
// the year the problem was found (0: the meeting's, else this year).
type RectificationInput struct {
	OrgID     int64
	Source    string
	Problem   string
	Measures  string
	OwnerID   *int64
	Deadline  dangjian.Date
	Year      int
	MeetingID *int64
}

// canWriteOrg is the right to record an organization's work: org.write or
// member.write on it (its own users and the levels above).
func canWriteOrg(actor *dangjian.Actor, path string) bool {
	return actor.HasPerm(dangjian.PermOrgWrite, path) || actor.HasPerm(dangjian.PermMemberWrite, path)
}

// parentPath is the path of the organization above the one at path, or ""
// for a root.
func parentPath(path string) string {
	ids := dangjian.PathIDs(path)
	if len(ids) < 2 {
		return ""
	}
	return path[:strings.LastIndex(strings.TrimSuffix(path, "/"), "/")+1]
}

// CanVerify says whether the actor may verify (close) an item of the
// organization at path: only the level above may, so the actor needs
// org.write on the parent organization; an item of a root organization has
// no level above, and its own committee verifies it.
func CanVerify(actor *dangjian.Actor, path string) bool {
	p := parentPath(path)
	if p == "" {
		return actor.HasPerm(dangjian.PermOrgWrite, path)
	}
	return actor.HasPerm(dangjian.PermOrgWrite, p)
}

// CanUpdateRectification says whether the actor may report progress on
// items of the organization at path.
func CanUpdateRectification(actor *dangjian.Actor, path string) bool { return canWriteOrg(actor, path) }

// checkOwner checks that the responsible person is an active member of
// the responsible organization's subtree, and returns their name.
func checkOwner(ctx context.Context, tx *sqlstore.Tx, v dangjian.Invalid, o *dangjian.Org, id *int64) error {
	if id == nil {
		return nil
	}
	m, err := tx.Member(ctx, *id)
	if dangjian.ErrorCode(err) == dangjian.ENOTFOUND {
		v.Add("owner_id", "该党员不存在")
		return nil
	} else if err != nil {
		return err
	}
	if !m.Active || !dangjian.InSubtree(m.OrgPath, o.Path) {
		v.Add("owner_id", "责任人须是责任党组织的在册党员")
	}
	return nil
}

// CreateRectification records an item in the ledger of an organization
// the actor may write. A meeting it came from must be that organization's
// (or below) and of the kind the source names.
func (a *App) CreateRectification(ctx context.Context, actor *dangjian.Actor, in RectificationInput) (*dangjian.Rectification, error) {
	r := &dangjian.Rectification{OrgID: in.OrgID, Source: in.Source, Problem: in.Problem, Measures: in.Measures, OwnerID: in.OwnerID,
		Deadline: in.Deadline, Year: in.Year, MeetingID: in.MeetingID}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := a.createRectification(ctx, tx, actor, r, nil); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "rectification.create", "rectification", r.ID, r.OrgID,
			map[string]any{"source": r.Source, "problem": r.Problem, "deadline": r.Deadline, "owner_id": r.OwnerID, "meeting_id": r.MeetingID, "report_id": r.ReportID})
	})
	if err != nil {
		return nil, err
	}
	r.Overdue = r.IsOverdue(a.Today())
	return r, nil
}

// createRectification validates and inserts r in tx. o is the responsible
// organization when the caller already checked it (nil: check here).
func (a *App) createRectification(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, r *dangjian.Rectification, o *dangjian.Org) error {
	today := a.Today()
	if r.OrgID > 0 && o == nil {
		var err error
		if o, err = writableOrg(ctx, tx, actor, r.OrgID); err != nil {
			return err
		}
	}
	if r.MeetingID != nil && r.Year == 0 {
		if m, err := tx.Meeting(ctx, *r.MeetingID); err == nil {
			r.Year = dangjian.DateOf(m.HeldAt).Year()
		}
	}
	v := dangjian.Invalid{}
	for k, msg := range dangjian.ErrorFields(r.Validate(today)) {
		v.Add(k, msg)
	}
	if o == nil {
		return v.Err()
	}
	r.OrgName, r.OrgPath = o.Name, o.Path
	if err := checkOwner(ctx, tx, v, o, r.OwnerID); err != nil {
		return err
	}
	if r.MeetingID != nil {
		m, err := tx.Meeting(ctx, *r.MeetingID)
		switch {
		case dangjian.ErrorCode(err) == dangjian.ENOTFOUND:
			v.Add("meeting_id", "会议不存在")
		case err != nil:
			return err
		case m.Deleted:
			v.Add("meeting_id", "会议已删除")
		case r.Source != dangjian.SourceLifeMeeting && r.Source != dangjian.SourceDLM:
			v.Add("meeting_id", "只有来自组织生活会或民主生活会的问题才关联会议")
		case m.Kind != r.Source:
			v.Add("meeting_id", "会议类型与问题来源不符")
		default:
			mo, err := tx.Org(ctx, m.OrgID)
			if err != nil {
				return err
			}
			if !dangjian.InSubtree(o.Path, mo.Path) && !dangjian.InSubtree(mo.Path, o.Path) {
				v.Add("meeting_id", "会议不属于责任党组织")
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := tx.CreateRectification(ctx, r, userID(actor), actor.Username); err != nil {
		return err
	}
	if r.OwnerID != nil {
		if m, err := tx.Member(ctx, *r.OwnerID); err == nil {
			r.OwnerName = m.Name
		}
	}
	return nil
}

// readRect returns an item the actor may see, with its timeline.
func readRect(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Rectification, error) {
	r, err := tx.Rectification(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.HasPerm(dangjian.PermOrgRead, r.OrgPath) && !canWriteOrg(actor, r.OrgPath) {
		return nil, hidden("整改事项")
	}
	if r.Updates, err = tx.RectificationNotes(ctx, id); err != nil {
		return nil, err
	}
	return r, nil
}

// Rectification returns one item with its timeline.
func (a *App) Rectification(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.Rectification, error) {
	var r *dangjian.Rectification
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		r, err = readRect(ctx, tx, actor, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	r.Overdue = r.IsOverdue(a.Today())
	return r, nil
}

// RectUpdateInput is a progress report on an item: the new status (empty
// keeps it), the progress in percent (nil keeps it; done and verified are
// 100), what was done and the evidence.
type RectUpdateInput struct {
	Status   string
	Progress *int
	Note     string
	Evidence string
}

// UpdateRectification records a progress report or a status change
// following the transition table (dangjian.RectTransition): a move the
// table refuses is a conflict, and verification (which closes the item)
// is for the level above only.
func (a *App) UpdateRectification(ctx context.Context, actor *dangjian.Actor, id int64, in RectUpdateInput) (*dangjian.Rectification, error) {
	var r *dangjian.Rectification
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if r, err = readRect(ctx, tx, actor, id); err != nil {
			return err
		}
		to := in.Status
		if to == "" {
			to = r.Status
		}
		v := dangjian.Invalid{}
		if !dangjian.ValidRectStatus(to) {
			return dangjian.RectTransition(r.Status, to)
		}
		if to == dangjian.RectVerified {
			if !CanVerify(actor, r.OrgPath) {
				return dangjian.Errorf(dangjian.EFORBIDDEN, "整改事项须由上级党组织验收销号")
			}
		} else if !CanUpdateRectification(actor, r.OrgPath) {
			return forbidden()
		}
		if err := dangjian.RectTransition(r.Status, to); err != nil {
			return err
		}
		progress := r.Progress
		if in.Progress != nil {
			progress = *in.Progress
			dangjian.CheckProgress(v, progress)
		}
		if to == dangjian.RectDone || to == dangjian.RectVerified {
			progress = 100
		} else if progress >= 100 && v["progress"] == "" {
			v.Add("progress", "未完成的整改进度须小于100，完成请选择“已完成”")
		}
		note := strings.TrimSpace(in.Note)
		evidence := strings.TrimSpace(in.Evidence)
		switch {
		case note == "" && to != dangjian.RectVerified:
			v.Add("note", "请填写整改进展或情况说明")
		case utf8.RuneCountInString(note) > maxProblemText:
			v.Add("note", "说明不能超过2000个字")
		}
		if utf8.RuneCountInString(evidence) > maxProblemText {
			v.Add("evidence", "佐证材料说明不能超过2000个字")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.SetRectificationStatus(ctx, id, r.Status, to, progress, userID(actor), actor.Username); err != nil {
			return err
		}
		n := &dangjian.RectificationNote{FromStatus: r.Status, Status: to, Progress: progress, Note: note, Evidence: evidence}
		if err := tx.AddRectificationNote(ctx, id, n, userID(actor), actor.Username); err != nil {
			return err
		}
		action := "rectification.update"
		if to == dangjian.RectVerified {
			action = "rectification.verify"
		}
		if err := audit(ctx, tx, actor, action, "rectification", id, r.OrgID,
			map[string]any{"status": change{r.Status, to}, "progress": change{r.Progress, progress}, "note": note}); err != nil {
			return err
		}
		r, err = readRect(ctx, tx, actor, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	r.Overdue = r.IsOverdue(a.Today())
	return r, nil
}

// maxProblemText bounds notes and evidence.
const maxProblemText = 2000

// RectQuery filters the ledger; zero values do not filter.
type RectQuery struct {
	OrgID     int64 // the subtree of this organization
	Status    string
	Source    string
	Year      int
	Overdue   bool
	OwnerID   int64
	MeetingID int64
	ReportID  int64
}

// rectFilter checks a query and turns it into a filter on what the actor
// may read; it returns the organization asked for, if any.
func (a *App) rectFilter(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, q RectQuery) (dangjian.RectificationFilter, *dangjian.Org, error) {
	v := dangjian.Invalid{}
	if q.Status != "" && !dangjian.ValidRectStatus(q.Status) {
		v.Add("status", "整改状态无效")
	}
	if q.Source != "" && !dangjian.ValidRectSource(q.Source) {
		v.Add("source", "问题来源无效")
	}
	if q.Year != 0 && (q.Year < 1921 || q.Year > 9999) {
		v.Add("year", "年度不合理")
	}
	f := dangjian.RectificationFilter{Scopes: actor.Scopes(dangjian.PermOrgRead), Status: q.Status, Source: q.Source, Year: q.Year,
		Overdue: q.Overdue, Today: a.Today(), OwnerID: q.OwnerID, MeetingID: q.MeetingID, ReportID: q.ReportID}
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

// Rectifications lists the items the actor may read, the earliest
// deadline first, each flagged overdue or not.
func (a *App) Rectifications(ctx context.Context, actor *dangjian.Actor, q RectQuery, p Page) ([]*dangjian.Rectification, int, error) {
	p = p.Norm()
	var out []*dangjian.Rectification
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		f, _, err := a.rectFilter(ctx, tx, actor, q)
		if err != nil {
			return err
		}
		f.Offset, f.Limit = p.Offset(), p.PerPage
		out, total, err = tx.Rectifications(ctx, f)
		return err
	})
	today := a.Today()
	for _, r := range out {
		r.Overdue = r.IsOverdue(today)
	}
	return out, total, err
}

// OverdueRectifications counts the overdue items of the organizations the
// actor may write: the number on its to-do.
func (a *App) OverdueRectifications(ctx context.Context, actor *dangjian.Actor) (int, error) {
	scopes := foldScopes(actor.Scopes(dangjian.PermOrgWrite), actor.Scopes(dangjian.PermMemberWrite))
	if len(scopes) == 0 {
		return 0, nil
	}
	var n int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		_, total, err := tx.Rectifications(ctx, dangjian.RectificationFilter{Scopes: scopes, Overdue: true, Today: a.Today(), Limit: 1})
		n = total
		return err
	})
	return n, err
}

// RectRollup is the ledger of an organization rolled up by its children:
// each row counts a child's whole subtree, and a Self row the
// organization's own items.
type RectRollup struct {
	Org   *dangjian.Org            `json:"-"`
	Year  int                      `json:"year"`
	Rows  []dangjian.RectRollupRow `json:"items"`
	Total dangjian.RectCounts      `json:"total"`
}

// RectificationRollup counts the ledger under an organization by child,
// as of today (overdue), optionally for one year and source, sorted by
// sort (dangjian.RectRollupSorts; default overdue).
func (a *App) RectificationRollup(ctx context.Context, actor *dangjian.Actor, orgID int64, q RectQuery, sort string) (*RectRollup, error) {
	if sort != "" && !inStrings(dangjian.RectRollupSorts, sort) {
		msg := "排序须为 " + strings.Join(dangjian.RectRollupSorts, "、") + " 之一"
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"sort": msg}}
	}
	q.OrgID = orgID
	out := &RectRollup{Year: q.Year}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		f, o, err := a.rectFilter(ctx, tx, actor, q)
		if err != nil {
			return err
		}
		out.Org = o
		kids, _, err := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: narrowScopes(f.Scopes, o.Path), ParentID: &o.ID, Limit: 100000})
		if err != nil {
			return err
		}
		self := dangjian.RectRollupRow{OrgID: o.ID, OrgName: o.Name, Kind: o.Kind, Self: true}
		rows := make([]dangjian.RectRollupRow, 0, len(kids))
		at := map[int64]int{}
		for _, k := range kids {
			at[k.ID] = len(rows)
			rows = append(rows, dangjian.RectRollupRow{OrgID: k.ID, OrgName: k.Name, Kind: k.Kind, HasChild: k.ChildCount > 0})
		}
		counts, err := tx.RectificationCounts(ctx, f)
		if err != nil {
			return err
		}
		for _, c := range counts {
			out.Total.Add(c.Status, c.Overdue, c.N)
			if c.OrgID == o.ID {
				self.Counts.Add(c.Status, c.Overdue, c.N)
				continue
			}
			ids := dangjian.PathIDs(c.Path)
			if len(ids) > o.Depth+1 {
				if i, ok := at[ids[o.Depth+1]]; ok {
					rows[i].Counts.Add(c.Status, c.Overdue, c.N)
				}
			}
		}
		if sort == "" {
			sort = "overdue"
		}
		dangjian.SortRectRollup(rows, sort)
		out.Rows = append([]dangjian.RectRollupRow{self}, rows...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func inStrings(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ledgerMax bounds the printable ledger: a book, not an export.
const ledgerMax = 2000

// RectLedger is the printable ledger of an organization's subtree for a
// year.
type RectLedger struct {
	Org       *dangjian.Org
	Year      int
	Items     []*dangjian.Rectification
	Truncated bool
	Counts    dangjian.RectCounts
}

// RectificationLedger returns the items of an organization's subtree
// found in year, in tree order, with the latest timeline entry of each.
func (a *App) RectificationLedger(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*RectLedger, error) {
	out := &RectLedger{Year: year}
	today := a.Today()
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		f, o, err := a.rectFilter(ctx, tx, actor, RectQuery{OrgID: orgID, Year: year})
		if err != nil {
			return err
		}
		out.Org = o
		err = tx.EachRectification(ctx, f, func(r *dangjian.Rectification) error {
			if len(out.Items) == ledgerMax {
				out.Truncated = true
				return nil
			}
			r.Overdue = r.IsOverdue(today)
			out.Counts.Add(r.Status, r.Overdue, 1)
			out.Items = append(out.Items, r)
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range out.Items {
			if r.Updates, err = tx.RectificationNotes(ctx, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// rectHeaders are the columns of the ledger export.
var rectHeaders = []string{"编号", "责任党组织", "问题来源", "年度", "存在的问题", "整改措施", "责任人", "整改时限", "状态", "进度(%)", "是否逾期", "登记人", "登记时间", "验收人", "验收时间"}

// rectSourceNames and rectStatusNames are the Chinese names the exports use.
var (
	rectSourceNames = map[string]string{dangjian.SourceLifeMeeting: "组织生活会", dangjian.SourceDLM: "民主生活会", dangjian.SourceReport: "述职评议",
		dangjian.SourceInspection: "巡察检查", dangjian.SourceHealthCheck: "党建体检", dangjian.SourceOther: "其他"}
	rectStatusNames = map[string]string{dangjian.RectOpen: "未开始", dangjian.RectInProgress: "整改中", dangjian.RectDone: "已完成", dangjian.RectVerified: "已验收销号"}
)

// ExportRectifications is the ledger the actor may read (the list's
// filters apply) as a file, in tree order; the export is audited.
func (a *App) ExportRectifications(ctx context.Context, actor *dangjian.Actor, q RectQuery, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	if !actor.HasPermAnywhere(dangjian.PermOrgRead) {
		return nil, forbidden()
	}
	var f dangjian.RectificationFilter
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		f, _, err = a.rectFilter(ctx, tx, actor, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	today := a.Today()
	return &Export{
		Filename: a.exportName("整改台账", format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			n := 0
			xw, err := xlsx.NewWriter(w, format, "整改台账")
			if err != nil {
				return err
			}
			err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
				if err := xw.Header(rectHeaders, 8, 24, 12, 8, 50, 40, 10, 12, 12, 8, 8, 12, 20, 12, 20); err != nil {
					return err
				}
				return tx.EachRectification(ctx, f, func(r *dangjian.Rectification) error {
					n++
					overdue, verified := "否", ""
					if r.IsOverdue(today) {
						overdue = "是"
					}
					if r.VerifiedAt != nil {
						verified = cst(*r.VerifiedAt)
					}
					return xw.Row(r.ID, r.OrgName, rectSourceNames[r.Source], r.Year, r.Problem, r.Measures, r.OwnerName, r.Deadline,
						rectStatusNames[r.Status], r.Progress, overdue, r.CreatedBy, cst(r.CreatedAt), r.VerifiedBy, verified)
				})
			})
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "rectification.export", "rectification", q.OrgID, n, format, err,
				map[string]any{"filter": map[string]any{"status": q.Status, "source": q.Source, "year": q.Year, "overdue": q.Overdue}})
		},
	}, nil
}

// ExportRectificationRollup is the roll-up under an organization as a file.
func (a *App) ExportRectificationRollup(ctx context.Context, actor *dangjian.Actor, orgID int64, q RectQuery, sort, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	ru, err := a.RectificationRollup(ctx, actor, orgID, q, sort)
	if err != nil {
		return nil, err
	}
	return &Export{
		Filename: a.exportName("整改汇总-"+ru.Org.Name, format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "整改汇总")
			if err != nil {
				return err
			}
			err = xw.Header([]string{"党组织", "合计", "未开始", "整改中", "已完成", "已验收销号", "逾期", "完成率(%)"}, 30, 8, 8, 8, 8, 10, 8, 10)
			for _, r := range ru.Rows {
				if err != nil {
					break
				}
				name := r.OrgName
				if r.Self {
					name = fmt.Sprintf("%s（本级）", r.OrgName)
				}
				c := r.Counts
				err = xw.Row(name, c.Total, c.Open, c.InProgress, c.Done, c.Verified, c.Overdue, c.ClosedShare())
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "rectification.export", "rectification", orgID, len(ru.Rows), format, err, map[string]any{"rollup": true})
		},
	}, nil
}
