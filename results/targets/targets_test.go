package targets

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/addbench/addbench/bench"
	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/benchtab"
	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// targetFile writes a result file with six samples of every row in rows
// (benchmark name without "Benchmark" → ns per add or per op), each sample
// within ±0.5% of the value, and loads it.
func targetFile(t *testing.T, rows map[string]float64) *results.File {
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
	set, err := results.Load(path)
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
		"Primitive/op=sum":         0.25,
		q1("sequential.loop"):      0.30, // 1.2 > 1.10: missed
		"Primitive/op=eventloop":   10,
		q1("callback.eventloop"):   12, // 1.2: met
		"Primitive/op=eventloop-2": 1,  // GOMAXPROCS 2: must not be used
		"Primitive/op=poll":        10,
		q1("async.executor"):       15, // exactly at the limit: met
		"Primitive/op=coroswitch":  100,
		q1("coop.green"):           140, // 1.4 > 1.3: missed
		"Primitive/op=atomic":      6,
		q1("lockfree.atomic"):      6,
		q1("preempt.mutex"):        20, // no op=mutex: no data
		"Primitive/op=gilswitch":   200,
		q1("coop.gil"):             1000, // one program: not the row the target reads
		"Add/style=coop.gil/mode=shared/programs=2/len=32768/quantum=1": 240,
		q4096("sequential.loop"):    0.2,
		q4096("callback.eventloop"): 0.22,
		q4096("coop.green"):         0.4, // 2.0: missed
		q4096("coop.gil"):           0.2, // one program: never hands over, not the row the target reads
		"Add/style=coop.gil/mode=shared/programs=2/len=32768/quantum=4096":        0.6,
		"Add/style=sequential.loop/mode=shared/programs=2/len=32768/quantum=4096": 0.4, // 1.5: met, at the limit
		q1("preempt.private"): 0.75, // ÷ loop 0.30 = 2.5: missed
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
		"coop.gil ÷ op=gilswitch":                    {true, true, 1.2},
		"preempt.channel ÷ op=chanbuf":               {false, false, 0},
		"sequential.interleave ÷ sequential.loop":    {false, false, 0},
		"callback.eventloop ÷ sequential.loop":       {true, true, 1.1},
		"async.executor ÷ sequential.loop":           {false, false, 0},
		"coop.green ÷ sequential.loop":               {true, false, 2},
		"coop.gil ÷ sequential.loop":                 {true, true, 1.5},
		"preempt.private ÷ sequential.loop":          {true, false, 2.5},
		"preempt.private speedup, GOMAXPROCS 2 vs 1": {true, true, 0.4 / 0.22},
	}
	ts := Check(f)
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
	if err := Write(&b, ts, benchtab.Markdown); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	// A header, then the separator line GitHub needs to draw a table.
	if lines := strings.SplitN(md, "\n", 3); len(lines) < 3 || lines[0] != "| target | measured | limit | verdict | rows compared |" || lines[1] != "|---|---|---|---|---|" {
		t.Errorf("markdown does not start with the header and its separator:\n%s", md)
	}
	// One program or two, said as such.
	for _, s := range []string{"| shared, 1 program, quantum 1,", "| shared, 2 programs, quantum 1,", "| shared, 2 programs, quantum 4096,"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
	for _, s := range []string{"| coop.green ÷ op=coroswitch | 1.40 [", "| ≤ 1.3 | MISSED |", "| preempt.mutex ÷ op=mutex | — | ≤ 1.5 | no data |", "| ≥ 1.6 | met |"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
}

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Abs(want)
}

func checkInterval(t *testing.T, what string, e results.Estimate) {
	t.Helper()
	if !(e.Lo <= e.Center && e.Center <= e.Hi) || !e.Bounded() {
		t.Errorf("%s: interval [%g, %g] does not hold center %g", what, e.Lo, e.Hi, e.Center)
	}
}

// find returns the target called name.
func find(t *testing.T, ts []Target, name string) Target {
	t.Helper()
	for _, tg := range ts {
		if tg.Name == name {
			return tg
		}
	}
	t.Fatalf("no target %q", name)
	return Target{}
}

const speedupTarget = "preempt.private speedup, GOMAXPROCS 2 vs 1"

// TestSpeedupNeedsBothRows: a run with no GOMAXPROCS 2 rows (-cpu 1) has no
// speedup, rather than x/0 = +Inf read as met; and rows shorter than 2^20
// adds do not stand in for the long ones.
func TestSpeedupNeedsBothRows(t *testing.T) {
	long := "Add/style=preempt.private/mode=private/programs=2/len=1048576/quantum=4096"
	short := "Add/style=preempt.private/mode=private/programs=2/len=1024/quantum=4096"
	for _, tc := range []struct {
		name string
		rows map[string]float64
	}{
		{"cpu 1 only", map[string]float64{long: 0.4}},
		{"cpu 2 only", map[string]float64{long + "-2": 0.2}},
		{"short rows only", map[string]float64{short: 0.4, short + "-2": 0.1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tg := find(t, Check(targetFile(t, tc.rows)), speedupTarget); tg.Found || tg.Met() {
				t.Errorf("found %v met %v ratio %v; want no data", tg.Found, tg.Met(), tg.Ratio)
			}
		})
	}
}

