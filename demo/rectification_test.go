package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// TestRectificationPass: the county's ledger has overdue and verified
// items from life meetings, democratic life meetings and reports; most
// leading groups' meetings are overseen; reports are graded; one cadre
// opinion is overdue; and the app reads it all back as written.
func TestRectificationPass(t *testing.T) {
	t.Parallel()
	db, sum := generate(t, 6000, 11)
	h := sum.History
	if h["rectifications"] == 0 || h["rectifications_overdue"] == 0 || h["rectifications_verified"] == 0 || h["dlm_oversights"] == 0 ||
		h["secretary_reports"] == 0 || h["cadre_opinions"] != 12 {
		t.Fatalf("history: %v", h)
	}
	ctx := context.Background()
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.SetNow(func() time.Time { return today.Time().Add(4 * time.Hour) })
	sys := app.System()
	roots, err := a.OrgRoots(ctx, sys)
	if err != nil || len(roots) != 1 {
		t.Fatalf("roots %v %v", roots, err)
	}
	ru, err := a.RectificationRollup(ctx, sys, roots[0].ID, app.RectQuery{}, "")
	if err != nil || ru.Total.Total != h["rectifications"] || ru.Total.Overdue != h["rectifications_overdue"] || ru.Total.Verified != h["rectifications_verified"] {
		t.Fatalf("roll-up %+v vs %v: %v", ru.Total, h, err)
	}
	for _, src := range []string{dangjian.SourceLifeMeeting, dangjian.SourceDLM, dangjian.SourceReport} {
		list, n, err := a.Rectifications(ctx, sys, app.RectQuery{Source: src}, app.Page{PerPage: 5})
		if err != nil || n == 0 {
			t.Errorf("no items from %s: %v", src, err)
			continue
		}
		full, err := a.Rectification(ctx, sys, list[0].ID)
		if err != nil || len(full.Updates) == 0 || full.Updates[0].Status != dangjian.RectOpen {
			t.Errorf("timeline of %s item: %+v %v", src, full, err)
		}
		for _, u := range full.Updates {
			if u.At.After(db.Now()) || u.At.Before(full.CreatedAt) {
				t.Errorf("update at %v outside %v..now", u.At, full.CreatedAt)
			}
		}
	}
	list, _, err := a.DLMList(ctx, sys, roots[0].ID, today.Year()-1)
	seen := 0
	for _, s := range list {
		if s.Oversight {
			seen++
		}
	}
	if err != nil || len(list) == 0 || seen == 0 {
		t.Errorf("DLM list: %d groups, %d overseen, %v", len(list), seen, err)
	}
	reps, err := a.SecretaryReports(ctx, sys, app.SecretaryReportQuery{OrgID: roots[0].ID, Year: today.Year() - 1}, app.Page{})
	if err != nil || reps.Total != h["secretary_reports"] || reps.Counts.Graded == 0 {
		t.Errorf("reports: %+v %v", reps, err)
	}
	ops, n, err := a.CadreOpinions(ctx, sys, app.CadreOpinionQuery{Overdue: true}, app.Page{})
	if err != nil || n != 1 || !ops[0].Overdue {
		t.Errorf("overdue opinions: %d %v", n, err)
	}
}
