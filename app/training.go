package app

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// meetingsAsTrainingShare reads the deployment's 以会代训 threshold and
// whether it was set (else the platform default, labelled local).
func meetingsAsTrainingShare(ctx context.Context, tx *sqlstore.Tx) (float64, bool, error) {
	raw, ok, err := tx.Setting(ctx, dangjian.MeetingsAsTrainingKey)
	if err != nil || !ok {
		return dangjian.DefaultMeetingsAsTrainingShare, false, err
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || dangjian.ValidMeetingsAsTrainingShare(v) != nil {
		return 0, false, fmt.Errorf("setting %s: bad value %q", dangjian.MeetingsAsTrainingKey, raw)
	}
	return v, true, nil
}

// MeetingsAsTrainingShare returns the 以会代训 threshold in force and
// whether the deployment set it; anyone signed in may read it.
func (a *App) MeetingsAsTrainingShare(ctx context.Context) (share float64, set bool, err error) {
	err = a.db.View(ctx, func(tx *sqlstore.Tx) error {
		share, set, err = meetingsAsTrainingShare(ctx, tx)
		return err
	})
	return share, set, err
}

// SetMeetingsAsTrainingShare sets the deployment's 以会代训 threshold; nil
// goes back to the platform default. Deployment-wide, so only an actor who
// may override rules at a root may set it; audited. The kept per-
// organization counts follow at the next training write or rebuild.
func (a *App) SetMeetingsAsTrainingShare(ctx context.Context, actor *dangjian.Actor, share *float64) error {
	if !canOverrideRules(actor) {
		return forbidden()
	}
	if share != nil {
		if err := dangjian.ValidMeetingsAsTrainingShare(*share); err != nil {
			return err
		}
	}
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, set, err := meetingsAsTrainingShare(ctx, tx)
		if err != nil {
			return err
		}
		var from, to any
		if set {
			from = old
		}
		if share == nil {
			if !set {
				return nil
			}
			if err := tx.DeleteSetting(ctx, dangjian.MeetingsAsTrainingKey); err != nil {
				return err
			}
		} else {
			to = *share
			if err := tx.SetSetting(ctx, dangjian.MeetingsAsTrainingKey, strconv.FormatFloat(*share, 'f', -1, 64)); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, "setting.update", "setting", 0, 0, map[string]any{"key": dangjian.MeetingsAsTrainingKey, "from": from, "to": to})
	})
}

// eduRules reads the rule table in force and the local threshold.
func (a *App) eduRules(ctx context.Context, tx *sqlstore.Tx) (dangjian.EduRules, dangjian.HoursConversion, error) {
	rs, _, err := a.ruleTable(ctx, tx)
	if err != nil {
		return dangjian.EduRules{}, dangjian.HoursConversion{}, err
	}
	share, _, err := meetingsAsTrainingShare(ctx, tx)
	if err != nil {
		return dangjian.EduRules{}, dangjian.HoursConversion{}, err
	}
	return dangjian.NewEduRules(rs, share), dangjian.ConversionOf(rs), nil
}

// HoursConversion returns edu.hours.conversion in force (local practice).
func (a *App) HoursConversion(ctx context.Context) (dangjian.HoursConversion, error) {
	var c dangjian.HoursConversion
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		_, c, err = a.eduRules(ctx, tx)
		return err
	})
	return c, err
}

// TrainingInput is a training as a recorder enters it. A participant's
// Hours 0 takes the training's converted duration.
type TrainingInput struct {
	OrgID        int64
	Kind         string
	Title        string
	StartOn      dangjian.Date
	EndOn        dangjian.Date
	Topic        string
	Materials    string
	MeetingID    *int64
	Duration     float64
	Unit         string
	Participants []dangjian.TrainingParticipant
}

// settleTraining checks the people a training names against its
// organizer: active members of its subtree; hours from a meeting go only
// to those present at it, a meeting of the organizer's subtree. It fills
// names and each participant's organization.
func settleTraining(ctx context.Context, tx *sqlstore.Tx, o *dangjian.Org, t *dangjian.Training) error {
	v := dangjian.Invalid{}
	var present map[int64]bool
	if t.MeetingID != nil {
		m, err := tx.Meeting(ctx, *t.MeetingID)
		switch {
		case dangjian.ErrorCode(err) == dangjian.ENOTFOUND:
			v.Add("meeting_id", "会议不存在")
		case err != nil:
			return err
		default:
			mo, err := tx.Org(ctx, m.OrgID)
			if err != nil {
				return err
			}
			if m.Deleted || !dangjian.InSubtree(mo.Path, o.Path) {
				v.Add("meeting_id", "该会议不是本组织的有效会议")
			}
			present = map[int64]bool{}
			for _, a := range m.Attendance {
				if a.Status == dangjian.AttendPresent {
					present[a.MemberID] = true
				}
			}
		}
	}
	for i := range t.Participants {
		p := &t.Participants[i]
		f := fmt.Sprintf("participants[%d].member_id", i)
		mem, err := tx.Member(ctx, p.MemberID)
		if err != nil && dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
			return err
		}
		if mem == nil || !mem.Active || !dangjian.InSubtree(mem.OrgPath, o.Path) {
			v.Add(f, "该党员不是本组织的在册党员")
			continue
		}
		if present != nil && !present[p.MemberID] {
			v.Add(f, "该党员未出席该会议")
			continue
		}
		p.Name, p.OrgID = mem.Name, mem.OrgID
	}
	return v.Err()
}

