// Package index builds the bleve index of a knowledge base and answers
// questions from it.
//
// An index is self-contained: answering never reads the content. Package
// analysis decides everything about answers (the terms, each entry's BM25F
// impact for each term, how impacts add up to a score, and when the best
// entry covers a question); this package stores what that needs and looks
// it up per question.
//
// # What is stored
//
// A bleve (scorch) index whose documents are records, each with one stored,
// unindexed field "v", looked up by document id:
//
//	b:N       bucket N of the terms: every term whose hash (FNV-1a of its
//	          bytes) modulo the number of buckets is N, with its postings
//	          (analysis.Postings), see encodeBucket
//	v:R       the vocabulary of the terms starting with rune R: each term and
//	          the number of entries holding it (a termTable), for typo
//	          correction and idf
//	e:ID      entry ID without its body (card), for printing answers, then
//	          its body's sections (heading, anchor, text) per language, for
//	          citing the section that answers (analysed when cited): see
//	          entryRecord
//	t:ID      entry ID's title (encodeTitle)
//	ids       the entry ids in entry-number order, one per line
//
// Terms go into buckets of about bucketTerms, so that an index of 10,000
// entries is some 15,000 records rather than one per term: bleve's cost is
// per record. In bleve's internal storage (loaded whole when the index is
// opened, so kept small) are the index's meta data and the prepared analyser
// (analysis.Analyzer.MarshalText: the thesaurus normalised and stemmed, the
// names). Records live in bleve's segments, which are read from the mapped
// files on demand: opening an index costs the same for 14 entries or 10,000.
package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// valueField is the one (stored, unindexed) field of a record.
const valueField = "v"

// Record ids and internal keys.
const (
	recBucket    = "b:"
	recVocab     = "v:"
	recEntry     = "e:"
	recTitle     = "t:"
	recIDs       = "ids"
	recAliases   = "aliases"
	keyMeta      = "acmkb/meta"
	keyAnalyzer  = "acmkb/analyzer"
	formatNumber = 19 // bump when what is stored changes
)

// bucketTerms is about how many terms a bucket record holds.
const bucketTerms = 32

type meta struct {
	Format  int             `json:"format"`
	Docs    int             `json:"docs"`
	Buckets int             `json:"buckets"`
	Config  kb.Config       `json:"config"`
	Policy  analysis.Policy `json:"policy"`
	Subject []string        `json:"subject"` // analysis.Subject of the entries
}

func indexMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	doc := bleve.NewDocumentStaticMapping()
	fm := bleve.NewTextFieldMapping()
	fm.Analyzer = keyword.Name
	fm.Index = false
	fm.Store = true
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	fm.DocValues = false
	doc.AddFieldMappingsAt(valueField, fm)
	im.DefaultMapping = doc
	im.DefaultAnalyzer = keyword.Name
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// batchSize is how many records go into one bleve batch: bounded, so that
// memory does not grow with the knowledge base.
const batchSize = 2000

// Build writes the index of k into dir, which must not exist yet.
func Build(k *kb.KB, dir string) error {
	return BuildCorpus(analysis.NewCorpus(k, 0), k.Config, dir)
}

// BuildCorpus writes the index of the analysed knowledge base c (with
// settings cfg) into dir, which must not exist yet.
func BuildCorpus(c *analysis.Corpus, cfg kb.Config, dir string) error {
	_, err := Update(c, cfg, dir, "", nil)
	return err
}

// create makes an empty bleve index in dir ("": in memory, see Memory).
func create(dir string) (bleve.Index, error) {
	idx, err := bleve.NewUsing(dir, indexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	return idx, nil
}

// bucketsFor is the number of term buckets for n terms: a power of two.
func bucketsFor(n int) int {
	b := 1
	for b*bucketTerms < n {
		b *= 2
	}
	return b
}

// bucketOf is the bucket of term among n.
func bucketOf(term string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % uint32(n))
}

