package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
	"github.com/dangjian/dangjian/xlsx"
)

// importCounty makes a database with 机关工委/县财政局党组/县财政局机关党支部
// (code CZ01) and returns its address and key file.
func importCounty(t *testing.T) (dsn, key string) {
	t.Helper()
	ctx := context.Background()
	dsn, key = sqltest.DSN(t), keyFile(t)
	kf, err := secret.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	ring, err := secret.New(kf)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Keys: ring})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(db, app.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Bootstrap(ctx, "Admin-pw-2026!"); err != nil {
		t.Fatal(err)
	}
	sys := app.System()
	roots, err := a.OrgRoots(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	g, err := a.CreateOrg(ctx, sys, app.OrgInput{ParentID: &roots[0].ID, Name: "县财政局党组", Kind: dangjian.KindLeadingGroup})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateOrg(ctx, sys, app.OrgInput{ParentID: &g.ID, Name: "县财政局机关党支部", Kind: dangjian.KindBranch, Code: "CZ01"}); err != nil {
		t.Fatal(err)
	}
	return dsn, key
}

// rosterFile writes a CSV roster of n valid people (the org cell empty
// when org is ""), the row of index bad with a wrong date.
func rosterFile(t *testing.T, n, bad int, org string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(app.MemberHeaders())
	for i := 0; i < n; i++ {
		birth := "1980-03-" + string(rune('1'+i/9%2)) + string(rune('1'+i%9))
		first := "110101" + strings.ReplaceAll(birth, "-", "") + "00" + string(rune('1'+2*(i%4)))
		c, _ := dangjian.IDCheckDigit(first)
		row := map[string]string{"姓名": "党员" + string(rune('甲'+i)), "性别": "男", "出生日期": birth, "公民身份号码": first + string(c),
			"入党日期": "2005-07-01", "党员状态": "正式", "所在党组织": org}
		if i == bad {
			row["入党日期"] = "2005-13-01"
		}
		rec := make([]string, 0, 17)
		for _, h := range app.MemberHeaders() {
			rec = append(rec, row[xlsx.NormalizeHeader(h)])
		}
		w.Write(rec)
	}
	w.Flush()
	p := filepath.Join(t.TempDir(), "名册.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportCommand(t *testing.T) {
	dsn, key := importCounty(t)
	run := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := Run(context.Background(), append([]string{"import", "members"}, append(args, "--db", dsn, "--key-file", key)...), strings.NewReader(""), &out, &errb)
		if errb.Len() > 0 && strings.Contains(errb.String(), "█") {
			t.Errorf("a progress bar on a non-terminal: %q", errb.String())
		}
		return out.String(), err
	}
	members := func() int {
		t.Helper()
		var out bytes.Buffer
		kf, _ := secret.ReadFile(key)
		ring, _ := secret.New(kf)
		db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Keys: ring})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		a, _ := app.New(db, app.DefaultConfig(), nil)
		// A name prefix makes the store count rows rather than read the
		// root's counter, which the system actor's scope "/" has none of.
		_, total, err := a.Members(context.Background(), app.System(), dangjian.MemberFilter{Query: "党员"}, app.Page{PerPage: 1})
		if err != nil {
			t.Fatal(err, out.String())
		}
		return total
	}

	bad := rosterFile(t, 5, 3, "机关工委/县财政局党组/县财政局机关党支部")
	out, err := run(bad, "--dry-run")
	if err == nil || !strings.Contains(err.Error(), "第 5 行「入党日期」") {
		t.Errorf("bad file: err = %v", err)
	}
	if !strings.Contains(out, "错误 1 处：\n  第 5 行「入党日期」：日期「2005-13-01」不存在") || !strings.Contains(out, "未写入任何数据") || !strings.Contains(out, "新增 4 人") {
		t.Errorf("bad file output:\n%s", out)
	}

	good := rosterFile(t, 5, -1, "")
	out, err = run(good, "--org", "CZ01", "--dry-run")
	if err != nil || !strings.Contains(out, "新增 5 人，更新 0 人，无变化 0 人") || !strings.Contains(out, "检查通过（--dry-run，未写入") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if n := members(); n != 0 {
		t.Fatalf("the dry run wrote %d members", n)
	}
	if out, err := run(good); err == nil || !strings.Contains(out, "第 2 行「所在党组织」：请填写所在党组织") {
		t.Errorf("without --org, the empty org cells: %v\n%s", err, out)
	}
	out, err = run("--org", "机关工委/县财政局党组/县财政局机关党支部", good) // flags before the file too
	if err != nil || !strings.Contains(out, "新增 5 人") || !strings.Contains(out, "已导入") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if n := members(); n != 5 {
		t.Errorf("members after the import = %d", n)
	}
	out, err = run(good, "--org", "CZ01")
	if err != nil || !strings.Contains(out, "新增 0 人，更新 0 人，无变化 5 人") {
		t.Errorf("again: %v\n%s", err, out)
	}
	if _, err := run(good, "--org", "无此组织"); err == nil || !strings.Contains(err.Error(), "找不到党组织「无此组织」") {
		t.Errorf("unknown --org: %v", err)
	}
	if _, err := run(filepath.Join(t.TempDir(), "none.csv")); err == nil {
		t.Error("a missing file imported")
	}
	if _, err := run(); err == nil || !strings.Contains(err.Error(), "exactly one FILE") {
		t.Errorf("no file: %v", err)
	}
}
