package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
)

func (s *server) createTalk(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in struct {
		OrgID  int64  `json:"org_id"`
		AID    int64  `json:"a_id"`
		BID    int64  `json:"b_id"`
		HeldOn date   `json:"held_on"`
		Topic  string `json:"topic"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.app.RecordTalk(r.Context(), c.Actor, dangjian.Talk{OrgID: in.OrgID, AID: in.AID, BID: in.BID, HeldOn: in.HeldOn.Date, Topic: in.Topic})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *server) talkCoverage(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	year := s.app.Today().Year()
	if v := r.URL.Query().Get("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			return fieldError("year", "应为年份，如 2026")
		}
	}
	cov, err := s.app.TalkCoverage(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cov)
	return nil
}
