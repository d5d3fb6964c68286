package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// gradeText names a grade of eval.members.grades in lang.
func gradeText(l, g string) string {
	switch g {
	case dangjian.GradeExcellent:
		return tr(l, "eval.grade.excellent")
	case dangjian.GradeQualified:
		return tr(l, "eval.grade.qualified")
	case dangjian.GradeBasic:
		return tr(l, "eval.grade.basic")
	case dangjian.GradeUnqualified:
		return tr(l, "eval.grade.unqualified")
	}
	return ""
}

// gradeClass is the status colour of a grade.
func gradeClass(g string) string {
	switch g {
	case dangjian.GradeExcellent, dangjian.GradeQualified:
		return "met"
	case dangjian.GradeBasic:
		return "due"
	case dangjian.GradeUnqualified:
		return "missing"
	}
	return "plain"
}

// evalStateText names a campaign's state in lang.
func evalStateText(l, st string) string {
	switch st {
	case dangjian.EvalOpen:
		return tr(l, "eval.state.open")
	case dangjian.EvalSelf:
		return tr(l, "eval.state.self_evaluation")
	case dangjian.EvalVoting:
		return tr(l, "eval.state.voting")
	case dangjian.EvalClosed:
		return tr(l, "eval.state.closed")
	case dangjian.EvalProposed:
		return tr(l, "eval.state.proposed")
	case dangjian.EvalDecided:
		return tr(l, "eval.state.decided")
	case dangjian.EvalPublished:
		return tr(l, "eval.state.published")
	}
	return st
}

// evalActionText names the secretary's next step in lang.
func evalActionText(l, act string) string {
	switch act {
	case dangjian.EvalActStartSelf:
		return tr(l, "eval.act.start_self_evaluation")
	case dangjian.EvalActStartVoting:
		return tr(l, "eval.act.start_voting")
	case dangjian.EvalActPaper:
		return tr(l, "eval.act.paper_count")
	case dangjian.EvalActClose:
		return tr(l, "eval.act.close")
	case dangjian.EvalActPropose:
		return tr(l, "eval.act.propose")
	case dangjian.EvalActDecide:
		return tr(l, "eval.act.decide")
	case dangjian.EvalActPublish:
		return tr(l, "eval.act.publish")
	}
	return act
}

func evalHref(id int64) string { return "/evaluations/" + itoa(id) }

// evalRow is a campaign in a list.
type evalRow struct {
	*dangjian.Evaluation
	StateText string
	Done      bool
}

func evalRows(l string, es []*dangjian.Evaluation) []evalRow {
	out := make([]evalRow, len(es))
	for i, e := range es {
		out[i] = evalRow{Evaluation: e, StateText: evalStateText(l, e.State), Done: e.State == dangjian.EvalPublished}
	}
	return out
}

// evalListPage is the campaigns of a subtree in a year, with the form
// that opens one on a branch.
type evalListPage struct {
	Base
	O        *app.OrgDetail
	Year     int
	Prev     string
	Next     string
	Rows     []evalRow
	CanOpen  bool
	YearF    field
	Alert    string
	Source   string
	Reports  string // the organization's administrative heads' reports
	FollowUp string
}

func (s *server) evalList(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	return s.evalListPage(w, r, rq, http.StatusOK, d, year, strconv.Itoa(s.app.Today().Year()), nil)
}

