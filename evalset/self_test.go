package evalset_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/kb"
)

// sample is a knowledge base of n entries with m example questions per
// language each, related in a ring.
func sample(n, m int) *kb.KB {
	var entries []*kb.Entry
	for i := range n {
		e := &kb.Entry{ID: fmt.Sprintf("e%d", i), Verdict: kb.Yes, Examples: kb.List{},
			Related: []string{fmt.Sprintf("e%d", (i+1)%n)}}
		for _, l := range kb.Langs {
			for j := range m {
				e.Examples[l] = append(e.Examples[l], fmt.Sprintf("%s %s question %d", e.ID, l, j))
			}
		}
		entries = append(entries, e)
	}
	return kb.New(kb.Config{}, entries, nil)
}

// byHeart answers a question only when an entry of k holds it word for
// word among its examples: what a knowledge base knows of a question it
// was not shown is nothing, so a held-out question it answers was not held
// out.
func byHeart(k *kb.KB) (evalset.Asker, func(), error) {
	return func(q string, lang kb.Lang) (*kb.Answer, error) {
		for _, e := range k.Entries {
			for _, l := range kb.Langs {
				if slices.Contains(e.Examples[l], q) {
					return &kb.Answer{Answered: true, Entry: e, Lang: l}, nil
				}
			}
		}
		return &kb.Answer{Lang: kb.EN}, nil
	}, func() {}, nil
}

func TestFoldsHoldOutEveryExampleOnce(t *testing.T) {
	k := sample(7, 3)
	asked := map[string]int{}
	for i, f := range evalset.ExampleFolds(k, evalset.SelfFolds) {
		for _, c := range f.Cases {
			asked[c.Question]++
			if c.Expected != c.From || c.Verdict != kb.Yes {
				t.Errorf("fold %d: %q expects %q %q, want its entry %q", i, c.Question, c.Expected, c.Verdict, c.From)
			}
		}
		if len(f.KB.Entries) != 7 {
			t.Errorf("fold %d keeps %d entries, want all 7", i, len(f.KB.Entries))
		}
	}
	if len(asked) != 7*3*2 {
		t.Errorf("%d examples asked, want %d", len(asked), 7*3*2)
	}
	for q, n := range asked {
		if n != 1 {
			t.Errorf("%q asked %d times", q, n)
		}
	}
	examples, entries, err := evalset.Self(k, byHeart)
	if err != nil {
		t.Fatal(err)
	}
	// Every example is asked of a knowledge base without it: none is known by heart.
	if examples.InScope != 42 || examples.NotCovered != 42 || examples.Top1 != 0 {
		t.Errorf("examples held out: %+v, want 42 in scope, all not covered", examples)
	}
	if entries.OutScope != 42 || entries.Abstained != 42 {
		t.Errorf("entries held out: %+v, want 42 out of scope, all abstained", entries)
	}
}

func TestEntryFoldsDropTheEntriesAndLinksToThem(t *testing.T) {
	k := sample(6, 1)
	for i, f := range evalset.EntryFolds(k, 4) {
		out := map[string]bool{}
		for _, c := range f.Cases {
			out[c.From] = true
			if c.InScope() {
				t.Errorf("fold %d: %q is in scope", i, c.Question)
			}
		}
		for _, e := range f.KB.Entries {
			if out[e.ID] {
				t.Errorf("fold %d still holds %s", i, e.ID)
			}
			for _, r := range e.Related {
				if out[r] {
					t.Errorf("fold %d: %s still relates to %s", i, e.ID, r)
				}
			}
		}
		if len(f.KB.Entries)+len(out) != 6 {
			t.Errorf("fold %d: %d entries kept and %d held out, want 6 in all", i, len(f.KB.Entries), len(out))
		}
	}
}

// TestWeakest: the entries that answered fewest of their own held-out
// examples come first, then those that took most of the others'; entries
// that answered all theirs and took none are left out.
func TestWeakest(t *testing.T) {
	k := sample(4, 1) // e0..e3, two examples each
	miss := func(from, got string, in bool) evalset.Miss {
		c := evalset.Case{From: from}
		if in {
			c.Expected = from
		}
		return evalset.Miss{Case: c, Got: got}
	}
	examples := evalset.Report{Misses: []evalset.Miss{
		miss("e2", "", true), miss("e2", "(e1)", true), // neither answered
		miss("e1", "e3", true), // one answered by another entry
		miss("e3", "e3", true), // a wrong verdict: answered by its entry
	}}
	entries := evalset.Report{Misses: []evalset.Miss{miss("e1", "e3", false), miss("e0", "e3", false), miss("e2", "e0", false)}}
	got := evalset.Weakest(k, examples, entries, 5)
	want := []evalset.EntryScore{{ID: "e2", Asked: 2, Answered: 0}, {ID: "e1", Asked: 2, Answered: 1}, {ID: "e3", Asked: 2, Answered: 2, Takes: 2}, {ID: "e0", Asked: 2, Answered: 2, Takes: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Weakest = %+v\nwant %+v", got, want)
	}
	if got := evalset.Weakest(k, examples, entries, 2); len(got) != 2 || got[0].ID != "e2" {
		t.Errorf("Weakest(2) = %+v", got)
	}
}
