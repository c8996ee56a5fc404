package build

import (
	"fmt"
	"os"
	"time"
)

// With ACMKB_PHASES set, Build prints to standard error when each of its
// phases ends, in milliseconds since the process started (package
// initialisation): what the figures of docs/benchmarks.md "phase by phase"
// are measured with.
var (
	phaseStart = time.Now()
	phaseOn    = os.Getenv("ACMKB_PHASES") != ""
)

func phase(name string) {
	if phaseOn {
		fmt.Fprintf(os.Stderr, "phase %-8s %6.0f ms\n", name, float64(time.Since(phaseStart).Microseconds())/1000)
	}
}
