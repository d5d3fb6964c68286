package api

import (
	"bufio"
	"net/http"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// sendFile streams an export. The status is sent before the rows, so a
// failure midway cannot become an error answer: the connection is cut
// instead, and the client never takes a cut file for a whole one.
func (s *server) sendFile(w http.ResponseWriter, r *http.Request, ex *app.Export) error {
	h := w.Header()
	h.Set("Content-Type", ex.ContentType())
	h.Set("Content-Disposition", ex.Disposition())
	w.WriteHeader(http.StatusOK)
	// The server's own buffer is 2 KB: each fill would be a chunk and a
	// write call, 100,000 of them for a large roster.
	bw := bufio.NewWriterSize(w, 64<<10)
	err := ex.Stream(r.Context(), bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "export failed midway", "path", r.URL.Path, "file", ex.Filename, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportMembers answers the roster as a file: the roster's filters plus
// format (xlsx, the default, or csv) and reveal=1 for the numbers in
// clear, which needs member.reveal on all of it.
func (s *server) exportMembers(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	org := p.id("org")
	f := dangjian.MemberFilter{
		Query:        p.text("q"),
		Status:       p.oneOf("status", dangjian.StatusFull, dangjian.StatusProbationary),
		LeadingCadre: p.boolean("leading_cadre"),
		PartyAffairs: p.oneOf("party_affairs", dangjian.PartyAffairsNone, dangjian.PartyAffairsFullTime, dangjian.PartyAffairsPartTime),
	}
	format := p.oneOf("format", "xlsx", "csv")
	reveal := p.boolean("reveal")
	if err := p.err(); err != nil {
		return err
	}
	if org != nil {
		f.OrgID = *org
	}
	ex, err := s.app.ExportMembers(r.Context(), c.Actor, f, format, reveal != nil && *reveal)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// exportOrgs answers the organizations the caller may see as a file; the
// list's q and kind filters apply.
func (s *server) exportOrgs(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	f := dangjian.OrgFilter{Query: p.text("q"), Kind: p.oneOf("kind", dangjian.OrgKinds...)}
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportOrgs(r.Context(), c.Actor, f, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// exportAudit answers the audit trail as a file (auditor only), with the
// list's filters.
func (s *server) exportAudit(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	f := dangjian.AuditFilter{Action: p.text("action"), Entity: p.text("entity"), Since: p.since("since")}
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportAudit(r.Context(), c.Actor, f, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// exportUsers answers the accounts and their roles as a file (sysadmin).
func (s *server) exportUsers(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportUsers(r.Context(), c.Actor, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// exportMeetings answers the meetings list as a file: the filters of GET
// /api/v1/meetings (org, kind, from, to) plus format.
func (s *server) exportMeetings(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	q := app.MeetingQuery{Kind: p.oneOf("kind", dangjian.MeetingKinds...), From: p.since("from"), To: p.since("to")}
	if id := p.id("org"); id != nil {
		q.OrgID = *id
	}
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportMeetings(r.Context(), c.Actor, q, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// exportRollup answers the compliance roll-up of a subtree as a file:
// year and sort as the roll-up, every row.
func (s *server) exportRollup(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	sortBy := p.oneOf("sort", app.SortRate, app.SortMissing, app.SortName)
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportRollup(r.Context(), c.Actor, id, year, sortBy, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// exportDualLife answers the dual organizational life of a subtree as a
// file.
func (s *server) exportDualLife(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportDualLife(r.Context(), c.Actor, id, year, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// exportTalkCoverage answers a branch's talk coverage as a file.
func (s *server) exportTalkCoverage(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year())
	format := p.oneOf("format", "xlsx", "csv")
	if err := p.err(); err != nil {
		return err
	}
	ex, err := s.app.ExportTalkCoverage(r.Context(), c.Actor, id, year, format)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}
