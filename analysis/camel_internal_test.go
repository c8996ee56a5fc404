package analysis

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestEntryWords: entryWords (one pass) is Names then CamelWords, as they
// are defined word by word: the ASCII letter-and-digit runs of two or more
// capitals alone, in lower case, and those with a lower-case letter followed
// by a capital, as written; each once, sorted.
func TestEntryWords(t *testing.T) {
	texts := [][]string{
		{"Encrypt a SecureString with GetSecretValue on iOS, not ACM or DNS.", "ACM ACME x509 SSLv3 DynamoDB dynamoDB A B CD"},
		{"", "IIS", "iOS iOS SecureString"},
	}
	r := rand.New(rand.NewPCG(27, 7))
	pieces := []string{"a", "B", "cd", "EF", "1", " ", ".", "Ab", "aB", "ÄB", "\n"}
	for range 2000 {
		s := joinPieces(r, pieces, 12)
		texts = append(texts, []string{s, pieces[r.IntN(len(pieces))] + s})
	}
	for _, tx := range texts {
		names, camel := map[string]bool{}, map[string]bool{}
		for _, text := range tx {
			for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r >= utf8.RuneSelf || !isASCIIAlnum(byte(r)) }) {
				if len(w) >= 2 && strings.Trim(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
					names[strings.ToLower(w)] = true
				}
				for i := 1; i < len(w); i++ {
					if isUpper(w[i]) && isLower(w[i-1]) {
						camel[w] = true
					}
				}
			}
		}
		want := append(slices.Sorted(maps.Keys(names)), slices.Sorted(maps.Keys(camel))...)
		if got := entryWords(tx); !slices.Equal(got, want) {
			t.Fatalf("%q: entryWords %q, want %q", tx, got, want)
		}
		if got := append(Names(tx...), CamelWords(tx...)...); !slices.Equal(got, want) {
			t.Fatalf("%q: Names, CamelWords %q, want %q", tx, got, want)
		}
	}
}
