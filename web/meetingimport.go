package web

import (
	"net/http"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// The import of past meetings, in the three steps of the member import:
// upload (POST, multipart) → preview (GET, the upload kept in the
// database) → confirm (POST); each a plain form.

// meetingImportUploadPage is the upload form, with the problems of a
// refused file.
type meetingImportUploadPage struct {
	Base
	Steps  []importStep
	Limits string
	Alert  string
	Issues []app.ImportIssue
}

// meetingImportPreviewPage is the preview of a kept upload, or what it did.
type meetingImportPreviewPage struct {
	Base
	Steps     []importStep
	S         *app.StagedMeetingImport
	Issues    []app.ImportIssue // the first ones; the workbook has all
	More      int
	Meetings  []app.MeetingPreview
	MoreRows  int
	ExpiresAt time.Time
	Confirm   string
	Errors    string
}

func meetingImportHref(id int64) string { return "/imports/meetings/" + itoa(id) }

// mayRecordMeetings is the form's own check; app checks again.
func mayRecordMeetings(rq *request) error {
	a := rq.actor()
	if a == nil || !(a.HasPermAnywhere(dangjian.PermOrgWrite) || a.HasPermAnywhere(dangjian.PermMemberWrite)) {
		return dangjian.Errorf(dangjian.EFORBIDDEN, "没有权限执行此操作")
	}
	return nil
}

func (s *server) meetingImportForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mayRecordMeetings(rq); err != nil {
		return err
	}
	return s.meetingImportUploadPage(w, r, rq, http.StatusOK, "", nil)
}

func (s *server) meetingImportUploadPage(w http.ResponseWriter, r *http.Request, rq *request, status int, alert string, issues []app.ImportIssue) error {
	l := rq.lang
	p := &meetingImportUploadPage{Steps: importSteps(l, 0), Limits: s.importLimits(l), Alert: alert, Issues: issues}
	p.Base = s.base(w, r, rq, tr(l, "mimport.title"))
	p.Crumbs = []crumb{{Label: p.Title}}
	return s.render(w, rq, status, "meetingimport/upload", p)
}

// meetingImportUpload keeps the uploaded file and goes to its preview; a
// file refused as a whole comes back to the form with the reasons.
func (s *server) meetingImportUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	f, err := readUpload(w, r)
	if err == nil {
		var id int64
		var res *app.MeetingImportResult
		id, res, err = s.app.StageMeetingImport(r.Context(), rq.actor(), f)
		if err == nil {
			http.Redirect(w, r, meetingImportHref(id), http.StatusSeeOther)
			return nil
		}
		if res != nil && dangjian.ErrorCode(err) == dangjian.EINVALID {
			return s.meetingImportUploadPage(w, r, rq, http.StatusUnprocessableEntity, tr(rq.lang, "import.refused"), res.Errors)
		}
	}
	if dangjian.ErrorCode(err) == dangjian.EINVALID {
		return s.meetingImportUploadPage(w, r, rq, http.StatusUnprocessableEntity, msgOrZh(rq.lang, dangjian.ErrorMessage(err)), nil)
	}
	return err
}

func (s *server) meetingImportPreview(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.app.PreviewStagedMeetingImport(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	return s.meetingImportPreviewPage(w, r, rq, http.StatusOK, st)
}

func (s *server) meetingImportPreviewPage(w http.ResponseWriter, r *http.Request, rq *request, status int, st *app.StagedMeetingImport) error {
	l := rq.lang
	step := 1
	if st.Done {
		step = 3
	}
	p := &meetingImportPreviewPage{Steps: importSteps(l, step), S: st, ExpiresAt: st.ExpiresAt,
		Confirm: meetingImportHref(st.ID) + "/confirm", Errors: meetingImportHref(st.ID) + "/errors"}
	p.Issues = st.Result.Errors
	if len(p.Issues) > importShown {
		p.Issues = p.Issues[:importShown]
	}
	p.More = st.Result.ErrorCount - len(p.Issues)
	p.Meetings = st.Result.Meetings
	if len(p.Meetings) > importShown {
		p.Meetings = p.Meetings[:importShown]
	}
	p.MoreRows = st.Result.Added - len(p.Meetings)
	p.Base = s.base(w, r, rq, tr(l, "mimport.preview.title"))
	p.Crumbs = []crumb{{Label: tr(l, "mimport.title"), Href: "/imports/meetings"}, {Label: p.Title}}
	return s.render(w, rq, status, "meetingimport/preview", p)
}

// meetingImportConfirm writes a kept upload; a file that went bad since
// its preview shows the preview again with the problems.
func (s *server) meetingImportConfirm(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.app.ConfirmStagedMeetingImport(r.Context(), rq.actor(), id)
	if err != nil {
		if st != nil && st.Result != nil && dangjian.ErrorCode(err) == dangjian.EINVALID {
			return s.meetingImportPreviewPage(w, r, rq, http.StatusUnprocessableEntity, st)
		}
		return err
	}
	s.redirect(w, r, meetingImportHref(id), "flash.mimport.done")
	return nil
}

// meetingImportErrors answers the upload back with a 错误说明 column.
func (s *server) meetingImportErrors(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ex, err := s.app.StagedMeetingImportErrors(r.Context(), rq.actor(), id)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

func (s *server) meetingImportTemplate(w http.ResponseWriter, r *http.Request, rq *request) error {
	ex, err := s.app.MeetingTemplate(rq.actor())
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}
