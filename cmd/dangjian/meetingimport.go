package main

import (
	"context"
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
	return runImportKind(ctx, args, env, stdout, stderr, importKind[app.MeetingImportResult]{
		name: "import meetings", prefix: "import meetings", synopsis: importMeetingsSynopsis,
		orgUsage: "organization (path of names from the top, or code) for rows that leave 组织 empty; rows must be under it",
		run:      (*app.App).ImportMeetings, print: printMeetingImport,
	})
}

// printMeetingImport writes the preview or outcome and every problem.
func printMeetingImport(w io.Writer, res *app.MeetingImportResult, took time.Duration) {
	printImportResult(w, &res.ImportResult, fmt.Sprintf("会议 %d 次，其中计入 %d 次，不足法定人数 %d 次，疑似与行政会议合并 %d 次",
		res.Added, res.Counted, res.BelowQuorum, res.SuspectedMerged), took)
}