func (s *server) evalListPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, year int, yearVal string, ferr error) error {
	ctx, l := r.Context(), rq.lang
	es, _, err := s.app.Evaluations(ctx, rq.actor(), app.EvaluationQuery{OrgID: d.ID, Year: year}, app.Page{PerPage: 500})
	if err != nil {
		return err
	}
	p := &evalListPage{O: d, Year: year, Rows: evalRows(l, es), Source: s.app.Rules().Get("eval.members").Source,
		CanOpen: d.Kind == dangjian.KindBranch && canRecord(rq.actor(), d.Path),
		Reports: orgHref(d.ID) + "/admin-reports?year=" + strconv.Itoa(year), FollowUp: orgHref(d.ID) + "/evaluation-followups",
		Prev: orgHref(d.ID) + "/evaluations?year=" + strconv.Itoa(year-1)}
	if year < s.app.Today().Year() {
		p.Next = orgHref(d.ID) + "/evaluations?year=" + strconv.Itoa(year+1)
	}
	fe := fieldErrors{}
	if ferr != nil {
		fe, p.Alert = errorsOf(l, ferr)
	}
	m := formMaker{lang: l, errors: fe}
	p.YearF = m.field("number", "year", "eval.year", yearVal, true)
	p.Base = s.base(w, r, rq, tr(l, "eval.list.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "eval.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, status, "evaluation/list", p)
}

func (s *server) evalOpen(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, _, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	yv := r.PostFormValue("year")
	fe := fieldErrors{}
	year := parseInt(fe, "year", yv)
	var e *dangjian.Evaluation
	if err = invalid(fe); err == nil {
		e, err = s.app.OpenEvaluation(r.Context(), rq.actor(), d.ID, year)
	}
	if err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			return err
		}
		return s.evalListPage(w, r, rq, statusOf(err), d, s.yearOf(r), yv, err)
	}
	s.redirect(w, r, evalHref(e.ID), "flash.eval_opened")
	return nil
}

// evalStepView is one state of the flow on the campaign page.
type evalStepView struct {
	Label   string
	Done    bool
	Current bool
}

// evalActionView is a step the secretary can take now: a button that
// posts, or a link to the step's form.
type evalActionView struct {
	Action string
	Label  string
	Href   string // a form page; empty posts the action
}

// evalCandView is a member evaluated, as the campaign page shows them.
type evalCandView struct {
	dangjian.EvalCandidate
	Proposed, Final string
	PropCls         string
	FinalCls        string
	Tally           *dangjian.GradeCount
}

type evalVoterView struct {
	Name   string
	Status string
	Cls    string
}

type followUpView struct {
	*dangjian.EvalFollowUp
	Href   string
	Status string
	Cls    string
	OnText string
}

// evalShowPage is a campaign: where it stands, what comes next, the
// members with their self-evaluations, turnout, the tally once closed,
// grades and follow-ups.
type evalShowPage struct {
	Base
	E          *app.EvaluationDetail
	Title      string
	StateText  string
	Steps      []evalStepView
	Actions    []evalActionView
	NextHint   string
	Cands      []evalCandView
	Voters     []evalVoterView
	Turnout    string
	CanVote    bool
	CanSelf    bool
	Voted      bool
	FollowUps  []followUpView
	CapText    string
	OverCap    bool
	Alert      string
	Source     string
	GradesSrc  string
	DecidedOn  string
	MeetingRef string
	Chart      string // the tally as a stacked bar chart; the table has the same numbers
}

// followUpViews words the follow-ups of 不合格.
func followUpViews(l string, fs []*dangjian.EvalFollowUp) []followUpView {
	out := make([]followUpView, len(fs))
	for i, f := range fs {
		v := followUpView{EvalFollowUp: f, Href: "/evaluation-followups/" + itoa(f.ID), Status: tr(l, "eval.fu.open"), Cls: "due"}
		if f.Done() {
			v.Status, v.Cls = tr(l, "eval.fu.done"), "met"
		}
		if f.OutcomeOn != nil {
			v.OnText = formatDate(l, *f.OutcomeOn)
		}
		out[i] = v
	}
	return out
}

// evalCrumbs is the trail of a campaign page: the organization's when the
// actor reads it, else the member's own list.
func (s *server) evalCrumbs(ctx context.Context, rq *request, orgID int64, last string) []crumb {
	if d, err := s.app.Org(ctx, rq.actor(), orgID); err == nil {
		return append(crumbsFor(d, ""), crumb{Label: tr(rq.lang, "eval.crumb"), Href: orgHref(orgID) + "/evaluations"}, crumb{Label: last})
	}
	return []crumb{{Label: tr(rq.lang, "nav.ballots"), Href: "/ballots"}, {Label: last}}
}

func (s *server) evalShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.evalShowPage(w, r, rq, http.StatusOK, id, nil)
}

