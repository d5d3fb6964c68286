package web

import (
	"bufio"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// sendFile streams an export. The status goes out before the rows, so a
// failure midway cannot become an error page: the connection is cut
// instead, and the browser does not keep a cut file as a whole one.
func (s *server) sendFile(w http.ResponseWriter, r *http.Request, ex *app.Export) error {
	h := w.Header()
	h.Set("Content-Type", ex.ContentType())
	h.Set("Content-Disposition", ex.Disposition())
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// The server's own buffer is 2 KB: each fill would be a chunk and a
	// write call, 100,000 of them for a large roster.
	bw := bufio.NewWriterSize(w, 64<<10)
	err := ex.Stream(r.Context(), bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		s.log.Error("export failed midway", "path", r.URL.Path, "file", ex.Filename, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportQuery is a list's filters plus the format, for an export link.
func exportQuery(v url.Values, format string) string {
	for k, vs := range v {
		if len(vs) == 0 || vs[0] == "" {
			delete(v, k)
		}
	}
	v.Set("format", format)
	return v.Encode()
}

// ExportHref is the roster export with the filters on screen.
func (f rosterFilter) ExportHref(format string) string {
	return "/members/export?" + exportQuery(url.Values{"org": {f.Org}, "q": {f.Q}, "status": {f.Status},
		"leading_cadre": {f.LeadingCadre}, "party_affairs": {f.PartyAffairs}}, format)
}

// ExportClearHref is the roster export with ID and phone numbers in
// clear, offered only to those who may reveal them on the whole roster
// shown; "" otherwise.
func (p *rosterPage) ExportClearHref() string {
	if p.actor == nil {
		return ""
	}
	roots := p.actor.Scopes(dangjian.PermMemberRead)
	if p.Org != nil {
		roots = []string{p.Org.Path}
	}
	if len(roots) == 0 {
		return ""
	}
	for _, r := range roots {
		if !p.actor.HasPerm(dangjian.PermMemberReveal, r) {
			return ""
		}
	}
	return p.F.ExportHref("xlsx") + "&reveal=1"
}

// ExportHref is the organization export with the list's filters.
func (p *orgListPage) ExportHref(format string) string {
	return "/orgs/export?" + exportQuery(url.Values{"q": {p.Query}, "kind": {p.Kind}}, format)
}

// ExportHref is the audit export with the list's filters.
func (p *auditPage) ExportHref(format string) string {
	since := p.Since
	if p.SinceErr != "" {
		since = ""
	}
	return "/audit/export?" + exportQuery(url.Values{"action": {p.Action}, "entity": {p.Entity}, "since": {since}}, format)
}

// formatOf reads ?format=; anything but csv is xlsx.
func formatOf(r *http.Request) string {
	if r.URL.Query().Get("format") == "csv" {
		return "csv"
	}
	return "xlsx"
}

func (s *server) memberExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := readRosterFilter(r)
	mf := dangjian.MemberFilter{Query: f.Q, Status: f.Status, PartyAffairs: f.PartyAffairs}
	if f.LeadingCadre != "" {
		v := f.LeadingCadre == "1"
		mf.LeadingCadre = &v
	}
	if f.Org != "" {
		if mf.OrgID = parseID(f.Org); mf.OrgID == 0 {
			return dangjian.Errorf(dangjian.ENOTFOUND, "组织不存在")
		}
	}
	ex, err := s.app.ExportMembers(r.Context(), rq.actor(), mf, formatOf(r), r.URL.Query().Get("reveal") == "1")
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) orgExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	kind := q.Get("kind")
	if !dangjian.ValidOrgKind(kind) {
		kind = ""
	}
	ex, err := s.app.ExportOrgs(r.Context(), rq.actor(), dangjian.OrgFilter{Query: strings.TrimSpace(q.Get("q")), Kind: kind}, formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) auditExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	f := dangjian.AuditFilter{Action: strings.TrimSpace(q.Get("action")), Entity: strings.TrimSpace(q.Get("entity"))}
	if d, err := dangjian.ParseDate(q.Get("since")); err == nil {
		f.Since = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, dangjian.CST)
	}
	ex, err := s.app.ExportAudit(r.Context(), rq.actor(), f, formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) userExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	ex, err := s.app.ExportUsers(r.Context(), rq.actor(), formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// yearHref is an organization page's export with the year (and more) and
// the format.
func yearExportHref(orgID int64, page string, year int, format string, more url.Values) string {
	if more == nil {
		more = url.Values{}
	}
	more.Set("year", strconv.Itoa(year))
	return orgHref(orgID) + page + "/export?" + exportQuery(more, format)
}

// ExportHref is the meetings export with the list's filters.
func (p *meetingListPage) ExportHref(format string) string {
	return orgHref(p.O.ID) + "/meetings/export?" + exportQuery(url.Values{"kind": {p.Kind}, "from": {p.From}, "to": {p.To}}, format)
}

// ExportHref is the roll-up export in the page's order.
func (p *rollupPage) ExportHref(format string) string {
	return yearExportHref(p.O.ID, "/compliance/rollup", p.Year, format, url.Values{"sort": {p.Sort}})
}

// ExportHref is the dual organizational life export of the page's year.
func (p *dualLifePage) ExportHref(format string) string {
	return yearExportHref(p.O.ID, "/dual-life", p.Year, format, nil)
}

// ExportHref is the talk coverage export of the page's year.
func (p *coveragePage) ExportHref(format string) string {
	return yearExportHref(p.O.ID, "/talks/coverage", p.Year, format, nil)
}

func (s *server) meetingExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	fe := fieldErrors{}
	mq := app.MeetingQuery{OrgID: id, Kind: q.Get("kind"), From: dayStart(fe, "from", q.Get("from")), To: dayStart(fe, "to", q.Get("to"))}
	if err := invalid(fe); err != nil {
		return err
	}
	if !mq.To.IsZero() {
		mq.To = mq.To.AddDate(0, 0, 1) // the filter's "to" day is included, as on the list
	}
	ex, err := s.app.ExportMeetings(r.Context(), rq.actor(), mq, formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) rollupExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sortBy := r.URL.Query().Get("sort")
	switch sortBy {
	case app.SortRate, app.SortMissing, app.SortName:
	default:
		sortBy = app.SortRate
	}
	ex, err := s.app.ExportRollup(r.Context(), rq.actor(), id, s.yearOf(r), sortBy, formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) dualLifeExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ex, err := s.app.ExportDualLife(r.Context(), rq.actor(), id, s.yearOf(r), formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) talkCoverageExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ex, err := s.app.ExportTalkCoverage(r.Context(), rq.actor(), id, s.yearOf(r), formatOf(r))
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}
