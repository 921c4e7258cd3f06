package dashboard_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/addbench/addbench/results/dashboard"
)

// TestInlineRefusesActiveSVG: a chart that could navigate, fetch or run
// anything once inline in the page is refused, with the reason; one whose
// text only looks like markup is inlined with the text escaped.
func TestInlineRefusesActiveSVG(t *testing.T) {
	r := build(t, quickRun)
	const head = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">`
	for _, tc := range []struct{ name, svg, want string }{
		{"meta refresh", head + `<meta http-equiv="refresh" content="0;url=https://example.com"/></svg>`, "<meta>"},
		{"html meta", head + `<g><html:meta xmlns:html="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0"/></g></svg>`, "<meta>"},
		{"script", head + `<script>alert(1)</script></svg>`, "<script>"},
		{"foreignObject", head + `<foreignObject><iframe src="x"/></foreignObject></svg>`, "<foreignObject>"},
		{"link", head + `<a href="https://example.com"><path d="M0,0"/></a></svg>`, "<a>"},
		{"event handler", head + `<path d="M0,0" onload="alert(1)"/></svg>`, "attribute onload"},
		{"xlink", head + `<path xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="x" d="M0,0"/></svg>`, "xlink"},
		{"style url", head + `<path d="M0,0" style="fill:url(https://example.com/x)"/></svg>`, "style"},
		{"style escape", head + `<path d="M0,0" style="fill:u\72l(x)"/></svg>`, "style"},
		{"entity", `<!DOCTYPE svg [<!ENTITY x "y">]>` + head + `</svg>`, "directive"},
		{"not svg", `<html><meta http-equiv="refresh" content="0"></html>`, "<html>"},
		{"two roots", head + `</svg><meta http-equiv="refresh" content="0"/>`, "after the <svg>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := dashboard.ReportPage(&b, r, []dashboard.SVG{{Name: "evil", Title: "evil", Data: []byte(tc.svg)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReportPage = %v, want an error naming %q", err, tc.want)
			}
			if b.Len() != 0 {
				t.Error("a page was written")
			}
		})
	}
	// Markup in text or CDATA is text: escaped, not an element.
	svg := head + `<text x="1" y="2"><![CDATA[</svg><meta http-equiv="refresh" content="0">]]> &lt;b&gt;</text></svg>`
	var b bytes.Buffer
	if err := dashboard.ReportPage(&b, r, []dashboard.SVG{{Name: "text", Title: "text", Data: []byte(svg)}}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<meta http-equiv=\"refresh") || strings.Contains(page, "<b>") {
		t.Error("markup in a chart's text became an element of the page")
	}
	if !strings.Contains(page, `&lt;/svg&gt;&lt;meta http-equiv=&#34;refresh&#34;`) {
		t.Error("a chart's text is not in the page, escaped")
	}
}
