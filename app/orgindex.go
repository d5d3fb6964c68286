package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// orgIndex holds the organizations an actor may see, loaded once, so that
// an import resolves the 所在党组织 of 100,000 rows (against 60,000
// organizations) without a query per row, and an export names the
// organization of a million members.
type orgIndex struct {
	orgs   map[int64]*dangjian.Org // the visible ones and the ancestors of the scope roots
	vis    map[int64]string        // visible org → its names from its scope root down: what exports write
	byName map[string][]*dangjian.Org
	byCode map[string][]*dangjian.Org
	groups map[int64][]*dangjian.Org // branch id → its groups
	dupVis map[string]bool           // visible paths that two organizations share
	cache  map[string]resolved
}

// resolved is what a 所在党组织 cell names: one organization or a message.
type resolved struct {
	org *dangjian.Org
	msg string
}

// foldScopes merges subtree roots, dropping those inside another.
func foldScopes(lists ...[]string) []string {
	var all []string
	for _, l := range lists {
		all = append(all, l...)
	}
	sort.Strings(all)
	var out []string
	for _, p := range all {
		if len(out) > 0 && strings.HasPrefix(p, out[len(out)-1]) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// loadOrgIndex reads the organizations under scopes and the ancestors of
// the scope roots (whose names a full path from the top spells out).
func loadOrgIndex(ctx context.Context, tx *sqlstore.Tx, scopes []string) (*orgIndex, error) {
	x := &orgIndex{
		orgs: map[int64]*dangjian.Org{}, vis: map[int64]string{}, byName: map[string][]*dangjian.Org{},
		byCode: map[string][]*dangjian.Org{}, groups: map[int64][]*dangjian.Org{}, dupVis: map[string]bool{},
		cache: map[string]resolved{},
	}
	var anc []int64
	for _, s := range scopes {
		ids := dangjian.PathIDs(s)
		if len(ids) > 1 {
			anc = append(anc, ids[:len(ids)-1]...)
		}
	}
	above, err := tx.OrgsByIDs(ctx, anc)
	if err != nil {
		return nil, err
	}
	for id, o := range above {
		x.orgs[id] = o
	}
	seen := map[string]bool{}
	err = tx.EachOrg(ctx, dangjian.OrgFilter{Scopes: scopes}, func(o *dangjian.Org) error {
		x.orgs[o.ID] = o
		// Tree order: the parent's visible path is known unless o is a
		// scope root.
		v := o.Name
		if o.ParentID != nil {
			if p, ok := x.vis[*o.ParentID]; ok {
				v = p + "/" + o.Name
			}
		}
		x.vis[o.ID] = v
		if seen[v] {
			x.dupVis[v] = true
		}
		seen[v] = true
		x.byName[o.Name] = append(x.byName[o.Name], o)
		if c := strings.ToUpper(strings.TrimSpace(o.Code)); c != "" {
			x.byCode[c] = append(x.byCode[c], o)
		}
		if o.Kind == dangjian.KindGroup && o.ParentID != nil {
			x.groups[*o.ParentID] = append(x.groups[*o.ParentID], o)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// exportName is what an export writes for an organization: its path from
// the actor's scope root, or its code where two organizations share that
// path (so that the file imports back without ambiguity).
func (x *orgIndex) exportName(id int64) string {
	v, ok := x.vis[id]
	if !ok {
		return ""
	}
	if x.dupVis[v] {
		if o := x.orgs[id]; o != nil && o.Code != "" {
			return o.Code
		}
	}
	return v
}

// splitOrgPath cuts a cell into names; full-width slashes typed with a
// Chinese input method count as slashes.
func splitOrgPath(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '／' })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// endsWith reports whether the names on o's path end with segs: the full
// path from the top, or any tail of it.
func (x *orgIndex) endsWith(o *dangjian.Org, segs []string) bool {
	ids := dangjian.PathIDs(o.Path)
	if len(ids) < len(segs) {
		return false
	}
	for i := 1; i <= len(segs); i++ {
		a := x.orgs[ids[len(ids)-i]]
		if a == nil || a.Name != segs[len(segs)-i] {
			return false
		}
	}
	return true
}

// resolve finds the one visible organization (inside within, when set)
// that cell names by path or code. Unknown and ambiguous cells get a
// message; a guess is never made.
func (x *orgIndex) resolve(cell string, within *dangjian.Org) resolved {
	if r, ok := x.cache[cell]; ok {
		return r
	}
	segs := splitOrgPath(cell)
	var cands []*dangjian.Org
	add := func(o *dangjian.Org) {
		if within != nil && !dangjian.InSubtree(o.Path, within.Path) {
			return
		}
		for _, c := range cands {
			if c.ID == o.ID {
				return
			}
		}
		cands = append(cands, o)
	}
	if len(segs) == 1 {
		for _, o := range x.byCode[strings.ToUpper(segs[0])] {
			add(o)
		}
	}
	if len(segs) > 0 {
		for _, o := range x.byName[segs[len(segs)-1]] {
			if x.endsWith(o, segs) {
				add(o)
			}
		}
	}
	var r resolved
	switch len(cands) {
	case 0:
		r.msg = fmt.Sprintf("找不到党组织「%s」：请填写从顶层组织开始、用“/”分隔的完整路径，或组织编码", cell)
	case 1:
		r.org = cands[0]
	default:
		sort.Slice(cands, func(i, j int) bool { return cands[i].Path < cands[j].Path })
		var names []string
		for _, c := range cands[:min(len(cands), 3)] {
			n := x.vis[c.ID]
			if c.Code != "" {
				n += "（编码 " + c.Code + "）"
			}
			names = append(names, n)
		}
		more := ""
		if len(cands) > 3 {
			more = "等"
		}
		r.msg = fmt.Sprintf("「%s」对应 %d 个党组织：%s%s，请填写完整路径或组织编码", cell, len(cands), strings.Join(names, "；"), more)
	}
	x.cache[cell] = r
	return r
}

// group finds the party group named cell (or with that code) in branch.
func (x *orgIndex) group(branch *dangjian.Org, cell string) (*dangjian.Org, string) {
	var found []*dangjian.Org
	for _, g := range x.groups[branch.ID] {
		if g.Name == cell || (g.Code != "" && strings.EqualFold(g.Code, cell)) {
			found = append(found, g)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Sprintf("党支部「%s」下没有党小组「%s」", branch.Name, cell)
	case 1:
		return found[0], ""
	}
	return nil, fmt.Sprintf("党支部「%s」下有 %d 个名为「%s」的党小组，无法确定是哪一个", branch.Name, len(found), cell)
}
