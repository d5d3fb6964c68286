package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian/app"
)

// year reads the year parameter; absent means the current year (CST).
func (p *params) year(name string, current int) int {
	v := p.q.Get(name)
	if v == "" {
		return current
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.bad.Add(name, "应为四位年份，如 2026")
		return 0
	}
	return n
}

func (s *server) compliance(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	if err := p.err(); err != nil {
		return err
	}
	rep, err := s.app.Compliance(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) complianceRollup(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	sortBy := p.oneOf("sort", app.SortRate, app.SortMissing, app.SortName)
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	rows, total, err := s.app.ComplianceRollup(r.Context(), c.Actor, id, year, sortBy, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(rows, total, pg))
	return nil
}
