package loader_test

import (
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
		"entries/aa.md": entry("aa", "related: []", "related: [old-b]\naliases:\n  - Old_A\n  - aa\n  - old-a\n  - old-a\n  - bb\n  - broken\n  - shared"),
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
