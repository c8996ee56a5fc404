// Package bench holds acmkb's benchmarks: `go test -bench` benchmarks of
// loading, rendering, indexing and answering on a synthetic knowledge base
// (bench_test.go), the generator of such knowledge bases (bench/synth), and
// the harness that compares acmkb with Hugo, ripgrep and Pagefind
// (bench/run, bench/harness). docs/benchmarks.md tells how to run them and
// what the figures mean.
package bench
