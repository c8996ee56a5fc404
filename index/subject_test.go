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

// TestSubjectAloneIsNoQuestion: "ACM" or "ACM certificate" names what every
// entry is about: not answered, not "several entries fit" (it listed three
// arbitrary entries as fitting), in either language; a question that adds
// anything, and a follow-up, are asked as before.
func TestSubjectAloneIsNoQuestion(t *testing.T) {
	ix := openEmbedded(t)
	for _, tt := range []struct {
		q, previous string
		only        bool
	}{
		{"ACM", "", true},
		{"ACM certificate?", "", true},
		{"ACM の証明書", "", true},
		{"can I export an ACM certificate?", "", false},
		{"and for ACM?", "can I export the private key?", false},
	} {
		a, err := ix.Ask(tt.q, index.Options{Previous: tt.previous})
		if err != nil {
			t.Fatal(err)
		}
		if a.SubjectOnly != tt.only || tt.only && (a.Answered || a.Ambiguous) {
			t.Errorf("%q: subject only %v (answered %v, ambiguous %v), want %v", tt.q, a.SubjectOnly, a.Answered, a.Ambiguous, tt.only)
		}
	}
}
