#include "runbook/markdown.hpp"

#include <md4c.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>

namespace drillsim::runbook {
namespace {

// md4c's callbacks build the blocks here. A stack of the open md4c blocks tells where text goes.
class Builder {
 public:
  explicit Builder(std::string_view source) : source_(source) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < source.size(); ++i) {
      if (source[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  std::vector<Block> take() { return std::move(blocks_); }

  int enter(MD_BLOCKTYPE type, void* detail) {
    Open open{type, {}, false, 0, 0};
    switch (type) {
      case MD_BLOCK_H:
        open.block.kind = Block::Kind::Heading;
        open.block.level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        break;
      case MD_BLOCK_CODE: {
        flush_list_item();
        open.block.kind = Block::Kind::Code;
        const auto* code = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
        if (code->info.text != nullptr) open.block.info.assign(code->info.text, code->info.size);
        break;
      }
      case MD_BLOCK_OL:
      case MD_BLOCK_UL: {
        flush_list_item();
        List list;
        list.ordered = type == MD_BLOCK_OL;
        if (list.ordered) list.next = static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start);
        lists_.push_back(list);
        break;
      }
      case MD_BLOCK_LI:
        open.block.kind = Block::Kind::ListItem;
        if (!lists_.empty()) {
          open.block.level = static_cast<int>(lists_.size());
          open.block.ordered = lists_.back().ordered;
          if (lists_.back().ordered) open.block.number = lists_.back().next++;
        }
        if (detail != nullptr) open.block.task = static_cast<MD_BLOCK_LI_DETAIL*>(detail)->is_task != 0;
        break;
      case MD_BLOCK_TABLE:
        flush_list_item();
        ++tables_;
        break;
      case MD_BLOCK_THEAD:
        in_head_ = true;
        break;
      case MD_BLOCK_TBODY:
        in_head_ = false;
        break;
      case MD_BLOCK_TR:
        open.block.kind = Block::Kind::TableRow;
        open.block.table = tables_ - 1;
        open.block.header = in_head_;
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        if (TableRow* row = open_row()) row->cells.emplace_back();
        break;
      case MD_BLOCK_P:
        open.block.kind = Block::Kind::Paragraph;
        break;
      case MD_BLOCK_QUOTE:
        flush_list_item();
        break;
      default:
        break;
    }
    if (type == MD_BLOCK_LI) open_items_.push_back(stack_.size());
    stack_.push_back(std::move(open));
    return 0;
  }

  int leave(MD_BLOCKTYPE type) {
    if (stack_.empty()) return 0;
    Open open = std::move(stack_.back());
    stack_.pop_back();
    if (type == MD_BLOCK_LI && !open_items_.empty()) open_items_.pop_back();
    switch (type) {
      case MD_BLOCK_H:
      case MD_BLOCK_CODE:
      case MD_BLOCK_TR:
        emit(std::move(open.block));
        break;
      case MD_BLOCK_P:
        // A paragraph inside a list item is the item's text.
        if (Open* item = open_items_.empty() ? nullptr : &stack_[open_items_.back()];
            item != nullptr && !item->emitted) {
          append(item->block, open.block.text, open.block.line, open.block.inline_code);
          item->block.end_line = std::max(item->block.end_line, open.block.end_line);
          item->plain_chars += open.plain_chars;
          item->emphasised_chars += open.emphasised_chars;
          break;
        }
        open.block.emphasised = emphasised_only(open);
        emit(std::move(open.block));
        break;
      case MD_BLOCK_LI:
        open.block.emphasised = emphasised_only(open);
        if (!open.emitted) emit(std::move(open.block));
        break;
      case MD_BLOCK_OL:
      case MD_BLOCK_UL:
        if (!lists_.empty()) lists_.pop_back();
        break;
      default:
        break;
    }
    return 0;
  }

  int enter_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_STRONG || type == MD_SPAN_EM) ++emphasis_;
    if (type == MD_SPAN_CODE) {
      in_code_span_ = true;
      code_span_.clear();
    }
    return 0;
  }

  int leave_span(MD_SPANTYPE type) {
    if ((type == MD_SPAN_STRONG || type == MD_SPAN_EM) && emphasis_ > 0) --emphasis_;
    if (type == MD_SPAN_CODE) {
      in_code_span_ = false;
      if (Block* block = text_sink()) block->inline_code.push_back(code_span_);
    }
    return 0;
  }

