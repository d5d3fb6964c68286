package dangjian

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Rectification statuses (API.md): open → in_progress → done → verified.
const (
	RectOpen       = "open"
	RectInProgress = "in_progress"
	RectDone       = "done"
	RectVerified   = "verified"
)

// RectStatuses lists the statuses in order.
var RectStatuses = []string{RectOpen, RectInProgress, RectDone, RectVerified}

// Rectification sources (API.md): where a problem was found.
const (
	SourceLifeMeeting = "life_meeting"
	SourceDLM         = "democratic_life_meeting"
	SourceReport      = "report"
	SourceInspection  = "inspection"
	SourceHealthCheck = "health_check"
	SourceOther       = "other"
)

// RectSources lists the sources in display order.
var RectSources = []string{SourceLifeMeeting, SourceDLM, SourceReport, SourceInspection, SourceHealthCheck, SourceOther}

// ValidRectStatus and ValidRectSource check the enumerations.
func ValidRectStatus(s string) bool { return inList(RectStatuses, s) }
func ValidRectSource(s string) bool { return inList(RectSources, s) }

func inList(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Rectification is one item of the rectification ledger (整改台账): a
// problem an organization must put right, by a deadline, with a timeline
// of what was done. Year is the year the problem was found (the meeting's
// or report's year), by which the printable ledger is kept.
type Rectification struct {
	ID         int64                `json:"id"`
	OrgID      int64                `json:"org_id"`
	OrgName    string               `json:"org_name"`
	OrgPath    string               `json:"-"`
	Source     string               `json:"source"`
	Year       int                  `json:"year"`
	Problem    string               `json:"problem"`
	Measures   string               `json:"measures"`
	OwnerID    *int64               `json:"owner_id"`
	OwnerName  string               `json:"owner_name"`
	Deadline   Date                 `json:"deadline"`
	Status     string               `json:"status"`
	Progress   int                  `json:"progress"`
	MeetingID  *int64               `json:"meeting_id"`
	ReportID   *int64               `json:"report_id"`
	Overdue    bool                 `json:"overdue"`
	CreatedBy  string               `json:"created_by"`
	CreatedAt  time.Time            `json:"created_at"`
	UpdatedAt  time.Time            `json:"updated_at"`
	VerifiedBy string               `json:"verified_by,omitempty"`
	VerifiedAt *time.Time           `json:"verified_at"`
	Updates    []*RectificationNote `json:"updates,omitempty"`
}

// RectificationNote is one entry of an item's timeline: a status change
// or a progress report, with its evidence.
type RectificationNote struct {
	ID         int64     `json:"id"`
	FromStatus string    `json:"from_status"`
	Status     string    `json:"status"`
	Progress   int       `json:"progress"`
	Note       string    `json:"note"`
	Evidence   string    `json:"evidence"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// IsOverdue: the deadline has passed and the item is neither done nor
// verified (API.md). An item due today is not yet overdue.
func (r *Rectification) IsOverdue(today Date) bool {
	return !r.Deadline.IsZero() && r.Deadline.Before(today) && r.Status != RectDone && r.Status != RectVerified
}

// maxProblem bounds the long texts of an item.
const maxProblem = 2000

// Validate checks a new item; today bounds the deadline below by a year,
// since an old item may be entered late, and above by ten years.
func (r *Rectification) Validate(today Date) error {
	v := Invalid{}
	r.Problem = strings.TrimSpace(r.Problem)
	r.Measures = strings.TrimSpace(r.Measures)
	if r.OrgID <= 0 {
		v.Add("org_id", "请选择责任党组织")
	}
	if !ValidRectSource(r.Source) {
		v.Add("source", "问题来源须为 "+strings.Join(RectSources, "、")+" 之一")
	}
	switch n := utf8.RuneCountInString(r.Problem); {
	case n == 0:
		v.Add("problem", "请填写存在的问题")
	case n > maxProblem:
		v.Add("problem", "问题不能超过2000个字")
	}
	if utf8.RuneCountInString(r.Measures) > maxProblem {
		v.Add("measures", "整改措施不能超过2000个字")
	}
	if r.OwnerID != nil && *r.OwnerID <= 0 {
		v.Add("owner_id", "责任人无效")
	}
	switch {
	case r.Deadline.IsZero():
		v.Add("deadline", "请填写整改时限")
	case r.Deadline.Before(NewDate(1921, 1, 1)) || r.Deadline.After(today.AddYears(10)):
		v.Add("deadline", "整改时限不合理")
	}
	if r.Year == 0 {
		r.Year = today.Year()
	}
	if r.Year < 1921 || r.Year > today.Year()+1 {
		v.Add("year", "年度不合理")
	}
	return v.Err()
}

// rectTransitions is the status transition table: from → the statuses an
// update may set. Staying open or in progress records progress; done goes
// back to in progress when the level above sends it back; verified is
// final.
var rectTransitions = map[string][]string{
	RectOpen:       {RectOpen, RectInProgress, RectDone},
	RectInProgress: {RectInProgress, RectDone},
	RectDone:       {RectInProgress, RectVerified},
	RectVerified:   {},
}

// RectTransition checks an update from status from to status to: an
// unknown status is invalid (422, field status), a move the table does not
// allow a conflict (409) with a message that says why.
func RectTransition(from, to string) error {
	if !ValidRectStatus(to) {
		return &Error{Code: EINVALID, Message: "整改状态无效", Fields: map[string]string{"status": "整改状态须为 " + strings.Join(RectStatuses, "、") + " 之一"}}
	}
	if inList(rectTransitions[from], to) {
		return nil
	}
	switch {
	case from == RectVerified:
		return Errorf(ECONFLICT, "该整改事项已验收销号，不能再更改")
	case to == RectVerified:
		return Errorf(ECONFLICT, "整改完成后才能验收销号")
	case from == RectDone && to == RectDone:
		return Errorf(ECONFLICT, "该整改事项已完成，等待上级验收")
	}
	return Errorf(ECONFLICT, "整改状态不能从 %s 改为 %s", from, to)
}

// RectTransitions returns the statuses an item in status from may move to.
func RectTransitions(from string) []string { return append([]string(nil), rectTransitions[from]...) }

// CheckProgress checks a progress percentage (field progress).
func CheckProgress(v Invalid, p int) {
	if p < 0 || p > 100 {
		v.Add("progress", "整改进度须在 0 到 100 之间")
	}
}

// RectificationFilter selects items. Scopes are the subtrees the caller
// may read; OrgPath narrows to one subtree.
type RectificationFilter struct {
	Scopes    []string
	OrgPath   string
	OrgID     int64 // only this organization's own items
	Status    string
	Source    string
	Year      int
	Overdue   bool // only overdue items (as of Today)
	Today     Date
	MeetingID int64
	ReportID  int64
	OwnerID   int64
	Offset    int
	Limit     int
}

// RectCounts are the counts of a roll-up row.
type RectCounts struct {
	Total      int `json:"total"`
	Open       int `json:"open"`
	InProgress int `json:"in_progress"`
	Done       int `json:"done"`
	Verified   int `json:"verified"`
	Overdue    int `json:"overdue"`
}

// Add counts n items of status, overdue or not.
func (c *RectCounts) Add(status string, overdue bool, n int) {
	c.Total += n
	switch status {
	case RectOpen:
		c.Open += n
	case RectInProgress:
		c.InProgress += n
	case RectDone:
		c.Done += n
	case RectVerified:
		c.Verified += n
	}
	if overdue {
		c.Overdue += n
	}
}

// ClosedShare is the share of items done or verified, in percent.
func (c RectCounts) ClosedShare() int {
	if c.Total == 0 {
		return 0
	}
	return (c.Done + c.Verified) * 100 / c.Total
}

// RectRollupRow is one child of the organization rolled up: the counts of
// its whole subtree. Self marks the row of the organization's own items.
type RectRollupRow struct {
	OrgID    int64      `json:"org_id"`
	OrgName  string     `json:"org_name"`
	Kind     string     `json:"kind"`
	Self     bool       `json:"self"`
	HasChild bool       `json:"has_children"`
	Counts   RectCounts `json:"counts"`
}

// RectRollupSorts are the orders a roll-up may be sorted by.
var RectRollupSorts = []string{"overdue", "open", "in_progress", "done", "verified", "total", "name"}

// SortRectRollup orders rows by key, largest first (names A→Z); ties
// keep tree order.
func SortRectRollup(rows []RectRollupRow, key string) {
	val := func(c RectCounts) int {
		switch key {
		case "open":
			return c.Open
		case "in_progress":
			return c.InProgress
		case "done":
			return c.Done
		case "verified":
			return c.Verified
		case "total":
			return c.Total
		}
		return c.Overdue
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if key == "name" {
			return rows[i].OrgName < rows[j].OrgName
		}
		return val(rows[i].Counts) > val(rows[j].Counts)
	})
}
