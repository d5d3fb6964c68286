package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// zeroSheet writes a worksheet part whose one cell holds n zeros: a sheet
// that compresses about a thousandfold.
func zeroSheet(t testing.TB, zw *zip.Writer, n int64) {
	t.Helper()
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, `<worksheet xmlns="`+nsMain+`"><sheetData><row r="1"><c t="inlineStr"><is><t>`); err != nil {
		t.Fatal(err)
	}
	zeros := bytes.Repeat([]byte("0"), 1<<20)
	for ; n > 0; n -= int64(len(zeros)) {
		if _, err := w.Write(zeros[:min(n, int64(len(zeros)))]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := io.WriteString(w, `</t></is></c></row></sheetData></worksheet>`); err != nil {
		t.Fatal(err)
	}
}

// bomb builds a workbook whose worksheet unzips to n bytes.
func bomb(t testing.TB, n int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range workbookParts("", "", false) {
		if strings.HasPrefix(f.name, "xl/worksheets/") {
			continue
		}
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, f.body); err != nil {
			t.Fatal(err)
		}
	}
	zeroSheet(t, zw, n)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// heapDuring runs f and returns how far the live heap grew, sampled by a
// goroutine every few milliseconds and once at the end.
func heapDuring(f func()) uint64 {
	var base, end runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	done, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var m runtime.MemStats
		var most uint64
		for {
			select {
			case <-done:
				peak <- most
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				most = max(most, m.HeapInuse)
			}
		}
	}()
	f()
	close(done)
	most := <-peak
	runtime.ReadMemStats(&end)
	most = max(most, end.HeapInuse)
	if most < base.HeapInuse {
		return 0
	}
	return most - base.HeapInuse
}

func TestZipBomb(t *testing.T) {
	// 300 MB of zeros: over the 200 MB unzipped limit, a few hundred KB
	// zipped.
	big := bomb(t, 300<<20)
	if len(big) > 2<<20 {
		t.Fatalf("bomb is %d bytes; the test wants a small file", len(big))
	}
	// 50 MB: under the size limit, but a compression ratio of about 1000.
	dense := bomb(t, 50<<20)
	for name, tc := range map[string]struct {
		data []byte
		msg  string
	}{
		"unzipped size": {big, "解压后超过 200 MB 上限"},
		"ratio":         {dense, "超过 100 倍上限"},
	} {
		t.Run(name, func(t *testing.T) {
			var err error
			start := time.Now()
			grew := heapDuring(func() { _, err = openBytes(tc.data, "bomb.xlsx", DefaultLimits()) })
			isKind(t, err, ErrZipBomb)
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not say %q", err, tc.msg)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("refusing the bomb took %v", d)
			}
			if grew > 16<<20 {
				t.Errorf("heap grew by %d MB refusing the bomb", grew>>20)
			}
		})
	}
	// A ratio limit raised on purpose lets the dense file through to the
	// reader, which then refuses its 50 MB cell.
	var err error
	grew := heapDuring(func() { _, err = openBytes(dense, "", Limits{MaxRatio: 10_000}) })
	isKind(t, err, ErrCellTooLong)
	if grew > 16<<20 {
		t.Errorf("heap grew by %d MB reading a 50 MB cell", grew>>20)
	}
}

// TestZipBombLyingSizes declares a 1 KB worksheet that really unzips to
// 100 MB: the reader stops at the declared size.
func TestZipBombLyingSizes(t *testing.T) {
	var raw bytes.Buffer
	fw, err := flate.NewWriter(&raw, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	io.WriteString(w, `<worksheet xmlns="`+nsMain+`"><sheetData><row r="1"><c t="inlineStr"><is><t>`)
	zeros := bytes.Repeat([]byte("0"), 1<<20)
	for range 100 {
		w.Write(zeros)
	}
	io.WriteString(w, `</t></is></c></row></sheetData></worksheet>`)
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range workbookParts("", "", false) {
		if strings.HasPrefix(f.name, "xl/worksheets/") {
			continue
		}
		pw, _ := zw.Create(f.name)
		io.WriteString(pw, f.body)
	}
	pw, err := zw.CreateRaw(&zip.FileHeader{
		Name:               "xl/worksheets/sheet1.xml",
		Method:             zip.Deflate,
		CRC32:              crc.Sum32(),
		CompressedSize64:   uint64(raw.Len()),
		UncompressedSize64: 1 << 10, // the lie
	})
	if err != nil {
		t.Fatal(err)
	}
	pw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	grew := heapDuring(func() { _, err = openBytes(buf.Bytes(), "", DefaultLimits()) })
	isKind(t, err, ErrNotSpreadsheet)
	if grew > 16<<20 {
		t.Errorf("heap grew by %d MB reading a lying zip", grew>>20)
	}
}