// refreshHours recomputes, in tx, the member_hours of the members in year
// and the org_year_hours of their organizations: what a ledger and a
// roll-up read, kept in the same transaction as the training write.
func (a *App) refreshHours(ctx context.Context, tx *sqlstore.Tx, er dangjian.EduRules, year int, members []int64, orgs []int64) error {
	if err := tx.RecountMemberHours(ctx, members, year); err != nil {
		return err
	}
	slices.Sort(orgs)
	for _, id := range slices.Compact(orgs) {
		if err := a.refreshOrgHours(ctx, tx, er, id, year); err != nil {
			return err
		}
	}
	return nil
}

// refreshOrgHours recomputes one organization's hours row of year.
func (a *App) refreshOrgHours(ctx context.Context, tx *sqlstore.Tx, er dangjian.EduRules, orgID int64, year int) error {
	ppl, err := tx.OrgPeopleHours(ctx, orgID, year)
	if err != nil {
		return err
	}
	ids := make([]int64, len(ppl))
	for i, p := range ppl {
		ids[i] = p.MemberID
	}
	posts, err := tx.PostsHeld(ctx, ids)
	if err != nil {
		return err
	}
	people := make([]dangjian.HoursPerson, len(ppl))
	for i, p := range ppl {
		hp := dangjian.HoursPerson{Totals: p.Totals}
		hp.Role, hp.Since = dangjian.RoleOf(posts[p.MemberID])
		if hp.Role == dangjian.HoursRoleSecretary && !hp.Since.IsZero() {
			if hp.TrainedOn, err = tx.FirstTrainedOn(ctx, p.MemberID, hp.Since); err != nil {
				return err
			}
		}
		people[i] = hp
	}
	h := er.Aggregate(orgID, year, people, a.Today())
	return tx.PutOrgHours(ctx, &h)
}

func participantIDs(t *dangjian.Training) (members, orgs []int64) {
	for _, p := range t.Participants {
		members = append(members, p.MemberID)
		orgs = append(orgs, p.OrgID)
	}
	return members, orgs
}

func trainingSummary(t *dangjian.Training) map[string]any {
	return map[string]any{"kind": t.Kind, "title": t.Title, "start_on": t.StartOn, "end_on": t.EndOn, "meeting_id": t.MeetingID,
		"duration": t.Duration, "unit": t.Unit, "participants": len(t.Participants)}
}

// RecordTraining records a training of an organization the actor may
// write, with each participant's hours; the hours kept per member and per
// organization move in the same transaction.
func (a *App) RecordTraining(ctx context.Context, actor *dangjian.Actor, in TrainingInput) (*dangjian.Training, error) {
	t := &dangjian.Training{OrgID: in.OrgID, Kind: in.Kind, Title: in.Title, StartOn: in.StartOn, EndOn: in.EndOn, Topic: in.Topic,
		Materials: in.Materials, MeetingID: in.MeetingID, Duration: in.Duration, Unit: in.Unit,
		Participants: append([]dangjian.TrainingParticipant{}, in.Participants...)}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		er, conv, err := a.eduRules(ctx, tx)
		if err != nil {
			return err
		}
		if err := t.Validate(conv, a.Today()); err != nil {
			return err
		}
		o, err := writableOrg(ctx, tx, actor, t.OrgID)
		if err != nil {
			return err
		}
		t.OrgName = o.Name
		if err := settleTraining(ctx, tx, o, t); err != nil {
			return err
		}
		if err := tx.CreateTraining(ctx, t, userID(actor)); err != nil {
			return err
		}
		ms, os := participantIDs(t)
		if err := a.refreshHours(ctx, tx, er, t.Year(), ms, os); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "training.create", "training", t.ID, t.OrgID, trainingSummary(t))
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// readTraining returns a training whose organizer the actor may read.
func readTraining(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Training, *dangjian.Org, error) {
	t, err := tx.Training(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	o, err := tx.Org(ctx, t.OrgID)
	if err != nil {
		return nil, nil, err
	}
	if !actor.HasPerm(dangjian.PermOrgRead, o.Path) && !actor.HasPerm(dangjian.PermOrgWrite, o.Path) && !actor.HasPerm(dangjian.PermMemberWrite, o.Path) {
		return nil, nil, hidden("培训")
	}
	return t, o, nil
}

// Training returns one training with its participants.
func (a *App) Training(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.Training, error) {
	var t *dangjian.Training
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		t, _, err = readTraining(ctx, tx, actor, id)
		return err
	})
	return t, err
}

// TrainingQuery selects trainings: OrgID a subtree (0 for all the actor
// sees), Kind, and started From ≤ start_on ≤ To (zero for open).
type TrainingQuery struct {
	OrgID int64
	Kind  string
	From  dangjian.Date
	To    dangjian.Date
}

// Trainings lists the trainings the actor may see, newest first; each
// carries as many empty participants as took part.
func (a *App) Trainings(ctx context.Context, actor *dangjian.Actor, q TrainingQuery, p Page) ([]*dangjian.Training, int, error) {
	p = p.Norm()
	v := dangjian.Invalid{}
	if q.Kind != "" && !dangjian.ValidTrainingKind(q.Kind) {
		v.Add("kind", "培训类型无效")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		v.Add("to", "结束日期不能早于开始日期")
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	f := dangjian.TrainingFilter{Scopes: actor.Scopes(dangjian.PermOrgRead), Kind: q.Kind, From: q.From, To: q.To, Offset: p.Offset(), Limit: p.PerPage}
	var out []*dangjian.Training
	var total int
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if q.OrgID != 0 {
			o, err := viewOrg(ctx, tx, actor, q.OrgID, dangjian.PermOrgRead)
			if err != nil {
				return err
			}
			f.OrgPath = o.Path
		}
		var err error
		out, total, err = tx.Trainings(ctx, f)
		return err
	})
	return out, total, err
}

