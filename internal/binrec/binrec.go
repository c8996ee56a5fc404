// Package binrec writes and reads the records of acmkb's cache files
// (build's page cache and index prints, analysis's term and postings
// caches, the loader's parse cache) and of the index's stored entries:
// numbers as uvarints, strings as their length and bytes, the knowledge
// base's texts and lists as counts and strings. A
// Reader keeps the first problem it meets and returns zeros after it, so
// that a decoder reads its fields in a row and checks once.
package binrec

import (
	"encoding/binary"
	"maps"
	"slices"

	"github.com/acmkb/acmkb/kb"
)

// Writer appends a record's fields to B.
type Writer struct{ B []byte }

// Num appends x as a uvarint.
func (w *Writer) Num(x uint64) { w.B = binary.AppendUvarint(w.B, x) }

// Str appends s's length and bytes.
func (w *Writer) Str(s string) { w.Num(uint64(len(s))); w.B = append(w.B, s...) }

// Int appends x as a varint.
func (w *Writer) Int(x int64) { w.B = binary.AppendVarint(w.B, x) }

// NilCount appends n+1, or 0 for a nil slice or map, so that nil and empty
// stay apart.
func (w *Writer) NilCount(n int, isNil bool) {
	if isNil {
		w.Num(0)
		return
	}
	w.Num(uint64(n) + 1)
}

// Strs appends s: its NilCount, then each string.
func (w *Writer) Strs(s []string) {
	w.NilCount(len(s), s == nil)
	for _, x := range s {
		w.Str(x)
	}
}

// Text appends t: its NilCount, then each language (in order) and text.
func (w *Writer) Text(t kb.Text) {
	w.NilCount(len(t), t == nil)
	for _, l := range slices.Sorted(maps.Keys(t)) {
		w.Str(string(l))
		w.Str(t[l])
	}
}

// List appends l: its NilCount, then each language (in order) and Strs.
func (w *Writer) List(l kb.List) {
	w.NilCount(len(l), l == nil)
	for _, lang := range slices.Sorted(maps.Keys(l)) {
		w.Str(string(lang))
		w.Strs(l[lang])
	}
}

// Date appends d as its time's MarshalBinary form, a string.
func (w *Writer) Date(d kb.Date) error {
	b, err := d.Time.MarshalBinary()
	if err != nil {
		return err
	}
	w.Str(string(b))
	return nil
}

// Reader reads from Data what a Writer wrote; Bad is the error a record
// that does not fit becomes, Err the first one met.
type Reader struct {
	Data []byte
	Bad  error
	Err  error
}

// NumMax reads a uvarint; one above limit is Bad.
func (r *Reader) NumMax(limit uint64) uint64 {
	if r.Err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.Data)
	if n <= 0 || x > limit {
		r.Err = r.Bad
		return 0
	}
	r.Data = r.Data[n:]
	return x
}

// Num reads a uvarint.
func (r *Reader) Num() uint64 { return r.NumMax(^uint64(0)) }

// Bytes reads the next n bytes (a slice of Data, not a copy).
func (r *Reader) Bytes(n uint64) []byte {
	if r.Err == nil && n > uint64(len(r.Data)) {
		r.Err = r.Bad
	}
	if r.Err != nil {
		return nil
	}
	b := r.Data[:n]
	r.Data = r.Data[n:]
	return b
}

// StrMax reads a string of at most limit bytes.
func (r *Reader) StrMax(limit uint64) string { return string(r.Bytes(r.NumMax(limit))) }

// Str reads a string.
func (r *Reader) Str() string { return r.StrMax(^uint64(0)) }

// Count reads a number of items, each at least min bytes long: more than
// the bytes left could hold is Bad.
func (r *Reader) Count(min int) int {
	n := r.Num()
	if r.Err == nil && n > uint64(len(r.Data)/min) {
		r.Err = r.Bad
	}
	if r.Err != nil {
		return 0
	}
	return int(n)
}

// End returns Err, or Bad when bytes are left over.
func (r *Reader) End() error {
	if r.Err == nil && len(r.Data) != 0 {
		r.Err = r.Bad
	}
	return r.Err
}
