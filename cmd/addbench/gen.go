package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/workloads"
)

func cmdGen(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "gen", "[flags] DIR", `
Generate a workload as Add files in DIR (created if needed): prog-00.add,
prog-01.add, ... The integers are drawn from the whole int64 range with a
seeded generator, so the same flags write the same files on every machine.
-skew makes program 0 -len long and the others -short long.`)
	programs := fs.Int("programs", 8, "number of programs")
	length := fs.Int("len", 1000, "integers per program")
	seed := fs.Uint64("seed", 1, "generator seed")
	skew := fs.Bool("skew", false, "one long program (-len) and the rest short (-short)")
	short := fs.Int("short", 10, "length of the short programs with -skew")
	force := fs.Bool("force", false, "overwrite existing files")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *programs < 1 || *length < 0 || *short < 0 {
		return usageError{fmt.Errorf("-programs must be at least 1 and lengths not negative")}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{errors.New("gen needs exactly one output directory")}
	}
	dir := fs.Arg(0)
	progs := workloads.Uniform(*seed, *programs, *length)
	if *skew {
		progs = workloads.Skewed(*seed, *programs, *length, *short)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return inputError{err}
	}
	paths := make([]string, len(progs))
	for i := range progs {
		paths[i] = filepath.Join(dir, fmt.Sprintf("prog-%02d.add", i))
		if _, err := os.Stat(paths[i]); err == nil && !*force {
			return inputError{fmt.Errorf("%s exists; use -force to overwrite", paths[i])}
		}
	}
	for i, p := range progs {
		var b bytes.Buffer
		fmt.Fprintf(&b, "# addbench gen -seed %d: program %d of %d, %d adds\n", *seed, i, len(progs), len(p))
		if err := workloads.Format(&b, p); err != nil {
			return err
		}
		if err := atomicfile.Write(paths[i], b.Bytes()); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %d programs to %s\n", len(progs), dir)
	return nil
}
