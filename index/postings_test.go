package index

import (
	"encoding/binary"
	"math"
	"slices"
	"testing"

	"github.com/acmkb/acmkb/analysis"
)

// TestPostingsRoundTrip: postings read back as encoded; an entry number or
// weight beyond what a posting holds (int32), or a list cut short, is
// corrupt, not a posting of another entry.
func TestPostingsRoundTrip(t *testing.T) {
	tp := analysis.TermPostings{IDF: 1234, DF: 3, List: []analysis.Posting{{Entry: 0, Weight: 1, Mask: 1}, {Entry: 7, Weight: 16500, Mask: 255}, {Entry: math.MaxInt32, Weight: math.MaxInt32, Mask: 0}}}
	got, err := decodePostings(encodePostings(tp))
	if err != nil || got.IDF != tp.IDF || got.DF != tp.DF || !slices.Equal(got.List, tp.List) {
		t.Errorf("read back %+v (%v), want %+v", got, err, tp)
	}
	head := binary.AppendUvarint(binary.AppendUvarint(nil, 1), 1)
	for _, tail := range [][]byte{
		append(binary.AppendUvarint(binary.AppendUvarint(nil, math.MaxInt32+1), 1), 0),                                                                        // entry
		append(binary.AppendUvarint(binary.AppendUvarint(nil, 1), math.MaxInt32+1), 0),                                                                        // weight
		append(binary.AppendUvarint(binary.AppendUvarint(append(binary.AppendUvarint(binary.AppendUvarint(nil, math.MaxInt32), 1), 0), math.MaxInt32), 1), 0), // entries adding up beyond
		binary.AppendUvarint(binary.AppendUvarint(nil, 1), 1),                                                                                                 // no mask
	} {
		if got, err := decodePostings(append(head, tail...)); err == nil {
			t.Errorf("% x: read as %+v", tail, got)
		}
	}
}