// TrainingUpdate holds the fields a correction changes; nil leaves a
// field as it is.
type TrainingUpdate struct {
	Kind         *string
	Title        *string
	StartOn      *dangjian.Date
	EndOn        *dangjian.Date
	Topic        *string
	Materials    *string
	Duration     *float64
	Unit         *string
	Participants *[]dangjian.TrainingParticipant
}

// writeTraining is readTraining for a change.
func writeTraining(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Training, *dangjian.Org, error) {
	t, o, err := readTraining(ctx, tx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	if !actor.HasPerm(dangjian.PermOrgWrite, o.Path) && !actor.HasPerm(dangjian.PermMemberWrite, o.Path) {
		return nil, nil, forbidden()
	}
	if t.Deleted {
		return nil, nil, dangjian.Errorf(dangjian.ECONFLICT, "该培训记录已删除")
	}
	return t, o, nil
}

// reviseTraining keeps the training as it was before a change.
func reviseTraining(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, old *dangjian.Training, reason string) error {
	name, b, err := revisionOf(actor, old, "training")
	if err != nil {
		return err
	}
	return tx.AddTrainingRevision(ctx, &dangjian.TrainingRevision{TrainingID: old.ID, UserID: userID(actor), Actor: name, Reason: reason, Old: b})
}

// CorrectTraining changes a recorded training. A reason is required; the
// old values are kept as a revision, the hours move with it (in both the
// old and the new year), and the audit row names every changed field.
func (a *App) CorrectTraining(ctx context.Context, actor *dangjian.Actor, id int64, up TrainingUpdate, reason string) (*dangjian.Training, error) {
	reason, err := meetingReason(reason)
	if err != nil {
		return nil, err
	}
	var t *dangjian.Training
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, o, err := writeTraining(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		er, conv, err := a.eduRules(ctx, tx)
		if err != nil {
			return err
		}
		cp := *old
		cp.Participants = append([]dangjian.TrainingParticipant{}, old.Participants...)
		t = &cp
		changes := map[string]change{}
		str := func(field string, dst *string, v *string) {
			if v != nil && *v != *dst {
				changes[field] = change{*dst, *v}
				*dst = *v
			}
		}
		str("kind", &t.Kind, up.Kind)
		str("title", &t.Title, up.Title)
		str("topic", &t.Topic, up.Topic)
		str("materials", &t.Materials, up.Materials)
		str("unit", &t.Unit, up.Unit)
		date := func(field string, dst *dangjian.Date, v *dangjian.Date) {
			if v != nil && !v.Equal(*dst) {
				changes[field] = change{*dst, *v}
				*dst = *v
			}
		}
		date("start_on", &t.StartOn, up.StartOn)
		date("end_on", &t.EndOn, up.EndOn)
		if up.Duration != nil && *up.Duration != t.Duration {
			changes["duration"] = change{t.Duration, *up.Duration}
			t.Duration = *up.Duration
		}
		if up.Participants != nil {
			t.Participants = append([]dangjian.TrainingParticipant{}, (*up.Participants)...)
		}
		if err := t.Validate(conv, a.Today()); err != nil {
			return err
		}
		if err := settleTraining(ctx, tx, o, t); err != nil {
			return err
		}
		if up.Participants != nil && !sameParticipants(old.Participants, t.Participants) {
			changes["participants"] = change{old.Participants, t.Participants}
		}
		if len(changes) == 0 {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: "没有要更正的内容", Fields: map[string]string{"reason": "没有要更正的内容"}}
		}
		if err := reviseTraining(ctx, tx, actor, old, reason); err != nil {
			return err
		}
		if err := tx.UpdateTraining(ctx, t); err != nil {
			return err
		}
		if err := a.refreshBoth(ctx, tx, er, old, t); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "training.update", "training", t.ID, t.OrgID, map[string]any{"changes": changes, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// refreshBoth refreshes the hours of the people and years of old and new.
func (a *App) refreshBoth(ctx context.Context, tx *sqlstore.Tx, er dangjian.EduRules, old, t *dangjian.Training) error {
	om, oo := participantIDs(old)
	nm, no := participantIDs(t)
	if old.Year() != t.Year() {
		if err := a.refreshHours(ctx, tx, er, old.Year(), om, oo); err != nil {
			return err
		}
		return a.refreshHours(ctx, tx, er, t.Year(), nm, no)
	}
	ms := append(om, nm...)
	slices.Sort(ms)
	return a.refreshHours(ctx, tx, er, t.Year(), slices.Compact(ms), append(oo, no...))
}

func sameParticipants(a, b []dangjian.TrainingParticipant) bool {
	if len(a) != len(b) {
		return false
	}
	byID := make(map[int64]float64, len(a))
	for _, x := range a {
		byID[x.MemberID] = x.Hours
	}
	for _, y := range b {
		if h, ok := byID[y.MemberID]; !ok || h != y.Hours {
			return false
		}
	}
	return true
}

// DeleteTraining withdraws a training record with a reason: it is kept
// (its last state as a revision) but no longer listed or credited.
func (a *App) DeleteTraining(ctx context.Context, actor *dangjian.Actor, id int64, reason string) error {
	reason, err := meetingReason(reason)
	if err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		old, _, err := writeTraining(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		er, _, err := a.eduRules(ctx, tx)
		if err != nil {
			return err
		}
		t := *old
		t.Deleted, t.DeleteReason = true, reason
		if err := reviseTraining(ctx, tx, actor, old, reason); err != nil {
			return err
		}
		if err := tx.UpdateTraining(ctx, &t); err != nil {
			return err
		}
		ms, os := participantIDs(old)
		if err := a.refreshHours(ctx, tx, er, old.Year(), ms, os); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "training.delete", "training", t.ID, t.OrgID, map[string]any{"reason": reason, "title": t.Title})
	})
}

// TrainingRevisions returns a training's earlier versions, oldest first.
func (a *App) TrainingRevisions(ctx context.Context, actor *dangjian.Actor, id int64) ([]*dangjian.TrainingRevision, error) {
	var out []*dangjian.TrainingRevision
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if _, _, err := readTraining(ctx, tx, actor, id); err != nil {
			return err
		}
		var err error
		out, err = tx.TrainingRevisions(ctx, id)
		return err
	})
	return out, err
}

