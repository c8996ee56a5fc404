package analysis

import (
	"sort"
	"testing"
)

// TestCommonSearchesTheList: Common, which searches the embedded text in
// place, agrees with a binary search of the list CommonWords returns, for
// every word on it and for words next to them in sort order.
func TestCommonSearchesTheList(t *testing.T) {
	words := CommonWords()
	if len(words) < 5000 {
		t.Fatalf("%d common words", len(words))
	}
	listed := func(w string) bool {
		i := sort.SearchStrings(words, w)
		return i < len(words) && words[i] == w
	}
	try := []string{"", "#", "a", "aaaa", "zzzz", "ecdsa", "dnssec", "flip", "budget", "employe"}
	for _, w := range words {
		try = append(try, w, w+"a", w+"zz", w[:len(w)-1], "0"+w)
	}
	for _, w := range try {
		if got, want := Common(w), listed(w); got != want {
			t.Errorf("Common(%q) = %v, want %v", w, got, want)
		}
	}
}
