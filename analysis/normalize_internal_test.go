package analysis

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/acmkb/acmkb/internal/randmix"
)

// trimLongVowels copies spans; trimLongVowelsRunes, rune by rune (invalid
// bytes becoming U+FFFD), is what it did before.
func TestTrimLongVowelsSpans(t *testing.T) {
	for _, s := range []string{
		"", "ー", "サーバー", "サーバ", "サーバーの設定", "ユーザーユーザー", "コピー", "ーーーー",
		"a サーバー b ユーザー", "サーバー\nサーバー", "エクスポーター!", "アーー", "データーベース",
		"カタカナー漢字ー", "ｻｰﾊﾞｰ", "サーバー\xff", "\xffサーバー",
	} {
		if got, want := trimLongVowels(s), trimLongVowelsRunes(s); got != want {
			t.Errorf("trimLongVowels(%q) = %q, want %q", s, got, want)
		}
	}
}

// trimLongVowelsRunes is trimLongVowels for any string: invalid bytes
// become U+FFFD.
func trimLongVowelsRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	run := 0 // katakana characters so far in the current run
	for i, r := range s {
		if r == 'ー' && run >= 3 {
			next, _ := utf8.DecodeRuneInString(s[i+len("ー"):])
			if i+len("ー") == len(s) || classOf(next) != katakana {
				run = 0
				continue
			}
		}
		if classOf(r) == katakana {
			run++
		} else {
			run = 0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// toLower skips the characters without case; it is strings.ToLower.
func TestToLower(t *testing.T) {
	for _, s := range []string{
		"", "abc", "ABC", "サーバーの設定", "サーバーのABC", "Ｓｅｒｖｅｒ", "ÉCOLE", "école", "ΣΑΣ",
		"日本語\xff", "\xffabc", "a\uFFFDb", "İstanbul", "ǅ", "〇々〆", "Ꙁꙁ", "Ⅻ", "ⓐⒶ",
		"Export the サーバー証明書 (ACM) to IIS", "秘密鍵をEXPORTする\xff\xfeÉtÉ", "ÀÉÎ日本ÕÜ", "abc\xe3\x81", "Ｚ全角Ａ",
	} {
		if got, want := toLower(s), strings.ToLower(s); got != want {
			t.Errorf("toLower(%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r < 0x110000; r++ { // one character each, and with kana around
		for _, s := range []string{string(r), "あ" + string(r) + "漢"} {
			if got, want := toLower(s), strings.ToLower(s); got != want {
				t.Fatalf("toLower(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

// startingWith finds through jaBMP's ranks what a binary search of jaFirst
// finds.
func TestStartingWith(t *testing.T) {
	a := New([][]string{{"秘密鍵", "ひみつかぎ", "鍵"}, {"証明書", "サーバー証明書", "証跡"}, {"𠮷野家", "𠮷"}, {"エクスポート", "書き出し"}}, nil)
	for _, m := range a.ja {
		for _, r := range m.text {
			got := a.startingWith(r)
			k, _ := slices.BinarySearchFunc(a.jaFirst, r, func(s jaStart, r rune) int { return cmp.Compare(s.r, r) })
			end := k
			for end < len(a.jaFirst) && a.jaFirst[end].r == r {
				end++
			}
			if want := a.jaFirst[k:end]; !slices.Equal(got, want) {
				t.Errorf("startingWith(%q) = %v, want %v", r, got, want)
			}
		}
	}
	for _, r := range "aあ漢" {
		if got := a.startingWith(r); len(got) != 0 {
			t.Errorf("startingWith(%q) = %v, want none", r, got)
		}
	}
}

func FuzzToLower(f *testing.F) {
	for _, s := range []string{"Export the サーバー証明書", "ÀÉÎ日本ÕÜ\xff", "ǅİ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := toLower(s), strings.ToLower(s); got != want {
			t.Errorf("toLower(%q) = %q, want %q", s, got, want)
		}
	})
}

// trimLongVowels looks only around the marks; on random mixes of
// katakana, marks and other characters it is trimLongVowelsRunes.
func TestTrimLongVowelsRandom(t *testing.T) {
	mix := randmix.New(1, 32, "ー", "ー", "サ", "バ", "ア", "ｰ", "a", " ", "漢", "の", "\xff", "ヽ")
	for range 50000 {
		s := mix.Next()
		want := s // without a mark, even invalid bytes stay
		if strings.Contains(s, "ー") {
			want = trimLongVowelsRunes(s)
		}
		if got := trimLongVowels(s); got != want {
			t.Fatalf("trimLongVowels(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestLongVowelDashes: a dash between two katakana characters is the
// long-vowel mark typed with the wrong key (a Japanese IME offers "－" beside
// "ー"): "ACMの証明書をエクスポ－トできますか" found no entry, the same
// question with "ー" its own. Dashes anywhere else stay dashes.
func TestLongVowelDashes(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"エクスポ－ト", "エクスポート"},         // full-width minus (NFKC: "-")
		{"エクスポ-ト", "エクスポート"},         // hyphen-minus
		{"エクスポ―ト", "エクスポート"},         // horizontal bar
		{"エクスポ—ト", "エクスポート"},         // em dash
		{"エクスポ−ト", "エクスポート"},         // minus sign
		{"エクスポ─ト", "エクスポート"},         // box drawing
		{"キ－ペア", "キーペア"},             // short words too
		{"ｷ-ﾍﾟｱ", "キーペア"},            // half-width katakana
		{"サ－バ－証明書", "サーバ-証明書"},       // the second dash, before a kanji, stays a separator
		{"サーバ-", "サーバ-"},             // nor one ending the text
		{"x-ray", "x-ray"},           // Latin
		{"ACM-エクスポート", "acm-エクスポート"}, // Latin before
		{"証明書-エクスポート", "証明書-エクスポート"}, // kanji before
		{"ア--イ", "ア--イ"},             // two dashes: a separator
		{"ア-イ-ウ", "アーイーウ"},
	} {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
