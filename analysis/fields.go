package analysis

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/acmkb/acmkb/kb"
)

// Field is one part of an entry. Both languages go into the same field, so
// that a question in either language, or mixing both, finds it.
type Field struct {
	Name string `json:"name"`
	// Weight is the field's weight in BM25F: a term here counts Weight times
	// a term in a field of weight 1.
	Weight float64 `json:"-"`
	// B is BM25F's length normalisation of the field: 0 ignores the field's
	// length, 1 divides a term's frequency by the length relative to the
	// field's average.
	B float64 `json:"-"`
	// Claim is how much a question word found in this field counts as the
	// entry saying something about it (see Coverage): 1 for what the entry
	// states (its title, answer, conditions, section headings, keywords),
	// less for what it mentions in passing (body, sources) and for the
	// questions it was written to answer (examples), which tell how people
	// ask, not what is true.
	Claim float64 `json:"claim"`
}

// Fields are the parts of an entry, in a fixed order (bit i of a field mask
// is Fields[i]).
var Fields = []Field{
	{Name: "title", Weight: 3, B: 0.5, Claim: 1},
	{Name: "keywords", Weight: 4, B: 0.3, Claim: 1},
	{Name: "answer", Weight: 2, B: 0.5, Claim: 1},
	{Name: "conditions", Weight: 1.5, B: 0.6, Claim: 1},
	{Name: "headings", Weight: 0.5, B: 0.5, Claim: 1},
	{Name: "body", Weight: 1, B: 0.75, Claim: 0.5},
	{Name: "sources", Weight: 0.5, B: 0.5, Claim: 0.6},
	{Name: "examples", Weight: 4, B: 0.75, Claim: 0.5},
}

// K1 is BM25's saturation (see Weigh): a field holding a term k1 times
// (relative to its length) gets half of the field's weight.
const K1 = 1.2

var (
	mdLinkTarget = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\]\([^)]*\)`) })
	bareURL      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`https?://\S+`) })
)

// Section is one part of an entry's body in one language: the text under a
// heading (the first section, before any heading, has none).
type Section struct {
	Heading string
	Anchor  string // the anchor the heading pins ("## Heading {#anchor}"), or ""
	Text    string
}

// Sections splits a Markdown body at its ATX headings ("## Using the key"),
// outside fenced code blocks. A heading that pins its anchor ("## Using the
// key {#use-key}", kb.HeadingAnchor) has it in Anchor, not in Heading. Each section's text is a piece of md (its
// lines are consecutive lines of md): no copy.
func Sections(md string) []Section {
	var out []Section
	cur := Section{}
	start, end := -1, -1 // md[start:end] is cur's text so far; -1: no line yet
	fence := ""
	flush := func() {
		cur.Text = ""
		if start >= 0 {
			cur.Text = strings.TrimSpace(md[start:end])
		}
		if cur.Heading != "" || cur.Text != "" {
			out = append(out, cur)
		}
		start, end = -1, -1
	}
	for pos := 0; ; {
		line, next := md[pos:], -1
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], pos+i+1
		}
		trimmed := strings.TrimLeft(line, " ")
		heading := false
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
		case strings.HasPrefix(trimmed, "#") && len(line)-len(trimmed) <= 3: // what kb.ATXHeading can match
			if h, a, ok := kb.ATXHeading(line); ok {
				flush()
				cur = Section{Heading: h, Anchor: a}
				heading = true
			}
		}
		if !heading {
			if start < 0 {
				start = pos
			}
			end = pos + len(line)
		}
		if next < 0 {
			break
		}
		pos = next
	}
	flush()
	return out
}

// FieldTexts returns the text of each field of e (in the order of Fields),
// both languages joined: the title; the keywords (the id's words, the tags
// and the services); the answer; the conditions; the body's section
// headings; the body's text and the history's notes; the sources' titles and
// what they support; the example questions.
func FieldTexts(e *kb.Entry) []string {
	e = e.Full()
	texts := make([][]string, len(Fields))
	add := func(f int, s ...string) { texts[f] = append(texts[f], s...) }
	add(fieldKeywords, keywords(e)...)
	for _, l := range kb.Langs {
		add(fieldTitle, e.Title[l])
		add(fieldAnswer, e.Answer[l])
		add(fieldConditions, e.Conditions[l]...)
		for _, s := range Sections(e.BodyText()[l]) {
			add(fieldHeadings, s.Heading)
			add(fieldBody, stripURLs(s.Text))
		}
		for _, h := range e.History {
			add(fieldBody, h.Note[l])
		}
		for _, s := range e.Sources {
			add(fieldSources, s.Title[l], s.Supports[l])
		}
		add(fieldExamples, e.Examples[l]...)
	}
	out := make([]string, len(Fields))
	for i, t := range texts {
		out[i] = strings.Join(t, "\n")
	}
	return out
}

