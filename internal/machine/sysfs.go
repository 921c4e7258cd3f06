package machine

import (
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// This file reads Linux's sysfs and cgroup files from an fs.FS rooted at
// "/", so that tests can hand it a copy of another machine's files.

// readString returns the trimmed contents of name in fsys, or "" if it
// cannot be read.
func readString(fsys fs.FS, name string) string {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// parseCPUSet parses a sysfs CPU list ("0-3,8,10-11") into the CPUs it
// names; ok is false if it is malformed.
func parseCPUSet(s string) (cpus []int, ok bool) {
	if s == "" {
		return nil, false
	}
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 {
			return nil, false
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return nil, false
			}
		}
		for c := a; c <= b; c++ {
			cpus = append(cpus, c)
		}
	}
	return cpus, true
}

// parseSize parses a sysfs cache size: "48K", "2048K", "32M", or bytes.
func parseSize(s string) int64 {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n * mult
}

// sysfsTopology reads the topology of the online CPUs from
// sys/devices/system: each CPU's package and core IDs, the NUMA nodes, and
// the caches of the first online CPU.
func sysfsTopology(fsys fs.FS) Topology {
	var t Topology
	const cpuDir = "sys/devices/system/cpu"
	online, ok := parseCPUSet(readString(fsys, cpuDir+"/online"))
	if !ok {
		return t
	}
	type core struct{ pkg, id string }
	pkgs, cores := map[string]bool{}, map[core]bool{}
	complete := true
	for _, c := range online {
		dir := cpuDir + "/cpu" + strconv.Itoa(c) + "/topology/"
		pkg, id := readString(fsys, dir+"physical_package_id"), readString(fsys, dir+"core_id")
		if pkg == "" || id == "" {
			complete = false
			break
		}
		pkgs[pkg] = true
		cores[core{pkg, id}] = true
	}
	if complete {
		t.Sockets, t.Cores = len(pkgs), len(cores)
		if len(online)%len(cores) == 0 {
			t.ThreadsPerCore = len(online) / len(cores)
		}
	}
	if nodes, ok := parseCPUSet(readString(fsys, "sys/devices/system/node/online")); ok {
		t.NUMANodes = len(nodes)
	}
	cacheDir := cpuDir + "/cpu" + strconv.Itoa(online[0]) + "/cache"
	idx, _ := fs.Glob(fsys, cacheDir+"/index*")
	for _, d := range idx {
		level, typ := readString(fsys, path.Join(d, "level")), readString(fsys, path.Join(d, "type"))
		size := parseSize(readString(fsys, path.Join(d, "size")))
		switch {
		case level == "1" && typ == "Data":
			t.L1d = size
			if n, err := strconv.Atoi(readString(fsys, path.Join(d, "coherency_line_size"))); err == nil && n > 0 {
				t.CacheLine = n
			}
		case level == "2" && typ != "Instruction":
			t.L2 = size
		case level == "3" && typ != "Instruction":
			t.L3 = size
		}
	}
	return t
}

// cgroupQuota returns the CPU quota, in CPUs, of the cgroup this process is
// in (cgroup v2's cpu.max, or v1's cpu.cfs_quota_us ÷ cpu.cfs_period_us):
// the tightest along the group's path to the root of the hierarchy, and at
// the root of the mount, which is the group itself inside a container's
// cgroup namespace. ok is false where no quota applies.
func cgroupQuota(fsys fs.FS) (cpus float64, ok bool) {
	const root = "sys/fs/cgroup"
	consider := func(q float64, found bool) {
		if found && (!ok || q < cpus) {
			cpus, ok = q, true
		}
	}
	for line := range strings.Lines(readString(fsys, "proc/self/cgroup")) {
		// "0::/path" (v2) or "3:cpu,cpuacct:/path" (v1).
		f := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(f) != 3 {
			continue
		}
		var dir string
		var read func(dir string) (float64, bool)
		switch {
		case f[0] == "0" && f[1] == "":
			dir, read = root, func(d string) (float64, bool) { return cpuMax(readString(fsys, d+"/cpu.max")) }
		case hasController(f[1], "cpu"):
			dir = root + "/" + f[1]
			if _, err := fs.Stat(fsys, dir); err != nil {
				dir = root + "/cpu" // "cpu,cpuacct" is often linked as "cpu"
			}
			read = func(d string) (float64, bool) {
				return cfsQuota(readString(fsys, d+"/cpu.cfs_quota_us"), readString(fsys, d+"/cpu.cfs_period_us"))
			}
		default:
			continue
		}
		for p := strings.Trim(f[2], "/"); p != ""; p = parent(p) {
			consider(read(dir + "/" + p))
		}
		consider(read(dir))
	}
	return cpus, ok
}

func parent(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

func hasController(list, name string) bool {
	for c := range strings.SplitSeq(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// cpuMax parses cgroup v2's cpu.max, "QUOTA PERIOD" in µs or "max PERIOD".
func cpuMax(s string) (float64, bool) {
	q, p, _ := strings.Cut(s, " ")
	return cfsQuota(q, p)
}

// cfsQuota divides a quota by its period; "max" or a negative quota is none.
func cfsQuota(quota, period string) (float64, bool) {
	q, err1 := strconv.ParseFloat(quota, 64)
	p, err2 := strconv.ParseFloat(period, 64)
	if err1 != nil || err2 != nil || q <= 0 || p <= 0 {
		return 0, false
	}
	return q / p, true
}
