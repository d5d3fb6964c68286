package dangjian

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Training kinds (API.md).
const (
	TrainingConcentrated = "concentrated"
	TrainingSpecial      = "special"
	TrainingReport       = "report"
	TrainingSeminar      = "seminar"
	TrainingPartySchool  = "party_school"
	TrainingOnline       = "online"
	TrainingBranchStudy  = "branch_study"
)

// TrainingKinds lists the kinds in display order.
var TrainingKinds = []string{TrainingConcentrated, TrainingSpecial, TrainingReport, TrainingSeminar,
	TrainingPartySchool, TrainingOnline, TrainingBranchStudy}

// TrainingKindNames are the Chinese names of the kinds.
var TrainingKindNames = map[string]string{
	TrainingConcentrated: "集中学习",
	TrainingSpecial:      "专题培训",
	TrainingReport:       "报告会",
	TrainingSeminar:      "研讨会",
	TrainingPartySchool:  "党校培训",
	TrainingOnline:       "网络学习",
	TrainingBranchStudy:  "支部学习",
}

// ValidTrainingKind reports whether k is a known training kind.
func ValidTrainingKind(k string) bool { _, ok := TrainingKindNames[k]; return ok }

// IsConcentrated reports whether a training of kind counts as the
// "concentrated training" edu.secretary.hours asks a secretary to attend:
// a concentrated session or a party-school course.
func IsConcentrated(kind string) bool {
	return kind == TrainingConcentrated || kind == TrainingPartySchool
}

// Units a training's duration is entered in; days and half days convert
// into hours by edu.hours.conversion.
const (
	UnitHour    = "hour"
	UnitDay     = "day"
	UnitHalfDay = "half_day"
)

// HoursConversion is the deployment's conversion of days into 学时
// (edu.hours.conversion, local practice). HalfDay is half of Day unless
// the rule's parameters say otherwise.
type HoursConversion struct {
	Day     float64 `json:"day"`
	HalfDay float64 `json:"half_day"`
}

// ConversionOf reads edu.hours.conversion from the rule table in force.
func ConversionOf(rs *RuleSet) HoursConversion {
	p := rs.Get("edu.hours.conversion").Params
	c := HoursConversion{Day: p["day"]}
	if c.Day <= 0 {
		c.Day = 8
	}
	c.HalfDay = c.Day / 2
	if h, ok := p["half_day"]; ok && h > 0 {
		c.HalfDay = h
	}
	return c
}

// Hours converts amount in unit into 学时, rounded to a tenth.
func (c HoursConversion) Hours(amount float64, unit string) (float64, bool) {
	switch unit {
	case UnitHour, "":
		return RoundHours(amount), true
	case UnitDay:
		return RoundHours(amount * c.Day), true
	case UnitHalfDay:
		return RoundHours(amount * c.HalfDay), true
	}
	return 0, false
}

// RoundHours rounds to a tenth of an hour, the precision hours are kept in.
func RoundHours(h float64) float64 { return math.Round(h*10) / 10 }

// TrainingParticipant is one person's hours at a training; one who left
// early is credited fewer.
type TrainingParticipant struct {
	MemberID int64   `json:"member_id"`
	Name     string  `json:"name,omitempty"`
	OrgID    int64   `json:"org_id,omitempty"` // the member's organization when credited
	Hours    float64 `json:"hours"`
}

// Training is one education or training activity with the hours credited
// to each participant. MeetingID set means the hours come from a meeting
// (a lecture, a study session inside an assembly): they count as
// from_meetings, not as dedicated training.
type Training struct {
	ID           int64                 `json:"id"`
	OrgID        int64                 `json:"org_id"` // the organizer
	OrgName      string                `json:"org_name,omitempty"`
	Kind         string                `json:"kind"`
	Title        string                `json:"title"`
	StartOn      Date                  `json:"start_on"`
	EndOn        Date                  `json:"end_on"`
	Topic        string                `json:"topic"`
	Materials    string                `json:"materials"`
	MeetingID    *int64                `json:"meeting_id"`
	Duration     float64               `json:"duration"` // as entered, in Unit
	Unit         string                `json:"unit"`
	Hours        float64               `json:"hours"` // Duration converted: a full participant's hours
	Participants []TrainingParticipant `json:"participants"`
	Deleted      bool                  `json:"deleted"`
	DeleteReason string                `json:"delete_reason,omitempty"`
	CreatedAt    time.Time             `json:"created_at"`
	UpdatedAt    time.Time             `json:"updated_at"`
}

