// Package templates holds the HTML templates and static assets of the
// knowledge-base site, embedded in the binary. Package site renders them.
//
// # Files
//
//	layout.html    the page frame: head, header with the search form, footer;
//	               also the shared partials ("badge", "headinglink"), and the
//	               "chrome" parts (assets, header, footer), rendered once per
//	               language, kind of page and home page and given to "layout"
//	               as .Chrome
//	root.html      /index.html, which leads to a language
//	home.html      /{lang}/, the can / partly / cannot lists with the service filter
//	entry.html     /{lang}/{id}/, one entry
//	search.html    /{lang}/search/, the search page
//	404.html       /404.html, bilingual
//	assets/        files copied to /assets/ under fingerprinted names:
//	               style.css, site.js, favicon.svg, search.js (browser search)
//
// Each page template defines "main" (the page's <main> content) and is
// executed through "layout". The data passed to them is documented on
// site's page type; templates reference assets only through the "asset"
// function, which returns the fingerprinted URL path ("optionalAsset" for
// search.js, which a template set may leave out).
//
// # Rules
//
// Everything the site loads comes from the site itself: no CDN, external
// fonts, scripts or images. Templates contain no inline <script> blocks,
// event handler attributes or style attributes, so that the strict Content
// Security Policy in netlify.toml applies without exceptions. Behaviour lives
// in assets/site.js and works as progressive enhancement: every page is
// readable and navigable without JavaScript.
//
// `acmkb serve` can use the templates directory from disk instead (os.DirFS)
// so that edits show up without rebuilding the binary.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.html assets
var files embed.FS

// FS returns the embedded templates and assets.
func FS() fs.FS { return files }
