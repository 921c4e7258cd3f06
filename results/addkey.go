package results

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"golang.org/x/perf/benchproc"
)

// An AddKey identifies one BenchmarkAdd configuration. It is read from the
// benchmark name
//
//	BenchmarkAdd/style=S/mode=M/programs=P/len=L/quantum=Q-N
//
// where the "-N" suffix is GOMAXPROCS and is absent when GOMAXPROCS is 1.
type AddKey struct {
	Style      string
	Mode       string
	Programs   int
	Len        int
	Quantum    int
	Gomaxprocs int
}

func (k AddKey) String() string {
	return fmt.Sprintf("style=%s/mode=%s/programs=%d/len=%d/quantum=%d/gomaxprocs=%d",
		k.Style, k.Mode, k.Programs, k.Len, k.Quantum, k.Gomaxprocs)
}

// addSamples collects f's BenchmarkAdd measurements in unit, grouped by
// configuration, each configuration's samples in file order — in a passes
// run, sample i of every configuration comes from pass i. keys lists the
// configurations in order of first appearance.
func addSamples(f *File, unit string) (keys []AddKey, samples map[AddKey][]float64, warnings []error) {
	unit = TidyUnit(unit)
	var p benchproc.ProjectionParser
	proj, err := p.Parse(".name,/style,/mode,/programs,/len,/quantum,/gomaxprocs", nil)
	if err != nil {
		panic(err) // the projection is a constant
	}
	fl := proj.Fields()
	samples = make(map[AddKey][]float64)
	for _, r := range f.Results {
		v, ok := r.Value(unit)
		if !ok {
			continue
		}
		pk := proj.Project(r)
		if pk.Get(fl[0]) != "Add" {
			continue
		}
		k := AddKey{Style: pk.Get(fl[1]), Mode: pk.Get(fl[2])}
		var bad error
		for i, dst := range []*int{&k.Programs, &k.Len, &k.Quantum, &k.Gomaxprocs} {
			if *dst, err = nameInt(pk, fl[3+i]); err != nil && bad == nil {
				bad = err
			}
		}
		if bad == nil && k.Style == "" {
			bad = fmt.Errorf("no /style key")
		}
		if bad != nil {
			file, line := r.Pos()
			warnings = append(warnings, fmt.Errorf("%s:%d: Benchmark%s: %v; left out", file, line, r.Name, bad))
			continue
		}
		if _, seen := samples[k]; !seen {
			keys = append(keys, k)
		}
		samples[k] = append(samples[k], v)
	}
	return keys, samples, warnings
}

// nameInt reads an integer name key; an absent /gomaxprocs is 1.
func nameInt(k benchproc.Key, f *benchproc.Field) (int, error) {
	s := KeyValue(k, f)
	if s == "" {
		return 0, fmt.Errorf("no %s key", f.Name)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s=%s is not an integer", f.Name, s)
	}
	return n, nil
}

// KeyValue returns the value of field f in k, as benchproc's Key.Get does,
// except that an absent /gomaxprocs reads "1": go test omits the "-N" name
// suffix exactly when GOMAXPROCS is 1, and benchproc then extracts "".
func KeyValue(k benchproc.Key, f *benchproc.Field) string {
	v := k.Get(f)
	if v == "" && f.Name == "/gomaxprocs" {
		return "1"
	}
	return v
}

// ParseAddName reads the AddKey of a BenchmarkAdd full name, with or
// without the "Benchmark" prefix:
// "Add/style=S/mode=M/programs=P/len=L/quantum=Q-N". It reports false for
// any other benchmark.
func ParseAddName(name string) (AddKey, bool) {
	name = strings.TrimPrefix(name, "Benchmark")
	rest, ok := strings.CutPrefix(name, "Add/")
	if !ok {
		return AddKey{}, false
	}
	k := AddKey{Gomaxprocs: 1}
	if i := strings.LastIndexByte(rest, '-'); i > strings.LastIndexByte(rest, '/') {
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			return AddKey{}, false
		}
		k.Gomaxprocs, rest = n, rest[:i]
	}
	seen := 0
	keys := make(map[string]bool, 5)
	for _, part := range strings.Split(rest, "/") {
		key, val, ok := strings.Cut(part, "=")
		if !ok || keys[key] {
			return AddKey{}, false
		}
		keys[key] = true
		var dst *int
		switch key {
		case "style":
			k.Style = val
		case "mode":
			k.Mode = val
		case "programs":
			dst = &k.Programs
		case "len":
			dst = &k.Len
		case "quantum":
			dst = &k.Quantum
		default:
			return AddKey{}, false
		}
		if dst != nil {
			n, err := strconv.Atoi(val)
			if err != nil {
				return AddKey{}, false
			}
			*dst = n
		}
		seen++
	}
	if seen != 5 || k.Style == "" || k.Mode == "" {
		return AddKey{}, false
	}
	return k, true
}

// SeedOf derives a bootstrap seed from a name, so that every estimate has a
// seed of its own and the same input always gives the same interval.
func SeedOf(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}
