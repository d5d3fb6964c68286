package web

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
)

func TestMeetingAttachments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.cookies["admin"]
	m := recordMeeting(t, f, dangjian.MeetingThemeDay, "主题党日", f.app.DB().Now().Add(-24*time.Hour))
	page := "/meetings/" + id(m.ID)
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewGray(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}

	expect(t, "empty", f.get(page, admin), http.StatusOK, []string{`id="attachments"`, `id="attachments-empty"`, `action="` + page + `/attachments"`, `enctype="multipart/form-data"`}, nil)

	// A file that claims to be a PDF and is not: the page again, 422, the error under the field.
	res := f.upload(page+"/attachments", admin, "纪要.pdf", []byte("<script>alert(1)</script>"))
	expect(t, "fake pdf", res, http.StatusUnprocessableEntity, []string{`id="attach-file-err"`, "只能上传"}, nil)
	res = f.upload(page+"/attachments", admin, "图.pdf", pic.Bytes())
	expect(t, "png named pdf", res, http.StatusUnprocessableEntity, []string{`id="attach-file-err"`, "与扩展名 .pdf 不符"}, nil)

	res = follow(t, f, f.upload(page+"/attachments", admin, "合影.png", pic.Bytes()), admin, page+"#attachments")
	expect(t, "uploaded", res, http.StatusOK, []string{"附件已上传", "合影.png", `<img src="/attachments/`}, []string{`id="attachments-empty"`})
	href := regexp.MustCompile(`href="(/attachments/\d+)" download`).FindStringSubmatch(res.body)
	if href == nil {
		t.Fatalf("no download link\n%s", excerpt(res.body))
	}
	dl := f.get(href[1], admin)
	if dl.code != http.StatusOK || dl.body != pic.String() || dl.header.Get("Content-Type") != "image/png" || dl.header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(dl.header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download: %d %v", dl.code, dl.header)
	}
	if in := f.get(href[1]+"?inline=1", admin); !strings.HasPrefix(in.header.Get("Content-Disposition"), "inline;") {
		t.Errorf("inline photo: %v", in.header)
	}
	// Someone who cannot read branch B does not get the file.
	other := f.user("secA", dangjian.RoleOrgAdmin, f.branchA, nil)
	if res := f.get(href[1], other); res.code != http.StatusNotFound {
		t.Errorf("other branch download: %d", res.code)
	}

	// Delete: a reason is required.
	res = f.post(href[1]+"/delete", admin, url.Values{"reason": {""}})
	expect(t, "no reason", res, http.StatusUnprocessableEntity, []string{"请填写删除原因", `aria-invalid="true"`}, nil)
	res = follow(t, f, f.post(href[1]+"/delete", admin, url.Values{"reason": {"传错了"}}), admin, page+"#attachments")
	expect(t, "deleted", res, http.StatusOK, []string{"附件已删除", `id="attachments-empty"`}, nil)
	if res := f.get(href[1], admin); res.code != http.StatusNotFound {
		t.Errorf("deleted download: %d", res.code)
	}
}

// follow checks a 303 to want and gets it as a browser does: without the
// fragment, with the flash.
func follow(t *testing.T, f *fixture, res result, c *http.Cookie, want string) result {
	t.Helper()
	if res.code != http.StatusSeeOther || res.header.Get("Location") != want {
		t.Fatalf("want 303 to %s, got %d %s\n%s", want, res.code, res.header.Get("Location"), excerpt(res.body))
	}
	hdr := map[string]string{}
	for _, k := range res.cookies {
		if k.Name == flashCookie {
			hdr["Cookie"] = k.Name + "=" + k.Value
		}
	}
	path, _, _ := strings.Cut(want, "#")
	return f.do("GET", path, c, nil, hdr)
}
