package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// Export is a file about to be sent: what the edges need for the headers,
// and the writing. Authorization and the checks of the request are done
// by the time an Export exists, so an edge can commit to a 200 first;
// Stream then reads the rows in one read transaction and writes them as
// they come, so a million rows take no memory of their own.
type Export struct {
	Filename string
	Format   string // xlsx or csv
	stream   func(ctx context.Context, w io.Writer) error
}

// ContentType is the media type of the file.
func (e *Export) ContentType() string { return xlsx.ContentType(e.Format) }

// Disposition is the Content-Disposition that offers the file for
// download under its (Chinese) name.
func (e *Export) Disposition() string { return xlsx.ContentDisposition(e.Filename) }

// Stream writes the file to w.
func (e *Export) Stream(ctx context.Context, w io.Writer) error { return e.stream(ctx, w) }

// exportFormat checks the format a caller asked for; empty is xlsx.
func exportFormat(format string) (string, error) {
	switch format {
	case "", xlsx.FormatXLSX:
		return xlsx.FormatXLSX, nil
	case xlsx.FormatCSV:
		return xlsx.FormatCSV, nil
	}
	msg := "导出格式须为 xlsx 或 csv"
	return "", &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"format": msg}}
}

// xlsxMaxRows is the most data rows a worksheet holds (the header takes one).
const xlsxMaxRows = 1_048_575

// exportName names a download: what, the date, the format.
func (a *App) exportName(what, format string) string {
	return what + "-" + a.Today().String() + "." + format
}

// cst writes an instant as users read it, in China Standard Time.
func cst(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(dangjian.CST).Format("2006-01-02 15:04:05")
}

// memberWidths are the export's column widths, in characters.
var memberWidths = []float64{10, 6, 8, 12, 22, 12, 12, 12, 10, 44, 14, 16, 10, 10, 14, 16, 14}

// ExportMembers is the roster (active members, the roster's filters) as
// a file with the import template's headers, so that it imports back
// unchanged. ID and phone numbers are masked unless reveal is asked for,
// which needs member.reveal on the whole exported scope. Every export is
// audited with its row count, format and whether it was unmasked.
func (a *App) ExportMembers(ctx context.Context, actor *dangjian.Actor, f dangjian.MemberFilter, format string, reveal bool) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	if !actor.HasPermAnywhere(dangjian.PermMemberRead) {
		return nil, forbidden()
	}
	f.Scopes = actor.Scopes(dangjian.PermMemberRead)
	f.Offset, f.Limit = 0, 0
	t := true
	f.Active = &t
	name := "党员名册"
	var orgID int64
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if f.OrgID != 0 {
			o, err := viewOrg(ctx, tx, actor, f.OrgID, dangjian.PermOrgRead)
			if err != nil {
				return err
			}
			f.OrgPath, orgID = o.Path, o.ID
			name += "-" + o.Name
		}
		if format != xlsx.FormatXLSX {
			return nil
		}
		_, total, err := tx.Members(ctx, dangjian.MemberFilter{Scopes: f.Scopes, OrgPath: f.OrgPath, Query: f.Query, Status: f.Status,
			LeadingCadre: f.LeadingCadre, PartyAffairs: f.PartyAffairs, Active: f.Active, Limit: 1})
		if err != nil {
			return err
		}
		if total > xlsxMaxRows {
			msg := fmt.Sprintf("共 %d 人，超过 Excel 工作表 %d 行的上限，请导出 CSV 或缩小范围", total, xlsxMaxRows)
			return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"format": msg}}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	roots := f.Scopes
	if f.OrgPath != "" {
		roots = narrowScopes(f.Scopes, f.OrgPath)
	}
	if reveal {
		for _, r := range roots {
			if !actor.HasPerm(dangjian.PermMemberReveal, r) {
				return nil, dangjian.Errorf(dangjian.EFORBIDDEN, "没有导出完整公民身份号码和联系电话的权限")
			}
		}
	}
	filter := map[string]any{}
	if orgID != 0 {
		filter["org"] = orgID
	}
	if f.Query != "" {
		filter["q"] = f.Query
	}
	if f.Status != "" {
		filter["status"] = f.Status
	}
	if f.LeadingCadre != nil {
		filter["leading_cadre"] = *f.LeadingCadre
	}
	if f.PartyAffairs != "" {
		filter["party_affairs"] = f.PartyAffairs
	}
	return &Export{
		Filename: a.exportName(name, format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			n, err := a.streamMembers(ctx, w, actor, f, format, reveal)
			return a.auditExport(ctx, actor, "member.export", "member", orgID, n, format, err, map[string]any{"unmasked": reveal, "filter": filter})
		},
	}, nil
}

