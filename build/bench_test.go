package build

import (
	"testing"

	"github.com/acmkb/acmkb/content"
)

// BenchmarkOpenCached is what every `acmkb ask` pays before answering, with
// a warm cache: hashing the content, checking the entry, opening it.
//
//	go test ./build -run '^$' -bench OpenCached
func BenchmarkOpenCached(b *testing.B) {
	dir := b.TempDir()
	ix, err := OpenCached(Options{Content: content.FS()}, dir)
	if err != nil {
		b.Fatal(err)
	}
	ix.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := OpenCached(Options{Content: content.FS()}, dir)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}