// records makes every record of the index of c and hands each to put, in
// order; the record of an entry for which same (when not nil) is true is
// not made (see Update).
//
// With only (not nil), the term records made are only the buckets and
// vocabulary tables that hold a term of only, or held one: those left
// with no term are handed to gone.
func records(c *analysis.Corpus, only map[string]bool, gone func(id string), put func(id string, value []byte), same func(e *kb.Entry) bool) {
	post := c.Postings
	nb := bucketsFor(len(post))
	var wantBucket map[int]bool
	var wantRune map[string]bool
	if only != nil {
		wantBucket, wantRune = map[int]bool{}, map[string]bool{}
		for t := range only {
			wantBucket[bucketOf(t, nb)] = true
			r, _ := utf8.DecodeRuneInString(t)
			wantRune[string(r)] = true
		}
	}
	var terms []string
	if only == nil {
		terms = make([]string, 0, len(post))
	}
	buckets := make([][]string, nb)
	vocab := map[string]map[string]int{} // first rune -> term -> entries holding it
	for t, tp := range post {
		r, _ := utf8.DecodeRuneInString(t)
		if only == nil {
			terms = append(terms, t)
		} else if wantBucket[bucketOf(t, nb)] {
			terms = append(terms, t)
		}
		if only != nil && !wantRune[string(r)] {
			continue
		}
		if vocab[string(r)] == nil {
			vocab[string(r)] = map[string]int{}
		}
		vocab[string(r)][t] = tp.DF
	}
	sort.Strings(terms)
	for _, t := range terms {
		b := bucketOf(t, nb)
		buckets[b] = append(buckets[b], t)
	}
	for b, ts := range buckets {
		if len(ts) > 0 {
			put(recBucket+strconv.Itoa(b), encodeBucket(ts, post))
		} else if wantBucket[b] {
			gone(recBucket + strconv.Itoa(b))
		}
	}
	for r, tt := range vocab {
		put(recVocab+r, encodeTable(tt))
	}
	for r := range wantRune {
		if vocab[r] == nil {
			gone(recVocab + r)
		}
	}
	ids := make([]string, len(c.Entries))
	for i, e := range c.Entries {
		ids[i] = e.ID
		if same == nil || !same(e) {
			for _, r := range entryRecords(e) {
				put(r.prefix+e.ID, r.value)
			}
		}
	}
	put(recIDs, []byte(strings.Join(ids, "\n")))
	// Former ids (kb.Entry.Aliases), "alias id" a line, for what takes an
	// id from its user (eval sets written before a rename); no record when
	// no entry has one (Update deletes a record it no longer puts).
	var aliases []string
	for _, e := range c.Entries {
		for _, a := range e.Aliases {
			aliases = append(aliases, a+" "+e.ID)
		}
	}
	if len(aliases) > 0 {
		put(recAliases, []byte(strings.Join(aliases, "\n")))
	}
}

// entryRecords are the records of entry e, each with id prefix + e.ID, in
// the order of entryPrefixes: what they hold is decided by the entry alone,
// so that Update writes them only for the entries that changed (and
// deletes every one of them for an entry gone).
func entryRecords(e *kb.Entry) []prefixed {
	return []prefixed{{recEntry, entryRecord(e)}, {recTitle, titleRecord(e)}}
}

// prefixed is a record of an entry: its id prefix and its value.
type prefixed struct {
	prefix string
	value  []byte
}

// entryPrefixes are the id prefixes of entryRecords.
var entryPrefixes = []string{recEntry, recTitle}

// internalKeys are the keys of bleve's internal storage that an index sets.
var internalKeys = []string{keyAnalyzer, keyMeta}

// internals are the values of internalKeys for the index of c.
func internals(c *analysis.Corpus, cfg kb.Config) (map[string][]byte, error) {
	prepared, err := c.Analyzer.MarshalText()
	if err != nil {
		return nil, err
	}
	m := meta{Format: formatNumber, Docs: len(c.Entries), Buckets: bucketsFor(len(c.Postings)), Config: cfg, Policy: analysis.DefaultPolicy.ForSize(len(c.Entries)),
		Subject: c.Subject()}
	return map[string][]byte{keyAnalyzer: prepared, keyMeta: encodeMeta(m)}, nil
}

// titleRecord is the record of e's title (encodeTitle).
func titleRecord(e *kb.Entry) []byte { return encodeTitle(e.Title) }

