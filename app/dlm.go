package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// yearSpan is [1 January, next 1 January) of year in China Standard Time.
func yearSpan(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, dangjian.CST), time.Date(year+1, 1, 1, 0, 0, 0, 0, dangjian.CST)
}

// DLMView is one leading group's democratic life meeting of a year with
// its oversight: the meetings held, the one overseen (its attendance and
// quorum against orglife.dlm.quorum), the oversight record (nil when none
// yet) and the rectification list it produced.
type DLMView struct {
	Org           *dangjian.Org             `json:"-"`
	Year          int                       `json:"year"`
	Meetings      []*dangjian.Meeting       `json:"meetings"`
	Meeting       *dangjian.Meeting         `json:"meeting"`
	Oversight     *dangjian.DLMOversight    `json:"oversight"`
	Rectification []*dangjian.Rectification `json:"rectifications"`
	Rect          dangjian.RectCounts       `json:"rectification_counts"`
	CanRecord     bool                      `json:"-"`
	CanSend       bool                      `json:"-"`
	CanReceive    bool                      `json:"-"`
}

// leadingGroup returns the leading group with id if the actor may read it;
// another kind of organization is invalid input.
func leadingGroup(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Org, error) {
	o, err := viewOrg(ctx, tx, actor, id, dangjian.PermOrgRead)
	if err != nil {
		return nil, err
	}
	if o.Kind != dangjian.KindLeadingGroup {
		msg := "只有党组召开民主生活会"
		return nil, &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"org_id": msg}}
	}
	return o, nil
}

func checkDLMYear(year, thisYear int) error {
	if year < 1921 || year > thisYear {
		msg := "年度不合理"
		return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"year": msg}}
	}
	return nil
}

// canReceive is the upper level's right to take the report: org.write on
// the leading group's parent.
func canReceive(actor *dangjian.Actor, o *dangjian.Org) bool {
	p := parentPath(o.Path)
	return p != "" && actor.HasPerm(dangjian.PermOrgWrite, p)
}

