package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// The member template's headers (API.md, "Roster in and out"); imports
// read them in any order and exports write them in this one.
const (
	hName      = "姓名"
	hGender    = "性别"
	hEthnicity = "民族"
	hBirth     = "出生日期"
	hID        = "公民身份号码"
	hEducation = "学历"
	hJoined    = "入党日期"
	hConfirmed = "转正日期"
	hStatus    = "党员状态"
	hOrg       = "所在党组织"
	hGroup     = "党小组"
	hPosition  = "工作岗位"
	hCadre     = "是否党员领导干部"
	hAffairs   = "党务干部"
	hPhone     = "联系电话"
	hDuesCat   = "党费类别"
	hDuesBase  = "党费基数"
)

// exampleID is the ID number of the template's example row. Its check
// digit is wrong (it would be 6), so the example can never be imported
// as a person, and the import names it as the example.
const exampleID = "110101198505011235"

// maxIssues bounds the problems an import lists; ErrorCount counts all.
const maxIssues = 10_000

// memberColumns are the template's columns, in order.
func memberColumns() []xlsx.Column {
	return []xlsx.Column{
		{Header: hName, Required: true, Example: "张三"},
		{Header: hGender, Required: true, Allowed: []string{"男", "女"}, Example: "男"},
		{Header: hEthnicity, Example: "汉族"},
		{Header: hBirth, Required: true, Type: xlsx.Date, Example: "1985-05-01"},
		{Header: hID, Required: true, Type: xlsx.Text, Example: exampleID},
		{Header: hEducation, Example: "大学本科"},
		{Header: hJoined, Required: true, Type: xlsx.Date, Example: "2010-07-01"},
		{Header: hConfirmed, Type: xlsx.Date, Example: "2011-07-01"},
		{Header: hStatus, Required: true, Allowed: []string{"正式", "预备"}, Example: "正式"},
		{Header: hOrg, Required: true, Example: "县直机关工委/县财政局党组/县财政局机关党支部", Width: 44},
		{Header: hGroup, Example: "第一党小组"},
		{Header: hPosition, Example: "科员"},
		{Header: hCadre, Allowed: []string{"是", "否"}, Example: "否"},
		{Header: hAffairs, Allowed: []string{"专职", "兼职", "否"}, Example: "否"},
		{Header: hPhone, Type: xlsx.Text, Example: "13800000000"},
		{Header: hDuesCat, Allowed: []string{"在职", "离退休", "学生或无固定收入", "农民"}, Example: "在职"},
		{Header: hDuesBase, Note: "元", Example: "5000"},
	}
}

// MemberHeaders are the header texts of the member template, in order,
// as the template and exports write them.
func MemberHeaders() []string {
	cols := memberColumns()
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Title()
	}
	return out
}

// fieldColumn maps Member.Validate's fields to the template's headers.
var fieldColumn = map[string]string{
	"name": hName, "gender": hGender, "ethnicity": hEthnicity, "birth_date": hBirth, "id_number": hID,
	"education": hEducation, "org_id": hOrg, "group_id": hGroup, "status": hStatus, "joined_on": hJoined,
	"confirmed_on": hConfirmed, "leading_cadre": hCadre, "party_affairs": hAffairs, "position": hPosition,
	"phone": hPhone, "dues_category": hDuesCat, "dues_base": hDuesBase,
}

// UploadLimits are the limits of an uploaded spreadsheet, for the pages
// and documents that state them.
type UploadLimits struct {
	MaxBytes    int64
	MaxRows     int
	MaxUnzipped int64
}

// ImportLimits returns the limits every import enforces.
func ImportLimits() UploadLimits {
	l := xlsx.DefaultLimits()
	return UploadLimits{MaxBytes: l.MaxBytes, MaxRows: l.MaxRows, MaxUnzipped: l.MaxUnzipped}
}

// ImportFile is an uploaded spreadsheet. An edge that stopped reading at
// the size limit passes what it read: Data longer than the limit is
// refused as too big.
type ImportFile struct {
	Name string
	Data []byte
}

