package dangjian

import (
	"strings"
	"time"
)

// Correction statuses. A request is pending until the branch approves or
// rejects it, or the member withdraws it.
const (
	CorrectionPending   = "pending"
	CorrectionApproved  = "approved"
	CorrectionRejected  = "rejected"
	CorrectionWithdrawn = "withdrawn"
)

// CorrectionStatuses lists the statuses in display order.
var CorrectionStatuses = []string{CorrectionPending, CorrectionApproved, CorrectionRejected, CorrectionWithdrawn}

// CorrectionFields are the fields of a member record a member may ask to
// correct, in display order. The branch, status, cadre flags and dues are
// decisions of the organization, not facts about the person, so they are
// not here.
var CorrectionFields = []string{"name", "gender", "ethnicity", "birth_date", "id_number", "education", "joined_on", "confirmed_on", "position", "phone"}

// Correction is a member's request to correct their own record. Fields
// holds the proposed values as text (dates YYYY-MM-DD, "" clears an
// optional field); Old the values when it was submitted, with the ID and
// phone numbers masked.
type Correction struct {
	ID             int64             `json:"id"`
	MemberID       int64             `json:"member_id"`
	MemberName     string            `json:"member_name"`
	OrgID          int64             `json:"org_id"`
	OrgName        string            `json:"org_name"`
	OrgPath        string            `json:"-"`
	Status         string            `json:"status"`
	Fields         map[string]string `json:"fields"`
	Old            map[string]string `json:"old"`
	Reason         string            `json:"reason"`
	DecisionReason string            `json:"decision_reason"`
	SubmittedByID  *int64            `json:"-"`
	SubmittedBy    string            `json:"submitted_by"`
	CreatedAt      time.Time         `json:"created_at"`
	DecidedByID    *int64            `json:"-"`
	DecidedBy      string            `json:"decided_by"`
	DecidedAt      *time.Time        `json:"decided_at"`
}

// Masked returns a copy with proposed ID and phone numbers masked.
func (c Correction) Masked() Correction {
	c.Fields = MaskCorrection(c.Fields)
	return c
}

// MaskCorrection returns a copy of proposed fields with the ID and phone
// numbers masked: what lists, pages and the audit trail show.
func MaskCorrection(fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		switch k {
		case "id_number":
			v = MaskIDNumber(v)
		case "phone":
			v = MaskPhone(v)
		}
		out[k] = v
	}
	return out
}

// CorrectionFilter selects correction requests.
type CorrectionFilter struct {
	Scopes    []string // subtrees whose members' requests the caller may decide
	Own       int64    // also the requests of this member (the caller's own record)
	OrgPath   string   // only members in this subtree
	MemberID  int64    // only this member's requests
	Status    string
	NotMember int64 // leave out this member's requests
	Offset    int
	Limit     int
}

// CorrectionValue is the text form of a correctable field of m.
func (m *Member) CorrectionValue(field string) string {
	switch field {
	case "name":
		return m.Name
	case "gender":
		return m.Gender
	case "ethnicity":
		return m.Ethnicity
	case "birth_date":
		return m.BirthDate.String()
	case "id_number":
		return m.IDNumber
	case "education":
		return m.Education
	case "joined_on":
		return m.JoinedOn.String()
	case "confirmed_on":
		return m.ConfirmedOn.String()
	case "position":
		return m.Position
	case "phone":
		return m.Phone
	}
	return ""
}

// setCorrectionValue sets a correctable field of m from its text form; it
// reports a message when the text cannot be read.
func (m *Member) setCorrectionValue(field, v string) string {
	// An empty date clears the field; Validate says which may not be empty.
	date := func(dst *Date) string {
		v = strings.TrimSpace(v)
		if v == "" {
			*dst = Date{}
			return ""
		}
		d, err := ParseDate(v)
		if err != nil {
			return "日期格式应为 YYYY-MM-DD"
		}
		*dst = d
		return ""
	}
	switch field {
	case "name":
		m.Name = v
	case "gender":
		m.Gender = strings.TrimSpace(v)
	case "ethnicity":
		m.Ethnicity = v
	case "birth_date":
		return date(&m.BirthDate)
	case "id_number":
		m.IDNumber = v
	case "education":
		m.Education = v
	case "joined_on":
		return date(&m.JoinedOn)
	case "confirmed_on":
		return date(&m.ConfirmedOn)
	case "position":
		m.Position = v
	case "phone":
		m.Phone = v
	default:
		return "该项不能通过更正申请修改"
	}
	return ""
}

// ProposeCorrection checks a correction of m: only correctable fields,
// readable values, the corrected record valid as a whole (Validate, so an
// ID number must pass GB 11643 and agree with the birth date and gender),
// and at least one real change. It returns the changed fields in normal
// form; m is not modified.
func ProposeCorrection(m Member, fields map[string]string, today Date) (map[string]string, error) {
	v := Invalid{}
	nm := m
	for f, val := range fields {
		if msg := nm.setCorrectionValue(f, val); msg != "" {
			v.Add(f, msg)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := nm.Validate(today); err != nil {
		return nil, err
	}
	changed := map[string]string{}
	for f := range fields {
		if nv := nm.CorrectionValue(f); nv != m.CorrectionValue(f) {
			changed[f] = nv
		}
	}
	if len(changed) == 0 {
		v.Add("fields", "请至少填写一项与现有记录不同的内容")
		return nil, v.Err()
	}
	return changed, nil
}
