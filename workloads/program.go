package workloads

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// A Program is an Add program: the integers its accumulator adds, in order.
type Program []int64

// Sum runs p sequentially: the accumulator starts at 0 and adds each integer,
// wrapping modulo 2^64. Every style does its adds with Sum.
func (p Program) Sum() int64 {
	if len(p) == 1 {
		return p[0] // a quantum of one add: not worth a call
	}
	return sum(p)
}

// sum is the loop under Sum. It is never inlined, so that every style runs
// the very same machine code for its adds: inlined into each caller, the loop
// was compiled and aligned differently in each (spilled registers here, a
// loop straddling a 32-byte fetch boundary there) and a style's cost at large
// quanta came to depend on that luck by up to 2x.
//
//go:noinline
func sum(p Program) int64 {
	// Four accumulators break the chain of dependent adds, so the loop runs
	// at the CPU's load throughput rather than its add latency.
	var a, b, c, d int64
	for ; len(p) >= 4; p = p[4:] {
		a += p[0]
		b += p[1]
		c += p[2]
		d += p[3]
	}
	for _, v := range p {
		a += v
	}
	return a + b + c + d
}

// A SyntaxError reports malformed Add text. Line and Col are 1-based; Col
// counts bytes, as Go's own tools do.
type SyntaxError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Parse parses the Add text src. The file name is used only in errors, which
// are of type *SyntaxError. Parse never panics.
func Parse(file string, src []byte) (Program, error) {
	var p Program
	line, lineStart := 1, 0
	errAt := func(off int, format string, args ...any) error {
		return &SyntaxError{File: file, Line: line, Col: off - lineStart + 1, Msg: fmt.Sprintf(format, args...)}
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return nil, errAt(i, "invalid UTF-8 byte %#02x", src[i])
		case r == '\n':
			i++
			line, lineStart = line+1, i
		case unicode.IsSpace(r):
			i += size
		case r == '#':
			// A comment runs to the end of the line; it must still be UTF-8.
			for i < len(src) && src[i] != '\n' {
				r, size := utf8.DecodeRune(src[i:])
				if r == utf8.RuneError && size <= 1 {
					return nil, errAt(i, "invalid UTF-8 byte %#02x in comment", src[i])
				}
				i += size
			}
		default:
			start := i
			for i < len(src) {
				r, size := utf8.DecodeRune(src[i:])
				if unicode.IsSpace(r) || r == '#' || (r == utf8.RuneError && size <= 1) {
					break
				}
				i += size
			}
			v, err := strconv.ParseInt(string(src[start:i]), 10, 64)
			if err != nil {
				// ParseInt reports a range error as soon as the digits
				// overflow, even if junk follows them.
				if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && isDecimal(src[start:i]) {
					return nil, errAt(start, "integer %s is outside the int64 range", quoteToken(src[start:i]))
				}
				return nil, errAt(start, "%s is not a decimal integer", quoteToken(src[start:i]))
			}
			p = append(p, v)
		}
	}
	return p, nil
}

// maxQuoted is how many bytes of a bad token a SyntaxError quotes: enough to
// recognise it, where a whole token may be megabytes long.
const maxQuoted = 40

