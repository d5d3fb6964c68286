package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// oversightInput is the body of PUT /orgs/{id}/dlm/{year}.
type oversightInput struct {
	MeetingID  *int64                  `json:"meeting_id"`
	Opinions   []dangjian.DLMOpinion   `json:"opinions"`
	Criticisms []dangjian.DLMCriticism `json:"criticisms"`
	Notes      string                  `json:"notes"`
}

// reportInput is the body of POST /orgs/{id}/dlm/{year}/report.
type reportInput struct {
	Report string `json:"report"`
}

// pathYear reads the {year} of a route.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 1 {
		return 0, dangjian.Errorf(dangjian.ENOTFOUND, "记录不存在")
	}
	return y, nil
}

func idYear(r *http.Request) (int64, int, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	y, err := pathYear(r)
	return id, y, err
}

// dlmList answers GET /orgs/{id}/dlm?year= (format=xlsx|csv for a file):
// the leading groups of the subtree and their democratic life meeting.
func (s *server) dlmList(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := s.app.Today().Year()
	if y := p.id("year"); y != nil {
		year = int(*y)
	}
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	if format != "" {
		ex, err := s.app.ExportDLMList(r.Context(), c.Actor, id, year, format)
		if err != nil {
			return err
		}
		return s.sendFile(w, r, ex)
	}
	items, _, err := s.app.DLMList(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(items))
	return nil
}

func (s *server) dlm(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, year, err := idYear(r)
	if err != nil {
		return err
	}
	out, err := s.app.DLM(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) saveDLM(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, year, err := idYear(r)
	if err != nil {
		return err
	}
	var in oversightInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.SaveDLMOversight(r.Context(), c.Actor, id, year, app.DLMOversightInput{MeetingID: in.MeetingID, Opinions: in.Opinions,
		Criticisms: in.Criticisms, Notes: in.Notes})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) sendDLMReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, year, err := idYear(r)
	if err != nil {
		return err
	}
	var in reportInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	out, err := s.app.SendDLMReport(r.Context(), c.Actor, id, year, in.Report)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) receiveDLMReport(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, year, err := idYear(r)
	if err != nil {
		return err
	}
	out, err := s.app.ReceiveDLMReport(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
