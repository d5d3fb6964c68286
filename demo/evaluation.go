package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Democratic evaluation and administrative heads' reports: last year's
// evaluation finished (published) in most branches, with tallies from a
// simulated secret ballot, grades within the cap (a few over it, with a
// reason), a few 不合格 with their follow-up; this year's open in some
// branches, at every step; reports to the member assembly with ratings.
//
// At large sizes only the first evalBranchMax branches in tree order get
// records: the ballot boxes write a row per member and five per member
// and grade, and a million members would add ~6 million rows.
const evalBranchMax = 3000

// Shares of the branches looked at.
const (
	evalLastYearShare  = 0.85 // last year's evaluation published
	evalThisYearShare  = 0.35 // this year's open, at some step
	evalOverCapShare   = 0.04 // excellent over the third, with a reason
	evalUnqualifiedPer = 0.02 // members who draw 不合格 votes
	reportLastShare    = 0.6  // a report last year, rated and closed
	reportThisShare    = 0.25 // a report this year, rating open
	evalTurnout        = 0.92 // voters who vote
	evalPaperShare     = 0.12 // of those, on paper
)

var (
	evalSelfTexts = []string{
		"一年来，认真学习党的理论，按时参加组织生活，按期足额交纳党费，较好完成本职工作。不足是理论学习不够系统，今后加强。",
		"能够坚定理想信念，严守政治纪律和政治规矩，积极参加主题党日活动；存在联系群众不够紧密的问题，将主动改进。",
		"认真履行党员义务，在业务工作中发挥先锋模范作用；批评与自我批评开展得不够，今后要敢于直面问题。",
		"坚持学习，遵守纪律，参加志愿服务和结对帮扶；工作中创新意识不强，下一步加强钻研。",
	}
	evalReporters = []string{"局长", "主任", "院长", "站长", "所长"}
	evalMeasures  = []string{"限期改正，由支部书记谈心谈话并明确改正期限", "限期改正，支委会专人帮扶", "限期改正，纳入下年度重点教育管理"}
)

func evalPass(ctx context.Context, tx *sqlstore.Tx, in historyInput) error {
	rng := rand.New(rand.NewPCG(uint64(in.seed), 0xe7a1_de30_2026))
	rs, err := dangjian.DefaultRules()
	if err != nil {
		return fmt.Errorf("demo rules: %w", err)
	}
	branches, members, err := tx.BranchesUnder(ctx, in.root.Path, evalBranchMax)
	if err != nil {
		return err
	}
	nextEval, nextFollow, nextReport, err := tx.NextEvalIDs(ctx)
	if err != nil {
		return err
	}
	l := tx.NewEvalLoader()
	defer l.Close()
	last, this := in.today.Year()-1, in.today.Year()
	at := func(d dangjian.Date, hour int) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, dangjian.CST).UTC()
	}
	var evals, ballots, follow, reports, ratings int
	for _, o := range branches {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("evaluation pass: %w", err)
		}
		ms := members[o.ID]
		if len(ms) < 3 {
			continue
		}
		if rng.Float64() < evalLastYearShare {
			e := &evalSim{rng: rng, rules: rs, ms: ms, id: nextEval, org: o, year: last}
			nextEval++
			if err := e.write(ctx, l, dangjian.EvalPublished, at); err != nil {
				return err
			}
			for _, f := range e.unqualified {
				fu := &dangjian.EvalFollowUp{ID: nextFollow, EvaluationID: e.id, MemberID: f, Measure: evalMeasures[rng.IntN(len(evalMeasures))],
					CreatedAt: e.decided, UpdatedAt: e.decided}
				nextFollow++
				if rng.Float64() < 0.7 && in.today.After(dangjian.NewDate(this, 3, 1)) {
					on := dangjian.NewDate(this, time.Month(2+rng.IntN(2)), 1+rng.IntN(28))
					fu.Outcome, fu.OutcomeOn, fu.UpdatedAt = "经教育帮助已改正，支部大会认可", &on, at(on, 10)
				}
				if err := l.AddFollowUp(ctx, fu); err != nil {
					return err
				}
				follow++
			}
			evals++
			ballots += e.voted
		}
		if rng.Float64() < evalThisYearShare {
			states := []string{dangjian.EvalOpen, dangjian.EvalSelf, dangjian.EvalVoting, dangjian.EvalVoting, dangjian.EvalClosed, dangjian.EvalProposed}
			e := &evalSim{rng: rng, rules: rs, ms: ms, id: nextEval, org: o, year: this}
			nextEval++
			if err := e.write(ctx, l, states[rng.IntN(len(states))], at); err != nil {
				return err
			}
			evals++
			ballots += e.voted
		}
		for _, yr := range []struct {
			year  int
			share float64
		}{{last, reportLastShare}, {this, reportThisShare}} {
			if rng.Float64() >= yr.share {
				continue
			}
			n, err := reportSim(ctx, l, rng, nextReport, o, ms, yr.year, in.today, at)
			if err != nil {
				return err
			}
			nextReport++
			reports++
			ratings += n
		}
	}
	if err := l.Flush(ctx); err != nil {
		return err
	}
	if err := tx.SyncEvalIDs(ctx); err != nil {
		return err
	}
	in.sum.History["evaluations"] += evals
	in.sum.History["evaluation_ballots"] += ballots
	in.sum.History["evaluation_followups"] += follow
	in.sum.History["admin_reports"] += reports
	in.sum.History["admin_report_ratings"] += ratings
	return nil
}

