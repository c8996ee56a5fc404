package analysis

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/acmkb/acmkb/kb"
)

// Field is one part of an entry, for deciding how much of a question the
// entry covers (see Coverage). Both languages go into the same field, so that
// a question in either language, or mixing both, finds it.
type Field struct {
	Name string `json:"name"`
	// Cover is how much a question term found in this field counts as the entry
	// covering the question: 1 for what the entry is about, less for passing mentions.
	Cover float64 `json:"cover"`
}

// Fields are the parts of an entry, in a fixed order.
var Fields = []Field{
	{Name: "title", Cover: 1},
	{Name: "examples", Cover: 1},
	{Name: "keywords", Cover: 1},
	{Name: "answer", Cover: 0.8},
	{Name: "body", Cover: 0.35},
}

// Policy holds the numbers that decide whether a question is answered.
type Policy struct {
	// MinCoverage is the share of the question's weight (by concept) that the
	// best entry must cover.
	MinCoverage float64 `json:"minCoverage"`
	// MinMass is the covered weight (sum of idf) the best entry must reach, so
	// that a question made only of words every entry has ("ACM?") is not answered.
	MinMass float64 `json:"minMass"`
	// WeightPower is applied to each concept's weight (idf) before they are
	// added up: 0.5 (a square root) keeps a word found in one entry from
	// outweighing one found in five ten to one, which with a few dozen
	// entries says more about the content's wording than about the question.
	// 0 or 1 leaves idf as it is.
	WeightPower float64 `json:"weightPower"`
	// Unknown is the weight of a concept none of whose terms the knowledge
	// base knows, as a share of the largest idf. Unknown words are often
	// incidental ("box", "team"), but they are also what out-of-scope
	// questions are about ("quota", "dnssec").
	Unknown float64 `json:"unknown"`
	// Second is how much an entry's second best passage adds to its score.
	Second float64 `json:"second"`
	// Depth is how many of the best passages (by score, then passage id)
	// add up into entry scores.
	Depth int `json:"depth"`
	// MinContain and ContainCoverage are the second way to answer: when one
	// of the entry's passages of at least ContainLength terms is almost
	// wholly in the question (Containment >= MinContain), the question is
	// that passage's question with words around it ("Hey, quick one: ...
	// is there an outage when ACM renews?"), and a lower coverage,
	// ContainCoverage, is enough. 0 turns it off.
	MinContain      float64 `json:"minContain"`
	ContainCoverage float64 `json:"containCoverage"`
	ContainLength   int     `json:"containLength"`
}

// DefaultPolicy is calibrated on content/eval.tsv, eval-holdout.tsv and
// eval-probe.tsv (see the README on which sets have been used how): the
// thresholds trade answering more for answering wrongly less, and a wrong
// confident answer costs a support engineer more than "not covered".
var DefaultPolicy = Policy{MinCoverage: 0.62, MinMass: 0.3, WeightPower: 0.5, Unknown: 0.7, Second: 0.3, Depth: 200,
	MinContain: 0.75, ContainCoverage: 0.25, ContainLength: 3}

var (
	mdLinkTarget = regexp.MustCompile(`\]\([^)]*\)`)
	bareURL      = regexp.MustCompile(`https?://\S+`)
)

// PassageID is the document id of passage n of entry id: the number is
// zero-padded, so that ids sort as (entry id, n), which is how ties are broken.
func PassageID(id string, n int) string { return fmt.Sprintf("%s#%04d", id, n) }

// Passages are the short texts that questions are matched against, each a
// document of its own in the index: every example question, the title in each
// language, and the keywords (the id's words, tags and services). A question
// is usually a paraphrase of one example, so an entry scores by its best
// passage, plus Policy.Second times its second best.
func Passages(e *kb.Entry) []string {
	var out []string
	for _, l := range kb.Langs {
		out = append(out, e.Title[l])
		out = append(out, e.Examples[l]...)
	}
	return append(out, strings.Join(keywords(e), "\n"))
}

// keywords are the id's words, the tags and the services of e.
func keywords(e *kb.Entry) []string {
	kw := append([]string{strings.ReplaceAll(e.ID, "-", " ")}, e.Tags...)
	return append(kw, e.Services...)
}

// FieldMasks analyses each field of e (FieldTexts) and returns its terms in
// order of first appearance, with the fields holding each as a bitmask over
// Fields (bit i: Fields[i]).
func (a *Analyzer) FieldMasks(e *kb.Entry) (terms []string, masks map[string]uint8) {
	texts := FieldTexts(e)
	masks = map[string]uint8{}
	for i, f := range Fields {
		for _, t := range a.Terms(texts[f.Name]) {
			if masks[t] == 0 {
				terms = append(terms, t)
			}
			masks[t] |= 1 << i
		}
	}
	return terms, masks
}

// FieldTexts returns the text of each field of e, both languages joined.
func FieldTexts(e *kb.Entry) map[string]string {
	var title, examples, answer, body []string
	for _, l := range kb.Langs {
		title = append(title, e.Title[l])
		examples = append(examples, e.Examples[l]...)
		answer = append(answer, e.Answer[l])
		answer = append(answer, e.Conditions[l]...)
		body = append(body, stripURLs(e.Body[l]))
		for _, s := range e.Sources {
			body = append(body, s.Title[l], s.Supports[l])
		}
	}
	join := func(ss []string) string { return strings.Join(ss, "\n") }
	return map[string]string{
		"title": join(title), "examples": join(examples), "keywords": join(keywords(e)),
		"answer": join(answer), "body": join(body),
	}
}

