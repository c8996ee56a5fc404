package build

import (
	"errors"
	"maps"
	"os"
	"slices"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/internal/binrec"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/site"
)

// The page cache's file ("pages-HASH"): pagesMagic, then the record's
// Output and Site, its Keys (their number, then each site path and key, in
// path order), its Files (their number, 0 for none), its Search (each
// name, print, length and sum, in name order) and its Lists (each language
// and key, in language order), then its SearchPostings, its Digests
// (their number, then each id and digest, in id order) and its ListPages
// (their number, then each site path and key, in path order); every number a
// uvarint, every string its length and bytes. It was JSON: at 10,000
// entries 2.4 MB that every rebuild decoded and encoded again (0.1 s of
// CPU).
const pagesMagic = "acmkb-pages 5\n"

var errPages = errors.New("not a page cache")

// encodePages is the file of r.
func encodePages(r pageRecord) []byte {
	// Sized first: 2.4 MB at 10,000 entries, grown from nothing, was
	// copied over and over.
	size := len(pagesMagic) + len(r.Output) + len(r.Site) + len(r.SearchPostings) + 64
	for k, v := range r.Keys {
		size += len(k) + len(v) + 6
	}
	for _, f := range r.Files {
		size += len(f) + 3
	}
	for name, f := range r.Search {
		size += len(name) + len(f.Sum) + 24
	}
	for id, d := range r.Digests {
		size += len(id) + len(d) + 6
	}
	for rel, k := range r.ListPages {
		size += len(rel) + len(k) + 6
	}
	w := &binrec.Writer{B: append(make([]byte, 0, size), pagesMagic...)}
	num, str := w.Num, w.Str
	str(r.Output)
	str(r.Site)
	num(uint64(len(r.Keys)))
	for _, k := range slices.Sorted(maps.Keys(r.Keys)) {
		str(k)
		str(r.Keys[k])
	}
	num(uint64(len(r.Files)))
	for _, f := range r.Files {
		str(f)
	}
	num(uint64(len(r.Search)))
	for _, name := range slices.Sorted(maps.Keys(r.Search)) {
		f := r.Search[name]
		str(name)
		num(f.Print)
		num(uint64(f.Len))
		str(f.Sum)
	}
	num(uint64(len(r.Lists)))
	for _, l := range slices.Sorted(maps.Keys(r.Lists)) {
		str(string(l))
		str(r.Lists[l])
	}
	str(r.SearchPostings)
	num(uint64(len(r.Digests)))
	for _, id := range slices.Sorted(maps.Keys(r.Digests)) {
		str(id)
		str(r.Digests[id])
	}
	num(uint64(len(r.ListPages)))
	for _, rel := range slices.Sorted(maps.Keys(r.ListPages)) {
		str(rel)
		str(r.ListPages[rel])
	}
	return w.B
}

// decodePages reads what encodePages wrote. Empty Files, Search and Lists
// read as nil (as the JSON record, which omitted them, did: no Files means
// the published site cannot be patched).
func decodePages(data []byte) (pageRecord, error) {
	var r pageRecord
	if len(data) < len(pagesMagic) || string(data[:len(pagesMagic)]) != pagesMagic {
		return r, errPages
	}
	rd := &binrec.Reader{Data: data[len(pagesMagic):], Bad: errPages}
	num, str, count := rd.Num, rd.Str, rd.Count
	r.Output, r.Site = str(), str()
	if n := count(2); n > 0 {
		r.Keys = make(map[string]string, n)
		for range n {
			k := str()
			r.Keys[k] = str()
		}
	}
	if n := count(1); n > 0 {
		r.Files = make([]string, n)
		for i := range r.Files {
			r.Files[i] = str()
		}
	}
	if n := count(4); n > 0 {
		r.Search = make(map[string]site.SearchFile, n)
		for range n {
			name := str()
			r.Search[name] = site.SearchFile{Print: num(), Len: int(num()), Sum: str()}
		}
	}
	if n := count(2); n > 0 {
		r.Lists = make(map[kb.Lang]string, n)
		for range n {
			l := kb.Lang(str())
			r.Lists[l] = str()
		}
	}
	r.SearchPostings = str()
	if n := count(2); n > 0 {
		r.Digests = make(map[string]string, n)
		for range n {
			id := str()
			r.Digests[id] = str()
		}
	}
	if n := count(2); n > 0 {
		r.ListPages = make(map[string]string, n)
		for range n {
			rel := str()
			r.ListPages[rel] = str()
		}
	}
	if err := rd.End(); err != nil {
		return pageRecord{}, err
	}
	return r, nil
}

