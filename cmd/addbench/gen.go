package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/workloads"
)

// gen holds a whole workload in memory before writing it, so its size is
// bounded: at most maxGenPrograms files and maxGenAdds integers in all
// (1 GiB in memory, about 2.5 GB of text).
const (
	maxGenPrograms = 10000
	maxGenAdds     = 1 << 27
)

func cmdGen(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet(stderr, "gen", "[flags] DIR", `
Generate a workload as Add files in DIR (created if needed): prog-00.add,
prog-01.add, ... (numbered with as many digits as the last needs). The integers are drawn from the whole int64 range with a
seeded generator, so the same flags write the same files on every machine.
-skew makes program 0 -len long and the others -short long. Existing
files, and prog-*.add files of an earlier workload that this one would not
replace, are refused unless -force is given; with -force the earlier
workload's extra files are removed.`)
	programs := fs.Int("programs", 8, fmt.Sprintf("number of programs, at most %d", maxGenPrograms))
	length := fs.Int("len", 1000, fmt.Sprintf("integers per program; at most %d in all programs", maxGenAdds))
	seed := fs.Uint64("seed", 1, "generator seed")
	skew := fs.Bool("skew", false, "one long program (-len) and the rest short (-short)")
	short := fs.Int("short", 10, "length of the short programs with -skew")
	force := fs.Bool("force", false, "overwrite existing files")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := firstError(
		inRange("programs", *programs, 1, maxGenPrograms),
		inRange("len", *length, 0, maxGenAdds),
		inRange("short", *short, 0, maxGenAdds),
	); err != nil {
		return err
	}
	// Each factor is bounded, so neither product overflows.
	total := int64(*programs) * int64(*length)
	sizes := fmt.Sprintf("-programs %d × -len %d", *programs, *length)
	if *skew {
		total = int64(*length) + int64(*programs-1)*int64(*short)
		sizes = fmt.Sprintf("-len %d + (-programs %d - 1) × -short %d", *length, *programs, *short)
	}
	if total > maxGenAdds {
		return usageError{fmt.Errorf("%s is %d integers, more than gen's %d", sizes, total, maxGenAdds)}
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
	if err := writePrograms(dir, progs, *seed, *force); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d programs to %s\n", len(progs), dir)
	return nil
}

// progName matches the names gen writes, of any width.
var progName = regexp.MustCompile(`^prog-[0-9]+\.add$`)

// writePrograms writes progs as prog-NN.add files in dir, created if need
// be. It checks every file before writing any: an existing file is replaced
// only with force, and only if it is a regular file. Other prog-*.add files
// in dir — a larger or wider earlier workload — would be run with the new
// ones by "addbench run dir/*.add": without force they are refused, with
// force removed once the new files are in place.
func writePrograms(dir string, progs []workloads.Program, seed uint64, force bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return outputError{err}
	}
	// Numbers as wide as the largest, so that the files sort in order.
	width := max(2, len(fmt.Sprint(len(progs)-1)))
	paths := make([]string, len(progs))
	ours := make(map[string]bool)
	for i := range progs {
		paths[i] = filepath.Join(dir, fmt.Sprintf("prog-%0*d.add", width, i))
		ours[filepath.Base(paths[i])] = true
		st, err := os.Lstat(paths[i])
		switch {
		case err != nil:
		case !st.Mode().IsRegular():
			return inputError{fmt.Errorf("%s exists and is not a regular file; gen replaces only regular files", paths[i])}
		case !force:
			return inputError{fmt.Errorf("%s exists; use -force to overwrite", paths[i])}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return outputError{err}
	}
	var stale []string
	for _, e := range entries {
		if !progName.MatchString(e.Name()) || ours[e.Name()] {
			continue
		}
		path := filepath.Join(dir, e.Name())
		switch {
		case !e.Type().IsRegular():
			return inputError{fmt.Errorf("%s is not a regular file; gen removes only regular files", path)}
		case !force:
			return inputError{fmt.Errorf("%s holds %s from an earlier workload, which would be run with this one; use -force to remove it", dir, e.Name())}
		}
		stale = append(stale, path)
	}
	files := make([]atomicfile.File, len(progs))
	for i, p := range progs {
		var b bytes.Buffer
		fmt.Fprintf(&b, "# addbench gen -seed %d: program %d of %d, %d adds\n", seed, i, len(progs), len(p))
		if err := workloads.Format(&b, p); err != nil {
			return err
		}
		files[i] = atomicfile.File{Path: paths[i], Data: b.Bytes()}
	}
	if err := atomicfile.WriteAll(files); err != nil {
		return outputError{err}
	}
	for _, path := range stale {
		if err := os.Remove(path); err != nil {
			return outputError{fmt.Errorf("removing the earlier workload's %s: %w", filepath.Base(path), err)}
		}
	}
	return nil
}
