//go:build !addbench_probe

package styles

// probing is whether this build carries the styles' probes (see handOver and
// published): false in every build but the one the tests that watch styles
// make, with the build tag addbench_probe. Every probe is a branch on this
// constant, which the compiler deletes with the branch, so a benchmark build
// pays nothing for them.
const probing = false
