package dangjian

import (
	"sort"
	"strings"
)

// This file is the whole permission vocabulary: every role, every
// permission, and which role holds which. Authorization happens in app/.

// Roles. A role is held on an organization and covers its subtree.
const (
	RoleCommitteeAdmin = "committee_admin" // runs the subtree (机关工委 / 机关党委 staff)
	RoleOrgAdmin       = "org_admin"       // a branch's secretary or committee member
	RoleMember         = "member"          // own record only
	RoleViewer         = "viewer"          // read-only leader
	RolePersonnel      = "personnel"       // personnel department
	RoleSysadmin       = "sysadmin"        // 系统管理员: users and roles
	RoleSecadmin       = "secadmin"        // 安全管理员: security settings
	RoleAuditor        = "auditor"         // 审计管理员: reads the audit trail
)

// Permissions.
const (
	PermOrgRead       = "org.read"
	PermOrgWrite      = "org.write"
	PermMemberRead    = "member.read"
	PermMemberWrite   = "member.write"
	PermMemberReveal  = "member.reveal" // see ID and phone numbers unmasked
	PermUserManage    = "user.manage"
	PermSecurity      = "security.manage"
	PermAuditRead     = "audit.read"
	PermRulesOverride = "rules.override"
)

// RolePerms says what each role may do within its subtree.
var RolePerms = map[string][]string{
	RoleCommitteeAdmin: {PermOrgRead, PermOrgWrite, PermMemberRead, PermMemberWrite, PermMemberReveal, PermRulesOverride},
	RoleOrgAdmin:       {PermOrgRead, PermOrgWrite, PermMemberRead, PermMemberWrite},
	RoleMember:         {},
	RoleViewer:         {PermOrgRead, PermMemberRead},
	RolePersonnel:      {PermOrgRead, PermMemberRead},
	RoleSysadmin:       {PermOrgRead, PermUserManage},
	RoleSecadmin:       {PermSecurity},
	RoleAuditor:        {PermAuditRead},
}

// RoleNames are the Chinese names of the roles.
var RoleNames = map[string]string{
	RoleCommitteeAdmin: "工委管理员",
	RoleOrgAdmin:       "党组织管理员",
	RoleMember:         "党员",
	RoleViewer:         "查看者",
	RolePersonnel:      "人事部门",
	RoleSysadmin:       "系统管理员",
	RoleSecadmin:       "安全管理员",
	RoleAuditor:        "审计管理员",
}

// Roles lists the roles in display order.
var Roles = []string{RoleCommitteeAdmin, RoleOrgAdmin, RoleMember, RoleViewer, RolePersonnel, RoleSysadmin, RoleSecadmin, RoleAuditor}

// SeparatedRoles are the three administrators; an account holds at most one.
var SeparatedRoles = []string{RoleSysadmin, RoleSecadmin, RoleAuditor}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool { _, ok := RolePerms[r]; return ok }

// Grant is a role held on an organization.
type Grant struct {
	Role    string `json:"role"`
	OrgID   int64  `json:"org_id"`
	OrgPath string `json:"-"`
	OrgName string `json:"org_name,omitempty"`
}

// Actor is who is acting: the user with their grants, and where from.
type Actor struct {
	UserID   int64
	Username string
	MemberID *int64
	Grants   []Grant
	IP       string
}

// HasPerm reports whether the actor holds perm on the organization at path.
func (a *Actor) HasPerm(perm, path string) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if InSubtree(path, g.OrgPath) && roleHas(g.Role, perm) {
			return true
		}
	}
	return false
}

// HasRole reports whether the actor holds role anywhere.
func (a *Actor) HasRole(role string) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}

// HasPermAnywhere reports whether perm is held on any organization.
func (a *Actor) HasPermAnywhere(perm string) bool { return len(a.Scopes(perm)) > 0 }

// Scopes returns the subtree roots on which the actor holds perm, with
// nested ones folded into their ancestor.
func (a *Actor) Scopes(perm string) []string {
	if a == nil {
		return nil
	}
	var paths []string
	for _, g := range a.Grants {
		if roleHas(g.Role, perm) {
			paths = append(paths, g.OrgPath)
		}
	}
	sort.Strings(paths)
	var out []string
	for _, p := range paths {
		if len(out) > 0 && strings.HasPrefix(p, out[len(out)-1]) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func roleHas(role, perm string) bool {
	for _, p := range RolePerms[role] {
		if p == perm {
			return true
		}
	}
	return false
}
