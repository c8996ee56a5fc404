package analysis

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestEntryWords: entryWords, one pass, is Names then CamelWords.
func TestEntryWords(t *testing.T) {
	texts := [][]string{
		{"Encrypt a SecureString with GetSecretValue on iOS, not ACM or DNS.", "ACM ACME x509 SSLv3 DynamoDB dynamoDB A B CD"},
		{"", "IIS", "iOS iOS SecureString"},
	}
	r := rand.New(rand.NewPCG(27, 7))
	pieces := []string{"a", "B", "cd", "EF", "1", " ", ".", "Ab", "aB", "ÄB", "\n"}
	for range 2000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, []string{b.String(), pieces[r.IntN(len(pieces))] + b.String()})
	}
	for _, tx := range texts {
		want := append(Names(tx...), CamelWords(tx...)...)
		if got := entryWords(tx); !slices.Equal(got, want) {
			t.Fatalf("%q: entryWords %q, want %q", tx, got, want)
		}
	}
}
