package analysis

import (
	"encoding/binary"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/acmkb/acmkb/kb"
)

// Policy holds the numbers that decide whether a question is answered.
type Policy struct {
	// MinCoverage is the share of the question's weight (by concept) that the
	// best entry must cover at least (see Coverage).
	MinCoverage float64 `json:"minCoverage"`
	// MinMass is the covered weight (sum of idf) the best entry must reach, so
	// that a question made only of words every entry has ("ACM?") is not answered.
	MinMass float64 `json:"minMass"`
	// WeightPower is applied to each concept's idf to weigh it in the
	// coverage: 0.5 (a square root) keeps a word found in one entry from
	// outweighing one found in five ten to one. 0 or 1 leaves idf as it is.
	WeightPower float64 `json:"weightPower"`
	// Unknown is the idf of a concept none of whose terms the knowledge base
	// knows, as a share of the largest idf: a word the knowledge base has never
	// seen ("ECDSA", "DNSSEC") is often what the question is about.
	Unknown float64 `json:"unknown"`
	// Common caps the idf of a concept whose words are all common English
	// words (see Common), known or not, at this share of the largest idf: in a
	// knowledge base of a few dozen entries "break" or "flip" may be in one
	// entry or in none, and would weigh as much as "ECDSA", though the
	// question is rarely about them ("what breaks if I flip it?"). A concept
	// with a thesaurus group is never capped: its words mean something here.
	Common float64 `json:"common"`
	// Confidence: the best entry answers when
	//
	//	Coverage·ByCoverage + Margin·ByMargin + ln(1+Concepts)·ByConcepts ≥ MinConfidence
	//
	// where Margin is how far ahead of the runner-up it is (a share of its
	// score): an entry that covers the question but barely beats another is
	// a guess; and Concepts is how many concepts the question has: the more
	// a question says, the more of it is context no entry holds ("we moved
	// to Frankfurt last month"), so the coverage it needs falls with its
	// length. Words the knowledge base has never seen count against the
	// coverage (see Unknown).
	ByCoverage    float64 `json:"byCoverage"`
	ByMargin      float64 `json:"byMargin"`
	ByConcepts    float64 `json:"byConcepts"`
	MinConfidence float64 `json:"minConfidence"`
	// Depth and Rerank: the best Depth entries by score are ranked again by
	// score × coverage^Rerank, so that of two entries that mention the
	// question's words, the one that states them comes first.
	Depth  int     `json:"depth"`
	Rerank float64 `json:"rerank"`
	// Exact is how much a question's own words count on top of their
	// synonym group (see Rank).
	Exact float64 `json:"exact"`
	// MaxMiss: the best entry does not answer when one concept it does not
	// cover carries at least this share of the question's weight (see
	// Fit.Miss): "Does ACM do OCSP stapling?" is about stapling as much as
	// about OCSP, and an entry that mentions only OCSP does not answer it,
	// however far ahead of the others it is.
	MaxMiss float64 `json:"maxMiss"`
	// AmbiguousCoverage and AmbiguousMargin bound Ambiguous.
	AmbiguousCoverage float64 `json:"ambiguousCoverage"`
	AmbiguousMargin   float64 `json:"ambiguousMargin"`
	// SubjectShare, SubjectTitle and OffSubject: the knowledge base's
	// subject is the terms that at least SubjectShare of its entries' titles
	// hold ("certificate" and "ACM" in the ACM entries, "secret" in Secrets
	// Manager's; see Subject). A question that names none of them ("How do I
	// set up an EventBridge rule for EC2 state changes?") is more often
	// about something else that the entries mention in passing, unless it
	// names at least SubjectTitle of the best entry's title (TitlePrecision:
	// "can I export the private key?" names "Export the private key of an
	// ACM public certificate" well enough): such a question is off the
	// subject (Fit.OffSubject), and its confidence must clear MinConfidence
	// + OffSubject. A knowledge base whose titles share no term has no
	// subject, and no question is off it.
	SubjectShare float64 `json:"subjectShare"`
	SubjectTitle float64 `json:"subjectTitle"`
	OffSubject   float64 `json:"offSubject"`
	// OffSubjectCoverage is the share of an off-subject question the best
	// entry must cover besides: a question that names a product the entries
	// mention only in passing ("How do I turn on default encryption for an S3
	// bucket?" to an entry on HTTPS for S3 websites) fits that entry with a
	// large margin, no other entry holding the product's name, but leaves
	// what it asks about uncovered. 0 turns it off.
	OffSubjectCoverage float64 `json:"offSubjectCoverage"`
	// MaxUnknown: the best entry does not answer when words the knowledge
	// base has never seen carry this share of the question's weight or
	// more (Fit.Unknown): the question is then more about something the
	// entries never mention than about what the best of them says ("export
	// an ACM certificate with its private key", asked of a KMS knowledge
	// base, fits its key-export entry by "export" and "private key" alone).
	// 0 turns it off.
	MaxUnknown float64 `json:"maxUnknown"`
	// TitleMargin: of two entries that fit a question alike (Ambiguous),
	// the one whose title the question names better answers after all, when
	// its TitlePrecision is at least TitleMargin above the other's and it
	// covers no less of the question (see Resolve). 0 turns it off.
	TitleMargin float64 `json:"titleMargin"`
	// SmallMargin, SmallFrom and SmallTo: in a knowledge base of at most
	// SmallFrom entries the margin counts SmallMargin of ByMargin, rising
	// linearly to all of it at SmallTo entries (see ForSize). With few
	// entries the runner-up is far behind whatever the question, so being
	// ahead of it says less: a five-entry knowledge base answered near-miss
	// questions at a third of coverage on its margin alone. 0 turns it off.
	SmallMargin float64 `json:"smallMargin"`
	SmallFrom   int     `json:"smallFrom"`
	SmallTo     int     `json:"smallTo"`
	// Background is how much a concept counts, in ranking and coverage, when
	// no term of it is in a sentence that asks (see Focus): in "We moved to
	// Tokyo last month. Can I copy the certificate?" the first sentence is
	// context.
	Background float64 `json:"background"`
	// CloseCall: an answer whose confidence clears its bar by less than
	// this is a close call (see Close), shown as one. On the tuning sets of
	// 2026-12-07 (six knowledge-base cuts), a third of the answers within
	// 0.4 of the bar came from the wrong entry (58 of 169), in bands of 0.2
	// from the bar 34 %, 34 %, then 18 % and about 10 % up to 1.6: of the
	// answers above 0.4, 8 % (72 of 938).
	CloseCall float64 `json:"closeCall"`
	// Unmatched: a close call names the words of the question behind each
	// concept the entry does not hold at all that weighs at least this share
	// of the question ("Not in this entry: stapling").
	Unmatched float64 `json:"unmatched"`
}

