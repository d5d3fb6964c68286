package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// auditPage is the audit trail (auditor only).
type auditPage struct {
	Base
	Action   string
	Entity   string
	Since    string
	SinceErr string
	Actions  []option
	Entities []option
	Rows     []*dangjian.Audit
	Pager    pager
	OrgLinks bool // the auditor may open organizations (usually not)
}

// auditActions and auditEntities are the filter choices; the filter also
// takes any other value from the URL, for actions added later.
var (
	auditActions = []string{
		"user.login", "user.login_failed", "user.logout", "user.create", "user.password",
		"org.create", "org.update", "org.delete", "committee.replace",
		"member.create", "member.update", "member.reveal", "member.import", "member.export",
		"correction.create", "correction.approve", "correction.reject", "correction.withdraw",
		"user.export", "audit.export",
		// organizational life
		"meeting.create", "meeting.update", "meeting.delete", "meeting.confirm_separate", "meeting.import", "meeting.export",
		"attachment.create", "attachment.delete", "admin_meeting.create", "talk.create", "talk.export",
		"compliance.export", "dual_life.export", "rule.override", "rule.override.clear", "setting.update", "keys.rotate",
		// education and the cadre team
		"training.create", "training.update", "training.delete", "training.export", "hours.export", "hours_rollup.export",
		"lectures.export", "cadre.post", "cadre.rotation", "cadre.appraisal",
		// evaluation and supervision
		"evaluation.open", "evaluation.start_self_evaluation", "evaluation.self_evaluate", "evaluation.start_voting",
		"evaluation.vote", "evaluation.paper_count", "evaluation.close", "evaluation.propose", "evaluation.decide",
		"evaluation.publish", "evaluation.follow_up", "evaluation.export",
		"admin_report.create", "admin_report.rate", "admin_report.paper_count", "admin_report.close", "admin_report.export",
		"rectification.create", "rectification.update", "rectification.verify", "rectification.export",
		"cadre_opinion.create", "cadre_opinion.answer", "cadre_opinion.export",
		"dlm.oversight", "dlm.report_send", "dlm.report_receive", "dlm.export",
		"secretary_report.submit", "secretary_report.grade", "secretary_report.export",
	}
	auditEntities = []string{"user", "org", "committee", "member", "correction", "audit",
		"meeting", "admin_meeting", "talk", "rule", "setting", "keys", "training",
		"evaluation", "evaluation_followup", "admin_report", "rectification", "cadre_opinion", "dlm_oversight", "secretary_report"}
)

func (s *server) auditList(w http.ResponseWriter, r *http.Request, rq *request) error {
	l := rq.lang
	q := r.URL.Query()
	p := &auditPage{Action: strings.TrimSpace(q.Get("action")), Entity: strings.TrimSpace(q.Get("entity")), Since: strings.TrimSpace(q.Get("since"))}
	f := dangjian.AuditFilter{Action: p.Action, Entity: p.Entity}
	if p.Since != "" {
		d, err := dangjian.ParseDate(p.Since)
		if err != nil {
			p.SinceErr = msgIn(l, "日期格式应为 YYYY-MM-DD")
		} else {
			// A day starts at midnight in China Standard Time.
			f.Since = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, dangjian.CST)
		}
	}
	page, per := queryInt(r, "page", 1), perPageOf(r, 50)
	rows, total, err := s.app.Audits(r.Context(), rq.actor(), f, app.Page{Page: page, PerPage: per})
	if err != nil {
		return err
	}
	p.Rows = rows
	p.OrgLinks = rq.actor().HasPermAnywhere(dangjian.PermOrgRead)
	p.Pager = newPager(r.URL, total, page, per, "items", "")
	p.Actions = auditOptions(l, "action", p.Action, auditActions)
	p.Entities = auditOptions(l, "entity", p.Entity, auditEntities)
	p.Base = s.base(w, r, rq, tr(l, "audit.title"))
	p.Crumbs = []crumb{{Label: p.Title}}
	status := http.StatusOK
	if p.SinceErr != "" {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, rq, status, "audit/list", p)
}

func auditOptions(lang, group, value string, values []string) []option {
	out := []option{{Value: "", Label: tr(lang, "filter.all"), Selected: value == ""}}
	found := value == ""
	for _, v := range values {
		out = append(out, option{Value: v, Label: enumName(lang, group, v), Selected: v == value})
		found = found || v == value
	}
	if !found {
		out = append(out, option{Value: value, Label: value, Selected: true})
	}
	return out
}
