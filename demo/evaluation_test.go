package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// TestEvalPass: last year's evaluations are published in most branches
// with tallies no larger than the turnout, grades within the cap unless a
// reason is given, a follow-up for each 不合格; this year's are open at
// several steps; reports carry ratings, readable through the app.
func TestEvalPass(t *testing.T) {
	t.Parallel()
	db, sum := generate(t, 3000, 5)
	ctx := context.Background()
	if sum.History["evaluations"] == 0 || sum.History["evaluation_ballots"] == 0 || sum.History["admin_reports"] == 0 || sum.History["admin_report_ratings"] == 0 {
		t.Fatalf("history = %v", sum.History)
	}
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.SetNow(func() time.Time { return today.Time().Add(4 * time.Hour) })
	sys := app.System()
	last, _, err := a.Evaluations(ctx, sys, app.EvaluationQuery{Year: today.Year() - 1}, app.Page{PerPage: 500})
	if err != nil || len(last) == 0 {
		t.Fatalf("last year = %d, %v", len(last), err)
	}
	unqualified, followUps := 0, 0
	for _, e := range last {
		if e.State != dangjian.EvalPublished {
			t.Errorf("last year's %d is %s", e.ID, e.State)
		}
		d, err := a.Evaluation(ctx, sys, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		ex := 0
		for i, c := range d.Members {
			if c.Final == "" || c.Final != c.Proposed {
				t.Errorf("%d: member %d graded %q/%q", e.ID, c.MemberID, c.Proposed, c.Final)
			}
			if c.Final == dangjian.GradeExcellent {
				ex++
			}
			if c.Final == dangjian.GradeUnqualified {
				unqualified++
			}
			if n := d.Tally[i].Total(); n > e.Voted {
				t.Errorf("%d: %d votes for one member, %d voted", e.ID, n, e.Voted)
			}
		}
		if ex > d.ExcellentCap && d.ExcellentReason == "" {
			t.Errorf("%d: %d excellent over the cap %d without a reason", e.ID, ex, d.ExcellentCap)
		}
		followUps += len(d.FollowUps)
	}
	if unqualified != followUps || unqualified != sum.History["evaluation_followups"] {
		t.Errorf("%d unqualified, %d follow-ups, %d counted", unqualified, followUps, sum.History["evaluation_followups"])
	}
	this, _, err := a.Evaluations(ctx, sys, app.EvaluationQuery{Year: today.Year()}, app.Page{PerPage: 500})
	if err != nil || len(this) == 0 {
		t.Fatalf("this year = %d, %v", len(this), err)
	}
	states := map[string]bool{}
	for _, e := range this {
		states[e.State] = true
	}
	if len(states) < 3 {
		t.Errorf("this year's states = %v", states)
	}
	rs, _, err := a.AdminReports(ctx, sys, app.AdminReportQuery{}, app.Page{PerPage: 500})
	if err != nil || len(rs) == 0 {
		t.Fatalf("reports = %d, %v", len(rs), err)
	}
	for _, r := range rs {
		res, err := a.AdminReportResults(ctx, sys, r.ID)
		if r.State == dangjian.ReportOpen {
			if dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
				t.Errorf("open report %d results: %v", r.ID, err)
			}
			continue
		}
		if err != nil || res.Total() != r.Voted {
			t.Errorf("report %d: %+v for %d voted, %v", r.ID, res, r.Voted, err)
		}
	}
}
