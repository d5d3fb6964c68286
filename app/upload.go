package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// The import in two steps: the upload is kept in the database (not in
// this process) between its preview and its confirmation.

// uploadTTL is how long an upload waits for its confirmation.
const uploadTTL = time.Hour

// uploadMembers is the kind of upload a member import keeps.
const uploadMembers = "member_import"

// StagedImport is an upload waiting for its confirmation, with its
// preview (or, once confirmed, what it did).
type StagedImport struct {
	ID        int64
	FileName  string
	Size      int64
	CreatedAt time.Time
	ExpiresAt time.Time
	Done      bool
	Result    *ImportResult
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
	var id int64
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		// One pending import per user, and none older than the TTL.
		if err := tx.DeleteUploads(ctx, actor.UserID, uploadMembers, tx.Now.Add(-uploadTTL)); err != nil {
			return err
		}
		u := &sqlstore.Upload{UserID: actor.UserID, Kind: uploadMembers, FileName: f.Name, Data: f.Data, Size: int64(len(f.Data))}
		if err := tx.CreateUpload(ctx, u); err != nil {
			return err
		}
		id = u.ID
		return nil
	})
	return id, nil, err
}

// stagedUpload returns the actor's own unexpired member upload with id.
func (a *App) stagedUpload(ctx context.Context, actor *dangjian.Actor, id int64) (*sqlstore.Upload, error) {
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
	if u.UserID != actor.UserID || u.Kind != uploadMembers || (u.DoneAt == nil && a.db.Now().Sub(u.CreatedAt) > uploadTTL) {
		return nil, expiredUpload()
	}
	return u, nil
}

func expiredUpload() error {
	return dangjian.Errorf(dangjian.ENOTFOUND, "上传记录不存在或已过期（保留 1 小时），请重新上传")
}

func stagedOf(u *sqlstore.Upload) *StagedImport {
	return &StagedImport{ID: u.ID, FileName: u.FileName, Size: u.Size, CreatedAt: u.CreatedAt, ExpiresAt: u.CreatedAt.Add(uploadTTL), Done: u.DoneAt != nil}
}

// PreviewStagedImport checks a kept upload without writing: the counts
// and every problem. A confirmed upload answers what it did.
func (a *App) PreviewStagedImport(ctx context.Context, actor *dangjian.Actor, id int64) (*StagedImport, error) {
	u, err := a.stagedUpload(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	s := stagedOf(u)
	if s.Done {
		s.Result = &ImportResult{}
		if err := json.Unmarshal([]byte(u.Result), s.Result); err != nil {
			return nil, fmt.Errorf("read import result: %w", err)
		}
		return s, nil
	}
	s.Result, err = a.ImportMembers(ctx, actor, ImportFile{Name: u.FileName, Data: u.Data}, ImportOptions{DryRun: true})
	if s.Result == nil {
		return nil, err
	}
	return s, nil
}

// ConfirmStagedImport imports a kept upload: checked again, then written
// in one transaction with the upload marked done, so it imports once.
func (a *App) ConfirmStagedImport(ctx context.Context, actor *dangjian.Actor, id int64) (*StagedImport, error) {
	if !actor.HasPermAnywhere(dangjian.PermMemberWrite) {
		return nil, forbidden()
	}
	u, err := a.stagedUpload(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	s := stagedOf(u)
	if s.Done {
		return nil, dangjian.Errorf(dangjian.ECONFLICT, "该文件已经导入")
	}
	p, res, err := parseUpload(ImportFile{Name: u.FileName, Data: u.Data}, ImportOptions{})
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
			return dangjian.Errorf(dangjian.ECONFLICT, "该文件已经导入")
		}
		if err := a.importRows(ctx, tx, actor, p, ImportOptions{}, res); err != nil {
			return err
		}
		if res.ErrorCount > 0 {
			return res.failure()
		}
		kept := *res
		kept.Errors = []ImportIssue{}
		b, err := json.Marshal(kept)
		if err != nil {
			return fmt.Errorf("keep import result: %w", err)
		}
		return tx.SetUploadResult(ctx, u.ID, string(b))
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

// StagedImportErrors is MemberImportErrors of a kept upload.
func (a *App) StagedImportErrors(ctx context.Context, actor *dangjian.Actor, id int64) (*Export, error) {
	u, err := a.stagedUpload(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if u.DoneAt != nil {
		return nil, dangjian.Errorf(dangjian.ECONFLICT, "该文件已经导入，没有错误")
	}
	return a.MemberImportErrors(ctx, actor, ImportFile{Name: u.FileName, Data: u.Data})
}
