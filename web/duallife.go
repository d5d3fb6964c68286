package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// dualLifePage is the dual organizational life of the leading cadres of a
// subtree in a year, those short first.
type dualLifePage struct {
	Base
	O        *app.OrgDetail
	Year     int
	Prev     string
	Next     string
	Rule     dualLifeRule
	SharePct string // the minimum share in force, "50%"
	ShareSet bool   // set by the deployment (else the platform default)
	Default  string // the platform default, "50%"
	CanSet   bool   // the root's committee administrator: the setting form
	Setting  field
	Alert    string
	Cadres   int
	Short    int
	Rows     []dualLifeRow
}

// dualLifeRule is a rule cited on the page, with its text and source.
type dualLifeRule struct {
	ID     string
	Text   string
	Source string
}

type dualLifeRow struct {
	dangjian.DualLifeRow
	ShareText  string
	ShortRow   bool
	StatusCls  string
	StatusText string
	LifeCls    string
	LifeText   string
	DLMCls     string
	DLMText    string
	Findings   []dualLifeFinding
	BranchHref string
}

type dualLifeFinding struct {
	Rule     string
	Source   string
	Text     string
	Severity string
}

// pct writes a share as a whole percentage.
func pct(share float64) string { return strconv.Itoa(int(math.Round(share*100))) + "%" }

// answerText names a yes/no/none answer in lang.
func answerText(l, a string) string {
	switch a {
	case dangjian.DualLifeYes:
		return tr(l, "duallife.answer.yes")
	case dangjian.DualLifeNo:
		return tr(l, "duallife.answer.no")
	case dangjian.DualLifeNotDue:
		return tr(l, "duallife.answer.not_due")
	case dangjian.DualLifeNoGroup:
		return tr(l, "duallife.answer.no_group")
	}
	return tr(l, "duallife.answer.none")
}

// answerClass maps a yes/no/none answer to the status colour class.
func answerClass(a string) string {
	switch a {
	case dangjian.DualLifeYes:
		return "met"
	case dangjian.DualLifeNo:
		return "missing"
	}
	return "na"
}

func (s *server) dualLife(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.dualLifePage(w, r, rq, http.StatusOK, "", nil)
}

// dualLifePage draws the page; posted and err are the setting form's
// value and error when a change was refused.
func (s *server) dualLifePage(w http.ResponseWriter, r *http.Request, rq *request, status int, posted string, err error) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	d, year, derr := s.orgYear(r, rq)
	if derr != nil {
		return derr
	}
	id := d.ID
	rep, rerr := s.app.DualLife(ctx, actor, id, year)
	if rerr != nil {
		return rerr
	}
	rs, rerr := s.app.RuleTable(ctx)
	if rerr != nil {
		return rerr
	}
	rule := func(rid string) dualLifeRule {
		x := rs.Get(rid)
		text := x.Zh
		if l == langEn {
			text = x.En
		}
		return dualLifeRule{ID: rid, Text: text, Source: sourceIn(l, x.Source)}
	}
	p := &dualLifePage{O: d, Year: year, Rule: rule("orglife.dual_life"), SharePct: pct(rep.MinShare), ShareSet: rep.MinShareSet,
		Default: pct(dangjian.DefaultDualLifeMinShare), CanSet: rootOverrider(actor), Cadres: len(rep.Items), Short: rep.Short}
	p.Base = s.base(w, r, rq, tr(l, "duallife.title", d.Name, year))
	p.Crumbs = crumbsFor(d, tr(l, "duallife.crumb"))
	p.PrintOrg = d.Name
	here := orgHref(id) + "/dual-life?year="
	p.Prev = here + strconv.Itoa(year-1)
	if year < s.app.Today().Year()+1 {
		p.Next = here + strconv.Itoa(year+1)
	}
	if p.CanSet {
		m := formMaker{lang: l}
		if err != nil {
			m.errors, p.Alert = errorsOf(l, err)
		}
		value := strconv.FormatFloat(rep.MinShare*100, 'f', -1, 64)
		if posted != "" || err != nil {
			value = posted
		}
		p.Setting = m.field("number", "min_share", "duallife.setting.field", value, true)
		p.Setting.Short = true
	}
	cited := map[string]dualLifeRule{}
	for _, it := range rep.Items {
		row := dualLifeRow{DualLifeRow: it, ShortRow: it.Short(), LifeCls: answerClass(it.LifeMeeting), DLMCls: answerClass(it.DLM),
			LifeText: answerText(l, it.LifeMeeting), DLMText: answerText(l, it.DLM),
			BranchHref: orgHref(it.BranchID) + "/dual-life?year=" + strconv.Itoa(year)}
		if it.Share != nil {
			row.ShareText = pct(*it.Share)
		}
		switch it.Status {
		case dangjian.DualLifeMet:
			row.StatusCls, row.StatusText = "met", tr(l, "duallife.status.met")
		case dangjian.DualLifeShort:
			row.StatusCls, row.StatusText = "missing", tr(l, "duallife.status.short")
		default:
			row.StatusCls, row.StatusText = "na", tr(l, "duallife.status.not_applicable")
		}
		for _, f := range it.Findings {
			c, ok := cited[f.Rule]
			if !ok {
				c = rule(f.Rule)
				cited[f.Rule] = c
			}
			row.Findings = append(row.Findings, dualLifeFinding{Rule: f.Rule, Source: c.Text + " — " + tr(l, "rule.source") + c.Source,
				Text: findingText(l, f), Severity: f.Severity})
		}
		p.Rows = append(p.Rows, row)
	}
	return s.render(w, rq, status, "duallife/list", p)
}

// dualLifeSetting sets the deployment's minimum share, entered as a
// percentage; app checks who may.
func (s *server) dualLifeSetting(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	posted := strings.TrimSpace(r.PostFormValue("min_share"))
	v, perr := strconv.ParseFloat(strings.TrimSuffix(posted, "%"), 64)
	if perr != nil || math.IsNaN(v) || v <= 0 || v > 100 {
		err = invalid(fieldErrors{"min_share": "请填写大于0且不超过100的百分比"})
	} else {
		share := v / 100
		err = s.app.SetDualLifeMinShare(r.Context(), rq.actor(), &share)
	}
	if err != nil {
		if dangjian.ErrorCode(err) != dangjian.EINVALID {
			return err
		}
		return s.dualLifePage(w, r, rq, http.StatusUnprocessableEntity, posted, err)
	}
	s.redirect(w, r, orgHref(id)+"/dual-life?year="+strconv.Itoa(s.yearOf(r)), "flash.duallife_set")
	return nil
}

// dualLifeClear puts the platform default back.
func (s *server) dualLifeClear(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.app.SetDualLifeMinShare(r.Context(), rq.actor(), nil); err != nil {
		return err
	}
	s.redirect(w, r, orgHref(id)+"/dual-life?year="+strconv.Itoa(s.yearOf(r)), "flash.duallife_cleared")
	return nil
}