// ImportIssue is one problem of an import, located as a spreadsheet shows
// it: Row is the row number (the header is row 1; 0 for the file as a
// whole) and Column the header text ("" for the whole row).
type ImportIssue struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportResult is the preview, or the outcome, of an import.
type ImportResult struct {
	File       string        `json:"file"`
	Format     string        `json:"format"`
	Rows       int           `json:"rows"`
	Added      int           `json:"added"`
	Updated    int           `json:"updated"`
	Unchanged  int           `json:"unchanged"`
	Errors     []ImportIssue `json:"errors"`
	ErrorCount int           `json:"error_count"` // may exceed len(Errors), which stops at 10,000
	DryRun     bool          `json:"dry_run"`
	Written    bool          `json:"written"`
}

func (r *ImportResult) issue(row int, column, msg string) {
	r.ErrorCount++
	if len(r.Errors) < maxIssues {
		r.Errors = append(r.Errors, ImportIssue{Row: row, Column: column, Message: msg})
	}
}

// failure is the error of an import that found problems: nothing was
// written. One problem is its own message; more are counted.
func (r *ImportResult) failure() error {
	msg := fmt.Sprintf("导入文件有 %d 处错误，未写入任何数据；请改正后重新上传", r.ErrorCount)
	if r.ErrorCount == 1 && len(r.Errors) == 1 {
		is := r.Errors[0]
		msg = is.Message
		if is.Row > 0 {
			loc := fmt.Sprintf("第 %d 行", is.Row)
			if is.Column != "" {
				loc += "「" + is.Column + "」"
			}
			msg = loc + "：" + msg
		}
	}
	return &dangjian.Error{Code: dangjian.EINVALID, Message: msg}
}

// ImportOptions tune an import.
type ImportOptions struct {
	DryRun bool
	// Org is a 所在党组织 (path or code) for rows that leave it empty;
	// it also bounds the import: rows must go to branches under it.
	Org string
	// Progress, when set, hears how far the import is: stage is "read",
	// "check" or "write"; total is 0 while unknown.
	Progress func(stage string, done, total int)
}

func (o ImportOptions) progress(stage string, done, total int) {
	if o.Progress != nil {
		o.Progress(stage, done, total)
	}
}

// importRow is one data row: the values of the columns the file has,
// and the problems found so far by column.
type importRow struct {
	num      int
	m        dangjian.Member
	org      string // the 所在党组织 cell
	group    string // the 党小组 cell
	bad      map[string]bool
	issues   []ImportIssue
	existing *dangjian.Member
	kind     byte // 'a' add, 'u' update, '=' unchanged
	dup      bool // a later row repeats this row's ID number
	example  bool // the template's example row: nothing else is said of it
}

func (r *importRow) fail(column, msg string) {
	if r.bad == nil {
		r.bad = map[string]bool{}
	}
	r.bad[column] = true
	r.issues = append(r.issues, ImportIssue{Row: r.num, Column: column, Message: msg})
}

// parsedFile is an upload read into rows, before the database is asked.
type parsedFile struct {
	name, format string
	has          map[string]bool
	label        map[string]string // template header → the file's header text
	rows         []*importRow
}

// column is how the file itself heads a template column.
func (p *parsedFile) column(h string) string {
	if l, ok := p.label[h]; ok {
		return l
	}
	return h
}

// openUpload opens f with the import limits; a refusal becomes the
// result's only issue.
func openUpload(f ImportFile) (*xlsx.Table, *ImportResult, error) {
	res := &ImportResult{File: f.Name, Errors: []ImportIssue{}}
	t, err := xlsx.Open(bytes.NewReader(f.Data), int64(len(f.Data)), f.Name, xlsx.DefaultLimits())
	var xe *xlsx.Error
	if errors.As(err, &xe) {
		res.issue(xe.Row, xe.Column, xe.Message)
		return nil, res, nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("open upload: %w", err)
	}
	res.Format = t.Format()
	return t, res, nil
}

