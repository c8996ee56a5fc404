package analysis

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"testing"

	"github.com/acmkb/acmkb/kb"
	"github.com/google/go-cmp/cmp"
)

func entry(id, title, body string, examples ...string) *kb.Entry {
	return &kb.Entry{ID: id, Title: kb.Text{kb.EN: title}, Answer: kb.Text{kb.EN: "Yes."},
		Body: kb.Text{kb.EN: body}, Examples: kb.List{kb.EN: examples}}
}

// TestPostingsTitleOutweighsBody: an entry that states a word in its title
// has a higher weight for it than one whose body repeats it, and every
// posting records the fields holding the term.
func TestPostingsTitleOutweighsBody(t *testing.T) {
	entries := []*kb.Entry{
		entry("a", "Rotate keys", "Keys can be rotated."),
		entry("b", "Delete a bucket", "A bucket holds keys, keys and more keys, and keys again."),
		entry("c", "Tag things", "Tags are labels."),
	}
	post := New(nil, nil).Postings(entries)
	keys := post["key"]
	if len(keys.List) != 2 || keys.List[0].Entry != 0 || keys.List[1].Entry != 1 {
		t.Fatalf("postings of key: %+v", keys)
	}
	if keys.List[0].Weight <= keys.List[1].Weight {
		t.Errorf("title+body weight %d <= body-only weight %d", keys.List[0].Weight, keys.List[1].Weight)
	}
	if want := QuantizedIDF(2, 3); keys.IDF != want {
		t.Errorf("idf of key = %d, want %d", keys.IDF, want)
	}
	title, body := uint8(1<<fieldTitle), uint8(1<<fieldBody)
	if keys.List[0].Mask != title|body || keys.List[1].Mask != body {
		t.Errorf("masks %08b %08b", keys.List[0].Mask, keys.List[1].Mask)
	}
	for term, tp := range post {
		for _, p := range tp.List {
			if p.Weight < 1 {
				t.Errorf("%s: weight %d", term, p.Weight)
			}
		}
	}
}

// TestWeighIsLocal: changing one entry leaves the others' weights alone
// while the average lengths stay in their power of two; only its own
// postings and the idf of its terms change.
func TestWeighIsLocal(t *testing.T) {
	a := New(nil, nil)
	entries := []*kb.Entry{
		entry("a", "Rotate keys", "Keys can be rotated every day."),
		entry("b", "Delete a bucket", "A bucket can be deleted when empty."),
		entry("c", "Tag things", "Tags are labels on keys."),
	}
	before := a.Postings(entries)
	entries[1] = entry("b", "Delete a bucket", "An empty bucket can be deleted.")
	after := a.Postings(entries)
	for term, tp := range after {
		for _, p := range tp.List {
			if p.Entry == 1 {
				continue
			}
			old, ok := before[term].Find(int(p.Entry))
			if !ok || old.Weight != p.Weight || old.Mask != p.Mask {
				t.Errorf("%s: entry %d changed from %+v to %+v", term, p.Entry, old, p)
			}
		}
	}
}