// Indexes into Fields.
const (
	fieldTitle = iota
	fieldKeywords
	fieldAnswer
	fieldConditions
	fieldHeadings
	fieldBody
	fieldSources
	fieldExamples
)

// keywords are the id's words, the tags and the services of e.
func keywords(e *kb.Entry) []string {
	kw := append([]string{strings.ReplaceAll(e.ID, "-", " ")}, e.Tags...)
	return append(kw, e.Services...)
}

func stripURLs(md string) string {
	if strings.Contains(md, "](") { // the regular expressions cost more than the look
		md = mdLinkTarget().ReplaceAllString(md, "]")
	}
	if strings.Contains(md, "http") {
		md = bareURL().ReplaceAllString(md, " ")
	}
	return md
}

// EntryNames are the names (see Names) written in e.
func EntryNames(e *kb.Entry) []string {
	texts := FieldTexts(e)
	return Names(texts...)
}

// entryWords are Names then CamelWords of an entry's texts, in one pass:
// what a build keeps of an unchanged entry, besides its terms (TermCache).
func entryWords(texts []string) []string {
	names, camel := asciiWords(texts)
	return append(names, camel...)
}

// EntryTerms is what the analysis makes of one entry, on its own: each
// field's terms with their counts, and each field's length (its number of
// terms). It does not depend on the other entries, so a build can keep it
// per entry and analyse again only the entries that changed.
type EntryTerms struct {
	Terms []FieldTerm // sorted by term, then field
	Len   []int       // per field, terms in all
	// An entry read from a term cache file has, instead of Terms, its
	// terms as numbers into the file's sorted list of terms (table), each
	// packed with its field and count (pack): decoding 10,000 entries'
	// terms as strings was most of reading the cache, and Weigh numbers
	// them by their place in the table instead of looking each one up.
	packed []uint64
	table  *termTable
}

// termTable is a term cache file's list of terms, sorted, each once.
type termTable struct{ terms []string }

// pack is a term's number in its table, its field and its count as one
// number (numbers < 2^26, fields < 2^8, counts < 2^30).
func pack(term uint64, field uint8, tf int32) uint64 {
	return term<<38 | uint64(field)<<30 | uint64(tf)
}

func unpack(p uint64) (term uint64, field uint8, tf int32) {
	return p >> 38, uint8(p >> 30), int32(p & (1<<30 - 1))
}

// each calls f with each of the entry's terms, in order.
func (et EntryTerms) each(f func(term string, field uint8, tf int32)) {
	if et.packed == nil {
		for _, ft := range et.Terms {
			f(ft.Term, ft.Field, ft.TF)
		}
		return
	}
	for _, p := range et.packed {
		t, field, tf := unpack(p)
		f(et.table.terms[t], field, tf)
	}
}

// FieldTerms is Terms, made from the packed form when the entry was read
// from a term cache.
func (et EntryTerms) FieldTerms() []FieldTerm {
	if et.packed == nil {
		return et.Terms
	}
	out := make([]FieldTerm, 0, len(et.packed))
	et.each(func(term string, field uint8, tf int32) {
		out = append(out, FieldTerm{Term: term, Field: field, TF: tf})
	})
	return out
}

// termCount is how many field terms the entry has.
func (et EntryTerms) termCount() int {
	if et.packed == nil {
		return len(et.Terms)
	}
	return len(et.packed)
}

