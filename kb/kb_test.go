package kb

import (
	"strings"
	"testing"
	"time"
)

// TestStaleByCalendarDay: staleness counts calendar days, so that check
// (which knows the day) and ask (which knows the hour) agree: an entry
// verified yesterday is one day old all of today.
func TestStaleByCalendarDay(t *testing.T) {
	e := &Entry{Verified: Date{time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)}}
	for _, tt := range []struct {
		now   time.Time
		days  int
		stale bool
	}{
		{time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), 1, false},
		{time.Date(2026, 12, 7, 23, 59, 0, 0, time.UTC), 1, false},
		{time.Date(2026, 12, 8, 0, 1, 0, 0, time.UTC), 1, true},
		{time.Date(2027, 6, 4, 12, 0, 0, 0, time.UTC), 180, false},
		{time.Date(2027, 6, 5, 12, 0, 0, 0, time.UTC), 180, true},
		{time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 0, false}, // 0: never
	} {
		if got := e.Stale(tt.now, tt.days); got != tt.stale {
			t.Errorf("verified 2026-12-06, now %s, %d days: stale %v, want %v", tt.now.Format(time.RFC3339), tt.days, got, tt.stale)
		}
	}
}

// TestCheckBaseURL: a site's base URL is an absolute http(s) URL of a
// host's root; a path would break the site's root-relative links.
func TestCheckBaseURL(t *testing.T) {
	for base, want := range map[string]string{
		"https://kb.example.com":         "",
		"https://kb.example.com/":        "",
		"http://127.0.0.1:8080":          "",
		"https://kb.example.com/support": "has a path (/support)",
		"https://kb.example.com/a/b/":    "has a path",
		"https://kb.example.com/?x=1":    "query",
		"javascript:alert(1)":            "not an absolute http(s) URL",
		"kb.example.com":                 "not an absolute http(s) URL",
	} {
		err := CheckBaseURL(base)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckBaseURL(%q) = %v, want %q", base, err, want)
		}
	}
}
