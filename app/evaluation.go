package app

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// canManage reports whether the actor may run a campaign or a report of
// the organization at path: record its organizational life.
func canManage(actor *dangjian.Actor, path string) bool {
	return actor.HasPerm(dangjian.PermOrgWrite, path) || actor.HasPerm(dangjian.PermMemberWrite, path)
}

// isCandidate reports whether the actor's member record is evaluated in the campaign.
func isCandidate(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, e *dangjian.Evaluation) (bool, error) {
	if actor == nil || actor.MemberID == nil {
		return false, nil
	}
	v, err := tx.BallotVoter(ctx, sqlstore.BoxEvaluation, e.ID, *actor.MemberID)
	return v != nil, err
}

// readEvaluation returns a campaign the actor may see: a reader of its
// branch, or a member evaluated in it; else not found.
func readEvaluation(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Evaluation, bool, error) {
	e, err := tx.Evaluation(ctx, id)
	if err != nil {
		return nil, false, err
	}
	if actor.HasPerm(dangjian.PermOrgRead, e.OrgPath) || canManage(actor, e.OrgPath) {
		return e, false, nil
	}
	own, err := isCandidate(ctx, tx, actor, e)
	if err != nil {
		return nil, false, err
	}
	if !own {
		return nil, false, hidden("民主评议")
	}
	return e, true, nil
}

// manageEvaluation returns a campaign the actor may run and moves it by
// action: the state machine decides whether the action is allowed now.
func manageEvaluation(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64, action string) (*dangjian.Evaluation, string, error) {
	e, _, err := readEvaluation(ctx, tx, actor, id)
	if err != nil {
		return nil, "", err
	}
	if !canManage(actor, e.OrgPath) {
		return nil, "", forbidden()
	}
	next, err := dangjian.EvalNext(e.State, action)
	return e, next, err
}

// OpenEvaluation opens a branch's democratic evaluation of a year
// (eval.members): the branch's active members are fixed as the people
// evaluated and as the voters, and the ballot box is created whole.
func (a *App) OpenEvaluation(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*dangjian.Evaluation, error) {
	v := dangjian.Invalid{}
	if orgID <= 0 {
		v.Add("org_id", "请选择党支部")
	}
	if !dangjian.ValidYear(year, a.Today()) {
		v.Add("year", fmt.Sprintf("年度须在2000年至%d年之间", a.Today().Year()+1))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := &dangjian.Evaluation{OrgID: orgID, Year: year, State: dangjian.EvalOpen}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := writableOrg(ctx, tx, actor, orgID)
		if err != nil {
			return err
		}
		if o.Kind != dangjian.KindBranch {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: "民主评议党员以党支部为单位开展", Fields: map[string]string{"org_id": "请选择党支部"}}
		}
		cands, err := tx.BranchMembers(ctx, o.ID)
		if err != nil {
			return err
		}
		if len(cands) == 0 {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: "该党支部没有在册党员", Fields: map[string]string{"org_id": "该党支部没有在册党员"}}
		}
		e.OrgName, e.OrgPath = o.Name, o.Path
		if err := tx.CreateEvaluation(ctx, e, cands, userID(actor)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "evaluation.open", "evaluation", e.ID, o.ID, map[string]any{"year": year, "candidates": len(cands)})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// EvaluationDetail is a campaign as its page shows it.
type EvaluationDetail struct {
	*dangjian.Evaluation
	Members      []dangjian.EvalCandidate `json:"members"`           // the candidates with their self-evaluations
	Turnout      []sqlstore.BallotVoter   `json:"turnout,omitempty"` // who voted, for those who run it; never what
	Tally        []dangjian.GradeCount    `json:"tally,omitempty"`   // once closed
	FollowUps    []*dangjian.EvalFollowUp `json:"follow_ups,omitempty"`
	ExcellentCap int                      `json:"excellent_cap"`
	Next         []string                 `json:"next_actions"`
	CanManage    bool                     `json:"can_manage"`
	Mine         *sqlstore.BallotVoter    `json:"mine,omitempty"` // the actor's own voter row
	Own          *dangjian.EvalCandidate  `json:"own,omitempty"`  // the actor's own candidate row
}

