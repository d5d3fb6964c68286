package xlsx

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// ColumnType decides how a template or an error workbook formats a column.
type ColumnType int

const (
	// General leaves the cell to the spreadsheet.
	General ColumnType = iota
	// Text keeps what is typed as typed: ID numbers, phone numbers,
	// codes. Excel would turn an 18-digit ID number into 1.1E+17 and
	// lose its last three digits.
	Text
	// Date shows a date as yyyy-mm-dd.
	Date
)

// Column describes one column of an import template.
type Column struct {
	Header   string   // the header text, matched on import by NormalizeHeader
	Note     string   // shown in brackets after the header: 党费基数（元）
	Required bool     // the header is shown in red and the instructions say 必填
	Allowed  []string // the values a drop-down offers and the instructions list
	Example  string   // the value in the example row
	Width    float64  // in characters; 0 fits the header
	Type     ColumnType
}

// Title is the header text as the template writes it, with its note.
func (c Column) Title() string {
	if c.Note == "" {
		return c.Header
	}
	return c.Header + "（" + c.Note + "）"
}

func (c Column) width() float64 {
	if c.Width > 0 {
		return c.Width
	}
	w := fitWidth(c.Title())
	if c.Type == Date {
		w = max(w, 12)
	}
	if c.Type == Text {
		w = max(w, 20)
	}
	return w
}

// Sheet names of the template and error workbooks, and the column an error
// workbook adds. An importer ignores a column headed ErrorColumn, so a
// corrected error workbook uploads as it is.
const (
	InstructionsSheet = "填写说明"
	IssuesSheet       = "错误汇总"
	ErrorColumn       = "错误说明"
	optionsSheet      = "选项"
)

// maxListFormula is the longest drop-down list Excel takes inline; longer
// lists go to a hidden sheet.
const maxListFormula = 255

