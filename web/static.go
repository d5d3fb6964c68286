package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// staticFiles are the embedded assets with a content hash each, so their
// URLs change when they do and browsers may cache them for a year.
type staticFiles struct {
	data map[string][]byte // by path under static/
	hash map[string]string
}

// contentTypes is the table of asset types; anything else is plain text.
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".md":    "text/markdown; charset=utf-8",
}

func loadStatic(fsys fs.FS) (*staticFiles, error) {
	st := &staticFiles{data: map[string][]byte{}, hash: map[string]string{}}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		st.data[name] = b
		st.hash[name] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	return st, nil
}

// url returns the versioned URL of an asset; templates call it as static.
func (st *staticFiles) url(name string) (string, error) {
	h, ok := st.hash[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + name + "?v=" + h, nil
}

func (st *staticFiles) serve(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("path")
	b, ok := st.data[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ct, ok := contentTypes[path.Ext(name)]
	if !ok {
		ct = "text/plain; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("ETag", `"`+st.hash[name]+`"`)
	if r.URL.Query().Get("v") == st.hash[name] {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// loadIcons renders the inline SVG icons of partials/icons.html once, so a
// page can name an icon held in data: {{icon .Icon}}.
func loadIcons(fsys fs.FS) (map[string]template.HTML, error) {
	t, err := template.ParseFS(fsys, "templates/partials/icons.html")
	if err != nil {
		return nil, fmt.Errorf("parse icons: %w", err)
	}
	out := map[string]template.HTML{}
	for _, d := range t.Templates() {
		name, ok := strings.CutPrefix(d.Name(), "icon-")
		if !ok {
			continue
		}
		var b bytes.Buffer
		if err := d.Execute(&b, nil); err != nil {
			return nil, fmt.Errorf("render icon %s: %w", name, err)
		}
		out[name] = template.HTML(b.String())
	}
	return out, nil
}

// icon returns an inline SVG icon by name; an unknown name is a template
// error, caught by the render-every-page test.
func (s *server) icon(name string) (template.HTML, error) {
	h, ok := s.icons[name]
	if !ok {
		return "", fmt.Errorf("no icon %q", name)
	}
	return h, nil
}
