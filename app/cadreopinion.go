package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// CadreOpinionInput is personnel's request for a branch's opinion on a
// member who is a candidate for a post.
type CadreOpinionInput struct {
	MemberID int64
	OrgID    int64
	Deadline dangjian.Date
	Note     string
}

// cadreScopes are where the actor sees cadre opinions: subtrees for
// personnel and for the working committee (a committee_admin or org_admin
// grant on a root organization, which is always a working committee), and
// exactly the branches on which it holds org_admin or committee_admin (the
// branch's secretary and committee). Other roles that can read the member
// (viewers, the levels between) see none: the opinion is confidential.
func cadreScopes(actor *dangjian.Actor) (subtrees, exact []string) {
	if actor == nil {
		return nil, nil
	}
	for _, g := range actor.Grants {
		switch g.Role {
		case dangjian.RolePersonnel:
			subtrees = append(subtrees, g.OrgPath)
		case dangjian.RoleCommitteeAdmin, dangjian.RoleOrgAdmin:
			if len(dangjian.PathIDs(g.OrgPath)) == 1 {
				subtrees = append(subtrees, g.OrgPath)
			} else {
				exact = append(exact, g.OrgPath)
			}
		}
	}
	return foldScopes(subtrees), exact
}

// personnelOn says whether the actor holds the personnel role over path.
func personnelOn(actor *dangjian.Actor, path string) bool {
	for _, g := range actor.Grants {
		if g.Role == dangjian.RolePersonnel && dangjian.InSubtree(path, g.OrgPath) {
			return true
		}
	}
	return false
}

// CanRequestCadreOpinion says whether the actor may ask for opinions at
// all: it holds the personnel role somewhere.
func CanRequestCadreOpinion(actor *dangjian.Actor) bool { return actor.HasRole(dangjian.RolePersonnel) }

// CanSeeCadreOpinions says whether the actor sees any cadre opinions.
func CanSeeCadreOpinions(actor *dangjian.Actor) bool {
	s, e := cadreScopes(actor)
	return len(s)+len(e) > 0
}

func canSeeOpinion(actor *dangjian.Actor, c *dangjian.CadreOpinion) bool {
	s, e := cadreScopes(actor)
	for _, p := range s {
		if dangjian.InSubtree(c.OrgPath, p) {
			return true
		}
	}
	return slices.Contains(e, c.OrgPath)
}

// CanAnswerCadreOpinion says whether the actor answers for the branch: it
// holds the branch's own org_admin or committee_admin grant.
func CanAnswerCadreOpinion(actor *dangjian.Actor, c *dangjian.CadreOpinion) bool {
	if actor == nil {
		return false
	}
	for _, g := range actor.Grants {
		if (g.Role == dangjian.RoleOrgAdmin || g.Role == dangjian.RoleCommitteeAdmin) && g.OrgPath == c.OrgPath {
			return true
		}
	}
	return false
}

