package benchrun

import "testing"

func TestPinLine(t *testing.T) {
	for _, tc := range []struct {
		cpus []int
		want string
	}{
		{nil, "pin: none"},
		{[]int{1}, "pin: cpu 1"},
		{[]int{0}, "pin: cpu 0"},
		{[]int{2, 3}, "pin: cpus 2-3"},
	} {
		if got := pinLine(tc.cpus); got != tc.want {
			t.Errorf("pinLine(%v) = %q, want %q", tc.cpus, got, tc.want)
		}
	}
}
