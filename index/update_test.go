package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/blevesearch/bleve/v2"
)

// allRecords reads every record and internal value of the index in dir.
func allRecords(t *testing.T, dir string) map[string]string {
	t.Helper()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n, err := ix.idx.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n)+1, 0, false)
	res, err := ix.idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, h := range res.Hits {
		out[h.ID] = string(ix.record(h.ID))
	}
	for _, k := range internalKeys {
		v, _ := ix.idx.GetInternal([]byte(k))
		out["internal "+k] = string(v)
	}
	return out
}

// TestUpdateIsABuild: an index updated from the previous one holds exactly
// the records of an index built from nothing, after an edit, an added entry,
// a deleted entry and a changed title; and updating again from the updated
// one too.
func TestUpdateIsABuild(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	prev := filepath.Join(root, "0")
	// Weighed as acmkb build does: after an edit, only the edited entries'
	// terms (analysis.WeighCache), whose buckets alone are made again.
	terms, weighs := analysis.NewTermCache(), analysis.NewWeighCache()
	prints, err := Update(analysis.NewWeighedCorpus(k, 0, terms, weighs), k.Config, prev, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	edits := []func(k *kb.KB){
		func(k *kb.KB) { // a sentence more in one body, a new title for another
			e := *k.Entries[3]
			e.Body = kb.Text{kb.EN: e.Body[kb.EN] + "\n\nOne more sentence about exporting keys.", kb.JA: e.Body[kb.JA]}
			e.Digest += "+edited"
			k.Entries[3] = &e
			f := *k.Entries[5]
			f.Title = kb.Text{kb.EN: "Renamed " + f.Title[kb.EN], kb.JA: f.Title[kb.JA]}
			f.Digest += "+renamed"
			k.Entries[5] = &f
		},
		func(k *kb.KB) { // a word of its own (and its own first letter) in a body
			e := *k.Entries[4]
			e.Body = kb.Text{kb.EN: e.Body[kb.EN] + "\n\nØresund ñandu.", kb.JA: e.Body[kb.JA]}
			e.Digest += "+greek"
			k.Entries[4] = &e
		},
		func(k *kb.KB) { // the word gone
			e := *k.Entries[4]
			e.Body = kb.Text{kb.EN: strings.TrimSuffix(e.Body[kb.EN], "\n\nØresund ñandu."), kb.JA: e.Body[kb.JA]}
			e.Digest += "-greek"
			k.Entries[4] = &e
		},
		func(k *kb.KB) { // an entry added
			e := *k.Entries[7]
			e.ID, e.Digest = "zz-added", "added"
			k.Entries = append(k.Entries, &e)
		},
		func(k *kb.KB) { // an entry deleted
			k.Entries = slices.Delete(k.Entries, 2, 3)
		},
	}
	for i, edit := range edits {
		next := *k
		next.Entries = slices.Clone(k.Entries)
		edit(&next)
		k = &next
		c := analysis.NewWeighedCorpus(k, 0, terms, weighs)
		if i < 3 && c.Reweighed == nil {
			t.Errorf("edit %d: every term weighed again", i)
		}
		dir, full := filepath.Join(root, "u", string(rune('a'+i))), filepath.Join(root, "f", string(rune('a'+i)))
		got, err := Update(c, k.Config, dir, prev, prints)
		if err != nil {
			t.Fatal(err)
		}
		if n, all := lastWritten.Load(), len(prints.Records)+len(prints.Entries); n*2 > int64(all) {
			t.Errorf("edit %d: the update wrote %d records of about %d: built from nothing?", i, n, all)
		}
		want, err := Update(c, k.Config, full, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		a, b := allRecords(t, dir), allRecords(t, full)
		for id, v := range b {
			if a[id] != v {
				t.Errorf("edit %d: record %s differs from a full build's", i, id)
			}
		}
		for id := range a {
			if _, ok := b[id]; !ok {
				t.Errorf("edit %d: record %s is left over", i, id)
			}
		}
		if len(got.Records) != len(want.Records) || len(got.Entries) != len(want.Entries) {
			t.Errorf("edit %d: prints of %d+%d records, want %d+%d", i, len(got.Records), len(got.Entries), len(want.Records), len(want.Entries))
		}
		prev, prints = dir, got
	}
}

// TestUpdateMergesSegments: an update from an index of more than
// maxSegments segments merges them (it is not built from nothing), and
// holds exactly a full build's records.
func TestUpdateMergesSegments(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	terms, weighs := analysis.NewTermCache(), analysis.NewWeighCache()
	prev := filepath.Join(root, "0")
	prints, err := Update(analysis.NewWeighedCorpus(k, 0, terms, weighs), k.Config, prev, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func(m int) { maxSegments = m }(maxSegments)
	for i := 1; i <= 3; i++ {
		next := *k
		next.Entries = slices.Clone(k.Entries)
		e := *next.Entries[i]
		e.Body = kb.Text{kb.EN: e.Body[kb.EN] + "\n\nOne more sentence about exporting keys.", kb.JA: e.Body[kb.JA]}
		e.Digest += "+" + strconv.Itoa(i)
		next.Entries[i] = &e
		k = &next
		c := analysis.NewWeighedCorpus(k, 0, terms, weighs)
		before := segments(prev)
		maxSegments = before - 1 // more than it may have
		dir := filepath.Join(root, strconv.Itoa(i))
		got, err := Update(c, k.Config, dir, prev, prints)
		if err != nil {
			t.Fatal(err)
		}
		if !lastMerged.Load() {
			t.Errorf("update %d from %d segments did not merge them", i, before)
		}
		if n, all := lastWritten.Load(), len(prints.Records)+len(prints.Entries); n*2 > int64(all) {
			t.Errorf("update %d: wrote %d records of about %d: built from nothing?", i, n, all)
		}
		if after := segments(dir); after > before+2 { // the merge plan leaves a few small segments as they are
			t.Errorf("update %d: %d segments after merging %d", i, after, before)
		}
		full := filepath.Join(root, "full"+strconv.Itoa(i))
		if _, err := Update(c, k.Config, full, "", nil); err != nil {
			t.Fatal(err)
		}
		a, b := allRecords(t, dir), allRecords(t, full)
		if len(a) != len(b) {
			t.Errorf("update %d: %d records, a full build %d", i, len(a), len(b))
		}
		for id, v := range b {
			if a[id] != v {
				t.Errorf("update %d: record %s differs from a full build's", i, id)
			}
		}
		prev, prints = dir, got
	}
}

// TestUpdateStopsWhenCancelled: an update whose context is cancelled
// (acmkb build on Ctrl-C) stops with the context's error instead of
// writing the index to its end.
func TestUpdateStopsWhenCancelled(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := UpdateContext(ctx, analysis.NewCorpus(k, 0), k.Config, filepath.Join(t.TempDir(), "idx"), "", nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("UpdateContext with a cancelled context: %v, want context.Canceled", err)
	}
}

// TestOutputNames: every name at the top of a built index is one OutputName
// knows (package build refuses to replace a folder holding anything else).
func TestOutputNames(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if err := Build(k, dir); err != nil {
		t.Fatal(err)
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		if !OutputName(de.Name()) {
			t.Errorf("the index's %s is not an OutputName", de.Name())
		}
	}
	if OutputName("kb.yaml") || OutputName("index.html") {
		t.Error("OutputName accepts a content or site file")
	}
}
