package dangjian

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// States of a democratic evaluation of members (eval.members), in order.
const (
	EvalOpen      = "open"            // opened: candidates and the ballot box fixed
	EvalSelf      = "self_evaluation" // members write their self-evaluations
	EvalVoting    = "voting"          // mutual evaluation by secret ballot
	EvalClosed    = "closed"          // voting closed, the tally is readable
	EvalProposed  = "proposed"        // the committee proposed a grade per member
	EvalDecided   = "decided"         // the assembly decided the grades
	EvalPublished = "published"       // results published to the branch
)

// EvalStates lists the states in order.
var EvalStates = []string{EvalOpen, EvalSelf, EvalVoting, EvalClosed, EvalProposed, EvalDecided, EvalPublished}

// EvalStateNames are the Chinese names of the states.
var EvalStateNames = map[string]string{
	EvalOpen:      "已开启",
	EvalSelf:      "个人自评",
	EvalVoting:    "民主测评投票",
	EvalClosed:    "投票已结束",
	EvalProposed:  "支委会已提出等次",
	EvalDecided:   "党员大会已审议",
	EvalPublished: "结果已公布",
}

// Actions on an evaluation; each is allowed in some states only.
const (
	EvalActStartSelf   = "start_self_evaluation"
	EvalActStartVoting = "start_voting"
	EvalActSelfWrite   = "self_evaluate"
	EvalActVote        = "vote"
	EvalActPaper       = "paper_count"
	EvalActClose       = "close"
	EvalActPropose     = "propose"
	EvalActDecide      = "decide"
	EvalActPublish     = "publish"
)

// EvalActions lists the actions in the order of the flow.
var EvalActions = []string{EvalActStartSelf, EvalActSelfWrite, EvalActStartVoting, EvalActVote, EvalActPaper, EvalActClose,
	EvalActPropose, EvalActDecide, EvalActPublish}

// EvalActionNames are the Chinese names of the actions.
var EvalActionNames = map[string]string{
	EvalActStartSelf:   "开始个人自评",
	EvalActSelfWrite:   "填写个人自评",
	EvalActStartVoting: "开始民主测评投票",
	EvalActVote:        "投票",
	EvalActPaper:       "录入纸质票",
	EvalActClose:       "结束投票",
	EvalActPropose:     "提出评定等次",
	EvalActDecide:      "记录党员大会审议结果",
	EvalActPublish:     "公布结果",
}

// evalStep is where an action may be taken and the state it leads to
// ("" keeps the state).
type evalStep struct {
	from []string
	to   string
}

// evalFlow is the state machine of eval.members.
var evalFlow = map[string]evalStep{
	EvalActStartSelf:   {[]string{EvalOpen}, EvalSelf},
	EvalActSelfWrite:   {[]string{EvalSelf}, ""},
	EvalActStartVoting: {[]string{EvalSelf}, EvalVoting},
	EvalActVote:        {[]string{EvalVoting}, ""},
	EvalActPaper:       {[]string{EvalVoting}, ""},
	EvalActClose:       {[]string{EvalVoting}, EvalClosed},
	EvalActPropose:     {[]string{EvalClosed, EvalProposed}, EvalProposed},
	EvalActDecide:      {[]string{EvalProposed}, EvalDecided},
	EvalActPublish:     {[]string{EvalDecided}, EvalPublished},
}

// EvalNext returns the state an action leads to from state. An unknown
// action is invalid input (naming the field "action"); a known action in
// the wrong state is a conflict that says which state it needs.
func EvalNext(state, action string) (string, error) {
	st, ok := evalFlow[action]
	if !ok {
		return "", &Error{Code: EINVALID, Message: "未知的操作", Fields: map[string]string{"action": "操作须为 " + strings.Join(EvalActions, "、") + " 之一"}}
	}
	for _, f := range st.from {
		if f == state {
			if st.to == "" {
				return state, nil
			}
			return st.to, nil
		}
	}
	need := make([]string, len(st.from))
	for i, f := range st.from {
		need[i] = "「" + EvalStateNames[f] + "」"
	}
	return "", Errorf(ECONFLICT, "民主评议当前处于「%s」阶段，不能%s；该操作只能在%s阶段进行", EvalStateNames[state], EvalActionNames[action], strings.Join(need, "或"))
}

