package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/internal/binrec"
	"github.com/acmkb/acmkb/kb"
)

// The records an answer decodes (an entry's card and sections, a title, the
// index's meta data) are binary: numbers as uvarints, strings as their
// length and bytes (internal/binrec), maps in key order. A count is stored
// plus one, 0 standing for nil, so that nil and empty stay apart as they
// did through JSON (`ask --format json` prints null or []). They were JSON
// until 2026-12-07: decoding them, with encoding/json's reflection over
// kb.Entry, kb.Config and analysis.Policy in a process that had not done it
// yet, was ~0.7 ms of every `acmkb ask`.

var errRecord = errors.New("damaged index record")

type recWriter struct{ binrec.Writer }

func (w *recWriter) date(d kb.Date) {
	if err := w.Date(d); err != nil {
		panic(err) // a date the loader read always marshals (its zone's offset is whole minutes)
	}
}

type recReader struct{ binrec.Reader }

func newReader(data []byte) *recReader {
	return &recReader{binrec.Reader{Data: data, Bad: errRecord}}
}

// count reads a count (each item at least least bytes long) and whether it
// was nil.
func (r *recReader) count(least int) (int, bool) {
	n := r.Num()
	if r.Err == nil && n > 0 && n-1 > uint64(len(r.Data)/least) {
		r.Err = r.Bad
	}
	if r.Err != nil || n == 0 {
		return 0, true
	}
	return int(n - 1), false
}

func (r *recReader) strs() []string {
	n, isNil := r.count(1)
	if isNil {
		return nil
	}
	s := make([]string, n)
	for i := range s {
		s[i] = r.Str()
	}
	return s
}

func langMap[V any](r *recReader, value func() V) map[kb.Lang]V {
	n, isNil := r.count(2)
	if isNil {
		return nil
	}
	m := make(map[kb.Lang]V, n)
	for range n {
		l := kb.Lang(r.Str())
		m[l] = value()
	}
	return m
}

func (r *recReader) text() kb.Text { return langMap(r, r.Str) }
func (r *recReader) list() kb.List { return langMap(r, r.strs) }

func (r *recReader) date() kb.Date {
	var d kb.Date
	if b := r.Bytes(r.Num()); r.Err == nil && d.Time.UnmarshalBinary(b) != nil {
		r.Err = r.Bad
	}
	return d
}

// encodeCard is the record of card c (see card: no Body, no Lines).
func encodeCard(c *kb.Entry) []byte { return appendCard(nil, c) }

// appendCard appends encodeCard(c) to b.
func appendCard(b []byte, c *kb.Entry) []byte {
	w := recWriter{binrec.Writer{B: b}}
	w.Str(c.ID)
	w.Str(c.Path)
	w.Str(string(c.Verdict))
	w.date(c.Verified)
	w.Strs(c.Services)
	w.Strs(c.Tags)
	w.Strs(c.Related)
	w.NilCount(len(c.Sources), c.Sources == nil)
	for _, s := range c.Sources {
		w.Text(s.Title)
		w.Str(s.URL)
		w.Text(s.Supports)
	}
	w.NilCount(len(c.History), c.History == nil)
	for _, h := range c.History {
		w.date(h.Date)
		w.Str(string(h.Before))
		w.Str(string(h.After))
		w.Text(h.Note)
	}
	w.Text(c.Title)
	w.Text(c.Answer)
	w.List(c.Conditions)
	w.List(c.Examples)
	w.Str(c.Digest)
	return w.B
}

func decodeCard(data []byte) (*kb.Entry, error) {
	r := newReader(data)
	e := &kb.Entry{ID: r.Str(), Path: r.Str(), Verdict: kb.Verdict(r.Str()), Verified: r.date(),
		Services: r.strs(), Tags: r.strs(), Related: r.strs()}
	if n, isNil := r.count(3); !isNil {
		e.Sources = make([]kb.Source, n)
		for i := range e.Sources {
			e.Sources[i] = kb.Source{Title: r.text(), URL: r.Str(), Supports: r.text()}
		}
	}
	if n, isNil := r.count(4); !isNil {
		e.History = make([]kb.Change, n)
		for i := range e.History {
			e.History[i] = kb.Change{Date: r.date(), Before: kb.Verdict(r.Str()), After: kb.Verdict(r.Str()), Note: r.text()}
		}
	}
	e.Title, e.Answer, e.Conditions, e.Examples = r.text(), r.text(), r.list(), r.list()
	e.Digest = r.Str()
	if err := r.End(); err != nil {
		return nil, err
	}
	return e, nil
}

