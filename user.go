package dangjian

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User is an account. A user may be linked to a member record.
type User struct {
	ID          int64      `json:"id"`
	Username    string     `json:"username"`
	MemberID    *int64     `json:"member_id"`
	Roles       []Grant    `json:"roles"`
	Disabled    bool       `json:"disabled"`
	LockedUntil *time.Time `json:"locked_until,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

// ValidateUsername checks a login name: 3–32 letters, digits, '_', '-', '.'.
func ValidateUsername(s string) string {
	if n := utf8.RuneCountInString(s); n < 3 || n > 32 {
		return "用户名须为3到32个字符"
	}
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_-.", r))) {
			return "用户名只能包含字母、数字、下划线、短横线和点"
		}
	}
	return ""
}

// ValidatePassword checks a new password: at least 10 characters, with
// at least three of: lower, upper, digit, other.
func ValidatePassword(p string) string {
	if utf8.RuneCountInString(p) < 10 {
		return "密码至少10个字符"
	}
	if len(p) > 256 {
		return "密码过长"
	}
	var lo, up, di, ot int
	for _, r := range p {
		switch {
		case unicode.IsLower(r):
			lo = 1
		case unicode.IsUpper(r):
			up = 1
		case unicode.IsDigit(r):
			di = 1
		default:
			ot = 1
		}
	}
	if lo+up+di+ot < 3 {
		return "密码须包含小写字母、大写字母、数字、符号中的至少三类"
	}
	return ""
}

// ValidateGrants checks the roles given to one account: known roles, an
// organization each, and at most one of the three administrators.
func ValidateGrants(grants []Grant) error {
	v := Invalid{}
	sep := map[string]bool{}
	for _, g := range grants {
		if !ValidRole(g.Role) {
			v.Add("roles", "未知角色 "+g.Role)
			continue
		}
		if g.OrgID <= 0 {
			v.Add("roles", "每个角色须指定组织（org_id）")
		}
		for _, s := range SeparatedRoles {
			if g.Role == s {
				sep[s] = true
			}
		}
	}
	if len(sep) > 1 {
		v.Add("roles", "系统管理员、安全管理员、审计管理员须由不同账号担任")
	}
	return v.Err()
}
