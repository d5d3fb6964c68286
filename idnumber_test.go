package dangjian

import "testing"

func TestParseIDNumber(t *testing.T) {
	tests := []struct {
		name, id   string
		wantErr    bool
		wantBirth  string
		wantGender string
	}{
		{"valid male", "110101198001010010", false, "1980-01-01", "male"},
		{"valid with X check", "11010519491231002X", false, "1949-12-31", "female"},
		{"lower-case x accepted", "11010519491231002x", false, "1949-12-31", "female"},
		{"wrong check digit", "110101198001010011", true, "", ""},
		{"too short", "11010119800101001", true, "", ""},
		{"letters in body", "11010119800A010010", true, "", ""},
		{"impossible date", "110101198002300019", true, "", ""},
		{"spaces trimmed", " 110101198001010010 ", false, "1980-01-01", "male"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := ParseIDNumber(tt.id)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if info.Birth.String() != tt.wantBirth || info.Gender != tt.wantGender {
				t.Errorf("got %s %s, want %s %s", info.Birth, info.Gender, tt.wantBirth, tt.wantGender)
			}
		})
	}
}

func TestIDCheckDigitAllResidues(t *testing.T) {
	// Each residue mod 11 maps to its GB 11643 character; walk the last
	// body digit so all eleven appear.
	seen := map[byte]bool{}
	for d := 0; d < 10; d++ {
		for e := 0; e < 10; e++ {
			body := "110101198001010" + string(rune('0'+d)) + string(rune('0'+e))
			c, err := IDCheckDigit(body)
			if err != nil {
				t.Fatal(err)
			}
			seen[c] = true
			if _, err := ParseIDNumber(body + string(c)); err != nil {
				t.Errorf("%s%c rejected: %v", body, c, err)
			}
		}
	}
	if len(seen) != 11 {
		t.Errorf("saw %d distinct check characters, want 11", len(seen))
	}
}

func TestMask(t *testing.T) {
	if got := MaskIDNumber("11010519491231002X"); got != "110***********002X" {
		t.Errorf("MaskIDNumber = %q", got)
	}
	if got := MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("MaskPhone = %q", got)
	}
	if got := MaskPhone(""); got != "" {
		t.Errorf("MaskPhone(empty) = %q", got)
	}
}

func TestMemberValidate(t *testing.T) {
	today := MustDate("2026-11-26")
	base := func() Member {
		return Member{Name: "李娜", Gender: "female", BirthDate: MustDate("1949-12-31"), IDNumber: "11010519491231002X",
			OrgID: 1, Status: StatusFull, JoinedOn: MustDate("1975-07-01"), ConfirmedOn: MustDate("1976-07-01")}
	}
	tests := []struct {
		name      string
		edit      func(*Member)
		wantField string
	}{
		{"valid", func(*Member) {}, ""},
		{"no name", func(m *Member) { m.Name = " " }, "name"},
		{"bad gender", func(m *Member) { m.Gender = "x" }, "gender"},
		{"bad check digit", func(m *Member) { m.IDNumber = "110105194912310021" }, "id_number"},
		{"birth date disagrees with ID", func(m *Member) { m.BirthDate = MustDate("1949-12-30") }, "id_number"},
		{"gender disagrees with ID", func(m *Member) { m.Gender = "male" }, "id_number"},
		{"joined before 18", func(m *Member) { m.JoinedOn = MustDate("1960-01-01") }, "joined_on"},
		{"joined in future", func(m *Member) { m.JoinedOn = MustDate("2027-01-01"); m.ConfirmedOn = Date{} }, "joined_on"},
		{"probationary with confirmation", func(m *Member) { m.Status = StatusProbationary }, "confirmed_on"},
		{"confirmed before joined", func(m *Member) { m.ConfirmedOn = MustDate("1975-01-01") }, "confirmed_on"},
		{"bad status", func(m *Member) { m.Status = "x" }, "status"},
		{"bad party affairs", func(m *Member) { m.PartyAffairs = "x" }, "party_affairs"},
		{"bad phone", func(m *Member) { m.Phone = "12345" }, "phone"},
		{"no org", func(m *Member) { m.OrgID = 0 }, "org_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base()
			tt.edit(&m)
			err := m.Validate(today)
			fields := ErrorFields(err)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if _, ok := fields[tt.wantField]; !ok {
				t.Fatalf("want error on %s, got %v", tt.wantField, err)
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("code = %s", ErrorCode(err))
			}
		})
	}
}
