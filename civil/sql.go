package civil

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"time"
)

// Compile-time checks of the interfaces Date implements.
var (
	_ encoding.TextMarshaler   = Date{}
	_ encoding.TextUnmarshaler = (*Date)(nil)
	_ encoding.TextAppender    = Date{}
	_ json.Marshaler           = Date{}
	_ json.Unmarshaler         = (*Date)(nil)
	_ driver.Valuer            = Date{}
	_ sql.Scanner              = (*Date)(nil)
)

// Value implements driver.Valuer for SQL DATE columns: a valid Date is its YYYY-MM-DD text,
// which every SQL database reads as a date; the zero Date is NULL; an invalid Date is an error.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan implements sql.Scanner: it accepts NULL (the zero Date), a time.Time (its date in its
// own location, as drivers return DATE columns at midnight), and YYYY-MM-DD text as a string
// or []byte. Anything else is an error matching carecoord.ErrInvalid.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		t := DateOf(v)
		if !t.IsValid() {
			return errYear
		}
		*d = t
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	}
	return errScan
}
