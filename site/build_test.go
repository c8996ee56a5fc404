package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/reply"
	"github.com/acmkb/acmkb/templates"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testNow is the fixed clock of every test build.
var testNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

const testBase = "https://kb.example.com"

func day(s string) kb.Date {
	t, err := time.Parse(kb.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return kb.Date{Time: t}
}

// testKB is a small knowledge base with one entry of each verdict, a stale
// one, and bodies that try to smuggle in HTML and scripts.
func testKB() *kb.KB {
	exportKey := &kb.Entry{
		ID:       "export-key",
		Verdict:  kb.Partly,
		Verified: day("2026-11-01"),
		Services: []string{"ACM", "KMS"},
		Related:  []string{"import-cert", "does-not-exist"},
		Title:    kb.Text{kb.EN: "Export the private key", kb.JA: "秘密鍵をエクスポートする"},
		Answer: kb.Text{
			kb.EN: "Partly: only certificates requested with export enabled can be exported.",
			kb.JA: "条件付きで可能: エクスポートを有効にしてリクエストした証明書だけをエクスポートできます。",
		},
		Conditions: kb.List{
			kb.EN: {"Export was enabled at request time.", "The key is encrypted with your passphrase."},
			kb.JA: {"リクエスト時にエクスポートを有効にしていること。", "鍵はパスフレーズで暗号化されていること。"},
		},
		Sources: []kb.Source{
			{
				URL:      "https://docs.aws.amazon.com/acm/latest/userguide/acm-exportable-certificates.html",
				Title:    kb.Text{kb.EN: "Exportable public certificates", kb.JA: "エクスポート可能なパブリック証明書"},
				Supports: kb.Text{kb.EN: "Only certificates requested with export enabled.", kb.JA: "エクスポートを有効にした証明書だけ。"},
			},
			{
				URL:      "https://aws.amazon.com/blogs/aws/exportable-certificates/",
				Title:    kb.Text{kb.EN: "Announcing [exportable] certificates", kb.JA: "エクスポート可能な証明書の発表"},
				Supports: kb.Text{kb.EN: "The feature date.", kb.JA: "機能の提供日。"},
			},
		},
		History: []kb.Change{{
			Date: day("2025-06-17"), Before: kb.No, After: kb.Partly,
			Note: kb.Text{kb.EN: "Exportable certificates arrived.", kb.JA: "エクスポート可能な証明書が登場しました。"},
		}},
		Body: kb.Text{
			kb.EN: "Most keys never leave AWS.\n\n" +
				"<script>alert('body')</script>\n\n" +
				"Inline <img src=x onerror=alert(1)> html and a [bad link](javascript:alert(1)) and a [good one](https://docs.aws.amazon.com/acm/).\n\n" +
				"## Using the `exported` key\n\nConvert it:\n\n```\nopenssl pkey -in key.pem -out plain.pem\n```\n\n" +
				"## Using the `exported` key\n\nSame heading again.\n\n" +
				"## Sources\n\nA heading that collides with the page's own section id.\n\n" +
				"| Format | Tool |\n|:--|--:|\n| PFX | openssl |\n",
			kb.JA: "ほとんどの鍵は AWS の外に出ません。\n\n" +
				"## エクスポートした秘密鍵の使い方\n\nOpenSSL で変換します。\n\n" +
				"## ＡＣＭ とは？\n\n全角の見出し。\n",
		},
	}
	importCert := &kb.Entry{
		ID:       "import-cert",
		Verdict:  kb.Yes,
		Verified: day("2026-11-30"),
		Services: []string{"ACM", "Elastic Load Balancing"},
		Related:  []string{"export-key"},
		Title:    kb.Text{kb.EN: "Import a third-party certificate", kb.JA: "他社の証明書をインポートする"},
		Answer:   kb.Text{kb.EN: "Yes: you can import certificates from other CAs.", kb.JA: "はい、他の CA の証明書をインポートできます。"},
		Sources: []kb.Source{{
			URL:      "https://docs.aws.amazon.com/acm/latest/userguide/import-certificate.html",
			Title:    kb.Text{kb.EN: "Importing certificates", kb.JA: "証明書のインポート"},
			Supports: kb.Text{kb.EN: "How to import.", kb.JA: "インポートの方法。"},
		}},
		Body: kb.Text{kb.EN: "Import the certificate, its key and the chain.\n", kb.JA: "証明書、鍵、チェーンをインポートします。\n"},
	}
	oldEntry := &kb.Entry{
		ID:       "private-ca-free",
		Verdict:  kb.No,
		Verified: day("2025-01-10"),
		Services: []string{"ACM", "AWS Private CA"},
		Title:    kb.Text{kb.EN: "Use AWS Private CA for free", kb.JA: "AWS Private CA を無料で使う"},
		Answer:   kb.Text{kb.EN: "No: AWS Private CA is charged monthly.", kb.JA: "いいえ、AWS Private CA は月額料金がかかります。"},
		Sources: []kb.Source{{
			URL:   "https://aws.amazon.com/private-ca/pricing/",
			Title: kb.Text{kb.EN: "AWS Private CA pricing", kb.JA: "AWS Private CA の料金"},
		}},
	}
	cfg := kb.Config{
		Name:        kb.Text{kb.EN: "Test knowledge base", kb.JA: "テスト ナレッジベース"},
		Product:     kb.Text{kb.EN: "AWS Certificate Manager", kb.JA: "AWS Certificate Manager"},
		Description: kb.Text{kb.EN: "What ACM can and cannot do.", kb.JA: "ACM でできること・できないこと。"},
		BaseURL:     "https://ignored.example.com",
		StaleDays:   180,
	}
	return kb.New(cfg, []*kb.Entry{oldEntry, exportKey, importCert}, nil)
}

// buildSite builds k into a fresh directory and returns it.
func buildSite(t *testing.T, k *kb.KB, opts Options) string {
	t.Helper()
	out := t.TempDir()
	if opts.BaseURL == "" {
		opts.BaseURL = testBase
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	if err := Build(k, out, opts); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return out
}

func readFile(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// htmlPages lists the site paths of every HTML file in dir.
func htmlPages(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func parseHTML(t *testing.T, src string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// walk calls f for every element node under n.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// byID returns the element with id, or nil.
func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) {
		if v, ok := attr(n, "id"); ok && v == id && found == nil {
			found = n
		}
	})
	return found
}

var (
	hashedAsset = regexp.MustCompile(`(/assets/[\w./-]+?)\.[0-9a-f]{8}(\.\w+)`)
	searchMeta  = regexp.MustCompile(`<meta name="acmkb-search" content="[^"]*">`)
)

// normalize hides what changes with every edit of an asset or of the search
// data format, so golden files only change when a page does.
func normalize(s string) string {
	s = hashedAsset.ReplaceAllString(s, "$1.HASH$2")
	return searchMeta.ReplaceAllString(s, `<meta name="acmkb-search" content="SEARCH-INDEX">`)
}

func TestGolden(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	pages := []string{
		"index.html",
		"404.html",
		"en/index.html",
		"ja/index.html",
		"en/export-key/index.html",
		"ja/export-key/index.html",
		"en/private-ca-free/index.html",
		"en/search/index.html",
		"ja/search/index.html",
		"sitemap.xml",
		"robots.txt",
	}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			got := normalize(readFile(t, out, p))
			golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./site -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s differs from %s (-want +got; go test ./site -update refreshes):\n%s", p, golden, diff)
			}
		})
	}
}

