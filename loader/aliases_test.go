package loader_test

import (
	"strings"
	"testing"

	"github.com/acmkb/acmkb/loader"
	"github.com/google/go-cmp/cmp"
)

// TestAliases: an entry's former ids load in order, and the parse cache
// keeps them.
func TestAliases(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/copy-cert.md": entry("copy-cert", "related: []", "related: []\naliases:\n  - copy-certificate\n  - cert-copy"),
		"entries/other.md":     entry("other", "related: []", "related: [copy-cert]"),
	})
	k, problems := loader.Load(fsys, loader.Options{Now: now})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"copy-certificate", "cert-copy"}, k.Entry("copy-cert").Aliases); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	if k.Entry("other").Aliases != nil {
		t.Errorf("other: aliases %q, want none", k.Entry("other").Aliases)
	}
}

// TestAliasProblems: acmkb check reports, at the alias's line, an alias that
// is not an id, the entry's own id, one given twice, the id of another
// entry (loaded or not), or another entry's alias; and a related id that is
// a former id names the entry it now is.
func TestAliasProblems(t *testing.T) {
	fsys := fsWith(map[string]string{
		"entries/aa.md": entry("aa", "related: []", "related: [old-b]\naliases:\n  - Old_A\n  - aa\n  - old-a\n  - old-a\n  - bb\n  - broken\n  - shared\n  - search"),
		"entries/bb.md": entry("bb", "related: []", "related: []\naliases: [old-b, shared]"),
		"entries/cc.md": entry("cc", "related: []", "related: []\naliases: nope"),
		// broken.md does not load, but its id is taken.
		"entries/broken.md": "---\nid: broken\n",
	})
	got := loadProblems(fsys)
	want := []string{
		`content/entries/aa.md:7: related: "old-b" is a former id of "bb" (its aliases): write "bb"`,
		`content/entries/aa.md:9: aliases: "Old_A" is not an id: lowercase letters and digits joined by "-", as the entry's former file name`,
		`content/entries/aa.md:10: aliases: "aa" is the entry's own id`,
		`content/entries/aa.md:12: aliases: "old-a" given twice`,
		`content/entries/aa.md:13: aliases: "bb" is the id of an entry (content/entries/bb.md): an alias is a former id that no entry has now`,
		`content/entries/aa.md:14: aliases: "broken" is the id of an entry (content/entries/broken.md): an alias is a former id that no entry has now`,
		`content/entries/aa.md:16: aliases: "search" is the path of the site's search page (/en/search/)`,
		`content/entries/bb.md:8: aliases: "shared" is also an alias of "aa" (content/entries/aa.md): a former id can lead to one entry only`,
		`content/entries/cc.md:8: aliases: expected a list of former ids`,
	}
	var mine []string
	for _, p := range got {
		if len(p) > 25 && p[:25] != "content/entries/broken.md" {
			mine = append(mine, p)
		}
	}
	if diff := cmp.Diff(want, mine); diff != "" {
		t.Errorf("problems (-want +got):\n%s\nall: %q", diff, got)
	}
}

// TestPinnedAnchors: a heading's pinned anchor loads; check reports, at the
// heading's line, one that is not an id, one of the page's own ids, one
// pinned twice in a language, one on a heading with no text, one the site
// and the index would read differently, and any other heading attribute.
func TestPinnedAnchors(t *testing.T) {
	body := "<!-- en -->\nIntro.\n\n## Export with OpenSSL {#openssl-export}\n\n## Same in ja {#same}\n\n<!-- ja -->\n## OpenSSL で書き出す {#openssl-export}\n\n## 同じ {#same}\n"
	ok := entry("ok")
	ok = ok[:strings.Index(ok, "<!-- en -->")] + body
	bad := entry("bad")
	bad = bad[:strings.Index(bad, "<!-- en -->")] + "<!-- en -->\n" + strings.Join([]string{
		"## Bad {#Bad_Anchor}", // line 26
		"## Page {#sources}",
		"## One {#twice}",
		"## Two {#twice}",
		"## {#empty}",
		"## Closed {#closed} ##", // no anchor for either: fine
		"- ## In a list {#listed}",
		"## Classy {.note}",
		"Setext {#setext}\n---",
		"## Braces {not attributes}", // fine
	}, "\n\n") + "\n\n<!-- ja -->\n## 一つ {#twice}\n"
	fsys := fsWith(map[string]string{"entries/ok.md": ok, "entries/bad.md": bad})
	got := loadProblems(fsys)
	want := []string{
		`content/entries/bad.md:26: heading: anchor "Bad_Anchor" must be lowercase letters and digits joined by "-"`,
		`content/entries/bad.md:28: heading: anchor "sources" is an id the entry's page uses itself: choose another`,
		`content/entries/bad.md:32: heading: anchor "twice" is pinned already on line 30`,
		`content/entries/bad.md:34: heading: a heading with anchor "empty" has no text`,
		`content/entries/bad.md:38: heading: the anchor must end a heading line of its own: "## Heading {#anchor}"`,
		`content/entries/bad.md:40: heading: only an anchor may follow a heading, as {#anchor}: not "{.note}"`,
		`content/entries/bad.md:42: heading: the anchor must end a heading line of its own: "## Heading {#anchor}"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	delete(fsys, "entries/bad.md")
	if _, problems := loader.Load(fsys, loader.Options{Now: now}); problems.Err() != nil {
		t.Errorf("an anchor pinned once per language: %v", problems.Err())
	}
}
