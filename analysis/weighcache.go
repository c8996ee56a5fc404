package analysis

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/acmkb/acmkb/internal/binrec"
	"github.com/acmkb/acmkb/internal/mapfile"
	"github.com/acmkb/acmkb/kb"
)

// WeighCache keeps the postings a build weighed (Weigh) for the next one:
// a rebuild after editing a few entries weighs again only the terms of
// those entries' old and new versions, when it may (weighing every term
// was the longest piece of a rebuild at 10,000 entries).
//
// It may when the entries are as many as before and the average field
// lengths (AvgLen) are the same: an entry's weights then depend on the
// entry alone, and a term's idf on how many entries hold it (Weigh), so
// only the postings of the changed entries' terms change. For each term
// it keeps the postings of the MaxPostings+weighReserve highest weights
// (all of them for a term fewer entries hold), the exact top ones of the
// term: an edit that adds, drops or moves one entry's posting leaves the
// top postings known, except when a posting leaves the kept ones and
// fewer than MaxPostings are left, which takes weighReserve such edits
// of the same term without a full Weigh. Then, and whenever anything else
// changed (another analyser, entries added or removed, another average
// length, an entry's terms before its edit no longer at hand), every term
// is weighed again. Either way the postings are Weigh's, to the byte.
//
// Entries are told apart by their keys (as in TermCache): an entry's
// terms follow from its key and the analyser.
type WeighCache struct {
	key   string              // the analyser's Key
	keys  [][sha256.Size]byte // each entry's key, in entry order
	avg   []float64           // AvgLen
	terms []string            // sorted
	tps   []TermPostings      // of terms[i]: IDF, DF and the top postings kept
	dirty bool                // changed since read or written
	// Of the last build: whether it weighed only some terms, and which.
	partial bool
	changed []string
	// The keys of the postings made last and of those they were made from
	// (postingsKey).
	postingsKey, since string
	// The file the cache was last read from or written to whole (its
	// CRC-32C and postings key; "" when none or when the cache must be
	// written whole), and the terms whose postings changed since, for
	// WriteChangesTo.
	base string
	diff map[string]bool
}

