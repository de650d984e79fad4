#include "promql/yaml.hpp"

#include <libfyaml.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace drillsim::promql {

const YamlNode* YamlNode::find(const std::string& key) const {
  for (const auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

namespace {

void set_position(YamlNode& out, fy_node* node) {
  fy_token* token = fy_node_get_scalar_token(node);
  if (token == nullptr) return;
  const fy_mark* mark = fy_token_start_mark(token);
  if (mark == nullptr) return;
  out.line = mark->line + 1;
  out.column = mark->column + 1;
}

YamlNode convert(fy_node* node, int depth) {
  YamlNode out;
  if (node == nullptr) return out;
  if (depth > 200) throw YamlError("YAML nested too deeply");
  switch (fy_node_get_type(node)) {
    case FYNT_SCALAR: {
      out.kind = YamlNode::Kind::Scalar;
      std::size_t len = 0;
      const char* text = fy_node_get_scalar(node, &len);
      out.scalar.assign(text != nullptr ? text : "", len);
      out.plain = fy_node_get_style(node) == FYNS_PLAIN;
      set_position(out, node);
      break;
    }
    case FYNT_SEQUENCE: {
      out.kind = YamlNode::Kind::Sequence;
      void* iter = nullptr;
      while (fy_node* item = fy_node_sequence_iterate(node, &iter))
        out.items.push_back(convert(item, depth + 1));
      if (!out.items.empty()) {
        out.line = out.items.front().line;
        out.column = out.items.front().column;
      }
      break;
    }
    case FYNT_MAPPING: {
      out.kind = YamlNode::Kind::Mapping;
      void* iter = nullptr;
      while (fy_node_pair* pair = fy_node_mapping_iterate(node, &iter)) {
        fy_node* key = fy_node_pair_key(pair);
        std::size_t len = 0;
        const char* text = key != nullptr ? fy_node_get_scalar(key, &len) : nullptr;
        std::string k(text != nullptr ? text : "", len);
        YamlNode value = convert(fy_node_pair_value(pair), depth + 1);
        if (value.line == 0 && key != nullptr) set_position(value, key);
        if (out.line == 0 && key != nullptr) {
          YamlNode tmp;
          set_position(tmp, key);
          out.line = tmp.line;
          out.column = tmp.column;
        }
        out.entries.push_back(YamlEntry{std::move(k), std::move(value)});
      }
      break;
    }
  }
  return out;
}

struct DiagDeleter {
  void operator()(fy_diag* d) const { fy_diag_destroy(d); }
};
struct DocDeleter {
  void operator()(fy_document* d) const { fy_document_destroy(d); }
};

}  // namespace

YamlNode parse_yaml(const std::string& text, const std::string& name) {
  fy_diag_cfg dcfg;
  fy_diag_cfg_default(&dcfg);
  dcfg.fp = nullptr;
  std::string messages;
  dcfg.output_fn = [](fy_diag*, void* user, const char* buf, size_t len) {
    static_cast<std::string*>(user)->append(buf, len);
  };
  dcfg.user = &messages;
  dcfg.colorize = false;
  std::unique_ptr<fy_diag, DiagDeleter> diag(fy_diag_create(&dcfg));
  fy_parse_cfg cfg{};
  // Go's YAML reader accepts a quoted scalar whose continuation lines are indented less than its key
  // (real promtool test files do this); libfyaml needs the sloppy-flow flag for that.
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_RESOLVE_DOCUMENT | FYPCF_COLLECT_DIAG |
                                              FYPCF_SLOPPY_FLOW_INDENTATION);
  cfg.diag = diag.get();
  std::unique_ptr<fy_document, DocDeleter> doc(fy_document_build_from_string(&cfg, text.data(), text.size()));
  if (!doc) {
    std::string first;
    void* iter = nullptr;
    if (fy_diag_error* err = fy_diag_errors_iterate(diag.get(), &iter))
      first = std::to_string(err->line + 1) + ":" + std::to_string(err->column + 1) + ": " +
              (err->msg ? err->msg : "");
    if (first.empty()) {
      // libfyaml names an in-memory input "<memory-@0x...-0x...>": keep only "line:col: error: ...".
      first = messages.empty() ? "YAML syntax error" : messages.substr(0, messages.find('\n'));
      const auto end = first.find(">:");
      if (first.rfind("<memory-", 0) == 0 && end != std::string::npos) first = first.substr(end + 2);
    }
    throw YamlError(name + ":" + first);
  }
  return convert(fy_document_root(doc.get()), 0);
}

YamlNode load_yaml_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw YamlError(path.string() + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_yaml(text.str(), path.string());
}

}  // namespace drillsim::promql