// intern returns the analyser's copy of term, so that the entries of a
// large knowledge base share one copy of each term (and do not keep the
// whole text a term was cut from).
func (a *Analyzer) intern(term string) string {
	if a.interned == nil {
		return strings.Clone(term)
	}
	sh := &a.interned[internIndex(term)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if t, ok := sh.m[term]; ok {
		return t
	}
	if sh.m == nil {
		sh.m = map[string]string{}
	}
	t := strings.Clone(term)
	sh.m[t] = t
	return t
}

func internIndex(s string) int {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return int(h % internShards)
}

const internShards = 64

type internShard struct {
	mu sync.Mutex
	m  map[string]string
}

// FieldTerm is a term of one field of an entry and how often it occurs
// there.
type FieldTerm struct {
	Term  string
	Field uint8 // index into Fields
	TF    int32
}

// EntryTerms analyses e field by field.
func (a *Analyzer) EntryTerms(e *kb.Entry) EntryTerms { return a.textTerms(FieldTexts(e)) }

// textTerms is EntryTerms of an entry whose FieldTexts are texts.
//
// Each term is counted in every field in one map (interned once, the
// first time it occurs: the analysis's texts live in the scratch only
// until the next field), and the entry's distinct terms are sorted, not
// its (term, field) pairs: fewer to sort, and no field to compare.
func (a *Analyzer) textTerms(texts []string) EntryTerms {
	nf := len(Fields)
	et := EntryTerms{Len: make([]int, nf)}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.startEntry(a)
	terms, tf := sc.uniq[:0], sc.tf[:0] // tf: nf counts per term
	pairs := 0
	for f, text := range texts {
		// The terms as analyzeWith has them, without their concepts,
		// which are not counted: each found with its slot, which has its
		// interned copy and, when the slot's entry is this one, its
		// number in terms.
		a.collect(sc, text, nil, true)
		for _, t := range sc.terms {
			if t.stop || t.text == "" {
				continue
			}
			s := &sc.slot[t.slot]
			if s.entry != sc.entry {
				s.entry, s.i = sc.entry, int32(len(terms))
				terms = append(terms, s.term)
				tf = append(tf, make([]int32, nf)...)
			}
			i := s.i
			if tf[int(i)*nf+f] == 0 {
				pairs++
			}
			tf[int(i)*nf+f]++
			et.Len[f]++
		}
	}
	// slices.SortFunc does without sort.Slice's reflection. Each term's
	// first 8 bytes, as a number, settle most comparisons without
	// comparing strings.
	keyed := sc.keyed[:0]
	for i, t := range terms {
		keyed = append(keyed, keyedTerm{prefix(t), int32(i)})
	}
	slices.SortFunc(keyed, func(x, y keyedTerm) int {
		if x.key != y.key {
			return cmp.Compare(x.key, y.key)
		}
		return strings.Compare(terms[x.i], terms[y.i])
	})
	et.Terms = make([]FieldTerm, 0, pairs)
	for _, k := range keyed {
		for f, n := range tf[int(k.i)*nf : int(k.i+1)*nf] {
			if n > 0 {
				et.Terms = append(et.Terms, FieldTerm{Term: terms[k.i], Field: uint8(f), TF: n})
			}
		}
	}
	clear(terms) // not to keep them alive in the pool
	sc.keyed, sc.uniq, sc.tf = keyed[:0], terms[:0], tf[:0]
	return et
}

// termSlot is a term textTerms has met: its interned copy, and its number
// among the terms of the entry being analysed if entry is that entry's.
type termSlot struct {
	term  string
	entry uint32
	i     int32
	stop  bool // IsStop(term)
}

// startEntry readies sc's slots for textTerms' next entry: a new entry
// number makes every slot's number stale without clearing the map, which
// is cleared only when it holds another analyser's terms or grows large.
func (sc *scratch) startEntry(a *Analyzer) {
	if sc.slotsOf != a || len(sc.slot) >= 1<<16 || sc.entry == math.MaxUint32 {
		if sc.slots == nil {
			sc.slots = map[string]int32{}
		}
		clear(sc.slots)
		clear(sc.slot)
		sc.slot, sc.slotsOf, sc.entry = sc.slot[:0], a, 0
		sc.slotGen++ // the slots the words remember are stale
	}
	sc.entry++
}

// keyedTerm is the sort key (prefix) of the term at i.
type keyedTerm struct {
	key uint64
	i   int32
}

// prefix is s's first 8 bytes as a big-endian number, zeros after a
// shorter s: prefix(a) < prefix(b) only if a < b, and a < b only if
// prefix(a) <= prefix(b).
func prefix(s string) uint64 {
	var k uint64
	for i := 0; i < 8; i++ {
		k <<= 8
		if i < len(s) {
			k |= uint64(s[i])
		}
	}
	return k
}

// Posting says how much entry Entry (its number: entries sorted by id,
// from 0) is about a term: its Weight (see Weigh) and the fields that hold
// the term (Mask, bit i: Fields[i]).
type Posting struct {
	Entry  int32
	Weight int32
	Mask   uint8
}

// TermPostings is a term's idf (BM25's, times IDFScale, rounded), the
// number of entries that hold it (DF), and the postings of those entries
// that Rank and Coverage read, in entry order: all of them, or, for a term
// more than MaxPostings entries hold, the MaxPostings with the highest
// weights (see Weigh). An entry's impact for the term, what a question's
// score adds up (see Rank), is IDF × Weight; an entry without a posting
// counts as not holding the term.
type TermPostings struct {
	IDF  int
	DF   int
	List []Posting
}

// Find returns the posting of entry n, if it holds the term.
func (tp TermPostings) Find(n int) (Posting, bool) {
	i := sort.Search(len(tp.List), func(i int) bool { return int(tp.List[i].Entry) >= n })
	if i < len(tp.List) && int(tp.List[i].Entry) == n {
		return tp.List[i], true
	}
	return Posting{}, false
}

// Postings maps each term to its TermPostings.
type Postings map[string]TermPostings

// Scales of the integers that impacts are made of: integers add up the same
// in Go and in the browser.
const (
	IDFScale    = 1000
	WeightScale = 1000
)

// Weigh turns the entries' terms (EntryTerms, in entry order) into every
// term's postings. An entry's weight for a term is BM25 per field, weighted
// and added up over the fields, times WeightScale, rounded (at least 1):
//
//	Σ_f Weight_f · x_f / (K1 + x_f),  x_f = tf_f / (1 − B_f + B_f · len_f / avglen_f)
//
// where tf_f is the number of times the term occurs in field f of the entry,
// len_f the number of terms of that field in the entry, and avglen_f the
// field's average length over the entries, rounded to a power of two (see
// AvgLen). Each field saturates on its own, so that a term an entry states
// in its title and explains in its body outweighs a term its body repeats.
// (Adding the fields up before saturating, as BM25F does, ranked the right
// entry first less often on every tuning set.) The term's idf is BM25's over
// the entries (IDF).
//
// An entry's weights depend on the entry and the average lengths alone, and a
// term's idf on how many entries hold it: changing one entry changes its
// own postings and the idf of its terms, and the others' postings only when
// an average length moves to another power of two.
func Weigh(entries []EntryTerms) Postings { return weigh(entries, MaxPostings) }

// weigh is Weigh keeping the keep postings of the highest weights of a
// term (MaxPostings in Weigh).
func weigh(entries []EntryTerms, keep int) Postings {
	avg := AvgLen(entries)
	// Number the terms and count their entries first, so that each list is
	// made at its size and each posting costs no lookup by name. Terms of
	// entries read from a term cache are numbered by their place in its
	// table, looked up by name once per table.
	ids := map[string]int32{}
	var terms []string
	var df []int
	number := func(t string) int32 {
		id, ok := ids[t]
		if !ok {
			id = int32(len(terms))
			ids[t] = id
			terms, df = append(terms, t), append(df, 0)
		}
		return id
	}
	tables := map[*termTable][]int32{} // each table's terms' numbers, -1: none yet
	nums := make([][]int32, len(entries))
	var runs []int32 // the term of each run of the terms of entries not from a table, in order
	for d, et := range entries {
		if et.packed != nil {
			tn, ok := tables[et.table]
			if !ok {
				tn = make([]int32, len(et.table.terms))
				for i := range tn {
					tn[i] = -1
				}
				tables[et.table] = tn
			}
			nums[d] = tn
			prev := uint64(1 << 63)
			for _, p := range et.packed {
				t := p >> 38
				if t == prev {
					continue
				}
				prev = t
				id := tn[t]
				if id < 0 {
					id = number(et.table.terms[t])
					tn[t] = id
				}
				df[id]++
			}
			continue
		}
		for i, ft := range et.Terms {
			if i > 0 && et.Terms[i-1].Term == ft.Term {
				continue
			}
			id := number(ft.Term)
			df[id]++
			runs = append(runs, id)
		}
	}
	ids, tables = nil, nil

	// walk calls emit with each run of each entry's terms (a run: one term
	// in its fields), in entry order: the term's number and the entry's
	// weight and mask for it; only the runs of the terms in only, when not
	// nil.
	norms := make([]float64, len(Fields))
	walk := func(only []bool, emit func(d int, id int32, w int, mask uint8)) {
		r := 0
		for d, et := range entries {
			for f := range norms {
				if f < len(et.Len) {
					norms[f] = 1 - Fields[f].B + Fields[f].B*float64(et.Len[f])/avg[f]
				}
			}
			if ps := et.packed; ps != nil {
				tn := nums[d]
				for i := 0; i < len(ps); {
					t := ps[i] >> 38
					j := i + 1
					for j < len(ps) && ps[j]>>38 == t {
						j++
					}
					if id := tn[t]; only == nil || only[id] {
						weighted, mask := 0.0, uint8(0)
						for _, p := range ps[i:j] {
							_, field, tf := unpack(p)
							x := float64(tf) / norms[field]
							weighted += Fields[field].Weight * x / (K1 + x)
							mask |= 1 << field
						}
						emit(d, id, max(int(math.Round(WeightScale*weighted)), 1), mask)
					}
					i = j
				}
				continue
			}
			ts := et.Terms
			for i := 0; i < len(ts); {
				j := i + 1
				for j < len(ts) && ts[j].Term == ts[i].Term {
					j++
				}
				id := runs[r]
				r++
				if only == nil || only[id] {
					weighted, mask := 0.0, uint8(0)
					for _, ft := range ts[i:j] {
						x := float64(ft.TF) / norms[ft.Field]
						weighted += Fields[ft.Field].Weight * x / (K1 + x)
						mask |= 1 << ft.Field
					}
					emit(d, id, max(int(math.Round(WeightScale*weighted)), 1), mask)
				}
				i = j
			}
		}
	}

	// The postings, in one array. A term more than MaxPostings entries hold
	// (capped) keeps the MaxPostings of the highest weights, as Cap does,
	// without its other postings ever being made: its weights alone are
	// collected first, the lowest weight kept picked from them, and the
	// postings kept made by a second walk. (Appending a common term's every
	// posting, then cutting it, was most of weighing a large knowledge base:
	// 3.3 million postings of 24 bytes in fresh memory, of which 1.8 million
	// were kept.)
	capped := make([]bool, len(terms))
	var cappedIDs []int32
	size, wsize := 0, 0
	for id, n := range df {
		if n > keep {
			capped[id] = true
			cappedIDs = append(cappedIDs, int32(id))
			size += keep
			wsize += n
			continue
		}
		size += n
	}
	all := make([]Posting, size)
	lists := make([][]Posting, len(terms))
	weights := make([][]int32, len(terms)) // of the capped terms
	wall := make([]int32, wsize)
	for id, n := range df {
		if capped[id] {
			lists[id], all = all[:0:keep], all[keep:]
			weights[id], wall = wall[:0:n], wall[n:]
			continue
		}
		lists[id], all = all[:0:n], all[n:]
	}
	walk(nil, func(d int, id int32, w int, mask uint8) {
		if capped[id] {
			weights[id] = append(weights[id], int32(w))
			return
		}
		lists[id] = append(lists[id], Posting{Entry: int32(d), Weight: int32(w), Mask: mask})
	})
	if len(cappedIDs) > 0 {
		least := make([]int, len(terms)) // the lowest weight kept
		quota := make([]int, len(terms)) // of the postings at it, how many are kept
		Parallel(len(cappedIDs), 0, func(i int) {
			id := cappedIDs[i]
			ws := weights[id]
			l := nth(ws, len(ws)-keep)
			q := keep
			for _, w := range ws {
				if w > l {
					q--
				}
			}
			least[id], quota[id] = int(l), q
		})
		weights = nil
		walk(capped, func(d int, id int32, w int, mask uint8) {
			if w > least[id] || w == least[id] && quota[id] > 0 {
				if w == least[id] {
					quota[id]--
				}
				lists[id] = append(lists[id], Posting{Entry: int32(d), Weight: int32(w), Mask: mask})
			}
		})
	}
	out := make(Postings, len(terms))
	for id, t := range terms {
		out[t] = TermPostings{List: lists[id], IDF: QuantizedIDF(df[id], len(entries)), DF: df[id]}
	}
	return out
}

// MaxPostings is how many postings a term keeps at most: a term that more
// entries hold keeps the MaxPostings with the highest weights (ties: lower
// entry number). Such a term is in most entries of a large knowledge base
// ("certificate" in an ACM one), so its idf is near 0 and the entries it
// drops are those that mention it least: the answer seldom changes, and a
// question reads (and the browser fetches) a bounded list whatever the
// size. Knowledge bases of up to MaxPostings entries are not affected.
const MaxPostings = 1000

// Cap returns list (in entry order) cut to its MaxPostings highest weights,
// in entry order. The lowest weight kept is found on the weights alone (a
// sort of integers, not of postings twice): every posting above it is
// kept, and of those at it the first in entry order, as many as fit.
func Cap(list []Posting) []Posting { return capTo(list, MaxPostings) }

// capTo is Cap keeping keep postings.
func capTo(list []Posting, keep int) []Posting {
	if len(list) <= keep {
		return list
	}
	ws := make([]int32, len(list))
	for i, p := range list {
		ws[i] = p.Weight
	}
	least := nth(ws, len(ws)-keep)
	quota := keep // of the postings at least
	for _, w := range ws {
		if w > least {
			quota--
		}
	}
	top := make([]Posting, 0, keep)
	for _, p := range list {
		if p.Weight > least || p.Weight == least && quota > 0 {
			if p.Weight == least {
				quota--
			}
			top = append(top, p)
		}
	}
	return top
}

// nth is the t-th of a in ascending order (a is reordered): a selection
// in linear time, not a sort (sorting the weights of the terms that most
// entries hold was a sixth of weighing them). Equal values, which weights
// often are, are partitioned together.
func nth[T int | int32](a []T, t int) T {
	lo, hi := 0, len(a) // a[lo:hi] holds the t-th
	for {
		if hi-lo <= 16 {
			slices.Sort(a[lo:hi])
			return a[t]
		}
		x, y, z := a[lo], a[lo+(hi-lo)/2], a[hi-1]
		p := max(min(x, y), min(max(x, y), z)) // the median of the three
		lt, i, gt := lo, lo, hi                // a[lo:lt] < p, a[lt:i] == p, a[gt:hi] > p
		for i < gt {
			switch {
			case a[i] < p:
				a[lt], a[i] = a[i], a[lt]
				lt++
				i++
			case a[i] > p:
				gt--
				a[gt], a[i] = a[i], a[gt]
			default:
				i++
			}
		}
		switch {
		case t < lt:
			hi = lt
		case t >= gt:
			lo = gt
		default:
			return p
		}
	}
}

// AvgLen is each field's average length over the entries, rounded to the
// nearest power of two (at least 1): close enough for BM25's length
// normalisation (it ranked the tuning sets as well as the exact average),
// and steady, so that editing one entry seldom changes the others' weights.
func AvgLen(entries []EntryTerms) []float64 {
	avg := make([]float64, len(Fields))
	for _, et := range entries {
		for f, n := range et.Len {
			avg[f] += float64(n)
		}
	}
	for f := range avg {
		mean := max(avg[f]/float64(max(len(entries), 1)), 1)
		avg[f] = math.Exp2(math.Round(math.Log2(mean)))
	}
	return avg
}

// Postings analyses every entry (sorted by id) and weighs them (Weigh).
func (a *Analyzer) Postings(entries []*kb.Entry) Postings {
	return Weigh(a.AllEntryTerms(entries, 0))
}

// AllEntryTerms is EntryTerms of every entry, analysed on workers goroutines
// at once (runtime.GOMAXPROCS when workers ≤ 0): an entry's terms depend on
// the entry alone, so the result is the same however many.
func (a *Analyzer) AllEntryTerms(entries []*kb.Entry, workers int) []EntryTerms {
	out := make([]EntryTerms, len(entries))
	Parallel(len(entries), workers, func(i int) { out[i] = a.EntryTerms(entries[i]) })
	return out
}

// termsOf is EntryTerms of e, whose FieldTexts are *texts when not nil
// (then dropped: they are not needed after).
func (a *Analyzer) termsOf(e *kb.Entry, texts *[]string) EntryTerms {
	t := *texts
	*texts = nil
	if t == nil {
		t = FieldTexts(e)
	}
	return a.textTerms(t)
}

// Parallel calls f(i) for i in [0, n) on workers goroutines
// (runtime.GOMAXPROCS when workers ≤ 0), and returns when all are done.
func Parallel(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// Corpus is a knowledge base analysed once: what both the index and the
// site's search data are made of (package build makes it and hands it to
// both, so that every entry is analysed once per build).
type Corpus struct {
	Entries   []*kb.Entry // sorted by id: entry number n is Entries[n]
	Analyzer  *Analyzer   // with the knowledge base's thesaurus and names
	Thesaurus [][]string  // the knowledge base's thesaurus groups
	Postings  Postings
	// Parts are the CamelCase words whose parts a question may write apart
	// (see CamelWords): each the word's term, then its parts' stems.
	Parts [][]string
	// PostingsKey identifies Postings (a key of the analyser and of every
	// entry's terms), "" when unknown. When Reweighed is not nil, the
	// postings of the terms it holds are the only ones that differ from
	// those of the corpus whose PostingsKey is ReweighedSince (see
	// WeighCache): what is made of the postings need be made again only
	// for them.
	PostingsKey    string
	ReweighedSince string
	Reweighed      map[string]bool
	subject        func() []string
}

// Subject is Subject of the corpus's entries at DefaultPolicy.SubjectShare,
// worked out on first use, once for the index and the search data alike.
func (c *Corpus) Subject() []string { return c.subject() }

// MemoSubject makes Subject, when first called, look for the subject in a
// memo first: get returns what put was given with the same key, if it has
// it. The key is SubjectKey of the corpus's entries and analyser: an
// unchanged knowledge base (titles, thesaurus, names) is not analysed
// again for its subject (analysing 20,000 titles was 0.2 s of CPU of a
// rebuild at 10,000 entries). When the key is not found, titles (when not
// nil) gives what the titles were analysed into before (SubjectMemo), so
// that only titles edited are analysed again; put is called after
// SubjectMemoized has brought it up to date. Call it before Subject.
func (c *Corpus) MemoSubject(get func(key string) ([]string, bool), put func(key string, subject []string), titles func() *SubjectMemo) {
	c.subject = sync.OnceValue(func() []string {
		key := SubjectKey(c.Analyzer, c.Entries, DefaultPolicy.SubjectShare)
		if s, ok := get(key); ok {
			return s
		}
		var memo *SubjectMemo
		if titles != nil {
			memo = titles()
		}
		s := SubjectMemoized(c.Analyzer, c.Entries, DefaultPolicy.SubjectShare, memo)
		put(key, s)
		return s
	})
}

// SubjectKey is a key (hexadecimal SHA-256) of what Subject(a, entries,
// share) is made of: the analyser (Key), share, and the entries' titles in
// order.
func SubjectKey(a *Analyzer, entries []*kb.Entry, share float64) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	str := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		io.WriteString(h, s)
	}
	str("acmkb subject 1")
	str(a.Key())
	str(strconv.FormatFloat(share, 'g', -1, 64))
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(entries)))])
	for _, e := range entries {
		for _, l := range kb.Langs {
			str(e.Title[l])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// NewCorpus analyses the entries of k (on workers goroutines, see
// AllEntryTerms) and weighs them.
func NewCorpus(k *kb.KB, workers int) *Corpus { return NewCachedCorpus(k, workers, nil) }

// NewCachedCorpus is NewCorpus, taking the entries analysed before from
// cache (see TermCache; nil: none).
func NewCachedCorpus(k *kb.KB, workers int, cache *TermCache) *Corpus {
	return NewWeighedCorpus(k, workers, cache, nil)
}

// NewWeighedCorpus is NewCachedCorpus, taking from wc (nil: none) the
// postings of the build before, weighing again only the terms of the
// entries that changed since when it can (see WeighCache).
func NewWeighedCorpus(k *kb.KB, workers int, cache *TermCache, wc *WeighCache) *Corpus {
	entries := append([]*kb.Entry(nil), k.Entries...)
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID < entries[j].ID })
	// Each entry's field texts: for the names and, with a cache, the key;
	// kept for its terms, each dropped once analysed (working them out
	// again was ~0.4 s of CPU at 10,000 entries, keeping them at most
	// 128 MB there, while the entries are analysed).
	names := make([][]string, len(entries))
	keys := make([][sha256.Size]byte, len(entries))
	texts := make([][]string, len(entries))
	if cache != nil {
		cache.startNames()
	}
	Parallel(len(entries), workers, func(i int) {
		e := entries[i]
		if cache != nil && e.Digest != "" {
			keys[i] = digestKey(e.Digest)
			names[i], texts[i] = cache.entryNames(keys[i], e)
			return
		}
		texts[i] = FieldTexts(e)
		names[i] = entryWords(texts[i])
		if cache != nil {
			keys[i] = entryKey(texts[i])
		}
	})
	if cache != nil {
		cache.forgetNames()
	}
	var all, camel []string
	seen := map[string]bool{}
	for _, n := range names {
		for _, w := range n {
			switch {
			case w == strings.ToLower(w):
				all = append(all, w)
			case !seen[w]:
				seen[w] = true
				camel = append(camel, w)
			}
		}
	}
	sort.Strings(camel)
	an := New(k.Thesaurus, all)
	c := &Corpus{Entries: entries, Analyzer: an, Thesaurus: k.Thesaurus, Postings: weighCached(an, entries, keys, texts, workers, cache, wc),
		subject: sync.OnceValue(func() []string { return Subject(an, entries, DefaultPolicy.SubjectShare) })}
	c.Parts = an.addParts(camel, c.Postings)
	if wc != nil && cache != nil {
		c.PostingsKey = wc.postingsKey
		if wc.partial {
			c.ReweighedSince = wc.since
			c.Reweighed = make(map[string]bool, len(wc.changed))
			for _, t := range wc.changed {
				c.Reweighed[t] = true
			}
		}
	}
	return c
}

