// Package history keeps the results of addbench ab runs over time and finds
// where they change.
//
// Every point of a history is a same-session ratio: head ÷ base of one
// benchmark, both sides measured alternately in one addbench ab session,
// with its interval. Drift of the machine between sessions
// therefore does not enter the series; a step in it is a change in what was
// compared.
//
// A history is a directory of plain text files, one per A/B run, under a
// folder per machine (DIR/<machine>/<date>-<base>-<head>.txt): a new run
// adds a new file, so histories recorded on several machines or branches
// merge in git without conflicts, and each file reads and diffs as text.
//
// Change points are found with golang.org/x/perf/benchseries.ChangeScore,
// the Go performance dashboard's heuristic: a run is a change point when its
// interval and the previous run's do not overlap (a score of at least 1 in
// either direction).
//
// Histories of several machines are set side by side by Machines, with the
// run report's test (results.Apart): where one A/B ran on two machines and
// their intervals do not overlap, the machines disagree — the change it
// measures depends on the hardware.
package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchseries"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
)

// A Run identifies one A/B session.
type Run struct {
	Machine        string
	Date           string // RFC 3339, UTC
	Base, Head     string // commits
	BaseGo, HeadGo string // Go versions
	Suite          string
	Passes         int    // passes, or ABBA rounds
	Pairing        string // "abba" or "passes"; "" in files from before pairing was recorded
}

// Kind says what a run compared: "a/a" (the same commit and Go on both
// sides: it measures the noise), "go" (one commit, two Go versions),
// "commits" (two commits, one Go) or "commits+go". Histories are series of
// one kind: an A/A run and a commit A/B are different questions.
func (r Run) Kind() string {
	commits := strings.TrimSuffix(r.Base, "-dirty") != strings.TrimSuffix(r.Head, "-dirty") || strings.HasSuffix(r.Base, "-dirty") != strings.HasSuffix(r.Head, "-dirty")
	gos := r.BaseGo != r.HeadGo
	switch {
	case commits && gos:
		return "commits+go"
	case commits:
		return "commits"
	case gos:
		return "go"
	}
	return "a/a"
}

// The outcomes of a point, as the verdict decided them.
const (
	Regression  = "regression"
	Improvement = "improvement"
	Unchanged   = "~"
	Untested    = "untested" // too few pairs, or counts that do not pair
)

// A Point is one benchmark's outcome in one run, as the run's verdict
// decided it: nothing here is recomputed.
type Point struct {
	Run       Run
	Benchmark string // full name without "Benchmark", e.g. "Add/style=.../quantum=1-2"
	Unit      string // tidied, e.g. "sec/add"
	Ratio     results.Estimate
	P         float64 // the p-value of the test that decided it, before correction
	Test      string  // that test: "signed-rank", "Mann-Whitney U"
	Outcome   string  // Regression, Improvement, Unchanged or Untested

	// Detectable is, for an unchanged point, the smallest change in
	// percent the run could have detected (benchtab.Change.Detectable);
	// NaN otherwise.
	Detectable float64
}

// FromComparison makes the points of run from an A/B comparison (two
// columns, base first): one per time row the verdict judges (sec/add, and
// sec/op where a row has no sec/add), read from the verdict's own records.
func FromComparison(c *benchtab.Comparison, run Run) []Point {
	v := c.Verdict()
	var out []Point
	for _, g := range []struct {
		outcome string
		changes []benchtab.Change
	}{{Regression, v.Regressions}, {Improvement, v.Improvements}, {Unchanged, v.Unchanged}, {Untested, v.Untested}} {
		for _, ch := range g.changes {
			if ch.Unit != "sec/add" && ch.Unit != "sec/op" || ch.Normalized != "" {
				continue
			}
			det := math.NaN()
			if g.outcome == Unchanged {
				det = ch.Detectable
			}
			out = append(out, Point{Run: run, Benchmark: ch.Name, Unit: ch.Unit, Ratio: ch.Estimate(), P: ch.P, Test: ch.Test,
				Outcome: g.outcome, Detectable: det})
		}
	}
	slices.SortFunc(out, func(a, b Point) int { return strings.Compare(a.Unit+" "+a.Benchmark, b.Unit+" "+b.Benchmark) })
	return out
}

