package web

import (
	"strconv"
	"strings"

	"github.com/dangjian/dangjian"
)

// field is one form control as the "field" partial draws it: label above,
// required mark, hint, and the error under it.
type field struct {
	Name     string
	Label    string
	Type     string // text, date, number, password, tel, select, radio, checkbox, hidden
	Value    string
	Checked  bool
	Required bool
	Hint     string
	Error    string
	Options  []option
	Short    bool   // a narrow control (dates, numbers)
	Auto     string // autocomplete attribute
	Place    string // placeholder
}

type option struct {
	Value    string
	Label    string
	Selected bool
}

// formView is a whole form: sections of rows of fields, then the buttons.
type formView struct {
	Action   string
	Sections []section
	Submit   string
	Cancel   string // href of the cancel link
	Alert    string // the message above the form after a failed submit
}

type section struct {
	Legend string
	Rows   [][]field
}

// fieldErrors are the messages of a failed submit, by field, in lang.
type fieldErrors map[string]string

// errorsOf turns an app error into messages by field in lang; anything
// that is not about a field goes to the alert above the form.
func errorsOf(lang string, err error) (fieldErrors, string) {
	fe := fieldErrors{}
	for k, v := range dangjian.ErrorFields(err) {
		fe[k] = msgIn(lang, v)
	}
	alert := msgIn(lang, dangjian.ErrorMessage(err))
	if len(fe) > 0 {
		alert = tr(lang, "form.fix", len(fe))
	}
	return fe, alert
}

// formMaker builds fields in one language, with the values and errors of
// the form being drawn.
type formMaker struct {
	lang   string
	errors fieldErrors
}

func (m formMaker) field(typ, name, labelKey, value string, required bool) field {
	return field{Name: name, Label: tr(m.lang, labelKey), Type: typ, Value: value, Required: required, Error: m.errors[name]}
}

func (m formMaker) text(name, labelKey, value string, required bool) field {
	return m.field("text", name, labelKey, value, required)
}

func (m formMaker) date(name, labelKey, value string, required bool) field {
	f := m.field("date", name, labelKey, value, required)
	f.Short, f.Place = true, "YYYY-MM-DD"
	return f
}

// choice is a select (or radios) over the values of an enumeration, named
// through the catalog group.
func (m formMaker) choice(typ, name, labelKey, value string, required bool, group string, values []string) field {
	f := m.field(typ, name, labelKey, value, required)
	for _, v := range values {
		f.Options = append(f.Options, option{Value: v, Label: enumName(m.lang, group, v), Selected: v == value})
	}
	return f
}

// parseDate reads a date field; a bad one is reported under the field and
// leaves the zero date, so the domain's "required" check does not repeat it.
func parseDate(fe fieldErrors, name, s string) dangjian.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return dangjian.Date{}
	}
	d, err := dangjian.ParseDate(s)
	if err != nil {
		fe[name] = "日期格式应为 YYYY-MM-DD"
	}
	return d
}

// parseInt reads an integer field; empty is zero.
func parseInt(fe fieldErrors, name, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe[name] = "请填写整数"
	}
	return n
}

// parseID reads an id field; empty or malformed is zero.
func parseID(s string) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// invalid is the error of a form whose fields failed before reaching app
// (unreadable dates, numbers); its messages are Chinese like the domain's.
func invalid(fe fieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	return dangjian.Invalid(fe).Err()
}

// merge adds the web layer's field errors to an app error's, so a form
// shows every problem at once.
func merge(fe fieldErrors, err error) error {
	if len(fe) == 0 {
		return err
	}
	all := dangjian.Invalid{}
	for k, v := range fe {
		all.Add(k, v)
	}
	if err != nil {
		if dangjian.ErrorCode(err) != dangjian.EINVALID {
			return err
		}
		for k, v := range dangjian.ErrorFields(err) {
			all.Add(k, v)
		}
	}
	return all.Err()
}
