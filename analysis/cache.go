package analysis

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/acmkb/acmkb/kb"
)

// TermCache keeps what the analysis made of entries (EntryTerms) by their
// text, for the builds that follow: an entry whose fields say the same is
// not analysed again. `acmkb serve` keeps one in memory across rebuilds;
// `acmkb build` keeps one on disk (WriteTo, ReadTermCache). An entry's
// terms depend on its fields' text and on the analyser (the thesaurus and
// the knowledge base's names), so entries analysed with another analyser
// (another Key) are never reused.
//
// Entries the loader gave a Digest are keyed by it, and the cache also keeps
// their names (EntryNames, which do not depend on the analyser): an
// unchanged entry of a rebuild is then neither analysed nor even turned
// into text.
type TermCache struct {
	mu        sync.Mutex
	key       string
	entries   map[[sha256.Size]byte]EntryTerms
	used      map[[sha256.Size]byte]bool
	names     map[[sha256.Size]byte][]string // by digestKey, whatever the analyser
	namesUsed map[[sha256.Size]byte]bool
	nameHits  int // entries whose names the last build took from the cache
	changed   bool
	hits      int // entries taken from the cache by the last build
}

// digestKey is the key of an entry with a Digest: everything the entry
// says, so its field texts, follows from the digest.
func digestKey(digest string) [sha256.Size]byte {
	return sha256.Sum256([]byte("acmkb entry digest\x00" + digest))
}

// entryNames returns EntryNames of e with key k, from the cache when it
// has them; afterwards forgetNames keeps exactly the names asked for since
// startNames.
func (c *TermCache) entryNames(k [sha256.Size]byte, e *kb.Entry) []string {
	c.mu.Lock()
	n, ok := c.names[k]
	if ok {
		c.namesUsed[k] = true
		c.nameHits++
	}
	c.mu.Unlock()
	if ok {
		return n
	}
	n = EntryNames(e)
	c.mu.Lock()
	c.names[k], c.namesUsed[k], c.changed = n, true, true
	c.mu.Unlock()
	return n
}

func (c *TermCache) startNames() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.names == nil {
		c.names = map[[sha256.Size]byte][]string{}
	}
	c.namesUsed, c.nameHits = map[[sha256.Size]byte]bool{}, 0
}

// NameHits is how many entries' names the last build took from the cache.
func (c *TermCache) NameHits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nameHits
}

func (c *TermCache) forgetNames() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed = dropUnused(c.names, c.namesUsed) || c.changed
}

// dropUnused deletes the keys of m that used does not hold, reporting
// whether it deleted any.
func dropUnused[V any](m map[[sha256.Size]byte]V, used map[[sha256.Size]byte]bool) bool {
	dropped := false
	for k := range m {
		if !used[k] {
			delete(m, k)
			dropped = true
		}
	}
	return dropped
}

// NewTermCache returns an empty cache.
func NewTermCache() *TermCache { return &TermCache{} }

// Key identifies the analyser: its thesaurus and names (MarshalText).
func (a *Analyzer) Key() string {
	text, err := a.MarshalText()
	if err != nil {
		return "" // cannot be stored: never matches
	}
	sum := sha256.Sum256(text)
	return string(sum[:])
}

// entryKey is what an entry's terms depend on, besides the analyser: the
// entry's FieldTexts.
func entryKey(texts []string) [sha256.Size]byte {
	h := sha256.New()
	for _, t := range texts {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(t)))])
		io.WriteString(h, t)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// use readies c for entries analysed by a; it drops everything when a is
// another analyser than the one c holds entries of.
func (c *TermCache) use(a *Analyzer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k := a.Key(); k != c.key || k == "" {
		c.key, c.entries, c.changed = k, map[[sha256.Size]byte]EntryTerms{}, true
	}
	if c.entries == nil {
		c.entries = map[[sha256.Size]byte]EntryTerms{}
	}
	c.used, c.hits = map[[sha256.Size]byte]bool{}, 0
}

// Hits is how many entries the last build took from the cache.
func (c *TermCache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

func (c *TermCache) get(k [sha256.Size]byte) (EntryTerms, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	et, ok := c.entries[k]
	if ok {
		c.used[k] = true
		c.hits++
	}
	return et, ok
}

func (c *TermCache) put(k [sha256.Size]byte, et EntryTerms) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[k], c.used[k], c.changed = et, true, true
}

// forget drops the entries the last build did not use.
func (c *TermCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed = dropUnused(c.entries, c.used) || c.changed
}

// Changed reports whether the cache changed since it was read or written.
func (c *TermCache) Changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

// cachedTerms is AllEntryTerms, taking from cache (nil: none) the entries
// analysed before (keys[i] is entry i's key: digestKey or entryKey) and
// adding the others; afterwards the cache holds exactly these entries.
func (a *Analyzer) cachedTerms(entries []*kb.Entry, keys [][sha256.Size]byte, workers int, cache *TermCache) []EntryTerms {
	out := make([]EntryTerms, len(entries))
	if cache == nil {
		Parallel(len(entries), workers, func(i int) { out[i] = a.EntryTerms(entries[i]) })
		return out
	}
	cache.use(a)
	Parallel(len(entries), workers, func(i int) {
		if et, ok := cache.get(keys[i]); ok {
			out[i] = et
			return
		}
		out[i] = a.EntryTerms(entries[i])
		cache.put(keys[i], out[i])
	})
	cache.forget()
	return out
}

