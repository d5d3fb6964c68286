// Package xlsx reads and writes the spreadsheets that imports and exports
// pass through: .xlsx workbooks (on excelize) and CSV files, UTF-8 or GB18030.
//
// It knows nothing of the domain. Reading is guarded against hostile uploads
// (size, rows, unzipped size and compression ratio, cell length) and every
// refusal is an *Error whose message is a Chinese sentence naming the limit.
// Writing streams, so an export of a million rows needs no more memory than
// an export of a hundred.
//
// Reading:
//
//	t, err := xlsx.Open(file, size, name, xlsx.DefaultLimits())
//	if err != nil { ... } // errors.Is(err, xlsx.ErrZipBomb) etc.
//	defer t.Close()
//	m := t.Match(wantHeaders)
//	for t.Next() {
//		r := t.Row()
//		y, mo, d, err := t.ParseDate(r.Get("出生日期"))
//		...
//	}
//	if err := t.Err(); err != nil { ... }
//
// Writing:
//
//	w, err := xlsx.NewWriter(out, "xlsx", "党员名册")
//	w.Header([]string{"姓名", "出生日期"})
//	w.Row("张三", time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC))
//	err = w.Close()
package xlsx
