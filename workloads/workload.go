package workloads

import (
	"fmt"
	"slices"
)

// A Mode says where a workload's programs add: into accumulators of their own,
// or into one they share.
type Mode uint8

const (
	// Private gives each program its own accumulator; the result is one sum
	// per program.
	Private Mode = iota
	// Shared makes every program add into one accumulator; the result is the
	// total. Concurrent styles must synchronise on it (or lose updates).
	Shared
)

// Modes lists every mode, in order.
var Modes = []Mode{Private, Shared}

func (m Mode) String() string {
	switch m {
	case Private:
		return "private"
	case Shared:
		return "shared"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// ParseMode returns the mode named s ("private" or "shared").
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown mode %q (want private or shared)", s)
}

// MarshalText implements encoding.TextMarshaler, so a Mode can be a flag.
func (m Mode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Mode) UnmarshalText(b []byte) error {
	v, err := ParseMode(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// A Workload is the unit of work every style runs: programs and the mode they
// run in.
type Workload struct {
	Name     string
	Programs []Program
	Mode     Mode
}

// Adds returns how many adds running w performs: the sum of program lengths.
func (w *Workload) Adds() int64 {
	var n int64
	for _, p := range w.Programs {
		n += int64(len(p))
	}
	return n
}

// A Result is what running a workload computes.
type Result struct {
	// Sums holds one accumulator per program in Private mode, or the single
	// shared total in Shared mode (so it has length 1 even with no programs).
	Sums []int64
	// Lost counts adds a racy style dropped, as seen by a counter it updates
	// with the same unsynchronised read-modify-write as its accumulator. It is
	// an estimate, in [0, Adds]; correct styles always leave it 0.
	Lost int64
}

// NewResult returns a zero Result shaped for w.
func NewResult(w *Workload) Result {
	if w.Mode == Shared {
		return Result{Sums: make([]int64, 1)}
	}
	return Result{Sums: make([]int64, len(w.Programs))}
}

// Equal reports whether r and o hold the same sums. Lost is not compared: it
// describes how a result was reached, not what it is.
func (r Result) Equal(o Result) bool { return slices.Equal(r.Sums, o.Sums) }

// Total returns the sum of all accumulators, wrapping like every add.
func (r Result) Total() int64 {
	return Program(r.Sums).Sum()
}

// Reference runs w with the sequential interpreter. Its result defines the
// right answer for every style.
func Reference(w *Workload) Result {
	r := NewResult(w)
	for i, p := range w.Programs {
		if w.Mode == Shared {
			r.Sums[0] += p.Sum()
		} else {
			r.Sums[i] = p.Sum()
		}
	}
	return r
}
