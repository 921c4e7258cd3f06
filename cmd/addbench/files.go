package main

import (
	"path/filepath"
	"slices"

	"github.com/addbench/addbench/internal/atomicfile"
	"github.com/addbench/addbench/results/plot"
)

// writeImages writes images into dir all or nothing (atomicfile.WriteAll)
// and returns the paths written, sorted.
func writeImages(dir string, images []plot.Image) ([]string, error) {
	files := make([]atomicfile.File, len(images))
	paths := make([]string, len(images))
	for i, im := range images {
		paths[i] = filepath.Join(dir, im.Name)
		files[i] = atomicfile.File{Path: paths[i], Data: im.Data}
	}
	if err := atomicfile.WriteAll(files); err != nil {
		return nil, err
	}
	slices.Sort(paths)
	return paths, nil
}
