// A Markdown document as the runbook importer reads it: a flat list of blocks in document order, each
// with its 1-based source line. md4c (CommonMark + GitHub tables) does the parsing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace drillsim::runbook {

struct Block {
  enum class Kind {
    Heading,    // level 1..6
    Paragraph,  // outside a list item
    ListItem,   // its own text (nested lists and code come as blocks of their own, after it)
    Code,       // a fenced or indented code block: `text` holds its lines, `info` the fence's language
    TableRow,   // `cells`; `header` for the table's header row; `table` numbers the tables
  };
  Kind kind = Kind::Paragraph;
  int level = 0;                         // Heading: 1..6. ListItem: its list's nesting depth (1 = top level).
  bool ordered = false;                  // ListItem: in an ordered list.
  bool task = false;                     // ListItem: a task-list item ("- [ ] ...", "- [x] ...").
  int number = 0;                        // ListItem: its number in an ordered list (start + index).
  bool header = false;                   // TableRow: the header row.
  int table = -1;                        // TableRow: index of its table in the document.
  std::string text;                      // The text, inline markup removed; a code block's raw lines.
  std::vector<std::string> cells;        // TableRow.
  std::vector<std::string> inline_code;  // Code spans in the text (commands written inline).
  std::string info;                      // Code: the fence's info string ("bash").
  int line = 0;                          // 1-based line of its first character of text.
  int end_line = 0;                      // 1-based line of its last character of text (>= line).
  bool emphasised = false;  // Paragraph, ListItem: all its text is bold or italic ("**Pods stuck**"), a label.
};

// Parses `text` (any bytes: invalid UTF-8 and NUL bytes are tolerated). Never throws on content.
std::vector<Block> parse_markdown(std::string_view text);

// Whether code block `code` shows a document rather than commands: an incident log or report to keep
// ("# Incident: <short title>", "**Started:** HH:MM UTC", "HH:MM - Rollback executed"). Untagged or
// tagged as Markdown or text; every line that is not a `#` line is a field ("Owner: <name>"), a
// time-stamped entry or a bullet, and at least two of them are fields or entries.
bool is_document_listing(const Block& code);

}  // namespace drillsim::runbook