func (s *server) evalShowPage(w http.ResponseWriter, r *http.Request, rq *request, status int, id int64, ferr error) error {
	ctx, l := r.Context(), rq.lang
	d, err := s.app.Evaluation(ctx, rq.actor(), id)
	if err != nil {
		return err
	}
	p := &evalShowPage{E: d, StateText: evalStateText(l, d.State), Title: tr(l, "eval.show.title", d.OrgName, d.Year),
		Source: s.app.Rules().Get("eval.members").Source, GradesSrc: s.app.Rules().Get("eval.members.grades").Source}
	if ferr != nil {
		_, p.Alert = errorsOf(l, ferr)
	}
	reached := false
	for _, st := range dangjian.EvalStates {
		cur := st == d.State
		p.Steps = append(p.Steps, evalStepView{Label: evalStateText(l, st), Current: cur, Done: !reached && !cur})
		reached = reached || cur
	}
	for _, act := range d.Next {
		a := evalActionView{Action: act, Label: evalActionText(l, act)}
		switch act {
		case dangjian.EvalActPaper:
			a.Href = evalHref(id) + "/paper"
		case dangjian.EvalActPropose:
			a.Href = evalHref(id) + "/propose"
		case dangjian.EvalActDecide:
			a.Href = evalHref(id) + "/decide"
		}
		p.Actions = append(p.Actions, a)
	}
	switch d.State {
	case dangjian.EvalOpen:
		p.NextHint = tr(l, "eval.hint.open")
	case dangjian.EvalSelf:
		p.NextHint = tr(l, "eval.hint.self_evaluation")
	case dangjian.EvalVoting:
		p.NextHint = tr(l, "eval.hint.voting")
	case dangjian.EvalClosed:
		p.NextHint = tr(l, "eval.hint.closed")
	case dangjian.EvalProposed:
		p.NextHint = tr(l, "eval.hint.proposed")
	case dangjian.EvalDecided:
		p.NextHint = tr(l, "eval.hint.decided")
	case dangjian.EvalPublished:
		p.NextHint = tr(l, "eval.hint.published")
	}
	tallies := map[int64]*dangjian.GradeCount{}
	for i := range d.Tally {
		tallies[d.Tally[i].MemberID] = &d.Tally[i]
	}
	excellent := 0
	for _, c := range d.Members {
		v := evalCandView{EvalCandidate: c, Proposed: gradeText(l, c.Proposed), Final: gradeText(l, c.Final), PropCls: gradeClass(c.Proposed),
			FinalCls: gradeClass(c.Final), Tally: tallies[c.MemberID]}
		if c.Proposed == dangjian.GradeExcellent {
			excellent++
		}
		p.Cands = append(p.Cands, v)
	}
	p.CapText = tr(l, "eval.cap.text", len(d.Members), d.ExcellentCap)
	p.OverCap = excellent > d.ExcellentCap
	if len(d.Tally) > 0 {
		names := make([]string, len(d.Tally))
		series := make([]any, len(dangjian.Grades))
		for i, t := range d.Tally {
			names[i] = t.Name
		}
		for j, g := range dangjian.Grades {
			data := make([]int, len(d.Tally))
			for i, t := range d.Tally {
				data[i] = t.Of(g)
			}
			series[j] = map[string]any{"name": gradeText(l, g), "type": "bar", "stack": "votes", "data": data, "barMaxWidth": 18}
		}
		p.Chart = chartJSON(map[string]any{
			"tooltip": map[string]any{"trigger": "axis"},
			"legend":  map[string]any{"top": 0},
			"grid":    map[string]any{"left": 80, "right": 16, "top": 32, "bottom": 24},
			"xAxis":   map[string]any{"type": "value", "minInterval": 1},
			"yAxis":   map[string]any{"type": "category", "data": names, "inverse": true},
			"series":  series,
		})
	}
	for _, v := range d.Turnout {
		vv := evalVoterView{Name: v.Name, Status: tr(l, "eval.voter.not_yet"), Cls: "plain"}
		switch {
		case v.Paper:
			vv.Status, vv.Cls = tr(l, "eval.voter.paper"), "met"
		case v.Voted:
			vv.Status, vv.Cls = tr(l, "eval.voter.online"), "met"
		}
		p.Voters = append(p.Voters, vv)
	}
	p.Turnout = tr(l, "eval.turnout", d.Voted, d.Turnout, d.PaperVoted)
	p.CanVote = d.State == dangjian.EvalVoting && d.Mine != nil && !d.Mine.Voted
	p.Voted = d.Mine != nil && d.Mine.Voted
	p.CanSelf = d.State == dangjian.EvalSelf && d.Own != nil
	p.FollowUps = followUpViews(l, d.FollowUps)
	if d.DecidedOn != nil {
		p.DecidedOn = formatDate(l, *d.DecidedOn)
	}
	if d.MeetingID != nil {
		p.MeetingRef = meetingHref(*d.MeetingID)
	}
	p.Base = s.base(w, r, rq, p.Title)
	p.Charts = p.Chart != ""
	p.Crumbs = s.evalCrumbs(ctx, rq, d.OrgID, tr(l, "eval.show.crumb", d.Year))
	p.PrintOrg = d.OrgName
	return s.render(w, rq, status, "evaluation/show", p)
}

