// Package build turns a content directory into its outputs: the static site
// and the bleve index (`acmkb build`), and the cached index that `acmkb ask`
// and `acmkb chat` answer from.
//
// # Output
//
// Build replaces its outputs, the site directory (Options.Out) and the index
// directory (Options.Index), together or not at all, whatever happens to
// the process. One transaction (begin, path, commit, end in output.go) does
// it, for any number of destinations:
//
//  1. Lock. Each destination DST has a lock file beside it,
//     ".acmkb-lock.DST", held with flock for the whole build (in path order,
//     so two builds never deadlock). A second build of the same output
//     waits for the first; the kernel releases the lock of a killed one.
//  2. Recover and clean. With the lock held, any staging directory of DST
//     belongs to a build that died. If it died while swapping, its swaps
//     are undone first (step 5); then its staging directories are removed.
//  3. Stage. Each output is written into a fresh staging directory beside
//     its destination, ".acmkb-stage-N.DST/new" (same file system, so that
//     a rename can move it).
//  4. Swap. A journal of all the swaps (txn.json, with each new output's
//     inode) goes into every staging directory, and a "swapping" mark into
//     the first. Each new output then takes its destination's place in one
//     atomic step, renameat2(RENAME_EXCHANGE) on Linux (renamex_np on
//     macOS): anyone reading DST finds the old directory or the new one,
//     never nothing. The previous output lands in the staging directory.
//     Removing the mark commits; removing the staging directories deletes
//     the previous outputs.
//  5. Undo. If a swap fails, those done are exchanged back at once. If the
//     process dies after the mark and before the commit, the next build of
//     any of its destinations finds the journal (step 2) and puts back every
//     previous output, telling old from new by inode. Between the kill and
//     that build, the site and index may come from different builds; each
//     one is complete.
//
// Where the file system cannot exchange (other systems, some network file
// systems), a swap is two renames: DST is missing for an instant, and a
// kill between them is undone the same way.
//
// Site and index are always complete directories, so `--out public` stays a
// plain directory that Netlify publishes (its deploy does not follow
// symbolic links, which is why the swap is not a "current" link).
//
// Builds are incremental (issue 11) within this protocol. The analysis of
// unchanged entries comes from a term cache (analysis.TermCache); unchanged
// entry files are not parsed again (loader.ParseCache: in memory in acmkb
// serve, in the cache directory as "parsed-HASH" for acmkb build), nor read
// when their stamp (size, times, inode) is the one they were parsed with
// (their bodies are read only if a page or the analysis needs them). When
// most entry files come from the parse cache, the site's pages are made
// while the corpus is weighed. The
// index is still a fresh directory swapped whole, but made from a copy of
// the published one (its segment files, never written once made, are
// hard-linked; its root copied) in which only the records that changed are
// written (index.Update, with the prints of the published index's records
// that the build cache keeps). The site
// is patched when the page cache (below) describes the published site and
// the site-wide inputs (acmkb, templates, settings, the day) are the same:
// only the files that differ from the published ones, and the new ones,
// are staged (site.PageReuse.Patch), and the transaction swaps each of them
// (a file, or the highest directory the site lacks) and removes each file
// gone (or the highest directory left empty) instead of the whole
// directory (txn.patch): the same steps, journal and undo, per item, adding
// first, then replacing, then removing. What changes for readers: during
// the swaps (a few milliseconds for one edited entry) the site can serve
// some new files beside old ones, each file whole; a kill in the middle
// still leaves every file whole, and the next build puts every item back. The
// site directory keeps its inode and gets a new modification time before
// the first swap, so that the caches' stamps of it no longer match until
// the build that changed it records the new one. A patch trusts that the
// published files are those the page cache recorded; the next full build
// (another acmkb, other templates or settings, the next day, a lost cache)
// puts back any file changed by hand. Otherwise the new output is a fresh
// directory at tx.path(dst) in which entry pages whose inputs did not change
// are hard-links to the published ones (nothing ever writes into a file it
// linked). Never write into a published file in place.
//
// # Build cache
//
// With Options.CacheDir (acmkb build uses the cache directory below), a
// build keeps beside the index cache: "terms-HASH", what it analysed of each
// entry and the names it found in it (one file per output; keyed inside by
// each entry's digest, kb.Entry.Digest, and the analyser, so never wrong,
// only sometimes useless), with "terms-HASH.changes", what changed since it
// was written whole; "parsed-HASH", what it
// parsed of each entry file (one file per output and acmkb version; keyed
// inside by each file's bytes, the day and the options, with the file's
// stamp when it was not racy), with
// "parsed-HASH.changes", what changed since it was written whole;
// "postings-HASH", the postings it weighed (analysis.WeighCache: one file
// per output and acmkb version; it names the entries they were weighed
// from, so a file of another build costs a full weighing, never wrong
// postings), with "postings-HASH.changes", the postings of the terms
// weighed again since it was written whole (naming that file);
// "pages-HASH", the keys of the entry pages it published, the
// names of the site's other files, the prints of its search data files
// and the postings they were made of, the keys of its home and list
// pages and each entry's digest, with the inode and modification time of the site
// directory it published (used only while the site is that directory);
// "prints-HASH", the prints of the records of the index it published
// (index.Prints, with the postings its term records were made of), with the index directory's stamp (likewise);
// "subject-HASH", the knowledge base's subject (analysis.Subject) with
// its key, and "titles-HASH", each entry's title terms it was worked out
// from, so that a title edit analyses that title alone; "built-HASH", the content hash, options and day of its last
// build, with the stamps of its outputs and its problems (SkipUnchanged:
// a build with all of them equal does nothing). The content is hashed
// through the same manifest as the index cache's; content compiled into the
// program (content.FS, which says so with an InBinary method) is hashed once
// per program file and remembered in "binary-content" against its stamp.
//
// # Cache
//
// OpenCached keeps one entry per content and acmkb version in the cache
// directory: "index-HASH/" holding the index ("bleve/"), the size and
// CRC-32C of each of its files ("sums") and their stamps when last found
// intact ("checked"). HASH covers exactly the files the loader reads
// (loader.Files), through the same file system. Building an entry for a
// content folder reuses what earlier entries of that folder parsed
// ("parsed-HASH", as a build's, keyed by each file's bytes) and analysed
// ("terms-HASH"), so that after an edit only the edited files are parsed
// and analysed again.
//
// Before an entry is used, its files are checked against sums: when their
// size, mtime, ctime and inode match "checked", nothing is read (any write
// changes a file's ctime); otherwise every byte is. A damaged entry is
// rebuilt, and a panic inside bleve is turned into an error (index.Guard).
// Entries are built under a lock per entry ("index-HASH.lock"), so that
// concurrent processes build one once, in a staging directory renamed into
// place whole. Entries in use are never removed: opening one marks it used,
// and only entries unused for hours (beyond the 8 most recently used) or
// for 30 days are, by one rename out of the way before deletion. The files
// kept beside them ("parsed-", "terms-", ... above, one set per content
// folder or output) go when they have not been written for 30 days: a
// folder asked from once does not keep its files for ever, and one still in
// use pays one full parse or analysis.
//
// The cache directory must belong to the user and be closed to others
// (it is created 0700 and made so): an index planted by someone else is
// never read. The fallback in the shared temporary directory is per user
// ("acmkb-cache-UID") and checked the same way; when no directory can be
// used, the index is built in memory.
package build

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/acmkb/acmkb/site"
)

