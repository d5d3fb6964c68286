package xlsx

import (
	"io"
	"testing"
)

const benchRows = 100_000

func benchWrite(b *testing.B, format string) {
	rows := make([][]any, 1000)
	for i := range rows {
		rows[i] = rosterRow(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		out := &countingDiscard{}
		w, err := NewWriter(out, format, "党员名册")
		if err != nil {
			b.Fatal(err)
		}
		if err := w.Header(rosterHeader); err != nil {
			b.Fatal(err)
		}
		for i := range benchRows {
			if err := w.Row(rows[i%len(rows)]...); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(out.n)/(1<<20), "MB/file")
	}
}

// BenchmarkWriteXLSX writes the 17-column roster, 100,000 rows.
func BenchmarkWriteXLSX(b *testing.B) { benchWrite(b, FormatXLSX) }

// BenchmarkWriteCSV writes the same rows as CSV.
func BenchmarkWriteCSV(b *testing.B) { benchWrite(b, FormatCSV) }

func benchRead(b *testing.B, format string) {
	rows := make([][]any, benchRows)
	for i := range rows {
		rows[i] = rosterRow(i)
	}
	data := writeTable(b, format, rosterHeader, rows)
	b.ReportAllocs()
	b.ReportMetric(float64(len(data))/(1<<20), "MB/file")
	for b.Loop() {
		tb, err := openBytes(data, "", Limits{MaxBytes: 1 << 30, MaxUnzipped: 1 << 30})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for tb.Next() {
			n++
		}
		if err := tb.Err(); err != nil || n != benchRows {
			b.Fatalf("read %d rows: %v", n, err)
		}
		tb.Close()
	}
}

// BenchmarkReadXLSX reads 100,000 roster rows from an .xlsx.
func BenchmarkReadXLSX(b *testing.B) { benchRead(b, FormatXLSX) }

// BenchmarkReadCSV reads the same rows from CSV.
func BenchmarkReadCSV(b *testing.B) { benchRead(b, FormatCSV) }

type countingDiscard struct{ n int64 }

func (c *countingDiscard) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return io.Discard.Write(p)
}
