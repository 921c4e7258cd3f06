//go:build !linux

package bench

// Without Linux's /proc: no per-thread CPU times, and nothing about the
// children while they run, so no threads metric and, for process styles, no
// B/program.

const haveChildUsage = false

func getThreadTimes() threadTimes           { return nil }
func childUsage() (rss uint64, threads int) { return 0, 0 }
