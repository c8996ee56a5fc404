// Package e2e holds end-to-end tests only: the site built from the embedded
// content, served on 127.0.0.1 and driven in headless Chromium (chromedp),
// and checks that the browser and the CLI agree.
//
//	go test ./e2e                              # browser tests skip without Chromium
//	ACMKB_REQUIRE_BROWSER=1 go test ./e2e      # CI: a missing browser fails them
//	ACMKB_CHROMIUM=/path/to/chrome go test ./e2e
//
// Helpers for new tests (browser_test.go, site_test.go, kb_test.go):
//
//	siteDir(t)                  the site built once from the embedded content
//	knowledgeBase(t)            the knowledge base, its CLI index (index.Open) and eval sets
//	serve(t, fsys)              a file server on 127.0.0.1; .requests() lists paths fetched
//	newTab(t, timeout)          a tab of the one shared browser, closed with the test
//	do(t, tab, actions...)      run actions, fail on error (JavaScript errors shown)
//	run(t, tab, action)         run one action and return its value
//
// The search tests: analysis_test.go (search.js analysis = package analysis),
// weights_test.go (search data = bleve's BM25), search_test.go (first result
// = CLI, typing, keyboard, data fetched once, shared URL, payload;
// BenchmarkSearchLatency times results in the browser), split_test.go (a
// large knowledge base's split search data).
//
// The rest of the site: axe_test.go (axe-core on the home, entry and search
// pages in both languages, light and dark; needs `npm ci --prefix e2e`, and
// skips without it unless ACMKB_REQUIRE_BROWSER=1), controls_test.go (copy
// buttons, language switch, reading without JavaScript, keyboard and focus),
// phone_test.go (a 390 px phone: no sideways scrolling, tap-sized controls),
// filter_test.go (the home page's service filter with names like "toString"
// and "A|B").
package e2e
