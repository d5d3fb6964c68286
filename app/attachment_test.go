package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
	"github.com/dangjian/dangjian/secret"
)

// testImage is a small picture.
func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for x := range 8 {
		img.Set(x, x%6, color.RGBA{200, 20, 20, 255})
	}
	return img
}

func jpegBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, testImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfBytes is a minimal PDF.
func pdfBytes() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

func TestAttachmentChecks(t *testing.T) {
	for _, c := range []struct {
		name     string
		data     []byte
		wantType string
		wantName string
		wantErr  string
	}{
		{"照片.jpg", jpegBytes(t), dangjian.TypeJPEG, "照片.jpg", ""},
		{"照片.JPEG", jpegBytes(t), dangjian.TypeJPEG, "照片.JPEG", ""},
		{"签到表.png", pngBytes(t), dangjian.TypePNG, "签到表.png", ""},
		{"会议记录.pdf", pdfBytes(), dangjian.TypePDF, "会议记录.pdf", ""},
		{"无扩展名", pdfBytes(), dangjian.TypePDF, "无扩展名.pdf", ""},
		{`C:\fakepath\..\会议 记录.pdf`, pdfBytes(), dangjian.TypePDF, "会议 记录.pdf", ""},
		{"../../etc/passwd.pdf", pdfBytes(), dangjian.TypePDF, "passwd.pdf", ""},
		{"a\x00b\u202e<x>.pdf", pdfBytes(), dangjian.TypePDF, "abx.pdf", ""},
		{".pdf", pdfBytes(), dangjian.TypePDF, "pdf.pdf", ""},
		{"riff.webp", append([]byte("RIFF\x10\x00\x00\x00WEBPVP8 "), make([]byte, 16)...), dangjian.TypeWebP, "riff.webp", ""},
		{"假的.pdf", []byte("<html><script>alert(1)</script></html>"), "", "", "只能上传"},
		{"图片.pdf", pngBytes(t), "", "", "与扩展名 .pdf 不符"},
		{"程序.exe", pngBytes(t), "", "", "与扩展名 .exe 不符"},
		{"cut.pdf", []byte("%PDF-1.4\n1 0 obj"), "", "", "只能上传"},
		{"fake.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0}, "", "", "只能上传"},
		{"empty.png", nil, "", "", "请选择"},
		{"big.pdf", append(pdfBytes(), make([]byte, dangjian.MaxAttachmentBytes)...), "", "", "不能超过 10 MB"},
	} {
		ct, name, err := dangjian.CheckAttachment(c.name, c.data)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(dangjian.ErrorMessage(err), c.wantErr) || dangjian.ErrorFields(err)["file"] == "" {
				t.Errorf("%q: err %v, want %q on field file", c.name, err, c.wantErr)
			}
			continue
		}
		if err != nil || ct != c.wantType || name != c.wantName {
			t.Errorf("%q: %q %q %v, want %q %q", c.name, ct, name, err, c.wantType, c.wantName)
		}
	}
}