// TestLimits pins every limit, and that meeting a limit exactly counts as
// met (≤ for overheads, ≥ for the speedup), just above (below) does not.
func TestLimits(t *testing.T) {
	want := map[string]float64{
		"sequential.loop ÷ op=sum": 1.10, "callback.eventloop ÷ op=eventloop": 1.5,
		"async.executor ÷ op=poll": 1.5, "coop.green ÷ op=coroswitch": 1.3,
		"lockfree.atomic ÷ op=atomic": 1.5, "preempt.mutex ÷ op=mutex": 1.5,
		"coop.gil ÷ op=gilswitch": 1.5, "preempt.channel ÷ op=chanbuf": 1.5,
		"sequential.interleave ÷ sequential.loop": 1.5, "callback.eventloop ÷ sequential.loop": 1.5,
		"async.executor ÷ sequential.loop": 1.5, "coop.green ÷ sequential.loop": 1.5,
		"coop.gil ÷ sequential.loop": 1.5, speedupTarget: 1.6,
		"preempt.private ÷ sequential.loop": 2,
	}
	ts := Check(targetFile(t, map[string]float64{"Primitive/op=sum": 1}))
	if len(ts) != len(want) {
		t.Fatalf("%d targets, want %d", len(ts), len(want))
	}
	for _, tg := range ts {
		if tg.Limit != want[tg.Name] {
			t.Errorf("%s: limit %g, want %g", tg.Name, tg.Limit, want[tg.Name])
		}
		at := Target{Limit: tg.Limit, AtLeast: tg.AtLeast, Found: true, Ratio: results.Estimate{Center: tg.Limit}}
		if !at.Met() {
			t.Errorf("%s: a ratio exactly at the limit is not met", tg.Name)
		}
		beyond := at
		beyond.Ratio.Center = tg.Limit * 1.01
		if tg.AtLeast {
			beyond.Ratio.Center = tg.Limit * 0.99
		}
		if beyond.Met() {
			t.Errorf("%s: a ratio 1%% beyond the limit is met", tg.Name)
		}
	}
}

// TestNamesExist: every style and primitive the policy names exists, so a
// rename cannot silently turn a target into "no data"; and the quick suite
// holds every row the targets need.
func TestNamesExist(t *testing.T) {

	for _, m := range Mechanisms {
		if _, err := styles.Lookup(m.Style); err != nil {
			t.Errorf("mechanism target names style %q: %v", m.Style, err)
		}
		found := false
		for _, p := range bench.Primitives {
			found = found || p.Op == m.Op
		}
		if !found {
			t.Errorf("mechanism target names op=%s, which bench.Primitives lacks", m.Op)
		}

	}
	for _, st := range append(Amortised, "sequential.loop", "preempt.private") {
		if _, err := styles.Lookup(st); err != nil {
			t.Errorf("target names style %q: %v", st, err)
		}
	}

	// make gate runs quick, make bench default: both hold every row.
	for _, name := range []string{"quick", "default"} {
		suite, err := workloads.LookupSuite(name)
		if err != nil {
			t.Fatal(err)
		}
		has := func(c workloads.Case) bool {
			for _, qc := range suite.Cases {
				if qc.Mode == c.Mode && qc.Programs == c.Programs && qc.Quantum == c.Quantum && qc.Len >= c.Len {
					return true
				}
			}
			return false
		}
		for _, c := range []workloads.Case{
			{Mode: workloads.Shared, Programs: 2, Quantum: 1},
			{Mode: workloads.Shared, Programs: 1, Quantum: 1},
			{Mode: workloads.Shared, Programs: 1, Quantum: 4096},
			{Mode: workloads.Shared, Programs: 2, Quantum: 4096},
			{Mode: workloads.Private, Programs: 2, Len: 1 << 20, Quantum: 4096},
		} {
			if !has(c) {
				t.Errorf("the %s suite lacks the targets' row %s", name, c.Name())
			}
		}
	}
}

// TestMissed: a target fails the check when its ratio is past its limit or
// it has no data.
func TestMissed(t *testing.T) {
	ts := []Target{
		{Limit: 1.5, Found: true, Ratio: results.Exact(1.2)},                // met
		{Limit: 1.5, Found: true, Ratio: results.Exact(1.7)},                // missed
		{Limit: 1.6, AtLeast: true, Found: true, Ratio: results.Exact(1.8)}, // met
		{Limit: 1.6, AtLeast: true, Found: true, Ratio: results.Exact(1.1)}, // missed
		{Limit: 1.5}, // no data
	}
	if got := Missed(ts); got != 3 {
		t.Errorf("Missed = %d, want 3", got)
	}
	if got := Missed(ts[:1]); got != 0 {
		t.Errorf("Missed of one met target = %d, want 0", got)
	}
}