// Year is the year a training's hours count in: the year it started.
func (t *Training) Year() int { return t.StartOn.Year() }

// FromMeeting reports whether the training's hours come from a meeting.
func (t *Training) FromMeeting() bool { return t.MeetingID != nil }

// maxTrainingDays bounds a training's length; a longer course is entered
// as several.
const maxTrainingDays = 366

// Validate checks what a recorder enters and fills Hours from Duration
// and Unit, and each participant's hours left at 0 with Hours. today
// bounds the dates: a training may be planned up to a year ahead.
func (t *Training) Validate(conv HoursConversion, today Date) error {
	v := Invalid{}
	t.Title = strings.TrimSpace(t.Title)
	t.Topic = strings.TrimSpace(t.Topic)
	if !ValidTrainingKind(t.Kind) {
		v.Add("kind", "培训类型无效")
	}
	if t.OrgID <= 0 {
		v.Add("org_id", "请选择主办党组织")
	}
	switch n := utf8.RuneCountInString(t.Title); {
	case n == 0:
		v.Add("title", "请填写培训名称")
	case n > 200:
		v.Add("title", "培训名称不能超过200个字")
	}
	if utf8.RuneCountInString(t.Topic) > 200 {
		v.Add("topic", "主题不能超过200个字")
	}
	if utf8.RuneCountInString(t.Materials) > 50000 {
		v.Add("materials", "学习材料不能超过50000个字")
	}
	switch {
	case t.StartOn.IsZero():
		v.Add("start_on", "请填写开始日期")
	case t.StartOn.Year() < 1921:
		v.Add("start_on", "开始日期不合理")
	case t.StartOn.After(today.AddYears(1)):
		v.Add("start_on", "开始日期不能晚于一年之后")
	}
	if t.EndOn.IsZero() {
		t.EndOn = t.StartOn
	}
	days := 1
	if !t.StartOn.IsZero() {
		days = t.StartOn.DaysUntil(t.EndOn) + 1
		switch {
		case t.EndOn.Before(t.StartOn):
			v.Add("end_on", "结束日期不能早于开始日期")
		case days > maxTrainingDays:
			v.Add("end_on", "一次培训不能超过366天，请分段登记")
		}
	}
	if t.MeetingID != nil && *t.MeetingID <= 0 {
		v.Add("meeting_id", "会议无效")
	}
	if t.Unit == "" {
		t.Unit = UnitHour
	}
	if t.Duration != 0 || t.Unit != UnitHour {
		h, ok := conv.Hours(t.Duration, t.Unit)
		switch {
		case !ok:
			v.Add("unit", "单位须为 hour、day 或 half_day")
		case math.IsNaN(t.Duration) || t.Duration <= 0:
			v.Add("duration", "时长须大于0")
		case h > float64(max(days, 1))*24:
			v.Add("duration", "时长超过了培训的天数")
		default:
			t.Hours = h
		}
	}
	capHours := float64(max(days, 1)) * 24
	if len(t.Participants) == 0 {
		v.Add("participants", "请至少登记一名参训人员")
	}
	seen := map[int64]bool{}
	for i := range t.Participants {
		p := &t.Participants[i]
		f := fmt.Sprintf("participants[%d]", i)
		if p.MemberID <= 0 {
			v.Add(f+".member_id", "请选择党员")
		} else if seen[p.MemberID] {
			v.Add(f+".member_id", "同一党员不能重复登记")
		}
		seen[p.MemberID] = true
		if p.Hours == 0 && t.Hours > 0 {
			p.Hours = t.Hours
		}
		p.Hours = RoundHours(p.Hours)
		switch {
		case math.IsNaN(p.Hours) || p.Hours <= 0:
			v.Add(f+".hours", "学时须大于0")
		case p.Hours > capHours:
			v.Add(f+".hours", "学时超过了培训的天数")
		case t.Hours > 0 && p.Hours > t.Hours:
			v.Add(f+".hours", "个人学时不能超过培训时长")
		}
	}
	return v.Err()
}

