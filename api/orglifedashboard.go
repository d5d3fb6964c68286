package api

import (
	"net/http"
)

// orglifeDashboard answers the working committee's dashboard of a subtree
// and year: compliance by unit, the trend by month, merged and
// below-quorum meetings.
func (s *server) orglifeDashboard(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	if err := p.err(); err != nil {
		return err
	}
	d, err := s.app.OrglifeDashboard(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
