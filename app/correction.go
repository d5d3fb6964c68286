package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// CorrectionInput is a member's request to correct their own record: the
// fields to change, as text, and why.
type CorrectionInput struct {
	Fields map[string]string `json:"fields"`
	Reason string            `json:"reason"`
}

// maxReason bounds the reasons of requests and decisions.
const maxReason = 500

// checkReason trims a reason and reports it under field when it is
// missing (and required) or too long.
func checkReason(v dangjian.Invalid, field, reason string, required bool, missing string) string {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "" && required:
		v.Add(field, missing)
	case utf8.RuneCountInString(reason) > maxReason:
		v.Add(field, "理由不能超过500个字")
	}
	return reason
}

// SubmitCorrection records a request to correct the actor's own member
// record. The proposed values are applied to a copy of the record and
// validated as a whole, so a bad request is refused now, not at approval.
// A member has at most one pending request: a second is a conflict.
//
// Whether a proposed ID number belongs to another member is deliberately
// not checked here: the answer would let a member probe the roster for ID
// numbers. Approval finds it (409) and the branch rejects with a reason.
func (a *App) SubmitCorrection(ctx context.Context, actor *dangjian.Actor, in CorrectionInput) (*dangjian.Correction, error) {
	if actor == nil || actor.MemberID == nil {
		return nil, dangjian.Errorf(dangjian.EFORBIDDEN, "账号未关联党员档案，不能提交更正申请")
	}
	v := dangjian.Invalid{}
	reason := checkReason(v, "reason", in.Reason, true, "请填写更正理由")
	if len(in.Fields) == 0 {
		v.Add("fields", "请至少填写一项需要更正的内容")
	}
	var c *dangjian.Correction
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		m, err := tx.Member(ctx, *actor.MemberID)
		if err != nil {
			return err
		}
		if open, err := tx.OpenCorrectionID(ctx, m.ID); err != nil {
			return err
		} else if open != 0 {
			return dangjian.Errorf(dangjian.ECONFLICT, "已有一份待审批的更正申请，请等待党支部处理或撤回后再提交")
		}
		var changed map[string]string
		if len(in.Fields) > 0 {
			changed, err = dangjian.ProposeCorrection(*m, in.Fields, a.Today())
			for k, msg := range dangjian.ErrorFields(err) {
				v.Add(k, msg)
			}
			if err != nil && dangjian.ErrorCode(err) != dangjian.EINVALID {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		old := map[string]string{}
		for f := range changed {
			old[f] = m.CorrectionValue(f)
		}
		uid := actor.UserID
		c = &dangjian.Correction{MemberID: m.ID, MemberName: m.Name, OrgID: m.OrgID, OrgName: m.OrgName, OrgPath: m.OrgPath,
			Fields: changed, Old: dangjian.MaskCorrection(old), Reason: reason, SubmittedByID: &uid, SubmittedBy: actor.Username}
		if err := tx.CreateCorrection(ctx, c); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "correction.create", "correction", c.ID, m.OrgID,
			map[string]any{"member_id": m.ID, "fields": dangjian.MaskCorrection(changed), "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	out := c.Masked()
	return &out, nil
}

// isOwn says whether c is a request about the actor's own record.
func isOwn(actor *dangjian.Actor, c *dangjian.Correction) bool {
	return actor != nil && actor.MemberID != nil && *actor.MemberID == c.MemberID
}

// canSeeCorrection: the member it is about, and whoever may change that
// member's record (the branch and the levels above it).
func canSeeCorrection(actor *dangjian.Actor, c *dangjian.Correction) bool {
	return isOwn(actor, c) || actor.HasPerm(dangjian.PermMemberWrite, c.OrgPath)
}

// CanDecide says whether the actor may approve or reject c: it may change
// the member's record, and it is not the member's own request.
func CanDecide(actor *dangjian.Actor, c *dangjian.Correction) bool {
	return !isOwn(actor, c) && actor.HasPerm(dangjian.PermMemberWrite, c.OrgPath)
}

// Correction returns a request the actor may see, with the proposed ID and
// phone numbers masked.
func (a *App) Correction(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.Correction, error) {
	var c *dangjian.Correction
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if c, err = tx.Correction(ctx, id); err != nil {
			return err
		}
		if !canSeeCorrection(actor, c) {
			return hidden("更正申请")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := c.Masked()
	return &out, nil
}

// CorrectionQuery filters a list of requests; zero values do not filter.
type CorrectionQuery struct {
	OrgID    int64 // the subtree of this organization
	MemberID int64
	Status   string
}

// Corrections lists the requests the actor may see, newest first: those of
// members whose records it may change, and its own.
func (a *App) Corrections(ctx context.Context, actor *dangjian.Actor, q CorrectionQuery, p Page) ([]*dangjian.Correction, int, error) {
	p = p.Norm()
	f := dangjian.CorrectionFilter{Scopes: actor.Scopes(dangjian.PermMemberWrite), MemberID: q.MemberID, Status: q.Status,
		Offset: p.Offset(), Limit: p.PerPage}
	if actor != nil && actor.MemberID != nil {
		f.Own = *actor.MemberID
	}
	var out []*dangjian.Correction
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if q.OrgID != 0 {
			o, err := viewOrg(ctx, tx, actor, q.OrgID, dangjian.PermOrgRead)
			if err != nil {
				return err
			}
			f.OrgPath = o.Path
		}
		var err error
		out, total, err = tx.Corrections(ctx, f)
		return err
	})
	for i, c := range out {
		masked := c.Masked()
		out[i] = &masked
	}
	return out, total, err
}

// PendingCorrections counts the pending requests the actor may decide:
// the number on its to-do.
func (a *App) PendingCorrections(ctx context.Context, actor *dangjian.Actor) (int, error) {
	scopes := actor.Scopes(dangjian.PermMemberWrite)
	if len(scopes) == 0 {
		return 0, nil
	}
	f := dangjian.CorrectionFilter{Scopes: scopes, Status: dangjian.CorrectionPending}
	if actor.MemberID != nil {
		f.NotMember = *actor.MemberID
	}
	var n int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		n, err = tx.CountCorrections(ctx, f)
		return err
	})
	return n, err
}

