package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/xlsx"
)

// AttachmentFile is an uploaded photo or document as the edge read it.
// An edge that stopped at the size limit passes one byte more than the
// limit, which is refused as too big.
type AttachmentFile struct {
	Name string
	Data []byte
}

// AddAttachment keeps a photo or document of a meeting the actor may
// write: its type found from its bytes, its name cleaned, the file
// encrypted, at most dangjian.MaxAttachments per meeting; audited.
func (a *App) AddAttachment(ctx context.Context, actor *dangjian.Actor, meetingID int64, f AttachmentFile) (*dangjian.Attachment, error) {
	// The file is checked before the meeting is looked up: a refused file
	// says nothing about the meeting.
	ct, name, err := dangjian.CheckAttachment(f.Name, f.Data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(f.Data)
	att := &dangjian.Attachment{MeetingID: meetingID, FileName: name, ContentType: ct, Size: int64(len(f.Data)),
		SHA256: hex.EncodeToString(sum[:]), CreatedBy: userID(actor)}
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		m, _, err := writeMeeting(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		n, err := tx.CountAttachments(ctx, m.ID)
		if err != nil {
			return err
		}
		if n >= dangjian.MaxAttachments {
			msg := fmt.Sprintf("每次会议最多 %d 个附件，请先删除不需要的附件", dangjian.MaxAttachments)
			return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
		}
		if err := tx.CreateAttachment(ctx, att, f.Data); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "attachment.create", "meeting", m.ID, m.OrgID, map[string]any{
			"attachment_id": att.ID, "file_name": att.FileName, "content_type": att.ContentType, "size": att.Size, "sha256": att.SHA256})
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// Attachments lists the attachments of a meeting the actor may read.
func (a *App) Attachments(ctx context.Context, actor *dangjian.Actor, meetingID int64) ([]*dangjian.Attachment, error) {
	var out []*dangjian.Attachment
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		if _, _, err := readMeeting(ctx, tx, actor, meetingID); err != nil {
			return err
		}
		var err error
		out, err = tx.Attachments(ctx, meetingID)
		return err
	})
	return out, err
}

// readAttachment returns an attachment, not deleted, of a meeting the
// actor may read; anything else is not found.
func readAttachment(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, id int64) (*dangjian.Attachment, *dangjian.Meeting, error) {
	att, err := tx.Attachment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if att.Deleted {
		return nil, nil, hidden("附件")
	}
	m, _, err := readMeeting(ctx, tx, actor, att.MeetingID)
	if dangjian.ErrorCode(err) == dangjian.ENOTFOUND {
		return nil, nil, hidden("附件")
	}
	if err != nil {
		return nil, nil, err
	}
	return att, m, nil
}

// Attachment returns an attachment with its file, for download, if the
// actor may read its meeting's organization.
func (a *App) Attachment(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.Attachment, []byte, error) {
	var att *dangjian.Attachment
	var data []byte
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if att, _, err = readAttachment(ctx, tx, actor, id); err != nil {
			return err
		}
		data, err = tx.AttachmentData(ctx, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return att, data, nil
}

// DeleteAttachment removes an attachment, with a reason, from a meeting
// the actor may write; the row stays (without the file) and the deletion
// is audited.
func (a *App) DeleteAttachment(ctx context.Context, actor *dangjian.Actor, id int64, reason string) (*dangjian.Attachment, error) {
	reason, err := dangjian.AttachmentDeleteReason(reason)
	if err != nil {
		return nil, err
	}
	var att *dangjian.Attachment
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if att, _, err = readAttachment(ctx, tx, actor, id); err != nil {
			return err
		}
		m, _, err := writeMeeting(ctx, tx, actor, att.MeetingID)
		if err != nil {
			return err
		}
		if err := tx.DeleteAttachment(ctx, id, reason); err != nil {
			return err
		}
		att.Deleted, att.DeleteReason = true, reason
		return audit(ctx, tx, actor, "attachment.delete", "meeting", m.ID, m.OrgID, map[string]any{
			"attachment_id": att.ID, "file_name": att.FileName, "sha256": att.SHA256, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// AttachmentDisposition is the Content-Disposition that serves an
// attachment under its (cleaned, possibly Chinese) name: as a download,
// or with inline for a photo a page shows.
func AttachmentDisposition(att *dangjian.Attachment, inline bool) string {
	d := xlsx.ContentDisposition(att.FileName)
	if inline && att.IsImage() {
		return "inline" + strings.TrimPrefix(d, "attachment")
	}
	return d
}
