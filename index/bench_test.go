package index_test

import (
	"path/filepath"
	"testing"

	"github.com/acmkb/acmkb/index"
)

// benchOpen builds the embedded knowledge base's index once, then each
// iteration opens it, hands it to use (nil: nothing) and closes it.
func benchOpen(b *testing.B, use func(ix *index.Index)) {
	dir := filepath.Join(b.TempDir(), "idx")
	buildEmbedded(b, dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if use != nil {
			use(ix)
		}
		ix.Close()
	}
}

// BenchmarkOpenAsk opens the embedded knowledge base's index and answers one
// question: the part of an `acmkb ask` process that is acmkb's own work
// (BenchmarkAskProcess in cmd/acmkb measures the whole process).
func BenchmarkOpenAsk(b *testing.B) {
	benchOpen(b, func(ix *index.Index) {
		a, err := ix.Ask("can I copy a certificate to another region?", index.Options{})
		if err != nil || !a.Answered {
			b.Fatal(err, a.Answered)
		}
	})
}

// BenchmarkTitles opens the index and looks up the titles of one entry's
// related entries, as a printed answer does.
func BenchmarkTitles(b *testing.B) {
	benchOpen(b, func(ix *index.Index) {
		e := ix.Entry("copy-across-regions-accounts")
		for _, id := range e.Related {
			if ix.Title(id) == nil {
				b.Fatal(id)
			}
		}
	})
}

// BenchmarkOpen opens the embedded knowledge base's index.
func BenchmarkOpen(b *testing.B) { benchOpen(b, nil) }

// BenchmarkAskTypos: a question with many typos, whose correction looks at
// hundreds of edits of each unknown word (analysis rule 4), beside the same
// kind of question typed right.
func BenchmarkAskTypos(b *testing.B) {
	ix := openEmbedded(b)
	for name, q := range map[string]string{
		"typos": "can I exprot the certificat to anothr regoin and renw it automaticaly every 13 monts",
		"typed": "can I export the certificate to another region and renew it automatically every 13 months",
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Ask(q, index.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
