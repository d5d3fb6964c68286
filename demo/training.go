package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// Education and training (issue 5): this year's trainings up to the day
// before today. Each unit (the organization above its branches) runs two
// days of concentrated study for its members and a party-school course
// for its branch secretaries and committee members; each branch holds
// a day of study and logs online study, and some credit their
// party lectures as hours from meetings. Most members reach their hours by the
// end of the year; gappy branches fall short, a few committee members miss
// the course, and a few branches are "以会代训": only meeting hours, no
// dedicated training. member_hours and org_year_hours are computed here
// and written with the trainings, as the app would have kept them.

// Shares of the training pass.
const (
	trainMATShare      = 0.05 // branches trained only by meetings
	trainGappyShare    = 0.15 // branches with half the study and less online
	trainSkipCourse    = 0.18 // committee members who miss the party-school course
	trainLeaveEarly    = 0.06 // participants who leave a session early
	trainConcentrated  = 0.88 // members at the unit's concentrated study
	trainSessionAttend = 0.85 // members at a branch study session
	trainCreditShare   = 0.3  // branches that credit their lectures as study hours
)

// trainAcc is one member's hours as the pass writes them.
type trainAcc struct {
	hours, from float64
	conc        int
	trainedOn   dangjian.Date // first dedicated training on or after since, for secretaries
}

type trainer struct {
	rng     *rand.Rand
	load    *sqlstore.TrainingLoader
	next    int64
	conv    dangjian.HoursConversion
	first   dangjian.Date
	last    dangjian.Date
	orgOf   map[int64]int64 // member → organization
	accs    map[int64]*trainAcc
	since   map[int64]dangjian.Date // secretaries: since when
	written int
	parts   int
}

// day is a random date of [from, to] within the year so far, or false.
func (tr *trainer) day(from, to dangjian.Date) (dangjian.Date, bool) {
	if from.Before(tr.first) {
		from = tr.first
	}
	if to.After(tr.last) {
		to = tr.last
	}
	if to.Before(from) {
		return dangjian.Date{}, false
	}
	return from.AddDays(tr.rng.IntN(from.DaysUntil(to) + 1)), true
}

// add writes a training with its participants and folds their hours in.
func (tr *trainer) add(ctx context.Context, t *dangjian.Training) error {
	if len(t.Participants) == 0 {
		return nil
	}
	// Only active members are credited: a record may list one who left.
	kept := t.Participants[:0]
	for _, p := range t.Participants {
		if o, ok := tr.orgOf[p.MemberID]; ok {
			p.OrgID = o
			kept = append(kept, p)
		}
	}
	t.Participants = kept
	if len(kept) == 0 {
		return nil
	}
	t.ID = tr.next
	tr.next++
	for i := range t.Participants {
		p := &t.Participants[i]
		a := tr.accs[p.MemberID]
		if a == nil {
			a = &trainAcc{}
			tr.accs[p.MemberID] = a
		}
		a.hours += p.Hours
		if t.MeetingID != nil {
			a.from += p.Hours
			continue
		}
		if dangjian.IsConcentrated(t.Kind) {
			a.conc++
		}
		if s, ok := tr.since[p.MemberID]; ok && !t.StartOn.Before(s) && (a.trainedOn.IsZero() || t.StartOn.Before(a.trainedOn)) {
			a.trainedOn = t.StartOn
		}
	}
	tr.written++
	tr.parts += len(t.Participants)
	return tr.load.AddTraining(ctx, t)
}

// people picks each of ids with probability share, hours each (a few
// leave early with half).
func (tr *trainer) people(ids []int64, share, hours float64) []dangjian.TrainingParticipant {
	var out []dangjian.TrainingParticipant
	for _, id := range ids {
		if tr.rng.Float64() >= share {
			continue
		}
		h := hours
		if tr.rng.Float64() < trainLeaveEarly {
			h = dangjian.RoundHours(hours / 2)
		}
		out = append(out, dangjian.TrainingParticipant{MemberID: id, Hours: h})
	}
	return out
}

var (
	trainTopics = []string{"学习贯彻党的二十大精神", "学习《中国共产党章程》", "党史学习教育", "学习《中国共产党纪律处分条例》",
		"学习习近平新时代中国特色社会主义思想", "深入贯彻中央八项规定精神", "学习《中国共产党支部工作条例》"}
	trainOnline = []string{"干部网络学院专题课程", "学习强国在线学习"}
)

