//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package bench

import (
	"syscall"
	"time"
)

// getUsage returns the CPU time and context switches of this process and of
// the children it has reaped (getrusage RUSAGE_SELF + RUSAGE_CHILDREN).
func getUsage() usage {
	var u usage
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var r syscall.Rusage
		if err := syscall.Getrusage(who, &r); err != nil {
			return usage{}
		}
		u.cpu += time.Duration(r.Utime.Nano() + r.Stime.Nano())
		u.ctxsw += int64(r.Nvcsw + r.Nivcsw)
	}
	u.hasCPU, u.hasCtxsw, u.children = true, true, true
	return u
}