  int text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size) {
    std::string_view chunk(text, size);
    std::string replacement;
    switch (type) {
      case MD_TEXT_NULLCHAR:
        chunk = " ";
        break;
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR:
        chunk = "\n";
        break;
      case MD_TEXT_ENTITY:
        replacement = decode_entity(chunk);
        chunk = replacement;
        break;
      default:
        break;
    }
    if (in_code_span_) code_span_ += chunk;
    const int line = line_of(text);
    const int last = size > 0 ? line_of(text + size - 1) : line;
    if (TableRow* row = open_row(); row != nullptr && innermost_cell()) {
      if (row->line == 0) row->line = line;
      row->end_line = std::max(row->end_line, last);
      if (!row->cells.empty()) row->cells.back() += chunk;
      row->text += chunk;
      return 0;
    }
    count_emphasis(chunk);
    if (Block* block = text_sink()) {
      if (block->line == 0) block->line = line;
      block->end_line = std::max(block->end_line, last);
      block->text += chunk;
    }
    return 0;
  }

 private:
  using TableRow = Block;
  struct Open {
    MD_BLOCKTYPE type;
    Block block;
    bool emitted;
    int plain_chars;       // Characters of text outside bold or italic spans (not spaces).
    int emphasised_chars;  // Characters of text inside them.
  };

  // Whether a paragraph's or list item's text is all bold or italic: a label standing as a heading.
  static bool emphasised_only(const Open& open) {
    return open.emphasised_chars > 0 && open.plain_chars == 0;
  }

  // Counts a chunk of text for the paragraph or list item that collects it, inside or outside emphasis.
  // Punctuation after a label ("**Disk full**:") is no text of its own.
  void count_emphasis(std::string_view chunk) {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->type == MD_BLOCK_H || it->type == MD_BLOCK_CODE || it->type == MD_BLOCK_TR) return;
      if (it->type != MD_BLOCK_P && it->type != MD_BLOCK_LI) continue;
      for (const char c : chunk) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) continue;
        ++(emphasis_ > 0 ? it->emphasised_chars : it->plain_chars);
      }
      return;
    }
  }
  struct List {
    bool ordered = false;
    int next = 1;
  };

  Open* innermost(MD_BLOCKTYPE type) {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->type == type) return &*it;
    }
    return nullptr;
  }
  TableRow* open_row() {
    Open* row = innermost(MD_BLOCK_TR);
    return row != nullptr ? &row->block : nullptr;
  }
  bool innermost_cell() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->type == MD_BLOCK_TH || it->type == MD_BLOCK_TD) return true;
      if (it->type == MD_BLOCK_TR) return false;
    }
    return false;
  }

  // The block that collects text now: the innermost heading, code block, paragraph or list item.
  Block* text_sink() {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      switch (it->type) {
        case MD_BLOCK_H:
        case MD_BLOCK_CODE:
        case MD_BLOCK_P:
        case MD_BLOCK_TR:
          return &it->block;
        case MD_BLOCK_LI:
          return it->emitted ? nullptr : &it->block;
        default:
          break;
      }
    }
    return nullptr;
  }

  // A list item's own text is complete when a nested block starts inside it: emit it first, so that
  // blocks stay in document order.
  void flush_list_item() {
    if (open_items_.empty()) return;
    Open& item = stack_[open_items_.back()];
    if (!item.emitted) {
      emit(item.block);
      item.emitted = true;
    }
  }

  static void append(Block& item, const std::string& text, int line, const std::vector<std::string>& code) {
    if (item.line == 0) item.line = line;
    if (!item.text.empty() && !text.empty()) item.text += "\n";
    item.text += text;
    item.inline_code.insert(item.inline_code.end(), code.begin(), code.end());
  }

  void emit(Block block) {
    if (block.line == 0) block.line = last_line_;
    block.end_line = std::max(block.end_line, block.line);
    last_line_ = block.line;
    blocks_.push_back(std::move(block));
  }

  int line_of(const MD_CHAR* text) {
    if (text < source_.data() || text > source_.data() + source_.size()) return last_line_;
    const auto offset = static_cast<std::size_t>(text - source_.data());
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<int>(it - line_starts_.begin());
    last_line_ = std::max(last_line_, line);
    return line;
  }

  static std::string decode_entity(std::string_view entity) {
    if (entity == "&amp;") return "&";
    if (entity == "&lt;") return "<";
    if (entity == "&gt;") return ">";
    if (entity == "&quot;") return "\"";
    if (entity == "&nbsp;") return " ";
    return std::string(entity);
  }

  std::string_view source_;
  std::vector<std::size_t> line_starts_;
  std::vector<Open> stack_;
  std::vector<std::size_t> open_items_;  // Indexes in stack_ of the open list items (innermost last).
  std::vector<List> lists_;
  std::vector<Block> blocks_;
  int tables_ = 0;
  bool in_head_ = false;
  bool in_code_span_ = false;
  int emphasis_ = 0;  // Open bold or italic spans.
  std::string code_span_;
  int last_line_ = 1;
};

}  // namespace

