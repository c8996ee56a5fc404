package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/evalset"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/acmkb/acmkb/site"
	"github.com/chromedp/chromedp"
)

// TestSearchMatchesCLIOnEverySet builds the site of every knowledge base in
// the repository (the ACM one and the samples under examples/), and asks
// every question of every evaluation set found beside it of search.js's
// engine in the page, and wants the CLI's first entry, and whether it
// answers, and whether several entries fit, for each: the browser runs the same analysis and the same rules,
// whatever the knowledge base.
func TestSearchMatchesCLIOnEverySet(t *testing.T) {
	tab := newTab(t, 5*time.Minute) // first: without a browser the test skips before building
	dirs := []string{"../content"}
	more, _ := filepath.Glob("../examples/*/kb.yaml")
	for _, m := range more {
		dirs = append(dirs, filepath.Dir(m))
	}
	now := func() time.Time { return time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC) } // the day examples/s3 was verified, the latest of the samples
	type kbAt struct {
		k   *kb.KB
		dir string // where its sets are
	}
	var kbs []kbAt
	for _, dir := range dirs {
		k, problems := loader.Load(os.DirFS(dir), loader.Options{Now: now})
		if err := problems.Err(); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		// And a five-entry cut of each: the rules that depend on the
		// number of entries (analysis.Policy.ForSize) run in the browser too.
		kbs = append(kbs, kbAt{k, dir}, kbAt{evalset.SmallCut(k, 0, 5), dir})
	}
	for _, at := range kbs {
		k, dir := at.k, at.dir
		tmp := t.TempDir()
		if err := site.Build(k, filepath.Join(tmp, "site"), site.Options{}); err != nil {
			t.Fatal(err)
		}
		if err := index.Build(k, filepath.Join(tmp, "index")); err != nil {
			t.Fatal(err)
		}
		ix, err := index.Open(filepath.Join(tmp, "index"))
		if err != nil {
			t.Fatal(err)
		}
		srv := serve(t, os.DirFS(filepath.Join(tmp, "site")))
		do(t, tab, chromedp.Navigate(srv.URL+"/en/search/"))
		sets, _ := filepath.Glob(filepath.Join(dir, "*.tsv"))
		for _, set := range sets {
			data, err := os.ReadFile(set)
			if err != nil {
				t.Fatal(err)
			}
			cases, err := evalset.Parse(bytes.NewReader(data), set)
			if err != nil {
				t.Fatal(err)
			}
			var qs []string
			for _, c := range cases {
				qs = append(qs, c.Question)
			}
			in, _ := json.Marshal(qs)
			type result struct {
				Top       string   `json:"top"`
				Answered  bool     `json:"answered"`
				Ambiguous bool     `json:"ambiguous"`
				CloseCall bool     `json:"closeCall"`
				Unmatched []string `json:"unmatched"`
			}
			got := run(t, tab, chromedp.Evaluate[[]result](`(async (qs) => {
				const e = await acmkbSearch.load(document.querySelector('meta[name="acmkb-search"]').content);
				const out = [];
				for (const q of qs) {
					const r = await e.search(q, 1);
					out.push({ top: r.hits.length ? r.hits[0].id : '', answered: r.answered, ambiguous: !!r.ambiguous, closeCall: !!r.closeCall, unmatched: r.unmatched || [] });
				}
				return out;
			})(`+string(in)+`)`, chromedp.EvalAwaitPromise))
			agree := 0
			for i, q := range qs {
				want, wantAnswered := cliTop(t, ix, q)
				a, err := ix.Ask(q, index.Options{})
				if err != nil {
					t.Fatal(err)
				}
				unmatched := a.Unmatched // a close call's, or the nearest entry's when none answers
				if got[i].Top == want && got[i].Answered == wantAnswered && got[i].Ambiguous == a.Ambiguous && got[i].CloseCall == (a.Answered && a.CloseCall) && slices.Equal(got[i].Unmatched, unmatched) {
					agree++
				} else {
					t.Errorf("%s: %q: browser %s (ambiguous %v, close call %v %q), CLI %s (ambiguous %v, close call %v %q)", set, q, describeTop(got[i].Top, got[i].Answered), got[i].Ambiguous, got[i].CloseCall, got[i].Unmatched, describeTop(want, wantAnswered), a.Ambiguous, a.Answered && a.CloseCall, unmatched)
				}
			}
			t.Logf("%s (%d entries): the browser answers as the CLI for %d/%d questions", strings.TrimPrefix(set, "../"), len(k.Entries), agree, len(qs))
		}
		ix.Close()
	}
}
