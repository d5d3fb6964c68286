package api

import (
	"net/http"

	"github.com/dangjian/dangjian"
)

// ruleView is a rule as the table has it, with the deployment's override
// (if any) next to it and the values in force.
type ruleView struct {
	ID           string                 `json:"id"`
	Kinds        []string               `json:"kinds"`
	Meeting      string                 `json:"meeting,omitempty"`
	Period       *string                `json:"period"` // null when the rule has none
	Count        *int                   `json:"count"`
	Value        *float64               `json:"value,omitempty"`
	Unit         string                 `json:"unit,omitempty"`
	Params       map[string]float64     `json:"params,omitempty"`
	Source       string                 `json:"source"`
	Confidence   string                 `json:"confidence"`
	Configurable bool                   `json:"configurable"`
	Zh           string                 `json:"zh"`
	En           string                 `json:"en"`
	Override     *dangjian.RuleOverride `json:"override,omitempty"`
	Effective    ruleValues             `json:"effective"`
}

// ruleValues are the numbers of a rule in force.
type ruleValues struct {
	Period *string            `json:"period"`
	Count  *int               `json:"count"`
	Value  *float64           `json:"value,omitempty"`
	Params map[string]float64 `json:"params,omitempty"`
}

func valuesOf(r dangjian.Rule) ruleValues {
	var v ruleValues
	if r.Period != "" {
		v.Period, v.Count = &r.Period, &r.Count
	}
	if r.Value != 0 {
		v.Value = &r.Value
	}
	v.Params = r.Params
	return v
}

// viewRule shows def (the table's row) with eff (the same rule in force).
func viewRule(def, eff dangjian.Rule) ruleView {
	d := valuesOf(def)
	v := ruleView{ID: def.ID, Kinds: def.Kinds, Meeting: def.Meeting, Period: d.Period, Count: d.Count, Value: d.Value,
		Unit: def.Unit, Params: def.Params, Source: def.Source, Confidence: def.Confidence, Configurable: def.Configurable,
		Zh: def.Zh, En: def.En, Override: eff.Override, Effective: valuesOf(eff)}
	if v.Kinds == nil {
		v.Kinds = []string{}
	}
	return v
}

func (s *server) listRules(w http.ResponseWriter, r *http.Request, c *caller) error {
	rs, err := s.app.RuleTable(r.Context())
	if err != nil {
		return err
	}
	defaults := s.app.Rules()
	var out []ruleView
	for _, eff := range rs.All() {
		out = append(out, viewRule(defaults.Get(eff.ID), eff))
	}
	writeJSON(w, http.StatusOK, whole(out))
	return nil
}

// overrideBody is PUT /rules/{id}: a period and count, or a value.
type overrideBody struct {
	Period *string  `json:"period"`
	Count  *int     `json:"count"`
	Value  *float64 `json:"value"`
}

func (s *server) overrideRule(w http.ResponseWriter, r *http.Request, c *caller) error {
	var b overrideBody
	if err := decode(w, r, &b); err != nil {
		return err
	}
	var o dangjian.RuleOverride
	if b.Period != nil {
		o.Period = *b.Period
	}
	if b.Count != nil {
		if *b.Count <= 0 {
			return fieldError("count", "次数须为正整数")
		}
		o.Count = *b.Count
	}
	o.Value = b.Value
	id := r.PathValue("id")
	eff, err := s.app.OverrideRule(r.Context(), c.Actor, id, o)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewRule(s.app.Rules().Get(id), eff))
	return nil
}

func (s *server) clearOverride(w http.ResponseWriter, r *http.Request, c *caller) error {
	id := r.PathValue("id")
	eff, err := s.app.ClearOverride(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewRule(s.app.Rules().Get(id), eff))
	return nil
}