// ApproveCorrection approves a pending request and applies it to the
// member's record through the same path as UpdateMember (validation,
// counts, the member.update audit row), in the transaction that marks it
// approved: either both happen or neither. note is optional.
func (a *App) ApproveCorrection(ctx context.Context, actor *dangjian.Actor, id int64, note string) (*dangjian.Correction, error) {
	return a.decide(ctx, actor, id, dangjian.CorrectionApproved, note)
}

// RejectCorrection rejects a pending request; the reason is required and
// shown to the member.
func (a *App) RejectCorrection(ctx context.Context, actor *dangjian.Actor, id int64, reason string) (*dangjian.Correction, error) {
	return a.decide(ctx, actor, id, dangjian.CorrectionRejected, reason)
}

func (a *App) decide(ctx context.Context, actor *dangjian.Actor, id int64, status, reason string) (*dangjian.Correction, error) {
	v := dangjian.Invalid{}
	reason = checkReason(v, "reason", reason, status == dangjian.CorrectionRejected, "退回须填写理由")
	var c *dangjian.Correction
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if c, err = tx.Correction(ctx, id); err != nil {
			return err
		}
		if !canSeeCorrection(actor, c) {
			return hidden("更正申请")
		}
		if isOwn(actor, c) {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "不能审批本人的更正申请")
		}
		if c.Status != dangjian.CorrectionPending {
			return dangjian.Errorf(dangjian.ECONFLICT, "该更正申请已处理，不能重复处理")
		}
		if err := v.Err(); err != nil {
			return err
		}
		// Claim the request first: a concurrent second decision waits on
		// this row and then finds it decided.
		if err := tx.DecideCorrection(ctx, id, status, reason, &actor.UserID); err != nil {
			return err
		}
		action := "correction.reject"
		if status == dangjian.CorrectionApproved {
			action = "correction.approve"
			up, err := correctionUpdate(c.Fields)
			if err != nil {
				return err
			}
			if _, err := a.updateMember(ctx, tx, actor, c.MemberID, up); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, actor, action, "correction", c.ID, c.OrgID, map[string]any{"member_id": c.MemberID, "reason": reason}); err != nil {
			return err
		}
		c, err = tx.Correction(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := c.Masked()
	return &out, nil
}

