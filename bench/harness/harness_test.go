package main

// Cheap tests of the harness's own parts; the harness itself (Hugo, rg,
// Pagefind, Chromium) runs only from bench/run.

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/acmkb/acmkb/bench/synth"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
)

func TestServerCountsWhatItSends(t *testing.T) {
	dir := t.TempDir()
	page := strings.Repeat("<p>hello</p>\n", 500)
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, gz := range []bool{true, false} {
		srv, err := serveSite(ctx, dir, gz)
		if err != nil {
			t.Fatal(err)
		}
		srv.reset()
		req, _ := http.NewRequest("GET", srv.base+"/", nil)
		req.Header.Set("Accept-Encoding", "gzip") // set by hand: the client does not decompress
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if gz {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gzip: %v", err)
			}
			plain, _ := io.ReadAll(zr)
			if string(plain) != page || len(body) >= len(page) {
				t.Errorf("gzip: %d bytes sent for a page of %d", len(body), len(page))
			}
		} else if string(body) != page {
			t.Errorf("plain: got %d bytes, want the page", len(body))
		}
		for !srv.quiet(10 * time.Millisecond) {
			time.Sleep(5 * time.Millisecond)
		}
		if len(srv.sent) != 1 || srv.sent[0].bytes != int64(len(body)) || srv.sent[0].header < 100 {
			t.Errorf("gzip %v: counted %+v, want one response of %d body bytes and its headers", gz, srv.sent, len(body))
		}
	}
}

func TestEditEntryAddsEnglish(t *testing.T) {
	f := filepath.Join(t.TempDir(), "e.md")
	os.WriteFile(f, []byte("---\nid: e\n---\n<!-- en -->\nEnglish.\n\n<!-- ja -->\n日本語。\n"), 0o644)
	if err := editEntry(f); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(f)
	en, ja, _ := strings.Cut(string(data), "<!-- ja -->")
	if !strings.Contains(en, "Edited for the benchmark") || strings.Contains(ja, "Edited") {
		t.Errorf("edited entry:\n%s", data)
	}
}

func TestHugoSiteHasEveryEntryInBothLanguages(t *testing.T) {
	real, err := fs.Glob(content.FS(), "entries/*.md")
	if err != nil {
		t.Fatal(err)
	}
	// A few more than the real entries, so that some are synthetic.
	files, err := synth.Generate(content.FS(), synth.Options{Entries: len(real) + 5, Seed: 1}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	k, problems := loader.Load(files.FS(), loader.Options{})
	if problems.Err() != nil {
		t.Fatal(problems.Err())
	}
	dir := t.TempDir()
	if err := writeHugoSite(dir, k); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"config.toml", "layouts/_default/single.html", "layouts/_default/baseof.html", "layouts/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("Hugo site: %v", err)
		}
	}
	for _, e := range k.Entries {
		for _, l := range []string{"en", "ja"} {
			data, err := os.ReadFile(filepath.Join(dir, "content", l, e.ID+".md"))
			if err != nil {
				t.Fatal(err)
			}
			if e.Verdict != kb.Partly && !strings.Contains(string(data), `verdict: "`+string(e.Verdict)+`"`) {
				t.Errorf("%s/%s: verdict not quoted (Hugo's YAML reads yes and no as booleans):\n%s", l, e.ID, data)
			}
		}
	}
}

func TestReportPrintsEveryMeasuredRow(t *testing.T) {
	r := &Result{Entries: 1000, Load: []string{"0.1 0.1 0.1", "0.2 0.2 0.2"},
		Build: Run{Wall: 11 * time.Second, MaxRSS: 400 << 10}, Hugo: Run{Wall: 1400 * time.Millisecond, MaxRSS: 100 << 10},
		AskWarm: Series{Median: 860 * time.Millisecond}, RgWarm: Series{Median: 260 * time.Millisecond},
		Fetches: []Fetch{
			{Searcher: "acmkb", Query: queries[0], Gzip: true, Bytes: 2_300_000, Data: 2_200_000},
			{Searcher: "pagefind-ui", Query: queries[0], Gzip: true, Bytes: 276_000, Data: 270_000},
		}}
	var b strings.Builder
	writeReport(&b, "test", []*Result{r})
	out := b.String()
	for _, want := range []string{"| full build, wall | Hugo | 11 s | 1.4 s | 7.9× |", "| warm `ask --content` (median) | `rg -i -l` | 860 ms | 260 ms | 3.3× |", "2.2 MB | 270 kB | 8.1× |", "1,000: acmkb"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Pagefind bundle") {
		t.Errorf("a row with no figures is printed:\n%s", out)
	}
}

func TestFullBuildReportsTheMedianRoundAndEveryRound(t *testing.T) {
	s := func(d int) Run { return Run{Wall: time.Duration(d) * time.Second, CPU: time.Duration(d) * time.Second} }
	rounds := []Run{s(13), s(9), s(11)}
	if got := medianRun(rounds); got.Wall != 11*time.Second {
		t.Errorf("median of 13, 9, 11 s: got %v", got.Wall)
	}
	if got := medianRun([]Run{s(4), s(2)}); got.Wall != 4*time.Second {
		t.Errorf("median of 4, 2 s: got %v, want the later middle one", got.Wall)
	}
	if got := medianRun(nil); got != (Run{}) {
		t.Errorf("median of nothing: %v", got)
	}
	r := &Result{Entries: 10000, BuildRounds: rounds, HugoRounds: []Run{s(12), s(10), s(14)}}
	r.Build, r.Hugo = medianRun(r.BuildRounds), medianRun(r.HugoRounds)
	var b strings.Builder
	writeReport(&b, "test", []*Result{r})
	for _, want := range []string{"| full build, wall | Hugo | 11 s | 12 s | 0.9× |", "| full build, every round (wall) | Hugo | 13 s, 9.0 s, 11 s | 12 s, 10 s, 14 s |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
