package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// attachmentSection is the photos and documents part of a meeting's
// record page: the list, the upload form (a plain multipart form) and a
// delete form per file, each with its error when a post was refused.
type attachmentSection struct {
	MeetingID int64
	Items     []*dangjian.Attachment
	CanWrite  bool
	Full      bool // the meeting has as many files as it may
	Max       int
	MaxMB     int
	Err       string // the upload's problem, under the file field
	DelID     int64  // the attachment whose deletion was refused
	DelErr    string
}

func (s *server) attachmentSection(ctx context.Context, actor *dangjian.Actor, m *dangjian.Meeting, canWrite bool) (*attachmentSection, error) {
	items, err := s.app.Attachments(ctx, actor, m.ID)
	if err != nil {
		return nil, err
	}
	return &attachmentSection{MeetingID: m.ID, Items: items, CanWrite: canWrite && !m.Deleted, Full: len(items) >= dangjian.MaxAttachments,
		Max: dangjian.MaxAttachments, MaxMB: dangjian.MaxAttachmentBytes >> 20}, nil
}

// readAttachmentForm reads the form's file field, holding no more than
// the limit: a longer file is cut one byte past it, which the check
// refuses as too big.
func readAttachmentForm(w http.ResponseWriter, r *http.Request) (app.AttachmentFile, error) {
	const limit = dangjian.MaxAttachmentBytes
	r.Body = http.MaxBytesReader(w, r.Body, limit+(1<<20))
	noFile := &dangjian.Error{Code: dangjian.EINVALID, Message: "请选择要上传的文件", Fields: map[string]string{"file": "请选择要上传的文件"}}
	mr, err := r.MultipartReader()
	if err != nil {
		return app.AttachmentFile{}, noFile
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return app.AttachmentFile{}, noFile
		}
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			msg := "文件不能超过 " + strconv.Itoa(limit>>20) + " MB"
			return app.AttachmentFile{}, &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
		}
		if err != nil {
			return app.AttachmentFile{}, dangjian.Errorf(dangjian.EINVALID, "表单无法读取")
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if errors.As(err, &big) {
			data = append(data, make([]byte, limit+1-int64(len(data)))...)
		} else if err != nil {
			return app.AttachmentFile{}, dangjian.Errorf(dangjian.EINVALID, "表单无法读取")
		}
		if part.FileName() == "" && len(data) == 0 {
			return app.AttachmentFile{}, noFile
		}
		return app.AttachmentFile{Name: part.FileName(), Data: data}, nil
	}
}

// meetingWithFileError renders the record page again, 422, with a
// refused post's problem where it belongs.
func (s *server) meetingWithFileError(w http.ResponseWriter, r *http.Request, rq *request, set func(*attachmentSection)) error {
	p, err := s.meetingPage(w, r, rq)
	if err != nil {
		return err
	}
	set(p.Files)
	return s.render(w, rq, http.StatusUnprocessableEntity, "meeting/show", p)
}

// attachmentUpload keeps a photo or PDF of a meeting and goes back to its
// record.
func (s *server) attachmentUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := readAttachmentForm(w, r)
	if err == nil {
		_, err = s.app.AddAttachment(r.Context(), rq.actor(), id, f)
	}
	if dangjian.ErrorCode(err) == dangjian.EINVALID {
		msg := dangjian.ErrorFields(err)["file"]
		if msg == "" {
			msg = dangjian.ErrorMessage(err)
		}
		return s.meetingWithFileError(w, r, rq, func(a *attachmentSection) { a.Err = msgOrZh(rq.lang, msg) })
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/meetings/"+itoa(id)+"#attachments", "flash.attach.added")
	return nil
}

// attachmentDelete removes an attachment with the reason the form gives.
func (s *server) attachmentDelete(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return dangjian.Errorf(dangjian.EINVALID, "表单无法读取")
	}
	att, err := s.app.DeleteAttachment(r.Context(), rq.actor(), id, r.PostForm.Get("reason"))
	if dangjian.ErrorCode(err) == dangjian.EINVALID {
		// The record page of the attachment's meeting, found through a read.
		a, _, rerr := s.app.Attachment(r.Context(), rq.actor(), id)
		if rerr != nil {
			return rerr
		}
		r.SetPathValue("id", itoa(a.MeetingID))
		msg := msgOrZh(rq.lang, dangjian.ErrorMessage(err))
		return s.meetingWithFileError(w, r, rq, func(sec *attachmentSection) { sec.DelID, sec.DelErr = id, msg })
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/meetings/"+itoa(att.MeetingID)+"#attachments", "flash.attach.deleted")
	return nil
}

// attachmentDownload serves the file with the type its bytes were found
// to be: a photo inline when the page shows it (?inline=1), anything else
// as a download; never sniffed, never scripted.
func (s *server) attachmentDownload(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	att, data, err := s.app.Attachment(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", att.ContentType)
	h.Set("Content-Disposition", app.AttachmentDisposition(att, r.URL.Query().Get("inline") == "1"))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(data); err != nil {
		s.log.Info("attachment download cut short", "id", id, "err", err)
	}
	return nil
}
