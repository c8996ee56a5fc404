package site

import (
	"fmt"
	"html/template"
	"sync"

	"github.com/acmkb/acmkb/kb"
)

// icons are small inline SVGs, drawn with currentColor so they follow the
// text colour (dark mode, print). They are decorative: the text next to
// them carries the meaning. Verdicts differ by shape: a tick, a half-filled
// circle and a cross.
var icons = map[string]string{
	"yes":     `<path d="M3 8.6l3.2 3.2L13 4.8" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`,
	"partly":  `<circle cx="8" cy="8" r="5.8" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M8 2.2a5.8 5.8 0 0 0 0 11.6z" fill="currentColor"/>`,
	"no":      `<path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>`,
	"link":    `<path d="M6.6 9.4l2.8-2.8M7.2 4.6l1-1a2.9 2.9 0 0 1 4.2 4.2l-1 1M8.8 11.4l-1 1a2.9 2.9 0 0 1-4.2-4.2l1-1" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`,
	"copy":    `<rect x="5.5" y="5.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M10.5 3.6V3A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.6" fill="none" stroke="currentColor" stroke-width="1.5"/>`,
	"search":  `<circle cx="7" cy="7" r="4.6" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M10.5 10.5L14 14" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>`,
	"warning": `<path d="M8 1.9l6.8 12H1.2z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/><path d="M8 6.2v3.4" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/><circle cx="8" cy="11.7" r=".9" fill="currentColor"/>`,
	"logo":    `<rect width="16" height="16" rx="3.5" fill="#0b5cad"/><path d="M8 2.75 3.75 4.4v3.2c0 2.7 1.8 4.8 4.25 5.65 2.45-.85 4.25-2.95 4.25-5.65V4.4z" fill="#fff"/><path d="m5.9 7.9 1.5 1.5 2.8-3" fill="none" stroke="#0b5cad" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round"/>`,
}

// icon returns the inline SVG named name: one of icons' keys, given as a
// string or a kb.Verdict.
func icon(v any) (template.HTML, error) {
	var name string
	switch v := v.(type) {
	case string:
		name = v
	case kb.Verdict:
		name = string(v)
	default:
		name = fmt.Sprint(v)
	}
	if svg, ok := iconSVG()[name]; ok {
		return svg, nil
	}
	return "", fmt.Errorf("unknown icon %q", name)
}

// iconSVG is each icon's whole element, made once (pages use some ten each).
var iconSVG = sync.OnceValue(func() map[string]template.HTML {
	m := make(map[string]template.HTML, len(icons))
	for name, paths := range icons {
		m[name] = template.HTML(`<svg class="icon icon-` + name + `" viewBox="0 0 16 16" aria-hidden="true" focusable="false">` + paths + `</svg>`)
	}
	return m
})