// TrainingFilter selects trainings: Scopes are the subtree roots the
// caller may see; OrgPath narrows to one organizer subtree; From ≤
// start_on ≤ To when set.
type TrainingFilter struct {
	Scopes  []string
	OrgPath string
	Kind    string
	From    Date
	To      Date
	Offset  int
	Limit   int
}

// TrainingRevision is a training's values before a correction.
type TrainingRevision struct {
	ID         int64     `json:"id"`
	TrainingID int64     `json:"training_id"`
	UserID     *int64    `json:"user_id"`
	Actor      string    `json:"actor"`
	At         time.Time `json:"at"`
	Reason     string    `json:"reason"`
	Old        string    `json:"old"` // the training as JSON
}

// MeetingsAsTrainingKey is the deployment setting holding the share of a
// person's (organization's) hours from meetings at or above which it is
// flagged as "以会代训". No regulation gives a number, so it is local
// practice: a setting, never a rule of the table.
const MeetingsAsTrainingKey = "edu.meetings_as_training.min_share"

// DefaultMeetingsAsTrainingShare is the platform's default for the setting,
// labelled local practice wherever it is shown.
const DefaultMeetingsAsTrainingShare = 0.8

// ValidMeetingsAsTrainingShare checks a share entered for the setting.
func ValidMeetingsAsTrainingShare(share float64) error {
	if math.IsNaN(share) || share <= 0 || share > 1 {
		return &Error{Code: EINVALID, Message: "比例须大于0且不超过1",
			Fields: map[string]string{"min_share": "请填写0到1之间的比例，如 0.8"}}
	}
	return nil
}

// MeetingsAsTraining reports whether hours of which fromMeetings came from
// meetings are "以会代训" at share: some hours, and from meetings at least
// share of them.
func MeetingsAsTraining(hours, fromMeetings, share float64) bool {
	return hours > 0 && fromMeetings >= hours*share-1e-9
}

// Roles a person's hours requirement depends on.
const (
	HoursRoleMember    = "member"
	HoursRoleCommittee = "committee" // a member of a branch committee
	HoursRoleSecretary = "secretary" // a branch secretary
)

// SecretaryKinds are the kinds of organization whose secretary and
// committee members owe edu.secretary.hours: 党支部 and 党总支.
func SecretaryKinds(kind string) bool { return kind == KindBranch || kind == KindGeneralBranch }

// PostHeld is a seat a member holds on a current committee, with the date
// the member has held it since (the start of the earliest consecutive
// term of that organization with the same post).
type PostHeld struct {
	OrgID   int64  `json:"org_id"`
	OrgKind string `json:"org_kind"`
	Post    string `json:"post"`
	Since   Date   `json:"since"`
}

// RoleOf is the role a member's requirement follows from the posts held,
// and, for a secretary, since when.
func RoleOf(posts []PostHeld) (string, Date) {
	role, since := HoursRoleMember, Date{}
	for _, p := range posts {
		if !SecretaryKinds(p.OrgKind) {
			continue
		}
		if p.Post == PostSecretary {
			role, since = HoursRoleSecretary, p.Since
		} else if role == HoursRoleMember {
			role = HoursRoleCommittee
		}
	}
	return role, since
}

// HoursTotals are one member's credited hours in one year.
type HoursTotals struct {
	Hours        float64 `json:"hours"`
	FromMeetings float64 `json:"from_meetings"`
	Concentrated int     `json:"concentrated"` // dedicated concentrated trainings attended
}

