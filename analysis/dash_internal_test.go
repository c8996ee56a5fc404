package analysis

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// indexDash looks for bytes; strings.IndexAny, for characters: the same
// answer on texts of dashes, their neighbours in UTF-8, kana, ASCII and
// stray bytes (invalid UTF-8).
func TestIndexDashIsIndexAny(t *testing.T) {
	pieces := []string{"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\u2500",
		"\u200f", "\u2016", "\u2211", "\u2213", "\u2501", "\u24ff", "…", "→", "ー", "エ", "ク", "a", " ", "1",
		"\xe2", "\xe2\x80", "\xe2\x88", "\xe2\x94", "\x80", "\x90", "\x92", "\xf0", "\xe3\x83"}
	for _, s := range []string{"", "-", "\u2212", "abc", "エクスポ\u2212ト", "a-b", "\xe2\x80\x90", "\xe2\x80"} {
		if got, want := indexDash(s), strings.IndexAny(s, vowelDashes); got != want {
			t.Errorf("indexDash(%q) = %d, want %d", s, got, want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		s := joinPieces(r, pieces, 12)
		if got, want := indexDash(s), strings.IndexAny(s, vowelDashes); got != want {
			t.Fatalf("indexDash(%q) = %d, want %d", s, got, want)
		}
	}
}
