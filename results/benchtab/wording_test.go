package benchtab

import (
	"strings"
	"testing"
)

// TestVerdictWordingCounts: every count in the verdict's sentence and in
// How takes its noun in the singular for one and the plural otherwise, and
// one unchanged test could have shown one change, not a range.
func TestVerdictWordingCounts(t *testing.T) {
	for _, tc := range []struct {
		name         string
		v            Verdict
		want, absent []string
		how          string
	}{
		{
			name: "one of each",
			v: Verdict{Regressions: make([]Change, 1), Improvements: make([]Change, 1), Unchanged: []Change{{Detectable: 4.2}},
				Untested: make([]Change, 1), Tests: 1, Benchmarks: 1, Alpha: 0.05, Correction: Holm, Test: "signed-rank"},
			want: []string{"1 regression, 1 improvement among 1 benchmark compared (signed-rank p ≤ 0.05 after Holm's correction for 1 test)",
				"; the 1 unchanged test could have shown a change of 4.2% (80% power)", "; 1 cell not tested"},
			absent: []string{"1 tests", "4.2%–"},
			how:    "p ≤ 0.05 (Holm, 1 test)",
		},
		{
			name: "several",
			v: Verdict{Regressions: make([]Change, 2), Unchanged: []Change{{Detectable: 3.1}, {Detectable: 12}},
				Untested: make([]Change, 2), Tests: 3, Benchmarks: 2, Alpha: 0.05, Correction: Holm, Test: "signed-rank"},
			want: []string{"2 regressions, 0 improvements among 2 benchmarks compared (signed-rank p ≤ 0.05 after Holm's correction for 3 tests)",
				"; the 2 unchanged tests could have shown changes of 3.1%–12% (80% power)", "; 2 cells not tested"},
			how: "p ≤ 0.05 (Holm, 3 tests)",
		},
		{
			name:   "several of one size",
			v:      Verdict{Unchanged: []Change{{Detectable: 3.1}, {Detectable: 3.1}}, Tests: 2, Benchmarks: 2, Alpha: 0.05, Correction: Holm, Test: "signed-rank"},
			want:   []string{"; the 2 unchanged tests could have shown changes of 3.1% (80% power)"},
			absent: []string{"3.1%–"},
			how:    "p ≤ 0.05 (Holm, 2 tests)",
		},
	} {
		got := tc.v.String()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: verdict %q lacks %q", tc.name, got, w)
			}
		}
		for _, a := range tc.absent {
			if strings.Contains(got, a) {
				t.Errorf("%s: verdict %q says %q", tc.name, got, a)
			}
		}
		if how := tc.v.How(); how != tc.how {
			t.Errorf("%s: How() = %q, want %q", tc.name, how, tc.how)
		}
	}
}
