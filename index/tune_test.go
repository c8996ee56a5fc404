package index_test

// TestTune is a tool, not a test: ACMKB_TUNE=1 go test ./index -run Tune -v
// measures ranking (is the expected entry first, answered or not) and the
// answering rule on the tuning sets of several knowledge bases, and searches
// the policy's thresholds. It never reads a blind set.
//
// ACMKB_TUNE_SEARCH=1 also searches the fields' weights and claims by
// coordinate descent on the mean share of questions ranked right.
// ACMKB_TUNE_PERKB=1 also prints each knowledge base's own best thresholds.
// ACMKB_TUNE_W, _B and _CLAIM set the fields' weights, BM25 b and claims (in
// the order of analysis.Fields) for a run; ACMKB_TUNE_EXACT, _BG, _UNKNOWN,
// _COMMON, _BYCONCEPTS, _POWER and _MAXMISS the policy's numbers of those
// names, _MINCOV its MinCoverage, _MINCONF its MinConfidence, _TITLE its
// TitleMargin, _AMBCOV and _AMBMARGIN its AmbiguousCoverage and
// AmbiguousMargin, _OFFSUBJECT, _SUBJECTSHARE and _SUBJECTTITLE its
// OffSubject, SubjectShare and SubjectTitle; _SMALL its SmallMargin.
// ACMKB_TUNE_TINY=4,6,8 measures instead cuts of each knowledge base to so
// many entries (three each, consecutive ids from entries 0, 4 and 8), where
// questions about the entries cut become out of scope: how a small knowledge
// base answers questions about its neighbours' topics. A question the title precision
// resolved (Policy.Resolve, two entries that fit alike) counts as answered
// whatever the thresholds tried.

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

type tuneCase struct {
	set, kb string
	size    int // entries of its knowledge base (Policy.ForSize)
	evalset.Case
	top      string
	fit      analysis.Fit
	resolved bool // answered by Policy.Resolve, not by Policy.Answers
	ranked1  bool
	a        *kb.Answer
}

type tuneKB struct {
	name  string
	kb    *kb.KB
	cases map[string][]evalset.Case
	sets  []string
}

func tuneKBs(t *testing.T) []tuneKB {
	root := "../"
	now := func() time.Time { return time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC) } // the day examples/s3 and examples/cloudfront were verified
	acmSets := []string{"content/eval.tsv", "content/eval-holdout.tsv", "content/eval-holdout2.tsv", "content/eval-probe.tsv", "content/eval-nearmiss-dev.tsv", "content/eval-nearmiss-dev2.tsv", "content/eval-chatty.tsv"}
	specs := []struct {
		dir      string
		newcomer bool
		sets     []string
	}{
		{"content", false, acmSets},
		{"content", true, acmSets},
		{"examples/secretsmanager", false, []string{"examples/secretsmanager/eval.tsv", "examples/secretsmanager/eval-chatty.tsv"}},
		{"examples/dynamodb", false, []string{"examples/dynamodb/eval.tsv"}},
		{"examples/lambda", false, []string{"examples/lambda/eval.tsv"}},
		{"examples/sqs", false, []string{"examples/sqs/eval.tsv"}},
		{"examples/route53", false, []string{"examples/route53/eval.tsv"}},
		{"examples/kms", false, []string{"examples/kms/eval.tsv"}},
		{"examples/ecr", false, []string{"examples/ecr/eval.tsv"}},
		{"examples/s3", false, []string{"examples/s3/eval.tsv"}},
		{"examples/cloudfront", false, []string{"examples/cloudfront/eval.tsv"}},
	}
	var out []tuneKB
	for _, s := range specs {
		k, problems := loader.Load(os.DirFS(root+s.dir), loader.Options{Now: now})
		if err := problems.Err(); err != nil {
			t.Fatal(err)
		}
		name := s.dir
		if s.newcomer {
			k = evalset.NewcomerCut(k)
			name += "(nc)"
		}
		tk := tuneKB{name: name, kb: k, cases: map[string][]evalset.Case{}, sets: s.sets}
		for _, set := range s.sets {
			data, err := os.ReadFile(root + set)
			if err != nil {
				t.Fatal(err)
			}
			if tk.cases[set], err = evalset.Parse(bytes.NewReader(data), set); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, tk)
	}
	return out
}

