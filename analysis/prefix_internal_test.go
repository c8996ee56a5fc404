package analysis

import (
	"slices"
	"strings"
	"testing"
)

// textTerms sorts by prefix first: the order is that of comparing the
// terms, then the fields.
func TestTextTermsOrder(t *testing.T) {
	pieces := []string{"a", "ab", "\x00", "z", "証", "明", "証明書", "abcdefgh", "abcdefghi", "0", "ー"}
	seed := uint64(5)
	var terms []FieldTerm
	for range 3000 {
		var b strings.Builder
		seed = seed*6364136223846793005 + 1442695040888963407
		n := int(seed>>61) + 1
		for k := 0; k < n; k++ {
			seed = seed*6364136223846793005 + 1442695040888963407
			b.WriteString(pieces[(seed>>33)%uint64(len(pieces))])
		}
		terms = append(terms, FieldTerm{Term: b.String(), Field: uint8(seed >> 62)})
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
