// Command harness is acmkb's benchmark harness (issue 11). bench/run builds
// it and acmkb, then runs
//
//	harness run -acmkb BIN [-sizes 1000,10000] [-work DIR] ...
//
// which, for each size, generates a synthetic knowledge base (package
// bench/synth), builds it with acmkb and the same pages with Hugo, edits
// one entry and rebuilds, answers with a warm `acmkb ask --content` against
// `rg -i -l` over the same files, indexes the acmkb site with Pagefind and
// measures in headless Chromium the bytes a first search transfers on
// acmkb's search page and with Pagefind's UI and API. It prints one table
// (Markdown) and writes every figure to WORK/results.json. docs/benchmarks.md
// explains the figures.
//
//	harness gen -n 1000 -out DIR [-seed 1]
//
// only writes a synthetic knowledge base, for `acmkb build --content DIR`.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/acmkb/acmkb/bench/synth"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/loader"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "run":
		err = runAll(os.Args[2:])
	case "search":
		err = searchOnly(os.Args[2:])
	case "report":
		err = report(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: harness gen -n N -out DIR [-seed S]\n       harness run -acmkb BIN [-sizes 1000,10000] [-work DIR] [flags] (see -h)\n       harness search -site DIR [-pagefind BIN] [-chromium BIN]\n       harness report [-json FILE]")
	os.Exit(2)
}

func gen(args []string) error {
	fl := flag.NewFlagSet("gen", flag.ExitOnError)
	n := fl.Int("n", 1000, "entries in all, the real ones included")
	seed := fl.Uint64("seed", 1, "random seed: the same seed gives the same files")
	out := fl.String("out", "", "write the content directory to `DIR` (must not exist)")
	fl.Parse(args)
	if *out == "" {
		return errors.New("gen: -out DIR is required")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("gen: %s exists", *out)
	}
	files, err := synth.Generate(content.FS(), synth.Options{Entries: *n, Seed: *seed}, time.Now())
	if err != nil {
		return err
	}
	if err := files.Write(*out); err != nil {
		return err
	}
	fmt.Printf("%d entries in %s (%s)\n", *n, *out, fmtBytes(treeSize(*out).Bytes))
	return nil
}

// report prints the table again from a run's results.json.
func report(args []string) error {
	fl := flag.NewFlagSet("report", flag.ExitOnError)
	file := fl.String("json", "bench/.work/results.json", "the results of a run (`FILE`)")
	fl.Parse(args)
	data, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	var saved struct {
		Environment string    `json:"environment"`
		Results     []*Result `json:"results"`
	}
	if err := json.Unmarshal(data, &saved); err != nil {
		return fmt.Errorf("%s: %w", *file, err)
	}
	writeReport(os.Stdout, saved.Environment, saved.Results)
	return nil
}

// searchOnly measures first searches on a site that acmkb built (indexing it
// with Pagefind first unless DIR/pagefind exists).
func searchOnly(args []string) error {
	fl := flag.NewFlagSet("search", flag.ExitOnError)
	site := fl.String("site", "", "the site acmkb built (`DIR`)")
	cfg := config{}
	fl.StringVar(&cfg.chromium, "chromium", "chromium", "Chromium")
	fl.StringVar(&cfg.pagefnd, "pagefind", "bench/node_modules/.bin/pagefind", "Pagefind (npm ci --prefix bench)")
	fl.Parse(args)
	if *site == "" {
		return errors.New("search: -site DIR is required")
	}
	var err error
	if cfg.chromium, err = tool(cfg.chromium, false); err != nil {
		return err
	}
	r := &Result{}
	if _, err := os.Stat(filepath.Join(*site, "pagefind")); err != nil {
		if cfg.pagefnd, err = tool(cfg.pagefnd, true); err != nil {
			return err
		}
		if r.Pagefind, err = measure(pagefindCommand(cfg, *site)); err != nil {
			return err
		}
	}
	if err := addPagefindPages(*site); err != nil {
		return err
	}
	if r.Fetches, err = firstSearches(cfg, *site); err != nil {
		return err
	}
	writeFetches(os.Stdout, r)
	return nil
}

