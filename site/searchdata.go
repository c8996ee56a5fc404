package site

// Search data: what templates/assets/search.js needs to answer questions in
// the browser exactly as `acmkb ask` does (index/ask.go), computed with package
// analysis so that every rule and number follows it.
//
// # What is scored
//
// As in the CLI's index, the documents that BM25 scores are the entries'
// passages (analysis.Passages: titles, example questions, keywords), and an
// entry's score is its best passage's plus Policy.Second times its second
// best. Whether the best entry answers is analysis.Coverage over the entry's
// fields (analysis.FieldTexts), with document frequencies counted over
// entries; the same counts are the vocabulary of typo correction.
//
// # Files
//
// Under assets/search/HASH/ (HASH changes with the content, so the files can
// be cached forever):
//
//	index.json   rules and statistics (always loaded), see searchIndex
//	pK.json      terms of shard K: {"p": {term: passage postings}, "f": {term: entry fields}}
//	vL.json      the vocabulary of letter L: {term: entries holding it}
//	dK.json      document chunk K: [[id, verdict, title, answer]]
//
// A small knowledge base has everything inline in index.json ("shards" and
// "docs"), so that a question loads one file. A large one is split so that a
// question loads only what it needs: the shard of each of its terms (shard =
// fnv(term) mod shards), the vocabulary of a word's first letter when the word
// is unknown and typo correction looks for candidates (rule 4 of package
// analysis), and the document chunks of the results shown.
//
// # Postings
//
// Passage postings of a term are the numbers of the passages holding it, each
// followed by −tf when the term occurs more than once there. Passages are
// numbered entry by entry, entries in id order ("start" holds each entry's
// first passage). With the passage lengths ("plen") and bleve's average length
// ("avgLen": ceil(distinct terms / passages), as bleve v2.6.3 computes it),
// search.js reproduces bleve's BM25 scores exactly: integers travel, not
// rounded weights, so that two close scores come in the same order as in the
// CLI.
//
// Entry fields of a term are entry×2^F + mask, one per entry holding the term,
// where bit i of mask is analysis.Fields[i] (F fields).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
)

// searchFormat is the version of the search data; search.js checks it.
const searchFormat = 2

// Sizes that decide how the search data is split (bytes of JSON).
const (
	inlineLimit = 256 << 10 // terms and documents up to this go into index.json
	shardTarget = 64 << 10  // about this much per shard
	chunkTarget = 16 << 10  // about this much per document chunk
)

// searchIndex is index.json.
type searchIndex struct {
	Format    int                               `json:"v"`
	Entries   int                               `json:"n"`
	Root      string                            `json:"root"` // site root path: links are ROOT{lang}/{id}/
	Fields    []analysis.Field                  `json:"fields"`
	Policy    analysis.Policy                   `json:"policy"`
	Passages  int                               `json:"passages"`
	Start     []int                             `json:"start"`  // per entry its first passage, then the number of passages
	Lengths   []int                             `json:"plen"`   // per passage its number of terms
	AvgLen    float64                           `json:"avgLen"` // bleve's average passage length
	Thesaurus [][]string                        `json:"thesaurus"`
	Stop      []string                          `json:"stop"`
	Labels    map[kb.Verdict]map[kb.Lang]string `json:"labels"`
	Shards    int                               `json:"nshards"`
	Vocab     string                            `json:"vocab,omitempty"` // letters with a vocabulary file (split data)
	PerChunk  int                               `json:"perChunk"`
	Inline    []searchShard                     `json:"shards,omitempty"` // the shards, when inline
	DocChunks [][]searchDoc                     `json:"docs,omitempty"`   // the document chunks, when inline
}

// searchShard holds the terms of one shard.
type searchShard struct {
	Passages map[string][]int `json:"p"` // passage postings
	Fields   map[string][]int `json:"f"` // entry fields
}

