package app

import (
	"context"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// MemberInput is a new member, as a form or the API gives it.
type MemberInput = dangjian.Member

// placeMember checks that orgID is a branch the actor may write and that
// groupID, if any, is a group of that branch; it sets m's path.
func placeMember(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, m *dangjian.Member) error {
	field := func(f, msg string) error {
		return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{f: msg}}
	}
	o, err := tx.Org(ctx, m.OrgID)
	if err != nil || !actor.HasPerm(dangjian.PermOrgRead, o.Path) && !actor.HasPerm(dangjian.PermMemberWrite, o.Path) {
		return field("org_id", "所在党组织不存在")
	}
	if !actor.HasPerm(dangjian.PermMemberWrite, o.Path) {
		return forbidden()
	}
	if o.Kind != dangjian.KindBranch {
		return field("org_id", "党员须编入党支部（所选组织是"+dangjian.OrgKindNames[o.Kind]+"）")
	}
	m.OrgPath, m.OrgName = o.Path, o.Name
	if m.GroupID != nil {
		g, err := tx.Org(ctx, *m.GroupID)
		if err != nil || g.Kind != dangjian.KindGroup || g.ParentID == nil || *g.ParentID != o.ID {
			return field("group_id", "党小组须是所在党支部下的党小组")
		}
	}
	return nil
}

func fullInt(m *dangjian.Member) int {
	if m.Status == dangjian.StatusFull {
		return 1
	}
	return 0
}

// CreateMember adds a member to a branch.
func (a *App) CreateMember(ctx context.Context, actor *dangjian.Actor, in MemberInput) (*dangjian.Member, error) {
	m := in
	m.ID = 0
	m.Active = true
	if err := m.Validate(a.Today()); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := placeMember(ctx, tx, actor, &m); err != nil {
			return err
		}
		if err := tx.CreateMember(ctx, &m); err != nil {
			return err
		}
		if err := tx.AdjustMemberCounts(ctx, m.OrgPath, 1, fullInt(&m)); err != nil {
			return err
		}
		if err := tx.AddMemberMove(ctx, &dangjian.MemberMove{MemberID: m.ID, ToOrgID: m.OrgID, MovedOn: a.Today(), Reason: "登记入册"}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "member.create", "member", m.ID, m.OrgID, auditMember(&m))
	})
	if err != nil {
		return nil, err
	}
	out := m.Masked()
	return &out, nil
}

// auditMember is what the audit trail keeps of a member: never the clear
// ID or phone number.
func auditMember(m *dangjian.Member) map[string]any {
	return map[string]any{"name": m.Name, "org_id": m.OrgID, "status": m.Status, "id_number": dangjian.MaskIDNumber(m.IDNumber)}
}

// canSeeMember says whether the actor may read m: in scope, or m is the
// actor's own record.
func canSeeMember(actor *dangjian.Actor, m *dangjian.Member) bool {
	return actor.HasPerm(dangjian.PermMemberRead, m.OrgPath) || (actor.MemberID != nil && *actor.MemberID == m.ID)
}

// CanReveal says whether the actor may see m's ID and phone numbers.
func CanReveal(actor *dangjian.Actor, m *dangjian.Member) bool {
	return actor.HasPerm(dangjian.PermMemberReveal, m.OrgPath) || (actor.MemberID != nil && *actor.MemberID == m.ID)
}