// quoteToken quotes tok for an error, cut to its first maxQuoted bytes (at a
// rune boundary) with its length when it is longer.
func quoteToken(tok []byte) string {
	if len(tok) <= maxQuoted {
		return strconv.Quote(string(tok))
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(tok[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(string(tok[:cut])), len(tok))
}

// isDecimal reports whether tok is an optional sign and one or more ASCII
// digits.
func isDecimal(tok []byte) bool {
	if len(tok) > 0 && (tok[0] == '+' || tok[0] == '-') {
		tok = tok[1:]
	}
	for _, c := range tok {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(tok) > 0
}

// Limits of ReadFile. The largest workload gen writes is about 2.7 GB of
// text; a token longer than maxToken is no integer anyone meant.
const (
	maxFileBytes = 4 << 30
	maxToken     = 32 << 20
)

// ReadFile reads and parses the Add file at path. It reads as it checks, so
// that what is not an Add file is refused promptly, without reading it to
// the end: /dev/zero, a binary, a log. It stops at the first token that
// cannot be an integer (a byte that is not a digit or sign), at a token longer
// than 32 MiB, and at 4 GiB in all.
func ReadFile(path string) (Program, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf []byte
	var sc scanState
	chunk := make([]byte, 1<<20)
	for {
		n, rerr := io.ReadFull(f, chunk)
		buf = append(buf, chunk[:n]...)
		eof := rerr == io.EOF || rerr == io.ErrUnexpectedEOF
		if rerr != nil && !eof {
			return nil, rerr
		}
		switch stop := sc.scan(buf, eof); {
		case stop == stopBadToken:
			if p, err := Parse(path, buf[:sc.pos]); err != nil {
				return p, err
			}
			sc.tokBad = false // cannot happen; read on rather than stop again
		case stop == stopLongToken:
			if p, err := Parse(path, buf[:sc.tokStart]); err != nil {
				return p, err
			}
			return nil, longTokenError(path, buf, sc.tokStart)
		}
		if eof {
			return Parse(path, buf)
		}
		if len(buf) > maxFileBytes {
			return nil, fmt.Errorf("%s: larger than %d GiB: not an Add file addbench can run", path, maxFileBytes>>30)
		}
	}
}

// A scanState tokenizes Add text as Parse does, incrementally, only to find
// where reading can stop.
type scanState struct {
	pos       int  // next byte to scan
	inComment bool // pos is inside a comment
	tokStart  int  // start of the token pos is in, or -1
	tokBad    bool // that token has a byte no integer has
	started   bool
}

const (
	stopNone = iota
	stopBadToken
	stopLongToken
)

// scan scans buf from where it stopped. Unless eof, it leaves the last few
// bytes, which may be part of a rune, for the next call.
func (s *scanState) scan(buf []byte, eof bool) int {
	if !s.started {
		s.tokStart, s.started = -1, true
	}
	end := len(buf)
	if !eof {
		end -= utf8.UTFMax
	}
	for s.pos < end {
		r, size := utf8.DecodeRune(buf[s.pos:])
		space := unicode.IsSpace(r) || r == '#'
		switch {
		case s.inComment:
			s.inComment = r != '\n'
		case space || r == utf8.RuneError && size <= 1:
			if s.tokStart >= 0 && s.tokBad {
				return stopBadToken // Parse stops at or before this token
			}
			s.tokStart, s.tokBad = -1, false
			s.inComment = r == '#'
			if r == utf8.RuneError {
				s.pos += size
				return stopBadToken // invalid UTF-8: Parse stops here
			}
		default:
			if s.tokStart < 0 {
				s.tokStart = s.pos
			}
			if !(r >= '0' && r <= '9' || r == '+' || r == '-') {
				s.tokBad = true
			}
		}
		s.pos += size
		if s.tokStart >= 0 && s.pos-s.tokStart > maxToken {
			return stopLongToken
		}
	}
	if eof && s.tokStart >= 0 && s.tokBad {
		return stopBadToken
	}
	return stopNone
}

// longTokenError reports the token at buf[start:], cut off after maxToken
// bytes unread, at its line and column.
func longTokenError(file string, buf []byte, start int) error {
	line := 1 + bytes.Count(buf[:start], []byte{'\n'})
	col := start - (bytes.LastIndexByte(buf[:start], '\n') + 1) + 1
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(buf[start+cut]) {
		cut--
	}
	return &SyntaxError{File: file, Line: line, Col: col,
		Msg: fmt.Sprintf("%s... (more than %d bytes) is not an integer: not an Add file?", strconv.Quote(string(buf[start:start+cut])), maxToken)}
}

// Format writes p as Add text, one integer per line, so that Parse returns p.
func Format(w io.Writer, p Program) error {
	bw := bufio.NewWriter(w)
	var buf [24]byte
	for _, v := range p {
		b := strconv.AppendInt(buf[:0], v, 10)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}
