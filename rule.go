package dangjian

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
)

//go:embed rules.json
var rulesJSON []byte // read-only table, parsed into a fresh RuleSet per caller

// Rule is one statutory or local-practice number with its source.
// Ids are the stable ids of RULES.md.
type Rule struct {
	ID           string             `json:"id"`
	Kinds        []string           `json:"kinds"`
	Meeting      string             `json:"meeting,omitempty"`
	Period       string             `json:"period,omitempty"`
	Count        int                `json:"count,omitempty"`
	Value        float64            `json:"value,omitempty"`
	Unit         string             `json:"unit,omitempty"`
	Params       map[string]float64 `json:"params,omitempty"`
	Source       string             `json:"source"`
	Confidence   string             `json:"confidence"`
	Configurable bool               `json:"configurable"`
	Zh           string             `json:"zh"`
	En           string             `json:"en"`
	Override     *RuleOverride      `json:"override,omitempty"`
}

// RuleOverride is a deployment's local value for a configurable rule.
type RuleOverride struct {
	Period string             `json:"period,omitempty"`
	Count  int                `json:"count,omitempty"`
	Value  *float64           `json:"value,omitempty"`
	Params map[string]float64 `json:"params,omitempty"`
}

// RuleSet is the rule table of one version, with any overrides applied.
type RuleSet struct {
	Version string
	byID    map[string]*Rule
	order   []string
}

// DefaultRules parses the embedded rule table.
func DefaultRules() (*RuleSet, error) {
	var doc struct {
		Version string `json:"version"`
		Rules   []Rule `json:"rules"`
	}
	if err := json.Unmarshal(rulesJSON, &doc); err != nil {
		return nil, fmt.Errorf("parse rule table: %w", err)
	}
	rs := &RuleSet{Version: doc.Version, byID: make(map[string]*Rule, len(doc.Rules))}
	for i := range doc.Rules {
		r := doc.Rules[i]
		if _, dup := rs.byID[r.ID]; dup {
			return nil, fmt.Errorf("rule table: duplicate id %q", r.ID)
		}
		rs.byID[r.ID] = &r
		rs.order = append(rs.order, r.ID)
	}
	return rs, nil
}

// Get returns the rule with id, or panics: ids are compile-time facts of
// this program, so a missing one is a bug, not input.
func (rs *RuleSet) Get(id string) Rule {
	r, ok := rs.byID[id]
	if !ok {
		panic(fmt.Sprintf("rule %q is not in the rule table", id))
	}
	return r.effective()
}

// Lookup returns the rule with id and whether it exists.
func (rs *RuleSet) Lookup(id string) (Rule, bool) {
	r, ok := rs.byID[id]
	if !ok {
		return Rule{}, false
	}
	return r.effective(), true
}

// All returns every rule in table order, overrides applied.
func (rs *RuleSet) All() []Rule {
	out := make([]Rule, 0, len(rs.order))
	for _, id := range rs.order {
		out = append(out, rs.byID[id].effective())
	}
	return out
}

// Override sets a deployment's value for a configurable rule.
func (rs *RuleSet) Override(id string, o RuleOverride) error {
	r, ok := rs.byID[id]
	if !ok {
		return Errorf(ENOTFOUND, "规则 %s 不存在", id)
	}
	if !r.Configurable {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("规则 %s 为法定规则，不可修改", id), Fields: map[string]string{"id": "该规则不可配置"}}
	}
	v := Invalid{}
	if o.Period != "" && o.Period != "month" && o.Period != "quarter" && o.Period != "year" {
		v.Add("period", "周期须为 month、quarter 或 year")
	}
	if o.Count < 0 || o.Count > 366 {
		v.Add("count", "次数须在 0 到 366 之间")
	}
	if o.Value != nil && *o.Value < 0 {
		v.Add("value", "数值不能为负")
	}
	if err := v.Err(); err != nil {
		return err
	}
	r.Override = &o
	return nil
}

// effective returns the rule with its override folded in; the override
// itself stays attached so pages can show it next to the default.
func (r *Rule) effective() Rule {
	e := *r
	if o := r.Override; o != nil {
		if o.Period != "" {
			e.Period = o.Period
		}
		if o.Count > 0 {
			e.Count = o.Count
		}
		if o.Value != nil {
			e.Value = *o.Value
		}
		if len(o.Params) > 0 {
			p := make(map[string]float64, len(r.Params)+len(o.Params))
			for k, v := range r.Params {
				p[k] = v
			}
			for k, v := range o.Params {
				p[k] = v
			}
			e.Params = p
		}
	}
	return e
}

// RuleIDs returns every id in the table, sorted.
func (rs *RuleSet) RuleIDs() []string {
	ids := append([]string(nil), rs.order...)
	sort.Strings(ids)
	return ids
}

// Finding is what a rule says about a record: always cites the rule.
type Finding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"` // "error" (breaks the rule), "warning" (due soon / should)
	Message   string `json:"message"`
	MessageEn string `json:"message_en,omitempty"`
	Source    string `json:"source,omitempty"`
}

// Severities of a finding.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)
