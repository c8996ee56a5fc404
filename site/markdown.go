package site

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders entry bodies to safe HTML.
//
// goldmark renders with GFM and CJK, raw HTML omitted and dangerous link
// schemes dropped (its defaults, kept on purpose). sanitize then applies an
// allowlist to the result, as defence in depth, allowing only the heading ids
// this package generates. Headings are moved one level down (the
// body sits under the page's "Explanation" h2) and get readable ids in any
// script from headingIDs.
//
// A markdown renders one body at a time (package site keeps a pool of
// them): it keeps its buffers from one body to the next, so that 20,000
// pages do not each grow their own from nothing.
type markdown struct {
	md   goldmark.Markdown
	src  []byte        // the body
	html bytes.Buffer  // what goldmark made of it
	w    *bufio.Writer // goldmark's writer, into html
	out  bytes.Buffer  // html sanitised
	ids  *headingIDs   // the body's heading ids, emptied for each body
	// reserved is the caller's: the ids its page holds besides the body's
	// (package site fills it for each page, to keep its array).
	reserved []string
}

// isHeadingID reports whether v is an id headingIDs could generate (and
// nothing that could carry markup): one or more letters, marks, digits
// (Unicode categories L, M and N), '_' and '-', as the regexp
// ^[\p{L}\p{M}\p{N}_-]+$ matches (TestIsHeadingID), without running one for
// every heading of 20,000 pages.
func isHeadingID(v string) bool {
	if v == "" {
		return false
	}
	for _, r := range v {
		switch {
		case r < utf8.RuneSelf:
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-') {
				return false
			}
		case !unicode.In(r, unicode.L, unicode.M, unicode.N):
			return false // invalid UTF-8 too: utf8.RuneError is a symbol
		}
	}
	return true
}

func newMarkdown() *markdown {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.CJK),
		// WithAttribute: "## Heading {#anchor}" pins the heading's id
		// (kb.HeadingAnchor; the loader allows no other attribute).
		goldmark.WithParserOptions(parser.WithAttribute(), parser.WithASTTransformers(util.Prioritized(headingTransformer{}, 500))),
		// align="…" rather than style="text-align:…": a strict CSP blocks style attributes.
		goldmark.WithRendererOptions(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
	)
	m := &markdown{md: md}
	m.w = bufio.NewWriter(&m.html)
	return m
}

// render converts body to HTML. reserved lists ids the page already uses, so
// that heading ids never collide with them. link writes the HTML of the
// link placed at the end of each heading (id, heading text).
func (m *markdown) render(body string, reserved []string, link headingLinker) (template.HTML, error) {
	if strings.TrimSpace(body) == "" {
		return "", nil
	}
	// goldmark indexes runes backwards from a byte and panics on invalid
	// UTF-8 (the loader refuses it; a KB built in code may not).
	if !utf8.ValidString(body) { // (ValidString skips ASCII a word at a time)
		body = strings.ToValidUTF8(body, "\uFFFD")
	}
	if m.ids == nil {
		m.ids = newHeadingIDs()
	}
	ids := m.ids
	ids.reset(reserved)
	ctx := parser.NewContext(parser.WithIDs(ids))
	m.src = append(m.src[:0], body...)
	m.html.Reset()
	m.w.Reset(&m.html)
	if err := m.md.Convert(m.src, m.w, parser.WithContext(ctx)); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	var linkErr error
	m.out.Reset()
	out, err := sanitizeLinked(&m.out, m.html.Bytes(), func(w *bytes.Buffer, id, text string) error {
		if former := ids.former[id]; former != "" {
			// The id the heading had before anchors were pinned or
			// shortened, so that links pasted then still land on it.
			w.WriteString(`<span id="` + html.EscapeString(former) + `"></span>`)
		}
		linkErr = link(w, id, text)
		return linkErr
	})
	if linkErr != nil {
		return "", linkErr
	}
	if err != nil {
		return "", fmt.Errorf("sanitise markdown: %w", err)
	}
	return template.HTML(out), nil // sanitised above
}

// headingTransformer moves headings one level down and gives each its id:
// the anchor it pins ("## Heading {#anchor}", parsed by goldmark into an id
// attribute), or else one made from its text by the context's IDs. Pinned
// anchors are taken first, as analysis.Anchors takes them, so that the
// anchors the index cites are the ids on the page.
type headingTransformer struct{}

// Transform implements parser.ASTTransformer.
func (headingTransformer) Transform(doc *ast.Document, reader gtext.Reader, pc parser.Context) {
	src := reader.Source()
	var heads []*ast.Heading
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			// A block holds blocks or inlines, and inlines hold no
			// heading: their nodes (most of a body's) need no visit.
			if c := n.FirstChild(); entering && c != nil && c.Type() == ast.TypeInline {
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		}
		h.Level = min(h.Level+1, 6)
		heads = append(heads, h)
		return ast.WalkSkipChildren, nil
	})
	ids, _ := pc.IDs().(*headingIDs)
	pinned := make([]bool, len(heads))
	for i, h := range heads {
		v, ok := h.AttributeString("id")
		if b, isBytes := v.([]byte); ok && isBytes && len(b) > 0 {
			pinned[i] = true
			id := string(b)
			if ids != nil {
				id = analysis.UniqueID(ids.used, id)
			}
			h.SetAttributeString("id", []byte(id))
		}
	}
	formerOf := make([]string, len(heads))
	for i, h := range heads {
		text := plainText(h, src)
		if ids != nil {
			formerOf[i] = ids.formerID(text)
		}
		if !pinned[i] {
			h.SetAttributeString("id", pc.IDs().Generate([]byte(text), ast.KindHeading))
		}
	}
	if ids == nil {
		return
	}
	for i, h := range heads {
		v, _ := h.AttributeString("id")
		id, _ := v.([]byte)
		if f := formerOf[i]; f != string(id) && !ids.used[f] {
			ids.former[string(id)] = f
		}
	}
}

// plainText is the text of n's inline content, markup removed.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// headingIDs implements parser.IDs with analysis.AnchorBase, which keeps
// the letters and digits of Latin script ("using-the-key") and makes a
// Japanese heading's id short ("s-3f09a1") rather than 100 percent-encoded
// characters. Ids are unique: a repeated id gets "-1", "-2", ...
//
// It also remembers the id each heading had before anchors could be pinned
// or shortened (former: by id), so that the page keeps it as a second
// target for links pasted then.
type headingIDs struct {
	used   map[string]bool
	old    map[string]bool   // the ids formerID gave
	former map[string]string // id -> the heading's former id, where it differs
}

func newHeadingIDs(reserved ...string) *headingIDs {
	h := &headingIDs{used: map[string]bool{}, old: map[string]bool{}, former: map[string]string{}}
	h.reset(reserved)
	return h
}

// reset empties h for another body, whose page already uses reserved.
func (h *headingIDs) reset(reserved []string) {
	clear(h.used)
	clear(h.old)
	clear(h.former)
	for _, id := range reserved {
		h.used[id] = true
		h.old[id] = true
	}
}

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	return []byte(analysis.UniqueID(h.used, analysis.AnchorBase(string(value))))
}

// formerID is the id the next heading, of text, had before anchors could
// be pinned or shortened: its whole slug, made unique the same way.
func (h *headingIDs) formerID(text string) string {
	base := slug(text)
	if base == "" {
		base = "section"
	}
	return analysis.UniqueID(h.old, base)
}

// Put implements parser.IDs.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// slug makes an id from text (analysis.Slug, which the index uses to cite
// a section, so that its links land on the heading).
func slug(text string) string { return analysis.Slug(text) }
