package report

// Marks: what a reader must be told beside a number, in report.md and on the
// page alike — that it was measured with more Ps than the machine had CPUs
// for (oversubscribed), or that its passes fell into two speeds, which its
// median blends (‡).

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/addbench/addbench/internal/machine"
	"github.com/addbench/addbench/results"
)

// Bimodal is the mark of an estimate whose pairs fell into two separated
// values (results.Estimate.Bimodal), beside the † of a noisy one.
const Bimodal = "‡"

// TwoSpeeds describes a bimodal ratio's two values, faster first:
// "two speeds: 5.70× (n=3) and 9.80× (n=3)"; "" for an estimate that is not
// bimodal.
func TwoSpeeds(e results.Estimate) string {
	if !e.Bimodal() {
		return ""
	}
	return fmt.Sprintf("two speeds: %s (n=%d) and %s (n=%d)",
		times(e.Modes[0].Center), e.Modes[0].N, times(e.Modes[1].Center), e.Modes[1].N)
}

// BimodalNote is the legend of Bimodal.
const BimodalNote = Bimodal + " marks a ratio whose passes fell into two separated speeds: its median lies between them and describes neither, so both are given."

// Alone is the mark of a style that hands over between threads measured
// with fewer programs than it needs to hand over at all (see IsAlone).
const Alone = "§"

// AloneNote is the legend of Alone.
const AloneNote = Alone + " marks a style that hands over between threads measured on too few programs to do it: alone, a GIL thread keeps the baton and a channel has no one to wait for, so the cell is the style's cost without its mechanism."

// IsAlone reports whether style, measured on programs programs, is too
// alone to exercise its mechanism: a style that hands over between threads
// (targets.Mechanisms with Programs above one: coop.gil, preempt.channel)
// on fewer programs than that.
func IsAlone(style string, programs int) bool {
	return programs < spectrumPrograms(style)
}

// AloneLegend is AloneNote when a ratio of r is marked Alone, and ""
// otherwise: a legend only where its mark is.
func (r *Run) AloneLegend() string {
	for _, x := range r.Ratios.Ratios {
		if IsAlone(x.Key.Style, x.Key.Programs) {
			return AloneNote
		}
	}
	return ""
}

// usableCPUs returns how many CPUs the run of f could use, and the config
// line that says so: usable-cpus, else cpus (a file written before
// usable-cpus was recorded); 0 and "" with neither.
func usableCPUs(f *results.File) (int, string) {
	for _, k := range []string{"usable-cpus", "cpus"} {
		if n, err := strconv.Atoi(f.Config[k]); err == nil && n > 0 {
			return n, k
		}
	}
	return 0, ""
}

// Oversubscribed reports whether the run measured GOMAXPROCS n with more Ps
// than it had usable CPUs (machine.Oversubscribed); false when the file does
// not say how many it had.
func (r *Run) Oversubscribed(n int) bool { return machine.Oversubscribed(n, r.UsableCPUs) }

// OversubscribedNote is the legend of the oversubscribed mark for the run,
// what "oversubscribed" means, "" when none of its results is.
func (r *Run) OversubscribedNote() string {
	if len(r.OversubscribedProcs) == 0 {
		return ""
	}
	return fmt.Sprintf("measured at GOMAXPROCS above the %d CPUs this run could use (its %s config line): its Ps took turns on fewer CPUs, so its times measure that sharing as much as the style.", r.UsableCPUs, r.UsableFrom)
}

// oversubscribedProcs lists the GOMAXPROCS values of f's BenchmarkAdd and
// BenchmarkPrimitive results that are oversubscribed on usable CPUs,
// ascending.
func oversubscribedProcs(f *results.File, usable int) []int {
	var out []int
	add := func(n int) {
		if machine.Oversubscribed(n, usable) && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	for _, c := range f.Costs("sec/add").Costs {
		add(c.Key.Gomaxprocs)
	}
	for _, p := range f.Primitives().Costs {
		add(p.Gomaxprocs)
	}
	slices.Sort(out)
	return out
}

// oversubscribedTitle is what a chart's title says of GOMAXPROCS n on usable
// CPUs: "" if it is not oversubscribed. At the title's end, which a title
// too long for its chart keeps (it is shortened in the middle), and with the
// numbers, which the middle may lose.
func oversubscribedTitle(n, usable int) string {
	if !machine.Oversubscribed(n, usable) {
		return ""
	}
	return fmt.Sprintf(" (oversubscribed: %d Ps on %d CPUs)", n, usable)
}
