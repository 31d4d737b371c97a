package slacktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Surface is where blocks are shown; it decides the limits ValidateBlocks
// applies.
type Surface int

const (
	// SurfaceMessage is a chat message: at most 50 blocks, no input blocks.
	SurfaceMessage Surface = iota
	// SurfaceHome is an App Home tab view: at most 100 blocks, input blocks allowed.
	SurfaceHome
	// SurfaceModal is a modal view: at most 100 blocks, input blocks allowed.
	SurfaceModal
)

func (sf Surface) maxBlocks() int {
	if sf == SurfaceMessage {
		return 50
	}
	return 100
}

// Block Kit limits Slack enforces (../shared/slack/NOTES.md).
const (
	maxBlockID       = 255
	maxSectionText   = 3000
	maxSectionFields = 10
	maxFieldText     = 2000
	maxHeaderText    = 150
	maxButtonText    = 75
	maxButtonValue   = 2000
	maxButtonURL     = 3000
	maxActionID      = 255
	maxActionsElems  = 25
	maxContextElems  = 10
	maxAltText       = 2000
	maxImageURL      = 3000
	maxLabelText     = 2000
	maxHintText      = 2000
	maxTextObject    = 3000
	maxPlaceholder   = 150
	maxOptionText    = 75
	maxOptionValue   = 150
	maxRadioOptions  = 10
	maxSelectOptions = 100
	maxInputLength   = 3000
)

// ErrInvalidBlocks is what a *BlocksError matches with errors.Is.
var ErrInvalidBlocks = errors.New("invalid_blocks")

// BlocksError lists every Block Kit violation found, worded like Slack's
// response_metadata.messages ("[ERROR] … [json-pointer:/blocks/0/text]").
type BlocksError struct {
	Messages []string
}

func (e *BlocksError) Error() string {
	return "invalid_blocks: " + strings.Join(e.Messages, "; ")
}

// Is makes errors.Is(err, ErrInvalidBlocks) true.
func (e *BlocksError) Is(target error) bool { return target == ErrInvalidBlocks }

// ValidateBlocks checks a JSON array of blocks against the limits Slack
// enforces on the surface and returns a *BlocksError listing every
// violation, or nil. An empty or absent array is valid (the message then
// needs text).
func ValidateBlocks(blocks json.RawMessage, sf Surface) error {
	_, err := validateBlocks(blocks, sf)
	return err
}

type textObject struct {
	Type  string  `json:"type"`
	Text  *string `json:"text"`
	Emoji *bool   `json:"emoji"`
}

type element struct {
	Type     string          `json:"type"`
	Text     json.RawMessage `json:"text"` // an object for buttons, a string for context text
	ActionID *string         `json:"action_id"`
	Value    *string         `json:"value"`
	URL      *string         `json:"url"`
	ImageURL *string         `json:"image_url"`
	AltText  *string         `json:"alt_text"`
	Style    string          `json:"style"`

	// Selects, radio buttons and checkboxes.
	Options       []option    `json:"options"`
	OptionGroups  []any       `json:"option_groups"`
	InitialOption *option     `json:"initial_option"`
	Placeholder   *textObject `json:"placeholder"`
	// Text inputs.
	InitialValue *string `json:"initial_value"`
	MinLength    *int    `json:"min_length"`
	MaxLength    *int    `json:"max_length"`
}

// option is an option object of a select menu, radio buttons or
// checkboxes.
type option struct {
	Text        *textObject `json:"text"`
	Value       *string     `json:"value"`
	Description *textObject `json:"description,omitempty"`
}

type block struct {
	Type      string          `json:"type"`
	BlockID   *string         `json:"block_id"`
	Text      *textObject     `json:"text"`
	Fields    []textObject    `json:"fields"`
	Accessory *element        `json:"accessory"`
	Elements  json.RawMessage `json:"elements"`
	ImageURL  *string         `json:"image_url"`
	AltText   *string         `json:"alt_text"`
	Label     *textObject     `json:"label"`
	Hint      *textObject     `json:"hint"`
	Element   *element        `json:"element"`
}

type checker struct {
	msgs []string
}