// auditExport records an export after its rows went out, complete or
// not; it still writes when the request's context ended midway.
func (a *App) auditExport(ctx context.Context, actor *dangjian.Actor, action, entity string, orgID int64, rows int, format string, err error, extra map[string]any) error {
	changes := map[string]any{"rows": rows, "format": format, "complete": err == nil}
	for k, v := range extra {
		changes[k] = v
	}
	ctx = context.WithoutCancel(ctx)
	aerr := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		return audit(ctx, tx, actor, action, entity, 0, orgID, changes)
	})
	return errors.Join(err, aerr)
}

// exportBatch is how many rows go from the read to the writer at a time.
const exportBatch = 512

// cellBatch is rows of cells, one flat slice, so that a batch and its
// rows are reused as a whole.
type cellBatch struct {
	cells []any
	rows  int
}

func (b *cellBatch) row(i, width int) []any { return b.cells[i*width : (i+1)*width] }

// streamMembers writes the roster rows and returns how many it wrote. The
// read (SQL, decryption, names) and the writing (an .xlsx is mostly XML
// and zip) run side by side, a few batches of rows apart, so the export
// takes about as long as the slower of the two, in bounded memory.
func (a *App) streamMembers(ctx context.Context, w io.Writer, actor *dangjian.Actor, f dangjian.MemberFilter, format string, reveal bool) (int, error) {
	xw, err := xlsx.NewWriter(w, format, "党员名册")
	if err != nil {
		return 0, err
	}
	width := len(memberWidths)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan *cellBatch, 4)
	spare := make(chan *cellBatch, 6)
	read := make(chan error, 1)
	go func() {
		defer close(full)
		read <- a.db.View(ctx, func(tx *sqlstore.Tx) error {
			x, err := loadOrgIndex(ctx, tx, foldScopes(actor.Scopes(dangjian.PermOrgRead), f.Scopes))
			if err != nil {
				return err
			}
			var b *cellBatch
			next := func() {
				select {
				case b = <-spare:
					b.rows = 0
				default:
					b = &cellBatch{cells: make([]any, exportBatch*width)}
				}
			}
			send := func() error {
				select {
				case full <- b:
					next()
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			next()
			err = tx.EachMember(ctx, f, func(m *dangjian.Member) error {
				if !reveal {
					masked := m.Masked()
					m = &masked
				}
				group := ""
				if m.GroupID != nil {
					if g := x.orgs[*m.GroupID]; g != nil {
						group = g.Name
					}
				}
				c := b.row(b.rows, width)
				c[0], c[1], c[2], c[3], c[4], c[5] = m.Name, genderOut[m.Gender], m.Ethnicity, m.BirthDate, m.IDNumber, m.Education
				c[6], c[7], c[8], c[9], c[10] = m.JoinedOn, m.ConfirmedOn, statusOut[m.Status], x.exportName(m.OrgID), group
				c[11], c[12], c[13], c[14] = m.Position, m.LeadingCadre, affairsOut[m.PartyAffairs], m.Phone
				c[15], c[16] = dangjian.DuesCategoryNames[m.DuesCategory], float64(m.DuesBase)/100
				if b.rows++; b.rows == exportBatch {
					return send()
				}
				return nil
			})
			if err == nil && b.rows > 0 {
				err = send()
			}
			return err
		})
	}()
	n := 0
	werr := xw.Header(MemberHeaders(), memberWidths...)
	for b := range full {
		for i := 0; i < b.rows && werr == nil; i++ {
			if werr = xw.Row(b.row(i, width)...); werr == nil {
				n++
			}
		}
		if werr != nil {
			cancel() // the read stops; this loop drains what it had sent
		}
		select {
		case spare <- b:
		default:
		}
	}
	err = <-read
	if werr != nil {
		err = werr
	}
	// Close writes an .xlsx out, after the read transaction has ended; it
	// also removes the temporary file when the rows failed.
	if cerr := xw.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// orgHeaders are the columns of the organization export.
var orgHeaders = []string{"名称", "类别", "上级组织", "完整路径", "组织编码", "单位", "在编人数", "党员人数", "直属党员人数", "直属正式党员人数", "下级组织数", "组织编号"}

// ExportOrgs is the list of the organizations the actor may see (the
// list's filters apply), in tree order.
func (a *App) ExportOrgs(ctx context.Context, actor *dangjian.Actor, f dangjian.OrgFilter, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	if !actor.HasPermAnywhere(dangjian.PermOrgRead) {
		return nil, forbidden()
	}
	f.Scopes = actor.Scopes(dangjian.PermOrgRead)
	f.ParentID, f.Offset, f.Limit = nil, 0, 0
	return &Export{
		Filename: a.exportName("党组织", format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "党组织")
			if err != nil {
				return err
			}
			err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
				x, err := loadOrgIndex(ctx, tx, f.Scopes)
				if err != nil {
					return err
				}
				if err := xw.Header(orgHeaders, 30, 10, 30, 60, 12, 20, 10, 10, 12, 14, 10, 10); err != nil {
					return err
				}
				return tx.EachOrg(ctx, f, func(o *dangjian.Org) error {
					parent := ""
					if o.ParentID != nil {
						if _, visible := x.vis[*o.ParentID]; visible {
							parent = x.orgs[*o.ParentID].Name
						}
					}
					return xw.Row(o.Name, dangjian.OrgKindNames[o.Kind], parent, x.vis[o.ID], o.Code, o.Unit, o.StaffCount,
						o.MemberCount, o.DirectCount, o.DirectFull, o.ChildCount, o.ID)
				})
			})
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return err
		},
	}, nil
}

