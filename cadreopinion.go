package dangjian

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Cadre opinions (API.md): what the branch says of a candidate.
const (
	OpinionAgree            = "agree"
	OpinionWithReservations = "agree_with_reservations"
	OpinionDisagree         = "disagree"
)

// Opinions lists the answers in order.
var Opinions = []string{OpinionAgree, OpinionWithReservations, OpinionDisagree}

// Cadre-opinion request statuses.
const (
	OpinionPending  = "pending"
	OpinionAnswered = "answered"
)

// CadreOpinion is the personnel department's request for a branch's
// opinion on a member who is a candidate for a post (干部考察), and the
// branch committee's answer. It is seen only by personnel, the branch and
// the working committee.
type CadreOpinion struct {
	ID          int64      `json:"id"`
	MemberID    int64      `json:"member_id"`
	MemberName  string     `json:"member_name"`
	OrgID       int64      `json:"org_id"`
	OrgName     string     `json:"org_name"`
	OrgPath     string     `json:"-"`
	Deadline    Date       `json:"deadline"`
	Note        string     `json:"note"`
	Status      string     `json:"status"`
	Opinion     string     `json:"opinion"`
	Reasons     string     `json:"reasons"`
	Overdue     bool       `json:"overdue"`
	RequestedBy string     `json:"requested_by"`
	CreatedAt   time.Time  `json:"created_at"`
	AnsweredBy  string     `json:"answered_by"`
	AnsweredAt  *time.Time `json:"answered_at"`
}

// IsOverdue: unanswered after the deadline.
func (c *CadreOpinion) IsOverdue(today Date) bool {
	return c.Status == OpinionPending && c.Deadline.Before(today)
}

// Validate checks a new request; today bounds the deadline.
func (c *CadreOpinion) Validate(today Date) error {
	v := Invalid{}
	c.Note = strings.TrimSpace(c.Note)
	if c.MemberID <= 0 {
		v.Add("member_id", "请选择考察对象")
	}
	if c.OrgID <= 0 {
		v.Add("org_id", "请选择征求意见的党支部")
	}
	switch {
	case c.Deadline.IsZero():
		v.Add("deadline", "请填写答复期限")
	case c.Deadline.Before(today):
		v.Add("deadline", "答复期限不能早于今天")
	case c.Deadline.After(today.AddYears(1)):
		v.Add("deadline", "答复期限不能超过一年")
	}
	if utf8.RuneCountInString(c.Note) > 1000 {
		v.Add("note", "说明不能超过1000个字")
	}
	return v.Err()
}

// CheckOpinionAnswer checks an answer: one of the opinions, and reasons
// for any but plain agreement.
func CheckOpinionAnswer(opinion, reasons string) (string, error) {
	v := Invalid{}
	reasons = strings.TrimSpace(reasons)
	if !inList(Opinions, opinion) {
		v.Add("opinion", "意见须为 "+strings.Join(Opinions, "、")+" 之一")
	}
	if reasons == "" && (opinion == OpinionWithReservations || opinion == OpinionDisagree) {
		v.Add("reasons", "保留意见或不同意须写明理由")
	}
	if utf8.RuneCountInString(reasons) > 2000 {
		v.Add("reasons", "理由不能超过2000个字")
	}
	return reasons, v.Err()
}

// CadreOpinionFilter selects requests. Subtrees are the roots under which
// the caller sees every request (personnel, the working committee); Exact
// the branches whose own requests it sees (their committee).
type CadreOpinionFilter struct {
	Subtrees []string
	Exact    []string
	OrgPath  string
	MemberID int64
	Status   string
	Overdue  bool
	Today    Date
	Offset   int
	Limit    int
}
