package e2e

// The page controls besides search: copy buttons, the language switch, the
// reading path without JavaScript and the keyboard.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/acmkb/acmkb/kb"
	"github.com/acmkb/acmkb/reply"
	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	chromekb "github.com/chromedp/chromedp/kb"
)

// entryByID is entry id of the knowledge base; the test fails without it.
func entryByID(t testing.TB, k *kb.KB, id string) *kb.Entry {
	t.Helper()
	e := k.Entry(id)
	if e == nil {
		t.Fatalf("no entry %s in the knowledge base", id)
	}
	return e
}

// grantClipboard lets pages of origin write and read the clipboard without
// asking, so that a test reads back what a copy button copied.
func grantClipboard(t testing.TB, tab context.Context, origin string) {
	t.Helper()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(tab, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: name},
			Setting:    cdpbrowser.PermissionSettingGranted,
			Origin:     origin,
		}); err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
}

// copied clicks the control sel and returns what it put on the clipboard,
// and what the page announced.
func copied(t testing.TB, tab context.Context, sel string) (clip, announced string) {
	t.Helper()
	// A marker first, so that a copy that does nothing is not read as the
	// previous one.
	do(t, tab, chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText('(nothing copied)')`, chromedp.EvalAwaitPromise))
	do(t, tab, chromedp.Click(chromedp.CSS(sel)))
	sjs, _ := json.Marshal(sel)
	type result struct {
		Clip      string `json:"clip"`
		Announced string `json:"announced"`
	}
	got := run(t, tab, chromedp.Evaluate[result](`new Promise((resolve, reject) => {
		const el = document.querySelector(`+string(sjs)+`);
		const deadline = performance.now() + 5000;
		(async function poll() {
			const a = document.getElementById('announce').textContent;
			if (el.classList.contains('is-copied') || el.classList.contains('is-failed')) {
				if (a) return resolve({clip: await navigator.clipboard.readText(), announced: a});
			}
			if (performance.now() > deadline) return reject(new Error('no copy feedback within 5 s'));
			setTimeout(poll, 10);
		})();
	})`, chromedp.EvalAwaitPromise))
	return got.Clip, got.Announced
}

// TestCopyButtons clicks the copy controls of an entry page in each language
// and reads the clipboard: the permalink, a heading's permalink#id, the reply
// the CLI prints, a code block.
func TestCopyButtons(t *testing.T) {
	k, _, _ := knowledgeBase(t)
	srv := serve(t, os.DirFS(siteDir(t)))
	const id = "export-private-key"
	e := entryByID(t, k, id)
	copiedLabel := map[kb.Lang]string{kb.EN: "Copied", kb.JA: "コピーしました"}
	for _, lang := range kb.Langs {
		t.Run(string(lang), func(t *testing.T) {
			tab := newTab(t, time.Minute)
			do(t, tab, chromedp.Navigate(srv.URL+"/"+string(lang)+"/"+id+"/"))
			grantClipboard(t, tab, srv.URL)
			permalink := kb.Permalink(k.Config.BaseURL, lang, id)

			// Copy as reply: what `acmkb ask --format markdown` prints.
			clip, said := copied(t, tab, `[data-copy-from="reply-text"]`)
			if want := reply.EntryMarkdown(e, lang, k.Config.BaseURL); clip != want {
				t.Errorf("copy as reply copied\n%s\nwant reply.EntryMarkdown:\n%s", clip, want)
			}
			if said != copiedLabel[lang] {
				t.Errorf("copy as reply announced %q, want %q", said, copiedLabel[lang])
			}

			// Copy link: the absolute permalink.
			if clip, _ := copied(t, tab, `.entry-actions [data-copy]`); clip != permalink {
				t.Errorf("copy link copied %q, want %q", clip, permalink)
			}

			// Heading links: permalink#id, for the fixed sections and for a
			// heading of the explanation, whose id is short and ASCII in
			// Japanese too.
			ids := run(t, tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.heading-link')].map((a) => a.parentElement.id)`))
			if len(ids) < 3 {
				t.Fatalf("heading links on %v, want at least conditions, explanation and sources", ids)
			}
			var body []string
			for _, h := range ids {
				if !strings.Contains(" conditions explanation sources history related ", " "+h+" ") {
					body = append(body, h)
				}
			}
			if len(body) == 0 {
				t.Fatalf("no heading link in the explanation (headings %v)", ids)
			}
			for _, h := range []string{"conditions", body[0]} {
				sel := `[id="` + h + `"] > .heading-link`
				clip, _ := copied(t, tab, sel)
				if want := permalink + "#" + (&url.URL{Fragment: h}).EscapedFragment(); clip != want {
					t.Errorf("heading link of #%s copied %q, want %q", h, clip, want)
				}
				loc := run(t, tab, chromedp.Location())
				if u, err := url.Parse(loc); err != nil || u.Fragment != h {
					t.Errorf("after the heading link of #%s the address is %s", h, loc)
				}
			}
			if lang == kb.JA {
				// The id a Japanese heading had (its text), in links pasted
				// before ids were shortened, still lands on the heading.
				h := body[0]
				if utf8.RuneCountInString(h) != len(h) || len(h) > 24 {
					t.Errorf("the explanation's heading id %q on /ja/ is not short and ASCII", h)
				}
				hjs, _ := json.Marshal(h)
				former := run(t, tab, chromedp.Evaluate[string](`document.getElementById(`+string(hjs)+`).querySelector('span[id]')?.id ?? ''`))
				if utf8.RuneCountInString(former) == len(former) {
					t.Fatalf("the heading #%s keeps no Japanese former id (%q)", h, former)
				}
				do(t, tab, chromedp.Navigate(srv.URL+"/"+string(lang)+"/"+id+"/#"+(&url.URL{Fragment: former}).EscapedFragment()))
				if got := run(t, tab, chromedp.Evaluate[string](`document.querySelector(':target')?.closest('h2, h3, h4, h5, h6')?.id ?? ''`)); got != h {
					t.Errorf("the former id #%s targets the heading %q, want %q", former, got, h)
				}
			}

			// A code block's copy button copies the code.
			// (export-private-key has a code block in both languages.)
			if n := run(t, tab, chromedp.Evaluate[int](`document.querySelectorAll('.code-copy').length`)); n == 0 {
				t.Error("the code block has no copy button")
			} else {
				want := run(t, tab, chromedp.Evaluate[string](`document.querySelector('.code-block pre').textContent.replace(/\n$/, '')`))
				if clip, _ := copied(t, tab, `.code-copy`); clip != want || want == "" {
					t.Errorf("the code block's copy button copied %q, want %q", clip, want)
				}
			}
		})
	}
}

