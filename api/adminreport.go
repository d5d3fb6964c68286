package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func (s *server) createAdminReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in struct {
		OrgID      int64  `json:"org_id"`
		Reporter   string `json:"reporter"`
		Title      string `json:"title"`
		Body       string `json:"body"`
		MeetingID  *int64 `json:"meeting_id"`
		ReportedOn date   `json:"reported_on"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	rep, err := s.app.RecordAdminReport(r.Context(), c.Actor, dangjian.AdminReport{OrgID: in.OrgID, Reporter: in.Reporter, Title: in.Title,
		Body: in.Body, MeetingID: in.MeetingID, ReportedOn: in.ReportedOn.Date})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/admin-reports/"+strconv.FormatInt(rep.ID, 10))
	writeJSON(w, http.StatusCreated, rep)
	return nil
}

func (s *server) listAdminReports(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := app.AdminReportQuery{Year: p.year("year", 0)}
	if id := p.id("org"); id != nil {
		q.OrgID = *id
	}
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := s.app.AdminReports(r.Context(), c.Actor, q, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(items, total, pg))
	return nil
}

func (s *server) adminReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.AdminReport(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// rateAdminReport casts the caller's anonymous rating; the answer says
// only that it was counted.
func (s *server) rateAdminReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Rating string `json:"rating"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.app.RateAdminReport(r.Context(), c.Actor, id, in.Rating); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]bool{"rated": true})
	return nil
}

func (s *server) paperRatings(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		MemberIDs []int64              `json:"member_ids"`
		Counts    dangjian.RatingCount `json:"counts"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	rep, err := s.app.RecordPaperRatings(r.Context(), c.Actor, id, app.PaperRatings{MemberIDs: in.MemberIDs, Counts: in.Counts})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) closeAdminReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rep, err := s.app.CloseAdminReport(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) adminReportResults(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	res, err := s.app.AdminReportResults(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// adminReportDue is an organization's standing against
// eval.admin_head.report in a year (the rule in force, overrides included).
func (s *server) adminReportDue(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", 0)
	if err := p.err(); err != nil {
		return err
	}
	if year == 0 {
		year = s.app.Today().Year()
	}
	d, err := s.app.AdminReportDue(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *server) exportAdminReports(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	org := p.id("org")
	year := p.year("year", 0)
	format := p.oneOf("format", "xlsx", "csv")
	if org == nil {
		p.bad.Add("org", "请指定党组织")
	}
	if err := p.err(); err != nil {
		return err
	}
	if year == 0 {
		year = s.app.Today().Year()
	}
	ex, err := s.app.ExportAdminReports(r.Context(), c.Actor, *org, year, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}
