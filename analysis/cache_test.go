package analysis_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

// TestTermCacheFile: entries read back from a term cache file (their terms
// numbers into its table) weigh as the same entries analysed afresh, alone
// and mixed with entries the cache does not have; a file cut short is
// not read.
func TestTermCacheFile(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	cache := analysis.NewTermCache()
	analysis.NewCachedCorpus(k, 0, cache)
	var buf bytes.Buffer
	if _, err := cache.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	read := func() *analysis.TermCache {
		t.Helper()
		c, err := analysis.ReadTermCache(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if got, want := analysis.NewCachedCorpus(k, 0, read()).Postings, analysis.NewCorpus(k, 0).Postings; !reflect.DeepEqual(got, want) {
		t.Error("postings weighed from the cache file differ from a fresh analysis")
	}
	// Two entries edited: analysed afresh, beside the others from the file.
	edited := &kb.KB{Config: k.Config, Thesaurus: k.Thesaurus}
	for i, e := range k.Entries {
		if i == 3 || i == 10 {
			c := *e
			c.Title = kb.Text{kb.EN: "Renamed: export the private key of a wildcard certificate", kb.JA: "秘密鍵"}
			c.Digest = e.Digest + "x"
			e = &c
		}
		edited.Entries = append(edited.Entries, e)
	}
	c := read()
	got := analysis.NewCachedCorpus(edited, 0, c).Postings
	if h := c.Hits(); h != len(k.Entries)-2 {
		t.Errorf("%d entries from the cache, want %d", h, len(k.Entries)-2)
	}
	if want := analysis.NewCorpus(edited, 0).Postings; !reflect.DeepEqual(got, want) {
		t.Error("postings of entries from the file and fresh ones differ from a fresh analysis")
	}
	// Written again (entries from the file and fresh ones), read again.
	buf.Reset()
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	file = buf.Bytes()
	if got, want := analysis.NewCachedCorpus(edited, 0, read()).Postings, analysis.NewCorpus(edited, 0).Postings; !reflect.DeepEqual(got, want) {
		t.Error("postings from the file written again differ from a fresh analysis")
	}
	for _, n := range []int{0, 5, len(file) / 3, len(file) - 1} {
		if _, err := analysis.ReadTermCache(bytes.NewReader(file[:n])); err == nil {
			t.Errorf("a cache file cut to %d of %d bytes was read", n, len(file))
		}
	}
	// From a file, mapped into memory: its entries' terms are its bytes.
	name := filepath.Join(t.TempDir(), "terms")
	if err := os.WriteFile(name, file, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	mapped, err := analysis.ReadTermCache(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := analysis.NewCachedCorpus(edited, 0, mapped).Postings, analysis.NewCorpus(edited, 0).Postings; !reflect.DeepEqual(got, want) {
		t.Error("postings from the mapped file differ from a fresh analysis")
	}
	// A byte changed: an error, or a cache, never a panic.
	for i := len("acmkb-terms 4\n"); i < len(file); i += 1 + i/64 {
		bad := bytes.Clone(file)
		bad[i] ^= 0x5a
		if c, err := analysis.ReadTermCache(bytes.NewReader(bad)); err == nil {
			analysis.NewCachedCorpus(edited, 0, c)
		}
	}
}

// TestTermCacheChanges: a cache file and the changes written since read
// back as the cache that wrote them; changes that cannot be read change
// nothing.
func TestTermCacheChanges(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	cache := analysis.NewTermCache()
	analysis.NewCachedCorpus(k, 0, cache)
	var whole bytes.Buffer
	if _, err := cache.WriteTo(&whole); err != nil {
		t.Fatal(err)
	}
	// Two entries edited, one deleted (those the test edited and deleted by
	// position before the knowledge base grew). The deleted entry must be one that
	// writes no name (a word in capitals, see Names) that only it holds:
	// deleting such an entry changes the analyser, and the cache is then
	// rightly written whole (certificate-status alone writes INACTIVE).
	edited := &kb.KB{Config: k.Config, Thesaurus: k.Thesaurus}
	for _, e := range k.Entries {
		if e.ID == "change-domains-of-certificate" {
			continue
		}
		if e.ID == "certificate-pinning" || e.ID == "code-signing-email-certificates" {
			c := *e
			c.Answer = kb.Text{kb.EN: "Renamed: one can renew it by hand", kb.JA: "更新"}
			c.Digest = e.Digest + "x"
			e = &c
		}
		edited.Entries = append(edited.Entries, e)
	}
	analysis.NewCachedCorpus(edited, 0, cache)
	if n := cache.Changes(); n == 0 || n > 10 || cache.Whole() {
		t.Errorf("changes: %d (whole: %v), want a few", n, cache.Whole())
	}
	var changes bytes.Buffer
	if _, err := cache.WriteChangesTo(&changes); err != nil {
		t.Fatal(err)
	}
	if changes.Len() > whole.Len()/10 {
		t.Errorf("the changes take %d bytes, the whole cache %d", changes.Len(), whole.Len())
	}
	read, err := analysis.ReadTermCache(bytes.NewReader(whole.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, []byte("garbage"), changes.Bytes()[:changes.Len()/2]} {
		if err := read.ReadChanges(bytes.NewReader(bad)); err == nil {
			t.Errorf("changes of %d bytes were read", len(bad))
		}
	}
	if err := read.ReadChanges(bytes.NewReader(changes.Bytes())); err != nil {
		t.Fatal(err)
	}
	if read.Len() != cache.Len() {
		t.Errorf("read back with its changes: %d entries, want %d", read.Len(), cache.Len())
	}
	got := analysis.NewCachedCorpus(edited, 0, read).Postings
	if h := read.Hits(); h != len(edited.Entries) {
		t.Errorf("%d entries from the cache and its changes, want all %d", h, len(edited.Entries))
	}
	if want := analysis.NewCorpus(edited, 0).Postings; !reflect.DeepEqual(got, want) {
		t.Error("postings from the cache and its changes differ from a fresh analysis")
	}
}
