package machine

import (
	"encoding/binary"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSysfsTopology reads copies of three machines' sysfs files in testdata.
func TestSysfsTopology(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		want  Topology
		lines []string
	}{
		{
			dir:  "2socket-smt", // 2 sockets × 2 cores × 2 threads, 2 NUMA nodes
			want: Topology{Sockets: 2, Cores: 4, ThreadsPerCore: 2, NUMANodes: 2, L1d: 32 << 10, L2: 1 << 20, L3: 32 << 20, CacheLine: 64},
			lines: []string{"sockets: 2", "cores: 4", "threads-per-core: 2", "numa-nodes: 2",
				"l1d-cache: 32KiB", "l2-cache: 1MiB", "l3-cache: 32MiB", "cache-line: 64"},
		},
		{
			dir:   "arm64-offline0", // cpu0 offline: its files are not counted, caches from cpu1; no L3
			want:  Topology{Sockets: 1, Cores: 4, ThreadsPerCore: 1, NUMANodes: 1, L1d: 64 << 10, L2: 2 << 20, CacheLine: 128},
			lines: []string{"sockets: 1", "cores: 4", "threads-per-core: 1", "numa-nodes: 1", "l1d-cache: 64KiB", "l2-cache: 2MiB", "cache-line: 128"},
		},
		{
			dir:   "vm-nocache", // no cache directory: the caches are unknown, not 0
			want:  Topology{Sockets: 1, Cores: 2, ThreadsPerCore: 1, NUMANodes: 1},
			lines: []string{"sockets: 1", "cores: 2", "threads-per-core: 1", "numa-nodes: 1"},
		},
		{dir: "missing"}, // no sysfs at all: nothing known, no lines
	} {
		t.Run(tc.dir, func(t *testing.T) {
			got := sysfsTopology(os.DirFS("testdata/sysfs/" + tc.dir))
			if got != tc.want {
				t.Errorf("topology = %+v, want %+v", got, tc.want)
			}
			if l := got.ConfigLines(); !slices.Equal(l, tc.lines) {
				t.Errorf("config lines = %q, want %q", l, tc.lines)
			}
		})
	}
}