// Evaluation returns a campaign: its candidates with their
// self-evaluations; for those who run it, who voted (never how); the
// tally once voting closed (for members, once published).
func (a *App) Evaluation(ctx context.Context, actor *dangjian.Actor, id int64) (*EvaluationDetail, error) {
	var d EvaluationDetail
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		e, ownOnly, err := readEvaluation(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		d.Evaluation = e
		d.CanManage = canManage(actor, e.OrgPath)
		if d.Members, err = tx.EvalCandidates(ctx, id); err != nil {
			return err
		}
		d.ExcellentCap = dangjian.ExcellentCap(a.rules, len(d.Members))
		d.Next = []string{}
		if d.CanManage {
			d.Next = dangjian.EvalNextActions(e.State)
			if d.Turnout, err = tx.BallotVoters(ctx, sqlstore.BoxEvaluation, id); err != nil {
				return err
			}
		}
		if actor != nil && actor.MemberID != nil {
			if d.Mine, err = tx.BallotVoter(ctx, sqlstore.BoxEvaluation, id, *actor.MemberID); err != nil {
				return err
			}
			for i := range d.Members {
				if d.Members[i].MemberID == *actor.MemberID {
					d.Own = &d.Members[i]
				}
			}
		}
		if ownOnly && e.State != dangjian.EvalPublished {
			// Before publication a member sees the names, not the grades.
			for i := range d.Members {
				d.Members[i].Proposed, d.Members[i].Final = "", ""
			}
		}
		if e.ResultsOpen() && (!ownOnly || e.State == dangjian.EvalPublished) {
			if d.Tally, err = tally(ctx, tx, e.ID, d.Members); err != nil {
				return err
			}
		}
		if !ownOnly && (e.State == dangjian.EvalDecided || e.State == dangjian.EvalPublished) {
			if d.FollowUps, err = tx.FollowUps(ctx, e.ID, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// tally is the count of each grade per candidate, in candidate order.
func tally(ctx context.Context, tx *sqlstore.Tx, id int64, cands []dangjian.EvalCandidate) ([]dangjian.GradeCount, error) {
	cells, err := tx.Tally(ctx, sqlstore.BoxEvaluation, id)
	if err != nil {
		return nil, err
	}
	out := make([]dangjian.GradeCount, len(cands))
	for i, c := range cands {
		out[i] = dangjian.GradeCount{MemberID: c.MemberID, Name: c.Name}
		for _, g := range dangjian.Grades {
			out[i].Add(g, cells[sqlstore.BallotCell{SubjectID: c.MemberID, Choice: g}])
		}
	}
	return out, nil
}

// EvaluationQuery selects campaigns.
type EvaluationQuery struct {
	OrgID int64
	Year  int
	State string
}

// Evaluations lists the campaigns the actor may see; a member without
// read rights sees the campaigns they are evaluated in.
func (a *App) Evaluations(ctx context.Context, actor *dangjian.Actor, q EvaluationQuery, p Page) ([]*dangjian.Evaluation, int, error) {
	p = p.Norm()
	v := dangjian.Invalid{}
	if q.State != "" {
		if _, ok := dangjian.EvalStateNames[q.State]; !ok {
			v.Add("state", "状态无效")
		}
	}
	if q.Year != 0 && (q.Year < 2000 || q.Year > 2200) {
		v.Add("year", "年度无效")
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	f := sqlstore.EvaluationFilter{Scopes: actor.Scopes(dangjian.PermOrgRead), Year: q.Year, State: q.State, Offset: p.Offset(), Limit: p.PerPage}
	f.Member = ownListing(actor, f.Scopes, q.OrgID)
	var out []*dangjian.Evaluation
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if f.OrgPath, err = subtreePath(ctx, tx, actor, q.OrgID); err != nil {
			return err
		}
		out, total, err = tx.Evaluations(ctx, f)
		return err
	})
	return out, total, err
}

// subtreePath is the path of the organization a list is narrowed to
// (none for 0), which the actor must be able to read.
func subtreePath(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, orgID int64) (string, error) {
	if orgID == 0 {
		return "", nil
	}
	o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
	if err != nil {
		return "", err
	}
	return o.Path, nil
}

// ownListing is the member whose own items a list shows instead (the
// campaigns they stand in, the reports they rate): a member who may read
// no organization and names none; 0 for everyone else.
func ownListing(actor *dangjian.Actor, scopes []string, orgID int64) int64 {
	if len(scopes) == 0 && actor != nil && actor.MemberID != nil && orgID == 0 {
		return *actor.MemberID
	}
	return 0
}

// AdvanceEvaluation takes the secretary's step that needs no input: start
// the self-evaluation, start voting, close voting, publish the results.
func (a *App) AdvanceEvaluation(ctx context.Context, actor *dangjian.Actor, id int64, action string) (*dangjian.Evaluation, error) {
	switch action {
	case dangjian.EvalActStartSelf, dangjian.EvalActStartVoting, dangjian.EvalActClose, dangjian.EvalActPublish:
	default:
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: "未知的操作", Fields: map[string]string{"action": "操作须为 start_self_evaluation、start_voting、close 或 publish"}}
	}
	var e *dangjian.Evaluation
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.LockBox(ctx, sqlstore.BoxEvaluation, id); err != nil {
			return err
		}
		var next string
		var err error
		if e, next, err = manageEvaluation(ctx, tx, actor, id, action); err != nil {
			return err
		}
		from := e.State
		e.State = next
		now := tx.Now
		switch action {
		case dangjian.EvalActClose:
			e.ClosedAt = &now
		case dangjian.EvalActPublish:
			e.PublishedAt = &now
		}
		if err := tx.UpdateEvaluation(ctx, e); err != nil {
			return err
		}
		changes := map[string]any{"state": change{from, next}}
		if action == dangjian.EvalActClose {
			changes["voted"], changes["voters"] = e.Voted, e.Voters
		}
		return audit(ctx, tx, actor, "evaluation."+action, "evaluation", e.ID, e.OrgID, changes)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// CloseEvaluation closes voting; from then on nobody can vote and the
// tally can be read.
func (a *App) CloseEvaluation(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.Evaluation, error) {
	return a.AdvanceEvaluation(ctx, actor, id, dangjian.EvalActClose)
}

// WriteSelfEvaluation stores the actor's own self-evaluation in a
// campaign they are evaluated in, while the self-evaluation is open.
func (a *App) WriteSelfEvaluation(ctx context.Context, actor *dangjian.Actor, id int64, text string) error {
	text, err := dangjian.ValidateSelfText(text)
	if err != nil {
		return err
	}
	if actor == nil || actor.MemberID == nil {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "您的账号未关联党员档案，不能填写个人自评")
	}
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		e, _, err := readEvaluation(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		own, err := isCandidate(ctx, tx, actor, e)
		if err != nil {
			return err
		}
		if !own {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "您不在本次民主评议的名单中")
		}
		if _, err := dangjian.EvalNext(e.State, dangjian.EvalActSelfWrite); err != nil {
			return err
		}
		if err := tx.SetSelfEvaluation(ctx, id, *actor.MemberID, text); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "evaluation.self_evaluate", "evaluation", e.ID, e.OrgID, map[string]any{"member_id": *actor.MemberID, "length": utf8.RuneCountInString(text)})
	})
}

