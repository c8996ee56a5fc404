package site

import (
	"bytes"
	"io"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// sanitize rewrites src, HTML rendered by goldmark from an entry body, keeping
// only the elements and attributes Markdown produces: an allowlist, applied
// token by token. Everything is re-serialised from the parsed tokens, so no
// byte of the input reaches the page unescaped.
//
//   - Elements not in allowed lose their tags and keep their text; script,
//     style and the like lose their content too. Comments are dropped.
//   - Attributes not allowed for their element are dropped, as are values
//     that do not match the attribute's rule.
//   - Links and images keep only http, https and mailto URLs and relative
//     ones; absolute links get rel="nofollow".
//
// goldmark already omits raw HTML and dangerous URLs; this is the second
// line of defence, kept small so that it costs nothing when acmkb only
// answers questions (a general sanitiser's start-up cost is paid by every
// `acmkb ask`).
func sanitize(src []byte) ([]byte, error) { return sanitizeLinked(new(bytes.Buffer), src, nil) }

// sanitizeLinked is sanitize; with link, it also inserts what link(out, id, text) writes
// before the end tag of every h2–h6 it keeps with an id (text: the
// heading's text), and makes <pre> blocks focusable (<pre tabindex="0">):
// what tokenizing its output again to add them (addHeadingLinks, in the
// tests) makes, in one pass. It writes to out and returns its bytes.
func sanitizeLinked(out *bytes.Buffer, src []byte, link headingLinker) ([]byte, error) {
	out.Grow(len(src) + len(src)/4)
	z := html.NewTokenizer(bytes.NewReader(src))
	skip := 0       // depth inside elements whose content is dropped
	var kept []bool // for each open <a>: whether its tags are kept
	var (
		inHeading string // with link: the tag name of the open heading with an id, or ""
		id        string
		text      strings.Builder
	)
	// A tag's attributes, read with the tokenizer's own API rather than
	// as an html.Token (which copies the name, every key and value into
	// strings of their own): the slices are the tokenizer's, valid until
	// its next token. Keys come lower-cased, values unescaped, as in a
	// Token.
	var attrs []rawAttr
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
				t := z.Text()
				escapeTo(out, t)
				if inHeading != "" {
					text.Write(t)
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			rawName, more := z.TagName()
			attrs = attrs[:0]
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs = append(attrs, rawAttr{k, v})
			}
			var name string
			if a := atom.Lookup(rawName); a != 0 {
				name = a.String()
			} else {
				name = string(rawName)
			}
			if dropContent[name] {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			rules, ok := allowed[name]
			if !ok || skip > 0 {
				continue
			}
			if key, isURL := urlAttr[name]; isURL {
				// A link or image whose URL was refused keeps only its text.
				ok := tt == html.EndTagToken || allowedAttr(attrs, key, rules) != ""
				switch {
				case name == "a" && tt == html.StartTagToken:
					kept = append(kept, ok)
				case name == "a" && tt == html.EndTagToken && len(kept) > 0:
					ok, kept = kept[len(kept)-1], kept[:len(kept)-1]
				}
				if !ok {
					continue
				}
			}
			if tt == html.EndTagToken {
				if inHeading != "" && name == inHeading {
					if err := link(out, id, strings.TrimSpace(text.String())); err != nil {
						return nil, err
					}
					inHeading = ""
				}
				out.WriteString("</")
				out.WriteString(name)
				out.WriteByte('>')
				continue
			}
			if link != nil && tt == html.StartTagToken && name == "pre" {
				// Code scrolls sideways: keyboard users must be able to
				// focus it to scroll (WCAG 2.1.1). (pre keeps no attribute.)
				out.WriteString(`<pre tabindex="0">`)
				continue
			}
			heading := link != nil && tt == html.StartTagToken && inHeading == "" && isHeading(name)
			out.WriteByte('<')
			out.WriteString(name)
			for _, a := range attrs {
				rule, ok := rules[string(a.key)]
				if !ok || !rule(string(a.val)) {
					continue
				}
				out.WriteByte(' ')
				out.Write(a.key)
				out.WriteString(`="`)
				escapeTo(out, a.val)
				out.WriteByte('"')
				if heading && string(a.key) == "id" {
					inHeading, id = name, string(a.val)
					text.Reset()
				}
			}
			if name == "a" && isAbsolute(allowedAttr(attrs, "href", rules)) {
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

// A headingLinker writes the link placed at the end of a heading (its id
// and text) to out.
type headingLinker func(out *bytes.Buffer, id, text string) error

// rawAttr is an attribute as the tokenizer gives it (see sanitizeLinked).
type rawAttr struct{ key, val []byte }

// allowedAttr is the value of attribute key among attrs if its rule allows
// it, else "".
func allowedAttr(attrs []rawAttr, key string, rules map[string]attrRule) string {
	for _, a := range attrs {
		if string(a.key) == key && rules[key] != nil && rules[key](string(a.val)) {
			return string(a.val)
		}
	}
	return ""
}

// escapeTo writes s to out escaped as html.EscapeString escapes it.
func escapeTo(out *bytes.Buffer, s []byte) {
	for {
		i := bytes.IndexAny(s, escapedChars)
		if i < 0 {
			out.Write(s)
			return
		}
		out.Write(s[:i])
		switch s[i] {
		case '&':
			out.WriteString("&amp;")
		case '\'':
			out.WriteString("&#39;")
		case '<':
			out.WriteString("&lt;")
		case '>':
			out.WriteString("&gt;")
		case '"':
			out.WriteString("&#34;")
		case '\r':
			out.WriteString("&#13;")
		}
		s = s[i+1:]
	}
}

// escapedChars are the bytes html.EscapeString escapes.
const escapedChars = "&'<>\"\r"

type attrRule func(string) bool

var (
	anyValue   attrRule = func(string) bool { return true }
	headingID  attrRule = isHeadingID
	safeURL    attrRule = isSafeURL
	number     attrRule = func(v string) bool { return numberPattern().MatchString(v) }
	codeClass  attrRule = func(v string) bool { return codeClassPattern().MatchString(v) }
	alignValue attrRule = func(v string) bool { return v == "left" || v == "center" || v == "right" }
)

func oneOf(values ...string) attrRule {
	return func(v string) bool {
		for _, w := range values {
			if v == w {
				return true
			}
		}
		return false
	}
}

// allowed lists the elements goldmark's CommonMark and GFM output uses, with
// the rule for each attribute they may keep.
var allowed = map[string]map[string]attrRule{
	"p": {}, "br": {}, "hr": {}, "blockquote": {}, "pre": {},
	"em": {}, "strong": {}, "del": {}, "ul": {}, "li": {},
	"table": {}, "thead": {}, "tbody": {}, "tr": {},
	"h2": {"id": headingID}, "h3": {"id": headingID}, "h4": {"id": headingID},
	"h5": {"id": headingID}, "h6": {"id": headingID},
	"ol":    {"start": number},
	"code":  {"class": codeClass},
	"th":    {"align": alignValue},
	"td":    {"align": alignValue},
	"a":     {"href": safeURL, "title": anyValue},
	"img":   {"src": safeURL, "alt": anyValue, "title": anyValue},
	"input": {"type": oneOf("checkbox"), "checked": anyValue, "disabled": anyValue},
}

// urlAttr names the URL attribute of the elements that are nothing without it.
var urlAttr = map[string]string{"a": "href", "img": "src"}

// dropContent lists elements whose content is not text to show.
var dropContent = map[string]bool{
	"script": true, "style": true, "template": true, "iframe": true, "object": true,
	"noscript": true, "textarea": true, "title": true, "svg": true, "math": true,
}

// isSafeURL accepts http, https and mailto URLs and relative ones.
func isSafeURL(v string) bool {
	if strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return false
	}
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

func isAbsolute(href string) bool {
	u, err := url.Parse(href)
	return err == nil && u.Scheme != ""
}

// The patterns compile on first use, not in every process that links the
// package: `acmkb ask` never sanitises, and init-time regexps cost it page
// faults.
var (
	numberPattern    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{1,9}$`) })
	codeClassPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^language-[\w+#.-]+$`) })
)

func isHeading(name string) bool {
	return len(name) == 2 && name[0] == 'h' && name[1] >= '2' && name[1] <= '6'
}
