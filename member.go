package dangjian

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Member statuses.
const (
	StatusProbationary = "probationary"
	StatusFull         = "full"
)

// Party-affairs cadre kinds.
const (
	PartyAffairsNone     = "none"
	PartyAffairsFullTime = "full_time"
	PartyAffairsPartTime = "part_time"
)

// Member is a party member on the roster. IDNumber and Phone hold the clear
// values inside the program; edges mask them unless the caller may reveal.
type Member struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Gender       string    `json:"gender"`
	Ethnicity    string    `json:"ethnicity"`
	BirthDate    Date      `json:"birth_date"`
	IDNumber     string    `json:"id_number"`
	Education    string    `json:"education"`
	OrgID        int64     `json:"org_id"`
	GroupID      *int64    `json:"group_id"`
	OrgPath      string    `json:"-"`
	OrgName      string    `json:"org_name,omitempty"`
	Status       string    `json:"status"`
	JoinedOn     Date      `json:"joined_on"`
	ConfirmedOn  Date      `json:"confirmed_on"`
	LeadingCadre bool      `json:"leading_cadre"`
	PartyAffairs string    `json:"party_affairs"`
	Position     string    `json:"position"`
	Phone        string    `json:"phone"`
	DuesCategory string    `json:"dues_category"`
	DuesBase     int64     `json:"dues_base"` // fen: the monthly after-tax salary (or pension) the dues are computed from
	Active       bool      `json:"active"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Dues categories: which bracket table of 党费规定 applies (RULES.md dues.*).
const (
	DuesInService = "in_service" // 在职: dues.in_service
	DuesRetired   = "retired"    // 离退休: dues.retired
	DuesMinimal   = "minimal"    // 学生、下岗失业、依靠抚恤或救济: dues.minimal
	DuesFarmer    = "farmer"     // 农民: dues.farmer
)

// DuesCategoryNames are the Chinese names of the dues categories.
var DuesCategoryNames = map[string]string{
	DuesInService: "在职",
	DuesRetired:   "离退休",
	DuesMinimal:   "学生或无固定收入",
	DuesFarmer:    "农民",
}

// DuesCategories lists the categories in display order.
var DuesCategories = []string{DuesInService, DuesRetired, DuesMinimal, DuesFarmer}

// Educations are the usual values of the education field (学历).
var Educations = []string{"研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"}

var phoneRe = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$`)

