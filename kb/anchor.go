package kb

import (
	"regexp"
	"strings"
	"sync"
)

// A heading of an entry's body may pin its anchor, the id of the heading on
// the entry's page and the fragment of links to it ("See:" in answers):
//
//	## Export the key with OpenSSL {#openssl-export}
//
// (goldmark's heading attribute syntax). The anchor then stays when the
// heading is reworded. A pinned anchor is written as an id:
// lowercase letters and digits joined by "-".

// anchorAttr matches a heading's text that ends in a pinned anchor.
var anchorAttr = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(.*?)[ \t]*\{[ \t]*#([^ \t{}]*)[ \t]*\}$`)
})

// atxHeading matches an ATX heading line: its "#"s, and its text without
// the closing "#"s.
var atxHeading = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$`) })

// ATXHeading reads line as an ATX heading ("## Using the key {#use-key}"):
// its text and the anchor it pins ("" for none); ok is false when line is
// no heading. The anchor is read as goldmark reads heading attributes,
// only at the very end of the line (not before closing "#"s).
func ATXHeading(line string) (heading, anchor string, ok bool) {
	m := atxHeading().FindStringSubmatch(line)
	if m == nil {
		return "", "", false
	}
	if strings.HasSuffix(strings.TrimRight(line, " \t\r"), "}") {
		heading, anchor = HeadingAnchor(m[2])
		return heading, anchor, true
	}
	return m[2], "", true
}

// PageIDs are the ids the entry page itself uses (its layout and
// template): a heading of the body never takes one, and may not pin one.
var PageIDs = []string{
	"main", "q", "results", "search-status", "announce", "reply-text", "filter-label",
	"conditions", "explanation", "sources", "history", "related",
}

var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

// HeadingAnchor splits a heading's text as written (after the "#"s, before
// any closing "#"s) into its text and its pinned anchor: ("Export the key",
// "openssl-export") for "Export the key {#openssl-export}"; (heading, "")
// when it pins none.
func HeadingAnchor(heading string) (text, anchor string) {
	if !strings.HasSuffix(heading, "}") {
		return heading, ""
	}
	m := anchorAttr().FindStringSubmatch(heading)
	if m == nil || m[2] == "" || strings.HasSuffix(m[1], "\\") { // "\{" is no attribute
		return heading, ""
	}
	return m[1], m[2]
}

// ValidID reports whether s is lowercase letters and digits joined by "-":
// what an entry's id, a former id (alias) and a pinned anchor are written as.
func ValidID(s string) bool { return idPattern().MatchString(s) }