// Member returns a member the actor may see, masked unless reveal is asked
// for; a reveal needs the permission and is audited.
func (a *App) Member(ctx context.Context, actor *dangjian.Actor, id int64, reveal bool) (*dangjian.Member, error) {
	var m *dangjian.Member
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		m, err = tx.Member(ctx, id)
		if err == nil && !canSeeMember(actor, m) {
			err = hidden("党员")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !reveal {
		masked := m.Masked()
		return &masked, nil
	}
	if !CanReveal(actor, m) {
		return nil, forbidden()
	}
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		return audit(ctx, tx, actor, "member.reveal", "member", m.ID, m.OrgID, map[string]any{"fields": []string{"id_number", "phone"}})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Members lists the members the actor may see, masked. Without an Active
// filter only active members are listed.
func (a *App) Members(ctx context.Context, actor *dangjian.Actor, f dangjian.MemberFilter, p Page) ([]*dangjian.Member, int, error) {
	p = p.Norm()
	f.Scopes = actor.Scopes(dangjian.PermMemberRead)
	f.Offset, f.Limit = p.Offset(), p.PerPage
	if f.Active == nil {
		t := true
		f.Active = &t
	}
	var out []*dangjian.Member
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if f.OrgID != 0 {
			o, err := viewOrg(ctx, tx, actor, f.OrgID, dangjian.PermOrgRead)
			if err != nil {
				return err
			}
			f.OrgPath = o.Path
		}
		var err error
		out, total, err = tx.Members(ctx, f)
		return err
	})
	for i, m := range out {
		masked := m.Masked()
		out[i] = &masked
	}
	return out, total, err
}

// MemberUpdate holds the fields to change; nil leaves a field as it is.
// Changing OrgID moves the member and records it in the history.
type MemberUpdate struct {
	Name         *string        `json:"name"`
	Gender       *string        `json:"gender"`
	Ethnicity    *string        `json:"ethnicity"`
	BirthDate    *dangjian.Date `json:"birth_date"`
	IDNumber     *string        `json:"id_number"`
	Education    *string        `json:"education"`
	OrgID        *int64         `json:"org_id"`
	GroupID      **int64        `json:"group_id"`
	Status       *string        `json:"status"`
	JoinedOn     *dangjian.Date `json:"joined_on"`
	ConfirmedOn  *dangjian.Date `json:"confirmed_on"`
	LeadingCadre *bool          `json:"leading_cadre"`
	PartyAffairs *string        `json:"party_affairs"`
	Position     *string        `json:"position"`
	Phone        *string        `json:"phone"`
	DuesCategory *string        `json:"dues_category"`
	DuesBase     *int64         `json:"dues_base"`
	Active       *bool          `json:"active"`
	MoveReason   string         `json:"move_reason"`
	MovedOn      *dangjian.Date `json:"moved_on"`
}

// UpdateMember edits a member; a change of branch keeps the history.
func (a *App) UpdateMember(ctx context.Context, actor *dangjian.Actor, id int64, up MemberUpdate) (*dangjian.Member, error) {
	var m *dangjian.Member
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		m, err = a.updateMember(ctx, tx, actor, id, up)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := m.Masked()
	return &out, nil
}

