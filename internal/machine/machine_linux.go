package machine

import "os"

// CPUQuota returns the CPU quota of this process's cgroup, in CPUs (1.5 for
// "150000 100000"), and whether there is one.
func CPUQuota() (float64, bool) { return cgroupQuota(os.DirFS("/")) }

// ReadTopology reads this machine's topology from sysfs.
func ReadTopology() Topology { return sysfsTopology(os.DirFS("/")) }

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	return cpuinfoModel(f)
}