// auditHeaders are the columns of the audit-trail export.
var auditHeaders = []string{"序号", "时间", "操作人", "操作", "对象", "对象编号", "党组织编号", "IP 地址", "变更内容", "哈希"}

// ExportAudit is the audit trail (the list's filters apply), newest
// first; only an auditor may, and the export is itself audited.
func (a *App) ExportAudit(ctx context.Context, actor *dangjian.Actor, f dangjian.AuditFilter, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	if !actor.HasPermAnywhere(dangjian.PermAuditRead) {
		return nil, forbidden()
	}
	opt := func(p *int64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	return &Export{
		Filename: a.exportName("审计日志", format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			n := 0
			xw, err := xlsx.NewWriter(w, format, "审计日志")
			if err != nil {
				return err
			}
			err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
				if err := xw.Header(auditHeaders, 10, 20, 14, 20, 10, 10, 10, 16, 80, 20); err != nil {
					return err
				}
				return tx.EachAudit(ctx, f, func(r *dangjian.Audit) error {
					n++
					return xw.Row(r.ID, cst(r.At), r.Actor, r.Action, r.Entity, opt(r.EntityID), opt(r.OrgID), r.IP, r.Changes, r.Hash)
				})
			})
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			filter := map[string]any{"action": f.Action, "entity": f.Entity}
			if !f.Since.IsZero() {
				filter["since"] = f.Since.UTC()
			}
			return a.auditExport(ctx, actor, "audit.export", "audit", 0, n, format, err, map[string]any{"filter": filter})
		},
	}, nil
}

