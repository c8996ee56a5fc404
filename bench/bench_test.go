package bench_test

// Benchmarks of acmkb's stages on a synthetic knowledge base (package
// bench/synth), 1,000 entries unless ACMKB_BENCH_ENTRIES says otherwise:
//
//	go test ./bench -run '^$' -bench . -benchtime 1x
//	ACMKB_BENCH_ENTRIES=10000 go test ./bench -run '^$' -bench 'Render|Index$' -benchtime 1x -cpuprofile cpu.prof -memprofile mem.prof
//
// They need no other tool; the comparison with Hugo, ripgrep and Pagefind
// is bench/run (docs/benchmarks.md). Each reports ns/entry besides ns/op, so
// that sizes can be compared.

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/acmkb/acmkb/analysis"
	"github.com/acmkb/acmkb/bench/synth"
	"github.com/acmkb/acmkb/build"
	"github.com/acmkb/acmkb/content"
	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/loader"
	"github.com/acmkb/acmkb/site"
)

// size is the number of entries: ACMKB_BENCH_ENTRIES, else 1,000.
func size(b *testing.B) int {
	if s := os.Getenv("ACMKB_BENCH_ENTRIES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("ACMKB_BENCH_ENTRIES=%q: want a number of entries", s)
		}
		return n
	}
	return 1000
}

var generated = struct {
	once  sync.Once
	dir   string // the content directory on disk
	files synth.Files
	kb    *kb.KB
	err   error
}{}

// knowledgeBase generates the synthetic knowledge base once per process,
// writes it to a temporary directory and loads it.
func knowledgeBase(b *testing.B) (dir string, files synth.Files, k *kb.KB) {
	b.Helper()
	g := &generated
	g.once.Do(func() {
		if g.files, g.err = synth.Generate(content.FS(), synth.Options{Entries: size(b), Seed: 1}, time.Now()); g.err != nil {
			return
		}
		if g.dir, g.err = os.MkdirTemp("", "acmkb-bench-kb-"); g.err != nil {
			return
		}
		if g.err = g.files.Write(g.dir); g.err != nil {
			return
		}
		var problems loader.Problems
		g.kb, problems = loader.Load(g.files.FS(), loader.Options{})
		g.err = problems.Err()
	})
	if g.err != nil {
		b.Fatal(g.err)
	}
	return g.dir, g.files, g.kb
}

func TestMain(m *testing.M) {
	code := m.Run()
	if generated.dir != "" {
		os.RemoveAll(generated.dir)
	}
	os.Exit(code)
}

func perEntry(b *testing.B, entries int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(entries), "ns/entry")
}

// peakHeap samples the heap while the benchmark runs; the function it
// returns stops and reports the peak as peak-heap-MiB, and the live heap
// before (the generated knowledge base, mostly) as live-heap-MiB. Peak RSS
// of a process follows the peak heap.
func peakHeap(b *testing.B) (stop func()) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	live := sample[0].Value.Uint64()
	peak := live
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				metrics.Read(sample)
				peak = max(peak, sample[0].Value.Uint64())
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(live)/(1<<20), "live-heap-MiB")
	}
}

// BenchmarkLoad reads and checks the knowledge base (in memory).
func BenchmarkLoad(b *testing.B) {
	_, files, k := knowledgeBase(b)
	fsys := files.FS()
	b.ReportAllocs()
	defer peakHeap(b)()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, problems := loader.Load(fsys, loader.Options{}); problems.Err() != nil {
			b.Fatal(problems.Err())
		}
	}
	perEntry(b, len(k.Entries))
}

