package build

import (
	"reflect"
	"testing"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/site"
)

// TestPagesRecord: the page cache's record reads back as written, empty
// parts as none (no Files: the site cannot be patched); a file cut short
// anywhere, with bytes after it, or of another format is not a page cache.
func TestPagesRecord(t *testing.T) {
	full := pageRecord{
		Output: "123 456", Site: "site-key",
		Keys:           map[string]string{"en/a/index.html": "k1", "ja/a/index.html": "k2", "": ""},
		Files:          []string{"index.html", "", "assets/search/abc/p0.json"},
		Search:         map[string]site.SearchFile{"p0.json": {Print: 1<<64 - 1, Len: 12, Sum: "ab"}, "d0.json": {}},
		Lists:          map[kb.Lang]string{kb.EN: "l1", kb.JA: "l2"},
		SearchPostings: "key",
		Digests:        map[string]string{"a": "d1", "b": ""},
		ListPages:      map[string]string{"en/index.html": "h1", "en/verdict--can/2/index.html": "p2"},
	}
	for _, r := range []pageRecord{full, {}, {Output: "x", Files: []string{}, Keys: map[string]string{}}} {
		got, err := decodePages(encodePages(r))
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		want := r
		if len(want.Files) == 0 {
			want.Files = nil
		}
		if len(want.Keys) == 0 {
			want.Keys = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read back %+v, want %+v", got, want)
		}
	}
	data := encodePages(full)
	for n := range len(data) {
		if _, err := decodePages(data[:n]); err == nil {
			t.Errorf("a file cut at %d of %d bytes was read", n, len(data))
		}
	}
	if _, err := decodePages(append(data, 0)); err == nil {
		t.Error("a file with a byte after the record was read")
	}
	if _, err := decodePages([]byte(`{"output":"123 456","keys":{}}`)); err == nil {
		t.Error("a JSON page cache (the earlier format) was read")
	}
}

// TestPrintsRecord: the index prints' record reads back as written (maps
// never nil); a file cut short anywhere, with bytes after it, or of
// another format is not one.
func TestPrintsRecord(t *testing.T) {
	full := printsRecord{Output: "1 2", Version: "v1", Prints: &index.Prints{
		Records:  map[string]uint64{"b:0": 1<<64 - 1, "ids": 0, "": 7},
		Entries:  map[string]string{"a": "digest-a", "b": ""},
		Internal: map[string]uint64{"acmkb/meta": 42},
		Postings: "key/8",
	}}
	empty := printsRecord{Prints: &index.Prints{Records: map[string]uint64{}, Entries: map[string]string{}, Internal: map[string]uint64{}}}
	for _, r := range []printsRecord{full, empty} {
		got, err := decodePrints(encodePrints(r))
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if !reflect.DeepEqual(got, r) {
			t.Errorf("read back %+v, want %+v", got, r)
		}
	}
	data := encodePrints(full)
	for n := range len(data) {
		if _, err := decodePrints(data[:n]); err == nil {
			t.Errorf("a file cut at %d of %d bytes was read", n, len(data))
		}
	}
	if _, err := decodePrints(append(data, 0)); err == nil {
		t.Error("a file with a byte after the record was read")
	}
	if _, err := decodePrints([]byte(`{"output":"1 2","version":"v1","prints":{}}`)); err == nil {
		t.Error("a JSON record (the earlier format) was read")
	}
}

// TestSubjectTitlesRecord: the subject memo's titles read back as written
// (a title of no terms as none); a file cut short anywhere, with bytes
// after it, or of another format is not one.
func TestSubjectTitlesRecord(t *testing.T) {
	full := &analysis.SubjectMemo{Analyzer: "\x00key", Titles: map[string][]string{
		"\x01a\x02ja": {"@certificate", "export"}, "\x00\x00": {}, "b": {"export", "", "log"},
	}}
	for _, m := range []*analysis.SubjectMemo{full, {Titles: map[string][]string{}}} {
		got, err := decodeSubjectTitles(encodeSubjectTitles(m))
		if err != nil {
			t.Fatalf("%+v: %v", m, err)
		}
		for k, v := range m.Titles {
			if len(v) == 0 {
				m.Titles[k] = []string{}
			}
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("read back %+v, want %+v", got, m)
		}
	}
	data := encodeSubjectTitles(full)
	for n := range len(data) {
		if _, err := decodeSubjectTitles(data[:n]); err == nil {
			t.Errorf("a file cut at %d of %d bytes was read", n, len(data))
		}
	}
	if _, err := decodeSubjectTitles(append(data, 0)); err == nil {
		t.Error("a file with a byte after the record was read")
	}
	if _, err := decodeSubjectTitles([]byte(`{"key":"k","subject":[]}`)); err == nil {
		t.Error("a subject record was read as its titles")
	}
}
