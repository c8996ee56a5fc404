package index

import (
	"fmt"
	"sort"
	"strings"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/kb"
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
	// Current is the id of the entry a conversation is on: the one that
	// answered the previous question. A follow-up (Previous set) that no
	// entry answers by the usual rules is answered by it when it still fits
	// the follow-up read with the previous question best and covers the
	// follow-up's own words (see Index.stays).
	Current string
}

// ContextWeight is how much a previous question's concepts count in a
// follow-up: less than the follow-up's own, which say what it adds.
const ContextWeight = 0.5

// Ask answers question from the index: analysis.Rank ranks the entries, and
// the best answers when analysis.Policy.Answers accepts its fit.
func (ix *Index) Ask(asked string, opts Options) (*kb.Answer, error) {
	if opts.Alternatives <= 0 {
		opts.Alternatives = 3
	}
	// A pasted email is read without its greeting, closing and signature.
	question := analysis.Pasted(analysis.Letter(asked))
	if opts.Previous != "" {
		opts.Previous = analysis.Pasted(analysis.Letter(opts.Previous))
	}
	// Titles are read in the question's language, whatever the reply's.
	lang := analysis.DetectLang(question)
	ans := &kb.Answer{Question: asked, Lang: opts.Lang}
	if ans.Lang == "" {
		ans.Lang = lang
	}
	terms := ix.analyzer.Analyze(question, ix)
	var query []analysis.Term // each term once, the question's first
	seen := map[string]bool{}
	concepts := 0
	for _, t := range terms {
		if !seen[t.Text] {
			seen[t.Text] = true
			query = append(query, t)
		}
		concepts = max(concepts, t.Concept+1)
	}
	ans.Concepts = concepts
	own := len(query)
	numbers := analysis.OnlyNumbers(query)
	ans.Numbers = numbers
	// A question that names only what the whole knowledge base is about
	// ("ACM", "ACM certificate") asks nothing of any entry.
	ans.SubjectOnly = opts.Previous == "" && analysis.OnlySubject(query, ix.meta.Subject, ix.meta.Docs, ix.meta.Policy.SubjectShare)
	noQuestion := numbers || ans.SubjectOnly
	if opts.Previous != "" {
		ans.FollowUp = true
		for _, t := range ix.analyzer.Analyze(opts.Previous, ix) {
			t.Concept += concepts // the previous question's concepts come after
			if !seen[t.Text] {
				seen[t.Text] = true
				query = append(query, t)
			}
		}
	}
	if len(query) == 0 {
		return ans, nil
	}
	p := ix.meta.Policy
	scale := p.Scale(query, func(c int) float64 {
		if c >= concepts {
			return ContextWeight
		}
		return 1
	})
	hits := analysis.Rerank(analysis.Rank(query, scale, ix, p), func(n int) analysis.Fit {
		return analysis.Coverage(query, ix, ix.claimIn(n), scale, p)
	}, p)
	if len(hits) > 0 && !analysis.NamesSubject(query, ix.meta.Subject) { // the previous question's terms count too
		// Off the subject, unless it names enough of the best entry's title.
		if ix.titlePrecision(hits[0].Entry, lang, termSet(query)) < p.SubjectTitle {
			for i := range hits {
				hits[i].OffSubject = true
			}
		}
	}
	if len(hits) > opts.Alternatives+1 {
		hits = hits[:opts.Alternatives+1]
	}
	stays := false
	if len(hits) > 0 {
		hits[0].Margin = 1
		if len(hits) > 1 && hits[0].Score > 0 {
			hits[0].Margin = (hits[0].Score - hits[1].Score) / hits[0].Score
		}
		stays = ans.FollowUp && !noQuestion && ix.stays(opts.Current, query[:own], hits, p)
	}
	resolved := false
	var over *kb.ChosenOver // the sibling a resolved answer was chosen over
	if len(hits) > 1 {
		ans.Ambiguous = !noQuestion && !stays && p.Ambiguous(hits[0].Fit, hits[1].Fit)
	}
	if ans.Ambiguous {
		// Sibling entries: the one whose title the question names better.
		asked := termSet(query[:own])
		prec := [2]float64{ix.titlePrecision(hits[0].Entry, lang, asked), ix.titlePrecision(hits[1].Entry, lang, asked)}
		swap, answer := p.Resolve(hits[0].Fit, hits[1].Fit, prec[0], prec[1])
		if swap {
			hits[0], hits[1], prec[0], prec[1] = hits[1], hits[0], prec[1], prec[0]
		}
		resolved, ans.Ambiguous = answer, !answer
		if resolved {
			over = &kb.ChosenOver{ID: ix.ID(hits[1].Entry), Precision: prec[1], ChosenPrecision: prec[0]}
		}
	}
	for i, h := range hits {
		id := ix.ID(h.Entry)
		if i == 0 {
			e := ix.Entry(id)
			if e == nil {
				return nil, fmt.Errorf("index has no entry %q: rebuild it", id)
			}
			ans.Score, ans.Coverage = score(h.Score), h.Coverage
			if stays || !noQuestion && (resolved || p.Answers(h.Fit)) && (!ans.FollowUp || ix.coversOwn(query[:own], hits, p)) {
				ans.Answered = true
				ans.Entry = e
				ans.Section = ix.section(e.ID, ans.Lang, query, scale)
				if ans.CloseCall = !stays && !resolved && p.Close(h.Fit); ans.CloseCall {
					ans.Unmatched = ix.unmatched(question, query[:own], h.Entry, p)
				}
			}
			if opts.Explain {
				ans.Explanation = ix.explain(h, query, scale)
				ans.Explanation.ChosenOver = over
			}
			if ans.Answered {
				continue
			}
		}
		if len(ans.Alternatives) < opts.Alternatives {
			alt := kb.Alternative{ID: id, Title: ix.Title(id), Score: score(h.Score), Coverage: h.Coverage}
			if ans.Ambiguous && h.Coverage >= p.AmbiguousCoverage {
				alt.Fits = ix.Entry(id)
			}
			ans.Alternatives = append(ans.Alternatives, alt)
		}
	}
	if !ans.Answered && !ans.Ambiguous && len(hits) > 0 {
		// Not covered: what the nearest entry lacks says why.
		ans.Unmatched = ix.unmatched(question, query[:own], hits[0].Entry, p)
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

// score is a Rank score on the scale of analysis impacts (an impact of 1 = 1).
func score(s float64) float64 { return s / analysis.ImpactScale }

// claimIn returns how much entry n claims each term (analysis.Claim of the
// fields holding it).
func (ix *Index) claimIn(n int) func(string) float64 {
	return func(term string) float64 {
		if p, ok := ix.Term(term).Find(n); ok {
			return analysis.Claim(p.Mask)
		}
		return 0
	}
}

// coversOwn reports whether the best of hits, the entries that fit a
// follow-up question read with the previous one, covers the follow-up's own
// concepts (own: its terms, weighed alone) as an answer must cover a
// question (Policy.Covers) and as well as any of them does: the previous
// question may say what the follow-up is about and choose between entries
// that fit it equally, but not answer it, and its concepts, which the
// conversation's entry covers by its nature, do not make up for what the
// follow-up adds. "and dnssec?" after a question about copying certificates
// is not covered because the copy entry covers the copying; "can I export an
// ACM certificate?" after it is not answered by the copy entry, which fits
// exporting less well than the export entries do; "and another region?"
// after a question on sharing with another account is not answered by the
// sharing entry, which covers "another" but not the region.
func (ix *Index) coversOwn(own []analysis.Term, hits []analysis.Hit, p analysis.Policy) bool {
	fit := func(n int) analysis.Fit { return analysis.Coverage(own, ix, ix.claimIn(n), nil, p) }
	first := fit(hits[0].Entry)
	if !p.Covers(first) {
		return false
	}
	for _, h := range hits[1:] {
		if fit(h.Entry).Coverage > first.Coverage {
			return false
		}
	}
	return true
}

// stays reports whether the entry with id current, the one a conversation is
// on, answers a follow-up, whether or not its margin would: when it is still
// the best of hits, the entries that fit the follow-up read with the
// previous question, it covers the follow-up's own concepts (own: its terms;
// see coversOwn), and no other of hits covers more of them. So another entry
// answers a follow-up only by the usual rules (see coversOwn), as one that
// fits it read with the previous question: the few words of "and
// SecureString ones?" after a question on sharing do not make the entry that
// holds them answer, with its verdict, a question it is not about, and the
// sharing entry, whose conditions say what holds for SecureString
// parameters, answers it.
func (ix *Index) stays(current string, own []analysis.Term, hits []analysis.Hit, p analysis.Policy) bool {
	return current != "" && len(hits) > 0 && ix.ID(hits[0].Entry) == current && ix.coversOwn(own, hits, p)
}

// section is the body section of entry id, in lang, that holds the most of
// the question (each concept weighed as analysis.Coverage weighs it), when
// that is a section with a heading.
func (ix *Index) section(id string, lang kb.Lang, query []analysis.Term, scale func(int) float64) *kb.SectionRef {
	raw, ok := ix.sections[id]
	if !ok {
		_, raw, ok = splitEntryRecord(ix.record(recEntry + id))
	}
	if !ok {
		return nil
	}
	secs, err := decodeSections(raw)
	if err != nil {
		return nil
	}
	best, bestScore := -1, 0.0
	in := map[string]bool{}
	for i, s := range secs[lang] {
		clear(in)
		for _, t := range ix.analyzer.Terms(s.Heading + "\n" + s.Text) {
			in[t] = true
		}
		has := func(t string) float64 {
			if in[t] {
				return 1
			}
			return 0
		}
		f := analysis.Coverage(query, ix, has, scale, ix.meta.Policy)
		if f.Coverage > bestScore {
			best, bestScore = i, f.Coverage
		}
	}
	if best < 0 || secs[lang][best].Heading == "" {
		return nil
	}
	return &kb.SectionRef{Heading: secs[lang][best].Heading, Anchor: secs[lang][best].Anchor}
}

// titlePrecision is analysis.TitlePrecision of entry n's title in lang for
// the terms asked (see termSet).
func (ix *Index) titlePrecision(n int, lang kb.Lang, asked map[string]bool) float64 {
	return analysis.TitlePrecision(ix.analyzer.Analyze(ix.Title(ix.ID(n))[lang], nil), asked)
}

// termSet is the set of the terms' texts.
func termSet(terms []analysis.Term) map[string]bool {
	set := make(map[string]bool, len(terms))
	for _, t := range terms {
		set[t.Text] = true
	}
	return set
}

// explain tells why hit h ranks where it does.
func (ix *Index) explain(h analysis.Hit, query []analysis.Term, scale func(int) float64) *kb.Explanation {
	x := &kb.Explanation{Mass: h.Mass, Margin: h.Margin, Unknown: h.Unknown, Miss: h.Miss, Confidence: ix.meta.Policy.Confidence(h.Fit),
		OffSubject: h.OffSubject, Subject: ix.meta.Subject}
	for _, c := range analysis.Concepts(query, ix, ix.claimIn(h.Entry), scale, ix.meta.Policy) {
		x.Concepts = append(x.Concepts, kb.Concept(c))
	}
	for _, t := range query {
		tp := ix.Term(t.Text)
		if p, ok := tp.Find(h.Entry); ok {
			var fields []string
			for i, f := range analysis.Fields {
				if p.Mask&(1<<i) != 0 {
					fields = append(fields, f.Name)
				}
			}
			x.Matches = append(x.Matches, kb.Match{Field: strings.Join(fields, ","), Term: t.Text, Score: score(float64(tp.IDF * int(p.Weight)))})
		}
	}
	sort.SliceStable(x.Matches, func(a, b int) bool { return x.Matches[a].Score > x.Matches[b].Score })
	return x
}

// unmatched returns the words of question, as typed, behind the terms of its
// own concepts that entry n does not hold (Policy.Missing).
func (ix *Index) unmatched(question string, own []analysis.Term, n int, p analysis.Policy) []string {
	missing := p.Missing(analysis.Concepts(own, ix, ix.claimIn(n), p.Scale(own, nil), p))
	if len(missing) == 0 {
		return nil
	}
	for _, t := range own {
		if t.Typed != "" && missing[t.Text] {
			missing[t.Typed] = true // the word as typed, before correction
		}
	}
	return ix.analyzer.Words(question, missing)
}
