package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/acmkb/acmkb/internal/randmix"
)

// foldPlainBytes is foldPlain as it was: []byte(s), then string(b).
func foldPlainBytes(s string) (string, bool) {
	caseless := nfkcCaseless()
	upper := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			upper = upper || 'A' <= c && c <= 'Z'
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if w == 1 || r >= 1<<16 || caseless[r/64]&(1<<(r%64)) == 0 {
			return "", false
		}
		i += w
	}
	if !upper {
		return s, true
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}

// trimLongVowelsBytes is trimLongVowels as it was: a []byte, then string(b).
func trimLongVowelsBytes(s string) string {
	if !strings.Contains(s, "ー") {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.Map(func(r rune) rune { return r }, s)
	}
	var b []byte
	last := 0
	const mark = "ー"
	for at := 0; ; {
		k := strings.Index(s[at:], mark)
		if k < 0 {
			break
		}
		i := at + k
		at = i + len(mark)
		run := 0
		for j := i; run < 3 && j > 0; run++ {
			r, w := utf8.DecodeLastRuneInString(s[:j])
			if classOf(r) != katakana {
				break
			}
			j -= w
		}
		if run < 3 {
			continue
		}
		if next, _ := utf8.DecodeRuneInString(s[at:]); at < len(s) && classOf(next) == katakana {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[last:i]...)
		last = at
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// Normalize's copies made once give what the copies made twice gave.
func TestNormalizeOneCopy(t *testing.T) {
	mix := randmix.New(13, 16, "A", "Z", "a", "ACM", " ", "ー", "サーバー", "ユーザー", "データ", "ア", "コ", "ピ", "証明書", "ひ", "é", "\xff", "Ⅳ", "ＡＢ", "1", ",")
	for range 50000 {
		s := mix.Next()
		if g, gok := foldPlain(s); true {
			w, wok := foldPlainBytes(s)
			if g != w || gok != wok {
				t.Fatalf("foldPlain(%q) = %q, %v; want %q, %v", s, g, gok, w, wok)
			}
		}
		if g, w := trimLongVowels(s), trimLongVowelsBytes(s); g != w {
			t.Fatalf("trimLongVowels(%q) = %q; want %q", s, g, w)
		}
	}
}
