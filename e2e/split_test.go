package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/site"
	"github.com/chromedp/chromedp"
)

// withFiller adds n generated entries of made-up words to k, enough for the
// search data to be split, without changing which entry a question is about.
func withFiller(k *kb.KB, n int) *kb.KB {
	syllables := strings.Fields("ka lo mi re tu sa ne po vi qu ax el dor fen gri hum jal kes")
	kana := strings.Fields("カ ロ ミ レ ツ サ ネ ポ ビ ク ア エ ド フ グ ヒ ジ ケ")
	seed := uint32(1)
	next := func(m int) int { // xorshift: the same entries every run
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		return int(seed % uint32(m))
	}
	words := func(count int, from []string, sep string) string {
		var out []string
		for i := 0; i < count; i++ {
			var w strings.Builder
			for j := 0; j < 2+next(3); j++ {
				w.WriteString(from[next(len(from))])
			}
			out = append(out, w.String())
		}
		return strings.Join(out, sep)
	}
	entries := append([]*kb.Entry(nil), k.Entries...)
	for i := 0; i < n; i++ {
		e := &kb.Entry{
			ID: fmt.Sprintf("zz-filler-%04d", i), Verdict: kb.Verdicts[i%3], Verified: k.Entries[0].Verified,
			Title:    kb.Text{kb.EN: words(4, syllables, " "), kb.JA: words(3, kana, "の")},
			Answer:   kb.Text{kb.EN: words(15, syllables, " "), kb.JA: words(10, kana, "、")},
			Examples: kb.List{kb.EN: {words(6, syllables, " ") + "?", words(5, syllables, " ")}, kb.JA: {words(4, kana, "を") + "？"}},
			Body:     kb.Text{kb.EN: words(60, syllables, " "), kb.JA: words(40, kana, "。")},
			Tags:     []string{words(1, syllables, "")},
		}
		entries = append(entries, e)
	}
	return kb.New(k.Config, entries, k.Thesaurus)
}

// TestSplitSearchDataMatchesCLI builds the site of a knowledge base large
// enough for the search data to be split (shards, vocabularies, document
// chunks), and wants search.js to rank as the CLI does on the evaluation
// questions while loading only part of the data for each.
func TestSplitSearchDataMatchesCLI(t *testing.T) {
	tab := newTab(t, 2*time.Minute) // first: without a browser the test skips before building
	k, _, sets := knowledgeBase(t)
	big := withFiller(k, 600)
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "site")
	if err := site.Build(big, dir, site.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := index.Build(big, filepath.Join(tmp, "index")); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(tmp, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	data := readSearchData(t, dir)
	if _, err := os.Stat(filepath.Join(data.dir, "p1.json")); err != nil {
		t.Fatalf("the search data of %d entries is not split", len(big.Entries))
	}

	var qs []string
	for _, c := range sets["eval.tsv"] {
		qs = append(qs, c.Question)
	}
	in, _ := json.Marshal(qs)
	srv := serve(t, os.DirFS(dir))
	do(t, tab, chromedp.Navigate(srv.URL+"/en/search/"))
	type result struct {
		Top      string   `json:"top"`
		Answered bool     `json:"answered"`
		Files    []string `json:"files"`
	}
	got := run(t, tab, chromedp.Evaluate[[]result](`(async (qs) => {
		const e = await acmkbSearch.load(document.querySelector('meta[name="acmkb-search"]').content);
		const out = [];
		for (const q of qs) {
			performance.clearResourceTimings();
			const r = await e.search(q, 4);
			const files = performance.getEntriesByType('resource').map((x) => new URL(x.name).pathname.replace(/.*\//, ''));
			out.push({ top: r.hits.length ? r.hits[0].id : '', answered: r.answered, files });
		}
		return out;
	})(`+string(in)+`)`, chromedp.EvalAwaitPromise))

	agree, vocabs := 0, 0
	for i, q := range qs {
		want, wantAnswered := cliTop(t, ix, q)
		if got[i].Top == want && got[i].Answered == wantAnswered {
			agree++
		} else {
			t.Logf("differs from the CLI: %s: browser %s, CLI %s", q, describeTop(got[i].Top, got[i].Answered), describeTop(want, wantAnswered))
		}
		for _, f := range got[i].Files {
			if strings.HasPrefix(f, "v") {
				vocabs++
			}
		}
	}
	// What the first question loads, against all there is.
	size := func(names []string) (n int64) {
		for _, name := range names {
			if fi, err := os.Stat(filepath.Join(data.dir, name)); err == nil {
				n += fi.Size()
			}
		}
		return n
	}
	all, _ := filepath.Glob(filepath.Join(data.dir, "*.json"))
	for i := range all {
		all[i] = filepath.Base(all[i])
	}
	firstBytes, allBytes := size(append(got[0].Files, "index.json")), size(all)
	t.Logf("%d entries, %d files of search data (%d shards): %d/%d questions ranked as by the CLI (%.1f%%); the first question loaded %d files, %d of %d bytes; %d vocabulary files loaded for typo correction over all questions",
		len(big.Entries), len(all), data.Shards, agree, len(qs), 100*float64(agree)/float64(len(qs)), len(got[0].Files)+1, firstBytes, allBytes, vocabs)
	if float64(agree) < 0.95*float64(len(qs)) {
		t.Errorf("split search data: the browser ranks as the CLI for %d of %d questions, want 95%%", agree, len(qs))
	}
	if firstBytes*2 > allBytes {
		t.Errorf("the first question loaded %d of %d bytes of search data, want less than half", firstBytes, allBytes)
	}
}
