package sqlstore

import (
	"context"
	"fmt"

	"github.com/dangjian/dangjian"
)

// ScopeStats are the counts a dashboard shows for a set of subtrees.
type ScopeStats struct {
	Orgs         int
	Branches     int
	Members      int // active members
	Full         int // of those, full members
	LeadingCadre int
	AffairsFull  int // full-time party-affairs cadres
	AffairsPart  int // part-time party-affairs cadres
}

// OrgStats counts the organizations in the subtrees at orgScopes and the
// active members in those at memberScopes. The member totals come from the
// organizations' counters, so only the cadre counts read the members table.
func (tx *Tx) OrgStats(ctx context.Context, orgScopes, memberScopes []string) (*ScopeStats, error) {
	var s ScopeStats
	where, args := scopeWhere("path", orgScopes, 1)
	if err := tx.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN kind = 'branch' THEN 1 ELSE 0 END), 0) FROM orgs WHERE `+where, args...).
		Scan(&s.Orgs, &s.Branches); err != nil {
		return nil, fmt.Errorf("count orgs: %w", err)
	}
	if len(memberScopes) == 0 {
		return &s, nil
	}
	where, args = scopeWhere("path", memberScopes, 1)
	if err := tx.queryRow(ctx, `SELECT COALESCE(SUM(direct_count), 0), COALESCE(SUM(direct_full), 0) FROM orgs WHERE `+where, args...).
		Scan(&s.Members, &s.Full); err != nil {
		return nil, fmt.Errorf("count members: %w", err)
	}
	// Each count repeats its partial index's predicate word for word, so
	// that both engines answer from the index.
	where, args = scopeWhere("org_path", memberScopes, 1)
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM members WHERE active = TRUE AND leading_cadre = TRUE AND `+where, args...).
		Scan(&s.LeadingCadre); err != nil {
		return nil, fmt.Errorf("count leading cadres: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT party_affairs, COUNT(*) FROM members WHERE active = TRUE AND party_affairs <> 'none' AND `+where+` GROUP BY party_affairs`, args...)
	if err != nil {
		return nil, fmt.Errorf("count party-affairs cadres: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, fmt.Errorf("count party-affairs cadres: %w", err)
		}
		switch kind {
		case dangjian.PartyAffairsFullTime:
			s.AffairsFull = n
		case dangjian.PartyAffairsPartTime:
			s.AffairsPart = n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count party-affairs cadres: %w", err)
	}
	return &s, nil
}

// IssueQuery holds the rule values the cheap organization checks compare
// against; the caller takes them from the rule table.
type IssueQuery struct {
	MinFull          int           // org.branch.min_full
	MaxMembers       int           // org.branch.max
	CommitteeAt      int           // org.branch.committee_required
	Today            dangjian.Date // a term that ended before today has expired
	DueBy            dangjian.Date // a term that ends by this date is due soon
	BranchStart      dangjian.Date // a branch committee elected before this has served its term
	CommitteeStart   dangjian.Date // the same for a grassroots party committee
	BranchDueFrom    dangjian.Date // a branch committee elected on or before this reaches its term by DueBy
	CommitteeDueFrom dangjian.Date // the same for a grassroots party committee
	Sample           int           // how many ids of each to return
}

// Issue is how many organizations in scope break one rule, with the ids
// of the first few in tree order.
type Issue struct {
	Rule     string
	Severity string
	Count    int
	IDs      []int64
}

// OrgIssues runs the size and term checks that SQL can answer over the
// whole scope at once. They mirror dangjian.OrgFindings; the page that
// lists an organization still runs the full rules on it.
func (tx *Tx) OrgIssues(ctx context.Context, scopes []string, q IssueQuery) ([]Issue, error) {
	current := `EXISTS (SELECT 1 FROM committees c WHERE c.org_id = orgs.id AND c.current = TRUE AND %s)`
	checks := []struct {
		rule, sev, cond string
		args            []any
	}{
		{"org.branch.min_full", dangjian.SeverityError, `kind = 'branch' AND direct_full < $%d`, []any{q.MinFull}},
		{"org.branch.max", dangjian.SeverityWarning, `kind = 'branch' AND member_count > $%d`, []any{q.MaxMembers}},
		{"org.branch.committee_required", dangjian.SeverityError, `kind = 'branch' AND direct_full >= $%d AND NOT ` +
			fmt.Sprintf(current, `(SELECT COUNT(*) FROM committee_posts p WHERE p.committee_id = c.id) >= 2`), []any{q.CommitteeAt}},
		{"org.term.branch", dangjian.SeverityError, `kind IN ('branch', 'general_branch') AND ` +
			fmt.Sprintf(current, `(c.term_end < $%d OR c.term_start < $%d)`), []any{q.Today, q.BranchStart}},
		{"org.term.committee", dangjian.SeverityError, `kind = 'party_committee' AND ` +
			fmt.Sprintf(current, `(c.term_end < $%d OR c.term_start < $%d)`), []any{q.Today, q.CommitteeStart}},
		{"org.term.branch", dangjian.SeverityWarning, `kind IN ('branch', 'general_branch') AND ` +
			fmt.Sprintf(current, `c.term_end >= $%d AND c.term_start >= $%d AND (c.term_end <= $%d OR c.term_start <= $%d)`), []any{q.Today, q.BranchStart, q.DueBy, q.BranchDueFrom}},
		{"org.term.committee", dangjian.SeverityWarning, `kind = 'party_committee' AND ` +
			fmt.Sprintf(current, `c.term_end >= $%d AND c.term_start >= $%d AND (c.term_end <= $%d OR c.term_start <= $%d)`), []any{q.Today, q.CommitteeStart, q.DueBy, q.CommitteeDueFrom}},
	}
	limit := max(q.Sample, 1)
	var out []Issue
	for _, c := range checks {
		where, args := scopeWhere("path", scopes, 1)
		marks := make([]any, len(c.args))
		for i := range c.args {
			marks[i] = len(args) + i + 1
		}
		args = append(args, c.args...)
		cond := fmt.Sprintf(c.cond, marks...)
		rows, err := tx.query(ctx, `SELECT id, COUNT(*) OVER() FROM orgs WHERE `+where+` AND `+cond+fmt.Sprintf(` ORDER BY path LIMIT %d`, limit), args...)
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", c.rule, err)
		}
		is := Issue{Rule: c.rule, Severity: c.sev}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id, &is.Count); err != nil {
				rows.Close()
				return nil, fmt.Errorf("check %s: %w", c.rule, err)
			}
			is.IDs = append(is.IDs, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("check %s: %w", c.rule, err)
		}
		out = append(out, is)
	}
	return out, nil
}

// HeldPost is a committee seat a member holds or held.
type HeldPost struct {
	OrgID     int64
	OrgName   string
	OrgPath   string
	Post      string
	TermStart dangjian.Date
	TermEnd   dangjian.Date
	Current   bool
}

// MemberPosts returns the committee seats of a member, newest term first.
func (tx *Tx) MemberPosts(ctx context.Context, memberID int64) ([]HeldPost, error) {
	rows, err := tx.query(ctx, `SELECT c.org_id, o.name, o.path, p.post, c.term_start, c.term_end, c.current
		FROM committee_posts p JOIN committees c ON c.id = p.committee_id JOIN orgs o ON o.id = c.org_id
		WHERE p.member_id = $1 ORDER BY c.term_start DESC, c.id DESC`, memberID)
	if err != nil {
		return nil, fmt.Errorf("member posts: %w", err)
	}
	defer rows.Close()
	var out []HeldPost
	for rows.Next() {
		var h HeldPost
		if err := rows.Scan(&h.OrgID, &h.OrgName, &h.OrgPath, &h.Post, &h.TermStart, &h.TermEnd, &h.Current); err != nil {
			return nil, fmt.Errorf("scan member post: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