// MeetingHours is a meeting with the hours already credited from it.
type MeetingHours struct {
	Meeting   *dangjian.Meeting
	Present   []dangjian.Attendance
	Trainings []*dangjian.Training
}

// MeetingHoursOf returns a meeting, who was present, and the trainings
// already crediting hours from it: what the 记学时 form shows.
func (a *App) MeetingHoursOf(ctx context.Context, actor *dangjian.Actor, meetingID int64) (*MeetingHours, error) {
	out := &MeetingHours{}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		m, _, err := readMeeting(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		out.Meeting = m
		for _, at := range m.Attendance {
			if at.Status == dangjian.AttendPresent {
				out.Present = append(out.Present, at)
			}
		}
		out.Trainings, err = tx.TrainingsOfMeeting(ctx, meetingID)
		return err
	})
	return out, err
}

// CreditMeetingHours credits hours to everyone present at a meeting (a
// lecture, a study session inside an assembly) as a training of kind
// carrying the meeting: such hours count as from meetings. Hours 0 with a
// duration converts it.
func (a *App) CreditMeetingHours(ctx context.Context, actor *dangjian.Actor, meetingID int64, kind string, duration float64, unit string) (*dangjian.Training, error) {
	var in TrainingInput
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		m, _, err := readMeeting(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		if m.Deleted {
			return dangjian.Errorf(dangjian.ECONFLICT, "该会议记录已删除")
		}
		d := dangjian.DateOf(m.HeldAt)
		in = TrainingInput{OrgID: m.OrgID, Kind: kind, Title: m.Topic, StartOn: d, EndOn: d, MeetingID: &m.ID, Duration: duration, Unit: unit,
			Topic: dangjian.MeetingKindNames[m.Kind]}
		for _, at := range m.Attendance {
			if at.Status == dangjian.AttendPresent {
				in.Participants = append(in.Participants, dangjian.TrainingParticipant{MemberID: at.MemberID})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if duration <= 0 {
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: "时长须大于0", Fields: map[string]string{"duration": "时长须大于0"}}
	}
	if len(in.Participants) == 0 {
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: "该会议没有出席人员，无法记学时", Fields: map[string]string{"participants": "该会议没有出席人员"}}
	}
	return a.RecordTraining(ctx, actor, in)
}

// MemberHours returns a member's ledger of year against the requirement
// that applies (member, committee member or secretary), with the trainings
// that make it up. The member may see their own; otherwise member.read.
// It reads the kept per-member row, the posts and the year's entries: no
// aggregate over trainings.
func (a *App) MemberHours(ctx context.Context, actor *dangjian.Actor, memberID int64, year int) (*dangjian.MemberHours, error) {
	today := a.Today()
	if err := checkYear(year, today); err != nil {
		return nil, err
	}
	var out dangjian.MemberHours
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		m, err := tx.Member(ctx, memberID)
		if err != nil {
			return err
		}
		if !canSeeMember(actor, m) {
			return hidden("党员")
		}
		er, _, err := a.eduRules(ctx, tx)
		if err != nil {
			return err
		}
		totals, err := tx.MemberHoursTotals(ctx, memberID, year)
		if err != nil {
			return err
		}
		posts, err := tx.PostsHeld(ctx, []int64{memberID})
		if err != nil {
			return err
		}
		f := dangjian.HoursFacts{Totals: totals}
		f.Role, f.SecretarySince = dangjian.RoleOf(posts[memberID])
		if f.Role == dangjian.HoursRoleSecretary && !f.SecretarySince.IsZero() {
			if f.TrainedOn, err = tx.FirstTrainedOn(ctx, memberID, f.SecretarySince); err != nil {
				return err
			}
		}
		out = er.Ledger(f, year, today)
		out.MemberID, out.Name, out.OrgID = m.ID, m.Name, m.OrgID
		if o, err := tx.Org(ctx, m.OrgID); err == nil {
			out.OrgName = o.Name
		}
		out.Entries, err = tx.HoursEntries(ctx, memberID, year)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// HoursRow is one member of an organization's hours list.
type HoursRow struct {
	MemberID           int64   `json:"member_id"`
	Name               string  `json:"name"`
	OrgID              int64   `json:"org_id"`
	OrgName            string  `json:"org_name"`
	Role               string  `json:"role"`
	Hours              float64 `json:"hours"`
	FromMeetings       float64 `json:"from_meetings"`
	Required           float64 `json:"required"`
	Rule               string  `json:"rule"`
	ShortBy            float64 `json:"short_by"`
	Short              bool    `json:"short"` // hours short, or a committee member without concentrated training
	MeetingsAsTraining bool    `json:"meetings_as_training"`
	NewUntrained       bool    `json:"new_untrained"`
}

// OrgHoursReport is an organization's hours list of a year.
type OrgHoursReport struct {
	OrgID   int64              `json:"org_id"`
	Year    int                `json:"year"`
	Share   float64            `json:"share"`
	Totals  dangjian.OrgHours  `json:"totals"`
	Flagged bool               `json:"flagged"` // the organization's hours are 以会代训
	Items   []HoursRow         `json:"items"`
	Total   int                `json:"total"`
	Finding []dangjian.Finding `json:"findings"`
}

// OrgHours returns the members of an organization with their hours of
// year against their requirement: a branch's (or group's) members all at
// once, a larger subtree's a page at a time in tree order. Totals are the
// subtree's kept aggregates.
func (a *App) OrgHours(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, p Page) (*OrgHoursReport, error) {
	today := a.Today()
	if err := checkYear(year, today); err != nil {
		return nil, err
	}
	p = p.Norm()
	rep := &OrgHoursReport{OrgID: orgID, Year: year, Items: []HoursRow{}, Finding: []dangjian.Finding{}}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermMemberRead)
		if err != nil {
			return err
		}
		er, _, err := a.eduRules(ctx, tx)
		if err != nil {
			return err
		}
		rep.Share = er.Share()
		ppl, err := tx.SubtreePeopleHours(ctx, o.Path, year, p.Offset(), p.PerPage)
		if err != nil {
			return err
		}
		rep.Total = o.MemberCount
		ids := make([]int64, len(ppl))
		for i, pp := range ppl {
			ids[i] = pp.MemberID
		}
		posts, err := tx.PostsHeld(ctx, ids)
		if err != nil {
			return err
		}
		for _, pp := range ppl {
			role, since := dangjian.RoleOf(posts[pp.MemberID])
			rule, req := er.Requirement(role)
			r := HoursRow{MemberID: pp.MemberID, Name: pp.Name, OrgID: pp.OrgID, OrgName: pp.OrgName, Role: role,
				Hours: dangjian.RoundHours(pp.Totals.Hours), FromMeetings: dangjian.RoundHours(pp.Totals.FromMeetings), Required: req, Rule: rule,
				Short: er.Short(role, pp.Totals), MeetingsAsTraining: dangjian.MeetingsAsTraining(pp.Totals.Hours, pp.Totals.FromMeetings, er.Share())}
			r.ShortBy = dangjian.RoundHours(max(0, req-r.Hours))
			if role == dangjian.HoursRoleSecretary && !since.IsZero() {
				on, err := tx.FirstTrainedOn(ctx, pp.MemberID, since)
				if err != nil {
					return err
				}
				late, _ := er.NewSecretaryUntrained(since, on, today)
				r.NewUntrained = late
			}
			rep.Items = append(rep.Items, r)
		}
		sum, err := a.subtreeHours(ctx, tx, o, year)
		if err != nil {
			return err
		}
		sum.OrgID = o.ID
		rep.Totals = sum
		rep.Flagged = sum.Flagged(er.Share())
		if rep.Flagged {
			rep.Finding = append(rep.Finding, orgMATFinding(er, &sum))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// orgMATFinding is the 以会代训 finding of an organization; it cites the
// local threshold.
func orgMATFinding(er dangjian.EduRules, h *dangjian.OrgHours) dangjian.Finding {
	pct := int(er.Share()*100 + 0.5)
	return dangjian.Finding{Rule: "edu.member.hours", Severity: dangjian.SeverityWarning, Source: dangjian.MeetingsAsTrainingKey + "（地方惯例）",
		Message: fmt.Sprintf("以会代训：本组织%s学时中%s学时来自会议，达到本地设置的%d%%",
			dangjian.FormatHours(h.Hours), dangjian.FormatHours(h.FromMeetings), pct),
		MessageEn: fmt.Sprintf("Training replaced by meetings: %s of %s hours from meetings, at or above the local setting of %d%%",
			dangjian.FormatHours(h.FromMeetings), dangjian.FormatHours(h.Hours), pct)}
}

// subtreeHours sums the kept rows of a subtree; an organization holding
// members but no row of the year counts all its members short.
func (a *App) subtreeHours(ctx context.Context, tx *sqlstore.Tx, o *dangjian.Org, year int) (dangjian.OrgHours, error) {
	var sum dangjian.OrgHours
	err := tx.RollupHours(ctx, o.Path, year, o.Depth, func(so *sqlstore.HoursOrg) error {
		h := keptOrDefault(so)
		sum.Add(&h)
		return nil
	})
	sum.Year = year
	sum.Hours, sum.FromMeetings = dangjian.RoundHours(sum.Hours), dangjian.RoundHours(sum.FromMeetings)
	return sum, err
}

// keptOrDefault is an organization's row, or for one no training touched
// its members, all short (their posts unknown without a look-up, they
// count as ordinary members until the first training write).
func keptOrDefault(o *sqlstore.HoursOrg) dangjian.OrgHours {
	if o.Kept {
		return o.Hours
	}
	h := dangjian.OrgHours{OrgID: o.ID, Year: o.Hours.Year, Members: o.DirectCount, MembersShort: o.DirectCount}
	h.Buckets[0] = o.DirectCount
	return h
}

// HoursUnit is an organization's hours over its subtree.
type HoursUnit struct {
	OrgID   int64             `json:"org_id"`
	Name    string            `json:"name"`
	Kind    string            `json:"kind"`
	Hours   dangjian.OrgHours `json:"hours"`
	Short   int               `json:"short"`
	Flagged bool              `json:"flagged"`
}

// HoursRollupReport is the hours of a subtree: the totals, each direct
// child's subtree (the units), and the organizations with the most
// people short.
type HoursRollupReport struct {
	OrgID   int64             `json:"org_id"`
	Year    int               `json:"year"`
	Share   float64           `json:"share"`
	Totals  dangjian.OrgHours `json:"totals"`
	Short   int               `json:"short"`
	Flagged bool              `json:"flagged"`
	Units   []HoursUnit       `json:"units"`
	// Orgs are the organizations holding members, most short first
	// (ties in tree order), paged; Total counts them.
	Orgs        []HoursUnit `json:"orgs"`
	Total       int         `json:"total"`
	FlaggedOrgs int         `json:"flagged_orgs"` // organizations whose own hours are 以会代训
}

// HoursRollup returns the hours of the subtree of orgID in year from the
// kept per-organization rows: one range scan of the subtree, summed in
// memory into the totals and each direct child's subtree; no member and
// no training is read. Only the page's names are looked up.
func (a *App) HoursRollup(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, p Page) (*HoursRollupReport, error) {
	today := a.Today()
	if err := checkYear(year, today); err != nil {
		return nil, err
	}
	p = p.Norm()
	rep := &HoursRollupReport{OrgID: orgID, Year: year, Units: []HoursUnit{}, Orgs: []HoursUnit{}}
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		er, _, err := a.eduRules(ctx, tx)
		if err != nil {
			return err
		}
		rep.Share = er.Share()
		// Rows come in tree order: one at depth+1 opens a unit, and every
		// row after it belongs to that unit until the next one.
		unit := -1
		orgs := make([]HoursUnit, 0, max(o.OrgCount, 0))
		err = tx.RollupHours(ctx, o.Path, year, o.Depth+1, func(so *sqlstore.HoursOrg) error {
			h := keptOrDefault(so)
			rep.Totals.Add(&h)
			if so.Depth == o.Depth+1 {
				unit = len(rep.Units)
				rep.Units = append(rep.Units, HoursUnit{OrgID: so.ID})
			}
			if unit >= 0 && so.Depth > o.Depth {
				rep.Units[unit].Hours.Add(&h)
			}
			if h.Members > 0 {
				u := HoursUnit{OrgID: so.ID, Hours: h, Short: h.Short(), Flagged: h.Flagged(er.Share())}
				if u.Flagged {
					rep.FlaggedOrgs++
				}
				orgs = append(orgs, u)
			}
			return nil
		})
		if err != nil {
			return err
		}
		rep.Totals.OrgID, rep.Totals.Year = o.ID, year
		rep.Totals.Hours, rep.Totals.FromMeetings = dangjian.RoundHours(rep.Totals.Hours), dangjian.RoundHours(rep.Totals.FromMeetings)
		rep.Short, rep.Flagged = rep.Totals.Short(), rep.Totals.Flagged(er.Share())
		for i := range rep.Units {
			u := &rep.Units[i]
			u.Hours.OrgID, u.Hours.Year = u.OrgID, year
			u.Hours.Hours, u.Hours.FromMeetings = dangjian.RoundHours(u.Hours.Hours), dangjian.RoundHours(u.Hours.FromMeetings)
			u.Short, u.Flagged = u.Hours.Short(), u.Hours.Flagged(er.Share())
		}
		order := make([]int32, len(orgs))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(i, j int32) int {
			if c := cmp.Compare(orgs[j].Short, orgs[i].Short); c != 0 {
				return c
			}
			return cmp.Compare(i, j)
		})
		rep.Total = len(orgs)
		lo := min(p.Offset(), len(orgs))
		hi := min(lo+p.PerPage, len(orgs))
		for _, i := range order[lo:hi] {
			rep.Orgs = append(rep.Orgs, orgs[i])
		}
		// Names: the units through the parent index, the page by id.
		if len(rep.Units) > 0 {
			kids, err := tx.ChildNames(ctx, o.ID)
			if err != nil {
				return err
			}
			for i := range rep.Units {
				nk := kids[rep.Units[i].OrgID]
				rep.Units[i].Name, rep.Units[i].Kind = nk[0], nk[1]
			}
		}
		if len(rep.Orgs) == 0 {
			return nil
		}
		ids := make([]int64, len(rep.Orgs))
		for i, u := range rep.Orgs {
			ids[i] = u.OrgID
		}
		names, err := tx.OrgsByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for i := range rep.Orgs {
			if n := names[rep.Orgs[i].OrgID]; n != nil {
				rep.Orgs[i].Name, rep.Orgs[i].Kind = n.Name, n.Kind
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// SecretaryLectures returns, for every party committee and leading group
// in the subtree of orgID, whether its secretary gave the yearly lecture
// (orglife.lecture.secretary_yearly) in year: meetings of kind lecture
// whose lecturer is the secretary.
func (a *App) SecretaryLectures(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) ([]*dangjian.SecretaryLecture, error) {
	today := a.Today()
	if err := checkYear(year, today); err != nil {
		return nil, err
	}
	var out []*dangjian.SecretaryLecture
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		rs, _, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		out, err = tx.SecretaryLectures(ctx, o.Path, year)
		for _, l := range out {
			l.Finding = dangjian.LectureFinding(rs, l, year, today)
		}
		return err
	})
	return out, err
}

// trainingExport is a list as a file, streamed row by row from rows,
// and audited with its row count.
func (a *App) trainingExport(actor *dangjian.Actor, action string, orgID int64, name, format, sheet string, headers []string, widths []float64,
	extra map[string]any, rows func(ctx context.Context, row func(...any) error) (int, error)) *Export {
	return &Export{Filename: a.exportName(name, format), Format: format,
		stream: func(ctx context.Context, w io.Writer) error {
			xw, err := xlsx.NewWriter(w, format, sheet)
			if err != nil {
				return err
			}
			n := 0
			if err = xw.Header(headers, widths...); err == nil {
				n, err = rows(ctx, xw.Row)
			}
			if cerr := xw.Close(); err == nil {
				err = cerr
			}
			return a.auditExport(ctx, actor, action, "org", orgID, n, format, err, extra)
		}}
}

// exportPages writes a list to an export page by page, 500 rows at a
// time, until a short page: fetch reads a page, row writes one item. It
// answers the rows written.
func exportPages[T any](fetch func(Page) ([]T, error), row func(T) error) (int, error) {
	n := 0
	for page := 1; ; page++ {
		items, err := fetch(Page{Page: page, PerPage: 500})
		if err != nil {
			return n, err
		}
		for _, it := range items {
			if err := row(it); err != nil {
				return n, err
			}
			n++
		}
		if len(items) < 500 {
			return n, nil
		}
	}
}

// roleNames are the export's words for a requirement's role.
var roleNames = map[string]string{dangjian.HoursRoleMember: "党员", dangjian.HoursRoleCommittee: "支部委员", dangjian.HoursRoleSecretary: "支部书记"}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// ExportTrainings is the trainings list (its filters) as a file.
func (a *App) ExportTrainings(ctx context.Context, actor *dangjian.Actor, q TrainingQuery, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	if _, _, err := a.Trainings(ctx, actor, q, Page{PerPage: 1}); err != nil {
		return nil, err
	}
	return a.trainingExport(actor, "training.export", q.OrgID, "教育培训", format, "教育培训",
		[]string{"开始日期", "结束日期", "类型", "名称", "主办党组织", "主题", "学时", "参训人数", "来自会议", "编号"},
		[]float64{12, 12, 10, 36, 30, 30, 8, 10, 10, 8}, map[string]any{"org": q.OrgID},
		func(ctx context.Context, row func(...any) error) (int, error) {
			return exportPages(func(page Page) ([]*dangjian.Training, error) {
				ts, _, err := a.Trainings(ctx, actor, q, page)
				return ts, err
			}, func(t *dangjian.Training) error {
				return row(t.StartOn.String(), t.EndOn.String(), dangjian.TrainingKindNames[t.Kind], t.Title, t.OrgName, t.Topic,
					t.Hours, len(t.Participants), yesNo(t.FromMeeting()), t.ID)
			})
		}), nil
}

// ExportOrgHours is an organization's members with their hours of year.
func (a *App) ExportOrgHours(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	first, err := a.OrgHours(ctx, actor, orgID, year, Page{PerPage: 1})
	if err != nil {
		return nil, err
	}
	if format == xlsx.FormatXLSX && first.Total > xlsxMaxRows {
		msg := fmt.Sprintf("共 %d 人，超过 Excel 工作表 %d 行的上限，请导出 CSV 或缩小范围", first.Total, xlsxMaxRows)
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"format": msg}}
	}
	return a.trainingExport(actor, "hours.export", orgID, fmt.Sprintf("学时台账-%d", year), format, "学时",
		[]string{"姓名", "所在党组织", "身份", "学时", "其中来自会议", "应完成", "依据", "尚差", "以会代训", "新任书记未按期培训", "党员编号"},
		[]float64{10, 30, 10, 8, 12, 8, 20, 8, 10, 16, 10}, map[string]any{"year": year},
		func(ctx context.Context, row func(...any) error) (int, error) {
			return exportPages(func(page Page) ([]HoursRow, error) {
				rep, err := a.OrgHours(ctx, actor, orgID, year, page)
				if err != nil {
					return nil, err
				}
				return rep.Items, nil
			}, func(r HoursRow) error {
				return row(r.Name, r.OrgName, roleNames[r.Role], r.Hours, r.FromMeetings, r.Required, r.Rule, r.ShortBy,
					yesNo(r.MeetingsAsTraining), yesNo(r.NewUntrained), r.MemberID)
			})
		}), nil
}

// ExportHoursRollup is every organization holding members in the subtree
// with its hours of year, most short first.
func (a *App) ExportHoursRollup(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	rep, err := a.HoursRollup(ctx, actor, orgID, year, Page{PerPage: 1})
	if err != nil {
		return nil, err
	}
	return a.trainingExport(actor, "hours_rollup.export", orgID, fmt.Sprintf("学时汇总-%d", year), format, "学时汇总",
		[]string{"党组织", "党员", "未达标党员", "支部委员", "未达标委员", "新任书记未按期培训", "以会代训人数", "总学时", "其中来自会议", "组织以会代训"},
		[]float64{34, 8, 12, 10, 12, 18, 12, 10, 12, 12}, map[string]any{"year": year},
		func(ctx context.Context, row func(...any) error) (int, error) {
			n := 0
			for page := 1; page <= (rep.Total+499)/500; page++ {
				pr, err := a.HoursRollup(ctx, actor, orgID, year, Page{Page: page, PerPage: 500})
				if err != nil {
					return n, err
				}
				for _, u := range pr.Orgs {
					h := u.Hours
					if err := row(u.Name, h.Members, h.MembersShort, h.Secretaries, h.SecretariesShort, h.NewUntrained, h.MeetingsAsTraining,
						h.Hours, h.FromMeetings, yesNo(u.Flagged)); err != nil {
						return n, err
					}
					n++
				}
			}
			return n, nil
		}), nil
}

// ExportSecretaryLectures is the secretaries' lectures of year as a file.
func (a *App) ExportSecretaryLectures(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, format string) (*Export, error) {
	format, err := exportFormat(format)
	if err != nil {
		return nil, err
	}
	ls, err := a.SecretaryLectures(ctx, actor, orgID, year)
	if err != nil {
		return nil, err
	}
	return a.trainingExport(actor, "lectures.export", orgID, fmt.Sprintf("书记讲党课-%d", year), format, "书记讲党课",
		[]string{"党组织", "书记", "讲党课次数", "问题"}, []float64{34, 10, 12, 60}, map[string]any{"year": year},
		func(ctx context.Context, row func(...any) error) (int, error) {
			for i, l := range ls {
				msg := ""
				if l.Finding != nil {
					msg = l.Finding.Message + "（" + l.Finding.Rule + "）"
				}
				if err := row(l.OrgName, l.SecretaryName, l.Lectures, msg); err != nil {
					return i, err
				}
			}
			return len(ls), nil
		}), nil
}

// trainingRosterMax bounds the people a training form offers; a larger
// subtree's trainings are entered through the API or by branch.
const trainingRosterMax = 500

// TrainingRoster returns who a training of an organization may credit,
// for the form: its subtree's active members in tree order, at most
// trainingRosterMax of them.
func (a *App) TrainingRoster(ctx context.Context, actor *dangjian.Actor, orgID int64) ([]sqlstore.HoursPerson, error) {
	var out []sqlstore.HoursPerson
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead)
		if err != nil {
			return err
		}
		out, err = tx.SubtreePeopleHours(ctx, o.Path, a.Today().Year(), 0, trainingRosterMax)
		return err
	})
	return out, err
}

