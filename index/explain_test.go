package index_test

import (
	"testing"
	"time"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// TestExplainShowsThePassage: asking an entry's example question word for
// word, --explain names the passage that matched, and it is that example.
func TestExplainShowsThePassage(t *testing.T) {
	ix := openEmbedded(t)
	k, _ := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) }})
	n, same := 0, 0
	for _, e := range k.Entries {
		for _, lang := range []kb.Lang{kb.EN, kb.JA} {
			exs := e.Examples.In(lang)
			for _, ex := range exs[:min(3, len(exs))] { // explaining is slow: three each
				a, err := ix.Ask(ex, index.Options{Explain: true})
				if err != nil {
					t.Fatal(err)
				}
				n++
				if a.Explanation == nil || a.Explanation.Passage == "" {
					t.Errorf("%s: %q: explain names no passage", e.ID, ex)
					continue
				}
				if a.Explanation.Passage == ex {
					same++
				}
			}
		}
	}
	t.Logf("%d example questions: explain names the example itself for %d", n, same)
	if same < n*9/10 {
		t.Errorf("explain names the example itself for only %d of %d example questions", same, n)
	}
}
