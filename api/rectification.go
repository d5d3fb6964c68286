package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// rectificationInput is the body of POST /rectifications.
type rectificationInput struct {
	OrgID     int64  `json:"org_id"`
	Source    string `json:"source"`
	Problem   string `json:"problem"`
	Measures  string `json:"measures"`
	OwnerID   *int64 `json:"owner_id"`
	Deadline  date   `json:"deadline"`
	Year      int    `json:"year"`
	MeetingID *int64 `json:"meeting_id"`
}

// rectUpdateInput is the body of POST /rectifications/{id}/updates.
type rectUpdateInput struct {
	Status   string `json:"status"`
	Progress *int   `json:"progress"`
	Note     string `json:"note"`
	Evidence string `json:"evidence"`
}

func (s *server) createRectification(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in rectificationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.CreateRectification(r.Context(), c.Actor, app.RectificationInput{OrgID: in.OrgID, Source: in.Source, Problem: in.Problem,
		Measures: in.Measures, OwnerID: in.OwnerID, Deadline: in.Deadline.Date, Year: in.Year, MeetingID: in.MeetingID})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/rectifications/"+strconv.FormatInt(out.ID, 10))
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *server) updateRectification(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in rectUpdateInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.UpdateRectification(r.Context(), c.Actor, id, app.RectUpdateInput{Status: in.Status, Progress: in.Progress, Note: in.Note, Evidence: in.Evidence})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) rectification(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	out, err := s.app.Rectification(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// rectQuery reads the ledger's filters: org (a subtree), status, source,
// year, overdue=1, owner, meeting, report.
func rectQuery(p *params) app.RectQuery {
	q := app.RectQuery{Status: p.oneOf("status", dangjian.RectStatuses...), Source: p.oneOf("source", dangjian.RectSources...)}
	if org := p.id("org"); org != nil {
		q.OrgID = *org
	}
	if y := p.id("year"); y != nil {
		q.Year = int(*y)
	}
	if od := p.boolean("overdue"); od != nil {
		q.Overdue = *od
	}
	if m := p.id("owner"); m != nil {
		q.OwnerID = *m
	}
	if m := p.id("meeting"); m != nil {
		q.MeetingID = *m
	}
	if m := p.id("report"); m != nil {
		q.ReportID = *m
	}
	return q
}

func (s *server) listRectifications(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := rectQuery(p)
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := s.app.Rectifications(r.Context(), c.Actor, q, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(items, total, pg))
	return nil
}

func (s *server) exportRectifications(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := rectQuery(p)
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportRectifications(r.Context(), c.Actor, q, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// rectRollup answers GET /orgs/{id}/rectifications/rollup?year=&source=&sort=
// (format=xlsx|csv for a file).
func (s *server) rectRollup(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	q := rectQuery(p)
	sort := p.oneOf("sort", dangjian.RectRollupSorts...)
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	if format != "" {
		ex, err := s.app.ExportRectificationRollup(r.Context(), c.Actor, id, q, sort, format)
		if err != nil {
			return err
		}
		return s.sendFile(w, r, ex)
	}
	out, err := s.app.RectificationRollup(r.Context(), c.Actor, id, q, sort)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
