// Package api serves the JSON API under /api/v1 and the health check. It
// only decodes requests, calls app and encodes answers: authorization and
// validation live in app.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// maxBody caps a request body; larger ones are refused before decoding.
const maxBody = 1 << 20

// maxPerPage is the largest page a list answers (API.md).
const maxPerPage = 500

// server is the API: the use cases and the route table.
type server struct {
	app *app.App
	log *slog.Logger
	mux *http.ServeMux
}

// New returns the handler of GET /healthz and everything under /api/v1/.
func New(a *app.App, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{app: a, log: log, mux: http.NewServeMux()}
	s.routes()
	return s
}

// routes is the site map. Every /api/v1 route but login needs a bearer token.
func (s *server) routes() {
	m := s.mux
	m.Handle("GET /healthz", s.public(s.health))

	m.Handle("POST /api/v1/login", s.public(s.login))
	m.Handle("POST /api/v1/logout", s.authed(s.logout))
	m.Handle("GET /api/v1/me", s.authed(s.me))

	m.Handle("GET /api/v1/users", s.authed(s.listUsers))
	m.Handle("POST /api/v1/users", s.authed(s.createUser))
	m.Handle("GET /api/v1/users/{id}", s.authed(s.user))

	m.Handle("GET /api/v1/orgs", s.authed(s.listOrgs))
	m.Handle("GET /api/v1/orgs/roots", s.authed(s.orgRoots))
	m.Handle("POST /api/v1/orgs", s.authed(s.createOrg))
	m.Handle("GET /api/v1/orgs/{id}", s.authed(s.org))
	m.Handle("PATCH /api/v1/orgs/{id}", s.authed(s.updateOrg))
	m.Handle("DELETE /api/v1/orgs/{id}", s.authed(s.deleteOrg))
	m.Handle("GET /api/v1/orgs/{id}/committee", s.authed(s.committee))
	m.Handle("PUT /api/v1/orgs/{id}/committee", s.authed(s.replaceCommittee))
	m.Handle("GET /api/v1/orgs/{id}/committee/history", s.authed(s.committeeHistory))

	m.Handle("GET /api/v1/members", s.authed(s.listMembers))
	m.Handle("POST /api/v1/members", s.authed(s.createMember))
	m.Handle("GET /api/v1/members/{id}", s.authed(s.member))
	m.Handle("PATCH /api/v1/members/{id}", s.authed(s.updateMember))
	m.Handle("GET /api/v1/members/{id}/history", s.authed(s.memberHistory))

	m.Handle("GET /api/v1/me/member", s.authed(s.myMember))
	m.Handle("GET /api/v1/corrections", s.authed(s.listCorrections))
	m.Handle("POST /api/v1/corrections", s.authed(s.createCorrection))
	m.Handle("GET /api/v1/corrections/{id}", s.authed(s.correction))
	m.Handle("POST /api/v1/corrections/{id}/approve", s.authed(s.approveCorrection))
	m.Handle("POST /api/v1/corrections/{id}/reject", s.authed(s.rejectCorrection))
	m.Handle("POST /api/v1/corrections/{id}/withdraw", s.authed(s.withdrawCorrection))

	m.Handle("GET /api/v1/meetings", s.authed(s.listMeetings))
	m.Handle("POST /api/v1/meetings", s.authed(s.createMeeting))
	m.Handle("GET /api/v1/meetings/{id}", s.authed(s.meeting))
	m.Handle("PATCH /api/v1/meetings/{id}", s.authed(s.updateMeeting))
	m.Handle("DELETE /api/v1/meetings/{id}", s.authed(s.deleteMeeting))
	m.Handle("GET /api/v1/meetings/{id}/revisions", s.authed(s.meetingRevisions))
	m.Handle("POST /api/v1/meetings/{id}/confirm-separate", s.authed(s.confirmSeparate))
	m.Handle("GET /api/v1/orgs/{id}/meeting-roster", s.authed(s.meetingRoster))
	m.Handle("POST /api/v1/admin-meetings", s.authed(s.createAdminMeeting))
	m.Handle("POST /api/v1/talks", s.authed(s.createTalk))
	m.Handle("GET /api/v1/orgs/{id}/talks/coverage", s.authed(s.talkCoverage))

	m.Handle("GET /api/v1/audit", s.authed(s.listAudit))

	m.Handle("GET /api/v1/orgs/{id}/compliance", s.authed(s.compliance))
	m.Handle("GET /api/v1/orgs/{id}/compliance/rollup", s.authed(s.complianceRollup))
	m.Handle("GET /api/v1/orgs/{id}/dual-life", s.authed(s.dualLife))
	m.Handle("GET /api/v1/settings/dual-life", s.authed(s.getDualLifeSetting))
	m.Handle("PUT /api/v1/settings/dual-life", s.authed(s.putDualLifeSetting))
	m.Handle("GET /api/v1/rules", s.authed(s.listRules))
	m.Handle("PUT /api/v1/rules/{id}", s.authed(s.overrideRule))
	m.Handle("DELETE /api/v1/rules/{id}/override", s.authed(s.clearOverride))

	// organizational life: meeting import, attachments, to-do list, dashboard, exports (issue 4)
	m.Handle("POST /api/v1/imports/meetings", s.authed(s.importMeetings))
	m.Handle("POST /api/v1/imports/meetings/errors", s.authed(s.importMeetingErrors))
	m.Handle("GET /api/v1/imports/meetings/template", s.authed(s.importMeetingTemplate))
	m.Handle("POST /api/v1/meetings/{id}/attachments", s.authed(s.addAttachment))
	m.Handle("GET /api/v1/meetings/{id}/attachments", s.authed(s.listAttachments))
	m.Handle("GET /api/v1/attachments/{id}", s.authed(s.attachment))
	m.Handle("DELETE /api/v1/attachments/{id}", s.authed(s.deleteAttachment))
	m.Handle("GET /api/v1/todo", s.authed(s.todo))
	m.Handle("GET /api/v1/orgs/{id}/orglife/dashboard", s.authed(s.orglifeDashboard))
	m.Handle("GET /api/v1/meetings/export", s.authed(s.exportMeetings))
	m.Handle("GET /api/v1/orgs/{id}/compliance/rollup/export", s.authed(s.exportRollup))
	m.Handle("GET /api/v1/orgs/{id}/dual-life/export", s.authed(s.exportDualLife))
	m.Handle("GET /api/v1/orgs/{id}/talks/coverage/export", s.authed(s.exportTalkCoverage))
	m.Handle("GET /api/v1/orgs/{id}/admin-meetings", s.authed(s.listAdminMeetings))

	// education and training (issue 5)
	s.trainingRoutes()

	// party-affairs cadre team (issue 5)
	m.Handle("GET /api/v1/orgs/{id}/cadre-team", s.authed(s.cadreTeam))
	m.Handle("GET /api/v1/orgs/{id}/cadre-team/export", s.authed(s.cadreExport("team")))
	m.Handle("GET /api/v1/orgs/{id}/cadre-team/rollup", s.authed(s.cadreRollup))
	m.Handle("GET /api/v1/orgs/{id}/cadre-team/rollup/export", s.authed(s.cadreExport("rollup")))
	m.Handle("GET /api/v1/orgs/{id}/cadre-team/long-serving", s.authed(s.longServing))
	m.Handle("GET /api/v1/orgs/{id}/cadre-team/long-serving/export", s.authed(s.cadreExport("long")))
	m.Handle("GET /api/v1/orgs/{id}/cadre-appraisals", s.authed(s.cadreAppraisals))
	m.Handle("GET /api/v1/orgs/{id}/cadre-appraisals/export", s.authed(s.cadreExport("appraisals")))
	m.Handle("GET /api/v1/members/{id}/cadre", s.authed(s.cadreProfile))
	m.Handle("PUT /api/v1/members/{id}/cadre", s.authed(s.putCadreProfile))
	m.Handle("PUT /api/v1/members/{id}/cadre-appraisals/{year}", s.authed(s.putAppraisal))
	m.Handle("POST /api/v1/cadre-rotations", s.authed(s.createRotation))
	m.Handle("GET /api/v1/settings/cadre-team", s.authed(s.getCadreSettings))
	m.Handle("PUT /api/v1/settings/cadre-team", s.authed(s.putCadreSettings))

	// democratic evaluation, reports, democratic life meeting oversight (issue 6)
	m.Handle("GET /api/v1/evaluations", s.authed(s.listEvaluations))
	m.Handle("POST /api/v1/evaluations", s.authed(s.createEvaluation))
	m.Handle("GET /api/v1/evaluations/{id}", s.authed(s.evaluation))
	m.Handle("POST /api/v1/evaluations/{id}/advance", s.authed(s.advanceEvaluation))
	m.Handle("POST /api/v1/evaluations/{id}/self-evaluation", s.authed(s.selfEvaluation))
	m.Handle("POST /api/v1/evaluations/{id}/ballots", s.authed(s.castBallot))
	m.Handle("POST /api/v1/evaluations/{id}/paper-counts", s.authed(s.paperCount))
	m.Handle("POST /api/v1/evaluations/{id}/close", s.authed(s.evaluationStep(dangjian.EvalActClose)))
	m.Handle("GET /api/v1/evaluations/{id}/results", s.authed(s.evaluationResults))
	m.Handle("POST /api/v1/evaluations/{id}/proposal", s.authed(s.proposeGrades))
	m.Handle("POST /api/v1/evaluations/{id}/decision", s.authed(s.decideGrades))
	m.Handle("POST /api/v1/evaluations/{id}/publish", s.authed(s.evaluationStep(dangjian.EvalActPublish)))
	m.Handle("GET /api/v1/evaluations/{id}/export", s.authed(s.exportEvaluation))
	m.Handle("GET /api/v1/evaluation-followups", s.authed(s.listFollowUps))
	m.Handle("GET /api/v1/evaluation-followups/{id}", s.authed(s.followUp))
	m.Handle("PATCH /api/v1/evaluation-followups/{id}", s.authed(s.updateFollowUp))
	m.Handle("GET /api/v1/me/ballots", s.authed(s.myBallots))
	m.Handle("GET /api/v1/admin-reports", s.authed(s.listAdminReports))
	m.Handle("POST /api/v1/admin-reports", s.authed(s.createAdminReport))
	m.Handle("GET /api/v1/admin-reports/export", s.authed(s.exportAdminReports))
	m.Handle("GET /api/v1/admin-reports/{id}", s.authed(s.adminReport))
	m.Handle("POST /api/v1/admin-reports/{id}/ratings", s.authed(s.rateAdminReport))
	m.Handle("POST /api/v1/admin-reports/{id}/paper-counts", s.authed(s.paperRatings))
	m.Handle("POST /api/v1/admin-reports/{id}/close", s.authed(s.closeAdminReport))
	m.Handle("GET /api/v1/admin-reports/{id}/results", s.authed(s.adminReportResults))
	m.Handle("GET /api/v1/orgs/{id}/admin-reports/due", s.authed(s.adminReportDue))
	m.Handle("GET /api/v1/orgs/{id}/dlm", s.authed(s.dlmList))
	m.Handle("GET /api/v1/orgs/{id}/dlm/{year}", s.authed(s.dlm))
	m.Handle("PUT /api/v1/orgs/{id}/dlm/{year}", s.authed(s.saveDLM))
	m.Handle("POST /api/v1/orgs/{id}/dlm/{year}/report", s.authed(s.sendDLMReport))
	m.Handle("POST /api/v1/orgs/{id}/dlm/{year}/report/receive", s.authed(s.receiveDLMReport))
	m.Handle("GET /api/v1/secretary-reports", s.authed(s.listSecretaryReports))
	m.Handle("POST /api/v1/secretary-reports", s.authed(s.createSecretaryReport))
	m.Handle("GET /api/v1/secretary-reports/export", s.authed(s.exportSecretaryReports))
	m.Handle("GET /api/v1/secretary-reports/{id}", s.authed(s.secretaryReport))
	m.Handle("POST /api/v1/secretary-reports/{id}/grade", s.authed(s.gradeSecretaryReport))

	// rectification ledger and cadre opinions (issue 6)
	m.Handle("GET /api/v1/rectifications", s.authed(s.listRectifications))
	m.Handle("POST /api/v1/rectifications", s.authed(s.createRectification))
	m.Handle("GET /api/v1/rectifications/export", s.authed(s.exportRectifications))
	m.Handle("GET /api/v1/rectifications/{id}", s.authed(s.rectification))
	m.Handle("POST /api/v1/rectifications/{id}/updates", s.authed(s.updateRectification))
	m.Handle("GET /api/v1/orgs/{id}/rectifications/rollup", s.authed(s.rectRollup))
	m.Handle("GET /api/v1/cadre-opinions", s.authed(s.listCadreOpinions))
	m.Handle("POST /api/v1/cadre-opinions", s.authed(s.createCadreOpinion))
	m.Handle("GET /api/v1/cadre-opinions/export", s.authed(s.exportCadreOpinions))
	m.Handle("GET /api/v1/cadre-opinions/{id}", s.authed(s.cadreOpinion))
	m.Handle("POST /api/v1/cadre-opinions/{id}/answer", s.authed(s.answerCadreOpinion))
	m.Handle("GET /api/v1/members/{id}/cadre-opinions", s.authed(s.memberCadreOpinions))

	m.Handle("POST /api/v1/imports/members", s.authed(s.importMembers))
	m.Handle("POST /api/v1/imports/members/errors", s.authed(s.importErrors))
	m.Handle("GET /api/v1/imports/members/template", s.authed(s.importTemplate))
	m.Handle("GET /api/v1/members/export", s.authed(s.exportMembers))
	m.Handle("GET /api/v1/orgs/export", s.authed(s.exportOrgs))
	m.Handle("GET /api/v1/audit/export", s.authed(s.exportAudit))
	m.Handle("GET /api/v1/users/export", s.authed(s.exportUsers))
}