// evalAdvance takes the step posted as action.
func (s *server) evalAdvance(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.app.AdvanceEvaluation(r.Context(), rq.actor(), id, r.PostFormValue("action")); err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			return err
		}
		return s.evalShowPage(w, r, rq, statusOf(err), id, err)
	}
	s.redirect(w, r, evalHref(id), "flash.eval_advanced")
	return nil
}

// evalFormPage is one of the campaign's forms: self-evaluation, ballot,
// paper count, proposal, decision.
type evalFormPage struct {
	Base
	E       *app.EvaluationDetail
	Title   string
	Action  string
	Alert   string
	Form    formView
	Ballot  []ballotRow  // the ballot: one row per member to grade
	Paper   []paperVoter // paper count: who may be marked
	Counts  []paperRow   // paper count: votes per member and grade
	Grades  []gradeHead  // column heads
	Propose []proposeRow // proposal
	Reason  field        // proposal: why more than a third 优秀
	CapText string
	Source  string
	Errors  []string
}

type gradeHead struct {
	Value string
	Label string
}

type ballotRow struct {
	MemberID int64
	Name     string
	Group    string // the radio group's name
	Options  []option
}

type paperVoter struct {
	MemberID int64
	Name     string
	Checked  bool
}

type paperRow struct {
	MemberID int64
	Name     string
	Cells    []paperCell
}

type paperCell struct {
	Name  string
	Value string
	Label string
}

type proposeRow struct {
	MemberID int64
	Name     string
	Tally    dangjian.GradeCount
	Select   field
}

func gradeHeads(l string) []gradeHead {
	out := make([]gradeHead, len(dangjian.Grades))
	for i, g := range dangjian.Grades {
		out[i] = gradeHead{Value: g, Label: gradeText(l, g)}
	}
	return out
}

func (s *server) evalFormBase(w http.ResponseWriter, r *http.Request, rq *request, d *app.EvaluationDetail, title string) *evalFormPage {
	l := rq.lang
	p := &evalFormPage{E: d, Title: title, Grades: gradeHeads(l), Source: s.app.Rules().Get("eval.members").Source}
	p.Base = s.base(w, r, rq, p.Title)
	p.Crumbs = s.evalCrumbs(r.Context(), rq, d.OrgID, title)
	p.PrintOrg = d.OrgName
	return p
}

// evalSelfForm is the member's self-evaluation.
func (s *server) evalSelfForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Evaluation(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	text := ""
	if d.Own != nil {
		text = d.Own.SelfText
	}
	return s.evalSelfPage(w, r, rq, http.StatusOK, d, text, nil)
}

func (s *server) evalSelfPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.EvaluationDetail, text string, ferr error) error {
	l := rq.lang
	p := s.evalFormBase(w, r, rq, d, tr(l, "eval.self.title", d.OrgName, d.Year))
	fe := fieldErrors{}
	if ferr != nil {
		fe, p.Alert = errorsOf(l, ferr)
	}
	m := formMaker{lang: l, errors: fe}
	txt := m.field("textarea", "text", "eval.self.text", text, true)
	txt.Hint = tr(l, "eval.self.hint")
	p.Form = formView{Action: evalHref(d.ID) + "/self", Submit: tr(l, "eval.self.submit"), Cancel: evalHref(d.ID), Alert: p.Alert,
		Sections: []section{{Rows: [][]field{{txt}}}}}
	p.Alert = ""
	return s.render(w, rq, status, "evaluation/self", p)
}

