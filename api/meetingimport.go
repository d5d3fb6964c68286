package api

import (
	"net/http"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// meetingImportAnswer is the answer of a meeting import: the counts, the
// meetings and problems, and on 422 the error too.
type meetingImportAnswer struct {
	*app.MeetingImportResult
	Error *errorBody `json:"error,omitempty"`
}

// importMeetings takes a file of past meetings in the multipart field
// "file"; ?dry_run=1 only previews, ?org= names the organization of rows
// that leave 组织 empty. With any problem nothing is written: 422 with
// every problem listed.
func (s *server) importMeetings(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	dry := p.boolean("dry_run")
	org := p.text("org")
	if err := p.err(); err != nil {
		return err
	}
	f, err := readUpload(w, r)
	if err != nil {
		return err
	}
	res, err := s.app.ImportMeetings(r.Context(), c.Actor, f, app.ImportOptions{DryRun: dry != nil && *dry, Org: org})
	if err != nil && res == nil {
		return err
	}
	if err != nil {
		fields := dangjian.ErrorFields(err)
		if fields == nil {
			fields = map[string]string{}
		}
		writeJSON(w, status(dangjian.ErrorCode(err)), meetingImportAnswer{MeetingImportResult: res,
			Error: &errorBody{Code: dangjian.ErrorCode(err), Message: dangjian.ErrorMessage(err), Fields: fields}})
		return nil
	}
	writeJSON(w, http.StatusOK, meetingImportAnswer{MeetingImportResult: res})
	return nil
}

// importMeetingErrors answers the uploaded file back with the added
// 错误说明 column.
func (s *server) importMeetingErrors(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := readUpload(w, r)
	if err != nil {
		return err
	}
	ex, err := s.app.MeetingImportErrors(r.Context(), c.Actor, f)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}

// importMeetingTemplate answers the meeting import template.
func (s *server) importMeetingTemplate(w http.ResponseWriter, r *http.Request, c *caller) error {
	ex, err := s.app.MeetingTemplate(c.Actor)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}
