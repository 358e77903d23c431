package childlevel

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/yardstick-etl/yardstick/transforms/shape"
)

// NewXMLDecoder reads a return's XML. It accepts the encodings exports
// declare (us-ascii, iso-8859-1, windows-1252) by passing the bytes through:
// the fields read are codes, dates and identifiers in ASCII.
func NewXMLDecoder(r io.Reader) *xml.Decoder {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "us-ascii", "ascii", "iso-8859-1", "latin1", "windows-1252", "utf-8":
			return input, nil
		}
		return nil, fmt.Errorf("the XML declares an encoding yardstick does not read (%s): save it as UTF-8", shape.Describe(charset))
	}
	return dec
}

// Token is dec.Token with io.EOF at the end and any other error as
// XMLError.
func Token(dec *xml.Decoder) (xml.Token, error) {
	tok, err := dec.Token()
	if err == nil || errors.Is(err, io.EOF) {
		return tok, err
	}
	return nil, XMLError(dec, err)
}

// XMLError says where a return's XML stopped being readable (the line, and
// the kind of fault) without repeating what it stopped at: encoding/xml
// quotes the offending text ("invalid character entity &RND000471630058"),
// which in a return may be a child's identifier, and the reason goes to the
// log, meta.input_file and the lake.
func XMLError(dec *xml.Decoder, err error) error {
	line, _ := dec.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
		return fmt.Errorf("line %d: not well-formed XML: %s", line, syntaxKind(se.Msg))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("line %d: the XML ends inside an element: the file is cut short", line)
	}
	var ce *xml.UnmarshalError
	if errors.As(err, &ce) {
		return fmt.Errorf("line %d: an element does not have the form the return's schema gives it", line)
	}
	return fmt.Errorf("line %d: a value could not be read as its field's type, or the XML is damaged", line)
}

// syntaxKind names a syntax error by kind, from encoding/xml's messages.
func syntaxKind(msg string) string {
	switch {
	case strings.Contains(msg, "entity"):
		return "an & that does not start a character entity (an ampersand in text must be written &amp;)"
	case strings.Contains(msg, "unexpected EOF"):
		return "the file ends inside an element: it is cut short"
	case strings.Contains(msg, "closed by"), strings.Contains(msg, "unexpected end element"):
		return "an end tag does not match its start tag"
	case strings.Contains(msg, "UTF-8"), strings.Contains(msg, "character code"):
		return "a byte that is not text in the file's declared encoding"
	case strings.Contains(msg, "attribute"):
		return "an attribute that is not written name=\"value\""
	default:
		return "a character or tag the XML rules do not allow there"
	}
}