// Scale returns how much each concept of terms counts: Background for the
// concepts none of whose terms is in a sentence that asks (Term.Focus), 1
// for the others, times follow(concept) when follow is not nil.
func (p Policy) Scale(terms []Term, follow func(concept int) float64) func(concept int) float64 {
	focused := map[int]bool{}
	for _, t := range terms {
		if t.Focus {
			focused[t.Concept] = true
		}
	}
	return func(c int) float64 {
		w := 1.0
		if follow != nil {
			w = follow(c)
		}
		if !focused[c] && p.Background > 0 {
			w *= p.Background
		}
		return w
	}
}

// DefaultPolicy is calibrated on the tuning sets of more than one knowledge
// base (see the README on which sets have been used how, and
// index/tune_test.go for the calibration): a wrong confident answer costs a
// support engineer more than "not covered", three times as much in the
// calibration.
var DefaultPolicy = Policy{MinCoverage: 0.2, MinMass: 0.3, WeightPower: 0.5, Unknown: 0.7, Common: 0.4,
	ByCoverage: 3.8, ByMargin: 3.7, ByConcepts: 0.5, MinConfidence: 4.9, MaxMiss: 0.4, Depth: 10, Rerank: 0.5, Exact: 0.5, Background: 0.5,
	AmbiguousCoverage: 0.8, AmbiguousMargin: 0.25, TitleMargin: 0.15, SubjectShare: 0.4, SubjectTitle: 0.4, OffSubject: 1, OffSubjectCoverage: 0.8, MaxUnknown: 0.5,
	SmallMargin: 0.7, SmallFrom: 10, SmallTo: 14, CloseCall: 0.4, Unmatched: 0.1}

