package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

const importSynopsis = "import members FILE [--org PATH] [--dry-run] [--db PATH|URL] [--key-file F]"

// runImport imports a roster file as the operator: the same checks, the
// same preview and errors as the web page and the API, written only when
// there is no error and not --dry-run.
func runImport(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "meetings" {
		return runImportMeetings(ctx, args[1:], env, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "members" {
		fmt.Fprintln(stderr, "Usage: dangjian "+importSynopsis+"\n       dangjian "+importMeetingsSynopsis)
		return errors.New("import: the kinds are members and meetings")
	}
	return runImportKind(ctx, args[1:], env, stdout, stderr, importKind[app.ImportResult]{
		name: "import members", prefix: "import", synopsis: importSynopsis,
		orgUsage: "organization (path of names from the top, or code) for rows that leave 所在党组织 empty; rows must go under it",
		run:      (*app.App).ImportMembers, print: printImport,
	})
}

// importKind is what an import command has of its own: its names, its
// app method and how its result is printed.
type importKind[R any] struct {
	name, prefix, synopsis, orgUsage string
	run                              func(*app.App, context.Context, *dangjian.Actor, app.ImportFile, app.ImportOptions) (*R, error)
	print                            func(io.Writer, *R, time.Duration)
}

// runImportKind is the body of the import commands: the flags, the one
// file, the database, then the import with a progress bar and its
// result printed.
func runImportKind[R any](ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer, k importKind[R]) error {
	fs := newFlags(k.name, k.synopsis, stderr)
	dsn := fs.String("db", envOr(env, "DANGJIAN_DB", defaultDB), "SQLite file or postgres:// URL (env DANGJIAN_DB)")
	org := fs.String("org", "", k.orgUsage)
	dry := fs.Bool("dry-run", false, "check and preview only; write nothing")
	kf := addKeyFlags(fs, env)
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return errors.New(k.prefix + ": give exactly one FILE (.xlsx or .csv)")
	}
	f, err := readImportFile(files[0])
	if err != nil {
		return err
	}
	keys, _, err := kf.load(*dsn, false, stdout)
	if err != nil {
		return err
	}
	a, closeDB, err := openApp(ctx, *dsn, app.DefaultConfig(), keys, newLogger(io.Discard))
	if err != nil {
		return err
	}
	defer closeDB()
	bar := newImportBar(terminal(stderr))
	start := time.Now()
	res, err := k.run(a, ctx, app.System(), f, app.ImportOptions{DryRun: *dry, Org: *org, Progress: bar.update})
	bar.finish()
	if res == nil {
		return fmt.Errorf("%s: %s", k.prefix, errText(err))
	}
	k.print(stdout, res, time.Since(start))
	if err != nil {
		return fmt.Errorf("%s: %s", k.prefix, errText(err))
	}
	return nil
}

// errText is an error as a user reads it: the message of a domain error,
// the text of any other.
func errText(err error) string {
	var e *dangjian.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// parseInterleaved parses flags that may come before or after the
// positional arguments ("import members FILE --dry-run"), which flag
// alone stops at.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readImportFile reads at most one byte past the upload limit, which the
// import then refuses as too big with the limit in its message.
func readImportFile(path string) (app.ImportFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return app.ImportFile{}, fmt.Errorf("import: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, app.ImportLimits().MaxBytes+1))
	if err != nil {
		return app.ImportFile{}, fmt.Errorf("import: read %s: %w", path, err)
	}
	name := path
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		name = path[i+1:]
	}
	return app.ImportFile{Name: name, Data: data}, nil
}

// printImport writes the preview or outcome and every problem listed.
func printImport(w io.Writer, res *app.ImportResult, took time.Duration) {
	printImportResult(w, res, fmt.Sprintf("新增 %d 人，更新 %d 人，无变化 %d 人", res.Added, res.Updated, res.Unchanged), took)
}

// printImportResult writes an import's file, its counts line, every
// problem and the outcome.
func printImportResult(w io.Writer, res *app.ImportResult, counts string, took time.Duration) {
	fmt.Fprintf(w, "文件 %s：%d 行数据\n", res.File, res.Rows)
	fmt.Fprintln(w, counts)
	if res.ErrorCount > 0 {
		fmt.Fprintf(w, "错误 %d 处：\n", res.ErrorCount)
		for _, is := range res.Errors {
			loc := "文件"
			if is.Row > 0 {
				loc = fmt.Sprintf("第 %d 行", is.Row)
			}
			if is.Column != "" {
				loc += "「" + is.Column + "」"
			}
			fmt.Fprintf(w, "  %s：%s\n", loc, is.Message)
		}
		if more := res.ErrorCount - len(res.Errors); more > 0 {
			fmt.Fprintf(w, "  ……另有 %d 处未列出\n", more)
		}
	}
	switch {
	case res.Written:
		fmt.Fprintf(w, "已导入（%s）\n", took.Round(time.Millisecond))
	case res.ErrorCount > 0:
		fmt.Fprintln(w, "未写入任何数据")
	case res.DryRun:
		fmt.Fprintf(w, "检查通过（--dry-run，未写入；%s）\n", took.Round(time.Millisecond))
	}
}

// importBar draws the import's progress on a terminal; a nil *importBar
// draws nothing.
type importBar struct {
	w     io.Writer
	last  time.Time
	drawn bool
}

func newImportBar(w io.Writer) *importBar {
	if w == nil {
		return nil
	}
	return &importBar{w: w}
}

var importStages = map[string]string{"read": "读取", "check": "校验", "write": "写入"}

func (b *importBar) update(stage string, done, total int) {
	if b == nil {
		return
	}
	now := time.Now()
	if now.Sub(b.last) < 150*time.Millisecond && done != total {
		return
	}
	b.last, b.drawn = now, true
	label := importStages[stage]
	if total <= 0 {
		fmt.Fprintf(b.w, "\r%s %d 行          ", label, done)
		return
	}
	const width = 30
	fill := done * width / total
	fmt.Fprintf(b.w, "\r%s [%s%s] %3d%% %d/%d   ", label, strings.Repeat("█", fill), strings.Repeat("░", width-fill), done*100/total, done, total)
}

func (b *importBar) finish() {
	if b != nil && b.drawn {
		fmt.Fprintln(b.w)
	}
}
