package app_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

func auditor() *dangjian.Actor {
	return &dangjian.Actor{Username: "aud", Grants: []dangjian.Grant{{Role: dangjian.RoleAuditor, OrgPath: "/"}}}
}

// ruleAudits returns the changes of the audit rows with action, oldest first.
func ruleAudits(t *testing.T, a *app.App, action string) []map[string]any {
	t.Helper()
	rows, _, err := a.Audits(context.Background(), auditor(), dangjian.AuditFilter{Action: action}, app.Page{PerPage: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for i := len(rows) - 1; i >= 0; i-- {
		var c map[string]any
		if err := json.Unmarshal([]byte(rows[i].Changes), &c); err != nil {
			t.Fatalf("audit changes %q: %v", rows[i].Changes, err)
		}
		out = append(out, c)
	}
	return out
}

func TestOverrideRuleRefusals(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	deptAdmin := &dangjian.Actor{Username: "dept", Grants: []dangjian.Grant{{Role: dangjian.RoleCommitteeAdmin, OrgID: f.dept.ID, OrgPath: f.dept.Path}}}
	rootOrgAdmin := &dangjian.Actor{Username: "sec", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: f.root.ID, OrgPath: f.root.Path}}}
	monthly := dangjian.RuleOverride{Period: "month", Count: 2}
	three := 3.0
	cases := []struct {
		name  string
		actor *dangjian.Actor
		id    string
		o     dangjian.RuleOverride
		code  string
		field string
	}{
		{"committee admin of a subtree", deptAdmin, "orglife.lecture", monthly, dangjian.EFORBIDDEN, ""},
		{"org admin of the root", rootOrgAdmin, "orglife.lecture", monthly, dangjian.EFORBIDDEN, ""},
		{"no one", nil, "orglife.lecture", monthly, dangjian.EFORBIDDEN, ""},
		{"unknown rule", f.admin, "orglife.nothing", monthly, dangjian.ENOTFOUND, ""},
		{"statutory rule", f.admin, "orglife.assembly", monthly, dangjian.EINVALID, "id"},
		{"bad period", f.admin, "orglife.lecture", dangjian.RuleOverride{Period: "week", Count: 1}, dangjian.EINVALID, "period"},
		{"period without count", f.admin, "orglife.lecture", dangjian.RuleOverride{Period: "month"}, dangjian.EINVALID, "count"},
		{"count too large", f.admin, "orglife.lecture", dangjian.RuleOverride{Period: "month", Count: 400}, dangjian.EINVALID, "count"},
		{"nothing to set", f.admin, "orglife.lecture", dangjian.RuleOverride{}, dangjian.EINVALID, "period"},
		{"a value on a counted rule", f.admin, "orglife.lecture", dangjian.RuleOverride{Value: &three}, dangjian.EINVALID, "value"},
		{"a period on a value rule", f.admin, "dev.publicity", dangjian.RuleOverride{Period: "month", Count: 1}, dangjian.EINVALID, "period"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.a.OverrideRule(ctx, c.actor, c.id, c.o)
			if dangjian.ErrorCode(err) != c.code {
				t.Fatalf("err = %v, want %s", err, c.code)
			}
			if c.field != "" && dangjian.ErrorFields(err)[c.field] == "" {
				t.Errorf("error does not name %s: %v", c.field, err)
			}
		})
	}
	if _, err := f.a.ClearOverride(ctx, deptAdmin, "orglife.lecture"); dangjian.ErrorCode(err) != dangjian.EFORBIDDEN {
		t.Errorf("clear by a subtree admin: %v", err)
	}
	// Nothing was stored or audited by the refusals.
	rs, err := f.a.RuleTable(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := rs.Get("orglife.lecture"); r.Period != "quarter" || r.Override != nil {
		t.Errorf("lecture after refusals = %+v", r)
	}
	if n := len(ruleAudits(t, f.a, "rule.override")); n != 0 {
		t.Errorf("%d audit rows after refusals", n)
	}
}

func TestOverrideRuleStoredAuditedShared(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	r, err := f.a.OverrideRule(ctx, f.admin, "orglife.lecture", dangjian.RuleOverride{Period: "month", Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	if r.Period != "month" || r.Count != 2 || r.Override == nil {
		t.Errorf("answer = %+v", r)
	}
	five := 7.0
	if _, err := f.a.OverrideRule(ctx, f.admin, "dev.publicity", dangjian.RuleOverride{Value: &five}); err != nil {
		t.Fatal(err)
	}
	// A second override replaces the first rather than layering on it.
	if _, err := f.a.OverrideRule(ctx, f.admin, "orglife.lecture", dangjian.RuleOverride{Period: "year", Count: 4}); err != nil {
		t.Fatal(err)
	}
	// Another instance on the same database sees the same table.
	other, err := app.New(f.a.DB(), app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*app.App{f.a, other} {
		rs, err := a.RuleTable(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if l := rs.Get("orglife.lecture"); l.Period != "year" || l.Count != 4 {
			t.Errorf("lecture = %s/%d", l.Period, l.Count)
		}
		if p := rs.Get("dev.publicity"); p.Value != 7 {
			t.Errorf("publicity = %v", p.Value)
		}
		if a.Rules().Get("orglife.lecture").Period != "quarter" {
			t.Error("the default table was changed")
		}
	}
	audits := ruleAudits(t, f.a, "rule.override")
	if len(audits) != 3 {
		t.Fatalf("audits = %v", audits)
	}
	if audits[0]["rule"] != "orglife.lecture" || audits[0]["from"] != nil {
		t.Errorf("first audit = %v", audits[0])
	}
	from, _ := audits[2]["from"].(map[string]any)
	to, _ := audits[2]["to"].(map[string]any)
	if from["period"] != "month" || from["count"] != 2.0 || to["period"] != "year" || to["count"] != 4.0 {
		t.Errorf("third audit = %v", audits[2])
	}

	// Clearing goes back to the default and is audited once.
	c, err := f.a.ClearOverride(ctx, f.admin, "orglife.lecture")
	if err != nil || c.Period != "quarter" || c.Override != nil {
		t.Fatalf("clear = %+v, %v", c, err)
	}
	if _, err := f.a.ClearOverride(ctx, f.admin, "orglife.lecture"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.ClearOverride(ctx, f.admin, "orglife.none"); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
		t.Errorf("clear unknown: %v", err)
	}
	rs, _ := other.RuleTable(ctx)
	if l := rs.Get("orglife.lecture"); l.Period != "quarter" || l.Override != nil {
		t.Errorf("lecture after clear = %+v", l)
	}
	if p := rs.Get("dev.publicity"); p.Value != 7 {
		t.Errorf("clearing one rule dropped another: %v", p.Value)
	}
	if cl := ruleAudits(t, f.a, "rule.override.clear"); len(cl) != 1 || cl[0]["rule"] != "orglife.lecture" {
		t.Errorf("clear audits = %v", cl)
	}
	if _, err := f.a.VerifyAudit(ctx); err != nil {
		t.Fatal(err)
	}
}
