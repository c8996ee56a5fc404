// Package loader reads a knowledge base from a file system and checks it.
//
// It is the one place that knows the content format. Everything it returns is a
// kb type; every problem it finds is reported with its file and line, all in
// one run.
//
// # Layout
//
// A content directory holds:
//
//	kb.yaml            the knowledge base's name, product and base URL
//	thesaurus.yaml     groups of words and phrases users treat as the same
//	entries/ID.md      one capability entry per file; the file name is its id
//	eval.tsv           the evaluation questions (read by `acmkb eval`, not here)
//
// # kb.yaml
//
//	name:        {en: ACM knowledge base, ja: ACM ナレッジベース}
//	product:     {en: AWS Certificate Manager, ja: AWS Certificate Manager}
//	description: {en: "...", ja: "..."}
//	base_url:    https://acmkb.example.com
//	stale_days:  180          # entries verified longer ago get a warning
//
// # Entries
//
// An entry is Markdown with YAML front matter. Facts that do not depend on the
// language (verdict, dates, sources, related entries) are written once; every
// piece of prose is a map with one value per language, so a translation cannot
// disagree with the facts. Keys:
//
//	id:        export-private-key      # required; lowercase words joined by "-"; equals the file name
//	verdict:   partly                  # required; yes, no or partly (any case: Partly, YES)
//	verified:  2026-11-30              # required; the day the facts were last checked; not after today in the author's time zone
//	services:  [ACM, CloudFront]       # optional; products involved, for the home page filter
//	tags:      [export, pfx]           # optional; extra search terms (any language)
//	related:   [export-certificate]    # optional; ids of other entries
//	aliases:   [private-key-export]    # optional; former ids of this entry (see Renaming an entry)
//	title:     {en: ..., ja: ...}      # required; the capability, as a short statement
//	answer:    {en: ..., ja: ...}      # required; the answer in one sentence
//	conditions:                        # optional; what the verdict depends on; same count per language
//	  en: [...]
//	  ja: [...]
//	examples:                          # required; questions this entry answers, as users ask them
//	  en: [...]
//	  ja: [...]
//	sources:                           # required, at least one
//	  - url: https://docs.aws.amazon.com/...   # https only
//	    title: {en: ..., ja: ...}
//	    supports: {en: ..., ja: ...}    # what the page supports in this entry
//	history:                           # optional; oldest first
//	  - date: 2025-06-17               # when the product changed
//	    before: "no"                   # the verdict until that day
//	    note: {en: ..., ja: ...}       # what changed
//
// After the front matter the body holds the explanation in Markdown, one
// section per language, each opened by a marker line of its own:
//
//	<!-- en -->
//	English explanation ...
//
//	<!-- ja -->
//	日本語の説明 ...
//
// A marker may be written in any case (<!-- JA -->). A line that looks like
// a marker but is not one (a dash short, text after it, indented) is named
// in the error for the missing section.
//
// Raw HTML in the body is not rendered (markers aside); the site keeps only
// http, https, mailto and relative links.

