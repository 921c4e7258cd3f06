//go:build !linux

package machine

func affinity() ([]int, error) { return nil, ErrNoAffinity }
