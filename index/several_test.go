package index_test

import (
	"testing"

	"github.com/acmkb/acmkb/index"
)

// TestAskSeveralAnswersEachQuestion: a message asking two things gets an
// answer to each, from the entry that answers it; one question, a
// follow-up, and a message whose second question no entry near the whole
// answers get one answer, as Ask gives.
func TestAskSeveralAnswersEachQuestion(t *testing.T) {
	ix := openEmbedded(t)
	for _, tt := range []struct {
		q, previous string
		want        []string // the parts' entries; nil: one answer
	}{
		{"Two things: can I export the private key of an ACM certificate? And can I copy the certificate to another region?", "", []string{"export-private-key", "copy-across-regions-accounts"}},
		{"1) Does ACM renew imported certificates?\n2) Can I get a wildcard certificate from ACM?", "", []string{"renew-imported-certificates", "wildcard-certificates"}},
		{"秘密鍵はエクスポートできますか?また、証明書を別のリージョンにコピーできますか?", "", []string{"export-private-key", "copy-across-regions-accounts"}},
		// The first question's words dominate the whole message's ranking.
		{"秘密鍵はエクスポートできますか？インポートした証明書は自動更新されますか？", "", []string{"export-private-key", "renew-imported-certificates"}},
		// One answered, the other not: the whole message was not covered.
		{"Can I get a wildcard certificate from ACM? Also, can ACM do my taxes?", "", []string{"wildcard-certificates"}},
		{"can I export the private key?", "", nil},
		{"Can I copy a certificate to another region? Is that possible?", "", nil},
		{"and to another account? and to another region?", "can I export the private key?", nil},
	} {
		s, err := ix.AskSeveral(tt.q, index.Options{Previous: tt.previous})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range s.Parts {
			got = append(got, p.Entry.ID)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: parts %v, want %v (unanswered %q)", tt.q, got, tt.want, s.Unanswered)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: parts %v, want %v", tt.q, got, tt.want)
			}
		}
		if s.Question != tt.q {
			t.Errorf("%q: the answer is to %q, not to the whole message", tt.q, s.Question)
		}
	}
}
