package index

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/google/go-cmp/cmp"
)

// viaJSON is v after a trip through encoding/json: what an index of format
// 17 gave back for it.
func viaJSON[T any](t *testing.T, v T) T {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEntryRecords: every entry of the knowledge bases in the repository
// (the embedded one and the examples) reads back from its binary records as
// it read back from the JSON ones: the same card (nil and empty apart, the
// dates' zones included), sections and title, and so the same printed
// answers.
func TestEntryRecords(t *testing.T) {
	n := 0
	samples, _ := filepath.Glob("../examples/*/kb.yaml")
	dirs := []string{"../content"}
	for _, s := range samples {
		dirs = append(dirs, filepath.Dir(s))
	}
	for _, dir := range dirs {
		// The 8th: the day examples/s3 was verified, the latest of the samples.
		k, problems := loader.Load(os.DirFS(dir), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC) }})
		if err := problems.Err(); err != nil {
			t.Fatal(err)
		}
		for _, e := range k.Entries {
			n++
			c, secs, ok := splitEntryRecord(entryRecord(e))
			if !ok {
				t.Fatalf("%s: entry record does not split", e.ID)
			}
			got, err := decodeCard(c)
			if err != nil {
				t.Fatalf("%s: %v", e.ID, err)
			}
			want := viaJSON(t, card(e))
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(kb.Entry{})); diff != "" {
				t.Errorf("%s: card (-JSON +binary):\n%s", e.ID, diff)
			}
			wantJSON, _ := json.Marshal(want)
			gotJSON, _ := json.Marshal(got)
			if string(gotJSON) != string(wantJSON) {
				t.Errorf("%s: card as printed by --format json:\n%s\nwant\n%s", e.ID, gotJSON, wantJSON)
			}
			gotSecs, err := decodeSections(secs)
			if err != nil {
				t.Fatalf("%s: %v", e.ID, err)
			}
			if diff := cmp.Diff(viaJSON(t, sections(e)), gotSecs, cmp.AllowUnexported(section{})); diff != "" {
				t.Errorf("%s: sections (-JSON +binary):\n%s", e.ID, diff)
			}
			title, err := decodeTitle(titleRecord(e))
			if err != nil || !reflect.DeepEqual(title, viaJSON(t, e.Title)) {
				t.Errorf("%s: title %q (%v), want %q", e.ID, title, err, e.Title)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d entries read", n)
	}
}

// TestCardNilAndEmpty: a card keeps nil and empty apart, and a date's zone,
// as JSON did.
func TestCardNilAndEmpty(t *testing.T) {
	for _, c := range []*kb.Entry{
		{ID: "a"},
		{ID: "b", Services: []string{}, Tags: []string{""}, Sources: []kb.Source{}, History: []kb.Change{{Note: kb.Text{}}},
			Title: kb.Text{}, Conditions: kb.List{kb.EN: nil, kb.JA: {}}, Examples: kb.List{},
			Verified: kb.Date{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.FixedZone("", 9*3600))}},
	} {
		got, err := decodeCard(encodeCard(c))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(viaJSON(t, c), got, cmp.AllowUnexported(kb.Entry{})); diff != "" {
			t.Errorf("%s (-JSON +binary):\n%s", c.ID, diff)
		}
	}
}

// TestDamagedRecords: a record cut short or with bytes left over is an
// error, never a panic or a half-read entry.
func TestDamagedRecords(t *testing.T) {
	k, problems := loader.Load(os.DirFS("../content"), loader.Options{Now: time.Now})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	c, secs, _ := splitEntryRecord(entryRecord(k.Entries[0]))
	for i := range len(c) {
		if _, err := decodeCard(c[:i]); err == nil {
			t.Fatalf("a card cut at %d of %d bytes decodes", i, len(c))
		}
	}
	if _, err := decodeCard(append(c[:len(c):len(c)], 0)); err == nil {
		t.Fatal("a card with a byte left over decodes")
	}
	for i := range len(secs) {
		if _, err := decodeSections(secs[:i]); err == nil && i > 0 {
			t.Fatalf("sections cut at %d of %d bytes decode", i, len(secs))
		}
	}
	if _, err := decodeTitle([]byte{0xff}); err == nil {
		t.Fatal("a bad title decodes")
	}
}

// TestMetaRecord: the meta data reads back whole (every field of
// analysis.Policy, each set to a value of its own), and a record of another
// format, the JSON of format 17 included, is stale.
func TestMetaRecord(t *testing.T) {
	m := meta{Format: formatNumber, Docs: 14, Buckets: 8, Subject: []string{"acm", "certif"},
		Config: kb.Config{Name: kb.Text{kb.EN: "n"}, Product: kb.Text{}, BaseURL: "https://x/", StaleDays: -3}}
	v := reflect.ValueOf(&m.Policy).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.Float64:
			f.SetFloat(float64(i) + 0.25)
		case reflect.Int:
			f.SetInt(int64(i) + 100)
		default:
			t.Fatalf("analysis.Policy.%s is a %s: encodeMeta stores float64 and int fields", v.Type().Field(i).Name, f.Kind())
		}
	}
	got, err := decodeMeta(encodeMeta(m))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(viaJSON(t, m), got); diff != "" {
		t.Errorf("meta (-JSON +binary):\n%s", diff)
	}
	m.Policy = analysis.DefaultPolicy
	m.Policy.MinCoverage = math.Inf(1)
	if got, err := decodeMeta(encodeMeta(m)); err != nil || got.Policy != m.Policy {
		t.Errorf("policy %+v (%v), want %+v", got.Policy, err, m.Policy)
	}
	old, _ := json.Marshal(struct {
		Format int `json:"format"`
	}{17})
	if _, err := decodeMeta(old); err != ErrStale {
		t.Errorf("format 17's meta data: %v, want ErrStale", err)
	}
	m.Format = formatNumber - 1
	if _, err := decodeMeta(encodeMeta(m)); err != ErrStale {
		t.Errorf("format %d: %v, want ErrStale", m.Format, err)
	}
	data := encodeMeta(meta{Format: formatNumber})
	if _, err := decodeMeta(data[:len(data)-1]); err == nil {
		t.Error("meta data cut short decodes")
	}
}

// entryRecord, written through kept buffers, is the card as a string of
// binrec's followed by the sections, record after record.
func TestEntryRecordBuffers(t *testing.T) {
	k, problems := loader.Load(content.FS(), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	for _, e := range k.Entries {
		var w recWriter
		w.Str(string(encodeCard(card(e))))
		want := append(w.B, encodeSections(sections(e))...)
		if got := entryRecord(e); !bytes.Equal(got, want) {
			t.Fatalf("entryRecord(%s): %d bytes, want %d", e.ID, len(got), len(want))
		}
	}
}