// Dedicated is the hours not from meetings.
func (h HoursTotals) Dedicated() float64 { return RoundHours(h.Hours - h.FromMeetings) }

// HoursEntry is one training in a member's ledger.
type HoursEntry struct {
	TrainingID int64   `json:"training_id"`
	Kind       string  `json:"kind"`
	Title      string  `json:"title"`
	OrgName    string  `json:"org_name"`
	StartOn    Date    `json:"start_on"`
	EndOn      Date    `json:"end_on"`
	Hours      float64 `json:"hours"`
	MeetingID  *int64  `json:"meeting_id"`
}

// MemberHours is a member's ledger of one year against the requirement
// that applies: the API's member hours answer.
type MemberHours struct {
	MemberID           int64        `json:"member_id"`
	Name               string       `json:"name"`
	OrgID              int64        `json:"org_id"`
	OrgName            string       `json:"org_name"`
	Year               int          `json:"year"`
	Hours              float64      `json:"hours"`
	FromMeetings       float64      `json:"from_meetings"`
	Dedicated          float64      `json:"dedicated"`
	Concentrated       int          `json:"concentrated"`
	Required           float64      `json:"required"`
	Rule               string       `json:"rule"`
	ShortBy            float64      `json:"short_by"`
	Role               string       `json:"role"`
	SecretarySince     Date         `json:"secretary_since"`
	MeetingsAsTraining bool         `json:"meetings_as_training"`
	Findings           []Finding    `json:"findings"`
	Entries            []HoursEntry `json:"entries,omitempty"`
}

// HoursFacts is what the ledger of one member and year is computed from.
type HoursFacts struct {
	Role           string
	SecretarySince Date // for a secretary
	// TrainedOn is the first day of a dedicated training the secretary
	// attended on or after SecretarySince (zero when none).
	TrainedOn Date
	Totals    HoursTotals
}

// EduRules are the education rules laid out once for many ledgers.
type EduRules struct {
	member, secretary, newSec Rule
	share                     float64
}

// NewEduRules reads the education rules from rs; share is the local
// 以会代训 threshold.
func NewEduRules(rs *RuleSet, share float64) EduRules {
	return EduRules{member: rs.Get("edu.member.hours"), secretary: rs.Get("edu.secretary.hours"), newSec: rs.Get("edu.new_secretary"), share: share}
}

// Share is the 以会代训 threshold in force.
func (e EduRules) Share() float64 { return e.share }

// Requirement is the rule that applies to role and its hours.
func (e EduRules) Requirement(role string) (string, float64) {
	if role == HoursRoleSecretary || role == HoursRoleCommittee {
		return e.secretary.ID, e.secretary.Value
	}
	return e.member.ID, e.member.Value
}

// Short reports, for a role and totals, whether the yearly requirement is
// not met: too few hours, or (for the committee) no concentrated training.
func (e EduRules) Short(role string, t HoursTotals) bool {
	_, req := e.Requirement(role)
	if t.Hours+1e-9 < req {
		return true
	}
	return role != HoursRoleMember && t.Concentrated == 0
}

// NewSecretaryDue is the date by which a secretary appointed on since must
// have been trained (edu.new_secretary months later).
func (e EduRules) NewSecretaryDue(since Date) Date {
	return Date{since.Time().AddDate(0, int(e.newSec.Value), 0)}
}

// NewSecretaryUntrained reports whether a secretary since a date, first
// trained on trainedOn (zero for never), breaks edu.new_secretary as of
// today, or is still within the window and untrained (due).
func (e EduRules) NewSecretaryUntrained(since, trainedOn, today Date) (late, due bool) {
	if since.IsZero() {
		return false, false
	}
	deadline := e.NewSecretaryDue(since)
	trained := !trainedOn.IsZero() && !trainedOn.After(deadline)
	if trained {
		return false, false
	}
	if today.After(deadline) {
		return true, false
	}
	return false, true
}

