package site

import (
	"bytes"
	"io"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/net/html"
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

// sanitizeLinked is sanitize; with link, it also inserts link(id, text)
// before the end tag of every h2–h6 it keeps with an id (text: the
// heading's text), and makes <pre> blocks focusable (<pre tabindex="0">):
// what tokenizing its output again to add them (addHeadingLinks, in the
// tests) makes, in one pass. It writes to out and returns its bytes.
func sanitizeLinked(out *bytes.Buffer, src []byte, link func(id, text string) (string, error)) ([]byte, error) {
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
				ok := tt == html.EndTagToken || tokenAttr(t, key, rules) != ""
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
			if t.Data == "a" && isAbsolute(tokenAttr(t, "href", rules)) {
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

type attrRule func(string) bool

var (
	anyValue   attrRule = func(string) bool { return true }
	headingID  attrRule = func(v string) bool { return headingIDPattern().MatchString(v) }
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

// tokenAttr is the value of t's attribute key if its rule allows it, else "".
func tokenAttr(t html.Token, key string, rules map[string]attrRule) string {
	for _, a := range t.Attr {
		if a.Key == key && a.Namespace == "" && rules[key] != nil && rules[key](a.Val) {
			return a.Val
		}
	}
	return ""
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
