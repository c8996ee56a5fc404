package analysis

import (
	"sort"
	"strings"
)

// CamelCase words: a question that writes the parts of an identifier apart
// ("secure string", "get secret value") is read as naming the identifier an
// entry writes whole (SecureString, GetSecretValue) too. Only questions:
// the entries' terms stay as they are, and the parts are matched like the
// words of a thesaurus member whose group term is the identifier's own term
// (its concept joins the parts', and an entry that holds the identifier
// covers it). Only for identifiers whose parts no entry holds together in
// one field: "certificate manager" and "domain names" are ordinary words in
// the ACM entries, and reading them as CertificateManager or DomainNames
// costs their words (measured in docs/answer-experiments.md).

// CamelWords returns the words of texts written in CamelCase, as written,
// sorted: ASCII letters and digits with a lower-case letter followed by a
// capital ("SecureString", "GetSecretValue", "DynamoDB", "iOS").
func CamelWords(texts ...string) []string {
	_, camel := asciiWords(texts)
	return camel
}

// camelParts splits a CamelCase word before each capital that follows a
// lower-case letter: "GetSecretValue" is Get, Secret, Value; "DynamoDB" is
// Dynamo, DB.
func camelParts(w string) []string {
	var parts []string
	start := 0
	for i := 1; i < len(w); i++ {
		if isUpper(w[i]) && isLower(w[i-1]) {
			parts = append(parts, w[start:i])
			start = i
		}
	}
	return append(parts, w[start:])
}

func isUpper(c byte) bool      { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool      { return c >= 'a' && c <= 'z' }
func isASCIIAlnum(c byte) bool { return isUpper(c) || isLower(c) || c >= '0' && c <= '9' }

// partsMember reports whether m is the parts of a CamelCase word (see
// addParts): its group term is the word's own term, not a thesaurus group's
// "@name".
func (m member) partsMember() bool { return !strings.HasPrefix(m.group, "@") }

// addParts adds to a, for each CamelCase word of words whose parts no entry
// of postings holds together in one field, the word's parts as a Latin
// member whose group term is the word's own term; it returns them as the
// search data carries them: the term, then the parts' stems.
func (a *Analyzer) addParts(words []string, postings Postings) [][]string {
	var out [][]string
	for _, w := range words {
		term := a.stem(Normalize(w))
		var stems []string
		for _, p := range camelParts(w) {
			stems = append(stems, a.stem(Normalize(p)))
		}
		if term == "" || together(stems, postings) {
			continue
		}
		a.latin[stems[0]] = append(a.latin[stems[0]], member{words: stems, group: term})
		out = append(out, append([]string{term}, stems...))
	}
	return out
}

// together reports whether some entry holds every one of the stems that
// is not a stop word in one field (by the postings' field masks), or none
// of them is such a word.
func together(stems []string, postings Postings) bool {
	var lists [][]Posting
	for _, s := range stems {
		if IsStop(s) {
			continue
		}
		lists = append(lists, postings[s].List)
	}
	if len(lists) == 0 {
		return true
	}
	for _, p := range lists[0] {
		mask := p.Mask
		for _, l := range lists[1:] {
			i := sort.Search(len(l), func(i int) bool { return l[i].Entry >= p.Entry })
			if i == len(l) || l[i].Entry != p.Entry {
				mask = 0
				break
			}
			mask &= l[i].Mask
		}
		if mask != 0 {
			return true
		}
	}
	return false
}
