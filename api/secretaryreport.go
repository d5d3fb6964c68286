package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// secretaryReportInput is the body of POST /secretary-reports.
type secretaryReportInput struct {
	OrgID    int64  `json:"org_id"`
	Year     int    `json:"year"`
	MemberID *int64 `json:"member_id"`
	Report   string `json:"report"`
}

// gradeInput is the body of POST /secretary-reports/{id}/grade.
type gradeInput struct {
	Grade    string   `json:"grade"`
	Comments string   `json:"comments"`
	Problems []string `json:"problems"`
	Deadline date     `json:"deadline"`
}

func (s *server) createSecretaryReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in secretaryReportInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.SubmitSecretaryReport(r.Context(), c.Actor, app.SecretaryReportInput{OrgID: in.OrgID, Year: in.Year, MemberID: in.MemberID, Report: in.Report})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/secretary-reports/"+strconv.FormatInt(out.ID, 10))
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *server) gradeSecretaryReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in gradeInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.GradeSecretaryReport(r.Context(), c.Actor, id, app.GradeInput{Grade: in.Grade, Comments: in.Comments, Problems: in.Problems, Deadline: in.Deadline.Date})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) secretaryReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	out, err := s.app.SecretaryReport(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func reportQuery(p *params) app.SecretaryReportQuery {
	q := app.SecretaryReportQuery{Grade: p.oneOf("grade", dangjian.SecretaryGrades...), Status: p.oneOf("status", dangjian.ReportSubmitted, dangjian.ReportGraded)}
	if org := p.id("org"); org != nil {
		q.OrgID = *org
	}
	if y := p.id("year"); y != nil {
		q.Year = int(*y)
	}
	return q
}

// listSecretaryReports answers the list and, with org and year, the
// year's counts: {"items","total","page","per_page","counts"}.
func (s *server) listSecretaryReports(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := reportQuery(p)
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	out, err := s.app.SecretaryReports(r.Context(), c.Actor, q, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		list[*dangjian.SecretaryReport]
		Counts *dangjian.ReportCounts `json:"counts,omitempty"`
	}{listOf(out.Items, out.Total, pg), out.Counts})
	return nil
}

func (s *server) exportSecretaryReports(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := reportQuery(p)
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportSecretaryReports(r.Context(), c.Actor, q, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}
