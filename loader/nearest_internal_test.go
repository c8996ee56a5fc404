package loader

import "testing"

// TestNearest: a typo of an id is told the id it is closest to; an id
// unlike any is told none.
func TestNearest(t *testing.T) {
	ids := []string{"export-certificate", "export-private-key", "copy-across-regions-accounts"}
	for id, want := range map[string]string{
		"export-certficate":   "export-certificate",
		"export-private-keys": "export-private-key",
		"copy-across-region":  "", // ten letters short: too far
		"nope":                "",
	} {
		if got := nearest(id, ids); got != want {
			t.Errorf("nearest(%q) = %q, want %q", id, got, want)
		}
	}
}
