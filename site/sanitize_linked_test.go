package site

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
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
		`<a href="https://x/" title="a&amp;b&#39;&quot;\r">t</a>`, `<A HREF="/y" Title='q'>u</a>`, `<img SRC="/i.png" alt="&lt;x&gt;"/>`,
		`<custom-tag x="1">c</custom-tag>`, `<script>a</script><p>b</p>`, `<p>a<svg><p>b</p></svg>c</p>`, "<p>\x00x</p>",
	} {
		checkSanitizeLinked(t, in)
	}
}

func checkSanitizeLinked(t *testing.T, in string) {
	t.Helper()
	for _, link := range []func(id, text string) (string, error){nil, testLink} {
		got, err := sanitizeLinked(new(bytes.Buffer), []byte(in), linker(link))
		want, wantErr := sanitizeLinkedRef(new(bytes.Buffer), []byte(in), link)
		if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) {
			t.Errorf("sanitizeLinked(%q, link %v) = %q, %v; before: %q, %v", in, link != nil, got, err, want, wantErr)
		}
	}
	clean, err := sanitize([]byte(in))
	if err != nil {
		return
	}
	want, err := addHeadingLinks(clean, testLink)
	if err != nil {
		t.Fatalf("addHeadingLinks(%q): %v", clean, err)
	}
	got, err := sanitizeLinked(new(bytes.Buffer), []byte(in), linker(testLink))
	if err != nil {
		t.Fatalf("sanitizeLinked(%q): %v", in, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("sanitizeLinked(%q)\n got %q\nwant %q", in, got, want)
	}
}

// linker makes a headingLinker of a function that returns the link (nil:
// nil).
func linker(link func(id, text string) (string, error)) headingLinker {
	if link == nil {
		return nil
	}
	return func(w *bytes.Buffer, id, text string) error {
		l, err := link(id, text)
		w.WriteString(l)
		return err
	}
}

func FuzzSanitizeLinked(f *testing.F) {
	for _, s := range []string{`<h2 id="a">b <em>c</em></h2>`, `<pre>x</pre>`, `<h3 id="x">a<script>b</script>c</h3>`, "<h2 id=\"a\">\r\n&amp;</h2>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { checkSanitizeLinked(t, in) })
}

// sanitizeLinkedRef is sanitizeLinked as it was before it read tags with the
// tokenizer's own API instead of as html.Tokens: the reference its output
// is compared with.
func sanitizeLinkedRef(out *bytes.Buffer, src []byte, link func(id, text string) (string, error)) ([]byte, error) {
	out.Grow(len(src) + len(src)/4)
	z := html.NewTokenizer(bytes.NewReader(src))
	skip := 0       // depth inside elements whose content is dropped
	var kept []bool // for each open <a>: whether its tags are kept
	var (
		inHeading string // with link: the tag name of the open heading with an id, or ""
		id        string
		text      strings.Builder
	)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return out.Bytes(), nil
			}
			return nil, z.Err()
		case html.TextToken:
			if skip == 0 {
				t := string(z.Text())
				out.WriteString(html.EscapeString(t))
				if inHeading != "" {
					text.WriteString(t)
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			t := z.Token()
			if dropContent[t.Data] {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			rules, ok := allowed[t.Data]
			if !ok || skip > 0 {
				continue
			}
			if key, isURL := urlAttr[t.Data]; isURL {
				// A link or image whose URL was refused keeps only its text.
				ok := tt == html.EndTagToken || tokenAttrRef(t, key, rules) != ""
				switch {
				case t.Data == "a" && tt == html.StartTagToken:
					kept = append(kept, ok)
				case t.Data == "a" && tt == html.EndTagToken && len(kept) > 0:
					ok, kept = kept[len(kept)-1], kept[:len(kept)-1]
				}
				if !ok {
					continue
				}
			}
			if tt == html.EndTagToken {
				if inHeading != "" && t.Data == inHeading {
					l, err := link(id, strings.TrimSpace(text.String()))
					if err != nil {
						return nil, err
					}
					out.WriteString(l)
					inHeading = ""
				}
				out.WriteString("</" + t.Data + ">")
				continue
			}
			if link != nil && tt == html.StartTagToken && t.Data == "pre" {
				// Code scrolls sideways: keyboard users must be able to
				// focus it to scroll (WCAG 2.1.1). (pre keeps no attribute.)
				out.WriteString(`<pre tabindex="0">`)
				continue
			}
			heading := link != nil && tt == html.StartTagToken && inHeading == "" && isHeading(t.Data)
			out.WriteString("<" + t.Data)
			for _, a := range t.Attr {
				rule, ok := rules[a.Key]
				if a.Namespace != "" || !ok || !rule(a.Val) {
					continue
				}
				out.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
				if heading && a.Key == "id" {
					inHeading, id = t.Data, a.Val
					text.Reset()
				}
			}
			if t.Data == "a" && isAbsolute(tokenAttrRef(t, "href", rules)) {
				out.WriteString(` rel="nofollow"`)
			}
			if tt == html.SelfClosingTagToken {
				out.WriteString("/")
			}
			out.WriteString(">")
		}
		// Comments and doctypes are dropped.
	}
}

// tokenAttr is the value of t's attribute key if its rule allows it, else "".
func tokenAttrRef(t html.Token, key string, rules map[string]attrRule) string {
	for _, a := range t.Attr {
		if a.Key == key && a.Namespace == "" && rules[key] != nil && rules[key](a.Val) {
			return a.Val
		}
	}
	return ""
}

// BenchmarkSanitizeLinked sanitises the HTML goldmark makes of every body
// of the embedded knowledge base, with heading links (ACMKB_SANITIZE_REF=1:
// the reference, sanitizeLinkedRef).
func BenchmarkSanitizeLinked(b *testing.B) {
	k, problems := loader.Load(content.FS(), loader.Options{Root: "content"})
	if err := problems.Err(); err != nil {
		b.Fatal(err)
	}
	var bodies [][]byte
	m := newMarkdown()
	for _, e := range k.Entries {
		for _, lang := range kb.Langs {
			m.src = append(m.src[:0], e.BodyText().In(lang)...)
			m.html.Reset()
			m.w.Reset(&m.html)
			if err := m.md.Convert(m.src, m.w); err != nil {
				b.Fatal(err)
			}
			bodies = append(bodies, bytes.Clone(m.html.Bytes()))
		}
	}
	f := func(out *bytes.Buffer, src []byte, link func(id, text string) (string, error)) ([]byte, error) {
		return sanitizeLinked(out, src, linker(link))
	}
	if os.Getenv("ACMKB_SANITIZE_REF") != "" {
		f = sanitizeLinkedRef
	}
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			out.Reset()
			if _, err := f(&out, body, testLink); err != nil {
				b.Fatal(err)
			}
		}
	}
}