// runTune builds every knowledge base with the current analysis settings and
// asks every question.
func runTune(t *testing.T, kbs []tuneKB) []tuneCase {
	var all []tuneCase
	for _, k := range kbs {

		dir := filepath.Join(t.TempDir(), "idx")
		if err := index.Build(k.kb, dir); err != nil {
			t.Fatal(err)
		}
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if q := os.Getenv("ACMKB_TUNE_ASK"); q != "" {
			explainTune(t, k.name, ix, q)
		}
		for _, set := range k.sets {
			for _, c := range k.cases[set] {
				a, err := ix.Ask(c.Question, index.Options{Explain: true, Alternatives: 3})
				if err != nil {
					t.Fatal(err)
				}
				tc := tuneCase{set: set, kb: k.name, size: len(k.kb.Entries), Case: c}
				if a.Answered {
					tc.top = a.Entry.ID
				} else if len(a.Alternatives) > 0 {
					tc.top = a.Alternatives[0].ID
				}
				tc.ranked1 = c.Accepts(tc.top)
				tc.a = a
				if a.Explanation != nil {
					tc.fit = analysis.Fit{Coverage: a.Coverage, Mass: a.Explanation.Mass, Margin: a.Explanation.Margin, Unknown: a.Explanation.Unknown, Miss: a.Explanation.Miss, Concepts: len(a.Explanation.Concepts), OffSubject: a.Explanation.OffSubject}
				}
				tc.resolved = a.Answered && !analysis.DefaultPolicy.ForSize(tc.size).Answers(tc.fit)
				all = append(all, tc)
			}
		}
		ix.Close()
	}
	return all
}

func explainTune(t *testing.T, name string, ix *index.Index, q string) {
	a, _ := ix.Ask(q, index.Options{Explain: true, Alternatives: 3})
	x := a.Explanation
	top := "-"
	if a.Answered {
		top = a.Entry.ID
	}
	t.Logf("[%s] %s answered=%v score %.3f cov %.2f mass %.2f margin %.2f", name, top, a.Answered, a.Score, a.Coverage, x.Mass, x.Margin)
	for _, c := range x.Concepts {
		t.Logf("   concept %v w %.2f covered %.2f", c.Terms, c.Weight, c.Covered)
	}
	for _, m := range x.Matches {
		t.Logf("   match %s %.3f %s", m.Term, m.Score, m.Field)
	}
	for _, alt := range a.Alternatives {
		t.Logf("   alt %s %.3f %.2f", alt.ID, alt.Score, alt.Coverage)
	}
}

// rankRates is the share of in-scope questions ranked right, per set, and
// their mean.
func rankRates(all []tuneCase) (map[string]float64, []string, float64) {
	in, r1 := map[string]int{}, map[string]int{}
	var keys []string
	for _, c := range all {
		if !c.InScope() {
			continue
		}
		k := c.kb + " " + c.set
		if _, ok := in[k]; !ok {
			keys = append(keys, k)
		}
		in[k]++
		if c.ranked1 {
			r1[k]++
		}
	}
	rates := map[string]float64{}
	mean := 0.0
	for _, k := range keys {
		rates[k] = float64(r1[k]) / float64(in[k])
		mean += rates[k]
	}
	return rates, keys, mean / float64(len(keys))
}

func TestTune(t *testing.T) {
	if os.Getenv("ACMKB_TUNE") == "" {
		t.Skip("a tool: ACMKB_TUNE=1")
	}
	kbs := tuneKBs(t)
	if sizes := os.Getenv("ACMKB_TUNE_TINY"); sizes != "" {
		var tiny []tuneKB
		for _, f := range strings.Split(sizes, ",") {
			var n int
			fmt.Sscan(f, &n)
			for _, k := range kbs {
				for _, from := range []int{0, 4, 8} {
					tk, cases := tinyCut(k.kb, k.cases, from, n)
					tiny = append(tiny, tuneKB{name: fmt.Sprintf("%s[%d+%d]", k.name, from, n), kb: tk, cases: cases, sets: k.sets})
				}
			}
		}
		kbs = tiny
	}
	if os.Getenv("ACMKB_TUNE_SEARCH") != "" {
		searchWeights(t, kbs)
	}
	all := runTune(t, kbs)
	rates, keys, mean := rankRates(all)
	for _, k := range keys {
		t.Logf("ranked first: %-60s %.1f%%", k, 100*rates[k])
	}
	t.Logf("ranked first, mean: %.2f%%", 100*mean)
	if m := os.Getenv("ACMKB_TUNE_MISSES"); m != "" {
		for _, c := range all {
			if c.InScope() && !c.ranked1 && strings.Contains(c.kb+c.set, m) {
				t.Logf("rank miss %s %s: want %s got %s: %s", c.kb, c.set, c.Expected, c.top, c.Question)
			}
		}
	}
	searchPolicy(t, all)
	if f := os.Getenv("ACMKB_TUNE_DUMP"); f != "" {
		dumpFeatures(t, f, all)
	}
}