// ExportUsers is the list of accounts with their roles (sysadmin only).
func (a *App) ExportUsers(ctx context.Context, actor *dangjian.Actor, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	users, err := a.Users(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &Export{
		Filename: a.exportName("用户", format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "用户")
			if err != nil {
				return err
			}
			err = xw.Header([]string{"编号", "用户名", "角色", "关联党员编号", "状态", "锁定至", "创建时间"}, 8, 16, 60, 12, 8, 20, 20)
			for _, u := range users {
				if err != nil {
					break
				}
				var roles []string
				for _, g := range u.Roles {
					roles = append(roles, dangjian.RoleNames[g.Role]+"·"+g.OrgName)
				}
				state, locked := "正常", ""
				if u.Disabled {
					state = "已停用"
				}
				if u.LockedUntil != nil && u.LockedUntil.After(a.db.Now()) {
					locked = cst(*u.LockedUntil)
				}
				var member any
				if u.MemberID != nil {
					member = *u.MemberID
				}
				err = xw.Row(u.ID, u.Username, strings.Join(roles, "；"), member, state, locked, cst(u.CreatedAt))
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "user.export", "user", 0, len(users), format, err, nil)
		},
	}, nil
}

// meetingHeaders are the columns of the meetings export.
var meetingHeaders = []string{"会议时间", "会议类型", "会议主题", "党组织", "会议地点", "法定人数", "到会人数", "达到法定人数",
	"与行政会议合并", "疑似合并", "计入", "补录导入", "会议编号"}

// ExportMeetings is the list of meetings the actor may see with the
// filters of the list (organization subtree, kind, from, to), newest
// first, as the list shows them; audited with its row count.
func (a *App) ExportMeetings(ctx context.Context, actor *dangjian.Actor, q MeetingQuery, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	v := dangjian.Invalid{}
	if q.Kind != "" && !dangjian.ValidMeetingKind(q.Kind) {
		v.Add("kind", "会议类型无效")
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		v.Add("to", "结束时间须晚于开始时间")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !actor.HasPermAnywhere(dangjian.PermOrgRead) {
		return nil, forbidden()
	}
	f := dangjian.MeetingFilter{Scopes: actor.Scopes(dangjian.PermOrgRead), Kind: q.Kind, From: q.From, To: q.To}
	name := "会议记录"
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if q.OrgID != 0 {
			o, err := viewOrg(ctx, tx, actor, q.OrgID, dangjian.PermOrgRead)
			if err != nil {
				return err
			}
			f.OrgPath = o.Path
			name += "-" + o.Name
		}
		if format != xlsx.FormatXLSX {
			return nil
		}
		_, total, err := tx.Meetings(ctx, dangjian.MeetingFilter{Scopes: f.Scopes, OrgPath: f.OrgPath, Kind: f.Kind, From: f.From, To: f.To, Limit: 1})
		if err != nil {
			return err
		}
		if total > xlsxMaxRows {
			msg := fmt.Sprintf("共 %d 条，超过 Excel 工作表 %d 行的上限，请导出 CSV 或缩小范围", total, xlsxMaxRows)
			return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"format": msg}}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	filter := map[string]any{"org": q.OrgID, "kind": q.Kind}
	if !q.From.IsZero() {
		filter["from"] = q.From.UTC()
	}
	if !q.To.IsZero() {
		filter["to"] = q.To.UTC()
	}
	return &Export{
		Filename: a.exportName(name, format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			n := 0
			xw, err := xlsx.NewWriter(w, format, "会议记录")
			if err != nil {
				return err
			}
			err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
				if err := xw.Header(meetingHeaders, 20, 12, 40, 30, 20, 10, 10, 12, 14, 10, 8, 10, 10); err != nil {
					return err
				}
				return tx.EachMeeting(ctx, f, func(m *dangjian.Meeting) error {
					n++
					return xw.Row(cst(m.HeldAt), dangjian.MeetingKindNames[m.Kind], m.Topic, m.OrgName, m.Location, m.Quorum.Required, m.Quorum.Present,
						m.Quorum.Met, m.MergedWithAdmin, m.SuspectedMerged, m.Counted, m.Imported, m.ID)
				})
			})
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "meeting.export", "meeting", q.OrgID, n, format, err, map[string]any{"filter": filter})
		},
	}, nil
}