// searchDoc is one entry as results show it: [id, verdict, title, answer].
type searchDoc [4]any

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
func searchData(k *kb.KB, baseURL string) (files map[string][]byte, indexPath string, err error) {
	root := "/"
	if baseURL != "" {
		u, err := url.Parse(baseURL)
		if err != nil {
			return nil, "", fmt.Errorf("base URL: %w", err)
		}
		root = strings.TrimSuffix(u.Path, "/") + "/"
	}
	entries := append([]*kb.Entry(nil), k.Entries...)
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID < entries[j].ID })

	an := analysis.New(k.Thesaurus)
	idx := searchIndex{
		Format: searchFormat, Entries: len(entries), Root: root,
		Fields: analysis.Fields, Policy: analysis.DefaultPolicy,
		Thesaurus: k.Thesaurus, Stop: analysis.StopWords(), Labels: map[kb.Verdict]map[kb.Lang]string{},
	}
	if idx.Thesaurus == nil {
		idx.Thesaurus = [][]string{}
	}
	sort.Strings(idx.Stop)
	for _, v := range kb.Verdicts {
		idx.Labels[v] = map[kb.Lang]string{}
		for _, l := range kb.Langs {
			idx.Labels[v][l] = v.Label(l)
		}
	}

	passages := map[string][]int{} // term -> passage postings
	fields := map[string][]int{}   // term -> entry fields
	distinct := map[string]bool{}  // terms of all passages
	docs := make([]searchDoc, len(entries))
	for d, e := range entries {
		docs[d] = searchDoc{e.ID, e.Verdict, e.Title, e.Answer}
		idx.Start = append(idx.Start, idx.Passages)
		for _, p := range analysis.Passages(e) {
			terms := an.Terms(p)
			idx.Lengths = append(idx.Lengths, len(terms))
			tf := map[string]int{}
			var order []string
			for _, t := range terms {
				if tf[t] == 0 {
					order = append(order, t)
				}
				tf[t]++
				distinct[t] = true
			}
			for _, t := range order {
				passages[t] = append(passages[t], idx.Passages)
				if tf[t] > 1 {
					passages[t] = append(passages[t], -tf[t])
				}
			}
			idx.Passages++
		}
		order, mask := an.FieldMasks(e)
		for _, t := range order {
			fields[t] = append(fields[t], d<<len(analysis.Fields)|int(mask[t]))
		}
	}
	idx.Start = append(idx.Start, idx.Passages)
	if idx.Passages > 0 {
		idx.AvgLen = math.Ceil(float64(len(distinct)) / float64(idx.Passages))
	}

	// Split by size: everything inline when small.
	size := 0
	for _, v := range []any{passages, fields, docs} {
		data, err := json.Marshal(v)
		if err != nil {
			return nil, "", err
		}
		size += len(data)
	}
	idx.Shards, idx.PerChunk = 1, max(len(docs), 1)
	inline := size <= inlineLimit
	if !inline {
		idx.Shards = max(1, (size+shardTarget-1)/shardTarget)
		idx.PerChunk = max(1, chunkTarget*len(docs)/size)
	}
	shards := make([]searchShard, idx.Shards)
	for i := range shards {
		shards[i] = searchShard{Passages: map[string][]int{}, Fields: map[string][]int{}}
	}
	for t, p := range passages {
		shards[shardOf(t, idx.Shards)].Passages[t] = p
	}
	for t, f := range fields {
		shards[shardOf(t, idx.Shards)].Fields[t] = f
	}
	var chunks [][]searchDoc
	for i := 0; i < len(docs); i += idx.PerChunk {
		chunks = append(chunks, docs[i:min(i+idx.PerChunk, len(docs))])
	}

	out := map[string][]byte{}
	if inline {
		idx.Inline, idx.DocChunks = shards, chunks
	} else {
		for i, s := range shards {
			if out[fmt.Sprintf("p%d.json", i)], err = marshal(s); err != nil {
				return nil, "", err
			}
		}
		// Typo correction's vocabulary: words of a-z, by first letter.
		vocab := map[rune]map[string]int{}
		for t, f := range fields {
			if r, _ := utf8.DecodeRuneInString(t); r >= 'a' && r <= 'z' {
				if vocab[r] == nil {
					vocab[r] = map[string]int{}
				}
				vocab[r][t] = len(f)
			}
		}
		for r := 'a'; r <= 'z'; r++ {
			if vocab[r] != nil {
				idx.Vocab += string(r)
				if out["v"+string(r)+".json"], err = marshal(vocab[r]); err != nil {
					return nil, "", err
				}
			}
		}
		for i, c := range chunks {
			if out[fmt.Sprintf("d%d.json", i)], err = marshal(c); err != nil {
				return nil, "", err
			}
		}
	}
	if out["index.json"], err = marshal(idx); err != nil {
		return nil, "", err
	}

	// The directory is named by a hash of everything in it.
	names := make([]string, 0, len(out))
	for name := range out {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		fmt.Fprintf(h, "%s %d\n", name, len(out[name]))
		h.Write(out[name])
	}
	dir := path.Join("assets/search", hex.EncodeToString(h.Sum(nil))[:12])
	files = map[string][]byte{}
	for name, data := range out {
		files[path.Join(dir, name)] = data
	}
	return files, root + dir + "/index.json", nil
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
