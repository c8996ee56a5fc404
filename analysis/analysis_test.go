package analysis

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/acmkb/acmkb/internal/randmix"
	"github.com/google/go-cmp/cmp"
)

var testThesaurus = [][]string{
	{"private key", ".key file", "秘密鍵", "プライベートキー"},
	{"copy", "move", "transfer"},
	{"renew", "auto renew", "自動更新", "更新"},
	{"acme", "certbot"},
}

func TestTerms(t *testing.T) {
	a := New(testThesaurus, []string{"acme", "iis"})
	tests := []struct {
		in   string
		want string
	}{
		{"Can I export the private key?", "export @export privat @private_key key"},
		{"Ｃａｎ I ＭＯＶＥ certificates", "move @copy @move certif @certificate"}, // @move, @certificate: the general synonyms
		{"秘密鍵をエクスポートできますか", "秘密 密鍵 エクスポート @export @private_key"},
		{"ﾌﾟﾗｲﾍﾞｰﾄｷｰ", "プライベートキ @private_key"},
		{"us-east-1 renewal", "@region east 1 renew @renew"},                     /* "us" is a stop word; the Region code is a region */
		{"auto renew", "auto @renew renew"},                                      // "auto" alone is @automatic, but here it is part of a longer member of @renew
		{"is it free of charge", "free @free charg"},                             // not @cost for "charge": it is part of a longer member of @free
		{"ACM の証明書は自動更新されますか", "acm 証明 明書 自動 更新 @renew @certificate @automatic"}, // 自動更新: two words
		{"acme acm", "acme @acme acm"},                                           // a name: not stemmed to "acm"
		{"IIS 以外", "iis 以外"},
		{"サーバーとサーバ", "サーバ サーバ"}, // one word, spelt two ways
		{"ユーザー名", "ユーザ 名"},
		{"TLS 1.2, 203.0.113.25 and v2. 3.", "tls 1.2 203.0.113.25 v2 3"}, // a version or an address is one word
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
	a := New(testThesaurus, nil)
	var got []string
	for _, term := range a.Analyze("copy the private key 秘密鍵", nil) {
		got = append(got, fmt.Sprintf("%s:%d", term.Text, term.Concept))
	}
	want := []string{"copi:0", "@copy:0", "privat:1", "@private_key:1", "key:1", "秘密:2", "密鍵:2", "@private_key:2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("concepts (-want +got):\n%s", diff)
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"certificates": "certif", "certificate": "certif", "certified": "certifi", "copies": "copi", "copy": "copi",
		"exported": "export", "renewal": "renew", "renewing": "renew", "running": "run",
		"acceleration": "acceler", "accelerate": "acceler", "process": "process", "ec2": "ec2", "use": "use",
		"issues": "issu", "issued": "issu", "ab": "ab", "naïve": "naïve",
		// validation and validity are different things (stemExceptions).
		"validation": "validat", "validated": "validat", "validity": "valid", "valid": "valid",
		"authority": "authorit", "authorization": "authoriz", "manager": "manager", "managed": "manag",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	got := Names("Use ACME, not the ACM console: IIS and EC2 (x86) or a CA. Ok I.")
	want := []string{"acm", "acme", "ca", "iis"} // words with digits are never stemmed anyway
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
}

// TestJapaneseMatches: finding members through their first characters
// gives what searching for each member in turn, resuming after each match,
// gives.
func TestJapaneseMatches(t *testing.T) {
	a := New([][]string{{"ああ", "あああ", "いあ"}, {"あ", "証明書", "証明"}, {"書", "明書"}, {"acme クライアント", "c証明"}}, nil)
	naive := func(s string) []occurrence {
		var out []occurrence
		for i, m := range a.ja {
			for off := 0; ; {
				k := strings.Index(s[off:], m.text)
				if k < 0 {
					break
				}
				out = append(out, occurrence{i, off + k})
				off += k + len(m.text)
			}
		}
		return out
	}
	for _, s := range []string{"ああああああ", "いあああいあ", "証明書の証明書と明書", "", "abc", "あいあいああ書", "ACME クライアントの abc証明書"} {
		s = Normalize(s)
		if diff := cmp.Diff(naive(s), a.japaneseMatches(s), cmp.AllowUnexported(occurrence{})); diff != "" {
			t.Errorf("%q (-naive +got):\n%s", s, diff)
		}
	}
	// Random mixes of the members' pieces (members ending the text too).
	mix := randmix.New(3, 15, "あ", "い", "証", "明", "書", "c", "a", "acme", " ", "クライアント", "x", "\xff", "\xe3\x81", "\xe8")
	for range 20000 {
		s := mix.Next()
		if diff := cmp.Diff(naive(s), a.japaneseMatches(s), cmp.AllowUnexported(occurrence{})); diff != "" {
			t.Fatalf("%q (-naive +got):\n%s", s, diff)
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
	v := vocab{"export": 5, "private": 3, "certificat": 14, "region": 2, "regain": 1, "dynamodb": 4, "stream": 2, "streamlin": 1}
	for in, want := range map[string]string{
		"exprot": "export", "privte": "private", "certficat": "certificat", "regoin": "region",
		"xport":  "xport", // first letter must match
		"key":    "key",   // too short to correct
		"zzzz":   "zzzz",
		"dynamo": "dynamodb", // cut short: the one word it begins
		"dyna":   "dyna",     // too short to complete
		"strea":  "stream",   // one edit: a typo first
		"certif": "certif",   // certificat is four letters longer
	} {
		if got := Correct(in, v); got != want {
			t.Errorf("Correct(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestThesaurusWordsAreNotTypos: a word the thesaurus knows is left alone
// even when the index has never seen it ("west" is not a typo of "went").
func TestThesaurusWordsAreNotTypos(t *testing.T) {
	a := New([][]string{{"region", "us west"}}, nil)
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

// lookup is an analysis.Lookup over a table of term -> (idf, entries).
type lookup struct {
	idf     map[string]int
	unknown int
}

func (l lookup) Term(t string) TermPostings {
	if idf, ok := l.idf[t]; ok {
		return TermPostings{IDF: idf, List: []Posting{{Entry: 0, Weight: 1}}}
	}
	return TermPostings{}
}
func (l lookup) UnknownIDF() int { return l.unknown }

func TestCoverage(t *testing.T) {
	a := New(testThesaurus, nil)
	terms := a.Analyze("move the private key", nil)
	look := lookup{idf: map[string]int{"private": 2000, "@private_key": 2000, "key": 1500, "@copy": 1000}, unknown: 3000}
	in := map[string]float64{"private": 1, "@private_key": 1, "key": 1}
	fit := Coverage(terms, look, func(s string) float64 { return in[s] }, nil, Policy{Unknown: 1})
	// "move" is unknown but its group @copy is known (the general @move is
	// not); the entry covers only the key concept.
	wKey, wCopy := 2.0, 1.0
	if want := wKey / (wKey + wCopy); abs64(fit.Coverage-want) > 1e-9 || abs64(fit.Mass-wKey) > 1e-9 || fit.Unknown != 0 {
		t.Errorf("coverage = %+v; want coverage %v, mass %v", fit, want, wKey)
	}
	// With WeightPower 0.5 the shares are square roots of the idfs; the mass
	// stays the covered idf.
	fit = Coverage(terms, look, func(s string) float64 { return in[s] }, nil, Policy{Unknown: 1, WeightPower: 0.5})
	if want := math.Sqrt(wKey) / (math.Sqrt(wKey) + math.Sqrt(wCopy)); abs64(fit.Coverage-want) > 1e-9 || abs64(fit.Mass-wKey) > 1e-9 {
		t.Errorf("coverage with WeightPower 0.5 = %v, %v; want %v, %v", fit.Coverage, fit.Mass, want, wKey)
	}
	// A word no entry holds weighs Unknown times the idf of an unknown term.
	fit = Coverage(a.Analyze("dnssec key", nil), look, func(s string) float64 { return in[s] }, nil, Policy{Unknown: 0.5})
	if want := 1.5 / (1.5 + 1.5); abs64(fit.Coverage-want) > 1e-9 || abs64(fit.Unknown-0.5) > 1e-9 {
		t.Errorf("with an unknown word: %+v, want coverage %v, unknown 0.5", fit, want)
	}
	// Miss is the share of the heaviest concept left uncovered: here the
	// unknown "dnssec", half of the question.
	if abs64(fit.Miss-0.5) > 1e-9 {
		t.Errorf("miss = %v, want 0.5", fit.Miss)
	}
	// A single kanji alone (出 of 出したい) is a fragment, not what a
	// question is about: it does not count for Miss.
	fit = Coverage(a.Analyze("key を出したい", nil), look, func(s string) float64 { return in[s] }, nil, Policy{Unknown: 0.5})
	if fit.Coverage >= 1 || fit.Miss != 0 {
		t.Errorf("with a lone kanji: %+v, want coverage under 1 and miss 0", fit)
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
	a := New(testThesaurus, nil)
	f.Fuzz(func(t *testing.T, s string) {
		for _, term := range a.Analyze(s, vocab{"export": 1}) {
			if term.Text == "" {
				t.Fatalf("empty term from %q", s)
			}
		}
	})
}

func TestAnswers(t *testing.T) {
	p := Policy{MinCoverage: 0.4, MinMass: 0.3, ByCoverage: 5, ByMargin: 4, MinConfidence: 5, MaxMiss: 0.4}
	for _, c := range []struct {
		fit  Fit
		want bool
	}{
		{Fit{Coverage: 0.9, Mass: 1, Margin: 0.2}, true},             // 4.5 + 0.8
		{Fit{Coverage: 0.9, Mass: 0.2, Margin: 0.5}, false},          // too little weight covered
		{Fit{Coverage: 0.35, Mass: 1, Margin: 1}, false},             // too little of the question, however far ahead
		{Fit{Coverage: 0.9, Mass: 1, Margin: 0.05}, false},           // the runner-up fits about as well
		{Fit{Coverage: 1, Mass: 1, Margin: 0}, true},                 // unless the question is covered whole
		{Fit{Coverage: 0.6, Mass: 1, Margin: 0.5}, true},             // a part, far ahead of the rest
		{Fit{Coverage: 0.6, Mass: 1, Margin: 0.5, Miss: 0.4}, false}, // but not when the part left out is what it is about
	} {
		if got := p.Answers(c.fit); got != c.want {
			t.Errorf("Answers(%+v) = %v (confidence %.2f), want %v", c.fit, got, p.Confidence(c.fit), c.want)
		}
	}
}

func TestAmbiguous(t *testing.T) {
	p := Policy{MinCoverage: 0.4, ByCoverage: 5, ByMargin: 4, MinConfidence: 5, AmbiguousCoverage: 0.8, AmbiguousMargin: 0.25}
	for _, c := range []struct {
		best, second Fit
		want         bool
	}{
		{Fit{Coverage: 0.9, Mass: 1, Margin: 0.05}, Fit{Coverage: 0.9}, true},  // two entries fit alike
		{Fit{Coverage: 0.9, Mass: 1, Margin: 0.05}, Fit{Coverage: 0.5}, false}, // the runner-up fits less
		{Fit{Coverage: 0.6, Mass: 1, Margin: 0.05}, Fit{Coverage: 0.9}, false}, // neither fits
		{Fit{Coverage: 1, Mass: 1, Margin: 0.3}, Fit{Coverage: 1}, false},      // answered
	} {
		if got := p.Ambiguous(c.best, c.second); got != c.want {
			t.Errorf("Ambiguous(%+v, %+v) = %v, want %v", c.best, c.second, got, c.want)
		}
	}
}

// TestPreparedAnalyzer: an analyser rebuilt from MarshalText analyses
// exactly as the one built from the thesaurus.
func TestPreparedAnalyzer(t *testing.T) {
	a := New(testThesaurus, nil)
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
	if _, err := New([][]string{{"a", "タブ\tここ"}}, nil).MarshalText(); err == nil {
		t.Error("MarshalText accepted a member with a tab")
	}
}

// TestPreparedInPlace: an analyser rebuilt from what MarshalText writes looks
// its Latin members up in the text (each first word's members, in order, as
// the map of the built analyser holds them), reads its Japanese members on
// the first text that is not ASCII alone, and writes the same text again; a
// text in another order is read into maps and analyses alike.
func TestPreparedInPlace(t *testing.T) {
	th := append(slices.Clone(testThesaurus),
		[]string{"aardvark", "zzz top", "zzz", "key rotation", "key pair", "private certificate"},
		[]string{"private ca", "private certificate authority", "acm pca"},
		[]string{"key"}, []string{"エクスポート", "export", "エクスポートする"})
	a := New(th, []string{"acme", "iis"})
	data, err := a.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	var b Analyzer
	if err := b.UnmarshalText(data); err != nil {
		t.Fatal(err)
	}
	if b.latin != nil || b.latinText == "" || b.ja != nil {
		t.Fatalf("prepared text not kept in place: latin %v, latinText %q, ja %v", b.latin != nil, b.latinText, b.ja)
	}
	show := func(ms []member) string {
		var out []string
		for _, m := range ms {
			out = append(out, m.group+":"+strings.Join(m.words, "+"))
		}
		return strings.Join(out, " ")
	}
	for w, ms := range a.latin {
		if got, want := show(b.latinOf(w)), show(ms); got != want {
			t.Errorf("latinOf(%q) = %s, want %s", w, got, want)
		}
	}
	for _, w := range []string{"", "a", "aaa", "zzzz", "~", "privat ca", "kez"} {
		if got := b.latinOf(w); len(got) != 0 || len(a.latin[w]) != 0 {
			t.Errorf("latinOf(%q) = %s, map %s", w, show(got), show(a.latin[w]))
		}
	}
	v := vocab{"export": 5, "private": 3, "certificat": 14, "region": 2}
	b.Analyze("can I export the private key?", v)
	if b.ja != nil {
		t.Error("an ASCII question read the Japanese members")
	}
	questions := []string{"Can I move the private key to another region?", "秘密鍵をエクスポートしたい", "zzz top key pair rotation",
		"exprot privte key", "acm pca private certificate authority", "certificate .key file プライベートキー", "aardvark", ""}
	for _, s := range questions {
		if got, want := fmt.Sprint(b.Analyze(s, v)), fmt.Sprint(a.Analyze(s, v)); got != want {
			t.Errorf("%q: prepared %s, built %s", s, got, want)
		}
	}
	if again, err := b.MarshalText(); err != nil || string(again) != string(data) {
		t.Errorf("MarshalText of the prepared analyser differs (%v):\n%s\nwant\n%s", err, again, data)
	}
	// Used from several goroutines at once, a fresh one reads its members
	// (Latin words on first sight, the Japanese ones once) safely: go test -race.
	var d Analyzer
	if err := d.UnmarshalText(data); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, len(questions))
	for i, s := range questions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = fmt.Sprint(d.Analyze(s, v))
		}()
	}
	wg.Wait()
	for i, s := range questions {
		if want := fmt.Sprint(a.Analyze(s, v)); got[i] != want {
			t.Errorf("%q, concurrently: prepared %s, built %s", s, got[i], want)
		}
	}
	// Lines in another order (the members of the last first word moved to
	// the front, keeping their order, and a Japanese line first): read into
	// maps, analysed alike.
	var latinLines, other []string
	for line := range strings.SplitSeq(strings.TrimSuffix(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "L\t") {
			latinLines = append(latinLines, line)
		} else {
			other = append(other, line)
		}
	}
	firstOf := func(line string) string { return strings.Fields(strings.SplitN(line, "\t", 3)[2])[0] }
	last := len(latinLines)
	for last > 0 && firstOf(latinLines[last-1]) == firstOf(latinLines[len(latinLines)-1]) {
		last--
	}
	latinLines = append(slices.Clone(latinLines[last:]), latinLines[:last]...)
	var c Analyzer
	if err := c.UnmarshalText([]byte(strings.Join(append(other[:1:1], append(latinLines, other[1:]...)...), "\n") + "\n")); err != nil {
		t.Fatal(err)
	}
	if c.latin == nil || c.latinText != "" {
		t.Fatal("a text out of order was not read into maps")
	}
	for _, s := range questions {
		if got, want := fmt.Sprint(c.Analyze(s, v)), fmt.Sprint(a.Analyze(s, v)); got != want {
			t.Errorf("%q: reordered %s, built %s", s, got, want)
		}
	}
	// A bad line is reported at the same line either way.
	for _, text := range []string{"L\t@a\tb\nL\t@a\t \n", "L\t@a\tz\nQ\t@a\tb\n", "J\t@a\tあ\nL\t@b\t\n"} {
		err := new(Analyzer).UnmarshalText([]byte(text))
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("UnmarshalText(%q) = %v, want an error at line 2", text, err)
		}
	}
}

// TestCap: Cap keeps the MaxPostings highest weights, ties to the lower
// entry number, in entry order, as sorting the postings by both would.
func TestCap(t *testing.T) {
	ref := func(list []Posting) []Posting {
		top := append([]Posting(nil), list...)
		slices.SortFunc(top, func(a, b Posting) int {
			if a.Weight != b.Weight {
				return int(b.Weight) - int(a.Weight)
			}
			return int(a.Entry) - int(b.Entry)
		})
		top = top[:min(len(top), MaxPostings)]
		slices.SortFunc(top, func(a, b Posting) int { return int(a.Entry) - int(b.Entry) })
		return top
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{10, MaxPostings, MaxPostings + 1, 2500, 9000} {
		for _, spread := range []int{1, 3, 50, 100000} {
			list := make([]Posting, n)
			for i := range list {
				list[i] = Posting{Entry: int32(3 * i), Weight: int32(1 + rng.IntN(spread)), Mask: uint8(i)}
			}
			if got, want := Cap(list), ref(list); !slices.Equal(got, want) {
				t.Errorf("%d postings, weights 1..%d: Cap keeps %d postings, not those a sort keeps (%d)", n, spread, len(got), len(want))
			}
		}
	}
}

// TestNth: nth picks what sorting would put at each place, with many
// equal values, none, and inputs already in order or reversed.
func TestNth(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 17, 100, 1001, 5000} {
		for _, spread := range []int{1, 2, 7, 1 << 30} {
			for _, order := range []string{"random", "ascending", "descending"} {
				a := make([]int, n)
				for i := range a {
					a[i] = rng.IntN(spread)
				}
				switch order {
				case "ascending":
					slices.Sort(a)
				case "descending":
					slices.Sort(a)
					slices.Reverse(a)
				}
				sorted := slices.Sorted(slices.Values(a))
				for _, at := range []int{0, n / 3, n / 2, n - 1} {
					if got := nth(slices.Clone(a), at); got != sorted[at] {
						t.Errorf("%d values 0..%d (%s): nth %d = %d, want %d", n, spread, order, at, got, sorted[at])
					}
				}
			}
		}
	}
}

// TestPackedTerms: packed terms read where they lie (aligned) or copied
// (not aligned) are the same numbers; none is an empty list, not nil.
func TestPackedTerms(t *testing.T) {
	want := []uint64{pack(1, 2, 3), pack(1<<20, 7, 1<<30-1), 0, 1<<64 - 1}
	buf := make([]byte, 1+8*len(want)+8)
	for _, off := range []int{0, 1, 8} {
		raw := buf[off : off+8*len(want)]
		for i, p := range want {
			binary.LittleEndian.PutUint64(raw[8*i:], p)
		}
		if got := packedTerms(raw); !slices.Equal(got, want) {
			t.Errorf("at offset %d: %x, want %x", off, got, want)
		}
	}
	if got := packedTerms(nil); got == nil || len(got) != 0 {
		t.Errorf("no terms: %#v, want an empty list", got)
	}
}

// TestWords: the words behind terms, as written (or normalised, for text
// that is not ASCII), in order and once each; hiragana is never a word.
func TestWords(t *testing.T) {
	a := New([][]string{{"load balancer", "ロードバランサー"}}, nil)
	for _, tt := range []struct {
		text  string
		terms []string
		want  []string
	}{
		{"Does ACM support OCSP Stapling? stapling!", []string{"stapl"}, []string{"Stapling"}},
		{"Does ACM support OCSP stapling?", []string{"ocsp", "stapl", "nothing"}, []string{"OCSP", "stapling"}},
		{"ＡＣＭ で証明書を失効したい", []string{"失効"}, []string{"失効"}},
		{"ACM で証明書失効", []string{"明書", "書失"}, []string{"証明書失効"}},
		{"ロードバランサーに付けたい", []string{"ロードバランサ"}, []string{"ロードバランサ"}},
		{"can I?", []string{"stapl"}, nil},
	} {
		set := map[string]bool{}
		for _, term := range tt.terms {
			set[term] = true
		}
		if got := a.Words(tt.text, set); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q, %v) = %q, want %q", tt.text, tt.terms, got, tt.want)
		}
	}
}

// TestCorrectWritten: a typo that breaks the suffix the stemmer strips is
// found in the word as written ("certificat" stems to itself, four edits
// from "certif"), and one edit never touches the first letter. An English
// word the knowledge base lacks is a word the question means, not a typo of
// a word it has ("pause" is not "pass", "string" is not "storing"): it
// stays, and counts as unknown.
func TestCorrectWritten(t *testing.T) {
	a := New(nil, nil)
	v := vocab{"certif": 9, "account": 4, "renew": 3, "xport": 1, "pass": 5, "store": 3}
	for in, want := range map[string]string{
		"certificat": "certif",  // an e left off
		"certificte": "certif",  // an a left off
		"cerificate": "certif",  // a t left off
		"certifiate": "certif",  // a c left off
		"acount":     "account", // the stems are close enough already
		"renewl":     "renew",
		"eport":      "eport", // xport is an edit of the first letter
		"crtificate": "certif",
		"cerulean":   "cerulean", // two edits from any known word's forms: left as it is
		"pause":      "paus",     // common English words are not typos
		"string":     "string",
		"passs":      "pass",
	} {
		got := in
		if terms := a.Analyze(in, v); len(terms) > 0 {
			got = terms[0].Text
		}
		if got != want {
			t.Errorf("Analyze(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWrittenEditBeatsTwoStemEdits: a typo one edit from a word as written
// is that word, even when another word of the knowledge base is as near the
// typo's stem as the right word's stem is, or nearer ("replciate" is
// "replicate", not "replica", a tag of another entry; ECR newcomer, finding 1).
// A word one edit from the stem is still corrected on the stem.
func TestWrittenEditBeatsTwoStemEdits(t *testing.T) {
	a := New(nil, nil)
	v := vocab{"replica": 9, "replic": 2, "region": 4, "certif": 30, "certfil": 1}
	for in, want := range map[string]string{
		"replciate":  "replic",  // one transposition of the word as written
		"certficate": "certif",  // one insertion, though "certfil" is one edit from the stem "certfic"
		"replicas":   "replica", // the stem, known
		"regoin":     "region",  // one edit from the stem
	} {
		got := in
		if terms := a.Analyze(in, v); len(terms) > 0 {
			got = terms[0].Text
		}
		if got != want {
			t.Errorf("Analyze(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNaniAsks: 何 ("what", "how many") is the question's asking, as the
// particles around it are, not a word it is about: 何日 is 日, and the
// question about a waiting period's days finds the entry that states them.
func TestNaniAsks(t *testing.T) {
	a := New(nil, nil)
	for in, want := range map[string][]string{
		"待機期間は何日ですか": {"待機", "期間", "日"},
		"何時間かかりますか":  {"時間"},
	} {
		var got []string
		for _, term := range a.Analyze(in, nil) {
			got = append(got, term.Text)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Analyze(%q) = %q, want %q", in, got, want)
		}
	}
}