func (c *checker) add(path, format string, args ...any) {
	c.msgs = append(c.msgs, fmt.Sprintf("[ERROR] "+format, args...)+" [json-pointer:"+path+"]")
}

// validateBlocks returns the number of blocks and the violations.
func validateBlocks(raw []byte, sf Surface) (int, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var blocks []block
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return 0, &BlocksError{Messages: []string{"[ERROR] blocks must be a JSON array of block objects: " + err.Error() + " [json-pointer:/blocks]"}}
	}
	c := &checker{}
	if n := len(blocks); n > sf.maxBlocks() {
		c.add("/blocks", "no more than %d items allowed", sf.maxBlocks())
	}
	ids := make(map[string]int, len(blocks))
	for i := range blocks {
		b := &blocks[i]
		p := fmt.Sprintf("/blocks/%d", i)
		if b.BlockID != nil {
			id := *b.BlockID
			switch {
			case id == "":
				c.add(p+"/block_id", "must be more than 0 characters")
			case utf8.RuneCountInString(id) > maxBlockID:
				c.add(p+"/block_id", "must be less than %d characters", maxBlockID+1)
			}
			if j, dup := ids[id]; dup && id != "" {
				c.add(p+"/block_id", "block_id %q already used by block %d", id, j)
			}
			ids[id] = i
		}
		c.block(p, b, sf)
	}
	if len(c.msgs) > 0 {
		return len(blocks), &BlocksError{Messages: c.msgs}
	}
	return len(blocks), nil
}

func (c *checker) block(p string, b *block, sf Surface) {
	switch b.Type {
	case "section":
		if b.Text == nil && len(b.Fields) == 0 {
			c.add(p, "must provide either text or fields")
		}
		if b.Text != nil {
			c.text(p+"/text", b.Text, maxSectionText, false)
		}
		if len(b.Fields) > maxSectionFields {
			c.add(p+"/fields", "no more than %d items allowed", maxSectionFields)
		}
		for j := range b.Fields {
			c.text(fmt.Sprintf("%s/fields/%d", p, j), &b.Fields[j], maxFieldText, false)
		}
		if b.Accessory != nil {
			c.element(p+"/accessory", b.Accessory)
		}
	case "header":
		if b.Text == nil {
			c.add(p+"/text", "missing required field: text")
		} else {
			c.text(p+"/text", b.Text, maxHeaderText, true)
		}
	case "divider":
	case "image":
		c.image(p, b.ImageURL, b.AltText)
	case "context":
		elems := c.elements(p, b.Elements)
		if len(elems) == 0 {
			c.add(p+"/elements", "must provide at least 1 item")
		}
		if len(elems) > maxContextElems {
			c.add(p+"/elements", "no more than %d items allowed", maxContextElems)
		}
		for j := range elems {
			ep := fmt.Sprintf("%s/elements/%d", p, j)
			e := &elems[j]
			switch e.Type {
			case "image":
				c.image(ep, e.ImageURL, e.AltText)
			case "plain_text", "mrkdwn":
				var s string
				if json.Unmarshal(e.Text, &s) != nil || s == "" {
					c.add(ep+"/text", "must be more than 0 characters")
				} else if utf8.RuneCountInString(s) > maxTextObject {
					c.add(ep+"/text", "must be less than %d characters", maxTextObject+1)
				}
			default:
				c.add(ep+"/type", "context elements must be image, plain_text or mrkdwn, not %q", e.Type)
			}
		}
	case "actions":
		elems := c.elements(p, b.Elements)
		if len(elems) == 0 {
			c.add(p+"/elements", "must provide at least 1 item")
		}
		if len(elems) > maxActionsElems {
			c.add(p+"/elements", "no more than %d items allowed", maxActionsElems)
		}
		for j := range elems {
			c.element(fmt.Sprintf("%s/elements/%d", p, j), &elems[j])
		}
	case "rich_text":
		if len(bytes.TrimSpace(b.Elements)) == 0 || b.Elements[0] != '[' {
			c.add(p+"/elements", "missing required field: elements")
		}
	case "input":
		if sf == SurfaceMessage {
			c.add(p+"/type", "input blocks are only allowed in views")
			return
		}
		if b.Label == nil {
			c.add(p+"/label", "missing required field: label")
		} else {
			c.text(p+"/label", b.Label, maxLabelText, true)
		}
		if b.Hint != nil {
			c.text(p+"/hint", b.Hint, maxHintText, true)
		}
		if b.Element == nil {
			c.add(p+"/element", "missing required field: element")
		} else {
			c.inputElement(p+"/element", b.Element)
		}
	case "":
		c.add(p+"/type", "missing required field: type")
	default:
		c.add(p+"/type", "unsupported block type %q", b.Type)
	}
}

