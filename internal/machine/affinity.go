package machine

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
)

// ErrNoAffinity is returned where a process's CPU affinity cannot be read or
// set: everywhere but Linux.
var ErrNoAffinity = errors.New("CPU affinity is not available on " + runtime.GOOS)

// Affinity returns the CPUs this thread may run on — its scheduling
// affinity, what taskset prints — in increasing order. In a process whose
// affinity was set before it started (by taskset, or by addbench bench
// -pin) every thread has the same set. Where the platform has none to read
// it returns [ErrNoAffinity].
func Affinity() ([]int, error) { return affinity() }

// FormatCPUs writes CPUs in increasing order as a CPU list with ranges, the
// way sysfs and taskset write them: "0-3,6".
func FormatCPUs(cpus []int) string {
	var b strings.Builder
	for i := 0; i < len(cpus); {
		j := i
		for j+1 < len(cpus) && cpus[j+1] == cpus[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(cpus[i]))
		if j > i {
			b.WriteString("-" + strconv.Itoa(cpus[j]))
		}
		i = j + 1
	}
	return b.String()
}

// affinityLine is the config line that records the CPUs a benchmark process
// may run on: a process pinned to one CPU and one the scheduler may move
// between CPUs do not measure the same thing (docs/bimodal.md).
func affinityLine() (string, bool) {
	cpus, err := Affinity()
	if err != nil || len(cpus) == 0 {
		return "", false
	}
	return "cpu-affinity: " + FormatCPUs(cpus), true
}