// pagefindCommand indexes the entry pages of an acmkb site as a Pagefind
// user would: the <main> of each page (data-pagefind-body would do the same
// in the templates), not the home pages that list every entry.
func pagefindCommand(cfg config, site string) command {
	return command{name: "pagefind", argv: []string{cfg.pagefnd, "--site", site, "--glob", "{en,ja}/*/index.html", "--root-selector", "main"}}
}

// config is what `harness run` was told.
type config struct {
	sizes                              []int
	seed                               uint64
	work                               string
	acmkb, hugo, rg, chromium, pagefnd string
	runs                               int
	buildRounds                        int
	skip                               map[string]bool
}

// The questions asked with `acmkb ask`, each with the words a support
// engineer would give `rg -i -l` instead.
var questions = []struct{ ask, rg string }{
	{"can I export the private key?", "private key"},
	{"can I copy a certificate to another region?", "region"},
	{"ACM の証明書を別のリージョンにコピーできますか", "リージョン"},
}

// The searches typed into each searcher in the browser.
var queries = []Query{
	{"en", "export private key"},
	{"en", "copy certificate to another region"},
	{"ja", "秘密鍵をエクスポート"},
}

// Result holds every figure of one size.
type Result struct {
	Entries  int           `json:"entries"`
	Load     []string      `json:"loadavg"` // /proc/loadavg at the start and the end: the machine is shared
	Generate time.Duration `json:"generate_ns"`
	Content  Tree          `json:"content"`

	Build        Run   `json:"build"`          // acmkb build, from scratch: the round of median wall time
	BuildRounds  []Run `json:"build_rounds"`   // every round of it
	Rebuild      Run   `json:"rebuild"`        // the same again, nothing changed
	EditRebuild  Run   `json:"edit_rebuild"`   // after editing one entry
	Site         Tree  `json:"site"`           // what acmkb wrote: the site...
	Index        Tree  `json:"index"`          // ...and the bleve index
	SearchData   Tree  `json:"search_data"`    // of the site: assets/search/
	Hugo         Run   `json:"hugo"`           // hugo, from scratch: the round of median wall time
	HugoRounds   []Run `json:"hugo_rounds"`    // every round of it
	HugoRebuild  Run   `json:"hugo_rebuild"`   // again, nothing changed
	HugoEdit     Run   `json:"hugo_edit"`      // after editing the same entry
	HugoSite     Tree  `json:"hugo_site"`      // what Hugo wrote
	HugoSkipped  bool  `json:"hugo_skipped"`   // -skip hugo
	AskFirst     Run   `json:"ask_first"`      // the first ask: builds the cached index
	AskAfterEdit Run   `json:"ask_after_edit"` // the first ask after the edit

	AskWarm Series   `json:"ask_warm"` // every warm ask, all questions
	RgWarm  Series   `json:"rg_warm"`  // every rg run, all patterns
	AskEach []Series `json:"ask_each"` // per question
	RgEach  []Series `json:"rg_each"`

	Pagefind       Run     `json:"pagefind"`        // pagefind indexing the acmkb site
	PagefindBundle Tree    `json:"pagefind_bundle"` // site/pagefind/
	Fetches        []Fetch `json:"fetches"`
}