// Append writes the points of one run (all of the same Run) as a new file in
// dir/<machine>/, and returns its path. It never overwrites a file.
func Append(dir string, points []Point) (string, error) {
	if len(points) == 0 {
		return "", errors.New("recording history: no points")
	}
	r := points[0].Run
	if r.Machine == "" || r.Date == "" {
		return "", errors.New("recording history: a run needs a machine and a date")
	}
	t, err := time.Parse(time.RFC3339, r.Date)
	if err != nil {
		return "", fmt.Errorf("recording history: date %q: %w", r.Date, err)
	}
	name := fmt.Sprintf("%s-%s-%s.txt", t.UTC().Format("20060102T150405Z"), short(r.Base), short(r.Head))
	path := filepath.Join(dir, r.Machine, name)
	if _, err := os.Stat(path); err == nil {
		return "", fmt.Errorf("recording history: %s exists", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("recording history: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("# addbench ab: head ÷ base per benchmark, measured alternately in one session\n")
	for _, kv := range [][2]string{
		{"machine", r.Machine}, {"date", r.Date}, {"base", r.Base}, {"head", r.Head},
		{"base-go", r.BaseGo}, {"head-go", r.HeadGo}, {"suite", r.Suite}, {"passes", strconv.Itoa(r.Passes)},
		{"pairing", r.Pairing}, {"kind", r.Kind()},
	} {
		fmt.Fprintf(&b, "%s: %s\n", kv[0], kv[1])
	}
	b.WriteString("\nbenchmark\tunit\tratio\tlo\thi\tp\tn\tverdict\ttest\tdetectable\n")
	for _, p := range points {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", p.Benchmark, p.Unit,
			num(p.Ratio.Center), num(p.Ratio.Lo), num(p.Ratio.Hi), num(p.P), p.Ratio.N, p.Outcome, p.Test, num(p.Detectable))
	}
	return path, atomicfile.Write(path, b.Bytes())
}

func short(commit string) string {
	c, dirty := strings.CutSuffix(commit, "-dirty")
	c = c[:min(len(c), 8)]
	if dirty {
		c += "+"
	}
	if c == "" {
		return "unknown"
	}
	return c
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// Load reads every history file under dir. Malformed files are errors naming
// the file and line.
func Load(dir string) ([]Point, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".txt") {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading history: %w", err)
	}
	var all []Point
	var errs []error
	for _, p := range paths {
		pts, err := readFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		all = append(all, pts...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return all, nil
}

func readFile(path string) ([]Point, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var run Run
	var pts []Point
	inTable := false
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	line := 0
	bad := func(msg string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", path, line, fmt.Sprintf(msg, args...))
	}
	// check returns what is wrong with a point's numbers, or "": a ratio of
	// times and its interval are finite and not negative, the interval is
	// in order, a p-value is a probability and a count is not negative. An
	// interval may be unknown (NaN) or unbounded above (hi +Inf: too few
	// pairs), and an untested point's ratio and p unknown.
	check := func(ratio, lo, hi, p float64, n int, outcome string) string {
		unknown := func(x float64) bool { return math.IsNaN(x) && outcome == Untested }
		for _, x := range []struct {
			name    string
			v       float64
			unknown bool
		}{{"ratio", ratio, unknown(ratio)}, {"lo", lo, math.IsNaN(lo)}, {"hi", hi, math.IsNaN(hi) || math.IsInf(hi, 1)}} {
			if !x.unknown && !(x.v >= 0 && !math.IsInf(x.v, 0)) {
				return fmt.Sprintf("%s %v is not a ratio of times (finite, ≥ 0)", x.name, x.v)
			}
		}
		switch {
		case lo > hi:
			return fmt.Sprintf("interval [%v, %v] has lo > hi", lo, hi)
		case !unknown(p) && !(p >= 0 && p <= 1):
			return fmt.Sprintf("p %v is not in [0, 1]", p)
		case n < 0:
			return fmt.Sprintf("n %d is negative", n)
		}
		return ""
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		switch {
		case strings.HasPrefix(text, "#"), text == "":
			continue
		case !inTable && strings.HasPrefix(text, "benchmark\t"):
			inTable = true
		case !inTable:
			k, v, ok := strings.Cut(text, ": ")
			if !ok {
				return nil, bad("want \"key: value\", got %q", text)
			}
			switch k {
			case "machine":
				run.Machine = v
			case "date":
				run.Date = v
			case "base":
				run.Base = v
			case "head":
				run.Head = v
			case "base-go":
				run.BaseGo = v
			case "head-go":
				run.HeadGo = v
			case "suite":
				run.Suite = v
			case "passes":
				run.Passes, _ = strconv.Atoi(v)
			case "pairing":
				run.Pairing = v
			}
		default:
			f := strings.Split(text, "\t")
			if len(f) == 8 { // written before the test and detectable columns
				f = append(f, "", "NaN")
			}
			if len(f) != 10 {
				return nil, bad("want 10 tab-separated fields, got %d", len(f))
			}
			det, err := strconv.ParseFloat(f[9], 64)
			if err != nil {
				return nil, bad("detectable: %v", err)
			}
			var xs [4]float64
			for i, s := range []string{f[2], f[3], f[4], f[5]} {
				if xs[i], err = strconv.ParseFloat(s, 64); err != nil {
					return nil, bad("field %d: %v", i+3, err)
				}
			}
			n, err := strconv.Atoi(f[6])
			if err != nil {
				return nil, bad("n: %v", err)
			}
			if msg := check(xs[0], xs[1], xs[2], xs[3], n, f[7]); msg != "" {
				return nil, bad("%s", msg)
			}
			pts = append(pts, Point{Benchmark: f[0], Unit: f[1],
				Ratio: results.Estimate{Center: xs[0], Lo: xs[1], Hi: xs[2], N: n, CV: math.NaN()}, P: xs[3], Outcome: f[7],
				Test: f[8], Detectable: det})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, line+1, err)
	}
	if run.Machine == "" || run.Date == "" {
		return nil, fmt.Errorf("%s: no machine or date line", path)
	}
	for i := range pts {
		pts[i].Run = run
	}
	return pts, nil
}

// A Series is one benchmark's points on one machine, of one kind of
// comparison (Run.Kind), oldest first.
type Series struct {
	Machine, Kind, Benchmark, Unit string
	Points                         []Point

	// Changes are the indices of the points that are change points.
	Changes []int
}

// MakeSeries groups points by machine, kind of comparison, benchmark and
// unit, orders each series by date, and marks its change points.
func MakeSeries(points []Point) []Series {
	type key struct{ m, k, b, u string }
	idx := make(map[key]int)
	var out []Series
	for _, p := range points {
		k := key{p.Run.Machine, p.Run.Kind(), p.Benchmark, p.Unit}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Series{Machine: k.m, Kind: k.k, Benchmark: k.b, Unit: k.u})
		}
		out[i].Points = append(out[i].Points, p)
	}
	for i := range out {
		s := &out[i]
		slices.SortStableFunc(s.Points, func(a, b Point) int { return strings.Compare(a.Run.Date, b.Run.Date) })
		s.Changes = ChangePoints(s.Points)
	}
	slices.SortFunc(out, func(a, b Series) int {
		return strings.Compare(a.Machine+"\x00"+a.Kind+"\x00"+a.Benchmark+"\x00"+a.Unit, b.Machine+"\x00"+b.Kind+"\x00"+b.Benchmark+"\x00"+b.Unit)
	})
	return out
}

// ChangePoints returns the indices of the points whose interval does not
// overlap the previous point's: benchseries.ChangeScore of at least 1 in
// either direction. Points without a finite interval are skipped, neither
// marked nor compared with.
func ChangePoints(ps []Point) []int {
	var out []int
	prev := -1
	for i, p := range ps {
		if !p.Ratio.Bounded() {
			continue
		}
		if prev >= 0 {
			a, b := ps[prev].Ratio, p.Ratio
			if s := benchseries.ChangeScore(a.Lo, a.Center, a.Hi, b.Lo, b.Center, b.Hi); math.Abs(s) >= 1 {
				out = append(out, i)
			}
		}
		prev = i
	}
	return out
}
