package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// weighReference is Weigh as it was before capped terms' postings were
// made only for the postings kept: every posting made, then each list cut
// by Cap. The tests hold Weigh to it.
func weighReference(entries []EntryTerms) Postings {
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
	size := 0
	for _, et := range entries {
		size += et.termCount()
	}
	runs := make([]int32, 0, size) // the term of each run of an entry's terms, in order
	for _, et := range entries {
		if et.packed != nil {
			nums, ok := tables[et.table]
			if !ok {
				nums = make([]int32, len(et.table.terms))
				for i := range nums {
					nums[i] = -1
				}
				tables[et.table] = nums
			}
			prev := uint64(1 << 63)
			for _, p := range et.packed {
				t, _, _ := unpack(p)
				if t == prev {
					continue
				}
				prev = t
				id := nums[t]
				if id < 0 {
					id = number(et.table.terms[t])
					nums[t] = id
				}
				df[id]++
				runs = append(runs, id)
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
	lists := make([][]Posting, len(terms))
	for id, n := range df {
		lists[id] = make([]Posting, 0, n)
	}
	r := 0
	norms := make([]float64, len(Fields))
	for d, et := range entries {
		for f := range norms {
			if f < len(et.Len) {
				norms[f] = 1 - Fields[f].B + Fields[f].B*float64(et.Len[f])/avg[f]
			}
		}
		// The entry's terms, run by run (a run: one term in its fields).
		weighted, mask := 0.0, uint8(0)
		add := func(field uint8, tf int32) {
			x := float64(tf) / norms[field]
			weighted += Fields[field].Weight * x / (K1 + x)
			mask |= 1 << field
		}
		end := func() {
			w := int(math.Round(WeightScale * weighted))
			id := runs[r]
			lists[id] = append(lists[id], Posting{Entry: int32(d), Weight: int32(max(w, 1)), Mask: mask})
			r++
			weighted, mask = 0, 0
		}
		if et.packed != nil {
			for i, p := range et.packed {
				t, field, tf := unpack(p)
				if i > 0 && et.packed[i-1]>>38 != t {
					end()
				}
				add(field, tf)
			}
			if len(et.packed) > 0 {
				end()
			}
			continue
		}
		for i, ft := range et.Terms {
			if i > 0 && et.Terms[i-1].Term != ft.Term {
				end()
			}
			add(ft.Field, ft.TF)
		}
		if len(et.Terms) > 0 {
			end()
		}
	}
	runs = nil
	Parallel(len(lists), 0, func(id int) { lists[id] = Cap(lists[id]) })
	out := make(Postings, len(terms))
	for id, t := range terms {
		out[t] = TermPostings{List: lists[id], IDF: QuantizedIDF(df[id], len(entries)), DF: df[id]}
	}
	return out
}

// TestWeighAsReference: Weigh gives the postings of weighReference
// (every posting made, each list cut by Cap) on entries whose terms are
// strings, packed into one or two term tables, or both mixed, with terms
// that more than MaxPostings entries hold and weights that tie.
func TestWeighAsReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	vocab := make([]string, 300)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("t%03d", i)
	}
	tables := []*termTable{{terms: vocab}, {terms: vocab[:200]}}
	for _, n := range []int{0, 1, 50, MaxPostings + 1, 1500} {
		for _, mode := range []string{"strings", "packed", "mixed"} {
			entries := make([]EntryTerms, n)
			for d := range entries {
				table := tables[d%2]
				var fts []FieldTerm
				lens := make([]int, len(Fields))
				for i, term := range table.terms {
					// Low-numbered terms are in almost every entry (capped),
					// with counts from a small range (ties).
					if rng.IntN(len(table.terms)) < i/2 {
						continue
					}
					for f := range Fields {
						if rng.IntN(3) == 0 || f == len(Fields)-1 && (len(fts) == 0 || fts[len(fts)-1].Term != term) {
							tf := int32(1 + rng.IntN(3))
							fts = append(fts, FieldTerm{Term: term, Field: uint8(f), TF: tf})
							lens[f] += int(tf) + rng.IntN(2)
						}
					}
				}
				et := EntryTerms{Terms: fts, Len: lens}
				if mode == "packed" || mode == "mixed" && d%3 == 0 {
					num := map[string]uint64{}
					for i, term := range table.terms {
						num[term] = uint64(i)
					}
					et.packed = []uint64{}
					for _, ft := range fts {
						et.packed = append(et.packed, pack(num[ft.Term], ft.Field, ft.TF))
					}
					et.Terms, et.table = nil, table
				}
				entries[d] = et
			}
			got, want := Weigh(entries), weighReference(entries)
			if len(got) != len(want) {
				t.Errorf("%d entries, %s terms: %d terms, want %d", n, mode, len(got), len(want))
			}
			for term, w := range want {
				g := got[term]
				if g.IDF != w.IDF || g.DF != w.DF || !slices.Equal(g.List, w.List) {
					t.Errorf("%d entries, %s terms: %s: %d postings (idf %d, df %d), want %d (idf %d, df %d)", n, mode, term, len(g.List), g.IDF, g.DF, len(w.List), w.IDF, w.DF)
				}
			}
			capped := 0
			for _, tp := range got {
				if tp.DF > MaxPostings {
					capped++
				}
			}
			if n > MaxPostings && capped == 0 {
				t.Errorf("%d entries, %s terms: no term capped", n, mode)
			}
		}
	}
}
