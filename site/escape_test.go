package site

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTextEscapesAsTemplate: text(s) inserted in HTML text, and in a quoted
// attribute, gives the bytes html/template writes for the string s there.
func TestTextEscapesAsTemplate(t *testing.T) {
	tmpl := template.Must(template.New("t").Parse(`<p title="{{.A}}">{{.T}}</p>`))
	cases := []string{
		"", "plain", `"quoted" & 'single' <tag> a+b`, "\x00nul", "&amp; already", "&#34;", "<script>alert(1)</script>",
		"証明書をエクスポート", "日本語 & <b>", "\xff\xfe invalid", "a\u00a0b\u2028c", "\uFFFD", "\ufdd0\uffff", "\r\n\t",
		"javascript:alert(1)", "</textarea>", "🔑+🔒",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", " ", "\x00", "\"", "&", "'", "+", "<", ">", "\r", "\n", "=", "`", "é", "鍵", "\xff", "\xe3\x81", "🔑", ";", "#", "\uFDD0", "\uFFFE"}
	for range 2000 {
		var b strings.Builder
		for range r.IntN(20) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		var want, got bytes.Buffer
		if err := tmpl.Execute(&want, map[string]any{"A": s, "T": s}); err != nil {
			t.Fatal(err)
		}
		if err := tmpl.Execute(&got, map[string]any{"A": text(s), "T": text(s)}); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q: text gives %q, the template %q", s, got.String(), want.String())
		}
	}
	if got := texts([]string{"a<b", "c"}); len(got) != 2 || got[0] != "a&lt;b" || got[1] != "c" {
		t.Errorf("texts = %q", got)
	}
}
