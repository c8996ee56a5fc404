package index

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Options tune one question.
type Options struct {
	// Lang is the language of the answer; empty follows the question.
	Lang kb.Lang
	// Alternatives is how many other entries to list (default 3).
	Alternatives int
	// Explain fills Answer.Explanation.
	Explain bool
	// Previous is the question before this one in a conversation. Its terms
	// join the search at ContextWeight, so that "and the private key?" is read
	// as a follow-up.
	Previous string
}

// ContextWeight is how much a previous question's terms count in a follow-up.
const ContextWeight = 0.5

// weighted is a term with the weight its clauses get.
type weighted struct {
	analysis.Term
	weight float64
}

// Ask answers question from the index.
func (ix *Index) Ask(question string, opts Options) (*kb.Answer, error) {
	if opts.Alternatives <= 0 {
		opts.Alternatives = 3
	}
	ans := &kb.Answer{Question: question, Lang: opts.Lang}
	if ans.Lang == "" {
		ans.Lang = analysis.DetectLang(question)
	}
	terms := ix.analyzer.Analyze(question, ix)
	query := make([]weighted, 0, len(terms))
	seen := map[string]bool{}
	concepts := 0
	for _, t := range terms {
		if !seen[t.Text] {
			seen[t.Text] = true
			query = append(query, weighted{t, 1})
		}
		concepts = max(concepts, t.Concept+1)
	}
	ans.Concepts = concepts
	if opts.Previous != "" {
		ans.FollowUp = true
		for _, t := range ix.analyzer.Analyze(opts.Previous, ix) {
			t.Concept += concepts // the previous question's concepts come after
			if !seen[t.Text] {
				seen[t.Text] = true
				query = append(query, weighted{t, ContextWeight})
			}
		}
	}
	if len(query) == 0 {
		return ans, nil
	}
	hits, err := ix.search(query, opts.Alternatives+1, opts.Explain)
	if err != nil {
		return nil, err
	}
	scale := func(c int) float64 {
		if c >= concepts {
			return ContextWeight
		}
		return 1
	}
	// Coverage counts each term once, as search.js does.
	all := make([]analysis.Term, len(query))
	for i, q := range query {
		all[i] = q.Term
	}
	p := ix.meta.Policy
	coverIn := func(id string) func(string) float64 {
		fields := ix.fieldsOf(id)
		return func(t string) float64 { return coverOf(uint8(fields.get(t))) }
	}
	for i := range hits {
		h := &hits[i]
		h.Fit = analysis.Coverage(all, ix.meta.Docs, ix.Freq, coverIn(h.ID), scale, p)
	}
	if len(hits) > 0 && p.MinContain > 0 {
		hits[0].Contain = ix.containment(hits[0].ID, seen, p)
	}
	for i, h := range hits {
		if i == 0 {
			e := ix.Entry(h.ID)
			if e == nil {
				return nil, fmt.Errorf("index has no entry %q: rebuild it", h.ID)
			}
			ans.Score, ans.Coverage = h.Score, h.Coverage
			if p.Answers(h.Fit) && (!ans.FollowUp || ix.coversOwn(query, h.ID, coverIn(h.ID), p)) {
				ans.Answered = true
				ans.Entry = e
			}
			if opts.Explain {
				ans.Explanation = &kb.Explanation{Mass: h.Mass, Matches: h.matches, Passage: ix.passageText(e, h.passage)}
				for _, c := range analysis.Concepts(all, ix.meta.Docs, ix.Freq, coverIn(h.ID), scale, p) {
					ans.Explanation.Concepts = append(ans.Explanation.Concepts, kb.Concept(c))
				}
			}
			if ans.Answered {
				continue
			}
		}
		if len(ans.Alternatives) < opts.Alternatives {
			ans.Alternatives = append(ans.Alternatives, kb.Alternative{ID: h.ID, Title: ix.Title(h.ID), Score: h.Score, Coverage: h.Coverage})
		}
	}
	if x := ans.Explanation; x != nil {
		x.Corrected = map[string]string{}
		for _, t := range terms {
			x.Terms = append(x.Terms, t.Text)
			if t.Typed != "" {
				x.Corrected[t.Typed] = t.Text
			}
		}
	}
	return ans, nil
}

