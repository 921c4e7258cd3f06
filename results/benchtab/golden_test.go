package benchtab

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/internal/synth"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The golden files in testdata/golden are benchstat's own output on the inputs
// in testdata, so these tests compare Compare with benchstat, not with an
// earlier run of Compare. To regenerate the inputs (from synth.Spec, seeded) and
// the golden files, run
//
//	go test ./results -run TestGolden -update
//
// which runs go tool benchstat with each case's flags and files (benchstat
// is pinned in go.mod), passing -table "" unless the case sets a table
// projection: that stops benchstat from splitting files with different CPU:
// lines into separate tables, which is what Compare does by default.
var update = flag.Bool("update", false, "regenerate testdata inputs and golden files with go tool benchstat")

// goldenInputs are the generated inputs. new.txt was measured on "another
// machine" (a different CPU: line), has preempt.mutex 10% slower and adds a
// style old.txt lacks; short.txt has only 4 samples per benchmark.
var goldenInputs = map[string]synth.Spec{
	"old.txt":   {Seed: 1},
	"new.txt":   {Seed: 2, CPU: "AMD EPYC 7B12", Slow: map[string]float64{"preempt.mutex": 1.10}, Styles: []string{"sequential.loop", "preempt.mutex", "preempt.racy", "lockfree.atomic"}},
	"short.txt": {Seed: 3, N: 4},
}

type goldenCase struct {
	name  string
	files []string
	opts  Options
	csv   bool // also compare the CSV output
}

var goldenCases = []goldenCase{
	{name: "default", files: []string{"testdata/old.txt", "testdata/new.txt"}, csv: true},
	{name: "labels", files: []string{"base=testdata/old.txt", "new=testdata/new.txt"}},
	{name: "summary", files: []string{"testdata/old.txt"}, csv: true},
	{name: "short", files: []string{"testdata/old.txt", "testdata/short.txt"}, csv: true},
	{name: "bystyle", files: []string{"testdata/new.txt"},
		opts: opts(func(o *Options) {
			o.Row = "/quantum"
			o.Col = "/style"
			o.Filter = "/gomaxprocs:2 .unit:(ns/add OR lost/op)"
		}), csv: true},
	{name: "alpha", files: []string{"testdata/old.txt", "testdata/new.txt"},
		opts: opts(func(o *Options) { o.Alpha = 0.01; o.Filter = "/style:preempt.racy .unit:sec/add" })},
	// benchstat's default tables: the CPU: lines differ, so nothing compares.
	{name: "config-tables", files: []string{"testdata/old.txt", "testdata/new.txt"},
		opts: opts(func(o *Options) { o.Table = ".config"; o.Filter = ".unit:sec/add" }), csv: true},
}

// options returns the case's options, DefaultOptions when it sets none.
func (tc goldenCase) options() Options {
	if tc.opts == (Options{}) {
		return DefaultOptions
	}
	return tc.opts
}

// benchstatArgs are the benchstat flags equivalent to opts.
func benchstatArgs(opts Options, files []string, format string) []string {
	args := []string{"tool", "benchstat", "-table", opts.Table, "-format", format}
	for _, f := range []struct{ flag, val string }{{"-row", opts.Row}, {"-col", opts.Col}, {"-filter", opts.Filter}} {
		if f.val != "" {
			args = append(args, f.flag, f.val)
		}
	}
	if opts.Alpha != 0 {
		args = append(args, "-alpha", fmt.Sprint(opts.Alpha))
	}
	return append(args, files...)
}