// Validate checks a member record as a user would enter it; today bounds
// the dates. It normalizes what it can (spaces, the ID's check character).
func (m *Member) Validate(today Date) error {
	v := Invalid{}
	m.Name = strings.TrimSpace(m.Name)
	m.Ethnicity = strings.TrimSpace(m.Ethnicity)
	m.Education = strings.TrimSpace(m.Education)
	m.Position = strings.TrimSpace(m.Position)
	m.Phone = strings.TrimSpace(m.Phone)
	m.IDNumber = NormalizeIDNumber(m.IDNumber)
	if m.PartyAffairs == "" {
		m.PartyAffairs = PartyAffairsNone
	}
	if m.DuesCategory == "" {
		m.DuesCategory = DuesInService
	}
	switch n := utf8.RuneCountInString(m.Name); {
	case n == 0:
		v.Add("name", "请填写姓名")
	case n > 40:
		v.Add("name", "姓名不能超过40个字")
	}
	if m.Gender != "male" && m.Gender != "female" {
		v.Add("gender", "性别须为男（male）或女（female）")
	}
	if m.BirthDate.IsZero() {
		v.Add("birth_date", "请填写出生日期")
	} else if m.BirthDate.After(today) || m.BirthDate.Before(NewDate(1900, 1, 1)) {
		v.Add("birth_date", "出生日期不合理")
	}
	if m.IDNumber == "" {
		v.Add("id_number", "请填写公民身份号码")
	} else if info, err := ParseIDNumber(m.IDNumber); err != nil {
		v.Add("id_number", err.Error())
	} else {
		if !m.BirthDate.IsZero() && !info.Birth.Equal(m.BirthDate) {
			v.Add("id_number", "公民身份号码中的出生日期（"+info.Birth.String()+"）与出生日期不一致")
		}
		if (m.Gender == "male" || m.Gender == "female") && info.Gender != m.Gender {
			v.Add("id_number", "公民身份号码中的性别与所填性别不一致")
		}
	}
	if m.OrgID <= 0 {
		v.Add("org_id", "请选择所在党支部")
	}
	switch m.Status {
	case StatusFull, StatusProbationary:
	default:
		v.Add("status", "党员状态须为正式（full）或预备（probationary）")
	}
	if m.JoinedOn.IsZero() {
		v.Add("joined_on", "请填写入党日期")
	} else if m.JoinedOn.After(today) {
		v.Add("joined_on", "入党日期不能晚于今天")
	} else if !m.BirthDate.IsZero() && m.JoinedOn.Before(m.BirthDate.AddYears(18)) {
		v.Add("joined_on", "入党时须年满18周岁")
	}
	if !m.ConfirmedOn.IsZero() {
		if m.Status == StatusProbationary {
			v.Add("confirmed_on", "预备党员不应有转正日期")
		} else if !m.JoinedOn.IsZero() && !m.ConfirmedOn.After(m.JoinedOn) {
			v.Add("confirmed_on", "转正日期须晚于入党日期")
		} else if m.ConfirmedOn.After(today) {
			v.Add("confirmed_on", "转正日期不能晚于今天")
		}
	}
	switch m.PartyAffairs {
	case PartyAffairsNone, PartyAffairsFullTime, PartyAffairsPartTime:
	default:
		v.Add("party_affairs", "党务干部须为 none、full_time 或 part_time")
	}
	if _, ok := DuesCategoryNames[m.DuesCategory]; !ok {
		v.Add("dues_category", "党费类别须为 in_service、retired、minimal 或 farmer")
	}
	if m.DuesBase < 0 || m.DuesBase > 100_000_000 {
		v.Add("dues_base", "党费基数须在 0 到 1000000 元之间")
	}
	if utf8.RuneCountInString(m.Ethnicity) > 20 {
		v.Add("ethnicity", "民族不能超过20个字")
	}
	if utf8.RuneCountInString(m.Education) > 20 {
		v.Add("education", "学历不能超过20个字")
	}
	if utf8.RuneCountInString(m.Position) > 60 {
		v.Add("position", "工作岗位不能超过60个字")
	}
	if m.Phone != "" && !phoneRe.MatchString(m.Phone) {
		v.Add("phone", "联系电话格式不正确（手机11位或带区号的座机）")
	}
	return v.Err()
}

// Masked returns a copy with the ID number and phone masked.
func (m Member) Masked() Member {
	m.IDNumber = MaskIDNumber(m.IDNumber)
	m.Phone = MaskPhone(m.Phone)
	return m
}

// MemberFilter selects members; nil fields do not filter.
type MemberFilter struct {
	Scopes       []string // subtree roots the caller may see; empty selects nothing
	OrgID        int64    // the subtree asked for by id (app resolves it to OrgPath)
	OrgPath      string   // the subtree asked for (must lie in Scopes)
	Query        string   // name prefix
	Status       string
	LeadingCadre *bool
	PartyAffairs string
	Active       *bool
	Offset       int
	Limit        int
}

// MemberMove is one entry of a member's organizational history.
type MemberMove struct {
	ID        int64     `json:"id"`
	MemberID  int64     `json:"member_id"`
	FromOrgID *int64    `json:"from_org_id"`
	FromName  string    `json:"from_name"`
	ToOrgID   int64     `json:"to_org_id"`
	ToName    string    `json:"to_name"`
	MovedOn   Date      `json:"moved_on"`
	Reason    string    `json:"reason"`
	At        time.Time `json:"at"`
}
