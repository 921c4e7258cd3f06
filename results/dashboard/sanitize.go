package dashboard

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The page inlines charts, and HTML parses an inline <svg> as foreign
// content: an element an SVG file smuggles in — <meta http-equiv=refresh>,
// <a href>, <iframe>, an event handler attribute, a <style> that fetches —
// would act in the page, and a Content-Security-Policy stops scripts but
// not a refresh. So a chart is not inlined as it is: it is parsed as XML
// and written anew from the elements and attributes gonum/plot's SVG
// canvas uses and nothing else; anything outside the allowlist is an
// error. Writing it anew, rather than checking and passing the bytes on,
// leaves no room for the XML and HTML parsers to read one file two ways.

// svgElements are the elements a chart may hold.
var svgElements = map[string]bool{
	"svg": true, "g": true, "path": true, "text": true, "tspan": true,
	"rect": true, "line": true, "circle": true, "ellipse": true, "polyline": true, "polygon": true,
	"title": true, "desc": true,
}

// svgAttrs are the attributes a chart's elements may carry.
var svgAttrs = map[string]bool{
	"width": true, "height": true, "viewBox": true, "version": true,
	"d": true, "style": true, "transform": true, "x": true, "y": true, "dx": true, "dy": true,
	"x1": true, "y1": true, "x2": true, "y2": true, "cx": true, "cy": true, "r": true, "rx": true, "ry": true,
	"points": true, "fill": true, "stroke": true, "stroke-width": true, "opacity": true,
	"font-family": true, "font-size": true, "font-weight": true, "text-anchor": true,
}

const svgNS = "http://www.w3.org/2000/svg"

// Sanitize returns the <svg> element of an SVG document as a page inlines
// it: parsed and written anew from an allowlist of elements and attributes,
// text escaped. It fails on anything outside the allowlist.
func Sanitize(data []byte) ([]byte, error) { return sanitizeSVG(data) }

// sanitizeSVG is Sanitize.
func sanitizeSVG(data []byte) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = map[string]string{} // no entities beyond XML's five
	var out bytes.Buffer
	depth := 0
	done := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if done {
				return nil, errors.New("content after the <svg> element")
			}
			name := t.Name.Local
			if t.Name.Space != "" && t.Name.Space != svgNS || !svgElements[name] {
				return nil, fmt.Errorf("element <%s> is not allowed in an inline chart", name)
			}
			if depth == 0 && name != "svg" {
				return nil, fmt.Errorf("root element <%s>, want <svg>", name)
			}
			out.WriteString("<" + name)
			if depth == 0 {
				out.WriteString(` xmlns="` + svgNS + `"`)
			}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
					if a.Value != svgNS && a.Name.Space == "" {
						return nil, fmt.Errorf("namespace %q is not SVG's", a.Value)
					}
					continue // the root's own is written above; prefixes are dropped with their uses
				}
				if a.Name.Space != "" || !svgAttrs[a.Name.Local] {
					return nil, fmt.Errorf("attribute %s of <%s> is not allowed in an inline chart", attrName(a.Name), name)
				}
				if a.Name.Local == "style" && !safeStyle(a.Value) {
					return nil, fmt.Errorf("style %q of <%s> may load or run something", a.Value, name)
				}
				out.WriteString(" " + a.Name.Local + `="`)
				xml.EscapeText(&out, []byte(a.Value)) // a bytes.Buffer does not fail
				out.WriteString(`"`)
			}
			out.WriteString(">")
			depth++
		case xml.EndElement:
			depth--
			out.WriteString("</" + t.Name.Local + ">")
			if depth == 0 {
				done = true
			}
		case xml.CharData:
			if depth == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, errors.New("text outside the <svg> element")
				}
				continue
			}
			xml.EscapeText(&out, t)
		case xml.Directive:
			if depth > 0 || !bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE svg")) || bytes.ContainsAny(t, "[<") {
				return nil, errors.New("a directive other than a plain SVG doctype")
			}
		case xml.ProcInst, xml.Comment:
			// The XML declaration and comments are left out.
		}
	}
	if !done {
		return nil, errors.New("no <svg> element")
	}
	return out.Bytes(), nil
}

func attrName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// safeStyle reports whether a style attribute cannot fetch or run anything:
// no url(), @import, expression() or escapes that could spell them.
func safeStyle(s string) bool {
	l := strings.ToLower(s)
	for _, bad := range []string{"url(", "@import", "expression", "\\", "javascript:", "<", ">"} {
		if strings.Contains(l, bad) {
			return false
		}
	}
	return true
}
