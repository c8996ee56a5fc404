package randmix

import "testing"

// TestMixer: the same seed draws the same strings, another seed others;
// every piece and every length up to max occur.
func TestMixer(t *testing.T) {
	a, b, c := New(1, 4, "x", "yy"), New(1, 4, "x", "yy"), New(2, 4, "x", "yy")
	lengths := map[int]bool{}
	same := true
	for range 1000 {
		s := a.Next()
		if s != b.Next() {
			t.Fatal("one seed, two sequences")
		}
		if s != c.Next() {
			same = false
		}
		pieces := 0
		for i := 0; i < len(s); {
			if s[i] == 'x' {
				i++
			} else {
				i += 2
			}
			pieces++
		}
		lengths[pieces] = true
	}
	if same {
		t.Error("two seeds, one sequence")
	}
	for n := 0; n <= 4; n++ {
		if !lengths[n] {
			t.Errorf("no string of %d pieces in 1,000", n)
		}
	}
}
