package loader

import (
	"bytes"
	"encoding/json"
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
		readRecords(bytes.NewReader(bad), parseCacheFormat)
	}
}