func TestEveryEntryInBothLanguages(t *testing.T) {
	k := testKB()
	out := buildSite(t, k, Options{})
	for _, e := range k.Entries {
		for _, lang := range kb.Langs {
			p := path.Join(string(lang), e.ID, "index.html")
			src := readFile(t, out, p)
			if !strings.Contains(src, `<html lang="`+string(lang)+`">`) {
				t.Errorf("%s: no <html lang=%q>", p, lang)
			}
			doc := parseHTML(t, src)
			var h1 string
			walk(doc, func(n *html.Node) {
				if n.Data == "h1" {
					h1 = textOf(n)
				}
			})
			if h1 != e.Title.In(lang) {
				t.Errorf("%s: h1 = %q, want %q", p, h1, e.Title.In(lang))
			}
			other := otherLang(lang)
			want := `<link rel="alternate" hreflang="` + string(other) + `" href="` + kb.Permalink(testBase, other, e.ID) + `">`
			if !strings.Contains(src, want) {
				t.Errorf("%s: missing %s", p, want)
			}
			if !strings.Contains(src, `<a href="/`+string(other)+`/`+e.ID+`/" hreflang="`+string(other)+`"`) {
				t.Errorf("%s: no visible link to the %s page", p, other)
			}
		}
	}
	for _, p := range []string{"index.html", "404.html", "en/index.html", "ja/index.html", "en/search/index.html", "ja/search/index.html"} {
		readFile(t, out, p)
	}
}

// TestHeadingIDs: Latin headings keep their slugs; a Japanese heading's id
// is short and ASCII, and the page keeps the long id it had as a second
// target; a pinned anchor is the heading's id whatever its text, and the
// id its text would have had stays a target too.
func TestHeadingIDs(t *testing.T) {
	k := testKB()
	e := k.Entry("export-key")
	e.Body = kb.Text{kb.EN: e.Body[kb.EN] + "\n\n## Reworded heading {#pinned-anchor}\n\nText.\n", kb.JA: e.Body[kb.JA] + "\n\n## 言い換えた見出し {#pinned-anchor}\n\n本文。\n"}
	out := buildSite(t, k, Options{})
	ja := readFile(t, out, "ja/export-key/index.html")
	short := map[string]string{"エクスポートした秘密鍵の使い方": analysis.AnchorBase("エクスポートした秘密鍵の使い方"), "acm-とは": analysis.AnchorBase("ＡＣＭ とは？")}
	for former, id := range short {
		if len(id) > 14 || !strings.Contains(ja, `<h3 id="`+id+`">`) || !strings.Contains(ja, `<span id="`+former+`"></span>`) {
			t.Errorf("ja page: no <h3 id=%q> holding <span id=%q>", id, former)
		}
		if !strings.Contains(ja, `data-copy="`+testBase+`/ja/export-key/#`+id+`"`) {
			t.Errorf("ja page: no copy link to #%s", id)
		}
	}
	if !strings.HasPrefix(short["acm-とは"], "acm-") || !strings.HasPrefix(short["エクスポートした秘密鍵の使い方"], "s-") {
		t.Errorf("short ids %v: want the ASCII words first, else s-", short)
	}
	if !strings.Contains(ja, `<h3 id="pinned-anchor">言い換えた見出し<span id="`+analysis.Slug("言い換えた見出し")+`"></span>`) {
		t.Error("ja page: the pinned heading has not its anchor and its former id")
	}
	en := readFile(t, out, "en/export-key/index.html")
	for _, id := range []string{"using-the-exported-key", "using-the-exported-key-1", "sources-1"} {
		if !strings.Contains(en, `<h3 id="`+id+`">`) {
			t.Errorf("en page has no <h3 id=%q>", id)
		}
	}
	if strings.Contains(en, "<span id=") != true || strings.Count(en, "<span id=") != 1 {
		t.Errorf("en page: %d former ids, want the pinned heading's only", strings.Count(en, "<span id="))
	}
	if !strings.Contains(en, `<h3 id="pinned-anchor">Reworded heading<span id="reworded-heading"></span>`) {
		t.Error("en page: the pinned heading has not its anchor and its former id")
	}
	// Each body heading has a link copying permalink#id.
	if !strings.Contains(en, `data-copy="`+testBase+`/en/export-key/#using-the-exported-key-1"`) {
		t.Error("no copy link for a body heading")
	}
	// The anchors the index cites are the ids of the headings.
	for _, l := range kb.Langs {
		page := readFile(t, out, string(l)+"/export-key/index.html")
		anchors := analysis.Anchors(analysis.Sections(e.Body[l]))
		n := 0
		for _, a := range anchors {
			if a == "" {
				continue
			}
			n++
			if !strings.Contains(page, `<h3 id="`+a+`">`) || !strings.Contains(page, `href="#`+a+`"`) {
				t.Errorf("%s: the index's anchor %q is no heading's id and link", l, a)
			}
		}
		if n < 3 || !slices.Contains(anchors, "pinned-anchor") {
			t.Errorf("%s: anchors %q", l, anchors)
		}
	}
}

