package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// The rectification ledger and what feeds it: about half the
// organizational life meetings and every democratic life meeting since
// 1 January of last year named problems, each an item with the branch's
// (or group's) secretary responsible; last year's are mostly done and
// verified by the level above, some still overdue; this year's are under
// way. Most leading groups' democratic life meetings have oversight notes
// and a report sent (most of last year's received). Most secretaries
// reported on last year's party building and were graded, the weaker
// grades naming problems that became items. A dozen cadre opinion
// requests, one overdue and unanswered.

// Shares of the rectification pass.
const (
	lifeItemShare     = 0.5  // life meetings that named problems
	dlmOversightShare = 0.85 // democratic life meetings overseen
	reportShare       = 0.92 // secretaries who reported on last year
	gradedShare       = 0.88 // of those, graded
	opinionRequests   = 12
)

var (
	rectLifeProblems = []string{"理论学习不够系统深入，学用结合不够紧密", "批评与自我批评辣味不足，点问题不够具体", "谈心谈话开展不经常，覆盖不全",
		"党员先锋模范作用发挥不够明显", "会前征求意见范围不广，群众参与不够", "“三会一课”记录不规范，部分内容缺失", "党费收缴台账不完整，存在延迟交纳",
		"主题党日内容形式单一，吸引力不强"}
	rectDLMProblems = []string{"调查研究不够深入，联系基层不够紧密", "落实全面从严治党主体责任有差距", "民主集中制执行不够严格，会前沟通不充分",
		"形式主义官僚主义问题仍有表现，文山会海有反弹", "抓党建与抓业务融合不够，存在“两张皮”", "对分管领域党风廉政建设督促检查不够"}
	rectReportProblems = []string{"抓党建工作精力投入不足，研究部署不够经常", "基层党组织标准化规范化建设推进较慢", "党员教育管理方式单一，针对性不强",
		"发展党员工作计划性不强", "党务干部队伍培训不够"}
	rectMeasures = []string{"制定学习计划，每月集中学习一次，年底考核", "建立台账，逐项明确责任人和完成时限", "开展专题培训，完善制度并抓好落实",
		"每季度专题研究一次，书记带头督促检查", "结合主题党日开展，形成常态化机制"}
	rectNotes = []string{"已制定整改方案，明确责任分工", "已召开专题会议研究部署", "已完成阶段性任务，正在推进", "相关制度已修订印发",
		"已开展专项检查，问题基本解决"}
	rectEvidence  = []string{"整改方案一份", "会议记录", "制度文件", "培训签到表", "检查记录及照片"}
	dlmOpinions   = [][2]string{{"机关党委", "班子成员下基层调研次数偏少"}, {"基层党支部", "希望加强对支部工作的指导"}, {"党员群众座谈会", "办事效率有待提高"}, {"离退休干部", "关心关爱老同志不够"}, {"服务对象", "政策宣传解读不够到位"}}
	dlmSelfCrit   = []string{"理论学习不够系统，满足于读文件", "深入基层调研不够，掌握一线情况不全", "工作标准不够高，有时满足于完成任务", "落实“一岗双责”不够有力"}
	dlmCritRecv   = []string{"希望多下基层听取意见", "对分管科室要求不够严格", "开会讲话较长，应更精简", "批评同志时顾虑较多"}
	reportTexts   = []string{"一年来，认真履行抓党建第一责任人职责，坚持把党建工作与业务工作同谋划、同部署、同考核。", "全年主持召开支委会研究党建工作，带头讲党课，督促落实“三会一课”制度。"}
	gradeComments = map[string]string{dangjian.GradeGood: "责任落实到位，工作成效明显。", dangjian.GradeFairlyGood: "工作较为扎实，个别方面仍需加强。",
		dangjian.GradeAverage: "履职基本到位，存在明显短板。", dangjian.GradePoor: "抓党建责任落实不力，须限期整改。"}
)

// rectGen writes the pass's rows with the ids it takes in order.
type rectGen struct {
	rng   *rand.Rand
	l     *sqlstore.RectificationLoader
	ids   sqlstore.NextRectIDs
	today dangjian.Date
	now   time.Time
	sum   *Summary
}

