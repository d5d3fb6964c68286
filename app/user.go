package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/sqlstore"
)

// UserInput is a new account.
type UserInput struct {
	Username string           `json:"username"`
	Password string           `json:"password"`
	MemberID *int64           `json:"member_id"`
	Roles    []dangjian.Grant `json:"roles"`
}

// CreateUser creates an account; only a sysadmin may, and only with roles
// on organizations inside the sysadmin's own scope.
func (a *App) CreateUser(ctx context.Context, actor *dangjian.Actor, in UserInput) (*dangjian.User, error) {
	if !actor.HasPermAnywhere(dangjian.PermUserManage) {
		return nil, forbidden()
	}
	v := dangjian.Invalid{}
	if msg := dangjian.ValidateUsername(in.Username); msg != "" {
		v.Add("username", msg)
	}
	if msg := dangjian.ValidatePassword(in.Password); msg != "" {
		v.Add("password", msg)
	}
	if err := dangjian.ValidateGrants(in.Roles); err != nil {
		for k, m := range dangjian.ErrorFields(err) {
			v.Add(k, m)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := a.hashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	u := &dangjian.User{Username: in.Username, MemberID: in.MemberID, Roles: in.Roles}
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := a.checkGrantOrgs(ctx, tx, actor, u.Roles); err != nil {
			return err
		}
		if u.MemberID != nil {
			if _, err := tx.Member(ctx, *u.MemberID); err != nil {
				return &dangjian.Error{Code: dangjian.EINVALID, Message: "关联的党员不存在", Fields: map[string]string{"member_id": "党员不存在"}}
			}
		}
		if err := tx.CreateUser(ctx, u, hash); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "user.create", "user", u.ID, 0, map[string]any{"username": u.Username, "roles": u.Roles, "member_id": u.MemberID})
	})
	if err != nil {
		return nil, err
	}
	return a.User(ctx, actor, u.ID)
}

// checkGrantOrgs fills in each grant's path and refuses organizations
// outside the actor's user-management scope.
func (a *App) checkGrantOrgs(ctx context.Context, tx *sqlstore.Tx, actor *dangjian.Actor, grants []dangjian.Grant) error {
	for i := range grants {
		o, err := tx.Org(ctx, grants[i].OrgID)
		if err != nil || !actor.HasPerm(dangjian.PermUserManage, o.Path) {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: "角色所在组织不存在", Fields: map[string]string{"roles": fmt.Sprintf("组织 %d 不存在或不在管理范围内", grants[i].OrgID)}}
		}
		grants[i].OrgPath, grants[i].OrgName = o.Path, o.Name
	}
	return nil
}

// User returns an account: to a sysadmin, or the account itself.
func (a *App) User(ctx context.Context, actor *dangjian.Actor, id int64) (*dangjian.User, error) {
	if actor.UserID != id && !actor.HasPermAnywhere(dangjian.PermUserManage) {
		return nil, hidden("用户")
	}
	var u *sqlstore.UserRecord
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		var err error
		u, err = tx.User(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := u.User
	return &out, nil
}

// Users lists every account (sysadmin only).
func (a *App) Users(ctx context.Context, actor *dangjian.Actor) ([]*dangjian.User, error) {
	if !actor.HasPermAnywhere(dangjian.PermUserManage) {
		return nil, forbidden()
	}
	var out []*dangjian.User
	err := a.db.View(ctx, func(tx *sqlstore.Tx) error {
		us, err := tx.Users(ctx)
		for _, u := range us {
			user := u.User
			out = append(out, &user)
		}
		return err
	})
	return out, err
}

// SetPassword sets a user's password: the user's own, or anyone's for a
// sysadmin. It ends the user's other sessions.
func (a *App) SetPassword(ctx context.Context, actor *dangjian.Actor, username, password string) error {
	if msg := dangjian.ValidatePassword(password); msg != "" {
		return &dangjian.Error{Code: dangjian.EINVALID, Message: msg, Fields: map[string]string{"password": msg}}
	}
	hash, err := a.hashPassword(ctx, password)
	if err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		u, err := tx.UserByName(ctx, username)
		if err != nil {
			return err
		}
		if u.ID != actor.UserID && !actor.HasPermAnywhere(dangjian.PermUserManage) {
			return hidden("用户")
		}
		if err := tx.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "user.password", "user", u.ID, 0, nil)
	})
}

// Bootstrap makes sure there is a root organization and an admin account.
// On a database with no users it creates "admin" with committee_admin on
// the root and sysadmin, using password or, when empty, a generated one
// that it returns (to be printed once).
func (a *App) Bootstrap(ctx context.Context, password string) (created bool, pw string, err error) {
	err = a.db.Update(ctx, func(tx *sqlstore.Tx) error {
		n, err := tx.CountUsers(ctx)
		if err != nil || n > 0 {
			return err
		}
		roots, _, err := tx.Orgs(ctx, dangjian.OrgFilter{Scopes: []string{"/"}, Kind: dangjian.KindWorkingCommittee, Limit: 1})
		if err != nil {
			return err
		}
		var root *dangjian.Org
		if len(roots) > 0 {
			root = roots[0]
		} else {
			root = &dangjian.Org{Name: "机关工委", Kind: dangjian.KindWorkingCommittee}
			if err := tx.CreateOrg(ctx, root, nil); err != nil {
				return err
			}
			if err := audit(ctx, tx, System(), "org.create", "org", root.ID, root.ID, root); err != nil {
				return err
			}
		}
		pw = password
		if pw == "" {
			if pw, err = generatePassword(); err != nil {
				return err
			}
		} else if msg := dangjian.ValidatePassword(pw); msg != "" {
			return &dangjian.Error{Code: dangjian.EINVALID, Message: "管理员密码不符合要求：" + msg, Fields: map[string]string{"admin_password": msg}}
		}
		hash, err := a.hashPassword(ctx, pw)
		if err != nil {
			return err
		}
		u := &dangjian.User{Username: "admin", Roles: []dangjian.Grant{
			{Role: dangjian.RoleCommitteeAdmin, OrgID: root.ID},
			{Role: dangjian.RoleSysadmin, OrgID: root.ID},
		}}
		if err := tx.CreateUser(ctx, u, hash); err != nil {
			return err
		}
		created = true
		return audit(ctx, tx, System(), "user.create", "user", u.ID, 0, map[string]any{"username": "admin", "roles": []string{"committee_admin", "sysadmin"}})
	})
	return created, pw, err
}

func generatePassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", fmt.Errorf("generate password: %w", err)
		}
		b[i] = alphabet[n.Int64()]
	}
	// Four groups of four, always with lower, upper and digit.
	return fmt.Sprintf("%s-%s-%s-%sa9Z", b[0:4], b[4:8], b[8:12], b[12:16]), nil
}
