package site

import (
	"math/rand/v2"
	"testing"
)

// TestSourceHost holds sourceHost to url.Parse's Hostname on hand-picked
// URLs and on random mixes of the bytes URLs are made of.
func TestSourceHost(t *testing.T) {
	urls := []string{
		"https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html",
		"https://example.com", "https://example.com/", "https://example.com?q=1", "https://example.com#f",
		"https://Example.COM/x", "https://example.com:443/x", "https://user@example.com/x",
		"https://[::1]:8080/x", "https://exa mple.com/", "https://example.com/%zz", "https://example.com/#%zz",
		"https://example.com/a%20b", "https://例え.jp/パス", "http://example.com/", "https:///x", "https://",
		"https://example.com/\x7f", "https://a..b/", "https://-a-/", "ftp://x/", "", "https://x/?%zz",
		"https://example.com/a b", "https://example.com/a\tb", "HTTPS://example.com/",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "aZ09.-/?#:@[]%% \t\x7f\xe3\x81\x82_~!$&'()*+,;="
	for range 200000 {
		b := []byte("https://")
		for range r.IntN(24) {
			b = append(b, alphabet[r.IntN(len(alphabet))])
		}
		urls = append(urls, string(b))
	}
	for _, u := range urls {
		if got, want := sourceHost(u), slowSourceHost(u); got != want {
			t.Fatalf("sourceHost(%q) = %q, url.Parse's Hostname %q", u, got, want)
		}
	}
}
