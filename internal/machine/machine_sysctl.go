//go:build darwin || freebsd

package machine

import "golang.org/x/sys/unix"

// CPUQuota: darwin and FreeBSD have no CPU quota a process can read.
func CPUQuota() (float64, bool) { return 0, false }

// ReadTopology reads this machine's topology from sysctl.
func ReadTopology() Topology { return sysctlTopology(sysctlNum) }

// sysctlNum reads a numeric sysctl of either width.
func sysctlNum(name string) (uint64, bool) {
	if v, err := unix.SysctlUint64(name); err == nil {
		return v, true
	}
	if v, err := unix.SysctlUint32(name); err == nil {
		return uint64(v), true
	}
	return 0, false
}

// cpuModel reads the processor's name: machdep.cpu.brand_string on darwin,
// hw.model on FreeBSD.
func cpuModel() string {
	for _, name := range []string{"machdep.cpu.brand_string", "hw.model"} {
		if s, err := unix.Sysctl(name); err == nil && s != "" {
			return s
		}
	}
	return "unknown"
}
