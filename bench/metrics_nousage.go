//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package bench

// Elsewhere (plan9, wasip1, solaris, ...) no CPU time or context switches.
func getUsage() usage { return usage{} }