// Ledger computes a member's standing for year as of today.
func (e EduRules) Ledger(f HoursFacts, year int, today Date) MemberHours {
	h := MemberHours{Year: year, Role: f.Role, SecretarySince: f.SecretarySince, Hours: RoundHours(f.Totals.Hours),
		FromMeetings: RoundHours(f.Totals.FromMeetings), Dedicated: f.Totals.Dedicated(), Concentrated: f.Totals.Concentrated, Findings: []Finding{}}
	h.Rule, h.Required = e.Requirement(f.Role)
	h.ShortBy = RoundHours(max(0, h.Required-h.Hours))
	r := e.member
	if h.Rule == e.secretary.ID {
		r = e.secretary
	}
	// Within the year a shortfall is what remains to be done; once the
	// year is over it is a breach.
	sev := SeverityWarning
	if today.Year() > year {
		sev = SeverityError
	}
	if h.ShortBy > 0 {
		h.Findings = append(h.Findings, Finding{Rule: r.ID, Severity: sev, Source: r.Source,
			Message:   fmt.Sprintf("%d年已完成%s学时，要求不少于%s学时，尚差%s学时", year, FormatHours(h.Hours), FormatHours(h.Required), FormatHours(h.ShortBy)),
			MessageEn: fmt.Sprintf("%s of %s hours done in %d; %s short", FormatHours(h.Hours), FormatHours(h.Required), year, FormatHours(h.ShortBy))})
	}
	if f.Role != HoursRoleMember && f.Totals.Concentrated == 0 {
		h.Findings = append(h.Findings, Finding{Rule: r.ID, Severity: sev, Source: r.Source,
			Message:   fmt.Sprintf("%d年未参加集中培训（支部书记和支部委员须至少参加1次）", year),
			MessageEn: fmt.Sprintf("No concentrated training in %d (secretaries and committee members need at least one)", year)})
	}
	if f.Role == HoursRoleSecretary && !f.SecretarySince.IsZero() {
		deadline := e.NewSecretaryDue(f.SecretarySince)
		// Only a window that touches the year concerns this ledger.
		if deadline.Year() >= year && f.SecretarySince.Year() <= year {
			late, due := e.NewSecretaryUntrained(f.SecretarySince, f.TrainedOn, today)
			switch {
			case late:
				h.Findings = append(h.Findings, Finding{Rule: e.newSec.ID, Severity: SeverityError, Source: e.newSec.Source,
					Message:   fmt.Sprintf("%s任支部书记，至%s仍未接受培训（须在半年内）", f.SecretarySince.Chinese(), deadline.Chinese()),
					MessageEn: fmt.Sprintf("Secretary since %s, not trained by %s (due within half a year)", f.SecretarySince, deadline)})
			case due:
				h.Findings = append(h.Findings, Finding{Rule: e.newSec.ID, Severity: SeverityWarning, Source: e.newSec.Source,
					Message:   fmt.Sprintf("%s新任支部书记，须在%s前接受培训", f.SecretarySince.Chinese(), deadline.Chinese()),
					MessageEn: fmt.Sprintf("New secretary since %s: to be trained by %s", f.SecretarySince, deadline)})
			}
		}
	}
	if MeetingsAsTraining(h.Hours, h.FromMeetings, e.share) {
		h.MeetingsAsTraining = true
		h.Findings = append(h.Findings, Finding{Rule: r.ID, Severity: SeverityWarning,
			Source: MeetingsAsTrainingKey + "（地方惯例）",
			Message: fmt.Sprintf("以会代训：%s学时中%s学时来自会议，达到本地设置的%d%%，缺少专门的教育培训",
				FormatHours(h.Hours), FormatHours(h.FromMeetings), int(math.Round(e.share*100))),
			MessageEn: fmt.Sprintf("Training replaced by meetings: %s of %s hours from meetings, at or above the local setting of %d%%",
				FormatHours(h.FromMeetings), FormatHours(h.Hours), int(math.Round(e.share*100)))})
	}
	return h
}

// FormatHours writes hours without a needless decimal: 32, 4.5.
func FormatHours(h float64) string {
	if h == math.Trunc(h) {
		return fmt.Sprintf("%d", int64(h))
	}
	return fmt.Sprintf("%.1f", h)
}

