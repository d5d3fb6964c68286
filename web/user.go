package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// userListPage lists the accounts (sysadmin only).
type userListPage struct {
	Base
	Users []*dangjian.User
	Now   time.Time
}

func (s *server) userList(w http.ResponseWriter, r *http.Request, rq *request) error {
	users, err := s.app.Users(r.Context(), rq.actor())
	if err != nil {
		return err
	}
	p := &userListPage{Users: users, Now: time.Now()}
	p.Base = s.base(w, r, rq, tr(rq.lang, "users.title"))
	p.Crumbs = []crumb{{Label: p.Title}}
	return s.render(w, rq, http.StatusOK, "user/list", p)
}

// userForm is what the new-user form posts: one role on one organization.
type userForm struct {
	Username string
	Password string
	Role     string
	OrgID    string
	MemberID string
}

// userFormPage is the new-user form.
type userFormPage struct {
	Base
	Form     formView
	OrgQuery string
	OrgMore  bool
}

// userOrgLimit bounds the organization list; the search beside it narrows it.
const userOrgLimit = 500

func (s *server) userNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.userFormPage(w, r, rq, http.StatusOK, userForm{Role: dangjian.RoleOrgAdmin}, nil)
}

func (s *server) userFormPage(w http.ResponseWriter, r *http.Request, rq *request, status int, f userForm, err error) error {
	l := rq.lang
	p := &userFormPage{OrgQuery: strings.TrimSpace(r.URL.Query().Get("org_q"))}
	p.Base = s.base(w, r, rq, tr(l, "user.new.title"))
	p.Crumbs = []crumb{{Label: tr(l, "users.title"), Href: "/users"}, {Label: p.Title}}
	fe, alert := fieldErrors{}, ""
	if err != nil {
		fe, alert = errorsOf(l, err)
	}
	orgs, total, err := s.app.OrgChoices(r.Context(), rq.actor(), dangjian.PermUserManage, 0, "", p.OrgQuery, userOrgLimit)
	if err != nil {
		return err
	}
	p.OrgMore = total > len(orgs)
	m := formMaker{lang: l, errors: fe}
	name := m.text("username", "user.username", f.Username, true)
	name.Auto, name.Hint = "off", tr(l, "user.username.hint")
	pw := m.field("password", "password", "user.password.label", "", true)
	pw.Auto, pw.Hint = "new-password", tr(l, "user.password.hint")
	role := m.choice("select", "role", "user.role", f.Role, true, "role", dangjian.Roles)
	role.Error = fe["roles"]
	org := m.field("select", "org_id", "user.org", f.OrgID, true)
	org.Options = append(org.Options, option{Value: "", Label: tr(l, "form.choose"), Selected: f.OrgID == ""})
	for _, o := range orgs {
		org.Options = append(org.Options, option{Value: itoa(o.ID), Label: strings.Repeat("　", o.Depth) + o.Name, Selected: itoa(o.ID) == f.OrgID})
	}
	org.Hint = tr(l, "user.org.hint")
	member := m.field("number", "member_id", "user.member", f.MemberID, false)
	member.Short, member.Hint = true, tr(l, "user.member.hint")
	p.Form = formView{
		Action: "/users/new", Submit: tr(l, "user.new.submit"), Cancel: "/users", Alert: alert,
		Sections: []section{{Rows: [][]field{{name}, {pw}, {role, org}, {member}}}},
	}
	if p.OrgQuery != "" {
		p.Form.Action += "?org_q=" + url.QueryEscape(p.OrgQuery)
	}
	return s.render(w, rq, status, "user/form", p)
}

func (s *server) userCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := r.PostFormValue
	f := userForm{Username: strings.TrimSpace(v("username")), Password: v("password"), Role: v("role"), OrgID: v("org_id"), MemberID: v("member_id")}
	fe := fieldErrors{}
	in := app.UserInput{Username: f.Username, Password: f.Password}
	if !dangjian.ValidRole(f.Role) {
		fe["role"] = "请选择角色"
	}
	orgID := parseID(f.OrgID)
	if orgID == 0 {
		fe["org_id"] = "请选择组织"
	}
	in.Roles = []dangjian.Grant{{Role: f.Role, OrgID: orgID}}
	if mid := parseID(f.MemberID); mid != 0 {
		in.MemberID = &mid
	} else if strings.TrimSpace(f.MemberID) != "" {
		fe["member_id"] = "请填写整数"
	}
	var err error
	if len(fe) > 0 {
		err = invalid(fe)
	} else if _, err = s.app.CreateUser(r.Context(), rq.actor(), in); err == nil {
		s.redirect(w, r, "/users", "flash.user_created")
		return nil
	}
	if !formError(err) {
		return err
	}
	return s.userFormPage(w, r, rq, statusOf(err), f, err)
}
