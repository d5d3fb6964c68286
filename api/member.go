package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// memberInput is the body of POST /members: the fields a user sets, so that
// id, active or timestamps in a body are refused as unknown.
type memberInput struct {
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	Ethnicity    string `json:"ethnicity"`
	BirthDate    date   `json:"birth_date"`
	IDNumber     string `json:"id_number"`
	Education    string `json:"education"`
	OrgID        int64  `json:"org_id"`
	GroupID      *int64 `json:"group_id"`
	Status       string `json:"status"`
	JoinedOn     date   `json:"joined_on"`
	ConfirmedOn  date   `json:"confirmed_on"`
	LeadingCadre bool   `json:"leading_cadre"`
	PartyAffairs string `json:"party_affairs"`
	Position     string `json:"position"`
	Phone        string `json:"phone"`
}

// memberPatch is the body of PATCH /members/{id}: absent fields stay as
// they are; group_id and confirmed_on may be null to clear them.
type memberPatch struct {
	Name         *string         `json:"name"`
	Gender       *string         `json:"gender"`
	Ethnicity    *string         `json:"ethnicity"`
	BirthDate    *date           `json:"birth_date"`
	IDNumber     *string         `json:"id_number"`
	Education    *string         `json:"education"`
	OrgID        *int64          `json:"org_id"`
	GroupID      nullable[int64] `json:"group_id"`
	Status       *string         `json:"status"`
	JoinedOn     *date           `json:"joined_on"`
	ConfirmedOn  nullable[date]  `json:"confirmed_on"`
	LeadingCadre *bool           `json:"leading_cadre"`
	PartyAffairs *string         `json:"party_affairs"`
	Position     *string         `json:"position"`
	Phone        *string         `json:"phone"`
	Active       *bool           `json:"active"`
	MoveReason   string          `json:"move_reason"`
	MovedOn      *date           `json:"moved_on"`
}

func (p *memberPatch) update() app.MemberUpdate {
	up := app.MemberUpdate{
		Name: p.Name, Gender: p.Gender, Ethnicity: p.Ethnicity, BirthDate: p.BirthDate.ptr(), IDNumber: p.IDNumber,
		Education: p.Education, OrgID: p.OrgID, Status: p.Status, JoinedOn: p.JoinedOn.ptr(),
		LeadingCadre: p.LeadingCadre, PartyAffairs: p.PartyAffairs, Position: p.Position, Phone: p.Phone,
		Active: p.Active, MoveReason: p.MoveReason, MovedOn: p.MovedOn.ptr(),
	}
	if p.GroupID.set {
		g := p.GroupID.v
		up.GroupID = &g
	}
	if p.ConfirmedOn.set {
		up.ConfirmedOn = &dangjian.Date{} // null clears it
		if p.ConfirmedOn.v != nil {
			up.ConfirmedOn = &p.ConfirmedOn.v.Date
		}
	}
	return up
}

func (s *server) listMembers(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	org := p.id("org")
	f := dangjian.MemberFilter{
		Query:        p.text("q"),
		Status:       p.oneOf("status", dangjian.StatusFull, dangjian.StatusProbationary),
		LeadingCadre: p.boolean("leading_cadre"),
		PartyAffairs: p.oneOf("party_affairs", dangjian.PartyAffairsNone, dangjian.PartyAffairsFullTime, dangjian.PartyAffairsPartTime),
		Active:       p.boolean("active"),
	}
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	if org != nil {
		// app answers not_found for an organization the caller may not see.
		f.OrgID = *org
	}
	ms, total, err := s.app.Members(r.Context(), c.Actor, f, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(ms, total, pg))
	return nil
}

// member answers one member, masked; ?reveal=1 unmasks the ID and phone
// numbers for a caller who may (app audits it) and is 403 for others.
func (s *server) member(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	reveal := p.boolean("reveal")
	if err := p.err(); err != nil {
		return err
	}
	m, err := s.app.Member(r.Context(), c.Actor, id, reveal != nil && *reveal)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *server) createMember(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in memberInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	m, err := s.app.CreateMember(r.Context(), c.Actor, dangjian.Member{
		Name: in.Name, Gender: in.Gender, Ethnicity: in.Ethnicity, BirthDate: in.BirthDate.Date, IDNumber: in.IDNumber,
		Education: in.Education, OrgID: in.OrgID, GroupID: in.GroupID, Status: in.Status, JoinedOn: in.JoinedOn.Date,
		ConfirmedOn: in.ConfirmedOn.Date, LeadingCadre: in.LeadingCadre, PartyAffairs: in.PartyAffairs,
		Position: in.Position, Phone: in.Phone,
	})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/members/"+strconv.FormatInt(m.ID, 10))
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *server) updateMember(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in memberPatch
	if err := decode(w, r, &in); err != nil {
		return err
	}
	m, err := s.app.UpdateMember(r.Context(), c.Actor, id, in.update())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// memberHistory answers where a member has been, oldest first.
func (s *server) memberHistory(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	moves, err := s.app.MemberMoves(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(moves))
	return nil
}
