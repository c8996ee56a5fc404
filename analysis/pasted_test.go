package analysis_test

import (
	"strings"
	"testing"

	"github.com/acmkb/acmkb/analysis"
)

// TestPastedReadsIdentifiersAsWhatTheyAre: ARNs as their resource type, IP
// and email addresses as such; URLs, ISO dates, UUIDs, resource ids, hex
// strings, long numbers, ticket numbers and chat codes go. Words, domain
// names, Regions, versions and short numbers stay.
func TestPastedReadsIdentifiersAsWhatTheyAre(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Can I export arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab?", "Can I export certificate ?"},
		{"arn:aws-cn:iam::123456789012:server-certificate/prod/web の件", "server-certificate の件"},
		{"Per https://docs.aws.amazon.com/acm/latest/userguide/x.html does it renew?", "Per does it renew?"},
		{"a cert for 203.0.113.10 or 10.0.0.0/8", "a cert for IP address or IP address"},
		{"mail from billing@example.com", "mail from email address"},
		{"cert 5e6f7a8b-1c2d-3e4f-5a6b-7c8d9e0f1a2b expires 2027-01-15", "cert expires"},
		{"i-0abc123def4567890 in vpc-0a1b2c3d", "in"},
		{"key deadbeefdeadbeef0123", "key"},
		{"Ticket #48213 for account 123456789012", "Ticket for account"},
		{"@here does anyone know? :thinking:", "does anyone know?"},
		// Left alone.
		{"copy to us-east-1 from eu-west-1", "copy to us-east-1 from eu-west-1"},
		{"*.example.com and www.example.co.jp", "*.example.com and www.example.co.jp"},
		{"TLS 1.2 or 1.3, RSA 2048, 13 months, 10:30", "TLS 1.2 or 1.3, RSA 2048, 13 months, 10:30"},
		{"sg-abcdefab has no digit", "sg-abcdefab has no digit"},
	} {
		if got := strings.Join(strings.Fields(analysis.Pasted(tt.in)), " "); got != tt.want {
			t.Errorf("Pasted(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