func runAll(args []string) error {
	fl := flag.NewFlagSet("run", flag.ExitOnError)
	sizes := fl.String("sizes", "1000,10000", "knowledge base sizes, comma-separated")
	cfg := config{skip: map[string]bool{}}
	fl.Uint64Var(&cfg.seed, "seed", 1, "generator seed")
	fl.StringVar(&cfg.work, "work", "bench/.work", "working `DIR` (each size in DIR/N, replaced)")
	fl.StringVar(&cfg.acmkb, "acmkb", "", "the acmkb binary to measure (required)")
	fl.StringVar(&cfg.hugo, "hugo", "hugo", "Hugo")
	fl.StringVar(&cfg.rg, "rg", "rg", "ripgrep")
	fl.StringVar(&cfg.chromium, "chromium", "chromium", "Chromium")
	fl.StringVar(&cfg.pagefnd, "pagefind", "bench/node_modules/.bin/pagefind", "Pagefind (npm ci --prefix bench)")
	fl.IntVar(&cfg.runs, "runs", 7, "runs of each warm ask and rg (the median is reported)")
	fl.IntVar(&cfg.buildRounds, "build-rounds", 3, "full builds from nothing of each tool, taken in turn (the median is reported)")
	skip := fl.String("skip", "", "parts to leave out, comma-separated: hugo, ask, browser (browser includes pagefind)")
	jsonOut := fl.String("json", "", "write every figure to `FILE` (default WORK/results.json)")
	fl.Parse(args)
	if cfg.acmkb == "" {
		return errors.New("run: -acmkb BIN is required (bench/run builds it)")
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("run: bad size %q", s)
		}
		cfg.sizes = append(cfg.sizes, n)
	}
	for _, s := range strings.Split(*skip, ",") {
		if s = strings.TrimSpace(s); s != "" {
			cfg.skip[s] = true
		}
	}
	var err error
	if cfg.acmkb, err = tool(cfg.acmkb, true); err != nil {
		return err
	}
	if timeBin, err = tool(timeBin, false); err != nil {
		return fmt.Errorf("%w: GNU time measures peak memory (apt-get install -y time)", err)
	}
	if !cfg.skip["hugo"] {
		if cfg.hugo, err = tool(cfg.hugo, false); err != nil {
			return err
		}
	}
	if !cfg.skip["ask"] {
		if cfg.rg, err = tool(cfg.rg, false); err != nil {
			return err
		}
	}
	if !cfg.skip["browser"] {
		if cfg.chromium, err = tool(cfg.chromium, false); err != nil {
			return err
		}
		if cfg.pagefnd, err = tool(cfg.pagefnd, true); err != nil {
			return fmt.Errorf("%w (run npm ci --prefix bench)", err)
		}
	}
	if err := os.MkdirAll(cfg.work, 0o755); err != nil {
		return err
	}
	if *jsonOut == "" {
		*jsonOut = filepath.Join(cfg.work, "results.json")
	}

	env := environment(cfg)
	fmt.Fprintln(os.Stderr, env)
	var results []*Result
	for _, n := range cfg.sizes {
		r, err := runSize(cfg, n)
		if err != nil {
			return fmt.Errorf("%d entries: %w", n, err)
		}
		results = append(results, r)
		data, _ := json.MarshalIndent(map[string]any{"environment": env, "results": results}, "", "  ")
		if err := os.WriteFile(*jsonOut, data, 0o644); err != nil {
			return err
		}
	}
	writeReport(os.Stdout, env, results)
	fmt.Fprintf(os.Stderr, "every figure: %s\n", *jsonOut)
	return nil
}

// tool resolves a program: a path (local) or a name on $PATH.
func tool(name string, local bool) (string, error) {
	if local || strings.ContainsRune(name, '/') {
		p, err := filepath.Abs(name)
		if err != nil {
			return "", err
		}
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s not found", name)
		}
		return p, nil
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found on $PATH", name)
	}
	return p, nil
}

