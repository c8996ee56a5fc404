package analysis

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/acmkb/acmkb/internal/binrec"
	"github.com/acmkb/acmkb/internal/mapfile"
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
// their names and CamelCase words (entryWords, which do not depend on the
// analyser): an unchanged entry of a rebuild is then neither analysed nor
// even turned into text.
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
	// Since the cache was last written whole (see WriteChangesTo): the
	// entries and names added (true) or dropped (false), and whether it
	// must be written whole (another analyser).
	dirty, dirtyNames map[[sha256.Size]byte]bool
	whole             bool
}

func mark(m *map[[sha256.Size]byte]bool, k [sha256.Size]byte, added bool) {
	if *m == nil {
		*m = map[[sha256.Size]byte]bool{}
	}
	(*m)[k] = added
}

// digestKey is the key of an entry with a Digest: everything the entry
// says, so its field texts, follows from the digest.
func digestKey(digest string) [sha256.Size]byte {
	return sha256.Sum256([]byte("acmkb entry digest\x00" + digest))
}

// entryNames returns entryWords of e with key k, from the cache when it
// has them, else with e's FieldTexts, worked out for them; afterwards
// forgetNames keeps exactly the names asked for since startNames.
func (c *TermCache) entryNames(k [sha256.Size]byte, e *kb.Entry) (names, texts []string) {
	c.mu.Lock()
	names, ok := c.names[k]
	if ok {
		c.namesUsed[k] = true
		c.nameHits++
	}
	c.mu.Unlock()
	if ok {
		return names, nil
	}
	texts = FieldTexts(e)
	names = entryWords(texts)
	c.mu.Lock()
	c.names[k], c.namesUsed[k], c.changed = names, true, true
	mark(&c.dirtyNames, k, true)
	c.mu.Unlock()
	return names, texts
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
	c.changed = dropUnused(c.names, c.namesUsed, &c.dirtyNames) || c.changed
}

