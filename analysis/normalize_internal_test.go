package analysis

import "testing"

// trimLongVowels copies spans of valid UTF-8; trimLongVowelsRunes, rune by
// rune, is what it did before and still does for invalid UTF-8.
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