func TestIDsAreUniqueOnEveryPage(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	for _, p := range htmlPages(t, out) {
		seen := map[string]bool{}
		walk(parseHTML(t, readFile(t, out, p)), func(n *html.Node) {
			if id, ok := attr(n, "id"); ok {
				if seen[id] {
					t.Errorf("%s: id %q used twice", p, id)
				}
				seen[id] = true
			}
		})
	}
}

func TestBodyCannotInjectMarkup(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	for _, p := range htmlPages(t, out) {
		src := readFile(t, out, p)
		for _, bad := range []string{"alert(", "onerror", "javascript:", "<img"} {
			if strings.Contains(src, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
	doc := parseHTML(t, readFile(t, out, "en/export-key/index.html"))
	var links []string
	walk(doc, func(n *html.Node) {
		if c, _ := attr(n, "class"); c != "prose" {
			return
		}
		walk(n, func(a *html.Node) {
			if c, _ := attr(a, "class"); a.Data == "a" && c != "heading-link" {
				href, _ := attr(a, "href")
				links = append(links, textOf(a)+" -> "+href)
			}
		})
	})
	// The javascript: link is left as text; the https one stays a link.
	want := []string{"good one -> https://docs.aws.amazon.com/acm/"}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("links in the body (-want +got):\n%s", diff)
	}
}

// TestStrictCSP checks what the Content Security Policy would block: inline
// scripts, style attributes, event handlers, resources from other origins.
func TestStrictCSP(t *testing.T) {
	out := buildSite(t, testKB(), Options{LiveReload: LiveReloadPath})
	for _, p := range htmlPages(t, out) {
		walk(parseHTML(t, readFile(t, out, p)), func(n *html.Node) {
			for _, a := range n.Attr {
				if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q>", p, n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "script":
				if src, ok := attr(n, "src"); !ok || !strings.HasPrefix(src, "/assets/") {
					t.Errorf("%s: script not loaded from /assets/: src=%q", p, src)
				}
			case "style":
				t.Errorf("%s: <style> element", p)
			case "link":
				rel, _ := attr(n, "rel")
				href, _ := attr(n, "href")
				if (rel == "stylesheet" || rel == "icon") && !strings.HasPrefix(href, "/assets/") {
					t.Errorf("%s: %s loaded from %q", p, rel, href)
				}
			case "img", "iframe", "object", "embed":
				t.Errorf("%s: <%s> element", p, n.Data)
			}
		})
	}
}

func TestNoIndex(t *testing.T) {
	k := testKB()
	const meta = `<meta name="robots" content="noindex, nofollow">`

	out := buildSite(t, k, Options{NoIndex: true})
	for _, p := range htmlPages(t, out) {
		if !strings.Contains(readFile(t, out, p), meta) {
			t.Errorf("NoIndex: %s has no %s", p, meta)
		}
	}
	if got := readFile(t, out, "robots.txt"); !strings.Contains(got, "Disallow: /\n") {
		t.Errorf("NoIndex robots.txt:\n%s", got)
	}

	out = buildSite(t, k, Options{})
	for _, p := range htmlPages(t, out) {
		has := strings.Contains(readFile(t, out, p), meta)
		if has != (p == "404.html") {
			t.Errorf("public site: %s has meta robots = %v", p, has)
		}
	}
	if got := readFile(t, out, "robots.txt"); strings.Contains(got, "Disallow: /") || !strings.Contains(got, "Sitemap: "+testBase+"/sitemap.xml") {
		t.Errorf("public robots.txt:\n%s", got)
	}
}

func TestSitemapListsEveryPage(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(readFile(t, out, "sitemap.xml")), &sm); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range sm.URLs {
		got = append(got, u.Loc)
		if len(u.Links) != 3 {
			t.Errorf("%s: %d alternates, want en, ja, x-default", u.Loc, len(u.Links))
		}
	}
	// Every page but the language chooser (/) and the 404 page.
	var want []string
	for _, p := range htmlPages(t, out) {
		if p == "index.html" || p == "404.html" {
			continue
		}
		want = append(want, testBase+"/"+strings.TrimSuffix(p, "index.html"))
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sitemap (-want +got):\n%s", diff)
	}
}

var assetRef = regexp.MustCompile(`(?:href|src|content)="(/assets/[^"]+)"`)

func TestFingerprintedAssets(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	for _, p := range htmlPages(t, out) {
		src := readFile(t, out, p)
		refs := assetRef.FindAllStringSubmatch(src, -1)
		var names []string
		for _, m := range refs {
			ref := m[1]
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(ref)))
			if err != nil {
				t.Errorf("%s references %s, which is not in the site", p, ref)
				continue
			}
			if strings.HasPrefix(ref, "/assets/search/") {
				continue // search data: named by the search engineer's scheme
			}
			m := hashedAsset.FindStringSubmatch(ref)
			if m == nil {
				t.Errorf("%s: %s is not fingerprinted", p, ref)
				continue
			}
			sum := sha256.Sum256(data)
			if h := hex.EncodeToString(sum[:4]); !strings.Contains(ref, "."+h+".") {
				t.Errorf("%s: %s does not carry its content hash %s", p, ref, h)
			}
			names = append(names, path.Base(m[1])+m[2])
		}
		for _, want := range []string{"style.css", "site.js", "favicon.svg"} {
			if !slices.Contains(names, want) {
				t.Errorf("%s does not load %s", p, want)
			}
		}
	}
	// No unfingerprinted copies.
	for _, name := range []string{"style.css", "site.js", "favicon.svg"} {
		if _, err := os.Stat(filepath.Join(out, "assets", name)); err == nil {
			t.Errorf("assets/%s published without a hash", name)
		}
	}
}

