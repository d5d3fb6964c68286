package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/sqlstore"
)

// TestTrainingPass: the county has this year's trainings; the kept
// per-member and per-organization hours are what the app would compute
// from the trainings; some branches are flagged 以会代训 and some people
// are short.
func TestTrainingPass(t *testing.T) {
	t.Parallel()
	db, sum := generate(t, 3000, 5)
	ctx := context.Background()
	if sum.History["trainings"] == 0 || sum.History["training_participants"] < sum.Members || sum.History["meetings_as_training_branches"] == 0 {
		t.Fatalf("history = %v", sum.History)
	}
	db.SetNow(func() time.Time { return today.Time().Add(4 * time.Hour) })
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	sys := app.System()
	rep, err := a.HoursRollup(ctx, sys, sum.Root, today.Year(), app.Page{PerPage: 500})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Members != sum.Members || rep.Short == 0 || rep.Short == sum.Members || rep.FlaggedOrgs == 0 || rep.Totals.FromMeetings == 0 {
		t.Fatalf("roll-up = %+v (members %d)", rep.Totals, sum.Members)
	}
	// Recomputing the kept rows from the trainings changes nothing.
	var ids []int64
	var before []dangjian.HoursTotals
	err = db.View(ctx, func(tx *sqlstore.Tx) error {
		ppl, err := tx.SubtreePeopleHours(ctx, "/", today.Year(), 0, 300)
		for _, p := range ppl {
			ids = append(ids, p.MemberID)
			before = append(before, p.Totals)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.RecountMemberHours(ctx, ids, today.Year()); err != nil {
			return err
		}
		for i, id := range ids {
			h, err := tx.MemberHoursTotals(ctx, id, today.Year())
			if err != nil {
				return err
			}
			if h != before[i] {
				t.Errorf("member %d: kept %+v, recomputed %+v", id, before[i], h)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A flagged branch's own page says so and cites the local setting.
	for _, o := range rep.Orgs {
		if !o.Flagged {
			continue
		}
		r, err := a.OrgHours(ctx, sys, o.OrgID, today.Year(), app.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Flagged || len(r.Finding) == 0 || r.Finding[0].Source != dangjian.MeetingsAsTrainingKey+"（地方惯例）" {
			t.Errorf("flagged branch %d: %+v", o.OrgID, r)
		}
		if r.Totals != o.Hours {
			t.Errorf("branch %d: kept %+v, page %+v", o.OrgID, o.Hours, r.Totals)
		}
		break
	}
}
