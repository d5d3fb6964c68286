package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// adminMeetingPage is a unit's administrative meetings (orglife.merged)
// with the form that registers one: party meetings of the unit that
// overlap one are flagged suspected merged.
type adminMeetingPage struct {
	Base
	O         *app.OrgDetail
	Meetings  []*dangjian.AdminMeeting
	Names     map[int64]string // where each was registered, as far as the actor sees
	Pager     pager
	CanRecord bool
	Form      formView
}

type adminMeetingForm struct{ Date, Start, End, Title string }

func (s *server) adminMeetings(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Org(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	return s.adminMeetingsPage(w, r, rq, http.StatusOK, d, adminMeetingForm{Date: s.app.Today().String()}, nil)
}

func (s *server) adminMeetingsPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, f adminMeetingForm, err error) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	list, total, lerr := s.app.AdminMeetings(ctx, actor, d.ID, app.Page{Page: page, PerPage: per})
	if lerr != nil {
		return lerr
	}
	p := &adminMeetingPage{O: d, Meetings: list, CanRecord: canRecord(actor, d.Path)}
	var ids []int64
	for _, m := range list {
		ids = append(ids, m.OrgID)
	}
	if p.Names, lerr = s.app.OrgNames(ctx, actor, ids); lerr != nil {
		return lerr
	}
	p.Base = s.base(w, r, rq, tr(l, "admin_meeting.title", d.Name))
	p.Crumbs = crumbsFor(d, tr(l, "meeting.list.crumb"))
	p.Crumbs[len(p.Crumbs)-1].Href = orgHref(d.ID) + "/meetings"
	p.Crumbs = append(p.Crumbs, crumb{Label: tr(l, "admin_meeting.crumb")})
	p.PrintOrg = d.Name
	p.Pager = newPager(r.URL, total, page, per, "items", "")
	if p.CanRecord {
		fe, alert := fieldErrors{}, ""
		if err != nil {
			fe, alert = errorsOf(l, err)
		}
		m := formMaker{lang: l, errors: fe}
		timeField := func(name, key, val string) field {
			fl := m.field("time", name, key, val, true)
			fl.Short, fl.Place = true, "HH:MM"
			return fl
		}
		p.Form = formView{
			Action: orgHref(d.ID) + "/admin-meetings", Submit: tr(l, "admin_meeting.submit"), Alert: alert,
			Sections: []section{{Rows: [][]field{
				{m.date("date", "admin_meeting.date", f.Date, true), timeField("held_at", "admin_meeting.start", f.Start), timeField("ends_at", "admin_meeting.end", f.End)},
				{m.text("title", "admin_meeting.name", f.Title, true)},
			}}},
		}
	}
	return s.render(w, rq, status, "adminmeeting/list", p)
}

// clockOn reads a HH:MM field as that time of day (CST); a bad one is
// reported under the field and leaves the zero time.
func clockOn(fe fieldErrors, name string, day dangjian.Date, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || day.IsZero() {
		return time.Time{}
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		fe[name] = "时间格式应为 HH:MM"
		return time.Time{}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, dangjian.CST)
}

func (s *server) adminMeetingCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.recordableOrg(r.Context(), rq, id)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := adminMeetingForm{Date: r.PostFormValue("date"), Start: r.PostFormValue("held_at"), End: r.PostFormValue("ends_at"), Title: r.PostFormValue("title")}
	fe := fieldErrors{}
	day := parseDate(fe, "date", f.Date)
	if strings.TrimSpace(f.Date) == "" {
		fe["date"] = "请填写日期"
	}
	m := dangjian.AdminMeeting{OrgID: id, HeldAt: clockOn(fe, "held_at", day, f.Start), EndsAt: clockOn(fe, "ends_at", day, f.End), Title: f.Title}
	if len(fe) > 0 {
		err = merge(fe, m.Validate())
	} else {
		_, err = s.app.RecordAdminMeeting(r.Context(), rq.actor(), m)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.adminMeetingsPage(w, r, rq, statusOf(err), d, f, err)
	}
	s.redirect(w, r, orgHref(id)+"/admin-meetings", "flash.saved")
	return nil
}
