package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// The import in two steps: the upload is kept in the database (not in
// this process) between its preview and its confirmation. The member
// and the meeting import share the mechanics below; each kind of upload
// has its own Kind so that one cannot be confirmed as the other.

// uploadTTL is how long an upload waits for its confirmation.
const uploadTTL = time.Hour

// The kinds of upload the imports keep.
const (
	uploadMembers  = "member_import"
	uploadMeetings = "meeting_import"
)

// Staged is an upload waiting for its confirmation, with its preview
// (or, once confirmed, what it did); R is the import's result.
type Staged[R any] struct {
	ID        int64
	FileName  string
	Size      int64
	CreatedAt time.Time
	ExpiresAt time.Time
	Done      bool
	Result    *R
}

// StagedImport is a kept member upload.
type StagedImport = Staged[ImportResult]

// StagedMeetingImport is a kept meeting upload.
type StagedMeetingImport = Staged[MeetingImportResult]

// keepUpload stores f as the actor's pending upload of kind, replacing
// any earlier one: one pending import per user and kind, and none older
// than the TTL.
func (a *App) keepUpload(ctx context.Context, actor *dangjian.Actor, kind string, f ImportFile) (int64, error) {
	var id int64
	err := a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.DeleteUploads(ctx, actor.UserID, kind, tx.Now.Add(-uploadTTL)); err != nil {
			return err
		}
		u := &sqlstore.Upload{UserID: actor.UserID, Kind: kind, FileName: f.Name, Data: f.Data, Size: int64(len(f.Data))}
		if err := tx.CreateUpload(ctx, u); err != nil {
			return err
		}
		id = u.ID
		return nil
	})
	return id, err
}

// StageMemberImport keeps an upload in the database for the preview and
// confirmation steps, so that any app instance can take the next one. A
// file refused as a whole (size, zip bomb, header) is not kept: the
// result lists why.
func (a *App) StageMemberImport(ctx context.Context, actor *dangjian.Actor, f ImportFile) (int64, *ImportResult, error) {
	if !actor.HasPermAnywhere(dangjian.PermMemberWrite) || actor.UserID == 0 {
		return 0, nil, forbidden()
	}
	t, res, err := openUpload(f)
	if err != nil {
		return 0, nil, err
	}
	if t != nil {
		checkHeader(t, res, false)
		t.Close()
	}
	if res.ErrorCount > 0 {
		return 0, res, res.failure()
	}
	id, err := a.keepUpload(ctx, actor, uploadMembers, f)
	return id, nil, err
}

// stagedUpload returns the actor's own unexpired upload of kind with id.
func (a *App) stagedUpload(ctx context.Context, actor *dangjian.Actor, kind string, id int64) (*sqlstore.Upload, error) {
	var u *sqlstore.Upload
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		u, err = tx.Upload(ctx, id)
		return err
	})
	if err != nil {
		if dangjian.ErrorCode(err) == dangjian.ENOTFOUND {
			return nil, expiredUpload()
		}
		return nil, err
	}
	if u.UserID != actor.UserID || u.Kind != kind || (u.DoneAt == nil && a.db.Now().Sub(u.CreatedAt) > uploadTTL) {
		return nil, expiredUpload()
	}
	return u, nil
}

func expiredUpload() error {
	return dangjian.Errorf(dangjian.ENOTFOUND, "上传记录不存在或已过期（保留 1 小时），请重新上传")
}

func alreadyImported() error {
	return dangjian.Errorf(dangjian.ECONFLICT, "该文件已经导入")
}

func stagedOf[R any](u *sqlstore.Upload) *Staged[R] {
	return &Staged[R]{ID: u.ID, FileName: u.FileName, Size: u.Size, CreatedAt: u.CreatedAt, ExpiresAt: u.CreatedAt.Add(uploadTTL), Done: u.DoneAt != nil}
}

func uploadFile(u *sqlstore.Upload) ImportFile {
	return ImportFile{Name: u.FileName, Data: u.Data}
}

// previewStaged checks the actor's kept upload of kind with dryRun; a
// confirmed upload answers the result kept when it was imported.
func previewStaged[R any](ctx context.Context, a *App, actor *dangjian.Actor, kind string, id int64, dryRun func(ImportFile) (*R, error)) (*Staged[R], error) {
	u, err := a.stagedUpload(ctx, actor, kind, id)
	if err != nil {
		return nil, err
	}
	s := stagedOf[R](u)
	if s.Done {
		s.Result = new(R)
		if err := json.Unmarshal([]byte(u.Result), s.Result); err != nil {
			return nil, fmt.Errorf("read import result: %w", err)
		}
		return s, nil
	}
	s.Result, err = dryRun(uploadFile(u))
	if s.Result == nil {
		return nil, err
	}
	return s, nil
}

