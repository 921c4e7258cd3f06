package workloads

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      Program
	}{
		{"empty", "", nil},
		{"blank lines", "\n\n  \n", nil},
		{"only comment", "# nothing here\n", nil},
		{"one", "42", Program{42}},
		{"signs", "+1 -2 3", Program{1, -2, 3}},
		{"leading zeros", "007 -00", Program{7, 0}},
		{"tabs and CRLF", "1\t2\r\n3\r\n", Program{1, 2, 3}},
		{"unicode spaces", "1\u00a02\u20033", Program{1, 2, 3}},
		{"comment after number", "5# five\n6 # six", Program{5, 6}},
		{"comment with UTF-8", "# π ≈ 3\n3", Program{3}},
		{"limits", "9223372036854775807 -9223372036854775808", Program{math.MaxInt64, math.MinInt64}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("t.add", []byte(tc.src))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.src, err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Parse(%q) = %v, want %v", tc.src, got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		src       string
		line, col int
		msg       string
	}{
		{"12a", 1, 1, `"12a" is not a decimal integer`},
		{"1 2\n  2.5", 2, 3, `"2.5" is not a decimal integer`},
		{"0x10", 1, 1, `"0x10" is not a decimal integer`},
		{"1_000", 1, 1, `"1_000" is not a decimal integer`},
		{"9223372036854775808", 1, 1, `outside the int64 range`},
		{"+99999999999999999999", 1, 1, `outside the int64 range`},
		{"99999999999999999999x", 1, 1, `"99999999999999999999x" is not a decimal integer`}, // not a range error: not an integer at all
		{"\n\n -9223372036854775809", 3, 2, `outside the int64 range`},
		{"--1", 1, 1, `"--1" is not a decimal integer`},
		{"+", 1, 1, `"+" is not a decimal integer`},
		{"1 \xff 2", 1, 3, "invalid UTF-8"},
		{"1\xff", 1, 2, "invalid UTF-8"},
		{"# bad \xc3\n1", 1, 7, "invalid UTF-8 byte 0xc3 in comment"},
		{"١٢", 1, 1, "not a decimal integer"}, // Arabic-Indic digits are not decimal here
	} {
		_, err := Parse("prog.add", []byte(tc.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want *SyntaxError", tc.src, err)
			continue
		}
		if se.File != "prog.add" || se.Line != tc.line || se.Col != tc.col || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("Parse(%q) = %q, want prog.add:%d:%d: ...%s...", tc.src, err, tc.line, tc.col, tc.msg)
		}
		if want := "prog.add:"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error %q does not start with %q", err, want)
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	for _, p := range []Program{nil, {0}, {math.MinInt64, -1, 0, 1, math.MaxInt64}, Uniform(9, 1, 1000)[0]} {
		var b bytes.Buffer
		if err := Format(&b, p); err != nil {
			t.Fatal(err)
		}
		got, err := Parse("round", b.Bytes())
		if err != nil {
			t.Fatalf("Parse(Format(%v)): %v", p, err)
		}
		if !slices.Equal(got, p) {
			t.Errorf("round trip of %v = %v", p, got)
		}
	}
}

func TestReadFileNamesTheFile(t *testing.T) {
	_, err := ReadFile("testdata/no-such.add")
	if err == nil || !strings.Contains(err.Error(), "testdata/no-such.add") {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}

// FuzzParse: Parse never panics; what it accepts survives Format and Parse
// unchanged; what it rejects it rejects with a position inside the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "1 2 3", "# c\n-4\n", "12a", "9223372036854775808", "1\xff", "\t+0\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("fuzz.add", src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, want *SyntaxError", err)
			}
			lines := bytes.Count(src, []byte("\n")) + 1
			if se.Line < 1 || se.Line > lines || se.Col < 1 || se.Col > len(src)+1 {
				t.Fatalf("error position %d:%d outside input of %d lines, %d bytes", se.Line, se.Col, lines, len(src))
			}
			return
		}
		var b bytes.Buffer
		if err := Format(&b, p); err != nil {
			t.Fatal(err)
		}
		q, err := Parse("fuzz.add", b.Bytes())
		if err != nil || !slices.Equal(p, q) {
			t.Fatalf("round trip of %v: %v, %v", p, q, err)
		}
	})
}

// TestSumLengths runs Sum on programs of every length around the unrolled
// loop's steps of four (0–9) and a long one, against a plain loop: a lost,
// doubled or misplaced element in either the unrolled part or its tail
// changes the sum, since every element is a distinct random int64 and the
// sums wrap.
func TestSumLengths(t *testing.T) {
	long := Uniform(3, 1, 1<<12+3)[0]
	for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, len(long)} {
		p := long[:n]
		var want int64
		for _, v := range p {
			want += v
		}
		if got := p.Sum(); got != want {
			t.Errorf("Sum of %d integers = %d, want %d", n, got, want)
		}
		if got := sum(p); got != want {
			t.Errorf("sum of %d integers = %d, want %d", n, got, want)
		}
	}
	if got := Program(nil).Sum(); got != 0 {
		t.Errorf("Sum of nil = %d", got)
	}
}

// TestParseErrorQuotesABoundedPrefix: a bad token megabytes long is quoted
// by its first bytes and its length, never whole, and never cut inside a
// UTF-8 sequence.
func TestParseErrorQuotesABoundedPrefix(t *testing.T) {
	for _, tc := range []struct {
		name, tok, quote string
	}{
		{"digits then junk", strings.Repeat("1", 20<<20) + "x", `"` + strings.Repeat("1", maxQuoted) + `"... (20971521 bytes) is not a decimal integer`},
		{"out of range", strings.Repeat("9", 1<<20), `"` + strings.Repeat("9", maxQuoted) + `"... (1048576 bytes) is outside the int64 range`},
		// An odd offset puts byte maxQuoted inside a two-byte rune.
		{"multi-byte runes", "x" + strings.Repeat("é", 1000), `"x` + strings.Repeat("é", (maxQuoted-1)/2) + `"...`},
		{"just fits", strings.Repeat("z", maxQuoted), `"` + strings.Repeat("z", maxQuoted) + `" is not`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "1\n2\n " + tc.tok + "\n"
			_, err := Parse("big.add", []byte(src))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want *SyntaxError", err)
			}
			if se.Line != 3 || se.Col != 2 {
				t.Errorf("error at %d:%d, want 3:2", se.Line, se.Col)
			}
			if len(se.Msg) > 3*maxQuoted+60 {
				t.Errorf("message is %d bytes: %.200s", len(se.Msg), se.Msg)
			}
			if !strings.HasPrefix(se.Msg, tc.quote) && !strings.Contains(se.Msg, " "+tc.quote) {
				t.Errorf("message %q does not quote %.60s", se.Msg, tc.quote)
			}
			if len(tc.tok) > maxQuoted && !strings.Contains(se.Msg, fmt.Sprintf("(%d bytes)", len(tc.tok))) {
				t.Errorf("message %q does not give the token's length %d", se.Msg, len(tc.tok))
			}
			if strings.Contains(se.Msg, `\x`) {
				t.Errorf("message %q cuts a rune", se.Msg)
			}
		})
	}
}
