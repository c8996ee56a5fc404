package site

import (
	"bytes"
	"io/fs"
	"net/url"
	"strings"
	"testing"

	"github.com/acmkb/acmkb/content"
	"golang.org/x/net/html"
)

// FuzzMarkdown renders any entry body and wants what a page gets to be
// safe whatever goldmark makes of it: only elements and attributes of
// sanitize's allowlist, no event handlers, links and images to http(s),
// mailto or relative URLs only, every id unique and none of the page's own.
// Seeded with the shipped entries' bodies.
//
//	go test ./site -run '^$' -fuzz FuzzMarkdown -fuzztime 10m
func FuzzMarkdown(f *testing.F) {
	f.Add("# Heading\n\n<script>alert(1)</script>[x](javascript:alert(1)) ![i](data:image/png;base64,AA) <img src=x onerror=alert(1)>")
	f.Add("## main\n\n## conditions\n\n| a | b |\n|---|:-:|\n| <b>x</b> | [y](&#106;avascript:1) |\n\n- [x] done\n\n```go\ncode\n```")
	f.Add("<https://example.com> www.example.com a@b.example \\<tag\\> &lt; &#0; &#x110000;")
	bodies, _ := fs.Glob(content.FS(), "entries/*.md")
	for _, name := range bodies {
		data, err := fs.ReadFile(content.FS(), name)
		if err != nil {
			f.Fatal(err)
		}
		if _, body, ok := strings.Cut(string(data), "<!-- en -->"); ok {
			en, ja, _ := strings.Cut(body, "<!-- ja -->")
			f.Add(en)
			f.Add(ja)
		}
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, body string) {
		out, err := md.render(body, reservedIDs, linker(func(id, text string) (string, error) {
			return `<a class="heading-link" href="#` + url.PathEscape(id) + `">#</a>`, nil
		}))
		if err != nil {
			return // an error fails the build: nothing is published
		}
		doc, err := html.Parse(strings.NewReader("<main>" + string(out) + "</main>"))
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, r := range reservedIDs {
			ids[r] = true
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && !map[string]bool{"html": true, "head": true, "body": true, "main": true}[n.Data] {
				rules, ok := allowed[n.Data]
				if n.Data == "span" && n.FirstChild == nil && len(n.Attr) == 1 && n.Attr[0].Key == "id" {
					// a heading's former id (render), checked as ids are
					rules, ok = map[string]attrRule{}, true
				}
				if !ok {
					t.Fatalf("<%s> in the page:\n%s", n.Data, out)
				}
				for _, a := range n.Attr {
					switch {
					case strings.HasPrefix(strings.ToLower(a.Key), "on"):
						t.Fatalf("%s=%q on <%s>:\n%s", a.Key, a.Val, n.Data, out)
					case a.Key == "href" || a.Key == "src":
						u, err := url.Parse(strings.TrimSpace(a.Val))
						if err != nil || !map[string]bool{"": true, "http": true, "https": true, "mailto": true}[strings.ToLower(u.Scheme)] {
							t.Fatalf("<%s %s=%q>:\n%s", n.Data, a.Key, a.Val, out)
						}
					case a.Key == "id":
						if ids[a.Val] {
							t.Fatalf("id %q twice, or one of the page's own:\n%s", a.Val, out)
						}
						ids[a.Val] = true
					case n.Data == "a" && (a.Key == "rel" || a.Key == "class"), n.Data == "pre" && a.Key == "tabindex":
					default:
						if rules[a.Key] == nil {
							t.Fatalf("%s=%q on <%s>:\n%s", a.Key, a.Val, n.Data, out)
						}
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if bytes.Contains(bytes.ToLower([]byte(out)), []byte("<script")) {
			t.Fatalf("a script tag:\n%s", out)
		}
	})
}
