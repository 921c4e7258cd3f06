package results

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

// A Set is the contents of one or more results files, in the order they were
// given to Load.
type Set struct {
	Files []*File

	// Units is the unit metadata ("Unit ns/op assume=exact" lines)
	// accumulated over all files, as benchfmt.Reader collects it.
	Units benchfmt.UnitMetadataMap
}

// A File is one results file.
type File struct {
	// Label names the file in tables: the label of a "label=path"
	// argument, or else the path (with "#N" appended when the same path
	// is given more than once, as benchstat does). It is the value of
	// every result's ".file" key.
	Label string

	// Path is the file the results were read from.
	Path string

	// Config is the file configuration ("goos: linux", "cpu: ...")
	// in effect at the end of the file.
	Config map[string]string

	// Partial reports that the file carries the configuration line
	// "partial: true" (addbench bench writes it at the top): the run that
	// wrote it was interrupted or failed, so some benchmarks may be missing
	// or have fewer samples. Callers should warn.
	Partial bool

	// Results are the file's benchmark results in file order. Values are
	// tidied by benchunit: ns/op is sec/op and ns/add is sec/add.
	Results []*benchfmt.Result

	// Skipped are the benchmarks the run skipped, with why, in file order,
	// each once however many passes skipped it: the scale suite records
	// each skip as a "skipped: <benchmark>: <reason>" configuration line
	// and removes the key again at once (package bench), so no result
	// carries it and only the lines themselves tell.
	Skipped []Skip
}

// A Skip is a benchmark a run skipped and the reason it gave.
type Skip struct {
	Benchmark string // full name, with the -N GOMAXPROCS suffix when N ≠ 1
	Reason    string
	Passes    int // how many passes skipped it (how many lines say so)
}

// skipKey is package bench's SkipKey, which results does not import.
const skipKey = "skipped"

// skips returns the skips recorded in data, in order of first appearance.
func skips(data []byte) []Skip {
	var out []Skip
	at := make(map[string]int)
	for line := range bytes.Lines(data) {
		rest, ok := bytes.CutPrefix(line, []byte(skipKey+":"))
		if !ok {
			continue
		}
		name, reason, ok := strings.Cut(strings.TrimSpace(string(rest)), ": ")
		if !ok || name == "" { // the empty line that removes the key
			continue
		}
		if i, seen := at[name]; seen {
			out[i].Passes++
			continue
		}
		at[name] = len(out)
		out = append(out, Skip{Benchmark: name, Reason: reason, Passes: 1})
	}
	return out
}

// A NoResultsError reports an input file that holds no benchmark results.
type NoResultsError struct {
	Path  string
	Empty bool // the file has no bytes at all
}

func (e *NoResultsError) Error() string {
	if e.Empty {
		return e.Path + ": file is empty"
	}
	return e.Path + ": no benchmark results"
}

// Load reads results files in the Go benchmark format. Each argument is a
// path or, as for benchstat, "label=path"; the label names the file in tables.
//
// Every problem is an error naming its file: a file that cannot be read, one
// that is empty or holds no benchmark results (*NoResultsError), and every
// malformed benchmark line (*benchfmt.SyntaxError, with file and line).
// benchstat skips malformed lines with a warning; Load does not, because a
// truncated file would silently lose samples. Load reports the problems of
// all files together.
func Load(args ...string) (*Set, error) {
	if len(args) == 0 {
		return nil, errors.New("loading results: no files given")
	}
	set := new(Set)
	var r benchfmt.Reader // one Reader, so unit metadata carries across files
	var errs []error
	// Each path is read once, even when given twice: a pipe or
	// /dev/stdin has nothing left to give a second time.
	// A bad file given twice is reported once.
	read := make(map[string][]byte)
	failed := make(map[string]bool)
	for _, in := range labelInputs(args) {
		if failed[in.path] {
			continue
		}
		data, ok := read[in.path]
		if !ok {
			var err error
			if data, err = os.ReadFile(in.path); err != nil {
				errs = append(errs, err) // *fs.PathError names the file
				failed[in.path] = true
				continue
			}
			read[in.path] = data
		}
		f, err := parseFile(&r, data, in.path, in.label)
		if err != nil {
			errs = append(errs, err)
			failed[in.path] = true
			continue
		}
		set.Files = append(set.Files, f)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("loading results: %w", errors.Join(errs...))
	}
	set.Units = r.Units()
	return set, nil
}

