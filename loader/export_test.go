package loader

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.abhg.dev/goldmark/frontmatter"
)

// SimpleYAML is simpleYAML, for the tests of package loader_test (which
// may import bench/synth).
var SimpleYAML = simpleYAML

// YAMLSlip is yamlSlip, for the tests of package loader_test.
var YAMLSlip = yamlSlip

// WideIndent is wideIndent, for the tests of package loader_test.
var WideIndent = wideIndent

// ScanEntry is scanEntry, for the tests of package loader_test: the front
// matter and the marker lines' byte ranges ([start, stop) pairs).
func ScanEntry(data []byte) (raw []byte, markers [][2]int, ok bool) {
	raw, ms, ok := scanEntry(data)
	for _, m := range ms {
		markers = append(markers, [2]int{m.start, m.stop})
	}
	return raw, markers, ok
}

// ParseEntry is what the loader reads of data through goldmark, where
// scanEntry declines: the front matter (nil when none), the byte ranges of
// the first lines of the top-level HTML blocks, and whether a heading has
// attributes.
func ParseEntry(data []byte) (raw []byte, blocks [][2]int, attrs bool) {
	ctx := parser.NewContext()
	doc := markdown().Parser().Parse(text.NewReader(data), parser.WithContext(ctx))
	if fm := frontmatter.Get(ctx); fm != nil {
		raw = fm.Raw()
	}
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if hb, ok := c.(*ast.HTMLBlock); ok && hb.Lines().Len() > 0 {
			seg := hb.Lines().At(0)
			blocks = append(blocks, [2]int{seg.Start, seg.Stop})
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && len(h.Attributes()) > 0 {
			attrs = true
		}
		return ast.WalkContinue, nil
	})
	return raw, blocks, attrs
}
