package app

import (
	"context"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// OrgDetail is an organization with what its page and API show.
type OrgDetail struct {
	*dangjian.Org
	Committee *dangjian.Committee `json:"committee"`
	Findings  []dangjian.Finding  `json:"findings"`
	Ancestors []*dangjian.Org     `json:"-"`
	CanWrite  bool                `json:"-"`
}

// viewOrg returns the org with id if the actor may read it; else not found.
func viewOrg(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64, perm string) (*dangjian.Org, error) {
	o, err := tx.Org(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.HasPerm(dangjian.PermOrgRead, o.Path) && !actor.HasPerm(perm, o.Path) {
		return nil, hidden("组织")
	}
	if perm != dangjian.PermOrgRead && !actor.HasPerm(perm, o.Path) {
		return nil, forbidden()
	}
	return o, nil
}

// Org returns an organization with its committee, its rule findings and
// its ancestors (for breadcrumbs, only those the actor may see).
func (a *App) Org(ctx context.Context, actor *dangjian.Actor, id int64) (*OrgDetail, error) {
	var d OrgDetail
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, id, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		d.Org = o
		if d.Committee, err = tx.Committee(ctx, id); err != nil {
			return err
		}
		ids := dangjian.PathIDs(o.Path)
		anc, err := tx.OrgsByIDs(ctx, ids[:len(ids)-1])
		if err != nil {
			return err
		}
		for _, aid := range ids[:len(ids)-1] {
			if p := anc[aid]; p != nil && actor.HasPerm(dangjian.PermOrgRead, p.Path) {
				d.Ancestors = append(d.Ancestors, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.Findings = dangjian.OrgFindings(a.rules, d.Org, d.Committee, a.Today(), a.cfg.TermWarnDays)
	if d.Findings == nil {
		d.Findings = []dangjian.Finding{}
	}
	d.CanWrite = actor.HasPerm(dangjian.PermOrgWrite, d.Org.Path)
	return &d, nil
}

// Orgs lists the organizations the actor may see, filtered.
func (a *App) Orgs(ctx context.Context, actor *dangjian.Actor, f dangjian.OrgFilter, p Page) ([]*dangjian.Org, int, error) {
	p = p.Norm()
	f.Scopes = actor.Scopes(dangjian.PermOrgRead)
	f.Offset, f.Limit = p.Offset(), p.PerPage
	var out []*dangjian.Org
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if f.ParentID != nil {
			if _, err := viewOrg(ctx, tx, actor, *f.ParentID, dangjian.PermOrgRead); err != nil {
				return err
			}
		}
		var err error
		out, total, err = tx.Orgs(ctx, f)
		return err
	})
	return out, total, err
}

// OrgRoots returns the top organizations the actor may see: the roots of
// the tree it starts from.
func (a *App) OrgRoots(ctx context.Context, actor *dangjian.Actor) ([]*dangjian.Org, error) {
	scopes := actor.Scopes(dangjian.PermOrgRead)
	var ids []int64
	for _, s := range scopes {
		if pid := dangjian.PathIDs(s); len(pid) > 0 {
			ids = append(ids, pid[len(pid)-1])
		}
	}
	var out []*dangjian.Org
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if len(scopes) == 1 && scopes[0] == "/" {
			roots, _, err := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: scopes, Kind: dangjian.KindWorkingCommittee, Limit: 100})
			for _, r := range roots {
				if r.ParentID == nil {
					out = append(out, r)
				}
			}
			return err
		}
		m, err := tx.OrgsByIDs(ctx, ids)
		for _, id := range ids {
			if o := m[id]; o != nil {
				out = append(out, o)
			}
		}
		return err
	})
	return out, err
}

