package analysis

import (
	"math/rand/v2"
	"strings"
)

// joinPieces is a random text of up to max-1 of pieces, drawn with r: the
// strings the internal tests compare fast paths with their references on.
func joinPieces(r *rand.Rand, pieces []string, max int) string {
	var b strings.Builder
	for range r.IntN(max) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}
