package dangjian

import (
	"maps"
	"testing"
)

func TestProposeCorrection(t *testing.T) {
	today := MustDate("2026-03-01")
	id := "11010519491231002X" // a woman born 1949-12-31
	m := Member{Name: "王芳", Gender: "female", BirthDate: MustDate("1949-12-31"), IDNumber: id, OrgID: 4,
		Status: StatusFull, JoinedOn: MustDate("1975-07-01"), ConfirmedOn: MustDate("1976-07-01"), Phone: "13812345678"}
	for _, c := range []struct {
		name   string
		fields map[string]string
		want   map[string]string // nil: invalid
		field  string            // the field the error names
	}{
		{"trimmed name", map[string]string{"name": "  王 芳 "}, map[string]string{"name": "王 芳"}, ""},
		{"unchanged fields are dropped", map[string]string{"name": "王芳", "position": "科员"}, map[string]string{"position": "科员"}, ""},
		{"ID check character normalized", map[string]string{"id_number": "11010519491231002x", "phone": "13900001111"}, map[string]string{"phone": "13900001111"}, ""},
		{"clear the confirmation date", map[string]string{"confirmed_on": ""}, map[string]string{"confirmed_on": ""}, ""},
		{"status is not a correction", map[string]string{"status": StatusProbationary}, nil, "status"},
		{"dates in normal form", map[string]string{"joined_on": " 1975-07-02 "}, map[string]string{"joined_on": "1975-07-02"}, ""},
		{"nothing differs", map[string]string{"name": "王芳"}, nil, "fields"},
		{"not a correction", map[string]string{"org_id": "5"}, nil, "org_id"},
		{"bad date", map[string]string{"birth_date": "1949-02-30"}, nil, "birth_date"},
		{"ID against the new gender", map[string]string{"gender": "male"}, nil, "id_number"},
		{"confirmed before joining", map[string]string{"confirmed_on": "1970-01-01"}, nil, "confirmed_on"},
	} {
		got, err := ProposeCorrection(m, c.fields, today)
		if c.want != nil {
			if err != nil || !maps.Equal(got, c.want) {
				t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
			}
			continue
		}
		if ErrorCode(err) != EINVALID || ErrorFields(err)[c.field] == "" {
			t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
		}
	}
	if m.Name != "王芳" || m.IDNumber != id {
		t.Errorf("the member was modified: %+v", m)
	}
	masked := MaskCorrection(map[string]string{"id_number": id, "phone": "13812345678", "name": "王芳"})
	if masked["id_number"] != MaskIDNumber(id) || masked["phone"] != "138****5678" || masked["name"] != "王芳" {
		t.Errorf("masked = %v", masked)
	}
}