// encodeSections is the record of an entry's sections (see sections).
func encodeSections(secs map[kb.Lang][]section) []byte { return appendSections(nil, secs) }

// appendSections appends encodeSections(secs) to b.
func appendSections(b []byte, secs map[kb.Lang][]section) []byte {
	w := recWriter{binrec.Writer{B: b}}
	w.NilCount(len(secs), secs == nil)
	for _, l := range slices.Sorted(maps.Keys(secs)) {
		w.Str(string(l))
		w.NilCount(len(secs[l]), secs[l] == nil)
		for _, s := range secs[l] {
			w.Str(s.Heading)
			w.Str(s.Anchor)
			w.Str(s.Text)
		}
	}
	return w.B
}

func decodeSections(data []byte) (map[kb.Lang][]section, error) {
	r := newReader(data)
	secs := langMap(r, func() []section {
		n, isNil := r.count(3)
		if isNil {
			return nil
		}
		s := make([]section, n)
		for i := range s {
			s[i] = section{Heading: r.Str(), Anchor: r.Str(), Text: r.Str()}
		}
		return s
	})
	return secs, r.End()
}

func encodeTitle(t kb.Text) []byte {
	var w recWriter
	w.Text(t)
	return w.B
}

func decodeTitle(data []byte) (kb.Text, error) {
	r := newReader(data)
	t := r.text()
	return t, r.End()
}

// encodeMeta is the meta data record, its format number first, so that the
// record of an index of another format is told apart before the rest is read.
func encodeMeta(m meta) []byte {
	var w recWriter
	w.Num(uint64(m.Format))
	w.Num(uint64(m.Docs))
	w.Num(uint64(m.Buckets))
	w.Text(m.Config.Name)
	w.Text(m.Config.Product)
	w.Text(m.Config.Description)
	w.Str(m.Config.BaseURL)
	w.B = binary.AppendVarint(w.B, int64(m.Config.StaleDays))
	policyFields(&m.Policy, func(f reflect.Value) {
		switch f.Kind() {
		case reflect.Float64:
			w.Num(math.Float64bits(f.Float()))
		case reflect.Int:
			w.B = binary.AppendVarint(w.B, f.Int())
		}
	})
	w.Strs(m.Subject)
	return w.B
}

func decodeMeta(data []byte) (meta, error) {
	r := newReader(data)
	var m meta
	m.Format = int(r.NumMax(math.MaxInt32))
	if m.Format != formatNumber {
		return m, ErrStale
	}
	m.Docs, m.Buckets = int(r.NumMax(math.MaxInt32)), int(r.NumMax(math.MaxInt32))
	m.Config.Name, m.Config.Product, m.Config.Description, m.Config.BaseURL = r.text(), r.text(), r.text(), r.Str()
	m.Config.StaleDays = int(r.varint())
	policyFields(&m.Policy, func(f reflect.Value) {
		switch f.Kind() {
		case reflect.Float64:
			f.SetFloat(math.Float64frombits(r.Num()))
		case reflect.Int:
			f.SetInt(r.varint())
		}
	})
	m.Subject = r.strs()
	return m, r.End()
}

func (r *recReader) varint() int64 {
	if r.Err != nil {
		return 0
	}
	x, n := binary.Varint(r.Data)
	if n <= 0 {
		r.Err = r.Bad
		return 0
	}
	r.Data = r.Data[n:]
	return x
}

// policyFields hands each field of *p to f, in order: analysis.Policy is
// made of float64 and int fields (a field of another kind panics, and
// TestMetaRecord says so before an index is written).
func policyFields(p *analysis.Policy, f func(reflect.Value)) {
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		switch k := v.Field(i).Kind(); k {
		case reflect.Float64, reflect.Int:
			f(v.Field(i))
		default:
			panic(fmt.Sprintf("index: analysis.Policy.%s is a %s: the meta record stores float64 and int fields", v.Type().Field(i).Name, k))
		}
	}
}
