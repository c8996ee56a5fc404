package site

// Search data: what templates/assets/search.js needs to answer questions in
// the browser exactly as `acmkb ask` does (index/ask.go), computed with package
// analysis so that every rule and number follows it.
//
// # What is scored
//
// As in the CLI's index, each term's postings (analysis.Postings) give the
// term's idf and, for every entry holding it, the entry's weight for the term
// and the fields holding it (integers: idf × weight is the entry's impact). search.js ranks entries as
// analysis.Rank does (adding up integers, so that scores are exactly the
// CLI's) and decides whether the best answers as analysis.Policy.Answers does.
//
// # Files
//
// search/index.json (always at that address, so that pages do not change
// with the search data; served to be revalidated): rules and statistics
// (always loaded), see searchIndex, and "base", the directory of the other
// files. Under assets/search/HASH/ (HASH changes with their content, so they
// can be cached forever):
//
//	pK.json      postings of the terms of shard K: {term: [idf, df, entry, weight, mask, ...]},
//	             entry numbers as differences from the previous posting's; df
//	             is the number of entries holding the term, of which at most
//	             analysis.MaxPostings are listed, written −(df+1) when the term
//	             is a common English word (analysis.Common); the shards also
//	             hold the common words no entry holds, as [0, −1], so that
//	             search.js knows every word analysis.Common knows
//	vL.json      the vocabulary of letter L: {term: entries holding it}
//	dK.json      document chunk K: [[id, verdict, title, answer]]
//
// A small knowledge base has everything inline in index.json ("shards" and
// "docs"), so that a question loads one file. A large one is split so that a
// question loads only what it needs: the shard of each of its terms (shard =
// fnv(term) mod shards), the vocabulary of a word's first letter when the word
// is unknown and typo correction looks for candidates (rule 4 of package
// analysis), and the document chunks of the results shown.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/bits"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
)

// searchFormat is the version of the search data; search.js checks it.
const searchFormat = 9

// Sizes that decide how the search data is split (bytes of JSON).
const (
	inlineLimit = 32 << 10 // terms and documents up to this go into index.json
	shardTarget = 1 << 10  // about this much per shard: a question loads one per term...
	maxShards   = 2048     // ...unless that makes more shards than this: then larger ones
	chunkTarget = 16 << 10 // about this much per document chunk: a result loads one
)

// searchIndex is index.json.
type searchIndex struct {
	Format    int                               `json:"v"`
	Entries   int                               `json:"n"`
	Root      string                            `json:"root"` // site root path: links are ROOT{lang}/{id}/
	Fields    []analysis.Field                  `json:"fields"`
	Policy    analysis.Policy                   `json:"policy"`
	Subject   []string                          `json:"subject"`         // analysis.Subject of the entries
	Thesaurus [][]string                        `json:"thesaurus"`       // the knowledge base's groups, then the general ones
	Names     []string                          `json:"names"`           // words never stemmed
	Parts     [][]string                        `json:"parts,omitempty"` // CamelCase words a question may write apart: each the word's term, then its parts' stems (analysis.Corpus.Parts)
	Unknown   int                               `json:"unknownIDF"`      // analysis.Lookup.UnknownIDF
	Stop      []string                          `json:"stop"`
	Stems     map[string]string                 `json:"stems"` // analysis.StemExceptions
	Labels    map[kb.Verdict]map[kb.Lang]string `json:"labels"`
	Shards    int                               `json:"nshards"`
	Base      string                            `json:"base,omitempty"`  // URL path of the directory of the other files (split data)
	Vocab     string                            `json:"vocab,omitempty"` // letters with a vocabulary file (split data)
	PerChunk  int                               `json:"perChunk"`
	Inline    []map[string][]int                `json:"shards,omitempty"` // the shards, when inline
	DocChunks []json.RawMessage                 `json:"docs,omitempty"`   // the document chunks ([][]searchDoc), when inline
}

// searchDoc is one entry as results show it: [id, verdict, title, answer].
type searchDoc [4]any

