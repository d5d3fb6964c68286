package dangjian

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"image/png"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of a meeting's attachments.
const (
	// MaxAttachmentBytes bounds one file: a phone photo is 2–6 MB and a
	// scanned sign-in sheet or record a few MB; 10 MiB holds either while
	// the encrypted row (base64, a third larger) stays reasonable.
	MaxAttachmentBytes = 10 << 20
	// MaxAttachments bounds a meeting's files: the sign-in sheet, the
	// minutes' scan and a handful of photos fit, an album does not.
	MaxAttachments = 20
	// maxAttachmentName bounds a kept file name, in characters.
	maxAttachmentName = 100
)

// Attachment content types: only these are kept.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeWebP = "image/webp"
	TypePDF  = "application/pdf"
)

// attachmentExts are the extensions a file name of each type may have;
// the first is the one added to a name without any.
var attachmentExts = map[string][]string{
	TypeJPEG: {".jpg", ".jpeg"},
	TypePNG:  {".png"},
	TypeWebP: {".webp"},
	TypePDF:  {".pdf"},
}

// attachmentKinds names the types in messages.
var attachmentKinds = map[string]string{TypeJPEG: "JPEG 图片", TypePNG: "PNG 图片", TypeWebP: "WebP 图片", TypePDF: "PDF 文件"}

// Attachment is a photo or document of a meeting. The file itself is
// kept apart (encrypted) and served by id.
type Attachment struct {
	ID           int64      `json:"id"`
	MeetingID    int64      `json:"meeting_id"`
	FileName     string     `json:"file_name"`
	ContentType  string     `json:"content_type"`
	Size         int64      `json:"size"`
	SHA256       string     `json:"sha256"`
	CreatedBy    *int64     `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	Deleted      bool       `json:"deleted"`
	DeleteReason string     `json:"delete_reason,omitempty"`
	DeletedAt    *time.Time `json:"deleted_at,omitempty"`
}

// IsImage reports whether the attachment is a photo, which pages may show
// inline.
func (a *Attachment) IsImage() bool { return strings.HasPrefix(a.ContentType, "image/") }

// SizeText is the file's size as a list shows it: 850 KB, 2.4 MB.
func (a *Attachment) SizeText() string {
	if a.Size >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(a.Size)/(1<<20))
	}
	return fmt.Sprintf("%d KB", max(1, (a.Size+1023)>>10))
}

// SniffAttachment finds the type of data by its bytes alone (magic numbers,
// and for JPEG and PNG a header that decodes); the client's name and type
// are never trusted. It returns "" for anything else.
func SniffAttachment(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		if _, err := jpeg.DecodeConfig(bytes.NewReader(data)); err == nil {
			return TypeJPEG
		}
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		if _, err := png.DecodeConfig(bytes.NewReader(data)); err == nil {
			return TypePNG
		}
	case len(data) >= 16 && bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WEBP" &&
		(string(data[12:16]) == "VP8 " || string(data[12:16]) == "VP8L" || string(data[12:16]) == "VP8X"):
		return TypeWebP
	case bytes.HasPrefix(data, []byte("%PDF-")):
		// A PDF ends with %%EOF (perhaps followed by a line end or a
		// little padding); one without it is cut off or not a PDF.
		tail := data[max(0, len(data)-1024):]
		if bytes.Contains(tail, []byte("%%EOF")) {
			return TypePDF
		}
	}
	return ""
}

// CheckAttachment sniffs data and checks it against the limits and the
// name the client gave; it returns the content type and the name to keep.
// Errors name the field "file".
func CheckAttachment(name string, data []byte) (contentType, fileName string, err error) {
	bad := func(msg string) (string, string, error) {
		return "", "", &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
	}
	switch {
	case len(data) == 0:
		return bad("请选择要上传的文件")
	case len(data) > MaxAttachmentBytes:
		return bad(fmt.Sprintf("文件不能超过 %d MB", MaxAttachmentBytes>>20))
	}
	ct := SniffAttachment(data)
	if ct == "" {
		return bad("只能上传 JPEG、PNG、WebP 图片或 PDF 文件（按文件内容判断）")
	}
	clean := SanitizeFileName(name)
	ext := ""
	if i := strings.LastIndexByte(clean, '.'); i > 0 {
		ext = strings.ToLower(clean[i:])
	}
	switch {
	case ext == "":
		if clean == "" {
			clean = "附件"
		}
		clean += attachmentExts[ct][0]
	case !containsString(attachmentExts[ct], ext):
		return bad(fmt.Sprintf("文件内容是%s，与扩展名 %s 不符", attachmentKinds[ct], ext))
	}
	return ct, clean, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SanitizeFileName keeps the last element of a client's file name (no
// folders, whichever slash), without control, bidirectional-override or
// reserved characters, leading dots or trailing spaces and dots, cut to
// 100 characters keeping the extension.
func SanitizeFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r), strings.ContainsRune(`<>:"|?*`, r):
			continue
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	s := strings.TrimLeft(strings.TrimSpace(b.String()), ".")
	s = strings.TrimRight(s, " .")
	if utf8.RuneCountInString(s) > maxAttachmentName {
		ext := ""
		if i := strings.LastIndexByte(s, '.'); i > 0 && len(s)-i <= 8 {
			ext = s[i:]
		}
		r := []rune(strings.TrimSuffix(s, ext))
		s = string(r[:maxAttachmentName-utf8.RuneCountInString(ext)]) + ext
	}
	return s
}

// AttachmentDeleteReason returns the trimmed reason of a deletion or a
// field error.
func AttachmentDeleteReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	msg := ""
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		msg = "请填写删除原因"
	case n > 200:
		msg = "原因不能超过200个字"
	}
	if msg != "" {
		return "", &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	return reason, nil
}
