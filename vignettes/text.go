package vignettes

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// textWidth is the column at which WriteText wraps prose.
const textWidth = 78

// WriteText writes r as text for a terminal: the title, the explanation
// wrapped to 78 columns, each table aligned in columns, then the headline and
// the notes.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	head := r.Name + ": " + r.Title
	fmt.Fprintf(bw, "%s\n%s\n\n", head, strings.Repeat("=", len([]rune(head))))
	wrap(bw, "", r.Explain)
	fmt.Fprintf(bw, "\ntrials: %d %s\n", r.Trials, r.Trial)
	for _, t := range r.Tables {
		fmt.Fprintf(bw, "\n%s\n", t.Caption)
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  %s\n", strings.Join(t.Columns, "\t"))
		for _, row := range t.Rows {
			fmt.Fprintf(tw, "  %s\n", strings.Join(row, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(bw)
	wrap(bw, "=> ", r.Headline)
	for _, n := range r.Notes {
		wrap(bw, "- ", n)
	}
	return bw.Flush()
}

// wrap writes text word-wrapped to textWidth columns, the first line starting
// with prefix and the others indented to match it.
func wrap(w io.Writer, prefix, text string) {
	indent := strings.Repeat(" ", len([]rune(prefix)))
	line, n := prefix, len([]rune(prefix))
	empty := true
	for _, word := range strings.Fields(text) {
		wn := len([]rune(word))
		if !empty && n+1+wn > textWidth {
			fmt.Fprintln(w, line)
			line, n, empty = indent, len(indent), true
		}
		if !empty {
			line += " "
			n++
		}
		line += word
		n += wn
		empty = false
	}
	fmt.Fprintln(w, line)
}