// ForSize returns p for a knowledge base of n entries: ByMargin scaled as
// SmallMargin, SmallFrom and SmallTo say. The index and the browser's search
// data store the policy ForSize made, so that both answer alike.
func (p Policy) ForSize(n int) Policy {
	if p.SmallMargin <= 0 || p.SmallTo <= p.SmallFrom || n >= p.SmallTo {
		return p
	}
	f := p.SmallMargin
	if n > p.SmallFrom {
		f += (1 - p.SmallMargin) * float64(n-p.SmallFrom) / float64(p.SmallTo-p.SmallFrom)
	}
	p.ByMargin *= f
	return p
}

// Fit says how well an entry fits a question.
type Fit struct {
	Coverage float64 `json:"coverage"` // covered share of the question's weight, 0..1
	Mass     float64 `json:"mass"`     // covered weight (sum of idf)
	Unknown  float64 `json:"unknown"`  // share of the question's weight the knowledge base does not know, 0..1
	Margin   float64 `json:"margin"`   // (score − runner-up's score) / score, for the best entry
	Miss     float64 `json:"miss"`     // the largest share of the question's weight in one concept the entry does not cover
	Concepts int     `json:"concepts"` // how many concepts the question has
	// OffSubject: the question is off the knowledge base's subject (see
	// Policy.OffSubject).
	OffSubject bool `json:"offSubject"`
}

// Confidence is how sure p is that the best entry, with fit f, answers.
func (p Policy) Confidence(f Fit) float64 {
	return f.Coverage*p.ByCoverage + f.Margin*p.ByMargin + math.Log(1+float64(f.Concepts))*p.ByConcepts
}

// Ambiguous reports whether a question that the best entry does not answer
// fits it and the runner-up alike: both cover at least p.AmbiguousCoverage
// of it and the best is less than p.AmbiguousMargin ahead. Readers are then
// told that several entries fit, not that none does.
func (p Policy) Ambiguous(best, second Fit) bool {
	return !p.Answers(best) && best.Coverage >= p.AmbiguousCoverage && second.Coverage >= p.AmbiguousCoverage && best.Margin < p.AmbiguousMargin
}

// Subject returns the knowledge base's subject terms (see
// Policy.SubjectShare): the terms of the entries' titles (each entry's
// titles in every language, analysed by a without a vocabulary) that at
// least share of the entries hold, sorted.
func Subject(a *Analyzer, entries []*kb.Entry, share float64) []string {
	return SubjectMemoized(a, entries, share, nil)
}

// SubjectMemo is what Subject analysed each entry's titles into: the
// distinct terms of an entry's titles, by its titles, for the analyser
// whose Key it holds. Kept across builds (package build keeps it in its
// cache directory), it lets a rebuild after a title was edited analyse
// that title alone, not every title (20,000 at 10,000 entries: 0.08 s of
// CPU that the index and the search data wait for).
type SubjectMemo struct {
	Analyzer string              // Analyzer.Key of the analyser the terms are of
	Titles   map[string][]string // by SubjectTitles
}

// SubjectTitles is the key of e's titles in a SubjectMemo.
func SubjectTitles(e *kb.Entry) string { return string(appendSubjectTitles(nil, e)) }

