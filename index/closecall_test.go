package index_test

import (
	"slices"
	"testing"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/index"
)

// TestCloseCall: an answer that clears its bar only just is marked, with
// the question's words the entry does not hold; a clear answer is not.
func TestCloseCall(t *testing.T) {
	ix := openEmbedded(t)
	for _, tt := range []struct {
		q         string
		close     bool
		unmatched []string
	}{
		// The revocation entry mentions OCSP, never stapling: the question
		// is about something no entry says, and its answer only just clears
		// the bar.
		{"Does ACM support OCSP stapling on my load balancer?", true, []string{"stapling"}},
		{"can I export the private key?", false, nil},
		{"can I copy an ACM certificate to another region?", false, nil},
	} {
		a, err := ix.Ask(tt.q, index.Options{Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered {
			t.Fatalf("%q: not answered", tt.q)
		}
		if a.CloseCall != tt.close || !slices.Equal(a.Unmatched, tt.unmatched) {
			t.Errorf("%q: close call %v, unmatched %q; want %v, %q", tt.q, a.CloseCall, a.Unmatched, tt.close, tt.unmatched)
		}
		// The mark is the policy's rule on the answer's confidence.
		x, p := a.Explanation, analysis.DefaultPolicy
		bar := p.MinConfidence
		if x.OffSubject {
			bar += p.OffSubject
		}
		if want := x.ChosenOver == nil && x.Confidence < bar+p.CloseCall; want != a.CloseCall {
			t.Errorf("%q: confidence %.2f, bar %.2f: close call %v, want %v", tt.q, x.Confidence, bar, a.CloseCall, want)
		}
	}
}

// TestNotCoveredSaysWhatTheNearestLacks: when no entry answers, the answer
// names the question's words (as typed) the nearest entry does not hold,
// so that the reader sees why; an answer, and a choice between entries that
// fit alike, name none.
func TestNotCoveredSaysWhatTheNearestLacks(t *testing.T) {
	ix := openEmbedded(t)
	for _, tt := range []struct {
		q         string
		unmatched []string
	}{
		{"can I get a certificate for my minecraft server running on a raspberry pi", []string{"minecraft", "raspberry", "pi"}},
		{"how do I rotate the Kerberos keytab on my domain controller", []string{"Kerberos", "keytab", "controller"}},
	} {
		a, err := ix.Ask(tt.q, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Answered || a.Ambiguous {
			t.Fatalf("%q: answered %v, ambiguous %v: want not covered", tt.q, a.Answered, a.Ambiguous)
		}
		if !slices.Equal(a.Unmatched, tt.unmatched) {
			t.Errorf("%q: unmatched %q, want %q", tt.q, a.Unmatched, tt.unmatched)
		}
	}
	a, err := ix.Ask("can I export the private key?", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Answered || a.Unmatched != nil {
		t.Errorf("a clear answer: answered %v, unmatched %q", a.Answered, a.Unmatched)
	}
}
