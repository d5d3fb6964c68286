package xlsx

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func rosterColumns() []Column {
	return []Column{
		{Header: "姓名", Required: true, Example: "张三"},
		{Header: "出生日期", Required: true, Type: Date, Example: "1990-03-07"},
		{Header: "公民身份号码", Required: true, Type: Text, Example: "110101199003071234"},
		{Header: "党员状态", Required: true, Allowed: []string{"正式", "预备"}, Example: "正式"},
		{Header: "党费基数", Note: "元", Example: "3500.50"},
		{Header: "备注", Width: 30},
	}
}

func TestTemplate(t *testing.T) {
	var buf bytes.Buffer
	cols := rosterColumns()
	err := Template(&buf, "党员信息", cols, [][2]string{{"组织", "所在党组织填完整路径或组织代码。"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"党员信息", InstructionsSheet}) {
		t.Errorf("sheets = %q", got)
	}
	rows, err := f.GetRows("党员信息")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"姓名", "出生日期", "公民身份号码", "党员状态", "党费基数（元）", "备注"}
	if !slices.Equal(rows[0], wantHeader) {
		t.Errorf("header = %q, want %q", rows[0], wantHeader)
	}
	if want := []string{"张三", "1990-03-07", "110101199003071234", "正式", "3500.50"}; len(rows) != 2 || !slices.Equal(rows[1], want) {
		t.Errorf("example row = %q, want %q", rows[1:], want)
	}
	// Required headers are red; the others are not.
	for col, red := range map[string]bool{"A1": true, "E1": false} {
		id, _ := f.GetCellStyle("党员信息", col)
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if isRed := st.Font != nil && st.Font.Color == "C00000"; isRed != red {
			t.Errorf("%s red = %v, want %v", col, isRed, red)
		}
	}
	// The ID number column is text, so Excel keeps all 18 digits.
	id, _ := f.GetCellStyle("党员信息", "C100")
	if st, _ := f.GetStyle(id); st == nil || st.NumFmt != 49 {
		t.Errorf("C100 style = %+v, want the text format", st)
	}
	dvs, err := f.GetDataValidations("党员信息")
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 1 || !strings.HasPrefix(dvs[0].Sqref, "D2:D") || dvs[0].Formula1 != `"正式,预备"` {
		t.Errorf("data validations = %+v, want one drop-down on D", dvs)
	}
	panes, _ := f.GetPanes("党员信息")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, want the header frozen", panes)
	}

	notes, err := f.GetRows(InstructionsSheet)
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprint(notes)
	for _, want := range []string{"[党员状态 是 正式、预备", "[备注 否", "第 2 行是示例", "所在党组织填完整路径或组织代码。", "日期，如 2024-05-01"} {
		if !strings.Contains(text, want) {
			t.Errorf("instructions %v do not say %q", notes, want)
		}
	}

	// The template uploads: its header matches the columns, and the
	// example row reads back as written.
	tb := mustOpen(t, buf.Bytes(), "template.xlsx")
	var want []string
	for _, c := range cols {
		want = append(want, c.Header)
	}
	if m := tb.Match(want); !m.OK() {
		t.Errorf("template header does not match its columns: %+v", m)
	}
	r := readAll(t, tb)[0]
	if y, m, d, err := tb.ParseDate(r.Get("出生日期")); err != nil || y != 1990 || m != 3 || d != 7 {
		t.Errorf("example date reads %d-%d-%d, %v", y, m, d, err)
	}
	if got := r.Get("公民身份号码"); got != "110101199003071234" {
		t.Errorf("example ID number reads %q", got)
	}
}

func TestTemplateLongList(t *testing.T) {
	var units []string
	for i := range 60 {
		units = append(units, fmt.Sprintf("县直机关第%d党支部", i))
	}
	cols := []Column{{Header: "姓名"}, {Header: "所在党组织", Allowed: units}, {Header: "说明", Allowed: []string{"a,b", "c"}}}
	var buf bytes.Buffer
	if err := Template(&buf, "数据", cols, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, err := f.GetDataValidations("数据")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"B": "'选项'!$B$1:$B$60", "C": "'选项'!$C$1:$C$2"}
	if len(dvs) != 2 {
		t.Fatalf("data validations = %+v", dvs)
	}
	for _, dv := range dvs {
		if f := want[dv.Sqref[:1]]; dv.Formula1 != f {
			t.Errorf("%s: list %q, want %q", dv.Sqref, dv.Formula1, f)
		}
	}
	if v, _ := f.GetSheetVisible(optionsSheet); v {
		t.Error("the options sheet is visible")
	}
	if v, _ := f.GetCellValue(optionsSheet, "B60"); v != units[59] {
		t.Errorf("options B60 = %q, want %q", v, units[59])
	}
	if err := Template(&buf, InstructionsSheet, cols, nil); err == nil {
		t.Error("a template sheet named 填写说明: no error")
	}
}