// handler is one endpoint: it writes its answer or returns the error to
// answer with. c is nil on public routes.
type handler func(w http.ResponseWriter, r *http.Request, c *caller) error

// caller is the authenticated user of a request, with the token it used.
type caller struct {
	*app.Authenticated
	token string
}

func (s *server) public(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r, nil); err != nil {
			s.fail(w, r, err)
		}
	})
}

func (s *server) authed(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.authenticate(r)
		if err == nil {
			err = h(w, r, c)
		}
		if err != nil {
			s.fail(w, r, err)
		}
	})
}

func (s *server) authenticate(r *http.Request) (*caller, error) {
	token := bearer(r)
	au, err := s.app.Authenticate(r.Context(), token, clientIP(r))
	if err != nil {
		return nil, err
	}
	return &caller{Authenticated: au, token: token}, nil
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// clientIP is the peer address. X-Forwarded-For is not trusted: anyone can
// send it, and the lockout and audit trail must not be fooled by it.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer s.recoverPanic(w, r)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// ServeHTTP, not h, serves a routed request: only it sets path values.
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	s.unrouted(w, r, h)
}

// unrouted answers a request no route takes with a JSON 404 or 405; h is
// the mux's own plain-text answer. Under /api/v1 the caller must be logged
// in first, so the route table cannot be probed anonymously.
func (s *server) unrouted(w http.ResponseWriter, r *http.Request, h http.Handler) {
	if strings.HasPrefix(r.URL.Path, "/api/v1/") && r.URL.Path != "/api/v1/login" {
		if _, err := s.authenticate(r); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// Run the mux's answer into a probe: it knows which methods the path takes.
	p := &probe{header: http.Header{}}
	h.ServeHTTP(p, r)
	if allow := p.header.Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, errorBody{Code: dangjian.EINVALID, Message: "该接口不支持 " + r.Method + " 方法，可用：" + allow})
		return
	}
	s.fail(w, r, dangjian.Errorf(dangjian.ENOTFOUND, "接口不存在"))
}

