package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// dashPage is the working committee's dashboard of a subtree's
// organizational life: three charts, each with a table of the same
// numbers.
type dashPage struct {
	Base
	O          *app.OrgDetail
	D          *app.OrglifeDashboard
	Year       int
	Prev, Next string
	Rate       string
	Units      []dashUnit
	Months     []dashMonth
	ChartUnits string // ECharts options as JSON
	ChartTrend string
	ChartFlags string
	RollupHref string
	ChartNote  string // the chart shows only some units
}

// dashChartUnits is the most units the bar chart draws.
const dashChartUnits = 30

type dashUnit struct {
	app.DashboardUnit
	Label      string
	RateText   string
	Class      string
	Href       string // the unit's own dashboard
	RollupHref string
}

type dashMonth struct {
	app.DashboardMonth
	Label    string
	RateText string // "" for a month not over
	Href     string // the meetings of the month
}

// chartJSON encodes an ECharts option; the page falls back to the tables
// when it cannot be drawn.
func chartJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// pctValue is a rate in percent with one decimal, for the charts.
func pctValue(rate float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(rate*100, 'f', 1, 64), 64)
	return v
}

func (s *server) orglifeDashboard(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx, actor, l := r.Context(), rq.actor(), rq.lang
	o, year, err := s.orgYear(r, rq)
	if err != nil {
		return err
	}
	d, err := s.app.OrglifeDashboard(ctx, actor, o.ID, year)
	if err != nil {
		return err
	}
	ys := strconv.Itoa(year)
	p := &dashPage{O: o, D: d, Year: year, Rate: rateText(d.Rate), RollupHref: orgHref(o.ID) + "/compliance/rollup?year=" + ys + "&sort=rate"}
	p.Base = s.base(w, r, rq, tr(l, "dash.title", o.Name, year))
	p.Charts = true
	p.Crumbs = crumbsFor(o, tr(l, "dash.crumb"))
	p.PrintOrg = o.Name + " · " + ys
	p.Prev = orgHref(o.ID) + "/orglife/dashboard?year=" + strconv.Itoa(year-1)
	if year < s.app.Today().Year()+1 {
		p.Next = orgHref(o.ID) + "/orglife/dashboard?year=" + strconv.Itoa(year+1)
	}

	type bar struct {
		name string
		rate float64
	}
	var bars []bar
	for _, u := range d.Units {
		v := dashUnit{DashboardUnit: u, Label: u.Name, RateText: rateText(u.Rate), Class: "met",
			Href:       orgHref(u.OrgID) + "/orglife/dashboard?year=" + ys,
			RollupHref: orgHref(u.OrgID) + "/compliance/rollup?year=" + ys + "&sort=rate"}
		if u.Own {
			v.Label = tr(l, "dash.own", u.Name)
			v.Href = orgHref(u.OrgID) + "/compliance?year=" + ys
			if u.Orgs == 0 && u.Counted == 0 && u.Merged == 0 && u.Suspected == 0 && u.BelowQuorum == 0 {
				continue // an organization that owes nothing and held nothing itself
			}
		}
		if u.Missing > 0 {
			v.Class = "missing"
		}
		if u.Orgs == 0 {
			v.RateText, v.Class = "—", "na"
		}
		p.Units = append(p.Units, v)
		if u.Orgs > 0 {
			bars = append(bars, bar{v.Label, pctValue(u.Rate)})
		}
	}
	// A county's working committee has hundreds of direct children: the
	// chart shows the lowest rates, the table all of them.
	if len(bars) > dashChartUnits {
		slices.SortStableFunc(bars, func(x, y bar) int { return cmp.Compare(x.rate, y.rate) })
		bars = bars[:dashChartUnits]
		p.ChartNote = tr(l, "dash.units.lowest", dashChartUnits)
	}
	var names []string
	var rates []float64
	for _, b := range bars {
		names, rates = append(names, b.name), append(rates, b.rate)
	}
	var months []string
	var counted, merged, suspected, below []int
	var trend []any
	for m, mo := range d.Months {
		first := dangjian.NewDate(year, time.Month(m+1), 1)
		last := dangjian.NewDate(year, time.Month(m+2), 1).AddDays(-1)
		v := dashMonth{DashboardMonth: mo, Label: tr(l, "dash.month", m+1),
			Href: fmt.Sprintf("%s/meetings?from=%s&to=%s", orgHref(o.ID), first, last)}
		if l == langEn {
			v.Label = time.Month(m + 1).String()[:3]
		}
		var rate any
		if mo.Rate != nil {
			v.RateText = rateText(*mo.Rate)
			rate = pctValue(*mo.Rate)
		}
		p.Months = append(p.Months, v)
		months = append(months, v.Label)
		counted = append(counted, mo.Counted)
		merged = append(merged, mo.Merged)
		suspected = append(suspected, mo.Suspected)
		below = append(below, mo.BelowQuorum)
		trend = append(trend, rate)
	}
	pctAxis := map[string]any{"type": "value", "min": 0, "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}}
	p.ChartUnits = chartJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"grid":    map[string]any{"left": 48, "right": 16, "top": 24, "bottom": 80},
		"xAxis":   map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"interval": 0, "rotate": 30}},
		"yAxis":   pctAxis,
		"series":  []any{map[string]any{"name": tr(l, "dash.series.rate"), "type": "bar", "data": rates, "barMaxWidth": 36}},
	})
	p.ChartTrend = chartJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"top": 0},
		"grid":    map[string]any{"left": 48, "right": 56, "top": 36, "bottom": 32},
		"xAxis":   map[string]any{"type": "category", "data": months},
		"yAxis":   []any{map[string]any{"type": "value", "minInterval": 1}, pctAxis},
		"series": []any{
			map[string]any{"name": tr(l, "dash.series.counted"), "type": "bar", "data": counted, "barMaxWidth": 28},
			map[string]any{"name": tr(l, "dash.series.rate"), "type": "line", "yAxisIndex": 1, "data": trend, "connectNulls": false},
		},
	})
	stack := func(name string, data []int) map[string]any {
		return map[string]any{"name": name, "type": "bar", "stack": "flags", "data": data, "barMaxWidth": 28}
	}
	p.ChartFlags = chartJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"top": 0},
		"grid":    map[string]any{"left": 40, "right": 16, "top": 36, "bottom": 32},
		"xAxis":   map[string]any{"type": "category", "data": months},
		"yAxis":   map[string]any{"type": "value", "minInterval": 1},
		"series":  []any{stack(tr(l, "dash.merged"), merged), stack(tr(l, "dash.suspected"), suspected), stack(tr(l, "dash.below_quorum"), below)},
	})
	return s.render(w, rq, http.StatusOK, "orglifedashboard/show", p)
}
