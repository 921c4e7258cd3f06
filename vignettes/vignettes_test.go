package vignettes

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind. Children never get
// here: the package's init runs them and exits first.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRegistry(t *testing.T) {
	want := []string{"lostupdate", "switchinterval", "unsafe", "starvation", "signals", "litmus"}
	if got := Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	for _, v := range All() {
		t.Run(v.Name, func(t *testing.T) {
			if v.Title == "" || v.Explain == "" || v.Trial == "" || v.DefaultTrials < 1 || v.Run == nil {
				t.Errorf("vignette %q is incomplete: %+v", v.Name, v)
			}
			got, err := Lookup(v.Name)
			if err != nil || got.Name != v.Name {
				t.Errorf("Lookup(%q) = %q, %v", v.Name, got.Name, err)
			}
		})
	}
}

func TestLookupUnknown(t *testing.T) {
	for _, name := range []string{"", "all", "LostUpdate", "nope"} {
		_, err := Lookup(name)
		var ue *UnknownError
		if !errors.As(err, &ue) || ue.Name != name {
			t.Fatalf("Lookup(%q) error = %v, want *UnknownError for %q", name, err, name)
		}
		for _, valid := range Names() {
			if !strings.Contains(err.Error(), valid) {
				t.Errorf("Lookup(%q) error %q does not list %q", name, err, valid)
			}
		}
	}
}

// sampleReport is a report built by hand, with a long explanation to wrap.
func sampleReport() *Report {
	return &Report{
		Name:    "sample",
		Title:   "a sample",
		Explain: strings.Repeat("word ", 60) + "supercalifragilisticexpialidocious",
		Trials:  7,
		Trial:   "things",
		Tables: []Table{
			{Caption: "first", Columns: []string{"A", "LONGER B"}, Rows: [][]string{{"1", "2"}, {"a much longer cell", "x"}}},
			{Caption: "second", Columns: []string{"ONLY"}, Rows: [][]string{{"z"}}},
		},
		Metrics:  []Metric{{Name: "lost-frac/x=1", Value: 0.25, Unit: "fraction"}},
		Headline: "the headline",
		Notes:    []string{"note one", "note two"},
	}
}

func TestWriteText(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"sample: a sample", "trials: 7 things", "first", "second", "=> the headline", "- note one", "- note two", "supercalifragilisticexpialidocious"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	lines := strings.Split(out, "\n")
	for _, line := range lines {
		if n := len([]rune(line)); n > textWidth && strings.Contains(line, "word") {
			t.Errorf("prose line of %d columns, want at most %d: %q", n, textWidth, line)
		}
	}
	if got, want := strings.Count(out, "word"), 60; got != want {
		t.Errorf("wrapped text has %d words \"word\", want %d", got, want)
	}
	// Each table's cells line up: the second column starts at the same
	// offset in the heading and in every row.
	for i, line := range lines {
		if strings.TrimSpace(line) != "first" {
			continue
		}
		head, rows := lines[i+1], lines[i+2:i+4]
		col := strings.Index(head, "LONGER B")
		for _, row := range rows {
			cells := strings.Fields(row)
			last := cells[len(cells)-1]
			if got := strings.LastIndex(row, last); got != col {
				t.Errorf("row %q: second column at %d, heading at %d", row, got, col)
			}
		}
	}
}

func TestReportJSON(t *testing.T) {
	r := sampleReport()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, r) {
		t.Errorf("JSON round trip changed the report:\n got %+v\nwant %+v", back, *r)
	}
	for _, key := range []string{`"name"`, `"tables"`, `"columns"`, `"rows"`, `"metrics"`, `"headline"`, `"notes"`} {
		if !bytes.Contains(b, []byte(key)) {
			t.Errorf("JSON lacks key %s: %s", key, b)
		}
	}
	if v, ok := back.Metric("lost-frac/x=1"); !ok || v != 0.25 {
		t.Errorf("Metric(lost-frac/x=1) = %v, %v; want 0.25, true", v, ok)
	}
}

