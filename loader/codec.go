package loader

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"unsafe"

	"github.com/acmkb/acmkb/internal/binrec"
	"github.com/acmkb/acmkb/internal/mapfile"
	"github.com/acmkb/acmkb/kb"
)

// The parse cache's file: the format's name and a newline, the number of
// records, then each record as its length and its bytes. A record is made
// of uvarints and strings (a length and the bytes), maps in key order; a
// count is stored plus one, 0 standing for nil, so that nil and empty are
// kept apart (JSON, and so the outputs, tell them apart). Decoding it is a
// few times quicker than gob's reflection over the maps every entry is
// made of, which was most of a 10,000-entry rebuild's load.

var errParseCache = errors.New("parse cache: damaged record")

// maxRecord bounds a record's length: an entry file is at most
// MaxEntryBytes, and what is stored of it (no body) is less.
const maxRecord = 4 * MaxEntryBytes

// recordWriter writes a record with binrec's writer (the reader below is
// the loader's own: see recordReader).
type recordWriter struct {
	binrec.Writer
	detailBuf []byte // record's buffer for the Detail, kept from one record to the next
}

func (w *recordWriter) int(x int) { w.Int(int64(x)) }

func (w *recordWriter) record(r parsedRecord) error {
	w.Str(r.File)
	w.B = append(w.B, r.Key[:]...)
	w.NilCount(len(r.Bodies), r.Bodies == nil)
	for _, l := range slices.Sorted(maps.Keys(r.Bodies)) {
		w.Str(string(l))
		w.int(r.Bodies[l][0])
		w.int(r.Bodies[l][1])
	}
	w.NilCount(len(r.Problems), r.Problems == nil)
	for _, p := range r.Problems {
		w.Str(p.Path)
		w.int(p.Line)
		w.Str(p.Msg)
		w.NilCount(0, !p.Warning)
	}
	w.Int(r.Stamp.Size)
	w.Int(r.Stamp.Mtime)
	w.Int(r.Stamp.Ctime)
	w.Num(r.Stamp.Inode)
	w.Num(r.Stamp.Dev)
	e := r.Entry
	w.NilCount(0, e == nil)
	if e == nil {
		return nil
	}
	w.Str(e.ID)
	w.Str(e.Path)
	w.Str(string(e.Verdict))
	if err := w.Date(e.Verified); err != nil {
		return err
	}
	w.Strs(e.Services)
	w.Strs(e.Tags)
	w.Strs(e.Related)
	w.Strs(e.Aliases)
	// The Detail (most of the bytes), as a string of its own: a rebuild
	// decodes it only for the entries that need it (kb.Entry.Full).
	d := recordWriter{Writer: binrec.Writer{B: w.detailBuf[:0]}}
	if err := d.detail(e); err != nil {
		return err
	}
	w.detailBuf = d.B
	w.Num(uint64(len(d.B))) // as Str(string(d.B)) writes it, without the copy
	w.B = append(w.B, d.B...)
	w.Text(e.Title)
	w.Text(e.Answer)
	w.Text(e.Body)
	w.NilCount(len(e.Lines), e.Lines == nil)
	for _, k := range slices.Sorted(maps.Keys(e.Lines)) {
		w.Str(k)
		w.int(e.Lines[k])
	}
	w.Str(e.Digest)
	return nil
}

// detail writes e's kb.Detail.
func (w *recordWriter) detail(e *kb.Entry) error {
	w.NilCount(len(e.Sources), e.Sources == nil)
	for _, s := range e.Sources {
		w.Text(s.Title)
		w.Str(s.URL)
		w.Text(s.Supports)
	}
	w.NilCount(len(e.History), e.History == nil)
	for _, h := range e.History {
		if err := w.Date(h.Date); err != nil {
			return err
		}
		w.Str(string(h.Before))
		w.Str(string(h.After))
		w.Text(h.Note)
	}
	w.List(e.Conditions)
	w.List(e.Examples)
	return nil
}

// recordReader decodes one record's bytes; the first problem sticks.
// Its strings are substrings of the record made a string once: one
// allocation per record, not one per string (most of the time decoding
// took went to allocating 90 MB in a hundred strings per entry).
type recordReader struct {
	b   []byte // what is left to read
	s   string // the whole record
	err error
}