// trainingPass writes this year's trainings of the county in bulk.
func trainingPass(ctx context.Context, tx *sqlstore.Tx, in historyInput) error {
	rs, err := dangjian.DefaultRules()
	if err != nil {
		return fmt.Errorf("demo rules: %w", err)
	}
	year := in.today.Year()
	tr := &trainer{rng: rand.New(rand.NewPCG(uint64(in.seed), 0x7a1_2026_ed0)), conv: dangjian.ConversionOf(rs),
		first: dangjian.NewDate(year, 1, 1), last: in.today.AddDays(-1), orgOf: map[int64]int64{}, accs: map[int64]*trainAcc{}, since: map[int64]dangjian.Date{}}
	if tr.last.Before(tr.first) {
		return nil // 1 January: nothing held yet this year
	}
	orgs, err := tx.TrainingOrgs(ctx, in.root.Path)
	if err != nil {
		return err
	}
	byOrg := map[int64][]int64{}
	if err := tx.ActiveMemberOrgs(ctx, in.root.Path, func(m, o int64) error {
		byOrg[o] = append(byOrg[o], m)
		tr.orgOf[m] = o
		return nil
	}); err != nil {
		return err
	}
	posts, err := tx.PostsUnder(ctx, in.root.Path)
	if err != nil {
		return err
	}
	for id, ps := range posts {
		if role, since := dangjian.RoleOf(ps); role == dangjian.HoursRoleSecretary && !since.IsZero() {
			tr.since[id] = since
		}
	}
	from := tr.first.Time().Add(-8 * time.Hour) // CST midnight
	to := in.today.Time().Add(-8 * time.Hour)
	kinds := []string{dangjian.MeetingLecture, dangjian.MeetingAssembly}
	meetings, err := tx.MeetingsOfKinds(ctx, kinds, from, to)
	if err != nil {
		return err
	}
	if tr.next, err = tx.NextTrainingID(ctx); err != nil {
		return err
	}
	tr.load = tx.NewTrainingLoader()
	kind := map[int64]string{}
	name := map[int64]string{}
	for _, o := range orgs {
		kind[o.ID], name[o.ID] = o.Kind, o.Name
	}
	// The organizer of a branch's unit-level trainings: its parent, unless
	// that is the working committee (then the branch runs them itself).
	unitOf := func(o sqlstore.TrainingOrg) int64 {
		if o.ParentID == 0 || kind[o.ParentID] == dangjian.KindWorkingCommittee {
			return o.ID
		}
		return o.ParentID
	}
	type unitPeople struct{ members, committee []int64 }
	units := map[int64]*unitPeople{}
	var unitOrder []int64
	mat := map[int64]bool{}
	var matOrgs, gappyOrgs int
	for _, o := range orgs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("training pass: %w", err)
		}
		ms := byOrg[o.ID]
		if o.Kind != dangjian.KindBranch || len(ms) == 0 {
			continue
		}
		profile := tr.rng.Float64()
		isMAT, gappy := profile < trainMATShare, profile >= trainMATShare && profile < trainMATShare+trainGappyShare
		u := unitOf(o)
		up := units[u]
		if up == nil {
			up = &unitPeople{}
			units[u] = up
			unitOrder = append(unitOrder, u)
		}
		credit := func(kind, title string, hours float64) error {
			for _, m := range meetings[o.ID] {
				if m.Kind != kind {
					continue
				}
				id := m.ID
				d := dangjian.DateOf(m.HeldAt)
				ps := tr.people(m.Present, 1, hours)
				if m.Present == nil {
					ps = tr.people(ms, 0.88, hours) // a record by counts: those present are not listed
				}
				if err := tr.add(ctx, &dangjian.Training{OrgID: o.ID, Kind: dangjian.TrainingBranchStudy, Title: title, StartOn: d, EndOn: d,
					Topic: trainTopics[tr.rng.IntN(len(trainTopics))], MeetingID: &id, Duration: hours, Unit: dangjian.UnitHour, Hours: hours, Participants: ps}); err != nil {
					return err
				}
			}
			return nil
		}
		// Party lectures are credited as study in some branches, and in
		// those trained by meetings.
		if isMAT || tr.rng.Float64() < trainCreditShare {
			if err := credit(dangjian.MeetingLecture, "党课学习", 2); err != nil {
				return err
			}
		}
		if isMAT {
			// 以会代训: study squeezed into the assemblies, nothing else,
			// not even the committee's course.
			mat[o.ID] = true
			matOrgs++
			if err := credit(dangjian.MeetingAssembly, "党员大会集中学习", 2); err != nil {
				return err
			}
			continue
		}
		up.members = append(up.members, ms...)
		for _, id := range ms {
			if role, _ := dangjian.RoleOf(posts[id]); role != dangjian.HoursRoleMember {
				up.committee = append(up.committee, id)
			}
		}
		// A day of branch study (a gappy branch: half a day), and online
		// study over the year so far.
		unit, dur, online := dangjian.UnitDay, tr.conv.Day, [2]int{8, 24}
		if gappy {
			gappyOrgs++
			unit, dur, online = dangjian.UnitHalfDay, tr.conv.HalfDay, [2]int{2, 8}
		}
		if d, ok := tr.day(dangjian.NewDate(year, 2, 15), dangjian.NewDate(year, 11, 30)); ok {
			if err := tr.add(ctx, &dangjian.Training{OrgID: o.ID, Kind: dangjian.TrainingBranchStudy, Title: "支部主题学习", StartOn: d, EndOn: d,
				Topic: trainTopics[tr.rng.IntN(len(trainTopics))], Duration: 1, Unit: unit, Hours: dur,
				Participants: tr.people(ms, trainSessionAttend, dur)}); err != nil {
				return err
			}
		}
		// Online study over the year so far, hours as each logged them.
		var ps []dangjian.TrainingParticipant
		for _, id := range ms {
			if tr.rng.Float64() < 0.9 {
				ps = append(ps, dangjian.TrainingParticipant{MemberID: id, Hours: float64(online[0] + tr.rng.IntN(online[1]-online[0]+1))})
			}
		}
		if err := tr.add(ctx, &dangjian.Training{OrgID: o.ID, Kind: dangjian.TrainingOnline, Title: trainOnline[tr.rng.IntN(len(trainOnline))],
			StartOn: tr.first, EndOn: tr.last, Topic: "网络自学", Participants: ps}); err != nil {
			return err
		}
	}
	// Unit-level: two days of concentrated study for members, a three-day
	// party-school course for secretaries and committee members.
	for _, u := range unitOrder {
		up := units[u]
		if d, ok := tr.day(dangjian.NewDate(year, 3, 1), dangjian.NewDate(year, 10, 31)); ok && len(up.members) > 0 && d.AddDays(1).Before(in.today) {
			h := 2 * tr.conv.Day
			if err := tr.add(ctx, &dangjian.Training{OrgID: u, Kind: dangjian.TrainingConcentrated, Title: name[u] + "党员集中轮训", StartOn: d, EndOn: d.AddDays(1),
				Topic: trainTopics[tr.rng.IntN(len(trainTopics))], Duration: 2, Unit: dangjian.UnitDay, Hours: h,
				Participants: tr.people(up.members, trainConcentrated, h)}); err != nil {
				return err
			}
		}
		if d, ok := tr.day(dangjian.NewDate(year, 4, 1), dangjian.NewDate(year, 9, 30)); ok && len(up.committee) > 0 {
			end := d.AddDays(2)
			if end.After(tr.last) {
				end = tr.last
			}
			days := float64(d.DaysUntil(end) + 1)
			h := days * tr.conv.Day
			if err := tr.add(ctx, &dangjian.Training{OrgID: u, Kind: dangjian.TrainingPartySchool, Title: name[u] + "基层党组织书记和支部委员培训班",
				StartOn: d, EndOn: end, Topic: "党务工作实务", Duration: days, Unit: dangjian.UnitDay, Hours: h,
				Participants: tr.people(up.committee, 1-trainSkipCourse, h)}); err != nil {
				return err
			}
		}
	}
	// The kept rows: each member's hours, each branch's aggregate.
	er := dangjian.NewEduRules(rs, dangjian.DefaultMeetingsAsTrainingShare)
	memberRows := 0
	for _, o := range orgs {
		ms := byOrg[o.ID]
		if len(ms) == 0 {
			continue
		}
		people := make([]dangjian.HoursPerson, len(ms))
		for i, id := range ms {
			hp := dangjian.HoursPerson{}
			hp.Role, hp.Since = dangjian.RoleOf(posts[id])
			if a := tr.accs[id]; a != nil {
				hp.Totals = dangjian.HoursTotals{Hours: dangjian.RoundHours(a.hours), FromMeetings: dangjian.RoundHours(a.from), Concentrated: a.conc}
				hp.TrainedOn = a.trainedOn
				if err := tr.load.AddMemberHours(ctx, id, year, hp.Totals); err != nil {
					return err
				}
				memberRows++
			}
			people[i] = hp
		}
		h := er.Aggregate(o.ID, year, people, in.today)
		if err := tr.load.AddOrgHours(ctx, &h); err != nil {
			return err
		}
	}
	if err := tr.load.Close(ctx); err != nil {
		return err
	}
	in.sum.History["trainings"] += tr.written
	in.sum.History["training_participants"] += tr.parts
	in.sum.History["member_hours"] += memberRows
	in.sum.History["meetings_as_training_branches"] += matOrgs
	in.sum.History["gappy_training_branches"] += gappyOrgs
	return nil
}
