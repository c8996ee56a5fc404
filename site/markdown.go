package site

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"sync"

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
}

// headingIDPattern matches the ids headingIDs generates (and nothing that
// could carry markup).
var headingIDPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{L}\p{M}\p{N}_-]+$`) })

func newMarkdown() *markdown {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.CJK),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(headingTransformer{}, 500))),
		// align="…" rather than style="text-align:…": a strict CSP blocks style attributes.
		goldmark.WithRendererOptions(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
	)
	m := &markdown{md: md}
	m.w = bufio.NewWriter(&m.html)
	return m
}

// render converts body to HTML. reserved lists ids the page already uses, so
// that heading ids never collide with them. link returns the HTML of the
// link placed at the end of each heading (id, heading text).
func (m *markdown) render(body string, reserved []string, link func(id, text string) (string, error)) (template.HTML, error) {
	if strings.TrimSpace(body) == "" {
		return "", nil
	}
	// goldmark indexes runes backwards from a byte and panics on invalid
	// UTF-8 (the loader refuses it; a KB built in code may not).
	body = strings.ToValidUTF8(body, "\uFFFD")
	ids := newHeadingIDs(reserved...)
	ctx := parser.NewContext(parser.WithIDs(ids))
	m.src = append(m.src[:0], body...)
	m.html.Reset()
	m.w.Reset(&m.html)
	if err := m.md.Convert(m.src, m.w, parser.WithContext(ctx)); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	var linkErr error
	m.out.Reset()
	out, err := sanitizeLinked(&m.out, m.html.Bytes(), func(id, text string) (string, error) {
		l, err := link(id, text)
		linkErr = err
		return l, err
	})
	if linkErr != nil {
		return "", linkErr
	}
	if err != nil {
		return "", fmt.Errorf("sanitise markdown: %w", err)
	}
	return template.HTML(out), nil // sanitised above
}

// headingTransformer moves headings one level down and gives each an id made
// from its text by the context's IDs.
type headingTransformer struct{}

// Transform implements parser.ASTTransformer.
func (headingTransformer) Transform(doc *ast.Document, reader gtext.Reader, pc parser.Context) {
	src := reader.Source()
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
		h.SetAttributeString("id", pc.IDs().Generate([]byte(plainText(h, src)), ast.KindHeading))
		return ast.WalkSkipChildren, nil
	})
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

// headingIDs implements parser.IDs with ids that keep the letters and digits
// of every script, so that a Japanese heading gets a readable id
// ("エクスポートした秘密鍵の使い方") rather than goldmark's ASCII-only one.
//
// Text is NFKC-normalised and lower-cased; runs of anything that is not a
// letter, mark or digit become one "-". Ids are unique: a repeated id gets
// "-1", "-2", ... An empty result becomes "section".
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs(reserved ...string) *headingIDs {
	h := &headingIDs{used: map[string]bool{}}
	for _, id := range reserved {
		h.used[id] = true
	}
	return h
}

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// slug makes an id from text (analysis.Slug, which the index uses to cite
// a section, so that its links land on the heading).
func slug(text string) string { return analysis.Slug(text) }
