package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
)

// sitemapURL is one page of the sitemap with its language alternates.
type sitemapURL struct {
	Loc        string
	LastMod    string // YYYY-MM-DD, or ""
	Alternates []alternate
}

// sitemap renders urls as a sitemap with xhtml:link hreflang alternates
// (https://www.sitemaps.org/protocol.html; Google's hreflang extension).
func sitemap(urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.Grow(300 * (len(urls) + 1))
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	// Written piece by piece, not with fmt: 20,000 pages and their
	// alternates at 10,000 entries, in every build.
	for _, u := range urls {
		b.WriteString("<url>\n<loc>")
		b.WriteString(xmlEscape(u.Loc))
		b.WriteString("</loc>\n")
		if u.LastMod != "" {
			b.WriteString("<lastmod>")
			b.WriteString(u.LastMod)
			b.WriteString("</lastmod>\n")
		}
		for _, a := range u.Alternates {
			b.WriteString(`<xhtml:link rel="alternate" hreflang="`)
			b.WriteString(xmlEscape(a.Lang))
			b.WriteString(`" href="`)
			b.WriteString(xmlEscape(a.URL))
			b.WriteString("\"/>\n")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func xmlEscape(s string) string {
	plain := true // printable ASCII that XML keeps as it is (most URLs)
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>'
	}
	if plain {
		return s
	}
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// robots returns robots.txt: everything allowed, or nothing when noIndex.
func robots(base string, noIndex bool) []byte {
	var b bytes.Buffer
	b.WriteString("User-agent: *\n")
	if noIndex {
		b.WriteString("Disallow: /\n")
	} else {
		b.WriteString("Disallow:\n")
	}
	fmt.Fprintf(&b, "\nSitemap: %s/sitemap.xml\n", base)
	return b.Bytes()
}
