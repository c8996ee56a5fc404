package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/kb"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

// TestAliases: each former id of an entry gets, in each language, a forced
// 301 in _redirects and a page that leads to the entry without script (the
// CSP forbids inline script), with the entry's permalink as canonical; the
// sitemap does not list it. With no alias there is no _redirects.
func TestAliases(t *testing.T) {
	k := testKB()
	dir := t.TempDir()
	if err := Build(k, dir, Options{BaseURL: testBase, Now: func() time.Time { return testNow }}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, redirectsFile)); !os.IsNotExist(err) {
		t.Errorf("_redirects without aliases: %v", err)
	}

	k = testKB()
	e := k.Entry("export-key")
	e.Aliases = []string{"export-private-key", "key-export"}
	dir = t.TempDir()
	if err := Build(k, dir, Options{BaseURL: testBase, Now: func() time.Time { return testNow }}); err != nil {
		t.Fatal(err)
	}
	want := `# Former ids of entries (aliases) lead to the entries: written by acmkb build.
/en/export-private-key/ /en/export-key/ 301!
/ja/export-private-key/ /ja/export-key/ 301!
/en/key-export/ /en/export-key/ 301!
/ja/key-export/ /ja/export-key/ 301!
`
	if diff := cmp.Diff(want, readFile(t, dir, "_redirects")); diff != "" {
		t.Errorf("_redirects (-want +got):\n%s", diff)
	}
	for _, lang := range kb.Langs {
		for _, a := range e.Aliases {
			page := readFile(t, dir, string(lang)+"/"+a+"/index.html")
			doc, err := html.Parse(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			var canonical, refresh, link string
			scripts := 0
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				attr := map[string]string{}
				for _, a := range n.Attr {
					attr[a.Key] = a.Val
				}
				switch {
				case n.Data == "script":
					scripts++
				case n.Data == "link" && attr["rel"] == "canonical":
					canonical = attr["href"]
				case n.Data == "meta" && attr["http-equiv"] == "refresh":
					refresh = attr["content"]
				case n.Data == "a":
					link = attr["href"]
				}
			}
			if canonical != testBase+"/"+string(lang)+"/export-key/" || refresh != "0; url=../export-key/" || link != "../export-key/" || scripts != 0 {
				t.Errorf("%s/%s: canonical %q, refresh %q, link %q, %d scripts", lang, a, canonical, refresh, link, scripts)
			}
			if !strings.Contains(page, e.Title.In(lang)) || !strings.Contains(page, `<html lang="`+string(lang)+`">`) || !strings.Contains(page, `content="noindex"`) {
				t.Errorf("%s/%s: no title, lang or noindex:\n%s", lang, a, page)
			}
		}
	}
	if sm := readFile(t, dir, "sitemap.xml"); strings.Contains(sm, "export-private-key") {
		t.Error("the sitemap lists an alias")
	}
}