// updateMember is UpdateMember inside the caller's transaction, so that
// an approved correction changes the record in the same transaction that
// marks it approved. It returns the record as stored, unmasked.
func (a *App) updateMember(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64, up MemberUpdate) (*dangjian.Member, error) {
	var m *dangjian.Member
	err := func() error {
		old, err := tx.Member(ctx, id)
		if err != nil {
			return err
		}
		if !canSeeMember(actor, old) {
			return hidden("党员")
		}
		if !actor.HasPerm(dangjian.PermMemberWrite, old.OrgPath) {
			return forbidden()
		}
		nm := *old
		changes := map[string]change{}
		str := func(f string, dst *string, v *string) {
			if v != nil && *v != *dst {
				changes[f] = change{*dst, *v}
				*dst = *v
			}
		}
		date := func(f string, dst *dangjian.Date, v *dangjian.Date) {
			if v != nil && !v.Equal(*dst) {
				changes[f] = change{*dst, *v}
				*dst = *v
			}
		}
		boolean := func(f string, dst *bool, v *bool) {
			if v != nil && *v != *dst {
				changes[f] = change{*dst, *v}
				*dst = *v
			}
		}
		str("name", &nm.Name, up.Name)
		str("gender", &nm.Gender, up.Gender)
		str("ethnicity", &nm.Ethnicity, up.Ethnicity)
		date("birth_date", &nm.BirthDate, up.BirthDate)
		if up.IDNumber != nil && dangjian.NormalizeIDNumber(*up.IDNumber) != nm.IDNumber {
			changes["id_number"] = change{dangjian.MaskIDNumber(nm.IDNumber), dangjian.MaskIDNumber(dangjian.NormalizeIDNumber(*up.IDNumber))}
			nm.IDNumber = *up.IDNumber
		}
		str("education", &nm.Education, up.Education)
		str("status", &nm.Status, up.Status)
		date("joined_on", &nm.JoinedOn, up.JoinedOn)
		date("confirmed_on", &nm.ConfirmedOn, up.ConfirmedOn)
		boolean("leading_cadre", &nm.LeadingCadre, up.LeadingCadre)
		str("party_affairs", &nm.PartyAffairs, up.PartyAffairs)
		str("position", &nm.Position, up.Position)
		if up.Phone != nil && *up.Phone != nm.Phone {
			changes["phone"] = change{dangjian.MaskPhone(nm.Phone), dangjian.MaskPhone(*up.Phone)}
			nm.Phone = *up.Phone
		}
		str("dues_category", &nm.DuesCategory, up.DuesCategory)
		if up.DuesBase != nil && *up.DuesBase != nm.DuesBase {
			changes["dues_base"] = change{nm.DuesBase, *up.DuesBase}
			nm.DuesBase = *up.DuesBase
		}
		boolean("active", &nm.Active, up.Active)
		moved := up.OrgID != nil && *up.OrgID != old.OrgID
		if moved {
			changes["org_id"] = change{old.OrgID, *up.OrgID}
			nm.OrgID = *up.OrgID
			nm.GroupID = nil
		}
		if up.GroupID != nil && !equalID(*up.GroupID, nm.GroupID) {
			changes["group_id"] = change{nm.GroupID, *up.GroupID}
			nm.GroupID = *up.GroupID
		}
		if err := nm.Validate(a.Today()); err != nil {
			return err
		}
		if len(changes) == 0 {
			m = old
			return nil
		}
		if err := placeMember(ctx, tx, actor, &nm); err != nil {
			return err
		}
		if err := tx.UpdateMember(ctx, &nm); err != nil {
			return err
		}
		if old.Active {
			if err := tx.AdjustMemberCounts(ctx, old.OrgPath, -1, -fullInt(old)); err != nil {
				return err
			}
		}
		if nm.Active {
			if err := tx.AdjustMemberCounts(ctx, nm.OrgPath, 1, fullInt(&nm)); err != nil {
				return err
			}
		}
		if moved {
			on := a.Today()
			if up.MovedOn != nil && !up.MovedOn.IsZero() {
				on = *up.MovedOn
			}
			from := old.OrgID
			if err := tx.AddMemberMove(ctx, &dangjian.MemberMove{MemberID: nm.ID, FromOrgID: &from, ToOrgID: nm.OrgID, MovedOn: on, Reason: up.MoveReason}); err != nil {
				return err
			}
		}
		m = &nm
		return audit(ctx, tx, actor, "member.update", "member", nm.ID, nm.OrgID, changes)
	}()
	if err != nil {
		return nil, err
	}
	return m, nil
}

func equalID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// MemberMoves returns the organizational history of a member.
func (a *App) MemberMoves(ctx context.Context, actor *dangjian.Actor, id int64) ([]*dangjian.MemberMove, error) {
	var out []*dangjian.MemberMove
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		m, err := tx.Member(ctx, id)
		if err != nil {
			return err
		}
		if !canSeeMember(actor, m) {
			return hidden("党员")
		}
		out, err = tx.MemberMoves(ctx, id)
		return err
	})
	return out, err
}