// TestLanguageSwitch follows the language link of an entry page there and
// back, and that of the search page, which keeps the query.
func TestLanguageSwitch(t *testing.T) {
	srv := serve(t, os.DirFS(siteDir(t)))
	tab := newTab(t, time.Minute)
	const id = "copy-across-regions-accounts"
	switchTo := func(want string) string {
		t.Helper()
		do(t, tab, chromedp.Click(chromedp.CSS(`.lang-nav a`)))
		return waitLoaded(t, tab, func(u string) bool { return strings.Contains(u, want) })
	}
	do(t, tab, chromedp.Navigate(srv.URL+"/en/"+id+"/"))
	if loc := switchTo("/ja/"); !strings.HasSuffix(loc, "/ja/"+id+"/") {
		t.Errorf("the language link of /en/%s/ opens %s", id, loc)
	}
	if lang := run(t, tab, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "ja" {
		t.Errorf("after switching, <html lang=%q>", lang)
	}
	if loc := switchTo("/en/"); !strings.HasSuffix(loc, "/en/"+id+"/") {
		t.Errorf("the language link of /ja/%s/ opens %s", id, loc)
	}
	if stored := run(t, tab, chromedp.Evaluate[string](`localStorage.getItem('acmkb-lang') || ''`)); stored != "en" {
		t.Errorf("the chosen language is stored as %q, want en", stored)
	}

	// The search page: the query goes along, and is searched in the other language.
	q := "export private key"
	do(t, tab, chromedp.Navigate(searchURL(srv.URL, kb.EN, q)))
	results(t, tab)
	loc := switchTo("/ja/")
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/ja/search/" || u.Query().Get("q") != q {
		t.Errorf("the language link of the search page opens %s, want /ja/search/?q=%s", loc, url.QueryEscape(q))
	}
	got := results(t, tab)
	if got.Input != q || got.Query != q || len(got.Links) == 0 || !strings.HasPrefix(got.Links[0], "/ja/") {
		t.Errorf("after switching, the search page shows %+v", got)
	}
	// The count is announced by the status region, not by the list.
	status := run(t, tab, chromedp.Evaluate[string](`new Promise((resolve) => {
		const s = document.getElementById('search-status'), deadline = performance.now() + 3000;
		(function poll() {
			if (s.textContent || performance.now() > deadline) resolve(s.getAttribute('role') + ': ' + s.textContent);
			else setTimeout(poll, 20);
		})();
	})`, chromedp.EvalAwaitPromise))
	if want := fmt.Sprintf("status: %d 件", len(got.Links)); status != want && !got.NotCovered {
		t.Errorf("the status region says %q, want %q", status, want)
	}
	if live := run(t, tab, chromedp.Evaluate[bool](`document.getElementById('results').hasAttribute('aria-live')`)); live {
		t.Error("#results is a live region: every change of the list would be read out")
	}
}

