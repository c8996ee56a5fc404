package site

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// addHeadingLinks, what the site did before sanitizeLinked, inserts link(id, text) before the end tag of every h2–h6
// that has an id, and makes <pre> blocks focusable. src is sanitised HTML;
// everything else is copied as is.
func addHeadingLinks(src []byte, link func(id, text string) (string, error)) ([]byte, error) {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(src))
	var (
		inHeading string // tag name of the open heading with an id, or ""
		id        string
		text      strings.Builder
	)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				return out.Bytes(), nil
			}
			return nil, z.Err()
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "pre" && !hasAttr {
				// Code scrolls sideways: keyboard users must be able to
				// focus it to scroll (WCAG 2.1.1).
				out.WriteString(`<pre tabindex="0">`)
				continue
			}
			if inHeading == "" && isHeading(string(name)) && hasAttr {
				for {
					k, v, more := z.TagAttr()
					if string(k) == "id" {
						inHeading, id = string(name), string(v)
						text.Reset()
					}
					if !more {
						break
					}
				}
			}
		case html.TextToken:
			if inHeading != "" {
				text.WriteString(html.UnescapeString(string(raw)))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if inHeading != "" && string(name) == inHeading {
				l, err := link(id, strings.TrimSpace(text.String()))
				if err != nil {
					return nil, err
				}
				out.WriteString(l)
				inHeading = ""
			}
		}
		out.Write(raw)
	}
}

// testLink is a heading link that shows what it was given.
func testLink(id, text string) (string, error) {
	return fmt.Sprintf("<a href=\"#%s\">%s</a>", html.EscapeString(id), html.EscapeString(text)), nil
}

// sanitizeLinked makes in one pass what sanitize and addHeadingLinks made.
func TestSanitizeLinked(t *testing.T) {
	for _, in := range []string{
		`<h2 id="a">b &amp; <em>c</em></h2><p>x</p>`, `<h3 id="x">one</h3><h3 id="y">two<br/>lines</h3>`,
		`<pre><code class="language-go">x &lt; y</code></pre>`, `<pre/>`, `<h2 id="a" id="b">t</h2>`, `<h2>no id</h2>`,
		`<h2 id="a b">bad id</h2>`, `<h2 id="a"><h3 id="b">nested</h3></h2>`, `</h2>`, `<h2 id="x">a<script>no</script>b</h2>`,
		"<h2 id=\"x\">a\r\nb\x00c</h2>", `<h4 id="x">&#39;q&#34;</h4>`, `<h2 id="x"><a href="javascript:x">t</a> <a href="/y">u</a></h2>`,
		`<h6 id="x">never closed`, `<h2 id="手順">手順 <code>x</code></h2>`,
	} {
		checkSanitizeLinked(t, in)
	}
}

func checkSanitizeLinked(t *testing.T, in string) {
	t.Helper()
	clean, err := sanitize([]byte(in))
	if err != nil {
		return
	}
	want, err := addHeadingLinks(clean, testLink)
	if err != nil {
		t.Fatalf("addHeadingLinks(%q): %v", clean, err)
	}
	got, err := sanitizeLinked(new(bytes.Buffer), []byte(in), testLink)
	if err != nil {
		t.Fatalf("sanitizeLinked(%q): %v", in, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("sanitizeLinked(%q)\n got %q\nwant %q", in, got, want)
	}
}

func FuzzSanitizeLinked(f *testing.F) {
	for _, s := range []string{`<h2 id="a">b <em>c</em></h2>`, `<pre>x</pre>`, `<h3 id="x">a<script>b</script>c</h3>`, "<h2 id=\"a\">\r\n&amp;</h2>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { checkSanitizeLinked(t, in) })
}
