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

var anchorPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

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

// ValidAnchor reports whether s may be a pinned anchor: lowercase letters
// and digits joined by "-", as an entry's id.
func ValidAnchor(s string) bool { return anchorPattern().MatchString(s) }
