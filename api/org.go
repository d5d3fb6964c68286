package api

import (
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// orgRef names an organization, for breadcrumbs.
type orgRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// orgDetail is one organization with its committee (null when none), its
// findings and the ancestors the caller may see, root first.
type orgDetail struct {
	*dangjian.Org
	Committee *committeeView     `json:"committee"`
	Findings  []dangjian.Finding `json:"findings"`
	Ancestors []orgRef           `json:"ancestors"`
	CanWrite  bool               `json:"can_write"`
}

// committeeView is a committee; the empty one (no committee recorded) has
// no id, null dates and no posts.
type committeeView struct {
	ID        int64           `json:"id,omitempty"`
	OrgID     int64           `json:"org_id"`
	TermStart dangjian.Date   `json:"term_start"`
	TermEnd   dangjian.Date   `json:"term_end"`
	Current   bool            `json:"current"`
	Posts     []dangjian.Post `json:"posts"`
}

func committeeOf(c *dangjian.Committee, orgID int64) *committeeView {
	if c == nil {
		return &committeeView{OrgID: orgID, Posts: []dangjian.Post{}}
	}
	v := &committeeView{ID: c.ID, OrgID: orgID, TermStart: c.TermStart, TermEnd: c.TermEnd, Current: c.Current, Posts: c.Posts}
	if v.Posts == nil {
		v.Posts = []dangjian.Post{}
	}
	return v
}

func (s *server) listOrgs(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := paramsOf(r)
	f := dangjian.OrgFilter{
		ParentID: p.id("parent"),
		Query:    p.text("q"),
		Kind:     p.oneOf("kind", dangjian.OrgKinds...),
	}
	pg := p.page()
	if err := p.err(); err != nil {
		return err
	}
	orgs, total, err := s.app.Orgs(r.Context(), c.Actor, f, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(orgs, total, pg))
	return nil
}

// orgRoots answers the top organizations the caller may see: where a tree
// view starts.
func (s *server) orgRoots(w http.ResponseWriter, r *http.Request, c *caller) error {
	roots, err := s.app.OrgRoots(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, whole(roots))
	return nil
}

func (s *server) org(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Org(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	out := orgDetail{Org: d.Org, Findings: d.Findings, Ancestors: []orgRef{}, CanWrite: d.CanWrite}
	if d.Committee != nil {
		out.Committee = committeeOf(d.Committee, d.ID)
	}
	for _, a := range d.Ancestors {
		out.Ancestors = append(out.Ancestors, orgRef{ID: a.ID, Name: a.Name, Kind: a.Kind})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) createOrg(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in app.OrgInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	o, err := s.app.CreateOrg(r.Context(), c.Actor, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/orgs/"+strconv.FormatInt(o.ID, 10))
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *server) updateOrg(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var up app.OrgUpdate
	if err := decode(w, r, &up); err != nil {
		return err
	}
	o, err := s.app.UpdateOrg(r.Context(), c.Actor, id, up)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *server) deleteOrg(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.app.DeleteOrg(r.Context(), c.Actor, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// committee answers the current committee, or the empty shape when none
// was ever recorded: a 404 would read as "no such organization".
func (s *server) committee(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cm, err := s.app.Committee(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, committeeOf(cm, id))
	return nil
}

// committeeInput is the body of PUT .../committee. It takes the GET answer
// back as it is: id, org_id, current and a post's name are read-only and
// ignored.
type committeeInput struct {
	TermStart date `json:"term_start"`
	TermEnd   date `json:"term_end"`
	Posts     []struct {
		MemberID int64  `json:"member_id"`
		Post     string `json:"post"`
		Name     string `json:"name"`
	} `json:"posts"`
	ID      int64 `json:"id"`
	OrgID   int64 `json:"org_id"`
	Current bool  `json:"current"`
}

func (s *server) replaceCommittee(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in committeeInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	cm := dangjian.Committee{TermStart: in.TermStart.Date, TermEnd: in.TermEnd.Date, Posts: []dangjian.Post{}}
	for _, p := range in.Posts {
		cm.Posts = append(cm.Posts, dangjian.Post{MemberID: p.MemberID, Post: p.Post})
	}
	out, err := s.app.ReplaceCommittee(r.Context(), c.Actor, id, cm)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, committeeOf(out, id))
	return nil
}

// committeeHistory answers every committee of an organization, newest first.
func (s *server) committeeHistory(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cs, err := s.app.CommitteeHistory(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	items := make([]*committeeView, len(cs))
	for i, cm := range cs {
		items[i] = committeeOf(cm, id)
	}
	writeJSON(w, http.StatusOK, whole(items))
	return nil
}