// QuantizedIDF is IDF(n, docs) × IDFScale, rounded.
func QuantizedIDF(n, docs int) int { return int(math.Round(IDFScale * IDF(n, docs))) }

// IDF is BM25's inverse document frequency of a term found in n of docs
// documents; an unknown term (n = 0) gets the largest value.
func IDF(n, docs int) float64 {
	return math.Log(1 + (float64(docs)-float64(n)+0.5)/(float64(n)+0.5))
}

// Claim is the best Field.Claim among the fields in mask.
func Claim(mask uint8) float64 {
	best := 0.0
	for i, f := range Fields {
		if mask&(1<<i) != 0 {
			best = math.Max(best, f.Claim)
		}
	}
	return best
}

// Slug makes a heading's id from its text: NFKC-normalised and lower-cased,
// letters, marks and digits of any script kept, each run of anything else
// one "-" (none at either end). The site gives body headings these ids.
func Slug(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(norm.NFKC.String(text)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// PageIDs are the ids the entry page itself uses (its layout and
// template): a heading of the body never takes one (package site).
var PageIDs = kb.PageIDs

// AnchorBase is the anchor of a heading that pins none, before it is made
// unique on its page: Slug, or "section" when that is empty. A slug in a
// script other than Latin (a Japanese heading: 14 kana and kanji are 126
// characters of a URL once percent-encoded) becomes short and ASCII: its
// ASCII words, at most three ("s" when it has none), and the first six hex
// digits of the slug's SHA-256: "acm-pfx-3f09a1" for "ACM で PFX を作る".
// It changes when the heading's words change, as an English slug does (pin
// the anchor to keep it), not when other headings are added or moved,
// which numbering by position would do and then land old links on the
// wrong section.
func AnchorBase(heading string) string {
	base := Slug(heading)
	if base == "" {
		return "section"
	}
	latin := true
	for _, r := range base {
		if r >= 0x80 && !unicode.Is(unicode.Latin, r) && !unicode.IsMark(r) {
			latin = false
			break
		}
	}
	if latin {
		return base
	}
	var words []string
	for w := range strings.SplitSeq(base, "-") {
		ascii := w != ""
		for i := 0; i < len(w); i++ {
			if w[i] >= 0x80 {
				ascii = false
				break
			}
		}
		if ascii && len(words) < 3 {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		words = []string{"s"}
	}
	sum := sha256.Sum256([]byte(base))
	return strings.Join(words, "-") + "-" + hex.EncodeToString(sum[:3])
}

// Anchors are the ids the site gives the headings of sections, in order
// ("" for a section without a heading). A pinned anchor (Section.Anchor) is
// the heading's id; the others are AnchorBase of the heading, with "-1",
// "-2", ... when the id is taken already, by a pinned anchor, an earlier
// heading or the page (PageIDs).
func Anchors(sections []Section) []string {
	used := make(map[string]bool, len(PageIDs)+len(sections))
	for _, id := range PageIDs {
		used[id] = true
	}
	out := make([]string, len(sections))
	for i, s := range sections {
		if s.Heading != "" && s.Anchor != "" {
			out[i] = UniqueID(used, s.Anchor)
		}
	}
	for i, s := range sections {
		if s.Heading != "" && s.Anchor == "" {
			out[i] = UniqueID(used, AnchorBase(s.Heading))
		}
	}
	return out
}

// UniqueID is base, or base-1, base-2, ... the first not in used; it marks
// it used. The site names a page's headings with it, and the index its
// sections' anchors, so that both count alike.
func UniqueID(used map[string]bool, base string) string {
	id := base
	for n := 1; used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	used[id] = true
	return id
}
