// Package index builds the bleve index of a knowledge base and answers
// questions from it.
//
// An index is self-contained. Its bleve documents are the entries' passages
// (analysis.Passages: example questions, titles, keywords), one document
// each, with the id "ENTRY#N"; beside them it stores the thesaurus, the
// vocabulary used to correct typos, which fields of each entry hold which
// terms (for analysis.Coverage), and every entry as JSON, so that answering
// never reads the content. Scoring is bleve's BM25 over passages; package
// analysis defines the terms, how passages add up to an entry's score, and
// the rule that decides whether the best entry covers the question.
package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
	"github.com/blevesearch/bleve/v2"
	blevea "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// tokenizerName is the bleve tokenizer type that runs package analysis; the
// thesaurus travels in its configuration, which bleve saves with the index.
const tokenizerName = "acmkb"

func init() {
	registry.RegisterTokenizer(tokenizerName, func(config map[string]interface{}, _ *registry.Cache) (blevea.Tokenizer, error) {
		raw, _ := json.Marshal(config["thesaurus"])
		var groups [][]string
		if err := json.Unmarshal(raw, &groups); err != nil {
			return nil, fmt.Errorf("acmkb tokenizer: thesaurus: %w", err)
		}
		return tokenizer{analysis.New(groups)}, nil
	})
}

type tokenizer struct{ a *analysis.Analyzer }

func (t tokenizer) Tokenize(input []byte) blevea.TokenStream {
	terms := t.a.Terms(string(input))
	out := make(blevea.TokenStream, len(terms))
	for i, term := range terms {
		out[i] = &blevea.Token{Term: []byte(term), Position: i + 1, Type: blevea.AlphaNumeric}
	}
	return out
}

// passageField is the one field of a passage document.
const passageField = "text"

// passageID is the bleve document id of passage n of entry id.
func passageID(id string, n int) string { return fmt.Sprintf("%s#%d", id, n) }

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
	keyEntry     = "acmkb/entry/" // + id
	keyTerms     = "acmkb/terms/" // + id: term -> bitmask of fields holding it
	keyVocab     = "acmkb/vocab/" // + first rune: term -> document frequency
	formatNumber = 2              // bump when what is stored changes
)

type meta struct {
	Format    int        `json:"format"`
	Docs      int        `json:"docs"`
	Thesaurus [][]string `json:"thesaurus"`
	Config    kb.Config  `json:"config"`
	Policy    analysis.Policy
}

func indexMapping(thesaurus [][]string) (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if thesaurus == nil {
		thesaurus = [][]string{}
	}
	if err := im.AddCustomTokenizer(tokenizerName, map[string]interface{}{"type": tokenizerName, "thesaurus": thesaurus}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(tokenizerName, map[string]interface{}{"type": custom.Name, "tokenizer": tokenizerName}); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	fm := bleve.NewTextFieldMapping()
	fm.Analyzer = tokenizerName
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	fm.DocValues = false
	doc.AddFieldMappingsAt(passageField, fm)
	im.DefaultMapping = doc
	im.DefaultAnalyzer = tokenizerName
	im.ScoringModel = "bm25"
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im, nil
}

// Build writes the index of k into dir, which must not exist yet.
func Build(k *kb.KB, dir string) (err error) {
	im, err := indexMapping(k.Thesaurus)
	if err != nil {
		return fmt.Errorf("index mapping: %w", err)
	}
	idx, err := bleve.NewUsing(dir, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	defer func() {
		if cerr := idx.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close index: %w", cerr)
		}
	}()

	an := analysis.New(k.Thesaurus)
	vocab := map[string]map[string]int{} // first rune -> term -> df
	batch := idx.NewBatch()
	for _, e := range k.Entries {
		for n, p := range analysis.Passages(e) {
			if err := batch.Index(passageID(e.ID, n), map[string]interface{}{passageField: p}); err != nil {
				return fmt.Errorf("index %s: %w", e.ID, err)
			}
		}
		texts := analysis.FieldTexts(e)
		fieldsOf := map[string]uint8{}
		for i, f := range analysis.Fields {
			for _, t := range an.Terms(texts[f.Name]) {
				fieldsOf[t] |= 1 << i
			}
		}
		for t := range fieldsOf {
			r, _ := utf8.DecodeRuneInString(t)
			if vocab[string(r)] == nil {
				vocab[string(r)] = map[string]int{}
			}
			vocab[string(r)][t]++
		}
		if err := setJSON(batch, keyTerms+e.ID, fieldsOf); err != nil {
			return err
		}
		if err := setJSON(batch, keyEntry+e.ID, e); err != nil {
			return err
		}
	}
	for r, terms := range vocab {
		if err := setJSON(batch, keyVocab+r, terms); err != nil {
			return err
		}
	}
	m := meta{Format: formatNumber, Docs: len(k.Entries), Thesaurus: k.Thesaurus, Config: k.Config, Policy: analysis.DefaultPolicy}
	if err := setJSON(batch, keyMeta, m); err != nil {
		return err
	}
	if err := idx.Batch(batch); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
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
	vocab    map[string]map[string]int // buckets loaded so far
	entries  map[string]*kb.Entry
	terms    map[string]map[string]uint8
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
	ix := &Index{idx: idx, vocab: map[string]map[string]int{}, entries: map[string]*kb.Entry{}, terms: map[string]map[string]uint8{}}
	if err := ix.getJSON(keyMeta, &ix.meta); err != nil || ix.meta.Format != formatNumber {
		idx.Close()
		return nil, ErrStale
	}
	ix.analyzer = analysis.New(ix.meta.Thesaurus)
	return ix, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.idx.Close() }

// Config returns the knowledge base settings the index was built with.
func (ix *Index) Config() kb.Config { return ix.meta.Config }

// Docs is the number of entries in the index.
func (ix *Index) Docs() int { return ix.meta.Docs }

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

// Entry returns the stored entry id, or nil.
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

func (ix *Index) fieldsOf(id string) map[string]uint8 {
	if t, ok := ix.terms[id]; ok {
		return t
	}
	var t map[string]uint8
	_ = ix.getJSON(keyTerms+id, &t)
	ix.terms[id] = t
	return t
}

func (ix *Index) bucket(first string) map[string]int {
	if b, ok := ix.vocab[first]; ok {
		return b
	}
	var b map[string]int
	_ = ix.getJSON(keyVocab+first, &b)
	ix.vocab[first] = b
	return b
}

// Freq implements analysis.Vocabulary.
func (ix *Index) Freq(term string) int {
	r, _ := utf8.DecodeRuneInString(term)
	return ix.bucket(string(r))[term]
}

// Candidates implements analysis.Vocabulary.
func (ix *Index) Candidates(first rune) []string {
	b := ix.bucket(string(first))
	out := make([]string, 0, len(b))
	for t := range b {
		if !strings.HasPrefix(t, "@") {
			out = append(out, t)
		}
	}
	return out
}
