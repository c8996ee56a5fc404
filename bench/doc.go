// Package bench holds acmkb's benchmarks: `go test -bench` benchmarks of
// loading, rendering, indexing and answering on a synthetic knowledge base
// (bench_test.go), the generator of such knowledge bases (bench/synth), the
// harness that compares acmkb with Hugo, ripgrep and Pagefind (bench/run,
// bench/harness), and bench/alternate, which times builds of acmkb round by
// round on a shared machine. docs/benchmarks.md tells how to run them and
// what the figures mean.
package bench
