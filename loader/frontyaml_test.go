package loader_test

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/bench/synth"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/loader"
	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// frontMatter is the YAML between an entry file's "---" lines, as the
// loader hands it to decodeYAML.
func frontMatter(t testing.TB, file string, data []byte) []byte {
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s: no front matter", file)
	}
	end := strings.Index(s, "\n---\n")
	if end < 0 {
		t.Fatalf("%s: front matter not closed", file)
	}
	return []byte(s[4 : end+1])
}

// sameAsYAML checks that simpleYAML either declines data or makes exactly
// the nodes yaml.v3 makes of it, reporting whether it took it.
func sameAsYAML(t testing.TB, what string, data []byte) bool {
	t.Helper()
	got, ok := loader.SimpleYAML(data)
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: simpleYAML took what yaml.v3 rejects (%v):\n%s", what, err, data)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Fatalf("%s: simpleYAML differs from yaml.v3 (-yaml.v3 +simpleYAML):\n%s\n%s", what, diff, data)
	}
	return true
}

// entryFiles is every entry file in the repository: the shipped entries,
// the examples' and the drafts'.
func entryFiles(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	shipped, _ := fs.Glob(content.FS(), "entries/*.md")
	for _, name := range shipped {
		data, err := fs.ReadFile(content.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		files["content/"+name] = data
	}
	for _, pattern := range []string{"../examples/*/entries/*.md", "../docs/drafts/*.md"} {
		names, _ := filepath.Glob(pattern)
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(string(data), "---\n") {
				files[name] = data
			}
		}
	}
	return files
}

// TestSimpleYAMLEntries: every entry of the repository, and the entries
// the benchmarks generate, decode to yaml.v3's nodes through the fast
// path (so that the path is the one builds take, not a fallback).
func TestSimpleYAMLEntries(t *testing.T) {
	files := entryFiles(t)
	if len(files) < 60 {
		t.Fatalf("only %d entry files found", len(files))
	}
	gen, err := synth.Generate(content.FS(), synth.Options{Entries: 400, Seed: 7}, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range gen {
		if strings.HasSuffix(name, ".md") {
			files["generated/"+name] = data
		}
	}
	for name, data := range files {
		if !sameAsYAML(t, name, frontMatter(t, name, data)) {
			t.Errorf("%s: front matter not in the subset simpleYAML reads", name)
		}
	}
}

// TestSimpleYAMLMutations changes the front matter of every real entry a
// character or a line at a time (with what YAML gives a meaning: quotes,
// indicators, indentation, comments, line breaks): simpleYAML must decline
// each change or agree with yaml.v3 on it.
func TestSimpleYAMLMutations(t *testing.T) {
	inserts := []string{":", ": ", " #", "#", "-", "- ", " ", "  ", "\t", "\"", "'", "''", "\\", "\\\"", "[", "]", "{", "}", ",", "&a ", "*a", "!", "|", ">", "?", "%", "@", "`", "\n", "\n  ", "\n- ", "\r", "~", "null", "yes", "<<", "\u00a0", "\u2028", "\ufeff", "x: y", "---", "..."}
	r := rand.New(rand.NewPCG(11, 17))
	took, tried := 0, 0
	for name, data := range entryFiles(t) {
		fm := string(frontMatter(t, name, data))
		for range 25 {
			var m string
			i := r.IntN(len(fm) + 1)
			switch r.IntN(4) {
			case 0: // insert
				m = fm[:i] + inserts[r.IntN(len(inserts))] + fm[i:]
			case 1: // delete a byte
				if i == len(fm) {
					continue
				}
				m = fm[:i] + fm[i+1:]
			case 2: // replace a byte
				if i == len(fm) {
					continue
				}
				m = fm[:i] + inserts[r.IntN(len(inserts))] + fm[i+1:]
			case 3: // swap two lines
				lines := strings.Split(fm, "\n")
				a, b := r.IntN(len(lines)), r.IntN(len(lines))
				lines[a], lines[b] = lines[b], lines[a]
				m = strings.Join(lines, "\n")
			}
			tried++
			if sameAsYAML(t, name+" mutated", []byte(m)) {
				took++
			}
		}
	}
	t.Logf("simpleYAML took %d of %d mutations", took, tried)
	// Most changes keep the front matter in the subset: the comparison is
	// not only of declined input.
	if took < tried/4 {
		t.Fatalf("simpleYAML took only %d of %d mutations", took, tried)
	}
}

// FuzzSimpleYAML: whatever simpleYAML takes, yaml.v3 decodes to the same
// nodes.
func FuzzSimpleYAML(f *testing.F) {
	for name, data := range entryFiles(f) {
		f.Add(string(frontMatter(f, name, data)))
	}
	for _, s := range []string{
		"id: x\n", "a: [b, c]\n", "a: {en: b, ja: c}\n", "a:\n- b\n- c\nd: e\n", "a:\n  - b: c\n    d: e\n",
		"a: 'it''s'\n", "a: \"q\\\"\\\\\"\n", "a: b # c\n", "a: b\n  c\n", "a: [b, ]\n", "a: 2026-12-07\n",
		"a: true\n", "a: 12\n", "a: ~\n", "a:\n", "a: b:c\n", "a: {b: [c, 'd'], e: \"f\"}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameAsYAML(t, "fuzz", []byte(s))
	})
}

// BenchmarkFrontMatter decodes the front matter of every real entry with
// yaml.v3 and with simpleYAML.
func BenchmarkFrontMatter(b *testing.B) {
	var fms [][]byte
	for name, data := range entryFiles(b) {
		fms = append(fms, frontMatter(b, name, data))
	}
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, fm := range fms {
				var n yaml.Node
				if err := yaml.Unmarshal(fm, &n); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("simpleYAML", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, fm := range fms {
				if _, ok := loader.SimpleYAML(fm); !ok {
					b.Fatal("not in the subset")
				}
			}
		}
	})
}
