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
// reported again: that file's own errors say what to fix), source URLs that
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
