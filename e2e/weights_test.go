package e2e

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/acmkb/acmkb/analysis"
	"github.com/blevesearch/bleve/v2"
)

// TestSearchWeightsMatchBleve checks the search data against bleve itself:
// for every term of the evaluation questions, a term query on the CLI's index
// scores each passage idf × tf-part (its queryNorm cancels the other idf), and
// the weight computed from the exported data (as search.js computes it) must
// be the same number.
func TestSearchWeightsMatchBleve(t *testing.T) {
	k, ix, sets := knowledgeBase(t)
	d := readSearchData(t, siteDir(t))
	idx, err := bleve.OpenUsing(filepath.Join(tmpRoot, "index"), map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docOf := map[string]int{}
	for i, e := range k.Entries {
		docOf[e.ID] = i
	}
	an := analysis.New(k.Thesaurus)
	terms := map[string]bool{}
	for _, cases := range sets {
		for _, c := range cases {
			for _, term := range an.Analyze(c.Question, ix) {
				terms[term.Text] = true
			}
		}
	}
	checked, bad := 0, 0
	for term := range terms {
		post := d.passages(term)
		q := bleve.NewTermQuery(term)
		q.SetField("text")
		res, err := idx.Search(bleve.NewSearchRequestOptions(q, d.Passages, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != len(post) {
			t.Errorf("%s: bleve finds %d passages, the search data %d", term, len(res.Hits), len(post))
			continue
		}
		idf := analysis.IDF(len(post), d.Passages)
		for _, h := range res.Hits {
			id, n, _ := strings.Cut(h.ID, "#")
			i, _ := strconv.Atoi(n)
			p := d.Start[docOf[id]] + i
			tf, ok := post[p]
			if !ok {
				t.Errorf("%s: bleve finds %s, the search data does not", term, h.ID)
				continue
			}
			// search.js: bleve's BM25 with its float32 norm.
			norm := float64(float32(1 / math.Sqrt(float64(d.Lengths[p]))))
			length := 1 / (norm * norm)
			st := math.Sqrt(float64(tf))
			w := idf * (st * 1.2) / (st + 1.2*(1-0.75+0.75*length/d.AvgLen))
			checked++
			if math.Abs(w-h.Score) > 1e-9*h.Score {
				if bad++; bad <= 10 {
					t.Errorf("%s in %s: bleve %.12g, search data %.12g", term, h.ID, h.Score, w)
				}
			}
		}
	}
	t.Logf("%d (term, passage) weights of %d terms: %d differ from bleve", checked, len(terms), bad)
	if checked == 0 {
		t.Error("no weights compared")
	}
}
