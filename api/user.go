package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// userView makes the roles an empty list rather than null.
func userView(u *dangjian.User) *dangjian.User {
	if u.Roles == nil {
		out := *u
		out.Roles = []dangjian.Grant{}
		return &out
	}
	return u
}

func (s *server) listUsers(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	all, err := s.app.Users(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	items := slicePage(all, pg)
	for i, u := range items {
		items[i] = userView(u)
	}
	writeJSON(w, http.StatusOK, listOf(items, len(all), pg))
	return nil
}

func (s *server) createUser(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in app.UserInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u, err := s.app.CreateUser(r.Context(), c.Actor, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	writeJSON(w, http.StatusCreated, userView(u))
	return nil
}

func (s *server) user(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.app.User(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, userView(u))
	return nil
}
