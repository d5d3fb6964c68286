package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
)

// meetingFileCSV writes past meetings of the county's branch, by counts;
// the row of index bad has a present count over the due one.
func meetingFileCSV(t *testing.T, n, bad int, org string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	hdr := []string{"组织", "会议类型", "时间", "地点", "主持人", "记录人", "主题", "内容", "决议", "参会人员", "应到人数", "实到人数", "请假人数"}
	w.Write(hdr)
	for i := range n {
		present := "3"
		if i == bad {
			present = "9"
		}
		w.Write([]string{org, "主题党日", "2026-0" + string(rune('1'+i)) + "-10 09:00", "会议室", "", "李四", "学习", "", "", "", "5", present, "1"})
	}
	w.Flush()
	p := filepath.Join(t.TempDir(), "会议.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportMeetingsCommand(t *testing.T) {
	dsn, key := importCounty(t)
	run := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := Run(context.Background(), append([]string{"import", "meetings"}, append(args, "--db", dsn, "--key-file", key)...), strings.NewReader(""), &out, &errb)
		return out.String(), err
	}
	meetings := func() int {
		t.Helper()
		kf, _ := secret.ReadFile(key)
		ring, _ := secret.New(kf)
		db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Keys: ring})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		a, _ := app.New(db, app.DefaultConfig(), nil)
		_, total, err := a.Meetings(context.Background(), app.System(), app.MeetingQuery{}, app.Page{PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	bad := meetingFileCSV(t, 3, 1, "CZ01")
	out, err := run(bad)
	if err == nil || !strings.Contains(out, "第 3 行「实到人数」") || !strings.Contains(out, "未写入任何数据") {
		t.Errorf("bad file: %v\n%s", err, out)
	}
	good := meetingFileCSV(t, 3, -1, "")
	out, err = run(good, "--org", "CZ01", "--dry-run")
	if err != nil || !strings.Contains(out, "会议 3 次，其中计入 3 次") || !strings.Contains(out, "检查通过") || meetings() != 0 {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, err = run(good, "--org", "CZ01")
	if err != nil || !strings.Contains(out, "已导入") || meetings() != 3 {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if _, err := run(good, "--org", "CZ01"); err == nil {
		t.Errorf("the same file twice was accepted")
	}
}
