package app

import (
	"context"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

func fieldErr(field, msg string) error {
	return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// RecordTalk records a heart-to-heart talk between two active members of
// a branch the actor may write.
func (a *App) RecordTalk(ctx context.Context, actor *dangjian.Actor, in dangjian.Talk) (*dangjian.Talk, error) {
	t := in
	t.ID = 0
	if err := t.Validate(a.Today()); err != nil {
		return nil, err
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := writableOrg(ctx, tx, actor, t.OrgID)
		if err != nil {
			return err
		}
		if o.Kind != dangjian.KindBranch {
			return fieldErr("org_id", "谈心谈话按党支部登记")
		}
		v := dangjian.Invalid{}
		for field, id := range map[string]int64{"a_id": t.AID, "b_id": t.BID} {
			m, err := tx.Member(ctx, id)
			if err != nil && dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
				return err
			}
			if m == nil || !m.Active || m.OrgID != o.ID {
				v.Add(field, "该党员不是本支部的在册党员")
				continue
			}
			if field == "a_id" {
				t.AName = m.Name
			} else {
				t.BName = m.Name
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.CreateTalk(ctx, &t); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "talk.create", "talk", t.ID, t.OrgID,
			map[string]any{"a_id": t.AID, "b_id": t.BID, "held_on": t.HeldOn, "topic": t.Topic})
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// TalkCoverage says which of the talks a branch owes in year
// (orglife.talks) were held: every two committee members, and every
// committee member with every other member. A branch without a committee
// recorded owes none; a secretary recorded alone stands for the committee.
func (a *App) TalkCoverage(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*dangjian.TalkCoverage, error) {
	if year < 1921 || year > 9999 {
		return nil, fieldErr("year", "年度无效")
	}
	var cov dangjian.TalkCoverage
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		if o.Kind != dangjian.KindBranch {
			return fieldErr("org_id", "谈心谈话覆盖按党支部统计")
		}
		ms, err := tx.OrgRoster(ctx, o.ID)
		if err != nil {
			return err
		}
		members := make([]dangjian.Due, 0, len(ms))
		for _, m := range ms {
			members = append(members, dueOf(m))
		}
		var committee []int64
		c, err := tx.Committee(ctx, o.ID)
		if err != nil {
			return err
		}
		if c != nil {
			for _, p := range c.Posts {
				committee = append(committee, p.MemberID)
			}
		}
		talks, err := tx.Talks(ctx, o.ID, year)
		if err != nil {
			return err
		}
		cov = dangjian.CoverTalks(members, committee, talks)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &cov, nil
}
