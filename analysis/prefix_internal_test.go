package analysis

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/acmkb/acmkb/internal/randmix"
)

// textTerms sorts by prefix first: the order is that of comparing the
// terms, then the fields.
func TestTextTermsOrder(t *testing.T) {
	mix := randmix.New(5, 8, "a", "ab", "\x00", "z", "証", "明", "証明書", "abcdefgh", "abcdefghi", "0", "ー")
	var terms []FieldTerm
	for range 3000 {
		terms = append(terms, FieldTerm{Term: mix.Next(), Field: uint8(mix.Uint() % 4)})
	}
	for i, x := range terms {
		for _, y := range terms[i+1 : min(len(terms), i+40)] {
			if px, py := prefix(x.Term), prefix(y.Term); px < py && x.Term >= y.Term || x.Term < y.Term && px > py {
				t.Fatalf("prefix(%q) = %x, prefix(%q) = %x", x.Term, px, y.Term, py)
			}
		}
	}
	a := New(nil, nil)
	et := a.textTerms([]string{"証明書 ssl 証明書 certificate", "a b 証明", "", "ssl", "", "", "", "サーバー証明書 certificate"})
	if !slices.IsSortedFunc(et.Terms, func(x, y FieldTerm) int {
		if c := strings.Compare(x.Term, y.Term); c != 0 {
			return c
		}
		return int(x.Field) - int(y.Field)
	}) {
		t.Errorf("textTerms: not sorted: %v", et.Terms)
	}
	if len(et.Terms) == 0 {
		t.Fatal("no terms")
	}
}

// splitRunsRunes is splitRuns' first pass as it was: classOf of every
// character.
func splitRunsRunes(s string) []run {
	var out []run
	start, cur := 0, other
	for i, r := range s {
		c := classOf(r)
		if r == '.' && i > 0 && isDigit(s[i-1]) && i+1 < len(s) && isDigit(s[i+1]) {
			c = latin
		}
		if c != cur {
			if cur != other {
				out = append(out, run{text: s[start:i], class: cur, start: start, end: i})
			}
			start, cur = i, c
		}
	}
	if cur != other {
		out = append(out, run{text: s[start:], class: cur, start: start, end: len(s)})
	}
	return out
}

// splitRunsInto classifies ASCII through a table: the runs are those of
// classOf.
func TestSplitRunsASCIITable(t *testing.T) {
	mix := randmix.New(9, 31, "a", "Z", "1", ".", "2", " ", "-", "サ", "ー", "漢", "字", "の", "\xff", "é", "×", "ヽ", "々")
	for range 30000 {
		s := mix.Next()
		got := splitRunsInto(new(runBufs), s, nil)
		// splitRunsInto also splits kanji compounds: compare texts without any.
		if slices.ContainsFunc(splitRunsRunes(s), func(r run) bool { return r.class == kanji && utf8.RuneCountInString(r.text) >= 4 }) {
			continue
		}
		if want := splitRunsRunes(s); !slices.Equal(got, want) {
			t.Fatalf("splitRunsInto(%q) = %v, want %v", s, got, want)
		}
	}
}
