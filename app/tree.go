package app

import (
	"context"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// OrgChoices lists the organizations a form may offer: those on which the
// actor holds perm, inside the subtree of under (0: the actor's whole
// scope), of kind (empty: any) and with q in the name, in tree order, at
// most limit of them, with the total.
func (a *App) OrgChoices(ctx context.Context, actor *dangjian.Actor, perm string, under int64, kind, q string, limit int) ([]*dangjian.Org, int, error) {
	scopes := actor.Scopes(perm)
	var out []*dangjian.Org
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if under != 0 {
			o, err := viewOrg(ctx, tx, actor, under, dangjian.PermOrgRead)
			if err != nil {
				return err
			}
			scopes = narrowScopes(scopes, o.Path)
		}
		if len(scopes) == 0 {
			return nil
		}
		var err error
		out, total, err = tx.Orgs(ctx, dangjian.OrgFilter{Scopes: scopes, Kind: kind, Query: q, Limit: max(limit, 1)})
		return err
	})
	return out, total, err
}

// narrowScopes intersects subtree roots with the subtree at path.
func narrowScopes(scopes []string, path string) []string {
	var out []string
	for _, s := range scopes {
		switch {
		case strings.HasPrefix(path, s):
			return []string{path}
		case strings.HasPrefix(s, path):
			out = append(out, s)
		}
	}
	return out
}

// OrgNames returns the names of those organizations among ids that the
// actor may see; the others are left out, so a path never shows a name
// outside the actor's scope.
func (a *App) OrgNames(ctx context.Context, actor *dangjian.Actor, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		orgs, err := tx.OrgsByIDs(ctx, ids)
		for id, o := range orgs {
			if actor.HasPerm(dangjian.PermOrgRead, o.Path) {
				out[id] = o.Name
			}
		}
		return err
	})
	return out, err
}

// HeldPost is a committee seat a member holds or held.
type HeldPost = sqlstore.HeldPost

// MemberPosts returns the committee seats a member the actor may see
// holds or held, newest first.
func (a *App) MemberPosts(ctx context.Context, actor *dangjian.Actor, memberID int64) ([]HeldPost, error) {
	var out []HeldPost
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		m, err := tx.Member(ctx, memberID)
		if err != nil {
			return err
		}
		if !canSeeMember(actor, m) {
			return hidden("党员")
		}
		out, err = tx.MemberPosts(ctx, memberID)
		return err
	})
	return out, err
}
