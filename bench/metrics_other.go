//go:build !linux

package bench

// Without Linux's getrusage fields and /proc, only B/program is measured.

func getUsage() usage                       { return usage{} }
func getThreadTimes() threadTimes           { return nil }
func childUsage() (rss uint64, threads int) { return 0, 0 }
