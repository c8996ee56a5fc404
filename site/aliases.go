package site

import (
	"bytes"
	"fmt"
	"html/template"
	"path"
	"strings"

	"github.com/acmkb/acmkb/kb"
)

// An entry's aliases (kb.Entry.Aliases, its former ids) keep the permalinks
// it had: /{lang}/{alias}/ leads to /{lang}/{id}/ in two ways.
//
//   - On Netlify, a 301 in _redirects ("/en/old/ /en/new/ 301!"). The "!"
//     forces the rule: without it Netlify serves the file at the old path
//     (the page below) rather than redirect, since a rule never shadows a
//     file that exists. Rules in _redirects are read before netlify.toml's,
//     which only send "/" to a language, so neither hides the other. The
//     [[headers]] of netlify.toml are set by path ("/*", "/en/*"), on the
//     files Netlify serves: the entry's page the 301 leads to and the page
//     below get the security and cache headers as any page does; the 301
//     itself has no content for them to guard.
//   - Anywhere else (acmkb serve, another static server, a copy of the
//     folder), the page /{lang}/{alias}/index.html: a canonical link to the
//     entry, a meta refresh to it (the CSP allows no inline script, and
//     none is needed) and a plain link for a browser that refreshes nothing.
//     The refresh and the link are relative ("../new/"), so they hold under
//     any base URL and from the file system. Search engines are told not
//     to index it; the sitemap does not list it.
//
// The loader makes sure an alias is no entry's id and no other entry's alias.

// redirectsFile is Netlify's redirect rules, at the site's root.
const redirectsFile = "_redirects"

var aliasPage = template.Must(template.New("alias").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<link rel="canonical" href="{{.Canonical}}">
<meta http-equiv="refresh" content="0; url={{.Rel}}">
</head>
<body>
<p>{{.Moved}} <a href="{{.Rel}}">{{.Title}}</a></p>
</body>
</html>
`))

// aliases writes the page of every alias of every entry in every language,
// and _redirects when there is any.
func (b *builder) aliases() error {
	var rules bytes.Buffer
	var buf bytes.Buffer
	for _, e := range b.k.Entries {
		for _, a := range e.Aliases {
			for _, lang := range kb.Langs {
				buf.Reset()
				err := aliasPage.Execute(&buf, struct {
					Lang                         kb.Lang
					Title, Canonical, Rel, Moved string
				}{lang, e.Title.In(lang), kb.Permalink(b.base, lang, e.ID), "../" + e.ID + "/", uiLabels[lang]["aliasMoved"]})
				if err != nil {
					return fmt.Errorf("alias %s of %s: %w", a, e.ID, err)
				}
				if err := b.write(path.Join(string(lang), a, "index.html"), buf.Bytes()); err != nil {
					return err
				}
				fmt.Fprintf(&rules, "%s %s 301!\n", entryPath(lang, a), entryPath(lang, e.ID))
			}
		}
	}
	if rules.Len() == 0 {
		return nil
	}
	header := "# Former ids of entries (aliases) lead to the entries: written by acmkb build.\n"
	return b.write(redirectsFile, []byte(header+strings.TrimSuffix(rules.String(), "\n")+"\n"))
}