// Options say what to build from what.
type Options struct {
	Content     fs.FS            // the content directory
	ContentName string           // how to name it in messages ("content")
	ContentDir  string           // where Content is on disk, "" if not (embedded): no output may be it, in it or around it
	Out         string           // site directory; "" skips the site
	Index       string           // index directory; "" skips the index
	BaseURL     string           // overrides kb.yaml's base_url when not empty
	NoIndex     bool             // mark the site noindex
	StaleDays   int              // overrides kb.yaml's stale_days when positive
	Now         func() time.Time // the clock (tests)
	LiveReload  string           // site.Options.LiveReload (acmkb serve)
	Templates   fs.FS            // templates to render with; nil: the embedded ones
	// Terms keeps what the analysis made of each entry across builds (acmkb
	// serve keeps one), so that an unchanged entry is not analysed again.
	// When nil and CacheDir is set, Build keeps it in CacheDir, one file
	// per output ("terms-HASH").
	Terms *analysis.TermCache
	// Parsed keeps what each entry file was parsed into across builds in one
	// process (acmkb serve keeps one), so that a rebuild parses only the
	// files that changed (loader.Options.Parsed).
	Parsed   *loader.ParseCache
	CacheDir string
	// SkipUnchanged lets Build do nothing when its outputs are what a build
	// of the same content, acmkb and options made today, as that build
	// left them (see upToDate; needs CacheDir and the embedded templates).
	// The returned KB then holds only the number of entries (nil entries).
	SkipUnchanged bool
	// Context, when cancelled (acmkb build on Ctrl-C or SIGTERM), stops
	// the build at its next step before it commits: Build returns
	// ErrInterrupted with the staging directories removed and the outputs
	// as they were. A build that has begun to commit finishes. nil: never.
	Context context.Context

	listing *loader.Listing // the content's files, listed moments before (loader.Options.Listing)
}

// ErrInterrupted is Build's error when Options.Context was cancelled before
// the build committed.
var ErrInterrupted = errors.New("interrupted: the site and the index are as they were")

