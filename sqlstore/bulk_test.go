package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
	"github.com/dangjian/dangjian/sqlstore/sqltest"
)

// idNumber returns a valid ID number for the i-th test member.
func idNumber(i int) string {
	first17 := fmt.Sprintf("110101%s%03d", dangjian.NewDate(1980, 1, 1).AddDays(i/500).Time().Format("20060102"), i%500*2+1)
	c, _ := dangjian.IDCheckDigit(first17)
	return first17 + string(c)
}

func TestLoader(t *testing.T) {
	db := sqltest.Open(t)
	ctx := context.Background()
	const n = 1234 // full batches and a remainder of odd size
	err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error {
		ids, err := tx.NextIDs(ctx)
		if err != nil {
			return err
		}
		if ids != (sqlstore.NextIDs{Org: 1, Member: 1, Committee: 1, MemberMove: 1}) {
			return fmt.Errorf("next ids of an empty database: %+v", ids)
		}
		l := tx.NewLoader()
		defer l.Close()
		root := &dangjian.Org{ID: 1, Name: "工委", Kind: dangjian.KindWorkingCommittee, Path: "/1/"}
		a := &dangjian.Org{ID: 2, ParentID: &root.ID, Name: "甲支部", Kind: dangjian.KindBranch, Path: "/1/2/", Depth: 1, Unit: "甲局", StaffCount: 9}
		b := &dangjian.Org{ID: 3, ParentID: &root.ID, Name: "乙支部", Kind: dangjian.KindBranch, Path: "/1/3/", Depth: 1}
		g := &dangjian.Org{ID: 4, ParentID: &b.ID, Name: "第一党小组", Kind: dangjian.KindGroup, Path: "/1/3/4/", Depth: 2}
		for _, o := range []*dangjian.Org{root, a} {
			if err := l.AddOrg(ctx, o); err != nil {
				return err
			}
		}
		for i := 1; i <= n; i++ {
			if i == n/2 {
				// Organizations added after members that fill a batch
				// are still written before the members that need them.
				for _, o := range []*dangjian.Org{b, g} {
					if err := l.AddOrg(ctx, o); err != nil {
						return err
					}
				}
			}
			br := a
			var group *int64
			if i >= n/2 {
				br, group = b, &g.ID
			}
			m := &dangjian.Member{ID: int64(i), OrgID: br.ID, GroupID: group, OrgPath: br.Path, Name: fmt.Sprintf("党员%d", i), Gender: "male",
				Ethnicity: "汉族", BirthDate: dangjian.NewDate(1980, 1, 1).AddDays(i / 500), IDNumber: idNumber(i), Education: "大学本科",
				Status: dangjian.StatusFull, JoinedOn: dangjian.NewDate(2005, 7, 1), ConfirmedOn: dangjian.NewDate(2006, 7, 1),
				PartyAffairs: dangjian.PartyAffairsNone, Position: "科员", Phone: "13800000000", Active: true, LeadingCadre: i == 1,
				DuesCategory: dangjian.DuesInService, DuesBase: int64(i) * 100}
			if i == 1 {
				m.DuesCategory = "" // the loader gives the default
			}
			if i%10 == 0 {
				m.Status, m.ConfirmedOn = dangjian.StatusProbationary, dangjian.Date{}
			}
			if err := l.AddMember(ctx, m); err != nil {
				return err
			}
			if err := l.AddMemberMove(ctx, &dangjian.MemberMove{ID: int64(i), MemberID: m.ID, ToOrgID: br.ID, MovedOn: dangjian.NewDate(2025, 1, 1), Reason: "登记入册"}); err != nil {
				return err
			}
		}
		err = l.AddCommittee(ctx, &dangjian.Committee{ID: 1, OrgID: a.ID, TermStart: dangjian.NewDate(2024, 1, 1), TermEnd: dangjian.NewDate(2027, 1, 1),
			Posts: []dangjian.Post{{MemberID: 1, Post: dangjian.PostSecretary}, {MemberID: 2, Post: dangjian.PostOrganization}, {MemberID: 3, Post: dangjian.PostPublicity}}})
		if err != nil {
			return err
		}
		if err := l.Flush(ctx); err != nil {
			return err
		}
		if err := tx.SyncIDs(ctx); err != nil {
			return err
		}
		return tx.RecountOrgs(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}

	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		if n, err := tx.CountOrgs(ctx); err != nil || n != 4 {
			return fmt.Errorf("count orgs = %d, %v", n, err)
		}
		root, err := tx.Org(ctx, 1)
		if err != nil {
			return err
		}
		if root.MemberCount != n || root.ChildCount != 2 || root.Depth != 0 || root.ParentID != nil {
			return fmt.Errorf("root = %+v", root)
		}
		a, err := tx.Org(ctx, 2)
		if err != nil {
			return err
		}
		if a.Unit != "甲局" || a.StaffCount != 9 || a.DirectCount != n/2-1 || a.DirectFull != a.DirectCount-a.DirectCount/10 {
			return fmt.Errorf("branch a = %+v", a)
		}
		m, err := tx.Member(ctx, n)
		if err != nil {
			return err
		}
		if m.Name != fmt.Sprint("党员", n) || m.OrgID != 3 || m.GroupID == nil || *m.GroupID != 4 || m.IDNumber != idNumber(n) ||
			!m.BirthDate.Equal(dangjian.NewDate(1980, 1, 1).AddDays(n/500)) || !m.Active || m.CreatedAt.IsZero() {
			return fmt.Errorf("member %d read back as %+v", n, m)
		}
		if err := m.Validate(dangjian.NewDate(2026, 1, 1)); err != nil {
			return err
		}
		if m.DuesCategory != dangjian.DuesInService || m.DuesBase != n*100 {
			return fmt.Errorf("member %d dues %s %d", n, m.DuesCategory, m.DuesBase)
		}
		if m1, err := tx.Member(ctx, 1); err != nil || !m1.LeadingCadre || m1.GroupID != nil || m1.DuesCategory != dangjian.DuesInService {
			return fmt.Errorf("member 1 = %+v, %v", m1, err)
		}
		moves, err := tx.MemberMoves(ctx, 7)
		if err != nil || len(moves) != 1 || moves[0].ToName != "甲支部" {
			return fmt.Errorf("moves of member 7 = %+v, %v", moves, err)
		}
		c, err := tx.Committee(ctx, 2)
		if err != nil || c == nil || len(c.Posts) != 3 || c.Posts[0].Name != "党员1" || !c.Current {
			return fmt.Errorf("committee = %+v, %v", c, err)
		}
		// New rows that leave the id to the database come after the loaded ones.
		o := &dangjian.Org{Name: "丙支部", Kind: dangjian.KindBranch, ParentID: &root.ID}
		if err := tx.CreateOrg(ctx, o, root); err != nil {
			return err
		}
		if o.ID != 5 {
			return fmt.Errorf("new org id %d, want 5", o.ID)
		}
		mv := &dangjian.MemberMove{MemberID: 1, ToOrgID: o.ID, MovedOn: dangjian.NewDate(2026, 1, 1)}
		if err := tx.AddMemberMove(ctx, mv); err != nil {
			return err
		}
		if mv.ID != n+1 {
			return fmt.Errorf("new move id %d, want %d", mv.ID, n+1)
		}
		ids, err := tx.NextIDs(ctx)
		if err != nil {
			return err
		}
		if ids != (sqlstore.NextIDs{Org: 6, Member: n + 1, Committee: 2, MemberMove: n + 2}) {
			return fmt.Errorf("next ids = %+v", ids)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A failing load leaves nothing behind, and a duplicate ID number in a
// batch fails it.
func TestLoaderRollsBack(t *testing.T) {
	db := sqltest.Open(t)
	ctx := context.Background()
	err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error {
		l := tx.NewLoader()
		defer l.Close()
		root := &dangjian.Org{ID: 1, Name: "工委", Kind: dangjian.KindWorkingCommittee, Path: "/1/"}
		if err := l.AddOrg(ctx, root); err != nil {
			return err
		}
		for i := 1; i <= 3; i++ {
			m := &dangjian.Member{ID: int64(i), OrgID: 1, OrgPath: "/1/", Name: "甲", Gender: "male", BirthDate: dangjian.NewDate(1980, 1, 1),
				IDNumber: idNumber(0), Status: dangjian.StatusFull, JoinedOn: dangjian.NewDate(2005, 7, 1), PartyAffairs: "none", Active: true}
			if err := l.AddMember(ctx, m); err != nil {
				return err
			}
		}
		return l.Flush(ctx)
	})
	if err == nil {
		t.Fatal("a batch with a duplicate ID number was written")
	}
	stop := errors.New("stop")
	err = db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error {
		l := tx.NewLoader()
		defer l.Close()
		if err := l.AddOrg(ctx, &dangjian.Org{ID: 1, Name: "工委", Kind: dangjian.KindWorkingCommittee, Path: "/1/"}); err != nil {
			return err
		}
		if err := l.Flush(ctx); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v", err)
	}
	err = db.View(ctx, func(tx *sqlstore.Tx) error {
		n, err := tx.CountOrgs(ctx)
		if err == nil && n != 0 {
			err = fmt.Errorf("%d organizations after rolled-back loads", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The writer still works normally afterwards.
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		return tx.CreateOrg(ctx, &dangjian.Org{Name: "工委", Kind: dangjian.KindWorkingCommittee}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Meetings with attendance, counts, talks and administrative meetings go
// through the Loader in batches, read back as CreateMeeting writes them,
// and later inserts get fresh ids.
func TestLoaderOrgLife(t *testing.T) {
	db := sqltest.Open(t)
	ctx := context.Background()
	const n = 250                                              // meetings: two full batches and a remainder
	held := time.Date(2026, 3, 31, 23, 30, 0, 0, dangjian.CST) // "2026-03" in CST, April in UTC
	err := db.UpdateBulk(ctx, func(tx *sqlstore.Tx) error {
		lids, err := tx.NextLifeIDs(ctx)
		if err != nil {
			return err
		}
		if lids != (sqlstore.NextLifeIDs{Meeting: 1, Talk: 1, AdminMeeting: 1}) {
			return fmt.Errorf("next life ids of an empty database: %+v", lids)
		}
		l := tx.NewLoader()
		defer l.Close()
		o := &dangjian.Org{ID: 1, Name: "甲支部", Kind: dangjian.KindBranch, Path: "/1/"}
		if err := l.AddOrg(ctx, o); err != nil {
			return err
		}
		for i := 1; i <= 2; i++ {
			m := &dangjian.Member{ID: int64(i), OrgID: 1, OrgPath: o.Path, Name: fmt.Sprintf("党员%d", i), Gender: "male", Ethnicity: "汉族",
				BirthDate: dangjian.NewDate(1980, 1, 1), IDNumber: idNumber(i), Education: "大学本科", Status: dangjian.StatusFull,
				JoinedOn: dangjian.NewDate(2005, 7, 1), ConfirmedOn: dangjian.NewDate(2006, 7, 1), Active: true}
			if err := l.AddMember(ctx, m); err != nil {
				return err
			}
		}
		// Attendance rows fill batches before their meetings do; the
		// meetings they reference are written first.
		var host int64 = 1
		for i := 1; i <= n; i++ {
			m := &dangjian.Meeting{ID: int64(i), OrgID: 1, Kind: dangjian.MeetingThemeDay, HeldAt: held.Add(time.Duration(i) * time.Minute),
				Topic: fmt.Sprintf("主题党日%d", i), Location: "党员活动室", HostID: &host,
				Quorum: dangjian.Quorum{Present: 2, Met: true}, Counted: i%10 != 0, MergedWithAdmin: i%10 == 0,
				Attendance: []dangjian.Attendance{{MemberID: 1, Status: dangjian.AttendPresent}, {MemberID: 2, Status: dangjian.AttendLeave, Reason: "出差"}}}
			if err := l.AddMeeting(ctx, m); err != nil {
				return err
			}
		}
		if err := l.AddMeetingCount(ctx, 1, dangjian.MeetingThemeDay, "2026-03", n-n/10); err != nil {
			return err
		}
		if err := l.AddTalk(ctx, &dangjian.Talk{ID: 1, OrgID: 1, AID: 1, BID: 2, HeldOn: dangjian.NewDate(2026, 3, 2), Topic: "谈心"}); err != nil {
			return err
		}
		if err := l.AddAdminMeeting(ctx, &dangjian.AdminMeeting{ID: 1, OrgID: 1, HeldAt: held, EndsAt: held.Add(time.Hour), Title: "局务会"}); err != nil {
			return err
		}
		if err := l.Flush(ctx); err != nil {
			return err
		}
		return tx.SyncIDs(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *sqlstore.Tx) error {
		m, err := tx.Meeting(ctx, 7)
		if err != nil {
			return err
		}
		if !m.HeldAt.Equal(held.Add(7*time.Minute)) || m.Month() != "2026-03" || m.Topic != "主题党日7" || *m.HostID != 1 || !m.Counted ||
			len(m.Attendance) != 2 || m.Quorum.Present != 2 {
			return fmt.Errorf("meeting 7 = %+v", m)
		}
		c, err := tx.MeetingCounts(ctx, []int64{1}, 2026)
		if err != nil {
			return err
		}
		if got := c[1][dangjian.MeetingThemeDay]["2026-03"]; got != n-n/10 {
			return fmt.Errorf("counted %d, want %d", got, n-n/10)
		}
		talks, err := tx.Talks(ctx, 1, 2026)
		if err != nil || len(talks) != 1 || talks[0].BName != "党员2" {
			return fmt.Errorf("talks %+v, %v", talks, err)
		}
		if over, err := tx.OverlapsAdminMeeting(ctx, []int64{1}, held.Add(30*time.Minute)); err != nil || !over {
			return fmt.Errorf("overlap %v, %v", over, err)
		}
		nm := &dangjian.Meeting{OrgID: 1, Kind: dangjian.MeetingLecture, HeldAt: held, Topic: "党课"}
		if err := tx.CreateMeeting(ctx, nm, nil); err != nil {
			return err
		}
		nt := &dangjian.Talk{OrgID: 1, AID: 2, BID: 1, HeldOn: dangjian.NewDate(2026, 3, 3)}
		if err := tx.CreateTalk(ctx, nt); err != nil {
			return err
		}
		am := &dangjian.AdminMeeting{OrgID: 1, HeldAt: held, EndsAt: held.Add(time.Hour), Title: "办公会"}
		if err := tx.CreateAdminMeeting(ctx, am); err != nil {
			return err
		}
		if nm.ID != n+1 || nt.ID != 2 || am.ID != 2 {
			return fmt.Errorf("new ids %d %d %d, want %d 2 2", nm.ID, nt.ID, am.ID, n+1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