// Template writes an import template: sheet with the header row (required
// headers in red, notes in brackets), one example row in grey, drop-downs
// for columns with Allowed values and text or date formats by Type; and a
// second sheet, 填写说明, listing each column, whether it is required, its
// allowed values, then the free-text instructions (title, text).
func Template(w io.Writer, sheet string, cols []Column, instructions [][2]string) error {
	if sheet == InstructionsSheet || sheet == optionsSheet {
		return fmt.Errorf("xlsx: template sheet may not be named %q", sheet)
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := writeTemplate(f, sheet, cols, instructions); err != nil {
		return fmt.Errorf("xlsx: template: %w", err)
	}
	return writeZip(f, w)
}

type templateStyles struct {
	header, required, text, date, note, wrap int
	example                                  [3]int // by ColumnType
}

func newTemplateStyles(f *excelize.File) (templateStyles, error) {
	var s templateStyles
	grey := &excelize.Font{Color: "808080", Italic: true}
	defs := []struct {
		id    *int
		style *excelize.Style
	}{
		{&s.header, headerStyle()},
		{&s.required, func() *excelize.Style {
			st := headerStyle()
			st.Font.Color = "C00000"
			return st
		}()},
		{&s.text, &excelize.Style{NumFmt: 49}},
		{&s.date, &excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")}},
		{&s.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.note, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.example[General], &excelize.Style{Font: grey}},
		{&s.example[Text], &excelize.Style{Font: grey, NumFmt: 49}},
		{&s.example[Date], &excelize.Style{Font: grey, CustomNumFmt: ptr("yyyy-mm-dd")}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.style)
		if err != nil {
			return s, fmt.Errorf("style: %w", err)
		}
		*d.id = id
	}
	return s, nil
}

func writeTemplate(f *excelize.File, sheet string, cols []Column, instructions [][2]string) error {
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("sheet name %q: %w", sheet, err)
	}
	st, err := newTemplateStyles(f)
	if err != nil {
		return err
	}
	hasExample := false
	for i, c := range cols {
		col := ColumnLetter(i)
		if err := f.SetColWidth(sheet, col, col, c.width()); err != nil {
			return err
		}
		switch c.Type {
		case Text:
			err = f.SetColStyle(sheet, col, st.text)
		case Date:
			err = f.SetColStyle(sheet, col, st.date)
		}
		if err != nil {
			return err
		}
		hs := st.header
		if c.Required {
			hs = st.required
		}
		if err := setCell(f, sheet, i, 1, c.Title(), hs); err != nil {
			return err
		}
		if c.Example != "" {
			hasExample = true
			if err := setCell(f, sheet, i, 2, exampleValue(c), st.example[c.Type]); err != nil {
				return err
			}
		}
		if len(c.Allowed) > 0 {
			if err := addDropList(f, sheet, i, c.Allowed); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return writeInstructions(f, st, cols, instructions, hasExample)
}

// exampleValue writes a date example as a date, so it shows as the column
// will.
func exampleValue(c Column) any {
	if c.Type == Date {
		if y, m, d, err := ParseDate(c.Example); err == nil {
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		}
	}
	return c.Example
}

func setCell(f *excelize.File, sheet string, col, row int, v any, style int) error {
	ref := ColumnLetter(col) + strconv.Itoa(row)
	if err := f.SetCellValue(sheet, ref, v); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, ref, ref, style)
}

// addDropList offers allowed in column col below the header. Lists too long
// for Excel's inline formula, or holding its separator, go to a hidden sheet.
func addDropList(f *excelize.File, sheet string, col int, allowed []string) error {
	letter := ColumnLetter(col)
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", letter, letter, maxSheetRows))
	joined := strings.Join(allowed, ",")
	if len([]rune(joined)) <= maxListFormula && !slices.ContainsFunc(allowed, func(s string) bool { return strings.ContainsAny(s, `,"`) }) {
		if err := dv.SetDropList(allowed); err != nil {
			return err
		}
	} else {
		if idx, _ := f.GetSheetIndex(optionsSheet); idx < 0 {
			if _, err := f.NewSheet(optionsSheet); err != nil {
				return err
			}
			if err := f.SetSheetVisible(optionsSheet, false); err != nil {
				return err
			}
		}
		for j, a := range allowed {
			if err := f.SetCellStr(optionsSheet, letter+strconv.Itoa(j+1), a); err != nil {
				return err
			}
		}
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$1:$%s$%d", optionsSheet, letter, letter, len(allowed)))
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", "请从下拉列表中选择")
	return f.AddDataValidation(sheet, dv)
}

func typeHint(t ColumnType) string {
	switch t {
	case Text:
		return "按文本填写"
	case Date:
		return "日期，如 2024-05-01，也可写 2024/5/1 或 2024年5月1日"
	}
	return ""
}

func writeInstructions(f *excelize.File, st templateStyles, cols []Column, instructions [][2]string, hasExample bool) error {
	const sh = InstructionsSheet
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 22, "B": 8, "C": 36, "D": 60} {
		if err := f.SetColWidth(sh, col, col, width); err != nil {
			return err
		}
	}
	for i, h := range []string{"列名", "是否必填", "可选值", "说明"} {
		if err := setCell(f, sh, i, 1, h, st.header); err != nil {
			return err
		}
	}
	row := 2
	for _, c := range cols {
		required := "否"
		if c.Required {
			required = "是"
		}
		var notes []string
		if h := typeHint(c.Type); h != "" {
			notes = append(notes, h)
		}
		if c.Note != "" {
			notes = append(notes, "单位或要求："+c.Note)
		}
		if c.Example != "" {
			notes = append(notes, "示例："+c.Example)
		}
		for i, v := range []string{c.Title(), required, strings.Join(c.Allowed, "、"), strings.Join(notes, "；")} {
			if err := setCell(f, sh, i, row, v, st.wrap); err != nil {
				return err
			}
		}
		row++
	}
	if hasExample {
		instructions = append([][2]string{{"示例行", "第 2 行是示例，导入前请删除或改为真实数据。"}}, instructions...)
	}
	row++
	for _, in := range instructions {
		if err := setCell(f, sh, 0, row, in[0], st.note); err != nil {
			return err
		}
		if err := setCell(f, sh, 1, row, in[1], st.wrap); err != nil {
			return err
		}
		if err := f.MergeCell(sh, "B"+strconv.Itoa(row), "D"+strconv.Itoa(row)); err != nil {
			return err
		}
		row++
	}
	f.SetActiveSheet(0)
	return nil
}

// Issue is one problem found in an upload, located as the user sees it.
type Issue struct {
	Row     int    // spreadsheet row number; 0 for the file as a whole
	Column  string // header text; "" for the row as a whole
	Message string // Chinese
}

// ErrorWorkbook writes the rows of t back to w as an .xlsx the user can
// correct and upload again: every row at the row number it had, an added
// column 错误说明 with the row's messages, the cells at fault in red, and a
// second sheet, 错误汇总, listing all issues (those of the file as a whole
// too). cols, which may be nil, give widths and the Date and Text columns,
// so dates still show as dates. t must be freshly opened: ErrorWorkbook
// reads its rows, so a 100,000-row upload need not be held in memory.
func ErrorWorkbook(w io.Writer, t *Table, cols []Column, issues []Issue) error {
	if t.pending == nil || t.cur.Num != 0 {
		return errors.New("xlsx: ErrorWorkbook needs a table no row has been read from")
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := writeErrors(f, t, cols, issues); err != nil {
		return fmt.Errorf("xlsx: error workbook: %w", err)
	}
	return writeZip(f, w)
}

func writeErrors(f *excelize.File, t *Table, cols []Column, issues []Issue) error {
	const sheet = "导入数据"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header := t.Header()
	types := make([]ColumnType, len(header))
	widths := make([]float64, len(header))
	for i, h := range header {
		widths[i] = fitWidth(h)
		k := NormalizeHeader(h)
		for _, c := range cols {
			if NormalizeHeader(c.Header) == k {
				types[i], widths[i] = c.Type, c.width()
			}
		}
	}
	byRow := make(map[int][]Issue)
	for _, is := range issues {
		byRow[is.Row] = append(byRow[is.Row], is)
	}

	var st struct{ header, bad, badDate, msg, date int }
	red := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}
	for _, d := range []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.header, headerStyle()},
		{&st.bad, &excelize.Style{Fill: red}},
		{&st.badDate, &excelize.Style{Fill: red, CustomNumFmt: ptr("yyyy-mm-dd")}},
		{&st.msg, &excelize.Style{Font: &excelize.Font{Color: "C00000"}}},
		{&st.date, &excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")}},
	} {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return err
		}
		*d.id = id
	}

	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetColWidth(len(header)+1, len(header)+1, 60); err != nil {
		return err
	}
	hr := t.HeaderRow()
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: hr, TopLeftCell: "A" + strconv.Itoa(hr+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	vals := make([]any, 0, len(header)+1)
	for _, h := range header {
		vals = append(vals, excelize.Cell{StyleID: st.header, Value: h})
	}
	vals = append(vals, excelize.Cell{StyleID: st.header, Value: ErrorColumn})
	if err := sw.SetRow("A"+strconv.Itoa(hr), vals); err != nil {
		return err
	}
	for t.Next() {
		r := t.Row()
		bad := make(map[int]bool)
		var msgs []string
		for _, is := range byRow[r.Num] {
			if i, ok := t.Column(is.Column); ok && is.Column != "" {
				bad[i] = true
			}
			msgs = append(msgs, issueText(is))
		}
		// Cells beyond the header have no name an import could use.
		vals = vals[:0]
		for i := range header {
			v := ""
			if i < len(r.Cells) {
				v = r.Cells[i]
			}
			c := excelize.Cell{Value: v}
			if types[i] == Date && isSerial(v) {
				if serial, err := strconv.ParseFloat(v, 64); err == nil {
					if t.date1904 {
						serial += serial1904Shift
					}
					c = excelize.Cell{Value: serial, StyleID: st.date}
				}
			}
			if bad[i] {
				if c.StyleID == st.date {
					c.StyleID = st.badDate
				} else {
					c.StyleID = st.bad
				}
			}
			vals = append(vals, c)
		}
		if len(msgs) > 0 {
			vals = append(vals, excelize.Cell{StyleID: st.msg, Value: strings.Join(msgs, "；")})
		}
		if err := sw.SetRow("A"+strconv.Itoa(r.Num), vals); err != nil {
			return err
		}
	}
	if err := t.Err(); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeIssueList(f, issues, st.header)
}

func issueText(is Issue) string {
	if is.Column == "" {
		return is.Message
	}
	return is.Column + "：" + is.Message
}

func writeIssueList(f *excelize.File, issues []Issue, headerStyle int) error {
	if _, err := f.NewSheet(IssuesSheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(IssuesSheet)
	if err != nil {
		return err
	}
	for i, wd := range []float64{8, 20, 80} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	hdr := []any{
		excelize.Cell{StyleID: headerStyle, Value: "行号"},
		excelize.Cell{StyleID: headerStyle, Value: "列"},
		excelize.Cell{StyleID: headerStyle, Value: ErrorColumn},
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		return err
	}
	sorted := slices.Clone(issues)
	slices.SortStableFunc(sorted, func(a, b Issue) int { return a.Row - b.Row })
	for i, is := range sorted {
		var row any
		if is.Row > 0 {
			row = is.Row
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), []any{row, is.Column, is.Message}); err != nil {
			return err
		}
	}
	return sw.Flush()
}
