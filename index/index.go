// Package index builds the bleve index of a knowledge base and answers
// questions from it.
//
// An index is self-contained. Its bleve documents are the entries' passages
// (analysis.Passages: example questions, titles, keywords), one document
// each, with the id "ENTRY#NNNN" (analysis.PassageID), stored already
// analysed (terms separated by spaces). Beside them, in bleve's internal
// storage (the key* constants), it keeps the thesaurus prepared for the
// analyser (analysis.Analyzer.MarshalText), the vocabulary used to correct
// typos, which fields of each entry hold which terms (for
// analysis.Coverage), each passage's terms (for Policy.Containment), each
// entry's title, and every entry as JSON without its body, so that
// answering never reads the content. Scoring is bleve's BM25 over passages; package
// analysis defines the terms, how passages add up to an entry's score, and
// the rule that decides whether the best entry covers the question.
package index

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// analyzerName is the bleve analyzer of passages. Passages are analysed by
// package analysis before bleve sees them (Build stores their terms
// separated by spaces, Ask analyses questions the same way), so bleve only
// splits on spaces: the index cannot drift from package analysis, and its
// mapping stays small and cheap to open.
const analyzerName = "terms"

// passageField is the one field of a passage document.
const passageField = "text"

// entryOf is the entry id of a passage document id.
func entryOf(docID string) string {
	if i := strings.LastIndexByte(docID, '#'); i >= 0 {
		return docID[:i]
	}
	return docID
}

// Keys of what the index stores beside the postings (bleve's internal storage).
const (
	keyMeta      = "acmkb/meta"
	keyEntry     = "acmkb/entry/"   // + id
	keyTerms     = "acmkb/terms/"   // + id: the fields holding each term (a termTable of bitmasks)
	keyVocab     = "acmkb/vocab/"   // + first rune: the entries holding each term (a termTable of counts)
	keyTitle     = "acmkb/title/"   // + id: the entry's title as JSON, for listing alternatives
	keyPassages  = "acmkb/pass/"    // + id: the terms of each passage, one line each, for containment
	keyAnalyzer  = "acmkb/analyzer" // the prepared thesaurus (analysis.Analyzer.MarshalText)
	formatNumber = 9                // bump when what is stored changes
)

type meta struct {
	Format int             `json:"format"`
	Docs   int             `json:"docs"`
	Config kb.Config       `json:"config"`
	Policy analysis.Policy `json:"policy"`
}

func indexMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(analyzerName, map[string]interface{}{"type": custom.Name, "tokenizer": whitespace.Name}); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	fm := bleve.NewTextFieldMapping()
	fm.Analyzer = analyzerName
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	fm.DocValues = false
	doc.AddFieldMappingsAt(passageField, fm)
	im.DefaultMapping = doc
	im.DefaultAnalyzer = analyzerName
	im.ScoringModel = "bm25"
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im, nil
}

// Build writes the index of k into dir, which must not exist yet.
func Build(k *kb.KB, dir string) (err error) {
	idx, err := create(dir)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := idx.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close index: %w", cerr)
		}
	}()
	return fill(k, idx)
}

