package site

import (
	"html/template"
	"strings"
)

// text is s escaped as html/template escapes a string in HTML text (its
// htmlEscaper), made ahead of the template: NUL becomes U+FFFD and each of
// " & ' + < > its entity; every other byte, invalid UTF-8 included, is kept.
//
// The fields of an entry page that the template writes as text (the
// title, answer, conditions, sources' titles, hosts and notes, related
// titles, history notes) are given to it as text(...) rather than as
// strings: html/template inserts HTML in text as it is, where a string is
// escaped rune by rune (most of its escaping's cost on a Japanese page).
// The output is the same (TestTextEscapesAsTemplate), and a template that
// writes such a field in a quoted attribute gets the same bytes too
// (html/template normalises HTML there without escaping it again).
func text(s string) template.HTML {
	i := strings.IndexAny(s, textEscaped)
	if i < 0 {
		return template.HTML(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i >= 0 {
		b.WriteString(s[:i])
		switch s[i] {
		case 0:
			b.WriteString("\uFFFD")
		case '"':
			b.WriteString("&#34;")
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '+':
			b.WriteString("&#43;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		}
		s = s[i+1:]
		i = strings.IndexAny(s, textEscaped)
	}
	b.WriteString(s)
	return template.HTML(b.String())
}

// textEscaped are the bytes text replaces.
const textEscaped = "\x00\"&'+<>"

// texts is text of each of list.
func texts(list []string) []template.HTML {
	if len(list) == 0 {
		return nil
	}
	out := make([]template.HTML, len(list))
	for i, s := range list {
		out[i] = text(s)
	}
	return out
}