func TestCopyAsReplyIsEntryMarkdown(t *testing.T) {
	k := testKB()
	out := buildSite(t, k, Options{})
	for _, e := range k.Entries {
		for _, lang := range kb.Langs {
			p := path.Join(string(lang), e.ID, "index.html")
			doc := parseHTML(t, readFile(t, out, p))
			ta := byID(doc, "reply-text")
			if ta == nil || ta.Data != "textarea" {
				t.Fatalf("%s: no <textarea id=reply-text>", p)
			}
			want := reply.EntryMarkdown(e, lang, testBase)
			if diff := cmp.Diff(want, textOf(ta)); diff != "" {
				t.Errorf("%s: reply text (-want +got):\n%s", p, diff)
			}
			var button bool
			walk(doc, func(n *html.Node) {
				if v, _ := attr(n, "data-copy-from"); v == "reply-text" && n.Data == "button" {
					button = true
				}
			})
			if !button {
				t.Errorf("%s: no copy-as-reply button", p)
			}
		}
	}
}

func TestSearchFormOnEveryPage(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	for _, p := range htmlPages(t, out) {
		doc := parseHTML(t, readFile(t, out, p))
		lang := "en"
		if strings.HasPrefix(p, "ja/") {
			lang = "ja"
		}
		var form, input *html.Node
		walk(doc, func(n *html.Node) {
			if role, _ := attr(n, "role"); n.Data == "form" && role == "search" {
				form = n
			}
			if n.Data == "input" {
				if id, _ := attr(n, "id"); id == "q" {
					input = n
				}
			}
		})
		if form == nil || input == nil {
			t.Errorf("%s: no search form with input#q", p)
			continue
		}
		if action, _ := attr(form, "action"); action != "/"+lang+"/search/" {
			t.Errorf("%s: search form action %q", p, action)
		}
		if name, _ := attr(input, "name"); name != "q" {
			t.Errorf("%s: search input name %q", p, name)
		}
		results := byID(doc, "results")
		if results == nil {
			t.Errorf("%s: no #results", p)
			continue
		}
		class, _ := attr(results, "class")
		_, hidden := attr(results, "hidden")
		if strings.HasSuffix(p, "search/index.html") {
			if hidden || class != "search-results" {
				t.Errorf("%s: #results should be the visible main list", p)
			}
		} else if !hidden || class != "search-popup" {
			t.Errorf("%s: #results should be a hidden search-popup", p)
		}
		// The count is announced by a status region, not by the whole list.
		if live, ok := attr(results, "aria-live"); ok {
			t.Errorf("%s: #results aria-live=%q, want none (the status region #search-status announces)", p, live)
		}
		if status := byID(doc, "search-status"); status == nil {
			t.Errorf("%s: no #search-status", p)
		} else if role, _ := attr(status, "role"); role != "status" {
			t.Errorf("%s: #search-status role=%q, want status", p, role)
		}
	}
}

func TestStaleWarning(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	if src := readFile(t, out, "en/private-ca-free/index.html"); !strings.Contains(src, `class="stale-warning"`) ||
		!strings.Contains(src, "more than 180 days ago") || !strings.Contains(src, "(690 days ago)") {
		t.Error("stale entry: no warning or wrong age")
	}
	if src := readFile(t, out, "en/import-cert/index.html"); strings.Contains(src, `class="stale-warning"`) || !strings.Contains(src, "(1 day ago)") {
		t.Error("fresh entry: warning shown or wrong age")
	}
}

