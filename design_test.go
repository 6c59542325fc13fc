package carecoord_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDesignRules checks DESIGN.md rule 2 and STYLE.md §8 on every library file of the
// module: no goroutines, no init functions, no writable package variables (error sentinels
// named Err…/err… and blank interface checks are allowed), and no reading of the clock, the
// environment or the host's time-zone database. Tests, runnable examples and commands
// (package main) may do these things; the library never does. Conformance kits (packages
// named …test, such as careplantest) are test code that hosts run: they may start goroutines
// to test a store's concurrency, and follow every other rule.
func TestDesignRules(t *testing.T) {
	forbiddenCalls := map[string]bool{
		"time.Now": true, "time.Sleep": true, "time.Since": true, "time.Until": true,
		"time.After": true, "time.Tick": true, "time.NewTimer": true, "time.NewTicker": true,
		"time.LoadLocation": true, "os.Getenv": true, "os.LookupEnv": true, "os.Environ": true,
		"message.SetString": true,
	}
	forbiddenImports := map[string]bool{"time/tzdata": true}
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "examples") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		files++
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); forbiddenImports[p] {
				t.Errorf("%s imports %s", path, p)
			}
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv == nil && decl.Name.Name == "init" {
					t.Errorf("%s: func init", path)
				}
			case *ast.GenDecl:
				if decl.Tok != token.VAR {
					continue
				}
				for _, spec := range decl.Specs {
					for _, name := range spec.(*ast.ValueSpec).Names {
						if n := name.Name; n != "_" && !strings.HasPrefix(n, "Err") && !strings.HasPrefix(n, "err") {
							t.Errorf("%s: package variable %s (use a constant or a function)", path, n)
						}
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				if !strings.HasSuffix(f.Name.Name, "test") {
					t.Errorf("%s: go statement", path)
				}
			case *ast.SelectorExpr:
				if pkg, ok := n.X.(*ast.Ident); ok && forbiddenCalls[pkg.Name+"."+n.Sel.Name] {
					t.Errorf("%s: uses %s.%s", path, pkg.Name, n.Sel.Name)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("checked only %d library files; is the walk starting at the module root?", files)
	}
}
