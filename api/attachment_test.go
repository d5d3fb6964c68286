package api_test

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func apiPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAttachmentsAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("secA", "org_admin@brA")
	f.user("viewerA", "viewer@brA")
	f.user("secB", "org_admin@brB")
	f.user("auditor", "auditor@root")
	r := f.do("POST", "/api/v1/meetings", "secA", `{"org_id":{brA},"kind":"theme_day","held_at":"2026-03-05T09:00:00+08:00","topic":"主题党日",
		"attendance":[{"member_id":{mA1},"status":"present"},{"member_id":{mA2},"status":"present"}]}`)
	if r.status != 201 {
		t.Fatalf("meeting: %d %s", r.status, r.body)
	}
	f.vars["mt"] = r.str("id")
	photo := apiPNG(t)
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	up := func(who, name string, data []byte) func(f *fixture) *result {
		return func(f *fixture) *result {
			return f.upload("/api/v1/meetings/{mt}/attachments", who, "file", name, data)
		}
	}
	type row struct {
		name  string
		send  func(f *fixture) *result
		want  int
		check func(*testing.T, *fixture, *result)
	}
	rows := []row{
		{"upload a photo", up("secA", "合影.png", photo), 201, all(equals("content_type", "image/png"), equals("file_name", "合影.png"),
			func(t *testing.T, f *fixture, r *result) { f.vars["att"] = r.str("id") })},
		{"upload a PDF with a path for a name", up("secA", `C:\x\..\纪要.pdf`, pdf), 201, all(equals("content_type", "application/pdf"), equals("file_name", "纪要.pdf"))},
		{"a .pdf that is not", up("secA", "假的.pdf", []byte("<html><script>alert(1)</script>")), 422, field("file")},
		{"a PNG named .pdf", up("secA", "图.pdf", photo), 422, field("file")},
		{"too big", up("secA", "大.pdf", append(pdf, make([]byte, 10<<20)...)), 422, field("file")},
		{"no file", func(f *fixture) *result { return f.upload("/api/v1/meetings/{mt}/attachments", "secA", "", "", nil) }, 422, field("file")},
		{"a viewer may not upload", up("viewerA", "x.png", photo), 403, nil},
		{"another branch does not see the meeting", up("secB", "x.png", photo), 404, nil},
		{"list", func(f *fixture) *result { return f.do("GET", "/api/v1/meetings/{mt}/attachments", "viewerA", "") }, 200,
			all(equals("total", "2"), equals("items.0.file_name", "合影.png"), equals("items.0.size", itoa(len(photo))))},
		{"list from another branch", func(f *fixture) *result { return f.do("GET", "/api/v1/meetings/{mt}/attachments", "secB", "") }, 404, nil},
		{"download from another branch", func(f *fixture) *result { return f.download("/api/v1/attachments/{att}", "secB") }, 404, nil},
		{"delete needs a reason", func(f *fixture) *result { return f.do("DELETE", "/api/v1/attachments/{att}", "secA", `{"reason":""}`) }, 422, field("reason")},
		{"a viewer may not delete", func(f *fixture) *result {
			return f.do("DELETE", "/api/v1/attachments/{att}", "viewerA", `{"reason":"x"}`)
		}, 403, nil},
	}
	for _, sc := range rows {
		t.Run(sc.name, func(t *testing.T) {
			ft := *f
			ft.t = t
			r := sc.send(&ft)
			if r.status != sc.want {
				t.Fatalf("status %d, want %d\n%s", r.status, sc.want, r.body)
			}
			if r.status >= 400 {
				checkErrorShape(t, r)
			}
			if sc.check != nil {
				sc.check(t, &ft, r)
			}
		})
	}
	t.Run("download", func(t *testing.T) {
		ft := *f
		ft.t = t
		r := ft.download("/api/v1/attachments/{att}", "viewerA")
		h := r.header
		if r.status != 200 || !bytes.Equal(r.body, photo) || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || !strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''%E5%90%88%E5%BD%B1.png") {
			t.Errorf("download: %d %v", r.status, h)
		}
		// Without a token: 401, nothing of the file.
		req := httptest.NewRequest("GET", ft.expand("/api/v1/attachments/{att}"), nil)
		rec := httptest.NewRecorder()
		ft.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized || bytes.Contains(rec.Body.Bytes(), photo[:8]) {
			t.Errorf("anonymous download: %d", rec.Code)
		}
	})
	t.Run("delete", func(t *testing.T) {
		ft := *f
		ft.t = t
		if r := ft.do("DELETE", "/api/v1/attachments/{att}", "secA", `{"reason":"传错了"}`); r.status != 204 {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
		if r := ft.download("/api/v1/attachments/{att}", "secA"); r.status != 404 {
			t.Errorf("deleted download: %d", r.status)
		}
		if r := ft.do("GET", "/api/v1/meetings/{mt}/attachments", "secA", ""); r.num("total") != 1 {
			t.Errorf("after delete: %s", r.body)
		}
		r := ft.do("GET", "/api/v1/audit?action=attachment.delete", "auditor", "")
		if r.num("total") != 1 || r.str("items.0.changes.reason") != "传错了" {
			t.Errorf("delete audit: %s", r.body)
		}
		if r := ft.do("GET", "/api/v1/audit?action=attachment.create", "auditor", ""); r.num("total") != 2 {
			t.Errorf("upload audit: %s", r.body)
		}
	})
}