// TestSysctlTopology maps sysctl names as darwin (Intel and Apple silicon)
// and FreeBSD give them.
func TestSysctlTopology(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sysctl map[string]uint64
		want   Topology
	}{
		{"darwin-intel", map[string]uint64{"hw.packages": 1, "hw.physicalcpu": 4, "hw.logicalcpu": 8,
			"hw.l1dcachesize": 32768, "hw.l2cachesize": 262144, "hw.l3cachesize": 8388608, "hw.cachelinesize": 64},
			Topology{Sockets: 1, Cores: 4, ThreadsPerCore: 2, L1d: 32 << 10, L2: 256 << 10, L3: 8 << 20, CacheLine: 64}},
		{"darwin-arm64", map[string]uint64{"hw.packages": 1, "hw.physicalcpu": 8, "hw.logicalcpu": 8,
			"hw.l1dcachesize": 65536, "hw.l2cachesize": 4194304, "hw.cachelinesize": 128},
			Topology{Sockets: 1, Cores: 8, ThreadsPerCore: 1, L1d: 64 << 10, L2: 4 << 20, CacheLine: 128}},
		{"freebsd", map[string]uint64{"kern.smp.cores": 16, "kern.smp.threads_per_core": 2, "vm.ndomains": 2},
			Topology{Cores: 16, ThreadsPerCore: 2, NUMANodes: 2}},
		{"none", map[string]uint64{}, Topology{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := sysctlTopology(func(n string) (uint64, bool) { v, ok := tc.sysctl[n]; return v, ok })
			if got != tc.want {
				t.Errorf("topology = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseCPUSet(t *testing.T) {
	for in, want := range map[string][]int{"0": {0}, "0-3": {0, 1, 2, 3}, "0-1,4,6-7": {0, 1, 4, 6, 7}} {
		if got, ok := parseCPUSet(in); !ok || !slices.Equal(got, want) {
			t.Errorf("parseCPUSet(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "a", "3-1", "1,,2", "-1"} {
		if got, ok := parseCPUSet(bad); ok {
			t.Errorf("parseCPUSet(%q) = %v, want an error", bad, got)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{48 << 10: "48KiB", 1280 << 10: "1280KiB", 32 << 20: "32MiB", 1 << 30: "1GiB", 100: "100B"} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestCgroupQuota: cgroup v2 and v1 quotas, the tightest along the path,
// and no quota where there is "max", -1 or no file.
func TestCgroupQuota(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s + "\n")} }
	for _, tc := range []struct {
		name   string
		fs     fstest.MapFS
		want   float64
		wantOK bool
	}{
		{"v2-nested", fstest.MapFS{
			"proc/self/cgroup":                        file("0::/kubepods/pod1/c1"),
			"sys/fs/cgroup/kubepods/cpu.max":          file("400000 100000"),
			"sys/fs/cgroup/kubepods/pod1/cpu.max":     file("150000 100000"),
			"sys/fs/cgroup/kubepods/pod1/c1/cpu.max":  file("max 100000"),
			"sys/fs/cgroup/kubepods/pod1/c1/cpu.stat": file("usage_usec 0"),
			"sys/fs/cgroup/cpu.max":                   file("max 100000"),
		}, 1.5, true},
		{"v2-namespace-root", fstest.MapFS{ // inside a cgroup namespace: "/" is the container's group
			"proc/self/cgroup":      file("0::/"),
			"sys/fs/cgroup/cpu.max": file("200000 100000"),
		}, 2, true},
		{"v2-max", fstest.MapFS{
			"proc/self/cgroup":      file("0::/user.slice"),
			"sys/fs/cgroup/cpu.max": file("max 100000"),
		}, 0, false},
		{"v1", fstest.MapFS{
			"proc/self/cgroup": file("4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/"),
			"sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us":  file("250000"),
			"sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": file("100000"),
		}, 2.5, true},
		{"v1-linked-as-cpu", fstest.MapFS{
			"proc/self/cgroup":                    file("3:cpuacct,cpu:/"),
			"sys/fs/cgroup/cpu/cpu.cfs_quota_us":  file("50000"),
			"sys/fs/cgroup/cpu/cpu.cfs_period_us": file("100000"),
		}, 0.5, true},
		{"v1-unlimited", fstest.MapFS{ // this machine's
			"proc/self/cgroup":                    file("1:cpu:/\n0::/"),
			"sys/fs/cgroup/cpu/cpu.cfs_quota_us":  file("-1"),
			"sys/fs/cgroup/cpu/cpu.cfs_period_us": file("100000"),
		}, 0, false},
		{"none", fstest.MapFS{}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := cgroupQuota(tc.fs)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("cgroupQuota = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestCPUList(t *testing.T) {
	for n, want := range map[int][]int{0: {1}, 1: {1}, 2: {1, 2}, 3: {1, 2, 3}, 4: {1, 2, 4}, 6: {1, 2, 4, 6}, 64: {1, 2, 4, 8, 16, 32, 64}, 96: {1, 2, 4, 8, 16, 32, 64, 96}} {
		if got := CPUList(n); !reflect.DeepEqual(got, want) {
			t.Errorf("CPUList(%d) = %v, want %v", n, got, want)
		}
	}
	// This machine's default ends at what it may use: never beyond the
	// affinity mask runtime.NumCPU reads.
	l := CPUList(UsableCPUs())
	if u := UsableCPUs(); u < 1 || u > runtime.NumCPU() || l[len(l)-1] != u {
		t.Errorf("UsableCPUs = %d (NumCPU %d), CPUList %v", u, runtime.NumCPU(), l)
	}
	if d := DefaultCPUList(); !strings.HasPrefix(d, "1") || strings.Count(d, ",") != len(l)-1 {
		t.Errorf("DefaultCPUList = %q for %v", d, l)
	}
}

func TestOversubscribed(t *testing.T) {
	for _, tc := range []struct {
		procs, usable int
		want          bool
	}{{1, 2, false}, {2, 2, false}, {4, 2, true}, {16, 2, true}, {16, 0, false}, {1, -1, false}} {
		if got := Oversubscribed(tc.procs, tc.usable); got != tc.want {
			t.Errorf("Oversubscribed(%d, %d) = %v, want %v", tc.procs, tc.usable, got, tc.want)
		}
	}
}

func TestConfigLines(t *testing.T) {
	l := ConfigLines()
	if len(l) == 0 || !strings.HasPrefix(l[0], "usable-cpus: ") {
		t.Fatalf("ConfigLines = %q, want usable-cpus first", l)
	}
	for _, line := range l {
		k, v, ok := strings.Cut(line, ": ")
		if !ok || k == "" || strings.ContainsAny(k, " \t") || strings.ToLower(k) != k || v == "" {
			t.Errorf("%q is not a benchfmt config line", line)
		}
	}
	if runtime.GOOS == "linux" && !slices.ContainsFunc(l, func(s string) bool { return strings.HasPrefix(s, "cores: ") }) {
		if _, err := os.Stat("/sys/devices/system/cpu/online"); err == nil {
			t.Errorf("ConfigLines = %q: no cores from this machine's sysfs", l)
		}
	}
}

func TestCPUInfoModel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n", "AMD EPYC 7B13"},
		{"processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU part\t: 0xd4f\n", "arm-0x41-0xd4f"},
		{"processor\t: 0\n", "unknown"},
	} {
		if got := cpuinfoModel(strings.NewReader(tc.in)); got != tc.want {
			t.Errorf("cpuinfoModel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// slpiRecord encodes one 64-bit SYSTEM_LOGICAL_PROCESSOR_INFORMATION record.
func slpiRecord(mask uint64, rel int32, union ...byte) []byte {
	b := make([]byte, 32)
	binary.LittleEndian.PutUint64(b, mask)
	binary.LittleEndian.PutUint32(b[8:], uint32(rel))
	copy(b[16:], union)
	return b
}

// slpiCache encodes a CACHE_DESCRIPTOR.
func slpiCache(level byte, line uint16, size uint32, typ int32) []byte {
	b := make([]byte, 12)
	b[0], b[1] = level, 8
	binary.LittleEndian.PutUint16(b[2:], line)
	binary.LittleEndian.PutUint32(b[4:], size)
	binary.LittleEndian.PutUint32(b[8:], uint32(typ))
	return b
}

// TestSLPITopology: what Windows gives for one socket of 2 cores × 2
// threads with one NUMA node, an L1 instruction and data cache per core, an
// L2 per core and a shared L3.
func TestSLPITopology(t *testing.T) {
	const core, numa, cache, pkg = 0, 1, 2, 3
	const unified, instruction, data = 0, 1, 2
	var buf []byte
	for _, r := range [][]byte{
		slpiRecord(0b0011, core, 1), // Flags 1: SMT
		slpiRecord(0b0011, cache, slpiCache(1, 64, 32<<10, instruction)...),
		slpiRecord(0b0011, cache, slpiCache(1, 64, 48<<10, data)...),
		slpiRecord(0b0011, cache, slpiCache(2, 64, 1280<<10, unified)...),
		slpiRecord(0b1100, core, 1),
		slpiRecord(0b1100, cache, slpiCache(1, 64, 48<<10, data)...),
		slpiRecord(0b1111, cache, slpiCache(3, 64, 12<<20, unified)...),
		slpiRecord(0b1111, pkg),
		slpiRecord(0b1111, numa, 0),
	} {
		buf = append(buf, r...)
	}
	want := Topology{Sockets: 1, Cores: 2, ThreadsPerCore: 2, NUMANodes: 1, L1d: 48 << 10, L2: 1280 << 10, L3: 12 << 20, CacheLine: 64}
	if got := slpiTopology(buf, 8); got != want {
		t.Errorf("topology = %+v, want %+v", got, want)
	}
	if got := slpiTopology(buf[:20], 8); got != (Topology{}) { // a short buffer: nothing
		t.Errorf("topology of a partial record = %+v, want none", got)
	}
}