func (c *checker) elements(p string, raw json.RawMessage) []element {
	if len(raw) == 0 {
		return nil
	}
	var elems []element
	if err := json.Unmarshal(raw, &elems); err != nil {
		c.add(p+"/elements", "elements must be an array of objects")
		return nil
	}
	return elems
}

// text checks a text object; plainOnly demands plain_text.
func (c *checker) text(p string, t *textObject, limit int, plainOnly bool) {
	switch t.Type {
	case "plain_text":
	case "mrkdwn":
		if plainOnly {
			c.add(p+"/type", "must be plain_text")
		}
	case "":
		c.add(p+"/type", "missing required field: type")
	default:
		c.add(p+"/type", "must be plain_text or mrkdwn, not %q", t.Type)
	}
	switch {
	case t.Text == nil:
		c.add(p+"/text", "missing required field: text")
	case *t.Text == "":
		c.add(p+"/text", "must be more than 0 characters")
	case utf8.RuneCountInString(*t.Text) > limit:
		c.add(p+"/text", "must be less than %d characters", limit+1)
	}
}

func (c *checker) image(p string, url, alt *string) {
	switch {
	case url == nil || *url == "":
		c.add(p+"/image_url", "missing required field: image_url")
	case len(*url) > maxImageURL:
		c.add(p+"/image_url", "must be less than %d characters", maxImageURL+1)
	}
	switch {
	case alt == nil || *alt == "":
		c.add(p+"/alt_text", "missing required field: alt_text")
	case utf8.RuneCountInString(*alt) > maxAltText:
		c.add(p+"/alt_text", "must be less than %d characters", maxAltText+1)
	}
}

// element checks an interactive element (actions, accessory).
func (c *checker) element(p string, e *element) {
	if e.ActionID != nil {
		switch n := utf8.RuneCountInString(*e.ActionID); {
		case n == 0:
			c.add(p+"/action_id", "must be more than 0 characters")
		case n > maxActionID:
			c.add(p+"/action_id", "must be less than %d characters", maxActionID+1)
		}
	}
	switch e.Type {
	case "button":
		var t textObject
		if len(e.Text) == 0 || json.Unmarshal(e.Text, &t) != nil {
			c.add(p+"/text", "missing required field: text")
		} else {
			c.text(p+"/text", &t, maxButtonText, true)
		}
		if e.Value != nil && utf8.RuneCountInString(*e.Value) > maxButtonValue {
			c.add(p+"/value", "must be less than %d characters", maxButtonValue+1)
		}
		if e.URL != nil && len(*e.URL) > maxButtonURL {
			c.add(p+"/url", "must be less than %d characters", maxButtonURL+1)
		}
		if e.Style != "" && e.Style != "primary" && e.Style != "danger" {
			c.add(p+"/style", "must be primary or danger, not %q", e.Style)
		}
	case "image":
		c.image(p, e.ImageURL, e.AltText)
	case "":
		c.add(p+"/type", "missing required field: type")
	case "static_select", "external_select", "users_select", "conversations_select",
		"channels_select", "overflow", "datepicker", "timepicker", "datetimepicker",
		"checkboxes", "radio_buttons", "multi_static_select", "multi_external_select",
		"multi_users_select", "multi_conversations_select", "multi_channels_select",
		"plain_text_input", "email_text_input", "url_text_input", "number_input", "workflow_button":
		c.choices(p, e)
	default:
		c.add(p+"/type", "unsupported element type %q", e.Type)
	}
}

