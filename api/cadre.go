package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/dangjian/dangjian"
	"github.com/dangjian/dangjian/app"
)

// cadreTeam is GET /orgs/{id}/cadre-team: the unit's staff, cadres, ratio
// and findings (org.party_affairs.ratio), with the cadre list.
func (s *server) cadreTeam(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := s.app.CadreTeam(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *server) cadreRollup(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rep, err := s.app.CadreRollup(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) longServing(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	l, err := s.app.LongServing(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *server) cadreAppraisals(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := paramsOf(r)
	year := p.year("year", s.app.Today().Year()-1)
	if err := p.err(); err != nil {
		return err
	}
	l, err := s.app.Appraisals(r.Context(), c.Actor, id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

// cadreExport answers one of the cadre lists as a file; format is xlsx
// (the default) or csv.
func (s *server) cadreExport(list string) handler {
	return func(w http.ResponseWriter, r *http.Request, c *caller) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		p := paramsOf(r)
		format := p.oneOf("format", "xlsx", "csv")
		year := p.year("year", s.app.Today().Year()-1)
		if err := p.err(); err != nil {
			return err
		}
		ctx := r.Context()
		var ex *app.Export
		switch list {
		case "team":
			ex, err = s.app.ExportCadreTeam(ctx, c.Actor, id, format)
		case "rollup":
			ex, err = s.app.ExportCadreRollup(ctx, c.Actor, id, format)
		case "long":
			ex, err = s.app.ExportLongServing(ctx, c.Actor, id, format)
		default:
			ex, err = s.app.ExportAppraisals(ctx, c.Actor, id, year, format)
		}
		if err != nil {
			return err
		}
		return s.sendFile(w, r, ex)
	}
}

func (s *server) cadreProfile(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.app.CadreProfile(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// putCadreProfile is PUT /members/{id}/cadre {"post","since"}; since may
// be null (not known).
func (s *server) putCadreProfile(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Post  string `json:"post"`
		Since *date  `json:"since"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var since dangjian.Date
	if in.Since != nil {
		since = in.Since.Date
	}
	p, err := s.app.SetCadrePost(r.Context(), c.Actor, id, in.Post, since)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// createRotation is POST /cadre-rotations; party_affairs is optional (the
// member's status after the rotation; by default from the direction).
func (s *server) createRotation(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in struct {
		MemberID     int64  `json:"member_id"`
		FromPost     string `json:"from_post"`
		ToPost       string `json:"to_post"`
		Direction    string `json:"direction"`
		RotatedOn    date   `json:"rotated_on"`
		Note         string `json:"note"`
		PartyAffairs string `json:"party_affairs"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.MemberID <= 0 {
		return fieldError("member_id", "请选择党员")
	}
	rot, err := s.app.RecordRotation(r.Context(), c.Actor, dangjian.CadreRotation{MemberID: in.MemberID, FromPost: in.FromPost, ToPost: in.ToPost,
		Direction: in.Direction, RotatedOn: in.RotatedOn.Date, Note: in.Note, AffairsTo: in.PartyAffairs})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rot)
	return nil
}

// putAppraisal is PUT /members/{id}/cadre-appraisals/{year} {"grade","note"}:
// records or replaces the year's note.
func (s *server) putAppraisal(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return fieldError("year", "应为年份，如 2025")
	}
	var in struct {
		Grade string `json:"grade"`
		Note  string `json:"note"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ap, err := s.app.RecordAppraisal(r.Context(), c.Actor, dangjian.CadreAppraisal{MemberID: id, Year: year, Grade: in.Grade, Note: in.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ap)
	return nil
}

func (s *server) getCadreSettings(w http.ResponseWriter, r *http.Request, c *caller) error {
	set, err := s.app.CadreSettings(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, set)
	return nil
}

// putCadreSettings is PUT /settings/cadre-team {"small_unit_staff": 80,
// "rotation_years": 6}; a field left out stays, null goes back to the
// platform default.
func (s *server) putCadreSettings(w http.ResponseWriter, r *http.Request, c *caller) error {
	var b struct {
		SmallUnitStaff json.RawMessage `json:"small_unit_staff"`
		RotationYears  json.RawMessage `json:"rotation_years"`
	}
	if err := decode(w, r, &b); err != nil {
		return err
	}
	var up app.CadreSettingsUpdate
	read := func(field string, raw json.RawMessage, dst **int, clear *bool) error {
		switch string(raw) {
		case "":
		case "null":
			*clear = true
		default:
			var v int
			if err := json.Unmarshal(raw, &v); err != nil {
				return fieldError(field, "应为整数")
			}
			*dst = &v
		}
		return nil
	}
	if err := read("small_unit_staff", b.SmallUnitStaff, &up.SmallUnitStaff, &up.ClearSmallUnit); err != nil {
		return err
	}
	if err := read("rotation_years", b.RotationYears, &up.RotationYears, &up.ClearRotation); err != nil {
		return err
	}
	set, err := s.app.SetCadreSettings(r.Context(), c.Actor, up)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, set)
	return nil
}
