package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/dangjian/dangjian/app"
)

const importMeetingsSynopsis = "import meetings FILE [--org PATH] [--dry-run] [--db PATH|URL] [--key-file F]"

// runImportMeetings imports past meetings as the operator: the checks,
// preview and errors of the web page and the API; written only when there
// is no error and not --dry-run.
func runImportMeetings(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("import meetings", importMeetingsSynopsis, stderr)
	dsn := fs.String("db", envOr(env, "DANGJIAN_DB", defaultDB), "SQLite file or postgres:// URL (env DANGJIAN_DB)")
	org := fs.String("org", "", "organization (path of names from the top, or code) for rows that leave 组织 empty; rows must be under it")
	dry := fs.Bool("dry-run", false, "check and preview only; write nothing")
	kf := addKeyFlags(fs, env)
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return errors.New("import meetings: give exactly one FILE (.xlsx or .csv)")
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
	res, err := a.ImportMeetings(ctx, app.System(), f, app.ImportOptions{DryRun: *dry, Org: *org, Progress: bar.update})
	bar.finish()
	if res == nil {
		return fmt.Errorf("import meetings: %s", errText(err))
	}
	printMeetingImport(stdout, res, time.Since(start))
	if err != nil {
		return fmt.Errorf("import meetings: %s", errText(err))
	}
	return nil
}

// printMeetingImport writes the preview or outcome and every problem.
func printMeetingImport(w io.Writer, res *app.MeetingImportResult, took time.Duration) {
	fmt.Fprintf(w, "文件 %s：%d 行数据\n", res.File, res.Rows)
	fmt.Fprintf(w, "会议 %d 次，其中计入 %d 次，不足法定人数 %d 次，疑似与行政会议合并 %d 次\n", res.Added, res.Counted, res.BelowQuorum, res.SuspectedMerged)
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