// BenchmarkRender renders the site: every page in both languages and the
// browser search data.
func BenchmarkRender(b *testing.B) {
	_, _, k := knowledgeBase(b)
	tmp := b.TempDir()
	b.ReportAllocs()
	defer peakHeap(b)()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(tmp, strconv.Itoa(i))
		if err := site.Build(k, out, site.Options{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
	perEntry(b, len(k.Entries))
}

// BenchmarkAnalyze analyses every entry (the corpus the site's search data
// and the index are both made from), on every core, with no term cache.
func BenchmarkAnalyze(b *testing.B) {
	_, _, k := knowledgeBase(b)
	b.ReportAllocs()
	defer peakHeap(b)()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		analysis.NewCorpus(k, 0)
	}
	perEntry(b, len(k.Entries))
}

// BenchmarkIndex builds the bleve index.
func BenchmarkIndex(b *testing.B) {
	_, _, k := knowledgeBase(b)
	tmp := b.TempDir()
	b.ReportAllocs()
	defer peakHeap(b)()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(tmp, strconv.Itoa(i))
		if err := index.Build(k, out); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
	perEntry(b, len(k.Entries))
}

// BenchmarkBuild is `acmkb build` in process: load, site and index.
func BenchmarkBuild(b *testing.B) {
	dir, _, k := knowledgeBase(b)
	tmp := b.TempDir()
	b.ReportAllocs()
	defer peakHeap(b)()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(tmp, strconv.Itoa(i))
		opts := build.Options{Content: os.DirFS(dir), Out: filepath.Join(out, "site"), Index: filepath.Join(out, "index")}
		if _, _, err := build.Build(opts); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
	perEntry(b, len(k.Entries))
}

// BenchmarkServeRebuild is what acmkb serve does when an author saves one
// entry: a build of the site with the caches of the builds before it (terms
// and parsed files in memory, the page cache in the session's directory).
// One op edits one entry and rebuilds. ACMKB_BENCH_SERVE=terms-only measures
// serve as it was before the parse and page caches (terms only).
func BenchmarkServeRebuild(b *testing.B) {
	dir, _, k := knowledgeBase(b)
	tmp := b.TempDir()
	opts := build.Options{Content: os.DirFS(dir), Out: filepath.Join(tmp, "site"),
		Terms: analysis.NewTermCache(), Parsed: loader.NewParseCache(), CacheDir: filepath.Join(tmp, "cache")}
	if os.Getenv("ACMKB_BENCH_SERVE") == "terms-only" { // serve before 2026-12-05: no parse or page cache
		opts.Parsed, opts.CacheDir = nil, ""
	} else if err := os.Mkdir(opts.CacheDir, 0o700); err != nil {
		b.Fatal(err)
	}
	if _, _, err := build.Build(opts); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, k.Entries[len(k.Entries)/2].Path)
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(file, orig, 0o644)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		edited := append(append([]byte(nil), orig...), []byte("\nOne more line "+strconv.Itoa(i)+".\n")...)
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, _, err := build.Build(opts); err != nil {
			b.Fatal(err)
		}
	}
}

var questions = []string{
	"can I export the private key?",
	"can I copy a certificate to another region?",
	"ACM の証明書を別のリージョンにコピーできますか",
}

// BenchmarkQuery answers questions from an open index (one per op, in turn).
func BenchmarkQuery(b *testing.B) {
	_, _, k := knowledgeBase(b)
	dir := filepath.Join(b.TempDir(), "index")
	if err := index.Build(k, dir); err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Ask(questions[i%len(questions)], index.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAskContent is the work of a warm `acmkb ask --content DIR`
// process, in process: hash the content to find the cached index, open it,
// answer, close.
func BenchmarkAskContent(b *testing.B) {
	dir, _, _ := knowledgeBase(b)
	cache := b.TempDir()
	opts := build.Options{Content: os.DirFS(dir), ContentName: dir}
	ix, err := build.OpenCached(opts, cache) // builds the cache
	if err != nil {
		b.Fatal(err)
	}
	ix.Close()
	b.ReportAllocs()
	defer peakHeap(b)()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := build.OpenCached(opts, cache)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Ask(questions[i%len(questions)], index.Options{}); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}