func (g *rectGen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

// before returns t, or a moment before now when t is later.
func (g *rectGen) before(t time.Time) time.Time {
	if t.After(g.now) {
		return g.now.Add(-time.Duration(1+g.rng.IntN(600)) * time.Minute)
	}
	return t
}

// item writes one ledger item found at found with its timeline, its
// status drawn from whether its deadline has passed.
func (g *rectGen) item(ctx context.Context, orgID int64, source, problem string, owner int64, found time.Time, deadline dangjian.Date,
	meetingID, reportID *int64) error {
	r := &dangjian.Rectification{ID: g.ids.Rectification, OrgID: orgID, Source: source, Year: dangjian.DateOf(found).Year(), Problem: problem,
		Measures: g.pick(rectMeasures), Deadline: deadline, MeetingID: meetingID, ReportID: reportID, CreatedBy: "admin"}
	g.ids.Rectification++
	if owner != 0 {
		o := owner
		r.OwnerID = &o
	}
	r.CreatedAt = g.before(found.Add(time.Duration(20+g.rng.IntN(60)) * time.Hour))
	x := g.rng.Float64()
	switch passed := deadline.Before(g.today); {
	case passed && x < 0.5:
		r.Status = dangjian.RectVerified
	case passed && x < 0.72, !passed && x < 0.15:
		r.Status = dangjian.RectDone
	case passed && x < 0.87, !passed && x < 0.6:
		r.Status = dangjian.RectInProgress
	default:
		r.Status = dangjian.RectOpen
	}
	note := func(from, to string, progress int, at time.Time, text, evidence, by string) {
		r.Updates = append(r.Updates, &dangjian.RectificationNote{ID: g.ids.Note, FromStatus: from, Status: to, Progress: progress, Note: text,
			Evidence: evidence, By: by, At: at})
		g.ids.Note++
	}
	note("", dangjian.RectOpen, 0, r.CreatedAt, "登记整改事项", "", "admin")
	t := r.CreatedAt
	step := func(days int) time.Time {
		t = g.before(t.Add(time.Duration(days*24+g.rng.IntN(8)) * time.Hour))
		return t
	}
	span := max(r.CreatedAt.AddDate(0, 0, 1).Sub(r.CreatedAt), deadline.Time().Sub(r.CreatedAt))
	days := max(1, int(span.Hours()/24))
	if r.Status != dangjian.RectOpen {
		r.Progress = 20 + g.rng.IntN(60)
		note(dangjian.RectOpen, dangjian.RectInProgress, r.Progress, step(1+days/4), g.pick(rectNotes), g.pick(rectEvidence), "admin")
	}
	if r.Status == dangjian.RectDone || r.Status == dangjian.RectVerified {
		r.Progress = 100
		note(dangjian.RectInProgress, dangjian.RectDone, 100, step(1+days/2), "整改任务已全部完成", g.pick(rectEvidence), "admin")
	}
	if r.Status == dangjian.RectVerified {
		at := step(3 + g.rng.IntN(20))
		note(dangjian.RectDone, dangjian.RectVerified, 100, at, "经核实，整改到位，同意销号", "", "上级党组织")
		r.VerifiedBy, r.VerifiedAt = "上级党组织", &at
	}
	r.UpdatedAt = t
	if err := g.l.AddRectification(ctx, r); err != nil {
		return err
	}
	g.sum.History["rectifications"]++
	if r.IsOverdue(g.today) {
		g.sum.History["rectifications_overdue"]++
	}
	if r.Status == dangjian.RectVerified {
		g.sum.History["rectifications_verified"]++
	}
	return nil
}

// rectPass writes the ledger, the oversight of democratic life meetings,
// last year's secretaries' reports and the cadre opinion requests.
func rectPass(ctx context.Context, tx *sqlstore.Tx, in historyInput) error {
	orgs, err := tx.DemoOrgSeats(ctx, in.root.Path)
	if err != nil {
		return err
	}
	byID := make(map[int64]*sqlstore.DemoOrg, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	lastYear := in.today.Year() - 1
	from := time.Date(lastYear, 1, 1, 0, 0, 0, 0, dangjian.CST)
	meetings, err := tx.DemoLifeMeetings(ctx, from, in.today.AddDays(1).Time().Add(-8*time.Hour))
	if err != nil {
		return err
	}
	ids, err := tx.NextRectIDs(ctx)
	if err != nil {
		return err
	}
	l := tx.NewRectificationLoader()
	defer l.Close()
	g := &rectGen{rng: rand.New(rand.NewPCG(uint64(in.seed), 0x2ec7_1f1c_a7_2026)), l: l, ids: ids, today: in.today, sum: in.sum,
		now: in.today.Time().Add(-9 * time.Hour)} // 23:00 CST yesterday: organizational life runs up to yesterday
	if err := rectMeetings(ctx, g, byID, meetings); err != nil {
		return err
	}
	if err := rectReports(ctx, g, orgs, lastYear); err != nil {
		return err
	}
	if err := rectOpinions(ctx, g, orgs); err != nil {
		return err
	}
	if err := l.Flush(ctx); err != nil {
		return err
	}
	return tx.SyncRectIDs(ctx)
}

// rectMeetings writes the items the meetings named and the oversight of
// each leading group's latest democratic life meeting of a year.
func rectMeetings(ctx context.Context, g *rectGen, byID map[int64]*sqlstore.DemoOrg, meetings []*sqlstore.DemoMeeting) error {
	type groupYear struct {
		org  int64
		year int
	}
	latest := map[groupYear]*sqlstore.DemoMeeting{}
	for i, m := range meetings {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("rectification pass: %w", err)
			}
		}
		o := byID[m.OrgID]
		if o == nil {
			continue
		}
		held := dangjian.DateOf(m.HeldAt)
		n, problems, source := 0, rectLifeProblems, dangjian.SourceLifeMeeting
		if m.Kind == dangjian.MeetingDemocraticLifeMeeting {
			n, problems, source = 2+g.rng.IntN(3), rectDLMProblems, dangjian.SourceDLM
			k := groupYear{m.OrgID, held.Year()}
			if p := latest[k]; p == nil || m.HeldAt.After(p.HeldAt) {
				latest[k] = m
			}
		} else if g.rng.Float64() < lifeItemShare {
			n = 1 + g.rng.IntN(2)
		}
		first := g.rng.IntN(len(problems))
		for k := 0; k < n; k++ {
			mid := m.ID
			deadline := held.AddDays(60 + g.rng.IntN(120))
			if err := g.item(ctx, m.OrgID, source, problems[(first+k)%len(problems)], o.Secretary, m.HeldAt, deadline, &mid, nil); err != nil {
				return err
			}
		}
	}
	keys := make([]groupYear, 0, len(latest))
	for k := range latest {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b groupYear) int {
		if a.org != b.org {
			return int(a.org - b.org)
		}
		return a.year - b.year
	})
	for _, k := range keys {
		if g.rng.Float64() >= dlmOversightShare {
			continue
		}
		m := latest[k]
		mid := m.ID
		d := &dangjian.DLMOversight{ID: g.ids.Oversight, OrgID: k.org, Year: k.year, MeetingID: &mid, ReportStatus: dangjian.DLMReportNone,
			Notes: "会前广泛征求意见，班子成员开展了严肃认真的批评与自我批评，查摆问题较为具体，整改措施明确。", UpdatedBy: "admin"}
		g.ids.Oversight++
		first := g.rng.IntN(len(dlmOpinions))
		for i := 0; i < 2+g.rng.IntN(2); i++ {
			op := dlmOpinions[(first+i)%len(dlmOpinions)]
			d.Opinions = append(d.Opinions, dangjian.DLMOpinion{From: op[0], Gist: op[1]})
		}
		for _, a := range m.Present {
			d.Criticisms = append(d.Criticisms, dangjian.DLMCriticism{MemberID: a.MemberID, Name: a.Name, Self: g.pick(dlmSelfCrit), Received: g.pick(dlmCritRecv)})
		}
		d.UpdatedAt = g.before(m.HeldAt.Add(time.Duration(2+g.rng.IntN(5)) * 24 * time.Hour))
		if x := g.rng.Float64(); x < 0.8 {
			sent := g.before(d.UpdatedAt.Add(time.Duration(3+g.rng.IntN(10)) * 24 * time.Hour))
			d.ReportStatus, d.Report, d.SentBy, d.SentAt = dangjian.DLMReportSent, "关于党组民主生活会召开情况的监督报告", "admin", &sent
			if k.year < g.today.Year() || x < 0.4 {
				recv := g.before(sent.Add(time.Duration(1+g.rng.IntN(6)) * 24 * time.Hour))
				d.ReportStatus, d.ReceivedBy, d.ReceivedAt = dangjian.DLMReportReceived, "admin", &recv
			}
		}
		if err := g.l.AddDLMOversight(ctx, d); err != nil {
			return err
		}
		g.sum.History["dlm_oversights"]++
	}
	return nil
}

