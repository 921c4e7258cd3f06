package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// entries lists dir's names, to catch a temporary file left behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.txt")
	for _, content := range []string{"first\n", "second, longer\n", ""} {
		if err := Write(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("after Write(%q): read %q, %v", content, got, err)
		}
		if names := entries(t, dir); len(names) != 1 {
			t.Fatalf("directory holds %q, want only r.txt", names)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", fi.Mode(), err)
	}
}

// TestWriteFailureKeepsOld: when the rename cannot happen (the target is a
// non-empty directory), the target is untouched and no temporary file stays.
func TestWriteFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(target, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(target, []byte("x")); err == nil {
		t.Fatal("Write over a non-empty directory succeeded")
	}
	if names := entries(t, dir); len(names) != 1 || names[0] != "taken" {
		t.Errorf("directory holds %q, want only taken", names)
	}
	if names := entries(t, target); len(names) != 1 || names[0] != "inside" {
		t.Errorf("target now holds %q", names)
	}
}

func TestWriteMissingDirectory(t *testing.T) {
	if err := Write(filepath.Join(t.TempDir(), "no", "such", "r.txt"), []byte("x")); err == nil {
		t.Fatal("Write into a missing directory succeeded")
	}
}

// TestWriteReplacesOnlyRegularFiles: a symlink or a device node at the path
// is refused and left as it was (addbench -force must not turn /dev/null or
// a link into a regular file).
func TestWriteReplacesOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("keep"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	for _, path := range []string{link, os.DevNull, dir} {
		if err := Write(path, []byte("new")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Write(%s) = %v, want a refusal", path, err)
		}
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", st, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target changed: %q", b)
	}
}

// TestWriteErrorsNameThePath: every error names the file asked for, in
// words, and never the temporary file, whose name means nothing to the user.
func TestWriteErrorsNameThePath(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "no", "such", "r.txt"), "writing " + filepath.Join(dir, "no", "such", "r.txt") + ": "},
		{filepath.Join(notDir, "r.txt"), "writing " + filepath.Join(notDir, "r.txt") + ": "},
		{dir, dir + " is a directory, not a regular file"},
		{os.DevNull, os.DevNull + " is a device"},
	} {
		err := Write(tc.path, []byte("x"))
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("Write(%s) = %v; want %q and no temporary name", tc.path, err, tc.want)
		}
	}
}

// TestWriteAllAllOrNothing: when any file of the set cannot be written — a
// directory where the last one goes, a missing directory for one in the
// middle — no file of the set changes and no temporary file is left.
func TestWriteAllAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.svg"), filepath.Join(dir, "b.svg"), filepath.Join(dir, "c.svg")
	os.WriteFile(a, []byte("old a"), 0o644)
	os.WriteFile(b, []byte("old b"), 0o644)
	for _, tc := range []struct {
		name  string
		files []File
		want  string
	}{
		{"directory in the way", []File{{a, []byte("new a")}, {b, []byte("new b")}, {dir, []byte("x")}}, "is a directory"},
		{"missing directory", []File{{a, []byte("new a")}, {filepath.Join(dir, "no", "c.svg"), []byte("x")}, {b, []byte("new b")}}, "writing " + filepath.Join(dir, "no", "c.svg")},
	} {
		err := WriteAll(tc.files)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("%s: WriteAll = %v; want an error saying %q", tc.name, err, tc.want)
		}
		for path, want := range map[string]string{a: "old a", b: "old b"} {
			if got, _ := os.ReadFile(path); string(got) != want {
				t.Errorf("%s: %s holds %q, want %q", tc.name, path, got, want)
			}
		}
		if names := entries(t, dir); len(names) != 2 {
			t.Errorf("%s: directory holds %q, want a.svg and b.svg only", tc.name, names)
		}
	}
	if err := WriteAll([]File{{a, []byte("new a")}, {c, []byte("new c")}}); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{a: "new a", b: "old b", c: "new c"} {
		if got, _ := os.ReadFile(path); string(got) != want {
			t.Errorf("%s holds %q, want %q", path, got, want)
		}
	}
}

// TestCreateWritesANewFile: Create writes the data, mode 0644, and leaves no
// temporary file.
func TestCreateWritesANewFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.txt")
	if err := Create(path, []byte("results\n")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "results\n" {
		t.Errorf("read %q, %v", b, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", fi.Mode(), err)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q, want only run.txt", names)
	}
}

// TestCreateNeverReplaces: whatever is at the path — a file there before,
// one that appears between the check and the link (another run finishing
// first), a symlink, a directory — Create fails with fs.ErrExist, names the
// path and not its temporary file, and leaves it and its directory as they
// were.
func TestCreateNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), link); err != nil {
		t.Skip(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	late := filepath.Join(dir, "late")
	plantOnLink(t, late, "the other run's")
	for _, path := range []string{target, link, sub, late} {
		err := Create(path, []byte("new"))
		if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("Create(%s) = %v, want fs.ErrExist naming it", path, err)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("target holds %q", b)
	}
	if b, _ := os.ReadFile(late); string(b) != "the other run's" {
		t.Errorf("the file that appeared holds %q", b)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("Create followed the symlink")
	}
	if names := entries(t, dir); len(names) != 4 {
		t.Errorf("directory holds %q, want target, link, sub and late only", names)
	}
}

// plantOnLink makes the next link into path find a file there, written
// with content just before: the race Create exists for.
func plantOnLink(t *testing.T, path, content string) {
	t.Helper()
	orig := link
	t.Cleanup(func() { link = orig })
	link = func(old, new string) error {
		if new == path {
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Error(err)
			}
		}
		return orig(old, new)
	}
}

// TestCreateWithoutHardLinks: on a file system that refuses hard links,
// Create falls back to an exclusive create: the file is written, and one
// that appeared meanwhile is still not replaced.
func TestCreateWithoutHardLinks(t *testing.T) {
	dir := t.TempDir()
	orig := link
	t.Cleanup(func() { link = orig })
	planted := filepath.Join(dir, "planted")
	link = func(old, new string) error {
		if new == planted {
			os.WriteFile(planted, []byte("keep"), 0o644)
		}
		return &os.LinkError{Op: "link", Old: old, New: new, Err: syscall.EPERM}
	}
	path := filepath.Join(dir, "run.txt")
	if err := Create(path, []byte("results\n")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "results\n" {
		t.Errorf("read %q, %v", b, err)
	}
	if err := Create(planted, []byte("new")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create over a file that appeared = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(planted); string(b) != "keep" {
		t.Errorf("planted file holds %q", b)
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("directory holds %q, want run.txt and planted only", names)
	}
}
