package sqlstore_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// TestAttachmentStore: a meeting's file is sealed at rest, comes back in
// clear, leaves no data once deleted, and a rotation re-seals it.
func TestAttachmentStore(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	kf, err := secret.Generate(secret.AES256GCM)
	if err != nil {
		t.Fatal(err)
	}
	db.SetKeys(mustRing(t, kf))
	_, _, _, br := tree(t, db, 1)
	file := []byte("%PDF-1.4\nSECRET-MINUTES\n%%EOF\n")
	m := &dangjian.Meeting{OrgID: br.ID, Kind: dangjian.MeetingThemeDay, HeldAt: time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC), Topic: "主题党日",
		Imported: true, Recorder: "李四", Headcount: &dangjian.Headcount{Due: 5, Present: 4, Leave: 1}, Quorum: dangjian.Quorum{Present: 4, Met: true}}
	var a1, a2 dangjian.Attachment
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.CreateMeeting(ctx, m, nil); err != nil {
			return err
		}
		for _, a := range []*dangjian.Attachment{&a1, &a2} {
			*a = dangjian.Attachment{MeetingID: m.ID, FileName: "纪要.pdf", ContentType: dangjian.TypePDF, Size: int64(len(file)), SHA256: "x"}
			if err := tx.CreateAttachment(ctx, a, file); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		got, err := tx.Meeting(ctx, m.ID)
		if err != nil || !got.Imported || got.Recorder != "李四" || got.Headcount == nil || *got.Headcount != *m.Headcount {
			t.Errorf("meeting read back = %+v, %v", got, err)
		}
		return nil
	})
	raw, err := sqlstore.RawText(ctx, db, `SELECT data FROM meeting_attachments ORDER BY id`)
	if err != nil || len(raw) != 2 || strings.Contains(raw[0], "SECRET") || secret.KeyOf(raw[0]) != 1 {
		t.Fatalf("at rest: %q, %v", raw, err)
	}
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		data, err := tx.AttachmentData(ctx, a1.ID)
		if err != nil || !bytes.Equal(data, file) {
			t.Errorf("read back %q, %v", data, err)
		}
		if n, err := tx.CountAttachments(ctx, m.ID); err != nil || n != 2 {
			t.Errorf("count = %d, %v", n, err)
		}
		return tx.DeleteAttachment(ctx, a2.ID, "重复")
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		list, err := tx.Attachments(ctx, m.ID)
		if err != nil || len(list) != 1 || list[0].ID != a1.ID {
			t.Errorf("list = %+v, %v", list, err)
		}
		gone, err := tx.Attachment(ctx, a2.ID)
		if err != nil || !gone.Deleted || gone.DeleteReason != "重复" || gone.DeletedAt == nil {
			t.Errorf("deleted = %+v, %v", gone, err)
		}
		if _, err := tx.AttachmentData(ctx, a2.ID); dangjian.ErrorCode(err) != dangjian.ENOTFOUND {
			t.Errorf("deleted data: %v", err)
		}
		return nil
	})
	kf2, err := secret.AddKey(kf)
	if err != nil {
		t.Fatal(err)
	}
	db.SetKeys(mustRing(t, kf2))
	for round, want := range []int{1, 0} {
		var n int
		err := db.Update(ctx, func(tx *sqlstore.Tx) error {
			var err error
			n, err = tx.RekeyAttachments(ctx, 10)
			return err
		})
		if err != nil || n != want {
			t.Errorf("rekey round %d: %d, %v; want %d", round, n, err, want)
		}
	}
	db.SetKeys(mustRing(t, secret.Keep(kf2)))
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		data, err := tx.AttachmentData(ctx, a1.ID)
		if err != nil || !bytes.Equal(data, file) {
			t.Errorf("with only the new key: %q, %v", data, err)
		}
		return nil
	})
}
