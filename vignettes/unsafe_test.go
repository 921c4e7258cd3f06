package vignettes

import (
	"context"
	"fmt"
	"testing"
)

// TestGuardedStructuresExact: with a mutex, every append and every key
// arrives.
func TestGuardedStructuresExact(t *testing.T) {
	for _, goroutines := range []int{1, 2, 8} {
		t.Run(fmt.Sprint("goroutines=", goroutines), func(t *testing.T) {
			const n = 5_000
			if got := mutexAppends(goroutines, n); got != goroutines*n {
				t.Errorf("mutexAppends: length %d, want %d", got, goroutines*n)
			}
			if got := mutexMapWrites(goroutines, n); got != goroutines*n {
				t.Errorf("mutexMapWrites: %d keys, want %d", got, goroutines*n)
			}
		})
	}
}

// TestMapWritesChildDies: concurrent map writes end the child with a non-zero
// status and the runtime's fatal message, in race builds too.
func TestMapWritesChildDies(t *testing.T) {
	mw, err := mapWritesChild(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if mw.code == 0 {
		t.Errorf("child %s, want a non-zero exit", mw.status)
	}
	if want := "fatal error: concurrent map writes"; mw.fatal != want {
		t.Errorf("fatal line %q, want %q", mw.fatal, want)
	}
	if mw.elapsed >= mapWritesFor {
		t.Errorf("child took %v: it outlived its own %v limit", mw.elapsed, mapWritesFor)
	}
}

func TestFatalLine(t *testing.T) {
	tests := []struct{ stderr, want string }{
		{"fatal error: concurrent map writes\n\ngoroutine 5 [running]:\n", "fatal error: concurrent map writes"},
		{"WARNING: DATA RACE\nWrite at ...\nfatal error: concurrent map read and map write\n", "fatal error: concurrent map read and map write"},
		{"panic: boom\n", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := fatalLine(tt.stderr); got != tt.want {
			t.Errorf("fatalLine(%q) = %q, want %q", tt.stderr, got, tt.want)
		}
	}
}