// entryRecord is the record of e: its card (encodeCard) as a string of
// binrec's, then its sections (encodeSections).
//
// The two parts are encoded into buffers kept from one record to the next
// and the record is copied out once: growing a fresh buffer for each part
// and copying the card again was several times the index's size in
// allocations.
func entryRecord(e *kb.Entry) []byte {
	sc := recordBuffers.Get().(*[2][]byte)
	defer recordBuffers.Put(sc)
	sc[0] = appendCard(sc[0][:0], card(e))
	sc[1] = appendSections(sc[1][:0], sections(e))
	out := make([]byte, 0, binary.MaxVarintLen64+len(sc[0])+len(sc[1]))
	out = binary.AppendUvarint(out, uint64(len(sc[0]))) // the card as binrec's Str writes it
	out = append(out, sc[0]...)
	return append(out, sc[1]...)
}

// recordBuffers holds entryRecord's buffers.
var recordBuffers = sync.Pool{New: func() any { return new([2][]byte) }}

// splitEntryRecord returns the card and the sections of an entry record.
func splitEntryRecord(data []byte) (card, secs []byte, ok bool) {
	r := newReader(data)
	card = r.Bytes(r.Num())
	return card, r.Data, r.Err == nil
}

// writer adds records to an index in batches of batchSize, until ctx (when
// not nil) is cancelled.
type writer struct {
	idx   bleve.Index
	batch *bleve.Batch
	ctx   context.Context
	n     int
	err   error
}

func (w *writer) put(id string, value []byte) {
	if w.err != nil {
		return
	}
	if err := w.batch.Index(id, map[string]any{valueField: string(value)}); err != nil {
		w.err = fmt.Errorf("index %s: %w", id, err)
		return
	}
	if w.n++; w.n%batchSize == 0 {
		w.err = w.flush()
	}
}

func (w *writer) delete(id string) {
	if w.err != nil {
		return
	}
	w.batch.Delete(id)
	if w.n++; w.n%batchSize == 0 {
		w.err = w.flush()
	}
}

func (w *writer) flush() error {
	if w.ctx != nil && w.ctx.Err() != nil {
		return w.ctx.Err()
	}
	if err := w.idx.Batch(w.batch); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	w.batch.Reset()
	return nil
}

// encodeBucket writes the postings of terms (sorted) one after another:
// per term its length, the term, the length of its postings and its
// postings (encodePostings).
//
// Sized first, each term's postings encoded into one scratch buffer: a
// rebuild after one edit at 10,000 entries encodes ~100 buckets of ~100
// terms, and growing each bucket and each term's postings from nothing
// was most of the CPU of making the index's records.
func encodeBucket(terms []string, post analysis.Postings) []byte {
	size := 0
	for _, t := range terms {
		size += len(t) + 16 + 4*len(post[t].List)
	}
	out := make([]byte, 0, size)
	var enc []byte
	for _, t := range terms {
		enc = appendPostings(enc[:0], post[t])
		out = binary.AppendUvarint(out, uint64(len(t)))
		out = append(out, t...)
		out = binary.AppendUvarint(out, uint64(len(enc)))
		out = append(out, enc...)
	}
	return out
}

// findInBucket returns the encoded postings of term in bucket data, or nil.
func findInBucket(data []byte, term string) []byte {
	for len(data) > 0 {
		n, k := binary.Uvarint(data)
		if k <= 0 || uint64(len(data)-k) < n {
			return nil
		}
		t := data[k : k+int(n)]
		data = data[k+int(n):]
		m, k := binary.Uvarint(data)
		if k <= 0 || uint64(len(data)-k) < m {
			return nil
		}
		if string(t) == term {
			return data[k : k+int(m)]
		}
		data = data[k+int(m):]
	}
	return nil
}

// encodePostings writes a term's postings as varints: its idf, the number
// of entries holding it, then per posting the entry number (as the
// difference from the previous one), the weight and the field mask.
func encodePostings(tp analysis.TermPostings) []byte {
	return appendPostings(make([]byte, 0, 4+len(tp.List)*4), tp)
}

// appendPostings appends encodePostings(tp) to out.
func appendPostings(out []byte, tp analysis.TermPostings) []byte {
	out = binary.AppendUvarint(out, uint64(tp.IDF))
	out = binary.AppendUvarint(out, uint64(tp.DF))
	prev := 0
	for _, p := range tp.List {
		out = binary.AppendUvarint(out, uint64(int(p.Entry)-prev))
		out = binary.AppendUvarint(out, uint64(p.Weight))
		out = append(out, p.Mask)
		prev = int(p.Entry)
	}
	return out
}