// Vote casts the actor's secret ballot: grades for members of the
// campaign, once, while voting is open. The ballot only adds to the
// tally; nothing records which voter gave which grade, and the audit row
// says that the actor voted, never how.
func (a *App) Vote(ctx context.Context, actor *dangjian.Actor, id int64, grades []dangjian.BallotGrade) error {
	if actor == nil || actor.MemberID == nil {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "您的账号未关联党员档案，不能投票")
	}
	me := *actor.MemberID
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		// The box first: a ballot waiting on another, or on the close,
		// then reads the state as it is.
		if err := tx.LockBox(ctx, sqlstore.BoxEvaluation, id); err != nil {
			return err
		}
		e, _, err := readEvaluation(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		mine, err := tx.BallotVoter(ctx, sqlstore.BoxEvaluation, id, me)
		if err != nil {
			return err
		}
		if mine == nil {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "您不在本次民主评议的投票名单中")
		}
		if _, err := dangjian.EvalNext(e.State, dangjian.EvalActVote); err != nil {
			return err
		}
		if mine.Voted {
			return dangjian.Errorf(dangjian.ECONFLICT, "您已经投过票，每人只能投一次")
		}
		cands, err := tx.EvalCandidates(ctx, id)
		if err != nil {
			return err
		}
		known := make(map[int64]bool, len(cands))
		for _, c := range cands {
			known[c.MemberID] = true
		}
		if err := dangjian.ValidateBallot(grades, known, me); err != nil {
			return err
		}
		adds := make(map[sqlstore.BallotCell]int, len(grades))
		for _, g := range grades {
			adds[sqlstore.BallotCell{SubjectID: g.MemberID, Choice: g.Grade}] = 1
		}
		if err := tx.CastBallot(ctx, sqlstore.BoxEvaluation, id, []int64{me}, false, adds); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "evaluation.vote", "evaluation", e.ID, e.OrgID, nil)
	})
}

