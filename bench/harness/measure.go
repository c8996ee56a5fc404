package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Run is one finished process: how long it took and how much it used.
type Run struct {
	Wall   time.Duration `json:"wall_ns"`
	CPU    time.Duration `json:"cpu_ns"`     // user + system, its children included (10 ms steps)
	MaxRSS int64         `json:"max_rss_kb"` // peak resident set, KiB (the largest of it and its waited-for children)
}

// command describes a process to run and measure.
type command struct {
	name string   // what it is, for errors
	argv []string // program and arguments
	env  []string // added to the environment
	dir  string
	ok   []int // exit codes that count as success (default 0)
}

// timeBin is GNU time (Debian's package "time"), which measures peak RSS
// and CPU time. The harness cannot take them from its own wait4: Go starts
// children with vfork, so the kernel counts the harness's own peak RSS into
// each child's (every child looked as large as the harness). GNU time forks
// a fresh small process, whose child's figures are its own.
var timeBin = "/usr/bin/time"

// measure runs c once, its output discarded (kept for the error message),
// and returns the wall time (measured here, so around GNU time's start-up
// too, a millisecond or so for every tool alike) and the CPU time and peak
// RSS that GNU time reports.
func measure(c command) (Run, error) {
	tf, err := os.CreateTemp("", "acmkb-bench-time-")
	if err != nil {
		return Run{}, err
	}
	tf.Close()
	defer os.Remove(tf.Name())
	argv := append([]string{timeBin, "-f", "%M %U %S", "-o", tf.Name()}, c.argv...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), c.env...)
	cmd.Dir = c.dir
	var stderr bytes.Buffer
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return Run{}, err
	}
	defer null.Close()
	cmd.Stdout, cmd.Stderr = null, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return Run{}, fmt.Errorf("%s: %w", c.name, err)
	}
	code := cmd.ProcessState.ExitCode()
	if !slices.Contains(append([]int{0}, c.ok...), code) {
		return Run{}, fmt.Errorf("%s: %s: exit %d\n%s", c.name, strings.Join(c.argv, " "), code, tail(stderr.String(), 2000))
	}
	out, err := os.ReadFile(tf.Name())
	if err != nil {
		return Run{}, err
	}
	// The last line; GNU time puts "Command exited with non-zero status N" before it.
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var rss int64
	var user, sys float64
	if _, err := fmt.Sscanf(lines[len(lines)-1], "%d %f %f", &rss, &user, &sys); err != nil {
		return Run{}, fmt.Errorf("%s: reading GNU time's %q: %w", c.name, out, err)
	}
	return Run{Wall: wall, CPU: time.Duration((user + sys) * float64(time.Second)), MaxRSS: rss}, nil
}

// repeat runs c n times and returns every run.
func repeat(c command, n int) ([]Run, error) {
	var runs []Run
	for i := 0; i < n; i++ {
		r, err := measure(c)
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, nil
}

// Series is a summary of repeated runs: the median wall time and the
// largest peak RSS.
type Series struct {
	Runs   int           `json:"runs"`
	Median time.Duration `json:"median_ns"`
	Min    time.Duration `json:"min_ns"`
	Max    time.Duration `json:"max_ns"`
	CPU    time.Duration `json:"cpu_median_ns"` // median CPU time (user + system)
	MaxRSS int64         `json:"max_rss_kb"`
}

func summarize(runs []Run) Series {
	if len(runs) == 0 {
		return Series{}
	}
	walls, cpus := make([]time.Duration, len(runs)), make([]time.Duration, len(runs))
	s := Series{Runs: len(runs)}
	for i, r := range runs {
		walls[i], cpus[i] = r.Wall, r.CPU
		s.MaxRSS = max(s.MaxRSS, r.MaxRSS)
	}
	slices.Sort(walls)
	s.Min, s.Max = walls[0], walls[len(walls)-1]
	s.Median, s.CPU = median(walls), median(cpus)
	return s
}

func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	if n := len(ds); n%2 == 1 {
		return ds[n/2]
	}
	return (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// Tree is the size of a directory tree.
type Tree struct {
	Files int   `json:"files"`
	Bytes int64 `json:"bytes"`
}

func treeSize(dir string) Tree {
	var t Tree
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				t.Files++
				t.Bytes += fi.Size()
			}
		}
		return nil
	})
	return t
}

// medianRun is the run of median wall time (the later of the two middle
// ones for an even count), or no run.
func medianRun(runs []Run) Run {
	if len(runs) == 0 {
		return Run{}
	}
	sorted := slices.Clone(runs)
	slices.SortStableFunc(sorted, func(a, b Run) int { return cmp.Compare(a.Wall, b.Wall) })
	return sorted[len(sorted)/2]
}

// walls is the wall times of runs in the order they ran.
func walls(runs []Run) string {
	parts := make([]string, len(runs))
	for i, r := range runs {
		parts[i] = fmtDur(r.Wall)
	}
	return strings.Join(parts, ", ")
}