// RequestCadreOpinion records personnel's request to the member's branch.
func (a *App) RequestCadreOpinion(ctx context.Context, actor *dangjian.Actor, in CadreOpinionInput) (*dangjian.CadreOpinion, error) {
	c := &dangjian.CadreOpinion{MemberID: in.MemberID, OrgID: in.OrgID, Deadline: in.Deadline, Note: in.Note, RequestedBy: actor.Username}
	if !CanRequestCadreOpinion(actor) {
		return nil, dangjian.Errorf(dangjian.EFORBIDDEN, "只有人事部门可以征求党组织意见")
	}
	v := dangjian.Invalid{}
	for k, msg := range dangjian.ErrorFields(c.Validate(a.Today())) {
		v.Add(k, msg)
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if c.OrgID > 0 {
			o, err := tx.Org(ctx, c.OrgID)
			if dangjian.ErrorCode(err) == dangjian.ENOTFOUND {
				v.Add("org_id", "党组织不存在")
			} else if err != nil {
				return err
			} else if !personnelOn(actor, o.Path) {
				return hidden("组织")
			} else {
				c.OrgName, c.OrgPath = o.Name, o.Path
				if o.Kind != dangjian.KindBranch {
					v.Add("org_id", "请选择考察对象所在的党支部")
				}
			}
		}
		if c.MemberID > 0 {
			m, err := tx.Member(ctx, c.MemberID)
			switch {
			case dangjian.ErrorCode(err) == dangjian.ENOTFOUND:
				v.Add("member_id", "该党员不存在")
			case err != nil:
				return err
			case !personnelOn(actor, m.OrgPath):
				v.Add("member_id", "该党员不存在")
			case !m.Active:
				v.Add("member_id", "该党员不在册")
			case c.OrgID > 0 && m.OrgID != c.OrgID:
				v.Add("org_id", "考察对象不是该党支部的党员")
			default:
				c.MemberName = m.Name
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.CreateCadreOpinion(ctx, c, userID(actor)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "cadre_opinion.create", "cadre_opinion", c.ID, c.OrgID,
			map[string]any{"member_id": c.MemberID, "deadline": c.Deadline})
	})
	if err != nil {
		return nil, err
	}
	c.Overdue = c.IsOverdue(a.Today())
	return c, nil
}

// CadreOpinion returns a request the actor may see; one it may not is
// not found, like any hidden record.
func (a *App) CadreOpinion(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.CadreOpinion, error) {
	var c *dangjian.CadreOpinion
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if c, err = tx.CadreOpinion(ctx, id); err != nil {
			return err
		}
		if !canSeeOpinion(actor, c) {
			return hidden("征求意见")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Overdue = c.IsOverdue(a.Today())
	return c, nil
}

// AnswerCadreOpinion records the branch committee's answer; reasons are
// required for anything but plain agreement. The audit row keeps that it
// was answered, not the opinion: the trail is read more widely.
func (a *App) AnswerCadreOpinion(ctx context.Context, actor *dangjian.Actor, id int64, opinion, reasons string) (*dangjian.CadreOpinion, error) {
	var c *dangjian.CadreOpinion
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if c, err = tx.CadreOpinion(ctx, id); err != nil {
			return err
		}
		if !canSeeOpinion(actor, c) {
			return hidden("征求意见")
		}
		if !CanAnswerCadreOpinion(actor, c) {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "只有该党支部委员会可以答复")
		}
		if c.Status != dangjian.OpinionPending {
			return dangjian.Errorf(dangjian.ECONFLICT, "该征求意见已答复，不能重复答复")
		}
		reasons, err = dangjian.CheckOpinionAnswer(opinion, reasons)
		if err != nil {
			return err
		}
		if err := tx.AnswerCadreOpinion(ctx, id, opinion, reasons, userID(actor), actor.Username); err != nil {
			return err
		}
		if err := audit(ctx, tx, actor, "cadre_opinion.answer", "cadre_opinion", id, c.OrgID, map[string]any{"member_id": c.MemberID}); err != nil {
			return err
		}
		c, err = tx.CadreOpinion(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	c.Overdue = c.IsOverdue(a.Today())
	return c, nil
}

// CadreOpinionQuery filters the requests; zero values do not filter.
type CadreOpinionQuery struct {
	OrgID    int64
	MemberID int64
	Status   string
	Overdue  bool
}

func (a *App) opinionFilter(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, q CadreOpinionQuery) (dangjian.CadreOpinionFilter, error) {
	sub, exact := cadreScopes(actor)
	f := dangjian.CadreOpinionFilter{Subtrees: sub, Exact: exact, MemberID: q.MemberID, Status: q.Status, Overdue: q.Overdue, Today: a.Today()}
	if q.Status != "" && q.Status != dangjian.OpinionPending && q.Status != dangjian.OpinionAnswered {
		msg := "状态须为 pending 或 answered"
		return f, &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"status": msg}}
	}
	if q.OrgID != 0 {
		o, err := viewOrg(ctx, tx, actor, q.OrgID, dangjian.PermOrgRead)
		if err != nil {
			return f, err
		}
		f.OrgPath = o.Path
	}
	return f, nil
}

// CadreOpinions lists the requests the actor may see, newest first. An
// actor that sees none is refused rather than shown an empty list.
func (a *App) CadreOpinions(ctx context.Context, actor *dangjian.Actor, q CadreOpinionQuery, p Page) ([]*dangjian.CadreOpinion, int, error) {
	if !CanSeeCadreOpinions(actor) {
		return nil, 0, forbidden()
	}
	p = p.Norm()
	var out []*dangjian.CadreOpinion
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		f, err := a.opinionFilter(ctx, tx, actor, q)
		if err != nil {
			return err
		}
		f.Offset, f.Limit = p.Offset(), p.PerPage
		out, total, err = tx.CadreOpinions(ctx, f)
		return err
	})
	today := a.Today()
	for _, c := range out {
		c.Overdue = c.IsOverdue(today)
	}
	return out, total, err
}

// OverdueCadreOpinions are the overdue requests waiting for an answer
// from the branches the actor answers for: its to-do.
func (a *App) OverdueCadreOpinions(ctx context.Context, actor *dangjian.Actor) ([]*dangjian.CadreOpinion, error) {
	_, exact := cadreScopes(actor)
	if len(exact) == 0 {
		return nil, nil
	}
	var out []*dangjian.CadreOpinion
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		out, _, err = tx.CadreOpinions(ctx, dangjian.CadreOpinionFilter{Exact: exact, Overdue: true, Today: a.Today(), Limit: 100})
		return err
	})
	for _, c := range out {
		c.Overdue = true
	}
	return out, err
}

var opinionNames = map[string]string{dangjian.OpinionAgree: "同意", dangjian.OpinionWithReservations: "基本同意（有保留意见）", dangjian.OpinionDisagree: "不同意"}