// readPages reads the page cache file, reporting whether it could.
func readPages(file string) (pageRecord, bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		return pageRecord{}, false
	}
	r, err := decodePages(data)
	return r, err == nil
}

// The index prints' file ("prints-HASH"): printsMagic, then the record's
// Output and Version, then its Prints: Records and Internal (each: their
// number, then each id and print, in id order) and Entries (each id and
// digest), and its Postings. Numbers are uvarints, strings their length
// and bytes. It was JSON, 0.75 MB at 10,000 entries decoded and encoded by
// every rebuild.
const printsMagic = "acmkb-prints 3\n"

var errPrints = errors.New("not an index prints record")

func encodePrints(r printsRecord) []byte {
	w := &binrec.Writer{B: []byte(printsMagic)}
	num, str := w.Num, w.Str
	str(r.Output)
	str(r.Version)
	p := r.Prints
	if p == nil {
		p = &index.Prints{}
	}
	for _, m := range []map[string]uint64{p.Records, p.Internal} {
		num(uint64(len(m)))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			str(k)
			num(m[k])
		}
	}
	num(uint64(len(p.Entries)))
	for _, k := range slices.Sorted(maps.Keys(p.Entries)) {
		str(k)
		str(p.Entries[k])
	}
	str(p.Postings)
	return w.B
}

// decodePrints reads what encodePrints wrote; the maps of its Prints are
// never nil.
func decodePrints(data []byte) (printsRecord, error) {
	var r printsRecord
	if len(data) < len(printsMagic) || string(data[:len(printsMagic)]) != printsMagic {
		return r, errPrints
	}
	rd := &binrec.Reader{Data: data[len(printsMagic):], Bad: errPrints}
	num, str := rd.Num, rd.Str
	count := func() int { return rd.Count(2) } // items of at least 2 bytes
	r.Output, r.Version = str(), str()
	p := &index.Prints{}
	for _, m := range []*map[string]uint64{&p.Records, &p.Internal} {
		n := count()
		*m = make(map[string]uint64, n)
		for range n {
			k := str()
			(*m)[k] = num()
		}
	}
	n := count()
	p.Entries = make(map[string]string, n)
	for range n {
		k := str()
		p.Entries[k] = str()
	}
	p.Postings = str()
	if err := rd.End(); err != nil {
		return printsRecord{}, err
	}
	r.Prints = p
	return r, nil
}

// The subject memo's titles file ("titles-HASH"):
// subjectTitlesMagic, then the memo's Analyzer, the number of titles and,
// for each (in key order), its key and its terms (their number, then each
// term); numbers uvarints, strings their length and bytes.
const subjectTitlesMagic = "acmkb-subject-titles 1\n"

var errSubjectTitles = errors.New("not a subject titles memo")

func encodeSubjectTitles(m *analysis.SubjectMemo) []byte {
	w := &binrec.Writer{B: []byte(subjectTitlesMagic)}
	w.Str(m.Analyzer)
	w.Num(uint64(len(m.Titles)))
	for _, k := range slices.Sorted(maps.Keys(m.Titles)) {
		w.Str(k)
		w.Num(uint64(len(m.Titles[k])))
		for _, t := range m.Titles[k] {
			w.Str(t)
		}
	}
	return w.B
}

// decodeSubjectTitles reads what encodeSubjectTitles wrote. The terms,
// most of them shared by many titles, are made once each.
func decodeSubjectTitles(data []byte) (*analysis.SubjectMemo, error) {
	if len(data) < len(subjectTitlesMagic) || string(data[:len(subjectTitlesMagic)]) != subjectTitlesMagic {
		return nil, errSubjectTitles
	}
	rd := &binrec.Reader{Data: data[len(subjectTitlesMagic):], Bad: errSubjectTitles}
	m := &analysis.SubjectMemo{Analyzer: rd.Str()}
	n := rd.Count(2)
	m.Titles = make(map[string][]string, n)
	terms := map[string]string{}
	for range n {
		k := rd.Str()
		ts := make([]string, rd.Count(1))
		for i := range ts {
			b := rd.Bytes(rd.Num())
			t, ok := terms[string(b)]
			if !ok {
				t = string(b)
				terms[t] = t
			}
			ts[i] = t
		}
		m.Titles[k] = ts
	}
	if err := rd.End(); err != nil {
		return nil, err
	}
	return m, nil
}
