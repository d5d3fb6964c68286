package api

import (
	"net/http"

	"github.com/dangjian/dangjian/app"
)

// todo answers the caller's to-do list: what is due this month and what
// is overdue in the organizations it runs, with the summaries of subtrees
// too large to list.
func (s *server) todo(w http.ResponseWriter, r *http.Request, c *caller) error {
	td, err := s.app.Todo(r.Context(), c.Actor, app.TodoOptions{Summaries: true})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, td)
	return nil
}

// listAdminMeetings answers the administrative meetings registered on an
// organization (a unit's top organization), newest first, paged.
func (s *server) listAdminMeetings(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	ms, total, err := s.app.AdminMeetings(r.Context(), c.Actor, id, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(ms, total, pg))
	return nil
}
