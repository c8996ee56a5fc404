package loader_test

import (
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
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
		`content/entries/broken.md:9: invalid YAML in front matter: a [ ] list is not closed on its line, or an item holds ": ", "[" or "#": close the list with "]" and put such items in double quotes (YAML parser: did not find expected ',' or ']')`,
		`content/entries/no-id.md:2: missing required key "id"`,
		`content/entries/other-id.md:2: id "c" differs from the file name "other-id.md"`,
	}
	if diff := cmp.Diff(want, loadProblems(fsys)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestYAMLErrorsInPlainWords: the slips of the newcomer report (an
// over-indented key, a tab, the closing "---" missing or mistyped) and a
// few more are reported on the line of the slip, in plain words that say
// what to do, not in parser jargon on a line nearby.
func TestYAMLErrorsInPlainWords(t *testing.T) {
	const (
		pre  = "content/entries/x.md:"
		bad  = "invalid YAML in front matter: "
		over = "this key is indented more than the line above (3 spaces, not 2), which already has its value: indent it as the line above, or as the key it belongs to"
	)
	for _, c := range []struct {
		name, file, want string
	}{
		{"over-indented key", entry("x", "  ja: [リージョンごと]", "   ja: [リージョンごと]"), pre + "12: " + bad + over},
		{"over-indented key in a list", entry("x", "    title: {en: Page, ja: ページ}", "     title: {en: Page, ja: ページ}"),
			pre + "18: " + bad + "this key is indented more than the line above (5 spaces, not 4), which already has its value: indent it as the line above, or as the key it belongs to"},
		{"under-indented key", entry("x", "    title: {en: Page, ja: ページ}", "   title: {en: Page, ja: ページ}"),
			pre + "18: " + bad + "indentation does not match the lines above: 3 spaces here, where the lines above are indented 0, 2 or 4 spaces: line it up with the key or list item it belongs with"},
		{"list item among keys", entry("x", "  ja: [リージョンごと]", "  ja: [リージョンごと]\n  - more"),
			pre + "13: " + bad + `a list item ("- ...") among keys: indent it under its key, or give it a key`},
		{"tab", entry("x", "  en: [Per region]", "\ten: [Per region]"), pre + "11: " + bad + "tabs cannot indent YAML: use spaces"},
		{"tab after spaces", entry("x", "  en: [Per region]", "  \ten: [Per region]"), pre + "11: " + bad + "tabs cannot indent YAML: use spaces"},
		{"not closed", entry("x", "---\n<!-- en -->", "<!-- en -->"),
			pre + `1: the front matter opened on line 1 is never closed: add a line "---" after its last key, before the marker on line 24`},
		{"closed by two dashes", entry("x", "---\n<!-- en -->", "--\n<!-- en -->"),
			pre + `24: "--" does not close the front matter opened on line 1: the closing line is exactly "---"`},
		{"closed with a space after", entry("x", "---\n<!-- en -->", "--- \n<!-- en -->"),
			pre + `24: "--- " does not close the front matter opened on line 1: the closing line is exactly "---", with nothing after it`},
		{"closed by a rule in the body", entry("x", "---\n<!-- en -->", "<!-- en -->", "English **body**.", "English\n\n---\n\n**body**."),
			pre + `24: the front matter runs into the body: add a line "---" before this marker (the front matter opened on line 1 is closed only by the "---" on line 27)`},
		{"colon in a value", entry("x", "title: {en: Copy a certificate, ja: 証明書をコピーする}", "title:\n  en: Copy: a certificate\n  ja: 証明書をコピーする"),
			pre + "9: " + bad + `a value holds ": " (a colon and a space), which YAML takes for a new key: put the value in double quotes (YAML parser: mapping values are not allowed in this context)`},
		{"list on its key's line", entry("x", "tags: [copy]", "tags: - copy"),
			pre + "6: " + bad + `a list cannot start on its key's line ("key: - item"): put each "- item" on a line of its own below the key, or write [item, item] (YAML parser: block sequence entries are not allowed in this context)`},
		// A full-width space (U+3000), as a Japanese IME types it: YAML
		// takes it for text, so the line is a key "\u3000ja" or breaks
		// the mapping a line further on.
		{"full-width space indents a key", entry("x", "  ja: [リージョンごと]", "\u3000ja: [リージョンごと]"), pre + "12: " + bad + wide("a full-width space")},
		{"full-width spaces indent a key", entry("x", "  ja: [リージョンごと]", "\u3000\u3000ja: [リージョンごと]"), pre + "12: " + bad + wide("2 full-width spaces")},
		{"full-width space after spaces", entry("x", "  ja: [リージョンごと]", "  \u3000ja: [リージョンごと]"), pre + "12: " + bad + wide("a full-width space")},
		{"full-width space before the line above's value", entry("x", "  en: [Per region]", "\u3000en: [Per region]"), pre + "11: " + bad + wide("a full-width space")},
		{"full-width space indents a list item", entry("x", "  - url: https://docs.example.com/page", "\u3000- url: https://docs.example.com/page"), pre + "17: " + bad + wide("a full-width space")},
		{"full-width space after a colon", entry("x", `verdict: "no"`, "verdict:\u3000no"),
			pre + "3: " + bad + `a full-width space (U+3000, 全角スペース) follows "verdict:": YAML needs a half-width space after a key's colon: retype it with the Japanese input off`},
		// The first error is reported, not a slip further on.
		{"reserved character, then a tab", entry("x", "tags: [copy]", "tags: @copy", "  en: [Per region]", "\ten: [Per region]"),
			pre + "6: " + bad + "a value starts with a character YAML reserves (such as @ or `): put the value in double quotes (YAML parser: found character that cannot start any token)"},
	} {
		got := loadProblems(fsWith(map[string]string{"entries/x.md": c.file}))
		if diff := cmp.Diff([]string{c.want}, got); diff != "" {
			t.Errorf("%s: problems (-want +got):\n%s", c.name, diff)
		}
	}
	// kb.yaml and thesaurus.yaml are explained the same way.
	fsys := fsWith(map[string]string{"entries/x.md": entry("x"), "thesaurus.yaml": "---\ngroups:\n  - [a, b]\n\t- [c, d]\n"})
	fsys["kb.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(kbYAML, "product:", "   product:", 1))}
	want := []string{
		"content/kb.yaml:2: invalid YAML: this key is indented more than the line above (3 spaces, not 0), which already has its value: indent it as the line above, or as the key it belongs to",
		"content/thesaurus.yaml:4: invalid YAML: tabs cannot indent YAML: use spaces",
	}
	if diff := cmp.Diff(want, loadProblems(fsys)); diff != "" {
		t.Errorf("kb.yaml, thesaurus.yaml: problems (-want +got):\n%s", diff)
	}
	fsys = fsWith(map[string]string{"entries/x.md": entry("x"), "thesaurus.yaml": "groups:\n  - [a, b]\n\u3000- [c, d]\n"})
	fsys["kb.yaml"] = &fstest.MapFile{Data: []byte("name:\n\u3000en: Test KB\n  ja: テスト\n" + strings.SplitN(kbYAML, "\n", 2)[1])}
	want = []string{
		"content/kb.yaml:2: invalid YAML: " + wide("a full-width space"),
		"content/thesaurus.yaml:3: invalid YAML: " + wide("a full-width space"),
	}
	if diff := cmp.Diff(want, loadProblems(fsys)); diff != "" {
		t.Errorf("kb.yaml, thesaurus.yaml with full-width spaces: problems (-want +got):\n%s", diff)
	}
}

// settingsFiles are the YAML files of the repository's knowledge bases
// besides their entries (kb.yaml, thesaurus.yaml), by path.
func settingsFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, pattern := range []string{"../content/*.yaml", "../examples/*/*.yaml"} {
		names, _ := filepath.Glob(pattern)
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[name] = string(data)
		}
	}
	return files
}

// wide is the message for a line indented with what (a full-width space).
func wide(what string) string {
	return "this line is indented with " + what + " (U+3000, 全角スペース), which YAML does not take for indentation: retype the indentation with half-width spaces (with the Japanese input off)"
}

// TestFullWidthSpaceInTextIsNotIndentation: a full-width space in text is
// no slip: in every entry's front matter, kb.yaml and thesaurus.yaml of the
// repository, in a block scalar's lines, in prose going on from the line
// above, in a value, and in the body.
func TestFullWidthSpaceInTextIsNotIndentation(t *testing.T) {
	for name, data := range entryFiles(t) {
		if line, msg := loader.WideIndent(string(frontMatter(t, name, data))); line > 0 {
			t.Errorf("%s:%d: %s", name, line+1, msg)
		}
	}
	for name, data := range settingsFiles(t) {
		if line, msg := loader.WideIndent(data); line > 0 {
			t.Errorf("%s:%d: %s", name, line, msg)
		}
	}
	for _, doc := range []string{
		"a: |\n  \u3000段落: の始まり\n  \u3000- 全角\nb: c\n",
		"a:\n- >\n  \u3000x: y\n",
		"a: \"条件付きで可能:\n  \u3000続き\"\n",
		"a: 続く文\n  \u3000続き\n",
		"a: \"x:\u3000y\"\nb: [\u3000c]\n",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if line, msg := loader.WideIndent(doc); line > 0 {
			t.Errorf("%q: line %d: %s", doc, line, msg)
		}
	}
	got := loadProblems(fsWith(map[string]string{"entries/x.md": entry("x", "English **body**.", "\u3000English **body**.\n\u3000- item")}))
	if len(got) != 0 {
		t.Errorf("a full-width space in the body: %q", got)
	}
}

// TestYAMLSlipOnlyInBrokenYAML: yamlSlip, which names the slip in YAML
// yaml.v3 rejects, finds none in YAML yaml.v3 takes — every entry's front
// matter, kb.yaml and thesaurus.yaml of the repository, and random
// mutations of the front matter (comments, block scalars, tabs, quotes...)
// that yaml.v3 still takes — so that it cannot name a line that is right.
func TestYAMLSlipOnlyInBrokenYAML(t *testing.T) {
	docs := settingsFiles(t)
	for name, data := range entryFiles(t) {
		docs[name] = string(frontMatter(t, name, data))
	}
	inserts := []string{":", ": ", " #", "#", "-", "- ", " ", "  ", "\t", "\"", "'", "[", "]", "{", "}", ",", "|", ">", "|-\n", "\n", "\n  ", "\n    ", "\n- ", "\n  - ", "\r", "x: y", "---", "# c\n"}
	r := rand.New(rand.NewPCG(5, 23))
	valid, broken, named := 0, 0, 0
	check := func(what, doc string) {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			broken++
			if line, _ := loader.YAMLSlip(doc); line > 0 {
				named++
			}
			return
		}
		valid++
		if line, msg := loader.YAMLSlip(doc); line > 0 {
			lines := strings.Split(doc, "\n")
			t.Fatalf("%s: yaml.v3 takes it, yet yamlSlip says line %d: %s\n%q", what, line, msg, lines[max(0, line-4):line])
		}
	}
	for _, name := range slices.Sorted(maps.Keys(docs)) {
		doc := docs[name]
		check(name, doc)
		for range 30 {
			i := r.IntN(len(doc) + 1)
			m := doc[:i] + inserts[r.IntN(len(inserts))] + doc[i:]
			if r.IntN(2) == 0 && i < len(doc) {
				m = doc[:i] + inserts[r.IntN(len(inserts))] + doc[i+1:]
			}
			check(name+" mutated", m)
		}
	}
	t.Logf("%d valid documents, %d broken (a slip named in %d)", valid, broken, named)
	if valid < len(docs) || broken < len(docs) {
		t.Fatalf("%d valid and %d broken documents: too few of one kind to tell", valid, broken)
	}
}

