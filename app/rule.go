package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// overridesKey is the setting that holds the deployment's rule overrides,
// a JSON object of rule id → RuleOverride. It lives in the database, not
// in process memory, so every instance sharing the database agrees.
const overridesKey = "rules.overrides"

// RuleTable returns the rule table in force: the embedded table with the
// deployment's overrides applied. It is read per call; parsing the small
// table costs far less than a stale answer on another instance.
func (a *App) RuleTable(ctx context.Context) (*dangjian.RuleSet, error) {
	var rs *dangjian.RuleSet
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		rs, _, err = a.ruleTable(ctx, tx)
		return err
	})
	return rs, err
}

// ruleTable reads the overrides in tx and returns the effective table with
// the stored overrides themselves.
func (a *App) ruleTable(ctx context.Context, tx *sqlstore.Tx) (*dangjian.RuleSet, map[string]dangjian.RuleOverride, error) {
	rs, err := dangjian.DefaultRules()
	if err != nil {
		return nil, nil, err
	}
	raw, ok, err := tx.Setting(ctx, overridesKey)
	if err != nil || !ok {
		return rs, map[string]dangjian.RuleOverride{}, err
	}
	var ovs map[string]dangjian.RuleOverride
	if err := json.Unmarshal([]byte(raw), &ovs); err != nil {
		return nil, nil, fmt.Errorf("parse setting %s: %w", overridesKey, err)
	}
	if ovs == nil {
		ovs = map[string]dangjian.RuleOverride{}
	}
	for id, o := range ovs {
		// A new table version may drop a rule or make it statutory: the
		// stale override is skipped, not allowed to break every page.
		if err := rs.Override(id, o); err != nil {
			a.log.WarnContext(ctx, "stored rule override ignored", "rule", id, "err", err)
			delete(ovs, id)
		}
	}
	return rs, ovs, nil
}

// canOverrideRules reports whether the actor holds rules.override on a
// root of the tree: overrides apply to the whole deployment, so a
// committee admin of a subtree may not set them.
func canOverrideRules(actor *dangjian.Actor) bool {
	for _, s := range actor.Scopes(dangjian.PermRulesOverride) {
		if len(dangjian.PathIDs(s)) <= 1 {
			return true
		}
	}
	return false
}

// OverrideRule sets the deployment's value of a configurable rule and
// returns the rule as now in force.
func (a *App) OverrideRule(ctx context.Context, actor *dangjian.Actor, id string, o dangjian.RuleOverride) (dangjian.Rule, error) {
	if !canOverrideRules(actor) {
		return dangjian.Rule{}, forbidden()
	}
	def, ok := a.rules.Lookup(id)
	if !ok {
		return dangjian.Rule{}, dangjian.Errorf(dangjian.ENOTFOUND, "规则 %s 不存在", id)
	}
	if err := validOverride(def, o); err != nil {
		return dangjian.Rule{}, err
	}
	var out dangjian.Rule
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		rs, ovs, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		var old *dangjian.RuleOverride
		if prev, ok := ovs[id]; ok {
			old = &prev
		}
		// Override replaces the rule's earlier override, never layers on it.
		if err := rs.Override(id, o); err != nil {
			return err
		}
		ovs[id] = o
		b, err := json.Marshal(ovs)
		if err != nil {
			return fmt.Errorf("encode rule overrides: %w", err)
		}
		if err := tx.SetSetting(ctx, overridesKey, string(b)); err != nil {
			return err
		}
		out = rs.Get(id)
		return audit(ctx, tx, actor, "rule.override", "rule", 0, 0, map[string]any{"rule": id, "from": old, "to": o})
	})
	return out, err
}

// validOverride checks that an override sets something and only what the
// rule has: a period and count for a rule counted per period, a value for
// a rule that has one.
func validOverride(def dangjian.Rule, o dangjian.RuleOverride) error {
	v := dangjian.Invalid{}
	if !def.Configurable {
		return &dangjian.Error{Code: dangjian.EINVALID, Message: fmt.Sprintf("规则 %s 为法定规则，不可修改", def.ID),
			Fields: map[string]string{"id": "该规则不可配置"}}
	}
	if o.Period == "" && o.Count == 0 && o.Value == nil && len(o.Params) == 0 {
		return &dangjian.Error{Code: dangjian.EINVALID, Message: "请填写要修改的值", Fields: map[string]string{"period": "请填写周期和次数，或数值"}}
	}
	if def.Period == "" {
		if o.Period != "" {
			v.Add("period", "该规则没有周期")
		}
		if o.Count != 0 {
			v.Add("count", "该规则没有次数")
		}
	} else if o.Count < 0 || (o.Count == 0 && o.Period != "") {
		v.Add("count", "次数须为正整数")
	}
	if o.Value != nil && def.Value == 0 && def.Unit == "" {
		v.Add("value", "该规则没有数值")
	}
	for k := range o.Params {
		if _, ok := def.Params[k]; !ok {
			v.Add("params."+k, "该规则没有此参数")
		}
	}
	return v.Err()
}

// ClearOverride drops the deployment's value of a rule, back to the
// default; clearing a rule with no override changes nothing.
func (a *App) ClearOverride(ctx context.Context, actor *dangjian.Actor, id string) (dangjian.Rule, error) {
	if !canOverrideRules(actor) {
		return dangjian.Rule{}, forbidden()
	}
	def, ok := a.rules.Lookup(id)
	if !ok {
		return dangjian.Rule{}, dangjian.Errorf(dangjian.ENOTFOUND, "规则 %s 不存在", id)
	}
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		_, ovs, err := a.ruleTable(ctx, tx)
		if err != nil {
			return err
		}
		old, ok := ovs[id]
		if !ok {
			return nil
		}
		delete(ovs, id)
		b, err := json.Marshal(ovs)
		if err != nil {
			return fmt.Errorf("encode rule overrides: %w", err)
		}
		if err := tx.SetSetting(ctx, overridesKey, string(b)); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "rule.override.clear", "rule", 0, 0, map[string]any{"rule": id, "from": old, "to": nil})
	})
	return def, err
}
