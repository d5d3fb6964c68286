package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// readAttachmentUpload reads the multipart field "file" without holding
// more than the attachment limit: a longer file is cut one byte past it,
// which the check refuses as too big, naming the limit.
func readAttachmentUpload(w http.ResponseWriter, r *http.Request) (app.AttachmentFile, error) {
	const limit = dangjian.MaxAttachmentBytes
	r.Body = http.MaxBytesReader(w, r.Body, limit+(1<<20))
	noFile := &dangjian.Error{Code: dangjian.EINVALID, Message: "请以 multipart/form-data 上传文件，字段名为 file",
		Fields: map[string]string{"file": "请选择要上传的文件（JPEG、PNG、WebP 图片或 PDF）"}}
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
			return app.AttachmentFile{}, fieldError("file", "文件不能超过 "+strconv.Itoa(limit>>20)+" MB")
		}
		if err != nil {
			return app.AttachmentFile{}, dangjian.Errorf(dangjian.EINVALID, "上传内容无法读取")
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if errors.As(err, &big) {
			data = append(data, make([]byte, limit+1-int64(len(data)))...)
		} else if err != nil {
			return app.AttachmentFile{}, dangjian.Errorf(dangjian.EINVALID, "上传内容无法读取")
		}
		return app.AttachmentFile{Name: part.FileName(), Data: data}, nil
	}
}

// addAttachment keeps a photo or PDF of a meeting: 201 with its record.
func (s *server) addAttachment(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := readAttachmentUpload(w, r)
	if err != nil {
		return err
	}
	att, err := s.app.AddAttachment(r.Context(), c.Actor, id, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, att)
	return nil
}

// listAttachments lists a meeting's attachments.
func (s *server) listAttachments(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := s.app.Attachments(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(list))
	return nil
}

// attachment answers the file itself, always as a download, with the type
// its bytes were found to be; the browser is told not to guess another.
func (s *server) attachment(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	att, data, err := s.app.Attachment(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", att.ContentType)
	h.Set("Content-Disposition", app.AttachmentDisposition(att, false))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(data)
	if err != nil {
		s.log.InfoContext(r.Context(), "attachment download cut short", "id", id, "err", err)
	}
	return nil
}

// deleteAttachment removes an attachment; {"reason"} is required.
func (s *server) deleteAttachment(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	if _, err := s.app.DeleteAttachment(r.Context(), c.Actor, id, in.Reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
