//go:build race

package bench

// raceEnabled: see TestThreadsAndCPUAtGOMAXPROCS1.
const raceEnabled = true