// interrupted is ErrInterrupted once opts.Context is cancelled.
func (opts Options) interrupted() error {
	if opts.Context != nil && opts.Context.Err() != nil {
		return ErrInterrupted
	}
	return nil
}

// Load reads and checks the content, returning the knowledge base and every
// problem (warnings included). The error lists every error-level problem.
func Load(opts Options) (*kb.KB, loader.Problems, error) {
	k, problems := loader.Load(opts.Content, loader.Options{Now: opts.Now, StaleDays: opts.StaleDays, Root: opts.ContentName, Parsed: opts.Parsed, Listing: opts.listing})
	if err := problems.Err(); err != nil {
		return nil, problems, err
	}
	if opts.BaseURL != "" {
		k.Config.BaseURL = opts.BaseURL
	}
	return k, problems, nil
}

// Build checks the content, then writes the site and the index, replacing
// both together (see the package documentation, "Output"). On any error,
// and if the process is killed, the previous outputs stay as they were.
func Build(opts Options) (*kb.KB, loader.Problems, error) {
	var dsts []string
	for _, d := range []string{opts.Out, opts.Index} {
		if d != "" {
			dsts = append(dsts, d)
		}
	}
	if len(dsts) == 0 {
		return Load(opts)
	}
	phase("start")
	if err := guardOutputs(opts); err != nil {
		return nil, nil, err
	}
	tx, err := begin(dsts...)
	if err != nil {
		return nil, nil, err
	}
	defer tx.end()
	var up *upToDate
	if opts.SkipUnchanged && opts.CacheDir != "" && opts.Templates == nil {
		if up = newUpToDate(opts, dsts); up != nil {
			if n, problems, ok := up.check(); ok {
				return &kb.KB{Entries: make([]*kb.Entry, n)}, problems, nil
			}
			opts.listing = up.listing // the load need not list the files again
		}
	}
	phase("checked")
	// The outputs' name in the cache directory, for the caches a build in
	// its own process (acmkb build) keeps there.
	var cacheName string
	var cacheNameErr error
	if opts.CacheDir != "" {
		var abs string
		abs, cacheNameErr = canonical(dsts[0])
		cacheName = "output " + abs
	}
	// The caches on disk are written back while the build goes on (each
	// is keyed by content: right whatever happens next), and waited for.
	var saves sync.WaitGroup
	defer saves.Wait()
	// What was parsed of each entry file, so that the next build parses only
	// the files that changed.
	var saveParsed func()
	if opts.Parsed == nil && opts.CacheDir != "" && cacheNameErr == nil {
		opts.Parsed, saveParsed = diskParsed(opts.CacheDir, cacheName)
	}
	// What was analysed of each entry, read while the content is.
	var terms func() (*analysis.TermCache, func())
	if opts.Terms == nil && opts.CacheDir != "" && cacheNameErr == nil {
		terms = sync.OnceValues(func() (*analysis.TermCache, func()) { return diskTerms(opts.CacheDir, cacheName) })
		saves.Go(func() { terms() })
	}
	// The postings of the build before, read while the content is.
	var weighs func() (*analysis.WeighCache, func())
	if terms != nil {
		weighs = sync.OnceValues(func() (*analysis.WeighCache, func()) { return diskWeigh(opts.CacheDir, cacheName) })
		saves.Go(func() { weighs() })
	}
	// Under a memory limit (acmkb build sets one), the garbage is
	// collected a quarter as often (GOGC=400, unless GOGC says otherwise):
	// the limit, not the percentage, bounds the heap. A rebuild's heap
	// stays a few hundred MB at 10,000 entries (~10 % of its CPU saved); a
	// full build's reaches the limit while the site and the index are
	// written, and its load and analysis before collect less.
	if os.Getenv("GOGC") == "" && debug.SetMemoryLimit(-1) < math.MaxInt64 {
		defer debug.SetGCPercent(debug.SetGCPercent(limitedGCPercent))
	}
	k, problems, err := Load(opts)
	phase("loaded")
	if saveParsed != nil {
		saves.Go(saveParsed)
	}
	if err == nil {
		err = opts.interrupted()
	}
	if err != nil {
		return nil, problems, err
	}
	// Every entry is analysed once, on every core, for both outputs; or not
	// at all when a cache has it.
	if opts.Terms == nil && opts.CacheDir != "" && cacheNameErr != nil {
		return nil, problems, cacheNameErr
	}
	var c *analysis.Corpus
	analyse := func() {
		if opts.Terms == nil && opts.CacheDir != "" {
			cache, save := terms()
			var wc *analysis.WeighCache
			if weighs != nil {
				var saveWeighs func()
				wc, saveWeighs = weighs()
				defer saves.Go(saveWeighs)
			}
			c = analysis.NewWeighedCorpus(k, 0, cache, wc)
			partial, _ := wc.Partial()
			lastWeighedPartly.Store(partial)
			if cacheNameErr == nil {
				memoSubject(c, opts.CacheDir, cacheName, &saves)
			}
			if cache != nil && cache.Hits() < len(k.Entries)/2 {
				save() // now: a cache of mostly new terms need not stay in memory while the outputs are built
			} else {
				saves.Go(save)
			}
		} else {
			c = analysis.NewCachedCorpus(k, 0, opts.Terms)
		}
	}
	// When most entry files were parsed before (a rebuild), most of the
	// analysis comes from the cache and weighing every term is most of
	// what is left, on one core: the site's pages, which do not need it,
	// are made meanwhile, and its search data and the index wait for it.
	// A build from nothing analyses first, on every core, as it did: so
	// its memory does not hold the analysis and the pages at once.
	corpusDone := make(chan struct{})
	defer func() { <-corpusDone }() // before the saves are waited for: it may add one
	if opts.Parsed != nil && opts.Parsed.Hits() >= len(k.Entries)/2 && len(k.Entries) > 0 {
		go func() {
			defer close(corpusDone)
			analyse()
			phase("corpus")
		}()
	} else {
		analyse()
		close(corpusDone)
		phase("analysed")
		if err := opts.interrupted(); err != nil {
			return nil, problems, err
		}
	}
	corpus := func() *analysis.Corpus { <-corpusDone; return c }
	// Entry pages made from the same inputs are linked from the published
	// site, not rendered again.
	var pages *pageCache
	if opts.CacheDir != "" && opts.Templates == nil && opts.Out != "" {
		pages = openPageCache(opts.CacheDir, opts.Out)
	}
	// The index is written while the site is: much of either is waiting
	// on the file system.
	// The index is made from the published one when the prints of its
	// records are known: only the records that changed are written.
	var prints *indexPrints
	if opts.CacheDir != "" && opts.Index != "" {
		prints = openIndexPrints(opts.CacheDir, opts.Index)
	}
	indexDone := make(chan error, 1)
	if opts.Index != "" {
		go func() {
			lastUpdated.Store(prints.prevIndex() != "")
			ctx := opts.Context
			if ctx == nil {
				ctx = context.Background()
			}
			p, err := index.UpdateContext(ctx, corpus(), k.Config, tx.path(opts.Index), prints.prevIndex(), prints.old())
			if err != nil {
				indexDone <- fmt.Errorf("build index: %w", err)
			}
			prints.set(p)
			phase("index")
			close(indexDone)
		}()
	} else {
		close(indexDone)
	}
	if opts.Out != "" {
		out := tx.path(opts.Out)
		err := os.Mkdir(out, 0o755)
		if err == nil {
			err = site.Build(k, out, site.Options{BaseURL: k.Config.BaseURL, NoIndex: opts.NoIndex, Now: opts.Now, LiveReload: opts.LiveReload, Templates: opts.Templates, CorpusFunc: corpus, Reuse: pages.get(), Context: opts.Context})
		}
		phase("site")
		if err == nil && pages.get() != nil && pages.reuse.Patched {
			err = tx.patch(opts.Out, patchItems(out, pages.reuse))
		}
		if err != nil {
			<-indexDone
			if ierr := opts.interrupted(); ierr != nil {
				return nil, problems, ierr
			}
			return nil, problems, fmt.Errorf("build site: %w", err)
		}
	}
	err = <-indexDone
	if ierr := opts.interrupted(); ierr != nil {
		return nil, problems, ierr
	}
	if err != nil {
		return nil, problems, err
	}
	// A body the loader left unread and the outputs needed came from a file
	// that changed since it was loaded: the outputs may not match it.
	for _, e := range k.Entries {
		if err := e.BodyErr(); err != nil {
			return nil, problems, err
		}
	}
	if err := tx.commit(); err != nil {
		return nil, problems, err
	}
	phase("commit")
	// The records of what was published, each encoded and written on its
	// own core (the page cache is 2.4 MB of JSON at 10,000 entries).
	var records sync.WaitGroup
	records.Go(pages.save)
	records.Go(prints.save)
	records.Go(tx.removeStages) // the previous outputs (at 10,000 entries, 4,000 search data files after one edit)
	if up != nil {
		up.record(len(k.Entries), problems)
	}
	records.Wait()
	phase("saved")
	return k, problems, nil
}