// checkHeader matches the file's header against the template. Columns
// the template does not know are refused: most are a misspelt header
// whose data would otherwise be dropped without a word.
func checkHeader(t *xlsx.Table, res *ImportResult, defaultOrg bool) map[string]int {
	cols := memberColumns()
	want := make([]string, len(cols))
	for i, c := range cols {
		want[i] = c.Header
	}
	m := t.Match(want)
	row := t.HeaderRow()
	for _, c := range cols {
		if _, ok := m.Index[c.Header]; !ok && c.Required && !(c.Header == hOrg && defaultOrg) {
			res.issue(row, c.Header, fmt.Sprintf("缺少「%s」列：请使用导入模板的表头", c.Header))
		}
	}
	for _, h := range m.Unknown {
		res.issue(row, h, fmt.Sprintf("无法识别的列「%s」：表头应为 %s", h, strings.Join(want, "、")))
	}
	return m.Index
}

// parseUpload reads every row of f into values; problems of the file as
// a whole or of its header end the reading.
func parseUpload(f ImportFile, opt ImportOptions) (*parsedFile, *ImportResult, error) {
	t, res, err := openUpload(f)
	if err != nil || t == nil {
		return nil, res, err
	}
	defer t.Close()
	idx := checkHeader(t, res, strings.TrimSpace(opt.Org) != "")
	if res.ErrorCount > 0 {
		return nil, res, nil
	}
	p := &parsedFile{name: f.Name, format: t.Format(), has: map[string]bool{}, label: map[string]string{}}
	fileHeader := t.Header()
	for h, i := range idx {
		p.has[h] = true
		p.label[h] = fileHeader[i]
	}
	for t.Next() {
		p.rows = append(p.rows, parseRow(t, idx, t.Row()))
		if n := len(p.rows); n%5000 == 0 {
			opt.progress("read", n, 0)
		}
	}
	if err := t.Err(); err != nil {
		var xe *xlsx.Error
		if errors.As(err, &xe) {
			res.issue(xe.Row, xe.Column, xe.Message)
			return nil, res, nil
		}
		return nil, nil, fmt.Errorf("read upload: %w", err)
	}
	opt.progress("read", len(p.rows), len(p.rows))
	return p, res, nil
}

// Names and identifiers of the enumerated columns.
var (
	genderIn  = map[string]string{"男": "male", "女": "female", "male": "male", "female": "female", "m": "male", "f": "female"}
	genderOut = map[string]string{"male": "男", "female": "女"}
	statusIn  = map[string]string{"正式": dangjian.StatusFull, "正式党员": dangjian.StatusFull, "预备": dangjian.StatusProbationary,
		"预备党员": dangjian.StatusProbationary, "full": dangjian.StatusFull, "probationary": dangjian.StatusProbationary}
	statusOut  = map[string]string{dangjian.StatusFull: "正式", dangjian.StatusProbationary: "预备"}
	affairsIn  = map[string]string{"专职": dangjian.PartyAffairsFullTime, "兼职": dangjian.PartyAffairsPartTime, "否": dangjian.PartyAffairsNone, "无": dangjian.PartyAffairsNone, "full_time": dangjian.PartyAffairsFullTime, "part_time": dangjian.PartyAffairsPartTime, "none": dangjian.PartyAffairsNone}
	affairsOut = map[string]string{dangjian.PartyAffairsFullTime: "专职", dangjian.PartyAffairsPartTime: "兼职", dangjian.PartyAffairsNone: "否"}
	duesIn     = func() map[string]string {
		in := map[string]string{}
		for k, v := range dangjian.DuesCategoryNames {
			in[v], in[k] = k, k
		}
		return in
	}()
)