// PaperCount is a secretary's count of paper ballots: who voted on paper
// and, per member graded, how many of those ballots gave each grade.
type PaperCount struct {
	MemberIDs []int64
	Counts    []dangjian.GradeCount
}

// paperVoters checks the voters of a paper count.
func paperVoters(v dangjian.Invalid, ids []int64, voters map[int64]sqlstore.BallotVoter) {
	if len(ids) == 0 {
		v.Add("member_ids", "请选择投纸质票的党员")
	}
	seen := map[int64]bool{}
	for i, id := range ids {
		f := fmt.Sprintf("member_ids[%d]", i)
		bv, ok := voters[id]
		switch {
		case !ok:
			v.Add(f, "该党员不在本次投票的名单中")
		case bv.Voted:
			v.Add(f, "该党员已经投过票")
		case seen[id]:
			v.Add(f, "同一党员不能重复登记")
		}
		seen[id] = true
	}
}

func voterMap(vs []sqlstore.BallotVoter) map[int64]sqlstore.BallotVoter {
	out := make(map[int64]sqlstore.BallotVoter, len(vs))
	for _, v := range vs {
		out[v.MemberID] = v
	}
	return out
}

// RecordPaperCount adds a count of paper ballots to the tally and marks
// those who voted on paper. It is audited as a count, never per person.
func (a *App) RecordPaperCount(ctx context.Context, actor *dangjian.Actor, id int64, in PaperCount) (*dangjian.Evaluation, error) {
	var e *dangjian.Evaluation
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.LockBox(ctx, sqlstore.BoxEvaluation, id); err != nil {
			return err
		}
		var err error
		if e, _, err = manageEvaluation(ctx, tx, actor, id, dangjian.EvalActPaper); err != nil {
			return err
		}
		vs, err := tx.BallotVoters(ctx, sqlstore.BoxEvaluation, id)
		if err != nil {
			return err
		}
		v := dangjian.Invalid{}
		paperVoters(v, in.MemberIDs, voterMap(vs))
		cands, err := tx.EvalCandidates(ctx, id)
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, c := range cands {
			known[c.MemberID] = true
		}
		adds := map[sqlstore.BallotCell]int{}
		seen := map[int64]bool{}
		total := 0
		for i, c := range in.Counts {
			f := fmt.Sprintf("counts[%d]", i)
			switch {
			case !known[c.MemberID]:
				v.Add(f+".member_id", "该党员不在本次评议名单中")
			case seen[c.MemberID]:
				v.Add(f+".member_id", "同一党员只能登记一次")
			}
			seen[c.MemberID] = true
			for _, g := range dangjian.Grades {
				if c.Of(g) < 0 {
					v.Add(f+"."+g, "票数不能为负")
				} else if c.Of(g) > 0 {
					adds[sqlstore.BallotCell{SubjectID: c.MemberID, Choice: g}] += c.Of(g)
				}
			}
			if c.Total() > len(in.MemberIDs) {
				v.Add(f+".member_id", fmt.Sprintf("票数合计不能超过投纸质票的人数（%d）", len(in.MemberIDs)))
			}
			total += c.Total()
		}
		if len(in.Counts) == 0 || total == 0 {
			v.Add("counts", "请录入纸质票的计票结果")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.CastBallot(ctx, sqlstore.BoxEvaluation, id, in.MemberIDs, true, adds); err != nil {
			return err
		}
		e.Voted += len(in.MemberIDs)
		e.PaperVoted += len(in.MemberIDs)
		return audit(ctx, tx, actor, "evaluation.paper_count", "evaluation", e.ID, e.OrgID, map[string]any{"paper_ballots": len(in.MemberIDs)})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// EvaluationResults returns the tally: the count of each grade per
// member evaluated. Hidden (forbidden) until voting closed; a member who
// does not run the campaign sees it once published.
func (a *App) EvaluationResults(ctx context.Context, actor *dangjian.Actor, id int64) ([]dangjian.GradeCount, error) {
	var out []dangjian.GradeCount
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		e, ownOnly, err := readEvaluation(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !e.ResultsOpen() {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "投票结束前不能查看计票结果")
		}
		if ownOnly && e.State != dangjian.EvalPublished {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "评议结果公布后才能查看")
		}
		cands, err := tx.EvalCandidates(ctx, id)
		if err != nil {
			return err
		}
		out, err = tally(ctx, tx, id, cands)
		return err
	})
	return out, err
}

