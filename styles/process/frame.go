package process

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The wire format. Both directions are a stream of frames, each a mark byte,
// a uvarint count and a little-endian payload:
//
//	request: requestMark  uvarint(n)  n × int64   the chunk to sum
//	reply:   replyMark    uvarint(n)  int64       its sum; n echoes the request
//
// The marks and the echoed count are redundancy the sum alone lacks: a stream
// that slips out of step, or a reply for the wrong chunk, is caught at the
// first frame it garbles instead of becoming a wrong sum. Values are fixed
// 8 bytes, not varints: Add programs span the whole int64 range, where a
// varint takes 9–10 bytes and costs a data-dependent loop to decode.
const (
	requestMark byte = 0xA1
	replyMark   byte = 0xA2

	// maxChunk bounds a request's count so n × 8 cannot overflow; no real
	// quantum comes near it.
	maxChunk uint64 = 1 << 40

	// bufSize is the size of every bufio buffer on either side: the Linux
	// pipe capacity, so one syscall moves a full pipe's worth of frames.
	bufSize = 64 << 10
)

// hello is the first thing a worker writes. Reading it proves that the child
// really is in worker mode and speaks this version of the protocol.
var hello = []byte("addbench process worker v1\n")

// ErrProtocol reports a frame that breaks the wire format: a bad mark, a count
// that does not match the request, a missing greeting, or output after the
// last reply.
var ErrProtocol = errors.New("protocol violation")

// appendRequestHeader appends a request frame's mark and count to b.
func appendRequestHeader(b []byte, n int) []byte {
	return binary.AppendUvarint(append(b, requestMark), uint64(n))
}

// appendReply appends a whole reply frame to b.
func appendReply(b []byte, n uint64, sum int64) []byte {
	b = binary.AppendUvarint(append(b, replyMark), n)
	return binary.LittleEndian.AppendUint64(b, uint64(sum))
}

// readHeader reads a frame's mark and count. It returns io.EOF only when the
// stream ends cleanly before a frame.
func readHeader(r *bufio.Reader, mark byte) (uint64, error) {
	b, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	if b != mark {
		return 0, fmt.Errorf("%w: frame starts with %#02x, want %#02x", ErrProtocol, b, mark)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return 0, fmt.Errorf("reading frame count: %w", unexpected(err))
	}
	return n, nil
}

// readInt64 reads one little-endian int64.
func readInt64(r *bufio.Reader) (int64, error) {
	b, err := r.Peek(8)
	if err != nil {
		return 0, unexpected(err)
	}
	v := int64(binary.LittleEndian.Uint64(b))
	r.Discard(8)
	return v, nil
}

// sumInt64s reads n little-endian int64s and returns their sum, a buffer at a
// time: the payload is summed in place, never copied out or allocated.
func sumInt64s(r *bufio.Reader, n uint64) (int64, error) {
	var sum int64
	for n > 0 {
		// Take whatever whole values are buffered (at least one, which may
		// block), up to the rest of the chunk. Buffered never exceeds the
		// reader's size, so neither does want.
		want := 8 * min(n, uint64(max(r.Buffered()/8, 1)))
		b, err := r.Peek(int(want))
		if err != nil {
			return 0, unexpected(err)
		}
		for ; len(b) >= 8; b = b[8:] {
			sum += int64(binary.LittleEndian.Uint64(b))
		}
		r.Discard(int(want))
		n -= want / 8
	}
	return sum, nil
}

// unexpected turns io.EOF inside a frame into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
