package main

import "testing"

// TestRangeFlagsAtTheirBounds: each range a flag of bench and ab accepts
// includes both its ends and nothing beyond them.
func TestRangeFlagsAtTheirBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		ok   bool
	}{
		{"-passes 1", passesErr(1), true},
		{"-passes 1000", passesErr(1000), true},
		{"-passes 0", passesErr(0), false},
		{"-passes 1001", passesErr(1001), false},
		{"-cpu 1", cpuErr("1"), true},
		{"-cpu 1024", cpuErr("1024"), true},
		{"-cpu 0", cpuErr("0"), false},
		{"-cpu 1025", cpuErr("1025"), false},
		{"-benchtime 1x", checkBenchtime("1x"), true},
		{"-benchtime 1000000000x", checkBenchtime("1000000000x"), true},
		{"-benchtime 0x", checkBenchtime("0x"), false},
		{"-benchtime 1000000001x", checkBenchtime("1000000001x"), false},
		{"-benchtime 1ns", checkBenchtime("1ns"), true},
		{"-benchtime 1h", checkBenchtime("1h"), true},
		{"-benchtime 0s", checkBenchtime("0s"), false},
		{"-benchtime 1h0m0.000000001s", checkBenchtime("1h0m0.000000001s"), false},
	} {
		if (tc.err == nil) != tc.ok {
			t.Errorf("%s: error %v, want ok %v", tc.name, tc.err, tc.ok)
		}
	}
}

func passesErr(n int) error {
	_, err := benchFlags("quick", n, "1", ".", "")
	return err
}

func cpuErr(s string) error {
	_, err := parseCPUList(s)
	return err
}

// TestSeedZeroIsRandom: -seed 0 draws a seed; any other is kept.
func TestSeedZeroIsRandom(t *testing.T) {
	if got := orRandom(42); got != 42 {
		t.Errorf("orRandom(42) = %d", got)
	}
	// Two draws of 0 twice in a row: a chance of 2^-128.
	if orRandom(0) == 0 && orRandom(0) == 0 {
		t.Error("orRandom(0) = 0, twice")
	}
}