// limitedGCPercent is the GC percentage of a build under a memory limit
// (see Build).
const limitedGCPercent = 400

// Skipped reports whether k is what Build returns when it did nothing, its
// outputs being already those of the content (Options.SkipUnchanged): a KB
// holding only the number of entries.
func Skipped(k *kb.KB) bool {
	return k != nil && len(k.Entries) > 0 && k.Entries[0] == nil
}

// lastWeighedPartly says whether the last build weighed only the terms of
// the entries that changed (tests).
var lastWeighedPartly atomic.Bool

// indexPrints keeps, in the cache directory, the prints of the records of
// the index last built into an output (index.Prints), with a stamp of the
// output directory (inode and modification time) as that build left it:
// the next build of the same acmkb makes its index from that one while the
// stamp holds.
type indexPrints struct {
	file, dir string
	prev      *index.Prints // of the published index, when its stamp holds
	now       *index.Prints // of the index built
}

// printsRecord is what the index prints' file keeps (encodePrints).
type printsRecord struct {
	Output  string
	Version string // acmkb's: another may store records otherwise
	Prints  *index.Prints
}

func openIndexPrints(cacheDir, out string) *indexPrints {
	abs, err := canonical(out)
	if err != nil || useDir(cacheDir) != nil {
		return nil
	}
	ip := &indexPrints{file: cacheFileName(cacheDir, "prints-", abs), dir: abs}
	if data, err := os.ReadFile(ip.file); err == nil {
		if r, err := decodePrints(data); err == nil && r.Output != "" && r.Output == dirStamp(abs) && r.Version == Version {
			ip.prev = r.Prints
		}
	}
	return ip
}