func (s *server) evalSelfSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	text := r.PostFormValue("text")
	if err := s.app.WriteSelfEvaluation(r.Context(), rq.actor(), id, text); err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			return err
		}
		d, derr := s.app.Evaluation(r.Context(), rq.actor(), id)
		if derr != nil {
			return derr
		}
		return s.evalSelfPage(w, r, rq, statusOf(err), d, text, err)
	}
	s.redirect(w, r, evalHref(id), "flash.eval_self_saved")
	return nil
}

// evalBallotForm is the secret ballot, one radio group per member, sized
// for a phone.
func (s *server) evalBallotForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Evaluation(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	return s.evalBallotPage(w, r, rq, http.StatusOK, d, nil, nil)
}

func (s *server) evalBallotPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.EvaluationDetail, chosen map[int64]string, ferr error) error {
	l := rq.lang
	p := s.evalFormBase(w, r, rq, d, tr(l, "eval.ballot.title", d.OrgName, d.Year))
	if ferr != nil {
		_, p.Alert = errorsOf(l, ferr)
		for _, v := range dangjian.ErrorFields(ferr) {
			p.Errors = append(p.Errors, msgIn(l, v))
		}
	}
	for _, c := range d.Members {
		if d.Own != nil && c.MemberID == d.Own.MemberID {
			continue
		}
		row := ballotRow{MemberID: c.MemberID, Name: c.Name, Group: "g" + itoa(c.MemberID)}
		for _, g := range dangjian.Grades {
			row.Options = append(row.Options, option{Value: g, Label: gradeText(l, g), Selected: chosen[c.MemberID] == g})
		}
		p.Ballot = append(p.Ballot, row)
	}
	p.Action = evalHref(d.ID) + "/ballot"
	return s.render(w, rq, status, "evaluation/ballot", p)
}

func (s *server) evalBallotCast(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, d, err := s.postedEvaluation(w, r, rq)
	if err != nil {
		return err
	}
	chosen, grades := postedGrades(r, d, false)
	if err := s.app.Vote(r.Context(), rq.actor(), id, grades); err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT && dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
			return err
		}
		return s.evalBallotPage(w, r, rq, statusOf(err), d, chosen, err)
	}
	s.redirect(w, r, "/ballots", "flash.eval_voted")
	return nil
}

// postedEvaluation parses a posted evaluation form and reads the
// evaluation of the path's id, which the form's answer page shows again.
func (s *server) postedEvaluation(w http.ResponseWriter, r *http.Request, rq *request) (int64, *app.EvaluationDetail, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	if err := parseForm(w, r); err != nil {
		return 0, nil, err
	}
	d, err := s.app.Evaluation(r.Context(), rq.actor(), id)
	if err != nil {
		return 0, nil, err
	}
	return id, d, nil
}

// postedGrades reads the radio groups g<member id> of d's members: the
// grades chosen by member and the list; a blank group is listed only
// with blank (a proposal names every member, a ballot may skip some).
func postedGrades(r *http.Request, d *app.EvaluationDetail, blank bool) (map[int64]string, []dangjian.BallotGrade) {
	chosen := map[int64]string{}
	var grades []dangjian.BallotGrade
	for _, c := range d.Members {
		g := r.PostFormValue("g" + itoa(c.MemberID))
		if g == "" && !blank {
			continue
		}
		chosen[c.MemberID] = g
		grades = append(grades, dangjian.BallotGrade{MemberID: c.MemberID, Grade: g})
	}
	return chosen, grades
}

// evalPaperForm records a count of paper ballots.
func (s *server) evalPaperForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Evaluation(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	if !d.CanManage {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作")
	}
	return s.evalPaperPage(w, r, rq, http.StatusOK, d, nil, nil)
}

