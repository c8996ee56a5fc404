package site

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSanitize(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<p>plain &amp; <em>simple</em></p>`, `<p>plain &amp; <em>simple</em></p>`},
		{`<h3 id="秘密鍵">x</h3>`, `<h3 id="秘密鍵">x</h3>`},
		{`<h3 id="a b" onclick="x()">x</h3>`, `<h3>x</h3>`},
		{`<script>alert(1)</script>ok`, `ok`},
		{`<style>p{}</style><p>ok</p>`, `<p>ok</p>`},
		{`<a href="javascript:alert(1)">x</a>`, `x`},
		{`<a href="&#106;avascript:alert(1)">x</a>`, `x`},
		{`<a href=" JAVASCRIPT:alert(1)">x</a>`, `x`},
		{"<a href=\"java\tscript:alert(1)\">x</a>", `x`},
		{`<a href="">x</a>`, `x`},
		{`<a href="/ja/acme/#手順">x</a>`, `<a href="/ja/acme/#手順">x</a>`},
		{`<a href="https://aws.amazon.com/" title="t" target="_blank">x</a>`, `<a href="https://aws.amazon.com/" title="t" rel="nofollow">x</a>`},
		{`<img src="data:text/html,x" alt="a"/>`, ``},
		{`<img src="/i.png" alt="a" onerror="x()"/>`, `<img src="/i.png" alt="a"/>`},
		{`<div><span style="color:red">x</span></div>`, `x`},
		{`<p>a<!-- raw HTML omitted -->b</p>`, `<p>ab</p>`},
		{`<code class="language-go">x</code>`, `<code class="language-go">x</code>`},
		{`<code class="x&quot; onload=&quot;y">x</code>`, `<code>x</code>`},
		{`<td align="center">x</td><td align="javascript">y</td>`, `<td align="center">x</td><td>y</td>`},
		{`<input type="checkbox" checked="" disabled=""/>`, `<input type="checkbox" checked="" disabled=""/>`},
		{`<p>&lt;script&gt;</p>`, `<p>&lt;script&gt;</p>`},
		{`<svg><script>x</script></svg>ok`, `ok`},
	}
	for _, c := range cases {
		got, err := sanitize([]byte(c.in))
		if err != nil {
			t.Fatalf("sanitize(%q): %v", c.in, err)
		}
		if string(got) != c.want {
			t.Errorf("sanitize(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// FuzzSanitize checks that whatever goes in, what comes out parses to allowed
// elements and attributes only, with safe URLs.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{`<a href="javascript:x">y</a>`, `<p onclick=x>`, `<scr<script>ipt>`, `<img src=x onerror=y>`, `<h2 id="a">b</h2>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := sanitize([]byte(in))
		if err != nil {
			return
		}
		z := html.NewTokenizer(bytes.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt == html.CommentToken || tt == html.DoctypeToken {
				t.Fatalf("sanitize(%q) kept a comment or doctype: %q", in, out)
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			rules, ok := allowed[tok.Data]
			if !ok {
				t.Fatalf("sanitize(%q) kept <%s>: %q", in, tok.Data, out)
			}
			for _, a := range tok.Attr {
				if a.Key == "rel" && tok.Data == "a" {
					continue
				}
				if r := rules[a.Key]; r == nil || !r(a.Val) || strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Fatalf("sanitize(%q) kept %s=%q on <%s>: %q", in, a.Key, a.Val, tok.Data, out)
				}
			}
		}
	})
}

// TestIsHeadingID: isHeadingID accepts what the regexp it replaces
// matched, and nothing else.
func TestIsHeadingID(t *testing.T) {
	re := regexp.MustCompile(`^[\p{L}\p{M}\p{N}_-]+$`)
	cases := []string{
		"", "a", "using-the-key", "s-3f09a1", "_", "-", "A_Z-09", "a b", "a.b", "a\"b", "a<b", "a>", "a&b", "a'b",
		"a\n", "\na", "a\x00", "é", "naïve", "鍵のエクスポート", "ｋｅｙ", "²", "٣", "e\u0301", "a\u200b", "a\u00a0b",
		"\xff", "a\xffb", "\uFFFD", "a\u2028", "🔑", "x:y", "x/y", "x#y", "x%41",
	}
	for c := rune(0); c < 0x3100; c++ {
		cases = append(cases, "a"+string(c), string(c))
	}
	for _, v := range cases {
		if got, want := isHeadingID(v), re.MatchString(v); got != want {
			t.Errorf("isHeadingID(%q) = %v, the regexp %v", v, got, want)
		}
	}
}