// EvalNextActions are the steps that move the campaign forward from state,
// for the page to offer.
func EvalNextActions(state string) []string {
	out := []string{}
	for _, act := range EvalActions {
		if act == EvalActVote || act == EvalActSelfWrite {
			continue // the members' own steps, not the secretary's
		}
		if _, err := EvalNext(state, act); err == nil {
			out = append(out, act)
		}
	}
	return out
}

// Grades of eval.members.grades (GLOSSARY.md).
const (
	GradeExcellent   = "excellent"
	GradeQualified   = "qualified"
	GradeBasic       = "basic"
	GradeUnqualified = "unqualified"
)

// Grades lists the grades from best to worst.
var Grades = []string{GradeExcellent, GradeQualified, GradeBasic, GradeUnqualified}

// GradeNames are the Chinese names of the grades.
var GradeNames = map[string]string{
	GradeExcellent:   "优秀",
	GradeQualified:   "合格",
	GradeBasic:       "基本合格",
	GradeUnqualified: "不合格",
}

// ValidGrade reports whether g is a grade.
func ValidGrade(g string) bool { _, ok := GradeNames[g]; return ok }

// Evaluation is one branch's democratic evaluation of members in a year.
type Evaluation struct {
	ID              int64      `json:"id"`
	OrgID           int64      `json:"org_id"`
	OrgName         string     `json:"org_name,omitempty"`
	OrgPath         string     `json:"-"`
	Year            int        `json:"year"`
	State           string     `json:"state"`
	Candidates      int        `json:"candidates"`  // members evaluated
	Voters          int        `json:"voters"`      // members who may vote
	Voted           int        `json:"voted"`       // of them, how many voted (online or on paper)
	PaperVoted      int        `json:"paper_voted"` // of those, how many on paper
	ExcellentReason string     `json:"excellent_reason"`
	MeetingID       *int64     `json:"meeting_id"`
	DecidedOn       *Date      `json:"decided_on"`
	DecisionNote    string     `json:"decision_note"`
	ClosedAt        *time.Time `json:"closed_at"`
	PublishedAt     *time.Time `json:"published_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// ResultsOpen reports whether the tally may be read: only once voting closed.
func (e *Evaluation) ResultsOpen() bool {
	switch e.State {
	case EvalClosed, EvalProposed, EvalDecided, EvalPublished:
		return true
	}
	return false
}

// EvalCandidate is a member evaluated in a campaign, with the self-
// evaluation they wrote and the grades proposed and decided.
type EvalCandidate struct {
	MemberID int64      `json:"member_id"`
	Name     string     `json:"name"`
	SelfText string     `json:"self_text"`
	SelfAt   *time.Time `json:"self_at"`
	Proposed string     `json:"proposed"`
	Final    string     `json:"final"`
}

// GradeCount is the tally of one candidate: the votes for each grade.
type GradeCount struct {
	MemberID    int64  `json:"member_id"`
	Name        string `json:"name,omitempty"`
	Excellent   int    `json:"excellent"`
	Qualified   int    `json:"qualified"`
	Basic       int    `json:"basic"`
	Unqualified int    `json:"unqualified"`
}

// Add counts n votes for grade g.
func (c *GradeCount) Add(g string, n int) {
	switch g {
	case GradeExcellent:
		c.Excellent += n
	case GradeQualified:
		c.Qualified += n
	case GradeBasic:
		c.Basic += n
	case GradeUnqualified:
		c.Unqualified += n
	}
}

// Of returns the votes for grade g.
func (c GradeCount) Of(g string) int {
	switch g {
	case GradeExcellent:
		return c.Excellent
	case GradeQualified:
		return c.Qualified
	case GradeBasic:
		return c.Basic
	case GradeUnqualified:
		return c.Unqualified
	}
	return 0
}

// Total is the number of votes cast for the candidate.
func (c GradeCount) Total() int { return c.Excellent + c.Qualified + c.Basic + c.Unqualified }

// Leading is the grade with the most votes (the better grade on a tie),
// the committee's natural starting point; "" without votes.
func (c GradeCount) Leading() string {
	best, n := "", 0
	for _, g := range Grades {
		if v := c.Of(g); v > n {
			best, n = g, v
		}
	}
	return best
}

// BallotVoter is one person who may vote in a ballot box and whether
// they did (online or on paper); never what they voted.
type BallotVoter struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Voted    bool   `json:"voted"`
	Paper    bool   `json:"paper"`
}

// BallotGrade is one grade on a ballot.
type BallotGrade struct {
	MemberID int64  `json:"member_id"`
	Grade    string `json:"grade"`
}

// ValidateBallot checks a ballot against the candidates: at least one
// grade, known grades, candidates of the campaign, each at most once, and
// not the voter themselves (mutual evaluation grades the others).
func ValidateBallot(grades []BallotGrade, candidates map[int64]bool, voter int64) error {
	v := Invalid{}
	if len(grades) == 0 {
		v.Add("grades", "请至少为一名党员评定等次")
	}
	seen := map[int64]bool{}
	for i, g := range grades {
		f := fmt.Sprintf("grades[%d]", i)
		switch {
		case !candidates[g.MemberID]:
			v.Add(f+".member_id", "该党员不在本次评议名单中")
		case g.MemberID == voter:
			v.Add(f+".member_id", "互评不能评议自己")
		case seen[g.MemberID]:
			v.Add(f+".member_id", "同一党员只能评定一次")
		}
		seen[g.MemberID] = true
		if !ValidGrade(g.Grade) {
			v.Add(f+".grade", "等次须为 excellent、qualified、basic 或 unqualified")
		}
	}
	return v.Err()
}

// ExcellentCap is the most 优秀 grades that stay within
// eval.members.excellent_cap for n members evaluated. The share is written
// to four decimals (1/3 as 0.3333), so half a unit of the last decimal is
// added back before rounding down: 10 of 30 is within a third.
func ExcellentCap(rs *RuleSet, n int) int {
	return int(math.Floor(float64(n) * (rs.Get("eval.members.excellent_cap").Value + 0.00005)))
}

// EvalFollowUp is the organizational handling (组织处置) of a member
// graded 不合格 (eval.members.grades): the measure taken, its outcome and
// the date of the outcome.
type EvalFollowUp struct {
	ID           int64     `json:"id"`
	EvaluationID int64     `json:"evaluation_id"`
	OrgID        int64     `json:"org_id"`
	OrgName      string    `json:"org_name,omitempty"`
	Year         int       `json:"year"`
	MemberID     int64     `json:"member_id"`
	MemberName   string    `json:"member_name"`
	Measure      string    `json:"measure"`
	Outcome      string    `json:"outcome"`
	OutcomeOn    *Date     `json:"outcome_on"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Done reports whether the handling has an outcome.
func (f *EvalFollowUp) Done() bool { return f.Outcome != "" && f.OutcomeOn != nil }

// Validate checks a follow-up as recorded; today bounds the outcome date.
func (f *EvalFollowUp) Validate(today Date) error {
	v := Invalid{}
	f.Measure, f.Outcome = strings.TrimSpace(f.Measure), strings.TrimSpace(f.Outcome)
	switch n := utf8.RuneCountInString(f.Measure); {
	case n == 0:
		v.Add("measure", "请填写处置措施")
	case n > 1000:
		v.Add("measure", "处置措施不能超过1000个字")
	}
	if utf8.RuneCountInString(f.Outcome) > 1000 {
		v.Add("outcome", "处置结果不能超过1000个字")
	}
	if f.OutcomeOn != nil {
		if f.Outcome == "" {
			v.Add("outcome", "填写结果日期时须填写处置结果")
		}
		if f.OutcomeOn.After(today) {
			v.Add("outcome_on", "结果日期不能晚于今天")
		}
	} else if f.Outcome != "" {
		v.Add("outcome_on", "请填写处置结果的日期")
	}
	return v.Err()
}

// SelfTextMax bounds a self-evaluation.
const SelfTextMax = 5000

// ValidateSelfText trims and checks a self-evaluation text.
func ValidateSelfText(s string) (string, error) {
	s = strings.TrimSpace(s)
	v := Invalid{}
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		v.Add("text", "请填写个人自评")
	case n > SelfTextMax:
		v.Add("text", fmt.Sprintf("个人自评不能超过%d个字", SelfTextMax))
	}
	return s, v.Err()
}

// ValidYear checks a campaign or report year.
func ValidYear(y int, today Date) bool { return y >= 2000 && y <= today.Year()+1 }
