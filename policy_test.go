package dangjian

import "testing"

func TestActorScopes(t *testing.T) {
	a := &Actor{Grants: []Grant{
		{Role: RoleOrgAdmin, OrgPath: "/1/7/"},
		{Role: RoleViewer, OrgPath: "/1/7/42/"},
		{Role: RoleViewer, OrgPath: "/1/9/"},
	}}
	tests := []struct {
		perm, path string
		want       bool
	}{
		{PermOrgRead, "/1/7/", true},
		{PermOrgRead, "/1/7/42/100/", true},
		{PermOrgRead, "/1/70/", false}, // a sibling whose id starts with the same digit
		{PermOrgRead, "/1/", false},
		{PermOrgWrite, "/1/9/", false},
		{PermOrgWrite, "/1/7/3/", true},
		{PermMemberReveal, "/1/7/", false},
		{PermAuditRead, "/1/7/", false},
	}
	for _, tt := range tests {
		if got := a.HasPerm(tt.perm, tt.path); got != tt.want {
			t.Errorf("HasPerm(%s, %s) = %v, want %v", tt.perm, tt.path, got, tt.want)
		}
	}
	if got := a.Scopes(PermOrgRead); len(got) != 2 || got[0] != "/1/7/" || got[1] != "/1/9/" {
		t.Errorf("Scopes = %v, want nested grants folded", got)
	}
	var none *Actor
	if none.HasPerm(PermOrgRead, "/1/") || len(none.Scopes(PermOrgRead)) != 0 {
		t.Error("a nil actor holds nothing")
	}
}

func TestValidateGrants(t *testing.T) {
	tests := []struct {
		name   string
		grants []Grant
		ok     bool
	}{
		{"committee admin and sysadmin", []Grant{{Role: RoleCommitteeAdmin, OrgID: 1}, {Role: RoleSysadmin, OrgID: 1}}, true},
		{"sysadmin and auditor", []Grant{{Role: RoleSysadmin, OrgID: 1}, {Role: RoleAuditor, OrgID: 1}}, false},
		{"secadmin and auditor", []Grant{{Role: RoleSecadmin, OrgID: 1}, {Role: RoleAuditor, OrgID: 1}}, false},
		{"unknown role", []Grant{{Role: "king", OrgID: 1}}, false},
		{"no org", []Grant{{Role: RoleViewer}}, false},
	}
	for _, tt := range tests {
		if err := ValidateGrants(tt.grants); (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestPasswordRules(t *testing.T) {
	for pw, ok := range map[string]bool{"Short1!": false, "alllowercaseletters": false, "Abcdefgh12": true, "abc-def-123x": true} {
		if got := ValidatePassword(pw) == ""; got != ok {
			t.Errorf("ValidatePassword(%q) ok = %v, want %v", pw, got, ok)
		}
	}
	for name, ok := range map[string]bool{"ab": false, "zhang_san": true, "张三": false, "a b c": false} {
		if got := ValidateUsername(name) == ""; got != ok {
			t.Errorf("ValidateUsername(%q) ok = %v, want %v", name, got, ok)
		}
	}
}
