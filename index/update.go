package index

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Prints say what an index holds, record by record, so that the index of
// the next version of the knowledge base can be made from it by writing
// only the records that differ (Update).
type Prints struct {
	Records  map[string]uint64 `json:"records"`  // every record but the entries': FNV-1a (64) of its value, by record id
	Entries  map[string]string `json:"entries"`  // entry records: the entry's kb.Entry.Digest (what decides the record), by entry id
	Internal map[string]uint64 `json:"internal"` // the internal values, by key
	// Postings identifies the postings the term records were made of
	// (postingsPrint), "" when unknown.
	Postings string `json:"postings,omitempty"`
}

// postingsPrint identifies the term records of postings with key key (see
// analysis.Corpus.PostingsKey) in nb buckets; "" when key is.
func postingsPrint(key string, nb int) string {
	if key == "" {
		return ""
	}
	return key + "/" + strconv.Itoa(nb)
}

func print64(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// Update writes the index of c (with settings cfg) into dir, which must not
// exist yet, and returns its Prints. With prev, a complete index that old
// describes (see Prints), it starts from a copy of prev and writes only the
// records whose values differ, deleting those gone: the result holds the
// same records, and answers the same, as BuildCorpus's. prev is not
// changed: bleve's segment files are never written once made, so the copy
// links them and copies only the small files (its root, its metadata).
// Without prev (""), or old, it builds from nothing. Each update adds a
// segment, and an index open only for an update seldom merges them: when
// prev has more than maxSegments, the update ends with a merge of its
// segments (bleve's default merge plan, which leaves the largest as they
// are). It built from nothing then: at 10,000 entries one rebuild in
// about a dozen took 5 s more, a merge half a second.
func Update(c *analysis.Corpus, cfg kb.Config, dir, prev string, old *Prints) (p *Prints, err error) {
	return UpdateContext(context.Background(), c, cfg, dir, prev, old)
}

// UpdateContext is Update that stops with ctx's error, between two batches
// of records, once ctx is cancelled (dir is then incomplete: discard it).
func UpdateContext(ctx context.Context, c *analysis.Corpus, cfg kb.Config, dir, prev string, old *Prints) (p *Prints, err error) {
	if prev == "" {
		old = nil
	}
	merge := old != nil && segments(prev) > maxSegments
	lastMerged.Store(merge)
	var idx bleve.Index
	if old == nil {
		idx, err = create(dir)
	} else {
		idx, err = open(prev, dir)
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := idx.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close index: %w", cerr)
		}
	}()
	if p, err = write(ctx, idx, c, cfg, old); err != nil || !merge {
		return p, err
	}
	return p, mergeSegments(idx)
}

// mergeSegments merges the segments of idx as bleve's merger would when
// it had the time (mergeplan.DefaultMergePlanOptions), and waits for it.
func mergeSegments(idx bleve.Index) error {
	ai, err := idx.Advanced()
	if err != nil {
		return err
	}
	sc, ok := ai.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("merge index: not a scorch index")
	}
	plan := mergeplan.DefaultMergePlanOptions
	if err := sc.ForceMerge(context.Background(), &plan); err != nil {
		return fmt.Errorf("merge index: %w", err)
	}
	return nil
}

// write writes the records of the index of c into idx and returns their
// Prints: every record when old is nil (idx is empty), else only those that
// differ from the ones old describes (idx holds them), deleting those gone.
func write(ctx context.Context, idx bleve.Index, c *analysis.Corpus, cfg kb.Config, old *Prints) (*Prints, error) {
	full := old == nil
	p := &Prints{Records: map[string]uint64{}, Entries: map[string]string{}, Internal: map[string]uint64{}}
	for _, e := range c.Entries {
		p.Entries[e.ID] = e.Digest
	}
	w := &writer{idx: idx, batch: idx.NewBatch(), ctx: ctx}
	var same func(e *kb.Entry) bool
	if !full {
		same = func(e *kb.Entry) bool { return e.Digest != "" && old.Entries[e.ID] == e.Digest }
	}
	// The term records (buckets and vocabulary tables) holding none of the
	// terms weighed again are those of the index old describes, when it
	// was made of the postings these were weighed from: they are neither
	// made nor compared again.
	nb := bucketsFor(len(c.Postings))
	p.Postings = postingsPrint(c.PostingsKey, nb)
	var only map[string]bool
	if !full && c.Reweighed != nil && old.Postings != "" && old.Postings == postingsPrint(c.ReweighedSince, nb) {
		only = c.Reweighed
		for id, print := range old.Records {
			if strings.HasPrefix(id, recBucket) || strings.HasPrefix(id, recVocab) {
				p.Records[id] = print
			}
		}
	}
	records(c, only, func(id string) { delete(p.Records, id) }, func(id string, value []byte) {
		if !slices.ContainsFunc(entryPrefixes, func(p string) bool { return strings.HasPrefix(id, p) }) {
			p.Records[id] = print64(value)
			if !full {
				if was, ok := old.Records[id]; ok && was == p.Records[id] {
					return
				}
			}
		}
		w.put(id, value)
	}, same)
	if !full { // the records gone
		for id := range old.Records {
			if _, ok := p.Records[id]; !ok {
				w.delete(id)
			}
		}
		for id := range old.Entries {
			if _, ok := p.Entries[id]; !ok {
				for _, prefix := range entryPrefixes {
					w.delete(prefix + id)
				}
			}
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	in, err := internals(c, cfg)
	if err != nil {
		return nil, err
	}
	for _, k := range internalKeys {
		p.Internal[k] = print64(in[k])
		if full || old.Internal[k] != p.Internal[k] {
			w.batch.SetInternal([]byte(k), in[k])
		}
	}
	if err := w.flush(); err != nil {
		return nil, err
	}
	lastWritten.Store(int64(w.n))
	return p, nil
}

// lastWritten is how many records the last write put or deleted (for
// tests: an update after a small edit writes few).
var lastWritten atomic.Int64

// maxSegments is how many segment files an index may have for Update to
// start from it without merging them: a full build has a few (one per
// batch of records), and an answer reads every segment (a variable for
// tests).
var maxSegments = 24

// lastMerged says whether the last Update merged segments (tests).
var lastMerged atomic.Bool

// segments is the number of segment files of the index in dir.
func segments(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	return len(m)
}

// open makes dir a copy of the index prev (copyIndex) and opens it.
func open(prev, dir string) (bleve.Index, error) {
	if err := copyIndex(prev, dir); err != nil {
		return nil, fmt.Errorf("copy index: %w", err)
	}
	idx, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	return idx, nil
}

// copyIndex makes dir a copy of the scorch index prev: its segment files
// (never written once made) hard-linked, every other file copied.
func copyIndex(prev, dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	return filepath.WalkDir(prev, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(prev, path)
		to := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.Mkdir(to, 0o755)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("copy index: %s is not a regular file", path)
		}
		if strings.HasSuffix(d.Name(), ".zap") {
			return os.Link(path, to)
		}
		return copyFile(path, to)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// OutputName reports whether name can be at the top of an index this
// package writes (bleve's scorch: its metadata and its store). Package build
// refuses to replace a folder that holds anything else.
func OutputName(name string) bool {
	return name == "index_meta.json" || name == "store"
}
