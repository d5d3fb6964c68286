package web

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// talkFormPage records a heart-to-heart talk.
type talkFormPage struct {
	Base
	O    *app.OrgDetail
	Form formView
}

type talkForm struct{ A, B, HeldOn, Topic string }

func (s *server) talkNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.recordableOrg(r.Context(), rq, id)
	if err != nil {
		return err
	}
	return s.talkNewPage(w, r, rq, http.StatusOK, d, talkForm{HeldOn: s.app.Today().String()}, nil)
}

func (s *server) talkNewPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d *app.OrgDetail, f talkForm, err error) error {
	l := rq.lang
	roster, rerr := s.app.MeetingRoster(r.Context(), rq.actor(), d.ID, dangjian.MeetingAssembly)
	if rerr != nil {
		return rerr
	}
	p := &talkFormPage{O: d}
	p.Base = s.base(w, r, rq, tr(l, "talk.new.title"))
	p.Crumbs = crumbsFor(d, tr(l, "talk.new.title"))
	fe, alert := fieldErrors{}, ""
	if err != nil {
		fe, alert = errorsOf(l, err)
	}
	m := formMaker{lang: l, errors: fe}
	person := func(name, key, val string) field {
		fl := m.field("select", name, key, val, true)
		fl.Options = append(fl.Options, option{Value: "", Label: tr(l, "meeting.nobody"), Selected: val == ""})
		for _, d := range roster {
			v := itoa(d.MemberID)
			fl.Options = append(fl.Options, option{Value: v, Label: d.Name, Selected: v == val})
		}
		return fl
	}
	p.Form = formView{
		Action: orgHref(d.ID) + "/talks/new", Submit: tr(l, "talk.new.submit"), Cancel: orgHref(d.ID) + "/talks/coverage", Alert: alert,
		Sections: []section{{Rows: [][]field{
			{person("a_id", "talk.a", f.A), person("b_id", "talk.b", f.B)},
			{m.date("held_on", "talk.held_on", f.HeldOn, true)},
			{m.text("topic", "talk.topic", f.Topic, false)},
		}}},
	}
	return s.render(w, rq, status, "talk/form", p)
}

func (s *server) talkCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
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
	f := talkForm{A: r.PostFormValue("a_id"), B: r.PostFormValue("b_id"), HeldOn: r.PostFormValue("held_on"), Topic: r.PostFormValue("topic")}
	fe := fieldErrors{}
	t := dangjian.Talk{OrgID: id, AID: parseID(f.A), BID: parseID(f.B), HeldOn: parseDate(fe, "held_on", f.HeldOn), Topic: f.Topic}
	if len(fe) > 0 {
		err = merge(fe, t.Validate(s.app.Today()))
	} else {
		_, err = s.app.RecordTalk(r.Context(), rq.actor(), t)
	}
	if err != nil {
		if !formError(err) {
			return err
		}
		return s.talkNewPage(w, r, rq, statusOf(err), d, f, err)
	}
	s.redirect(w, r, orgHref(id)+"/talks/coverage?year="+strconv.Itoa(t.HeldOn.Year()), "flash.talk_recorded")
	return nil
}

// coveragePage is a branch's talks of a year: how many of the pairs it
// owes were held, and the pairs still missing.
type coveragePage struct {
	Base
	O         *app.OrgDetail
	Year      int
	C         *dangjian.TalkCoverage
	Rate      string
	CanRecord bool
	Source    string
}

func (s *server) talkCoverage(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	id := d.ID
	c, err := s.app.TalkCoverage(ctx, actor, id, year)
	if err != nil {
		return err
	}
	rs, err := s.app.RuleTable(ctx)
	if err != nil {
		return err
	}
	p := &coveragePage{O: d, Year: year, C: c, CanRecord: canRecord(actor, d.Path), Source: rs.Get("orglife.talks").Source, Rate: rateText(1)}
	if c.Required > 0 {
		p.Rate = rateText(float64(c.Done) / float64(c.Required))
	}
	p.Base = s.base(w, r, rq, tr(l, "talk.coverage.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "talk.coverage.crumb"))
	p.PrintOrg = d.Name
	return s.render(w, rq, http.StatusOK, "talk/coverage", p)
}
