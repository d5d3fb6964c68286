// Command importexport measures issue 3's speed targets in-process, on
// SQLite: the import of a 100,000-row roster (check and write, one
// transaction) and the export of a 1,000,000-member roster, with the peak
// RSS of the process. bench/importexport.sh runs it several times and
// prints the medians.
//
//	importexport import -rows 100000 -format csv -runs 3
//	importexport export -db COPY.db -format xlsx      (COPY.db.key beside it)
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/demo"
	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: importexport import|export [flags]")
		os.Exit(2)
	}
	ctx := context.Background()
	var err error
	switch os.Args[1] {
	case "import":
		err = runImport(ctx, os.Args[2:], os.Stdout)
	case "export":
		err = runExport(ctx, os.Args[2:], os.Stdout)
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "importexport:", err)
		os.Exit(1)
	}
}

// open opens and migrates the SQLite file at path with its key file.
func open(ctx context.Context, path, keyPath string) (*app.App, *sqlstore.DB, error) {
	kf, err := secret.ReadFile(keyPath)
	if err != nil {
		return nil, nil, err
	}
	keys, err := secret.New(kf)
	if err != nil {
		return nil, nil, err
	}
	db, err := sqlstore.Open(ctx, path, sqlstore.Options{Keys: keys})
	if err != nil {
		return nil, nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return a, db, nil
}

// runImport builds a county (the demo's organizations and 2,000 members),
// a roster of rows new members spread over its branches, and imports it
// into a fresh copy of the county runs times: a dry run (the preview) and
// the import itself.
func runImport(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	rows := fs.Int("rows", 100_000, "rows in the roster")
	format := fs.String("format", "csv", "csv or xlsx")
	runs := fs.Int("runs", 3, "imports, each into a fresh copy of the county")
	members := fs.Int("members", 2000, "members of the county before the import")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "importbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	base := filepath.Join(dir, "county.db")
	kf, err := secret.Generate(secret.AES256GCM)
	if err != nil {
		return err
	}
	if err := secret.WriteFile(base+".key", kf); err != nil {
		return err
	}
	a, db, err := open(ctx, base, base+".key")
	if err != nil {
		return err
	}
	sum, err := demo.Generate(ctx, db, demo.Options{Members: *members, Seed: 1, Today: a.Today()})
	if err != nil {
		db.Close()
		return err
	}
	branches, err := branchPaths(ctx, a)
	db.Close()
	if err != nil {
		return err
	}
	file, err := roster(*rows, *format, branches)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "county: %d organizations, %d branches with a unique path, %d members; roster: %d rows, %s, %.1f MB\n",
		sum.Orgs, len(branches), sum.Members, *rows, *format, float64(len(file))/(1<<20))
	var checks, imports []float64
	for r := 1; r <= *runs; r++ {
		path := filepath.Join(dir, fmt.Sprintf("run%d.db", r))
		if err := copyFile(base, path); err != nil {
			return err
		}
		if err := copyFile(base+".key", path+".key"); err != nil {
			return err
		}
		a, db, err := open(ctx, path, path+".key")
		if err != nil {
			return err
		}
		f := app.ImportFile{Name: "roster." + *format, Data: file}
		start := time.Now()
		res, err := a.ImportMembers(ctx, app.System(), f, app.ImportOptions{DryRun: true})
		check := time.Since(start).Seconds()
		if err != nil {
			db.Close()
			return fmt.Errorf("dry run: %w (%+v)", err, firstErrors(res))
		}
		start = time.Now()
		res, err = a.ImportMembers(ctx, app.System(), f, app.ImportOptions{})
		took := time.Since(start).Seconds()
		db.Close()
		if err != nil {
			return fmt.Errorf("import: %w (%+v)", err, firstErrors(res))
		}
		if res.Added != *rows || !res.Written {
			return fmt.Errorf("import: %+v", res)
		}
		checks, imports = append(checks, check), append(imports, took)
		fmt.Fprintf(out, "run %d: preview (parse + check) %.2f s, import (parse + check + write) %.2f s, %d added\n", r, check, took, res.Added)
		os.Remove(path)
	}
	fmt.Fprintf(out, "RESULT import %s rows=%d preview_s=%.2f import_s=%.2f rss_mb=%.0f\n", *format, *rows, median(checks), median(imports), peakRSS())
	return nil
}

