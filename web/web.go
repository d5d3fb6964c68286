// Package web is the HTML interface: server-rendered pages on html/template
// with htmx for partial updates. Every form also works without JavaScript
// (POST → 303, or 422 with the errors under the fields). It calls only app/,
// which does all authorization.
package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

//go:embed templates static
var files embed.FS

// Options configure the HTML interface.
type Options struct {
	// SecureCookies marks the session cookie Secure; set it when the site
	// is served over HTTPS.
	SecureCookies bool
}

// pageNames are the pages: each is templates/<name>.html parsed with the
// layout and the partials. A test checks that every template file is here
// and that every page renders.
var pageNames = []string{
	"auth/login",
	"error/error",
	"home/home",
	"org/list",
	"org/show",
	"org/form",
	"org/move",
	"org/committee",
	"org/history",
	"member/roster",
	"member/show",
	"member/form",
	"user/list",
	"user/form",
	"audit/list",
	"me/show",
	"me/correction",
	"correction/list",
	"correction/show",
	"import/upload",
	"import/preview",
	"meeting/list",
	"meeting/show",
	"meeting/form",
	"compliance/grid",
	"compliance/rollup",
	"compliance/ledger",
	"talk/form",
	"talk/coverage",
	"rule/list",
	"duallife/list",
	"rectification/list", "rectification/form", "rectification/show", "rectification/rollup", "rectification/ledger",
	"cadreopinion/list", "cadreopinion/form", "cadreopinion/show", "dlm/list", "dlm/show", "secretaryreport/list", "secretaryreport/form", "secretaryreport/show",
	"training/list", "training/form", "training/show", "training/calendar", "training/ledger",
	"training/hours", "training/member", "training/dashboard", "training/meeting",
	"meetingimport/upload",
	"meetingimport/preview",
	"todo/list",
	"orglifedashboard/show",
	"adminmeeting/list",
	"cadre/team",
	"cadre/rollup",
	"cadre/profile",
	"cadre/long",
	"cadre/appraisals",
	"evaluation/list",
	"evaluation/show",
	"evaluation/self",
	"evaluation/ballot",
	"evaluation/paper",
	"evaluation/propose",
	"evaluation/decide",
	"evaluation/followups",
	"evaluation/followup",
	"evaluation/mine",
	"adminreport/list",
	"adminreport/form",
	"adminreport/show",
}

type server struct {
	app    *app.App
	log    *slog.Logger
	opt    Options
	pages  map[string][2]*template.Template // by page, then language index
	static *staticFiles
	icons  map[string]template.HTML
}

// New returns the HTML interface as one handler, to be mounted at "/".
func New(a *app.App, log *slog.Logger, opt Options) (http.Handler, error) {
	s, err := newServer(a, log, opt)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	s.routes(mux)
	return secureHeaders(mux), nil
}

func newServer(a *app.App, log *slog.Logger, opt Options) (*server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	st, err := loadStatic(files)
	if err != nil {
		return nil, err
	}
	s := &server{app: a, log: log, opt: opt, static: st}
	if s.icons, err = loadIcons(files); err != nil {
		return nil, err
	}
	if s.pages, err = s.parsePages(); err != nil {
		return nil, err
	}
	return s, nil
}

// access says who may reach a route.
type access int

const (
	public  access = iota // anyone, logged in or not
	private               // logged-in users; app decides the rest
)

// handlerFunc is a page handler; a returned error becomes an error page.
type handlerFunc func(w http.ResponseWriter, r *http.Request, rq *request) error

