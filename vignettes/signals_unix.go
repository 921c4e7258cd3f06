//go:build unix

package vignettes

// signalsSupported: on Unix, os.Process.Signal sends SIGINT to the child.
func signalsSupported() error { return nil }