// GradeProposal is the committee's proposal (or the assembly's changes
// to it): a grade per member, and the reason when 优秀 exceeds the cap.
type GradeProposal struct {
	Grades []dangjian.BallotGrade
	Reason string
}

// ProposalResult is a stored proposal with the cap check.
type ProposalResult struct {
	*dangjian.Evaluation
	Excellent int                `json:"excellent"`
	Cap       int                `json:"excellent_cap"`
	Warnings  []dangjian.Finding `json:"warnings"`
}

// capCheck counts 优秀 among grades and, past eval.members.excellent_cap,
// demands a reason; it returns the finding to show.
func (a *App) capCheck(grades map[int64]string, n int, reason string) (int, int, []dangjian.Finding, error) {
	ex := 0
	for _, g := range grades {
		if g == dangjian.GradeExcellent {
			ex++
		}
	}
	limit := dangjian.ExcellentCap(a.rules, n)
	if ex <= limit {
		return ex, limit, []dangjian.Finding{}, nil
	}
	r := a.rules.Get("eval.members.excellent_cap")
	msg := fmt.Sprintf("优秀等次%d人，超过参评党员%d人的三分之一（不超过%d人）", ex, n, limit)
	if strings.TrimSpace(reason) == "" {
		return 0, 0, nil, &dangjian.Error{Code: dangjian.EINVALID, Message: msg + "，须说明理由",
			Fields: map[string]string{"reason": "优秀等次超过三分之一（eval.members.excellent_cap），请填写理由"}}
	}
	if utf8.RuneCountInString(reason) > 1000 {
		return 0, 0, nil, &dangjian.Error{Code: dangjian.EINVALID, Message: "理由不能超过1000个字", Fields: map[string]string{"reason": "理由不能超过1000个字"}}
	}
	return ex, limit, []dangjian.Finding{{Rule: r.ID, Severity: dangjian.SeverityWarning, Message: msg, Source: r.Source,
		MessageEn: fmt.Sprintf("%d excellent among %d evaluated: above one third (at most %d)", ex, n, limit)}}, nil
}

// gradesOf checks grades against the candidates; all says every
// candidate needs one.
func gradesOf(in []dangjian.BallotGrade, cands []dangjian.EvalCandidate, all bool) (map[int64]string, error) {
	known := map[int64]bool{}
	for _, c := range cands {
		known[c.MemberID] = true
	}
	v := dangjian.Invalid{}
	out := map[int64]string{}
	for i, g := range in {
		f := fmt.Sprintf("grades[%d]", i)
		switch {
		case !known[g.MemberID]:
			v.Add(f+".member_id", "该党员不在本次评议名单中")
		case out[g.MemberID] != "":
			v.Add(f+".member_id", "同一党员只能提出一个等次")
		}
		if !dangjian.ValidGrade(g.Grade) {
			v.Add(f+".grade", "等次须为 excellent、qualified、basic 或 unqualified")
		} else if known[g.MemberID] {
			out[g.MemberID] = g.Grade
		}
	}
	if all && len(v) == 0 && len(out) != len(cands) {
		v.Add("grades", fmt.Sprintf("须为全部%d名参评党员提出等次", len(cands)))
	}
	return out, v.Err()
}

