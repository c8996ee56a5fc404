package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"strings"

	"github.com/acmkb/acmkb/kb"
)

// sitemapURL is one page of the sitemap with its language alternates.
type sitemapURL struct {
	Loc        string
	LastMod    string // YYYY-MM-DD, or ""
	Alternates []alternate
}

// The sitemaps protocol's limits for one file: 50,000 URLs and 50 MB
// (uncompressed). Variables for tests.
var (
	maxSitemapURLs  = 50000
	maxSitemapBytes = 50 << 20
)

// sitemapFile is one file of a sitemap: its path in the site and contents.
type sitemapFile struct {
	Rel  string
	Data []byte
}

// sitemaps renders urls as the site's sitemap (sitemap.xml, where
// robots.txt points). When they pass one file's limits (maxSitemapURLs,
// maxSitemapBytes: about 25,000 entries in two languages), they are split
// into sitemap-1.xml, sitemap-2.xml, ..., in order, and sitemap.xml is a
// sitemap index of those (base: the site's URL).
func sitemaps(base string, urls []sitemapURL) []sitemapFile {
	head := xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n"
	const tail = "</urlset>\n"
	var files []sitemapFile
	var b, one bytes.Buffer
	b.Grow(min(300*(len(urls)+1), maxSitemapBytes)) // 20,000 URLs at 10,000 entries
	n := 0                                          // URLs in b
	flush := func() {
		b.WriteString(tail)
		files = append(files, sitemapFile{Rel: fmt.Sprintf("sitemap-%d.xml", len(files)+1), Data: bytes.Clone(b.Bytes())})
		b.Reset()
		n = 0
	}
	for _, u := range urls {
		one.Reset()
		sitemapEntry(&one, u)
		if n > 0 && (n == maxSitemapURLs || b.Len()+one.Len()+len(tail) > maxSitemapBytes) {
			flush()
		}
		if n == 0 {
			b.WriteString(head)
		}
		b.Write(one.Bytes())
		n++
	}
	if n > 0 {
		flush()
	}
	switch len(files) {
	case 0:
		return []sitemapFile{{Rel: "sitemap.xml", Data: []byte(head + tail)}}
	case 1:
		files[0].Rel = "sitemap.xml"
		return files
	}
	var index bytes.Buffer
	index.WriteString(xml.Header)
	index.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, f := range files {
		index.WriteString("<sitemap><loc>")
		index.WriteString(xmlEscape(base + "/" + f.Rel))
		index.WriteString("</loc></sitemap>\n")
	}
	index.WriteString("</sitemapindex>\n")
	return append(files, sitemapFile{Rel: "sitemap.xml", Data: index.Bytes()})
}

// sitemapEntry writes the <url> element of u with its xhtml:link hreflang
// alternates (https://www.sitemaps.org/protocol.html; Google's hreflang
// extension), piece by piece, not with fmt: 20,000 pages and their
// alternates at 10,000 entries, in every build.
func sitemapEntry(b *bytes.Buffer, u sitemapURL) {
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

// OutputName reports whether name can be at the top of a site this package
// builds: the pages, the language folders, the assets, the search data's
// pointer, robots.txt and the sitemap's files. Package build refuses to
// replace a folder that holds anything else (a content folder or a folder of
// notes given to --out by mistake).
func OutputName(name string) bool {
	switch name {
	case "index.html", "404.html", "robots.txt", "sitemap.xml", "assets", path.Dir(searchIndexFile), redirectsFile:
		return true
	}
	for _, l := range kb.Langs {
		if name == string(l) {
			return true
		}
	}
	if n, ok := strings.CutPrefix(name, "sitemap-"); ok {
		n, ok = strings.CutSuffix(n, ".xml")
		return ok && n != "" && strings.Trim(n, "0123456789") == ""
	}
	return false
}