// routes is the site map. perm, where set, is what a page needs anywhere in
// the actor's scope before its form is even shown; app checks it again on
// every read and write.
func (s *server) routes(mux *http.ServeMux) {
	for _, rt := range []struct {
		pattern string
		access  access
		perm    string
		h       handlerFunc
	}{
		{"GET /login", public, "", s.loginForm},
		{"POST /login", public, "", s.login},
		{"POST /logout", private, "", s.logout},
		{"GET /settings/lang", public, "", s.setLang},
		{"POST /lang", public, "", s.setLang},

		{"GET /{$}", private, "", s.home},

		{"GET /orgs", private, dangjian.PermOrgRead, s.orgList},
		{"GET /orgs/{id}", private, "", s.orgShow},
		{"GET /orgs/{id}/children", private, "", s.orgChildren},
		{"GET /orgs/{id}/children/new", private, dangjian.PermOrgWrite, s.orgNewForm},
		{"POST /orgs/{id}/children/new", private, "", s.orgCreate},
		{"GET /orgs/{id}/edit", private, dangjian.PermOrgWrite, s.orgEditForm},
		{"POST /orgs/{id}/edit", private, "", s.orgUpdate},
		{"GET /orgs/{id}/move", private, dangjian.PermOrgWrite, s.orgMoveForm},
		{"POST /orgs/{id}/move", private, "", s.orgMove},
		{"POST /orgs/{id}/delete", private, "", s.orgDelete},
		{"GET /orgs/{id}/committee", private, dangjian.PermOrgWrite, s.committeeForm},
		{"POST /orgs/{id}/committee", private, "", s.committeeSave},
		{"GET /orgs/{id}/committee/history", private, "", s.committeeHistory},

		{"GET /members", private, dangjian.PermMemberRead, s.roster},
		{"GET /members/new", private, dangjian.PermMemberWrite, s.memberNewForm},
		{"POST /members/new", private, "", s.memberCreate},
		{"GET /members/{id}", private, "", s.memberShow},
		{"POST /members/{id}/reveal", private, "", s.memberReveal},
		{"GET /members/{id}/edit", private, dangjian.PermMemberWrite, s.memberEditForm},
		{"POST /members/{id}/edit", private, "", s.memberUpdate},

		{"GET /me", private, "", s.me},
		{"POST /me/reveal", private, "", s.meReveal},
		{"GET /me/correction", private, "", s.meCorrectionForm},
		{"POST /me/correction", private, "", s.meCorrectionSubmit},
		{"GET /corrections", private, dangjian.PermMemberWrite, s.correctionList},
		{"GET /corrections/{id}", private, "", s.correctionShow},
		{"POST /corrections/{id}/approve", private, "", s.correctionDecide(true)},
		{"POST /corrections/{id}/reject", private, "", s.correctionDecide(false)},
		{"POST /corrections/{id}/withdraw", private, "", s.correctionWithdraw},

		{"GET /members/export", private, dangjian.PermMemberRead, s.memberExport},
		{"GET /imports/members", private, dangjian.PermMemberWrite, s.importForm},
		{"POST /imports/members", private, "", s.importUpload},
		{"GET /imports/members/template", private, dangjian.PermMemberWrite, s.importTemplate},
		{"GET /imports/members/{id}", private, dangjian.PermMemberWrite, s.importPreview},
		{"POST /imports/members/{id}/confirm", private, "", s.importConfirm},
		{"GET /imports/members/{id}/errors", private, "", s.importErrors},
		{"GET /orgs/export", private, dangjian.PermOrgRead, s.orgExport},
		{"GET /audit/export", private, dangjian.PermAuditRead, s.auditExport},
		{"GET /users/export", private, dangjian.PermUserManage, s.userExport},

		{"GET /users", private, dangjian.PermUserManage, s.userList},
		{"GET /users/new", private, dangjian.PermUserManage, s.userNewForm},
		{"POST /users/new", private, "", s.userCreate},

		{"GET /audit", private, dangjian.PermAuditRead, s.auditList},

		// organizational life: meetings, the year's grid, talks, rules
		{"GET /orgs/{id}/meetings", private, "", s.meetingList},
		{"GET /orgs/{id}/meetings/new", private, "", s.meetingNewForm},
		{"POST /orgs/{id}/meetings/new", private, "", s.meetingCreate},
		{"GET /meetings/{id}", private, "", s.meetingShow},
		{"GET /meetings/{id}/edit", private, "", s.meetingEditForm},
		{"POST /meetings/{id}/edit", private, "", s.meetingUpdate},
		{"POST /meetings/{id}/delete", private, "", s.meetingDelete},
		{"POST /meetings/{id}/separate", private, "", s.meetingSeparate},
		{"GET /orgs/{id}/compliance", private, "", s.compliance},
		{"GET /orgs/{id}/compliance/rollup", private, "", s.rollup},
		{"GET /orgs/{id}/ledger", private, "", s.ledger},
		{"GET /orgs/{id}/talks/new", private, "", s.talkNewForm},
		{"POST /orgs/{id}/talks/new", private, "", s.talkCreate},
		{"GET /orgs/{id}/talks/coverage", private, "", s.talkCoverage},
		{"GET /rules", private, "", s.rules},
		{"POST /rules/{id}", private, "", s.ruleOverride},
		{"POST /rules/{id}/clear", private, "", s.ruleClear},
		{"GET /orgs/{id}/dual-life", private, "", s.dualLife},
		{"POST /orgs/{id}/dual-life/setting", private, "", s.dualLifeSetting},
		{"POST /orgs/{id}/dual-life/setting/clear", private, "", s.dualLifeClear},

		// organizational life: meeting import, attachments, to-do list, dashboard, exports (issue 4)
		{"GET /imports/meetings", private, "", s.meetingImportForm},
		{"POST /imports/meetings", private, "", s.meetingImportUpload},
		{"GET /imports/meetings/template", private, "", s.meetingImportTemplate},
		{"GET /imports/meetings/{id}", private, "", s.meetingImportPreview},
		{"POST /imports/meetings/{id}/confirm", private, "", s.meetingImportConfirm},
		{"GET /imports/meetings/{id}/errors", private, "", s.meetingImportErrors},
		{"POST /meetings/{id}/attachments", private, "", s.attachmentUpload},
		{"GET /attachments/{id}", private, "", s.attachmentDownload},
		{"POST /attachments/{id}/delete", private, "", s.attachmentDelete},
		{"GET /todo", private, "", s.todo},
		{"GET /orgs/{id}/orglife/dashboard", private, "", s.orglifeDashboard},
		{"GET /orgs/{id}/admin-meetings", private, "", s.adminMeetings},
		{"POST /orgs/{id}/admin-meetings", private, "", s.adminMeetingCreate},
		{"GET /orgs/{id}/meetings/export", private, "", s.meetingExport},
		{"GET /orgs/{id}/compliance/rollup/export", private, "", s.rollupExport},
		{"GET /orgs/{id}/dual-life/export", private, "", s.dualLifeExport},
		{"GET /orgs/{id}/talks/coverage/export", private, "", s.talkCoverageExport},

		// education and training (issue 5)
		{"GET /orgs/{id}/trainings", private, "", s.trainingList},
		{"GET /orgs/{id}/trainings/new", private, "", s.trainingNewForm},
		{"POST /orgs/{id}/trainings/new", private, "", s.trainingCreate},
		{"GET /orgs/{id}/trainings/calendar", private, "", s.trainingCalendar},
		{"GET /orgs/{id}/trainings/ledger", private, "", s.trainingLedger},
		{"GET /orgs/{id}/trainings/export", private, "", s.trainingExport},
		{"GET /trainings/{id}", private, "", s.trainingShow},
		{"GET /trainings/{id}/edit", private, "", s.trainingEditForm},
		{"POST /trainings/{id}/edit", private, "", s.trainingUpdate},
		{"POST /trainings/{id}/delete", private, "", s.trainingDelete},
		{"GET /meetings/{id}/hours", private, "", s.meetingHoursForm},
		{"POST /meetings/{id}/hours", private, "", s.meetingHoursCredit},
		{"GET /orgs/{id}/hours", private, "", s.orgHoursPage},
		{"GET /orgs/{id}/hours/export", private, "", s.hoursExport},
		{"GET /orgs/{id}/hours/dashboard", private, "", s.hoursDashboard},
		{"GET /orgs/{id}/hours/rollup/export", private, "", s.hoursRollupExport},
		{"GET /orgs/{id}/secretary-lectures/export", private, "", s.lecturesExport},
		{"POST /orgs/{id}/hours/setting", private, "", s.hoursSetting},
		{"POST /orgs/{id}/hours/setting/clear", private, "", s.hoursSettingClear},
		{"GET /members/{id}/hours", private, "", s.memberHoursPage},

		// party-affairs cadre team (issue 5)
		{"GET /orgs/{id}/cadre-team", private, "", s.cadreTeam},
		{"POST /orgs/{id}/cadre-team/settings", private, "", s.cadreSettings},
		{"GET /orgs/{id}/cadre-team/export", private, "", s.cadreExport("team")},
		{"GET /orgs/{id}/cadre-team/rollup", private, "", s.cadreRollup},
		{"GET /orgs/{id}/cadre-team/rollup/export", private, "", s.cadreExport("rollup")},
		{"GET /orgs/{id}/cadre-team/long-serving", private, "", s.cadreLong},
		{"GET /orgs/{id}/cadre-team/long-serving/export", private, "", s.cadreExport("long")},
		{"GET /orgs/{id}/cadre-appraisals", private, "", s.cadreAppraisals},
		{"GET /orgs/{id}/cadre-appraisals/export", private, "", s.cadreExport("appraisals")},
		{"GET /members/{id}/cadre", private, "", s.cadreProfile},
		{"POST /members/{id}/cadre", private, "", s.cadrePostSave},
		{"POST /members/{id}/cadre/rotations", private, "", s.cadreRotationSave},
		{"POST /members/{id}/cadre/appraisals", private, "", s.cadreAppraisalSave},

		// democratic evaluation, reports, democratic life meeting oversight (issue 6)
		{"GET /orgs/{id}/evaluations", private, "", s.evalList},
		{"POST /orgs/{id}/evaluations", private, "", s.evalOpen},
		{"GET /evaluations/{id}", private, "", s.evalShow},
		{"POST /evaluations/{id}/advance", private, "", s.evalAdvance},
		{"GET /evaluations/{id}/self", private, "", s.evalSelfForm},
		{"POST /evaluations/{id}/self", private, "", s.evalSelfSave},
		{"GET /evaluations/{id}/ballot", private, "", s.evalBallotForm},
		{"POST /evaluations/{id}/ballot", private, "", s.evalBallotCast},
		{"GET /evaluations/{id}/paper", private, "", s.evalPaperForm},
		{"POST /evaluations/{id}/paper", private, "", s.evalPaperSave},
		{"GET /evaluations/{id}/propose", private, "", s.evalProposeForm},
		{"POST /evaluations/{id}/propose", private, "", s.evalProposeSave},
		{"GET /evaluations/{id}/decide", private, "", s.evalDecideForm},
		{"POST /evaluations/{id}/decide", private, "", s.evalDecideSave},
		{"GET /evaluations/{id}/export", private, "", s.evalExport},
		{"GET /orgs/{id}/evaluation-followups", private, "", s.followUpList},
		{"GET /evaluation-followups/{id}", private, "", s.followUpForm},
		{"POST /evaluation-followups/{id}", private, "", s.followUpSave},
		{"GET /ballots", private, "", s.myBallots},
		{"GET /orgs/{id}/admin-reports", private, "", s.reportList},
		{"GET /orgs/{id}/admin-reports/new", private, "", s.reportNewForm},
		{"POST /orgs/{id}/admin-reports/new", private, "", s.reportCreate},
		{"GET /orgs/{id}/admin-reports/export", private, "", s.reportExport},
		{"GET /admin-reports/{id}", private, "", s.reportShow},
		{"POST /admin-reports/{id}/ratings", private, "", s.reportRate},
		{"POST /admin-reports/{id}/paper-counts", private, "", s.reportPaper},
		{"POST /admin-reports/{id}/close", private, "", s.reportClose},
		{"GET /orgs/{id}/dlm", private, "", s.dlm},
		{"GET /orgs/{id}/dlm/export", private, "", s.dlmExport},
		{"POST /orgs/{id}/dlm/oversight", private, "", s.dlmSave},
		{"POST /orgs/{id}/dlm/report", private, "", s.dlmReport},
		{"GET /orgs/{id}/secretary-reports", private, "", s.srepReportList},
		{"GET /orgs/{id}/secretary-reports/new", private, "", s.srepReportNewForm},
		{"POST /orgs/{id}/secretary-reports/new", private, "", s.srepReportCreate},
		{"GET /secretary-reports/export", private, dangjian.PermOrgRead, s.srepReportExport},
		{"GET /secretary-reports/{id}", private, "", s.srepReportShow},
		{"POST /secretary-reports/{id}/grade", private, "", s.srepReportGrade},

		// rectification ledger and cadre opinions (issue 6)
		{"GET /orgs/{id}/rectifications", private, "", s.rectList},
		{"GET /orgs/{id}/rectifications/new", private, "", s.rectNewForm},
		{"POST /orgs/{id}/rectifications/new", private, "", s.rectCreate},
		{"GET /orgs/{id}/rectifications/rollup", private, "", s.rectRollup},
		{"GET /orgs/{id}/rectifications/rollup/export", private, "", s.rectRollupExport},
		{"GET /orgs/{id}/rectification-ledger", private, "", s.rectLedger},
		{"GET /rectifications/export", private, dangjian.PermOrgRead, s.rectExport},
		{"GET /rectifications/{id}", private, "", s.rectShow},
		{"POST /rectifications/{id}/update", private, "", s.rectUpdate},
		{"GET /cadre-opinions", private, "", s.copOpinionList},
		{"GET /cadre-opinions/export", private, "", s.copOpinionExport},
		{"GET /cadre-opinions/new", private, "", s.copOpinionNewForm},
		{"POST /cadre-opinions/new", private, "", s.copOpinionCreate},
		{"GET /cadre-opinions/{id}", private, "", s.copOpinionShow},
		{"POST /cadre-opinions/{id}/answer", private, "", s.copOpinionAnswer},

		// Anything else is a 404 page (after login, so the map stays private).
		{"/", private, "", s.notFound},
	} {
		mux.Handle(rt.pattern, s.handle(rt.h, rt.access, rt.perm))
	}
	mux.HandleFunc("GET /static/{path...}", s.static.serve)
}