// ProposeGrades stores the committee's proposed grade for every member
// after voting closed; it may be proposed again until the assembly
// decides. More than a third 优秀 needs a reason and is flagged.
func (a *App) ProposeGrades(ctx context.Context, actor *dangjian.Actor, id int64, in GradeProposal) (*ProposalResult, error) {
	res := &ProposalResult{}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		e, next, err := manageEvaluation(ctx, tx, actor, id, dangjian.EvalActPropose)
		if err != nil {
			return err
		}
		cands, err := tx.EvalCandidates(ctx, id)
		if err != nil {
			return err
		}
		grades, err := gradesOf(in.Grades, cands, true)
		if err != nil {
			return err
		}
		ex, limit, warn, err := a.capCheck(grades, len(cands), in.Reason)
		if err != nil {
			return err
		}
		if err := tx.SetGrades(ctx, id, grades, false); err != nil {
			return err
		}
		from := e.State
		e.State = next
		e.ExcellentReason = ""
		if len(warn) > 0 {
			e.ExcellentReason = strings.TrimSpace(in.Reason)
		}
		if err := tx.UpdateEvaluation(ctx, e); err != nil {
			return err
		}
		res.Evaluation, res.Excellent, res.Cap, res.Warnings = e, ex, limit, warn
		return audit(ctx, tx, actor, "evaluation.propose", "evaluation", e.ID, e.OrgID, map[string]any{"state": change{from, next},
			"grades": grades, "excellent": ex, "excellent_cap": limit, "reason": e.ExcellentReason})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Decision is the member assembly's decision on the proposed grades:
// the assembly meeting it was taken at, or the date; changes to grades.
type Decision struct {
	MeetingID *int64
	DecidedOn *dangjian.Date
	Note      string
	Grades    []dangjian.BallotGrade // changes to the proposal; empty keeps it
	Reason    string                 // when the changes put 优秀 past the cap
}

// DecideGrades records the assembly's decision: the final grades, and a
// follow-up record of organizational handling for each 不合格.
func (a *App) DecideGrades(ctx context.Context, actor *dangjian.Actor, id int64, in Decision) (*dangjian.Evaluation, error) {
	v := dangjian.Invalid{}
	in.Note = strings.TrimSpace(in.Note)
	if in.MeetingID == nil && in.DecidedOn == nil {
		v.Add("decided_on", "请选择审议的党员大会或填写审议日期")
	}
	if in.DecidedOn != nil && in.DecidedOn.After(a.Today()) {
		v.Add("decided_on", "审议日期不能晚于今天")
	}
	if utf8.RuneCountInString(in.Note) > 2000 {
		v.Add("note", "说明不能超过2000个字")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var e *dangjian.Evaluation
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var next string
		var err error
		if e, next, err = manageEvaluation(ctx, tx, actor, id, dangjian.EvalActDecide); err != nil {
			return err
		}
		if in.MeetingID != nil {
			m, err := tx.Meeting(ctx, *in.MeetingID)
			if err != nil && dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
				return err
			}
			if m == nil || m.OrgID != e.OrgID || m.Kind != dangjian.MeetingAssembly || m.Deleted {
				return &dangjian.Error{Code: dangjian.EINVALID, Message: "须为本支部的党员大会", Fields: map[string]string{"meeting_id": "须为本支部的党员大会"}}
			}
			on := dangjian.DateOf(m.HeldAt)
			in.DecidedOn = &on
		}
		cands, err := tx.EvalCandidates(ctx, id)
		if err != nil {
			return err
		}
		changes, err := gradesOf(in.Grades, cands, false)
		if err != nil {
			return err
		}
		final := map[int64]string{}
		for _, c := range cands {
			final[c.MemberID] = c.Proposed
			if g, ok := changes[c.MemberID]; ok {
				final[c.MemberID] = g
			}
		}
		reason := in.Reason
		if reason == "" {
			reason = e.ExcellentReason
		}
		if _, _, _, err := a.capCheck(final, len(cands), reason); err != nil {
			return err
		}
		if err := tx.SetGrades(ctx, id, final, true); err != nil {
			return err
		}
		var unqualified []int64
		for _, c := range cands {
			if final[c.MemberID] == dangjian.GradeUnqualified {
				unqualified = append(unqualified, c.MemberID)
				if err := tx.OpenFollowUp(ctx, id, c.MemberID); err != nil {
					return err
				}
			}
		}
		from := e.State
		e.State, e.MeetingID, e.DecidedOn, e.DecisionNote = next, in.MeetingID, in.DecidedOn, in.Note
		if strings.TrimSpace(in.Reason) != "" {
			e.ExcellentReason = strings.TrimSpace(in.Reason)
		}
		if err := tx.UpdateEvaluation(ctx, e); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "evaluation.decide", "evaluation", e.ID, e.OrgID, map[string]any{"state": change{from, next},
			"meeting_id": in.MeetingID, "decided_on": in.DecidedOn, "changes": changes, "unqualified": unqualified})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// FollowUpInput is what a secretary records of an organizational handling.
type FollowUpInput struct {
	Measure   string
	Outcome   string
	OutcomeOn *dangjian.Date
}

// FollowUps lists the follow-ups of 不合格 in an organization's subtree.
func (a *App) FollowUps(ctx context.Context, actor *dangjian.Actor, orgID int64) ([]*dangjian.EvalFollowUp, error) {
	var out []*dangjian.EvalFollowUp
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		out, err = tx.FollowUps(ctx, 0, o.Path)
		return err
	})
	return out, err
}

