package dangjian

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Statuses of the oversight report an organ party committee or working
// committee sends upward about a leading group's democratic life meeting.
const (
	DLMReportNone     = "none"
	DLMReportSent     = "sent"
	DLMReportReceived = "received"
)

// DLMOpinion is an opinion gathered before the meeting: from whom, and
// its gist.
type DLMOpinion struct {
	From string `json:"from"`
	Gist string `json:"gist"`
}

// DLMCriticism is one leading-group member's self-criticism at the
// meeting and the criticism they received.
type DLMCriticism struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Self     string `json:"self_criticism"`
	Received string `json:"criticism_received"`
}

// DLMOversight is the oversight record of one leading group's democratic
// life meeting (orglife.dlm) in a year: what was gathered before, what
// each member said, the overseer's notes and the report sent upward. The
// meeting itself, its attendance and quorum (orglife.dlm.quorum) are the
// meeting record's; the rectification list is in the ledger, linked to
// the meeting.
type DLMOversight struct {
	ID           int64          `json:"id"`
	OrgID        int64          `json:"org_id"`
	OrgName      string         `json:"org_name"`
	OrgPath      string         `json:"-"`
	Year         int            `json:"year"`
	MeetingID    *int64         `json:"meeting_id"`
	Opinions     []DLMOpinion   `json:"opinions"`
	Criticisms   []DLMCriticism `json:"criticisms"`
	Notes        string         `json:"notes"`
	ReportStatus string         `json:"report_status"`
	Report       string         `json:"report"`
	SentBy       string         `json:"sent_by,omitempty"`
	SentAt       *time.Time     `json:"sent_at"`
	ReceivedBy   string         `json:"received_by,omitempty"`
	ReceivedAt   *time.Time     `json:"received_at"`
	UpdatedBy    string         `json:"updated_by"`
	UpdatedAt    time.Time      `json:"updated_at"`
}

// Validate checks what the overseer enters.
func (d *DLMOversight) Validate(thisYear int) error {
	v := Invalid{}
	if d.OrgID <= 0 {
		v.Add("org_id", "请选择党组")
	}
	if d.Year < 1921 || d.Year > thisYear {
		v.Add("year", "年度不合理")
	}
	d.Notes = strings.TrimSpace(d.Notes)
	if utf8.RuneCountInString(d.Notes) > 10000 {
		v.Add("notes", "监督意见不能超过10000个字")
	}
	var ops []DLMOpinion
	for i, o := range d.Opinions {
		o.From, o.Gist = strings.TrimSpace(o.From), strings.TrimSpace(o.Gist)
		if o.From == "" && o.Gist == "" {
			continue
		}
		f := fmt.Sprintf("opinions[%d]", i)
		if o.From == "" {
			v.Add(f+".from", "请填写意见来源")
		} else if utf8.RuneCountInString(o.From) > 100 {
			v.Add(f+".from", "意见来源不能超过100个字")
		}
		if o.Gist == "" {
			v.Add(f+".gist", "请填写意见要点")
		} else if utf8.RuneCountInString(o.Gist) > 2000 {
			v.Add(f+".gist", "意见要点不能超过2000个字")
		}
		ops = append(ops, o)
	}
	d.Opinions = ops
	var cs []DLMCriticism
	seen := map[int64]bool{}
	for i, c := range d.Criticisms {
		c.Self, c.Received = strings.TrimSpace(c.Self), strings.TrimSpace(c.Received)
		if c.Self == "" && c.Received == "" {
			continue
		}
		f := fmt.Sprintf("criticisms[%d]", i)
		if c.MemberID <= 0 {
			v.Add(f+".member_id", "请选择党员")
		} else if seen[c.MemberID] {
			v.Add(f+".member_id", "同一党员不能重复登记")
		}
		seen[c.MemberID] = true
		if utf8.RuneCountInString(c.Self) > 5000 || utf8.RuneCountInString(c.Received) > 5000 {
			v.Add(f+".self_criticism", "内容不能超过5000个字")
		}
		cs = append(cs, c)
	}
	d.Criticisms = cs
	return v.Err()
}

// DLMStatus is one leading group's democratic life meeting of a year as
// the subtree list shows it.
type DLMStatus struct {
	OrgID        int64      `json:"org_id"`
	OrgName      string     `json:"org_name"`
	Year         int        `json:"year"`
	Held         bool       `json:"held"`
	MeetingID    *int64     `json:"meeting_id"`
	HeldAt       *time.Time `json:"held_at"`
	Quorum       Quorum     `json:"quorum"`
	Oversight    bool       `json:"oversight"`
	ReportStatus string     `json:"report_status"`
	Rect         RectCounts `json:"rectification"`
}