// probe is a ResponseWriter that keeps only the headers.
type probe struct{ header http.Header }

func (p *probe) Header() http.Header         { return p.header }
func (p *probe) Write(b []byte) (int, error) { return len(b), nil }
func (p *probe) WriteHeader(int)             {}

func (s *server) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.log.ErrorContext(r.Context(), "api panic", "method", r.Method, "path", r.URL.Path, "panic", v)
	s.fail(w, r, fmt.Errorf("panic: %v", v))
}

// status maps an error code to its HTTP status (dangjian.HTTPStatus).
func status(code string) int { return dangjian.HTTPStatus(code) }

type errorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// fail answers with err. Internal errors are logged and their text is
// never sent: it may name tables, paths or addresses.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := dangjian.ErrorCode(err)
	body := errorBody{Code: code, Message: dangjian.ErrorMessage(err), Fields: dangjian.ErrorFields(err)}
	if code == dangjian.EINTERNAL {
		s.log.ErrorContext(r.Context(), "api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		body = errorBody{Code: code, Message: "内部错误，请稍后再试"}
	}
	if code == dangjian.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dangjian"`)
	}
	writeError(w, status(code), body)
}

func writeError(w http.ResponseWriter, status int, body errorBody) {
	if body.Fields == nil {
		body.Fields = map[string]string{}
	}
	writeJSON(w, status, struct {
		Error errorBody `json:"error"`
	}{body})
}