// noScriptTab is a tab whose pages run no JavaScript, as with it turned off.
func noScriptTab(t testing.TB) context.Context {
	t.Helper()
	tab := newTab(t, time.Minute)
	if _, err := chromedp.Run(tab, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return tab
}

// TestWithoutJavaScript reads the site with JavaScript off: the home page
// lists every entry with its verdict in words and shape, an entry page shows
// the verdict, answer, conditions and sources, and the search page says what
// to do instead.
func TestWithoutJavaScript(t *testing.T) {
	k, _, _ := knowledgeBase(t)
	srv := serve(t, os.DirFS(siteDir(t)))
	tab := noScriptTab(t)
	for _, lang := range kb.Langs {
		l := "/" + string(lang) + "/"
		do(t, tab, chromedp.Navigate(srv.URL+l))
		if ran := run(t, tab, chromedp.Evaluate[bool](`!document.querySelector('[data-filter]').hidden`)); ran {
			t.Fatalf("%s: site.js ran (the service filter is shown) although JavaScript is off", l)
		}
		type item struct {
			Path, Verdict, Label, Shape string
			Visible                     bool
		}
		items := run(t, tab, chromedp.Evaluate[[]item](`[...document.querySelectorAll('.entry-item')].map((li) => {
			const b = li.querySelector('.badge');
			const svg = b && b.querySelector('svg');
			return {
				Path: new URL(li.querySelector('a.entry-link').href).pathname,
				Verdict: b ? b.className.replace(/.*badge-/, '') : '',
				Label: b ? b.querySelector('.badge-label').innerText.trim() : '',
				Shape: svg ? svg.innerHTML : '',
				Visible: li.getClientRects().length > 0,
			};
		})`))
		if len(items) != len(k.Entries) {
			t.Errorf("%s lists %d entries, the knowledge base has %d", l, len(items), len(k.Entries))
		}
		shapes := map[string]string{}
		for _, it := range items {
			v := kb.Verdict(it.Verdict)
			if !it.Visible || it.Label == "" || it.Label != v.Label(lang) || it.Shape == "" {
				t.Errorf("%s: %s shows its verdict as %+v, want the text %q and a shape", l, it.Path, it, v.Label(lang))
			}
			if s, ok := shapes[it.Verdict]; ok && s != it.Shape {
				t.Errorf("%s: the verdict %s has two shapes", l, it.Verdict)
			}
			shapes[it.Verdict] = it.Shape
		}
		seen := map[string]string{}
		for v, s := range shapes {
			if other, ok := seen[s]; ok {
				t.Errorf("%s: the verdicts %s and %s share one shape: told apart by colour alone", l, v, other)
			}
			seen[s] = v
		}

		// An entry page.
		e := entryByID(t, k, "export-private-key")
		do(t, tab, chromedp.Navigate(srv.URL+l+e.ID+"/"))
		type entryPage struct {
			Verdict, Answer string
			Conditions      []string
			Sources         []string
			Reply           string
			Actions         bool
		}
		page := run(t, tab, chromedp.Evaluate[entryPage](`({
			Verdict: document.querySelector('.entry-header .badge-label').innerText.trim(),
			Answer: document.querySelector('.entry-header .answer').innerText.trim(),
			Conditions: [...document.querySelectorAll('.conditions li')].filter((li) => li.getClientRects().length).map((li) => li.innerText.trim()),
			Sources: [...document.querySelectorAll('.source-list a.source-title')].filter((a) => a.getClientRects().length).map((a) => a.href),
			Reply: document.getElementById('reply-text').value,
			Actions: document.querySelector('.entry-actions').getClientRects().length > 0,
		})`))
		if page.Verdict != e.Verdict.Label(lang) {
			t.Errorf("%s%s/: verdict %q, want %q", l, e.ID, page.Verdict, e.Verdict.Label(lang))
		}
		if page.Answer != strings.TrimSpace(e.Answer.In(lang)) {
			t.Errorf("%s%s/: answer %q, want %q", l, e.ID, page.Answer, e.Answer.In(lang))
		}
		if want := e.Conditions.In(lang); len(page.Conditions) != len(want) {
			t.Errorf("%s%s/: shows conditions %q, want %q", l, e.ID, page.Conditions, want)
		}
		if len(page.Sources) != len(e.Sources) || len(page.Sources) == 0 {
			t.Errorf("%s%s/: shows sources %v, want %d", l, e.ID, page.Sources, len(e.Sources))
		}
		if page.Reply != reply.EntryMarkdown(e, lang, k.Config.BaseURL) {
			t.Errorf("%s%s/: the reply text to copy by hand is not reply.EntryMarkdown", l, e.ID)
		}
		if page.Actions {
			t.Errorf("%s%s/: the copy buttons show without JavaScript, where they do nothing", l, e.ID)
		}

		// The search page: a notice and a way to the lists; the form still
		// leads here from any page.
		do(t, tab, chromedp.Navigate(srv.URL+l))
		do(t, tab, chromedp.SendKeys(chromedp.ID("q"), "private key"+chromekb.Enter))
		loc := waitLoaded(t, tab, func(u string) bool { return strings.Contains(u, "/search/") })
		if u, err := url.Parse(loc); err != nil || u.Path != l+"search/" || u.Query().Get("q") != "private key" {
			t.Errorf("%s: submitting the search form opens %s, want %ssearch/?q=private+key", l, loc, l)
		}
		type notice struct {
			Text, Link string
		}
		n := run(t, tab, chromedp.Evaluate[notice](`(() => {
			const p = document.querySelector('.search-page .notice');
			if (!p || !p.getClientRects().length) return {Text: '', Link: ''};
			const a = p.querySelector('a[href]');
			return {Text: p.innerText.trim(), Link: a ? new URL(a.href).pathname : ''};
		})()`))
		if n.Text == "" || n.Link != l {
			t.Errorf("%ssearch/ without JavaScript shows %+v, want a notice with a link to %s", l, n, l)
		}
	}
}

// TestKeyboard tabs through the home and an entry page: every control that
// can be focused is reached by Tab, in the order of the page, and shows a
// focus indicator.
func TestKeyboard(t *testing.T) {
	srv := serve(t, os.DirFS(siteDir(t)))
	tab := newTab(t, time.Minute)
	for _, path := range []string{"/en/", "/ja/export-private-key/"} {
		do(t, tab, chromedp.Navigate(srv.URL+path))
		// Every visible control, tagged with its position in the page.
		want := run(t, tab, chromedp.Evaluate[int](`(() => {
			const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
				.filter((e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true}));
			all.forEach((e, i) => (e.dataset.kbd = String(i)));
			return all.length;
		})()`))
		type step struct {
			N       string `json:"n"`
			What    string `json:"what"`
			Outline string `json:"outline"`
			Shadow  string `json:"shadow"`
			Opacity string `json:"opacity"`
		}
		reached := map[string]bool{}
		last := 0 // the position of the last control reached: Tab goes in page order
		var missing []string
		for i := 0; i < want+3; i++ {
			do(t, tab, chromedp.KeyEvent(chromekb.Tab))
			s := run(t, tab, chromedp.Evaluate[step](`(() => {
				const e = document.activeElement;
				const cs = getComputedStyle(e);
				return {
					n: (e.dataset && e.dataset.kbd) || '',
					what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40),
					outline: cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) === 0 ? '' : cs.outlineStyle + ' ' + cs.outlineWidth,
					shadow: cs.boxShadow === 'none' ? '' : cs.boxShadow,
					opacity: cs.opacity,
				};
			})()`))
			if s.N == "" {
				if len(reached) > 0 {
					break // past the last control (to the browser's own UI)
				}
				continue
			}
			if reached[s.N] {
				break
			}
			if n, _ := strconv.Atoi(s.N); n < last {
				t.Errorf("%s: Tab goes back from control %d to %d (%s)", path, last, n, s.What)
			} else {
				last = n
			}
			reached[s.N] = true
			if (s.Outline == "" && s.Shadow == "") || s.Opacity == "0" {
				missing = append(missing, s.What)
			}
		}
		if len(reached) != want {
			all := run(t, tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-kbd]')].map((e) => e.dataset.kbd + ' ' + e.outerHTML.slice(0, 120))`))
			for _, a := range all {
				if n, _, _ := strings.Cut(a, " "); !reached[n] {
					t.Errorf("%s: Tab does not reach %s", path, a)
				}
			}
			t.Errorf("%s: Tab reached %d of the %d controls", path, len(reached), want)
		}
		for _, m := range missing {
			t.Errorf("%s: %s has no visible focus indicator", path, m)
		}
		t.Logf("%s: Tab reaches %d of %d controls, each with a focus outline", path, len(reached), want)
	}
}
