// Command alternate times several programs side by side: each round runs
// every program once, in turn, with the same arguments, so that the load of a
// shared machine falls on all of them alike (hyperfine runs one command's
// rounds, then the next's). It prints each program's median, quartiles and
// minimum wall time.
//
//	CGO_ENABLED=0 go build -o /tmp/new ./cmd/acmkb
//	git stash && go build -o /tmp/old ./cmd/acmkb && git stash pop
//	go run ./bench/alternate -n 300 /tmp/old /tmp/new -- ask "can I copy a certificate to another region?"
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"time"
)

func main() {
	n := flag.Int("n", 100, "rounds")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: alternate [-n rounds] PROGRAM... -- ARGS...")
		flag.PrintDefaults()
	}
	flag.Parse()
	var progs, args []string
	rest := flag.Args()
	for i, a := range rest {
		if a == "--" {
			progs, args = rest[:i], rest[i+1:]
			break
		}
	}
	if progs == nil {
		progs = rest
	}
	if len(progs) == 0 || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	times := make([][]time.Duration, len(progs))
	for _, p := range progs { // a warm-up round, which also checks that each starts
		// An exit status is an answer ("not covered" is 1), not a failure.
		if err := exec.Command(p, args...).Run(); err != nil && !errors.As(err, new(*exec.ExitError)) {
			fmt.Fprintf(os.Stderr, "%s: %v\n", p, err)
			os.Exit(1)
		}
	}
	for range *n {
		for j, p := range progs {
			start := time.Now()
			_ = exec.Command(p, args...).Run() // it started in the warm-up
			times[j] = append(times[j], time.Since(start))
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for j, p := range progs {
		t := times[j]
		slices.Sort(t)
		fmt.Printf("%-32s median %7.2f ms   p25 %7.2f   p75 %7.2f   min %7.2f\n", p, ms(t[len(t)/2]), ms(t[len(t)/4]), ms(t[3*len(t)/4]), ms(t[0]))
	}
}
