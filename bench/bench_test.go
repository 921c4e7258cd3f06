package bench

import (
	"os"
	"testing"

	"github.com/addbench/addbench/styles"
)

// harness gives this binary the flags and config lines that the peers'
// module's shares.
var harness = &Harness{Styles: benchStyles}

func TestMain(m *testing.M) { harness.Main(m) }

// BenchmarkPrimitive measures the mechanisms under the styles.
func BenchmarkPrimitive(b *testing.B) { harness.Primitives(b) }

// BenchmarkAdd measures every style on every case of the suite.
func BenchmarkAdd(b *testing.B) { harness.Add(b) }

// benchStyles is every style, and with ADDBENCH_CALIBRATE set, a copy of
// sequential.loop named sequential.loopcopy: the same code measured twice,
// whose ratio to the original must come out at 1 with an interval holding 1
// — a check of the measurement itself, not of any style.
func benchStyles() []styles.Style {
	ss := styles.All()
	if os.Getenv("ADDBENCH_CALIBRATE") != "" {
		loop, err := styles.Lookup("sequential.loop")
		if err != nil {
			panic(err)
		}
		loop.Name = "sequential.loopcopy"
		ss = append(ss, loop)
	}
	return ss
}
