package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/addbench/addbench/styles"
)

func cmdStyles(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "styles", "", `
List every concurrency style in this build: its name, its level on the
spectrum (0 no concurrency ... 5 lock-free), its family and what it does.
Builds with -race leave out preempt.racy.`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return usageError{fmt.Errorf("styles takes no arguments, got %q", fs.Args())}
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STYLE\tLEVEL\tFAMILY\tDOC")
	for _, s := range styles.All() {
		fmt.Fprintf(tw, "%s\t%d %s\t%s\t%s\n", s.Name, s.Level, s.Level, s.Family(), s.Doc)
	}
	return tw.Flush()
}