// searchDocJSON is e's searchDoc as marshal writes it, written directly:
// encoding/json's reflection over 10,000 of them was a fifth of making the
// search data in a rebuild.
func searchDocJSON(e *kb.Entry) []byte {
	b := append(make([]byte, 0, 64+len(e.ID)+len(e.Title[kb.EN])+len(e.Title[kb.JA])+len(e.Answer[kb.EN])+len(e.Answer[kb.JA])), '[')
	b = appendJSONString(b, e.ID)
	b = appendJSONString(append(b, ','), string(e.Verdict))
	b = appendTextJSON(append(b, ','), e.Title)
	b = appendTextJSON(append(b, ','), e.Answer)
	return append(b, ']')
}

// searchDocSize is len(searchDocJSON(e)), worked out without writing it,
// and a print of what it is made of (equal prints, equal documents).
func searchDocSize(e *kb.Entry) (int, uint64) {
	var p printer
	n := 2 + 3 // brackets and commas
	n += jsonStringSize(&p, e.ID) + jsonStringSize(&p, string(e.Verdict)) + textJSONSize(&p, e.Title) + textJSONSize(&p, e.Answer)
	return n, p.h
}

// jsonStringSize is len(appendJSONString(nil, s)); it adds s to p.
func jsonStringSize(p *printer, s string) int {
	p.str(s)
	if plainJSON(s) {
		return len(s) + 2
	}
	data, _ := marshal(s) // a string always marshals
	return len(data)
}

// textJSONSize is len(appendTextJSON(nil, t)); it adds t to p.
func textJSONSize(p *printer, t kb.Text) int {
	if t == nil {
		p.word(0)
		return len("null")
	}
	p.word(uint64(len(t)) + 1)
	n := 2 + max(len(t)-1, 0) // braces and commas
	for _, l := range slices.Sorted(maps.Keys(t)) {
		n += jsonStringSize(p, string(l)) + 1 + jsonStringSize(p, t[l])
	}
	return n
}

// appendTextJSON appends t as encoding/json writes a map: keys in order,
// null when nil.
func appendTextJSON(b []byte, t kb.Text) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	for i, l := range slices.Sorted(maps.Keys(t)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, string(l))
		b = appendJSONString(append(b, ':'), t[l])
	}
	return append(b, '}')
}

// termHash is FNV-1a over code points (search.js has the same).
func termHash(s string) uint32 {
	h := uint32(2166136261)
	for _, r := range s {
		h ^= uint32(r)
		h *= 16777619
	}
	return h
}

// shardOf is the shard of term among n.
func shardOf(term string, n int) int { return int(termHash(term) % uint32(n)) }

