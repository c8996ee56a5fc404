package loader

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/acmkb/acmkb/kb"
)

// TestRecordCodec: a record written to the parse cache and read back is
// the record, nil and empty maps and slices kept apart; a damaged cache is
// an error, never a panic or a wrong record.
func TestRecordCodec(t *testing.T) {
	day := kb.Date{Time: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	recs := []parsedRecord{
		{File: "entries/full.md", Key: [32]byte{1, 2, 3}, Bodies: map[kb.Lang][2]int{"en": {10, 20}, "ja": {30, 40}},
			Problems: Problems{{Path: "content/entries/full.md", Line: 3, Msg: "stale", Warning: true}, {Path: "p", Msg: "m"}},
			Stamp:    Stamp{Size: 1234, Mtime: time.Now().UnixNano(), Ctime: -5, Inode: 1 << 40, Dev: 7},
			Entry: &kb.Entry{ID: "full", Path: "entries/full.md", Verdict: kb.Partly, Verified: day,
				Services: []string{"ACM", "ELB"}, Tags: []string{}, Related: []string{"other"},
				Sources: []kb.Source{{Title: kb.Text{"en": "T", "ja": "タ"}, URL: "https://x", Supports: kb.Text{"en": ""}}},
				History: []kb.Change{{Date: day, Before: kb.No, After: kb.Partly, Note: kb.Text{"en": "n", "ja": "ノ"}}},
				Title:   kb.Text{"en": "Title", "ja": "題"}, Answer: kb.Text{},
				Conditions: kb.List{"en": {"a", ""}, "ja": {}}, Examples: kb.List{"en": nil},
				Body:  kb.Text{"en": "body", "ja": "本文"},
				Lines: kb.LineIndex{"id": 2, "title": 7}, Digest: "abc"}},
		{File: "entries/bare.md", Bodies: map[kb.Lang][2]int{}, Problems: Problems{},
			Entry: &kb.Entry{ID: "bare", Sources: []kb.Source{}, History: []kb.Change{}, Lines: kb.LineIndex{}}},
		{File: "entries/bad.md", Problems: Problems{{Path: "entries/bad.md", Line: 1, Msg: "missing front matter"}}},
		{File: "entries/gone.md"},
	}
	files := []string{"0", "1", "2", "3"}
	var buf bytes.Buffer
	if _, err := writeRecords(&buf, parseCacheFormat, files, func(f string) parsedRecord { return recs[f[0]-'0'] }); err != nil {
		t.Fatal(err)
	}
	whole := buf.Bytes()
	got, err := readRecords(bytes.NewReader(whole), parseCacheFormat)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got { // the detail, decoded on first use
		got[i].Entry = got[i].Entry.Full()
	}
	if !reflect.DeepEqual(got, recs) {
		t.Errorf("read back as\n%#v\nwant\n%#v", got, recs)
	}
	for i := range recs {
		gj, _ := json.Marshal(got[i])
		wj, _ := json.Marshal(recs[i])
		if !bytes.Equal(gj, wj) {
			t.Errorf("record %d marshals as\n%s\nwant\n%s", i, gj, wj)
		}
	}
	// From a file, mapped: the same records; cut short, an error.
	file := filepath.Join(t.TempDir(), "parsed")
	if err := os.WriteFile(file, whole, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mapped, err := readRecords(f, parseCacheFormat)
	for i := range mapped {
		mapped[i].Entry = mapped[i].Entry.Full()
	}
	if err != nil || !reflect.DeepEqual(mapped, recs) {
		t.Errorf("read back from a file: %v\n%#v", err, mapped)
	}
	for n := range len(whole) {
		if err := decodeRecordsData(whole[:n], parseCacheFormat, func(parsedRecord) {}); err == nil {
			t.Errorf("the mapped cache cut to %d of %d bytes was read", n, len(whole))
		}
	}
	if _, err := readRecords(bytes.NewReader(whole), parseChangesFormat); err == nil {
		t.Error("a cache of another format was read")
	}
	for n := range len(whole) {
		if _, err := readRecords(bytes.NewReader(whole[:n]), parseCacheFormat); err == nil {
			t.Errorf("the cache cut to %d of %d bytes was read", n, len(whole))
		}
	}
	for i := len(parseCacheFormat) + 1; i < len(whole); i++ { // a byte changed: an error, or records, never a panic
		bad := bytes.Clone(whole)
		bad[i] ^= 0xff
		recs, _ := readRecords(bytes.NewReader(bad), parseCacheFormat)
		for _, r := range recs {
			r.Entry.Full() // checked when read: decodes without a panic
		}
	}
}

// TestRecordDetailDamaged: an entry's detail is left undecoded until it is
// needed (kb.Entry.Full), but one that would not decode fails its record
// when the record is read (the cache then serves what came before it, and
// the files after it are parsed again), never later.
func TestRecordDetailDamaged(t *testing.T) {
	e := &kb.Entry{ID: "a", Sources: []kb.Source{{Title: kb.Text{"en": "t"}, URL: "https://x"}},
		Conditions: kb.List{"en": {"c"}}, Examples: kb.List{"en": {"q"}}, Title: kb.Text{"en": "A"}, Digest: "d"}
	var w, d recordWriter
	if err := w.record(parsedRecord{File: "entries/a.md", Entry: e}); err != nil {
		t.Fatal(err)
	}
	if err := d.detail(e); err != nil {
		t.Fatal(err)
	}
	var field recordWriter
	field.Str(string(d.B))
	at := bytes.Index(w.B, field.B)
	if at < 0 {
		t.Fatal("detail not found in the record")
	}
	file := func(rec []byte) []byte {
		var f recordWriter
		f.B = append(f.B, parseCacheFormat+"\n"...)
		f.Num(1)
		f.Num(uint64(len(rec)))
		return append(f.B, rec...)
	}
	if recs, err := readRecords(bytes.NewReader(file(w.B)), parseCacheFormat); err != nil || len(recs) != 1 {
		t.Fatalf("the record as written: %v", err)
	} else if got := recs[0].Entry.Full(); !reflect.DeepEqual(got.Sources, e.Sources) || !reflect.DeepEqual(got.Examples, e.Examples) {
		t.Errorf("detail read back as %+v", got)
	}
	for name, blob := range map[string][]byte{
		"cut short":       d.B[:len(d.B)-1],
		"a byte more":     append(bytes.Clone(d.B), 0),
		"a count too big": append([]byte{byte(len(d.B))}, d.B[1:]...),
	} {
		var bad recordWriter
		bad.B = append(bad.B, w.B[:at]...)
		bad.Str(string(blob))
		bad.B = append(bad.B, w.B[at+len(field.B):]...)
		if _, err := readRecords(bytes.NewReader(file(bad.B)), parseCacheFormat); err == nil {
			t.Errorf("a detail %s was read", name)
		}
	}
}