namespace {

// A document wrapped whole in a fence that says it is Markdown ("```markdown" on its first line, the
// closing fence on its last): a runbook pasted as a code sample. Gives the document with both fence
// lines blanked (so that every line keeps its number), or an empty string when it is not wrapped.
std::string unwrapped(std::string_view text) {
  const auto first_end = text.find('\n');
  if (first_end == std::string_view::npos) return {};
  const auto trimmed = [](std::string_view l) {
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t'))
      l.remove_prefix(1);
    while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r'))
      l.remove_suffix(1);
    return l;
  };
  const std::string_view first = trimmed(text.substr(0, first_end));
  if (first.size() < 3 || (first.substr(0, 3) != "```" && first.substr(0, 3) != "~~~")) return {};
  const char fence = first[0];
  std::size_t n = 0;
  while (n < first.size() && first[n] == fence)
    ++n;
  std::string info;
  for (const char c : trimmed(first.substr(n)))
    info += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (info != "markdown" && info != "md" && info != "gfm") return {};
  // The last line that is not blank must be the closing fence, alone.
  std::size_t end = text.size();
  while (true) {
    const auto start = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
    const std::size_t from = start == std::string_view::npos ? 0 : start + 1;
    const std::string_view line = trimmed(text.substr(from, end - from));
    if (line.empty()) {
      if (from == 0 || from <= first_end) return {};
      end = from - 1;
      continue;
    }
    if (from <= first_end || line.size() < n || line.find_first_not_of(fence) != std::string_view::npos)
      return {};
    std::string out(text);
    for (std::size_t i = 0; i < first_end; ++i)
      out[i] = ' ';
    for (std::size_t i = from; i < end; ++i)
      out[i] = ' ';
    return out;
  }
}

// Bullets typed without the space CommonMark asks for ("-Restart service:"): in a hand-written note,
// two or more lines of one paragraph that each start with '-' and a word of at least two letters are
// the items of a list. Gives the document with a space after each such '-' (every line keeps its
// number), or an empty string when no paragraph has such lines. Lines in fenced code, "---" rules and
// command-line options ("-n prod", "--force") are left alone.
std::string dash_bullets(std::string_view text) {
  struct Line {
    std::size_t from = 0;
    std::size_t dash = std::string_view::npos;  // Offset of a bullet's '-', npos if none.
    bool blank = true;
  };
  std::vector<Line> lines;
  bool fenced = false;
  std::string_view fence;
  for (std::size_t from = 0; from <= text.size();) {
    const std::size_t nl = text.find('\n', from);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    const std::string_view l = text.substr(from, end - from);
    Line line{from, std::string_view::npos, true};
    std::size_t i = 0;
    while (i < l.size() && i < 4 && l[i] == ' ')
      ++i;
    const std::string_view rest = l.substr(i);
    line.blank = rest.find_first_not_of(" \t\r") == std::string_view::npos;
    if (rest.starts_with("```") || rest.starts_with("~~~")) {
      if (!fenced) {
        fenced = true;
        fence = rest.substr(0, 3);
      } else if (rest.starts_with(fence)) {
        fenced = false;
      }
      line.blank = true;  // A fence ends the paragraph.
    } else if (!fenced && i < 4 && rest.size() >= 3 && rest[0] == '-') {
      const auto letter = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isalpha(u) != 0 || u >= 0x80;
      };
      if (letter(rest[1]) && letter(rest[2])) line.dash = from + i;
    }
    if (fenced) line.blank = true;
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    from = nl + 1;
  }
  std::vector<std::size_t> at;
  for (std::size_t k = 0; k < lines.size();) {
    if (lines[k].blank) {
      ++k;
      continue;
    }
    std::size_t end = k;
    std::vector<std::size_t> dashes;
    for (; end < lines.size() && !lines[end].blank; ++end)
      if (lines[end].dash != std::string_view::npos) dashes.push_back(lines[end].dash);
    if (dashes.size() >= 2) at.insert(at.end(), dashes.begin(), dashes.end());
    k = end;
  }
  if (at.empty()) return {};
  std::string out;
  out.reserve(text.size() + at.size());
  std::size_t done = 0;
  for (const std::size_t d : at) {
    out.append(text.substr(done, d + 1 - done));
    out += ' ';
    done = d + 1;
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace

std::vector<Block> parse_markdown(std::string_view original) {
  const std::string inner = unwrapped(original);
  const std::string_view read = inner.empty() ? original : std::string_view(inner);
  const std::string bullets = dash_bullets(read);
  const std::string_view text = bullets.empty() ? read : std::string_view(bullets);
  // md4c takes an unsigned size: a document beyond 4 GiB is cut (never reached by runbooks).
  const auto size =
      static_cast<MD_SIZE>(std::min<std::size_t>(text.size(), std::numeric_limits<MD_SIZE>::max()));
  Builder builder(text.substr(0, size));
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_NOHTML |
                 MD_FLAG_PERMISSIVEATXHEADERS;
  parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* user) {
    return static_cast<Builder*>(user)->enter(type, detail);
  };
  parser.leave_block = [](MD_BLOCKTYPE type, void*, void* user) {
    return static_cast<Builder*>(user)->leave(type);
  };
  parser.enter_span = [](MD_SPANTYPE type, void*, void* user) {
    return static_cast<Builder*>(user)->enter_span(type);
  };
  parser.leave_span = [](MD_SPANTYPE type, void*, void* user) {
    return static_cast<Builder*>(user)->leave_span(type);
  };
  parser.text = [](MD_TEXTTYPE type, const MD_CHAR* chunk, MD_SIZE n, void* user) {
    return static_cast<Builder*>(user)->text(type, chunk, n);
  };
  md_parse(text.data(), size, &parser, &builder);
  return builder.take();
}

namespace {

// "HH:MM", "14:05", "[14:05]", "T+3", "2026-01-31": a line led by a time or a date, an entry of a log.
bool time_stamped(std::string_view t) {
  if (!t.empty() && t.front() == '[') t.remove_prefix(1);
  if (t.rfind("HH:MM", 0) == 0 || t.rfind("hh:mm", 0) == 0 || t.rfind("YYYY-", 0) == 0 ||
      t.rfind("T+", 0) == 0)
    return true;
  std::size_t d = 0;
  while (d < t.size() && d < 4 && std::isdigit(static_cast<unsigned char>(t[d])))
    ++d;
  if (d == 0 || d >= t.size()) return false;
  if (d <= 2 && t[d] == ':') return d + 2 < t.size() && std::isdigit(static_cast<unsigned char>(t[d + 1]));
  return d == 4 && t[d] == '-' && d + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[d + 1]));
}

