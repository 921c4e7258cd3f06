// Package machine identifies the machine a benchmark runs on, so results from
// different machines are never compared as if they were one, and each machine
// gets its own baseline file.
package machine

import (
	"bufio"
	"io"
	"runtime"
	"strconv"
	"strings"
)

// CPUModel returns the processor's model name, or "unknown" where it cannot
// be read: from /proc/cpuinfo on Linux, sysctl on darwin and FreeBSD, the
// registry on Windows.
func CPUModel() string { return cpuModel() }

// cpuinfoModel returns the processor's name from /proc/cpuinfo's text: its
// "model name", else (arm64, which has none) its implementer and part
// numbers, "arm-0x41-0xd0c"; "unknown" if neither is there.
func cpuinfoModel(r io.Reader) string {
	var implementer, part string
	s := bufio.NewScanner(r)
	for s.Scan() {
		key, value, ok := strings.Cut(s.Text(), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(key) {
		case "model name":
			return value
		case "CPU implementer":
			implementer = value
		case "CPU part":
			part = value
		}
	}
	if implementer != "" && part != "" {
		return "arm-" + implementer + "-" + part
	}
	return "unknown"
}

// Name returns a file-name-safe fingerprint of this machine: OS,
// architecture, CPU count and model, e.g.
// "linux-amd64-2cpu-intel-xeon-processor". Host names are left out on
// purpose: CI and cloud machines get a new one every boot, while what makes
// timings comparable is the hardware.
func Name() string {
	return Slug(runtime.GOOS + "-" + runtime.GOARCH + "-" + strconv.Itoa(runtime.NumCPU()) + "cpu-" + CPUModel())
}

// Slug lowercases s and turns every run of characters other than letters and
// digits into one '-', dropping the trademark noise CPU names carry.
func Slug(s string) string {
	s = strings.ToLower(s)
	for _, noise := range []string{"(r)", "(tm)", " cpu ", "@"} {
		s = strings.ReplaceAll(s, noise, " ")
	}
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}
