package loader

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.abhg.dev/goldmark/frontmatter"
	"gopkg.in/yaml.v3"
)

// Options tune a load.
type Options struct {
	// Now is the current time, for future dates and staleness. Defaults to time.Now.
	Now func() time.Time
	// StaleDays overrides kb.yaml's stale_days when positive.
	StaleDays int
	// Root is prefixed to file names in problems (e.g. "content"), so that
	// messages name files as the user knows them.
	Root string
	// Parsed, when not nil, keeps what each entry file was parsed into
	// across loads in one process (acmkb serve), so that a load parses only
	// the files whose bytes changed.
	Parsed *ParseCache
	// Listing, when not nil, is the content's files as List found them
	// moments before (in the same fsys): Load takes its entry files and
	// their stamps from it instead of listing and stamping them again.
	Listing *Listing
}

// ParseCache remembers, per entry file, the entry and problems its last
// parse gave, with a key of its bytes and of everything else the parse reads
// (the day, StaleDays, Root), and the file's Stamp. A file whose key is
// unchanged is not parsed again: its entry is the same *kb.Entry as before,
// which is safe because nothing changes an entry after it is loaded. A file
// whose stamp is unchanged is not even read (its body is, when needed:
// kb.Entry.BodyText). Safe for concurrent use.
type ParseCache struct {
	mu      sync.Mutex
	files   map[string]parsedFile
	hits    int
	changed bool
	// dirty: the files parsed or forgotten since the cache was last
	// written whole (see WriteChangesTo), and whether each is still known.
	dirty map[string]bool
	// While the cache is read in the background (ReadParseCacheAsync):
	loading bool
	upto    string     // the last file read so far (files come in order)
	cond    *sync.Cond // on mu, broadcast as files are read
	readErr error      // why the read stopped short, once loading is over
}

// waitFor waits, with c.mu held, until the record of file (if any) is read.
func (c *ParseCache) waitFor(file string) {
	for c.loading && c.upto < file {
		c.cond.Wait()
	}
}

// waitAll waits, with c.mu held, until every record is read.
func (c *ParseCache) waitAll() {
	for c.loading {
		c.cond.Wait()
	}
}

// Changed reports whether a load has parsed or forgotten a file since the
// cache was made or read (whether it is worth writing again).
func (c *ParseCache) Changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitAll()
	return c.changed
}

// Whole reports whether the cache read all that WriteTo wrote: a cache read
// short (a damaged file) must be written whole, not as changes.
func (c *ParseCache) Whole() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitAll()
	return c.readErr == nil
}

// parsedRecord is a parsedFile as WriteTo stores it.
type parsedRecord struct {
	File     string
	Key      [sha256.Size]byte
	Entry    *kb.Entry // without Body
	Bodies   map[kb.Lang][2]int
	Problems Problems
	Stamp    Stamp // the file's when it was read, if not racy
}

// Stamp is what the file system says of an entry file without reading it:
// its size, modification and change times (nanoseconds), inode and device.
// Any write changes the change time, even one that puts the size and
// modification time back, so a file whose stamp is the one it had when it
// was parsed has the same bytes (as git's index and make trust). The zero
// Stamp is unknown: the file is read and hashed.
type Stamp struct {
	Size, Mtime, Ctime int64
	Inode, Dev         uint64
}

// RacyWindow: a file changed this shortly before it was stamped may change
// again within the file system's time resolution without its stamp
// changing; its stamp is not kept, so the next load reads it (as the
// manifest of package build does). A variable for tests.
var RacyWindow = 2 * time.Second

// stamp is st as a cache keeps it: the zero Stamp when the file was
// modified (or its inode changed) within RacyWindow before seen.
func (st Stamp) keep(seen time.Time) Stamp {
	if max(st.Mtime, st.Ctime) > seen.Add(-RacyWindow).UnixNano() {
		return Stamp{}
	}
	return st
}

// parseCacheFormat names the encoding WriteTo writes; a file of another
// format is not read.
const parseCacheFormat = "acmkb parse cache 6"

// WriteTo writes the cache for ReadParseCache (codec.go): each file's key,
// problems and entry without its body, with where the body lies in the
// file instead (a body is most of an entry, and the file is read again
// anyway to compute its key).
func (c *ParseCache) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitAll()
	files := make([]string, 0, len(c.files))
	for f := range c.files {
		files = append(files, f)
	}
	sort.Strings(files)
	n, err := writeRecords(w, parseCacheFormat, files, func(f string) parsedRecord { return c.files[f].record(f) })
	if err == nil {
		c.dirty = nil // written whole: no changes since
	}
	return n, err
}

// parsed is the parsedFile that record r stores (see parsedFile.record).
func (r parsedRecord) parsed() parsedFile {
	return parsedFile{key: r.Key, e: r.Entry, problems: r.Problems, bodies: r.Bodies, stamp: r.Stamp}
}

