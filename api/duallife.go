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
	share, err := decodeShare(w, r, "0.5")
	if err != nil {
		return err
	}
	if err := s.app.SetDualLifeMinShare(r.Context(), c.Actor, share); err != nil {
		return err
	}
	return s.writeDualLifeSetting(w, r)
}

// decodeShare reads {"min_share": x} of a PUT to a local share setting:
// a number, or null for the platform default (nil). example is shown in
// the error when the field is missing.
func decodeShare(w http.ResponseWriter, r *http.Request, example string) (*float64, error) {
	var b struct {
		MinShare json.RawMessage `json:"min_share"`
	}
	if err := decode(w, r, &b); err != nil {
		return nil, err
	}
	switch string(b.MinShare) {
	case "":
		return nil, fieldError("min_share", "请填写比例，如 "+example+"；填 null 恢复默认值")
	case "null":
		return nil, nil
	}
	var v float64
	if err := json.Unmarshal(b.MinShare, &v); err != nil {
		return nil, fieldError("min_share", "应为0到1之间的数")
	}
	return &v, nil
}
