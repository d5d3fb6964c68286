package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// MeetingExists reports whether a meeting of kind, not deleted, is
// recorded for the organization at the instant heldAt: importing the same
// record twice would count it twice.
func (tx *Tx) MeetingExists(ctx context.Context, orgID int64, kind string, heldAt time.Time) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM meetings WHERE org_id = $1 AND kind = $2 AND held_at = $3 AND deleted = FALSE`,
		orgID, kind, heldAt.UTC().Truncate(time.Second)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("meeting exists: %w", err)
	}
	return n > 0, nil
}
