package index_test

import (
	"slices"
	"testing"

	"github.com/acmkb/acmkb/index"
)

// TestOffSubject: the embedded entries' subject is the words most titles
// share (certificate, ACM). A question that names none of them, nor enough
// of the best entry's title, must clear a higher bar; one that names the
// best entry's title well enough is on the subject without them.
func TestOffSubject(t *testing.T) {
	ix := openEmbedded(t)
	for _, tt := range []struct {
		q        string
		off      bool
		answered bool
	}{
		// EventBridge and EC2 are mentioned in passing by the expiry entry.
		{"How do I set up an EventBridge rule for EC2 state changes?", true, false},
		// Names "export" and "private key" of "Export the private key of an
		// ACM public certificate": on the subject, and answered.
		{"can I export the private key?", false, true},
		{"can I copy an ACM certificate to another region?", false, true},
	} {
		a, err := ix.Ask(tt.q, index.Options{Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		if a.Explanation.OffSubject != tt.off || a.Answered != tt.answered {
			t.Errorf("%q: off subject %v, answered %v; want %v, %v", tt.q, a.Explanation.OffSubject, a.Answered, tt.off, tt.answered)
		}
		if !slices.Contains(a.Explanation.Subject, "@certificate") {
			t.Errorf("%q: subject %v lacks @certificate", tt.q, a.Explanation.Subject)
		}
	}
}
