package analysis

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/acmkb/acmkb/internal/randmix"
)

// asciiWordsBytes is asciiWords as it was: every byte through the word
// loop, those between words included.
func asciiWordsBytes(texts []string) (names, camel []string) {
	seen := map[string]bool{}
	for _, t := range texts {
		prose := withoutCode(t)
		for i := 0; i < len(t); {
			j, caps, cam := i, true, false
			for j < len(t) && isASCIIAlnum(t[j]) {
				if !isUpper(t[j]) {
					caps = false
				} else if j > i && isLower(t[j-1]) {
					cam = true
				}
				j++
			}
			switch w := t[i:j]; {
			case !cam && (!caps || len(w) < 2):
			case seen[w]:
			case caps && len(w) >= 2:
				if prose[i] == ' ' {
					break
				}
				seen[w] = true
				names = append(names, strings.ToLower(w))
			case cam:
				seen[w] = true
				camel = append(camel, w)
			}
			i = max(j, i+1)
		}
	}
	sort.Strings(names)
	sort.Strings(camel)
	return names, camel
}

// asciiWords skips what lies between words and finds what the byte loop
// finds.
func TestASCIIWordsSkip(t *testing.T) {
	mix := randmix.New(9, 20, "ACM", "acm", "iPhone", "CloudFront", "A", "a", "Z9", "9", " ", "-", ".", "_", "証明書", "é", "\xff", "AWS", "aws", "TLS1", "eTag", "X", "`", "```", "\n", "    ")
	for range 20000 {
		texts := []string{mix.Next(), mix.Next(), mix.Next()}
		gn, gc := asciiWords(texts)
		wn, wc := asciiWordsBytes(texts)
		if !slices.Equal(gn, wn) || !slices.Equal(gc, wc) {
			t.Fatalf("asciiWords(%q) = %q, %q; want %q, %q", texts, gn, gc, wn, wc)
		}
	}
}

// BenchmarkASCIIWords: English mixed with Japanese, as entries are
// (skip: asciiWords; bytes: the loop as it was).
func BenchmarkASCIIWords(b *testing.B) {
	text := strings.Repeat("ACM が発行した証明書を CloudFront で使う。Use an ACM certificate with the ALB, renewed by AWS. ", 200)
	for _, f := range []struct {
		name string
		f    func([]string) ([]string, []string)
	}{{"skip", asciiWords}, {"bytes", asciiWordsBytes}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				f.f([]string{text})
			}
		})
	}
}
