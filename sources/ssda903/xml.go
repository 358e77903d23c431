package ssda903

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/yardstick-etl/yardstick/sources"
	cl "github.com/yardstick-etl/yardstick/sources/childlevel"
)

// block is one element whose children are fields: a HEADER, EPISODE,
// AREVIEW, ... with the number of the CHILD it belongs to.
type block struct {
	name   string
	child  int
	fields map[string]string // key -> text
	order  []string          // field keys as they came
}

// readXML streams the XML export child by child: <CHILD><HEADER>...</HEADER>
// <EPISODE>...</EPISODE>...</CHILD>. Each child's blocks are held until its
// end (a few dozen elements) so the CHILDID and DOB in its HEADER can go on
// every row. An XML file has no rows to point at (the export is often one
// line), so a row's number is its CHILD element's: 1 for the first child.
func readXML(ctx context.Context, path string, env *sources.Env, w sources.Writer, file cl.Origin) (int64, error) {
	if err := cl.Check(env, file, false, false); err != nil {
		return 0, err
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	builders := map[*cl.Spec]*cl.Builder{}
	defer func() {
		for _, b := range builders {
			b.Release()
		}
	}()
	builder := func(s *cl.Spec) *cl.Builder {
		if b, ok := builders[s]; ok {
			return b
		}
		b := cl.NewBuilder(s, env, w)
		builders[s] = b
		return b
	}

	dec := cl.NewXMLDecoder(f)
	var stack []*block // open elements that may hold fields
	var childBlocks []*block
	var text strings.Builder
	children := 0
	for {
		tok, err := cl.Token(dec)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, &block{name: t.Name.Local, child: children + 1, fields: map[string]string{}})
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			cur := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				continue
			}
			parent := stack[len(stack)-1]
			switch {
			case cur.name == "CHILD":
				children++
				if children%1024 == 0 {
					if err := ctx.Err(); err != nil {
						return 0, err
					}
				}
				if err := emitChild(childBlocks, builder, file); err != nil {
					return 0, err
				}
				childBlocks = childBlocks[:0]
			case len(cur.fields) > 0: // a block: HEADER, EPISODE, AREVIEW, ...
				childBlocks = append(childBlocks, cur)
			default: // a field
				k := key(cur.name)
				if _, dup := parent.fields[k]; !dup {
					parent.order = append(parent.order, cur.name)
				}
				parent.fields[k] = strings.TrimSpace(text.String())
			}
			text.Reset()
		}
	}
	var total int64
	for _, b := range builders {
		if err := b.Flush(); err != nil {
			return total, err
		}
		total += b.Rows()
	}
	if total == 0 {
		return 0, fmt.Errorf("no CHILD elements with SSDA903 fields")
	}
	return total, nil
}

// emitChild writes one child's rows. The HEADER's own fields give the child
// table, and the uasc, care leaver (oc3) and adoption (ad1) tables when they
// are filled in; every nested block gives a row of the table its fields fit.
func emitChild(blocks []*block, builder func(*cl.Spec) *cl.Builder, o cl.Origin) error {
	var header *block
	for _, b := range blocks {
		if b.name == "HEADER" {
			header = b
		}
	}
	if header == nil {
		return nil
	}
	inherit := func(b *block) {
		for _, k := range []string{"child", "dob"} {
			if _, ok := b.fields[k]; !ok {
				b.fields[k] = header.fields[k]
			}
		}
	}
	for _, b := range blocks {
		if b == header {
			continue
		}
		inherit(b)
		spec := matchBlock(b.order)
		if spec == nil {
			continue // an element yardstick does not know; its fields are not read
		}
		if err := appendBlock(builder(spec), spec, b, o); err != nil {
			return err
		}
	}
	for _, ret := range []string{"header", "uasc", "oc3", "ad1"} {
		spec := specOf(ret)
		present := ret == "header"
		for _, c := range spec.Columns[2:] { // beyond CHILD and SEX/DOB
			if header.fields[cl.Key(c.Field)] != "" {
				present = true
			}
		}
		if ret == "uasc" {
			present = header.fields["duc"] != "" || header.fields["uasc"] == "1"
		}
		if present {
			if err := appendBlock(builder(spec), spec, header, o); err != nil {
				return err
			}
		}
	}
	return nil
}

// matchBlock finds the table an XML block belongs to: the one holding all of
// its fields (the export leaves out empty ones, so not all of the table's).
func matchBlock(names []string) *cl.Spec {
	var best *cl.Spec
	bestN := 0
	for _, t := range Tables {
		fields := map[string]bool{}
		for _, c := range t.Spec.Columns {
			fields[cl.Key(c.Field)] = true
		}
		n := 0
		for _, name := range names {
			if !fields[key(name)] {
				n = -1
				break
			}
			n++
		}
		if n > bestN {
			best, bestN = t.Spec, n
		}
	}
	return best
}

func specOf(ret string) *cl.Spec {
	for _, t := range Tables {
		if t.Return == ret {
			return t.Spec
		}
	}
	panic("no SSDA903 table " + ret)
}

func appendBlock(b *cl.Builder, spec *cl.Spec, blk *block, o cl.Origin) error {
	vals := make([]string, len(spec.Columns))
	labels := make([]string, len(spec.Columns))
	for i, c := range spec.Columns {
		vals[i] = blk.fields[cl.Key(c.Field)]
		labels[i] = c.Field
		if c.Field == "PLACE" {
			labels[i] = "PL"
		}
	}
	return b.Append(cl.Place{Row: blk.child}, o, vals, labels)
}