// writeJSON encodes v before writing anything, so an encoding failure can
// still become a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"内部错误，请稍后再试","fields":{}}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// list is the answer of every list endpoint.
type list[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// listOf builds a list answer; p is the page as asked (already checked).
func listOf[T any](items []T, total int, p app.Page) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total, Page: p.Page, PerPage: p.PerPage}
}

// pathID reads the {id} of a route. A malformed id names nothing that
// exists, so it is not_found like any unknown id.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, dangjian.Errorf(dangjian.ENOTFOUND, "记录不存在")
	}
	return id, nil
}

// decode reads the body as one JSON value into dst, strictly: unknown
// fields, wrong types and trailing data are refused naming the field when
// it is known.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return bodyError(err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err == nil {
		return dangjian.Errorf(dangjian.EINVALID, "请求体只能包含一个 JSON 对象")
	} else if !errors.Is(err, io.EOF) {
		return bodyError(err)
	}
	return nil
}

func bodyError(err error) error {
	var big *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &big):
		return dangjian.Errorf(dangjian.EINVALID, "请求体不能超过 %d 字节", big.Limit)
	case errors.Is(err, io.EOF):
		return dangjian.Errorf(dangjian.EINVALID, "请求体为空，应为 JSON 对象")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return dangjian.Errorf(dangjian.EINVALID, "JSON 不完整")
	case errors.As(err, &syn):
		return dangjian.Errorf(dangjian.EINVALID, "JSON 格式错误（第 %d 字节附近）", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return dangjian.Errorf(dangjian.EINVALID, "请求体应为 JSON 对象")
		}
		return fieldError(typ.Field, typeMessage(typ))
	}
	// encoding/json has no type for this one; its text is stable.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if f, err := strconv.Unquote(name); err == nil {
			name = f
		}
		return fieldError(name, "未知字段")
	}
	return dangjian.Errorf(dangjian.EINVALID, "请求体无法解析")
}