// Parse is Load for one file already read: data is the contents of the file
// at path. A command that needs the bytes as well as the results (baseline
// copies them) reads the file once and parses what it read, so that a pipe is
// not read twice.
func Parse(path string, data []byte) (*Set, error) {
	var r benchfmt.Reader
	f, err := parseFile(&r, data, path, path)
	if err != nil {
		return nil, fmt.Errorf("loading results: %w", err)
	}
	return &Set{Files: []*File{f}, Units: r.Units()}, nil
}

type input struct{ path, label string }

// labelInputs splits "label=path" arguments and disambiguates repeated
// unlabelled paths with "#N", as benchfmt.Files does, so that labels agree
// with benchstat's. Unlike benchfmt.Files, an argument that names an existing
// file is a path even if it contains "=": benchmark-style names like
// "cpu=2.txt" are common here.
func labelInputs(args []string) []input {
	count := make(map[string]int)
	ins := make([]input, len(args))
	labelled := make([]bool, len(args))
	for i, arg := range args {
		if _, err := os.Stat(arg); err == nil {
			ins[i] = input{arg, arg}
			count[arg]++
			continue
		}
		if label, path, ok := strings.Cut(arg, "="); ok {
			ins[i], labelled[i] = input{path, label}, true
			continue
		}
		ins[i] = input{arg, arg}
		count[arg]++
	}
	seen := make(map[string]int)
	for i := range ins {
		if labelled[i] || count[ins[i].path] == 1 {
			continue
		}
		ins[i].label = fmt.Sprintf("%s#%d", ins[i].path, seen[ins[i].path])
		seen[ins[i].path]++
	}
	return ins
}

// countingReader counts bytes and lines so that an empty file can be told
// apart from one with lines but no results, and remembers the last byte so
// that a file cut off mid-line can be told apart from a whole one.
type countingReader struct {
	r     io.Reader
	n     int64
	lines int
	last  byte
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if n > 0 {
		c.lines += bytes.Count(p[:n], []byte{'\n'})
		c.last = p[n-1]
	}
	return n, err
}

func parseFile(r *benchfmt.Reader, data []byte, path, label string) (*File, error) {
	cr := &countingReader{r: bytes.NewReader(data)}
	r.Reset(cr, path, ".file", label)

	f := &File{Label: label, Path: path}
	var errs []error
	rejected := 0
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			errs = append(errs, rec)
		case *benchfmt.Result:
			if err := checkValues(rec); err != nil {
				errs = append(errs, err)
				rejected++
				continue
			}
			res := rec.Clone()
			tidyZeros(res)
			f.Results = append(f.Results, res)
		}
	}
	if err := r.Err(); err != nil {
		// benchfmt's error names the line before the one it could not
		// read; the data is at hand, so name the long line itself.
		if errors.Is(err, bufio.ErrTooLong) {
			if n, size := longLine(data); n > 0 {
				return nil, fmt.Errorf("%s:%d: line of %d bytes is longer than a results line may be (%d bytes)", path, n, size, bufio.MaxScanTokenSize-1)
			}
		}
		return nil, err // it names the file and a line
	}
	// go test ends every line, and so does every tool that writes this
	// format: a last line without its newline was cut off — in a
	// benchmark's name, its unit, a value — and would load as a
	// different benchmark or unit, or vanish.
	if cr.n > 0 && cr.last != '\n' {
		errs = append(errs, fmt.Errorf("%s:%d: the file ends in the middle of a line: truncated?", path, cr.lines+1))
	}

	// benchfmt attaches configuration to the results that follow it: the
	// last result carries the file's final configuration.
	f.Config = make(map[string]string)
	if len(f.Results) > 0 {
		for _, c := range f.Results[len(f.Results)-1].Config {
			if c.File {
				f.Config[c.Key] = string(c.Value)
			}
		}
	}
	f.Partial = f.Config["partial"] == "true"
	f.Skipped = skips(data)

	if len(f.Results) == 0 && rejected == 0 { // rejected results say why

		errs = append(errs, &NoResultsError{Path: path, Empty: cr.n == 0})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return f, nil
}

