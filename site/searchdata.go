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
// Under assets/search/HASH/ (HASH changes with the content, so the files can
// be cached forever):
//
//	index.json   rules and statistics (always loaded), see searchIndex
//	pK.json      postings of the terms of shard K: {term: [idf, entry, weight, mask, ...]},
//	             entry numbers as differences from the previous posting's
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
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
)

// searchFormat is the version of the search data; search.js checks it.
const searchFormat = 4

// Sizes that decide how the search data is split (bytes of JSON).
const (
	inlineLimit = 32 << 10 // terms and documents up to this go into index.json
	shardTarget = 1 << 10  // about this much per shard: a question loads one per term
	chunkTarget = 16 << 10 // about this much per document chunk
)

// searchIndex is index.json.
type searchIndex struct {
	Format    int                               `json:"v"`
	Entries   int                               `json:"n"`
	Root      string                            `json:"root"` // site root path: links are ROOT{lang}/{id}/
	Fields    []analysis.Field                  `json:"fields"`
	Policy    analysis.Policy                   `json:"policy"`
	Thesaurus [][]string                        `json:"thesaurus"`  // the knowledge base's groups, then the general ones
	Names     []string                          `json:"names"`      // words never stemmed
	Unknown   int                               `json:"unknownIDF"` // analysis.Lookup.UnknownIDF
	Stop      []string                          `json:"stop"`
	Labels    map[kb.Verdict]map[kb.Lang]string `json:"labels"`
	Shards    int                               `json:"nshards"`
	Vocab     string                            `json:"vocab,omitempty"` // letters with a vocabulary file (split data)
	PerChunk  int                               `json:"perChunk"`
	Inline    []map[string][]int                `json:"shards,omitempty"` // the shards, when inline
	DocChunks [][]searchDoc                     `json:"docs,omitempty"`   // the document chunks, when inline
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

	var names []string
	for _, e := range entries {
		names = append(names, analysis.EntryNames(e)...)
	}
	an := analysis.New(k.Thesaurus, names)
	idx := searchIndex{
		Format: searchFormat, Entries: len(entries), Root: root,
		Fields: analysis.Fields, Policy: analysis.DefaultPolicy,
		Thesaurus: analysis.Groups(k.Thesaurus), Names: an.Names(), Stop: analysis.StopWords(), Labels: map[kb.Verdict]map[kb.Lang]string{},
		Unknown: analysis.QuantizedIDF(0, len(entries)),
	}
	sort.Strings(idx.Stop)
	for _, v := range kb.Verdicts {
		idx.Labels[v] = map[kb.Lang]string{}
		for _, l := range kb.Langs {
			idx.Labels[v][l] = v.Label(l)
		}
	}

	postings := map[string][]int{} // term -> [idf, entry delta, weight, mask, ...]
	for t, tp := range an.Postings(entries) {
		flat := make([]int, 1, 1+3*len(tp.List))
		flat[0] = tp.IDF
		prev := 0
		for _, p := range tp.List {
			flat = append(flat, p.Entry-prev, p.Weight, int(p.Mask))
			prev = p.Entry
		}
		postings[t] = flat
	}
	docs := make([]searchDoc, len(entries))
	for d, e := range entries {
		docs[d] = searchDoc{e.ID, e.Verdict, e.Title, e.Answer}
	}

	// Split by size: everything inline when small.
	size := 0
	for _, v := range []any{postings, docs} {
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
	shards := make([]map[string][]int, idx.Shards)
	for i := range shards {
		shards[i] = map[string][]int{}
	}
	for t, p := range postings {
		shards[shardOf(t, idx.Shards)][t] = p
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
		for t, p := range postings {
			if r, _ := utf8.DecodeRuneInString(t); r >= 'a' && r <= 'z' {
				if vocab[r] == nil {
					vocab[r] = map[string]int{}
				}
				vocab[r][t] = (len(p) - 1) / 3
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
	sorted := make([]string, 0, len(out))
	for name := range out {
		sorted = append(sorted, name)
	}
	sort.Strings(sorted)
	h := sha256.New()
	for _, name := range sorted {
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
