package childlevel

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
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
		return nil, fmt.Errorf("unsupported XML encoding %q", charset)
	}
	return dec
}

// Token is dec.Token with io.EOF at the end and any other error naming the
// line where the XML stopped being well-formed.
func Token(dec *xml.Decoder) (xml.Token, error) {
	tok, err := dec.Token()
	if err == nil || errors.Is(err, io.EOF) {
		return tok, err
	}
	line, _ := dec.InputPos()
	return nil, fmt.Errorf("line %d: not well-formed XML: %v", line, err)
}
