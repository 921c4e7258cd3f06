package process

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
)

// The tests here run the worker's side in this process, on byte streams
// written and read by hand from the format documented in frame.go, so they
// check the format itself and not one side against the other.

// request encodes one request frame by hand.
func request(vals ...int64) []byte {
	b := []byte{0xA1}
	b = binary.AppendUvarint(b, uint64(len(vals)))
	for _, v := range vals {
		b = binary.LittleEndian.AppendUint64(b, uint64(v))
	}
	return b
}

// reply encodes one reply frame by hand.
func reply(n uint64, sum int64) []byte {
	b := binary.AppendUvarint([]byte{0xA2}, n)
	return binary.LittleEndian.AppendUint64(b, uint64(sum))
}

func TestServeWireFormat(t *testing.T) {
	big := make([]int64, 300) // a count that takes two uvarint bytes
	for i := range big {
		big[i] = int64(i) - 150
	}
	in := bytes.Join([][]byte{
		request(1, 2, 3),
		request(math.MaxInt64, 1),
		request(big...),
	}, nil)
	want := bytes.Join([][]byte{
		[]byte("addbench process worker v1\n"),
		reply(3, 6),
		reply(2, math.MinInt64),
		reply(300, -150),
	}, nil)
	var out bytes.Buffer
	if err := serve(bytes.NewReader(in), &out, Fault{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("output\n%q\nwant\n%q", out.Bytes(), want)
	}
}

func TestServeRejectsBadRequests(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"bad-mark", []byte{0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0}, ErrProtocol},
		{"zero-count", []byte{0xA1, 0}, ErrProtocol},
		{"count-too-large", binary.AppendUvarint([]byte{0xA1}, 1<<41), ErrProtocol},
		{"count-cut-off", []byte{0xA1, 0x80}, io.ErrUnexpectedEOF},
		{"mark-only", []byte{0xA1}, io.ErrUnexpectedEOF},
		{"payload-cut-off", request(5, 6)[:12], io.ErrUnexpectedEOF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A good request first, so the error must name the second.
			in := append(request(7), tc.in...)
			var out bytes.Buffer
			err := serve(bytes.NewReader(in), &out, Fault{})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), "request 2") {
				t.Errorf("serve = %v, want %v naming request 2", err, tc.want)
			}
			// The good reply still reached the parent before the failure.
			if !bytes.Contains(out.Bytes(), reply(1, 7)) {
				t.Errorf("output %q lacks the reply to request 1", out.Bytes())
			}
		})
	}
}

// TestServeFaults checks what each fault writes, without the process-level
// part (exiting, panicking, sleeping) that workerMain adds.
func TestServeFaults(t *testing.T) {
	in := bytes.Join([][]byte{request(1), request(2), request(3)}, nil)
	greeting := []byte("addbench process worker v1\n")
	for _, tc := range []struct {
		kind    FaultKind
		wantErr error
		want    [][]byte
	}{
		{Crash, errCrash, [][]byte{greeting}}, // reply 1 is never flushed: the crash loses it
		{Exit, errExit, [][]byte{greeting, reply(1, 1)}},
		{Hang, errHang, [][]byte{greeting, reply(1, 1)}},
		{Garbage, nil, [][]byte{greeting, reply(1, 1), []byte("\x00garbage"), reply(1, 3)}},
		{Miscount, nil, [][]byte{greeting, reply(1, 1), reply(2, 2), reply(1, 3)}},
		{Extra, nil, [][]byte{greeting, reply(1, 1), reply(1, 2), reply(1, 2), reply(1, 3)}},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			var out bytes.Buffer
			err := serve(bytes.NewReader(in), &out, Fault{Kind: tc.kind, After: 1})
			if err != tc.wantErr {
				t.Errorf("serve = %v, want %v", err, tc.wantErr)
			}
			if want := bytes.Join(tc.want, nil); !bytes.Equal(out.Bytes(), want) {
				t.Errorf("output\n%q\nwant\n%q", out.Bytes(), want)
			}
		})
	}
}

func TestWorkerMainBadEnvironment(t *testing.T) {
	for _, tc := range []struct {
		id, fault string
		want      string
	}{
		{"x", "", WorkerEnv},
		{"-2", "", WorkerEnv},
		{"0", "melt:0:1", FaultEnv},
	} {
		var stdout, stderr bytes.Buffer
		code := workerMain(tc.id, tc.fault, strings.NewReader(""), &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), tc.want) || stdout.Len() != 0 {
			t.Errorf("workerMain(%q, %q) = %d, stderr %q, stdout %q; want 1, an error naming %s, no output",
				tc.id, tc.fault, code, stderr.String(), stdout.String(), tc.want)
		}
	}
}

func TestParseFault(t *testing.T) {
	for _, f := range []Fault{{Crash, 0, 0}, {Garbage, -1, 7}, {Hang, 12, 3}} {
		got, err := ParseFault(f.String())
		if err != nil || got != f {
			t.Errorf("ParseFault(%q) = %+v, %v; want %+v", f.String(), got, err, f)
		}
	}
	for _, s := range []string{"", "crash", "crash:0", "crash:0:1:2", "melt:0:1", "crash:-2:1", "crash:a:1", "crash:0:-1", "crash:0:x"} {
		if f, err := ParseFault(s); err == nil {
			t.Errorf("ParseFault(%q) = %+v, want an error", s, f)
		}
	}
}