// ExportCadreOpinions is the list the actor may see as a file; audited.
func (a *App) ExportCadreOpinions(ctx context.Context, actor *dangjian.Actor, q CadreOpinionQuery, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	if !CanSeeCadreOpinions(actor) {
		return nil, forbidden()
	}
	var f dangjian.CadreOpinionFilter
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		f, err = a.opinionFilter(ctx, tx, actor, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	f.Limit = -1
	return &Export{
		Filename: a.exportName("干部考察征求意见", format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			var list []*dangjian.CadreOpinion
			err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
				var err error
				list, _, err = tx.CadreOpinions(ctx, f)
				return err
			})
			xw, xerr := xlsx.NewWriter(w, format, "干部考察征求意见")
			if xerr != nil {
				return xerr
			}
			today := a.Today()
			if err == nil {
				err = xw.Header([]string{"编号", "考察对象", "党支部", "答复期限", "说明", "状态", "意见", "理由", "征求人", "征求时间", "答复人", "答复时间"},
					8, 12, 24, 12, 40, 10, 20, 40, 12, 20, 12, 20)
			}
			for _, c := range list {
				if err != nil {
					break
				}
				state, at := "待答复", ""
				if c.Status == dangjian.OpinionAnswered {
					state = "已答复"
				} else if c.IsOverdue(today) {
					state = "逾期未答复"
				}
				if c.AnsweredAt != nil {
					at = cst(*c.AnsweredAt)
				}
				err = xw.Row(c.ID, c.MemberName, c.OrgName, c.Deadline, c.Note, state, opinionNames[c.Opinion], c.Reasons, c.RequestedBy,
					cst(c.CreatedAt), c.AnsweredBy, at)
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "cadre_opinion.export", "cadre_opinion", q.OrgID, len(list), format, err, nil)
		},
	}, nil
}

// Kinds of to-do items of the rectification ledger and cadre opinions.
const (
	TodoRectification = "rectification" // overdue rectification items of an organization
	TodoCadreOpinion  = "cadre_opinion" // a cadre opinion request past its deadline, unanswered
)

// todoRectMax bounds the organizations listed with overdue items; more
// make one item pointing at the roll-up.
const todoRectMax = 20

// todoRectifications adds the overdue rectification items of the
// organizations the actor runs (one item per organization, or one for
// all when there are many) and the overdue cadre opinion requests to the
// branches it answers for.
func todoRectifications(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	var out []TodoItem
	order := func(orgID int64) int {
		if n, ok := run.order[orgID]; ok {
			return n
		}
		return len(run.orgs)
	}
	if scopes := todoScopes(run.actor); len(scopes) > 0 {
		counts, err := tx.OverdueByOrg(ctx, dangjian.RectificationFilter{Scopes: scopes, Today: run.today}, todoRectMax+1)
		if err != nil {
			return nil, err
		}
		if len(counts) > todoRectMax {
			total := 0
			all, err := tx.OverdueByOrg(ctx, dangjian.RectificationFilter{Scopes: scopes, Today: run.today}, 1_000_000)
			if err != nil {
				return nil, err
			}
			for _, c := range all {
				total += c.N
			}
			root := dangjian.PathIDs(scopes[0])
			out = append(out, TodoItem{Kind: TodoRectification, Severity: TodoOverdue, Count: total,
				Title: fmt.Sprintf("%d 个组织共 %d 项整改事项逾期未完成", len(all), total),
				Href:  fmt.Sprintf("/orgs/%d/rectifications/rollup?sort=overdue", root[len(root)-1]), order: len(run.orgs)})
		} else {
			for _, c := range counts {
				out = append(out, TodoItem{Kind: TodoRectification, Severity: TodoOverdue, OrgID: c.OrgID, OrgName: c.OrgName, Count: c.N,
					Title: fmt.Sprintf("%d 项整改事项逾期未完成", c.N), Href: fmt.Sprintf("/orgs/%d/rectifications?overdue=1", c.OrgID), order: order(c.OrgID)})
			}
		}
	}
	if _, exact := cadreScopes(run.actor); len(exact) > 0 {
		ops, _, err := tx.CadreOpinions(ctx, dangjian.CadreOpinionFilter{Exact: exact, Overdue: true, Today: run.today, Limit: 50})
		if err != nil {
			return nil, err
		}
		for _, c := range ops {
			due := c.Deadline
			out = append(out, TodoItem{Kind: TodoCadreOpinion, Severity: TodoOverdue, OrgID: c.OrgID, OrgName: c.OrgName, DueOn: &due,
				Title: fmt.Sprintf("干部考察征求意见逾期未答复：%s", c.MemberName), Href: "/cadre-opinions/" + strconv.FormatInt(c.ID, 10), order: order(c.OrgID)})
		}
	}
	return out, nil
}
