package dangjian

import (
	"testing"
	"time"
)

func TestMeetingQuorum(t *testing.T) {
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	// people returns due members 1..full as full and full+1..full+prob as probationary.
	people := func(full, prob int) []Due {
		var d []Due
		for i := 1; i <= full+prob; i++ {
			d = append(d, Due{MemberID: int64(i), Full: i <= full})
		}
		return d
	}
	// present marks ids as present, the rest of 1..n absent.
	present := func(n int, ids ...int64) []Attendance {
		in := map[int64]bool{}
		for _, id := range ids {
			in[id] = true
		}
		var out []Attendance
		for i := 1; i <= n; i++ {
			s := AttendAbsent
			if in[int64(i)] {
				s = AttendPresent
			}
			out = append(out, Attendance{MemberID: int64(i), Status: s})
		}
		return out
	}
	tests := []struct {
		name string
		kind string
		due  []Due
		att  []Attendance
		want Quorum
	}{
		{"assembly: exactly half is not enough", MeetingAssembly, people(10, 0), present(10, 1, 2, 3, 4, 5), Quorum{6, 5, false}},
		{"assembly: half plus one", MeetingAssembly, people(10, 0), present(10, 1, 2, 3, 4, 5, 6), Quorum{6, 6, true}},
		{"assembly: odd count, more than half", MeetingAssembly, people(7, 0), present(7, 1, 2, 3, 4), Quorum{4, 4, true}},
		{"assembly: probationary members neither due nor present for the quorum", MeetingAssembly, people(4, 4),
			present(8, 1, 2, 5, 6, 7, 8), Quorum{3, 2, false}},
		{"assembly: probationary members do not raise the bar", MeetingAssembly, people(4, 4), present(8, 1, 2, 3), Quorum{3, 3, true}},
		{"assembly: nobody due", MeetingAssembly, nil, nil, Quorum{1, 0, false}},
		{"committee: 2 of 5 is short", MeetingCommittee, people(5, 0), present(7, 1, 2, 6, 7), Quorum{3, 2, false}},
		{"committee: 3 of 5", MeetingCommittee, people(5, 0), present(5, 1, 2, 3), Quorum{3, 3, true}},
		{"committee: 2 of 4 is exactly half", MeetingCommittee, people(4, 0), present(4, 1, 2), Quorum{3, 2, false}},
		{"dlm: 2 of 3 is two thirds", MeetingDemocraticLifeMeeting, nil, present(3, 1, 2), Quorum{2, 2, true}},
		{"dlm: 5 of 9 is short of 6", MeetingDemocraticLifeMeeting, nil, present(9, 1, 2, 3, 4, 5), Quorum{6, 5, false}},
		{"dlm: 6 of 9", MeetingDemocraticLifeMeeting, nil, present(9, 1, 2, 3, 4, 5, 6), Quorum{6, 6, true}},
		{"dlm: 2 of 4 is short of 3", MeetingDemocraticLifeMeeting, nil, present(4, 1, 2), Quorum{3, 2, false}},
		{"dlm: due is the attendance list, not the roster", MeetingDemocraticLifeMeeting, people(30, 0), present(3, 1, 2), Quorum{2, 2, true}},
		{"lecture: no quorum rule", MeetingLecture, people(10, 0), present(10, 1), Quorum{0, 1, true}},
		{"theme day: no quorum rule, nobody present", MeetingThemeDay, people(10, 0), nil, Quorum{0, 0, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MeetingQuorum(rs, tt.kind, tt.due, tt.att); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMeetingQuorumFollowsTheRuleTable(t *testing.T) {
	rs, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	rs.byID["orglife.dlm.quorum"].Value = 0.75 // as if the table were revised
	att := []Attendance{{MemberID: 1, Status: AttendPresent}, {MemberID: 2, Status: AttendPresent}, {MemberID: 3, Status: AttendPresent}, {MemberID: 4, Status: AttendAbsent}}
	if q := MeetingQuorum(rs, MeetingDemocraticLifeMeeting, nil, att); q.Required != 3 || !q.Met {
		t.Errorf("3 of 4 at 3/4: %+v", q)
	}
}

func TestMeetingMonthIsCST(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-31T23:30:00+08:00": "2026-03",
		"2026-03-31T16:30:00Z":      "2026-04", // 00:30 CST on April 1
		"2026-03-31T15:59:59Z":      "2026-03",
	} {
		at, _ := time.Parse(time.RFC3339, in)
		if got := MeetingMonth(at); got != want {
			t.Errorf("%s: month %s, want %s", in, got, want)
		}
	}
}

func TestMeetingValidate(t *testing.T) {
	now := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
	host := int64(7)
	lect := int64(8)
	valid := func() Meeting {
		return Meeting{OrgID: 1, Kind: MeetingAssembly, HeldAt: now.Add(-time.Hour), Topic: " 学习 ", HostID: &host,
			Attendance: []Attendance{{MemberID: 1, Status: AttendPresent}, {MemberID: 2, Status: AttendLeave, Reason: "出差"}}}
	}
	m := valid()
	if err := m.Validate(now); err != nil {
		t.Fatalf("valid meeting: %v", err)
	}
	if m.Topic != "学习" {
		t.Errorf("topic not trimmed: %q", m.Topic)
	}
	tests := []struct {
		name  string
		edit  func(*Meeting)
		field string
	}{
		{"unknown kind", func(m *Meeting) { m.Kind = "party" }, "kind"},
		{"no org", func(m *Meeting) { m.OrgID = 0 }, "org_id"},
		{"no time", func(m *Meeting) { m.HeldAt = time.Time{} }, "held_at"},
		{"two days ahead", func(m *Meeting) { m.HeldAt = now.Add(49 * time.Hour) }, "held_at"},
		{"before 1921", func(m *Meeting) { m.HeldAt = time.Date(1920, 12, 31, 0, 0, 0, 0, time.UTC) }, "held_at"},
		{"no topic", func(m *Meeting) { m.Topic = "  " }, "topic"},
		{"lecturer on an assembly", func(m *Meeting) { m.LecturerID = &lect }, "lecturer_id"},
		{"bad status", func(m *Meeting) { m.Attendance[0].Status = "late" }, "attendance[0].status"},
		{"leave without reason", func(m *Meeting) { m.Attendance[1].Reason = " " }, "attendance[1].reason"},
		{"duplicate member", func(m *Meeting) { m.Attendance = append(m.Attendance, Attendance{MemberID: 1, Status: AttendAbsent}) }, "attendance[2].member_id"},
		{"no member", func(m *Meeting) { m.Attendance[0].MemberID = 0 }, "attendance[0].member_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			tt.edit(&m)
			err := m.Validate(now)
			if _, ok := ErrorFields(err)[tt.field]; !ok || ErrorCode(err) != EINVALID {
				t.Errorf("error %v does not name %s", err, tt.field)
			}
		})
	}
	m = valid()
	m.Kind, m.LecturerID, m.HeldAt = MeetingLecture, &lect, now.Add(23*time.Hour)
	if err := m.Validate(now); err != nil {
		t.Errorf("lecture with a lecturer, later today: %v", err)
	}
}

func TestMeetingCounts(t *testing.T) {
	m := Meeting{Quorum: Quorum{Met: true}}
	if !m.Counts() {
		t.Error("a quorate meeting should count")
	}
	for name, edit := range map[string]func(*Meeting){
		"below quorum":     func(m *Meeting) { m.Quorum.Met = false },
		"merged":           func(m *Meeting) { m.MergedWithAdmin = true },
		"suspected merged": func(m *Meeting) { m.SuspectedMerged = true },
		"deleted":          func(m *Meeting) { m.Deleted = true },
	} {
		c := m
		edit(&c)
		if c.Counts() {
			t.Errorf("%s: counts", name)
		}
	}
}

func TestAdminMeetingValidate(t *testing.T) {
	at := time.Date(2026, 3, 10, 1, 0, 0, 0, time.UTC)
	ok := AdminMeeting{OrgID: 1, HeldAt: at, EndsAt: at.Add(2 * time.Hour), Title: "局务会"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		m     AdminMeeting
		field string
	}{
		"ends before start": {AdminMeeting{OrgID: 1, HeldAt: at, EndsAt: at, Title: "x"}, "ends_at"},
		"spans two days":    {AdminMeeting{OrgID: 1, HeldAt: at, EndsAt: at.Add(24 * time.Hour), Title: "x"}, "ends_at"},
		"no title":          {AdminMeeting{OrgID: 1, HeldAt: at, EndsAt: at.Add(time.Hour)}, "title"},
	} {
		if _, ok := ErrorFields(tt.m.Validate())[tt.field]; !ok {
			t.Errorf("%s: does not name %s", name, tt.field)
		}
	}
}
