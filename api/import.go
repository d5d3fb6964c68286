package api

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// importAnswer is the answer of an import: the counts and problems, and
// when the file had problems (422) the error of every failed request too.
type importAnswer struct {
	*app.ImportResult
	Error *errorBody `json:"error,omitempty"`
}

// importMembers takes a roster file in the multipart field "file";
// ?dry_run=1 only previews. With any problem nothing is written and the
// answer is 422 with every problem listed.
func (s *server) importMembers(w http.ResponseWriter, r *http.Request, c *caller) error {
	return runImport(w, r, c, false, s.app.ImportMembers, func(res *app.ImportResult, e *errorBody) any {
		return importAnswer{ImportResult: res, Error: e}
	})
}

// importFunc is an app import: ImportMembers or ImportMeetings.
type importFunc[R any] func(context.Context, *dangjian.Actor, app.ImportFile, app.ImportOptions) (*R, error)

// runImport is the body of the import endpoints: ?dry_run=1 (and with
// withOrg ?org=), the uploaded file, then the result from answer, with
// the error beside it when the file had problems.
func runImport[R any](w http.ResponseWriter, r *http.Request, c *caller, withOrg bool, run importFunc[R], answer func(*R, *errorBody) any) error {
	p := paramsOf(r)
	dry := p.boolean("dry_run")
	var org string
	if withOrg {
		org = p.text("org")
	}
	if err := p.err(); err != nil {
		return err
	}
	f, err := readUpload(w, r)
	if err != nil {
		return err
	}
	res, err := run(r.Context(), c.Actor, f, app.ImportOptions{DryRun: dry != nil && *dry, Org: org})
	if err != nil && res == nil {
		return err
	}
	if err != nil {
		fields := dangjian.ErrorFields(err)
		if fields == nil {
			fields = map[string]string{}
		}
		writeJSON(w, status(dangjian.ErrorCode(err)), answer(res,
			&errorBody{Code: dangjian.ErrorCode(err), Message: dangjian.ErrorMessage(err), Fields: fields}))
		return nil
	}
	writeJSON(w, http.StatusOK, answer(res, nil))
	return nil
}

// importErrors answers the uploaded file back as a workbook with the
// added 错误说明 column, for the user to correct.
func (s *server) importErrors(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.sendImportErrors(w, r, c, s.app.MemberImportErrors)
}

// sendImportErrors answers the uploaded file back through errs, an app's
// error workbook of an import.
func (s *server) sendImportErrors(w http.ResponseWriter, r *http.Request, c *caller, errs func(context.Context, *dangjian.Actor, app.ImportFile) (*app.Export, error)) error {
	f, err := readUpload(w, r)
	if err != nil {
		return err
	}
	ex, err := errs(r.Context(), c.Actor, f)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// importTemplate answers the import template.
func (s *server) importTemplate(w http.ResponseWriter, r *http.Request, c *caller) error {
	ex, err := s.app.MemberTemplate(c.Actor)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// readUpload reads the multipart field "file" without holding more than
// the size limit: a longer file is cut one byte past it, which the import
// refuses as too big with the limit in its message.
func readUpload(w http.ResponseWriter, r *http.Request) (app.ImportFile, error) {
	limit := app.ImportLimits().MaxBytes
	r.Body = http.MaxBytesReader(w, r.Body, limit+(1<<20))
	noFile := &dangjian.Error{Code: dangjian.EINVALID, Message: "请以 multipart/form-data 上传文件，字段名为 file",
		Fields: map[string]string{"file": "请选择要上传的文件（.xlsx 或 .csv）"}}
	mr, err := r.MultipartReader()
	if err != nil {
		return app.ImportFile{}, noFile
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return app.ImportFile{}, noFile
		}
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return app.ImportFile{}, dangjian.Errorf(dangjian.EINVALID, "请求体过大")
		}
		if err != nil {
			return app.ImportFile{}, dangjian.Errorf(dangjian.EINVALID, "上传内容无法读取")
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil && !errors.As(err, &big) {
			return app.ImportFile{}, dangjian.Errorf(dangjian.EINVALID, "上传内容无法读取")
		}
		if errors.As(err, &big) {
			data = append(data, make([]byte, limit+1-int64(len(data)))...)
		}
		return app.ImportFile{Name: part.FileName(), Data: data}, nil
	}
}
