package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
)

// rulesPage is the rule table, with the deployment's overrides next to
// the defaults and, for the root's committee administrator, a form per
// configurable rule.
type rulesPage struct {
	Base
	Version     string
	Rules       []ruleView
	CanOverride bool
	Alert       string
}

type ruleView struct {
	R        dangjian.Rule // as in force
	Default  dangjian.Rule
	Text     string
	Kinds    string
	Override bool
	Form     []field // the override form's fields; empty when not offered
}

// rootOverrider mirrors app's check: overrides bind the whole deployment,
// so only a rules.override grant at the root offers the form; app checks
// again on every POST.
func rootOverrider(actor *dangjian.Actor) bool {
	for _, s := range actor.Scopes(dangjian.PermRulesOverride) {
		if len(dangjian.PathIDs(s)) <= 1 {
			return true
		}
	}
	return false
}

func (s *server) rules(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.rulesPage(w, r, rq, http.StatusOK, "", nil, nil)
}

// rulesPage draws the table; failed, when set, is the rule whose override
// failed with err, and posted its form as typed.
func (s *server) rulesPage(w http.ResponseWriter, r *http.Request, rq *request, status int, failed string, posted map[string]string, err error) error {
	l := rq.lang
	rs, rerr := s.app.RuleTable(r.Context())
	if rerr != nil {
		return rerr
	}
	p := &rulesPage{Version: rs.Version, CanOverride: rootOverrider(rq.actor())}
	p.Base = s.base(w, r, rq, tr(l, "rules.title"))
	p.Crumbs = []crumb{{Label: tr(l, "rules.title")}}
	fe := fieldErrors{}
	if err != nil {
		fe, p.Alert = errorsOf(l, err)
	}
	defaults := s.app.Rules()
	for _, cur := range rs.All() {
		def, _ := defaults.Lookup(cur.ID)
		def.Override = nil
		v := ruleView{R: cur, Default: def, Text: cur.Zh, Override: cur.Override != nil}
		if l == langEn {
			v.Text = cur.En
		}
		var kinds []string
		for _, k := range cur.Kinds {
			kinds = append(kinds, enumName(l, "kind", k))
		}
		v.Kinds = strings.Join(kinds, tr(l, "list.sep"))
		if p.CanOverride && cur.Configurable {
			m := formMaker{lang: l}
			if cur.ID == failed {
				m.errors = fe
			}
			val := func(name, current string) string {
				if cur.ID == failed {
					return posted[name]
				}
				return current
			}
			if def.Period != "" {
				per := m.field("select", "period", "rules.period", val("period", cur.Period), false)
				for _, pv := range []string{dangjian.PeriodMonth, dangjian.PeriodQuarter, dangjian.PeriodYear} {
					per.Options = append(per.Options, option{Value: pv, Label: enumName(l, "period", pv), Selected: pv == per.Value})
				}
				cnt := m.field("number", "count", "rules.count", val("count", strconv.Itoa(cur.Count)), false)
				cnt.Short = true
				v.Form = append(v.Form, per, cnt)
			}
			if def.Value != 0 || def.Unit != "" {
				vf := m.field("number", "value", "rules.value", val("value", strconv.FormatFloat(cur.Value, 'f', -1, 64)), false)
				vf.Short = true
				v.Form = append(v.Form, vf)
			}
		}
		p.Rules = append(p.Rules, v)
	}
	return s.render(w, rq, status, "rule/list", p)
}

func (s *server) ruleOverride(w http.ResponseWriter, r *http.Request, rq *request) error {
	id := r.PathValue("id")
	if err := parseForm(w, r); err != nil {
		return err
	}
	posted := map[string]string{"period": r.PostFormValue("period"), "count": r.PostFormValue("count"), "value": r.PostFormValue("value")}
	fe := fieldErrors{}
	o := dangjian.RuleOverride{Period: posted["period"], Count: parseInt(fe, "count", posted["count"])}
	if v := strings.TrimSpace(posted["value"]); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			fe["value"] = "请填写数值"
		}
		o.Value = &f
	}
	var err error
	if len(fe) > 0 {
		err = invalid(fe)
	} else {
		_, err = s.app.OverrideRule(r.Context(), rq.actor(), id, o)
	}
	if err != nil {
		if dangjian.ErrorCode(err) != dangjian.EINVALID {
			return err
		}
		return s.rulesPage(w, r, rq, http.StatusUnprocessableEntity, id, posted, err)
	}
	s.redirect(w, r, "/rules#"+id, "flash.rule_overridden")
	return nil
}

func (s *server) ruleClear(w http.ResponseWriter, r *http.Request, rq *request) error {
	if _, err := s.app.ClearOverride(r.Context(), rq.actor(), r.PathValue("id")); err != nil {
		return err
	}
	s.redirect(w, r, "/rules#"+r.PathValue("id"), "flash.rule_cleared")
	return nil
}
