package site

import (
	"bytes"
	"testing"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// BenchmarkEntryPages makes the entry pages of the embedded knowledge base
// in memory, both languages: each page's data (its body's Markdown
// rendered and sanitised, its reply) and its template executed, without
// the files (what a full build does per entry page, less the file system).
func BenchmarkEntryPages(b *testing.B) {
	k, problems := loader.Load(content.FS(), loader.Options{Root: "content"})
	if err := problems.Err(); err != nil {
		b.Fatal(err)
	}
	bd, err := newBuilder(k, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	if bd.assets, _, err = bd.copyAssets(bd.tfs); err != nil {
		b.Fatal(err)
	}
	if err := bd.parseTemplates(); err != nil {
		b.Fatal(err)
	}
	bd.search = siteRoot(bd.base) + searchIndexFile
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range k.Entries {
			for _, lang := range kb.Langs {
				p, err := bd.entryPage(e.Full(), lang)
				if err != nil {
					b.Fatal(err)
				}
				buf.Reset()
				if err := bd.execute(&buf, tmplEntry, p); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(k.Entries)*len(kb.Langs)), "ns/page")
}
