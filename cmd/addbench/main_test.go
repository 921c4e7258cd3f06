package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/styles"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// runCLI runs addbench with args and returns stdout, stderr (with the error
// line main would print) and the exit status main would use.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(&out, &errb, args)
	if err != nil && !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errReported) {
		fmt.Fprintf(&errb, "addbench: %v\n", err)
	}
	return out.String(), errb.String(), exitCode(err)
}

func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The golden files hold results worked out by hand from the .add files in
// testdata, not output captured from addbench.
func TestRunGolden(t *testing.T) {
	files := []string{"testdata/a.add", "testdata/b.add", "testdata/empty.add"}
	for _, tc := range []struct {
		name   string
		args   []string
		golden string
	}{
		{"private", []string{"run", "-style", "sequential.loop"}, "private.golden"},
		{"shared", []string{"run", "-style", "coop.green", "-mode", "shared", "-quantum", "1"}, "shared.golden"},
		{"private-parallel", []string{"run", "-style", "lockfree.cas", "-workers", "3"}, "private.golden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append(tc.args, files...)...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %s", code, errOut)
			}
			if want := golden(t, tc.golden); out != want {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
			}
		})
	}
}

var (
	spaces  = regexp.MustCompile(`[ \t]+`)
	timings = regexp.MustCompile(`(?m)^(\S+ \d) \S+ \S+ `) // a style row's TIME and NS/ADD
)

// normalizeTable makes a run -style all table comparable: columns joined by
// one space, timings replaced, and the racy row dropped (it exists only in
// builds without -race, and its check depends on the machine).
func normalizeTable(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(spaces.ReplaceAllString(l, " "))
		if strings.HasPrefix(l, "preempt.racy ") {
			continue
		}
		lines = append(lines, timings.ReplaceAllString(l, "$1 T N "))
	}
	return strings.Join(lines, "\n")
}

func TestRunAllGolden(t *testing.T) {
	out, errOut, code := runCLI(t, "run", "-mode", "shared", "-quantum", "2", "testdata/a.add", "testdata/b.add", "testdata/empty.add")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	if got, want := normalizeTable(out), normalizeTable(golden(t, "all-shared.golden")); got != want {
		t.Errorf("normalized stdout:\n%s\nwant:\n%s", got, want)
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string // in the error
	}{
		{"bad file", []string{"run", "testdata/a.add", "testdata/bad.add"}, `testdata/bad.add:3:3: "5x" is not a decimal integer`},
		{"missing file", []string{"run", "testdata/nope.add"}, "testdata/nope.add"},
		{"unknown style", []string{"run", "-style", "coop.fibers", "testdata/a.add"}, "valid styles: sequential.loop"},
		{"zero quantum", []string{"run", "-quantum", "0", "testdata/a.add"}, "-quantum must be at least 1"},
		{"negative workers", []string{"run", "-workers", "-2", "testdata/a.add"}, "-workers must be between 0 and 1024, got -2"},
		{"no files", []string{"run"}, "at least one Add file"},
		{"bad mode", []string{"run", "-mode", "public", "testdata/a.add"}, ""},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"no command", nil, "no command"},
		{"styles with args", []string{"styles", "extra"}, "takes no arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(&out, &errb, tc.args)
			if code := exitCode(err); code != 2 {
				t.Errorf("exit status %d (error %v), want 2", code, err)
			}
			if err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if out.Len() > 0 {
				t.Errorf("printed to stdout on error: %q", out.String())
			}
		})
	}
}

func TestStylesListsEveryStyle(t *testing.T) {
	out, _, code := runCLI(t, "styles")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	all := styles.All()
	if len(lines) != len(all)+1 {
		t.Fatalf("%d lines, want a header and %d styles:\n%s", len(lines), len(all), out)
	}
	for i, s := range all {
		f := strings.Fields(lines[i+1])
		if f[0] != s.Name || f[1] != string(rune('0'+s.Level)) || f[2] != s.Level.String() || f[3] != s.Family() {
			t.Errorf("line %q, want %s level %d (%s) family %s", lines[i+1], s.Name, s.Level, s.Level, s.Family())
		}
	}
}

func TestHelp(t *testing.T) {
	out, _, code := runCLI(t, "help")
	if code != 0 || !strings.Contains(out, "run ") || !strings.Contains(out, "styles ") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
	_, errOut, code := runCLI(t, "run", "-h")
	if code != 0 || !strings.Contains(errOut, "-quantum") || !strings.Contains(errOut, "Usage: addbench run") {
		t.Errorf("run -h: exit %d, stderr %q", code, errOut)
	}
}

func TestGenWritesParseableFilesAndRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := runCLI(t, "gen", "-programs", "3", "-len", "50", dir); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.add"))
	if len(files) != 3 {
		t.Fatalf("gen wrote %d files, want 3", len(files))
	}
	out, errOut, code := runCLI(t, append([]string{"run", "-mode", "shared"}, files...)...)
	if code != 0 || !strings.HasPrefix(out, "total\t") {
		t.Fatalf("run on generated files: exit %d, %s %s", code, out, errOut)
	}
	before, _ := os.ReadFile(files[0])
	if _, _, code := runCLI(t, "gen", "-programs", "3", "-len", "7", dir); code != 2 {
		t.Errorf("gen over existing files: exit %d, want 2", code)
	}
	if after, _ := os.ReadFile(files[0]); !bytes.Equal(before, after) {
		t.Error("gen without -force changed an existing file")
	}
}

func TestPrintWarningsSummarises(t *testing.T) {
	var warns []error
	for i := range 8 {
		warns = append(warns, fmt.Errorf("warning number %d", i))
	}
	var b bytes.Buffer
	printWarnings(&b, warns)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != maxWarnings+1 || !strings.Contains(lines[maxWarnings], "and 3 more") || !strings.Contains(lines[0], "number 0") {
		t.Errorf("printWarnings of 8 printed:\n%s", b.String())
	}
}
