package dashboard

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"github.com/addbench/addbench/results/benchtab"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/report"
)

//go:embed page.tmpl history.tmpl page.css page.js
var assets embed.FS

var (
	pageTmpl = template.Must(template.New("page.tmpl").Funcs(template.FuncMap{
		"num":        num,
		"sortv":      sortv,
		"est":        estText,
		"ival":       interval,
		"mul100":     func(v float64) float64 { return v * 100 },
		"value":      value,
		"detectable": benchtab.FormatDetectable,
		"spcell":     func(c report.SpectrumCell, fine bool, over string) spectrumCell { return spectrumCell{c, fine, over} },
		"speeds":     report.TwoSpeeds,
	}).ParseFS(assets, "page.tmpl", "history.tmpl"))
	css = mustRead("page.css")
	js  = mustRead("page.js")
	// scriptHash is the CSP source that allows the page's one script and
	// nothing else.
	scriptHash = func() string {
		sum := sha256.Sum256([]byte(js))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}()
)

func mustRead(name string) string {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// An SVG is one chart of a page: the SVG document results/plot encoded, the
// base name it is saved under beside the page (NAME.svg) and its title.
type SVG struct {
	Name  string
	Title string
	Data  []byte
}

// DrawSVGs encodes each of figs as SVG, as addbench plot writes it: the page
// inlines charts this process drew from the report, never files found on
// disk, which anyone who can write the directory could have replaced.
func DrawSVGs(figs []report.Figure) ([]SVG, error) {
	var svgs []SVG
	for _, f := range figs {
		var b bytes.Buffer
		if err := f.Chart.Encode(&b, "svg"); err != nil {
			return nil, fmt.Errorf("drawing chart %s: %w", f.Name, err)
		}
		svgs = append(svgs, SVG{Name: f.Name, Title: f.Title, Data: b.Bytes()})
	}
	return svgs, nil
}

// inline turns an SVG document into an element to put inside HTML: parsed,
// and written anew from an allowlist of elements and attributes
// (sanitizeSVG), so that a chart cannot navigate, fetch or run anything.
func inline(c SVG) (template.HTML, error) {
	clean, err := sanitizeSVG(c.Data)
	if err != nil {
		return "", fmt.Errorf("chart %s: %w", c.Name, err)
	}
	return template.HTML(clean), nil
}

type chartView struct {
	ID, Name, Title string
	SVG             template.HTML
}

func chartViews(charts []SVG) ([]chartView, error) {
	var views []chartView
	seen := map[string]bool{}
	for _, c := range charts {
		svg, err := inline(c)
		if err != nil {
			return nil, err
		}
		if seen[idSafe(c.Name)] {
			return nil, fmt.Errorf("chart %s given twice", c.Name)
		}
		seen[idSafe(c.Name)] = true
		views = append(views, chartView{ID: "chart-" + idSafe(c.Name), Name: c.Name, Title: c.Title, SVG: svg})
	}
	return views, nil
}

// idSafe makes a chart name an element id that a fragment link needs no
// escaping for.
func idSafe(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
}

// A spectrumCell is one quantum of a spectrum row as the page shows it: at
// quantum 1 (Fine) the mechanism is named, at the coarsest the quantum; Over
// is the oversubscribed mark's title, "" for a cell that is not.
type spectrumCell struct {
	Cell report.SpectrumCell
	Fine bool
	Over string
}

// page is what page.tmpl renders: a report or a history.
type page struct {
	Title  string
	CSP    template.HTMLAttr
	CSS    template.CSS
	JS     template.JS
	Report *reportView
	Hist   *historyView
	Charts []chartView
}

func render(w io.Writer, p *page) error {
	if p.Report == nil && p.Hist == nil {
		return errors.New("dashboard: nothing to render")
	}
	p.CSP = template.HTMLAttr(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ` + scriptHash + `"`)
	p.CSS = template.CSS(css)
	p.JS = template.JS(js)
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, p); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// num formats v with three significant digits and no exponent; NaN and
// infinities as "–".
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if v == 0 {
		return "0"
	}
	digits := max(0, 2-int(math.Floor(math.Log10(math.Abs(v)))))
	return strconv.FormatFloat(v, 'f', digits, 64)
}

// value formats a median in a tidied unit as a reader wants it: a time per
// operation ("sec/add") in ns, "6.09 ns/add"; any other unit as it is.
func value(v float64, unit string) string {
	if per, ok := strings.CutPrefix(unit, "sec/"); ok {
		return num(v*1e9) + " ns/" + per
	}
	return num(v) + " " + unit
}

// sortv is a cell's sort key for the script: the number in full, or empty
// for a value that is not one, which sorts last.
func sortv(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// estText formats a ratio as "1.23×".
func estText(e results.Estimate) string { return num(e.Center) + "×" }

// interval formats an estimate's interval, "[1.20, 1.27]", or "–" without one.
func interval(e results.Estimate) string {
	if !e.Bounded() {
		return "–"
	}
	return "[" + num(e.Lo) + ", " + num(e.Hi) + "]"
}
