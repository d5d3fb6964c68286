package sqlstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// TestDualLifeQueries: the cadres of a subtree come in one scan with their
// branch and committee seat; the attendance aggregate counts only counted,
// undeleted meetings of the year, by organization, kind and status.
func TestDualLifeQueries(t *testing.T) {
	ctx := context.Background()
	db := sqltest.Open(t)
	root, a, b, br := tree(t, db, 4)
	var ms []*dangjian.Member
	err := db.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if ms, err = tx.OrgRoster(ctx, br.ID); err != nil || len(ms) != 4 {
			t.Fatalf("members = %v, %v", ms, err)
		}
		// m0 and m1 are leading cadres, m2 one no longer active; m3 is not one.
		for i, who := range ms[:3] {
			m, err := tx.Member(ctx, who.ID) // the roster holds only who they are
			if err != nil {
				return err
			}
			m.LeadingCadre = true
			m.Active = i < 2
			if err := tx.UpdateMember(ctx, m); err != nil {
				return err
			}
		}
		c := &dangjian.Committee{OrgID: br.ID, TermStart: dangjian.MustDate("2025-01-01"), TermEnd: dangjian.MustDate("2028-01-01"),
			Posts: []dangjian.Post{{MemberID: ms[1].ID, Post: dangjian.PostSecretary}, {MemberID: ms[3].ID, Post: dangjian.PostOrganization}}}
		if err := tx.ReplaceCommittee(ctx, c); err != nil {
			return err
		}
		meeting := func(kind, at string, counted, deleted bool, att ...dangjian.Attendance) {
			held, _ := time.ParseInLocation("2006-01-02 15:04", at, dangjian.CST)
			m := &dangjian.Meeting{OrgID: br.ID, Kind: kind, HeldAt: held, Topic: "学习", Counted: counted, Deleted: deleted, Attendance: att}
			m.Quorum.Met = true
			if err == nil {
				err = tx.CreateMeeting(ctx, m, nil)
			}
		}
		p, ab := dangjian.AttendPresent, dangjian.AttendAbsent
		meeting(dangjian.MeetingAssembly, "2026-01-01 00:30", true, false, dangjian.Attendance{MemberID: ms[0].ID, Status: p}, dangjian.Attendance{MemberID: ms[1].ID, Status: ab})
		meeting(dangjian.MeetingAssembly, "2026-03-01 09:00", true, false, dangjian.Attendance{MemberID: ms[0].ID, Status: p}, dangjian.Attendance{MemberID: ms[1].ID, Status: p})
		meeting(dangjian.MeetingThemeDay, "2026-04-01 09:00", false, false, dangjian.Attendance{MemberID: ms[0].ID, Status: p})
		meeting(dangjian.MeetingThemeDay, "2026-05-01 09:00", true, true, dangjian.Attendance{MemberID: ms[0].ID, Status: p})
		meeting(dangjian.MeetingThemeDay, "2025-12-31 23:30", true, false, dangjian.Attendance{MemberID: ms[0].ID, Status: p})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(ctx, func(tx *sqlstore.Tx) error {
		cadres, paths, err := tx.DualLifeCadres(ctx, a.Path)
		if err != nil {
			t.Fatal(err)
		}
		want := []dangjian.DualLifeCadre{
			{MemberID: ms[0].ID, Name: ms[0].Name, BranchID: br.ID, BranchName: br.Name},
			{MemberID: ms[1].ID, Name: ms[1].Name, BranchID: br.ID, BranchName: br.Name, OnCommittee: true},
		}
		if !reflect.DeepEqual(cadres, want) || paths[ms[0].ID] != br.Path {
			t.Errorf("cadres = %+v, paths %v", cadres, paths)
		}
		if other, _, err := tx.DualLifeCadres(ctx, b.Path); err != nil || len(other) != 0 {
			t.Errorf("another subtree: %v, %v", other, err)
		}
		groups, err := tx.OrgsOfKind(ctx, []int64{root.ID, a.ID, br.ID}, dangjian.KindLeadingGroup)
		if err != nil || !reflect.DeepEqual(groups, map[int64]string{a.ID: a.Name}) {
			t.Errorf("leading groups = %v, %v", groups, err)
		}
		tallies, err := tx.AttendanceTallies(ctx, []int64{ms[0].ID, ms[1].ID, ms[3].ID}, 2026)
		if err != nil {
			t.Fatal(err)
		}
		wantT := map[int64]dangjian.AttendanceTally{
			ms[0].ID: {br.ID: {dangjian.MeetingAssembly: {dangjian.AttendPresent: 2}}},
			ms[1].ID: {br.ID: {dangjian.MeetingAssembly: {dangjian.AttendPresent: 1, dangjian.AttendAbsent: 1}}},
			ms[3].ID: {},
		}
		if !reflect.DeepEqual(tallies, wantT) {
			t.Errorf("tallies = %v, want %v", tallies, wantT)
		}
		return nil
	})
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetSetting(ctx, dangjian.DualLifeMinShareKey, "0.6"); err != nil {
			return err
		}
		if err := tx.DeleteSetting(ctx, dangjian.DualLifeMinShareKey); err != nil {
			return err
		}
		if _, ok, err := tx.Setting(ctx, dangjian.DualLifeMinShareKey); ok || err != nil {
			t.Errorf("deleted setting: %v %v", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
