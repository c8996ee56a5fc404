package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"
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