var errCorrupt = errors.New("corrupt postings")

func decodePostings(data []byte) (analysis.TermPostings, error) {
	var tp analysis.TermPostings
	if len(data) == 0 {
		return tp, nil
	}
	idf, n := binary.Uvarint(data)
	if n <= 0 {
		return tp, errCorrupt
	}
	tp.IDF, data = int(idf), data[n:]
	df, n := binary.Uvarint(data)
	if n <= 0 {
		return tp, errCorrupt
	}
	tp.DF, data = int(df), data[n:]
	prev := 0
	for len(data) > 0 {
		d, n := binary.Uvarint(data)
		if n <= 0 {
			return tp, errCorrupt
		}
		data = data[n:]
		w, n := binary.Uvarint(data)
		if n <= 0 || len(data) <= n || d > math.MaxInt32 || w > math.MaxInt32 {
			return tp, errCorrupt
		}
		if prev += int(d); prev > math.MaxInt32 {
			return tp, errCorrupt
		}
		tp.List = append(tp.List, analysis.Posting{Entry: int32(prev), Weight: int32(w), Mask: data[n]})
		data = data[n+1:]
	}
	return tp, nil
}

// card is what the index stores of an entry: everything an answer shows,
// without the body and the line numbers, which answering never needs.
func card(e *kb.Entry) *kb.Entry {
	c := *e.Full()
	c.Body, c.Lines = nil, nil
	return &c
}

// section is a body section as stored: its heading, the anchor of the
// heading on the entry's page, and its text.
type section struct {
	Heading string `json:"h"`
	Anchor  string `json:"a"`
	Text    string `json:"t"`
}

// sections are the sections of e's body, per language.
func sections(e *kb.Entry) map[kb.Lang][]section {
	out := map[kb.Lang][]section{}
	for _, l := range kb.Langs {
		secs := analysis.Sections(e.BodyText()[l])
		for _, s := range secs {
			out[l] = append(out[l], section{Heading: s.Heading, Text: s.Text})
		}
		anchors := analysis.Anchors(secs)
		for i := range out[l] {
			out[l][i].Anchor = anchors[i]
		}
	}
	return out
}

// Index is an open index.
type Index struct {
	idx      bleve.Index
	meta     meta
	analyzer *analysis.Analyzer
	ids      []string
	aliases  map[string]string    // former id -> id (Resolve), read when first needed
	vocab    map[string]termTable // vocabulary buckets loaded so far, by first rune
	entries  map[string]*kb.Entry
	sections map[string][]byte // the stored sections (encodeSections) of the entries Entry read, by id
	postings map[string]analysis.TermPostings
	buckets  map[int][]byte // term buckets loaded so far
}

// ErrStale is returned by Open for an index written by another version of acmkb.
var ErrStale = errors.New("index was built by another version of acmkb")

// Open opens the index in dir read-only.
func Open(dir string) (*Index, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	return wrap(idx)
}

// wrap reads what answering needs from the open idx; it closes idx on error.
func wrap(idx bleve.Index) (*Index, error) {
	ix := &Index{idx: idx, vocab: map[string]termTable{}, entries: map[string]*kb.Entry{}, sections: map[string][]byte{}, postings: map[string]analysis.TermPostings{}, buckets: map[int][]byte{}}
	data, err := idx.GetInternal([]byte(keyMeta))
	if err == nil {
		ix.meta, err = decodeMeta(data)
	}
	if err != nil {
		idx.Close()
		return nil, ErrStale
	}
	prepared, err := idx.GetInternal([]byte(keyAnalyzer))
	ix.analyzer = new(analysis.Analyzer)
	if err != nil || ix.analyzer.UnmarshalText(prepared) != nil {
		idx.Close()
		return nil, ErrStale
	}
	return ix, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.idx.Close() }

// Config returns the knowledge base settings the index was built with.
func (ix *Index) Config() kb.Config { return ix.meta.Config }