// OrgHours is one organization's hours of a year, over the members it
// holds directly, as kept in org_year_hours.
type OrgHours struct {
	OrgID              int64   `json:"org_id"`
	Year               int     `json:"year"`
	Members            int     `json:"members"`
	MembersShort       int     `json:"members_short"` // ordinary members short of edu.member.hours
	Secretaries        int     `json:"secretaries"`   // branch secretaries and committee members
	SecretariesShort   int     `json:"secretaries_short"`
	NewUntrained       int     `json:"new_untrained"` // new secretaries past the window untrained
	MeetingsAsTraining int     `json:"meetings_as_training"`
	Hours              float64 `json:"hours"`
	FromMeetings       float64 `json:"from_meetings"`
	// Buckets counts the members by hours: see HoursBucketBounds.
	Buckets [NumHoursBuckets]int `json:"buckets"`
}

// HoursBucketBounds are the lower bounds of the hours distribution's
// buckets after the first (no hours at all): (0,8), [8,16), [16,24),
// [24,32), [32,56), 56 and more — the two requirements are bounds.
var HoursBucketBounds = [NumHoursBuckets - 1]float64{0, 8, 16, 24, 32, 56}

// NumHoursBuckets is the number of buckets of the hours distribution.
const NumHoursBuckets = 7

// HoursBucket is the bucket hours fall in.
func HoursBucket(h float64) int {
	if h <= 0 {
		return 0
	}
	b := 1
	for i := 2; i < NumHoursBuckets; i++ {
		if h+1e-9 >= HoursBucketBounds[i-1] {
			b = i
		}
	}
	return b
}

// Pack writes the counts and sums of h as one short text for
// org_year_hours: "members,members_short,secretaries,secretaries_short,
// new_untrained,meetings_as_training,hours,from_meetings,b0,…,b6", the
// hours in tenths (hours are kept to a tenth), so every field is a whole
// number and the roll-up parses it without strconv.
func (h *OrgHours) Pack() string {
	b := make([]byte, 0, 64)
	for i, n := range [...]int64{int64(h.Members), int64(h.MembersShort), int64(h.Secretaries), int64(h.SecretariesShort),
		int64(h.NewUntrained), int64(h.MeetingsAsTraining), int64(math.Round(h.Hours * 10)), int64(math.Round(h.FromMeetings * 10))} {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, n, 10)
	}
	for _, n := range h.Buckets {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return string(b)
}

// packedFields is how many numbers Pack writes.
const packedFields = 8 + NumHoursBuckets

// ParsePacked reads what Pack wrote into h (OrgID and Year untouched).
func (h *OrgHours) ParsePacked(s string) error { return parsePacked(h, s) }

// ParsePackedBytes is ParsePacked of the driver's bytes, so that the
// roll-up parses one row per organization without allocating.
func (h *OrgHours) ParsePackedBytes(b []byte) error { return parsePacked(h, b) }

func parsePacked[T string | []byte](h *OrgHours, s T) error {
	var f [packedFields]int64
	n, v, digits := 0, int64(0), 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if digits == 18 {
				return fmt.Errorf("packed hours %q: number too long", s)
			}
			v, digits = v*10+int64(s[i]-'0'), digits+1
			continue
		}
		if (i < len(s) && s[i] != ',') || digits == 0 || n == packedFields {
			return fmt.Errorf("packed hours %q: want %d comma-separated whole numbers", s, packedFields)
		}
		f[n], n, v, digits = v, n+1, 0, 0
	}
	if n != packedFields {
		return fmt.Errorf("packed hours %q: %d numbers, want %d", s, n, packedFields)
	}
	h.Members, h.MembersShort, h.Secretaries, h.SecretariesShort = int(f[0]), int(f[1]), int(f[2]), int(f[3])
	h.NewUntrained, h.MeetingsAsTraining = int(f[4]), int(f[5])
	h.Hours, h.FromMeetings = float64(f[6])/10, float64(f[7])/10
	for i := range h.Buckets {
		h.Buckets[i] = int(f[8+i])
	}
	return nil
}

