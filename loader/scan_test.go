package loader_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/bench/synth"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/loader"
)

// sameAsGoldmark checks that scanEntry either declines data or finds what
// goldmark's block parser finds in it (the front matter, the top-level
// HTML blocks, no heading attribute), reporting whether it took it.
func sameAsGoldmark(t testing.TB, what string, data []byte) bool {
	t.Helper()
	raw, markers, ok := loader.ScanEntry(data)
	if !ok {
		return false
	}
	wantRaw, blocks, attrs := loader.ParseEntry(data)
	if wantRaw == nil || !bytes.Equal(raw, wantRaw) {
		t.Fatalf("%s: front matter %q, goldmark's %q:\n%s", what, raw, wantRaw, data)
	}
	if !slices.Equal(markers, blocks) {
		t.Fatalf("%s: marker lines %v, goldmark's HTML blocks %v:\n%s", what, markers, blocks, data)
	}
	if attrs {
		t.Fatalf("%s: scanned, but a heading has attributes:\n%s", what, data)
	}
	return true
}

// TestScanEntryAsGoldmark: on every entry of the repository and of a
// synthetic knowledge base, the scan finds goldmark's front matter and
// markers, and takes most of them (fenced code included).
func TestScanEntryAsGoldmark(t *testing.T) {
	files := entryFiles(t)
	gen, err := synth.Generate(content.FS(), synth.Options{Entries: 400, Seed: 7}, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range gen {
		if strings.HasSuffix(name, ".md") {
			files["generated/"+name] = data
		}
	}
	took, fenced := 0, 0
	for name, data := range files {
		if sameAsGoldmark(t, name, data) {
			took++
			if bytes.Contains(data, []byte("\n```")) {
				fenced++
			}
		}
	}
	t.Logf("scanned %d of %d entry files (%d with fenced code)", took, len(files), fenced)
	if took < len(files)*3/4 || fenced == 0 {
		t.Fatalf("scanned only %d of %d entry files (%d with fenced code)", took, len(files), fenced)
	}
}

// TestScanEntryMutations changes the body of every real entry a line at a
// time, with what Markdown gives a meaning at the start of a line or
// around a marker (fences, HTML, lists, quotes, indentation, headings):
// the scan must decline each change or agree with goldmark on it.
func TestScanEntryMutations(t *testing.T) {
	inserts := []string{"```", "~~~", "````", "```go", "``` a`b", "  ```", "    ```", "\t```", "<!-- en -->", "<!-- ja -->", " <!-- en -->", "    <!-- en -->",
		"- <!-- en -->", "> <!-- en -->", "<!--", "-->", "<div>", "</div>", "<pre>", "</pre>", "<!-- en", "<https://example.com>", "- a", "1. a", "> a", "", "  ", "    code",
		"# h", "## h {#a}", "h\n===", "---", "***", "- ```", "> ```", "<!-- xx -->", "<!--en-->", "<!-- en --> x", "\x00", "\r", "{", "}", "|a|b|\n|-|-|", "[a]: /b", "\\", "&amp;"}
	r := rand.New(rand.NewPCG(3, 5))
	took, tried := 0, 0
	for name, data := range entryFiles(t) {
		s := string(data)
		end := strings.Index(s, "\n---\n")
		if end < 0 {
			continue
		}
		head, body := s[:end+5], s[end+5:]
		for range 40 {
			lines := strings.Split(body, "\n")
			for range 1 + r.IntN(3) {
				i := r.IntN(len(lines) + 1)
				ins := inserts[r.IntN(len(inserts))]
				switch r.IntN(3) {
				case 0: // a line of its own
					lines = slices.Insert(lines, i, ins)
				case 1: // at the start of a line
					if i < len(lines) {
						lines[i] = ins + lines[i]
					}
				case 2: // replacing a line
					if i < len(lines) {
						lines[i] = ins
					}
				}
			}
			tried++
			if sameAsGoldmark(t, fmt.Sprintf("%s mutated", name), []byte(head+strings.Join(lines, "\n"))) {
				took++
			}
		}
	}
	t.Logf("scanEntry took %d of %d mutations", took, tried)
	if took < tried/4 {
		t.Fatalf("scanEntry took only %d of %d mutations", took, tried)
	}
}

// FuzzScanEntry: whatever scanEntry takes, goldmark's block parser reads
// the same.
func FuzzScanEntry(f *testing.F) {
	for _, data := range entryFiles(f) {
		f.Add(data)
	}
	f.Add([]byte("---\nid: a\n---\n<!-- en -->\nx\n```\n<!-- ja -->\n```\n<!-- ja -->\ny"))
	f.Add([]byte("---\n---\n- a\n<!-- en -->\n> b\n<!-- ja -->\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsGoldmark(t, "fuzz", data)
	})
}