// dropUnused deletes the keys of m that used does not hold, reporting
// whether it deleted any.
func dropUnused[V any](m map[[sha256.Size]byte]V, used map[[sha256.Size]byte]bool, dirty *map[[sha256.Size]byte]bool) bool {
	dropped := false
	for k := range m {
		if !used[k] {
			delete(m, k)
			mark(dirty, k, false)
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
		c.key, c.entries, c.changed, c.whole = k, map[[sha256.Size]byte]EntryTerms{}, true, true
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
	mark(&c.dirty, k, true)
}

// forget drops the entries the last build did not use.
func (c *TermCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed = dropUnused(c.entries, c.used, &c.dirty) || c.changed
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
// texts[i], when not nil, is entry i's FieldTexts (see termsOf; each is
// dropped).
func (a *Analyzer) cachedTerms(entries []*kb.Entry, keys [][sha256.Size]byte, texts [][]string, workers int, cache *TermCache) []EntryTerms {
	return a.cachedTermsThen(entries, keys, texts, workers, cache, nil)
}

// cachedTermsThen is cachedTerms calling then (when not nil), with the
// cache locked, before the cache forgets the entries not used.
func (a *Analyzer) cachedTermsThen(entries []*kb.Entry, keys [][sha256.Size]byte, texts [][]string, workers int, cache *TermCache, then func(c *TermCache)) []EntryTerms {
	out := make([]EntryTerms, len(entries))
	if cache == nil {
		Parallel(len(entries), workers, func(i int) { out[i] = a.termsOf(entries[i], &texts[i]) })
		return out
	}
	cache.use(a)
	Parallel(len(entries), workers, func(i int) {
		if et, ok := cache.get(keys[i]); ok {
			out[i], texts[i] = et, nil
			return
		}
		out[i] = a.termsOf(entries[i], &texts[i])
		cache.put(keys[i], out[i])
	})
	if then != nil {
		cache.mu.Lock()
		then(cache)
		cache.mu.Unlock()
	}
	cache.forget()
	return out
}

// The cache's file: "acmkb-terms 4\n", the key, the terms (each once),
// then per entry its key, its field lengths, the number of its terms and
// its terms packed (pack: the term's number in that list, the field, the
// count) as 8 bytes each, little-endian, after a few bytes of padding that
// put them at a multiple of 8 in the file, then per named entry its key
// and its names; every other number a uvarint, every string its length and
// bytes. A cache mapped into memory (ReadTermCache) is used where it lies:
// its entries' terms are not copied into fresh memory.
const termCacheMagic = "acmkb-terms 4\n" // 4: names with CamelCase words

// WriteTo writes the cache to w.
func (c *TermCache) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	bw := bufio.NewWriterSize(w, 1<<16)
	k, _ := bw.WriteString(termCacheMagic)
	n := writeTerms(bw, int64(k), c.key, c.entries, c.names) + int64(k)
	if err := bw.Flush(); err != nil {
		return n, err
	}
	c.changed, c.whole, c.dirty, c.dirtyNames = false, false, nil, nil
	return n, nil
}

// writeTerms writes key, entries and names as the cache's file holds them
// (after its magic), at offset at of the file, returning the bytes written.
func writeTerms(bw *bufio.Writer, at int64, key string, entries map[[sha256.Size]byte]EntryTerms, names map[[sha256.Size]byte][]string) int64 {
	ids := map[string]int{}
	var terms []string
	for _, et := range entries {
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
	var n int64
	var buf [binary.MaxVarintLen64]byte
	num := func(x uint64) { k, _ := bw.Write(buf[:binary.PutUvarint(buf[:], x)]); n += int64(k) }
	str := func(s string) { num(uint64(len(s))); k, _ := bw.WriteString(s); n += int64(k) }
	str(key)
	num(uint64(len(terms)))
	for _, t := range terms {
		str(t)
	}
	keys := make([][sha256.Size]byte, 0, len(entries))
	for key := range entries {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
	num(uint64(len(keys)))
	for _, key := range keys {
		et := entries[key]
		k, _ := bw.Write(key[:])
		n += int64(k)
		num(uint64(len(et.Len)))
		for _, l := range et.Len {
			num(uint64(l))
		}
		num(uint64(et.termCount()))
		pad := (8 - (at+n+1)%8) % 8 // after the byte that says it
		num(uint64(pad))
		k, _ = bw.Write(zeroPad[:pad])
		n += int64(k)
		et.each(func(term string, field uint8, tf int32) {
			k, _ := bw.Write(binary.LittleEndian.AppendUint64(buf[:0], pack(uint64(ids[term]), field, tf)))
			n += int64(k)
		})
	}
	keys = keys[:0]
	for key := range names {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
	num(uint64(len(keys)))
	for _, key := range keys {
		k, _ := bw.Write(key[:])
		n += int64(k)
		num(uint64(len(names[key])))
		for _, name := range names[key] {
			str(name)
		}
	}
	return n
}

// termChangesMagic opens what WriteChangesTo writes.
const termChangesMagic = "acmkb-terms-changes 3\n"

// Changes is how many entries and names WriteChangesTo would write, and
// Whole whether the cache must be written whole instead (another
// analyser, or changes that could not be read).
func (c *TermCache) Changes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.dirty) + len(c.dirtyNames)
}

// Whole reports whether the cache must be written whole (WriteTo), not as
// changes.
func (c *TermCache) Whole() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.whole
}

// Len is how many entries the cache holds.
func (c *TermCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// WriteChangesTo writes, for ReadChanges, what changed since the cache was
// last written whole: the keys of the entries and names dropped, then the
// entries and names added, as WriteTo writes a cache. A rebuild after one
// edit writes kilobytes instead of the whole cache (28 MB at 10,000
// entries). The changes stay: the next WriteChangesTo writes them again.
func (c *TermCache) WriteChangesTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	bw := bufio.NewWriterSize(w, 1<<16)
	k, _ := bw.WriteString(termChangesMagic)
	n := int64(k)
	entries, names := map[[sha256.Size]byte]EntryTerms{}, map[[sha256.Size]byte][]string{}
	var buf [binary.MaxVarintLen64]byte
	for _, d := range []struct {
		dirty map[[sha256.Size]byte]bool
		add   func(k [sha256.Size]byte)
	}{
		{c.dirty, func(k [sha256.Size]byte) { entries[k] = c.entries[k] }},
		{c.dirtyNames, func(k [sha256.Size]byte) { names[k] = c.names[k] }},
	} {
		var dropped [][sha256.Size]byte
		for key, added := range d.dirty {
			if added {
				d.add(key)
			} else {
				dropped = append(dropped, key)
			}
		}
		sort.Slice(dropped, func(i, j int) bool { return string(dropped[i][:]) < string(dropped[j][:]) })
		k, _ := bw.Write(buf[:binary.PutUvarint(buf[:], uint64(len(dropped)))])
		n += int64(k)
		for _, key := range dropped {
			k, _ := bw.Write(key[:])
			n += int64(k)
		}
	}
	n += writeTerms(bw, n, c.key, entries, names)
	if err := bw.Flush(); err != nil {
		return n, err
	}
	c.changed = false
	return n, nil
}

// ReadChanges applies what WriteChangesTo wrote to a cache read with
// ReadTermCache (of the same analyser): all of it, or nothing on error.
func (c *TermCache) ReadChanges(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(string(data[:min(len(data), len(termChangesMagic))]), termChangesMagic) {
		return errTermCache
	}
	data = data[len(termChangesMagic):]
	var dropped [2][][sha256.Size]byte
	for i := range dropped {
		n, k := binary.Uvarint(data)
		if k <= 0 || n > uint64(len(data))/sha256.Size {
			return errTermCache
		}
		data = data[k:]
		for range n {
			var key [sha256.Size]byte
			copy(key[:], data)
			data = data[sha256.Size:]
			dropped[i] = append(dropped[i], key)
		}
	}
	add, err := decodeTerms(data)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if add.key != c.key {
		return errTermCache
	}
	for _, key := range dropped[0] {
		delete(c.entries, key)
		mark(&c.dirty, key, false)
	}
	for _, key := range dropped[1] {
		delete(c.names, key)
		mark(&c.dirtyNames, key, false)
	}
	for key, et := range add.entries {
		c.entries[key] = et
		mark(&c.dirty, key, true)
	}
	for key, n := range add.names {
		c.names[key] = n
		mark(&c.dirtyNames, key, true)
	}
	return nil
}

var errTermCache = errors.New("not a term cache")

// ReadTermCache reads a cache WriteTo wrote; anything else is an error.
// It is read whole and decoded from memory: a rebuild reads every entry's
// terms, and a reader's calls per number cost more than the numbers.
func ReadTermCache(r io.Reader) (*TermCache, error) {
	var data []byte
	var err error
	if f, ok := r.(*os.File); ok { // mapped, not copied, and never unmapped: entries' terms are its bytes
		data, _, err = mapfile.Map(f)
	} else {
		data, err = io.ReadAll(r)
	}
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(string(data[:min(len(data), len(termCacheMagic))]), termCacheMagic) {
		return nil, errTermCache
	}
	return decodeTerms(data[len(termCacheMagic):])
}

// decodeTerms decodes what writeTerms wrote.
func decodeTerms(data []byte) (*TermCache, error) {
	rd := &binrec.Reader{Data: data, Bad: errTermCache}
	num := rd.NumMax
	str := func() string { return rd.StrMax(1 << 20) }
	key := func() (k [sha256.Size]byte) {
		copy(k[:], rd.Bytes(sha256.Size))
		return k
	}
	c := &TermCache{entries: map[[sha256.Size]byte]EntryTerms{}, names: map[[sha256.Size]byte][]string{}}
	c.key = str()
	terms := make([]string, min(num(1<<26), uint64(len(rd.Data))))
	for i := range terms {
		terms[i] = str()
		if i > 0 && rd.Err == nil && terms[i-1] >= terms[i] { // entries' terms are ordered by their numbers
			rd.Err = errTermCache
		}
	}
	table := &termTable{terms: terms}
	entries := num(1 << 24)
	for i := uint64(0); i < entries && rd.Err == nil; i++ {
		k := key()
		et := EntryTerms{Len: make([]int, num(uint64(len(Fields))))}
		if len(et.Len) != len(Fields) && rd.Err == nil {
			rd.Err = errTermCache // every field's length, which Weigh reads
		}
		for f := range et.Len {
			et.Len[f] = int(num(1 << 31))
		}
		n := num(1 << 24)
		pad := num(7)
		if rd.Err != nil || uint64(len(rd.Data)) < pad || (uint64(len(rd.Data))-pad)/8 < n {
			return nil, errTermCache
		}
		raw := rd.Data[pad : pad+8*n]
		rd.Data = rd.Data[pad+8*n:]
		et.packed, et.table = packedTerms(raw), table
		for j, p := range et.packed {
			t, f := p>>38, uint8(p>>30)
			if t >= uint64(len(terms)) || int(f) >= len(Fields) {
				return nil, errTermCache
			}
			if j > 0 && (et.packed[j-1]>>38 > t || et.packed[j-1]>>38 == t && uint8(et.packed[j-1]>>30) >= f) {
				return nil, errTermCache // not in order: Weigh counts runs of a term
			}
		}
		c.entries[k] = et
	}
	named := num(1 << 24)
	for i := uint64(0); i < named && rd.Err == nil; i++ {
		k := key()
		names := make([]string, min(num(1<<20), uint64(len(rd.Data))))
		for j := range names {
			names[j] = str()
		}
		c.names[k] = names
	}
	if rd.Err != nil {
		return nil, rd.Err
	}
	return c, nil
}

// packedTerms is raw (little-endian uint64s, never written) as packed
// terms: raw itself where the machine reads it so (little-endian, aligned),
// else a copy. Never nil: a nil packed means terms as strings.
func packedTerms(raw []byte) []uint64 {
	n := len(raw) / 8
	if n == 0 {
		return []uint64{}
	}
	if littleEndian && uintptr(unsafe.Pointer(unsafe.SliceData(raw)))%8 == 0 {
		return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(raw))), n)
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(raw[8*i:])
	}
	return out
}

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

var zeroPad [8]byte