// postingsKey is a key of postings weighed by the analyser of Key key from
// entries with keys keys: all they depend on.
func postingsKey(key string, keys [][sha256.Size]byte) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(key)))])
	io.WriteString(h, key)
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(keys)))])
	for _, k := range keys {
		h.Write(k[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// weighReserve is how many postings past MaxPostings a WeighCache keeps
// of a term (a variable for tests).
var weighReserve = 64

// NewWeighCache returns an empty cache.
func NewWeighCache() *WeighCache { return &WeighCache{} }

// Partial reports whether the last build weighed only the terms of the
// entries that changed, and which terms those were (sorted).
func (wc *WeighCache) Partial() (bool, []string) {
	if wc == nil {
		return false, nil
	}
	return wc.partial, wc.changed
}

// Changed reports whether the cache changed since it was read or written.
func (wc *WeighCache) Changed() bool { return wc != nil && wc.dirty }

// weighCached is Weigh of the entries' terms (cachedTerms), taken from wc
// when it can (nil: none).
func weighCached(a *Analyzer, entries []*kb.Entry, keys [][sha256.Size]byte, texts [][]string, workers int, cache *TermCache, wc *WeighCache) Postings {
	if wc == nil || cache == nil {
		return Weigh(a.cachedTerms(entries, keys, texts, workers, cache))
	}
	wc.partial, wc.changed = false, nil
	// The entries whose keys changed, and their terms before, read from
	// the term cache before it forgets them.
	var changed []int
	ok := len(wc.keys) == len(keys) && len(keys) > 0 && wc.terms != nil
	if ok {
		for i := range keys {
			if keys[i] != wc.keys[i] {
				changed = append(changed, i)
				if len(changed) > max(len(keys)/8, 1) {
					ok = false
					break
				}
			}
		}
	}
	var old []EntryTerms
	ets := a.cachedTermsThen(entries, keys, texts, workers, cache, func(c *TermCache) {
		if !ok || c.key != wc.key || c.key == "" {
			ok = false
			return
		}
		for _, d := range changed {
			et, found := c.entries[wc.keys[d]]
			if !found {
				ok = false
				return
			}
			old = append(old, et)
		}
	})
	if ok {
		avg := AvgLen(ets)
		ok = slices.Equal(avg, wc.avg)
		if ok {
			if out, done := wc.update(ets, changed, old, avg); done {
				if wc.diff == nil {
					wc.diff = map[string]bool{}
				}
				for _, t := range wc.changed {
					wc.diff[t] = true
				}
				wc.since = postingsKey(wc.key, wc.keys)
				wc.keys = slices.Clone(keys)
				wc.postingsKey = postingsKey(wc.key, wc.keys)
				wc.dirty = wc.dirty || len(changed) > 0
				return out
			}
		}
	}
	return wc.full(ets, keys, cache.key)
}

// full weighs every term, keeping them in wc.
func (wc *WeighCache) full(ets []EntryTerms, keys [][sha256.Size]byte, key string) Postings {
	kept := weigh(ets, MaxPostings+weighReserve)
	terms := make([]string, 0, len(kept))
	for t := range kept {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	tps := make([]TermPostings, len(terms))
	out := make(Postings, len(terms))
	for i, t := range terms {
		tp := kept[t]
		tps[i] = tp
		tp.List = Cap(tp.List)
		out[t] = tp
	}
	*wc = WeighCache{key: key, keys: slices.Clone(keys), avg: AvgLen(ets), terms: terms, tps: tps, dirty: true,
		postingsKey: postingsKey(key, keys)}
	return out
}

// better reports whether p comes before q among a term's postings: a
// higher weight, or the same and a lower entry number (see Cap).
func better(p, q Posting) bool {
	return p.Weight > q.Weight || p.Weight == q.Weight && p.Entry < q.Entry
}

// entryPostings calls f with each term of et (entry d) and the entry's
// posting for it, weighed as Weigh does with the average lengths avg.
func entryPostings(et EntryTerms, d int, avg []float64, f func(term string, p Posting)) {
	norms := make([]float64, len(Fields))
	for i := range norms {
		if i < len(et.Len) {
			norms[i] = 1 - Fields[i].B + Fields[i].B*float64(et.Len[i])/avg[i]
		}
	}
	cur, weighted, mask := "", 0.0, uint8(0)
	flush := func() {
		if mask != 0 {
			f(cur, Posting{Entry: int32(d), Weight: int32(max(int(math.Round(WeightScale*weighted)), 1)), Mask: mask})
		}
	}
	et.each(func(term string, field uint8, tf int32) {
		if term != cur || mask == 0 {
			flush()
			cur, weighted, mask = term, 0, 0
		}
		x := float64(tf) / norms[field]
		weighted += Fields[field].Weight * x / (K1 + x)
		mask |= 1 << field
	})
	flush()
}

// update weighs again the terms of the changed entries (their numbers,
// ascending; old: their terms before, ets: every entry's terms now), the
// others' postings kept; done is false when it cannot (wc unchanged).
func (wc *WeighCache) update(ets []EntryTerms, changed []int, old []EntryTerms, avg []float64) (Postings, bool) {
	type edit struct {
		was map[string]bool
		now map[string]Posting
	}
	edits := make([]edit, len(changed))
	set := map[string]bool{}
	for i, d := range changed {
		e := edit{was: map[string]bool{}, now: map[string]Posting{}}
		old[i].each(func(term string, _ uint8, _ int32) { e.was[term], set[term] = true, true })
		entryPostings(ets[d], d, avg, func(term string, p Posting) { e.now[term], set[term] = p, true })
		edits[i] = e
	}
	words := make([]string, 0, len(set))
	for t := range set {
		words = append(words, t)
	}
	sort.Strings(words)
	n := len(ets)
	news := make([]TermPostings, len(words))
	for w, t := range words {
		var top []Posting
		df := 0
		if i, found := slices.BinarySearch(wc.terms, t); found {
			top, df = slices.Clone(wc.tps[i].List), wc.tps[i].DF
		}
		for i, d := range changed {
			if edits[i].was[t] {
				df--
				if j, found := slices.BinarySearchFunc(top, int32(d), func(p Posting, d int32) int { return int(p.Entry - d) }); found {
					top = slices.Delete(top, j, j+1)
				}
			}
			if p, holds := edits[i].now[t]; holds {
				// top is the exact top of the term's postings: all of them
				// (complete), or all better than those it leaves out.
				complete := len(top) == df
				df++
				if complete || len(top) > 0 && better(p, top[worst(top)]) {
					j, _ := slices.BinarySearchFunc(top, p.Entry, func(p Posting, d int32) int { return int(p.Entry - d) })
					top = slices.Insert(top, j, p)
				}
			}
		}
		if df < 0 || len(top) > df || len(top) < min(df, MaxPostings) {
			return nil, false // the top postings are no longer known
		}
		news[w] = TermPostings{IDF: QuantizedIDF(df, n), DF: df, List: capTo(top, MaxPostings+weighReserve)}
	}
	// The terms now: those kept, merged with those weighed again.
	terms := make([]string, 0, len(wc.terms)+len(words))
	tps := make([]TermPostings, 0, len(wc.terms)+len(words))
	out := make(Postings, len(wc.terms)+len(words))
	add := func(t string, tp TermPostings) {
		if tp.DF == 0 {
			return
		}
		terms, tps = append(terms, t), append(tps, tp)
		tp.List = Cap(tp.List)
		out[t] = tp
	}
	i := 0
	for w, t := range words {
		for i < len(wc.terms) && wc.terms[i] < t {
			add(wc.terms[i], wc.tps[i])
			i++
		}
		if i < len(wc.terms) && wc.terms[i] == t {
			i++
		}
		add(t, news[w])
	}
	for ; i < len(wc.terms); i++ {
		add(wc.terms[i], wc.tps[i])
	}
	wc.terms, wc.tps, wc.partial, wc.changed = terms, tps, true, words
	return out, true
}

// worst is the index of the last of list's postings (see better).
func worst(list []Posting) int {
	w := 0
	for i, p := range list {
		if better(list[w], p) {
			w = i
		}
	}
	return w
}

// The cache's file: "acmkb-postings 1\n", then the analyser's key, the
// number of entries and each one's key (32 bytes), the number of fields
// and each one's average length (float64 bits, 8 bytes), the number of
// terms and each term, its df and how many postings it keeps, then, after
// the zero bytes that put them at a multiple of 4 in the file, every
// term's postings in term order, 12 bytes each (entry, weight: int32;
// mask; 3 zero bytes), and last the CRC-32C of everything between the
// magic and it (4 bytes). Every other number is a uvarint, every string
// its length and bytes, multi-byte numbers little-endian. A file mapped
// into memory (ReadWeighCache) is used where it lies: the postings are
// not copied.
const weighCacheMagic = "acmkb-postings 1\n"

// crcTable is made on first use: crc32.MakeTable(crc32.Castagnoli) builds
// the tables of the CRC instruction (~0.3 ms), which every process paid in
// this package's init, `acmkb ask` included, though only a build reads or
// writes this cache.
var crcTable = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

var errWeighCache = errors.New("not a postings cache")

// WriteTo writes the cache to w.
func (wc *WeighCache) WriteTo(w io.Writer) (int64, error) {
	n, crc, err := wc.write(w, weighCacheMagic, nil, wc.terms, wc.tps)
	if err == nil {
		wc.dirty, wc.base, wc.diff = false, baseOf(crc, wc.key, wc.keys), nil
	}
	return n, err
}

// baseOf identifies a cache file whole: its CRC-32C and its postings key.
func baseOf(crc uint32, key string, keys [][sha256.Size]byte) string {
	return strconv.FormatUint(uint64(crc), 16) + " " + postingsKey(key, keys)
}

// write writes a cache file (magic, then base when not nil, then the
// cache with the given terms and postings) to w, and returns its CRC-32C.
func (wc *WeighCache) write(w io.Writer, magic string, base *string, terms []string, tpss []TermPostings) (int64, uint32, error) {
	crc := crc32.New(crcTable())
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	var n int64
	var buf [binary.MaxVarintLen64]byte
	put := func(b []byte) { k, _ := bw.Write(b); n += int64(k) }
	num := func(x uint64) { put(buf[:binary.PutUvarint(buf[:], x)]) }
	str := func(s string) { num(uint64(len(s))); k, _ := bw.WriteString(s); n += int64(k) }
	if _, err := io.WriteString(w, magic); err != nil {
		return 0, 0, err
	}
	n += int64(len(magic))
	if base != nil {
		str(*base)
	}
	str(wc.key)
	num(uint64(len(wc.keys)))
	for _, k := range wc.keys {
		put(k[:])
	}
	num(uint64(len(wc.avg)))
	for _, a := range wc.avg {
		put(binary.LittleEndian.AppendUint64(buf[:0], math.Float64bits(a)))
	}
	num(uint64(len(terms)))
	for i, t := range terms {
		str(t)
		num(uint64(tpss[i].DF))
		num(uint64(len(tpss[i].List)))
	}
	put(zeroPad[:(4-n%4)%4])
	var p [12]byte
	for _, tp := range tpss {
		if littleEndian {
			if len(tp.List) > 0 {
				put(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(tp.List))), 12*len(tp.List)))
			}
			continue
		}
		for _, q := range tp.List {
			binary.LittleEndian.PutUint32(p[0:], uint32(q.Entry))
			binary.LittleEndian.PutUint32(p[4:], uint32(q.Weight))
			p[8] = q.Mask
			put(p[:])
		}
	}
	if err := bw.Flush(); err != nil {
		return n, 0, err
	}
	sum := crc.Sum32()
	k, err := w.Write(binary.LittleEndian.AppendUint32(nil, sum))
	return n + int64(k), sum, err
}

// The changes file (WriteChangesTo) is a cache file of its own magic, with
// the identity of the whole file it changes (baseOf) after it, holding
// every entry's key and the postings of the terms that changed since that
// file; a term no entry holds any more has a df of 0 and no postings.
const weighChangesMagic = "acmkb-postings-changes 1\n"

// ChangesFit reports whether WriteChangesTo may write the cache: it was
// read from or written to a whole file since it was last weighed whole,
// and the terms that changed since hold at most half of its postings
// (else the changes file, written again in every rebuild until the cache
// is written whole, comes near the whole file).
func (wc *WeighCache) ChangesFit() bool {
	if wc == nil || wc.base == "" {
		return false
	}
	changed, all := 0, 0
	for i, t := range wc.terms {
		all += len(wc.tps[i].List)
		if wc.diff[t] {
			changed += len(wc.tps[i].List)
		}
	}
	return 2*changed <= all
}

// WriteChangesTo writes, for ReadChanges, what changed since the cache was
// read from or written to a whole file (see ChangesFit): a rebuild after
// one edit writes the postings of the terms it weighed again, not the
// whole cache. The changes stay: the next WriteChangesTo writes them
// again.
func (wc *WeighCache) WriteChangesTo(w io.Writer) (int64, error) {
	terms := slices.Sorted(maps.Keys(wc.diff))
	tpss := make([]TermPostings, len(terms))
	for i, t := range terms {
		if j, found := slices.BinarySearch(wc.terms, t); found {
			tpss[i] = wc.tps[j]
		}
	}
	n, _, err := wc.write(w, weighChangesMagic, &wc.base, terms, tpss)
	if err == nil {
		wc.dirty = false
	}
	return n, err
}

// ReadChanges applies what WriteChangesTo wrote (a file mapped, as
// ReadWeighCache does) to a cache read whole from the file they change:
// all of them, or nothing on error (changes of another file included).
func (wc *WeighCache) ReadChanges(r io.Reader) error {
	ch, base, err := readWeigh(r, weighChangesMagic, true)
	if err != nil {
		return err
	}
	if base != wc.base || wc.base == "" || ch.key != wc.key || len(ch.keys) != len(wc.keys) || !slices.Equal(ch.avg, wc.avg) {
		return errWeighCache
	}
	terms := make([]string, 0, len(wc.terms)+len(ch.terms))
	tpss := make([]TermPostings, 0, len(wc.terms)+len(ch.terms))
	diff := make(map[string]bool, len(ch.terms))
	i := 0
	for j, t := range ch.terms {
		for i < len(wc.terms) && wc.terms[i] < t {
			terms, tpss = append(terms, wc.terms[i]), append(tpss, wc.tps[i])
			i++
		}
		if i < len(wc.terms) && wc.terms[i] == t {
			i++
		}
		diff[t] = true
		if ch.tps[j].DF > 0 {
			terms, tpss = append(terms, t), append(tpss, ch.tps[j])
		}
	}
	terms, tpss = append(terms, wc.terms[i:]...), append(tpss, wc.tps[i:]...)
	wc.keys, wc.terms, wc.tps, wc.diff = ch.keys, terms, tpss, diff
	return nil
}

// ReadWeighCache reads a cache WriteTo wrote; anything else (damaged
// included: its CRC) is an error.
func ReadWeighCache(r io.Reader) (*WeighCache, error) {
	wc, _, err := readWeigh(r, weighCacheMagic, false)
	return wc, err
}

// readWeigh reads a cache file of magic (with the identity of its base
// after it when changes: then a term may have a df of 0 and no postings).
func readWeigh(r io.Reader, magic string, changes bool) (*WeighCache, string, error) {
	var data []byte
	var err error
	if f, ok := r.(*os.File); ok { // mapped, never unmapped: the postings are its bytes
		data, _, err = mapfile.Map(f)
	} else {
		data, err = io.ReadAll(r)
	}
	if err != nil {
		return nil, "", err
	}
	m := len(magic)
	if len(data) < m+4 || !strings.HasPrefix(string(data[:m]), magic) ||
		crc32.Checksum(data[m:len(data)-4], crcTable()) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, "", errWeighCache
	}
	whole := data[:len(data)-4]
	rd := &binrec.Reader{Data: whole[m:], Bad: errWeighCache}
	num, bytesOf := rd.NumMax, rd.Bytes
	base := ""
	if changes {
		base = string(bytesOf(num(1 << 10)))
	}
	wc := &WeighCache{}
	wc.key = string(bytesOf(num(1 << 20)))
	wc.keys = make([][sha256.Size]byte, min(num(1<<24), uint64(len(rd.Data))/sha256.Size))
	for i := range wc.keys {
		copy(wc.keys[i][:], bytesOf(sha256.Size))
	}
	wc.avg = make([]float64, min(num(uint64(len(Fields))), uint64(len(rd.Data))/8))
	if len(wc.avg) != len(Fields) {
		return nil, "", errWeighCache
	}
	for i := range wc.avg {
		wc.avg[i] = math.Float64frombits(binary.LittleEndian.Uint64(bytesOf(8)))
	}
	n := len(wc.keys)
	wc.terms = make([]string, min(num(1<<26), uint64(len(rd.Data))))
	wc.tps = make([]TermPostings, len(wc.terms))
	sizes := make([]int, len(wc.terms))
	total := 0
	for i := range wc.terms {
		b := bytesOf(num(1 << 20))
		wc.terms[i] = unsafe.String(unsafe.SliceData(b), len(b))
		df, kept := int(num(uint64(n))), int(num(uint64(n)))
		gone := changes && df == 0 && kept == 0 // a term no entry holds now
		if rd.Err == nil && (i > 0 && wc.terms[i-1] >= wc.terms[i] || df == 0 && !gone || kept > df || kept < min(df, MaxPostings)) {
			rd.Err = errWeighCache
		}
		wc.tps[i] = TermPostings{IDF: QuantizedIDF(df, n), DF: df}
		sizes[i] = kept
		total += kept
	}
	if rd.Err != nil {
		return nil, "", rd.Err
	}
	pad := (4 - (len(whole)-len(rd.Data))%4) % 4
	if len(rd.Data) != pad+12*total {
		return nil, "", errWeighCache
	}
	raw := rd.Data[pad:]
	var all []Posting
	if littleEndian && uintptr(unsafe.Pointer(unsafe.SliceData(raw)))%4 == 0 {
		if total > 0 {
			all = unsafe.Slice((*Posting)(unsafe.Pointer(unsafe.SliceData(raw))), total)
		}
	} else {
		all = make([]Posting, total)
		for i := range all {
			b := raw[12*i:]
			all[i] = Posting{Entry: int32(binary.LittleEndian.Uint32(b)), Weight: int32(binary.LittleEndian.Uint32(b[4:])), Mask: b[8]}
		}
	}
	for i, k := range sizes {
		list := all[:k:k]
		all = all[k:]
		for j, p := range list {
			if p.Entry < 0 || int(p.Entry) >= n || j > 0 && list[j-1].Entry >= p.Entry || p.Weight < 1 || p.Mask == 0 || int(p.Mask)>>len(Fields) != 0 {
				return nil, "", errWeighCache
			}
		}
		wc.tps[i].List = list
	}
	if !changes {
		base = baseOf(binary.LittleEndian.Uint32(data[len(data)-4:]), wc.key, wc.keys)
		wc.base = base
	}
	return wc, base, nil
}