// "Owner: <name>", "**Started:** HH:MM UTC", "Severity:": a field, one to four capitalised words before
// a colon.
bool field_line(std::string_view t) {
  while (!t.empty() && (t.front() == '*' || t.front() == '_'))
    t.remove_prefix(1);
  if (t.empty() || !std::isupper(static_cast<unsigned char>(t.front()))) return false;
  const auto colon = t.find(':');
  if (colon == std::string_view::npos || colon > 40) return false;
  int words = 1;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = t[i];
    if (c == ' ') {
      ++words;
    } else if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '/' && c != '*' && c != '_') {
      return false;
    }
  }
  return words <= 4;
}

}  // namespace

bool is_document_listing(const Block& code) {
  if (code.kind != Block::Kind::Code) return false;
  std::string lang = code.info.substr(0, code.info.find_first_of(" {"));
  for (char& c : lang)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!lang.empty() && lang != "markdown" && lang != "md" && lang != "text" && lang != "txt" &&
      lang != "plaintext")
    return false;
  int entries = 0;
  std::size_t start = 0;
  while (start <= code.text.size()) {
    auto end = code.text.find('\n', start);
    if (end == std::string::npos) end = code.text.size();
    std::string_view t(code.text.data() + start, end - start);
    start = end + 1;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
      t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\r'))
      t.remove_suffix(1);
    if (t.empty() || t.front() == '#') continue;
    if (t.rfind("- ", 0) == 0 || t.rfind("* ", 0) == 0) t.remove_prefix(2);
    if (time_stamped(t) || field_line(t)) {
      ++entries;
      continue;
    }
    return false;  // A line that is neither: a command, output, configuration.
  }
  return entries >= 2;
}

}  // namespace drillsim::runbook
