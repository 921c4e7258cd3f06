package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const header = "machine: m\ndate: 2026-12-01T10:00:00Z\n\nbenchmark\tunit\tratio\tlo\thi\tp\tn\tverdict\ttest\tdetectable\n"

// TestLoadRejectsImpossibleNumbers: a history row whose numbers no run
// could have written — a ratio of times that is NaN, infinite or negative,
// an interval with lo > hi, a p-value outside [0, 1], a negative count — is
// an error naming the file and line, not a point that draws nonsense.
func TestLoadRejectsImpossibleNumbers(t *testing.T) {
	for _, tc := range []struct{ name, row, msg string }{
		{"NaN ratio", "X\tsec/op\tNaN\t0.9\t1.1\t0.5\t10\t~\tsigned-rank\t2", "ratio NaN"},
		{"Inf ratio", "X\tsec/op\t+Inf\t0.9\t1.1\t0.5\t10\t~\tsigned-rank\t2", "ratio +Inf"},
		{"negative ratio", "X\tsec/op\t-1\t-1.1\t-0.9\t0.5\t10\tregression\tsigned-rank\tNaN", "ratio -1"},
		{"negative lo", "X\tsec/op\t1\t-0.1\t1.1\t0.5\t10\t~\tsigned-rank\t2", "lo -0.1"},
		{"-Inf hi", "X\tsec/op\t1\t0.9\t-Inf\t0.5\t10\t~\tsigned-rank\t2", "hi -Inf"},
		{"Inf lo", "X\tsec/op\t1\tInf\tInf\t0.5\t10\t~\tsigned-rank\t2", "lo +Inf"},
		{"lo > hi", "X\tsec/op\t1\t1.1\t0.9\t0.5\t10\t~\tsigned-rank\t2", "lo > hi"},
		{"p > 1", "X\tsec/op\t1\t0.9\t1.1\t1.5\t10\t~\tsigned-rank\t2", "p 1.5"},
		{"p < 0", "X\tsec/op\t1\t0.9\t1.1\t-0.01\t10\t~\tsigned-rank\t2", "p -0.01"},
		{"p NaN, tested", "X\tsec/op\t1\t0.9\t1.1\tNaN\t10\tregression\tsigned-rank\tNaN", "p NaN"},
		{"n < 0", "X\tsec/op\t1\t0.9\t1.1\t0.5\t-3\t~\tsigned-rank\t2", "n -3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "m", "h.txt")
			os.MkdirAll(filepath.Dir(path), 0o755)
			good := "Y\tsec/op\t1\t0.9\t1.1\t0.5\t10\t~\tsigned-rank\t2\n"
			os.WriteFile(path, []byte(header+good+tc.row+"\n"), 0o644)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), path+":6: ") || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Load = %v; want an error at %s:6 saying %q", err, path, tc.msg)
			}
		})
	}
	// What the verdict writes for what it could not test, and an unknown
	// interval, still load.
	dir := t.TempDir()
	path := filepath.Join(dir, "m", "h.txt")
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte(header+
		"X\tsec/op\tNaN\tNaN\tNaN\tNaN\t0\tuntested\tMann-Whitney U\tNaN\n"+
		"Y\tsec/op\t0\t0\t0\t1\t0\tuntested\tMann-Whitney U\tNaN\n"+
		"Z\tsec/op\t1.02\tNaN\tNaN\t0.3\t4\t~\tMann-Whitney U\t+Inf\n"+
		"W\tsec/op\t1.02\t0.5\t+Inf\t0.25\t3\t~\tsigned-rank\t+Inf\n"), 0o644)
	if pts, err := Load(dir); err != nil || len(pts) != 4 {
		t.Errorf("Load = %d points, %v; want 4", len(pts), err)
	}
}

// FuzzLoad: no history file makes Load panic or hang, and every error names
// the file.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(header + "X\tsec/op\t1\t0.9\t1.1\t0.5\t10\t~\tsigned-rank\t2\n"))
	f.Add([]byte(header + "X\tsec/op\tNaN\tNaN\tNaN\tNaN\t0\tuntested\tMann-Whitney U\tNaN\n"))
	f.Add([]byte("machine: m\ndate: x\n\nbenchmark\tunit\tratio\tlo\thi\tp\tn\tverdict\nX\tsec/op\t1.0\t0.9\t1.1\t0.5\t3\t~\n"))
	f.Add([]byte("# comment\nkey value\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "h.txt")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		pts, err := Load(dir)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			return
		}
		for _, p := range pts {
			if p.Ratio.Lo > p.Ratio.Hi || p.Ratio.N < 0 || p.P < 0 || p.P > 1 {
				t.Errorf("loaded an impossible point %+v", p)
			}
		}
	})
}
