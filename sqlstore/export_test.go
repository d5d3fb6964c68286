package sqlstore

import "context"

// TamperForTest runs raw SQL, so a test can damage what the app never would.
func TamperForTest(ctx context.Context, db *DB, q string) error {
	_, err := db.write.ExecContext(ctx, q)
	return err
}