// Kinds of the education and training to-do items.
const (
	TodoHoursShort   = "hours_short"   // members or committee members short of hours late in the year
	TodoNewSecretary = "new_secretary" // a new branch secretary to be trained within half a year
)

// todoHoursFrom is the month from which people still short of their
// yearly hours show as due: the last quarter. RULES.md (edu.*) owes them
// within the year and names no reminder date, so this is the platform's
// choice, as for talks.
const todoHoursFrom = time.October

// todoTraining: late in the year, each branch (or general branch) the
// list looks at with people still short of their hours (edu.member.hours,
// edu.secretary.hours), due by the year's end; and each new secretary not
// yet trained (edu.new_secretary): due within the half year, overdue
// after it. Secretaries appointed more than a year ago are left out: the
// platform cannot know of training before it was used.
func todoTraining(ctx context.Context, tx *sqlstore.Tx, run *todoRun) ([]TodoItem, error) {
	year := run.today.Year()
	er := dangjian.NewEduRules(run.rules, dangjian.DefaultMeetingsAsTrainingShare)
	yearEnd := dangjian.NewDate(year, 12, 31)
	var out []TodoItem
	for _, o := range run.orgs {
		if !dangjian.SecretaryKinds(o.Kind) {
			continue
		}
		if run.today.Month() >= todoHoursFrom && o.DirectCount > 0 {
			h, kept, err := tx.OrgHoursRow(ctx, o.ID, year)
			if err != nil {
				return nil, err
			}
			if !kept {
				h.MembersShort = o.DirectCount
			}
			if h.Short() > 0 {
				rule := "edu.member.hours"
				if h.MembersShort == 0 {
					rule = "edu.secretary.hours"
				}
				out = append(out, TodoItem{Kind: TodoHoursShort, Severity: TodoDue, OrgID: o.ID, OrgName: o.Name, Rule: rule, DueOn: &yearEnd,
					Title: fmt.Sprintf("本年度尚有%d名党员、%d名支部书记和委员学时未达标", h.MembersShort, h.SecretariesShort),
					Count: h.Short(), Href: orgPath(o.ID, "/hours"), order: run.order[o.ID]})
			}
		}
		c := run.commits[o.ID]
		if c == nil {
			continue
		}
		for _, p := range c.Posts {
			if p.Post != dangjian.PostSecretary {
				continue
			}
			posts, err := tx.PostsHeld(ctx, []int64{p.MemberID})
			if err != nil {
				return nil, err
			}
			var since dangjian.Date
			for _, ph := range posts[p.MemberID] {
				if ph.OrgID == o.ID && ph.Post == dangjian.PostSecretary {
					since = ph.Since
				}
			}
			if since.IsZero() || since.Before(run.today.AddYears(-1)) || since.After(run.today) {
				continue
			}
			on, err := tx.FirstTrainedOn(ctx, p.MemberID, since)
			if err != nil {
				return nil, err
			}
			late, due := er.NewSecretaryUntrained(since, on, run.today)
			if !late && !due {
				continue
			}
			deadline := er.NewSecretaryDue(since)
			it := TodoItem{Kind: TodoNewSecretary, Severity: TodoDue, OrgID: o.ID, OrgName: o.Name, Rule: "edu.new_secretary", DueOn: &deadline,
				Title: fmt.Sprintf("新任支部书记%s（%s任职）须在%s前接受培训", p.Name, since, deadline),
				Href:  "/members/" + strconv.FormatInt(p.MemberID, 10) + "/hours", order: run.order[o.ID]}
			if late {
				it.Severity = TodoOverdue
				it.Title = fmt.Sprintf("新任支部书记%s（%s任职）未在%s前接受培训", p.Name, since, deadline)
			}
			out = append(out, it)
		}
	}
	return out, nil
}