// Add folds o into h (for a subtree total).
func (h *OrgHours) Add(o *OrgHours) {
	h.Members += o.Members
	h.MembersShort += o.MembersShort
	h.Secretaries += o.Secretaries
	h.SecretariesShort += o.SecretariesShort
	h.NewUntrained += o.NewUntrained
	h.MeetingsAsTraining += o.MeetingsAsTraining
	h.Hours += o.Hours
	h.FromMeetings += o.FromMeetings
	for i := range h.Buckets {
		h.Buckets[i] += o.Buckets[i]
	}
}

// Short is the people short of their requirement.
func (h *OrgHours) Short() int { return h.MembersShort + h.SecretariesShort }

// Flagged reports whether the organization's hours are "以会代训" at share.
func (h *OrgHours) Flagged(share float64) bool {
	return MeetingsAsTraining(h.Hours, h.FromMeetings, share)
}

// HoursPerson is one member as the organization aggregate counts them.
type HoursPerson struct {
	Role      string
	Since     Date
	TrainedOn Date
	Totals    HoursTotals
}

// Aggregate computes an organization's hours row from its members.
func (e EduRules) Aggregate(orgID int64, year int, people []HoursPerson, today Date) OrgHours {
	o := OrgHours{OrgID: orgID, Year: year, Members: len(people)}
	for _, p := range people {
		short := e.Short(p.Role, p.Totals)
		if p.Role == HoursRoleMember {
			if short {
				o.MembersShort++
			}
		} else {
			o.Secretaries++
			if short {
				o.SecretariesShort++
			}
		}
		if p.Role == HoursRoleSecretary {
			if late, _ := e.NewSecretaryUntrained(p.Since, p.TrainedOn, today); late && e.NewSecretaryDue(p.Since).Year() >= year {
				o.NewUntrained++
			}
		}
		if MeetingsAsTraining(p.Totals.Hours, p.Totals.FromMeetings, e.share) {
			o.MeetingsAsTraining++
		}
		o.Hours += p.Totals.Hours
		o.FromMeetings += p.Totals.FromMeetings
		o.Buckets[HoursBucket(p.Totals.Hours)]++
	}
	o.Hours, o.FromMeetings = RoundHours(o.Hours), RoundHours(o.FromMeetings)
	return o
}

// SecretaryLecture is whether a party committee's (leading group's)
// secretary gave the yearly lecture (orglife.lecture.secretary_yearly).
type SecretaryLecture struct {
	OrgID         int64     `json:"org_id"`
	OrgName       string    `json:"org_name"`
	Kind          string    `json:"kind"`
	SecretaryID   *int64    `json:"secretary_id"`
	SecretaryName string    `json:"secretary_name"`
	Lectures      int       `json:"lectures"`
	Finding       *Finding  `json:"finding"`
	LastAt        time.Time `json:"last_at"`
}

// LectureFinding is the finding for a secretary's lectures in year, nil
// when the rule is met.
func LectureFinding(rs *RuleSet, l *SecretaryLecture, year int, today Date) *Finding {
	r := rs.Get("orglife.lecture.secretary_yearly")
	if l.Lectures >= max(r.Count, 1) {
		return nil
	}
	sev := SeverityWarning
	if today.Year() > year {
		sev = SeverityError
	}
	if l.SecretaryID == nil {
		return &Finding{Rule: r.ID, Severity: sev, Source: r.Source, Message: "未配备书记，无法讲党课", MessageEn: "No secretary to give the lecture"}
	}
	return &Finding{Rule: r.ID, Severity: sev, Source: r.Source,
		Message:   fmt.Sprintf("书记%s %d年讲党课%d次，要求每年至少%d次", l.SecretaryName, year, l.Lectures, max(r.Count, 1)),
		MessageEn: fmt.Sprintf("Secretary %s gave %d lectures in %d; at least %d a year", l.SecretaryName, l.Lectures, year, max(r.Count, 1))}
}
