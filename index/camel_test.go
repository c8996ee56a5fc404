package index_test

import (
	"os"
	"slices"
	"testing"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/loader"
)

// TestCamelCaseWordsWrittenApart: a question that writes a CamelCase word of
// the entries in parts ("secure string") finds the entry that writes it
// whole (SecureString), as the newcomer test found it did not (finding 23);
// so does one that writes it whole, as before. The parts count only in
// questions, and only for words whose parts no entry holds together in a
// field: "certificate manager" stays two words in the ACM entries.
func TestCamelCaseWordsWrittenApart(t *testing.T) {
	if got, want := analysis.CamelWords("Encrypt a SecureString with GetSecretValue on iOS, not ACM or DNS."), []string{"GetSecretValue", "SecureString", "iOS"}; !slices.Equal(got, want) {
		t.Errorf("CamelWords: %q, want %q", got, want)
	}
	k, problems := loader.Load(os.DirFS("../chat/testdata/paramstore"), loader.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Memory(k)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, q := range []string{"secure string", "SecureString", "can I encrypt a secure string parameter with my own key?"} {
		a, err := ix.Ask(q, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || a.Entry.ID != "securestring-customer-managed-key" {
			t.Errorf("%q: answered %v (%v), want securestring-customer-managed-key", q, a.Answered, a.Entry)
		}
	}
	// The entries' terms do not change: "secure string" in an entry is
	// indexed as its two words.
	c := analysis.NewCorpus(k, 1)
	if got := c.Analyzer.Terms("a secure string"); !slices.Equal(got, []string{"secur", "string"}) {
		t.Errorf("an entry's \"secure string\": terms %q", got)
	}
	if !slices.ContainsFunc(c.Parts, func(p []string) bool { return slices.Equal(p, []string{"securestr", "secur", "string"}) }) {
		t.Errorf("parts %q lack SecureString's", c.Parts)
	}

	acm, problems := loader.Load(content.FS(), loader.Options{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	c = analysis.NewCorpus(acm, 2)
	for _, p := range c.Parts {
		if p[0] == "certificatemanag" || p[0] == "domainnam" {
			t.Errorf("ACM's %s is read from its parts, which its entries write apart", p[0])
		}
	}
	if !slices.ContainsFunc(c.Parts, func(p []string) bool { return p[0] == "cloudtrail" }) {
		t.Errorf("ACM's parts %q lack CloudTrail's", c.Parts)
	}
	// A question reads "cloud trail" as CloudTrail, its two words one
	// concept; a title (analysed without a vocabulary) keeps the words.
	terms := c.Analyzer.Analyze("cloud trail", openEmbedded(t))
	want := []analysis.Term{{Text: "cloud", Focus: true}, {Text: "cloudtrail", Group: true, Focus: true}, {Text: "trail", Focus: true}}
	if !slices.Equal(terms, want) {
		t.Errorf("question \"cloud trail\": %+v, want %+v", terms, want)
	}
	if terms := c.Analyzer.Analyze("cloud trail", nil); slices.ContainsFunc(terms, func(t analysis.Term) bool { return t.Text == "cloudtrail" }) {
		t.Errorf("title \"cloud trail\": %+v", terms)
	}
}
