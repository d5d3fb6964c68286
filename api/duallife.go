package api

import (
	"encoding/json"
	"net/http"

	"github.com/dangjian/dangjian"
)

func (s *server) dualLife(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	if err := p.err(); err != nil {
		return err
	}
	rep, err := s.app.DualLife(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// dualLifeSetting is the deployment's minimum share of dual organizational
// life: local practice, with no national number (orglife.dual_life).
type dualLifeSetting struct {
	MinShare float64 `json:"min_share"`
	Set      bool    `json:"set"`     // false: the platform default is in force
	Default  float64 `json:"default"` // the platform default
	Rule     string  `json:"rule"`
	Source   string  `json:"source"`
}

func (s *server) writeDualLifeSetting(w http.ResponseWriter, r *http.Request) error {
	share, set, err := s.app.DualLifeMinShare(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, dualLifeSetting{MinShare: share, Set: set, Default: dangjian.DefaultDualLifeMinShare,
		Rule: "orglife.dual_life", Source: "local"})
	return nil
}

func (s *server) getDualLifeSetting(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.writeDualLifeSetting(w, r)
}

// putDualLifeSetting is PUT /settings/dual-life {"min_share": 0.6}; a null
// min_share goes back to the platform default.
func (s *server) putDualLifeSetting(w http.ResponseWriter, r *http.Request, c *caller) error {
	var b struct {
		MinShare json.RawMessage `json:"min_share"`
	}
	if err := decode(w, r, &b); err != nil {
		return err
	}
	var share *float64
	switch string(b.MinShare) {
	case "":
		return fieldError("min_share", "请填写比例，如 0.5；填 null 恢复默认值")
	case "null":
	default:
		var v float64
		if err := json.Unmarshal(b.MinShare, &v); err != nil {
			return fieldError("min_share", "应为0到1之间的数")
		}
		share = &v
	}
	if err := s.app.SetDualLifeMinShare(r.Context(), c.Actor, share); err != nil {
		return err
	}
	return s.writeDualLifeSetting(w, r)
}
