package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/targets"
)

func cmdTargets(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "targets", "[flags] FILE", `
Check one result file against addbench's performance targets, each a ratio of
two medians measured in the same run (so a slow or busy machine does not move
them): at quantum 1, each style's ns/add against the primitive it performs
once per add (sequential.loop against op=sum, callback.eventloop against
op=eventloop, async.executor against op=poll, coop.green against
op=coroswitch, lockfree.atomic against op=atomic, preempt.mutex against
op=mutex); at quantum 4096, each single-threaded style against
sequential.loop; and preempt.private's speedup from GOMAXPROCS 1 to 2. The
quick suite run with -cpu 1,2 holds every row needed:

	addbench bench -suite quick -o quick.txt && addbench targets quick.txt

Ratios come with an interval of at least 90% confidence. Exit status 0 when
every target is met, 1 when one is missed or has no data, 2 on bad input.`)
	format := fs.String("format", "text", "output format: text, csv or markdown")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := benchtab.ParseFormat(*format)
	if err != nil {
		return usageError{err}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{errors.New("targets needs exactly one result file")}
	}
	set, err := loadResults(stderr, fs.Args())
	if err != nil {
		return err
	}
	file := set.Files[0]
	ts := targets.Check(file)
	if err := targets.Write(stdout, ts, f); err != nil {
		return err
	}
	if missed := targets.Missed(ts); missed > 0 {
		return fmt.Errorf("%d of %d targets missed or without data in %s", missed, len(ts), file.Path)
	}
	return nil
}
