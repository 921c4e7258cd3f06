package history

import (
	"slices"
	"testing"
)

// at is a point of benchmark bench on machine m, comparing base with head
// (one Go), with the ratio c in [lo, hi].
func at(m, date, bench, base, head string, c, lo, hi float64) Point {
	p := point(date, c, lo, hi)
	p.Run.Machine, p.Run.Base, p.Run.Head, p.Benchmark, p.Unit = m, base, head, bench, "sec/op"
	return p
}

// TestMachines: a row per benchmark, unit and kind with each machine's
// latest point; a row is marked only where one A/B ran on two machines with
// intervals apart — not for two different A/Bs, not for a dirty side, not
// for a machine's older run of an A/B it later reran.
func TestMachines(t *testing.T) {
	const d1, d2, d3 = "2026-12-01T10:00:00Z", "2026-12-02T10:00:00Z", "2026-12-03T10:00:00Z"
	pts := []Point{
		// X: a→b apart on m1 and m2 (1.00 vs 1.20); c→d agrees.
		at("m1", d1, "X", "a", "b", 1.00, 0.98, 1.02), at("m2", d1, "X", "a", "b", 1.20, 1.15, 1.25),
		at("m1", d2, "X", "c", "d", 1.00, 0.97, 1.03), at("m2", d2, "X", "c", "d", 1.02, 1.00, 1.04),
		// Y: one A/B, overlapping.
		at("m1", d1, "Y", "a", "b", 1.00, 0.98, 1.02), at("m2", d1, "Y", "a", "b", 1.01, 0.99, 1.03),
		// Z: m1 only.
		at("m1", d1, "Z", "a", "b", 1.50, 1.40, 1.60),
		// W: apart, but different A/Bs: different code, nothing to compare.
		at("m1", d1, "W", "a", "b", 1.00, 0.98, 1.02), at("m2", d2, "W", "c", "d", 1.50, 1.40, 1.60),
		// V: apart, but a working tree with changes on each: not one version.
		at("m1", d1, "V", "a", "b-dirty", 1.00, 0.98, 1.02), at("m2", d1, "V", "a", "b-dirty", 1.50, 1.40, 1.60),
		// U: m2 ran a→b twice; its older run disagreed, its latest does not.
		at("m1", d1, "U", "a", "b", 1.00, 0.98, 1.02), at("m2", d1, "U", "a", "b", 1.50, 1.40, 1.60),
		at("m2", d3, "U", "a", "b", 1.01, 0.99, 1.03),
		// X as an A/A run: a row of its own kind, apart on two machines.
		at("m1", d3, "X", "e", "e", 1.00, 0.99, 1.01), at("m2", d3, "X", "e", "e", 1.05, 1.03, 1.07),
	}
	tab := Machines(MakeSeries(pts))
	if tab == nil || !slices.Equal(tab.Machines, []string{"m1", "m2"}) {
		t.Fatalf("machines %v, want m1 and m2", tab)
	}
	type want struct {
		kind, bench string
		measured    int
		shared      int
		disagree    []string // the disagreeing A/Bs, base→head
		latest      [2]float64
	}
	wants := []want{
		{"a/a", "X", 2, 1, []string{"e→e"}, [2]float64{1.00, 1.05}},
		{"commits", "U", 2, 1, nil, [2]float64{1.00, 1.01}},
		{"commits", "V", 2, 0, nil, [2]float64{1.00, 1.50}},
		{"commits", "W", 2, 0, nil, [2]float64{1.00, 1.50}},
		{"commits", "X", 2, 2, []string{"a→b"}, [2]float64{1.00, 1.02}},
		{"commits", "Y", 2, 1, nil, [2]float64{1.00, 1.01}},
		{"commits", "Z", 1, 0, nil, [2]float64{1.50, 0}},
	}
	if len(tab.Rows) != len(wants) {
		t.Fatalf("%d rows, want %d: %+v", len(tab.Rows), len(wants), tab.Rows)
	}
	for i, w := range wants {
		r := tab.Rows[i]
		var dis []string
		for _, s := range r.Disagreements() {
			dis = append(dis, s.Base+"→"+s.Head)
		}
		if r.Kind != w.kind || r.Benchmark != w.bench || r.Measured != w.measured || len(r.Shared) != w.shared ||
			!slices.Equal(dis, w.disagree) || r.Disagree != (len(w.disagree) > 0) {
			t.Errorf("row %d: %s %s measured %d, %d shared, disagree %v on %q; want %s %s, %d, %d, on %q",
				i, r.Kind, r.Benchmark, r.Measured, len(r.Shared), r.Disagree, dis, w.kind, w.bench, w.measured, w.shared, w.disagree)
		}
		for m := range 2 {
			if got := r.Latest[m].Ratio.Center; got != w.latest[m] {
				t.Errorf("row %d (%s %s): latest on %s %v, want %v", i, r.Kind, r.Benchmark, tab.Machines[m], got, w.latest[m])
			}
		}
	}
	// X's shared A/Bs, oldest first, each with both machines' ratios.
	x := tab.Rows[4]
	if len(x.Shared) == 2 && (x.Shared[0].Head != "b" || x.Shared[1].Head != "d" ||
		x.Shared[0].Ratios[1].Center != 1.20 || !slices.Equal(x.Shared[1].Ran, []bool{true, true})) {
		t.Errorf("X's shared A/Bs %+v: want a→b (1.00, 1.20) then c→d", x.Shared)
	}
	// Z is not run on m2: a zero point, no runs.
	if z := tab.Rows[6]; z.Latest[1].Run.Machine != "" || z.Runs[1] != 0 || z.Runs[0] != 1 {
		t.Errorf("Z on m2: %+v, %d runs; want nothing", z.Latest[1], z.Runs[1])
	}

	// One machine: no table.
	if tab := Machines(MakeSeries(pts[:1])); tab != nil {
		t.Errorf("one machine: %+v, want nil", tab)
	}
}
