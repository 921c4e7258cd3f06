package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/addbench/addbench/vignettes"
)

func cmdVignette(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "vignette", "[flags] [NAME|all]", vignetteDoc())
	trials := fs.Int("trials", 0, "trials per experiment (0 means each vignette's default)")
	format := fs.String("format", "text", "output format: text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := atLeast("trials", *trials, 0); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Errorf("-format must be text or json, got %q", *format)}
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return usageError{fmt.Errorf("vignette takes at most one name, got %q", fs.Args())}
	}
	run := vignettes.All()
	if name := fs.Arg(0); name != "" && name != "all" {
		v, err := vignettes.Lookup(name)
		if err != nil {
			return usageError{err}
		}
		run = []vignettes.Vignette{v}
	}
	opt := vignettes.Options{Trials: *trials}
	for _, v := range run {
		if v.Check(opt) != nil {
			return usageError{fmt.Errorf("-trials must be between 0 and %d for vignette %s, got %d", v.MaxTrials, v.Name, *trials)}
		}
	}
	return runVignettes(stdout, stderr, run, opt, *format == "json")
}

// vignetteDoc is vignette's help: what it does and every vignette, with what
// a trial is and how many it runs.
func vignetteDoc() string {
	var doc strings.Builder
	doc.WriteString(`
Run small experiments that show the essay's concurrency phenomena on this
machine, and print what each measured, with a short explanation. NAME is one
vignette, or all (the default). -trials scales each experiment; what a trial
is differs between vignettes, and 0 runs each with its own default:

`)
	for _, v := range vignettes.All() {
		fmt.Fprintf(&doc, "  %-15s %s\n  %-15s default: %d %s, at most %d\n", v.Name, v.Title, "", v.DefaultTrials, v.Trial, v.MaxTrials)
	}
	doc.WriteString(`
Some rows run in child processes: this binary, re-executed. Builds with -race
report the deliberately racy rows as unavailable.`)
	return doc.String()
}

// runVignettes runs the vignettes and writes their reports as text, each as
// it finishes, or as one JSON document.
func runVignettes(stdout, stderr io.Writer, run []vignettes.Vignette, opt vignettes.Options, asJSON bool) error {
	// Run everything before writing JSON, so that a failure leaves no
	// half-written document; text is written as each vignette finishes.
	env := vignettes.CurrentEnvironment()
	var reports []*vignettes.Report
	if !asJSON {
		fmt.Fprintf(stdout, "go: %s\ngoos: %s\ngoarch: %s\nnumcpu: %d\ngomaxprocs: %d\nrace: %v\n",
			env.GoVersion, env.GOOS, env.GOARCH, env.NumCPU, env.GOMAXPROCS, env.Race)
	}
	for _, v := range run {
		r, err := v.Run(context.Background(), opt)
		if errors.Is(err, errors.ErrUnsupported) && len(run) > 1 {
			// All of them: the ones this platform can run.
			fmt.Fprintf(stderr, "vignette %s skipped: %v\n", v.Name, err)
			continue
		}
		if err != nil {
			return fmt.Errorf("vignette %s: %w", v.Name, err)
		}
		if !asJSON {
			fmt.Fprintln(stdout)
			if err := r.WriteText(stdout); err != nil {
				return outputError{fmt.Errorf("writing standard output: %w", err)}
			}
			continue
		}
		reports = append(reports, r)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err := enc.Encode(struct {
			Environment vignettes.Environment `json:"environment"`
			Vignettes   []*vignettes.Report   `json:"vignettes"`
		}{env, reports})
		if err != nil {
			return outputError{fmt.Errorf("writing standard output: %w", err)}
		}
	}
	return nil
}