// rollupHeaders are the columns of the compliance roll-up export.
var rollupHeaders = []string{"党组织", "类别", "完成率", "未完成期数", "未完成事项", "组织编号"}

// ExportRollup is the compliance roll-up of the subtree of orgID in year,
// every organization that owes a meeting, in the order sortBy gives the
// page (rate, missing or name), with every missing "rule period" listed:
// the page's numbers, not paged.
func (a *App) ExportRollup(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, sortBy, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	today := a.Today()
	if err := checkYear(year, today); err != nil {
		return nil, err
	}
	switch sortBy {
	case "":
		sortBy = SortRate
	case SortRate, SortMissing, SortName:
	default:
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: "排序方式无效",
			Fields: map[string]string{"sort": "应为 rate、missing 或 name 之一"}}
	}
	var o *dangjian.Org
	if err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err = viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		return err
	}); err != nil {
		return nil, err
	}
	return &Export{
		Filename: a.exportName(fmt.Sprintf("组织生活达标汇总-%s-%d", o.Name, year), format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			var rows []RollupRow
			err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
				rs, _, err := a.ruleTable(ctx, tx)
				if err != nil {
					return err
				}
				cr := dangjian.NewComplianceRules(rs)
				plan := cr.Plan(year, today)
				var counts dangjian.YearCounts
				return tx.RollupOrgs(ctx, o.Path, year, cr.CommitteeRequired(), true, func(so *sqlstore.ComplianceOrg) error {
					if err := counts.Parse(so.Counts); err != nil {
						return fmt.Errorf("organization %d: %w", so.ID, err)
					}
					facts := dangjian.OrgFacts{ID: so.ID, Kind: so.Kind, DirectFull: so.DirectFull, HasCommittee: hasCommittee(so.CommitteeSeats)}
					sum := plan.Summarize(facts, &counts, 1<<20)
					if sum.Owes {
						rows = append(rows, RollupRow{OrgID: so.ID, Name: so.Name, Kind: so.Kind, Rate: sum.Rate, Missing: sum.Missing, MissingItems: sum.MissingItems})
					}
					return nil
				})
			})
			n := 0
			xw, werr := xlsx.NewWriter(w, format, "达标汇总")
			if werr != nil {
				return errors.Join(err, werr)
			}
			if err == nil {
				sortRollup(rows, sortBy)
				err = xw.Header(rollupHeaders, 36, 12, 10, 12, 60, 10)
				for _, r := range rows {
					if err != nil {
						break
					}
					n++
					err = xw.Row(r.Name, dangjian.OrgKindNames[r.Kind], rateCell(r.Rate), r.Missing, strings.Join(r.MissingItems, "、"), r.OrgID)
				}
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "compliance.export", "org", o.ID, n, format, err, map[string]any{"year": year, "sort": sortBy})
		},
	}, nil
}

// sortRollup sorts a whole roll-up as sortPage sorts it for a page:
// lowest rate, most missing or by name, ties in tree order.
func sortRollup(rows []RollupRow, sortBy string) {
	slices.SortStableFunc(rows, func(x, y RollupRow) int {
		switch sortBy {
		case SortMissing:
			return y.Missing - x.Missing
		case SortName:
			return strings.Compare(x.Name, y.Name)
		}
		switch {
		case x.Rate < y.Rate:
			return -1
		case x.Rate > y.Rate:
			return 1
		}
		return 0
	})
}

