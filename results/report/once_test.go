package report_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/results/dashboard"
	"github.com/addbench/addbench/results/report"
)

// TestComputedOnce: what addbench report -html does with two files — build
// the report, render it as Markdown and as the HTML page — compares the files
// once, takes the verdict once and checks each file's targets once; the
// renderers compute nothing. One file is neither compared nor judged.
func TestComputedOnce(t *testing.T) {
	for _, tc := range []struct {
		files []string
		want  report.Calls
	}{
		{[]string{"testdata/quick.txt"}, report.Calls{Targets: 1}},
		{[]string{"old=testdata/quick.txt", "new=testdata/quick.txt"}, report.Calls{Compare: 1, Verdict: 1, Targets: 2}},
	} {
		t.Run(fmt.Sprint(len(tc.files), " files"), func(t *testing.T) { computedOnce(t, tc.files, tc.want) })
	}
}

func computedOnce(t *testing.T, files []string, want report.Calls) {
	calls := report.CountCalls(t)
	set, err := results.Load(files...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(set, benchtab.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	built := *calls
	var md, page bytes.Buffer
	if err := report.Markdown(&md, r, r.Figures, ""); err != nil {
		t.Fatal(err)
	}
	if err := dashboard.ReportPage(&page, r, nil); err != nil {
		t.Fatal(err)
	}
	if *calls != want || built != want {
		t.Errorf("%d files: %+v calls after Build, %+v after rendering; want %+v", len(files), built, *calls, want)
	}
	if len(files) == 2 && (!bytes.Contains(md.Bytes(), []byte("### Verdict")) || !bytes.Contains(page.Bytes(), []byte(`id="verdict"`))) {
		t.Error("the renderers left out the verdict")
	}
}
