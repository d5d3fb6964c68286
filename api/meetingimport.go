package api

import (
	"net/http"

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
	return runImport(w, r, c, true, s.app.ImportMeetings, func(res *app.MeetingImportResult, e *errorBody) any {
		return meetingImportAnswer{MeetingImportResult: res, Error: e}
	})
}

// importMeetingErrors answers the uploaded file back with the added
// 错误说明 column.
func (s *server) importMeetingErrors(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.sendImportErrors(w, r, c, s.app.MeetingImportErrors)
}

// importMeetingTemplate answers the meeting import template.
func (s *server) importMeetingTemplate(w http.ResponseWriter, r *http.Request, c *caller) error {
	ex, err := s.app.MeetingTemplate(c.Actor)
	if err != nil {
		return err
	}
	return s.sendFile(w, r, ex)
}