// evalSim simulates one branch's campaign up to a state.
type evalSim struct {
	rng         *rand.Rand
	rules       *dangjian.RuleSet
	ms          []dangjian.EvalCandidate
	id          int64
	org         *dangjian.Org
	year        int
	voted       int
	decided     time.Time
	unqualified []int64
}

func (e *evalSim) write(ctx context.Context, l *sqlstore.EvalLoader, state string, at func(dangjian.Date, int) time.Time) error {
	rng, y := e.rng, e.year
	opened := dangjian.NewDate(y, 11, 1+rng.IntN(10))
	if state != dangjian.EvalPublished {
		opened = dangjian.NewDate(y, time.Month(1+rng.IntN(2)), 5+rng.IntN(20))
	}
	ev := &dangjian.Evaluation{ID: e.id, OrgID: e.org.ID, Year: y, State: state, CreatedAt: at(opened, 9), UpdatedAt: at(opened, 9)}
	stage := map[string]int{dangjian.EvalOpen: 0, dangjian.EvalSelf: 1, dangjian.EvalVoting: 2, dangjian.EvalClosed: 3, dangjian.EvalProposed: 4,
		dangjian.EvalDecided: 5, dangjian.EvalPublished: 6}[state]
	cands := make([]dangjian.EvalCandidate, len(e.ms))
	ids := make([]int64, len(e.ms))
	for i, m := range e.ms {
		cands[i] = dangjian.EvalCandidate{MemberID: m.MemberID, Name: m.Name}
		ids[i] = m.MemberID
		if stage >= 1 && rng.Float64() < 0.9 {
			t := at(opened.AddDays(3+rng.IntN(7)), 20)
			cands[i].SelfText, cands[i].SelfAt = evalSelfTexts[rng.IntN(len(evalSelfTexts))], &t
		}
	}
	// Each member's standing: most are qualified, some stand out, a few
	// draw 不合格 votes.
	standing := make([]float64, len(e.ms))
	for i := range standing {
		switch r := rng.Float64(); {
		case r < evalUnqualifiedPer:
			standing[i] = -1
		case r < 0.25:
			standing[i] = 1
		}
	}
	votes := map[sqlstore.BallotCell]int{}
	voters := make([]sqlstore.BallotVoter, len(e.ms))
	for i, m := range e.ms {
		voters[i] = sqlstore.BallotVoter{MemberID: m.MemberID}
	}
	if stage >= 2 {
		share := evalTurnout
		if stage == 2 {
			share = 0.3 + 0.5*rng.Float64() // voting still open
		}
		for i := range voters {
			if rng.Float64() >= share {
				continue
			}
			voters[i].Voted, voters[i].Paper = true, rng.Float64() < evalPaperShare
			e.voted++
			for j, m := range e.ms {
				if j == i {
					continue
				}
				votes[sqlstore.BallotCell{SubjectID: m.MemberID, Choice: ballotGrade(rng, standing[j])}]++
			}
		}
	}
	if stage >= 3 {
		c := at(opened.AddDays(20), 17)
		ev.ClosedAt, ev.UpdatedAt = &c, c
	}
	if stage >= 4 {
		limit := dangjian.ExcellentCap(e.rules, len(e.ms))
		over := rng.Float64() < evalOverCapShare
		if over {
			limit++
			ev.ExcellentReason = "该同志年内获上级表彰，经支委会研究推荐为优秀"
		}
		// The most excellent votes get 优秀, within the cap; 不合格 where
		// most voted so; the rest by their leading grade.
		order := make([]int, len(e.ms))
		for i := range order {
			order[i] = i
		}
		count := func(i int, g string) int { return votes[sqlstore.BallotCell{SubjectID: e.ms[i].MemberID, Choice: g}] }
		sort.SliceStable(order, func(a, b int) bool {
			return count(order[a], dangjian.GradeExcellent) > count(order[b], dangjian.GradeExcellent)
		})
		excellent := 0
		for _, i := range order {
			var gc dangjian.GradeCount
			for _, g := range dangjian.Grades {
				gc.Add(g, count(i, g))
			}
			grade := gc.Leading()
			switch {
			case grade == "":
				grade = dangjian.GradeQualified
			case grade == dangjian.GradeExcellent && excellent >= limit:
				grade = dangjian.GradeQualified
			}
			if grade == dangjian.GradeExcellent {
				excellent++
			}
			cands[i].Proposed = grade
		}
		if excellent <= dangjian.ExcellentCap(e.rules, len(e.ms)) {
			ev.ExcellentReason = ""
		}
		ev.UpdatedAt = at(opened.AddDays(24), 15)
	}
	if stage >= 5 {
		on := opened.AddDays(28 + e.rng.IntN(10))
		ev.DecidedOn, ev.DecisionNote = &on, "党员大会审议通过支委会提出的评定等次"
		e.decided = at(on, 16)
		ev.UpdatedAt = e.decided
		for i := range cands {
			cands[i].Final = cands[i].Proposed
			if cands[i].Final == dangjian.GradeUnqualified {
				e.unqualified = append(e.unqualified, cands[i].MemberID)
			}
		}
	}
	if stage >= 6 {
		p := e.decided.Add(48 * time.Hour)
		ev.PublishedAt, ev.UpdatedAt = &p, p
	}
	if err := l.AddEvaluation(ctx, ev); err != nil {
		return err
	}
	for i := range cands {
		if err := l.AddCandidate(ctx, e.id, &cands[i]); err != nil {
			return err
		}
	}
	return l.AddBox(ctx, sqlstore.BoxEvaluation, e.id, voters, ids, dangjian.Grades, votes)
}

