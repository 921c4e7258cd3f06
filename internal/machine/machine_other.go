//go:build !linux && !darwin && !freebsd && !windows

package machine

// Elsewhere no quota, topology or CPU model is read; the config lines say
// only usable-cpus.

// CPUQuota reports no quota.
func CPUQuota() (float64, bool) { return 0, false }

// ReadTopology returns an unknown topology.
func ReadTopology() Topology { return Topology{} }

func cpuModel() string { return "unknown" }