func TestErrorWorkbook(t *testing.T) {
	// An upload with a blank row 3 and a cell beyond the header.
	f := excelize.NewFile()
	defer f.Close()
	set := func(cell string, v any) {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range []string{"姓名", "出生日期（年月日）", "公民身份号码", "备注"} {
		set(ColumnLetter(i)+"1", h)
	}
	set("A2", "张三")
	set("B2", time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC))
	set("C2", "110101199003071234")
	set("A4", "李四")
	set("B4", "1990-02-30")
	set("C4", "123")
	set("A5", "王五")
	set("E5", "表头外")
	var upload bytes.Buffer
	if err := f.Write(&upload); err != nil {
		t.Fatal(err)
	}
	issues := []Issue{
		{Row: 4, Column: "出生日期", Message: "日期「1990-02-30」不存在"},
		{Row: 4, Column: "公民身份号码", Message: "应为 18 位"},
		{Row: 5, Message: "与第 2 行重复"},
		{Row: 0, Message: "缺少列「性别」"},
	}
	open := func() *Table { return mustOpen(t, upload.Bytes(), "upload.xlsx") }

	var out bytes.Buffer
	if err := ErrorWorkbook(&out, open(), rosterColumns(), issues); err != nil {
		t.Fatal(err)
	}
	// It reads back: same rows at the same numbers, the messages in 错误说明.
	tb := mustOpen(t, out.Bytes(), "errors.xlsx")
	wantHeader := []string{"姓名", "出生日期（年月日）", "公民身份号码", "备注", ErrorColumn}
	if !slices.Equal(tb.Header(), wantHeader) {
		t.Errorf("header = %q, want %q", tb.Header(), wantHeader)
	}
	// A corrected error workbook uploads as it is: 错误说明 is no
	// unknown column.
	if m := tb.Match([]string{"姓名", "出生日期", "公民身份号码", "备注"}); !m.OK() {
		t.Errorf("Match = %+v, want OK", m)
	}
	rows := readAll(t, tb)
	want := []struct {
		num   int
		cells []string
	}{
		{2, []string{"张三", "32939", "110101199003071234"}},
		{4, []string{"李四", "1990-02-30", "123", "", "出生日期：日期「1990-02-30」不存在；公民身份号码：应为 18 位"}},
		{5, []string{"王五", "", "", "", "与第 2 行重复"}},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %v", rows)
	}
	for i, w := range want {
		if rows[i].Num != w.num || !slices.Equal(rows[i].Cells, w.cells) {
			t.Errorf("row %d = %d %q, want %d %q", i, rows[i].Num, rows[i].Cells, w.num, w.cells)
		}
	}

	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	sheet := g.GetSheetList()[0]
	// Dates still show as dates; the cells at fault are filled red.
	if v, _ := g.GetCellValue(sheet, "B2"); v != "1990-03-07" {
		t.Errorf("B2 shows %q, want 1990-03-07", v)
	}
	for cell, bad := range map[string]bool{"B4": true, "C4": true, "A4": false, "B2": false} {
		id, _ := g.GetCellStyle(sheet, cell)
		st, _ := g.GetStyle(id)
		if isBad := st != nil && len(st.Fill.Color) > 0 && st.Fill.Color[0] == "FFC7CE"; isBad != bad {
			t.Errorf("%s marked %v, want %v", cell, isBad, bad)
		}
	}
	list, err := g.GetRows(IssuesSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 5 || !slices.Equal(list[1], []string{"", "", "缺少列「性别」"}) || !slices.Equal(list[2], []string{"4", "出生日期", "日期「1990-02-30」不存在"}) {
		t.Errorf("issue list = %q", list)
	}

	used := open()
	used.Next()
	if err := ErrorWorkbook(&out, used, nil, issues); err == nil {
		t.Error("ErrorWorkbook of a table already read: no error")
	}
}