// coversOwn reports whether entry id covers, on their own, the concepts of a
// follow-up question read together with the previous one (query: the
// follow-up's terms first, weight 1, then the previous question's): the
// previous question may say what the follow-up is about, but not answer it.
// "and dnssec?" after a question about copying certificates is not covered
// because the copy entry covers the copying.
func (ix *Index) coversOwn(query []weighted, id string, cover func(string) float64, p analysis.Policy) bool {
	var own []analysis.Term
	for _, q := range query {
		if q.weight == 1 {
			own = append(own, q.Term)
		}
	}
	return analysis.Coverage(own, ix.meta.Docs, ix.Freq, cover, nil, p).Coverage >= p.MinCoverage
}

// containment is the best Policy.Containment of entry id's passages in the
// query, from the passages' terms stored at build time.
func (ix *Index) containment(id string, query map[string]bool, p analysis.Policy) float64 {
	data, _ := ix.idx.GetInternal([]byte(keyPassages + id))
	best := 0.0
	for _, line := range strings.Split(string(data), "\n") {
		best = math.Max(best, p.Containment(strings.Fields(line), query))
	}
	return best
}

// coverOf is the best Field.Cover among the fields in mask.
func coverOf(mask uint8) float64 {
	best := 0.0
	for i, f := range analysis.Fields {
		if mask&(1<<i) != 0 {
			best = math.Max(best, f.Cover)
		}
	}
	return best
}

type hit struct {
	ID    string
	Score float64 // best passage's BM25 score + Policy.Second × the second best
	analysis.Fit
	passage string // the best passage's document id
	matches []kb.Match
}

// search runs one disjunction of term queries over the passages, each boosted
// by its term's weight, adds the passages up per entry, and returns the best
// size entries, ordered by score, then id.
func (ix *Index) search(terms []weighted, size int, explain bool) ([]hit, error) {
	var clauses []query.Query
	for _, t := range terms {
		q := bleve.NewTermQuery(t.Text)
		q.SetField(passageField)
		q.SetBoost(t.weight)
		clauses = append(clauses, q)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(clauses...), ix.meta.Policy.Depth, 0, explain)
	req.SortBy([]string{"-_score", "_id"}) // ties at the depth cut fall the same way every time
	res, err := ix.idx.SearchInContext(context.Background(), req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	byEntry := map[string]*hit{}
	var hits []*hit
	second := map[string]float64{}
	for _, h := range res.Hits {
		id := entryOf(h.ID)
		e := byEntry[id]
		if e == nil {
			e = &hit{ID: id, Score: h.Score, passage: h.ID}
			if explain {
				collectMatches(h.Expl, &e.matches)
				sort.SliceStable(e.matches, func(a, b int) bool { return e.matches[a].Score > e.matches[b].Score })
			}
			byEntry[id] = e
			hits = append(hits, e)
			continue
		}
		second[id] = max(second[id], h.Score)
	}
	out := make([]hit, len(hits))
	for i, h := range hits {
		h.Score += ix.meta.Policy.Second * second[h.ID]
		out[i] = *h
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > size {
		out = out[:size]
	}
	return out, nil
}

var weightRE = regexp.MustCompile(`^weight\(([^:]+):(.+)\^[0-9.]+ in `)

func collectMatches(e *search.Explanation, out *[]kb.Match) {
	if e == nil {
		return
	}
	if m := weightRE.FindStringSubmatch(e.Message); m != nil {
		*out = append(*out, kb.Match{Field: m[1], Term: m[2], Score: e.Value})
		return
	}
	for _, c := range e.Children {
		collectMatches(c, out)
	}
}

// passageText is the text of passage document docID of e.
func (ix *Index) passageText(e *kb.Entry, docID string) string {
	var n int
	if _, err := fmt.Sscanf(docID[len(e.ID):], "#%d", &n); err != nil {
		return ""
	}
	if ps := analysis.Passages(e); n < len(ps) {
		return ps[n]
	}
	return ""
}
