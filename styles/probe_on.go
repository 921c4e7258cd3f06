//go:build addbench_probe

package styles

// probing: this build carries the styles' probes; see probe.go.
const probing = true
