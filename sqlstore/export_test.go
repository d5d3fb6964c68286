package sqlstore

import "context"

// TamperForTest runs raw SQL, so a test can damage what the app never would.
func TamperForTest(ctx context.Context, db *DB, q string) error {
	_, err := db.write.ExecContext(ctx, q)
	return err
}

// RawText returns every row of a query as text, read past the store.
func RawText(ctx context.Context, db *DB, q string) ([]string, error) {
	rows, err := db.write.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
