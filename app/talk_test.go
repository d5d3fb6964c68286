package app_test

import (
	"context"
	"testing"

	"github.com/dangjian/dangjian"
)

func TestTalkCoverage(t *testing.T) {
	ctx := context.Background()
	o := newOrglife(t)
	talk := func(a, b *dangjian.Member, on string) error {
		_, err := o.a.RecordTalk(ctx, o.admin, dangjian.Talk{OrgID: o.b1.ID, AID: a.ID, BID: b.ID, HeldOn: dangjian.MustDate(on), Topic: "思想交流"})
		return err
	}
	// No committee recorded: nothing is owed.
	cov, err := o.a.TalkCoverage(ctx, o.admin, o.b1.ID, 2026)
	if err != nil || cov.Required != 0 {
		t.Fatalf("no committee: %+v, %v", cov, err)
	}
	// A secretary alone stands for the committee: 3 pairs.
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2025-01-01"), TermEnd: dangjian.MustDate("2028-01-01"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}}}); err != nil {
		t.Fatal(err)
	}
	if cov, _ := o.a.TalkCoverage(ctx, o.admin, o.b1.ID, 2026); cov.Required != 3 || cov.Done != 0 {
		t.Errorf("secretary alone: %+v", cov)
	}
	// A committee of two: 1 pair between them + 2×2 with the others = 5.
	if _, err := o.a.ReplaceCommittee(ctx, o.admin, o.b1.ID, dangjian.Committee{TermStart: dangjian.MustDate("2025-01-01"), TermEnd: dangjian.MustDate("2028-01-01"),
		Posts: []dangjian.Post{{MemberID: o.ms[0].ID, Post: dangjian.PostSecretary}, {MemberID: o.ms[1].ID, Post: dangjian.PostOrganization}}}); err != nil {
		t.Fatal(err)
	}
	for _, tk := range []struct {
		a, b *dangjian.Member
		on   string
	}{
		{o.ms[2], o.ms[0], "2026-02-01"}, // covers 0–2 although written the other way round
		{o.ms[0], o.ms[2], "2026-03-01"}, // the same pair again
		{o.ms[2], o.ms[3], "2026-03-02"}, // not a required pair
		{o.ms[0], o.ms[1], "2025-12-31"}, // last year
	} {
		if err := talk(tk.a, tk.b, tk.on); err != nil {
			t.Fatal(err)
		}
	}
	cov, err = o.a.TalkCoverage(ctx, o.admin, o.b1.ID, 2026)
	if err != nil || cov.Required != 5 || cov.Done != 1 || len(cov.Missing) != 4 {
		t.Fatalf("coverage = %+v, %v", cov, err)
	}
	for _, p := range cov.Missing {
		if p.AID > p.BID || p.AName == "" {
			t.Errorf("missing pair %+v", p)
		}
		if p.AID == min(o.ms[0].ID, o.ms[2].ID) && p.BID == max(o.ms[0].ID, o.ms[2].ID) {
			t.Errorf("covered pair listed as missing: %+v", p)
		}
	}

	wantErr(t, "talk with oneself", talk(o.ms[0], o.ms[0], "2026-03-01"), dangjian.EINVALID, "b_id")
	wantErr(t, "talk with another branch's member", talk(o.ms[0], o.other, "2026-03-01"), dangjian.EINVALID, "b_id")
	wantErr(t, "talk tomorrow", talk(o.ms[0], o.ms[1], "2026-06-02"), dangjian.EINVALID, "held_on")
	_, err = o.a.TalkCoverage(ctx, o.admin, o.dept.ID, 2026)
	wantErr(t, "coverage of a leading group", err, dangjian.EINVALID, "org_id")
	if cov2, _ := o.a.TalkCoverage(ctx, o.admin, o.b1.ID, 2026); cov2.Done != 1 {
		t.Errorf("refused talks were stored: %+v", cov2)
	}
}