func (s *server) evalPaperPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.EvaluationDetail, form map[string][]string, ferr error) error {
	l := rq.lang
	p := s.evalFormBase(w, r, rq, d, tr(l, "eval.paper.title", d.OrgName, d.Year))
	if ferr != nil {
		_, p.Alert = errorsOf(l, ferr)
		for _, v := range dangjian.ErrorFields(ferr) {
			p.Errors = append(p.Errors, msgIn(l, v))
		}
	}
	picked := map[string]bool{}
	for _, v := range form["voter"] {
		picked[v] = true
	}
	for _, v := range d.Turnout {
		if !v.Voted {
			p.Paper = append(p.Paper, paperVoter{MemberID: v.MemberID, Name: v.Name, Checked: picked[itoa(v.MemberID)]})
		}
	}
	for _, c := range d.Members {
		row := paperRow{MemberID: c.MemberID, Name: c.Name}
		for _, g := range dangjian.Grades {
			name := "c" + itoa(c.MemberID) + "_" + g
			val := ""
			if vs := form[name]; len(vs) > 0 {
				val = vs[0]
			}
			row.Cells = append(row.Cells, paperCell{Name: name, Value: val, Label: c.Name + " " + gradeText(l, g)})
		}
		p.Counts = append(p.Counts, row)
	}
	p.Action = evalHref(d.ID) + "/paper"
	return s.render(w, rq, status, "evaluation/paper", p)
}

func (s *server) evalPaperSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, d, err := s.postedEvaluation(w, r, rq)
	if err != nil {
		return err
	}
	in := app.PaperCount{}
	for _, v := range r.PostForm["voter"] {
		if n := parseID(v); n > 0 {
			in.MemberIDs = append(in.MemberIDs, n)
		}
	}
	fe := fieldErrors{}
	for _, c := range d.Members {
		gc := dangjian.GradeCount{MemberID: c.MemberID}
		for _, g := range dangjian.Grades {
			name := "c" + itoa(c.MemberID) + "_" + g
			gc.Add(g, parseInt(fe, name, r.PostFormValue(name)))
		}
		if gc.Total() != 0 {
			in.Counts = append(in.Counts, gc)
		}
	}
	if err = invalid(fe); err == nil {
		_, err = s.app.RecordPaperCount(r.Context(), rq.actor(), id, in)
	}
	if err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			return err
		}
		return s.evalPaperPage(w, r, rq, statusOf(err), d, r.PostForm, err)
	}
	s.redirect(w, r, evalHref(id), "flash.eval_paper_saved")
	return nil
}

// evalProposeForm is the tally with a grade to propose per member.
func (s *server) evalProposeForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Evaluation(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	if !d.CanManage {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作")
	}
	chosen := map[int64]string{}
	for i, c := range d.Members {
		switch {
		case c.Proposed != "":
			chosen[c.MemberID] = c.Proposed
		case i < len(d.Tally) && d.Tally[i].Leading() != "":
			chosen[c.MemberID] = d.Tally[i].Leading()
		default:
			chosen[c.MemberID] = dangjian.GradeQualified
		}
	}
	return s.evalProposePage(w, r, rq, http.StatusOK, d, chosen, d.ExcellentReason, nil)
}

func (s *server) evalProposePage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.EvaluationDetail, chosen map[int64]string, reason string, ferr error) error {
	l := rq.lang
	p := s.evalFormBase(w, r, rq, d, tr(l, "eval.propose.title", d.OrgName, d.Year))
	fe := fieldErrors{}
	if ferr != nil {
		fe, p.Alert = errorsOf(l, ferr)
	}
	m := formMaker{lang: l, errors: fe}
	for i, c := range d.Members {
		row := proposeRow{MemberID: c.MemberID, Name: c.Name}
		if i < len(d.Tally) {
			row.Tally = d.Tally[i]
		}
		sel := m.field("select", "g"+itoa(c.MemberID), "eval.proposed", chosen[c.MemberID], true)
		sel.Label = c.Name
		for _, g := range dangjian.Grades {
			sel.Options = append(sel.Options, option{Value: g, Label: gradeText(l, g), Selected: chosen[c.MemberID] == g})
		}
		row.Select = sel
		p.Propose = append(p.Propose, row)
	}
	p.Reason = m.field("textarea", "reason", "eval.reason", reason, false)
	p.Reason.Hint = tr(l, "eval.reason.hint")
	p.CapText = tr(l, "eval.cap.text", len(d.Members), d.ExcellentCap)
	p.Action = evalHref(d.ID) + "/propose"
	return s.render(w, rq, status, "evaluation/propose", p)
}

