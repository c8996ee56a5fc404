package evalset

import (
	"slices"

	"github.com/acmkb/acmkb/kb"
)

// Newcomer cut: what a knowledge base would look like had its authors spent
// a newcomer's effort on it. Measuring a tuned knowledge base through its
// newcomer cut shows how much of its answer quality comes from the engine
// rather than from hand tuning.
const (
	NewcomerExamples = 1 // example questions kept per language
	NewcomerTags     = 3 // tags kept
)

// NewcomerCut returns a copy of k with the first NewcomerExamples example
// questions per language, the first NewcomerTags tags of each entry and an
// empty thesaurus. Everything else (titles, answers, conditions, bodies,
// sources) is kept: a newcomer writes those too.
func NewcomerCut(k *kb.KB) *kb.KB {
	entries := make([]*kb.Entry, len(k.Entries))
	for i, e := range k.Entries {
		c := *e.Full()
		c.Examples = kb.List{}
		for l, ex := range e.Full().Examples {
			c.Examples[l] = ex[:min(len(ex), NewcomerExamples)]
		}
		c.Tags = e.Tags[:min(len(e.Tags), NewcomerTags)]
		entries[i] = &c
	}
	return kb.New(k.Config, entries, nil)
}

// SmallCut returns k cut to n of its entries, consecutive by id from the
// from-th (wrapping around), with only the related links between them: a
// knowledge base at the start of its life, for measuring how the engine
// answers when few entries compete (questions about the entries cut are
// then near misses).
func SmallCut(k *kb.KB, from, n int) *kb.KB {
	ids := make([]string, 0, len(k.Entries))
	for _, e := range k.Entries {
		ids = append(ids, e.ID)
	}
	slices.Sort(ids)
	keep := map[string]bool{}
	for i := 0; i < n && i < len(ids); i++ {
		keep[ids[(from+i)%len(ids)]] = true
	}
	return subset(k, func(id string) bool { return keep[id] })
}

// subset is k with only the entries keep says, and only the related links
// between them.
func subset(k *kb.KB, keep func(id string) bool) *kb.KB {
	var entries []*kb.Entry
	for _, e := range k.Entries {
		if !keep(e.ID) {
			continue
		}
		c := *e.Full()
		c.Related = slices.DeleteFunc(slices.Clone(c.Related), func(id string) bool { return !keep(id) })
		entries = append(entries, &c)
	}
	return kb.New(k.Config, entries, k.Thesaurus)
}