func fieldError(field, msg string) error {
	return &dangjian.Error{Code: dangjian.EINVALID, Message: field + "：" + msg, Fields: map[string]string{field: msg}}
}

func typeMessage(e *json.UnmarshalTypeError) string {
	if e.Type == reflect.TypeFor[date]() {
		return "日期格式须为 YYYY-MM-DD"
	}
	switch e.Type.Kind() {
	case reflect.String:
		return "应为字符串"
	case reflect.Bool:
		return "应为 true 或 false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "应为整数"
	case reflect.Float32, reflect.Float64:
		return "应为数字"
	case reflect.Slice, reflect.Array:
		return "应为数组"
	case reflect.Struct, reflect.Map:
		return "应为对象"
	}
	return "类型错误"
}

// date is a Date in a request body. A malformed date becomes a type error
// so that the decoder names the field it was in.
type date struct{ dangjian.Date }

func (d *date) UnmarshalJSON(b []byte) error {
	if err := d.Date.UnmarshalJSON(b); err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[date]()}
	}
	return nil
}

// ptr returns the Date of an optional date field.
func (d *date) ptr() *dangjian.Date {
	if d == nil {
		return nil
	}
	return &d.Date
}

// nullable is a PATCH field that can be left out (no change), null
// (clear it) or a value; a plain pointer cannot tell the first two apart.
type nullable[T any] struct {
	set bool
	v   *T
}

