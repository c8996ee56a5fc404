package synth_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/bench/synth"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

var now = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

func generate(t *testing.T, n int, seed uint64) synth.Files {
	t.Helper()
	files, err := synth.Generate(content.FS(), synth.Options{Entries: n, Seed: seed}, now)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestGeneratedKnowledgeBasePassesTheLoader(t *testing.T) {
	files := generate(t, 300, 1)
	k, problems := loader.Load(files.FS(), loader.Options{Now: func() time.Time { return now }})
	for _, p := range problems {
		t.Errorf("%s", p)
	}
	if k == nil {
		t.Fatal("not loaded")
	}
	if len(k.Entries) != 300 {
		t.Fatalf("%d entries, want 300", len(k.Entries))
	}
	real, _ := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return now }})
	for _, e := range real.Entries {
		if k.Entry(e.ID) == nil {
			t.Errorf("real entry %s missing", e.ID)
		}
	}
	for _, e := range k.Entries {
		for _, l := range kb.Langs {
			if e.Title[l] == "" || e.Answer[l] == "" || len(e.Examples[l]) == 0 || e.Body[l] == "" {
				t.Errorf("%s: something missing in %s", e.ID, l)
			}
		}
	}
}

func TestGenerationIsDeterministic(t *testing.T) {
	a, b := generate(t, 120, 7), generate(t, 120, 7)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Fatalf("%s differs between two runs with the same seed", name)
		}
	}
	c := generate(t, 120, 8)
	same := 0
	for name := range a {
		if _, ok := c[name]; ok {
			same++
		}
	}
	if same == len(a) {
		t.Error("another seed gave the same entries")
	}
}

// The vocabulary grows with the size, as a real knowledge base's does.
func TestVocabularyGrows(t *testing.T) {
	words := func(files synth.Files) int {
		seen := map[string]bool{}
		for _, data := range files {
			for _, w := range strings.Fields(strings.ToLower(string(data))) {
				seen[strings.Trim(w, ".,:;?!\"'()[]{}")] = true
			}
		}
		return len(seen)
	}
	small, large := words(generate(t, 100, 1)), words(generate(t, 400, 1))
	if float64(large) < 1.3*float64(small) {
		t.Errorf("%d distinct words at 100 entries, %d at 400: the vocabulary hardly grows", small, large)
	}
}
