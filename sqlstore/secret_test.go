package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// TestNoPlaintextAtRest writes members and then looks at what the database
// itself holds: the raw SQLite file (and its WAL), or the PostgreSQL table
// as text. Neither may contain a clear ID or phone number.
func TestNoPlaintextAtRest(t *testing.T) {
	ctx := context.Background()
	dsn := sqltest.DSN(t)
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Keys: sqltest.Keys(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	_, _, _, br := tree(t, db, 0)
	const id, phone = "11010519491231002X", "13912345678"
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateMember(ctx, &dangjian.Member{Name: "李娜", Gender: "female", BirthDate: dangjian.MustDate("1949-12-31"), IDNumber: id, Phone: phone,
			OrgID: br.ID, OrgPath: br.Path, Status: dangjian.StatusFull, JoinedOn: dangjian.MustDate("1975-07-01"), PartyAffairs: "none", DuesCategory: "retired", Active: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	// The store still reads it back in the clear, and finds it by number.
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		mid, err := tx.MemberIDByIDNumber(ctx, id)
		if err != nil || mid == 0 {
			t.Fatalf("lookup by ID number: %d %v", mid, err)
		}
		m, err := tx.Member(ctx, mid)
		if err != nil || m.IDNumber != id || m.Phone != phone {
			t.Fatalf("read back %+v %v", m, err)
		}
		// Lists read the stored masks and never decrypt.
		list, _, err := tx.Members(ctx, dangjian.MemberFilter{Scopes: []string{br.Path}})
		if err != nil || len(list) != 1 || list[0].IDNumber != "110***********002X" || list[0].Phone != "139****5678" {
			t.Fatalf("list shows %+v, %v", list, err)
		}
		return nil
	})
	var haystack string
	if db.Engine() == sqlstore.SQLite {
		for _, f := range []string{dsn, dsn + "-wal"} {
			b, err := os.ReadFile(f)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			haystack += string(b)
		}
		if !strings.Contains(haystack, "李娜") {
			t.Fatalf("the raw file does not hold the name either; is %s the right file? (%v)", filepath.Base(dsn), len(haystack))
		}
	} else {
		rows, err := sqlstore.RawText(ctx, db, `SELECT m::text FROM members m`)
		if err != nil {
			t.Fatal(err)
		}
		haystack = strings.Join(rows, "\n")
		if !strings.Contains(haystack, "李娜") {
			t.Fatalf("the table text does not hold the name: %q", haystack)
		}
	}
	for _, secret := range []string{id, strings.ToLower(id), phone, "194912310"} {
		if strings.Contains(haystack, secret) {
			t.Errorf("plaintext %q found in the database", secret)
		}
	}
	if !strings.Contains(haystack, "110***********002X") {
		t.Error("the mask the lists show is not stored")
	}
}