// parseRow reads the cells of one row; bad values are noted by column.
func parseRow(t *xlsx.Table, idx map[string]int, r xlsx.Row) *importRow {
	ir := &importRow{num: r.Num}
	cell := func(h string) string {
		i, ok := idx[h]
		if !ok || i >= len(r.Cells) {
			return ""
		}
		return r.Cells[i]
	}
	date := func(h string) dangjian.Date {
		s := cell(h)
		if s == "" {
			return dangjian.Date{}
		}
		y, mo, d, err := t.ParseDate(s)
		if err != nil {
			ir.fail(h, err.Error())
			return dangjian.Date{}
		}
		return dangjian.NewDate(y, mo, d)
	}
	enum := func(h string, names map[string]string, def, msg string) string {
		s := cell(h)
		if s == "" {
			return def
		}
		if v, ok := names[strings.ToLower(s)]; ok {
			return v
		}
		ir.fail(h, fmt.Sprintf("「%s」无效：%s", s, msg))
		return ""
	}
	m := &ir.m
	m.Name = cell(hName)
	m.Gender = enum(hGender, genderIn, "", "性别须填“男”或“女”")
	m.Ethnicity = cell(hEthnicity)
	m.BirthDate = date(hBirth)
	m.IDNumber = dangjian.NormalizeIDNumber(cell(hID))
	switch id := m.IDNumber; {
	case id == exampleID:
		ir.fail(hID, "这是模板中的示例行，请删除后再导入")
		ir.example = true
	case strings.Contains(id, "*"):
		ir.fail(hID, "公民身份号码已脱敏（含 *），请填写完整号码；可导出含完整号码的名册后再导入")
	case strings.Contains(id, "E+"):
		ir.fail(hID, fmt.Sprintf("公民身份号码被 Excel 存成了数字（%s），后几位已丢失：请把该列设为文本格式后重新填写", id))
	}
	m.Education = cell(hEducation)
	m.JoinedOn = date(hJoined)
	m.ConfirmedOn = date(hConfirmed)
	m.Status = enum(hStatus, statusIn, "", "党员状态须填“正式”或“预备”")
	ir.org = cell(hOrg)
	ir.group = cell(hGroup)
	m.Position = cell(hPosition)
	if s := cell(hCadre); s != "" {
		b, err := xlsx.ParseBool(s)
		if err != nil {
			ir.fail(hCadre, err.Error())
		}
		m.LeadingCadre = b
	}
	m.PartyAffairs = enum(hAffairs, affairsIn, dangjian.PartyAffairsNone, "党务干部须填“专职”、“兼职”或“否”")
	m.Phone = cell(hPhone)
	if strings.Contains(m.Phone, "*") {
		ir.fail(hPhone, "联系电话已脱敏（含 *），请填写完整号码或留空")
	}
	m.DuesCategory = enum(hDuesCat, duesIn, dangjian.DuesInService, "党费类别须填“在职”、“离退休”、“学生或无固定收入”或“农民”")
	if s := cell(hDuesBase); s != "" {
		fen, err := xlsx.ParseYuanToFen(s)
		if err != nil {
			ir.fail(hDuesBase, err.Error())
		}
		m.DuesBase = fen
	}
	return ir
}

// apply sets on m the values of the columns the file has; the others
// keep m's (an existing member's, or a new member's defaults).
func (p *parsedFile) apply(r *importRow, m *dangjian.Member) {
	v := &r.m
	set := func(h string, dst *string, src string) {
		if p.has[h] {
			*dst = src
		}
	}
	setDate := func(h string, dst *dangjian.Date, src dangjian.Date) {
		if p.has[h] {
			*dst = src
		}
	}
	set(hName, &m.Name, v.Name)
	set(hGender, &m.Gender, v.Gender)
	set(hEthnicity, &m.Ethnicity, v.Ethnicity)
	setDate(hBirth, &m.BirthDate, v.BirthDate)
	m.IDNumber = v.IDNumber
	set(hEducation, &m.Education, v.Education)
	setDate(hJoined, &m.JoinedOn, v.JoinedOn)
	setDate(hConfirmed, &m.ConfirmedOn, v.ConfirmedOn)
	set(hStatus, &m.Status, v.Status)
	set(hPosition, &m.Position, v.Position)
	if p.has[hCadre] {
		m.LeadingCadre = v.LeadingCadre
	}
	set(hAffairs, &m.PartyAffairs, v.PartyAffairs)
	set(hPhone, &m.Phone, v.Phone)
	set(hDuesCat, &m.DuesCategory, v.DuesCategory)
	if p.has[hDuesBase] {
		m.DuesBase = v.DuesBase
	}
	m.Active = true
}

