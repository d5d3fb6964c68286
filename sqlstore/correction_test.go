package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/secret"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// TestCorrectionStore: proposed ID and phone numbers are sealed at rest and
// come back in clear; one pending request per member; a decision happens
// once; lists follow the member's branch; rotation re-seals old values.
func TestCorrectionStore(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	kf, err := secret.Generate(secret.AES256GCM)
	if err != nil {
		t.Fatal(err)
	}
	k1, err := secret.New(kf)
	if err != nil {
		t.Fatal(err)
	}
	db.SetKeys(k1)
	_, a, b, br := tree(t, db, 2)
	var ids []int64
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		ms, err := tx.OrgRoster(ctx, br.ID)
		if err != nil || len(ms) != 2 {
			t.Fatalf("members = %v, %v", ms, err)
		}
		ids = []int64{ms[0].ID, ms[1].ID}
		return nil
	})
	const newID, newPhone = "11010119800101999X", "13987654321"
	c := &dangjian.Correction{MemberID: ids[0], Reason: "抄错了",
		Fields: map[string]string{"name": "王大", "id_number": newID, "phone": newPhone},
		Old:    map[string]string{"name": "王0", "id_number": "110***********0013", "phone": ""}}
	err = db.Update(ctx, func(tx *sqlstore.Tx) error { return tx.CreateCorrection(ctx, c) })
	if err != nil || c.ID == 0 || c.Status != dangjian.CorrectionPending {
		t.Fatalf("create = %+v, %v", c, err)
	}
	raw, err := sqlstore.RawText(ctx, db, `SELECT fields || '|' || sensitive || '|' || old_values || '|' || reason FROM corrections`)
	if err != nil || len(raw) != 1 {
		t.Fatalf("raw = %v, %v", raw, err)
	}
	for _, clear := range []string{newID, newPhone, "1987654321", "19800101999"} {
		if strings.Contains(raw[0], clear) {
			t.Errorf("the database holds %q in clear: %s", clear, raw[0])
		}
	}
	if !strings.Contains(raw[0], "王大") {
		t.Errorf("the plain fields are missing: %s", raw[0])
	}
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		got, err := tx.Correction(ctx, c.ID)
		if err != nil {
			return err
		}
		if got.Fields["id_number"] != newID || got.Fields["phone"] != newPhone || got.Fields["name"] != "王大" || len(got.Fields) != 3 {
			t.Errorf("read back = %v", got.Fields)
		}
		if got.OrgID != br.ID || got.OrgPath != br.Path || got.MemberName != "王0" || got.Old["id_number"] != "110***********0013" {
			t.Errorf("read back = %+v", got)
		}
		if open, err := tx.OpenCorrectionID(ctx, ids[0]); err != nil || open != c.ID {
			t.Errorf("open = %d, %v", open, err)
		}
		if open, err := tx.OpenCorrectionID(ctx, ids[1]); err != nil || open != 0 {
			t.Errorf("open for the other member = %d, %v", open, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The unique index holds even past the app's check.
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateCorrection(ctx, &dangjian.Correction{MemberID: ids[0], Reason: "再来", Fields: map[string]string{"name": "王二"}, Old: map[string]string{}})
	})
	if dangjian.ErrorCode(err) != dangjian.ECONFLICT {
		t.Errorf("second pending request: %v", err)
	}
	// Scopes follow the member's branch; Own adds one's own requests.
	list := func(f dangjian.CorrectionFilter) int {
		var total int
		_ = db.View(ctx, func(tx *sqlstore.Tx) error {
			_, n, err := tx.Corrections(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			m, err := tx.CountCorrections(ctx, f)
			if err != nil || m != n {
				t.Errorf("count %d, list total %d, %v", m, n, err)
			}
			total = n
			return nil
		})
		return total
	}
	for name, c := range map[string]struct {
		f    dangjian.CorrectionFilter
		want int
	}{
		"branch's department":     {dangjian.CorrectionFilter{Scopes: []string{a.Path}}, 1},
		"other department":        {dangjian.CorrectionFilter{Scopes: []string{b.Path}}, 0},
		"no scope":                {dangjian.CorrectionFilter{}, 0},
		"own":                     {dangjian.CorrectionFilter{Own: ids[0]}, 1},
		"someone else's own":      {dangjian.CorrectionFilter{Own: ids[1]}, 0},
		"status":                  {dangjian.CorrectionFilter{Scopes: []string{a.Path}, Status: dangjian.CorrectionApproved}, 0},
		"org path":                {dangjian.CorrectionFilter{Scopes: []string{"/"}, OrgPath: b.Path}, 0},
		"leave out the member":    {dangjian.CorrectionFilter{Scopes: []string{"/"}, NotMember: ids[0]}, 0},
		"the member":              {dangjian.CorrectionFilter{Scopes: []string{"/"}, MemberID: ids[0]}, 1},
		"past the last page":      {dangjian.CorrectionFilter{Scopes: []string{"/"}, Offset: 50}, 1},
		"other department or own": {dangjian.CorrectionFilter{Scopes: []string{b.Path}, Own: ids[0]}, 1},
	} {
		if got := list(c.f); got != c.want {
			t.Errorf("%s: %d, want %d", name, got, c.want)
		}
	}
	// One decision only.
	decide := func(status string) error {
		return db.Update(ctx, func(tx *sqlstore.Tx) error { return tx.DecideCorrection(ctx, c.ID, status, "好", nil) })
	}
	if err := decide(dangjian.CorrectionApproved); err != nil {
		t.Fatal(err)
	}
	if err := decide(dangjian.CorrectionRejected); dangjian.ErrorCode(err) != dangjian.ECONFLICT {
		t.Errorf("second decision: %v", err)
	}
	// Rotation: the old key's value is re-sealed under the new one.
	kf2, err := secret.AddKey(kf)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := secret.New(kf2)
	if err != nil {
		t.Fatal(err)
	}
	db.SetKeys(k2)
	for round, want := range []int{1, 0} {
		var n int
		err := db.Update(ctx, func(tx *sqlstore.Tx) error {
			var err error
			n, err = tx.RekeyCorrections(ctx, 100)
			return err
		})
		if err != nil || n != want {
			t.Errorf("rekey round %d: %d, %v; want %d", round, n, err, want)
		}
	}
	raw, err = sqlstore.RawText(ctx, db, `SELECT sensitive FROM corrections`)
	if err != nil || secret.KeyOf(raw[0]) != k2.Current() {
		t.Errorf("after rekey the value is under key %d", secret.KeyOf(raw[0]))
	}
	db.SetKeys(mustRing(t, secret.Keep(kf2)))
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		got, err := tx.Correction(ctx, c.ID)
		if err != nil || got.Fields["id_number"] != newID || got.Status != dangjian.CorrectionApproved {
			t.Errorf("read with only the new key: %+v, %v", got, err)
		}
		return nil
	})
}

func mustRing(t *testing.T, f secret.File) *secret.Keyring {
	t.Helper()
	r, err := secret.New(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