// FuzzYAMLSlip: whatever yaml.v3 takes, yamlSlip finds no slip in.
func FuzzYAMLSlip(f *testing.F) {
	for name, data := range entryFiles(f) {
		f.Add(string(frontMatter(f, name, data)))
	}
	for _, s := range []string{"a:\n  b: c\n   d: e\n", "a:\n\tb: c\n", "a: b\n  - c\n", "a:\n- b\n- c\nd: e\n", "a: |\n  x\n\ty\nb: c\n", "\t# c\na: b\n", "a:\n- |\n  b: c\n", "a: &x\n  b: c\nd: *x\n", "a: !!map\n  b: c\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var n yaml.Node
		if yaml.Unmarshal([]byte(s), &n) != nil {
			return
		}
		if line, msg := loader.YAMLSlip(s); line > 0 {
			t.Fatalf("yaml.v3 takes it, yet yamlSlip says line %d: %s\n%q", line, msg, s)
		}
	})
}

// TestNotReadAndNotTranslatedAreWarned: what a check used to pass in
// silence: a file or folder in entries/ that is not read (an entry saved as
// .markdown, a folder of drafts), and a Japanese title or answer left in
// English. Editors' hidden, backup and auto-save files are left alone, and
// hidden .md files (Emacs's lock .#a.md, macOS's ._a.md) are not entries.
func TestNotReadAndNotTranslatedAreWarned(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/a.md":          entry("a", "ja: 証明書をコピーする}", "ja: Copy a certificate}"),
		"entries/b.markdown":    entry("b"),
		"entries/drafts/c.md":   entry("c"),
		"entries/.a.md.swp":     "x",
		"entries/a.md~":         "x",
		"entries/.#a.md":        "user@host.1234:1700000000", // Emacs's lock (a link, often dangling)
		"entries/#a.md#":        entry("a"),                  // Emacs's auto-save
		"entries/._a.md":        "\x00\x05\x16\x07\xff",      // macOS's AppleDouble
		"entries/notes.txt":     "x",
		"entries/upper-case.MD": entry("upper-case"),
	})
	want := []string{
		"content/entries/a.md:8: title: the ja text has no Japanese in it: is it translated? (warning)",
		"content/entries/b.markdown: not read: an entry file's name ends in .md (lower case) (warning)",
		"content/entries/drafts: not read: entries are the .md files directly in entries/ (warning)",
		"content/entries/notes.txt: not read: entries are the .md files directly in entries/ (warning)",
		"content/entries/upper-case.MD: not read: an entry file's name ends in .md (lower case) (warning)",
	}
	got := loadProblems(fsys)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	// The listing a build takes its entry files from says the same.
	ls, err := loader.List(fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, problems := loader.Load(fsys, loader.Options{Now: now, Root: "content", Listing: ls})
	got = problemStrings(problems)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("with a listing, problems (-want +got):\n%s", diff)
	}
}

// TestUnknownKeySuggestsTheKnownOne: a misspelt key ("relatd", "Title",
// "stale_day" in kb.yaml) was reported with the whole list of known keys to
// read through; the nearest one is named first, as a related id's typo is.
func TestUnknownKeySuggestsTheKnownOne(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/a.md": entry("a", "related: []", "relatd: []", "title:", "Title:"),
	})
	fsys["kb.yaml"].Data = []byte(strings.Replace(string(fsys["kb.yaml"].Data), "stale_days:", "stale_day:", 1))
	got := strings.Join(loadProblems(fsys), "\n")
	for _, want := range []string{
		`content/entries/a.md:7: unknown key "relatd": did you mean "related"? (known: aliases, answer,`,
		`content/entries/a.md:8: unknown key "Title": did you mean "title"? (known: `,
		`content/kb.yaml:5: unknown key "stale_day": did you mean "stale_days"? (known: `,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	// A key like none is listed with the known ones only.
	fsys = fsWith(map[string]string{"entries/a.md": entry("a", "related: []", "colour: []")})
	if got := strings.Join(loadProblems(fsys), "\n"); !strings.Contains(got, `unknown key "colour" (known: `) {
		t.Errorf("colour:\n%s", got)
	}
}