// sameMember reports whether an import would leave a record as it is.
func sameMember(a, b *dangjian.Member) bool {
	return a.Name == b.Name && a.Gender == b.Gender && a.Ethnicity == b.Ethnicity && a.BirthDate.Equal(b.BirthDate) &&
		a.IDNumber == b.IDNumber && a.Education == b.Education && a.OrgID == b.OrgID && equalID(a.GroupID, b.GroupID) &&
		a.Status == b.Status && a.JoinedOn.Equal(b.JoinedOn) && a.ConfirmedOn.Equal(b.ConfirmedOn) &&
		a.LeadingCadre == b.LeadingCadre && a.PartyAffairs == b.PartyAffairs && a.Position == b.Position &&
		a.Phone == b.Phone && a.DuesCategory == b.DuesCategory && a.DuesBase == b.DuesBase && a.Active == b.Active
}

// countDelta is the change of an organization's member counts.
type countDelta struct{ n, full int }

// importReason is the history entry of a member an import added or moved.
const importReason = "批量导入"

// importRows checks the parsed rows against the database inside tx and,
// unless dry or a row has a problem, writes them all. res collects the
// counts and the problems.
func (a *App) importRows(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, p *parsedFile, opt ImportOptions, res *ImportResult) error {
	res.Rows = len(p.rows)
	total := len(p.rows)
	x, err := loadOrgIndex(ctx, tx, foldScopes(actor.Scopes(dangjian.PermOrgRead), actor.Scopes(dangjian.PermMemberWrite)))
	if err != nil {
		return err
	}
	var within *dangjian.Org
	if s := strings.TrimSpace(opt.Org); s != "" {
		r := x.resolve(s, nil)
		if r.org == nil {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: r.msg, Fields: map[string]string{"org": r.msg}}
		}
		within = r.org
	}
	// The members already registered, found by ID number in batches.
	var ids []string
	for _, r := range p.rows {
		if !r.bad[hID] && r.m.IDNumber != "" {
			if _, err := dangjian.ParseIDNumber(r.m.IDNumber); err == nil {
				ids = append(ids, r.m.IDNumber)
			}
		}
	}
	existing, err := tx.MembersByIDNumbers(ctx, ids)
	if err != nil {
		return err
	}
	today := a.Today()
	firstRow := make(map[string]*importRow, len(p.rows))
	for i, r := range p.rows {
		a.checkRow(p, r, x, within, existing, actor, today)
		if id := r.m.IDNumber; id != "" && !r.bad[hID] {
			if first, dup := firstRow[id]; dup {
				r.fail(hID, fmt.Sprintf("与第 %d 行的公民身份号码重复", first.num))
				if !first.dup {
					first.fail(hID, fmt.Sprintf("与第 %d 行的公民身份号码重复", r.num))
					first.dup = true
				}
			} else {
				firstRow[id] = r
			}
		}
		if (i+1)%5000 == 0 {
			opt.progress("check", i+1, total)
		}
	}
	opt.progress("check", total, total)
	for _, r := range p.rows {
		for _, is := range r.issues {
			res.issue(is.Row, p.column(is.Column), is.Message)
		}
		if len(r.issues) > 0 {
			continue
		}
		switch r.kind {
		case 'a':
			res.Added++
		case 'u':
			res.Updated++
		default:
			res.Unchanged++
		}
	}
	if res.ErrorCount > 0 || opt.DryRun {
		return nil
	}
	return a.writeRows(ctx, tx, actor, p, within, opt, res)
}