func updateGolden(t *testing.T) {
	t.Helper()
	for name, spec := range goldenInputs {
		if err := os.WriteFile(filepath.Join("testdata", name), []byte(spec.Text()), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll("testdata/golden", 0o777); err != nil {
		t.Fatal(err)
	}
	for _, tc := range goldenCases {
		formats := []string{"text"}
		if tc.csv {
			formats = append(formats, "csv")
		}
		for _, format := range formats {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command("go", benchstatArgs(tc.options(), tc.files, format)...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v: %v\n%s", cmd.Args, err, stderr.Bytes())
			}
			base := filepath.Join("testdata/golden", tc.name+"."+format)
			if err := os.WriteFile(base, stdout.Bytes(), 0o666); err != nil {
				t.Fatal(err)
			}
			if format == "csv" {
				if err := os.WriteFile(base+".stderr", stderr.Bytes(), 0o666); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func readGolden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/golden", name))
	if err != nil {
		t.Fatalf("%v (regenerate with -update)", err)
	}
	return string(b)
}

// TestGolden checks that WriteText and WriteCSV print exactly what benchstat
// prints for the same files and options: every median, interval, delta,
// p-value, geomean and warning, and the layout.
func TestGolden(t *testing.T) {
	if *update {
		updateGolden(t)
	}
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			set, err := results.Load(tc.files...)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Compare(set, tc.options())
			if err != nil {
				t.Fatal(err)
			}
			var text bytes.Buffer
			if err := c.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if want := readGolden(t, tc.name+".text"); text.String() != want {
				t.Errorf("text differs from benchstat's\n--- got:\n%s\n--- benchstat:\n%s", text.String(), want)
			}
			if !tc.csv {
				return
			}
			var out, warn bytes.Buffer
			if err := c.WriteCSV(&out, &warn); err != nil {
				t.Fatal(err)
			}
			if want := readGolden(t, tc.name+".csv"); out.String() != want {
				t.Errorf("CSV differs from benchstat's\n--- got:\n%s\n--- benchstat:\n%s", out.String(), want)
			}
			if want := readGolden(t, tc.name+".csv.stderr"); warn.String() != want {
				t.Errorf("CSV warnings differ from benchstat's\n--- got:\n%s\n--- benchstat:\n%s", warn.String(), want)
			}
		})
	}
}

// TestNumbersMatchBenchstat reads benchstat's CSV (full-precision centers)
// and checks the Comparison's fields, not its printing: Summary.Center,
// the interval, the delta and Cell.Significant against "~".
func TestNumbersMatchBenchstat(t *testing.T) {
	set, err := results.Load("testdata/old.txt", "testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(set, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csvRecords(readGolden(t, "default.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Index benchstat's rows by unit and row label. A table starts with
	// its column header record and then ",unit,CI,unit,CI,vs base,P".
	got := make(map[string][]string)
	unit := ""
	for _, r := range recs {
		switch {
		case len(r) >= 3 && r[0] == "" && r[2] == "CI":
			unit = r[1]
		case len(r) >= 3 && r[0] != "":
			got[unit+" "+r[0]] = r
		}
	}
	checked := 0
	for _, tab := range c.Tables {
		for _, row := range tab.Rows {
			r, ok := got[tab.Unit+" "+row.Label]
			if !ok {
				t.Errorf("%s %s: not in benchstat's output", tab.Unit, row.Label)
				continue
			}
			for i, cell := range row.Cells {
				col := 1 + 4*i - 2*min(i, 1) // benchstat's CSV column of this cell
				if cell == nil {
					if r[col] != "" {
						t.Errorf("%s %s col %d: missing here, benchstat has %q", tab.Unit, row.Label, i, r[col])
					}
					continue
				}
				if s := fmt.Sprint(cell.Summary.Center); s != r[col] {
					t.Errorf("%s %s col %d: median %s, benchstat %s", tab.Unit, row.Label, i, s, r[col])
				}
				if s := cell.Summary.PctRangeString(); s != r[col+1] {
					t.Errorf("%s %s col %d: CI %s, benchstat %s", tab.Unit, row.Label, i, s, r[col+1])
				}
				if cell.Baseline == nil {
					continue
				}
				delta, p := r[col+2], r[col+3]
				if cell.Significant() != (delta != "~") {
					t.Errorf("%s %s: Significant()=%v, benchstat delta %q", tab.Unit, row.Label, cell.Significant(), delta)
				}
				if cell.Significant() && cell.Baseline.Summary.Center != 0 && delta != "0.00%" {
					if s := fmt.Sprintf("%+.2f%%", cell.Delta()); s != delta {
						t.Errorf("%s %s: Delta %s, benchstat %s", tab.Unit, row.Label, s, delta)
					}
				}
				if !strings.HasPrefix(p, fmt.Sprintf("p=%.3f ", cell.Comparison.P)) {
					t.Errorf("%s %s: p=%.3f, benchstat %q", tab.Unit, row.Label, cell.Comparison.P, p)
				}
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked only %d comparisons against benchstat", checked)
	}
}

func csvRecords(s string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}