// record is p (of file f) as WriteTo stores it.
func (p parsedFile) record(f string) parsedRecord {
	r := parsedRecord{File: f, Key: p.key, Bodies: p.bodies, Problems: p.problems, Stamp: p.stamp}
	if p.e != nil {
		e := *p.e.Full()
		if p.bodies != nil && (e.Body == nil || len(p.bodies) == len(e.Body)) { // nil: never taken from the bytes
			e.Body = nil // taken from the file's bytes again
		} else {
			r.Bodies = nil
		}
		r.Entry = &e
	}
	return r
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ReadParseCache reads what WriteTo wrote.
func ReadParseCache(r io.Reader) (*ParseCache, error) {
	c := ReadParseCacheAsync(r, nil, nil)
	if !c.Whole() {
		return nil, c.readErr
	}
	return c, nil
}

// ReadParseCacheAsync returns at once a cache that is read from r (what
// WriteTo wrote) in the background, with what WriteChangesTo wrote read
// from changes first (nil: none; all or nothing) and put over it; done,
// when not nil, is called once r is no longer read. A lookup waits only
// for the record of its own file (records come in file order, as a load
// asks for them), so that a load reads and hashes the entry files while
// the cache is decoded. A cache that cannot be read whole keeps what was
// read (each record is keyed by the bytes it was parsed from) and says so
// (Whole).
func ReadParseCacheAsync(r io.Reader, changes io.Reader, done func()) *ParseCache {
	c := NewParseCache()
	c.cond = sync.NewCond(&c.mu)
	var recs []parsedRecord
	if changes != nil {
		recs, _ = readRecords(changes, parseChangesFormat)
	}
	changed := map[string]bool{}
	for _, rec := range recs {
		changed[rec.File] = true
		c.apply(rec)
	}
	c.loading = true
	go func() {
		// Records are handed over in batches: a lock and a wake-up per
		// record cost more than the wait they save.
		var batch []parsedRecord
		flush := func() {
			c.mu.Lock()
			for _, rec := range batch {
				if !changed[rec.File] {
					c.files[rec.File] = rec.parsed()
				}
				c.upto = rec.File
			}
			c.cond.Broadcast()
			c.mu.Unlock()
			batch = batch[:0]
		}
		err := decodeRecords(r, parseCacheFormat, func(rec parsedRecord) {
			if batch = append(batch, rec); len(batch) == 64 {
				flush()
			}
		})
		flush()
		if done != nil {
			done()
		}
		c.mu.Lock()
		c.loading, c.readErr = false, err
		c.cond.Broadcast()
		c.mu.Unlock()
	}()
	return c
}

// readRecords is decodeRecords into a slice: all of them, or none.
func readRecords(r io.Reader, format string) ([]parsedRecord, error) {
	var recs []parsedRecord
	if err := decodeRecords(r, format, func(rec parsedRecord) { recs = append(recs, rec) }); err != nil {
		return nil, err
	}
	return recs, nil
}

// Hits is how many files the last load took from the cache.
func (c *ParseCache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

type parsedFile struct {
	key      [sha256.Size]byte
	e        *kb.Entry
	problems Problems
	// bodies: where each language's body lies in the file's bytes, so that
	// a cache on disk need not hold the bodies (see WriteTo); an entry read
	// back from disk has no Body until get takes it from the bytes again.
	bodies map[kb.Lang][2]int
	stamp  Stamp // of the file parsed, when not racy (Stamp.keep)
}

// NewParseCache returns an empty ParseCache.
func NewParseCache() *ParseCache { return &ParseCache{files: map[string]parsedFile{}} }

// stamped is the parse of file when its stamp st is the one the cache
// has for it (not zero) and so are its key (as keyOf makes it of the
// entry's digest: the day and options) and the file has an entry. The
// file is not read: an entry read back from disk has no Body, but reads it
// on first use (kb.Entry.SetLazyBody) with read, which gets the file's
// bytes again and checks their digest.
func (c *ParseCache) stamped(file string, st Stamp, keyOf func(digest string) [sha256.Size]byte, read func(digest string, bodies map[kb.Lang][2]int) (kb.Text, error)) (parsedFile, bool) {
	if c == nil || st == (Stamp{}) {
		return parsedFile{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitFor(file)
	p, ok := c.files[file]
	if !ok || p.stamp != st || p.e == nil || p.e.Digest == "" || p.key != keyOf(p.e.Digest) {
		return parsedFile{}, false
	}
	if p.e.Body == nil && p.bodies != nil {
		e, bodies := *p.e, p.bodies
		e.SetLazyBody(func() (kb.Text, error) { return read(e.Digest, bodies) })
		p.e = &e
	}
	c.hits++
	return p, true
}

func (c *ParseCache) get(file string, key [sha256.Size]byte, data []byte, st Stamp) (parsedFile, bool) {
	if c == nil {
		return parsedFile{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitFor(file)
	p, ok := c.files[file]
	if !ok || p.key != key {
		return parsedFile{}, false
	}
	if p.stamp != st { // same bytes, another stamp (touched, copied, or racy before)
		p.stamp = st
		c.files[file] = p
		c.changed = true
		c.markDirty(file, true)
	}
	if p.e != nil && p.e.Body == nil && p.bodies != nil { // read from disk: the body comes from the bytes
		body, ok := bodiesIn(data, p.bodies)
		if !ok {
			return parsedFile{}, false
		}
		e := *p.e
		e.Body = body
		p.e = &e
		c.files[file] = p
	}
	c.hits++
	return p, true
}

func (c *ParseCache) put(file string, p parsedFile, data []byte) {
	if c == nil {
		return
	}
	// The loader says where the bodies lie (load.bodies); an entry made
	// otherwise has them looked for.
	if p.e == nil {
		p.bodies = nil
	} else if p.bodies == nil || len(p.bodies) != len(p.e.Body) {
		p.bodies = map[kb.Lang][2]int{}
		for lang, body := range p.e.Body {
			// The body is a trimmed slice of the file; any occurrence of
			// the same bytes gives the same string back.
			i := bytes.Index(data, []byte(body))
			if i < 0 {
				p.bodies = nil
				break
			}
			p.bodies[lang] = [2]int{i, i + len(body)}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files[file] = p
	c.changed = true
	c.markDirty(file, true)
}

func (c *ParseCache) markDirty(file string, known bool) {
	if c.dirty == nil {
		c.dirty = map[string]bool{}
	}
	c.dirty[file] = known
}

// Changes is how many files WriteChangesTo would write, and Len how many
// files the cache knows: when the changes are many, write it whole.
func (c *ParseCache) Changes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitAll()
	return len(c.dirty)
}

// Len is how many files the cache knows.
func (c *ParseCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitAll()
	return len(c.files)
}

// parseChangesFormat names the encoding WriteChangesTo writes.
const parseChangesFormat = "acmkb parse cache changes 4"

// WriteChangesTo writes, for ReadChanges, what changed since the cache was
// last written whole (WriteTo): the files parsed since, and those
// forgotten. A cache read with ReadParseCache and then ReadChanges of
// those is the cache that wrote them; writing the changes alone costs a
// rebuild that changes one file a few kilobytes instead of the whole cache.
func (c *ParseCache) WriteChangesTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitAll()
	return writeRecords(w, parseChangesFormat, slices.Sorted(maps.Keys(c.dirty)), func(f string) parsedRecord {
		if p, ok := c.files[f]; ok && c.dirty[f] {
			return p.record(f)
		}
		return parsedRecord{File: f} // forgotten
	})
}

// ReadChanges applies what WriteChangesTo wrote to a cache read with
// ReadParseCache: all of it, or nothing on error. They stay changes: the
// next WriteChangesTo writes them again.
func (c *ParseCache) ReadChanges(r io.Reader) error {
	recs, err := readRecords(r, parseChangesFormat)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitAll()
	for _, rec := range recs {
		c.apply(rec)
	}
	return nil
}

// apply puts a record of WriteChangesTo in the cache, with c.mu held or
// before the cache is shared.
func (c *ParseCache) apply(rec parsedRecord) {
	if rec.Entry == nil && rec.Problems == nil && rec.Key == ([sha256.Size]byte{}) { // forgotten
		delete(c.files, rec.File)
		c.markDirty(rec.File, false)
		return
	}
	c.files[rec.File] = rec.parsed()
	c.markDirty(rec.File, true)
}

func (c *ParseCache) reset() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hits = 0
}

// keep forgets the files not in files (deleted since).
func (c *ParseCache) keep(files []string) {
	if c == nil {
		return
	}
	in := make(map[string]bool, len(files))
	for _, f := range files {
		in[f] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitAll()
	for f := range c.files {
		if !in[f] {
			delete(c.files, f)
			c.changed = true
			c.markDirty(f, false)
		}
	}
}

// parseKey is the key of the parse of file f: its name as this load spells
// it (Root included), its digest (name and bytes), the day and StaleDays.
// The name is there besides the digest because a record found by its stamp
// (ParseCache.stamped) is checked against the key made from its own stored
// digest: without the name, a file parsed under one spelling of Root
// ("kb", "/home/me/kb") would be taken under another with the other's
// digest, so that its lazy body never matched ("changed during the build")
// and its pages were keyed as the other spelling's.
func (l *load) parseKey(f, digest string) [sha256.Size]byte {
	return sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d", l.name(f), digest, l.today.Format(time.DateOnly), l.opts.StaleDays))
}

// digest is kb.Entry.Digest of the entry in file (named name in messages
// and in Entry.Path) with bytes data.
func digest(name string, data []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
	h.Write(data)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// The files of a content directory.
const (
	ConfigFile    = "kb.yaml"
	ThesaurusFile = "thesaurus.yaml"
	EntriesDir    = "entries"
)

// Load reads and checks the knowledge base in fsys. It returns the knowledge
// base (nil when there are errors) and every problem found, errors and
// warnings, sorted by file and line.
func Load(fsys fs.FS, opts Options) (*kb.KB, Problems) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	l := &load{fsys: fsys, opts: opts, today: civilDay(opts.Now())}
	cfg := l.config()
	if opts.StaleDays > 0 {
		cfg.StaleDays = opts.StaleDays
	}
	thesaurus := l.thesaurus()
	entries := l.entries()
	l.crossCheck(entries, cfg)
	l.problems.sort()
	if len(l.problems.Errors()) > 0 {
		return nil, l.problems
	}
	return kb.New(cfg, entries, thesaurus), l.problems
}

type load struct {
	fsys     fs.FS
	opts     Options
	today    time.Time // the author's calendar day, as midnight UTC (see civilDay)
	problems Problems
	// fileIDs: the ids entry files are named for (entries/ID.md), whether
	// or not they load: a related id with a file is not reported missing.
	fileIDs map[string]bool
	// bodies: where the body of the entry parsed last lies in its file,
	// per language (parsedFile.bodies).
	bodies map[kb.Lang][2]int
}

// civilDay is the calendar day of t where t is (its location: the author's
// time zone for time.Now), as midnight UTC, the way dates in entries are
// parsed. Comparing days, not instants, keeps an entry verified today valid
// from 00:00 in Tokyo as in London.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (l *load) name(p string) string {
	if l.opts.Root == "" {
		return p
	}
	return path.Join(l.opts.Root, p)
}

func (l *load) errorf(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{Path: l.name(file), Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *load) warnf(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{Path: l.name(file), Line: line, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// parseYAML parses a whole YAML file into its top mapping node; lineOffset is
// added to reported lines (front matter starts on line 2).
func (l *load) parseYAML(file string, data []byte, lineOffset int) *yaml.Node {
	if line, msg := wideIndent(string(data)); line > 0 {
		l.errorf(file, line+lineOffset, "invalid YAML: %s", msg)
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := explainYAML(data, err)
		if line > 0 {
			line += lineOffset
		} else {
			line = lineOffset + 1
		}
		l.errorf(file, line, "invalid YAML: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		l.errorf(file, lineOffset+1, "empty YAML document")
		return nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		l.errorf(file, top.Line+lineOffset, "expected a mapping of keys to values")
		return nil
	}
	return top
}

var yamlLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+): (.*)`) })

// yamlErrorLine splits a yaml.v3 error into its line and message. yaml.v3
// counts the line of "did not find expected ..." errors (an unclosed [ or {)
// from zero, the others from one.
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineRE().FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "did not find expected") {
			n++
		}
		return n, m[2]
	}
	return 0, msg
}

func (l *load) config() kb.Config {
	cfg := kb.Config{StaleDays: 180}
	data, err := readFile(l.fsys, ConfigFile, MaxConfigBytes)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// Most often the wrong folder, or one not set up yet.
			l.errorf(ConfigFile, 0, "missing: a knowledge base folder holds kb.yaml and entries/ (acmkb init DIR writes a new one)")
		} else {
			l.errorf(ConfigFile, 0, "%s", readError(l.fsys, ConfigFile, err))
		}
		return cfg
	}
	top := l.parseYAML(ConfigFile, data, 0)
	if top == nil {
		return cfg
	}
	m := l.mapping(ConfigFile, top, 0, map[string]bool{"name": true, "product": true, "description": true, "base_url": true, "stale_days": false})
	cfg.Name = l.text(ConfigFile, m["name"], 0, "name")
	cfg.Product = l.text(ConfigFile, m["product"], 0, "product")
	cfg.Description = l.text(ConfigFile, m["description"], 0, "description")
	// As for an entry's title: a Japanese name or description left in
	// English heads every Japanese page. (The product's name is often the
	// same in both.)
	for _, f := range []struct {
		key  string
		text kb.Text
	}{{"name", cfg.Name}, {"description", cfg.Description}} {
		if ja := f.text[kb.JA]; ja != "" && !hasJapanese(ja) && m[f.key] != nil {
			l.warnf(ConfigFile, m[f.key].Line, "%s: the ja text has no Japanese in it: is it translated?", f.key)
		}
	}
	if n := m["base_url"]; n != nil {
		cfg.BaseURL = strings.TrimRight(n.Value, "/")
		if err := kb.CheckBaseURL(cfg.BaseURL); err != nil {
			l.errorf(ConfigFile, n.Line, "base_url: %v", err)
		}
	}
	if n := m["stale_days"]; n != nil {
		d, err := strconv.Atoi(n.Value)
		if err != nil || d < 0 {
			l.errorf(ConfigFile, n.Line, "stale_days %q is not a whole number of days", n.Value)
		} else {
			cfg.StaleDays = d
		}
	}
	return cfg
}

func (l *load) thesaurus() [][]string {
	data, err := readFile(l.fsys, ThesaurusFile, MaxThesaurusBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // optional
	}
	if err != nil {
		l.errorf(ThesaurusFile, 0, "%s", readError(l.fsys, ThesaurusFile, err))
		return nil
	}
	top := l.parseYAML(ThesaurusFile, data, 0)
	if top == nil {
		return nil
	}
	m := l.mapping(ThesaurusFile, top, 0, map[string]bool{"groups": true})
	groups := m["groups"]
	if groups == nil {
		return nil
	}
	if groups.Kind != yaml.SequenceNode {
		l.errorf(ThesaurusFile, groups.Line, "groups: expected a list of lists")
		return nil
	}
	var out [][]string
	seen := map[string]int{}
	for _, g := range groups.Content {
		words := l.strings(ThesaurusFile, g, 0, "group")
		for _, w := range words {
			l.checkText(ThesaurusFile, g.Line, "group", w)
		}
		if len(words) < 2 {
			l.errorf(ThesaurusFile, g.Line, "a group needs at least two members")
			continue
		}
		for _, w := range words {
			key := strings.ToLower(strings.TrimSpace(w))
			if prev, dup := seen[key]; dup {
				l.warnf(ThesaurusFile, g.Line, "%q is also in the group on line %d", w, prev)
			}
			seen[key] = g.Line
		}
		out = append(out, words)
	}
	return out
}

func (l *load) entries() []*kb.Entry {
	// Files stamped after this may still change within their stamps'
	// resolution (Stamp.keep).
	seen := time.Now()
	var files []string
	var dirents []fs.DirEntry
	var infos []fs.FileInfo // from the listing, instead of dirents
	var ignored []string
	var err error
	if ls := l.opts.Listing; ls != nil {
		seen = ls.seen
		files, infos = ls.entries()
		ignored = ls.ignored
	} else {
		files, dirents, ignored, err = entryDirents(l.fsys)
	}
	for _, f := range ignored {
		if ok, _ := path.Match("*.[mM][dD]", path.Base(f)); ok || strings.HasSuffix(strings.ToLower(f), ".markdown") {
			l.warnf(f, 0, "not read: an entry file's name ends in .md (lower case)")
		} else {
			l.warnf(f, 0, "not read: entries are the .md files directly in %s/", EntriesDir)
		}
	}
	switch {
	case err == errTooMany:
		l.errorf(EntriesDir, 0, "%v: split the knowledge base", err)
		return nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		l.errorf(EntriesDir, 0, "%s", readError(l.fsys, EntriesDir, err))
		return nil
	case len(files) == 0:
		l.errorf(EntriesDir, 0, "no entries (*.md) found")
		return nil
	}
	l.fileIDs = make(map[string]bool, len(files))
	for _, f := range files {
		l.fileIDs[strings.TrimSuffix(path.Base(f), ".md")] = true
	}
	l.opts.Parsed.reset()
	// Each file on its own, on every core; problems and entries in file order.
	type parsed struct {
		e        *kb.Entry
		problems Problems
	}
	res := make([]parsed, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				sub := &load{fsys: l.fsys, opts: l.opts, today: l.today}
				f := files[i]
				var st Stamp
				if l.opts.Parsed != nil {
					// A regular file's stamp is its directory entry's (the
					// listing has it: no lookup per file); a link's is
					// its target's.
					var fi fs.FileInfo
					var err error
					if infos != nil {
						fi = infos[i] // as fs.Stat gives it
					} else if fi, err = dirents[i].Info(); err != nil || !fi.Mode().IsRegular() {
						fi, err = fs.Stat(l.fsys, f)
					}
					if err == nil {
						st = stampOf(fi).keep(seen)
					}
				}
				if p, ok := l.opts.Parsed.stamped(f, st, func(dg string) [sha256.Size]byte { return l.parseKey(f, dg) }, func(dg string, bodies map[kb.Lang][2]int) (kb.Text, error) { return l.readBody(f, dg, bodies) }); ok { // unchanged since parsed: not read
					res[i].e, res[i].problems = p.e, p.problems
					continue
				}
				data, err := readFile(l.fsys, f, MaxEntryBytes)
				if err != nil {
					sub.errorf(f, 0, "%s", readError(l.fsys, f, err))
					res[i].problems = sub.problems
					continue
				}
				dg := digest(l.name(f), data)
				key := l.parseKey(f, dg)
				if p, ok := l.opts.Parsed.get(f, key, data, st); ok { // same key, same digest
					res[i].e, res[i].problems = p.e, p.problems
					continue
				}
				res[i].e = sub.entry(f, data)
				if res[i].e != nil {
					res[i].e.Digest = dg
				}
				res[i].problems = sub.problems
				l.opts.Parsed.put(f, parsedFile{key: key, e: res[i].e, problems: sub.problems, stamp: st, bodies: sub.bodies}, data)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	l.opts.Parsed.keep(files)
	var out []*kb.Entry
	for _, r := range res {
		l.problems = append(l.problems, r.problems...)
		if r.e != nil {
			out = append(out, r.e)
		}
	}
	return out
}

// readBody reads the bodies of the entry of file f, with digest dg, that
// lie at bodies in the file's bytes (kb.Entry.SetLazyBody): the file is
// read again and must still have the bytes it was parsed from.
func (l *load) readBody(f, dg string, bodies map[kb.Lang][2]int) (kb.Text, error) {
	data, err := readFile(l.fsys, f, MaxEntryBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", l.name(f), readError(l.fsys, f, err))
	}
	body, ok := bodiesIn(data, bodies)
	if !ok || digest(l.name(f), data) != dg {
		return nil, fmt.Errorf("%s: changed during the build: build again", l.name(f))
	}
	return body, nil
}

// bodiesIn cuts an entry's bodies out of its file's bytes at ranges (where
// put found them); false when a range does not fit the bytes.
func bodiesIn(data []byte, ranges map[kb.Lang][2]int) (kb.Text, bool) {
	body := make(kb.Text, len(ranges))
	for lang, r := range ranges {
		if r[0] < 0 || r[1] > len(data) || r[0] > r[1] {
			return nil, false
		}
		body[lang] = string(data[r[0]:r[1]])
	}
	return body, true
}

var entryKeys = map[string]bool{
	"id": true, "verdict": true, "verified": true, "title": true, "answer": true,
	"examples": true, "sources": true,
	"services": false, "tags": false, "related": false, "conditions": false, "history": false,
	"aliases": false,
}

// markdown parses entries; built on first use, so that commands that never
// load content (ask with a cached index) do not pay for it. It parses
// blocks only: what the loader reads of a body, its language markers, are
// top-level HTML blocks, which inline parsing does not change (it was a
// third of the parse's CPU).
var markdown = sync.OnceValue(func() goldmark.Markdown {
	// WithAttribute: headings' pinned anchors ("## Heading {#anchor}")
	// are read as the site reads them (anchors).
	blocks := parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...), parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...), parser.WithAttribute())
	return goldmark.New(goldmark.WithParser(blocks), goldmark.WithExtensions(&frontmatter.Extender{}))
})

// entry parses one entry file. Front matter lines are reported as file lines.
func (l *load) entry(file string, data []byte) *kb.Entry {
	if !utf8.Valid(data) {
		// Markdown renderers index runes backwards from a byte: invalid
		// UTF-8 made goldmark panic (found by FuzzMarkdown).
		bad := 0
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				bad = i
				break
			}
			i += n
		}
		l.errorf(file, bytes.Count(data[:bad], []byte("\n"))+1, "not valid UTF-8 (byte 0x%02x): save the file as UTF-8", data[bad])
		return nil
	}
	if !bytes.HasPrefix(data, []byte("---\n")) && !bytes.HasPrefix(data, []byte("---\r\n")) {
		l.errorf(file, 1, "missing front matter: the file must start with a line \"---\"")
		return nil
	}
	if line, msg := unclosedFrontMatter(data); line > 0 {
		l.errorf(file, line, "%s", msg)
		return nil
	}
	// The front matter and the body's markers: from a line scan where it
	// sees what goldmark's block parser does (scanEntry), else from a parse.
	var doc ast.Node
	raw, markers, scanned := scanEntry(data)
	if !scanned {
		ctx := parser.NewContext()
		doc = markdown().Parser().Parse(text.NewReader(data), parser.WithContext(ctx))
		fm := frontmatter.Get(ctx)
		if fm == nil {
			l.errorf(file, 1, "front matter is not closed by a line \"---\"")
			return nil
		}
		raw = fm.Raw()
	}
	const off = 1 // front matter YAML starts on the file's second line
	if line, msg := wideIndent(string(raw)); line > 0 {
		l.errorf(file, line+off, "invalid YAML in front matter: %s", msg)
		return nil
	}
	node, err := decodeYAML(raw)
	if err != nil {
		if m := markerIn(raw); m > 0 {
			l.errorf(file, m+off, "the front matter runs into the body: add a line \"---\" before this marker (the front matter opened on line 1 is closed only by the \"---\" on line %d)", bytes.Count(raw, []byte("\n"))+2)
			return nil
		}
		line, msg := explainYAML(raw, err)
		l.errorf(file, line+off, "invalid YAML in front matter: %s", msg)
		return nil
	}
	if len(node.Content) == 0 || node.Content[0].Kind != yaml.MappingNode {
		l.errorf(file, 2, "front matter must be a mapping of keys to values")
		return nil
	}
	top := node.Content[0]
	m := l.mapping(file, top, off, entryKeys)

	e := &kb.Entry{Path: l.name(file), Lines: kb.LineIndex{}}
	for k, n := range m {
		e.Lines[k] = n.Line + off
	}
	want := strings.TrimSuffix(path.Base(file), ".md")
	if n := m["id"]; n != nil {
		e.ID = n.Value
		switch {
		case !kb.ValidID(e.ID):
			l.errorf(file, n.Line+off, "id %q must be lowercase letters and digits joined by \"-\"", e.ID)
		case e.ID != want:
			l.errorf(file, n.Line+off, "id %q differs from the file name %q", e.ID, want+".md")
		}
	}
	if n := m["verdict"]; n != nil {
		e.Verdict = l.verdict(file, n, off, "verdict")
	}
	if n := m["verified"]; n != nil {
		e.Verified = l.date(file, n, off, "verified")
	}
	e.Title = l.text(file, m["title"], off, "title")
	e.Answer = l.text(file, m["answer"], off, "answer")
	e.Examples = l.list(file, m["examples"], off, "examples", false)
	e.Conditions = l.list(file, m["conditions"], off, "conditions", true)
	e.Services = l.strings(file, m["services"], off, "services")
	e.Tags = l.strings(file, m["tags"], off, "tags")
	e.Related = l.strings(file, m["related"], off, "related")
	e.Aliases = l.aliases(file, m["aliases"], off, e)
	e.Sources = l.sources(file, m["sources"], off)
	e.History = l.history(file, m["history"], off, e.Verdict)
	e.Body = l.body(file, data, doc, markers)
	return e // returned even with errors: cross checks (duplicate ids) want every id
}

// aliases reads an entry's former ids: each must be a well-formed id, not
// the entry's own, and given once. Each alias's line is kept in e.Lines
// ("aliases.N") for the checks across entries.
func (l *load) aliases(file string, n *yaml.Node, off int, e *kb.Entry) []string {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.errorf(file, n.Line+off, "aliases: expected a list of former ids")
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, item := range n.Content {
		s, ok := l.scalar(file, item, off, "aliases")
		if !ok {
			continue
		}
		line := item.Line + off
		switch s = strings.TrimSpace(s); {
		case s == "":
			l.errorf(file, line, "aliases: empty item")
		case !kb.ValidID(s):
			l.errorf(file, line, "aliases: %q is not an id: lowercase letters and digits joined by \"-\", as the entry's former file name", s)
		case s == e.ID:
			l.errorf(file, line, "aliases: %q is the entry's own id", s)
		case s == "search":
			l.errorf(file, line, "aliases: %q is the path of the site's search page (/en/search/)", s)
		case seen[s]:
			l.errorf(file, line, "aliases: %q given twice", s)
		default:
			seen[s] = true
			e.Lines["aliases."+strconv.Itoa(len(out))] = line
			out = append(out, s)
		}
	}
	return out
}

// mapping indexes a mapping node's values by key, reporting unknown keys,
// duplicate keys and missing required keys (known[k] = required).
func (l *load) mapping(file string, n *yaml.Node, off int, known map[string]bool) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, ok := known[k.Value]; !ok {
			keys := keyList(known)
			if near := nearest(strings.ToLower(k.Value), strings.Split(keys, ", ")); near != "" {
				l.errorf(file, k.Line+off, "unknown key %q: did you mean %q? (known: %s)", k.Value, near, keys)
			} else {
				l.errorf(file, k.Line+off, "unknown key %q (known: %s)", k.Value, keys)
			}
			continue
		}
		if _, dup := out[k.Value]; dup {
			l.errorf(file, k.Line+off, "key %q given twice", k.Value)
			continue
		}
		out[k.Value] = v
	}
	for k, required := range known {
		if required && out[k] == nil {
			l.errorf(file, n.Line+off, "missing required key %q", k)
		}
	}
	return out
}

func keyList(known map[string]bool) string {
	keys := make([]string, 0, len(known))
	for k := range known {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

func (l *load) scalar(file string, n *yaml.Node, off int, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		l.errorf(file, n.Line+off, "%s: expected a single value", what)
		return "", false
	}
	return n.Value, true
}

func (l *load) verdict(file string, n *yaml.Node, off int, what string) kb.Verdict {
	s, ok := l.scalar(file, n, off, what)
	if !ok {
		return ""
	}
	v := kb.Verdict(strings.ToLower(s)) // "Partly", "YES": as the CLI prints it
	if !v.Valid() {
		l.errorf(file, n.Line+off, "%s: unknown verdict %q (want yes, no or partly)", what, s)
	}
	return v
}

func (l *load) date(file string, n *yaml.Node, off int, what string) kb.Date {
	s, ok := l.scalar(file, n, off, what)
	if !ok {
		return kb.Date{}
	}
	t, err := time.Parse(kb.DateLayout, s)
	if err != nil {
		l.errorf(file, n.Line+off, "%s: %q is not a date (want YYYY-MM-DD)", what, s)
		return kb.Date{}
	}
	if t.After(l.today) {
		l.errorf(file, n.Line+off, "%s: %s is in the future (today is %s)", what, s, l.today.Format(kb.DateLayout))
	}
	return kb.Date{Time: t}
}

// checkText reports a control character in prose: ESC and its kin would be
// printed raw to terminals (acmkb ask) and never belong in text.
func (l *load) checkText(file string, line int, what, s string) {
	if r, bad := controlChar(s); bad {
		l.errorf(file, line, "%s: control character %U is not allowed in text", what, r)
	}
}

// perLang reads a mapping with one value per language, calling read for each
// language key, and reports unknown languages; shape is how the value is
// described in the error for a mapping of the wrong kind.
func (l *load) perLang(file string, n *yaml.Node, off int, what, shape string, read func(kb.Lang, *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		l.errorf(file, n.Line+off, "%s: expected %s", what, shape)
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		lang, err := kb.ParseLang(k.Value)
		if err != nil {
			l.errorf(file, k.Line+off, "%s: %v", what, err)
			continue
		}
		read(lang, v)
	}
	return true
}

// text reads a {en: ..., ja: ...} mapping; every language is required.
func (l *load) text(file string, n *yaml.Node, off int, what string) kb.Text {
	if n == nil {
		return nil
	}
	t := kb.Text{}
	ok := l.perLang(file, n, off, what, "one value per language (en: ..., ja: ...)", func(lang kb.Lang, v *yaml.Node) {
		if s, ok := l.scalar(file, v, off, what+"."+string(lang)); ok {
			t[lang] = strings.TrimSpace(s)
			l.checkText(file, v.Line+off, what+"."+string(lang), s)
		}
	})
	if !ok {
		return nil
	}
	for _, lang := range kb.Langs {
		if t[lang] == "" {
			l.errorf(file, n.Line+off, "%s: missing translation %q", what, lang)
		}
	}
	return t
}

// list reads {en: [...], ja: [...]}; every language is required. When paired,
// the items are translations of each other and each language needs as many.
func (l *load) list(file string, n *yaml.Node, off int, what string, paired bool) kb.List {
	if n == nil {
		return nil
	}
	out := kb.List{}
	ok := l.perLang(file, n, off, what, "one list per language (en: [...], ja: [...])", func(lang kb.Lang, v *yaml.Node) {
		out[lang] = l.strings(file, v, off, what+"."+string(lang))
	})
	if !ok {
		return nil
	}
	for _, lang := range kb.Langs {
		if len(out[lang]) == 0 {
			l.errorf(file, n.Line+off, "%s: missing translation %q", what, lang)
		}
	}
	if paired && len(out[kb.EN]) > 0 && len(out[kb.JA]) > 0 && len(out[kb.EN]) != len(out[kb.JA]) {
		l.errorf(file, n.Line+off, "%s: %d items in en but %d in ja (each item needs its translation)", what, len(out[kb.EN]), len(out[kb.JA]))
	}
	return out
}

func (l *load) strings(file string, n *yaml.Node, off int, what string) []string {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.errorf(file, n.Line+off, "%s: expected a list", what)
		return nil
	}
	var out []string
	for _, item := range n.Content {
		s, ok := l.scalar(file, item, off, what)
		if !ok {
			continue
		}
		if s = strings.TrimSpace(s); s == "" {
			l.errorf(file, item.Line+off, "%s: empty item", what)
			continue
		}
		l.checkText(file, item.Line+off, what, s)
		out = append(out, s)
	}
	return out
}

func (l *load) sources(file string, n *yaml.Node, off int) []kb.Source {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.errorf(file, n.Line+off, "sources: expected a list of at least one source")
		return nil
	}
	var out []kb.Source
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			l.errorf(file, item.Line+off, "sources: each source is a mapping with url, title and supports")
			continue
		}
		m := l.mapping(file, item, off, map[string]bool{"url": true, "title": true, "supports": true})
		s := kb.Source{
			Title:    l.text(file, m["title"], off, "sources.title"),
			Supports: l.text(file, m["supports"], off, "sources.supports"),
		}
		if u := m["url"]; u != nil {
			s.URL, _ = l.scalar(file, u, off, "sources.url")
			if p, err := url.Parse(s.URL); err != nil || p.Scheme != "https" || p.Host == "" || strings.ContainsAny(s.URL, " \t\n\r<>\"'`\\") {
				l.errorf(file, u.Line+off, "sources.url: %q is not an https URL", s.URL)
			}
		}
		out = append(out, s)
	}
	return out
}

func (l *load) history(file string, n *yaml.Node, off int, now kb.Verdict) []kb.Change {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.errorf(file, n.Line+off, "history: expected a list of changes")
		return nil
	}
	var out []kb.Change
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			l.errorf(file, item.Line+off, "history: each change is a mapping with date, before and note")
			continue
		}
		m := l.mapping(file, item, off, map[string]bool{"date": true, "before": true, "note": true})
		c := kb.Change{Note: l.text(file, m["note"], off, "history.note")}
		if d := m["date"]; d != nil {
			c.Date = l.date(file, d, off, "history.date")
			if len(out) > 0 && c.Date.Before(out[len(out)-1].Date.Time) {
				l.errorf(file, d.Line+off, "history: changes must be listed oldest first")
			}
		}
		if b := m["before"]; b != nil {
			c.Before = l.verdict(file, b, off, "history.before")
		}
		out = append(out, c)
	}
	// Each change's "after" is the next change's "before", the last one's is the verdict now.
	for i := range out {
		if i+1 < len(out) {
			out[i].After = out[i+1].Before
		} else {
			out[i].After = now
		}
	}
	return out
}

// markerRE matches a language marker line, in any case (<!-- JA -->).
var markerRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^<!--\s*([a-zA-Z]{2})\s*-->\s*$`) })

// nearMarkerRE matches a line that looks like a marker but is not one: a
// dash or the '!' missing or typed as another dash, text after it on the
// line, or the whole indented; its group is the word inside.
var nearMarkerRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(?:<!?[-–—]*|!?[-–—]{2,})\s*([\p{L}]+)\s*(?:[-–—]*>|[-–—]{2,})`)
})