// request is what a handler knows about the caller.
type request struct {
	auth  *app.Authenticated // nil when not logged in
	token string
	lang  string
}

func (rq *request) actor() *dangjian.Actor {
	if rq.auth == nil {
		return nil
	}
	return rq.auth.Actor
}

const (
	sessionCookie = "dangjian_session"
	langCookie    = "dangjian_lang"
	flashCookie   = "dangjian_flash"
)

func (s *server) handle(h handlerFunc, acc access, perm string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := &request{lang: langZh}
		if c, err := r.Cookie(langCookie); err == nil && validLang(c.Value) {
			rq.lang = c.Value
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			au, err := s.app.Authenticate(r.Context(), c.Value, clientIP(r))
			switch {
			case err == nil:
				rq.auth, rq.token = au, c.Value
				if validLang(au.Session.Lang) {
					rq.lang = au.Session.Lang
				}
			case dangjian.ErrorCode(err) == dangjian.EUNAUTHORIZED:
				s.clearCookie(w, sessionCookie)
			default:
				s.fail(w, r, rq, err)
				return
			}
		}
		if acc == private && rq.auth == nil {
			s.toLogin(w, r)
			return
		}
		if perm != "" && !rq.actor().HasPermAnywhere(perm) {
			s.fail(w, r, rq, dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作"))
			return
		}
		if err := h(w, r, rq); err != nil {
			s.fail(w, r, rq, err)
		}
		if r.Method != http.MethodGet && rq.auth != nil {
			// The badge's count is kept a minute; not past one's own change.
			s.app.TodoChanged(rq.actor())
		}
	})
}

