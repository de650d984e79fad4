// parse_markdown: the blocks a runbook is made of, with their lines; and no crash or hang on any input.
#include "runbook/markdown.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace drillsim::runbook {
namespace {

TEST(Markdown, BlocksInOrderWithTheirLines) {
  const std::string doc =
      "# Title\n"
      "\n"
      "Some text\n"
      "\n"
      "## Level 1: Undo (< 5 minutes)\n"
      "\n"
      "1. First `kubectl rollout undo deployment/api`\n"
      "2. Second\n"
      "   - nested\n"
      "\n"
      "```bash\n"
      "# 1. Undo\n"
      "kubectl rollout undo deployment/api\n"
      "```\n"
      "\n"
      "| Trigger | Threshold |\n"
      "|---|---|\n"
      "| Errors | > 5% for 5 minutes |\n";
  const auto blocks = parse_markdown(doc);
  ASSERT_EQ(blocks.size(), 9u);
  EXPECT_EQ(blocks[0].kind, Block::Kind::Heading);
  EXPECT_EQ(blocks[0].level, 1);
  EXPECT_EQ(blocks[0].text, "Title");
  EXPECT_EQ(blocks[1].kind, Block::Kind::Paragraph);
  EXPECT_EQ(blocks[1].line, 3);
  EXPECT_EQ(blocks[2].text, "Level 1: Undo (< 5 minutes)");
  EXPECT_EQ(blocks[2].line, 5);
  EXPECT_EQ(blocks[3].kind, Block::Kind::ListItem);
  EXPECT_TRUE(blocks[3].ordered);
  EXPECT_EQ(blocks[3].number, 1);
  EXPECT_EQ(blocks[3].line, 7);
  ASSERT_EQ(blocks[3].inline_code.size(), 1u);
  EXPECT_EQ(blocks[3].inline_code[0], "kubectl rollout undo deployment/api");
  EXPECT_EQ(blocks[4].number, 2);
  EXPECT_EQ(blocks[5].level, 2);  // the nested item
  EXPECT_FALSE(blocks[5].ordered);
  EXPECT_EQ(blocks[6].kind, Block::Kind::Code);
  EXPECT_EQ(blocks[6].info, "bash");
  EXPECT_EQ(blocks[6].line, 12);
  EXPECT_EQ(blocks[6].text, "# 1. Undo\nkubectl rollout undo deployment/api\n");
  EXPECT_EQ(blocks[7].kind, Block::Kind::TableRow);
  EXPECT_TRUE(blocks[7].header);
  ASSERT_EQ(blocks[8].cells.size(), 2u);
  EXPECT_EQ(blocks[8].cells[1], "> 5% for 5 minutes");
  EXPECT_EQ(blocks[8].line, 18);
}

TEST(Markdown, ALabelAllInBoldOrItalicIsEmphasised) {
  const auto blocks = parse_markdown(
      "**Pods stuck in Pending**\n"
      "\n"
      "Some **bold** words.\n"
      "\n"
      "_Disk full_:\n"
      "\n"
      "- **Port in use**\n"
      "- plain item\n"
      "- **Label**: and text\n");
  ASSERT_EQ(blocks.size(), 6U);
  EXPECT_TRUE(blocks[0].emphasised);   // The whole paragraph is bold.
  EXPECT_FALSE(blocks[1].emphasised);  // Bold words among plain ones.
  EXPECT_TRUE(blocks[2].emphasised);   // Punctuation after the label is no text.
  EXPECT_EQ(blocks[2].text, "Disk full:");
  EXPECT_TRUE(blocks[3].emphasised);
  EXPECT_FALSE(blocks[4].emphasised);
  EXPECT_FALSE(blocks[5].emphasised);
  EXPECT_EQ(blocks[5].text, "Label: and text");
}

TEST(Markdown, EmptyAndWhitespaceDocuments) {
  EXPECT_TRUE(parse_markdown("").empty());
  EXPECT_TRUE(parse_markdown("\n\n   \n").empty());
}

TEST(Markdown, BinaryInputDoesNotCrash) {
  std::mt19937 rng(7);
  std::string bytes(1 << 20, '\0');
  for (auto& c : bytes)
    c = static_cast<char>(rng());
  const auto blocks = parse_markdown(bytes);
  EXPECT_GE(blocks.size(), 0u);
}

TEST(Markdown, DeeplyNestedInputDoesNotCrash) {
  const std::string quotes(200000, '>');
  parse_markdown(quotes + " text\n");
  std::string lists;
  for (int i = 0; i < 5000; ++i)
    lists += std::string(static_cast<std::size_t>(2 * i), ' ') + "- item\n";
  parse_markdown(lists);
  parse_markdown(std::string(100000, '[') + std::string(100000, ']'));
  parse_markdown(std::string(100000, '`'));
  SUCCEED();
}

TEST(Markdown, TenMegabytesParse) {
  std::string doc;
  while (doc.size() < 10u << 20)
    doc += "## Step 3: Roll back (1-3 minutes)\n\n```\nkubectl rollout undo deployment/api\n```\n\n";
  const auto blocks = parse_markdown(doc);
  EXPECT_GT(blocks.size(), 100000u);
}

TEST(Markdown, ADocumentWrappedWholeInAMarkdownFenceIsReadAsMarkdown) {
  // A runbook pasted as a sample: "```markdown" on the first line, "```" on the last. Its headings, items
  // and inner code blocks are read, each on its own line; a fence of another language stays code.
  const std::string doc =
      "```markdown\n"
      "# Queue runbook\n"
      "\n"
      "## Drain\n"
      "\n"
      "1. **Stop consumers**\n"
      "   ```bash\n"
      "   ./ops/stop-consumers.sh\n"
      "   ```\n"
      "```\n"
      "\n";
  const auto blocks = parse_markdown(doc);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].kind, Block::Kind::Heading);
  EXPECT_EQ(blocks[0].text, "Queue runbook");
  EXPECT_EQ(blocks[0].line, 2);
  EXPECT_EQ(blocks[1].kind, Block::Kind::Heading);
  EXPECT_EQ(blocks[1].line, 4);
  EXPECT_EQ(blocks[2].kind, Block::Kind::ListItem);
  EXPECT_EQ(blocks[2].line, 6);
  EXPECT_EQ(blocks[3].kind, Block::Kind::Code);
  EXPECT_EQ(blocks[3].text.find("./ops/stop-consumers.sh"), 0u);
  EXPECT_EQ(blocks[3].line, 8);

  const auto shell = parse_markdown("```bash\n# Queue runbook\nkubectl get pods\n```\n");
  ASSERT_EQ(shell.size(), 1u);
  EXPECT_EQ(shell[0].kind, Block::Kind::Code);
}