func appendSubjectTitles(buf []byte, e *kb.Entry) []byte {
	for _, l := range kb.Langs {
		buf = binary.AppendUvarint(buf, uint64(len(e.Title[l])))
		buf = append(buf, e.Title[l]...)
	}
	return buf
}

// SubjectMemoized is Subject, taking each entry's terms from memo when it
// holds them (memo may be nil), and adding those of the titles it
// analyses. It leaves memo of a's analyser, holding the terms of the
// entries' titles and of at most an eighth as many titles of other
// entries (titles edited, entries removed) before they are dropped.
func SubjectMemoized(a *Analyzer, entries []*kb.Entry, share float64, memo *SubjectMemo) []string {
	if memo != nil {
		if key := a.Key(); memo.Analyzer != key || memo.Titles == nil {
			memo.Analyzer, memo.Titles = key, make(map[string][]string, len(entries))
		}
	}
	count := map[string]int{}
	seen := map[string]bool{}
	var buf []byte
	for _, e := range entries {
		if memo != nil {
			buf = appendSubjectTitles(buf[:0], e)
			if terms, ok := memo.Titles[string(buf)]; ok {
				for _, t := range terms {
					count[t]++
				}
				continue
			}
		}
		clear(seen)
		var terms []string
		for _, l := range kb.Langs {
			for _, t := range a.Analyze(e.Title[l], nil) {
				if !seen[t.Text] {
					seen[t.Text] = true
					terms = append(terms, t.Text)
					count[t.Text]++
				}
			}
		}
		if memo != nil {
			memo.Titles[string(buf)] = terms
		}
	}
	if memo != nil && len(memo.Titles) > len(entries)+len(entries)/8 {
		kept := make(map[string][]string, len(entries))
		for _, e := range entries {
			buf = appendSubjectTitles(buf[:0], e)
			kept[string(buf)] = memo.Titles[string(buf)]
		}
		memo.Titles = kept
	}
	var out []string
	for t, n := range count {
		if float64(n) >= share*float64(len(entries)) {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// NamesSubject reports whether a question (its terms) names one of the
// subject terms; with no subject, every question does.
func NamesSubject(terms []Term, subject []string) bool {
	if len(subject) == 0 {
		return true
	}
	for _, t := range terms {
		if i := sort.SearchStrings(subject, t.Text); i < len(subject) && subject[i] == t.Text {
			return true
		}
	}
	return false
}

// OnlySubject reports whether every one of terms is one of the knowledge
// base's subject terms (sorted; none: false): "ACM" or "ACM certificate"
// names what every entry is about and asks nothing of any. Only in a
// knowledge base where a subject term is shared by at least
// SubjectTitleCount titles (entries × share): in one of two entries, every
// title word is "shared" by half the titles, and "copy a certificate to
// another region" named nothing else.
func OnlySubject(terms []Term, subject []string, entries int, share float64) bool {
	if len(subject) == 0 || len(terms) == 0 || float64(entries)*share < SubjectTitleCount {
		return false
	}
	for _, t := range terms {
		if i := sort.SearchStrings(subject, t.Text); i == len(subject) || subject[i] != t.Text {
			return false
		}
	}
	return true
}

// SubjectTitleCount is how many titles a subject term must be shared by for a
// question of subject terms alone to ask nothing (OnlySubject).
const SubjectTitleCount = 4

// TitlePrecision is the share of an entry title's concepts that a question
// names (title: the title's terms, Analyze without a vocabulary; asked: the
// question's terms). Two sibling entries both cover "can I export an ACM
// public certificate?", but the question names all of "Export an ACM public
// certificate" and only part of "Export the private key of an ACM public
// certificate": the title says what an entry is about, and the rest of the
// entry may mention the question's words in passing.
func TitlePrecision(title []Term, asked map[string]bool) float64 {
	concepts, named := map[int]bool{}, map[int]bool{}
	for _, t := range title {
		concepts[t.Concept] = true
		if asked[t.Text] {
			named[t.Concept] = true
		}
	}
	if len(concepts) == 0 {
		return 0
	}
	return float64(len(named)) / float64(len(concepts))
}

// Resolve decides between the two entries that fit a question alike
// (Ambiguous), given their fits and TitlePrecision: the one whose precision
// is at least TitleMargin above the other's answers, when it covers no less
// of the question than the other and carries MinMass. It reports whether
// the second is to come first (swap) and whether the one then first answers.
func (p Policy) Resolve(first, second Fit, precFirst, precSecond float64) (swap, answer bool) {
	if p.TitleMargin <= 0 {
		return false, false
	}
	wins := func(a, b Fit) bool { return a.Coverage >= b.Coverage && a.Mass >= p.MinMass }
	switch {
	case precSecond-precFirst >= p.TitleMargin && wins(second, first):
		return true, true
	case precFirst-precSecond >= p.TitleMargin && wins(first, second):
		return false, true
	}
	return false, false
}

// Answers reports whether the best entry, with this fit, answers the question.
func (p Policy) Answers(f Fit) bool {
	if f.OffSubject && f.Coverage < p.OffSubjectCoverage {
		return false
	}
	if p.MaxUnknown > 0 && f.Unknown >= p.MaxUnknown {
		return false
	}
	return p.Covers(f) && p.Confidence(f) >= p.bar(f)
}

// bar is the confidence an entry with fit f needs to answer.
func (p Policy) bar(f Fit) float64 {
	if f.OffSubject {
		return p.MinConfidence + p.OffSubject
	}
	return p.MinConfidence
}

// Close reports whether an answer from an entry with fit f is a close call:
// its confidence is less than CloseCall above the bar. Such an answer is
// given, marked for the reader to check. (An answer chosen by Resolve
// between two entries that fit alike is not one: on the tuning sets those
// were wrong as rarely as clear answers, 3 of 44.)
func (p Policy) Close(f Fit) bool {
	return p.Confidence(f) < p.bar(f)+p.CloseCall
}

// Covers reports whether an entry with fit f covers enough of a question to
// answer it, whatever its margin: at least MinMass and MinCoverage of it,
// and no concept left out that weighs MaxMiss or more.
func (p Policy) Covers(f Fit) bool {
	return f.Mass >= p.MinMass && f.Coverage >= p.MinCoverage && (p.MaxMiss <= 0 || f.Miss < p.MaxMiss)
}

// pow is math.Pow, with the square root spelt out: search.js computes
// x^0.5 as Math.sqrt(x), which math.Pow(x, 0.5) equals.
func pow(x, y float64) float64 {
	switch y {
	case 1:
		return x
	case 0.5:
		return math.Sqrt(x)
	}
	return math.Pow(x, y)
}

// Lookup gives what the knowledge base knows of terms: a term's postings
// (empty, with IDF 0, when no entry holds it), and the idf of a term no
// entry holds (QuantizedIDF(0, entries)).
type Lookup interface {
	Term(term string) TermPostings
	UnknownIDF() int
}

// ImpactScale is what an impact of 1 is in Rank's scores.
const ImpactScale = IDFScale * WeightScale

// Hit is an entry's score for a question.
type Hit struct {
	Entry int     // the entry's number
	Score float64 // see Rank
	Fit
}

// Rank scores every entry holding a term of the question and returns them
// best first (ties: lower entry number first). An entry's score adds up, per
// concept of the question, the impact it has for the concept, times
// scale(concept) (follow-up questions weigh the previous question's concepts
// less; nil: 1): when the thesaurus knows the concept, the best of its group
// terms, as a search for synonyms counts them as one word (the rare spelling
// a question happens to use, "cert", does not outweigh the word), plus
// p.Exact times the mean over its plain terms (the question's own wording
// still counts: "cloudtrail" is more than any word for logs); else the mean
// over its plain terms (a kanji compound's bigrams, say).
// Counting each concept once keeps a concept written in many terms from
// outweighing one written in one.
func Rank(terms []Term, scale func(concept int) float64, look Lookup, p Policy) []Hit {
	type conceptTerms struct {
		groups, plain []string
	}
	var order []int
	byID := map[int]*conceptTerms{}
	for _, t := range terms {
		c := byID[t.Concept]
		if c == nil {
			c = &conceptTerms{}
			byID[t.Concept] = c
			order = append(order, t.Concept)
		}
		if t.Group {
			c.groups = append(c.groups, t.Text)
		} else {
			c.plain = append(c.plain, t.Text)
		}
	}
	scores := map[int]float64{}
	for _, id := range order {
		c := byID[id]
		group := map[int]int{}
		sum := map[int]int{}
		for _, t := range c.groups {
			tp := look.Term(t)
			for _, p := range tp.List {
				group[int(p.Entry)] = max(group[int(p.Entry)], tp.IDF*int(p.Weight))
			}
		}
		for _, t := range c.plain {
			tp := look.Term(t)
			for _, p := range tp.List {
				sum[int(p.Entry)] += tp.IDF * int(p.Weight)
			}
		}
		w := 1.0
		if scale != nil {
			w = scale(id)
		}
		entries := map[int]bool{}
		for e := range group {
			entries[e] = true
		}
		for e := range sum {
			entries[e] = true
		}
		for e := range entries {
			s := float64(group[e])
			if len(c.groups) == 0 {
				s = math.Max(s, float64(sum[e])/float64(len(c.plain)))
			} else if len(c.plain) > 0 {
				s += p.Exact * float64(sum[e]) / float64(len(c.plain))
			}
			scores[e] += w * s
		}
	}
	hits := make([]Hit, 0, len(scores))
	for e, s := range scores {
		hits = append(hits, Hit{Entry: e, Score: s})
	}
	sortHits(hits)
	return hits
}

// Rerank computes the fit of the best p.Depth hits (fit(entry)) and orders
// them again by score × coverage^p.Rerank (ties: lower entry number first);
// it returns those hits, each with its fit.
func Rerank(hits []Hit, fit func(entry int) Fit, p Policy) []Hit {
	if p.Depth > 0 && len(hits) > p.Depth {
		hits = hits[:p.Depth]
	}
	for i := range hits {
		hits[i].Fit = fit(hits[i].Entry)
		if p.Rerank > 0 {
			hits[i].Score *= pow(hits[i].Coverage, p.Rerank)
		}
	}
	sortHits(hits)
	return hits
}

func sortHits(hits []Hit) {
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Entry < hits[j].Entry
	})
}

// Coverage says how much of a question an entry covers. look gives the
// terms' idf; claim gives how much the entry claims a term (Claim of the
// fields holding it, 0 if none).
//
// Each concept weighs its idf (the largest of its known terms, or p.Unknown
// times the largest possible idf when none is known) raised to
// p.WeightPower, times scale(concept). It is covered by the best claim of its
// group terms, or by the mean over its plain terms, whichever is more.
// Coverage is the covered share of the total weight; mass is the covered idf
// (not raised to the power), so that MinMass keeps meaning "at least one
// word more specific than the ones every entry has"; unknown is the share of
// the total weight in concepts the knowledge base does not know; miss is the
// largest share of it in one concept the entry leaves uncovered.
func Coverage(terms []Term, look Lookup, claim func(string) float64, scale func(concept int) float64, p Policy) Fit {
	var fit Fit
	var total, covered, unknown, miss float64
	for _, c := range Concepts(terms, look, claim, scale, p) {
		fit.Concepts++
		total += c.Weight
		covered += c.Weight * c.Covered
		fit.Mass += c.IDF * c.Covered
		if !c.Known {
			unknown += c.Weight
		}
		if !fragment(c.Terms) {
			miss = math.Max(miss, c.Weight*(1-c.Covered))
		}
	}
	if total > 0 {
		fit.Coverage = covered / total
		fit.Unknown = unknown / total
		fit.Miss = miss / total
	}
	return fit
}

// ConceptFit is one concept of a question as Coverage weighs it.
type ConceptFit struct {
	Terms   []string `json:"terms"`   // the concept's terms
	Weight  float64  `json:"weight"`  // its share of the question: IDF raised to Policy.WeightPower
	IDF     float64  `json:"idf"`     // its idf (scaled for follow-ups), for the mass
	Covered float64  `json:"covered"` // how well the entry covers it, 0..1
	Known   bool     `json:"known"`   // whether the knowledge base knows any of its terms
}

// Concepts lists the question's concepts in order with their weights and how
// well the entry covers each (see Coverage, which adds them up).
func Concepts(terms []Term, look Lookup, claim func(string) float64, scale func(concept int) float64, p Policy) []ConceptFit {
	type concept struct {
		terms             []string
		known, group, sum float64
		plain             int
		hasKnown, common  bool
	}
	byID := map[int]*concept{}
	var order []int
	for _, t := range terms {
		c := byID[t.Concept]
		if c == nil {
			c = &concept{common: true}
			byID[t.Concept] = c
			order = append(order, t.Concept)
		}
		c.terms = append(c.terms, t.Text)
		if c.common && (t.Group || !Common(t.Text)) {
			c.common = false
		}
		if tp := look.Term(t.Text); len(tp.List) > 0 {
			c.hasKnown = true
			c.known = math.Max(c.known, float64(tp.IDF)/IDFScale)
		}
		f := claim(t.Text)
		if t.Group {
			c.group = math.Max(c.group, f)
		} else {
			c.sum += f
			c.plain++
		}
	}
	out := make([]ConceptFit, 0, len(order))
	for _, id := range order {
		c := byID[id]
		idf := p.Unknown * float64(look.UnknownIDF()) / IDFScale
		if c.hasKnown {
			idf = c.known
		}
		if c.common && p.Common > 0 {
			idf = math.Min(idf, p.Common*float64(look.UnknownIDF())/IDFScale)
		}
		w := idf
		if p.WeightPower > 0 {
			w = pow(w, p.WeightPower)
		}
		if scale != nil {
			w *= scale(id)
			idf *= scale(id)
		}
		got := c.group
		if c.plain > 0 {
			got = math.Max(got, c.sum/float64(c.plain))
		}
		out = append(out, ConceptFit{Terms: c.terms, Weight: w, IDF: idf, Covered: got, Known: c.hasKnown})
	}
	return out
}

// OnlyNumbers reports whether every term is a number ("5", "2,500", "1.2"):
// such a question names no topic, whatever entry happens to hold the
// number, so it is never answered (a chat reads "2" as a choice, and "4"
// must not become an answer about quotas).
func OnlyNumbers(terms []Term) bool {
	if len(terms) == 0 {
		return false
	}
	for _, t := range terms {
		if strings.Trim(t.Text, "0123456789.,") != "" {
			return false
		}
	}
	return true
}

// Missing returns the terms of the concepts an entry does not hold at all
// (Covered 0) that carry at least p.Unmatched of the question's weight,
// fragments (a kanji alone, as 出 of 出したい) aside: what a close call
// names as not in the entry.
func (p Policy) Missing(concepts []ConceptFit) map[string]bool {
	total := 0.0
	for _, c := range concepts {
		total += c.Weight
	}
	missing := map[string]bool{}
	for _, c := range concepts {
		if c.Covered > 0 || c.Weight < p.Unmatched*total || fragment(c.Terms) {
			continue
		}
		for _, t := range c.Terms {
			missing[t] = true
		}
	}
	return missing
}

// fragment reports whether every term of a concept is one character: a
// kanji left alone by the kana around it (出 of 出したい) is too
// ambiguous to be what a question is about, so it does not count for
// Fit.Miss.
func fragment(terms []string) bool {
	for _, t := range terms {
		if utf8.RuneCountInString(t) > 1 {
			return false
		}
	}
	return true
}