// toLogin sends a caller without a session to the login page, remembering
// where they were going.
func (s *server) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if isHX(r) {
		// htmx would swap the login page into a table cell; make the
		// browser go there, and come back to the page, not the fragment.
		target = "/login"
		if u, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil && u.Path != "" {
			target += "?next=" + url.QueryEscape(localPath(u.RequestURI()))
		}
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// localPath returns next if it is a path on this site, else "/": a login
// must never send the user to another host.
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	if strings.ContainsAny(next, "\r\n\t") {
		return "/"
	}
	return next
}

// statusOf is the HTTP status of err (dangjian.HTTPStatus).
func statusOf(err error) int { return dangjian.HTTPStatus(dangjian.ErrorCode(err)) }

// fail renders the error page for err; internal errors are logged and
// shown without detail.
func (s *server) fail(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	status := statusOf(err)
	if status == http.StatusUnauthorized {
		s.clearCookie(w, sessionCookie)
		s.toLogin(w, r)
		return
	}
	if status == http.StatusInternalServerError {
		s.log.Error("web request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := &errorPage{Status: status}
	p.Base = s.base(w, r, rq, "")
	switch status {
	case http.StatusNotFound:
		p.Heading, p.Message = tr(rq.lang, "error.404.title"), tr(rq.lang, "error.404.text")
	case http.StatusForbidden:
		p.Heading, p.Message = tr(rq.lang, "error.403.title"), tr(rq.lang, "error.403.text")
	case http.StatusInternalServerError:
		p.Heading, p.Message = tr(rq.lang, "error.500.title"), tr(rq.lang, "error.500.text")
	default:
		p.Heading, p.Message = tr(rq.lang, "error.other.title"), msgIn(rq.lang, dangjian.ErrorMessage(err))
	}
	p.Title = p.Heading
	if rerr := s.render(w, rq, status, "error/error", p); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		http.Error(w, http.StatusText(status), status)
	}
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request, rq *request) error {
	return dangjian.Errorf(dangjian.ENOTFOUND, "页面不存在")
}

// render executes a page into a buffer first, so a template error becomes
// a clean error page instead of half a page.
func (s *server) render(w http.ResponseWriter, rq *request, status int, name string, data any) error {
	return s.exec(w, rq, status, name, "layout", data)
}

// renderFragment executes one named block of a page: the answer to an
// htmx request.
func (s *server) renderFragment(w http.ResponseWriter, rq *request, status int, name, block string, data any) error {
	return s.exec(w, rq, status, name, block, data)
}

func (s *server) exec(w http.ResponseWriter, rq *request, status int, name, block string, data any) error {
	ts, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	if p, ok := data.(interface{ setPage(string) }); ok {
		p.setPage(name)
	}
	var buf bytes.Buffer
	if err := ts[langIndex(rq.lang)].ExecuteTemplate(&buf, block, data); err != nil {
		return fmt.Errorf("render %s/%s: %w", name, block, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Vary", "HX-Request, Cookie")
	if rq.auth != nil {
		h.Set("Cache-Control", "no-store") // pages carry personal data
	}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	if err != nil {
		// The client went away; nothing more can be sent.
		s.log.Debug("write response", "err", err)
	}
	return nil
}

// isHX reports whether an htmx request wants a fragment. A history restore
// asks for the whole page, since htmx swaps it into the body.
func isHX(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// redirect answers a successful POST: 303 to the record.
func (s *server) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) {
	if flashKey != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: flashKey, Path: "/", MaxAge: 60, HttpOnly: true, Secure: s.opt.SecureCookies, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.opt.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// clientIP is the peer address; the audit trail records it.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// pathID reads the {id} of a route; a malformed one is simply not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, dangjian.Errorf(dangjian.ENOTFOUND, "记录不存在")
	}
	return id, nil
}

// queryInt reads a positive integer query parameter, or def.
func queryInt(r *http.Request, name string, def int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 1 {
		return def
	}
	return n
}

// maxForm bounds a form body; no form here is anywhere near it.
const maxForm = 1 << 20

func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return dangjian.Errorf(dangjian.EINVALID, "表单无法读取")
	}
	return nil
}