// inputElement checks the element of an input block: an element that takes
// input, within its limits.
func (c *checker) inputElement(p string, e *element) {
	switch e.Type {
	case "plain_text_input", "email_text_input", "url_text_input", "number_input",
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select",
		"multi_channels_select", "checkboxes", "radio_buttons", "datepicker", "timepicker", "datetimepicker",
		"file_input", "rich_text_input":
	case "":
		c.add(p+"/type", "missing required field: type")
		return
	default:
		c.add(p+"/type", "an input block cannot hold a %q element", e.Type)
		return
	}
	if e.ActionID != nil && utf8.RuneCountInString(*e.ActionID) > maxActionID {
		c.add(p+"/action_id", "must be less than %d characters", maxActionID+1)
	}
	c.choices(p, e)
	if e.Type != "plain_text_input" {
		return
	}
	maxLen := maxInputLength
	if e.MaxLength != nil {
		if *e.MaxLength < 1 || *e.MaxLength > maxInputLength {
			c.add(p+"/max_length", "must be between 1 and %d", maxInputLength)
		} else {
			maxLen = *e.MaxLength
		}
	}
	if e.MinLength != nil && (*e.MinLength < 0 || *e.MinLength > maxInputLength || *e.MinLength > maxLen) {
		c.add(p+"/min_length", "must be between 0 and %d and at most max_length", maxInputLength)
	}
	if e.InitialValue != nil && utf8.RuneCountInString(*e.InitialValue) > maxLen {
		c.add(p+"/initial_value", "must be less than %d characters", maxLen+1)
	}
}

// choices checks the placeholder and the options of a select menu, radio
// buttons or checkboxes.
func (c *checker) choices(p string, e *element) {
	if e.Placeholder != nil {
		c.text(p+"/placeholder", e.Placeholder, maxPlaceholder, true)
	}
	limit := 0
	switch e.Type {
	case "radio_buttons", "checkboxes":
		limit = maxRadioOptions
	case "static_select", "multi_static_select":
		limit = maxSelectOptions
	case "overflow":
		limit = 5
	}
	if limit == 0 {
		return
	}
	n := len(e.Options)
	switch {
	case n == 0 && len(e.OptionGroups) == 0:
		c.add(p+"/options", "must provide at least 1 item")
	case n > limit:
		c.add(p+"/options", "no more than %d items allowed", limit)
	case len(e.OptionGroups) > maxSelectOptions:
		c.add(p+"/option_groups", "no more than %d items allowed", maxSelectOptions)
	}
	plainOnly := e.Type != "radio_buttons" && e.Type != "checkboxes"
	values := map[string]bool{}
	for j := range e.Options {
		o := &e.Options[j]
		op := fmt.Sprintf("%s/options/%d", p, j)
		c.option(op, o, plainOnly)
		if o.Value != nil {
			if values[*o.Value] {
				c.add(op+"/value", "option value %q is used twice", *o.Value)
			}
			values[*o.Value] = true
		}
	}
	if o := e.InitialOption; o != nil {
		c.option(p+"/initial_option", o, plainOnly)
		if !slices.ContainsFunc(e.Options, func(x option) bool { return sameOption(x, *o) }) {
			c.add(p+"/initial_option", "must exactly match one of the options")
		}
	}
}

func (c *checker) option(p string, o *option, plainOnly bool) {
	if o.Text == nil {
		c.add(p+"/text", "missing required field: text")
	} else {
		c.text(p+"/text", o.Text, maxOptionText, plainOnly)
	}
	switch {
	case o.Value == nil || *o.Value == "":
		c.add(p+"/value", "missing required field: value")
	case utf8.RuneCountInString(*o.Value) > maxOptionValue:
		c.add(p+"/value", "must be less than %d characters", maxOptionValue+1)
	}
	if o.Description != nil {
		c.text(p+"/description", o.Description, maxOptionText, plainOnly)
	}
}

func sameOption(a, b option) bool {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	txt := func(t *textObject) string {
		if t == nil {
			return ""
		}
		return t.Type + "\x00" + str(t.Text)
	}
	return str(a.Value) == str(b.Value) && txt(a.Text) == txt(b.Text) && txt(a.Description) == txt(b.Description)
}