// prevIndex is the published index to start from, or "".
func (ip *indexPrints) prevIndex() string {
	if ip == nil || ip.prev == nil {
		return ""
	}
	return ip.dir
}

func (ip *indexPrints) old() *index.Prints {
	if ip == nil {
		return nil
	}
	return ip.prev
}

func (ip *indexPrints) set(p *index.Prints) {
	if ip != nil {
		ip.now = p
	}
}

// save records the prints of the index now published (best effort).
func (ip *indexPrints) save() {
	if ip == nil || ip.now == nil {
		return
	}
	replaceFile(ip.file, encodePrints(printsRecord{Output: dirStamp(ip.dir), Version: Version, Prints: ip.now}))
}

// memoSubject keeps the subject of c (analysis.Corpus.MemoSubject) in
// the cache directory dir, as "subject-HASH" (HASH of the output's name):
// the subject of the last build, with its key (best effort; a file
// missing, damaged or of other entries is a subject worked out again),
// and what each title was analysed into for it, as
// "titles-HASH" (analysis.SubjectMemo, read only when the
// subject is worked out again: a title edited is the only one analysed;
// written back on its own goroutine, which saves waits for).
func memoSubject(c *analysis.Corpus, dir, name string, saves *sync.WaitGroup) {
	if useDir(dir) != nil {
		return
	}
	// Per version, as the terms: the subject is made of analysed titles.
	file := cacheFileName(dir, "subject-", name+"\x00"+Version)
	titlesFile := cacheFileName(dir, "titles-", name+"\x00"+Version)
	var memo *analysis.SubjectMemo
	c.MemoSubject(func(key string) ([]string, bool) {
		var r subjectRecord
		if readRecord(file, &r) && r.Key == key && r.Subject != nil {
			if len(r.Subject) == 0 {
				return nil, true // as Subject says "none"
			}
			return r.Subject, true
		}
		return nil, false
	}, func(key string, subject []string) {
		if memo != nil {
			saves.Go(func() { replaceFile(titlesFile, encodeSubjectTitles(memo)) })
		}
		writeRecord(file, subjectRecord{Key: key, Subject: append([]string{}, subject...)})
	}, func() *analysis.SubjectMemo {
		memo = &analysis.SubjectMemo{}
		if data, err := os.ReadFile(titlesFile); err == nil {
			if m, err := decodeSubjectTitles(data); err == nil {
				memo = m
			}
		}
		return memo
	})
}

type subjectRecord struct {
	Key     string   `json:"key"` // analysis.SubjectKey
	Subject []string `json:"subject"`
}

// readRecord reads the JSON file into v, reporting whether it could.
func readRecord(file string, v any) bool {
	data, err := os.ReadFile(file)
	return err == nil && json.Unmarshal(data, v) == nil
}

// writeRecord writes v as JSON to file (replaceFile).
func writeRecord(file string, v any) {
	if data, err := json.Marshal(v); err == nil {
		replaceFile(file, data)
	}
}

// replaceFile writes data to a temporary file renamed to file (best effort:
// the caches are rebuilt when they cannot be kept), so that a reader finds
// the old file or the new one, whole.
func replaceFile(file string, data []byte) {
	tmp := file + ".tmp" + strconv.Itoa(os.Getpid())
	err := os.WriteFile(tmp, data, 0o600)
	if err == nil {
		err = os.Rename(tmp, file)
	}
	if err != nil {
		os.Remove(tmp) // a full disk leaves no empty or partial file behind
	}
}