func TestAttachments(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	m := o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-10 09:00"), Attendance: o.att(4)})
	photo := jpegBytes(t)
	a1, err := o.a.AddAttachment(ctx, o.admin, m.ID, app.AttachmentFile{Name: "合影.jpg", Data: photo})
	if err != nil || a1.ContentType != dangjian.TypeJPEG || a1.Size != int64(len(photo)) || a1.FileName != "合影.jpg" || len(a1.SHA256) != 64 {
		t.Fatalf("add = %+v, %v", a1, err)
	}
	// A file that claims to be a PDF and is not: 422 on file, nothing kept.
	_, err = o.a.AddAttachment(ctx, o.admin, m.ID, app.AttachmentFile{Name: "纪要.pdf", Data: []byte("just text")})
	wantErr(t, "fake pdf", err, dangjian.EINVALID, "file")
	list, err := o.a.Attachments(ctx, o.admin, m.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("list = %+v, %v", list, err)
	}
	got, data, err := o.a.Attachment(ctx, o.admin, a1.ID)
	if err != nil || !bytes.Equal(data, photo) || got.FileName != "合影.jpg" {
		t.Fatalf("download = %+v, %d bytes, %v", got, len(data), err)
	}
	if a := audits(t, o.fixture, "attachment.create"); len(a) != 1 || !strings.Contains(a[0].Changes, "合影.jpg") {
		t.Errorf("upload audit = %+v", a)
	}

	// Readers of the organization may download; others not even see it.
	viewer := &dangjian.Actor{Username: "v", Grants: []dangjian.Grant{{Role: dangjian.RoleViewer, OrgID: o.b1.ID, OrgPath: o.b1.Path}}}
	stranger := &dangjian.Actor{Username: "s", Grants: []dangjian.Grant{{Role: dangjian.RoleOrgAdmin, OrgID: o.b2.ID, OrgPath: o.b2.Path}}}
	if _, _, err := o.a.Attachment(ctx, viewer, a1.ID); err != nil {
		t.Errorf("viewer download: %v", err)
	}
	_, _, err = o.a.Attachment(ctx, stranger, a1.ID)
	wantErr(t, "stranger download", err, dangjian.ENOTFOUND, "")
	_, err = o.a.Attachments(ctx, stranger, m.ID)
	wantErr(t, "stranger list", err, dangjian.ENOTFOUND, "")
	_, err = o.a.AddAttachment(ctx, viewer, m.ID, app.AttachmentFile{Name: "x.png", Data: pngBytes(t)})
	wantErr(t, "viewer upload", err, dangjian.EFORBIDDEN, "")
	_, err = o.a.DeleteAttachment(ctx, viewer, a1.ID, "错传")
	wantErr(t, "viewer delete", err, dangjian.EFORBIDDEN, "")
	_, err = o.a.AddAttachment(ctx, stranger, m.ID, app.AttachmentFile{Name: "x.png", Data: pngBytes(t)})
	wantErr(t, "stranger upload", err, dangjian.ENOTFOUND, "")

	// Delete needs a reason; it is audited and the file is gone.
	_, err = o.a.DeleteAttachment(ctx, o.admin, a1.ID, "  ")
	wantErr(t, "no reason", err, dangjian.EINVALID, "reason")
	if _, err := o.a.DeleteAttachment(ctx, o.admin, a1.ID, "传错了照片"); err != nil {
		t.Fatal(err)
	}
	if a := audits(t, o.fixture, "attachment.delete"); len(a) != 1 || !strings.Contains(a[0].Changes, "传错了照片") {
		t.Errorf("delete audit = %+v", a)
	}
	_, _, err = o.a.Attachment(ctx, o.admin, a1.ID)
	wantErr(t, "deleted download", err, dangjian.ENOTFOUND, "")
	if list, _ := o.a.Attachments(ctx, o.admin, m.ID); len(list) != 0 {
		t.Errorf("deleted still listed: %+v", list)
	}

	// At most MaxAttachments per meeting.
	for i := range dangjian.MaxAttachments {
		if _, err := o.a.AddAttachment(ctx, o.admin, m.ID, app.AttachmentFile{Name: "p.png", Data: pngBytes(t)}); err != nil {
			t.Fatalf("file %d: %v", i+1, err)
		}
	}
	_, err = o.a.AddAttachment(ctx, o.admin, m.ID, app.AttachmentFile{Name: "p.png", Data: pngBytes(t)})
	wantErr(t, "one too many", err, dangjian.EINVALID, "file")

	// A deleted meeting takes no more files.
	m2 := o.record(t, app.MeetingInput{Kind: dangjian.MeetingThemeDay, HeldAt: cst("2026-05-11 09:00"), Attendance: o.att(4)})
	if err := o.a.DeleteMeeting(ctx, o.admin, m2.ID, "重复登记"); err != nil {
		t.Fatal(err)
	}
	_, err = o.a.AddAttachment(ctx, o.admin, m2.ID, app.AttachmentFile{Name: "p.png", Data: pngBytes(t)})
	wantErr(t, "deleted meeting", err, dangjian.ECONFLICT, "")
}

func TestAttachmentsRekeyed(t *testing.T) {
	ctx := context.Background()
	f1, err := secret.Generate(secret.AES256GCM)
	if err != nil {
		t.Fatal(err)
	}
	ring := func(f secret.File) *secret.Keyring {
		r, err := secret.New(f)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	fx := newFixture(t)
	fx.a.DB().SetKeys(ring(f1))
	mem := fx.member(t, fx.b1, 1)
	m, err := fx.a.RecordMeeting(ctx, fx.admin, app.MeetingInput{OrgID: fx.b1.ID, Kind: dangjian.MeetingThemeDay, Topic: "主题党日",
		HeldAt: cst("2026-05-10 09:00"), Attendance: []dangjian.Attendance{{MemberID: mem.ID, Status: dangjian.AttendPresent}}})
	if err != nil {
		t.Fatal(err)
	}
	doc := pdfBytes()
	att, err := fx.a.AddAttachment(ctx, fx.admin, m.ID, app.AttachmentFile{Name: "记录.pdf", Data: doc})
	if err != nil {
		t.Fatal(err)
	}
	f2, err := secret.AddKey(f1)
	if err != nil {
		t.Fatal(err)
	}
	fx.a.DB().SetKeys(ring(f2))
	if n, err := fx.a.DB().StaleKeyRows(ctx); err != nil || n != 2 {
		t.Errorf("stale before = %d, %v (a member and a file)", n, err)
	}
	if _, err := fx.a.RotateKeys(ctx, app.System(), nil); err != nil {
		t.Fatal(err)
	}
	if n, err := fx.a.DB().StaleKeyRows(ctx); err != nil || n != 0 {
		t.Errorf("stale after = %d, %v", n, err)
	}
	// With the old key dropped, the file still opens.
	fx.a.DB().SetKeys(ring(secret.Keep(f2)))
	if _, data, err := fx.a.Attachment(ctx, fx.admin, att.ID); err != nil || !bytes.Equal(data, doc) {
		t.Errorf("after rotation: %d bytes, %v", len(data), err)
	}
}
