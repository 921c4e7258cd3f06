package plot

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSave(t *testing.T) {
	ch, err := Change("", changePanels(), 5)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// An older chart of the same name is replaced, not appended to.
	if err := os.WriteFile(filepath.Join(dir, "change.svg"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths, err := ch.Save(dir, "change")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "change.png"), filepath.Join(dir, "change.svg")}
	if !slices.Equal(paths, want) {
		t.Errorf("Save returned %q, want %q", paths, want)
	}

	pngData, err := os.ReadFile(want[0])
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(pngData))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", want[0], err)
	}
	// 8 × 5 in at gonum's 96 dpi.
	if cfg.Width != 768 || cfg.Height < 480 {
		t.Errorf("PNG is %d × %d pixels, want 768 wide and at least 480 high", cfg.Width, cfg.Height)
	}
	svg, err := os.ReadFile(want[1])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(svg, []byte("<?xml")) || !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("Change between runs")) {
		t.Errorf("%s is not the chart's SVG: %.60q", want[1], svg)
	}
	// Text names fonts with Liberation Sans's metrics that viewers have.
	if bytes.Contains(svg, []byte("font-family:Liberation Sans;")) || !bytes.Contains(svg, []byte(svgFonts)) {
		t.Errorf("%s does not offer Arial and Helvetica for Liberation Sans", want[1])
	}

	// Nothing but the two images is left behind: no temporary files.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"change.png", "change.svg"}) {
		t.Errorf("directory holds %q, want only the two images", names)
	}
}

func TestSaveErrors(t *testing.T) {
	ch, err := Cost("", costPanels(), "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		name, dir, base string
		mention         string // the error names what it was doing
	}{
		{"empty base", dir, "", `base name ""`},
		{"base with a directory", dir, "sub/cost", `base name "sub/cost"`},
		{"dot-dot", dir, "..", `base name ".."`},
		{"missing directory", filepath.Join(dir, "missing"), "cost", filepath.Join(dir, "missing")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			paths, err := ch.Save(tc.dir, tc.base)
			if err == nil {
				t.Fatalf("Save(%q, %q) wrote %q; want an error", tc.dir, tc.base, paths)
			}
			if !strings.Contains(err.Error(), tc.mention) || !strings.Contains(err.Error(), "saving chart") {
				t.Errorf("error %q does not mention %q", err, tc.mention)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("failed Save left %d files in %s", len(entries), dir)
			}
		})
	}
}

func TestEncodeUnknownFormat(t *testing.T) {
	ch, err := Cost("", costPanels(), "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ch.Encode(&buf, "bmp"); err == nil || !strings.Contains(err.Error(), "bmp") {
		t.Errorf("Encode(bmp) = %v; want an error naming the format", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Encode(bmp) wrote %d bytes", buf.Len())
	}
}
