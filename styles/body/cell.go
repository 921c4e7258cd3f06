package body

import (
	"sync"
	"sync/atomic"
)

// CacheLine is how far apart two accumulators must be never to contend: the
// padding that is the whole difference between lockfree.striped and
// lockfree.falseshare. It is 128, not the 64-byte line of most amd64 and
// arm64 cores, because neighbouring lines still interfere: Intel's spatial
// prefetcher fetches lines in 128-byte-aligned pairs, so two cells 64 bytes
// apart in one pair keep stealing each other's line (Intel's optimization
// manual; Go's sync.Pool pads its per-P data to 128 bytes for the same reason),
// and several arm64 cores (Apple M-series, some Neoverse) have 128-byte lines,
// which is why Go's internal/cpu pads to 128 on arm64. Cells at least 128
// bytes apart can never share a line or a pair, whatever the slice's
// alignment. Elsewhere 128 merely wastes a little memory.
const CacheLine = 128

// An AtomicCell is an atomic accumulator alone on its cache line.
type AtomicCell struct {
	atomic.Int64
	_ [CacheLine - 8]byte
}

// A LockedCell is an accumulator and its lock, alone on a cache line so that
// the cells of different programs do not contend for it. Sum is guarded by
// the Mutex: add under it,
//
//	c.Lock()
//	c.Sum += v
//	c.Unlock()
//
// written out where it is used rather than in a method, which would be too
// big for the compiler to inline and so cost a call per publication.
type LockedCell struct {
	sync.Mutex
	Sum int64
	_   [CacheLine - 16]byte
}
