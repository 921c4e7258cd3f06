package styles_test

import (
	"strings"
	"testing"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/styles/stylestest"
)

// correct returns every style that must match the reference: all but
// preempt.racy.
func correct() []styles.Style {
	var ss []styles.Style
	for _, s := range styles.All() {
		if !s.Racy {
			ss = append(ss, s)
		}
	}
	return ss
}

func TestConformance(t *testing.T) { stylestest.Conformance(t, correct()) }

func TestCancel(t *testing.T) { stylestest.Cancel(t, styles.All()) }

func TestCancelledBeforeStart(t *testing.T) { stylestest.CancelledBeforeStart(t, styles.All()) }

// FuzzStylesAgree runs every correct in-process style on programs made from
// fuzz input and requires the reference result. process.pipe has its own
// target, FuzzPipeAgree: spawning its workers makes each input about ten
// times slower, which would starve the in-process styles of inputs.
func FuzzStylesAgree(f *testing.F) {
	stylestest.FuzzAgree(f, filter(func(s styles.Style) bool { return !isProcess(s) }))
}

// FuzzPipeAgree is FuzzStylesAgree for process.pipe alone.
func FuzzPipeAgree(f *testing.F) { stylestest.FuzzAgree(f, filter(isProcess)) }

func isProcess(s styles.Style) bool { return strings.HasPrefix(s.Name, "process.") }

func filter(keep func(styles.Style) bool) []styles.Style {
	var ss []styles.Style
	for _, s := range correct() {
		if keep(s) {
			ss = append(ss, s)
		}
	}
	return ss
}
