// Package randmix makes random strings out of given pieces, for tests that
// hold a fast routine against a simple one on many inputs (mixes of kana,
// kanji, marks, invalid bytes...). Its generator is a fixed-seed linear
// congruential one: the same seed gives the same strings on every run and
// machine, so a failure names an input that fails again.
package randmix

// Mixer draws strings of 0 to max pieces.
type Mixer struct {
	state  uint64
	max    int
	pieces []string
}

// New returns a Mixer of pieces drawing strings of at most max pieces.
func New(seed uint64, max int, pieces ...string) *Mixer {
	return &Mixer{state: seed, max: max, pieces: pieces}
}

// Uint returns the next random number.
func (m *Mixer) Uint() uint64 {
	m.state = m.state*6364136223846793005 + 1442695040888963407
	return m.state >> 1
}

// Next returns the next string: between 0 and max pieces, each drawn alike.
func (m *Mixer) Next() string {
	n := int(m.Uint() % uint64(m.max+1))
	var b []byte
	for range n {
		b = append(b, m.pieces[m.Uint()%uint64(len(m.pieces))]...)
	}
	return string(b)
}