// # Section anchors
//
// Each heading of the body is a section with an anchor, the id of the
// heading on the entry's page: answers link to the section that answers
// best ("See: Using the key", permalink#anchor) and the page's heading links
// copy it. An English heading's anchor is its text, lower-cased, in words
// joined by "-" ("## Using the key" is #using-the-key); a Japanese one's is
// short and ASCII: the heading's ASCII words, at most three, or "s", and six
// hex digits of a hash of its text ("## ACM で PFX を作る" is
// #acm-pfx-20398e, "## エクスポートした秘密鍵の使い方" #s-d7061b), rather
// than a hundred percent-encoded characters. A repeated anchor gets "-1",
// "-2", ...; a heading never takes an id the page uses itself (conditions,
// explanation, sources, history, related, main, ...): "## Sources" is
// #sources-1.
//
// Either anchor changes when the heading's words change, and links pasted
// before then land at the top of the page. To reword a heading that people
// link to, pin its anchor first, at the very end of the heading line:
//
//	## Export the key with OpenSSL {#using-the-key}
//
// A pinned anchor is the heading's anchor whatever its text: lowercase
// letters and digits joined by "-", once per language (the same anchor may
// be pinned in both, so that the English and Japanese links differ only by
// language), not one of the page's own ids, on an ATX heading ("## ...") of
// its own line, not inside a list or quote. Pin the anchor the heading has
// now (from its heading link) and earlier links keep working; the page also
// keeps the id the heading had before it was pinned or shortened as a second
// target, so links pasted then still land. No other heading attribute
// ({.class}) is allowed.
//
// # Renaming an entry
//
// An entry's id is its permalink (/en/ID/, /ja/ID/), pasted into replies and
// tickets. To rename an entry, rename its file and its id, and list the
// former id in aliases:
//
//	id: export-private-key
//	aliases: [private-key-export]
//
// The site then leads /en/private-key-export/ and /ja/private-key-export/ to
// the entry: a 301 on Netlify (the _redirects file the build writes) and,
// on any other server or from the file system, a page at the old path that
// refreshes to the new one (and tells search engines the new one is
// canonical). Keep the alias as long as links to the old id may be around.
// An alias must be an id no entry has now and no other entry lists, written
// as an id, and not "search". Entries that relate to the former id must name
// the new one: check says which.
//
// # thesaurus.yaml
//
//	groups:
//	  - [copy, move, transfer, share, コピー, 移動]
//	  - [private key, .key file, 秘密鍵, プライベートキー]
//
// Each group is a list of words or phrases that a user may use for the same
// thing; the first member names the group. Matching is described in package
// analysis.
//
// # Limits
//
// An entry file may be at most 1 MiB (MaxEntryBytes), kb.yaml 1 MiB and
// thesaurus.yaml 8 MiB; entries/ may hold at most 100,000 entries
// (MaxEntries). Larger files are refused unread. Prose (every text value
// and the body) may not contain control characters other than tab and line
// breaks: ESC and its kin would reach terminals through `acmkb ask`. Files
// are UTF-8; a byte order mark at the start (Windows Notepad) is dropped.
//
// Load reads through the fs.FS it is given. The CLI gives it an os.Root of
// the content folder, so a symbolic link is followed only while it stays
// inside the folder; one that leads outside is reported and not read.
// Files lists the files Load reads, for anything that must depend on exactly
// them (the index cache key).
//
// # Checks
//
// Errors (exit status 1): YAML that does not parse (reported on the line of
// the slip, saying what to do: a tab or a full-width space (U+3000, as a
// Japanese IME types it) that indents a line, indentation that matches none
// of the lines above, a front matter never closed by its "---"
// line, a value that needs quotes), unknown or missing keys, a bad verdict or
// date, a missing translation (a language absent or empty, or conditions of
// different counts), an id that differs from its file name or is used twice,
// related ids that do not exist (one whose file exists but has errors is not
// reported again: that file's own errors say what to fix) or that are an
// entry's former id, an alias that is not an id, is the entry's own id, an
// id an entry has, or another entry's alias, a pinned anchor that is not an
// id, is one of the page's own, is pinned twice in a language or is not
// where both the site and the index read it, source URLs that
// are not https, dates after today (the calendar day of Options.Now in its
// time zone, so the author's), a body without both language sections, control
// characters in prose, files over the limits, symbolic links out of the
// folder. Warnings: an entry verified longer ago than stale_days, a thesaurus
// member listed in more than one group, a Japanese title or answer (or the
// knowledge base's name or description) with no kana or kanji in it (left
// untranslated), and what entries/ holds that is
// not read (a file not ending in .md, such as .markdown or .MD, or a folder),
// an editor's hidden or backup files (".*", "*~") aside.
package loader