func firstErrors(res *app.ImportResult) []app.ImportIssue {
	if res == nil {
		return nil
	}
	return res.Errors[:min(len(res.Errors), 3)]
}

// branchPaths returns for each branch the shortest tail of its path (as
// the organization export writes it) that no other organization shares,
// as people write them ("县财政局党组/第一党支部"): it keeps a 100,000-row CSV
// under the upload limit and exercises the lookup of partial paths.
func branchPaths(ctx context.Context, a *app.App) ([]string, error) {
	ex, err := a.ExportOrgs(ctx, app.System(), dangjian.OrgFilter{}, "csv")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := ex.Stream(ctx, &buf); err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		return nil, err
	}
	pathCol, kindCol := slices.Index(recs[0], "完整路径"), slices.Index(recs[0], "类别")
	tails := map[string]int{}
	for _, r := range recs[1:] {
		segs := strings.Split(r[pathCol], "/")
		for k := 1; k <= len(segs); k++ {
			tails[strings.Join(segs[len(segs)-k:], "/")]++
		}
	}
	var out []string
	for _, r := range recs[1:] {
		if r[kindCol] != dangjian.OrgKindNames[dangjian.KindBranch] {
			continue
		}
		segs := strings.Split(r[pathCol], "/")
		for k := 1; k <= len(segs); k++ {
			if t := strings.Join(segs[len(segs)-k:], "/"); tails[t] == 1 {
				out = append(out, t)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no branch")
	}
	return out, nil
}

// roster writes n new members (ID numbers of a region and years the demo
// does not use) in format.
func roster(n int, format string, branches []string) ([]byte, error) {
	var buf bytes.Buffer
	w, err := xlsx.NewWriter(&buf, format, "党员名册")
	if err != nil {
		return nil, err
	}
	hdr := app.MemberHeaders()
	if err := w.Header(hdr); err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		day := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/400)
		birth := dangjian.NewDate(day.Year(), day.Month(), day.Day())
		seq := i % 400
		first := "659001" + day.Format("20060102") + fmt.Sprintf("%03d", seq*2+1)
		c, err := dangjian.IDCheckDigit(first)
		if err != nil {
			return nil, err
		}
		joined := dangjian.NewDate(day.Year()+25, 7, 1)
		err = w.Row("党员"+strconv.Itoa(i), "男", "汉族", birth, first+string(c), "大学本科", joined, joined.AddYears(1), "正式",
			branches[i%len(branches)], "", "科员", i%50 == 0, "否", fmt.Sprintf("139%08d", i), "离退休", 3000+float64(i%500))
		if err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// runExport exports every member of the database at -db (a copy: the
// export adds its audit row) to a counting sink.
func runExport(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	path := fs.String("db", "", "SQLite file (a copy), with its key file beside it (PATH.key)")
	format := fs.String("format", "csv", "csv or xlsx")
	reveal := fs.Bool("reveal", false, "numbers in clear")
	profile := fs.String("cpuprofile", "", "write a CPU profile here")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *profile != "" {
		pf, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	a, db, err := open(ctx, *path, *path+".key")
	if err != nil {
		return err
	}
	defer db.Close()
	ex, err := a.ExportMembers(ctx, app.System(), dangjian.MemberFilter{}, *format, *reveal)
	if err != nil {
		return err
	}
	var sink counter
	start := time.Now()
	if err := ex.Stream(ctx, &sink); err != nil {
		return err
	}
	took := time.Since(start).Seconds()
	rows, err := exportedRows(ctx, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "RESULT export %s rows=%d mb=%.1f export_s=%.2f rss_mb=%.0f\n", *format, rows, float64(sink.n)/(1<<20), took, peakRSS())
	return nil
}

// exportedRows reads the row count of the last export from its audit row.
func exportedRows(ctx context.Context, a *app.App) (int, error) {
	rows, _, err := a.Audits(ctx, app.System(), dangjian.AuditFilter{Action: "member.export"}, app.Page{PerPage: 1})
	if err != nil || len(rows) == 0 {
		return 0, fmt.Errorf("the export's audit row: %v", err)
	}
	var c struct{ Rows int }
	if err := json.Unmarshal([]byte(rows[0].Changes), &c); err != nil {
		return 0, err
	}
	return c.Rows, nil
}

// counter is an io.Writer that counts the bytes.
type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// peakRSS is the process's peak resident set (VmHWM) in MB.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}
