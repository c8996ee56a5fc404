// Package site renders a knowledge base as a static, bilingual website, and
// serves it with live reload while it is being written.
//
// Build writes the whole site into an empty directory; Serve serves a built
// directory, rebuilds it when the content or templates change, and reloads
// the open browser tabs. The HTML templates and assets come from package
// templates (or Options.Templates).
//
// # URL scheme
//
//	/                      leads to a language: links to /en/ and /ja/; site.js
//	                       sends Japanese browsers to /ja/ (Netlify may redirect first)
//	/{lang}/               home: what the product can, partly and cannot do,
//	                       filterable by service
//	/{lang}/{id}/          an entry; its permalink is BaseURL + this path
//	                       (kb.Permalink). Sections and headings have ids, so
//	                       /{lang}/{id}/#sources and #{heading} link into it
//	/{lang}/search/?q=...  search, run in the browser by assets/search.js
//	/assets/NAME.HASH.EXT  style, scripts and the favicon; HASH is from the
//	                       file, so these URLs can be cached forever
//	/assets/search/HASH/   the search data (site/searchdata.go), HASH from it
//	/404.html              bilingual "not found" page (Netlify serves it)
//	/sitemap.xml           every page, with hreflang alternates; past 50,000 pages
//	                       a sitemap index of /sitemap-1.xml, /sitemap-2.xml, ...
//	/robots.txt            allows everything, or nothing with Options.NoIndex
//
// {lang} is en or ja; every page exists in both, and each links to the other
// (<link rel="alternate" hreflang> and a visible language switch). Entry ids
// are the content file names, so permalinks stay stable as long as the file
// keeps its name.
//
// # Pages
//
// Every page has a header search form (GET /{lang}/search/, input q) with a
// results container (#results) for results as you type, and loads
// assets/search.js; the URL of the search data index is in
// <meta name="acmkb-search">. An entry page shows the verdict (icon and
// text), the one-sentence answer, conditions, the explanation (the entry's
// Markdown), numbered sources, the last verification date with a warning
// when it is older than the knowledge base's stale_days, the history of the
// verdict and related entries. Its "Copy as reply" button copies exactly
// reply.EntryMarkdown, the text `acmkb ask --format markdown` prints.
//
// # Safety
//
// Entry bodies are Markdown rendered by goldmark with raw HTML omitted and
// unsafe links dropped, then passed through an allowlist of the elements and
// attributes Markdown produces (sanitize.go). Pages
// carry no inline scripts or styles, so the Content Security Policy in
// netlify.toml (CSP, also sent by Serve) needs no exceptions.
package site