// rateCell writes a rate as the pages do: a percentage with one decimal.
func rateCell(rate float64) string { return strconv.FormatFloat(rate*100, 'f', 1, 64) + "%" }

// dualLifeHeaders are the columns of the dual organizational life export.
var dualLifeHeaders = []string{"姓名", "所在党支部", "所在党小组", "支委会成员", "所在领导班子", "支部（小组）会议", "参加", "参加比例",
	"应参加", "状态", "组织生活会", "民主生活会", "问题"}

// dualLifeAnswers are the export's words for the life meeting answers.
var dualLifeAnswers = map[string]string{dangjian.DualLifeYes: "参加", dangjian.DualLifeNo: "未参加", dangjian.DualLifeNone: "未召开",
	dangjian.DualLifeNotDue: "不在名单", dangjian.DualLifeNoGroup: "无领导班子"}

// dualLifeStatuses are the export's words for a cadre's share.
var dualLifeStatuses = map[string]string{dangjian.DualLifeMet: "达到", dangjian.DualLifeShort: "不足", dangjian.StatusNotApplicable: "未召开会议"}

// ExportDualLife is the dual organizational life of the subtree of orgID
// in year, the page's rows in the page's order (those short first).
func (a *App) ExportDualLife(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	rep, err := a.DualLife(ctx, actor, orgID, year)
	if err != nil {
		return nil, err
	}
	return &Export{
		Filename: a.exportName(fmt.Sprintf("双重组织生活-%s-%d", rep.OrgName, year), format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "双重组织生活")
			if err != nil {
				return err
			}
			err = xw.Header(dualLifeHeaders, 10, 30, 16, 10, 30, 14, 8, 10, 8, 10, 12, 12, 60)
			for _, r := range rep.Items {
				if err != nil {
					break
				}
				share := ""
				if r.Share != nil {
					share = rateCell(*r.Share)
				}
				var msgs []string
				for _, f := range r.Findings {
					msgs = append(msgs, f.Rule+" "+f.Message)
				}
				err = xw.Row(r.Name, r.BranchName, r.GroupName, r.OnCommittee, r.LeadingGroupName, r.Held, r.Attended, share, r.Required,
					dualLifeStatuses[r.Status], dualLifeAnswers[r.LifeMeeting], dualLifeAnswers[r.DLM], strings.Join(msgs, "；"))
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "dual_life.export", "org", rep.OrgID, len(rep.Items), format, err, map[string]any{"year": year})
		},
	}, nil
}

// ExportTalkCoverage is a branch's talk coverage of year: every pair
// still missing, then a last row with the totals the page shows.
func (a *App) ExportTalkCoverage(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	cov, err := a.TalkCoverage(ctx, actor, orgID, year)
	if err != nil {
		return nil, err
	}
	var name string
	if err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := tx.Org(ctx, orgID)
		if err == nil {
			name = o.Name
		}
		return err
	}); err != nil {
		return nil, err
	}
	return &Export{
		Filename: a.exportName(fmt.Sprintf("谈心谈话覆盖-%s-%d", name, year), format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "谈心谈话覆盖")
			if err != nil {
				return err
			}
			err = xw.Header([]string{"序号", "谈话一方", "谈话另一方", "状态", "一方党员编号", "另一方党员编号"}, 8, 14, 14, 10, 16, 16)
			for i, p := range cov.Missing {
				if err != nil {
					break
				}
				err = xw.Row(i+1, p.AName, p.BName, "未谈", p.AID, p.BID)
			}
			if err == nil {
				err = xw.Row("合计", fmt.Sprintf("应谈 %d 对", cov.Required), fmt.Sprintf("已谈 %d 对", cov.Done), fmt.Sprintf("尚缺 %d 对", len(cov.Missing)), nil, nil)
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "talk.export", "org", orgID, len(cov.Missing), format, err, map[string]any{"year": year})
		},
	}, nil
}
