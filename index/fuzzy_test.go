package index

import (
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestBleveFuzzyQueries checks that fuzzy queries still work with
// third_party/vellum, whose Levenshtein builders are built on first use
// rather than in scorch's init (acmkb itself corrects typos in package
// analysis and never sends fuzzy queries).
func TestBleveFuzzyQueries(t *testing.T) {
	idx, err := bleve.New(filepath.Join(t.TempDir(), "x.bleve"), bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Index("1", map[string]string{"text": "certificate renewal"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		term      string
		fuzziness int
		hits      uint64
	}{{"certifcate", 1, 1}, {"sertificat", 2, 1}, {"sertificat", 1, 0}, {"renwl", 1, 0}, {"renwl", 2, 1}} {
		q := bleve.NewFuzzyQuery(c.term)
		q.SetFuzziness(c.fuzziness)
		res, err := idx.Search(bleve.NewSearchRequest(q))
		if err != nil {
			t.Fatalf("fuzzy %q~%d: %v", c.term, c.fuzziness, err)
		}
		if res.Total != c.hits {
			t.Errorf("fuzzy %q~%d: %d hits, want %d", c.term, c.fuzziness, res.Total, c.hits)
		}
	}
}
