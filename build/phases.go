package build

import (
	"fmt"
	"os"
	"runtime/metrics"
	"time"
)

// With ACMKB_PHASES set, Build prints to standard error when each of its
// phases ends, in milliseconds since the process started (package
// initialisation): what the figures of docs/benchmarks.md "phase by phase"
// are measured with. Each line also gives, since the phase before, the CPU
// time the Go runtime spent (busy: running goroutines, collecting garbage
// and the rest), of which collecting garbage (gc), and the CPU time it had
// and left idle (idle: GOMAXPROCS × wall − busy; a stage on one core while
// the others wait shows here), in milliseconds (the runtime's estimates).
var (
	phaseStart = time.Now()
	phaseOn    = os.Getenv("ACMKB_PHASES") != ""
	phaseCPU   = []metrics.Sample{{Name: "/cpu/classes/total:cpu-seconds"}, {Name: "/cpu/classes/idle:cpu-seconds"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}}
	phaseLast  [3]float64
)

func phase(name string) {
	if !phaseOn {
		return
	}
	metrics.Read(phaseCPU)
	var d [3]float64
	for i, s := range phaseCPU {
		v := s.Value.Float64()
		d[i], phaseLast[i] = 1000*(v-phaseLast[i]), v
	}
	fmt.Fprintf(os.Stderr, "phase %-8s %6.0f ms  busy %6.0f  gc %5.0f  idle %6.0f\n", name, float64(time.Since(phaseStart).Microseconds())/1000, d[0]-d[1], d[2], d[1])
}
