package dangjian

import (
	"strings"
	"testing"
)

func TestDualLifeRequired(t *testing.T) {
	for _, c := range []struct {
		n     int
		share float64
		want  int
	}{
		{0, 0.5, 0}, {1, 0.5, 1}, {4, 0.5, 2}, {5, 0.5, 3}, {3, 0.6667, 2}, {12, 1, 12}, {10, 0.8, 8}, {7, 0.1, 1},
	} {
		if got := DualLifeRequired(c.n, c.share); got != c.want {
			t.Errorf("DualLifeRequired(%d, %v) = %d, want %d", c.n, c.share, got, c.want)
		}
	}
}

func TestValidDualLifeMinShare(t *testing.T) {
	for share, ok := range map[float64]bool{0.5: true, 1: true, 0.01: true, 0: false, -0.1: false, 1.01: false} {
		if err := ValidDualLifeMinShare(share); (err == nil) != ok {
			t.Errorf("ValidDualLifeMinShare(%v) = %v", share, err)
		}
	}
}

func TestTallyDualLife(t *testing.T) {
	const branch, group, lg, other = 10, 11, 2, 99
	counts := map[int64]MeetingCounts{
		branch: {MeetingAssembly: {"2026-03": 1, "2026-06": 1}, MeetingThemeDay: {"2026-01": 1, "2026-02": 1},
			MeetingCommittee: {"2026-01": 1, "2026-02": 1, "2026-03": 1}, MeetingLifeMeeting: {"2026-12": 1},
			MeetingOther: {"2026-05": 4}},
		group: {MeetingGroup: {"2026-01": 1, "2026-02": 1}},
		lg:    {MeetingDemocraticLifeMeeting: {"2026-12": 1}},
		other: {MeetingAssembly: {"2026-03": 5}},
	}
	att := AttendanceTally{}
	att.Add(branch, MeetingAssembly, AttendPresent, 2)
	att.Add(branch, MeetingThemeDay, AttendLeave, 1)
	att.Add(branch, MeetingCommittee, AttendPresent, 3)
	att.Add(branch, MeetingOther, AttendPresent, 4)
	att.Add(group, MeetingGroup, AttendPresent, 1)
	att.Add(lg, MeetingDemocraticLifeMeeting, AttendAbsent, 1)
	att.Add(other, MeetingAssembly, AttendPresent, 5)

	for _, c := range []struct {
		name  string
		cadre DualLifeCadre
		want  DualLifeTally
	}{
		{"branch only: assemblies, theme days, life meeting; not committee, not other",
			DualLifeCadre{BranchID: branch}, DualLifeTally{Held: 5, Attended: 2, LifeHeld: 1}},
		{"with a group", DualLifeCadre{BranchID: branch, GroupID: group}, DualLifeTally{Held: 7, Attended: 3, LifeHeld: 1}},
		{"on the committee", DualLifeCadre{BranchID: branch, OnCommittee: true}, DualLifeTally{Held: 8, Attended: 5, LifeHeld: 1}},
		{"leading group above: listed and absent", DualLifeCadre{BranchID: branch, LeadingGroupID: lg},
			DualLifeTally{Held: 5, Attended: 2, LifeHeld: 1, DLMHeld: 1, DLMListed: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := TallyDualLife(c.cadre, counts, att); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestAssessDualLife(t *testing.T) {
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	cadre := DualLifeCadre{MemberID: 7, Name: "张三", BranchID: 10, BranchName: "第一党支部", LeadingGroupID: 2, LeadingGroupName: "县财政局党组"}
	noGroup := cadre
	noGroup.LeadingGroupID, noGroup.LeadingGroupName = 0, ""
	rules := func(r DualLifeRow) string {
		var ids []string
		for _, f := range r.Findings {
			ids = append(ids, f.Rule)
		}
		return strings.Join(ids, ",")
	}
	for _, c := range []struct {
		name         string
		share        float64
		cadre        DualLifeCadre
		tally        DualLifeTally
		status       string
		required     int
		life, dlm    string
		findings     string
		short        bool
		wantSharePct int // -1: no share
	}{
		{"everything attended", 0.5, cadre, DualLifeTally{Held: 12, Attended: 12, LifeHeld: 1, LifeAttended: 1, DLMHeld: 1, DLMListed: 1, DLMAttended: 1},
			DualLifeMet, 6, DualLifeYes, DualLifeYes, "", false, 100},
		{"exactly at the threshold", 0.5, cadre, DualLifeTally{Held: 12, Attended: 6}, DualLifeMet, 6, DualLifeNone, DualLifeNone, "", false, 50},
		{"one below the threshold", 0.5, cadre, DualLifeTally{Held: 12, Attended: 5}, DualLifeShort, 6, DualLifeNone, DualLifeNone,
			"orglife.dual_life", true, 41},
		{"an odd number rounds up", 0.5, cadre, DualLifeTally{Held: 5, Attended: 2}, DualLifeShort, 3, DualLifeNone, DualLifeNone,
			"orglife.dual_life", true, 40},
		{"a stricter local setting", 0.8, cadre, DualLifeTally{Held: 10, Attended: 7}, DualLifeShort, 8, DualLifeNone, DualLifeNone,
			"orglife.dual_life", true, 70},
		{"2/3 written to four decimals", 0.6667, cadre, DualLifeTally{Held: 3, Attended: 2}, DualLifeMet, 2, DualLifeNone, DualLifeNone, "", false, 66},
		{"no meetings held: not applicable", 0.5, cadre, DualLifeTally{}, StatusNotApplicable, 0, DualLifeNone, DualLifeNone, "", false, -1},
		{"life meeting missed despite a good share", 0.5, cadre, DualLifeTally{Held: 10, Attended: 9, LifeHeld: 1}, DualLifeMet, 5,
			DualLifeNo, DualLifeNone, "orglife.dual_life", true, 90},
		{"democratic life meeting missed", 0.5, cadre, DualLifeTally{Held: 4, Attended: 4, DLMHeld: 1, DLMListed: 1}, DualLifeMet, 2,
			DualLifeNone, DualLifeNo, "orglife.dlm", true, 100},
		{"democratic life meeting held without the cadre on its list", 0.5, cadre, DualLifeTally{Held: 4, Attended: 4, DLMHeld: 1},
			DualLifeMet, 2, DualLifeNone, DualLifeNotDue, "", false, 100},
		{"no leading group above", 0.5, noGroup, DualLifeTally{Held: 4, Attended: 1, LifeHeld: 1}, DualLifeShort, 2,
			DualLifeNo, DualLifeNoGroup, "orglife.dual_life,orglife.dual_life", true, 25},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := AssessDualLife(rs, c.share, c.cadre, c.tally)
			if r.Status != c.status || r.Required != c.required || r.LifeMeeting != c.life || r.DLM != c.dlm {
				t.Errorf("status %s required %d life %s dlm %s, want %s %d %s %s", r.Status, r.Required, r.LifeMeeting, r.DLM,
					c.status, c.required, c.life, c.dlm)
			}
			if got := rules(r); got != c.findings {
				t.Errorf("findings %q, want %q: %+v", got, c.findings, r.Findings)
			}
			if r.Short() != c.short {
				t.Errorf("Short() = %v", r.Short())
			}
			if c.wantSharePct < 0 {
				if r.Share != nil {
					t.Errorf("share = %v, want none", *r.Share)
				}
			} else if r.Share == nil || int(*r.Share*100) != c.wantSharePct {
				t.Errorf("share = %v, want %d%%", r.Share, c.wantSharePct)
			}
			for _, f := range r.Findings {
				if f.Source == "" || f.Message == "" || f.MessageEn == "" {
					t.Errorf("finding without source or message: %+v", f)
				}
			}
		})
	}
}
