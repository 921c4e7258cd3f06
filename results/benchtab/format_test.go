package benchtab

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
)

func TestParseFormat(t *testing.T) {
	for _, f := range []Format{Text, CSV, Markdown} {
		got, err := ParseFormat(f.String())
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", f.String(), got, err, f)
		}
	}
	if _, err := ParseFormat("html"); err == nil || !strings.Contains(err.Error(), `unknown format "html"`) {
		t.Errorf("ParseFormat(html) error %v", err)
	}
}

// TestWriteDispatch checks that Write produces what the per-format methods
// produce, and that CSV warnings go to the second writer.
func TestWriteDispatch(t *testing.T) {
	set, err := results.Load("testdata/old.txt", "testdata/short.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, DefaultOptions)
	var text, md, csvOut, csvWarn bytes.Buffer
	c.WriteText(&text)
	c.WriteMarkdown(&md)
	c.WriteCSV(&csvOut, &csvWarn)
	for _, tt := range []struct {
		f         Format
		out, wErr string
	}{{Text, text.String(), ""}, {Markdown, md.String(), ""}, {CSV, csvOut.String(), csvWarn.String()}} {
		var out, wErr bytes.Buffer
		if err := c.Write(&out, &wErr, tt.f); err != nil {
			t.Fatal(err)
		}
		if out.String() != tt.out || wErr.String() != tt.wErr {
			t.Errorf("Write(%v) differs from its method", tt.f)
		}
	}
	if csvWarn.Len() == 0 {
		t.Errorf("CSV of 4-sample results wrote no warnings")
	}
}

var spaces = regexp.MustCompile(`\s+`)

// TestMarkdownMatchesBenchstat checks every Markdown row against the row
// with the same label in benchstat's text output for the same files.
func TestMarkdownMatchesBenchstat(t *testing.T) {
	set, err := results.Load("testdata/old.txt", "testdata/short.txt")
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := compare(t, set, DefaultOptions).WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	golden := strings.Split(readGolden(t, "short.text"), "\n\n")
	tables := strings.Split(strings.TrimSpace(md.String()), "\n\n")
	// Each Markdown table is followed by its footnotes block.
	var mdTables []string
	for _, b := range tables {
		if strings.HasPrefix(b, "|") {
			mdTables = append(mdTables, b)
		}
	}
	if len(mdTables) != len(golden) {
		t.Fatalf("%d Markdown tables, benchstat has %d", len(mdTables), len(golden))
	}
	rows := 0
	for i, tab := range mdTables {
		lines := strings.Split(tab, "\n")
		// The unit, the two files, and the delta column after the second.
		if h := " | testdata/old.txt | testdata/short.txt | vs base |"; !strings.HasSuffix(lines[0], h) {
			t.Errorf("table %d: header %q, want the unit and then %q", i, lines[0], h)
		}
		if lines[1] != "|:--|--:|--:|--:|" {
			t.Errorf("table %d: alignment row %q", i, lines[1])
		}
		bench := map[string]string{}
		for _, l := range strings.Split(golden[i], "\n") {
			if f := strings.Fields(l); len(f) > 0 {
				bench[f[0]] = spaces.ReplaceAllString(l, " ")
			}
		}
		for _, l := range lines[2:] {
			cells := strings.Split(strings.Trim(l, "|"), "|")
			if len(cells) != 4 {
				t.Errorf("row %q has %d cells, want 4", l, len(cells))
				continue
			}
			label := strings.TrimSpace(cells[0])
			want, ok := bench[label]
			if !ok {
				t.Errorf("table %d: row %q not in benchstat's output", i, label)
				continue
			}
			for _, c := range cells[1:] {
				if c = strings.TrimSpace(c); !strings.Contains(want, c) {
					t.Errorf("table %d row %s: cell %q not in benchstat's %q", i, label, c, want)
				}
			}
			rows++
		}
	}
	if rows < 40 {
		t.Errorf("checked only %d rows", rows)
	}
}

// TestMarkdownConfigAndNotes: with a table per configuration, each table is
// introduced by its file's configuration lines (hard line breaks, then a
// blank line, as a table cannot interrupt a paragraph), and a cell with a
// warning carries the footnote mark that the footnote under the table
// explains; cells without one carry none.
func TestMarkdownConfigAndNotes(t *testing.T) {
	set, err := results.Load("testdata/old.txt", "testdata/short.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, opts(func(o *Options) { o.Table = ".config"; o.Filter = ".unit:sec/add" }))
	var b bytes.Buffer
	if err := c.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"cpu: Intel(R) Xeon(R) CPU @ 2.20GHz  \n",         // old.txt's, as written there
		"commit: 3  \n\n| sec/add | testdata/short.txt |", // short.txt's, then its table
		"± ∞ ¹ |",             // 4 samples: no interval, and a note
		"¹ need >= 6 samples", // the note
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	// One blank line between blocks: a table without notes is not followed
	// by an empty notes block.
	if strings.Contains(md, "\n\n\n") {
		t.Errorf("markdown has two blank lines in a row:\n%s", md)
	}
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| Add/") && strings.Contains(l, "testdata") {
			t.Errorf("row %q holds a header", l)
		}
		if strings.Contains(l, "  |") {
			t.Errorf("cell with a dangling space (an empty note): %q", l)
		}
	}
}

