package results

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// targetFile writes a result file with six samples of every row in rows
// (benchmark name without "Benchmark" → ns per add or per op), each sample
// within ±0.5% of the value, and loads it.
func targetFile(t *testing.T, rows map[string]float64) *File {
	t.Helper()
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/addbench/addbench/bench\ncpu: test\n")
	for i := range 6 {
		jitter := 1 + 0.002*float64(i-3)
		for name, v := range rows {
			unit := "ns/op"
			if strings.HasPrefix(name, "Add/") {
				unit = "ns/add"
			}
			fmt.Fprintf(&b, "Benchmark%s\t1000\t%g %s\n", name, v*jitter, unit)
		}
	}
	path := filepath.Join(t.TempDir(), "run.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return set.Files[0]
}

func q1(style string) string {
	return "Add/style=" + style + "/mode=shared/programs=1/len=65536/quantum=1"
}

func q4096(style string) string {
	return "Add/style=" + style + "/mode=shared/programs=1/len=65536/quantum=4096"
}

func TestTargets(t *testing.T) {
	f := targetFile(t, map[string]float64{
		"Primitive/op=sum":          0.25,
		q1("sequential.loop"):       0.30, // 1.2 > 1.10: missed
		"Primitive/op=eventloop":    10,
		q1("callback.eventloop"):    12, // 1.2: met
		"Primitive/op=eventloop-2":  1,  // GOMAXPROCS 2: must not be used
		"Primitive/op=poll":         10,
		q1("async.executor"):        15, // exactly at the limit: met
		"Primitive/op=coroswitch":   100,
		q1("coop.green"):            140, // 1.4 > 1.3: missed
		"Primitive/op=atomic":       6,
		q1("lockfree.atomic"):       6,
		q1("preempt.mutex"):         20, // no op=mutex: no data
		q4096("sequential.loop"):    0.2,
		q4096("callback.eventloop"): 0.22,
		q4096("coop.green"):         0.4, // 2.0: missed
		"Add/style=preempt.private/mode=private/programs=2/len=1048576/quantum=4096":   0.4,
		"Add/style=preempt.private/mode=private/programs=2/len=1048576/quantum=4096-2": 0.22,
		// Too short for the speedup target, and faster: must be ignored.
		"Add/style=preempt.private/mode=private/programs=2/len=1024/quantum=4096-2": 0.01,
	})
	want := map[string]struct {
		found, met bool
		ratio      float64
	}{
		"sequential.loop ÷ op=sum":                   {true, false, 1.2},
		"callback.eventloop ÷ op=eventloop":          {true, true, 1.2},
		"async.executor ÷ op=poll":                   {true, true, 1.5},
		"coop.green ÷ op=coroswitch":                 {true, false, 1.4},
		"lockfree.atomic ÷ op=atomic":                {true, true, 1},
		"preempt.mutex ÷ op=mutex":                   {false, false, 0},
		"sequential.interleave ÷ sequential.loop":    {false, false, 0},
		"callback.eventloop ÷ sequential.loop":       {true, true, 1.1},
		"async.executor ÷ sequential.loop":           {false, false, 0},
		"coop.green ÷ sequential.loop":               {true, false, 2},
		"coop.gil ÷ sequential.loop":                 {false, false, 0},
		"preempt.private speedup, GOMAXPROCS 2 vs 1": {true, true, 0.4 / 0.22},
	}
	ts := f.Targets()
	if len(ts) != len(want) {
		t.Errorf("%d targets, want %d", len(ts), len(want))
	}
	for _, tg := range ts {
		w, ok := want[tg.Name]
		if !ok {
			t.Errorf("unexpected target %q", tg.Name)
			continue
		}
		if tg.Found != w.found || tg.Met() != w.met || (w.found && !near(tg.Ratio.Center, w.ratio, 1e-9)) {
			t.Errorf("%s: found %v, met %v, ratio %g; want %v, %v, %g", tg.Name, tg.Found, tg.Met(), tg.Ratio.Center, w.found, w.met, w.ratio)
		}
		if tg.Found {
			checkInterval(t, tg.Name, tg.Ratio)
		}
	}

	var b strings.Builder
	if err := WriteTargets(&b, ts, Markdown); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, s := range []string{"| coop.green ÷ op=coroswitch | 1.40 [", "| ≤ 1.3 | MISSED |", "| preempt.mutex ÷ op=mutex | — | ≤ 1.5 | no data |", "| ≥ 1.6 | met |"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
}
