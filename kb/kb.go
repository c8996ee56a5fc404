// Package kb holds the domain of acmkb: capability entries, their verdicts and
// evidence, the knowledge base that groups them, and the answer to a question.
//
// It imports only the standard library. Reading entries from files lives in
// package loader, rendering them in package site, searching them in package
// index; all three speak in the types defined here.
package kb

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Lang is a language code of the knowledge base: "en" or "ja".
type Lang string

// The languages every entry is written in.
const (
	EN Lang = "en"
	JA Lang = "ja"
)

// Langs lists the supported languages in display order.
var Langs = []Lang{EN, JA}

// ParseLang returns the Lang for s, or an error naming the accepted values.
func ParseLang(s string) (Lang, error) {
	for _, l := range Langs {
		if string(l) == s {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown language %q (want en or ja)", s)
}

// Verdict says whether the product can do what an entry describes.
type Verdict string

// The three verdicts.
const (
	Yes    Verdict = "yes"
	No     Verdict = "no"
	Partly Verdict = "partly"
)

// Verdicts lists the verdicts in display order (can, partly, cannot).
var Verdicts = []Verdict{Yes, Partly, No}

// Valid reports whether v is one of the three verdicts.
func (v Verdict) Valid() bool { return v == Yes || v == No || v == Partly }

// Label is the verdict as shown to a reader in lang: "Yes", "はい", ...
func (v Verdict) Label(lang Lang) string {
	labels := map[Verdict][2]string{
		Yes:    {"Yes", "はい"},
		No:     {"No", "いいえ"},
		Partly: {"Partly", "条件付きで可能"},
	}
	l, ok := labels[v]
	if !ok {
		return string(v)
	}
	if lang == JA {
		return l[1]
	}
	return l[0]
}

// Text is a piece of prose in every language of the knowledge base.
type Text map[Lang]string

// In returns the text in lang, falling back to English.
func (t Text) In(lang Lang) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[EN]
}

// List is a list of prose items in every language.
type List map[Lang][]string

// In returns the items in lang, falling back to English.
func (l List) In(lang Lang) []string {
	if s, ok := l[lang]; ok && len(s) > 0 {
		return s
	}
	return l[EN]
}

// Date is a calendar day (no time of day), as written in front matter.
type Date struct{ time.Time }

// DateLayout is how dates are written in entries and shown to readers.
const DateLayout = "2006-01-02"

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.Format(DateLayout) }

// Source is a page that supports an entry's claim.
type Source struct {
	Title    Text   // the page's title
	URL      string // https URL of the page
	Supports Text   // what this source supports in the entry
}

// Change records a change in what the entry says, oldest first.
type Change struct {
	Date   Date    // when the change happened (the product's change, not the edit)
	Before Verdict // the verdict before the change
	After  Verdict // the verdict after the change (filled in by the loader)
	Note   Text    // what changed
}

// Entry is one capability: a question the knowledge base answers.
type Entry struct {
	ID         string    // stable id; also the URL slug
	Path       string    // file the entry was read from, relative to the content root
	Verdict    Verdict   // can the product do it?
	Verified   Date      // when the facts were last checked against the sources
	Services   []string  // products and services involved (for filters)
	Tags       []string  // extra search terms
	Related    []string  // ids of related entries
	Aliases    []string  // former ids: /{lang}/{alias}/ redirects to the entry's page
	Sources    []Source  // evidence
	History    []Change  // how the verdict changed over time, oldest first
	Title      Text      // short name of the capability
	Answer     Text      // the one-sentence answer
	Conditions List      // when the verdict depends on something
	Examples   List      // questions users ask that this entry answers
	Body       Text      // the explanation, in Markdown
	Lines      LineIndex // where fields were written, for error messages
	// Digest identifies what the entry was made from (set by the loader:
	// a hash of its file's name and bytes, which decide every field above);
	// "" when unknown. Two entries with the same non-empty Digest are equal,
	// so caches of what is derived from an entry (its pages, its terms) can
	// be keyed by it without looking at the fields.
	Digest string
	// lazy reads Body when the loader left it unread (SetLazyBody).
	lazy *lazyBody
	// detail decodes Sources, History, Conditions and Examples when the
	// loader left them undecoded (SetLazyDetail, Full).
	detail func() Detail
}

// Detail is what of an entry only its own page, its analysis and its
// answers need: a rebuild leaves it undecoded for the entries that did not
// change (most of a cached entry's bytes).
type Detail struct {
	Sources    []Source
	History    []Change
	Conditions List
	Examples   List
}