// DLM returns a leading group's democratic life meeting of a year and its
// oversight.
func (a *App) DLM(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*DLMView, error) {
	if err := checkDLMYear(year, a.Today().Year()); err != nil {
		return nil, err
	}
	v := &DLMView{Year: year}
	today := a.Today()
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		o, err := leadingGroup(ctx, tx, actor, orgID)
		if err != nil {
			return err
		}
		v.Org = o
		if err := a.loadDLM(ctx, tx, actor, v); err != nil {
			return err
		}
		v.Rectification, _, err = tx.Rectifications(ctx, dangjian.RectificationFilter{Scopes: []string{o.Path}, OrgID: o.ID, Source: dangjian.SourceDLM,
			Year: v.Year, Limit: 500})
		for _, r := range v.Rectification {
			r.Overdue = r.IsOverdue(today)
			v.Rect.Add(r.Status, r.Overdue, 1)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	v.CanRecord = canWriteOrg(actor, v.Org.Path)
	v.CanSend = v.CanRecord && v.Oversight != nil && v.Oversight.ReportStatus == dangjian.DLMReportNone
	v.CanReceive = canReceive(actor, v.Org) && v.Oversight != nil && v.Oversight.ReportStatus == dangjian.DLMReportSent
	return v, nil
}

// loadDLM reads the year's meetings and the oversight record into v.
func (a *App) loadDLM(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, v *DLMView) error {
	from, to := yearSpan(v.Year)
	ms, _, err := tx.Meetings(ctx, dangjian.MeetingFilter{Scopes: []string{v.Org.Path}, OrgID: v.Org.ID, Kind: dangjian.MeetingDemocraticLifeMeeting,
		From: from, To: to, Limit: 50})
	if err != nil {
		return err
	}
	v.Meetings = ms
	if v.Oversight, err = tx.DLMOversight(ctx, v.Org.ID, v.Year); err != nil {
		return err
	}
	id := int64(0)
	if v.Oversight != nil && v.Oversight.MeetingID != nil {
		id = *v.Oversight.MeetingID
	} else if len(ms) > 0 {
		id = ms[0].ID
	}
	if id != 0 {
		if v.Meeting, err = tx.Meeting(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// DLMOversightInput is what the overseer records.
type DLMOversightInput struct {
	MeetingID  *int64
	Opinions   []dangjian.DLMOpinion
	Criticisms []dangjian.DLMCriticism
	Notes      string
}

// SaveDLMOversight records (or replaces) the oversight of a leading
// group's democratic life meeting of a year; whoever may write the group
// (its own users, the organ party committee, the working committee) may.
// The meeting must be one of the group's that year, and each member who
// spoke must be in its attendance (or, without a meeting, the group's
// subtree).
func (a *App) SaveDLMOversight(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, in DLMOversightInput) (*DLMView, error) {
	if err := checkDLMYear(year, a.Today().Year()); err != nil {
		return nil, err
	}
	d := &dangjian.DLMOversight{OrgID: orgID, Year: year, MeetingID: in.MeetingID, Opinions: in.Opinions, Criticisms: in.Criticisms,
		Notes: in.Notes, UpdatedBy: actor.Username}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := leadingGroup(ctx, tx, actor, orgID)
		if err != nil {
			return err
		}
		if !canWriteOrg(actor, o.Path) {
			return forbidden()
		}
		v := dangjian.Invalid{}
		for k, msg := range dangjian.ErrorFields(d.Validate(a.Today().Year())) {
			v.Add(k, msg)
		}
		attended := map[int64]bool{}
		if d.MeetingID != nil {
			m, err := tx.Meeting(ctx, *d.MeetingID)
			from, to := yearSpan(year)
			switch {
			case dangjian.ErrorCode(err) == dangjian.ENOTFOUND:
				v.Add("meeting_id", "会议不存在")
			case err != nil:
				return err
			case m.OrgID != o.ID || m.Kind != dangjian.MeetingDemocraticLifeMeeting || m.Deleted:
				v.Add("meeting_id", "须为本党组的民主生活会")
			case m.HeldAt.Before(from) || !m.HeldAt.Before(to):
				v.Add("meeting_id", "会议不在该年度")
			default:
				for _, at := range m.Attendance {
					attended[at.MemberID] = true
				}
			}
		}
		for i := range d.Criticisms {
			c := &d.Criticisms[i]
			if c.MemberID <= 0 {
				continue
			}
			m, err := tx.Member(ctx, c.MemberID)
			f := "criticisms[" + itoa(i) + "].member_id"
			switch {
			case dangjian.ErrorCode(err) == dangjian.ENOTFOUND:
				v.Add(f, "该党员不存在")
			case err != nil:
				return err
			case d.MeetingID != nil && !attended[m.ID]:
				v.Add(f, "该党员不在会议出席名单中")
			case d.MeetingID == nil && !dangjian.InSubtree(m.OrgPath, o.Path):
				v.Add(f, "该党员不属于本党组")
			default:
				c.Name = m.Name
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.SaveDLMOversight(ctx, d); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "dlm.oversight", "dlm_oversight", d.ID, o.ID,
			map[string]any{"year": year, "meeting_id": d.MeetingID, "opinions": len(d.Opinions), "criticisms": len(d.Criticisms)})
	})
	if err != nil {
		return nil, err
	}
	return a.DLM(ctx, actor, orgID, year)
}

// SendDLMReport sends the oversight report upward; it needs an oversight
// record and a report text, and is sent once.
func (a *App) SendDLMReport(ctx context.Context, actor *dangjian.Actor, orgID int64, year int, report string) (*DLMView, error) {
	report = strings.TrimSpace(report)
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := leadingGroup(ctx, tx, actor, orgID)
		if err != nil {
			return err
		}
		if !canWriteOrg(actor, o.Path) {
			return forbidden()
		}
		d, err := tx.DLMOversight(ctx, orgID, year)
		if err != nil {
			return err
		}
		if d == nil {
			return dangjian.Errorf(dangjian.ECONFLICT, "请先记录民主生活会监督情况，再上报")
		}
		if d.ReportStatus != dangjian.DLMReportNone {
			return dangjian.Errorf(dangjian.ECONFLICT, "监督报告已上报，不能重复上报")
		}
		v := dangjian.Invalid{}
		if report == "" {
			v.Add("report", "请填写监督报告")
		} else if utf8.RuneCountInString(report) > 20000 {
			v.Add("report", "监督报告不能超过20000个字")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.SetDLMReport(ctx, d.ID, dangjian.DLMReportNone, dangjian.DLMReportSent, report, actor.Username); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "dlm.report_send", "dlm_oversight", d.ID, o.ID, map[string]any{"year": year})
	})
	if err != nil {
		return nil, err
	}
	return a.DLM(ctx, actor, orgID, year)
}

// ReceiveDLMReport marks the report received by the level above (org.write
// on the leading group's parent).
func (a *App) ReceiveDLMReport(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) (*DLMView, error) {
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := leadingGroup(ctx, tx, actor, orgID)
		if err != nil {
			return err
		}
		if !canReceive(actor, o) {
			return dangjian.Errorf(dangjian.EFORBIDDEN, "只有上级党组织可以签收监督报告")
		}
		d, err := tx.DLMOversight(ctx, orgID, year)
		if err != nil {
			return err
		}
		if d == nil || d.ReportStatus != dangjian.DLMReportSent {
			return dangjian.Errorf(dangjian.ECONFLICT, "没有待签收的监督报告")
		}
		if err := tx.SetDLMReport(ctx, d.ID, dangjian.DLMReportSent, dangjian.DLMReportReceived, "", actor.Username); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "dlm.report_receive", "dlm_oversight", d.ID, o.ID, map[string]any{"year": year})
	})
	if err != nil {
		return nil, err
	}
	return a.DLM(ctx, actor, orgID, year)
}

