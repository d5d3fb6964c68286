// Package demo fills an empty database with a realistic, deterministic
// county: its 机关工委, the county departments and, for large sizes, the
// towns and subdistricts with their stations; each unit's 党组, organ party
// committee or general branch, branches and party groups; members with
// names, ID numbers and dates that pass validation; committees with their
// terms; a few organizations that break the size and term rules so the
// findings have something to show; and organizational life from 1 January
// of last year up to today (orglife.go): meetings with attendance and
// quorum, their per-month counts, talks, and the gaps, merged meetings
// and absent leading cadres the compliance pages look for. The same seed
// gives the same rows.
package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Options say what to generate.
type Options struct {
	Members  int           // how many members; the --demo county has 3,000
	Seed     int64         // the same seed gives the same data
	Progress io.Writer     // where to draw a progress bar; nil for none
	Today    dangjian.Date // the date the data is as of; zero for today
}

// Summary counts what was generated.
type Summary struct {
	Root           int64  // id of the 机关工委
	County         string // the county's name
	Orgs           int    // organizations, the root included
	Units          int
	Branches       int
	Groups         int
	Members        int
	Committees     int
	LeadingCadres  int
	FullTimeCadres int
	PartTimeCadres int
	Probationary   int
	Breaks         Breaks         // organizations made to break the rules
	Life           Life           // organizational life since 1 January last year
	History        map[string]int // later capabilities' records, by what they are (history.go)
	Elapsed        time.Duration
}

// Life counts the organizational life generated.
type Life struct {
	Meetings        int // meetings recorded
	Counted         int // of which count toward what is owed
	Merged          int // merged with an administrative meeting (orglife.merged)
	SuspectedMerged int // overlapping a registered administrative meeting, unconfirmed
	BelowQuorum     int // recorded below quorum
	Attendance      int // attendance rows written
	Talks           int // heart-to-heart talks
	AdminMeetings   int // administrative meetings registered
	GappyOrgs       int // organizations planned to skip some meetings
	Skippers        int // leading cadres who mostly skip their branch's meetings
}

// Breaks counts the organizations made to break a size or term rule.
type Breaks struct {
	TinyBranches      int // fewer than 3 full members: org.branch.min_full
	LargeBranches     int // more than 50 members: org.branch.max
	MissingCommittees int // ≥7 full members, no committee: org.branch.committee_required
	ExpiredTerms      int // org.term.branch
	ExpiringTerms     int // within 90 days: org.term.branch
}

// Generate fills db, which must hold no organizations, with a county of
// opt.Members members, in one transaction: on error nothing is written.
func Generate(ctx context.Context, db *sqlstore.DB, opt Options) (*Summary, error) {
	began := time.Now()
	if opt.Members < 1 {
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: "党员人数至少为 1", Fields: map[string]string{"members": "须为正整数"}}
	}
	today := opt.Today
	if today.IsZero() {
		today = dangjian.DateOf(db.Now())
	}
	// Two fixed words of the PCG state come from the seed alone, so a
	// seed means the same county on every machine and Go release.
	rng := rand.New(rand.NewPCG(uint64(opt.Seed), 0x5eed_da9c_1a9_2026))
	cp := plan(rng, opt.Members)
	sum := &Summary{County: cp.name, History: map[string]int{}}
	bar := newBar(opt.Progress, opt.Members)
	defer bar.finish()

	err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error {
		n, err := tx.CountOrgs(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return dangjian.Errorf(dangjian.ECONFLICT, "数据库中已有 %d 个组织：演示数据只能生成到空数据库中 (the database already holds organizations)", n)
		}
		ids, err := tx.NextIDs(ctx)
		if err != nil {
			return err
		}
		lifeIDs, err := tx.NextLifeIDs(ctx)
		if err != nil {
			return err
		}
		lf, err := newLife(opt.Seed, today, sum, lifeIDs)
		if err != nil {
			return err
		}
		b := &builder{rng: rng, people: newPeople(rng, today, cp.codes), today: today, ids: ids, sum: sum}
		load := tx.NewLoader()
		defer load.Close()

		root := &dangjian.Org{ID: b.ids.Org, Name: cp.name + "直属机关工作委员会", Kind: dangjian.KindWorkingCommittee}
		b.ids.Org++
		root.Path = "/" + strconv.FormatInt(root.ID, 10) + "/"
		sum.Root, sum.Orgs = root.ID, 1
		if err := load.AddOrg(ctx, root); err != nil {
			return err
		}
		for i := range cp.units {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("demo data: %w", err)
			}
			rows := b.unit(&cp.units[i], root)
			if err := write(ctx, load, b, rows); err != nil {
				return err
			}
			// Every meeting's attendance up to attendLimit members; past
			// it, only the county departments'.
			lf.attend = opt.Members <= attendLimit || !cp.units[i].place
			if err := lf.unit(ctx, load, &cp.units[i], rows); err != nil {
				return err
			}
			bar.add(len(rows.members))
		}
		if err := load.Flush(ctx); err != nil {
			return err
		}
		if err := tx.SyncIDs(ctx); err != nil {
			return err
		}
		if err := tx.RecountOrgs(ctx); err != nil {
			return err
		}
		// The loader writes meeting_counts only; the roll-up reads the
		// packed per-year rows made from them.
		if err := tx.RebuildYearCounts(ctx); err != nil {
			return err
		}
		if err := history(ctx, tx, historyInput{seed: opt.Seed, today: today, root: root, sum: sum}); err != nil {
			return err
		}
		changes, err := json.Marshal(map[string]any{
			"members": sum.Members, "orgs": sum.Orgs, "units": sum.Units, "committees": sum.Committees, "seed": opt.Seed, "today": today,
			"meetings": sum.Life.Meetings, "talks": sum.Life.Talks,
		})
		if err != nil {
			return fmt.Errorf("demo audit: %w", err)
		}
		return tx.AppendAudit(ctx, &dangjian.Audit{
			Actor: "system", IP: "local", Action: "demo.generate", Entity: "org",
			EntityID: &root.ID, OrgID: &root.ID, Changes: string(changes),
		})
	})
	if err != nil {
		return nil, err
	}
	sum.Elapsed = time.Since(began)
	return sum, nil
}

// write queues a unit's rows: organizations, members with their first
// history entry, committees.
func write(ctx context.Context, load *sqlstore.Loader, b *builder, rows *unitRows) error {
	for _, o := range rows.orgs {
		if err := load.AddOrg(ctx, o); err != nil {
			return err
		}
	}
	for _, m := range rows.members {
		if err := load.AddMember(ctx, m); err != nil {
			return err
		}
		// Registered when the unit entered its roster, or on joining if later.
		on := rows.registered
		if m.JoinedOn.After(on) {
			on = m.JoinedOn
		}
		mv := &dangjian.MemberMove{ID: b.ids.MemberMove, MemberID: m.ID, ToOrgID: m.OrgID, MovedOn: on, Reason: "登记入册"}
		b.ids.MemberMove++
		if err := load.AddMemberMove(ctx, mv); err != nil {
			return err
		}
	}
	for _, c := range rows.committees {
		if err := load.AddCommittee(ctx, c); err != nil {
			return err
		}
	}
	return nil
}