// longLine returns the number and length of the first line of data that is
// too long for benchfmt's reader, or 0.
func longLine(data []byte) (line, size int) {
	for n := 1; len(data) > 0; n++ {
		l, rest, _ := bytes.Cut(data, []byte{'\n'})
		if len(l) >= bufio.MaxScanTokenSize {
			return n, len(l)
		}
		data = rest
	}
	return 0, 0
}

// knownUnits are the units that go test and addbench's benchmarks write.
var knownUnits = []string{
	"ns/op", "ns/add", "B/op", "allocs/op", "MB/s",
	"cpu-ns/op", "ctxsw/op", "threads", "B/program", "lost/op",
}

// checkValues rejects a result whose values no statistic can use, naming its
// file and line: a value that is not finite (NaN sends the Mann–Whitney test
// into an endless loop), a negative time, and a last unit that is a strict
// prefix of a known unit ("5.1 ns/a"): a line cut off after a partial unit
// that still ended in a newline, which would load as a unit of its own.
func checkValues(r *benchfmt.Result) error {
	file, line := r.Pos()
	for i, v := range r.Values {
		value, unit := v.OrigValue, v.OrigUnit
		if unit == "" {
			value, unit = v.Value, v.Unit
		}
		switch {
		case math.IsNaN(v.Value) || math.IsInf(v.Value, 0):
			return fmt.Errorf("%s:%d: Benchmark%s: value %v %s is not a finite number", file, line, r.Name.Full(), value, unit)
		case v.Value < 0 && isTime(v.Unit):
			return fmt.Errorf("%s:%d: Benchmark%s: negative time %v %s", file, line, r.Name.Full(), value, unit)
		}
		if i == len(r.Values)-1 && truncatedUnit(unit) {
			return fmt.Errorf("%s:%d: Benchmark%s: unit %q is the start of a known unit: the line was cut off?", file, line, r.Name.Full(), unit)
		}
	}
	return nil
}

// isTime reports whether the tidied unit measures time ("sec/op", "sec/add").
func isTime(tidy string) bool {
	return tidy == "sec" || strings.HasPrefix(tidy, "sec/") || strings.HasPrefix(tidy, "cpu-sec/")
}

// truncatedUnit reports whether unit is a strict prefix of a known unit.
func truncatedUnit(unit string) bool {
	for _, k := range knownUnits {
		if len(unit) < len(k) && strings.HasPrefix(k, unit) {
			return true
		}
	}
	return false
}

// tidyZeros tidies the units of r's zero values. benchfmt tidies a value
// only when tidying changes the number, so "0 ns/op" stays in ns/op while
// every other sample of the benchmark is in sec/op, and would land in a
// table, a ratio or a baseline of its own.
func tidyZeros(r *benchfmt.Result) {
	for i, v := range r.Values {
		if v.Value != 0 || v.OrigUnit != "" {
			continue
		}
		if tidy := TidyUnit(v.Unit); tidy != v.Unit {
			r.Values[i] = benchfmt.Value{Value: 0, Unit: tidy, OrigValue: 0, OrigUnit: v.Unit}
		}
	}
}

// TidyUnit returns the name under which results expose a unit: benchunit's
// tidied form, in which "ns/add" is "sec/add" and "MB/s" is "B/s". Tidy units
// pass through unchanged, so every function that takes a unit accepts both.
func TidyUnit(unit string) string {
	_, tidy := benchunit.Tidy(1, unit)
	return tidy
}