// environment says what was measured with what.
func environment(cfg config) string {
	version := func(argv ...string) string {
		out, err := exec.Command(argv[0], argv[1:]...).Output()
		if err != nil {
			return "?"
		}
		line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		return line
	}
	parts := []string{fmt.Sprintf("%s, %d cores, %s", runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), time.Now().Format("2006-01-02"))}
	parts = append(parts, version(cfg.acmkb, "--version"))
	if !cfg.skip["hugo"] {
		parts = append(parts, version(cfg.hugo, "version"))
	}
	if !cfg.skip["ask"] {
		parts = append(parts, version(cfg.rg, "--version"))
	}
	if !cfg.skip["browser"] {
		parts = append(parts, version(cfg.pagefnd, "--version"), version(cfg.chromium, "--version"))
	}
	return strings.Join(parts, "; ")
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func runSize(cfg config, n int) (*Result, error) {
	dir, err := filepath.Abs(filepath.Join(cfg.work, strconv.Itoa(n)))
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	r := &Result{Entries: n, Load: []string{loadavg()}}
	defer func() { r.Load = append(r.Load, loadavg()) }()
	contentDir := filepath.Join(dir, "content")
	siteDir, indexDir := filepath.Join(dir, "site"), filepath.Join(dir, "acmkb.bleve")
	hugoDir, hugoOut := filepath.Join(dir, "hugo"), filepath.Join(dir, "hugo-public")

	logf("%d entries: generating", n)
	start := time.Now()
	files, err := synth.Generate(content.FS(), synth.Options{Entries: n, Seed: cfg.seed}, time.Now())
	if err != nil {
		return nil, err
	}
	if err := files.Write(contentDir); err != nil {
		return nil, err
	}
	r.Generate = time.Since(start)
	r.Content = treeSize(contentDir)
	k, problems := loader.Load(files.FS(), loader.Options{})
	if err := problems.Err(); err != nil {
		return nil, err
	}
	edited := k.Entries[len(k.Entries)/2]

	// The build's own cache (what it analysed before) starts empty, in the
	// work directory, as on a fresh checkout: the first build is from nothing.
	buildInto := func(site, index, cache string) command {
		return command{name: "acmkb build", argv: []string{cfg.acmkb, "build", "--content", contentDir, "--out", site, "--index", index},
			env: []string{"ACMKB_CACHE_DIR=" + cache}}
	}
	hugoInto := func(out string) command {
		return command{name: "hugo", argv: []string{cfg.hugo, "--source", hugoDir, "--destination", out, "--quiet"}}
	}
	build, hugo := buildInto(siteDir, indexDir, filepath.Join(dir, "build-cache")), hugoInto(hugoOut)
	r.HugoSkipped = cfg.skip["hugo"]
	if !r.HugoSkipped {
		if err := writeHugoSite(hugoDir, k); err != nil {
			return nil, err
		}
	}

	// Full builds from nothing, acmkb's and Hugo's in turn, the first tool
	// swapped every round, each into directories that never existed, after
	// everything written so far is on disk: a build that starts while the
	// kernel still writes back 144 MB of freshly generated content pays
	// seconds of system time for it in mkdir and open, and one that writes
	// where a tree of 20,000 files was just deleted pays more (tonight both
	// tools slowed round after round, acmkb 16 -> 19 -> 24 s, Hugo 14 -> 17
	// -> 20 s, when each round deleted the last one's output first; a fresh
	// directory a minute later: 11.3 and 11.9 s). That is the machine's
	// doing, not the tool's; a fresh checkout builds into a new directory.
	// The earlier rounds write under rounds/, deleted when all are done; the
	// last writes where the steps after it look. The round with the median
	// wall time is reported for each tool.
	type contender struct {
		name string
		runs *[]Run
		cmd  func(last bool, round int) command // the build, into fresh directories
	}
	roundDir := func(round int, name string) string {
		return filepath.Join(dir, "rounds", strconv.Itoa(round), name)
	}
	tools := []contender{{"acmkb build", &r.BuildRounds, func(last bool, round int) command {
		if last {
			return build
		}
		d := roundDir(round, "acmkb")
		return buildInto(filepath.Join(d, "site"), filepath.Join(d, "index"), filepath.Join(d, "build-cache"))
	}}}
	if !r.HugoSkipped {
		tools = append(tools, contender{"hugo", &r.HugoRounds, func(last bool, round int) command {
			if last {
				return hugo
			}
			return hugoInto(roundDir(round, "hugo"))
		}})
	}
	rounds := max(cfg.buildRounds, 1)
	for round := 0; round < rounds; round++ {
		for i := range tools {
			tool := tools[(i+round)%len(tools)] // the first swaps every round
			syscall.Sync()
			logf("%d entries: %s, round %d", n, tool.name, round+1)
			run, err := measure(tool.cmd(round == rounds-1, round))
			if err != nil {
				return nil, err
			}
			*tool.runs = append(*tool.runs, run)
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, "rounds")); err != nil {
		return nil, err
	}
	syscall.Sync()
	r.Build, r.Hugo = medianRun(r.BuildRounds), medianRun(r.HugoRounds)
	r.Site, r.Index, r.SearchData = treeSize(siteDir), treeSize(indexDir), treeSize(filepath.Join(siteDir, "assets", "search"))
	logf("%d entries: acmkb build took %s (median); again, nothing changed", n, fmtDur(r.Build.Wall))
	if r.Rebuild, err = measure(build); err != nil {
		return nil, err
	}
	if !r.HugoSkipped {
		r.HugoSite = treeSize(hugoOut)
		if r.HugoRebuild, err = measure(hugo); err != nil {
			return nil, err
		}
	}

	ask := func(q string) command {
		return command{name: "acmkb ask", ok: []int{1},
			argv: []string{cfg.acmkb, "ask", "--content", contentDir, q},
			env:  []string{"ACMKB_CACHE_DIR=" + filepath.Join(dir, "cache"), "NO_COLOR=1"}}
	}
	if !cfg.skip["ask"] {
		logf("%d entries: first ask (builds the cache)", n)
		if r.AskFirst, err = measure(ask(questions[0].ask)); err != nil {
			return nil, err
		}
		logf("%d entries: warm ask and rg, %d runs each", n, cfg.runs)
		var all, allRg []Run
		for _, q := range questions {
			runs, err := repeat(ask(q.ask), cfg.runs)
			if err != nil {
				return nil, err
			}
			all = append(all, runs...)
			r.AskEach = append(r.AskEach, summarize(runs))
			rg := command{name: "rg", ok: []int{1}, argv: []string{cfg.rg, "-i", "-l", q.rg, contentDir}}
			if _, err := measure(rg); err != nil { // one to warm up, as ask's first
				return nil, err
			}
			runs, err = repeat(rg, cfg.runs)
			if err != nil {
				return nil, err
			}
			allRg = append(allRg, runs...)
			r.RgEach = append(r.RgEach, summarize(runs))
		}
		r.AskWarm, r.RgWarm = summarize(all), summarize(allRg)
	}

	logf("%d entries: editing %s and rebuilding", n, edited.ID)
	if err := editEntry(filepath.Join(contentDir, filepath.FromSlash(synth.EntryPath(edited.ID)))); err != nil {
		return nil, err
	}
	if r.EditRebuild, err = measure(build); err != nil {
		return nil, err
	}
	if !r.HugoSkipped {
		if err := editEntry(filepath.Join(hugoDir, "content", "en", edited.ID+".md")); err != nil {
			return nil, err
		}
		if r.HugoEdit, err = measure(hugo); err != nil {
			return nil, err
		}
	}
	if !cfg.skip["ask"] {
		if r.AskAfterEdit, err = measure(ask(questions[1].ask)); err != nil {
			return nil, err
		}
	}

	if !cfg.skip["browser"] {
		logf("%d entries: pagefind", n)
		if r.Pagefind, err = measure(pagefindCommand(cfg, siteDir)); err != nil {
			return nil, err
		}
		r.PagefindBundle = treeSize(filepath.Join(siteDir, "pagefind"))
		if err := addPagefindPages(siteDir); err != nil {
			return nil, err
		}
		logf("%d entries: first searches in Chromium", n)
		if r.Fetches, err = firstSearches(cfg, siteDir); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// loadavg is the 1-, 5- and 15-minute load averages.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	return strings.Join(f[:min(3, len(f))], " ")
}

// editEntry changes one entry as an author would: a sentence more in the
// English explanation (the end of a Hugo page, which is all English).
func editEntry(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	const sentence = "\n\nEdited for the benchmark: one more sentence.\n"
	if i := bytes.Index(data, []byte("\n<!-- ja -->")); i >= 0 {
		data = append(data[:i:i], append([]byte(sentence), data[i:]...)...)
	} else {
		data = append(data, sentence...)
	}
	return os.WriteFile(file, data, 0o644)
}

// firstSearches measures every searcher on every query, from servers with
// and without gzip.
func firstSearches(cfg config, siteDir string) ([]Fetch, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var servers []*server
	for _, gz := range []bool{true, false} {
		srv, err := serveSite(ctx, siteDir, gz)
		if err != nil {
			return nil, err
		}
		servers = append(servers, srv)
	}
	b, err := startBrowser(cfg.chromium)
	if err != nil {
		return nil, err
	}
	defer b.cancel()
	var out []Fetch
	for _, q := range queries {
		for _, s := range searchers {
			for _, srv := range servers {
				f, err := b.firstSearch(srv, s, q)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", s.name, err)
				}
				logf("  %-12s gzip=%-5v %-40q %3d requests %9s (search %9s) %2d results, first %q", s.name, f.Gzip, q.Text, f.Requests, fmtBytes(f.Bytes), fmtBytes(f.Data), f.Hits, f.Top)
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// --- report ------------------------------------------------------------------

func fmtDur(d time.Duration) string {
	switch {
	case d == 0:
		return "—"
	case d >= 10*time.Second:
		return fmt.Sprintf("%.0f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
}

// fmtBytes uses decimal units: kB = 1000 bytes, MB = 10^6.
func fmtBytes(n int64) string {
	switch {
	case n == 0:
		return "—"
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f kB", float64(n)/1e3)
	default:
		return fmt.Sprintf("%d B", n)
	}
}

// fmtRSS formats a peak RSS given in KiB, in binary units.
func fmtRSS(kib int64) string {
	switch {
	case kib == 0:
		return "—"
	case kib >= 1<<20:
		return fmt.Sprintf("%.2f GiB", float64(kib)/(1<<20))
	default:
		return fmt.Sprintf("%.0f MiB", float64(kib)/(1<<10))
	}
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f×", a/b)
}

// cell is one size's figures in a row: acmkb's, the other tool's, and the
// ratio acmkb / other.
type cell struct{ acmkb, other, ratio string }

func durCell(a, b time.Duration) cell {
	return cell{fmtDur(a), fmtDur(b), ratio(float64(a), float64(b))}
}

func rssCell(a, b int64) cell { return cell{fmtRSS(a), fmtRSS(b), ratio(float64(a), float64(b))} }

// fetchRange is the range over the queries of acmkb's and other's figure
// (data or whole page), and of their ratios.
func fetchRange(fs []Fetch, other string, gz, data bool) cell {
	get := func(f Fetch) int64 {
		if data {
			return f.Data
		}
		return f.Bytes
	}
	var a, o []int64
	var rs []float64
	for _, q := range queries {
		var fa, fo *Fetch
		for i := range fs {
			if fs[i].Query == q && fs[i].Gzip == gz {
				switch fs[i].Searcher {
				case "acmkb":
					fa = &fs[i]
				case other:
					fo = &fs[i]
				}
			}
		}
		if fa == nil || fo == nil {
			continue
		}
		a, o = append(a, get(*fa)), append(o, get(*fo))
		rs = append(rs, float64(get(*fa))/float64(get(*fo)))
	}
	if len(a) == 0 {
		return cell{"—", "—", "—"}
	}
	span := func(v []int64) string {
		lo, hi := v[0], v[0]
		for _, x := range v {
			lo, hi = min(lo, x), max(hi, x)
		}
		if fmtBytes(lo) == fmtBytes(hi) {
			return fmtBytes(lo)
		}
		return fmtBytes(lo) + "–" + fmtBytes(hi)
	}
	lo, hi := rs[0], rs[0]
	for _, x := range rs {
		lo, hi = min(lo, x), max(hi, x)
	}
	rr := fmt.Sprintf("%.1f×", lo)
	if fmt.Sprintf("%.1f", lo) != fmt.Sprintf("%.1f", hi) {
		rr = fmt.Sprintf("%.1f–%.1f×", lo, hi)
	}
	return cell{span(a), span(o), rr}
}

// writeReport prints the table: one row per figure, for each size acmkb's
// figure, the other tool's and the ratio acmkb / other.
func writeReport(w io.Writer, env string, rs []*Result) {
	type row struct {
		name, other string
		get         func(*Result) cell
	}
	rows := []row{
		{"content (entries, thesaurus, kb.yaml)", "", func(r *Result) cell {
			return cell{fmt.Sprintf("%s, %d files", fmtBytes(r.Content.Bytes), r.Content.Files), "", ""}
		}},
		{"full build, wall", "Hugo", func(r *Result) cell { return durCell(r.Build.Wall, r.Hugo.Wall) }},
		{"full build, CPU (user+sys)", "Hugo", func(r *Result) cell { return durCell(r.Build.CPU, r.Hugo.CPU) }},
		{"full build, peak RSS", "Hugo", func(r *Result) cell { return rssCell(r.Build.MaxRSS, r.Hugo.MaxRSS) }},
		{"full build, every round (wall)", "Hugo", func(r *Result) cell {
			if len(r.BuildRounds) < 2 {
				return cell{"—", "—", "—"}
			}
			return cell{walls(r.BuildRounds), walls(r.HugoRounds), ""}
		}},
		{"rebuild after editing one entry", "Hugo", func(r *Result) cell { return durCell(r.EditRebuild.Wall, r.HugoEdit.Wall) }},
		{"rebuild after editing one entry, CPU", "Hugo", func(r *Result) cell { return durCell(r.EditRebuild.CPU, r.HugoEdit.CPU) }},
		{"rebuild, nothing changed", "Hugo", func(r *Result) cell { return durCell(r.Rebuild.Wall, r.HugoRebuild.Wall) }},
		{"output written (acmkb: site + index)", "Hugo", func(r *Result) cell {
			a := r.Site.Bytes + r.Index.Bytes
			return cell{fmt.Sprintf("%s, %d files", fmtBytes(a), r.Site.Files+r.Index.Files), fmt.Sprintf("%s, %d files", fmtBytes(r.HugoSite.Bytes), r.HugoSite.Files), ratio(float64(a), float64(r.HugoSite.Bytes))}
		}},
		{"warm `ask --content` (median)", "`rg -i -l`", func(r *Result) cell { return durCell(r.AskWarm.Median, r.RgWarm.Median) }},
		{"warm ask, CPU (median)", "`rg -i -l`", func(r *Result) cell { return durCell(r.AskWarm.CPU, r.RgWarm.CPU) }},
		{"warm ask, peak RSS", "`rg -i -l`", func(r *Result) cell { return rssCell(r.AskWarm.MaxRSS, r.RgWarm.MaxRSS) }},
		{"first ask (builds the cached index)", "", func(r *Result) cell { return cell{fmtDur(r.AskFirst.Wall), "", ""} }},
		{"first ask after editing one entry", "", func(r *Result) cell { return cell{fmtDur(r.AskAfterEdit.Wall), "", ""} }},
		{"first query, search bytes, gzip", "Pagefind UI", func(r *Result) cell { return fetchRange(r.Fetches, "pagefind-ui", true, true) }},
		{"first query, whole page, gzip", "Pagefind UI", func(r *Result) cell { return fetchRange(r.Fetches, "pagefind-ui", true, false) }},
		{"first query, whole page, no compression", "Pagefind UI", func(r *Result) cell { return fetchRange(r.Fetches, "pagefind-ui", false, false) }},
		{"first query, search bytes, gzip", "Pagefind API", func(r *Result) cell { return fetchRange(r.Fetches, "pagefind-api", true, true) }},
		{"first query, whole page, no compression", "Pagefind API", func(r *Result) cell { return fetchRange(r.Fetches, "pagefind-api", false, false) }},
		{"search index on disk (acmkb: assets/search)", "Pagefind bundle", func(r *Result) cell {
			return cell{fmtBytes(r.SearchData.Bytes), fmtBytes(r.PagefindBundle.Bytes), ratio(float64(r.SearchData.Bytes), float64(r.PagefindBundle.Bytes))}
		}},
		{"indexing for search (acmkb: within the build)", "Pagefind", func(r *Result) cell { return cell{"—", fmtDur(r.Pagefind.Wall), ""} }},
		{"indexing for search, peak RSS", "Pagefind", func(r *Result) cell { return cell{"—", fmtRSS(r.Pagefind.MaxRSS), ""} }},
	}
	fmt.Fprintf(w, "\n%s\n", env)
	for _, r := range rs {
		fmt.Fprintf(w, "load average (1, 5, 15 min) at the start and end of %s entries: %s\n", fmtCount(r.Entries), strings.Join(r.Load, " → "))
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "| figure | compared with |")
	for _, r := range rs {
		fmt.Fprintf(w, " %s: acmkb | other | ratio |", fmtCount(r.Entries))
	}
	fmt.Fprint(w, "\n|---|---|")
	for range rs {
		fmt.Fprint(w, "--:|--:|--:|")
	}
	fmt.Fprintln(w)
	for _, row := range rows {
		line, empty := fmt.Sprintf("| %s | %s |", row.name, row.other), true
		for _, r := range rs {
			c := row.get(r)
			line += fmt.Sprintf(" %s | %s | %s |", c.acmkb, c.other, c.ratio)
			empty = empty && strings.Trim(c.acmkb+c.other, "— ") == ""
		}
		if !empty { // a part left out (-skip)
			fmt.Fprintln(w, line)
		}
	}
	for _, r := range rs {
		writeFetches(w, r)
	}
}

// writeFetches prints the first searches of one size one by one.
func writeFetches(w io.Writer, r *Result) {
	if len(r.Fetches) == 0 {
		return
	}
	size := fmtCount(r.Entries) + " entries"
	if r.Entries == 0 {
		size = "one site"
	}
	fmt.Fprintf(w, "\nFirst query, %s (bytes over the wire, headers included; search = acmkb's search.js and data, or Pagefind's files):\n\n", size)
	fmt.Fprintln(w, "| query | searcher | gzip: page | gzip: search | plain: page | plain: search | requests | results | first result |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|---|")
	for _, q := range queries {
		for _, s := range searchers {
			var gz, plain Fetch
			for _, f := range r.Fetches {
				if f.Query == q && f.Searcher == s.name {
					if f.Gzip {
						gz = f
					} else {
						plain = f
					}
				}
			}
			fmt.Fprintf(w, "| %s: %s | %s | %s | %s | %s | %s | %d | %d | %s |\n", q.Lang, q.Text, s.name,
				fmtBytes(gz.Bytes), fmtBytes(gz.Data), fmtBytes(plain.Bytes), fmtBytes(plain.Data), gz.Requests, gz.Hits, truncate(gz.Top, 60))
		}
	}
}

func fmtCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func truncate(s string, n int) string {
	s = strings.ReplaceAll(s, "|", "/")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