// create makes an empty bleve index in dir ("": in memory, see Memory).
func create(dir string) (bleve.Index, error) {
	im, err := indexMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	idx, err := bleve.NewUsing(dir, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	return idx, nil
}

// fill indexes k into the empty idx.
func fill(k *kb.KB, idx bleve.Index) error {
	an := analysis.New(k.Thesaurus)
	vocab := map[string]map[string]int{} // first rune -> term -> df
	batch := idx.NewBatch()
	for _, e := range k.Entries {
		var lines []string
		for n, p := range analysis.Passages(e) {
			terms := strings.Join(an.Terms(p), " ")
			if err := batch.Index(analysis.PassageID(e.ID, n), map[string]interface{}{passageField: terms}); err != nil {
				return fmt.Errorf("index %s: %w", e.ID, err)
			}
			lines = append(lines, terms)
		}
		batch.SetInternal([]byte(keyPassages+e.ID), []byte(strings.Join(lines, "\n")))
		_, fieldsOf := an.FieldMasks(e)
		for t := range fieldsOf {
			r, _ := utf8.DecodeRuneInString(t)
			if vocab[string(r)] == nil {
				vocab[string(r)] = map[string]int{}
			}
			vocab[string(r)][t]++
		}
		batch.SetInternal([]byte(keyTerms+e.ID), encodeTable(fieldsOf))
		if err := setJSON(batch, keyTitle+e.ID, e.Title); err != nil {
			return err
		}
		if err := setJSON(batch, keyEntry+e.ID, card(e)); err != nil {
			return err
		}
	}
	for r, terms := range vocab {
		batch.SetInternal([]byte(keyVocab+r), encodeTable(terms))
	}
	prepared, err := an.MarshalText()
	if err != nil {
		return err
	}
	batch.SetInternal([]byte(keyAnalyzer), prepared)
	m := meta{Format: formatNumber, Docs: len(k.Entries), Config: k.Config, Policy: analysis.DefaultPolicy}
	if err := setJSON(batch, keyMeta, m); err != nil {
		return err
	}
	if err := idx.Batch(batch); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
}

// card is what the index stores of an entry: everything an answer and its
// explanation show (the example questions are passages), without the body
// and the line numbers, which answering never needs. Leaving them out keeps
// decoding an answer cheap.
func card(e *kb.Entry) *kb.Entry {
	c := *e
	c.Body, c.Lines = nil, nil
	return &c
}

func setJSON(b *bleve.Batch, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	b.SetInternal([]byte(key), data)
	return nil
}

// Index is an open index.
type Index struct {
	idx      bleve.Index
	meta     meta
	analyzer *analysis.Analyzer
	vocab    map[string]termTable // vocabulary buckets loaded so far, by first rune
	entries  map[string]*kb.Entry
	terms    map[string]termTable // by entry id
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
	ix := &Index{idx: idx, vocab: map[string]termTable{}, entries: map[string]*kb.Entry{}, terms: map[string]termTable{}}
	if err := ix.getJSON(keyMeta, &ix.meta); err != nil || ix.meta.Format != formatNumber {
		idx.Close()
		return nil, ErrStale
	}
	// The thesaurus comes prepared (analysis.Analyzer.MarshalText): opening
	// does not normalise and stem it again.
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

func (ix *Index) getJSON(key string, v any) error {
	data, err := ix.idx.GetInternal([]byte(key))
	if err != nil {
		return err
	}
	if data == nil {
		return fmt.Errorf("index has no %s", key)
	}
	return json.Unmarshal(data, v)
}

// Entry returns the stored entry id (see card: without Body and Lines), or nil.
func (ix *Index) Entry(id string) *kb.Entry {
	if e, ok := ix.entries[id]; ok {
		return e
	}
	var e kb.Entry
	if err := ix.getJSON(keyEntry+id, &e); err != nil {
		ix.entries[id] = nil
		return nil
	}
	ix.entries[id] = &e
	return &e
}

// Title returns the title of entry id (cheaper than Entry).
func (ix *Index) Title(id string) kb.Text {
	if e, ok := ix.entries[id]; ok && e != nil {
		return e.Title
	}
	var t kb.Text
	_ = ix.getJSON(keyTitle+id, &t)
	return t
}

// fieldsOf returns the table of which fields of entry id hold each term.
func (ix *Index) fieldsOf(id string) termTable {
	if t, ok := ix.terms[id]; ok {
		return t
	}
	t := ix.internal(keyTerms + id)
	ix.terms[id] = t
	return t
}

// bucket is the vocabulary of the terms starting with first (loaded once).
func (ix *Index) bucket(first string) termTable {
	if b, ok := ix.vocab[first]; ok {
		return b
	}
	b := ix.internal(keyVocab + first)
	ix.vocab[first] = b
	return b
}

func (ix *Index) internal(key string) termTable {
	data, _ := ix.idx.GetInternal([]byte(key))
	return termTable(data)
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
// a lookup is one substring search, with nothing to decode, which keeps
// opening and asking fast whatever the size of the knowledge base.
type termTable []byte

func encodeTable[N uint8 | int](m map[string]N) termTable {
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
	return termTable(b.String())
}

func (t termTable) get(term string) int {
	i := bytes.Index(t, []byte("\n"+term+"\t"))
	if i < 0 {
		return 0
	}
	rest := t[i+len(term)+2:]
	n := 0
	for _, c := range rest {
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