// pageCache keeps, in the cache directory, the keys of the entry pages of
// the site last built into an output (site.PageReuse), with a stamp of the
// output directory (inode and modification time) as that build left it: the
// keys are used only while the directory is the one they describe.
// lastReused is how many pages the last build that saved a page cache
// linked from its previous output (for tests).
var lastReused atomic.Int64

// lastKeyed is how many page keys the last build that saved a page cache
// worked out, not taking them from the previous one (for tests).
var lastKeyed atomic.Int64

// lastPatched says whether the last build that saved a page cache patched
// the published site (for tests).
var lastPatched atomic.Bool

// lastUpdated says whether the last build of an index made it from the
// published one (for tests).
var lastUpdated atomic.Bool

type pageCache struct {
	file, dir string
	reuse     *site.PageReuse
}

// pageRecord is what the page cache keeps (its file: encodePages).
type pageRecord struct {
	Output string
	Keys   map[string]string
	Site   string                     // site.PageReuse.Site
	Files  []string                   // site.PageReuse.Files
	Search map[string]site.SearchFile // site.PageReuse.Search
	Lists  map[kb.Lang]string         // site.PageReuse.Lists
	// site.PageReuse.ListPages
	ListPages map[string]string
	// site.PageReuse.Digests
	Digests map[string]string
	// site.PageReuse.SearchPostings
	SearchPostings string
}

func openPageCache(cacheDir, out string) *pageCache {
	abs, err := canonical(out)
	if err != nil || useDir(cacheDir) != nil {
		return nil
	}
	pc := &pageCache{file: cacheFileName(cacheDir, "pages-", abs), dir: abs, reuse: &site.PageReuse{Salt: Version}}
	if r, ok := readPages(pc.file); ok && r.Output != "" && r.Output == dirStamp(abs) {
		pc.reuse.Dir, pc.reuse.Old = abs, r.Keys
		pc.reuse.Patch, pc.reuse.OldSite, pc.reuse.OldFiles, pc.reuse.OldSearch, pc.reuse.OldLists = r.Files != nil, r.Site, r.Files, r.Search, r.Lists
		pc.reuse.OldSearchPostings, pc.reuse.OldDigests, pc.reuse.OldListPages = r.SearchPostings, r.Digests, r.ListPages
	}
	return pc
}

func (pc *pageCache) get() *site.PageReuse {
	if pc == nil {
		return nil
	}
	return pc.reuse
}

// save records the keys of the pages now published (best effort).
func (pc *pageCache) save() {
	if pc == nil {
		return
	}
	lastReused.Store(int64(pc.reuse.Reused))
	lastKeyed.Store(pc.reuse.Keyed.Load())
	lastPatched.Store(pc.reuse.Patched)
	replaceFile(pc.file, encodePages(pageRecord{Output: dirStamp(pc.dir), Keys: pc.reuse.New, Site: pc.reuse.Site, Files: pc.reuse.Files, Search: pc.reuse.Search, Lists: pc.reuse.Lists,
		SearchPostings: pc.reuse.SearchPostings, Digests: pc.reuse.Digests, ListPages: pc.reuse.ListPages}))
}

