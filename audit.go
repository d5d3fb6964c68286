package dangjian

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Audit is one row of the append-only, hash-chained audit trail.
type Audit struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	ActorID  *int64    `json:"actor_id,omitempty"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"` // entity.verb, e.g. member.create
	Entity   string    `json:"entity"`
	EntityID *int64    `json:"entity_id"`
	OrgID    *int64    `json:"org_id"`
	IP       string    `json:"ip"`
	Changes  string    `json:"changes,omitempty"` // JSON object of changed fields
	PrevHash string    `json:"-"`
	Hash     string    `json:"hash,omitempty"`
}

// ComputeHash returns the chain hash of a: SHA-256 over the previous hash
// and every field, so changing or removing any row breaks the chain.
func (a *Audit) ComputeHash() string {
	opt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	s := strings.Join([]string{
		a.PrevHash, strconv.FormatInt(a.ID, 10), a.At.UTC().Format(time.RFC3339Nano),
		opt(a.ActorID), a.Actor, a.Action, a.Entity, opt(a.EntityID), opt(a.OrgID), a.IP, a.Changes,
	}, "\x1f")
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// AuditFilter selects audit rows.
type AuditFilter struct {
	Action string
	Entity string
	Since  time.Time
	Offset int
	Limit  int
}
