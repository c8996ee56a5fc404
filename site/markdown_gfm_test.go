package site

import (
	"strings"
	"testing"
)

// TestMarkdownGFM renders each GitHub Flavored Markdown extension the site
// enables, through the patched goldmark of third_party/ (its linkify and
// e-mail and raw HTML patterns compile on first use): bare URLs, www. links and e-mail
// addresses become links, tables keep their alignment, task lists their boxes.
func TestMarkdownGFM(t *testing.T) {
	body := "See https://docs.aws.amazon.com/acm/ and www.example.com, or mail security@example.com.\n\n" +
		"<div class=\"x\">block</div>\n\nInline <span>raw</span> HTML and <!-- a comment -->.\n\n" +
		"| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n~~old~~\n"
	got, err := newMarkdown().render(body, nil, linker(func(id, text string) (string, error) { return "", nil }))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<a href="https://docs.aws.amazon.com/acm/" rel="nofollow">https://docs.aws.amazon.com/acm/</a>`,
		`<a href="http://www.example.com" rel="nofollow">www.example.com</a>`,
		`<a href="mailto:security@example.com" rel="nofollow">security@example.com</a>`,
		`<th align="left">a</th>`, `<td align="right">2</td>`,
		`<input checked="" disabled="" type="checkbox"> done`,
		`<del>old</del>`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("rendered body lacks %s:\n%s", want, got)
		}
	}
	// Raw HTML is recognised as such (block and inline patterns) and left
	// out, not shown as escaped text.
	for _, bad := range []string{"&lt;div", "&lt;span", "&lt;!--", "<div", "<span"} {
		if strings.Contains(string(got), bad) {
			t.Errorf("rendered body holds %s:\n%s", bad, got)
		}
	}
}
