package machine

import (
	"encoding/binary"
	"math/bits"
)

// slpiTopology builds a Topology from the array of
// SYSTEM_LOGICAL_PROCESSOR_INFORMATION records that Windows'
// GetLogicalProcessorInformation fills, given the size of a pointer (8 on
// amd64 and arm64). A record is the processor mask (pointer-sized), the
// relationship (int32, padded to 8 bytes on 64-bit), then a 16-byte union;
// for a cache the union is CACHE_DESCRIPTOR: level (byte), associativity
// (byte), line size (uint16), size (uint32), type (int32). Windows fills it
// for the calling thread's processor group: at most 64 CPUs.
func slpiTopology(buf []byte, ptrSize int) Topology {
	const (
		relationCore    = 0
		relationNUMA    = 1
		relationCache   = 2
		relationPackage = 3
		cacheUnified    = 0
		cacheData       = 2
	)
	relOff := ptrSize
	unionOff := (relOff + 4 + ptrSize - 1) / ptrSize * ptrSize
	size := unionOff + 16
	le := binary.LittleEndian
	var t Topology
	logical := 0
	for ; len(buf) >= size; buf = buf[size:] {
		var mask uint64
		if ptrSize == 8 {
			mask = le.Uint64(buf)
		} else {
			mask = uint64(le.Uint32(buf))
		}
		u := buf[unionOff:]
		switch int32(le.Uint32(buf[relOff:])) {
		case relationCore:
			t.Cores++
			logical += bits.OnesCount64(mask)
		case relationNUMA:
			t.NUMANodes++
		case relationPackage:
			t.Sockets++
		case relationCache:
			level, line, bytes, typ := u[0], int(le.Uint16(u[2:])), int64(le.Uint32(u[4:])), int32(le.Uint32(u[8:]))
			switch {
			case level == 1 && typ == cacheData && t.L1d == 0:
				t.L1d, t.CacheLine = bytes, line
			case level == 2 && (typ == cacheUnified || typ == cacheData) && t.L2 == 0:
				t.L2 = bytes
			case level == 3 && (typ == cacheUnified || typ == cacheData) && t.L3 == 0:
				t.L3 = bytes
			}
		}
	}
	if t.Cores > 0 && logical%t.Cores == 0 {
		t.ThreadsPerCore = logical / t.Cores
	}
	return t
}
