package bench

import (
	"bytes"
	"os"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// haveChildUsage says that childUsage sees the children: /proc lists them.
const haveChildUsage = true

// getThreadTimes reads every thread's CPU time (ns, the first field of
// /proc/self/task/TID/schedstat). It returns nil where /proc or schedstat
// is missing.
//
// The kernel adds a running thread's time to schedstat only when it next
// accounts for it (a scheduler tick, a switch), so the reading thread — the
// one running — would read up to a tick (1–10 ms) behind: on a short Run
// that made one thread look busy for three times the wall time. Its own
// CPU clock, which settles the account first, replaces that entry.
func getThreadTimes() threadTimes {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil
	}
	tt := make(threadTimes, len(ents))
	for _, e := range ents {
		tid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/self/task/" + e.Name() + "/schedstat")
		if err != nil {
			continue // the thread has exited
		}
		f := bytes.Fields(b)
		if len(f) == 0 {
			continue
		}
		ns, err := strconv.ParseUint(string(f[0]), 10, 64)
		if err != nil {
			continue
		}
		tt[tid] = ns
	}
	if len(tt) == 0 {
		return nil
	}
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts) == nil {
		tt[unix.Gettid()] = uint64(ts.Nano())
	}
	return tt
}

var pageSize = uint64(os.Getpagesize())

// childUsage returns the summed resident memory (bytes) and threads of this
// process's children now, found through /proc/self/task/*/children.
func childUsage() (rss uint64, threads int) {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0, 0
	}
	for _, e := range ents {
		b, err := os.ReadFile("/proc/self/task/" + e.Name() + "/children")
		if err != nil {
			continue
		}
		for _, pid := range bytes.Fields(b) {
			r, t := procUsage(string(pid))
			rss += r
			threads += t
		}
	}
	return rss, threads
}

// procUsage returns process pid's resident memory and thread count, from
// /proc/PID/stat (fields 20, num_threads, and 24, rss in pages).
func procUsage(pid string) (rss uint64, threads int) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, 0
	}
	// The command name (field 2) may hold spaces; fields count from after
	// its closing parenthesis, which is field 3.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0
	}
	f := bytes.Fields(b[i+1:])
	const numThreads, rssPages = 20 - 3, 24 - 3
	if len(f) <= rssPages {
		return 0, 0
	}
	n, _ := strconv.Atoi(string(f[numThreads]))
	p, _ := strconv.ParseUint(string(f[rssPages]), 10, 64)
	return p * pageSize, n
}