// rectReports writes last year's secretaries' reports, most graded; the
// weaker grades named problems that became items.
func rectReports(ctx context.Context, g *rectGen, orgs []*sqlstore.DemoOrg, year int) error {
	submitted := time.Date(year+1, 1, 10, 10, 0, 0, 0, dangjian.CST)
	for i, o := range orgs {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("rectification pass: %w", err)
			}
		}
		if o.Secretary == 0 || !slices.Contains(dangjian.ReportingKinds, o.Kind) || g.rng.Float64() >= reportShare {
			continue
		}
		sec := o.Secretary
		r := &dangjian.SecretaryReport{ID: g.ids.Report, OrgID: o.ID, Year: year, MemberID: &sec, Report: reportTexts[0] + reportTexts[1],
			Status: dangjian.ReportSubmitted, SubmittedBy: "admin", CreatedAt: g.before(submitted.Add(time.Duration(g.rng.IntN(20*24)) * time.Hour))}
		g.ids.Report++
		var problems []string
		if g.rng.Float64() < gradedShare {
			x := g.rng.Float64()
			switch {
			case x < 0.35:
				r.Grade = dangjian.GradeGood
			case x < 0.75:
				r.Grade = dangjian.GradeFairlyGood
			case x < 0.95:
				r.Grade = dangjian.GradeAverage
			default:
				r.Grade = dangjian.GradePoor
			}
			at := g.before(r.CreatedAt.Add(time.Duration(5+g.rng.IntN(20)) * 24 * time.Hour))
			r.Status, r.Comments, r.GradedBy, r.GradedAt = dangjian.ReportGraded, gradeComments[r.Grade], "admin", &at
			if r.Grade == dangjian.GradeAverage || r.Grade == dangjian.GradePoor || g.rng.Float64() < 0.2 {
				first := g.rng.IntN(len(rectReportProblems))
				for k := 0; k < 1+g.rng.IntN(2); k++ {
					problems = append(problems, rectReportProblems[(first+k)%len(rectReportProblems)])
				}
			}
		}
		r.Problems = problems
		if r.Problems == nil {
			r.Problems = []string{}
		}
		if err := g.l.AddSecretaryReport(ctx, r); err != nil {
			return err
		}
		g.sum.History["secretary_reports"]++
		for _, p := range problems {
			rid := r.ID
			if err := g.item(ctx, o.ID, dangjian.SourceReport, p, sec, *r.GradedAt, dangjian.DateOf(*r.GradedAt).AddDays(90+g.rng.IntN(90)), nil, &rid); err != nil {
				return err
			}
		}
	}
	return nil
}

