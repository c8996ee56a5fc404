package reply

import (
	"strings"
	"testing"
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
	pieces := []string{"-", "+", "=", "*", "_", "\\", "`", "[", "]", "<", ">", "!", "&", "~", "|", "#", "1", "9", ".", ")",
		" ", "\t", "\n", "\u3000", "\u00a0", "a", "証明書", "\xff", "\x00", "\x1b", "é"}
	seed := uint64(7)
	for range 30000 {
		var b strings.Builder
		seed = seed*6364136223846793005 + 1442695040888963407
		n := int(seed >> 60)
		for k := 0; k < n; k++ {
			seed = seed*6364136223846793005 + 1442695040888963407
			b.WriteString(pieces[(seed>>33)%uint64(len(pieces))])
		}
		s := b.String()
		if got, want := mdText(s), mdTextRunes(s); got != want {
			t.Fatalf("mdText(%q) = %q, want %q", s, got, want)
		}
	}
}
