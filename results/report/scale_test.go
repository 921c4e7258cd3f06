package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/addbench/addbench/results/benchtab"
)

// testdata/scale.txt is a real run: addbench bench -suite scale -passes 1
// -cpu 2 on the 2-core VM, shared with other jobs (load average 7).

func TestScaleCharts(t *testing.T) {
	set := loadFile(t, "testdata/scale.txt")
	charts, _, err := Charts(set.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range charts {
		names[c.Name] = true
	}
	for _, kind := range []string{"time", "memory", "cpu", "ctxsw"} {
		for _, mode := range []string{"private", "shared"} {
			if n := "scale-" + kind + "-" + mode + "-len16-q1-cpu2"; !names[n] {
				t.Errorf("no chart %s among %d charts", n, len(charts))
			}
		}
	}
}

func TestScaleTable(t *testing.T) {
	set := loadFile(t, "testdata/scale.txt")
	var b bytes.Buffer
	if err := Markdown(&b, set, nil, benchtab.Options{}); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	i := strings.Index(md, "### Scale")
	if i < 0 {
		t.Fatal("no scale table in the report")
	}
	table := md[i:]
	for _, want := range []string{"shared 10^6 GOMAXPROCS 2 B/program", "stackMin", "tokio", "10 000 Rust threads", "| sequential.loop |"} {
		if !strings.Contains(table, want) {
			t.Errorf("scale table lacks %q", want)
		}
	}
	// coop.gil is capped at 10^5: its 10^5 cells hold numbers, its 10^6
	// cells are blank.
	for _, l := range strings.Split(table, "\n") {
		if !strings.HasPrefix(l, "| coop.gil |") {
			continue
		}
		cells := strings.Split(l, "|")
		// | style | private 10^5 B | ns | private 10^6 B | ns | shared ...
		if strings.TrimSpace(cells[2]) == "" || strings.TrimSpace(cells[4]) != "" {
			t.Errorf("coop.gil row %q: want numbers at 10^5 and blanks at 10^6", l)
		}
	}
	// A file without B/program has no scale table.
	b.Reset()
	if err := Markdown(&b, loadFile(t, "testdata/quick.txt"), nil, benchtab.Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "### Scale") {
		t.Error("the quick run's report has a scale table")
	}
}

func TestCountName(t *testing.T) {
	for n, want := range map[int]string{1: "1", 1000: "1000", 10_000: "10^4", 1_000_000: "10^6", 20_000: "20000"} {
		if got := countName(n); got != want {
			t.Errorf("countName(%d) = %q, want %q", n, got, want)
		}
	}
}
