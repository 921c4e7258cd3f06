package workloads

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestReadFileAgreesWithParse: ReadFile, which reads in chunks and stops
// early, gives what Parse gives on the whole text, including across chunk
// boundaries that split a rune or a token.
func TestReadFileAgreesWithParse(t *testing.T) {
	var long strings.Builder
	for long.Len() < 3<<20 {
		long.WriteString("12345\u00a0-6 # comment ünïcode\n+7\u2028")
	}
	for _, tc := range []struct{ name, src string }{
		{"empty", ""},
		{"small", "1\n2 3\n# c\n-4\n"},
		{"long", long.String()},
		{"long then bad", long.String() + "8x\n9\n"},
		{"long then out of range", long.String() + "99999999999999999999\n"},
		{"long then invalid UTF-8", long.String() + "\xff\n"},
		{"invalid UTF-8 in comment", long.String() + "# \xff\n1\n"},
		{"bad then invalid UTF-8", "1\nx\xff\n"},
		{"bad at end without newline", long.String() + "abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.add")
			if err := os.WriteFile(path, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			want, wantErr := Parse(path, []byte(tc.src))
			got, err := ReadFile(path)
			if !reflect.DeepEqual(got, want) || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Errorf("ReadFile = %d integers, %v; Parse = %d integers, %v", len(got), err, len(want), wantErr)
			}
		})
	}
}

// TestReadFileRefusesPromptly: what is not an Add file — endless zeros, a
// token longer than any integer — is refused without reading it to the end,
// with its line and column.
func TestReadFileRefusesPromptly(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ReadFile("/dev/zero")
		done <- err
	}()
	select {
	case err := <-done:
		var se *SyntaxError
		if !errors.As(err, &se) || se.Line != 1 || se.Col != 1 || !strings.Contains(se.Msg, "more than") {
			t.Errorf("ReadFile(/dev/zero) = %v; want a syntax error at 1:1", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("ReadFile(/dev/zero) has not returned after 60 s")
	}

	path := filepath.Join(t.TempDir(), "long.add")
	os.WriteFile(path, []byte("1\n  "+strings.Repeat("0", maxToken+10)+"\n"), 0o644)
	_, err := ReadFile(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2:3: ") || len(err.Error()) > 200 {
		t.Errorf("ReadFile of a %d-byte token = %.300v; want a bounded error at 2:3", maxToken+10, err)
	}
}
