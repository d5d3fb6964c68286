package web

import (
	"net/http"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// loginPage is the sign-in form.
type loginPage struct {
	Base
	Username string
	Next     string
	Error    string
}

// loginForm is what the sign-in form posts.
type loginForm struct {
	Username string
	Password string
	Next     string
}

func readLoginForm(r *http.Request) loginForm {
	return loginForm{Username: r.PostFormValue("username"), Password: r.PostFormValue("password"), Next: r.PostFormValue("next")}
}

func (s *server) loginForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	next := localPath(r.URL.Query().Get("next"))
	if rq.auth != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	p := &loginPage{Next: next}
	p.Base = s.base(w, r, rq, tr(rq.lang, "login.title"))
	p.Bare = true
	return s.render(w, rq, http.StatusOK, "auth/login", p)
}

func (s *server) login(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readLoginForm(r)
	next := localPath(f.Next)
	res, err := s.app.Login(r.Context(), f.Username, f.Password, clientIP(r), app.SessionWeb, rq.lang)
	if err != nil {
		code := dangjian.ErrorCode(err)
		if code != dangjian.EUNAUTHORIZED && code != dangjian.ERATELIMITED {
			return err
		}
		p := &loginPage{Username: f.Username, Next: next, Error: msgIn(rq.lang, dangjian.ErrorMessage(err))}
		if code == dangjian.EUNAUTHORIZED {
			cfg := s.app.Config()
			p.Error = tr(rq.lang, "login.bad", cfg.MaxFailures, int(cfg.LockFor.Minutes()))
		}
		p.Base = s.base(w, r, rq, tr(rq.lang, "login.title"))
		p.Bare = true
		return s.render(w, rq, http.StatusUnprocessableEntity, "auth/login", p)
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: res.Token, Path: "/",
		HttpOnly: true, Secure: s.opt.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.app.Logout(r.Context(), rq.actor(), rq.token); err != nil {
		return err
	}
	s.clearCookie(w, sessionCookie)
	s.redirect(w, r, "/login", "flash.logged_out")
	return nil
}

// setLang switches the language: a cookie for the browser, and the
// session's language when logged in (so the choice follows the session).
func (s *server) setLang(w http.ResponseWriter, r *http.Request, rq *request) error {
	lang, next := r.URL.Query().Get("lang"), r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		if err := parseForm(w, r); err != nil {
			return err
		}
		lang, next = r.PostFormValue("lang"), r.PostFormValue("next")
	}
	if !validLang(lang) {
		lang = langZh
	}
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.opt.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	if rq.auth != nil {
		if err := s.app.SetSessionLang(r.Context(), rq.token, lang); err != nil {
			return err
		}
	}
	http.Redirect(w, r, localPath(next), http.StatusSeeOther)
	return nil
}