// searchData returns the files of the browser search data (paths relative to
// the site root) and the site-absolute URL path of its index file. The path
// of baseURL, if any, prefixes both the index path and the entry links.
func searchData(c *analysis.Corpus, baseURL string) (files map[string][]byte, indexPath string, err error) {
	out := map[string][]byte{}
	dir, indexJSON, _, err := writeSearchData(c, baseURL, nil, "", nil, func(name string, data []byte) error {
		out[name] = data
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	files = map[string][]byte{searchIndexFile: indexJSON}
	for name, data := range out {
		files[path.Join(dir, name)] = data
	}
	return files, siteRoot(baseURL) + searchIndexFile, nil
}

// searchIndexFile is where index.json is, from the site root: at the same
// address whatever the content, so that pages do not change with the search
// data (served to be revalidated; the files it points to are cached forever).
const searchIndexFile = "search/index.json"

// siteRoot is the path of baseURL with a final "/" ("/" when none).
func siteRoot(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && baseURL != "" {
		return strings.TrimSuffix(u.Path, "/") + "/"
	}
	return "/"
}

// SearchFile is what the next build needs to know of a search data file
// that it may not make again: a print of what it is made of (see
// writeSearchData), and its length and SHA-256.
type SearchFile struct {
	Print uint64 `json:"p"`
	Len   int    `json:"n"`
	Sum   string `json:"s"`
}

// writeSearchData makes the files of the browser search data but
// index.json one at a time, in the order of their names, and hands each to
// put (names relative to the search data's directory); it returns that
// directory (relative to the site root: assets/search/HASH, a hash of every
// file's name, length and SHA-256), index.json, which points to it
// (searchIndexFile), and every file's SearchFile. A file whose print (a
// 64-bit hash of the postings, vocabulary or documents it is made of) is
// the one in prev is not made again nor handed to put: it is the file of
// the previous search data. When prev was made of the postings c was
// updated from (prevPostings is c.ReweighedSince), the print of a postings
// shard or vocabulary holding no term weighed again is prev's, not worked
// out again. Files are made one at a time so that the search data of a
// large knowledge base is never all in memory. When some file is to be
// made, keep (when not nil) is first given the names of the files taken
// from prev, so that the caller can link them while the others are made.
func writeSearchData(c *analysis.Corpus, baseURL string, prev map[string]SearchFile, prevPostings string, keep func(names []string), put func(name string, data []byte) error) (dir string, indexJSON []byte, files map[string]SearchFile, err error) {
	if baseURL != "" {
		if _, err := url.Parse(baseURL); err != nil {
			return "", nil, nil, fmt.Errorf("base URL: %w", err)
		}
	}
	root := siteRoot(baseURL)
	entries, an := c.Entries, c.Analyzer
	idx := searchIndex{
		Format: searchFormat, Entries: len(entries), Root: root,
		Fields: analysis.Fields, Policy: analysis.DefaultPolicy.ForSize(len(c.Entries)),
		Thesaurus: analysis.Groups(c.Thesaurus), Names: an.Names(), Parts: c.Parts, Stop: analysis.StopWords(), Stems: analysis.StemExceptions(), Labels: map[kb.Verdict]map[kb.Lang]string{},
		Unknown: analysis.QuantizedIDF(0, len(entries)), Subject: c.Subject(),
	}
	sort.Strings(idx.Stop)
	for _, v := range kb.Verdicts {
		idx.Labels[v] = map[kb.Lang]string{}
		for _, l := range kb.Langs {
			idx.Labels[v][l] = v.Label(l)
		}
	}

	terms := make([]string, 0, len(c.Postings))
	for t := range c.Postings {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	// The common words no entry holds go into the shards too (not into the
	// vocabulary: they are not typo corrections).
	var common []string
	for _, t := range analysis.CommonWords() {
		if _, ok := c.Postings[t]; !ok {
			common = append(common, t)
		}
	}
	sharded := append(append(make([]string, 0, len(terms)+len(common)), terms...), common...)
	sort.Strings(sharded)
	// Each entry's document ([id, verdict, title, answer] as JSON) is
	// written only for the chunks made again: its length and a print of
	// what it is made of are enough for the others.
	docLens, docPrints := make([]int, len(entries)), make([]uint64, len(entries))
	// The size of the postings and the documents as JSON: braces, commas, items.
	size := 2 + max(len(sharded)-1, 0) + 2 + max(len(entries)-1, 0)
	for _, t := range sharded {
		size += postingsLen(t, c.Postings[t])
	}
	for d, e := range entries {
		docLens[d], docPrints[d] = searchDocSize(e)
		size += docLens[d]
	}

	// Split by size: everything inline when small.
	idx.Shards, idx.PerChunk = 1, max(len(entries), 1)
	inline := size <= inlineLimit
	if !inline {
		idx.Shards = min(max(1, (size+shardTarget-1)/shardTarget), maxShards)
		idx.PerChunk = max(1, chunkTarget*len(entries)/size)
	}
	// The shards and letters whose terms' postings are those of prev.
	var reweighed map[int]bool
	var relettered map[rune]bool
	if _, last := prev[fmt.Sprintf("p%d.json", idx.Shards-1)]; last && c.Reweighed != nil && prevPostings != "" && prevPostings == c.ReweighedSince {
		if _, more := prev[fmt.Sprintf("p%d.json", idx.Shards)]; !more {
			reweighed, relettered = map[int]bool{}, map[rune]bool{}
			for t := range c.Reweighed {
				reweighed[shardOf(t, idx.Shards)] = true
				r, _ := utf8.DecodeRuneInString(t)
				relettered[r] = true
			}
		}
	}
	kept := func(name string, changed bool) (uint64, bool) {
		if reweighed == nil || changed {
			return 0, false
		}
		f, ok := prev[name]
		return f.Print, ok
	}
	shards := make([][]string, idx.Shards) // each shard's terms, sorted
	for _, t := range sharded {
		k := shardOf(t, idx.Shards)
		shards[k] = append(shards[k], t)
	}
	chunks := (len(entries) + idx.PerChunk - 1) / idx.PerChunk
	chunk := func(i int) []byte {
		var docs [][]byte
		for _, e := range entries[i*idx.PerChunk : min((i+1)*idx.PerChunk, len(entries))] {
			docs = append(docs, searchDocJSON(e))
		}
		return jsonArray(docs)
	}

	makers := map[string]func() ([]byte, error){} // each file's maker, by name
	prints := map[string]func() uint64{}          // and the print of what it is made of
	if inline {
		for _, ts := range shards {
			m := map[string][]int{}
			for _, t := range ts {
				m[t] = flatPostings(t, c.Postings[t])
			}
			idx.Inline = append(idx.Inline, m)
		}
		var all []json.RawMessage
		for i := 0; i < chunks; i++ {
			all = append(all, chunk(i))
		}
		idx.DocChunks = all
	} else {
		for k := range shards {
			name := fmt.Sprintf("p%d.json", k)
			makers[name] = func() ([]byte, error) { return shardJSON(shards[k], c.Postings), nil }
			prints[name] = func() uint64 {
				if print, ok := kept(name, reweighed[k]); ok {
					return print
				}
				var p printer
				for _, t := range shards[k] {
					tp := c.Postings[t]
					p.str(t)
					p.word(uint64(tp.IDF), uint64(flatDF(t, tp.DF)), uint64(len(tp.List)))
					for _, ps := range tp.List {
						p.word(uint64(ps.Entry), uint64(ps.Weight), uint64(ps.Mask))
					}
				}
				return p.h
			}
		}
		// Typo correction's vocabulary: words of a-z, by first letter.
		vocab := map[rune][]string{}
		for _, t := range terms {
			if r, _ := utf8.DecodeRuneInString(t); r >= 'a' && r <= 'z' {
				vocab[r] = append(vocab[r], t)
			}
		}
		for r := 'a'; r <= 'z'; r++ {
			if vocab[r] != nil {
				idx.Vocab += string(r)
				makers["v"+string(r)+".json"] = func() ([]byte, error) { return vocabJSON(vocab[r], c.Postings), nil }
				prints["v"+string(r)+".json"] = func() uint64 {
					if print, ok := kept("v"+string(r)+".json", relettered[r]); ok {
						return print
					}
					var p printer
					for _, t := range vocab[r] {
						p.str(t)
						p.word(uint64(c.Postings[t].DF))
					}
					return p.h
				}
			}
		}
		for i := 0; i < chunks; i++ {
			makers[fmt.Sprintf("d%d.json", i)] = func() ([]byte, error) { return chunk(i), nil }
			prints[fmt.Sprintf("d%d.json", i)] = func() uint64 {
				var p printer
				for _, d := range docPrints[i*idx.PerChunk : min((i+1)*idx.PerChunk, len(entries))] {
					p.word(d)
				}
				return p.h
			}
		}
	}

	// The directory is named by a hash of everything in it, in name order.
	names := make([]string, 0, len(makers))
	for name := range makers {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	files = map[string]SearchFile{}
	// The prints first: the files kept are known before any is made.
	made := make([]bool, len(names))
	var taken []string
	for i, name := range names {
		f := SearchFile{Print: prints[name]()}
		if old, ok := prev[name]; ok && old.Print == f.Print {
			files[name] = old
			taken = append(taken, name)
		} else {
			files[name], made[i] = f, true
		}
	}
	if keep != nil && len(taken) < len(names) {
		keep(taken)
	}
	for i, name := range names {
		f := files[name]
		if made[i] {
			data, err := makers[name]()
			if err != nil {
				return "", nil, nil, err
			}
			sum := sha256.Sum256(data)
			f.Len, f.Sum = len(data), hex.EncodeToString(sum[:])
			if err := put(name, data); err != nil {
				return "", nil, nil, err
			}
		}
		files[name] = f
		fmt.Fprintf(h, "%s %d %s\n", name, f.Len, f.Sum)
	}
	dir = path.Join("assets/search", hex.EncodeToString(h.Sum(nil))[:12])
	if len(names) > 0 {
		idx.Base = root + dir + "/"
	}
	indexJSON, err = marshal(idx)
	return dir, indexJSON, files, err
}

// printer hashes what a search data file is made of (64 bits, seeded and
// mixed as xxHash's rounds): equal prints, equal files.
type printer struct{ h uint64 }

func (p *printer) word(ws ...uint64) {
	for _, w := range ws {
		p.h = bits.RotateLeft64((p.h^w)*0x9E3779B185EBCA87, 31) * 0xC2B2AE3D27D4EB4F
	}
}

func (p *printer) str(s string) {
	p.word(uint64(len(s)))
	var w [8]byte
	for len(s) > 0 {
		n := copy(w[:], s)
		clear(w[n:])
		p.word(binary.LittleEndian.Uint64(w[:]))
		s = s[n:]
	}
}

// flatPostings is a term's postings as search.js reads them: [idf, df,
// entry delta, weight, mask, ...], df written −(df+1) for a common word.
func flatPostings(t string, tp analysis.TermPostings) []int {
	flat := make([]int, 2, 2+3*len(tp.List))
	flat[0], flat[1] = tp.IDF, flatDF(t, tp.DF)
	prev := 0
	for _, p := range tp.List {
		flat = append(flat, int(p.Entry)-prev, int(p.Weight), int(p.Mask))
		prev = int(p.Entry)
	}
	return flat
}

// flatDF is df as flatPostings writes it for term t.
func flatDF(t string, df int) int {
	if analysis.Common(t) {
		return -(df + 1)
	}
	return df
}

// postingsLen is the length of "TERM":[...] (flatPostings) in JSON.
func postingsLen(t string, tp analysis.TermPostings) int {
	n := len(appendJSONString(nil, t)) + 1 + 2 + digits(tp.IDF) + 1 + digits(flatDF(t, tp.DF))
	prev := 0
	for _, p := range tp.List {
		n += 3 + digits(int(p.Entry)-prev) + digits(int(p.Weight)) + digits(int(p.Mask))
		prev = int(p.Entry)
	}
	return n
}

// digits is the length of n in decimal, sign included.
func digits(n int) int {
	d := 1
	if n < 0 {
		d, n = 2, -n
	}
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// shardJSON is {"term":[flatPostings],...} for terms (sorted), as
// encoding/json writes a map.
func shardJSON(terms []string, post analysis.Postings) []byte {
	return termsJSON(terms, func(b []byte, t string) []byte {
		b = append(b, '[')
		for j, n := range flatPostings(t, post[t]) {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(n), 10)
		}
		return append(b, ']')
	})
}

// vocabJSON is {"term":df,...} for terms (sorted).
func vocabJSON(terms []string, post analysis.Postings) []byte {
	return termsJSON(terms, func(b []byte, t string) []byte {
		return strconv.AppendInt(b, int64(post[t].DF), 10)
	})
}

// termsJSON is a JSON object with a key per term, in order, and the value
// that value appends for it.
func termsJSON(terms []string, value func(b []byte, term string) []byte) []byte {
	b := []byte{'{'}
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t)
		b = value(append(b, ':'), t)
	}
	return append(b, '}')
}

// jsonArray joins JSON values into an array.
func jsonArray(items [][]byte) []byte {
	b := []byte{'['}
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// without HTML escaping.
func appendJSONString(b []byte, s string) []byte {
	if plainJSON(s) {
		return append(append(append(b, '"'), s...), '"')
	}
	data, _ := marshal(s) // a string always marshals
	return append(b, data...)
}

// plainJSON reports whether encoding/json writes s (without HTML escaping)
// as its bytes between quotes: valid UTF-8 without control characters,
// quotes, backslashes, U+2028 or U+2029 (almost every term). It looks at
// bytes, not runes (U+2028 and U+2029 are E2 80 A8 and E2 80 A9): decoding
// the Japanese titles and answers of 10,000 entries rune by rune was a
// tenth of making the search data.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == '"' || c == '\\':
			return false
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			return false
		}
	}
	return utf8.ValidString(s)
}

// marshal is compact JSON without HTML escaping (the files are not HTML).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