// pendingUpload is stagedUpload for the confirmation: an upload already
// imported is a conflict.
func (a *App) pendingUpload(ctx context.Context, actor *dangjian.Actor, kind string, id int64) (*sqlstore.Upload, error) {
	u, err := a.stagedUpload(ctx, actor, kind, id)
	if err != nil {
		return nil, err
	}
	if u.DoneAt != nil {
		return nil, alreadyImported()
	}
	return u, nil
}

// keptResult is what a confirmed upload keeps of its result v: its JSON.
func keptResult(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("keep import result: %w", err)
	}
	return string(b), nil
}

// PreviewStagedImport checks a kept upload without writing: the counts
// and every problem. A confirmed upload answers what it did.
func (a *App) PreviewStagedImport(ctx context.Context, actor *dangjian.Actor, id int64) (*StagedImport, error) {
	return previewStaged(ctx, a, actor, uploadMembers, id, func(f ImportFile) (*ImportResult, error) {
		return a.ImportMembers(ctx, actor, f, ImportOptions{DryRun: true})
	})
}

// ConfirmStagedImport imports a kept upload: checked again, then written
// in one transaction with the upload marked done, so it imports once.
func (a *App) ConfirmStagedImport(ctx context.Context, actor *dangjian.Actor, id int64) (*StagedImport, error) {
	if !actor.HasPermAnywhere(dangjian.PermMemberWrite) {
		return nil, forbidden()
	}
	u, err := a.pendingUpload(ctx, actor, uploadMembers, id)
	if err != nil {
		return nil, err
	}
	s := stagedOf[ImportResult](u)
	p, res, err := parseUpload(uploadFile(u), ImportOptions{})
	if err != nil {
		return nil, err
	}
	s.Result = res
	if p == nil {
		return s, res.failure()
	}
	err = a.db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error {
		first, err := tx.FinishUpload(ctx, u.ID, "")
		if err != nil {
			return err
		}
		if !first {
			return alreadyImported()
		}
		if err := a.importRows(ctx, tx, actor, p, ImportOptions{}, res); err != nil {
			return err
		}
		if res.ErrorCount > 0 {
			return res.failure()
		}
		kept := *res
		kept.Errors = []ImportIssue{}
		b, err := keptResult(kept)
		if err != nil {
			return err
		}
		return tx.SetUploadResult(ctx, u.ID, b)
	})
	if res.ErrorCount > 0 {
		return s, res.failure()
	}
	if err != nil {
		return nil, err
	}
	s.Done = true
	return s, nil
}

// stagedErrors is the error workbook (made by errs) of the actor's kept,
// not yet imported upload of kind.
func (a *App) stagedErrors(ctx context.Context, actor *dangjian.Actor, kind string, id int64, errs func(ImportFile) (*Export, error)) (*Export, error) {
	u, err := a.stagedUpload(ctx, actor, kind, id)
	if err != nil {
		return nil, err
	}
	if u.DoneAt != nil {
		return nil, dangjian.Errorf(dangjian.ECONFLICT, "该文件已经导入，没有错误")
	}
	return errs(uploadFile(u))
}

// StagedImportErrors is MemberImportErrors of a kept upload.
func (a *App) StagedImportErrors(ctx context.Context, actor *dangjian.Actor, id int64) (*Export, error) {
	return a.stagedErrors(ctx, actor, uploadMembers, id, func(f ImportFile) (*Export, error) {
		return a.MemberImportErrors(ctx, actor, f)
	})
}

// errorWorkbook is f back as a workbook with a 错误说明 column beside
// cols and the list of problems, named after f (or stem for a file
// without a name), for the user to correct and upload again.
func errorWorkbook(f ImportFile, stem string, cols []xlsx.Column, problems []ImportIssue) *Export {
	issues := make([]xlsx.Issue, len(problems))
	for i, is := range problems {
		issues[i] = xlsx.Issue{Row: is.Row, Column: is.Column, Message: is.Message}
	}
	if s := strings.TrimSuffix(f.Name, fileExt(f.Name)); s != "" {
		stem = s
	}
	return &Export{
		Filename: stem + "-错误说明.xlsx", Format: xlsx.FormatXLSX,
		stream: func(ctx context.Context, w io.Writer) error {
			t, err := xlsx.Open(bytes.NewReader(f.Data), int64(len(f.Data)), f.Name, xlsx.DefaultLimits())
			if err != nil {
				// A file refused as a whole has no rows to give back: the
				// workbook is the list of problems alone.
				return errorList(w, issues)
			}
			defer t.Close()
			return xlsx.ErrorWorkbook(w, t, cols, issues)
		},
	}
}
