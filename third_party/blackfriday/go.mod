module github.com/russross/blackfriday/v2

go 1.21
