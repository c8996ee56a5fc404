package analysis

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var testThesaurus = [][]string{
	{"private key", ".key file", "秘密鍵", "プライベートキー"},
	{"copy", "move", "transfer"},
	{"renew", "auto renew", "自動更新", "更新"},
	{"acme", "certbot"},
}

func TestTerms(t *testing.T) {
	a := New(testThesaurus)
	tests := []struct {
		in   string
		want string
	}{
		{"Can I export the private key?", "export privat @private_key key"},
		{"Ｃａｎ I ＭＯＶＥ certificates", "move @copy certificat"},
		{"秘密鍵をエクスポートできますか", "秘密 密鍵 エクスポート @private_key"},
		{"ﾌﾟﾗｲﾍﾞｰﾄｷｰ", "プライベートキー @private_key"},
		{"us-east-1 renewal", "east 1 renew @renew"}, /* "us" is a stop word */
		{"auto renew", "auto @renew renew"},
		{"ACM の証明書は自動更新されますか", "acm 証明 明書 自動 動更 更新 @renew"},
		{"acme acm", "acme @acme acm"},
		{"IIS 以外", "iis 以外"},
		{"", ""},
	}
	for _, tt := range tests {
		got := strings.Join(a.Terms(tt.in), " ")
		if got != tt.want {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestConcepts(t *testing.T) {
	a := New(testThesaurus)
	var got []string
	for _, term := range a.Analyze("copy the private key 秘密鍵", nil) {
		got = append(got, fmt.Sprintf("%s:%d", term.Text, term.Concept))
	}
	want := []string{"copy:0", "@copy:0", "privat:1", "@private_key:1", "key:1", "秘密:2", "密鍵:2", "@private_key:2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("concepts (-want +got):\n%s", diff)
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"certificates": "certificat", "certificate": "certificat", "copies": "copy", "copied": "copy",
		"exported": "export", "renewal": "renew", "renewing": "renew", "running": "run", "acme": "acme",
		"process": "process", "status": "status", "ec2": "ec2", "use": "use", "issues": "issu", "issued": "issu",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

type vocab map[string]int

func (v vocab) Freq(t string) int { return v[t] }
func (v vocab) Candidates(first rune) []string {
	var out []string
	for t := range v {
		if strings.HasPrefix(t, string(first)) {
			out = append(out, t)
		}
	}
	return out
}

func TestCorrect(t *testing.T) {
	v := vocab{"export": 5, "private": 3, "certificat": 14, "region": 2, "regain": 1}
	for in, want := range map[string]string{
		"exprot": "export", "privte": "private", "certficat": "certificat", "regoin": "region",
		"xport": "xport", // first letter must match
		"key":   "key",   // too short to correct
		"zzzz":  "zzzz",
	} {
		if got := Correct(in, v); got != want {
			t.Errorf("Correct(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestThesaurusWordsAreNotTypos: a word the thesaurus knows is left alone
// even when the index has never seen it ("west" is not a typo of "went").
func TestThesaurusWordsAreNotTypos(t *testing.T) {
	a := New([][]string{{"region", "us west"}})
	var got []string
	for _, term := range a.Analyze("us west went", vocab{"went": 3, "region": 1}) {
		got = append(got, term.Text)
	}
	want := []string{"@region", "west", "went"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Analyze = %q, want %q", got, want)
	}
	if got := a.Analyze("wenr", vocab{"went": 3}); got[0].Text != "went" {
		t.Errorf("a word the thesaurus does not know is still corrected: %q", got[0].Text)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"export", "exprot", 1}, {"abc", "abc", 0}, {"kitten", "sitting", 3}, {"ab", "ba", 1}} {
		if got := Distance(tt.a, tt.b, 5); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCoverage(t *testing.T) {
	a := New(testThesaurus)
	terms := a.Analyze("move the private key", nil)
	freq := func(s string) int { return map[string]int{"private": 1, "@private_key": 1, "key": 2, "@copy": 3}[s] }
	in := map[string]float64{"private": 1, "@private_key": 1, "key": 1}
	fit := Coverage(terms, 10, freq, func(s string) float64 { return in[s] }, nil, Policy{Unknown: 1})
	cov, mass := fit.Coverage, fit.Mass
	// "move" is unknown but its group @copy is known; the entry covers only the key concept.
	wKey, wCopy := IDF(1, 10), IDF(3, 10)
	if want := wKey / (wKey + wCopy); abs64(cov-want) > 1e-9 || abs64(mass-wKey) > 1e-9 {
		t.Errorf("coverage = %v, %v; want %v, %v", cov, mass, want, wKey)
	}
	// With WeightPower 0.5 the shares are square roots of the idfs; the mass
	// stays the covered idf.
	fit = Coverage(terms, 10, freq, func(s string) float64 { return in[s] }, nil, Policy{Unknown: 1, WeightPower: 0.5})
	if want := math.Sqrt(wKey) / (math.Sqrt(wKey) + math.Sqrt(wCopy)); abs64(fit.Coverage-want) > 1e-9 || abs64(fit.Mass-wKey) > 1e-9 {
		t.Errorf("coverage with WeightPower 0.5 = %v, %v; want %v, %v", fit.Coverage, fit.Mass, want, wKey)
	}
}

func abs64(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"Can I export the private key?", "秘密鍵をエクスポート", "ﾌﾟﾗｲﾍﾞｰﾄ", "a-b_c.d"} {
		f.Add(s)
	}
	a := New(testThesaurus)
	f.Fuzz(func(t *testing.T, s string) {
		for _, term := range a.Analyze(s, vocab{"export": 1}) {
			if term.Text == "" {
				t.Fatalf("empty term from %q", s)
			}
		}
	})
}

func TestContainment(t *testing.T) {
	p := Policy{ContainLength: 3}
	q := map[string]bool{"outag": true, "@disruption": true, "renew": true, "acm": true, "complianc": true}
	for _, c := range []struct {
		passage []string
		want    float64
	}{
		{[]string{"outag", "@disruption", "renew", "acm"}, 1},
		{[]string{"outag", "@disruption", "renew", "cloudfront"}, 0.75},
		{[]string{"renew", "renew", "acm", "import"}, 0.5}, // a repeated term counts once above, twice below
		{[]string{"renew", "acm"}, 0},                      // shorter than ContainLength
		{nil, 0},
	} {
		if got := p.Containment(c.passage, q); got != c.want {
			t.Errorf("Containment(%q) = %v, want %v", c.passage, got, c.want)
		}
	}
}

func TestAnswers(t *testing.T) {
	p := Policy{MinCoverage: 0.54, MinMass: 0.3, MinContain: 0.75, ContainCoverage: 0.25}
	for _, c := range []struct {
		fit  Fit
		want bool
	}{
		{Fit{Coverage: 0.6, Mass: 1}, true},
		{Fit{Coverage: 0.6, Mass: 0.2}, false},              // too little weight covered
		{Fit{Coverage: 0.3, Mass: 1}, false},                // too little of the question
		{Fit{Coverage: 0.3, Mass: 1, Contain: 0.8}, true},   // but it holds a whole passage
		{Fit{Coverage: 0.2, Mass: 1, Contain: 1}, false},    // and still covers too little
		{Fit{Coverage: 0.3, Mass: 0.2, Contain: 1}, false},  // or too little weight
		{Fit{Coverage: 0.3, Mass: 1, Contain: 0.74}, false}, // or too little of the passage
	} {
		if got := p.Answers(c.fit); got != c.want {
			t.Errorf("Answers(%+v) = %v, want %v", c.fit, got, c.want)
		}
	}
	p.MinContain = 0
	if p.Answers(Fit{Coverage: 0.3, Mass: 1, Contain: 1}) {
		t.Error("MinContain 0 should turn containment off")
	}
}

// TestPreparedAnalyzer: an analyser rebuilt from MarshalText analyses
// exactly as the one built from the thesaurus.
func TestPreparedAnalyzer(t *testing.T) {
	a := New(testThesaurus)
	data, err := a.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	var b Analyzer
	if err := b.UnmarshalText(data); err != nil {
		t.Fatal(err)
	}
	v := vocab{"export": 5, "private": 3, "certificat": 14, "region": 2}
	for _, s := range []string{"Can I move the private key to another region?", "秘密鍵をエクスポートしたい", "ＡＣＭ証明書のコピー",
		"exprot privte key", "us west went west", "certificate .key file プライベートキー", ""} {
		if got, want := fmt.Sprint(b.Analyze(s, v)), fmt.Sprint(a.Analyze(s, v)); got != want {
			t.Errorf("%q: prepared %s, built %s", s, got, want)
		}
	}
	if err := b.UnmarshalText([]byte("X\t@a\tb\n")); err == nil {
		t.Error("UnmarshalText accepted an unknown line kind")
	}
	if _, err := New([][]string{{"a", "タブ\tここ"}}).MarshalText(); err == nil {
		t.Error("MarshalText accepted a member with a tab")
	}
}
