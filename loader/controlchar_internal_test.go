package loader

import (
	"testing"
	"unicode"

	"github.com/acmkb/acmkb/internal/randmix"
)

// controlCharRunes is controlChar as it was: every rune decoded.
func controlCharRunes(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return r, true
		}
	}
	return 0, false
}

// controlChar's look at the bytes finds what decoding every rune finds,
// on mixes of controls (C0, DEL, C1), their neighbours, kana, Latin-1 and
// invalid bytes.
func TestControlCharBytes(t *testing.T) {
	mix := randmix.New(5, 12, "a", " ", "\t", "\n", "\r", "\x00", "\x1b", "\x1f", "\x7f", "\u0080", "\u0085", "\u009b", "\u009f", "\u00a0", "\u00c0",
		"\xc2", "\xc2\x7f", "\xc3\x85", "\xe3", "\x85", "証明書", "é", "\ufffd", "\u2028")
	for range 50000 {
		s := mix.Next()
		r, ok := controlChar(s)
		wr, wok := controlCharRunes(s)
		if r != wr || ok != wok {
			t.Fatalf("controlChar(%q) = %U, %v; want %U, %v", s, r, ok, wr, wok)
		}
	}
}
