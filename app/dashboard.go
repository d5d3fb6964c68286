package app

import (
	"context"
	"sort"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Dashboard is what the home page shows for the actor's scope.
type Dashboard struct {
	Roots        []*dangjian.Org
	Stats        sqlstore.ScopeStats
	SeesMembers  bool             // the actor may read members, so the member counts mean something
	Issues       []sqlstore.Issue // per rule (and severity): organizations in scope that break it
	Attention    []OrgFindings    // a few of those organizations with their full findings
	AttentionMax int              // the most Attention holds
}

// OrgFindings is an organization with what the rules say about it.
type OrgFindings struct {
	Org      *dangjian.Org
	Findings []dangjian.Finding
}

// Dashboard counts the organizations and members in the actor's scope and
// the organizations that break the size and term rules.
func (a *App) Dashboard(ctx context.Context, actor *dangjian.Actor) (*Dashboard, error) {
	orgScopes := actor.Scopes(dangjian.PermOrgRead)
	if len(orgScopes) == 0 {
		return nil, forbidden()
	}
	memberScopes := actor.Scopes(dangjian.PermMemberRead)
	roots, err := a.OrgRoots(ctx, actor)
	if err != nil {
		return nil, err
	}
	today := a.Today()
	due := today.AddDays(a.cfg.TermWarnDays)
	bYears := int(a.rules.Get("org.term.branch").Value)
	cYears := int(a.rules.Get("org.term.committee").Value)
	q := sqlstore.IssueQuery{
		MinFull:          int(a.rules.Get("org.branch.min_full").Value),
		MaxMembers:       int(a.rules.Get("org.branch.max").Value),
		CommitteeAt:      int(a.rules.Get("org.branch.committee_required").Value),
		Today:            today,
		DueBy:            due,
		BranchStart:      today.AddYears(-bYears),
		CommitteeStart:   today.AddYears(-cYears),
		BranchDueFrom:    due.AddYears(-bYears),
		CommitteeDueFrom: due.AddYears(-cYears),
		Sample:           5,
	}
	d := &Dashboard{Roots: roots, SeesMembers: len(memberScopes) > 0, AttentionMax: 10}
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		st, err := tx.OrgStats(ctx, orgScopes, memberScopes)
		if err != nil {
			return err
		}
		d.Stats = *st
		if d.Issues, err = tx.OrgIssues(ctx, orgScopes, q); err != nil {
			return err
		}
		// Errors first, then warnings, so the list shows what is broken.
		seen := map[int64]bool{}
		var ids []int64
		for _, sev := range []string{dangjian.SeverityError, dangjian.SeverityWarning} {
			for _, is := range d.Issues {
				if is.Severity != sev {
					continue
				}
				for _, id := range is.IDs {
					if !seen[id] && len(ids) < d.AttentionMax {
						seen[id] = true
						ids = append(ids, id)
					}
				}
			}
		}
		orgs, err := tx.OrgsByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			o := orgs[id]
			if o == nil {
				continue
			}
			c, err := tx.Committee(ctx, id)
			if err != nil {
				return err
			}
			f := dangjian.OrgFindings(a.rules, o, c, today, a.cfg.TermWarnDays)
			if len(f) > 0 {
				d.Attention = append(d.Attention, OrgFindings{Org: o, Findings: f})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Broken rules first, then what is merely due; each in tree order.
	broken := func(f OrgFindings) bool {
		for _, x := range f.Findings {
			if x.Severity == dangjian.SeverityError {
				return true
			}
		}
		return false
	}
	sort.SliceStable(d.Attention, func(i, j int) bool {
		bi, bj := broken(d.Attention[i]), broken(d.Attention[j])
		if bi != bj {
			return bi
		}
		return d.Attention[i].Org.Path < d.Attention[j].Org.Path
	})
	return d, nil
}