// A log or report shown in a fence is a document to keep, not commands; shell with comments is not one.
TEST(Markdown, BulletsTypedWithoutASpaceAreListItemsWhenTwoShareAParagraph) {
  const std::string doc =
      "##Fix\n"                    // 1
      "-Correct configuration\n"   // 2
      "-Restart service:\n"        // 3
      "systemctl restart app\n"    // 4
      "\n"                         // 5
      "Run it with\n"              // 6
      "-n prod\n"                  // 7: an option, not a bullet
      "--force\n"                  // 8
      "\n"                         // 9
      "-Alone in its paragraph\n"  // 10: one line is not a list
      "\n"                         // 11
      "```\n"                      // 12
      "-rf one\n"                  // 13
      "-rf two\n"                  // 14
      "```\n"                      // 15
      "---\n";                     // 16
  const auto blocks = parse_markdown(doc);
  ASSERT_GE(blocks.size(), 6u);
  EXPECT_EQ(blocks[0].kind, Block::Kind::Heading);
  EXPECT_EQ(blocks[1].kind, Block::Kind::ListItem);
  EXPECT_EQ(blocks[1].text, "Correct configuration");
  EXPECT_EQ(blocks[1].line, 2);
  EXPECT_EQ(blocks[2].kind, Block::Kind::ListItem);
  EXPECT_EQ(blocks[2].line, 3);
  EXPECT_EQ(blocks[2].end_line, 4);  // the command under it is the item's lazy continuation
  EXPECT_NE(blocks[2].text.find("systemctl restart app"), std::string::npos);
  EXPECT_EQ(blocks[3].kind, Block::Kind::Paragraph);
  EXPECT_EQ(blocks[3].line, 6);
  EXPECT_EQ(blocks[4].kind, Block::Kind::Paragraph);
  EXPECT_EQ(blocks[4].text, "-Alone in its paragraph");
  EXPECT_EQ(blocks[5].kind, Block::Kind::Code);
  EXPECT_EQ(blocks[5].text, "-rf one\n-rf two\n");
}

TEST(Markdown, DocumentListings) {
  const auto code = [](const std::string& info, const std::string& text) {
    Block b;
    b.kind = Block::Kind::Code;
    b.info = info;
    b.text = text;
    return b;
  };
  EXPECT_TRUE(
      is_document_listing(code("",
                               "# Incident: <short title>\n**Started:** HH:MM UTC\n**Owner:** <name>\n\n"
                               "HH:MM - Alert fired\nHH:MM - Rollback executed\n")));
  EXPECT_TRUE(is_document_listing(code("markdown", "- Status: Success\n- Impact: minimal\n")));
  EXPECT_TRUE(is_document_listing(code("text", "14:02 alert fired\n14:09 rolled back\n2026-01-31 closed\n")));
  EXPECT_FALSE(is_document_listing(code("", "# Undo the rollout\nkubectl rollout undo deployment/api\n")));
  EXPECT_FALSE(is_document_listing(code("bash", "Status: ok\nOwner: me\n")));
  EXPECT_FALSE(is_document_listing(code("", "Owner: me\nkubectl rollout undo deployment/api\n")));
  EXPECT_FALSE(is_document_listing(code("", "Owner: me\n")));  // One field: too little to tell.
  Block paragraph;
  paragraph.text = "Owner: me\nStatus: ok\n";
  EXPECT_FALSE(is_document_listing(paragraph));
}

}  // namespace
}  // namespace drillsim::runbook