// record returns the value of record id, or nil.
func (ix *Index) record(id string) []byte {
	doc, err := ix.idx.Document(id)
	if err != nil || doc == nil {
		return nil
	}
	var v []byte
	doc.VisitFields(func(f bindex.Field) {
		if f.Name() == valueField {
			v = f.Value()
		}
	})
	return v
}

// Resolve returns the id of the entry id names: id itself when an entry
// has it, else the entry whose former id it is (kb.Entry.Aliases), else "".
func (ix *Index) Resolve(id string) string {
	if ix.Entry(id) != nil {
		return id
	}
	if ix.aliases == nil {
		ix.aliases = map[string]string{}
		for line := range strings.SplitSeq(string(ix.record(recAliases)), "\n") {
			if a, to, ok := strings.Cut(line, " "); ok {
				ix.aliases[a] = to
			}
		}
	}
	if to := ix.aliases[id]; to != "" && ix.Entry(to) != nil {
		return to
	}
	return ""
}

// ID returns the id of entry number n.
func (ix *Index) ID(n int) string {
	if ix.ids == nil {
		ix.ids = strings.Split(string(ix.record(recIDs)), "\n")
	}
	if n < 0 || n >= len(ix.ids) {
		return ""
	}
	return ix.ids[n]
}

// Entry returns the stored entry id (see card: without Body and Lines), or nil.
func (ix *Index) Entry(id string) *kb.Entry {
	if e, ok := ix.entries[id]; ok {
		return e.Full()
	}
	var e *kb.Entry
	if data := ix.record(recEntry + id); data != nil {
		c, secs, _ := splitEntryRecord(data)
		e, _ = decodeCard(c)
		// The section that answers is looked up in the same record: keep
		// its sections rather than fetch and decompress it again.
		ix.sections[id] = secs
	}
	ix.entries[id] = e
	return e
}

// Title returns the title of entry id, from its own record: an answer
// prints the titles of its related entries, and decoding each one's whole
// card took longer than answering.
func (ix *Index) Title(id string) kb.Text {
	if e, ok := ix.entries[id]; ok && e != nil {
		return e.Title
	}
	data := ix.record(recTitle + id)
	if data == nil {
		return nil
	}
	t, err := decodeTitle(data)
	if err != nil {
		return nil
	}
	return t
}

// Term implements analysis.Lookup.
func (ix *Index) Term(term string) analysis.TermPostings {
	if tp, ok := ix.postings[term]; ok {
		return tp
	}
	b := bucketOf(term, max(ix.meta.Buckets, 1))
	data, ok := ix.buckets[b]
	if !ok {
		data = ix.record(recBucket + strconv.Itoa(b))
		ix.buckets[b] = data
	}
	tp, _ := decodePostings(findInBucket(data, term))
	ix.postings[term] = tp
	return tp
}

// UnknownIDF implements analysis.Lookup.
func (ix *Index) UnknownIDF() int { return analysis.QuantizedIDF(0, ix.meta.Docs) }

// bucket is the vocabulary of the terms starting with first (loaded once).
func (ix *Index) bucket(first string) termTable {
	if b, ok := ix.vocab[first]; ok {
		return b
	}
	b := termTable(ix.record(recVocab + first))
	ix.vocab[first] = b
	return b
}

// Freq implements analysis.Vocabulary.
func (ix *Index) Freq(term string) int {
	r, _ := utf8.DecodeRuneInString(term)
	return ix.bucket(string(r)).get(term)
}

// Candidates implements analysis.Vocabulary.
func (ix *Index) Candidates(first rune) []string {
	return ix.bucket(string(first)).terms() // group terms ("@…") sit in the "@" bucket
}

// termTable maps terms to small numbers, stored as "\nterm\tN\nterm\tN\n":
// a lookup is one substring search, with nothing to decode.
type termTable []byte

func encodeTable(m map[string]int) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('\n')
	for _, k := range keys {
		fmt.Fprintf(&b, "%s\t%d\n", k, m[k])
	}
	return []byte(b.String())
}

func (t termTable) get(term string) int {
	i := strings.Index(string(t), "\n"+term+"\t")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range t[i+len(term)+2:] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func (t termTable) terms() []string {
	var out []string
	for _, line := range strings.Split(string(t), "\n") {
		if i := strings.IndexByte(line, '\t'); i > 0 {
			out = append(out, line[:i])
		}
	}
	return out
}