func (s *server) evalProposeSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, d, err := s.postedEvaluation(w, r, rq)
	if err != nil {
		return err
	}
	chosen, grades := postedGrades(r, d, true)
	reason := r.PostFormValue("reason")
	res, err := s.app.ProposeGrades(r.Context(), rq.actor(), id, app.GradeProposal{Grades: grades, Reason: reason})
	if err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			return err
		}
		return s.evalProposePage(w, r, rq, statusOf(err), d, chosen, reason, err)
	}
	flash := "flash.eval_proposed"
	if len(res.Warnings) > 0 {
		flash = "flash.eval_proposed_over_cap"
	}
	s.redirect(w, r, evalHref(id), flash)
	return nil
}

// evalDecideForm records the member assembly's decision.
func (s *server) evalDecideForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Evaluation(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	if !d.CanManage {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作")
	}
	return s.evalDecidePage(w, r, rq, http.StatusOK, d, "", s.app.Today().String(), "", nil)
}

func (s *server) evalDecidePage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.EvaluationDetail, meeting, on, note string, ferr error) error {
	ctx, l := r.Context(), rq.lang
	p := s.evalFormBase(w, r, rq, d, tr(l, "eval.decide.title", d.OrgName, d.Year))
	fe := fieldErrors{}
	alert := ""
	if ferr != nil {
		fe, alert = errorsOf(l, ferr)
	}
	m := formMaker{lang: l, errors: fe}
	ms, _, err := s.app.Meetings(ctx, rq.actor(), app.MeetingQuery{OrgID: d.OrgID, Kind: dangjian.MeetingAssembly}, app.Page{PerPage: 50})
	if err != nil {
		return err
	}
	sel := m.field("select", "meeting_id", "eval.decide.meeting", meeting, false)
	sel.Options = append(sel.Options, option{Value: "", Label: tr(l, "eval.decide.no_meeting"), Selected: meeting == ""})
	for _, mt := range ms {
		v := itoa(mt.ID)
		sel.Options = append(sel.Options, option{Value: v, Label: formatTime(l, mt.HeldAt) + " " + mt.Topic, Selected: v == meeting})
	}
	sel.Hint = tr(l, "eval.decide.meeting.hint")
	noteF := m.field("textarea", "note", "eval.decide.note", note, false)
	p.Form = formView{Action: evalHref(d.ID) + "/decide", Submit: tr(l, "eval.decide.submit"), Cancel: evalHref(d.ID), Alert: alert,
		Sections: []section{{Rows: [][]field{{sel}, {m.date("decided_on", "eval.decide.on", on, false)}, {noteF}}}}}
	return s.render(w, rq, status, "evaluation/decide", p)
}

func (s *server) evalDecideSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	meeting, on, note := r.PostFormValue("meeting_id"), r.PostFormValue("decided_on"), r.PostFormValue("note")
	fe := fieldErrors{}
	in := app.Decision{Note: note}
	if mid := parseID(meeting); mid > 0 {
		in.MeetingID = &mid
	} else if day := parseDate(fe, "decided_on", on); !day.IsZero() {
		in.DecidedOn = &day
	}
	if err = invalid(fe); err == nil {
		_, err = s.app.DecideGrades(r.Context(), rq.actor(), id, in)
	}
	if err != nil {
		if !formError(err) && dangjian.ErrorCode(err) != dangjian.ECONFLICT {
			return err
		}
		d, derr := s.app.Evaluation(r.Context(), rq.actor(), id)
		if derr != nil {
			return derr
		}
		return s.evalDecidePage(w, r, rq, statusOf(err), d, meeting, on, note, err)
	}
	s.redirect(w, r, evalHref(id), "flash.eval_decided")
	return nil
}

