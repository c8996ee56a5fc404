package index_test

import (
	"path/filepath"
	"testing"

	"github.com/acmkb/acmkb/index"
)

// BenchmarkOpenAsk opens the embedded knowledge base's index and answers one
// question: the part of an `acmkb ask` process that is acmkb's own work
// (BenchmarkAskProcess in cmd/acmkb measures the whole process).
func BenchmarkOpenAsk(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "idx")
	buildEmbedded(b, dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		a, err := ix.Ask("can I copy a certificate to another region?", index.Options{})
		if err != nil || !a.Answered {
			b.Fatal(err, a.Answered)
		}
		ix.Close()
	}
}

// BenchmarkTitles looks up the titles of one entry's related entries, as a
// printed answer does, on an open index.
func BenchmarkTitles(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "idx")
	buildEmbedded(b, dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		e := ix.Entry("copy-across-regions-accounts")
		for _, id := range e.Related {
			if ix.Title(id) == nil {
				b.Fatal(id)
			}
		}
		ix.Close()
	}
}

// BenchmarkOpen opens the embedded knowledge base's index.
func BenchmarkOpen(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "idx")
	buildEmbedded(b, dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}
