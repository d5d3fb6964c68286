package dangjian

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirection fails when an import points up the layer list of
// DESIGN.md: root ← sqlstore ← app ← web/api ← cmd, and only sqlstore
// touches database/sql.
func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/dangjian/dangjian"
	// allowed[pkg] lists the project packages pkg may import.
	allowed := map[string][]string{
		mod:                         {},
		mod + "/secret":             {},
		mod + "/sqlstore":           {mod, mod + "/secret"},
		mod + "/sqlstore/sqltest":   {mod, mod + "/sqlstore", mod + "/secret"},
		mod + "/app":                {mod, mod + "/sqlstore", mod + "/xlsx"},
		mod + "/demo":               {mod, mod + "/sqlstore"},
		mod + "/xlsx":               {mod},
		mod + "/api":                {mod, mod + "/app"},
		mod + "/web":                {mod, mod + "/app"},
		mod + "/cmd/dangjian":       {mod, mod + "/app", mod + "/sqlstore", mod + "/api", mod + "/web", mod + "/demo", mod + "/xlsx", mod + "/secret"},
		mod + "/bench/load":         {},
		mod + "/bench/importexport": {mod, mod + "/app", mod + "/sqlstore", mod + "/secret", mod + "/demo", mod + "/xlsx"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not in the layer table of deps_test.go", pkg)
			continue
		}
		for _, imp := range imports {
			if pkg == mod && strings.Contains(strings.Split(imp, "/")[0], ".") {
				t.Errorf("the root package imports %s; it may import only the standard library", imp)
			}
			if imp == "database/sql" && pkg != mod+"/sqlstore" && pkg != mod+"/sqlstore/sqltest" {
				t.Errorf("%s imports database/sql; only sqlstore may", pkg)
			}
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			if !contains(ok, imp) {
				t.Errorf("%s imports %s: imports must point down the layers", pkg, imp)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