// dlmListMax bounds the leading groups a list shows.
const dlmListMax = 5000

// DLMList is, for the leading groups under an organization (itself
// included), whether their democratic life meeting of the year was held,
// met the quorum, was overseen and reported, and how its rectification
// list is going.
func (a *App) DLMList(ctx context.Context, actor *dangjian.Actor, orgID int64, year int) ([]dangjian.DLMStatus, *dangjian.Org, error) {
	if err := checkDLMYear(year, a.Today().Year()); err != nil {
		return nil, nil, err
	}
	var out []dangjian.DLMStatus
	var o *dangjian.Org
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if o, err = viewOrg(ctx, tx, actor, orgID, dangjian.PermOrgRead); err != nil {
			return err
		}
		scopes := narrowScopes(actor.Scopes(dangjian.PermOrgRead), o.Path)
		groups, _, err := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: scopes, Kind: dangjian.KindLeadingGroup, Limit: dlmListMax})
		if err != nil || len(groups) == 0 {
			return err
		}
		from, to := yearSpan(year)
		ids := make([]int64, len(groups))
		for i, g := range groups {
			ids[i] = g.ID
		}
		meetings, err := tx.DLMMeetings(ctx, ids, from, to)
		if err != nil {
			return err
		}
		ovs, err := tx.DLMOversights(ctx, o.Path, year)
		if err != nil {
			return err
		}
		counts, err := tx.RectificationCounts(ctx, dangjian.RectificationFilter{Scopes: scopes, Source: dangjian.SourceDLM, Year: year, Today: a.Today()})
		if err != nil {
			return err
		}
		rect := map[int64]*dangjian.RectCounts{}
		for _, c := range counts {
			if rect[c.OrgID] == nil {
				rect[c.OrgID] = &dangjian.RectCounts{}
			}
			rect[c.OrgID].Add(c.Status, c.Overdue, c.N)
		}
		for _, g := range groups {
			s := dangjian.DLMStatus{OrgID: g.ID, OrgName: g.Name, Year: year, ReportStatus: dangjian.DLMReportNone}
			ms := meetings[g.ID]
			if d := ovs[g.ID]; d != nil {
				s.Oversight, s.ReportStatus = true, d.ReportStatus
				if d.MeetingID != nil {
					for _, m := range ms {
						if m.ID == *d.MeetingID {
							ms = []sqlstore.DLMMeeting{m}
						}
					}
				}
			}
			if len(ms) > 0 {
				m := ms[0]
				s.Held, s.MeetingID, s.Quorum = true, &m.ID, m.Quorum
				t := m.HeldAt
				s.HeldAt = &t
			}
			if c := rect[g.ID]; c != nil {
				s.Rect = *c
			}
			out = append(out, s)
		}
		return nil
	})
	return out, o, err
}
