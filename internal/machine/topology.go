package machine

import "fmt"

// A Topology is how a machine's CPUs are built: what decides whether two
// threads share a core, a cache or a memory controller. A zero field is
// unknown: the platform did not say.
type Topology struct {
	Sockets        int // physical packages
	Cores          int // physical cores, over all sockets
	ThreadsPerCore int // hardware threads per core (2 with SMT)
	NUMANodes      int
	// Cache sizes in bytes, of one instance: the L1 data cache of one core,
	// the L2 and L3 of whichever CPUs share one.
	L1d, L2, L3 int64
	CacheLine   int // bytes: the coherency unit, what false sharing shares
}

// ConfigLines returns the known fields as benchmark config lines, in a
// fixed order: sockets, cores, threads-per-core, numa-nodes, l1d-cache,
// l2-cache, l3-cache, cache-line. Sizes are written in bytes with a binary
// unit ("48KiB", "32MiB"), the way sysfs and sysctl give them.
func (t Topology) ConfigLines() []string {
	var lines []string
	add := func(key string, v int64, size bool) {
		if v <= 0 {
			return
		}
		s := fmt.Sprint(v)
		if size {
			s = formatSize(v)
		}
		lines = append(lines, key+": "+s)
	}
	add("sockets", int64(t.Sockets), false)
	add("cores", int64(t.Cores), false)
	add("threads-per-core", int64(t.ThreadsPerCore), false)
	add("numa-nodes", int64(t.NUMANodes), false)
	add("l1d-cache", t.L1d, true)
	add("l2-cache", t.L2, true)
	add("l3-cache", t.L3, true)
	add("cache-line", int64(t.CacheLine), false)
	return lines
}

// formatSize writes n bytes in the largest binary unit that divides it.
func formatSize(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d%s", n>>u.shift, u.name)
		}
	}
	return fmt.Sprintf("%dB", n)
}

// sysctlTopology builds a Topology from sysctl values, as darwin and FreeBSD
// name them; get returns a number and whether the name exists. Names a
// system lacks stay unknown.
func sysctlTopology(get func(name string) (uint64, bool)) Topology {
	var t Topology
	num := func(names ...string) int64 {
		for _, n := range names {
			if v, ok := get(n); ok && v > 0 {
				return int64(v)
			}
		}
		return 0
	}
	t.Sockets = int(num("hw.packages"))
	t.Cores = int(num("hw.physicalcpu", "kern.smp.cores"))
	t.ThreadsPerCore = int(num("kern.smp.threads_per_core"))
	if logical := num("hw.logicalcpu"); t.ThreadsPerCore == 0 && logical > 0 && t.Cores > 0 && logical%int64(t.Cores) == 0 {
		t.ThreadsPerCore = int(logical) / t.Cores
	}
	t.NUMANodes = int(num("vm.ndomains"))
	t.L1d = num("hw.l1dcachesize")
	t.L2 = num("hw.l2cachesize")
	t.L3 = num("hw.l3cachesize")
	t.CacheLine = int(num("hw.cachelinesize"))
	return t
}
