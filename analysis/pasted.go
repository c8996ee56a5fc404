package analysis

import (
	"regexp"
	"strings"
	"sync"
)

// Pasted returns s with the identifiers people paste into questions read
// as what they are instead of as words: an ARN as its resource type
// ("arn:aws:acm:…:certificate/…" is "certificate"), an IPv4 address as
// "IP address", an email address as "email address", and URLs, UUIDs,
// resource ids ("i-0abc…", "vpc-0a1b…"), account and other long numbers,
// long hexadecimal strings, ticket numbers ("#48213"), chat mentions and
// emoji codes left out. Their pieces (hex digits, account ids, the words
// of a URL) otherwise weigh as words no entry holds, and an ARN in "can I
// export the private key of arn:…?" kept the question from its answer.
// The rules know the formats, not any knowledge base's words. search.js's
// pasted is the same function.
func Pasted(s string) string {
	if !pastedHint.MatchString(s) {
		return s
	}
	for _, r := range pastedRules() {
		if r.with == nil {
			s = r.re.ReplaceAllString(s, " $1 ")
			continue
		}
		s = r.re.ReplaceAllStringFunc(s, r.with)
	}
	return s
}

var (
	// pastedHint: the characters every rule needs one of; most questions
	// have none and are returned as they are.
	pastedHint = regexp.MustCompile(`[:@#/]|[0-9]{5}|[0-9]\.[0-9]|[0-9a-fA-F]{8}`)
	// pastedRules are compiled on first use (see lazyRegexp).
	pastedRules = sync.OnceValue(func() []pastedRule {
		return []pastedRule{
			// An ARN: its resource type.
			{regexp.MustCompile(`\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:([A-Za-z0-9_-]+)(?:[/:][^\s,;)）」?？。、]*)?`), nil},
			// A URL, host and path: keeping the host was measured and read
			// docs.aws.amazon.com as words of the entries that name amazon.com.
			{regexp.MustCompile(`\bhttps?://[^\s<>"'）)」]*[^\s<>"'）)」.,;:!?。、？]`), space},
			// Dates and times in ISO form: context, not a concept.
			{regexp.MustCompile(`\b[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?\b`), space},
			{regexp.MustCompile(`\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b`), func(string) string { return " email address " }},
			{regexp.MustCompile(`\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:/[0-9]{1,2})?\b`), func(string) string { return " IP address " }},
			{regexp.MustCompile(`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b`), space},
			// A resource id (a short prefix, a hyphen, hexadecimal digits with
			// a digit among them: i-0abc123def4567890, not us-east-1).
			{regexp.MustCompile(`\b[a-z]{1,10}-[0-9a-f]{8,17}\b`), blankIfDigit},
			// Hexadecimal strings of 16 or more with a digit (key ids, hashes).
			{regexp.MustCompile(`\b[0-9a-fA-F]{16,}\b`), blankIfDigit},
			{regexp.MustCompile(`#[0-9]+\b|\b[0-9]{10,}\b`), space},
			// Chat: mentions and emoji codes.
			{regexp.MustCompile(`(?:^|\s)@(?:here|channel|everyone|[A-Za-z][A-Za-z0-9._-]*)\b|:[a-z][a-z0-9_+-]*:`), space},
		}
	})
)

type pastedRule struct {
	re   *regexp.Regexp
	with func(string) string // nil: the rule's first group, spaced
}

func space(string) string { return " " }

func blankIfDigit(m string) string {
	if strings.ContainsAny(m, "0123456789") {
		return " "
	}
	return m
}