func stripURLs(md string) string {
	md = mdLinkTarget.ReplaceAllString(md, "]")
	return bareURL.ReplaceAllString(md, " ")
}

// IDF is BM25's inverse document frequency of a term found in n of docs
// documents; an unknown term (n = 0) gets the largest value.
func IDF(n, docs int) float64 {
	return math.Log(1 + (float64(docs)-float64(n)+0.5)/(float64(n)+0.5))
}

// Fit says how well an entry fits a question (see Coverage).
type Fit struct {
	Coverage float64 `json:"coverage"` // covered share of the question's weight, 0..1
	Mass     float64 `json:"mass"`     // covered weight (sum of idf)
	Contain  float64 `json:"contain"`  // the entry's best Containment (see Policy.MinContain)
}

// Answers reports whether an entry with this fit answers the question.
func (p Policy) Answers(f Fit) bool {
	if f.Mass < p.MinMass {
		return false
	}
	return f.Coverage >= p.MinCoverage || p.MinContain > 0 && f.Contain >= p.MinContain && f.Coverage >= p.ContainCoverage
}

// Containment is the share of a passage's terms (passage, as analysed for
// the index, with repeats) that are among the question's distinct terms
// (query): how wholly the passage stands in the question. Passages shorter
// than p.ContainLength terms count 0.
func (p Policy) Containment(passage []string, query map[string]bool) float64 {
	if len(passage) == 0 || len(passage) < p.ContainLength {
		return 0
	}
	seen := map[string]bool{}
	n := 0
	for _, t := range passage {
		if query[t] && !seen[t] {
			seen[t] = true
			n++
		}
	}
	return float64(n) / float64(len(passage))
}

// Coverage says how much of a question an entry covers. freq gives a term's
// document frequency in the whole knowledge base (any field); cover gives the
// best Field.Cover among the entry's fields that contain the term (0 if none).
//
// Each concept weighs the largest idf of its known terms, or p.Unknown times
// the largest possible idf when none of its terms is known, raised to
// p.WeightPower (the idf itself counts for the mass). It is covered by
// the best of its group terms, or by the mean over its plain terms, whichever
// is more. Coverage is the covered share of the total weight; mass is the
// covered idf (not raised to the power), so that MinMass keeps meaning "at
// least one word more specific than the ones every entry has". scale, when not nil, multiplies a concept's weight
// (follow-up questions weigh the previous question's concepts less).
func Coverage(terms []Term, docs int, freq func(string) int, cover func(string) float64, scale func(concept int) float64, p Policy) Fit {
	var fit Fit
	var total, covered float64
	for _, c := range Concepts(terms, docs, freq, cover, scale, p) {
		total += c.Weight
		covered += c.Weight * c.Covered
		fit.Mass += c.IDF * c.Covered
	}
	if total > 0 {
		fit.Coverage = covered / total
	}
	return fit
}

// ConceptFit is one concept of a question as Coverage weighs it.
type ConceptFit struct {
	Terms   []string `json:"terms"`   // the concept's terms
	Weight  float64  `json:"weight"`  // its share of the question: IDF raised to Policy.WeightPower
	IDF     float64  `json:"idf"`     // its idf (scaled for follow-ups), for the mass
	Covered float64  `json:"covered"` // how well the entry covers it, 0..1
}

// Concepts lists the question's concepts in order with their weights and how
// well the entry covers each (see Coverage, which adds them up).
func Concepts(terms []Term, docs int, freq func(string) int, cover func(string) float64, scale func(concept int) float64, p Policy) []ConceptFit {
	type concept struct {
		terms             []string
		known, group, sum float64
		plain             int
		hasKnown          bool
	}
	byID := map[int]*concept{}
	var order []int
	for _, t := range terms {
		c := byID[t.Concept]
		if c == nil {
			c = &concept{}
			byID[t.Concept] = c
			order = append(order, t.Concept)
		}
		c.terms = append(c.terms, t.Text)
		if n := freq(t.Text); n > 0 {
			c.hasKnown = true
			c.known = math.Max(c.known, IDF(n, docs))
		}
		f := cover(t.Text)
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
		idf := p.Unknown * IDF(0, docs)
		if c.hasKnown {
			idf = c.known
		}
		w := idf
		if p.WeightPower > 0 && p.WeightPower != 1 {
			w = math.Pow(w, p.WeightPower) // Pow(w, 0.5) is Sqrt(w), as in search.js
		}
		if scale != nil {
			w *= scale(id)
			idf *= scale(id)
		}
		got := c.group
		if c.plain > 0 {
			got = math.Max(got, c.sum/float64(c.plain))
		}
		out = append(out, ConceptFit{Terms: c.terms, Weight: w, IDF: idf, Covered: got})
	}
	return out
}

// DetectLang is the language a question is written in: Japanese when it has
// any kana or kanji, English otherwise.
func DetectLang(s string) kb.Lang {
	if hasJapanese(Normalize(s)) {
		return kb.JA
	}
	return kb.EN
}