// TestRankCountsEachConceptOnce: a concept written in several terms counts
// once: as its group term when the thesaurus knows it (synonyms count as one
// word, whichever spelling the question uses) plus Exact times its own
// words, else as the mean of its plain terms (a kanji compound's bigrams).
func TestRankCountsEachConceptOnce(t *testing.T) {
	look := postLookup{
		"証明":     {IDF: 1, List: []Posting{{Entry: 0, Weight: 100}, {Entry: 1, Weight: 300}}},
		"明書":     {IDF: 1, List: []Posting{{Entry: 0, Weight: 100}}},
		"cert":   {IDF: 3, List: []Posting{{Entry: 1, Weight: 300}}},
		"@cert":  {IDF: 1, List: []Posting{{Entry: 0, Weight: 250}, {Entry: 1, Weight: 200}}},
		"export": {IDF: 2, List: []Posting{{Entry: 1, Weight: 20}}},
	}
	terms := []Term{{Text: "証明", Concept: 0}, {Text: "明書", Concept: 0},
		{Text: "cert", Concept: 1}, {Text: "@cert", Concept: 1, Group: true}, {Text: "export", Concept: 2}}
	hits := Rank(terms, nil, look, Policy{Exact: 0.5})
	// entry 0: (100+100)/2 + 250 = 350; entry 1: (300+0)/2 + 200 + 0.5·900 + 40 = 840.
	want := []Hit{{Entry: 1, Score: 840}, {Entry: 0, Score: 350}}
	if diff := cmp.Diff(want, hits); diff != "" {
		t.Errorf("Rank (-want +got):\n%s", diff)
	}
	// Follow-ups weigh the previous question's concepts less.
	hits = Rank(terms, func(c int) float64 { return map[int]float64{0: 1, 1: 0.5, 2: 0.5}[c] }, look, Policy{Exact: 0.5})
	// entry 0: 100 + 0.5·250 = 225; entry 1: 150 + 0.5·(200 + 450) + 0.5·40 = 495.
	want = []Hit{{Entry: 1, Score: 495}, {Entry: 0, Score: 225}}
	if diff := cmp.Diff(want, hits); diff != "" {
		t.Errorf("Rank with scale (-want +got):\n%s", diff)
	}
}

type postLookup map[string]TermPostings

func (l postLookup) Term(t string) TermPostings { return l[t] }
func (l postLookup) UnknownIDF() int            { return 9999 }