// Warnings reach the printed tables: a residue ("benchmarks vary in …")
// becomes a numbered footnote in text and Markdown.
func TestWarningsArePrinted(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 6 {
		b.WriteString("BenchmarkA/k=1 1 2 ns/op\n")
		if i%2 == 0 {
			b.WriteString("BenchmarkA/k=2 1 3 ns/op\n")
		}
	}
	set, err := results.Load(writeResults(t, dir, "r.txt", b.String()))
	if err != nil {
		t.Fatal(err)
	}
	c := compare(t, set, opts(func(o *Options) { o.Row = ".name" }))
	var text, md bytes.Buffer
	c.WriteText(&text)
	c.WriteMarkdown(&md)
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
		if !strings.Contains(out, "benchmarks vary in .fullname") || !strings.Contains(out, "¹") {
			t.Errorf("%s output lacks the residue warning as footnote ¹:\n%s", name, out)
		}
	}
	if !strings.Contains(md.String(), "¹ benchmarks vary in .fullname") {
		t.Errorf("markdown footnote is not numbered:\n%s", md.String())
	}
}

// A table of one benchmark has no geomean row, in text or markdown, as in
// benchstat; two benchmarks have one.
func TestGeomeanNeedsTwoRows(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeResults(t, dir, name, text) }
	for rows, want := range map[string]bool{
		"BenchmarkA 1 1 ns/op\n":                       false,
		"BenchmarkA 1 1 ns/op\nBenchmarkB 1 2 ns/op\n": true,
	} {
		set, err := results.Load(write("old", rows), write("new", rows))
		if err != nil {
			t.Fatal(err)
		}
		c := compare(t, set, DefaultOptions)
		for _, f := range []Format{Text, Markdown} {
			var b bytes.Buffer
			if err := c.Write(&b, io.Discard, f); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), "geomean"); got != want {
				t.Errorf("%s of %q: geomean row %v, want %v:\n%s", f, rows, got, want, b.String())
			}
		}
	}
}

func TestFormatNames(t *testing.T) {
	for _, f := range []Format{Text, CSV, Markdown} {
		g, err := ParseFormat(f.String())
		if err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", f.String(), g, err, f)
		}
	}
	for _, f := range []Format{-1, Format(len(formatNames))} {
		if s, want := f.String(), fmt.Sprintf("Format(%d)", int(f)); s != want {
			t.Errorf("String() of an unknown format = %q, want %q", s, want)
		}
	}
}