// rectOpinions writes the cadre opinion requests: to branches spread over
// the county, about a committee member; the first is overdue.
func rectOpinions(ctx context.Context, g *rectGen, orgs []*sqlstore.DemoOrg) error {
	var branches []*sqlstore.DemoOrg
	for _, o := range orgs {
		if o.Kind == dangjian.KindBranch && len(o.Others) > 0 {
			branches = append(branches, o)
		}
	}
	if len(branches) == 0 {
		return nil
	}
	notes := []string{"拟提任副科长，请于期限内反馈党组织意见", "拟交流任职，请提出意见", "拟推荐为后备干部人选", "拟晋升职级，请提出意见"}
	for i := 0; i < opinionRequests; i++ {
		b := branches[(i*7919+g.rng.IntN(len(branches)))%len(branches)]
		c := &dangjian.CadreOpinion{ID: g.ids.Opinion, MemberID: b.Others[g.rng.IntN(len(b.Others))], OrgID: b.ID, Note: g.pick(notes),
			Status: dangjian.OpinionPending, RequestedBy: "admin"}
		g.ids.Opinion++
		switch {
		case i == 0: // overdue, unanswered
			c.CreatedAt, c.Deadline = g.now.AddDate(0, 0, -25), g.today.AddDays(-10)
		case i < 8:
			c.CreatedAt = g.now.AddDate(0, 0, -60-g.rng.IntN(200))
			c.Deadline = dangjian.DateOf(c.CreatedAt).AddDays(15)
			at := c.CreatedAt.AddDate(0, 0, 3+g.rng.IntN(10))
			c.Status, c.AnsweredBy, c.AnsweredAt = dangjian.OpinionAnswered, "admin", &at
			switch x := g.rng.Float64(); {
			case x < 0.7:
				c.Opinion = dangjian.OpinionAgree
			case x < 0.9:
				c.Opinion, c.Reasons = dangjian.OpinionWithReservations, "该同志业务能力较强，但联系群众还需加强。"
			default:
				c.Opinion, c.Reasons = dangjian.OpinionDisagree, "该同志近一年组织生活参加不经常，群众反映一般。"
			}
		default:
			c.CreatedAt, c.Deadline = g.now.AddDate(0, 0, -3), g.today.AddDays(10+g.rng.IntN(10))
		}
		if err := g.l.AddCadreOpinion(ctx, c); err != nil {
			return err
		}
		g.sum.History["cadre_opinions"]++
	}
	return nil
}
