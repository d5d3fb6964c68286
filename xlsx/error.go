package xlsx

import (
	"errors"
	"fmt"
)

// The kinds of problem an upload or a value can have. Test with errors.Is;
// show the user err.Error(), which is the Chinese message of the *Error that
// wraps the kind. These are constants in all but name, like io.EOF.
var (
	ErrTooBig          = errors.New("xlsx: file too big")
	ErrTooManyRows     = errors.New("xlsx: too many rows")
	ErrZipBomb         = errors.New("xlsx: unzipped size or compression ratio over the limit")
	ErrNotSpreadsheet  = errors.New("xlsx: not a spreadsheet")
	ErrEmpty           = errors.New("xlsx: no header row")
	ErrNoRows          = errors.New("xlsx: no data rows")
	ErrDuplicateHeader = errors.New("xlsx: duplicate header")
	ErrCellTooLong     = errors.New("xlsx: cell too long")
	ErrInvalidValue    = errors.New("xlsx: invalid value")
)

// Error is a problem the user can act on. Message is a Chinese sentence that
// names the limit or the value; Row and Column locate it when they apply
// (Row as a spreadsheet numbers it, Column by header text).
type Error struct {
	Kind    error // one of the Err* values above
	Message string
	Row     int
	Column  string
	Err     error // the underlying cause, if any
}

func (e *Error) Error() string { return e.Message }

// Unwrap exposes both the kind (for errors.Is) and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(kind error, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// valueError is the error of the Parse* functions: the message quotes the
// value so it stands alone next to a row and column.
func valueError(format string, args ...any) error {
	return newError(ErrInvalidValue, format, args...)
}
