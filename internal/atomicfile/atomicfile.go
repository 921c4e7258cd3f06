// Package atomicfile writes files so that readers see the old content or the
// new, never a half-written file, and a failed write leaves the old one alone.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write writes data to path by writing a temporary file in the same directory,
// syncing it and renaming it over path. It replaces only a regular file:
// a symlink, a device or a directory at path is an error, and is left alone.
func Write(path string, data []byte) (err error) {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%s); not replacing it", path, st.Mode().Type())
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