func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	n.set = true
	if string(b) == "null" {
		n.v = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.v = &v
	return nil
}

// params reads query parameters, collecting a message for each bad one.
type params struct {
	q   url.Values
	bad dangjian.Invalid
}

func paramsOf(r *http.Request) *params { return &params{q: r.URL.Query(), bad: dangjian.Invalid{}} }

// text returns a parameter of at most 100 characters.
func (p *params) text(name string) string {
	v := strings.TrimSpace(p.q.Get(name))
	if utf8.RuneCountInString(v) > 100 {
		p.bad.Add(name, "不能超过100个字")
		return ""
	}
	return v
}

// id returns a positive integer parameter, or nil when absent.
func (p *params) id(name string) *int64 {
	v := p.q.Get(name)
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		p.bad.Add(name, "应为正整数")
		return nil
	}
	return &n
}

// boolean accepts true/false/1/0, or nil when absent.
func (p *params) boolean(name string) *bool {
	var b bool
	switch strings.ToLower(p.q.Get(name)) {
	case "":
		return nil
	case "1", "true":
		b = true
	case "0", "false":
		b = false
	default:
		p.bad.Add(name, "应为 true、false、1 或 0")
		return nil
	}
	return &b
}

// oneOf returns a parameter that must be one of allowed, or "" when absent.
func (p *params) oneOf(name string, allowed ...string) string {
	v := p.q.Get(name)
	if v == "" {
		return ""
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.bad.Add(name, "应为 "+strings.Join(allowed, "、")+" 之一")
	return ""
}

// since reads an instant given as RFC 3339 or as a date, which means the
// start of that day in China Standard Time.
func (p *params) since(name string) time.Time {
	v := p.q.Get(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if d, err := dangjian.ParseDate(v); err == nil {
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, dangjian.CST)
	}
	p.bad.Add(name, "应为 RFC 3339 时间或 YYYY-MM-DD 日期")
	return time.Time{}
}

// page reads page and per_page; per_page above 500 is refused, not
// clamped, so a client never silently gets fewer rows than it asked for.
func (p *params) page() app.Page {
	pg := app.Page{Page: 1, PerPage: 50}
	if v := p.q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10_000_000 {
			p.bad.Add("page", "应为 1 到 10000000 之间的整数")
		} else {
			pg.Page = n
		}
	}
	if v := p.q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPerPage {
			p.bad.Add("per_page", fmt.Sprintf("应为 1 到 %d 之间的整数", maxPerPage))
		} else {
			pg.PerPage = n
		}
	}
	return pg
}

func (p *params) err() error {
	if len(p.bad) == 0 {
		return nil
	}
	return &dangjian.Error{Code: dangjian.EINVALID, Message: "查询参数有误", Fields: map[string]string(p.bad)}
}

// whole is the answer of a list that is never paged.
func whole[T any](items []T) list[T] {
	return listOf(items, len(items), app.Page{Page: 1, PerPage: len(items)})
}

// slicePage cuts one page out of a whole list held in memory.
func slicePage[T any](all []T, p app.Page) []T {
	p = p.Norm()
	lo := min(p.Offset(), len(all))
	hi := min(lo+p.PerPage, len(all))
	return all[lo:hi]
}
