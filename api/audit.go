package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/dangjian/dangjian"
)

// auditView is one audit row; changes is the stored JSON object itself,
// not a string holding it.
type auditView struct {
	ID       int64           `json:"id"`
	At       time.Time       `json:"at"`
	ActorID  *int64          `json:"actor_id"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID *int64          `json:"entity_id"`
	OrgID    *int64          `json:"org_id"`
	IP       string          `json:"ip"`
	Changes  json.RawMessage `json:"changes"`
	Hash     string          `json:"hash"`
}

func auditOf(a *dangjian.Audit) auditView {
	v := auditView{ID: a.ID, At: a.At.UTC(), ActorID: a.ActorID, Actor: a.Actor, Action: a.Action, Entity: a.Entity,
		EntityID: a.EntityID, OrgID: a.OrgID, IP: a.IP, Changes: json.RawMessage("null"), Hash: a.Hash}
	if a.Changes != "" && json.Valid([]byte(a.Changes)) {
		v.Changes = json.RawMessage(a.Changes)
	}
	return v
}

// listAudit answers the audit trail, newest first; app lets only an
// auditor read it.
func (s *server) listAudit(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	f := dangjian.AuditFilter{Action: p.text("action"), Entity: p.text("entity"), Since: p.since("since")}
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	rows, total, err := s.app.Audits(r.Context(), c.Actor, f, pg)
	if err != nil {
		return err
	}
	items := make([]auditView, len(rows))
	for i, a := range rows {
		items[i] = auditOf(a)
	}
	writeJSON(w, http.StatusOK, listOf(items, total, pg))
	return nil
}
