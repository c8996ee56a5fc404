package analysis

import (
	"math"
	"regexp"
	"strings"

	"github.com/acmkb/acmkb/kb"
)

// Field is one searchable part of an entry. Both languages go into the same
// field, so that a question in either language, or mixing both, finds it.
type Field struct {
	Name  string  `json:"name"`
	Boost float64 `json:"boost"` // multiplies the field's BM25 score
	// Cover is how much a question term found in this field counts as the entry
	// covering the question: 1 for what the entry is about, less for passing mentions.
	Cover float64 `json:"cover"`
}

// Fields are the searchable fields, in a fixed order.
var Fields = []Field{
	{Name: "title", Boost: 2.0, Cover: 1},
	{Name: "examples", Boost: 2.5, Cover: 1},
	{Name: "keywords", Boost: 2.0, Cover: 1},
	{Name: "answer", Boost: 1.0, Cover: 0.8},
	{Name: "body", Boost: 0.4, Cover: 0.35},
}

// Policy holds the numbers that decide whether a question is answered.
type Policy struct {
	// MinCoverage is the share of the question's weight (by concept) that the
	// best entry must cover.
	MinCoverage float64 `json:"minCoverage"`
	// MinMass is the covered weight (sum of idf) the best entry must reach, so
	// that a question made only of words every entry has ("ACM?") is not answered.
	MinMass float64 `json:"minMass"`
	// Unknown is the weight of a concept none of whose terms the knowledge
	// base knows, as a share of the largest idf. Unknown words are often
	// incidental ("box", "team"), but they are also what out-of-scope
	// questions are about ("quota", "dnssec").
	Unknown float64 `json:"unknown"`
}

// DefaultPolicy is calibrated on the evaluation set (content/eval.tsv).
var DefaultPolicy = Policy{MinCoverage: 0.5, MinMass: 0.5, Unknown: 1}

var (
	mdLinkTarget = regexp.MustCompile(`\]\([^)]*\)`)
	bareURL      = regexp.MustCompile(`https?://\S+`)
)

// FieldTexts returns the text of each field of e, both languages joined.
func FieldTexts(e *kb.Entry) map[string]string {
	var title, examples, keywords, answer, body []string
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
	keywords = append(keywords, strings.ReplaceAll(e.ID, "-", " "))
	keywords = append(keywords, e.Tags...)
	keywords = append(keywords, e.Services...)
	join := func(ss []string) string { return strings.Join(ss, "\n") }
	return map[string]string{
		"title": join(title), "examples": join(examples), "keywords": join(keywords),
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

// Coverage says how much of a question an entry covers. freq gives a term's
// document frequency in the whole knowledge base (any field); cover gives the
// best Field.Cover among the entry's fields that contain the term (0 if none).
//
// Each concept weighs the largest idf of its known terms (the unknown-term idf
// when none is known). It is covered by the best of its group terms, or by the
// mean over its plain terms, whichever is more. Coverage is the covered share
// of the total weight; mass is the covered weight itself. A concept with no
// known term weighs p.Unknown times the largest idf. scale, when not nil,
// multiplies a concept's weight (follow-up questions weigh the previous
// question's concepts less).
func Coverage(terms []Term, docs int, freq func(string) int, cover func(string) float64, scale func(concept int) float64, p Policy) (coverage, mass float64) {
	type concept struct {
		weight, known    float64
		group, sum       float64
		plain            int
		hasKnown, isUsed bool
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
	var total float64
	for _, id := range order {
		c := byID[id]
		w := p.Unknown * IDF(0, docs)
		if c.hasKnown {
			w = c.known
		}
		if scale != nil {
			w *= scale(id)
		}
		got := c.group
		if c.plain > 0 {
			got = math.Max(got, c.sum/float64(c.plain))
		}
		total += w
		mass += w * got
	}
	if total == 0 {
		return 0, 0
	}
	return mass / total, mass
}

// DetectLang is the language a question is written in: Japanese when it has
// any kana or kanji, English otherwise.
func DetectLang(s string) kb.Lang {
	if hasJapanese(Normalize(s)) {
		return kb.JA
	}
	return kb.EN
}
