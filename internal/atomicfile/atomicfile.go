// Package atomicfile writes files so that readers see the old content or the
// new, never a half-written file, and a failed write leaves the old one alone.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes data to path by writing a temporary file in the same directory,
// syncing it and renaming it over path. It replaces only a regular file:
// a symlink, a device or a directory at path is an error, and is left alone.
func Write(path string, data []byte) error {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s is %s, not a regular file; not replacing it", path, kind(st.Mode()))
	}
	tmp, err := writeTemp(path, data)
	if err != nil {
		// The temporary file's name means nothing to the user.
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// Create writes data to path as a new file. Like Write, it writes a synced
// temporary file beside path first, so no reader sees a half-written file;
// unlike Write it never replaces anything: if path exists — or appears
// while the data is written, another process finishing first under the same
// name — it fails with an error wrapping fs.ErrExist and leaves that file as
// it is. The temporary file is put in place with a hard link, which, unlike
// a rename, refuses a name that is taken, in one step of the kernel.
func Create(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("writing %s: %w", path, fs.ErrExist)
	}
	tmp, err := writeTemp(path, data)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	defer os.Remove(tmp) // after a link, path keeps the data
	err = link(tmp, path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("writing %s: %w", path, fs.ErrExist)
	}
	// Some file systems have no hard links (FAT, some network and FUSE
	// ones). There an exclusive create still never takes another's file,
	// though a reader could see this one half-written.
	return createExclusive(path, data)
}

// link is os.Link; a test replaces it to play a file system without hard
// links.
var link = os.Link

// createExclusive writes data to a new file at path, opened with O_EXCL, and
// removes it again if the write fails.
func createExclusive(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("writing %s: %w", path, fs.ErrExist)
		}
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// unwrapPath returns the error under an *fs.PathError or *os.LinkError, whose
// message names the temporary file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// kind names the type of file mode m in words: "(d---------)" means nothing
// to most users.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// A File is one file of a set that WriteAll writes.
type File struct {
	Path string
	Data []byte
}

// WriteAll writes a set of files so that a failure leaves every one of them
// as it was: it checks that every path is a regular file or absent, writes
// and syncs every file under a temporary name beside its path, and only then
// renames them into place. A set of charts or programs is never left half old
// and half new by a full disk or a directory in the way. (A rename can still
// fail between two others — the kernel gives no atomic rename of a set — but
// only for reasons that also stopped the temporary files being written.)
func WriteAll(files []File) (err error) {
	for _, f := range files {
		if st, err := os.Lstat(f.Path); err == nil && !st.Mode().IsRegular() {
			return fmt.Errorf("%s is %s, not a regular file; not replacing it", f.Path, kind(st.Mode()))
		}
	}
	temps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		tmp, err := writeTemp(f.Path, f.Data)
		if err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, unwrapPath(err))
		}
		temps = append(temps, tmp)
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.Path); err != nil {
			temps = temps[i+1:] // the renamed ones are in place
			return fmt.Errorf("writing %s: %w", f.Path, unwrapPath(err))
		}
	}
	return nil
}

// writeTemp writes data to a synced temporary file beside path and returns
// its name.
func writeTemp(path string, data []byte) (name string, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	if err := f.Chmod(0o644); err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}