// checkRow resolves a row's organization and group, merges it with the
// member it updates, validates the result as any other edit is, and
// decides whether it adds, updates or leaves a member unchanged.
func (a *App) checkRow(p *parsedFile, r *importRow, x *orgIndex, within *dangjian.Org, existing map[string]*dangjian.Member,
	actor *dangjian.Actor, today dangjian.Date) {
	if r.example {
		r.kind = 'a'
		return
	}
	var nm dangjian.Member
	ex := existing[r.m.IDNumber]
	if ex != nil {
		nm = *ex
		if !actor.HasPerm(dangjian.PermMemberWrite, ex.OrgPath) {
			r.fail(hID, "该公民身份号码已登记在您管理范围以外的党组织，请联系上级党组织办理组织关系转接")
		}
	}
	p.apply(r, &nm)

	var org *dangjian.Org
	cell := strings.TrimSpace(r.org)
	switch {
	case cell != "":
		res := x.resolve(cell, within)
		if res.org == nil {
			r.fail(hOrg, res.msg)
		}
		org = res.org
	case within != nil:
		org = within
	case ex != nil:
		org = x.orgs[ex.OrgID]
		if org == nil {
			r.fail(hOrg, "请填写所在党组织")
		}
	default:
		r.fail(hOrg, "请填写所在党组织")
	}
	if org != nil {
		switch {
		case org.Kind != dangjian.KindBranch:
			r.fail(hOrg, fmt.Sprintf("「%s」是%s：党员须编入党支部", x.vis[org.ID], dangjian.OrgKindNames[org.Kind]))
			org = nil
		case !actor.HasPerm(dangjian.PermMemberWrite, org.Path):
			r.fail(hOrg, fmt.Sprintf("没有在「%s」登记党员的权限", x.vis[org.ID]))
			org = nil
		}
	}
	if org != nil {
		moved := nm.OrgID != org.ID
		nm.OrgID, nm.OrgPath, nm.OrgName = org.ID, org.Path, org.Name
		switch g := strings.TrimSpace(r.group); {
		case p.has[hGroup] && g == "":
			nm.GroupID = nil
		case p.has[hGroup]:
			grp, msg := x.group(org, g)
			if grp == nil {
				r.fail(hGroup, msg)
			} else {
				nm.GroupID = &grp.ID
			}
		case moved:
			nm.GroupID = nil // the old branch's group stays behind
		}
	} else if !r.bad[hOrg] {
		r.fail(hOrg, "请填写所在党组织")
	}
	if err := nm.Validate(today); err != nil {
		fields := dangjian.ErrorFields(err)
		keys := make([]string, 0, len(fields))
		for f := range fields {
			keys = append(keys, f)
		}
		sort.Slice(keys, func(i, j int) bool { return columnOrder(fieldColumn[keys[i]]) < columnOrder(fieldColumn[keys[j]]) })
		for _, f := range keys {
			col := fieldColumn[f]
			if col == "" || r.bad[col] {
				continue
			}
			r.fail(col, fields[f])
		}
	}
	r.existing = ex
	r.m = nm
	switch {
	case ex == nil:
		r.kind = 'a'
	case sameMember(ex, &nm):
		r.kind = '='
	default:
		r.kind = 'u'
	}
}

// columnOrder is a header's place in the template, for listing a row's
// problems left to right.
func columnOrder(h string) int {
	for i, c := range memberColumns() {
		if c.Header == h {
			return i
		}
	}
	return 99
}

