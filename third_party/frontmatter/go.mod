module go.abhg.dev/goldmark/frontmatter

go 1.20

require (
	github.com/yuin/goldmark v1.5.4
	gopkg.in/yaml.v3 v3.0.1
)
