package evalset

import (
	"slices"

	"github.com/acmkb/acmkb/kb"
)

// Self-test: a knowledge base measured on its own example questions, with
// no evaluation set written. Each example is asked of the knowledge base
// with it held out, so that it is a question in a reader's words that the
// entries do not already hold word for word, as every question a reader
// types is. Two ways of holding out, each over SelfFolds folds:
//
//   - ExampleFolds: the fold's examples are taken out of their entries. The
//     entry should still answer them: a question in scope.
//   - EntryFolds: the fold's entries are taken out of the knowledge base,
//     with the related links to them. Their examples are then about
//     something the knowledge base does not cover, close to what it does:
//     near misses, which should get "not covered".
//
// Examples are written by the knowledge base's authors, so the figures are
// kinder than a set written by someone else, but they need no writing, and
// they show which entries hold too few words of the questions they answer.
const SelfFolds = 5

// Fold is a knowledge base with some of it held out, and the cases that ask
// what was held out.
type Fold struct {
	KB    *kb.KB
	Cases []Case
}

// ExampleFolds splits k's example questions into n folds (the i-th example
// of the knowledge base, counted entry by entry and language by language,
// goes to fold i mod n) and returns, for each fold, k without the fold's
// examples and a case per example expecting its entry and verdict. Line is
// the example's 1-based number in that count.
func ExampleFolds(k *kb.KB, n int) []Fold {
	folds := make([]Fold, n)
	held := make([][]*kb.Entry, n) // per fold, the entries as cut
	for f := range folds {
		held[f] = make([]*kb.Entry, len(k.Entries))
	}
	i := 0
	for j, e := range k.Entries {
		full := e.Full()
		keep := make([]kb.List, n)
		for f := range keep {
			keep[f] = kb.List{}
		}
		for _, l := range kb.Langs {
			for _, q := range full.Examples[l] {
				f := i % n
				i++
				folds[f].Cases = append(folds[f].Cases, Case{Line: i, Lang: l, Expected: e.ID, Verdict: e.Verdict, Question: q, From: e.ID})
				for g := range keep {
					if g != f {
						keep[g][l] = append(keep[g][l], q)
					}
				}
			}
		}
		for f := range folds {
			c := *full
			c.Examples = keep[f]
			held[f][j] = &c
		}
	}
	for f := range folds {
		folds[f].KB = kb.New(k.Config, held[f], k.Thesaurus)
	}
	return folds
}

// EntryFolds splits k's entries into n folds (the i-th entry goes to fold
// i mod n) and returns, for each fold, k without the fold's entries (and
// without related links to them) and a case per example of those entries,
// expecting "not covered". Line is the example's 1-based number, counted as
// in ExampleFolds.
func EntryFolds(k *kb.KB, n int) []Fold {
	folds := make([]Fold, n)
	foldOf := map[string]int{}
	i := 0
	for j, e := range k.Entries {
		f := j % n
		foldOf[e.ID] = f
		full := e.Full()
		for _, l := range kb.Langs {
			for _, q := range full.Examples[l] {
				i++
				folds[f].Cases = append(folds[f].Cases, Case{Line: i, Lang: l, Question: q, From: e.ID})
			}
		}
	}
	for f := range folds {
		folds[f].KB = subset(k, func(id string) bool { g, ok := foldOf[id]; return !ok || g != f })
	}
	return folds
}

// Add adds o's counts and misses to r: the report of two runs as one.
func (r *Report) Add(o Report) {
	r.Total += o.Total
	r.InScope += o.InScope
	r.OutScope += o.OutScope
	r.Top1 += o.Top1
	r.VerdictRight += o.VerdictRight
	r.NotCovered += o.NotCovered
	r.SeveralFit += o.SeveralFit
	r.RankedFirst += o.RankedFirst
	r.WrongEntry += o.WrongEntry
	r.Abstained += o.Abstained
	r.AnsweredOut += o.AnsweredOut
	r.LangRight += o.LangRight
	r.CloseCalls += o.CloseCalls
	r.CloseWrong += o.CloseWrong
	r.Misses = append(r.Misses, o.Misses...)
}

// Opener makes an Asker of a knowledge base (an index built in memory), and
// a function that releases it.
type Opener func(k *kb.KB) (Asker, func(), error)

// Self runs the self-test on k: the examples held out over ExampleFolds
// (in scope) and the entries held out over EntryFolds (out of scope), each
// fold asked of the knowledge base open makes of it.
func Self(k *kb.KB, open Opener) (examples, entries Report, err error) {
	run := func(folds []Fold) (Report, error) {
		var r Report
		for _, f := range folds {
			if len(f.Cases) == 0 {
				continue
			}
			ask, done, err := open(f.KB)
			if err != nil {
				return r, err
			}
			fr, err := Run(f.Cases, ask)
			done()
			if err != nil {
				return r, err
			}
			r.Add(fr)
		}
		return r, nil
	}
	if examples, err = run(ExampleFolds(k, SelfFolds)); err != nil {
		return
	}
	entries, err = run(EntryFolds(k, SelfFolds))
	return
}

// EntryScore is how one entry fared in a self-test.
type EntryScore struct {
	ID       string
	Asked    int // its example questions, each asked with it held out
	Answered int // of those, answered by the entry
	Takes    int // other entries' examples it answered while they were held out
}

// Weakest lists the entries of k whose held-out examples (examples, Self's
// first report) the entry answered least often, worst first (then those
// that take most of other entries' examples, from entries, Self's second
// report), at most n of them, leaving out the entries that answered all
// theirs and took none.
func Weakest(k *kb.KB, examples, entries Report, n int) []EntryScore {
	byID := map[string]*EntryScore{}
	var all []*EntryScore
	for _, e := range k.Entries {
		s := &EntryScore{ID: e.ID}
		for _, ex := range e.Full().Examples {
			s.Asked += len(ex)
		}
		s.Answered = s.Asked
		byID[e.ID] = s
		all = append(all, s)
	}
	for _, m := range examples.Misses {
		if s := byID[m.From]; s != nil && m.InScope() && !m.Accepts(m.Got) { // not a wrong verdict or language
			s.Answered--
		}
	}
	for _, m := range entries.Misses {
		if s := byID[m.Got]; s != nil && !m.InScope() {
			s.Takes++
		}
	}
	var out []EntryScore
	for _, s := range all {
		if s.Answered < s.Asked || s.Takes > 0 {
			out = append(out, *s)
		}
	}
	slices.SortStableFunc(out, func(a, b EntryScore) int {
		// Worst share answered first (a/as < b/bs, compared without division).
		if l, r := a.Answered*b.Asked, b.Answered*a.Asked; l != r {
			return l - r
		}
		return b.Takes - a.Takes
	})
	return out[:min(n, len(out))]
}
