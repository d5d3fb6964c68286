package sqlstore_test

import (
	"context"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// TestMigrationParity: both engines have the same migration files, and each
// pair creates the same tables, columns and indexes.
func TestMigrationParity(t *testing.T) {
	lite, err := sqlstore.MigrationNames(sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := sqlstore.MigrationNames(sqlstore.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lite, pg) || len(lite) == 0 {
		t.Fatalf("migration files differ: sqlite %v, postgres %v", lite, pg)
	}
	for _, name := range lite {
		a := shape(t, "migrations/sqlite/"+name)
		b := shape(t, "migrations/postgres/"+name)
		if len(a) == 0 {
			t.Errorf("%s: parsed no tables or indexes", name)
		}
		if !slices.Equal(a, b) {
			t.Errorf("%s: schema shapes differ\nsqlite:   %v\npostgres: %v", name, a, b)
		}
	}
}

var (
	createRe = regexp.MustCompile(`(?is)CREATE\s+TABLE\s+(\w+)\s*\((.*?)\n\);`)
	indexRe  = regexp.MustCompile(`(?i)CREATE\s+(UNIQUE\s+)?INDEX\s+(\w+)\s+ON\s+(\w+)\s*\(([^)]*)\)`)
	alterRe  = regexp.MustCompile(`(?i)ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)`)
)

// shape reduces a migration to table.column and index lines, ignoring types.
func shape(t *testing.T, path string) []string {
	b, err := fs.ReadFile(os.DirFS("."), path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	var out []string
	for _, m := range createRe.FindAllStringSubmatch(src, -1) {
		for _, line := range strings.Split(m[2], "\n") {
			f := strings.Fields(strings.TrimSpace(line))
			if len(f) == 0 || strings.HasPrefix(f[0], "--") || strings.EqualFold(f[0], "PRIMARY") || strings.EqualFold(f[0], "UNIQUE") || strings.EqualFold(f[0], "CHECK") {
				continue
			}
			out = append(out, m[1]+"."+strings.ToLower(f[0]))
		}
	}
	for _, m := range indexRe.FindAllStringSubmatch(src, -1) {
		out = append(out, "index "+m[2]+" "+strings.ToLower(m[1])+m[3]+"("+strings.ReplaceAll(m[4], " ", "")+")")
	}
	for _, m := range alterRe.FindAllStringSubmatch(src, -1) {
		out = append(out, m[1]+"."+strings.ToLower(m[2]))
	}
	slices.Sort(out)
	return out
}

func TestMigrateTwiceIsANoOp(t *testing.T) {
	db := sqltest.Open(t)
	applied, err := db.Migrate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 0 {
		t.Errorf("second migrate applied %v", applied)
	}
}
