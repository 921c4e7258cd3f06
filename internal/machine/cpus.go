package machine

import (
	"math"
	"runtime"
	"strconv"
	"strings"
)

// UsableCPUs returns how many CPUs this process may use at once: the CPUs
// of its scheduling affinity (runtime.NumCPU), or fewer where a CPU quota
// (a Linux cgroup's cpu.max) allows less, rounded up — a quota of 1.5 CPUs
// lets two threads run, each part of the time. It is at least 1.
func UsableCPUs() int {
	n := runtime.NumCPU()
	if q, ok := CPUQuota(); ok {
		n = min(n, int(math.Ceil(q)))
	}
	return max(n, 1)
}

// CPUList returns the GOMAXPROCS values a benchmark on n usable CPUs runs
// by default: the powers of two below n, then n itself — 1, 2, 4, 6 for 6.
func CPUList(n int) []int {
	var l []int
	for p := 1; p < n; p *= 2 {
		l = append(l, p)
	}
	return append(l, max(n, 1))
}

// DefaultCPUList is CPUList of UsableCPUs as a -cpu flag value: "1,2,4,6".
func DefaultCPUList() string {
	var s []string
	for _, n := range CPUList(UsableCPUs()) {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, ",")
}

// Oversubscribed reports whether a benchmark run at gomaxprocs Ps had more
// Ps than the usableCPUs its machine could run at once (a result file's
// "usable-cpus" config line): its Ps then took turns on the CPUs, and its
// time measures that sharing as much as the style. A usableCPUs of 0 or
// less is unknown, and nothing is oversubscribed.
func Oversubscribed(gomaxprocs, usableCPUs int) bool {
	return usableCPUs > 0 && gomaxprocs > usableCPUs
}

// ConfigLines returns this machine's benchmark config lines ("key: value"):
// usable-cpus (and cpu-quota where one applies), cpu-affinity (the CPUs
// this process may run on, where the platform says), then the topology's
// (see [Topology.ConfigLines]).
func ConfigLines() []string {
	lines := []string{"usable-cpus: " + strconv.Itoa(UsableCPUs())}
	if q, ok := CPUQuota(); ok {
		lines = append(lines, "cpu-quota: "+strconv.FormatFloat(q, 'g', 4, 64))
	}
	if l, ok := affinityLine(); ok {
		lines = append(lines, l)
	}
	return append(lines, ReadTopology().ConfigLines()...)
}
