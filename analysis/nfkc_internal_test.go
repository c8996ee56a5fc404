package analysis

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Every character nfkc copies as it is must be its own NFKC form.
func TestNFKCPlainCharacters(t *testing.T) {
	plain := nfkcPlain()
	n := 0
	for r := rune(0); r < 1<<16; r++ {
		if plain[r/64]&(1<<(r%64)) == 0 {
			continue
		}
		n++
		if s := string(r); norm.NFKC.String(s) != s {
			t.Errorf("U+%04X is marked plain but NFKC makes it %q", r, norm.NFKC.String(s))
		}
	}
	for _, r := range "aZ0 .あアー漢字々でポ" {
		if plain[r/64]&(1<<(r%64)) == 0 {
			t.Errorf("%q is not plain", r)
		}
	}
	for _, r := range "（）ｶﾞ\u3099\u309a\u0301\u3000①㌔ﬁ" {
		if plain[r/64]&(1<<(r%64)) != 0 {
			t.Errorf("%q is plain", r)
		}
	}
	t.Logf("%d plain characters", n)
}

// nfkc is norm.NFKC.String on texts mixing plain characters with
// full-width and half-width forms, combining marks (after plain characters
// they compose with), compatibility characters and invalid bytes.
func TestNFKCMatchesNorm(t *testing.T) {
	pieces := []string{"a", "e", "Z", " ", "か", "は", "ウ", "ｶ", "ﾞ", "ﾟ", "\u3099", "\u309a", "\u0301", "\u0308", "\u0323",
		"（", "）", "Ａ", "１", "\u3000", "㌔", "①", "ﬁ", "ﾊﾟ", "証明書", "ー", "\xff", "\xe3\x81", "é", "\u1100", "\u1161", "\u11a8",
		"가", "で", "ポ", "…", "て", "\U0001d400", "\u0958", "\u2126", "Å", "\u030a", "ǅ", "\ufffd", "\u0345", "\u0e33", "\u0f73", "ℌ", "\u00a0"}
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(s string) {
		if got, want := nfkc(s), norm.NFKC.String(s); got != want {
			t.Fatalf("nfkc(%q) = %q, want %q", s, got, want)
		}
	}
	for _, p := range pieces {
		check(p)
		for _, q := range pieces {
			check(p + q)
			for _, r := range pieces {
				check(p + q + r)
			}
		}
	}
	for range 20000 {
		check(joinPieces(rng, pieces, 30))
	}
	// Long runs of combining marks (norm's stream-safe limit of 30).
	for _, base := range []string{"", "a", "か"} {
		for _, n := range []int{29, 30, 31, 60} {
			check("x" + base + strings.Repeat("\u0301", n) + "y")
			check(base + strings.Repeat("\u3099", n))
		}
	}
	_ = utf8.RuneError
}

func FuzzNFKC(f *testing.F) {
	f.Add("サーバー（大阪）ｶﾞ é")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := nfkc(s), norm.NFKC.String(s); got != want {
			t.Fatalf("nfkc(%q) = %q, want %q", s, got, want)
		}
	})
}

// Normalize (through foldPlain or nfkc and toLower) is NFKC, lower case
// and the long vowels trimmed, on mixes of capitals, kana, full-width and
// cased letters outside ASCII.
func TestNormalizeMatchesNorm(t *testing.T) {
	pieces := []string{"A", "z", "Q", " ", "サ", "ー", "バ", "証明書", "で", "Ａ", "（", "É", "é", "Ω", "K", "İ", "\xff", "ｶﾞ", "ß", "1.2", "-", "－", "―"}
	// longVowelDashes, simply: each dash with katakana on both sides, in
	// the text as given, is "ー".
	dashes := func(s string) string {
		r := []rune(s)
		out := slices.Clone(r)
		for i := 1; i+1 < len(r); i++ {
			if strings.ContainsRune(vowelDashes, r[i]) && classOf(r[i-1]) == katakana && classOf(r[i+1]) == katakana {
				out[i] = 'ー'
			}
		}
		return string(out)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 30000 {
		s := joinPieces(rng, pieces, 20)
		want := dropThousands(trimLongVowels(dashes(strings.ToLower(norm.NFKC.String(s)))))
		if got := Normalize(s); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", s, got, want)
		}
		if got, ok := foldPlain(s); ok && got != strings.ToLower(norm.NFKC.String(s)) {
			t.Fatalf("foldPlain(%q) = %q", s, got)
		}
	}
}

// TestDropThousands: a comma separates thousands between a digit and three
// digits that no digit follows, nowhere else.
func TestDropThousands(t *testing.T) {
	for in, want := range map[string]string{
		"2,500": "2500", "1,000,000": "1000000", "5,000 requested": "5000 requested", "$1,000.50": "$1000.50",
		"1,2,3": "1,2,3", "12,3456": "12,3456", "1,23": "1,23", ",500": ",500", "2,500,": "2500,", "a,b": "a,b", "": "",
		"2,500件": "2500件", "no comma": "no comma",
	} {
		if got := dropThousands(in); got != want {
			t.Errorf("dropThousands(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Normalize("２，５００ Certificates"); got != "2500 certificates" {
		t.Errorf("Normalize of a full-width number: %q", got)
	}
}