// markerWords are the words a near marker may hold for each language.
var markerWords = map[kb.Lang][]string{
	kb.EN: {"en", "eng", "english", "英語"},
	kb.JA: {"ja", "jp", "jpn", "japanese", "日本語"},
}

// nearMarker is the line number and text of the first line of src that
// looks like a marker of lang without being one (see nearMarkerRE); 0
// when none does.
func nearMarker(src []byte, lang kb.Lang) (int, string) {
	for no, line := range strings.Split(string(src), "\n") {
		m := nearMarkerRE().FindStringSubmatch(line)
		if m != nil && slices.Contains(markerWords[lang], strings.ToLower(m[1])) {
			return no + 1, strings.TrimSpace(line)
		}
	}
	return 0, ""
}

// body splits the Markdown after the front matter into its language sections.
func (l *load) body(file string, src []byte, doc ast.Node, scanned []markerLine) kb.Text {
	type marker struct {
		lang       kb.Lang
		start, end int // byte range of the marker line
		line       int
	}
	if doc != nil {
		scanned = scanned[:0]
		for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
			if hb, ok := c.(*ast.HTMLBlock); ok && hb.Lines().Len() > 0 {
				seg := hb.Lines().At(0)
				scanned = append(scanned, markerLine{seg.Start, seg.Stop})
			}
		}
	}
	var markers []marker
	for _, seg := range scanned {
		m := markerRE().FindSubmatch(bytes.TrimSpace(src[seg.start:seg.stop]))
		if m == nil {
			continue
		}
		line := bytes.Count(src[:seg.start], []byte("\n")) + 1
		lang, err := kb.ParseLang(strings.ToLower(string(m[1])))
		if err != nil {
			l.errorf(file, line, "language marker: %v", err)
			continue
		}
		markers = append(markers, marker{lang: lang, start: seg.start, end: seg.stop, line: line})
	}
	out := kb.Text{}
	for i, m := range markers {
		end := len(src)
		if i+1 < len(markers) {
			end = markers[i+1].start
		}
		if _, dup := out[m.lang]; dup {
			l.errorf(file, m.line, "body: a second <!-- %s --> section", m.lang)
			continue
		}
		whole := string(src[m.end:end])
		body := strings.TrimSpace(whole)
		out[m.lang] = body
		if body == "" {
			l.errorf(file, m.line, "body: the <!-- %s --> section is empty", m.lang)
		}
		// Where the body lies in the file, for the parse cache (which
		// would otherwise search the file for it).
		if l.bodies == nil {
			l.bodies = map[kb.Lang][2]int{}
		}
		lead := m.end + len(whole) - len(strings.TrimLeftFunc(whole, unicode.IsSpace))
		l.bodies[m.lang] = [2]int{lead, lead + len(body)}
		if _, bad := controlChar(whole); bad { // each line that has one (most bodies have none)
			first := bytes.Count(src[:m.end], []byte("\n")) + 1 // the line m.end is on
			for i, line := range strings.Split(whole, "\n") {
				l.checkText(file, first+i, "body", line)
			}
		}
	}
	var starts []int
	var langs []kb.Lang
	for _, m := range markers {
		starts, langs = append(starts, m.end), append(langs, m.lang)
	}
	if doc != nil { // a scanned body pins no anchor: it has no "{"
		l.anchors(file, src, doc, starts, langs)
	}
	// A missing section points at a line that looks like its marker, or
	// else at the file's last line, where it is added.
	last := bytes.Count(bytes.TrimRight(src, "\n"), []byte("\n")) + 1
	for _, lang := range kb.Langs {
		if _, ok := out[lang]; !ok {
			if line, text := nearMarker(src, lang); line > 0 {
				l.errorf(file, line, "body: missing translation: no <!-- %s --> section (%q is not a marker: write <!-- %s --> alone on its line, not indented)", lang, text, lang)
				continue
			}
			l.errorf(file, last, "body: missing translation: no <!-- %s --> section", lang)
		}
	}
	return out
}

