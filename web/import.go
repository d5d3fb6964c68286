package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// The member import in three steps, each a plain form that works without
// JavaScript: upload (POST, multipart) → preview (GET, the upload kept in
// the database) → confirm (POST).

// importStep is one step of the import, for the steps bar.
type importStep struct {
	Label   string
	Current bool
	Done    bool
}

func importSteps(lang string, at int) []importStep {
	out := []importStep{{Label: tr(lang, "import.step.upload")}, {Label: tr(lang, "import.step.preview")}, {Label: tr(lang, "import.step.confirm")}}
	for i := range out {
		out[i].Current, out[i].Done = i == at, i < at
	}
	return out
}

// importUploadPage is the upload form, with the problems of a refused file.
type importUploadPage struct {
	Base
	Steps  []importStep
	Limits string
	Alert  string
	Issues []app.ImportIssue
}

// importPreviewPage is the preview of a kept upload, or what it did.
type importPreviewPage struct {
	Base
	Steps     []importStep
	S         *app.StagedImport
	Issues    []app.ImportIssue // the first ones; the workbook has all
	More      int
	ExpiresAt time.Time
	Confirm   string
	Errors    string
}

// importShown is how many problems the preview lists on the page.
const importShown = 500

func (s *server) importLimits(lang string) string {
	l := app.ImportLimits()
	return tr(lang, "import.limits", sizeText(l.MaxBytes), formatInt(l.MaxRows), sizeText(l.MaxUnzipped))
}

// sizeText writes a limit in bytes as MB.
func sizeText(n int64) string { return fmt.Sprintf("%d MB", n>>20) }

func (s *server) importForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.importUploadPage(w, r, rq, http.StatusOK, "", nil)
}

func (s *server) importUploadPage(w http.ResponseWriter, r *http.Request, rq *request, status int, alert string, issues []app.ImportIssue) error {
	l := rq.lang
	p := &importUploadPage{Steps: importSteps(l, 0), Limits: s.importLimits(l), Alert: alert, Issues: issues}
	p.Base = s.base(w, r, rq, tr(l, "import.title"))
	p.Crumbs = []crumb{{Label: tr(l, "roster.title"), Href: "/members"}, {Label: p.Title}}
	return s.render(w, rq, status, "import/upload", p)
}

// importUpload keeps the uploaded file and goes to its preview; a file
// refused as a whole comes back to the form with the reasons.
func (s *server) importUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	f, err := readUpload(w, r)
	if err == nil {
		var id int64
		var res *app.ImportResult
		id, res, err = s.app.StageMemberImport(r.Context(), rq.actor(), f)
		if err == nil {
			http.Redirect(w, r, importHref(id), http.StatusSeeOther)
			return nil
		}
		if res != nil && dangjian.ErrorCode(err) == dangjian.EINVALID {
			return s.importUploadPage(w, r, rq, http.StatusUnprocessableEntity, tr(rq.lang, "import.refused"), res.Errors)
		}
	}
	if dangjian.ErrorCode(err) == dangjian.EINVALID {
		return s.importUploadPage(w, r, rq, http.StatusUnprocessableEntity, msgOrZh(rq.lang, dangjian.ErrorMessage(err)), nil)
	}
	return err
}

// msgOrZh is a message in lang where the catalog has it, else as app
// wrote it: import messages quote the file, which is Chinese anyway.
func msgOrZh(lang, zh string) string {
	if en := msgIn(lang, zh); en != "The value is not valid." {
		return en
	}
	return zh
}

func importHref(id int64) string { return "/imports/members/" + itoa(id) }

func (s *server) importPreview(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.app.PreviewStagedImport(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	return s.importPreviewPage(w, r, rq, http.StatusOK, st)
}

func (s *server) importPreviewPage(w http.ResponseWriter, r *http.Request, rq *request, status int, st *app.StagedImport) error {
	l := rq.lang
	step := 1
	if st.Done {
		step = 3
	}
	p := &importPreviewPage{Steps: importSteps(l, step), S: st, ExpiresAt: st.ExpiresAt,
		Confirm: importHref(st.ID) + "/confirm", Errors: importHref(st.ID) + "/errors"}
	p.Issues = st.Result.Errors
	if len(p.Issues) > importShown {
		p.Issues = p.Issues[:importShown]
	}
	p.More = st.Result.ErrorCount - len(p.Issues)
	p.Base = s.base(w, r, rq, tr(l, "import.preview.title"))
	p.Crumbs = []crumb{{Label: tr(l, "roster.title"), Href: "/members"}, {Label: tr(l, "import.title"), Href: "/imports/members"}, {Label: p.Title}}
	return s.render(w, rq, status, "import/preview", p)
}

// importConfirm writes a kept upload; a file that went bad since its
// preview (someone registered one of its ID numbers) shows the preview
// again with the problems.
func (s *server) importConfirm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.app.ConfirmStagedImport(r.Context(), rq.actor(), id)
	if err != nil {
		if st != nil && st.Result != nil && dangjian.ErrorCode(err) == dangjian.EINVALID {
			return s.importPreviewPage(w, r, rq, http.StatusUnprocessableEntity, st)
		}
		return err
	}
	s.redirect(w, r, importHref(id), "flash.imported")
	return nil
}

// importErrors answers the upload back with a 错误说明 column.
func (s *server) importErrors(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ex, err := s.app.StagedImportErrors(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) importTemplate(w http.ResponseWriter, r *http.Request, rq *request) error {
	ex, err := s.app.MemberTemplate(rq.actor())
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// readUpload reads the form's file field without holding more than the
// size limit: a longer file is cut one byte past it, which the import
// refuses as too big, naming the limit.
func readUpload(w http.ResponseWriter, r *http.Request) (app.ImportFile, error) {
	limit := app.ImportLimits().MaxBytes
	r.Body = http.MaxBytesReader(w, r.Body, limit+(1<<20))
	noFile := dangjian.Errorf(dangjian.EINVALID, "请选择要上传的文件（.xlsx 或 .csv）")
	mr, err := r.MultipartReader()
	if err != nil {
		return app.ImportFile{}, noFile
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return app.ImportFile{}, noFile
		}
		if err != nil {
			return app.ImportFile{}, dangjian.Errorf(dangjian.EINVALID, "表单无法读取")
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			data = append(data, make([]byte, limit+1-int64(len(data)))...)
		} else if err != nil {
			return app.ImportFile{}, dangjian.Errorf(dangjian.EINVALID, "表单无法读取")
		}
		if part.FileName() == "" && len(data) == 0 {
			return app.ImportFile{}, noFile
		}
		return app.ImportFile{Name: part.FileName(), Data: data}, nil
	}
}
