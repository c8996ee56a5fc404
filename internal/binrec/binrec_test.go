package binrec

import (
	"errors"
	"testing"
)

var errBad = errors.New("bad")

func TestRoundTripAndProblems(t *testing.T) {
	w := &Writer{}
	w.Num(300)
	w.Str("héllo")
	w.Num(2)
	w.Str("a")
	w.Str("b")
	r := &Reader{Data: w.B, Bad: errBad}
	if n, s, c := r.Num(), r.Str(), r.Count(1); n != 300 || s != "héllo" || c != 2 {
		t.Fatalf("read %d %q %d", n, s, c)
	}
	if a, b := r.Str(), r.Str(); a != "a" || b != "b" || r.End() != nil {
		t.Fatalf("read %q %q, end %v", a, b, r.End())
	}

	for _, c := range []struct {
		name string
		read func(r *Reader)
	}{
		{"a number above its limit", func(r *Reader) { r.NumMax(299) }},
		{"a string longer than its limit", func(r *Reader) { r.Num(); r.StrMax(4) }},
		{"bytes past the end", func(r *Reader) { r.Bytes(uint64(len(w.B) + 1)) }},
		{"a count the bytes cannot hold", func(r *Reader) { r.Count(len(w.B)) }},
		{"bytes left over", func(r *Reader) { r.Num(); r.End() }},
		{"a number cut short", func(r *Reader) { r.Data = r.Data[:1]; r.Num() }},
	} {
		r := &Reader{Data: w.B, Bad: errBad}
		c.read(r)
		if r.Err != errBad {
			t.Errorf("%s: %v, want %v", c.name, r.Err, errBad)
		}
		if r.Num() != 0 || r.Str() != "" || r.Bytes(0) != nil || r.Count(1) != 0 {
			t.Errorf("%s: reads after a problem are not zero", c.name)
		}
	}
}