// OrgInput is a new organization.
type OrgInput struct {
	ParentID   *int64 `json:"parent_id"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Code       string `json:"code"`
	Unit       string `json:"unit"`
	StaffCount int    `json:"staff_count"`
}

// CreateOrg creates an organization under a parent the actor may write.
func (a *App) CreateOrg(ctx context.Context, actor *dangjian.Actor, in OrgInput) (*dangjian.Org, error) {
	o := &dangjian.Org{ParentID: in.ParentID, Name: in.Name, Kind: in.Kind, Code: in.Code, Unit: in.Unit, StaffCount: in.StaffCount}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var parent *dangjian.Org
		if o.ParentID == nil {
			if !actor.HasPerm(dangjian.PermOrgWrite, "/") {
				return forbidden()
			}
		} else {
			p, err := tx.Org(ctx, *o.ParentID)
			if err != nil || !actor.HasPerm(dangjian.PermOrgRead, p.Path) {
				return &dangjian.Error{Code: dangjian.EINVALID, Message: "上级组织不存在", Fields: map[string]string{"parent_id": "上级组织不存在"}}
			}
			if !actor.HasPerm(dangjian.PermOrgWrite, p.Path) {
				return forbidden()
			}
			if !dangjian.CanContain(p.Kind, o.Kind) {
				return kindError(p, o.Kind)
			}
			parent = p
		}
		if err := tx.CreateOrg(ctx, o, parent); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "org.create", "org", o.ID, o.ID, in)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

func kindError(parent *dangjian.Org, kind string) error {
	msg := dangjian.OrgKindNames[parent.Kind] + "下不能设立" + dangjian.OrgKindNames[kind]
	return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"kind": msg}}
}

// OrgUpdate holds the fields to change; nil leaves a field as it is. A new
// ParentID moves the organization with its subtree.
type OrgUpdate struct {
	ParentID   *int64  `json:"parent_id"`
	Name       *string `json:"name"`
	Kind       *string `json:"kind"`
	Code       *string `json:"code"`
	Unit       *string `json:"unit"`
	StaffCount *int    `json:"staff_count"`
}

// UpdateOrg edits or moves an organization.
func (a *App) UpdateOrg(ctx context.Context, actor *dangjian.Actor, id int64, up OrgUpdate) (*dangjian.Org, error) {
	var o *dangjian.Org
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if o, err = viewOrg(ctx, tx, actor, id, dangjian.PermOrgWrite); err != nil {
			return err
		}
		changes := map[string]change{}
		set := func(field string, dst *string, v *string) {
			if v != nil && *v != *dst {
				changes[field] = change{*dst, *v}
				*dst = *v
			}
		}
		set("name", &o.Name, up.Name)
		set("kind", &o.Kind, up.Kind)
		set("code", &o.Code, up.Code)
		set("unit", &o.Unit, up.Unit)
		if up.StaffCount != nil && *up.StaffCount != o.StaffCount {
			changes["staff_count"] = change{o.StaffCount, *up.StaffCount}
			o.StaffCount = *up.StaffCount
		}
		if err := o.Validate(); err != nil {
			return err
		}
		if up.Kind != nil && o.ParentID != nil {
			p, err := tx.Org(ctx, *o.ParentID)
			if err != nil {
				return err
			}
			if !dangjian.CanContain(p.Kind, o.Kind) {
				return kindError(p, o.Kind)
			}
		}
		if err := tx.UpdateOrg(ctx, o); err != nil {
			return err
		}
		if up.ParentID != nil && (o.ParentID == nil || *up.ParentID != *o.ParentID) {
			if err := a.moveOrg(ctx, tx, actor, o, *up.ParentID, changes); err != nil {
				return err
			}
		}
		if len(changes) == 0 {
			return nil
		}
		return audit(ctx, tx, actor, "org.update", "org", o.ID, o.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

func (a *App) moveOrg(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, o *dangjian.Org, parentID int64, changes map[string]change) error {
	field := func(msg string) error {
		return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"parent_id": msg}}
	}
	if o.ParentID == nil {
		return field("顶层组织不能移动")
	}
	// Moving out of the old parent is a write on it too.
	old, err := tx.Org(ctx, *o.ParentID)
	if err != nil {
		return err
	}
	if !actor.HasPerm(dangjian.PermOrgWrite, old.Path) {
		return forbidden()
	}
	np, err := tx.Org(ctx, parentID)
	if err != nil || !actor.HasPerm(dangjian.PermOrgRead, np.Path) {
		return field("新的上级组织不存在")
	}
	if !actor.HasPerm(dangjian.PermOrgWrite, np.Path) {
		return forbidden()
	}
	if dangjian.InSubtree(np.Path, o.Path) {
		return field("不能移动到本组织或其下级组织之下")
	}
	if !dangjian.CanContain(np.Kind, o.Kind) {
		return field(dangjian.OrgKindNames[np.Kind] + "下不能设立" + dangjian.OrgKindNames[o.Kind])
	}
	changes["parent_id"] = change{*o.ParentID, parentID}
	return tx.MoveOrg(ctx, o, np)
}

// DeleteOrg removes an empty organization; one with children or members is
// refused with the reason.
func (a *App) DeleteOrg(ctx context.Context, actor *dangjian.Actor, id int64) error {
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, id, dangjian.PermOrgWrite)
		if err != nil {
			return err
		}
		if o.ParentID == nil {
			return dangjian.Errorf(dangjian.ECONFLICT, "顶层组织不能删除")
		}
		if o.ChildCount > 0 {
			return dangjian.Errorf(dangjian.ECONFLICT, "该组织还有 %d 个下级组织，请先移走或删除", o.ChildCount)
		}
		if o.MemberCount > 0 {
			return dangjian.Errorf(dangjian.ECONFLICT, "该组织还有 %d 名党员，请先转出", o.MemberCount)
		}
		if err := tx.DeleteOrg(ctx, o); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "org.delete", "org", o.ID, o.ID, map[string]any{"name": o.Name, "path": o.Path})
	})
}

// Committee returns an organization's current committee, or nil.
func (a *App) Committee(ctx context.Context, actor *dangjian.Actor, orgID int64) (*dangjian.Committee, error) {
	var c *dangjian.Committee
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if _, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead); err != nil {
			return err
		}
		var err error
		c, err = tx.Committee(ctx, orgID)
		return err
	})
	return c, err
}

// CommitteeHistory returns every committee of an organization, newest first.
func (a *App) CommitteeHistory(ctx context.Context, actor *dangjian.Actor, orgID int64) ([]*dangjian.Committee, error) {
	var cs []*dangjian.Committee
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if _, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead); err != nil {
			return err
		}
		var err error
		cs, err = tx.CommitteeHistory(ctx, orgID)
		return err
	})
	return cs, err
}

// ReplaceCommittee records a new committee (an election); the previous
// one stays as history. Every post holder must be an active member of the
// organization's subtree.
func (a *App) ReplaceCommittee(ctx context.Context, actor *dangjian.Actor, orgID int64, c dangjian.Committee) (*dangjian.Committee, error) {
	c.OrgID = orgID
	if err := c.Validate(); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgWrite)
		if err != nil {
			return err
		}
		v := dangjian.Invalid{}
		for i, p := range c.Posts {
			m, err := tx.Member(ctx, p.MemberID)
			if err != nil || !m.Active || !dangjian.InSubtree(m.OrgPath, o.Path) {
				v.Add("posts["+itoa(i)+"].member_id", "该党员不在本组织")
				continue
			}
			c.Posts[i].Name = m.Name
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.ReplaceCommittee(ctx, &c); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "committee.replace", "committee", c.ID, orgID, c)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}
