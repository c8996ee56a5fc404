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

// TestMarkersAndVerdictsInAnyCase: the CLI prints PARTLY and the README
// writes "Yes / No / Partly", so verdicts and language markers are taken in
// any case and kept in the canonical (lowercase) form.
func TestMarkersAndVerdictsInAnyCase(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/a.md": entry("a", `verdict: "no"`, `verdict: Partly`, `before: "yes"`, `before: "YES"`, "<!-- en -->", "<!-- En -->", "<!-- ja -->", "<!--JA-->"),
	})
	k, problems := loader.Load(fsys, loader.Options{Now: now})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	e := k.Entry("a")
	if e.Verdict != kb.Partly || e.History[0].Before != kb.Yes || e.History[0].After != kb.Partly {
		t.Errorf("verdict %q, history %+v: want partly, yes -> partly", e.Verdict, e.History)
	}
	if e.Body[kb.EN] != "English **body**." || e.Body[kb.JA] != "日本語の本文。" {
		t.Errorf("body = %q, want both sections", e.Body)
	}
}

// TestMissingSectionPointsAtNearMarker: a marker typed wrong is not one, and
// the missing translation is reported on its line, saying why; with none
// that looks like it, on the file's last line as before.
func TestMissingSectionPointsAtNearMarker(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/a.md": entry("a", "<!-- ja -->", "<!-- ja --"),
		"entries/b.md": entry("b", "<!-- ja -->\n", "<!-- ja --> "),
		"entries/c.md": entry("c", "<!-- ja -->", "    <!-- JA -->"),
		"entries/d.md": entry("d", "<!-- en -->", "<!-– english –->"),
		"entries/e.md": entry("e", "<!-- ja -->", "<!-- jp -->"),
		"entries/f.md": entry("f", "<!-- ja -->", "<!-- zz -->"),
	})
	want := []string{
		`content/entries/a.md:28: body: missing translation: no <!-- ja --> section ("<!-- ja --" is not a marker: write <!-- ja --> alone on its line, not indented)`,
		`content/entries/b.md:28: body: missing translation: no <!-- ja --> section ("<!-- ja --> 日本語の本文。" is not a marker: write <!-- ja --> alone on its line, not indented)`,
		`content/entries/c.md:28: body: missing translation: no <!-- ja --> section ("<!-- JA -->" is not a marker: write <!-- ja --> alone on its line, not indented)`,
		`content/entries/d.md:25: body: missing translation: no <!-- en --> section ("<!-– english –->" is not a marker: write <!-- en --> alone on its line, not indented)`,
		`content/entries/e.md:28: language marker: unknown language "jp" (want en or ja)`,
		`content/entries/e.md:28: body: missing translation: no <!-- ja --> section ("<!-- jp -->" is not a marker: write <!-- ja --> alone on its line, not indented)`,
		`content/entries/f.md:28: language marker: unknown language "zz" (want en or ja)`,
		`content/entries/f.md:29: body: missing translation: no <!-- ja --> section`,
	}
	if diff := cmp.Diff(want, loadProblems(fsys)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestRelatedToBrokenEntry: an entry that relates to one whose file exists
// but has errors (YAML that does not parse, no id, another id) gets no
// "no entry with id" error; every broken file is still reported, and a
// related id with no file at all still is.
func TestRelatedToBrokenEntry(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/a.md":        entry("a", "related: []", "related: [broken, no-id, other-id, gone]"),
		"entries/b.md":        entry("b", "related: []", "related: [broken]"),
		"entries/broken.md":   entry("broken", "answer: {en:", "answer: {en: [unclosed"),
		"entries/no-id.md":    entry("no-id", "id: no-id\n", ""),
		"entries/other-id.md": entry("other-id", "id: other-id", "id: c"),
	})
	want := []string{
		`content/entries/a.md:7: related: no entry with id "gone"`,
		`content/entries/broken.md:9: invalid YAML in front matter: did not find expected ',' or ']'`,
		`content/entries/no-id.md:2: missing required key "id"`,
		`content/entries/other-id.md:2: id "c" differs from the file name "other-id.md"`,
	}
	if diff := cmp.Diff(want, loadProblems(fsys)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
