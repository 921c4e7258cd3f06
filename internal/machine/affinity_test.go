package machine

import (
	"slices"
	"testing"
)

func TestFormatCPUs(t *testing.T) {
	for _, tc := range []struct {
		cpus []int
		want string
	}{
		{nil, ""},
		{[]int{0}, "0"},
		{[]int{1}, "1"},
		{[]int{0, 1}, "0-1"},
		{[]int{0, 1, 2, 3, 6}, "0-3,6"},
		{[]int{1, 3, 4, 5, 9, 10}, "1,3-5,9-10"},
	} {
		got := FormatCPUs(tc.cpus)
		if got != tc.want {
			t.Errorf("FormatCPUs(%v) = %q, want %q", tc.cpus, got, tc.want)
		}
		// sysfs's parser reads it back: the same format both ways.
		if back, ok := parseCPUSet(got); len(tc.cpus) > 0 && (!ok || !slices.Equal(back, tc.cpus)) {
			t.Errorf("parseCPUSet(%q) = %v, %v; want %v", got, back, ok, tc.cpus)
		}
	}
}