func (s *server) evalExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ex, err := s.app.ExportEvaluation(r.Context(), rq.actor(), id, formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// followUpListPage is the organizational handling of the members graded
// 不合格 in a subtree.
type followUpListPage struct {
	Base
	O      *app.OrgDetail
	Rows   []followUpView
	Source string
}

func (s *server) followUpList(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Org(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	fs, err := s.app.FollowUps(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	l := rq.lang
	p := &followUpListPage{O: d, Rows: followUpViews(l, fs), Source: s.app.Rules().Get("eval.members.grades").Source}
	p.Base = s.base(w, r, rq, tr(l, "eval.fu.list.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "eval.fu.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "evaluation/followups", p)
}

// followUpFormPage records the measure and outcome of one handling.
type followUpFormPage struct {
	Base
	F    *dangjian.EvalFollowUp
	Form formView
}

func (s *server) followUpForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.app.FollowUp(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	on := ""
	if f.OutcomeOn != nil {
		on = f.OutcomeOn.String()
	}
	return s.followUpPage(w, r, rq, http.StatusOK, f, f.Measure, f.Outcome, on, nil)
}

func (s *server) followUpPage(w http.ResponseWriter, r *http.Request, rq *request, status int, f *dangjian.EvalFollowUp, measure, outcome, on string, ferr error) error {
	l := rq.lang
	p := &followUpFormPage{F: f}
	fe, alert := fieldErrors{}, ""
	if ferr != nil {
		fe, alert = errorsOf(l, ferr)
	}
	m := formMaker{lang: l, errors: fe}
	ms := m.field("textarea", "measure", "eval.fu.measure", measure, true)
	ms.Hint = tr(l, "eval.fu.measure.hint")
	p.Form = formView{Action: "/evaluation-followups/" + itoa(f.ID), Submit: tr(l, "eval.fu.submit"), Cancel: evalHref(f.EvaluationID), Alert: alert,
		Sections: []section{{Rows: [][]field{{ms}, {m.field("textarea", "outcome", "eval.fu.outcome", outcome, false)}, {m.date("outcome_on", "eval.fu.outcome_on", on, false)}}}}}
	p.Base = s.base(w, r, rq, tr(l, "eval.fu.title", f.MemberName, f.Year))
	p.Crumbs = s.evalCrumbs(r.Context(), rq, f.OrgID, tr(l, "eval.fu.title", f.MemberName, f.Year))
	p.PrintOrg = f.OrgName
	return s.render(w, rq, status, "evaluation/followup", p)
}

func (s *server) followUpSave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	measure, outcome, on := r.PostFormValue("measure"), r.PostFormValue("outcome"), r.PostFormValue("outcome_on")
	fe := fieldErrors{}
	in := app.FollowUpInput{Measure: measure, Outcome: outcome}
	if day := parseDate(fe, "outcome_on", on); !day.IsZero() {
		in.OutcomeOn = &day
	}
	var f *dangjian.EvalFollowUp
	if err = invalid(fe); err == nil {
		f, err = s.app.UpdateFollowUp(r.Context(), rq.actor(), id, in)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		old, ferr := s.app.FollowUp(r.Context(), rq.actor(), id)
		if ferr != nil {
			return ferr
		}
		return s.followUpPage(w, r, rq, statusOf(err), old, measure, outcome, on, err)
	}
	s.redirect(w, r, evalHref(f.EvaluationID), "flash.eval_followup_saved")
	return nil
}

// myBallotsPage is a member's own: self-evaluations to write, ballots to
// cast, reports to rate, and the campaigns they were evaluated in.
type myBallotsPage struct {
	Base
	M        *app.MyBallots
	Mine     []evalRow
	NoMember bool
}

func (s *server) myBallots(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, l, actor := r.Context(), rq.lang, rq.actor()
	m, err := s.app.MyBallots(ctx, actor)
	if err != nil {
		return err
	}
	p := &myBallotsPage{M: m, NoMember: actor.MemberID == nil}
	if actor.MemberID != nil {
		// The campaigns the member is evaluated in, whatever their rights.
		own := &dangjian.Actor{Username: actor.Username, MemberID: actor.MemberID, IP: actor.IP, UserID: actor.UserID}
		es, _, err := s.app.Evaluations(ctx, own, app.EvaluationQuery{}, app.Page{PerPage: 20})
		if err != nil {
			return err
		}
		p.Mine = evalRows(l, es)
	}
	p.Base = s.base(w, r, rq, tr(l, "eval.mine.title"))
	p.Crumbs = []crumb{{Label: tr(l, "eval.mine.title")}}
	return s.render(w, rq, http.StatusOK, "evaluation/mine", p)
}

// voterStatus words a voter row for the pages.
func voterStatus(l string, v *dangjian.BallotVoter) string {
	switch {
	case v == nil:
		return ""
	case v.Paper:
		return tr(l, "eval.voter.paper")
	case v.Voted:
		return tr(l, "eval.voter.online")
	}
	return tr(l, "eval.voter.not_yet")
}