// FollowUp returns one follow-up record.
func (a *App) FollowUp(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.EvalFollowUp, error) {
	var f *dangjian.EvalFollowUp
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if f, err = tx.FollowUp(ctx, id); err != nil {
			return err
		}
		o, err := tx.Org(ctx, f.OrgID)
		if err != nil {
			return err
		}
		if !actor.HasPerm(dangjian.PermOrgRead, o.Path) && !canManage(actor, o.Path) {
			return hidden("处置记录")
		}
		return nil
	})
	return f, err
}

// UpdateFollowUp records the measure and outcome of an organizational
// handling of a member graded 不合格.
func (a *App) UpdateFollowUp(ctx context.Context, actor *dangjian.Actor, id int64, in FollowUpInput) (*dangjian.EvalFollowUp, error) {
	var f *dangjian.EvalFollowUp
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, err := tx.FollowUp(ctx, id)
		if err != nil {
			return err
		}
		o, err := tx.Org(ctx, old.OrgID)
		if err != nil {
			return err
		}
		if !canManage(actor, o.Path) {
			if actor.HasPerm(dangjian.PermOrgRead, o.Path) {
				return forbidden()
			}
			return hidden("处置记录")
		}
		cp := *old
		f = &cp
		f.Measure, f.Outcome, f.OutcomeOn = in.Measure, in.Outcome, in.OutcomeOn
		if err := f.Validate(a.Today()); err != nil {
			return err
		}
		if err := tx.UpdateFollowUp(ctx, f); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "evaluation.follow_up", "evaluation_followup", f.ID, f.OrgID, map[string]any{"member_id": f.MemberID,
			"measure": change{old.Measure, f.Measure}, "outcome": change{old.Outcome, f.Outcome}, "outcome_on": change{old.OutcomeOn, f.OutcomeOn}})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// resultHeaders are the columns of the results export.
var resultHeaders = []string{"姓名", "优秀（票）", "合格（票）", "基本合格（票）", "不合格（票）", "有效票", "支委会提出等次", "党员大会评定等次"}

// ExportEvaluation is a closed campaign's results as a file: per member,
// the votes for each grade, the proposed and the decided grade.
func (a *App) ExportEvaluation(ctx context.Context, actor *dangjian.Actor, id int64, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	d, err := a.Evaluation(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if d.Tally == nil {
		return nil, dangjian.Errorf(dangjian.EFORBIDDEN, "投票结束前不能导出计票结果")
	}
	name := fmt.Sprintf("民主评议结果-%s-%d", d.OrgName, d.Year)
	return &Export{Filename: a.exportName(name, format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, "民主评议结果")
			if err != nil {
				return err
			}
			err = xw.Header(resultHeaders, 12, 10, 10, 12, 12, 10, 16, 16)
			for i, t := range d.Tally {
				if err != nil {
					break
				}
				c := d.Members[i]
				err = xw.Row(t.Name, t.Excellent, t.Qualified, t.Basic, t.Unqualified, t.Total(), gradeName(c.Proposed), gradeName(c.Final))
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, "evaluation.export", "evaluation", d.OrgID, len(d.Tally), format, err, map[string]any{"evaluation_id": id})
		}}, nil
}

func gradeName(g string) string { return dangjian.GradeNames[g] }

// MyBallots is what a member has to do in evaluations and reports: open
// self-evaluations to write, ballots to cast, reports to rate.
type MyBallots struct {
	SelfEvaluations []*dangjian.Evaluation  `json:"self_evaluations"`
	Ballots         []*dangjian.Evaluation  `json:"ballots"`
	Reports         []*dangjian.AdminReport `json:"reports"`
}

// Count is the number of open items.
func (m *MyBallots) Count() int { return len(m.SelfEvaluations) + len(m.Ballots) + len(m.Reports) }

