package sqlstore

import (
	"context"
	"fmt"
)

// ReserveIDs returns n new ids of table (members or member_moves) for the
// rows a Loader writes. PostgreSQL takes them from the table's sequence,
// so the inserts of other sessions meanwhile cannot collide with them;
// SQLite counts on from the largest id, which is safe because its write
// transaction holds the whole database.
func (tx *Tx) ReserveIDs(ctx context.Context, table string, n int) ([]int64, error) {
	if table != "members" && table != "member_moves" {
		return nil, fmt.Errorf("reserve ids: table %q", table)
	}
	ids := make([]int64, 0, n)
	if n <= 0 {
		return ids, nil
	}
	if tx.db.engine == SQLite {
		var top int64
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&top); err != nil {
			return nil, fmt.Errorf("reserve %s ids: %w", table, err)
		}
		for i := int64(1); i <= int64(n); i++ {
			ids = append(ids, top+i)
		}
		return ids, nil
	}
	rows, err := tx.query(ctx, `SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("reserve %s ids: %w", table, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}
	return ids, nil
}

// IsConflict reports whether err is a unique-constraint failure: an
// import's batch insert met an ID number another session registered.
func IsConflict(err error) bool { return isUniqueViolation(err) }
