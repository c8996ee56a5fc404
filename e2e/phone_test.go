package e2e

import (
	"context"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// phoneTab is a tab that renders pages as a 390×844 phone (3× pixels, touch).
func phoneTab(t testing.TB) context.Context {
	t.Helper()
	tab := newTab(t, time.Minute)
	if _, err := chromedp.Run(tab, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 390, Height: 844, DeviceScaleFactor: 3, Mobile: true,
		}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return tab
}

// TestPhone reads the site on a phone: no page scrolls sideways, the search
// box is there and wide enough to type in, buttons are big enough to tap
// (WCAG 2.5.8: 24×24 CSS pixels), and a search shows its results within the
// screen's width.
func TestPhone(t *testing.T) {
	srv := serve(t, os.DirFS(siteDir(t)))
	tab := phoneTab(t)
	type layout struct {
		Width       int      `json:"width"`
		ScrollWidth int      `json:"scrollWidth"`
		SearchWidth int      `json:"searchWidth"`
		Small       []string `json:"small"`
		FirstResult int      `json:"firstResult"` // right edge of the first result link, 0 when none
		CopyOver    int      `json:"copyOver"`    // code blocks whose copy button covers their first line of code
	}
	const measure = `(() => {
		const q = document.getElementById('q').getBoundingClientRect();
		const small = [...document.querySelectorAll('button, input, select, summary')]
			.filter((e) => e.checkVisibility({visibilityProperty: true}))
			.filter((e) => { const r = e.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
			.map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 30));
		const first = document.querySelector('#results a');
		// A copy button over the code: the first line's box (as laid out,
		// long lines scrolled under the button included) meets the button's.
		const copyOver = [...document.querySelectorAll('.code-block')].filter((b) => {
			const btn = b.querySelector('.code-copy'), code = b.querySelector('pre code');
			if (!btn || !code || !code.firstChild) return false;
			const range = document.createRange();
			range.setStart(code.firstChild, 0);
			range.setEnd(code.firstChild, Math.min(1, code.firstChild.length));
			const line = range.getBoundingClientRect(), r = btn.getBoundingClientRect();
			return line.bottom > r.top && line.top < r.bottom;
		}).length;
		return {
			width: window.innerWidth,
			scrollWidth: document.documentElement.scrollWidth,
			searchWidth: Math.round(q.width),
			small,
			firstResult: first ? Math.ceil(first.getBoundingClientRect().right) : 0,
			copyOver,
		};
	})()`
	pages := []string{"/en/", "/ja/", "/en/export-private-key/", "/ja/export-private-key/",
		"/en/search/?q=" + url.QueryEscape("can I export the private key"), "/ja/search/?q=" + url.QueryEscape("秘密鍵をエクスポートしたい")}
	for _, path := range pages {
		do(t, tab, chromedp.Navigate(srv.URL+path))
		if len(path) > 12 && path[3:11] == "/search/" {
			results(t, tab) // wait for the results
		}
		l := run(t, tab, chromedp.Evaluate[layout](measure))
		t.Logf("%s: viewport %d px, page %d px wide, search box %d px", path, l.Width, l.ScrollWidth, l.SearchWidth)
		if l.Width != 390 {
			t.Fatalf("%s: viewport is %d px wide, want the phone's 390", path, l.Width)
		}
		if l.ScrollWidth > l.Width {
			t.Errorf("%s: the page is %d px wide on a %d px screen: it scrolls sideways", path, l.ScrollWidth, l.Width)
		}
		if l.SearchWidth < 200 {
			t.Errorf("%s: the search box is %d px wide", path, l.SearchWidth)
		}
		if len(l.Small) > 0 {
			t.Errorf("%s: controls smaller than 24×24 px: %q", path, l.Small)
		}
		if l.CopyOver > 0 {
			t.Errorf("%s: %d code block(s) with the copy button over their first line", path, l.CopyOver)
		}
		if l.FirstResult > l.Width {
			t.Errorf("%s: the first result ends at %d px, beyond the screen", path, l.FirstResult)
		}
	}
}