// anchors checks the anchors headings pin ("## Heading {#anchor}"): written
// as ids, not one of the page's own, once per language, on a heading with
// text, and read the same by the site (goldmark's heading attributes) and
// the index (kb.ATXHeading, which "See:" links take their anchor from); no
// other heading attribute is allowed. starts are where each language's
// body starts (after its marker), in order.
func (l *load) anchors(file string, src []byte, doc ast.Node, starts []int, langs []kb.Lang) {
	pinned := map[kb.Lang]map[string]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		attrs := h.Attributes()
		if h.Lines().Len() == 0 {
			return ast.WalkSkipChildren, nil
		}
		first := h.Lines().At(0)
		pos := first.Start
		lineStart := bytes.LastIndexByte(src[:pos], '\n') + 1
		lineEnd := len(src)
		if i := bytes.IndexByte(src[pos:], '\n'); i >= 0 {
			lineEnd = pos + i
		}
		if h.Lines().Len() > 1 { // setext: the underline is the last line
			lineStart = h.Lines().At(h.Lines().Len() - 1).Start
		}
		lineNo := bytes.Count(src[:lineStart], []byte("\n")) + 1
		raw := strings.TrimRight(string(src[lineStart:lineEnd]), "\r")
		var id string
		for _, a := range attrs {
			v, _ := a.Value.([]byte)
			if string(a.Name) != "id" {
				l.errorf(file, lineNo, "heading: only an anchor may follow a heading, as {#anchor}: not %q", "{"+attrText(a.Name, v)+"}")
				return ast.WalkSkipChildren, nil
			}
			id = string(v)
		}
		_, anchor, isATX := kb.ATXHeading(raw)
		switch {
		case id == "" && anchor == "":
			return ast.WalkSkipChildren, nil
		case !isATX || h.Lines().Len() != 1 || id != anchor:
			l.errorf(file, lineNo, "heading: the anchor must end a heading line of its own: \"## Heading {#anchor}\"")
		case !kb.ValidID(id):
			l.errorf(file, lineNo, "heading: anchor %q must be lowercase letters and digits joined by \"-\"", id)
		case slices.Contains(kb.PageIDs, id):
			l.errorf(file, lineNo, "heading: anchor %q is an id the entry's page uses itself: choose another", id)
		case strings.TrimSpace(string(first.Value(src))) == "":
			l.errorf(file, lineNo, "heading: a heading with anchor %q has no text", id)
		default:
			lang := kb.Lang("")
			for i, s := range starts {
				if lineStart >= s {
					lang = langs[i]
				}
			}
			if pinned[lang] == nil {
				pinned[lang] = map[string]int{}
			}
			if prev := pinned[lang][id]; prev > 0 {
				l.errorf(file, lineNo, "heading: anchor %q is pinned already on line %d", id, prev)
			} else {
				pinned[lang][id] = lineNo
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// attrText writes a heading attribute back as Markdown.
func attrText(name, value []byte) string {
	switch string(name) {
	case "id":
		return "#" + string(value)
	case "class":
		return "." + string(value)
	}
	return string(name) + "=" + strconv.Quote(string(value))
}

// crossCheck looks at what single files cannot show: duplicate ids, related
// ids that do not exist (no entries/ID.md), and staleness; and warns of a
// Japanese title or answer with no Japanese in it.
func (l *load) crossCheck(entries []*kb.Entry, cfg kb.Config) {
	byID := map[string]*kb.Entry{}
	for _, e := range entries {
		if e.ID == "" {
			continue
		}
		if prev, dup := byID[e.ID]; dup {
			l.problems = append(l.problems, Problem{Path: e.Path, Line: e.Lines["id"], Msg: fmt.Sprintf("duplicate id %q (also in %s)", e.ID, prev.Path)})
			continue
		}
		byID[e.ID] = e
	}
	// Aliases: a former id redirects to one entry, so it may be neither
	// an entry's id (whose page it would replace) nor another's alias.
	// Entries in the order of their files, so that of two entries with
	// the same alias the second file is the one reported.
	aliasOf := map[string]*kb.Entry{}
	byPath := slices.Clone(entries)
	slices.SortFunc(byPath, func(a, b *kb.Entry) int { return strings.Compare(a.Path, b.Path) })
	for _, e := range byPath {
		for i, a := range e.Aliases {
			line := e.Lines["aliases."+strconv.Itoa(i)]
			if o := byID[a]; o != nil || l.fileIDs[a] {
				where := l.name(path.Join(EntriesDir, a+".md"))
				if o != nil {
					where = o.Path
				}
				l.problems = append(l.problems, Problem{Path: e.Path, Line: line, Msg: fmt.Sprintf("aliases: %q is the id of an entry (%s): an alias is a former id that no entry has now", a, where)})
				continue
			}
			if o := aliasOf[a]; o != nil {
				l.problems = append(l.problems, Problem{Path: e.Path, Line: line, Msg: fmt.Sprintf("aliases: %q is also an alias of %q (%s): a former id can lead to one entry only", a, o.ID, o.Path)})
				continue
			}
			aliasOf[a] = e
		}
	}
	for _, e := range entries {
		for _, r := range e.Related {
			if o := aliasOf[r]; o != nil && byID[r] == nil {
				l.problems = append(l.problems, Problem{Path: e.Path, Line: e.Lines["related"], Msg: fmt.Sprintf("related: %q is a former id of %q (its aliases): write %q", r, o.ID, o.ID)})
				continue
			}
			// An entry whose file exists but did not load (YAML that does
			// not parse, no id, another id) has its own errors: a
			// "no entry" here would send the author to the wrong file.
			if byID[r] == nil && !l.fileIDs[r] {
				msg := fmt.Sprintf("related: no entry with id %q", r)
				if near := nearest(r, slices.Sorted(maps.Keys(byID))); near != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", near)
				}
				l.problems = append(l.problems, Problem{Path: e.Path, Line: e.Lines["related"], Msg: msg})
			}
			if r == e.ID {
				l.problems = append(l.problems, Problem{Path: e.Path, Line: e.Lines["related"], Msg: "related: an entry cannot relate to itself"})
			}
		}
		// A Japanese side left in English (copied to be translated later)
		// passes every other check, and its page and answers would be
		// English under a Japanese heading.
		for _, f := range []struct {
			key  string
			text kb.Text
		}{{"title", e.Title}, {"answer", e.Answer}} {
			if ja := f.text[kb.JA]; ja != "" && !hasJapanese(ja) {
				l.problems = append(l.problems, Problem{Path: e.Path, Line: e.Lines[f.key], Warning: true,
					Msg: fmt.Sprintf("%s: the ja text has no Japanese in it: is it translated?", f.key)})
			}
		}
		if !e.Verified.IsZero() && e.Stale(l.today, cfg.StaleDays) {
			days := kb.DaysSince(e.Verified.Time, l.today)
			l.problems = append(l.problems, Problem{Path: e.Path, Line: e.Lines["verified"], Warning: true,
				Msg: fmt.Sprintf("verified %s, %d days ago (more than %d): check the sources again", e.Verified, days, cfg.StaleDays)})
		}
	}
}

// hasJapanese reports whether s holds a kana or kanji character.
func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// nearest returns the id of ids closest to id, a typo of it, or "" when
// none is within a fifth of its length (at least one edit, as
// analysis.Distance counts them): what a "no entry with id" error
// suggests ("export-certficate": did you mean "export-certificate"?).
func nearest(id string, ids []string) string {
	best, limit := "", max(1, len(id)/5)
	for _, c := range ids {
		if d := analysis.Distance(id, c, limit); d <= limit {
			best, limit = c, d-1 // ids are sorted: of two alike, the first
			if limit < 0 {
				break
			}
		}
	}
	return best
}