// WithdrawCorrection lets a member take back their own pending request.
func (a *App) WithdrawCorrection(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.Correction, error) {
	var c *dangjian.Correction
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if c, err = tx.Correction(ctx, id); err != nil {
			return err
		}
		if !canSeeCorrection(actor, c) {
			return hidden("更正申请")
		}
		if !isOwn(actor, c) {
			return forbidden()
		}
		if c.Status != dangjian.CorrectionPending {
			return dangjian.Errorf(dangjian.ECONFLICT, "该更正申请已处理，不能重复处理")
		}
		if err := tx.DecideCorrection(ctx, id, dangjian.CorrectionWithdrawn, "", &actor.UserID); err != nil {
			return err
		}
		if err := audit(ctx, tx, actor, "correction.withdraw", "correction", c.ID, c.OrgID, map[string]any{"member_id": c.MemberID}); err != nil {
			return err
		}
		c, err = tx.Correction(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := c.Masked()
	return &out, nil
}

// correctionUpdate turns stored proposed values (already checked at
// submission) into a MemberUpdate.
func correctionUpdate(fields map[string]string) (MemberUpdate, error) {
	var up MemberUpdate
	v := dangjian.Invalid{}
	str := func(s string) *string { return &s }
	date := func(f, s string) *dangjian.Date {
		d := dangjian.Date{}
		if s != "" {
			var err error
			if d, err = dangjian.ParseDate(s); err != nil {
				v.Add(f, "日期格式应为 YYYY-MM-DD")
			}
		}
		return &d
	}
	for f, s := range fields {
		switch f {
		case "name":
			up.Name = str(s)
		case "gender":
			up.Gender = str(s)
		case "ethnicity":
			up.Ethnicity = str(s)
		case "birth_date":
			up.BirthDate = date(f, s)
		case "id_number":
			up.IDNumber = str(s)
		case "education":
			up.Education = str(s)
		case "joined_on":
			up.JoinedOn = date(f, s)
		case "confirmed_on":
			up.ConfirmedOn = date(f, s)
		case "position":
			up.Position = str(s)
		case "phone":
			up.Phone = str(s)
		default:
			v.Add(f, "该项不能通过更正申请修改")
		}
	}
	return up, v.Err()
}

// Profile is what a member sees of themself on their own page. Later
// capabilities add their sections here (attendance, hours, dues); a page
// shows only the sections that hold something.
type Profile struct {
	Member      *dangjian.Member       `json:"member"`
	Revealed    bool                   `json:"revealed"`
	GroupName   string                 `json:"group_name"`
	History     []*dangjian.MemberMove `json:"history"`
	Posts       []HeldPost             `json:"posts"`
	Corrections []*dangjian.Correction `json:"corrections"`
	Open        *dangjian.Correction   `json:"-"` // the pending request, if any
}

// profileCorrections is how many of their requests a member sees.
const profileCorrections = 20

// Profile returns the actor's own member record with its history, posts
// and correction requests. reveal shows the ID and phone numbers in clear
// (audited, through Member).
func (a *App) Profile(ctx context.Context, actor *dangjian.Actor, reveal bool) (*Profile, error) {
	if actor == nil || actor.MemberID == nil {
		return nil, dangjian.Errorf(dangjian.ENOTFOUND, "账号未关联党员档案")
	}
	id := *actor.MemberID
	m, err := a.Member(ctx, actor, id, reveal)
	if err != nil {
		return nil, err
	}
	p := &Profile{Member: m, Revealed: reveal}
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p.History, err = tx.MemberMoves(ctx, id); err != nil {
			return err
		}
		if p.Posts, err = tx.MemberPosts(ctx, id); err != nil {
			return err
		}
		if m.GroupID != nil {
			// The member's own group, even without the right to read orgs.
			g, err := tx.Org(ctx, *m.GroupID)
			if err != nil {
				return err
			}
			p.GroupName = g.Name
		}
		p.Corrections, _, err = tx.Corrections(ctx, dangjian.CorrectionFilter{Own: id, MemberID: id, Limit: profileCorrections})
		return err
	})
	if err != nil {
		return nil, err
	}
	for i, c := range p.Corrections {
		masked := c.Masked()
		p.Corrections[i] = &masked
		if c.Status == dangjian.CorrectionPending {
			p.Open = p.Corrections[i]
		}
	}
	return p, nil
}