// patchItems are the changes that make the published site (reuse.Dir) the
// site that a patching site.Build described (reuse) and staged in out: each
// file staged replaces its published version, or comes in with the highest
// of its directories that the site lacks; each file the site had and no
// longer has goes, with the highest of its directories left empty.
func patchItems(out string, reuse *site.PageReuse) []patchItem {
	var items []patchItem
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == out {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		fi, lerr := os.Lstat(filepath.Join(reuse.Dir, rel))
		if d.IsDir() && lerr == nil && fi.IsDir() {
			return nil // the site has it: look inside
		}
		items = append(items, patchItem{Rel: filepath.ToSlash(rel)})
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
	// Every directory that holds a file of the new site.
	kept := map[string]bool{}
	keep := func(rel string) {
		for d := path.Dir(rel); d != "." && !kept[d]; d = path.Dir(d) {
			kept[d] = true
		}
	}
	now := map[string]bool{}
	for rel := range reuse.New {
		now[rel] = true
		keep(rel)
	}
	for _, rel := range reuse.Files {
		now[rel] = true
		keep(rel)
	}
	gone := map[string]bool{}
	drop := func(rel string) {
		if now[rel] {
			return
		}
		top := rel
		for d := path.Dir(rel); d != "." && !kept[d]; d = path.Dir(d) {
			top = d
		}
		gone[top] = true
	}
	for rel := range reuse.Old {
		drop(rel)
	}
	for _, rel := range reuse.OldFiles {
		drop(rel)
	}
	for _, rel := range slices.Sorted(maps.Keys(gone)) {
		items = append(items, patchItem{Rel: rel, Gone: true})
	}
	return items
}

// dirStamp is the inode and modification time of directory dir ("" when
// unknown).
func dirStamp(dir string) string {
	fi, err := os.Stat(dir)
	if err != nil || identity(fi) == "" {
		return ""
	}
	return fmt.Sprintf("%s %d", identity(fi), fi.ModTime().UnixNano())
}

// upToDate remembers, in the cache directory, what the last build of a set
// of outputs was made of: the content (its hash, through the manifest that
// `ask` keeps too: only files whose stamps changed are read), acmkb's
// version, the options and the day (pages say how many days ago an entry
// was verified), with the problems it reported; and the outputs it left
// (each directory's inode and modification time). When all match, the
// outputs are what a build would write again.
type upToDate struct {
	file, key string
	dsts      []string
	listing   *loader.Listing // the content's files, as hashed
}

func newUpToDate(opts Options, dsts []string) *upToDate {
	if useDir(opts.CacheDir) != nil {
		return nil
	}
	hash, listing, err := listedContentHash(opts.Content, opts.CacheDir)
	if err != nil {
		return nil
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	var abs []string
	for _, d := range dsts {
		a, err := canonical(d)
		if err != nil {
			return nil
		}
		abs = append(abs, a)
	}
	key := sha256.Sum256([]byte(fmt.Sprintf("%s %d %s %q %v %d %q %s %q", Version, cacheLayout, hash,
		opts.BaseURL, opts.NoIndex, opts.StaleDays, opts.LiveReload, now().UTC().Format(time.DateOnly), abs)))
	name := sha256.Sum256([]byte(strings.Join(abs, "\n")))
	return &upToDate{file: filepath.Join(opts.CacheDir, "built-"+hex.EncodeToString(name[:10])), key: hex.EncodeToString(key[:]), dsts: abs, listing: listing}
}

// stamps describes the output directories as they are now.
func (u *upToDate) stamps() string {
	var b strings.Builder
	for _, d := range u.dsts {
		fi, err := os.Stat(d)
		if err != nil || identity(fi) == "" {
			return ""
		}
		fmt.Fprintf(&b, "%s %d;", identity(fi), fi.ModTime().UnixNano())
	}
	return b.String()
}

type builtRecord struct {
	Key      string          `json:"key"`
	Outputs  string          `json:"outputs"`
	Entries  int             `json:"entries"`
	Problems loader.Problems `json:"problems"`
}

// check reports whether the outputs are up to date, with the number of
// entries and the problems of the build that made them.
func (u *upToDate) check() (int, loader.Problems, bool) {
	var r builtRecord
	if !readRecord(u.file, &r) || r.Key != u.key || r.Outputs == "" || r.Outputs != u.stamps() {
		return 0, nil, false
	}
	return r.Entries, r.Problems, true
}

// record remembers the build that just made the outputs (best effort).
func (u *upToDate) record(entries int, problems loader.Problems) {
	writeRecord(u.file, builtRecord{Key: u.key, Outputs: u.stamps(), Entries: entries, Problems: problems})
}

// diskTerms reads the term cache called name (an output's, or a content
// folder's) from the cache directory dir ("terms-HASH"), and returns it with
// a function that writes it back if it changed. A missing, unreadable or
// damaged file is an empty cache.
//
// What changed since the file was written whole goes to
// "terms-HASH.changes" (rewritten each time) until it is an eighth of the
// entries, as for the parse cache: a rebuild after one edit writes
// kilobytes, not 28 MB at 10,000 entries. Entries are keyed by what they
// were analysed from, so a changes file lost or left over costs analyses,
// never wrong terms; one that cannot be applied is ignored, and the cache
// is written whole.
func diskTerms(dir, name string) (*analysis.TermCache, func()) {
	if useDir(dir) != nil {
		return nil, func() {}
	}
	file := cacheFileName(dir, "terms-", name+"\x00"+Version) // another acmkb may analyse otherwise
	changes := file + ".changes"
	c, ok := readCacheFile(file, analysis.ReadTermCache)
	whole := ok
	if !ok {
		c = analysis.NewTermCache()
	} else if f, err := os.Open(changes); err == nil {
		whole = c.ReadChanges(f) == nil
		f.Close()
	}
	return c, func() {
		if whole && !c.Changed() {
			return
		}
		if whole && !c.Whole() && c.Len() > 0 && c.Changes() <= c.Len()/8 {
			writeCacheFile(changes, c.WriteChangesTo)
			return
		}
		os.Remove(changes) // first: the whole file holds every change
		writeCacheFile(file, c.WriteTo)
	}
}

// diskWeigh is the postings cache (analysis.WeighCache) of output name in
// dir ("postings-HASH", HASH of the name and acmkb's version, which says
// how terms are weighed), and a function that writes it back when the
// build changed it. A missing, damaged or unreadable file is an empty
// cache: every term is weighed. The file says which entries it was made
// of, so one left from an older build costs a full weighing, never wrong
// postings.
//
// What changed since the file was written whole goes to
// "postings-HASH.changes" (rewritten each time: the postings of the terms
// weighed again since) while those terms hold at most half of the
// postings (analysis.WeighCache.ChangesFit): a rebuild after one edit at
// 10,000 entries writes 4 MB instead of 22. The changes name the file they
// change (its CRC-32C and entries), so changes left over from another are
// ignored; the whole file and the changes that go with it are each
// consistent, so a changes file lost costs weighing, never wrong postings.
func diskWeigh(dir, name string) (*analysis.WeighCache, func()) {
	if useDir(dir) != nil {
		return nil, func() {}
	}
	file := cacheFileName(dir, "postings-", name+"\x00"+Version)
	changes := file + ".changes"
	c, ok := readCacheFile(file, analysis.ReadWeighCache)
	if !ok {
		c = analysis.NewWeighCache()
	} else if f, err := os.Open(changes); err == nil {
		c.ReadChanges(f) // all or nothing: the whole file alone is an older cache
		f.Close()
	}
	return c, func() {
		if !c.Changed() {
			return
		}
		if c.ChangesFit() {
			writeCacheFile(changes, c.WriteChangesTo)
			return
		}
		os.Remove(changes) // first: the whole file holds every change
		writeCacheFile(file, c.WriteTo)
	}
}

// diskParsed is the parse cache of output name in dir ("parsed-HASH", HASH
// of the name and acmkb's version, since entries are stored as this
// version's types), and a function that writes it back when a load changed
// it. A missing or unreadable file is an empty cache. What changed since
// the file was written whole goes to "parsed-HASH.changes" (rewritten each
// time), until it is an eighth of the files: a rebuild after one edit
// writes kilobytes, not the whole cache (84 MB at 10,000 entries). Records
// are keyed by the bytes they were parsed from, so a changes file lost or
// left over costs parses, never a wrong entry.
func diskParsed(dir, name string) (*loader.ParseCache, func()) {
	if useDir(dir) != nil {
		return nil, func() {}
	}
	file := cacheFileName(dir, "parsed-", name+"\x00"+Version)
	changes := file + ".changes"
	var news io.Reader // the changes, read now (they are small)
	if data, err := os.ReadFile(changes); err == nil {
		news = bytes.NewReader(data)
	}
	// The cache is decoded while the loader reads the entry files.
	var c *loader.ParseCache
	if f, err := os.Open(file); err == nil {
		c = loader.ReadParseCacheAsync(f, news, func() { f.Close() }) // mapped, not read
	} else {
		c = loader.NewParseCache()
		if news != nil {
			c.ReadChanges(news) // all or nothing
		}
	}
	return c, func() {
		if !c.Changed() {
			return
		}
		if c.Whole() && c.Len() > 0 && c.Changes() <= c.Len()/8 {
			writeCacheFile(changes, c.WriteChangesTo)
			return
		}
		os.Remove(changes) // first: the whole file holds every change
		writeCacheFile(file, c.WriteTo)
	}
}

// cacheFileName is the file prefix+HASH (HASH of key) of the cache
// directory dir.
func cacheFileName(dir, prefix, key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(dir, prefix+hex.EncodeToString(sum[:10]))
}

// readCacheFile reads file with read, reporting whether it could.
func readCacheFile[C any](file string, read func(io.Reader) (C, error)) (C, bool) {
	var c C
	f, err := os.Open(file)
	if err != nil {
		return c, false
	}
	defer f.Close()
	c, err = read(f) // unbuffered: the term cache, the one read so, reads it whole at its size
	return c, err == nil
}

// writeCacheFile writes file with write, to a temporary file renamed into
// place (best effort).
func writeCacheFile(file string, write func(io.Writer) (int64, error)) {
	tmp := file + ".tmp" + strconv.Itoa(os.Getpid())
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return
	}
	w := bufio.NewWriterSize(f, 1<<20)
	_, err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil && cerr == nil && os.Rename(tmp, file) == nil {
		return
	}
	os.Remove(tmp)
}

// ContentDir opens the content folder dir for reading. Symbolic links are
// followed only while they stay inside dir (os.Root): an entry linked to a
// file elsewhere is reported by the loader and never read.
func ContentDir(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return root.FS(), nil // the Root stays open for the life of the process
}