// MyBallots returns the actor's open self-evaluations, ballots and
// ratings (none for an account without a member record).
func (a *App) MyBallots(ctx context.Context, actor *dangjian.Actor) (*MyBallots, error) {
	out := &MyBallots{SelfEvaluations: []*dangjian.Evaluation{}, Ballots: []*dangjian.Evaluation{}, Reports: []*dangjian.AdminReport{}}
	if actor == nil || actor.MemberID == nil {
		return out, nil
	}
	me := *actor.MemberID
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		for _, st := range []string{dangjian.EvalSelf, dangjian.EvalVoting} {
			es, _, err := tx.Evaluations(ctx, sqlstore.EvaluationFilter{Member: me, State: st, Limit: 20})
			if err != nil {
				return err
			}
			for _, e := range es {
				if st == dangjian.EvalSelf {
					cands, err := tx.EvalCandidates(ctx, e.ID)
					if err != nil {
						return err
					}
					for _, c := range cands {
						if c.MemberID == me && c.SelfText == "" {
							out.SelfEvaluations = append(out.SelfEvaluations, e)
						}
					}
					continue
				}
				v, err := tx.BallotVoter(ctx, sqlstore.BoxEvaluation, e.ID, me)
				if err != nil {
					return err
				}
				if v != nil && !v.Voted {
					out.Ballots = append(out.Ballots, e)
				}
			}
		}
		rs, _, err := tx.AdminReports(ctx, sqlstore.AdminReportFilter{Voter: me, Limit: 20})
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.State != dangjian.ReportOpen {
				continue
			}
			v, err := tx.BallotVoter(ctx, sqlstore.BoxAdminReport, r.ID, me)
			if err != nil {
				return err
			}
			if v != nil && !v.Voted {
				out.Reports = append(out.Reports, r)
			}
		}
		return nil
	})
	return out, err
}

// PendingEvaluations are the campaigns in the actor's scope waiting for
// the secretary's next step (open, self-evaluation, closed, proposed,
// decided), for the to-do list.
func (a *App) PendingEvaluations(ctx context.Context, actor *dangjian.Actor) ([]*dangjian.Evaluation, error) {
	scopes := actor.Scopes(dangjian.PermOrgWrite)
	if len(scopes) == 0 {
		scopes = actor.Scopes(dangjian.PermMemberWrite)
	}
	if len(scopes) == 0 {
		return nil, nil
	}
	var out []*dangjian.Evaluation
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		for _, st := range []string{dangjian.EvalOpen, dangjian.EvalClosed, dangjian.EvalProposed, dangjian.EvalDecided} {
			es, _, err := tx.Evaluations(ctx, sqlstore.EvaluationFilter{Scopes: scopes, State: st, Limit: 20})
			if err != nil {
				return err
			}
			out = append(out, es...)
		}
		return nil
	})
	return out, err
}

// TodoEvaluation is a to-do item of democratic evaluation: a campaign
// waiting for the secretary's next step, or the actor's own ballot.
const TodoEvaluation = "evaluation"

// evalTodoTitles word the secretary's next step per state.
var evalTodoTitles = map[string]string{
	dangjian.EvalOpen:     "待开始个人自评",
	dangjian.EvalClosed:   "待提出评定等次",
	dangjian.EvalProposed: "待党员大会审议",
	dangjian.EvalDecided:  "待公布结果",
}

// todoEvaluations lists the campaigns in the actor's subtrees that wait
// for the secretary, and the actor's own ballot still to cast.
func todoEvaluations(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	var out []TodoItem
	scopes := todoScopes(run.actor)
	order := func(orgID int64) int {
		if n, ok := run.order[orgID]; ok {
			return n
		}
		return len(run.orgs)
	}
	for _, st := range []string{dangjian.EvalOpen, dangjian.EvalClosed, dangjian.EvalProposed, dangjian.EvalDecided} {
		es, _, err := tx.Evaluations(ctx, sqlstore.EvaluationFilter{Scopes: scopes, State: st, Limit: 50})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			out = append(out, TodoItem{Kind: TodoEvaluation, Severity: TodoDue, OrgID: e.OrgID, OrgName: e.OrgName, Rule: "eval.members",
				Title: fmt.Sprintf("民主评议（%d年度）%s", e.Year, evalTodoTitles[st]), Href: "/evaluations/" + strconv.FormatInt(e.ID, 10), order: order(e.OrgID)})
		}
	}
	if run.actor.MemberID != nil {
		es, _, err := tx.Evaluations(ctx, sqlstore.EvaluationFilter{Member: *run.actor.MemberID, State: dangjian.EvalVoting, Limit: 20})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			v, err := tx.BallotVoter(ctx, sqlstore.BoxEvaluation, e.ID, *run.actor.MemberID)
			if err != nil {
				return nil, err
			}
			if v != nil && !v.Voted {
				out = append(out, TodoItem{Kind: TodoEvaluation, Severity: TodoDue, OrgID: e.OrgID, OrgName: e.OrgName, Rule: "eval.members",
					Title: fmt.Sprintf("民主评议（%d年度）待您投票", e.Year), Href: "/evaluations/" + strconv.FormatInt(e.ID, 10) + "/ballot", order: order(e.OrgID)})
			}
		}
	}
	return out, nil
}