// writeRows writes the added and updated rows, the history of new and
// moved members, the organizations' counts (one adjustment per
// organization) and the one audit row. New members and history entries go
// through the store's Loader, in multi-row inserts: one insert per member
// made a 100,000-row import take most of a minute.
func (a *App) writeRows(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, p *parsedFile, within *dangjian.Org, opt ImportOptions, res *ImportResult) (err error) {
	today := a.Today()
	deltas := map[string]*countDelta{}
	adjust := func(path string, n, full int) {
		d := deltas[path]
		if d == nil {
			d = &countDelta{}
			deltas[path] = d
		}
		d.n += n
		d.full += full
	}
	moves := res.Added
	for _, r := range p.rows {
		if r.kind == 'u' && r.existing.OrgID != r.m.OrgID {
			moves++
		}
	}
	memberIDs, err := tx.ReserveIDs(ctx, "members", res.Added)
	if err != nil {
		return err
	}
	moveIDs, err := tx.ReserveIDs(ctx, "member_moves", moves)
	if err != nil {
		return err
	}
	load := tx.NewLoader()
	defer func() {
		if cerr := load.Close(); err == nil {
			err = cerr
		}
	}()
	move := func(mv *dangjian.MemberMove) error {
		mv.ID, moveIDs = moveIDs[0], moveIDs[1:]
		mv.MovedOn, mv.Reason = today, importReason
		return load.AddMemberMove(ctx, mv)
	}
	changed, done := res.Added+res.Updated, 0
	for _, r := range p.rows {
		nm := &r.m
		switch r.kind {
		case 'a':
			nm.ID, memberIDs = memberIDs[0], memberIDs[1:]
			if err := load.AddMember(ctx, nm); err != nil {
				return conflict(err)
			}
			if err := move(&dangjian.MemberMove{MemberID: nm.ID, ToOrgID: nm.OrgID}); err != nil {
				return err
			}
			adjust(nm.OrgPath, 1, fullInt(nm))
		case 'u':
			ex := r.existing
			if err := tx.UpdateMember(ctx, nm); err != nil {
				return rowError(r, err)
			}
			if ex.Active {
				adjust(ex.OrgPath, -1, -fullInt(ex))
			}
			adjust(nm.OrgPath, 1, fullInt(nm))
			if ex.OrgID != nm.OrgID {
				from := ex.OrgID
				if err := move(&dangjian.MemberMove{MemberID: nm.ID, FromOrgID: &from, ToOrgID: nm.OrgID}); err != nil {
					return err
				}
			}
		default:
			continue
		}
		if done++; done%1000 == 0 {
			opt.progress("write", done, changed)
		}
	}
	if err := load.Flush(ctx); err != nil {
		return conflict(err)
	}
	paths := make([]string, 0, len(deltas))
	for path, d := range deltas {
		if d.n != 0 || d.full != 0 {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths) // a fixed order of row locks on PostgreSQL
	for _, path := range paths {
		if err := tx.AdjustMemberCounts(ctx, path, deltas[path].n, deltas[path].full); err != nil {
			return err
		}
	}
	opt.progress("write", changed, changed)
	var orgID int64
	if within != nil {
		orgID = within.ID
	}
	res.Written = true
	return audit(ctx, tx, actor, "member.import", "member", 0, orgID, map[string]any{
		"file": p.name, "format": p.format, "rows": res.Rows, "added": res.Added, "updated": res.Updated, "unchanged": res.Unchanged,
	})
}

// conflict is the error of a batch insert that met an ID number another
// session registered since the rows were checked (PostgreSQL; SQLite's
// writer holds the database).
func conflict(err error) error {
	if sqlstore.IsConflict(err) {
		return dangjian.Errorf(dangjian.ECONFLICT, "文件中的公民身份号码刚被他人登记，未写入任何数据；请重新导入")
	}
	return err
}

// rowError names the row of a write that failed on a constraint: another
// session registered the same ID number since the check.
func rowError(r *importRow, err error) error {
	var e *dangjian.Error
	if errors.As(err, &e) && e.Code == dangjian.ECONFLICT {
		return &dangjian.Error{Code: dangjian.ECONFLICT, Message: fmt.Sprintf("第 %d 行：%s，未写入任何数据", r.num, e.Message)}
	}
	return err
}

// ImportMembers imports a roster file: every row is checked, and unless
// opt.DryRun the rows are written in one transaction, all or nothing. A
// file with problems returns the result with them and an invalid error;
// nothing is written.
func (a *App) ImportMembers(ctx context.Context, actor *dangjian.Actor, f ImportFile, opt ImportOptions) (*ImportResult, error) {
	if !actor.HasPermAnywhere(dangjian.PermMemberWrite) {
		return nil, forbidden()
	}
	p, res, err := parseUpload(f, opt)
	if err != nil {
		return nil, err
	}
	res.DryRun = opt.DryRun
	if p == nil {
		return res, res.failure()
	}
	run := a.db.UpdateBulk
	if opt.DryRun {
		run = a.db.View
	}
	err = run(ctx, func(tx *sqlstore.Tx) error {
		if err := a.importRows(ctx, tx, actor, p, opt, res); err != nil {
			return err
		}
		if res.ErrorCount > 0 {
			return res.failure() // rolls back, though nothing was written
		}
		return nil
	})
	if res.ErrorCount > 0 {
		return res, res.failure()
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// MemberTemplate is the import template: the header, an example row that
// cannot be imported, drop-downs, and the 填写说明 sheet.
func (a *App) MemberTemplate(actor *dangjian.Actor) (*Export, error) {
	if !actor.HasPermAnywhere(dangjian.PermMemberWrite) {
		return nil, forbidden()
	}
	l := ImportLimits()
	notes := [][2]string{
		{"所在党组织", "填写从顶层党组织开始、用“/”分隔的完整路径，如 县直机关工委/县财政局党组/县财政局机关党支部；" +
			"也可只写本单位以下的一段（不与其他组织重名时），或填写组织编码。党员须编入党支部；对应多个组织时须写完整路径。"},
		{"党小组", "所在党支部下的党小组名称，没有可留空。"},
		{"公民身份号码", "18 位，请按文本填写（否则 Excel 会把号码变成 1.1E+17）；须通过校验位检查，并与出生日期、性别一致。" +
			"导入按公民身份号码识别党员：已登记的更新，未登记的新增。"},
		{"日期", "可写 2024-05-01、2024/5/1、2024年5月1日，或 Excel 日期。"},
		{"党费基数", "按月计算党费的工资（或离退休费）基数，单位元，可有两位小数。"},
		{"没有的列", "文件中没有的列，不改动已登记党员的该项信息；有该列而单元格留空的，按留空处理（如清除党小组、转正日期）。"},
		{"全部或全不", "任何一行有错时不写入任何数据；可下载带“错误说明”列的文件，改正后直接重新上传。"},
		{"限制", fmt.Sprintf("文件不超过 %s，最多 %d 行，.xlsx 解压后不超过 %s；支持 .xlsx 和 .csv（UTF-8 或 GB18030）。",
			sizeText(l.MaxBytes), l.MaxRows, sizeText(l.MaxUnzipped))},
	}
	return &Export{
		Filename: "党员导入模板.xlsx", Format: xlsx.FormatXLSX,
		stream: func(ctx context.Context, w io.Writer) error {
			return xlsx.Template(w, "党员名册", memberColumns(), notes)
		},
	}, nil
}

// sizeText writes a byte count as a limit is stated: 20 MB.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// MemberImportErrors is f back as a workbook with a 错误说明 column and
// the problems' list, for the user to correct and upload again.
func (a *App) MemberImportErrors(ctx context.Context, actor *dangjian.Actor, f ImportFile) (*Export, error) {
	res, err := a.ImportMembers(ctx, actor, f, ImportOptions{DryRun: true})
	if err != nil && res == nil {
		return nil, err
	}
	return errorWorkbook(f, "导入文件", memberColumns(), res.Errors), nil
}

// errorList writes the problems of a file that could not be read.
func errorList(w io.Writer, issues []xlsx.Issue) error {
	xw, err := xlsx.NewWriter(w, xlsx.FormatXLSX, xlsx.IssuesSheet)
	if err != nil {
		return err
	}
	if err := xw.Header([]string{"行号", "列", xlsx.ErrorColumn}, 8, 20, 80); err != nil {
		xw.Close()
		return err
	}
	for _, is := range issues {
		var row any
		if is.Row > 0 {
			row = is.Row
		}
		if err := xw.Row(row, is.Column, is.Message); err != nil {
			xw.Close()
			return err
		}
	}
	return xw.Close()
}

func fileExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return name[i:]
	}
	return ""
}