// SetLazyDetail makes e's Sources, History, Conditions and Examples, now
// nil, be decoded by decode when first needed (Full), once for every copy
// of e. decode must not fail: the loader checks what it decodes when it
// reads it.
func (e *Entry) SetLazyDetail(decode func() Detail) { e.detail = sync.OnceValue(decode) }

// Full is e with every field set: e itself, or, when the loader left e's
// Detail undecoded (SetLazyDetail), a copy of e with it decoded. Whatever
// reads Sources, History, Conditions or Examples of an entry from the
// loader reads them from Full; the other fields are e's own.
func (e *Entry) Full() *Entry {
	if e == nil || e.detail == nil {
		return e
	}
	d := e.detail()
	c := *e
	c.Sources, c.History, c.Conditions, c.Examples = d.Sources, d.History, d.Conditions, d.Examples
	c.detail = nil
	return &c
}

// lazyBody is a body read on first use, once for every copy of the entry.
type lazyBody struct {
	mu   sync.Mutex
	done bool
	read func() (Text, error)
	body Text
	err  error
}

// SetLazyBody makes e's Body, now nil, be read by read on first use
// (BodyText): the loader leaves unread the bodies of entry files that did
// not change since the last build, which a rebuild seldom needs.
func (e *Entry) SetLazyBody(read func() (Text, error)) { e.lazy = &lazyBody{read: read} }

// BodyText is e.Body, read first when the loader left it unread. A body
// that cannot be read any more (its file changed during the build) is
// empty, and BodyErr says why.
func (e *Entry) BodyText() Text {
	if e.Body != nil || e.lazy == nil {
		return e.Body
	}
	l := e.lazy
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.body, l.err = l.read()
		l.done = true
	}
	return l.body
}

// BodyErr is why BodyText could not read e's body, when it was needed.
func (e *Entry) BodyErr() error {
	if e.Body != nil || e.lazy == nil {
		return nil
	}
	e.lazy.mu.Lock()
	defer e.lazy.mu.Unlock()
	return e.lazy.err
}

// LineIndex maps a front matter key ("verdict", "sources") to its line in the file;
// "aliases.N" is the line of the N-th alias (from 0).
type LineIndex map[string]int

// Config describes the knowledge base as a whole.
type Config struct {
	Name        Text   // site and CLI name, e.g. "ACM knowledge base"
	Product     Text   // the product the entries are about
	Description Text   // one line for the home page and previews
	BaseURL     string // where the site is published; permalinks start here
	StaleDays   int    // entries verified longer ago than this are flagged
}

// KB is a loaded, validated knowledge base.
type KB struct {
	Config    Config
	Entries   []*Entry   // sorted by id
	Thesaurus [][]string // groups of words and phrases that mean the same; first is the name
	byID      map[string]*Entry
}

// New returns a KB of entries, sorted by id.
func New(cfg Config, entries []*Entry, thesaurus [][]string) *KB {
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID < entries[j].ID })
	k := &KB{Config: cfg, Entries: entries, Thesaurus: thesaurus, byID: map[string]*Entry{}}
	for _, e := range entries {
		k.byID[e.ID] = e
	}
	return k
}

// Entry returns the entry with id, or nil.
func (k *KB) Entry(id string) *Entry { return k.byID[id] }

// CheckBaseURL says what is wrong with base, the URL a site's permalinks
// start with, or nil: it must be an absolute http(s) URL of a host's root.
// A path ("https://kb.example.com/support") is refused: the site's pages
// link to each other and to their assets from the root ("/en/",
// "/assets/…"), so served under a path they would lose their styles and
// links.
func CheckBaseURL(base string) error {
	u, err := url.Parse(base)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("%q is not an absolute http(s) URL", base)
	case strings.Trim(u.Path, "/") != "":
		return fmt.Errorf("%q has a path (%s): the site links from the root of its host, so serve it at a host of its own (https://support.example.com)", base, u.Path)
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("%q has a query or a fragment", base)
	}
	return nil
}

// Permalink is the absolute URL of entry id in lang: {base}/{lang}/{id}/.
func Permalink(baseURL string, lang Lang, id string) string {
	return strings.TrimRight(baseURL, "/") + "/" + string(lang) + "/" + id + "/"
}

// Stale reports whether e was verified more than days ago at now, in
// whole days of the calendar (UTC): verified yesterday is one day ago all
// of today, whatever the hour, in check and in ask alike.
func (e *Entry) Stale(now time.Time, days int) bool {
	return days > 0 && DaysSince(e.Verified.Time, now) > days
}

// DaysSince is how many calendar days (UTC) lie between the day of then
// and the day of now.
func DaysSince(then, now time.Time) int {
	day := func(t time.Time) time.Time {
		t = t.UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return int(day(now).Sub(day(then)).Hours() / 24)
}