func TestRerank(t *testing.T) {
	hits := []Hit{{Entry: 0, Score: 100}, {Entry: 1, Score: 90}, {Entry: 2, Score: 10}}
	cov := map[int]float64{0: 0.25, 1: 1, 2: 1}
	got := Rerank(hits, func(e int) Fit { return Fit{Coverage: cov[e]} }, Policy{Depth: 2, Rerank: 0.5})
	want := []Hit{{Entry: 1, Score: 90, Fit: Fit{Coverage: 1}}, {Entry: 0, Score: 50, Fit: Fit{Coverage: 0.25}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Rerank (-want +got):\n%s", diff)
	}
}

func TestSections(t *testing.T) {
	md := "Intro text.\n\n## Using the key\n\nStep one.\n\n```\n# not a heading\n```\n\n### Second ###\nMore.\n"
	got := Sections(md)
	want := []Section{{Text: "Intro text."}, {Heading: "Using the key", Text: "Step one.\n\n```\n# not a heading\n```"}, {Heading: "Second", Text: "More."}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sections (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "using-the-key", "second"}, Anchors(got)); diff != "" {
		t.Errorf("Anchors (-want +got):\n%s", diff)
	}
	// Latin slugs as they were; Japanese ones short (ASCII words and a
	// hash of the slug: the same with other punctuation around it, another when a
	// word changes); pinned anchors first, whatever their place; the
	// page's own ids never.
	jaID := "s-" + hexSHA("秘密鍵の使い方")[:6]
	secs := []Section{{Heading: "A b"}, {Heading: "a  B!"}, {Heading: "秘密鍵の使い方"}, {Heading: "!!"}, {Heading: "Café crème"},
		{Heading: "ACM で PFX を作る"}, {Heading: "「秘密鍵の使い方」。"}, {Heading: "秘密鍵の使い道"}, {Heading: "Sources"},
		{Heading: "Early", Anchor: "late"}, {Heading: "Late"}, {Heading: "Pinned twice", Anchor: "late"}, {Text: "no heading"}}
	want = nil
	got = nil
	wantIDs := []string{"a-b", "a-b-1", jaID, "section", "café-crème", "acm-pfx-" + hexSHA("acm-で-pfx-を作る")[:6], jaID + "-1",
		"s-" + hexSHA("秘密鍵の使い道")[:6], "sources-1", "late", "late-2", "late-1", ""}
	if diff := cmp.Diff(wantIDs, Anchors(secs)); diff != "" {
		t.Errorf("Anchors (-want +got):\n%s", diff)
	}
	pinned := Sections("## Export with OpenSSL {#openssl-export}\ntext\n## 鍵 { #key }\n## Braces {not}\n## Closed {#no} ##\n")
	// goldmark reads attributes only at the very end of the line.
	wantSecs := []Section{{Heading: "Export with OpenSSL", Anchor: "openssl-export", Text: "text"}, {Heading: "鍵", Anchor: "key"}, {Heading: "Braces {not}"}, {Heading: "Closed {#no}"}}
	if diff := cmp.Diff(wantSecs, pinned); diff != "" {
		t.Errorf("Sections with pinned anchors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"openssl-export", "key", "braces-not", "closed-no"}, Anchors(pinned)); diff != "" {
		t.Errorf("pinned Anchors (-want +got):\n%s", diff)
	}
}

func hexSHA(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestTitlePrecision: the share of a title's concepts the question names,
// thesaurus groups included; a title the question names in full is 1.
func TestTitlePrecision(t *testing.T) {
	a := New([][]string{{"certificate", "cert"}}, nil)
	asked := map[string]bool{}
	for _, tm := range a.Analyze("can I export an ACM cert?", nil) {
		asked[tm.Text] = true
	}
	for _, tt := range []struct {
		title string
		want  float64
	}{
		{"Export an ACM certificate", 1},                                  // export, acm, certificate (through cert)
		{"Export the private key of an ACM certificate", 3.0 / 5},         // private and key are not asked
		{"Delete an ACM certificate that a resource still uses", 2.0 / 5}, // acm, certificate of delete, acm, certificate, resource, use
		{"", 0},
	} {
		if got := TitlePrecision(a.Analyze(tt.title, nil), asked); got != tt.want {
			t.Errorf("TitlePrecision(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}

// TestResolve: of two entries that fit alike, the one whose title precision
// is TitleMargin or more above the other's answers, unless it covers less of
// the question or lacks mass; a smaller difference leaves the reader to
// choose.
func TestResolve(t *testing.T) {
	p := DefaultPolicy
	full, part := Fit{Coverage: 1, Mass: 5}, Fit{Coverage: 0.85, Mass: 5}
	for _, tt := range []struct {
		name                 string
		first, second        Fit
		precFirst, precSec   float64
		wantSwap, wantAnswer bool
	}{
		{"second names better", full, full, 0.5, 1, true, true},
		{"first names better", full, full, 1, 0.6, false, true},
		{"too close", full, full, 0.75, 0.8, false, false},
		{"better named, covers less", full, part, 0.5, 1, false, false},
		{"better named, no mass", full, Fit{Coverage: 1, Mass: 0.1}, 0.5, 1, false, false},
	} {
		swap, answer := p.Resolve(tt.first, tt.second, tt.precFirst, tt.precSec)
		if swap != tt.wantSwap || answer != tt.wantAnswer {
			t.Errorf("%s: Resolve = %v, %v; want %v, %v", tt.name, swap, answer, tt.wantSwap, tt.wantAnswer)
		}
	}
	p.TitleMargin = 0
	if swap, answer := p.Resolve(full, full, 0, 1); swap || answer {
		t.Errorf("TitleMargin 0: Resolve = %v, %v; want false, false", swap, answer)
	}
}

// TestSubjectMemoized: with a memo, the subject is Subject's; the memo's
// terms of an unchanged title are used as they are (not analysed again),
// an edited title is analysed, titles gone leave the memo, and a memo of
// another analyser is not used.
func TestSubjectMemoized(t *testing.T) {
	a, entries := subjectKB()
	memo := &SubjectMemo{}
	if got, want := SubjectMemoized(a, entries, 0.4, memo), Subject(a, entries, 0.4); !cmp.Equal(got, want) {
		t.Fatalf("SubjectMemoized = %v, want %v", got, want)
	}
	if len(memo.Titles) != 4 || memo.Analyzer != a.Key() {
		t.Fatalf("memo of %d titles (analyser %v), want 4", len(memo.Titles), memo.Analyzer == a.Key())
	}
	// A term only the memo knows shows the memo was read: "Audit logs"
	// said "@certificate" as well.
	memo.Titles[SubjectTitles(entries[3])] = []string{"@certificate", "audit", "log"}
	entries[0] = entry("export", "Export logs", "")
	got := SubjectMemoized(a, entries, 0.4, memo)
	if want := []string{"@certificate", "certif", "log"}; !cmp.Equal(got, want) {
		t.Errorf("after an edit, SubjectMemoized = %v, want %v (the memo's terms of the unchanged titles, the edited one analysed)", got, want)
	}
	// At 4 entries no title gone is kept (an eighth of 4 is none).
	if len(memo.Titles) != 4 {
		t.Errorf("the memo holds %d titles, want the 4 of the entries", len(memo.Titles))
	}
	for _, e := range entries {
		if _, ok := memo.Titles[SubjectTitles(e)]; !ok {
			t.Errorf("the memo lacks the titles of %s", e.ID)
		}
	}
	// At 8, one is, and a second one gone drops both.
	more := append(slices.Clone(entries), entry("a", "A", ""), entry("b", "B", ""), entry("c", "C", ""), entry("d", "D", ""))
	SubjectMemoized(a, more, 0.4, memo)
	more[4] = entry("a", "A2", "")
	SubjectMemoized(a, more, 0.4, memo)
	if len(memo.Titles) != 9 {
		t.Errorf("the memo holds %d titles, want the 8 of the entries and one gone", len(memo.Titles))
	}
	more[5] = entry("b", "B2", "")
	SubjectMemoized(a, more, 0.4, memo)
	if len(memo.Titles) != 8 {
		t.Errorf("the memo holds %d titles, want the 8 of the entries", len(memo.Titles))
	}
	// Another analyser: the memo is not used, and is now of that analyser.
	b := New(nil, nil)
	if got, want := SubjectMemoized(b, entries, 0.4, memo), Subject(b, entries, 0.4); !cmp.Equal(got, want) {
		t.Errorf("another analyser: SubjectMemoized = %v, want %v", got, want)
	}
	if memo.Analyzer != b.Key() {
		t.Error("the memo is not of the analyser it was last used with")
	}
}

// TestSubject: the subject is the title terms that enough of the entries'
// titles hold; a question naming none of them may be off it, which must
// clear a higher bar.
func TestSubject(t *testing.T) {
	a, entries := subjectKB()
	got := Subject(a, entries, 0.4)
	if want := []string{"@certificate", "certif"}; !cmp.Equal(got, want) {
		t.Errorf("Subject = %v, want %v", got, want)
	}
	if Subject(a, entries, 0.9) != nil {
		t.Errorf("Subject at 0.9 = %v, want none", Subject(a, entries, 0.9))
	}
	for q, want := range map[string]bool{
		"can I renew my cert?":                   false, // cert is @certificate
		"How do I set up an EventBridge rule?":   true,
		"where are the audit logs of deletions?": true,
	} {
		if got := !NamesSubject(a.Analyze(q, nil), Subject(a, entries, 0.4)); got != want {
			t.Errorf("NamesSubject(%q) = %v, want %v", q, !got, !want)
		}
	}
	if !NamesSubject(a.Analyze("anything", nil), nil) {
		t.Error("with no subject, a question is off it")
	}
	p := DefaultPolicy
	f := Fit{Coverage: 1, Mass: 5, Margin: 0.2, Concepts: 3} // confidence 5.23
	if !p.Answers(f) {
		t.Errorf("confidence %.2f on subject: want answered (bar %.2f)", p.Confidence(f), p.MinConfidence)
	}
	f.OffSubject = true
	if p.Answers(f) {
		t.Errorf("confidence %.2f off subject: want not answered (bar %.2f)", p.Confidence(f), p.MinConfidence+p.OffSubject)
	}
	f.Margin = 0.5 // confidence 6.34
	if !p.Answers(f) {
		t.Errorf("confidence %.2f off subject: want answered (bar %.2f)", p.Confidence(f), p.MinConfidence+p.OffSubject)
	}
}

func TestOffSubjectCoverage(t *testing.T) {
	p := DefaultPolicy
	// "How do I turn on default encryption for an S3 bucket?" to an entry on
	// HTTPS for S3 websites: the only entry naming S3, far ahead, but what
	// the question asks about is not covered.
	f := Fit{Coverage: 0.66, Margin: 0.84, Concepts: 5, Mass: 5, OffSubject: true}
	if p.Confidence(f) < p.MinConfidence+p.OffSubject {
		t.Fatalf("confidence %.2f: the case should clear the off-subject bar on confidence alone", p.Confidence(f))
	}
	if p.Answers(f) {
		t.Errorf("off the subject and %.0f %% covered: answered", 100*f.Coverage)
	}
	if f.OffSubject = false; !p.Answers(f) {
		t.Error("on the subject: not answered")
	}
	if f.OffSubject, f.Coverage = true, 0.85; !p.Answers(f) {
		t.Error("off the subject but 85 % covered: not answered")
	}
}

// TestMaxUnknown: "export an ACM certificate with its private key" asked of
// a KMS knowledge base fits its key-export entry far ahead of the others
// (coverage 0.48, margin 0.71), but half of its weight is in words the
// knowledge base has never seen (acm, certificate): not answered. The
// same fit with those words known answers.
func TestMaxUnknown(t *testing.T) {
	p := DefaultPolicy
	f := Fit{Coverage: 0.48, Margin: 0.71, Concepts: 5, Mass: 3.8, Miss: 0.26, Unknown: 0.52}
	if p.Confidence(f) < p.MinConfidence || !p.Covers(f) {
		t.Fatalf("confidence %.2f: the case should clear the bar but for its unknown words", p.Confidence(f))
	}
	if p.Answers(f) {
		t.Errorf("%.0f %% of the question unknown: answered", 100*f.Unknown)
	}
	if f.Unknown = 0.26; !p.Answers(f) {
		t.Errorf("%.0f %% of the question unknown: not answered", 100*f.Unknown)
	}
}

// TestForSize: the margin counts SmallMargin of itself up to SmallFrom
// entries, all of itself from SmallTo on, and in between what a straight
// line says; nothing else of the policy changes.
func TestForSize(t *testing.T) {
	p := DefaultPolicy
	p.SmallMargin, p.SmallFrom, p.SmallTo = 0.7, 10, 14
	for _, tc := range []struct {
		n    int
		want float64
	}{{1, 0.7}, {5, 0.7}, {10, 0.7}, {12, 0.85}, {14, 1}, {48, 1}, {10000, 1}} {
		got := p.ForSize(tc.n)
		if math.Abs(got.ByMargin-tc.want*p.ByMargin) > 1e-12 {
			t.Errorf("ForSize(%d).ByMargin = %v, want %v × %v", tc.n, got.ByMargin, tc.want, p.ByMargin)
		}
		got.ByMargin = p.ByMargin
		if got != p {
			t.Errorf("ForSize(%d) changed more than ByMargin", tc.n)
		}
	}
	p.SmallMargin = 0
	if p.ForSize(3) != p {
		t.Error("SmallMargin 0 does not turn it off")
	}
}

// subjectKB is an analyser and four entries, three of whose titles name a
// certificate: the subject of TestSubject and TestSubjectMemoized.
func subjectKB() (*Analyzer, []*kb.Entry) {
	return New([][]string{{"certificate", "cert"}}, nil), []*kb.Entry{
		entry("export", "Export a certificate", ""),
		entry("renew", "Renew a certificate", ""),
		entry("delete", "Delete a certificate", ""),
		entry("logs", "Audit logs", ""),
	}
}
