package loader_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/google/go-cmp/cmp"
)

// loadProblems loads fsys and returns every problem as printed.
func loadProblems(fsys fstest.MapFS) []string {
	_, problems := loader.Load(fsys, loader.Options{Now: now, Root: "content"})
	return problemStrings(problems)
}

// TestByteOrderMark: a file saved with a UTF-8 byte order mark (Windows
// Notepad) loads as if saved without it, entries, kb.yaml and
// thesaurus.yaml alike, CRLF line endings too; lines are counted as before.
func TestByteOrderMark(t *testing.T) {
	const bom = "\ufeff"
	fsys := fsWith(map[string]string{
		"entries/plain.md": bom + entry("plain"),
		"entries/crlf.md":  bom + strings.ReplaceAll(entry("crlf"), "\n", "\r\n"),
		"entries/bad.md":   bom + entry("bad", `verdict: "no"`, `verdict: maybe`),
		"thesaurus.yaml":   bom + "groups:\n  - [copy, move]\n",
	})
	fsys["kb.yaml"] = &fstest.MapFile{Data: []byte(bom + kbYAML)}
	want := []string{`content/entries/bad.md:3: verdict: unknown verdict "maybe" (want yes, no or partly)`}
	if diff := cmp.Diff(want, loadProblems(fsys)); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}
	delete(fsys, "entries/bad.md")
	k, problems := loader.Load(fsys, loader.Options{Now: now})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"plain", "crlf"} {
		e := k.Entry(id)
		if e == nil || e.Verdict != kb.No || e.Body[kb.EN] != "English **body**." || e.Title[kb.EN] != "Copy a certificate" {
			t.Errorf("entry %s = %+v, want it as without the mark", id, e)
		}
	}
	if k.Config.Name[kb.EN] != "Test KB" || len(k.Thesaurus) != 1 {
		t.Errorf("config name %q, thesaurus %v: want them read past the mark", k.Config.Name[kb.EN], k.Thesaurus)
	}
}