func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		// Everything is served from here: no CDN, no inline script. Inline
		// styles stay allowed for the print header variables and htmx.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		next.ServeHTTP(w, r)
	})
}

// parsePages parses every page once, per language, with the layout and
// the partials.
func (s *server) parsePages() (map[string][2]*template.Template, error) {
	partials, err := fs.Glob(files, "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("list partials: %w", err)
	}
	out := make(map[string][2]*template.Template, len(pageNames))
	for _, name := range pageNames {
		var ts [2]*template.Template
		for i, lang := range langs {
			t := template.New(path.Base(name)).Funcs(s.funcs(lang))
			list := append([]string{"templates/layout.html"}, partials...)
			list = append(list, "templates/"+name+".html")
			if t, err = t.ParseFS(files, list...); err != nil {
				return nil, fmt.Errorf("parse page %s: %w", name, err)
			}
			if t.Lookup("content") == nil {
				return nil, fmt.Errorf("page %s defines no content", name)
			}
			ts[i] = t
		}
		out[name] = ts
	}
	return out, nil
}

// funcs are the template functions, bound to one language.
func (s *server) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":        func(key string, args ...any) string { return tr(lang, key, args...) },
		"enum":     func(group, v string) string { return enumName(lang, group, v) },
		"date":     func(d dangjian.Date) string { return formatDate(lang, d) },
		"datetime": func(t time.Time) string { return formatTime(lang, t) },
		"num":      formatInt,
		"finding":  func(f dangjian.Finding) string { return findingText(lang, f) },
		"source":   func(src string) string { return sourceIn(lang, src) },
		"data":     func(s string) string { return dataIn(lang, s) },
		"sevclass": severityClass,
		"static":   s.static.url,
		"icon":     s.icon,
	}
}

// errorPage is the 404, 403 and 500 page.
type errorPage struct {
	Base
	Status  int
	Heading string
	Message string
}

// errNotFound says whether err is a not-found error.
func errNotFound(err error) bool {
	var e *dangjian.Error
	return errors.As(err, &e) && e.Code == dangjian.ENOTFOUND
}
