package dates

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "27/03/2008", want: "2008-03-27"},
		{in: "5/1/2020", want: "2020-01-05"},
		{in: "2022-03-31", want: "2022-03-31"},
		{in: " 2022-05-23T11:14:05 ", want: "2022-05-23"},
		{in: "2022-07-21T10:12:28Z", want: "2022-07-21"},
		{in: "31/02/2020", bad: true},
		{in: "2020/13/01", bad: true},
		{in: "nope", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.bad {
				if err == nil {
					t.Fatalf("Parse(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got.Format("2006-01-02") != tt.want {
				t.Fatalf("Parse(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestFromSerial(t *testing.T) {
	tests := []struct {
		serial float64
		d1904  bool
		want   string
	}{
		{1, false, "1900-01-01"},
		{59, false, "1900-02-28"},
		{61, false, "1900-03-01"},
		{42029, false, "2015-01-25"}, // Annex A sample, List 1 row 2 date of birth
		{44090, false, "2020-09-16"},
		{44090.75, false, "2020-09-16"},
		{0, true, "1904-01-01"},
		{42029 - 1462, true, "2015-01-25"},
	}
	for _, tt := range tests {
		got, err := FromSerial(tt.serial, tt.d1904)
		if err != nil || got.Format("2006-01-02") != tt.want {
			t.Errorf("FromSerial(%v, %v) = %v, %v; want %s", tt.serial, tt.d1904, got, err, tt.want)
		}
	}
	if _, err := FromSerial(-3, false); err == nil {
		t.Error("a negative serial should be an error")
	}
}

func TestMonth(t *testing.T) {
	got := Month(time.Date(2008, 3, 27, 0, 0, 0, 0, time.UTC))
	if got.Format("2006-01-02") != "2008-03-01" {
		t.Fatalf("Month = %v", got)
	}
	if Days(time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)) != 1 {
		t.Fatal("Days(1970-01-02) != 1")
	}
}