// dumpFeatures writes one line per question with what might tell a right
// answer from a wrong one, for study outside Go.
func dumpFeatures(t *testing.T, file string, all []tuneCase) {
	strong := map[string]bool{"title": true, "keywords": true, "answer": true, "conditions": true, "headings": true}
	var b strings.Builder
	b.WriteString("kb\tset\ttop\tlabel\tanswered\toff\tcov\tmass\tmargin\tstrict\tunknown\ttopcov\tconcepts\tscore\tcov2\tratio2\tknowncov\tmaxmiss\ttopstrong\tmiss2\tuncovered\tquestion\n")
	for _, c := range all {
		a, x := c.a, c.a.Explanation
		if x == nil {
			x = &kb.Explanation{}
		}
		label := "out"
		if c.InScope() {
			label = "wrong"
			if c.ranked1 {
				label = "right"
			}
		}
		inStrong := map[string]bool{}
		for _, m := range x.Matches {
			for _, f := range strings.Split(m.Field, ",") {
				if strong[f] {
					inStrong[m.Term] = true
				}
			}
		}
		var total, strict, unknown, topW, topCov, topStrong, known, knownCov, maxMiss float64
		var uncovered []string
		ws := make([][2]float64, 0, len(x.Concepts)) // weight, covered: for miss2
		for _, k := range x.Concepts {
			total += k.Weight
			ws = append(ws, [2]float64{k.Weight, k.Covered})
			if k.Covered < 0.5 {
				uncovered = append(uncovered, strings.Join(k.Terms, "|"))
			}
			maxMiss = max(maxMiss, k.Weight*(1-k.Covered))
			if !k.Known {
				unknown += k.Weight
			} else {
				known += k.Weight
				knownCov += k.Weight * k.Covered
			}
			got := 0.0
			for _, term := range k.Terms {
				if inStrong[term] {
					got = 1
				}
			}
			strict += k.Weight * got
			if k.Weight > topW {
				topW, topCov, topStrong = k.Weight, k.Covered, got
			}
		}
		if total > 0 {
			strict /= total
			unknown /= total
			maxMiss /= total
		}
		if known > 0 {
			knownCov /= known
		}
		cov2, ratio2 := 0.0, 0.0
		if len(a.Alternatives) > 0 {
			i := 0
			if !a.Answered && len(a.Alternatives) > 1 {
				i = 1
			}
			if i < len(a.Alternatives) {
				cov2 = a.Alternatives[i].Coverage
				if a.Score > 0 {
					ratio2 = a.Alternatives[i].Score / a.Score
				}
			}
		}
		// miss2: the share of the two weightiest concepts' weight left uncovered.
		sort.Slice(ws, func(i, j int) bool { return ws[i][0] > ws[j][0] })
		var top2, miss2 float64
		for i := 0; i < len(ws) && i < 2; i++ {
			top2 += ws[i][0]
			miss2 += ws[i][0] * (1 - ws[i][1])
		}
		if top2 > 0 {
			miss2 /= top2
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%v\t%v\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.0f\t%.4f\t%s\t%s\n",
			c.kb, c.set, c.top, label, a.Answered, x.OffSubject, a.Coverage, x.Mass, x.Margin, strict, unknown, topCov, len(x.Concepts), a.Score, cov2, ratio2, knownCov, maxMiss, topStrong, miss2, strings.Join(uncovered, " "), c.Question)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// searchWeights improves the fields' weights and claims and the rerank by
// coordinate descent, one parameter at a time, over a few values each.
func searchWeights(t *testing.T, kbs []tuneKB) {
	type param struct {
		name string
		ptr  *float64
		vals []float64
	}
	var params []param
	for i := range analysis.Fields {
		f := &analysis.Fields[i]
		params = append(params, param{"weight " + f.Name, &f.Weight, []float64{0.5, 1, 1.5, 2, 3, 4}})
	}
	for i := range analysis.Fields {
		f := &analysis.Fields[i]
		params = append(params, param{"claim " + f.Name, &f.Claim, []float64{0.3, 0.5, 0.7, 0.85, 1}})
	}
	params = append(params, param{"rerank", &analysis.DefaultPolicy.Rerank, []float64{0, 0.5, 1, 2}})
	_, _, best := rankRates(runTune(t, kbs))
	t.Logf("start: %.2f%%", 100*best)
	for round := 0; round < 2; round++ {
		for _, p := range params {
			keep := *p.ptr
			for _, v := range p.vals {
				if v == keep {
					continue
				}
				*p.ptr = v
				if _, _, m := rankRates(runTune(t, kbs)); m > best+0.001 {
					best, keep = m, v
					t.Logf("%s = %v: %.2f%%", p.name, v, 100*m)
				}
			}
			*p.ptr = keep
		}
	}
	for _, f := range analysis.Fields {
		t.Logf("field %-10s weight %.2f claim %.2f", f.Name, f.Weight, f.Claim)
	}
	t.Logf("rerank %.2f", analysis.DefaultPolicy.Rerank)
}

// wrongCost is how many "not covered" answers one confident wrong answer is
// worth in the calibration.
const wrongCost = 3

// policyScore measures policy p on the cases: per knowledge base, the share
// of in-scope questions answered right minus wrongCost times the share of
// questions answered wrongly, summed over knowledge bases; and a line of
// figures.
func policyScore(all []tuneCase, p analysis.Policy) (float64, string) {
	type res struct{ right, wrong, nc, in, abst, out int }
	byKB := map[string]*res{}
	var names []string
	for _, c := range all {
		r := byKB[c.kb]
		if r == nil {
			r = &res{}
			byKB[c.kb] = r
			names = append(names, c.kb)
		}
		ans := c.top != "" && (c.resolved || p.ForSize(c.size).Answers(c.fit))
		if c.InScope() {
			r.in++
			switch {
			case !ans:
				r.nc++
			case c.ranked1:
				r.right++
			default:
				r.wrong++
			}
		} else {
			r.out++
			if ans {
				r.wrong++
			} else {
				r.abst++
			}
		}
	}
	var score float64
	var line string
	for _, n := range names {
		r := byKB[n]
		score += float64(r.right)/float64(r.in) - wrongCost*float64(r.wrong)/float64(r.in+r.out)
		line += fmt.Sprintf(" | %s right %d/%d wrong %d abstained %d/%d", n, r.right, r.in, r.wrong, r.abst, r.out)
	}
	return score, line
}

// searchPolicy calibrates the confidence rule: a logistic regression of
// "answered right" on coverage and margin (each knowledge
// base weighing the same in total, a wrong answer wrongCost times a right
// one), then the threshold that maximises policyScore.
func searchPolicy(t *testing.T, all []tuneCase) {
	p := analysis.DefaultPolicy
	s, line := policyScore(all, p)
	t.Logf("default policy: %.3f%s", s, line)
	if os.Getenv("ACMKB_TUNE_PERKB") != "" {
		perKB(t, all, p)
	}
	var xs [][4]float64
	var ys, ws []float64
	count := map[string]int{}
	for _, c := range all {
		count[c.kb]++
	}
	for _, c := range all {
		if c.top == "" {
			continue
		}
		xs = append(xs, [4]float64{1, c.fit.Coverage, c.fit.Margin, math.Log(1 + float64(c.fit.Concepts))})
		y, w := 0.0, wrongCost/float64(count[c.kb])
		if c.ranked1 {
			y, w = 1, 1/float64(count[c.kb])
		}
		ys, ws = append(ys, y), append(ws, w)
	}
	var beta [4]float64
	for it := 0; it < 5000; it++ {
		var g [4]float64
		for i, x := range xs {
			z := beta[0] + beta[1]*x[1] + beta[2]*x[2] + beta[3]*x[3]
			d := ws[i] * (1/(1+math.Exp(-z)) - ys[i])
			for j := range g {
				g[j] += d * x[j]
			}
		}
		for j := range beta {
			beta[j] -= 0.5 * g[j]
		}
	}
	q := p
	q.ByCoverage, q.ByMargin, q.ByConcepts = round1(beta[1]), round1(beta[2]), round1(beta[3])
	var best float64
	var bestLine string
	q.MinConfidence, best, bestLine = bestThreshold(all, q)
	t.Logf("calibrated: ByCoverage %.1f ByMargin %.1f ByConcepts %.1f MinConfidence %.1f: %.3f%s", q.ByCoverage, q.ByMargin, q.ByConcepts, q.MinConfidence, best, bestLine)
	for cov := 0.0; cov <= 0.45; cov += 0.05 {
		r := q
		r.MinCoverage = math.Round(cov*100) / 100
		th, best, bestLine := bestThreshold(all, r)
		t.Logf("MinCoverage %.2f: MinConfidence %.1f: %.3f%s", r.MinCoverage, th, best, bestLine)
	}
}

// bestThreshold is the MinConfidence that maximises policyScore with p's
// other numbers, and that score.
func bestThreshold(all []tuneCase, p analysis.Policy) (th, best float64, bestLine string) {
	best = math.Inf(-1)
	for x := -1.0; x <= 15; x += 0.1 {
		p.MinConfidence = round1(x)
		if s, line := policyScore(all, p); s > best {
			th, best, bestLine = p.MinConfidence, s, line
		}
	}
	return th, best, bestLine
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func init() {
	p := &analysis.DefaultPolicy
	for name, v := range map[string]*float64{
		"EXACT": &p.Exact, "BG": &p.Background, "UNKNOWN": &p.Unknown, "COMMON": &p.Common,
		"BYCONCEPTS": &p.ByConcepts, "MINCOV": &p.MinCoverage, "MINCONF": &p.MinConfidence,
		"MAXMISS": &p.MaxMiss, "POWER": &p.WeightPower, "TITLE": &p.TitleMargin,
		"AMBCOV": &p.AmbiguousCoverage, "AMBMARGIN": &p.AmbiguousMargin,
		"MAXUNKNOWN": &p.MaxUnknown, "OFFSUBJECT": &p.OffSubject, "OFFSUBJECTCOV": &p.OffSubjectCoverage, "SUBJECTSHARE": &p.SubjectShare, "SUBJECTTITLE": &p.SubjectTitle,
		"SMALL": &p.SmallMargin, "RERANK": &p.Rerank,
	} {
		if u := os.Getenv("ACMKB_TUNE_" + name); u != "" {
			fmt.Sscan(u, v)
		}
	}
	if w := os.Getenv("ACMKB_TUNE_W"); w != "" { // weights in field order
		for i, f := range strings.Fields(w) {
			fmt.Sscan(f, &analysis.Fields[i].Weight)
		}
	}
	if w := os.Getenv("ACMKB_TUNE_CLAIM"); w != "" { // claims in field order
		for i, f := range strings.Fields(w) {
			fmt.Sscan(f, &analysis.Fields[i].Claim)
		}
	}
	if w := os.Getenv("ACMKB_TUNE_B"); w != "" {
		for i, f := range strings.Fields(w) {
			fmt.Sscan(f, &analysis.Fields[i].B)
		}
	}
}

// perKB searches MinConfidence and MinCoverage for each knowledge base alone:
// how far apart the knowledge bases' best thresholds are.
func perKB(t *testing.T, all []tuneCase, p analysis.Policy) {
	byKB := map[string][]tuneCase{}
	var names []string
	for _, c := range all {
		if byKB[c.kb] == nil {
			names = append(names, c.kb)
		}
		byKB[c.kb] = append(byKB[c.kb], c)
	}
	for _, n := range names {
		best, bestLine, bc, bm := math.Inf(-1), "", 0.0, 0.0
		for mc := 3.0; mc <= 5.5; mc += 0.1 {
			for cov := 0.2; cov <= 0.7; cov += 0.05 {
				r := p
				r.MinConfidence, r.MinCoverage = round1(mc), math.Round(cov*100)/100
				if s, line := policyScore(byKB[n], r); s > best+1e-9 {
					best, bestLine, bc, bm = s, line, r.MinConfidence, r.MinCoverage
				}
			}
		}
		t.Logf("%s alone: MinConfidence %.1f MinCoverage %.2f: %.3f%s", n, bc, bm, best, bestLine)
	}
}

// tinyCut returns k cut to n entries (evalset.SmallCut) and its sets'
// cases for it: a question whose expected entries are all cut is out of
// scope.
func tinyCut(k *kb.KB, cases map[string][]evalset.Case, from, n int) (*kb.KB, map[string][]evalset.Case) {
	small := evalset.SmallCut(k, from, n)
	keep := map[string]bool{}
	for _, e := range small.Entries {
		keep[e.ID] = true
	}
	out := map[string][]evalset.Case{}
	for set, cs := range cases {
		for _, c := range cs {
			var ok []string
			for _, id := range append([]string{c.Expected}, c.Also...) {
				if id != "" && keep[id] {
					ok = append(ok, id)
				}
			}
			if c.Expected != "" && len(ok) == 0 {
				c.Expected, c.Also, c.Verdict = "", nil, ""
			} else if len(ok) > 0 {
				c.Expected, c.Also = ok[0], ok[1:]
			}
			out[set] = append(out[set], c)
		}
	}
	return small, out
}