func (r *recordReader) num() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errParseCache
		return 0
	}
	r.b = r.b[n:]
	return x
}

func (r *recordReader) int() int { return int(r.int64()) }

func (r *recordReader) int64() int64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errParseCache
		return 0
	}
	r.b = r.b[n:]
	return x
}

func (r *recordReader) bytes(n uint64) []byte {
	if r.err == nil && n > uint64(len(r.b)) {
		r.err = errParseCache
	}
	if r.err != nil {
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

func (r *recordReader) str() string {
	n := r.num()
	at := len(r.s) - len(r.b)
	if r.bytes(n); r.err != nil {
		return ""
	}
	return r.s[at : at+int(n)]
}

// count reads a count (nil: false), no more than the bytes left could hold.
func (r *recordReader) count() (int, bool) {
	n := r.num()
	if n == 0 || r.err != nil {
		return 0, false
	}
	if n-1 > uint64(len(r.b)) {
		r.err = errParseCache
		return 0, false
	}
	return int(n - 1), true
}

func (r *recordReader) strs() []string {
	n, ok := r.count()
	if !ok {
		return nil
	}
	s := make([]string, n)
	for i := range s {
		s[i] = r.str()
	}
	return s
}

func (r *recordReader) text() kb.Text { return langMap(r, r.str) }

func (r *recordReader) list() kb.List { return langMap(r, r.strs) }

// langMap reads a count and as many languages, each with a value.
func langMap[V any](r *recordReader, value func() V) map[kb.Lang]V {
	n, ok := r.count()
	if !ok {
		return nil
	}
	m := make(map[kb.Lang]V, n)
	for range n {
		l := kb.Lang(r.str())
		m[l] = value()
	}
	return m
}

func (r *recordReader) date() kb.Date {
	var d kb.Date
	b := r.bytes(r.num())
	if r.err == nil {
		if err := d.Time.UnmarshalBinary(b); err != nil {
			r.err = errParseCache
		}
	}
	return d
}

func (r *recordReader) record() (parsedRecord, error) {
	var rec parsedRecord
	rec.File = r.str()
	copy(rec.Key[:], r.bytes(sha256.Size))
	if n, ok := r.count(); ok {
		rec.Bodies = make(map[kb.Lang][2]int, n)
		for range n {
			l := kb.Lang(r.str())
			rec.Bodies[l] = [2]int{r.int(), r.int()}
		}
	}
	if n, ok := r.count(); ok {
		rec.Problems = make(Problems, n)
		for i := range rec.Problems {
			p := &rec.Problems[i]
			p.Path, p.Line, p.Msg = r.str(), r.int(), r.str()
			_, p.Warning = r.count()
		}
	}
	rec.Stamp = Stamp{Size: r.int64(), Mtime: r.int64(), Ctime: r.int64(), Inode: r.num(), Dev: r.num()}
	if _, ok := r.count(); ok {
		e := &kb.Entry{}
		e.ID, e.Path, e.Verdict = r.str(), r.str(), kb.Verdict(r.str())
		e.Verified = r.date()
		e.Services, e.Tags, e.Related, e.Aliases = r.strs(), r.strs(), r.strs(), r.strs()
		// The Detail is checked now, without building it, and built
		// when first needed (kb.Entry.Full): a damaged one fails the
		// record as before, never a later decode.
		n := r.num()
		at := len(r.s) - len(r.b)
		if db := r.bytes(n); r.err == nil {
			ds := r.s[at : at+len(db)]
			d := &recordReader{b: db, s: ds}
			if d.skipDetail(); d.err != nil || len(d.b) != 0 {
				r.err = errParseCache
			} else {
				e.SetLazyDetail(func() kb.Detail { return (&recordReader{b: db, s: ds}).detail() })
			}
		}
		e.Title, e.Answer = r.text(), r.text()
		e.Body = r.text()
		if n, ok := r.count(); ok {
			e.Lines = make(kb.LineIndex, n)
			for range n {
				k := r.str()
				e.Lines[k] = r.int()
			}
		}
		e.Digest = r.str()
		rec.Entry = e
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errParseCache
	}
	return rec, r.err
}

// detail decodes what recordWriter.detail wrote, checked by skipDetail.
func (r *recordReader) detail() kb.Detail {
	var d kb.Detail
	if n, ok := r.count(); ok {
		d.Sources = make([]kb.Source, n)
		for i := range d.Sources {
			s := &d.Sources[i]
			s.Title = r.text()
			s.URL = r.str()
			s.Supports = r.text()
		}
	}
	if n, ok := r.count(); ok {
		d.History = make([]kb.Change, n)
		for i := range d.History {
			h := &d.History[i]
			h.Date = r.date()
			h.Before, h.After = kb.Verdict(r.str()), kb.Verdict(r.str())
			h.Note = r.text()
		}
	}
	d.Conditions, d.Examples = r.list(), r.list()
	return d
}

// skipDetail reads what recordReader.detail would, building nothing but
// the dates (few), so that a damaged detail is found when its record is
// read.
func (r *recordReader) skipDetail() {
	skipText := func() {
		n, _ := r.count()
		for range n {
			r.str()
			r.str()
		}
	}
	skipList := func() {
		n, _ := r.count()
		for range n {
			r.str()
			m, _ := r.count()
			for range m {
				r.str()
			}
		}
	}
	n, _ := r.count()
	for range n {
		skipText()
		r.str()
		skipText()
	}
	n, _ = r.count()
	for range n {
		r.date()
		r.str()
		r.str()
		skipText()
	}
	skipList()
	skipList()
}

// writeRecords writes format, the number of files and the record of each
// file.
func writeRecords(w io.Writer, format string, files []string, record func(file string) parsedRecord) (int64, error) {
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<16)
	bw.WriteString(format + "\n")
	var head [binary.MaxVarintLen64]byte
	bw.Write(head[:binary.PutUvarint(head[:], uint64(len(files)))])
	var rw recordWriter
	for _, f := range files {
		rw.B = rw.B[:0]
		if err := rw.record(record(f)); err != nil {
			return cw.n, err
		}
		bw.Write(head[:binary.PutUvarint(head[:], uint64(len(rw.B)))])
		if _, err := bw.Write(rw.B); err != nil {
			return cw.n, err
		}
	}
	err := bw.Flush()
	return cw.n, err
}

// decodeRecords reads format, a number of records and each record (as
// writeRecords writes them), handing each to f. A file is mapped into
// memory (mapfile), never unmapped: its records' strings are its bytes;
// another reader is read whole.
func decodeRecords(r io.Reader, format string, f func(parsedRecord)) error {
	var data []byte
	var err error
	if file, ok := r.(*os.File); ok {
		data, _, err = mapfile.Map(file)
	} else {
		data, err = io.ReadAll(r)
	}
	if err != nil {
		return err
	}
	return decodeRecordsData(data, format, f)
}

// decodeRecordsData is decodeRecords of data, which is never written:
// each record's strings are substrings of it.
func decodeRecordsData(data []byte, format string, f func(parsedRecord)) error {
	if !bytes.HasPrefix(data, []byte(format+"\n")) {
		return fmt.Errorf("parse cache: format %q, want %q", data[:min(len(data), len(format)+1)], format)
	}
	data = data[len(format)+1:]
	n, k := binary.Uvarint(data)
	if k <= 0 {
		return io.ErrUnexpectedEOF
	}
	data = data[k:]
	for i := uint64(0); i < n; i++ {
		size, k := binary.Uvarint(data)
		if k <= 0 {
			return io.ErrUnexpectedEOF
		}
		if size > maxRecord || size == 0 {
			return errParseCache
		}
		data = data[k:]
		if size > uint64(len(data)) {
			return io.ErrUnexpectedEOF
		}
		buf := data[:size:size]
		data = data[size:]
		rec, err := (&recordReader{b: buf, s: unsafe.String(&buf[0], len(buf))}).record()
		if err != nil {
			return err
		}
		f(rec)
	}
	return nil
}
