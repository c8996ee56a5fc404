package index_test

// TestTune is a tool, not a test: ACMKB_TUNE=1 go test ./index -run Tune -v
// measures ranking (is the expected entry first, answered or not) and the
// answering rule on the tuning sets of several knowledge bases, and searches
// the policy's thresholds. It never reads a blind set.

import (
	"bytes"
	"fmt"
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
	evalset.Case
	top     string
	second  string
	fit     analysis.Fit
	ranked1 bool
}

func TestTune(t *testing.T) {
	if os.Getenv("ACMKB_TUNE") == "" {
		t.Skip("a tool: ACMKB_TUNE=1")
	}
	root := "../"
	if w := os.Getenv("ACMKB_TUNE_W"); w != "" { // weights in field order
		for i, f := range strings.Fields(w) {
			fmt.Sscan(f, &analysis.Fields[i].Weight)
		}
	}
	type kbSets struct {
		dir      string
		newcomer bool
		sets     []string
	}
	acmSets := []string{"content/eval.tsv", "content/eval-holdout.tsv", "content/eval-holdout2.tsv", "content/eval-probe.tsv", "content/eval-nearmiss-dev.tsv"}
	kbs := []kbSets{
		{"content", false, acmSets},
		{"content", true, acmSets},
		{"examples/secretsmanager", false, []string{"examples/secretsmanager/eval.tsv"}},
	}
	var all []tuneCase
	for _, k := range kbs {
		kbase, problems := loader.Load(os.DirFS(root+k.dir), loader.Options{Now: func() time.Time { return time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC) }})
		if err := problems.Err(); err != nil {
			t.Fatal(err)
		}
		name := k.dir
		if k.newcomer {
			kbase = evalset.NewcomerCut(kbase)
			name += "(nc)"
		}
		dir := filepath.Join(t.TempDir(), "idx")
		if err := index.Build(kbase, dir); err != nil {
			t.Fatal(err)
		}
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if q := os.Getenv("ACMKB_TUNE_ASK"); q != "" {
			a, _ := ix.Ask(q, index.Options{Explain: true, Alternatives: 3})
			x := a.Explanation
			t.Logf("[%s] answered=%v score %.3f cov %.2f mass %.2f margin %.2f", name, a.Answered, a.Score, a.Coverage, x.Mass, x.Margin)
			for _, c := range x.Concepts {
				t.Logf("   concept %v w %.2f cov %.2f", c.Terms, c.Weight, c.Covered)
			}
			for _, m := range x.Matches {
				t.Logf("   match %s %.3f %s", m.Term, m.Score, m.Field)
			}
			for _, alt := range a.Alternatives {
				t.Logf("   alt %s %.3f %.2f", alt.ID, alt.Score, alt.Coverage)
			}
		}
		for _, set := range k.sets {
			data, err := os.ReadFile(root + set)
			if err != nil {
				t.Fatal(err)
			}
			cases, err := evalset.Parse(bytes.NewReader(data), set)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				a, err := ix.Ask(c.Question, index.Options{Explain: true, Alternatives: 3})
				if err != nil {
					t.Fatal(err)
				}
				tc := tuneCase{set: set, kb: name, Case: c}
				top := ""
				if a.Answered {
					top = a.Entry.ID
					if len(a.Alternatives) > 0 {
						tc.second = a.Alternatives[0].ID
					}
				} else if len(a.Alternatives) > 0 {
					top = a.Alternatives[0].ID
					if len(a.Alternatives) > 1 {
						tc.second = a.Alternatives[1].ID
					}
				}
				tc.top = top
				tc.ranked1 = top == c.Expected
				if a.Explanation != nil {
					tc.fit = analysis.Fit{Coverage: a.Coverage, Mass: a.Explanation.Mass, Margin: a.Explanation.Margin}
				}
				all = append(all, tc)
			}
		}
		ix.Close()
	}
	// Ranking: expected entry first.
	type agg struct{ in, r1, out int }
	per := map[string]*agg{}
	var keys []string
	for _, c := range all {
		k := c.kb + " " + c.set
		if per[k] == nil {
			per[k] = &agg{}
			keys = append(keys, k)
		}
		if c.InScope() {
			per[k].in++
			if c.ranked1 {
				per[k].r1++
			}
		} else {
			per[k].out++
		}
	}
	for _, k := range keys {
		a := per[k]
		t.Logf("ranked first: %-60s %3d/%3d = %.1f%%", k, a.r1, a.in, 100*evalset.Ratio(a.r1, a.in))
	}
	if os.Getenv("ACMKB_TUNE_MISSES") != "" {
		for _, c := range all {
			if c.InScope() && !c.ranked1 && strings.Contains(c.kb+c.set, os.Getenv("ACMKB_TUNE_MISSES")) {
				t.Logf("rank miss %s %s: want %s got %s: %s", c.kb, c.set, c.Expected, c.top, c.Question)
			}
		}
	}
	// Policy search: per knowledge base, right, wrong, not covered.
	p := analysis.DefaultPolicy
	eval := func(p analysis.Policy) (score float64, line string) {
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
			ans := c.top != "" && p.Answers(c.fit)
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
		sort.Strings(names)
		for _, n := range names {
			r := byKB[n]
			score += float64(r.right)/float64(r.in) - 3*float64(r.wrong)/float64(r.in+r.out)
			line += fmt.Sprintf(" | %s right %d/%d wrong %d abst %d/%d", n, r.right, r.in, r.wrong, r.abst, r.out)
		}
		return score, line
	}
	s, line := eval(p)
	t.Logf("default %+v: %.3f%s", p, s, line)
	type cand struct {
		p    analysis.Policy
		s    float64
		line string
	}
	var cands []cand
	for _, mc := range []float64{0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8} {
		for _, mm := range []float64{0, 0.05, 0.1, 0.15, 0.2, 0.3} {
			for _, sc := range []float64{0.7, 0.8, 0.9, 1.01} {
				q := p
				q.MinCoverage, q.MinMargin, q.SureCoverage = mc, mm, sc
				s, line := eval(q)
				cands = append(cands, cand{q, s, line})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].s > cands[j].s })
	for _, c := range cands[:8] {
		t.Logf("cov %.2f margin %.2f sure %.2f: %.3f%s", c.p.MinCoverage, c.p.MinMargin, c.p.SureCoverage, c.s, c.line)
	}
	_ = kb.EN
}