// ballotGrade draws one voter's grade for a member of a standing.
func ballotGrade(rng *rand.Rand, standing float64) string {
	r := rng.Float64()
	switch {
	case standing < 0:
		switch {
		case r < 0.6:
			return dangjian.GradeUnqualified
		case r < 0.85:
			return dangjian.GradeBasic
		}
		return dangjian.GradeQualified
	case standing > 0:
		if r < 0.6 {
			return dangjian.GradeExcellent
		}
		return dangjian.GradeQualified
	}
	switch {
	case r < 0.1:
		return dangjian.GradeExcellent
	case r < 0.95:
		return dangjian.GradeQualified
	}
	return dangjian.GradeBasic
}

// reportSim writes an administrative head's report of a branch in year
// with its ratings; last year's closed, this year's still open. It
// returns the ratings cast.
func reportSim(ctx context.Context, l *sqlstore.EvalLoader, rng *rand.Rand, id int64, o *dangjian.Org, ms []dangjian.EvalCandidate, year int,
	today dangjian.Date, at func(dangjian.Date, int) time.Time) (int, error) {
	on := dangjian.NewDate(year, time.Month(1+rng.IntN(3)), 5+rng.IntN(20))
	if !on.Before(today) {
		on = today.AddDays(-1)
	}
	unit := o.Unit
	if unit == "" {
		unit = o.Name
	}
	r := &dangjian.AdminReport{ID: id, OrgID: o.ID, Year: on.Year(), Reporter: unit + evalReporters[rng.IntN(len(evalReporters))],
		Title: fmt.Sprintf("%d年度工作情况报告", on.Year()-1), ReportedOn: on, State: dangjian.ReportOpen, CreatedAt: at(on, 11),
		Body: "一、上年度主要工作完成情况\n二、存在的问题和不足\n三、本年度工作思路和主要举措\n请各位党员提出意见建议。"}
	closed := year < today.Year()
	if closed {
		c := at(on.AddDays(7), 17)
		r.State, r.ClosedAt = dangjian.ReportClosed, &c
	}
	if err := l.AddAdminReport(ctx, r); err != nil {
		return 0, err
	}
	share := 0.9
	if !closed {
		share = 0.4
	}
	voters := make([]sqlstore.BallotVoter, len(ms))
	votes := map[sqlstore.BallotCell]int{}
	n := 0
	for i, m := range ms {
		voters[i] = sqlstore.BallotVoter{MemberID: m.MemberID}
		if rng.Float64() >= share {
			continue
		}
		voters[i].Voted, voters[i].Paper = true, rng.Float64() < evalPaperShare
		choice := dangjian.RatingSatisfied
		switch x := rng.Float64(); {
		case x < 0.04:
			choice = dangjian.RatingDissatisfied
		case x < 0.2:
			choice = dangjian.RatingBasic
		}
		votes[sqlstore.BallotCell{SubjectID: 0, Choice: choice}]++
		n++
	}
	return n, l.AddBox(ctx, sqlstore.BoxAdminReport, id, voters, []int64{0}, dangjian.Ratings, votes)
}