// The cache's file: "acmkb-terms 2\n", the key, the terms (each once),
// then per entry its key, its field lengths and its terms as numbers into
// that list, then per named entry its key and its names; every number a
// uvarint, every string its length and bytes.
const termCacheMagic = "acmkb-terms 2\n"

// WriteTo writes the cache to w.
func (c *TermCache) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := map[string]int{}
	var terms []string
	for _, et := range c.entries {
		et.each(func(term string, _ uint8, _ int32) {
			if _, ok := ids[term]; !ok {
				ids[term] = 0
				terms = append(terms, term)
			}
		})
	}
	sort.Strings(terms)
	for i, t := range terms {
		ids[t] = i
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var n int64
	var buf [binary.MaxVarintLen64]byte
	num := func(x uint64) { k, _ := bw.Write(buf[:binary.PutUvarint(buf[:], x)]); n += int64(k) }
	str := func(s string) { num(uint64(len(s))); k, _ := bw.WriteString(s); n += int64(k) }
	k, _ := bw.WriteString(termCacheMagic)
	n += int64(k)
	str(c.key)
	num(uint64(len(terms)))
	for _, t := range terms {
		str(t)
	}
	keys := make([][sha256.Size]byte, 0, len(c.entries))
	for key := range c.entries {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
	num(uint64(len(keys)))
	for _, key := range keys {
		et := c.entries[key]
		k, _ := bw.Write(key[:])
		n += int64(k)
		num(uint64(len(et.Len)))
		for _, l := range et.Len {
			num(uint64(l))
		}
		num(uint64(et.termCount()))
		et.each(func(term string, field uint8, tf int32) {
			num(uint64(ids[term]))
			num(uint64(field))
			num(uint64(tf))
		})
	}
	keys = keys[:0]
	for key := range c.names {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
	num(uint64(len(keys)))
	for _, key := range keys {
		k, _ := bw.Write(key[:])
		n += int64(k)
		num(uint64(len(c.names[key])))
		for _, name := range c.names[key] {
			str(name)
		}
	}
	if err := bw.Flush(); err != nil {
		return n, err
	}
	c.changed = false
	return n, nil
}

var errTermCache = errors.New("not a term cache")

// ReadTermCache reads a cache WriteTo wrote; anything else is an error.
// It is read whole and decoded from memory: a rebuild reads every entry's
// terms, and a reader's calls per number cost more than the numbers.
func ReadTermCache(r io.Reader) (*TermCache, error) {
	var data []byte
	var err error
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok { // a file: read at its size, not grown
		if fi, serr := f.Stat(); serr == nil && fi.Mode().IsRegular() {
			data = make([]byte, 0, fi.Size()+1)
		}
	}
	for err == nil {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		var n int
		n, err = r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
	}
	if err != io.EOF {
		return nil, err
	}
	err = nil
	if !strings.HasPrefix(string(data[:min(len(data), len(termCacheMagic))]), termCacheMagic) {
		return nil, errTermCache
	}
	data = data[len(termCacheMagic):]
	num := func(limit uint64) uint64 {
		if err != nil {
			return 0
		}
		x, n := binary.Uvarint(data)
		if n <= 0 || x > limit {
			err = errTermCache
			return 0
		}
		data = data[n:]
		return x
	}
	str := func() string {
		n := num(1 << 20)
		if err != nil || uint64(len(data)) < n {
			err = errTermCache
			return ""
		}
		s := string(data[:n])
		data = data[n:]
		return s
	}
	key := func() (k [sha256.Size]byte) {
		if err == nil && len(data) < len(k) {
			err = errTermCache
		}
		if err != nil {
			return k
		}
		copy(k[:], data)
		data = data[len(k):]
		return k
	}
	c := &TermCache{entries: map[[sha256.Size]byte]EntryTerms{}, names: map[[sha256.Size]byte][]string{}}
	c.key = str()
	terms := make([]string, min(num(1<<26), uint64(len(data))))
	for i := range terms {
		terms[i] = str()
		if i > 0 && err == nil && terms[i-1] >= terms[i] { // entries' terms are ordered by their numbers
			err = errTermCache
		}
	}
	table := &termTable{terms: terms}
	entries := num(1 << 24)
	for i := uint64(0); i < entries && err == nil; i++ {
		k := key()
		et := EntryTerms{Len: make([]int, num(uint64(len(Fields))))}
		if len(et.Len) != len(Fields) && err == nil {
			err = errTermCache // every field's length, which Weigh reads
		}
		for f := range et.Len {
			et.Len[f] = int(num(1 << 31))
		}
		et.packed, et.table = make([]uint64, min(num(1<<24), uint64(len(data)))), table
		for j := range et.packed {
			t := num(uint64(len(terms)))
			f := num(uint64(len(Fields)))
			tf := num(1<<30 - 1)
			if err != nil || t >= uint64(len(terms)) || f >= uint64(len(Fields)) {
				return nil, errTermCache
			}
			if j > 0 && (et.packed[j-1]>>38 > t || et.packed[j-1]>>38 == t && uint8(et.packed[j-1]>>30) >= uint8(f)) {
				return nil, errTermCache // not in order: Weigh counts runs of a term
			}
			et.packed[j] = pack(t, uint8(f), int32(tf))
		}
		c.entries[k] = et
	}
	named := num(1 << 24)
	for i := uint64(0); i < named && err == nil; i++ {
		k := key()
		names := make([]string, min(num(1<<20), uint64(len(data))))
		for j := range names {
			names[j] = str()
		}
		c.names[k] = names
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}
