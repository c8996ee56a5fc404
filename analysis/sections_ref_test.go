package analysis

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/google/go-cmp/cmp"
)

// sectionsRef is Sections as it was written first (lines split, then
// joined again): the reference the faster one is checked against.
func sectionsRef(md string) []Section {
	var out []Section
	cur := Section{}
	var text []string
	fence := ""
	flush := func() {
		cur.Text = strings.TrimSpace(strings.Join(text, "\n"))
		if cur.Heading != "" || cur.Text != "" {
			out = append(out, cur)
		}
		text = nil
	}
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
		default:
			if m := regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$`).FindStringSubmatch(line); m != nil {
				flush()
				cur = Section{Heading: m[2]}
				if strings.HasSuffix(strings.TrimRight(line, " \t\r"), "}") { // goldmark: attributes end the line
					cur.Heading, cur.Anchor = kb.HeadingAnchor(m[2])
				}
				continue
			}
		}
		text = append(text, line)
	}
	flush()
	return out
}

// sectionSamples are every entry file of the repository (whole: bodies,
// front matter and all) and a few edge cases.
func sectionSamples(t testing.TB) []string {
	samples := []string{"", "\n", "#", "# a", "   ## b ##\n", "    # code\n", "\t# tab", "a\n\n## h\n\nb\n", "```\n# x\n```\n# y", "## Pinned {#pin}\n", "## Not { #x y }\n", "## Spaced { #sp }  ##\n", "~~~\n# x\n", "##\n", "#a\n# b\r\n"}
	shipped, _ := fs.Glob(content.FS(), "entries/*.md")
	for _, name := range shipped {
		data, err := fs.ReadFile(content.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, string(data))
	}
	names, _ := filepath.Glob("../examples/*/entries/*.md")
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, string(data))
	}
	return samples
}

func TestSectionsAsReference(t *testing.T) {
	for _, md := range sectionSamples(t) {
		if diff := cmp.Diff(sectionsRef(md), Sections(md)); diff != "" {
			t.Errorf("Sections differs from the reference (-ref +got) on %.60q:\n%s", md, diff)
		}
	}
}

func FuzzSections(f *testing.F) {
	for _, md := range sectionSamples(f) {
		f.Add(md)
	}
	f.Fuzz(func(t *testing.T, md string) {
		if diff := cmp.Diff(sectionsRef(md), Sections(md)); diff != "" {
			t.Fatalf("Sections differs from the reference (-ref +got) on %q:\n%s", md, diff)
		}
	})
}

// BenchmarkSections splits every real entry file with the reference and
// with Sections.
func BenchmarkSections(b *testing.B) {
	samples := sectionSamples(b)
	for _, c := range []struct {
		name string
		f    func(string) []Section
	}{{"reference", sectionsRef}, {"Sections", Sections}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, md := range samples {
					c.f(md)
				}
			}
		})
	}
}