// smallTrials are trial counts that keep every vignette fast in tests, even
// under -race.
var smallTrials = map[string]int{
	"lostupdate":     10_000,
	"switchinterval": 200,
	"unsafe":         2_000,
	"starvation":     1,
	"signals":        1,
	"litmus":         2_000,
}

// hasRacyRows names the vignettes with rows that race builds leave out.
var hasRacyRows = map[string]bool{"lostupdate": true, "unsafe": true, "starvation": true, "litmus": true}

// reportHas reports whether some cell of r is cell.
func reportHas(r *Report, cell string) bool {
	for _, tab := range r.Tables {
		for _, row := range tab.Rows {
			if slices.Contains(row, cell) {
				return true
			}
		}
	}
	return false
}

// TestAllRun runs every vignette small and checks the shape of its report.
func TestAllRun(t *testing.T) {
	for _, v := range All() {
		t.Run(v.Name, func(t *testing.T) {
			n, ok := smallTrials[v.Name]
			if !ok {
				t.Fatalf("no small trial count for %s", v.Name)
			}
			r, err := v.Run(context.Background(), Options{Trials: n})
			if errors.Is(err, errors.ErrUnsupported) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Name != v.Name || r.Title != v.Title || r.Explain != v.Explain || r.Trials != n {
				t.Errorf("report header = %q %q %d, want %q %q %d", r.Name, r.Title, r.Trials, v.Name, v.Title, n)
			}
			if len(r.Tables) == 0 || r.Headline == "" {
				t.Errorf("report has %d tables and headline %q", len(r.Tables), r.Headline)
			}
			for _, tab := range r.Tables {
				if len(tab.Rows) == 0 {
					t.Errorf("table %q has no rows", tab.Caption)
				}
				for _, row := range tab.Rows {
					if len(row) != len(tab.Columns) {
						t.Errorf("table %q: row %q has %d cells, want %d", tab.Caption, row, len(row), len(tab.Columns))
					}
					if raceEnabled {
						continue
					}
					if slices.Contains(row, unavailable) {
						t.Errorf("table %q: row %q unavailable in a build without -race", tab.Caption, row)
					}
				}
			}
			if raceEnabled && hasRacyRows[v.Name] && !reportHas(r, unavailable) {
				t.Errorf("race build: no row of %s says %q", v.Name, unavailable)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Errorf("marshalling report: %v", err)
			}
		})
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, v := range All() {
		t.Run(v.Name, func(t *testing.T) {
			_, err := v.Run(ctx, Options{Trials: smallTrials[v.Name]})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Run with a cancelled context: err = %v, want context.Canceled", err)
			}
		})
	}
}

// TestRunRefusesTooManyTrials: each vignette's Run refuses more trials than
// its MaxTrials (or a negative count) with an error before it starts, so that
// 2^61 trials is an error and not an out-of-memory kill; Check agrees.
func TestRunRefusesTooManyTrials(t *testing.T) {
	for _, v := range All() {
		t.Run(v.Name, func(t *testing.T) {
			if v.MaxTrials < v.DefaultTrials {
				t.Errorf("MaxTrials %d is below DefaultTrials %d", v.MaxTrials, v.DefaultTrials)
			}
			for _, n := range []int{-1, v.MaxTrials + 1, 1 << 61} {
				opt := Options{Trials: n}
				if v.Check(opt) == nil {
					t.Errorf("Check accepts %d trials", n)
				}
				r, err := v.Run(context.Background(), opt)
				if err == nil || r != nil || !strings.Contains(err.Error(), "trials must be between 0 and") {
					t.Errorf("Run with %d trials: %v, %v; want an error", n, r, err)
				}
			}
			// -trials applies to every vignette in "vignette all": any
			// count up to 100000 must suit each of them.
			for _, n := range []int{0, 1, 100_000, v.MaxTrials} {
				if err := v.Check(Options{Trials: n}); err != nil {
					t.Errorf("Check(%d trials): %v", n, err)
				}
			}
		})
	}
}
