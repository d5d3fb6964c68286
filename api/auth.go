package api

import (
	"net/http"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// health answers 200 while the database answers, 503 otherwise, so a load
// balancer takes the instance out of rotation.
func (s *server) health(w http.ResponseWriter, r *http.Request, _ *caller) error {
	if err := s.app.Ping(r.Context()); err != nil {
		s.log.WarnContext(r.Context(), "health check failed", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

type loginInput struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginAnswer struct {
	Token     string         `json:"token"`
	ExpiresAt time.Time      `json:"expires_at"`
	User      *dangjian.User `json:"user"`
}

func (s *server) login(w http.ResponseWriter, r *http.Request, _ *caller) error {
	var in loginInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v := dangjian.Invalid{}
	if in.Username == "" {
		v.Add("username", "请填写用户名")
	}
	if in.Password == "" {
		v.Add("password", "请填写密码")
	}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := s.app.Login(r.Context(), in.Username, in.Password, clientIP(r), app.SessionAPI, "")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, loginAnswer{Token: res.Token, ExpiresAt: res.ExpiresAt.UTC(), User: userView(res.User)})
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := s.app.Logout(r.Context(), c.Actor, c.token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// me answers the logged-in user with its roles.
func (s *server) me(w http.ResponseWriter, r *http.Request, c *caller) error {
	writeJSON(w, http.StatusOK, userView(c.User))
	return nil
}