func TestHomeListsByVerdict(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	doc := parseHTML(t, readFile(t, out, "en/index.html"))
	got := map[string][]string{}
	for _, id := range []string{"can", "partly", "cannot"} {
		h := byID(doc, id)
		if h == nil {
			t.Fatalf("no #%s", id)
		}
		walk(h.Parent, func(n *html.Node) {
			if c, _ := attr(n, "class"); c == "entry-link" {
				got[id] = append(got[id], textOf(n))
			}
		})
	}
	want := map[string][]string{
		"can":    {"Import a third-party certificate"},
		"partly": {"Export the private key"},
		"cannot": {"Use AWS Private CA for free"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("home lists (-want +got):\n%s", diff)
	}
	// The filter offers services that tell entries apart, not ACM (in all).
	var services []string
	walk(doc, func(n *html.Node) {
		if s, ok := attr(n, "data-service"); ok {
			services = append(services, s)
		}
	})
	if diff := cmp.Diff([]string{"AWS Private CA", "Elastic Load Balancing", "KMS"}, services); diff != "" {
		t.Errorf("filter services (-want +got):\n%s", diff)
	}
}

func TestLiveReload(t *testing.T) {
	k := testKB()
	const meta = `<meta name="acmkb-livereload" content="/_acmkb/reload">`
	if src := readFile(t, buildSite(t, k, Options{LiveReload: LiveReloadPath}), "en/index.html"); !strings.Contains(src, meta) {
		t.Error("LiveReload set: no meta")
	}
	if src := readFile(t, buildSite(t, k, Options{}), "en/index.html"); strings.Contains(src, "acmkb-livereload") {
		t.Error("LiveReload empty: meta present")
	}
}

func TestBaseURL(t *testing.T) {
	k := testKB()
	out := buildSite(t, k, Options{BaseURL: "https://other.example.com/"})
	if src := readFile(t, out, "en/import-cert/index.html"); !strings.Contains(src, `<link rel="canonical" href="https://other.example.com/en/import-cert/">`) {
		t.Error("trailing slash of BaseURL not trimmed")
	}
	// Empty: the knowledge base's base_url.
	out = t.TempDir()
	if err := Build(k, out, Options{Now: func() time.Time { return testNow }}); err != nil {
		t.Fatal(err)
	}
	if src := readFile(t, out, "en/import-cert/index.html"); !strings.Contains(src, `<link rel="canonical" href="https://ignored.example.com/en/import-cert/">`) {
		t.Error("empty BaseURL does not fall back to Config.BaseURL")
	}
	for _, bad := range []string{"kb.example.com", "/relative", "ftp://kb.example.com"} {
		if err := Build(k, t.TempDir(), Options{BaseURL: bad}); err == nil {
			t.Errorf("BaseURL %q accepted", bad)
		}
	}
}

func TestBuildWithoutSearchScript(t *testing.T) {
	// The templates may come without search.js (it is written separately):
	// the build still works and simply loads no search script.
	tfs := withoutFile(t, "assets/search.js")
	out := buildSite(t, testKB(), Options{Templates: tfs})
	src := readFile(t, out, "en/index.html")
	if regexp.MustCompile(`/assets/search\.[0-9a-f]{8}\.js`).MatchString(src) {
		t.Error("search.js referenced although missing")
	}
}

func TestTemplateErrorsAreReported(t *testing.T) {
	tfs := withFile(t, "home.html", []byte(`{{define "main"}}{{.Nope}}{{end}}`))
	err := Build(testKB(), t.TempDir(), Options{BaseURL: testBase, Templates: tfs})
	if err == nil || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("err = %v, want one naming the bad field", err)
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Using the exported key", "using-the-exported-key"},
		{"エクスポートした秘密鍵の使い方", "エクスポートした秘密鍵の使い方"},
		{"ＡＣＭ とは？", "acm-とは"},
		{"  What's new (2026)?  ", "what-s-new-2026"},
		{"CloudFront / ALB・NLB", "cloudfront-alb-nlb"},
		{"!!!", ""},
	} {
		if got := slug(tc.in); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	if got := fingerprint("style.css", []byte("body{}")); !regexp.MustCompile(`^style\.[0-9a-f]{8}\.css$`).MatchString(got) {
		t.Errorf("fingerprint = %q", got)
	}
	if a, b := fingerprint("x.js", []byte("1")), fingerprint("x.js", []byte("2")); a == b {
		t.Error("different content, same name")
	}
	if got := fingerprint("icons/a.svg", []byte("<svg/>")); !strings.HasPrefix(got, "icons/a.") {
		t.Errorf("fingerprint kept no directory: %q", got)
	}
}

// withoutFile returns the embedded templates without name.
func withoutFile(t *testing.T, name string) fs.FS {
	t.Helper()
	return copyTemplates(t, func(p string, data []byte) ([]byte, bool) { return data, p != name })
}

// withFile returns the embedded templates with name replaced by data.
func withFile(t *testing.T, name string, data []byte) fs.FS {
	t.Helper()
	return copyTemplates(t, func(p string, old []byte) ([]byte, bool) {
		if p == name {
			return data, true
		}
		return old, true
	})
}

func copyTemplates(t *testing.T, edit func(p string, data []byte) ([]byte, bool)) fs.FS {
	t.Helper()
	dir := t.TempDir()
	src := templates.FS()
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		data, keep := edit(p, data)
		if !keep {
			return nil
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, bytes.Clone(data), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return os.DirFS(dir)
}

// TestServiceNamesReachTheFilterWhole: the home page gives site.js each
// entry's services as a JSON array, so that a name with "|" stays one name
// (issue 12, row 18; the browser side is e2e's TestServiceFilterOddNames).
func TestServiceNamesReachTheFilterWhole(t *testing.T) {
	k := testKB()
	k.Entries[0].Services = []string{"A|B", "toString", `"quoted" & <tagged>`}
	out := buildSite(t, k, Options{})
	doc := parseHTML(t, readFile(t, out, "en/index.html"))
	var got [][]string
	walk(doc, func(n *html.Node) {
		if v, ok := attr(n, "data-services"); ok {
			var list []string
			if err := json.Unmarshal([]byte(v), &list); err != nil {
				t.Errorf("data-services %q: %v", v, err)
			}
			got = append(got, list)
		}
	})
	if !slices.ContainsFunc(got, func(l []string) bool { return slices.Equal(l, k.Entries[0].Services) }) {
		t.Errorf("data-services = %q, want one holding %q", got, k.Entries[0].Services)
	}
}

// A large knowledge base: the home page lists the first homeLimit entries
// of each verdict and links to list pages that hold them all, paged.
func TestHomePagesLargeLists(t *testing.T) {
	k := testKB()
	entries := slices.Clone(k.Entries)
	n := listPageSize + homeLimit + 5 // two list pages of "can"
	for i := 0; i < n; i++ {
		e := *k.Entry("import-cert")
		e.ID = fmt.Sprintf("import-cert-%03d", i)
		e.Title = kb.Text{kb.EN: fmt.Sprintf("Import certificate %03d", i), kb.JA: fmt.Sprintf("証明書 %03d をインポートする", i)}
		entries = append(entries, &e)
	}
	k = kb.New(k.Config, entries, nil)
	out := buildSite(t, k, Options{})
	count := func(rel string) (links []string, pages []string) {
		walk(parseHTML(t, readFile(t, out, rel)), func(n *html.Node) {
			c, _ := attr(n, "class")
			if c == "entry-link" {
				links = append(links, textOf(n))
			}
			if n.Type == html.ElementNode && n.Data == "a" && n.Parent != nil && n.Parent.Parent != nil && n.Parent.Parent.Parent != nil {
				if c, _ := attr(n.Parent.Parent.Parent, "class"); c == "pager" {
					href, _ := attr(n, "href")
					pages = append(pages, href)
				}
			}
		})
		return
	}
	home, _ := count("en/index.html")
	if len(home) != homeLimit+2 { // 30 of "can", the one partly and the one cannot entry
		t.Errorf("home lists %d entries, want %d", len(home), homeLimit+2)
	}
	doc := readFile(t, out, "en/index.html")
	if !strings.Contains(doc, `href="/en/verdict--can/"`) || strings.Contains(doc, "data-filter") {
		t.Error("home page: want a link to /en/verdict--can/ and no service filter")
	}
	first, pages := count("en/verdict--can/index.html")
	second, _ := count("en/verdict--can/2/index.html")
	if len(first) != listPageSize || len(first)+len(second) != n+1 {
		t.Errorf("list pages hold %d + %d entries, want %d + %d", len(first), len(second), listPageSize, n+1-listPageSize)
	}
	if diff := cmp.Diff([]string{"/en/verdict--can/", "/en/verdict--can/2/"}, pages); diff != "" {
		t.Errorf("pager (-want +got):\n%s", diff)
	}
	readFile(t, out, "ja/verdict--can/2/index.html")
}

// TestSectionAnchorsAreHeadingIDs: the anchor the index cites for a section
// of an entry's body (analysis.Anchors) is the id of that heading on the
// entry's page, so that an answer's "See:" link lands on it.
func TestSectionAnchorsAreHeadingIDs(t *testing.T) {
	k := embeddedKB(t)
	dir := t.TempDir()
	if err := Build(k, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range k.Entries {
		for _, l := range kb.Langs {
			page, err := os.ReadFile(filepath.Join(dir, string(l), e.ID, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range analysis.Anchors(analysis.Sections(e.Body[l])) {
				if a == "" {
					continue
				}
				n++
				if !strings.Contains(string(page), `id="`+a+`"`) {
					t.Errorf("%s/%s: no heading with id %q", l, e.ID, a)
				}
			}
		}
	}
	t.Logf("%d section anchors, each a heading id on its page", n)
}

// TestXMLEscapeFastPath: strings returned as they are are those
// xml.EscapeText leaves alone.
func TestXMLEscapeFastPath(t *testing.T) {
	for c := 0; c < 0x80; c++ {
		s := "https://example.com/a" + string(rune(c)) + "b"
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		if got := xmlEscape(s); got != b.String() {
			t.Errorf("xmlEscape(%q) = %q, want %q", s, got, b.String())
		}
	}
	if got := xmlEscape("é&"); got != "é&amp;" {
		t.Errorf("xmlEscape: %q", got)
	}
}

// TestFailedPagesAreOneError: when every entry page fails alike (a full
// disk; here a file where each page's folder must go), the build stops at
// the first and reports it once, not one line per page.
func TestFailedPagesAreOneError(t *testing.T) {
	out := t.TempDir()
	k := testKB()
	if err := os.Mkdir(filepath.Join(out, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range k.Entries {
		if err := os.WriteFile(filepath.Join(out, "en", e.ID), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := Build(k, out, Options{BaseURL: testBase, Workers: 1})
	if err == nil {
		t.Fatal("built into a folder with a file named ja")
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 1 {
		t.Errorf("%d lines of errors, want 1:\n%v", n, err)
	}
	if len(k.Entries) > 1 && strings.Contains(err.Error(), "more pages") {
		t.Errorf("with one worker the first failure stops the rest: %v", err)
	}
}

// TestLargeSitemapIsSplit: past the protocol's limits for one file (50,000
// URLs or 50 MB: about 25,000 entries), sitemap.xml becomes a sitemap index
// of sitemap-1.xml, sitemap-2.xml, ... that list, in order, the pages one
// file would, each file within the limits.
func TestLargeSitemapIsSplit(t *testing.T) {
	type urlset struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	locs := func(data string) []string {
		var s urlset
		if err := xml.Unmarshal([]byte(data), &s); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, u := range s.URLs {
			out = append(out, u.Loc)
		}
		return out
	}
	k := testKB()
	want := locs(readFile(t, buildSite(t, k, Options{}), "sitemap.xml"))
	if len(want) < 5 {
		t.Fatalf("%d pages in the sitemap: too few to split", len(want))
	}
	for _, limit := range []struct{ urls, bytes int }{{2, 50 << 20}, {50000, 1200}} {
		t.Run(fmt.Sprintf("%d URLs, %d bytes", limit.urls, limit.bytes), func(t *testing.T) {
			defer func(u, b int) { maxSitemapURLs, maxSitemapBytes = u, b }(maxSitemapURLs, maxSitemapBytes)
			maxSitemapURLs, maxSitemapBytes = limit.urls, limit.bytes
			out := buildSite(t, k, Options{})
			var index struct {
				XMLName xml.Name
				Locs    []string `xml:"sitemap>loc"`
			}
			if err := xml.Unmarshal([]byte(readFile(t, out, "sitemap.xml")), &index); err != nil {
				t.Fatal(err)
			}
			if index.XMLName.Local != "sitemapindex" || len(index.Locs) < 2 {
				t.Fatalf("sitemap.xml is a %s of %d files, want a sitemapindex of several", index.XMLName.Local, len(index.Locs))
			}
			var got []string
			for i, loc := range index.Locs {
				rel := fmt.Sprintf("sitemap-%d.xml", i+1)
				if loc != testBase+"/"+rel {
					t.Errorf("index entry %d is %s, want %s/%s", i, loc, testBase, rel)
				}
				data := readFile(t, out, rel)
				part := locs(data)
				if len(part) == 0 || len(part) > limit.urls || len(data) > limit.bytes {
					t.Errorf("%s: %d URLs, %d bytes, want 1 to %d URLs within %d bytes", rel, len(part), len(data), limit.urls, limit.bytes)
				}
				got = append(got, part...)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("pages of the split sitemap (-one file +split):\n%s", diff)
			}
		})
	}
}

// TestOutputNames: every name at the top of a built site is one OutputName
// knows (package build refuses to replace a folder holding anything else),
// and a content folder's names are not.
func TestOutputNames(t *testing.T) {
	defer func(u int) { maxSitemapURLs = u }(maxSitemapURLs)
	maxSitemapURLs = 3 // sitemap-N.xml too
	des, err := os.ReadDir(buildSite(t, testKB(), Options{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		if !OutputName(de.Name()) {
			t.Errorf("the site's %s is not an OutputName", de.Name())
		}
	}
	for _, name := range []string{"kb.yaml", "entries", "thesaurus.yaml", "eval.tsv", "sitemap-.xml", "sitemap-x.xml", "notes.txt", "store"} {
		if OutputName(name) {
			t.Errorf("OutputName(%q) = true", name)
		}
	}
}

// TestEntryFieldsCannotInjectMarkup builds an entry whose every text field,
// and a source URL, try to break out of where the page puts them (element
// text, attributes, the reply's <textarea>, href): each must come back as
// the same text when the page is parsed, and nothing of it as markup. Its
// title, shown as a related entry on another page, and a source's host
// (url.Parse lets quotes, "<" and "&" into a host name) too: the page gets
// those escaped by package site (text), not by the template.
func TestEntryFieldsCannotInjectMarkup(t *testing.T) {
	const evil = `"x' onmouseover='alert(1)' <script>alert(2)</script></textarea><b>&amp;`
	k := testKB()
	e := k.Entry("export-key").Full()
	e.Title = kb.Text{kb.EN: "Title " + evil, kb.JA: "題 " + evil}
	e.Answer = kb.Text{kb.EN: "Answer " + evil, kb.JA: "答 " + evil}
	e.Conditions = kb.List{kb.EN: {"Condition " + evil}, kb.JA: {"条件 " + evil}}
	e.Sources[0].URL = "javascript:alert(3)"
	e.Sources[1].Title = kb.Text{kb.EN: "Source " + evil, kb.JA: "出典 " + evil}
	e.Sources[1].Supports = kb.Text{kb.EN: "Supports " + evil, kb.JA: "根拠 " + evil}
	const evilHost = `h"o'st<b>&amp;+x.example`
	e.Sources[1].URL = "https://" + evilHost + "/doc"
	e.History[0].Note = kb.Text{kb.EN: "Note " + evil, kb.JA: "注 " + evil}
	k = kb.New(k.Config, slices.Collect(func(yield func(*kb.Entry) bool) {
		for _, x := range k.Entries {
			if x.ID == e.ID {
				x = e
			}
			if !yield(x) {
				return
			}
		}
	}), nil)
	out := buildSite(t, k, Options{})
	for _, lang := range kb.Langs {
		// import-cert lists export-key as related, by its title.
		rel := string(lang) + "/import-cert/index.html"
		doc := parseHTML(t, readFile(t, out, rel))
		found := false
		walk(doc, func(n *html.Node) {
			if n.Type == html.ElementNode && (n.Data == "script" && len(n.Attr) == 0 || n.Data == "b") {
				t.Errorf("%s: the related title became a <%s> element", rel, n.Data)
			}
			if n.Type == html.ElementNode && n.Data == "a" && textOf(n) == e.Title.In(lang) {
				found = true
			}
		})
		if !found {
			t.Errorf("%s: no link reads %q", rel, e.Title.In(lang))
		}
	}
	for _, lang := range kb.Langs {
		rel := string(lang) + "/export-key/index.html"
		doc := parseHTML(t, readFile(t, out, rel))
		walk(doc, func(n *html.Node) {
			if n.Type == html.ElementNode && (n.Data == "script" && len(n.Attr) == 0 || n.Data == "b") {
				t.Errorf("%s: content became a <%s> element", rel, n.Data)
			}
			for _, a := range n.Attr {
				if a.Key == "onmouseover" {
					t.Errorf("%s: content became an attribute of <%s>", rel, n.Data)
				}
				if a.Key == "href" && strings.Contains(a.Val, "javascript:") {
					t.Errorf("%s: a link to %q", rel, a.Val)
				}
			}
		})
		texts := map[string]bool{}
		walk(doc, func(n *html.Node) {
			if n.Type == html.ElementNode {
				texts[strings.TrimSpace(textOf(n))] = true
				for _, a := range n.Attr {
					texts[a.Val] = true
				}
			}
		})
		for _, want := range []string{e.Title.In(lang), e.Answer.In(lang), e.Conditions.In(lang)[0],
			e.Sources[1].Title.In(lang), e.Sources[1].Supports.In(lang), e.History[0].Note.In(lang), evilHost} {
			if !texts[want] {
				t.Errorf("%s: no element or attribute reads %q", rel, want)
			}
		}
		// The reply (Markdown, which escapes "<" itself) keeps all of the
		// answer and goes on past it: the content did not end the textarea.
		reply := ""
		if n := byID(doc, "reply-text"); n != nil {
			reply = textOf(n)
		}
		if i := strings.Index(reply, `alert(2)\</script\>\</textarea\>`); i < 0 || strings.LastIndex(reply, "/export-key/") < i {
			t.Errorf("%s: the reply text does not hold the answer as text: %q", rel, reply)
		}
	}
}

// TestAssetsAreMinified: scripts and style sheets are published without
// their comments and spaces (search.js's comments were a fifth of what a
// question loaded), and a script the minifier cannot read is published as
// it is.
func TestAssetsAreMinified(t *testing.T) {
	out := buildSite(t, testKB(), Options{})
	for _, pattern := range []string{"search.*.js", "site.*.js", "style.*.css"} {
		m, _ := filepath.Glob(filepath.Join(out, "assets", pattern))
		if len(m) != 1 {
			t.Fatalf("assets/%s: %d files", pattern, len(m))
		}
		name := strings.Split(filepath.Base(m[0]), ".")[0] + filepath.Ext(m[0])
		src, err := fs.ReadFile(templates.FS(), "assets/"+name)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(m[0])
		if len(got) >= len(src)*9/10 || bytes.Contains(got, []byte("\n  //")) || bytes.Contains(got, []byte("/* ")) {
			t.Errorf("%s: %d bytes of %d, or comments left: not minified", m[0], len(got), len(src))
		}
	}
	bad := []byte("function ( { // not JavaScript\n")
	if got := minified("x.js", bad); !bytes.Equal(got, bad) {
		t.Errorf("a script the minifier cannot read became %q", got)
	}
}

// TestSearchPlaceholderFitsAnyKnowledgeBase: the search box of every page
// said "Search, e.g. export private key" (検索 (例: 秘密鍵 エクスポート)),
// ACM's words, on the site of any knowledge base: the Secrets Manager
// sample's pages suggested a search its entries do not answer. It says how
// to search, in words short enough for a phone's search box (the site's
// name, tried first, pushed 検索 out of sight there).
func TestSearchPlaceholderFitsAnyKnowledgeBase(t *testing.T) {
	k := testKB()
	cfg := k.Config
	cfg.Name = kb.Text{kb.EN: "Secrets Manager knowledge base (sample)", kb.JA: "Secrets Manager ナレッジベース(サンプル)"}
	cfg.Product = kb.Text{kb.EN: "AWS Secrets Manager", kb.JA: "AWS Secrets Manager"}
	out := buildSite(t, kb.New(cfg, k.Entries, nil), Options{})
	want := map[string]string{
		"en/index.html":            "Type a question or keywords",
		"en/export-key/index.html": "Type a question or keywords",
		"en/search/index.html":     "Type a question or keywords",
		"404.html":                 "Type a question or keywords",
		"ja/index.html":            "質問やキーワードで検索",
		"ja/export-key/index.html": "質問やキーワードで検索",
	}
	for p, w := range want {
		var got []string
		walk(parseHTML(t, readFile(t, out, p)), func(n *html.Node) {
			if id, _ := attr(n, "id"); id == "q" {
				ph, _ := attr(n, "placeholder")
				got = append(got, ph)
			}
		})
		if len(got) != 1 || got[0] != w {
			t.Errorf("%s: the search box's placeholder is %q, want %q", p, got, w)
		}
	}
}
