package main

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/addbench/addbench/vignettes"
)

// The tests run switchinterval: it is fast, starts no child process, and
// its table has one row for each of its vignetteIntervals switch intervals.
const vignetteIntervals = 7

func TestVignetteText(t *testing.T) {
	var out, errb bytes.Buffer
	err := run(&out, &errb, []string{"vignette", "-trials", "50", "switchinterval"})
	if code := exitCode(err); code != 0 {
		t.Fatalf("exit %d (%v), stderr %s", code, err, errb.String())
	}
	text := out.String()
	for _, want := range []string{
		"goos: " + runtime.GOOS,
		"switchinterval: ",
		"trials: 50 increments per thread",
		"INTERVAL", "LOST %",
		"\n=> ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	rows := 0
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) == 7 && f[0] != "INTERVAL" && strings.HasPrefix(line, "  ") {
			rows++
		}
	}
	if rows != vignetteIntervals {
		t.Errorf("%d table rows, want %d:\n%s", rows, vignetteIntervals, text)
	}
}

func TestVignetteJSON(t *testing.T) {
	var out, errb bytes.Buffer
	err := run(&out, &errb, []string{"vignette", "-format", "json", "-trials", "50", "switchinterval"})
	if code := exitCode(err); code != 0 {
		t.Fatalf("exit %d (%v), stderr %s", code, err, errb.String())
	}
	var doc struct {
		Environment vignettes.Environment `json:"environment"`
		Vignettes   []vignettes.Report    `json:"vignettes"`
	}
	dec := json.NewDecoder(&out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("decoding the JSON output: %v", err)
	}
	if doc.Environment.GOOS != runtime.GOOS || doc.Environment.NumCPU != runtime.NumCPU() {
		t.Errorf("environment = %+v", doc.Environment)
	}
	if len(doc.Vignettes) != 1 {
		t.Fatalf("%d reports, want 1", len(doc.Vignettes))
	}
	r := doc.Vignettes[0]
	if r.Name != "switchinterval" || r.Trials != 50 || r.Headline == "" || len(r.Tables) != 1 {
		t.Fatalf("report = %+v", r)
	}
	if got := len(r.Tables[0].Rows); got != vignetteIntervals {
		t.Errorf("%d rows, want %d", got, vignetteIntervals)
	}
	if _, ok := r.Metric("lost-frac/interval=1"); !ok {
		t.Errorf("no lost-frac/interval=1 metric in %+v", r.Metrics)
	}
}

func TestVignetteErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // in the error or on stderr
	}{
		{"unknown", []string{"nope"}, append([]string{`unknown vignette "nope"`}, vignettes.Names()...)},
		{"two-names", []string{"litmus", "signals"}, []string{"at most one name"}},
		{"format", []string{"-format", "xml", "litmus"}, []string{"-format must be text or json"}},
		{"trials", []string{"-trials", "-1", "litmus"}, []string{"-trials must not be negative"}},
		{"flag", []string{"-bogus"}, []string{"flag provided but not defined"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(&out, &errb, append([]string{"vignette"}, tt.args...))
			if code := exitCode(err); code != 2 {
				t.Errorf("exit %d (%v), want 2", code, err)
			}
			msg := errb.String()
			if err != nil {
				msg += err.Error()
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error and stderr %q lack %q", msg, w)
				}
			}
			if out.Len() > 0 {
				t.Errorf("stdout not empty on error: %q", out.String())
			}
		})
	}
}
