package reply

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/acmkb/acmkb/internal/randmix"
)

// mdTextRunes is mdText as it was, character by character.
func mdTextRunes(s string) string {
	s = strings.Join(strings.Fields(Plain(s)), " ")
	var b strings.Builder
	for i, r := range s {
		if strings.ContainsRune(mdSpecial, r) || i == 0 && strings.ContainsRune("-+=", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if n := len(out) - len(strings.TrimLeft(out, "0123456789")); n > 0 && n < len(out) && (out[n] == '.' || out[n] == ')') {
		out = out[:n] + "\\" + out[n:]
	}
	return out
}

// mdText copies bytes; on mixes of special characters, spaces, kana,
// controls and invalid bytes it is mdTextRunes.
func TestMdTextBytes(t *testing.T) {
	mix := randmix.New(7, 15, "-", "+", "=", "*", "_", "\\", "`", "[", "]", "<", ">", "!", "&", "~", "|", "#", "1", "9", ".", ")",
		" ", "\t", "\n", "\u3000", "\u00a0", "a", "証明書", "\xff", "\x00", "\x1b", "é")
	for range 30000 {
		s := mix.Next()
		if got, want := mdText(s), mdTextRunes(s); got != want {
			t.Fatalf("mdText(%q) = %q, want %q", s, got, want)
		}
	}
}

// mdURLBytes is mdURL's encoding as it was: every byte through a builder.
func mdURLBytes(u string) string {
	var b strings.Builder
	for _, c := range []byte(u) {
		if c <= ' ' || c == 0x7f || strings.IndexByte("()<>\"'`\\", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func TestMdURLEncoding(t *testing.T) {
	for _, u := range []string{"https://docs.aws.amazon.com/acm/latest/userguide/import-certificate.html",
		"https://example.com/a(b)c", "http://example.com/x y", "https://example.com/'q'\"<>`\\", "https://example.com/\x7f", "ftp://x", "https://a b/", "",
		"https://example.com/?q=(1)#frag(2)", "https://例え.jp/", "https://example.com/%28"} {
		want := ""
		if p, err := url.Parse(strings.TrimSpace(u)); err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != "" && strings.Trim(p.Host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == "" {
			want = mdURLBytes(p.String())
		}
		if got := mdURL(u); got != want {
			t.Errorf("mdURL(%q) = %q, want %q", u, got, want)
		}
	}
}
