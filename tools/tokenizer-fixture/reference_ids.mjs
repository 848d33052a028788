// Prints reference token ids for the tiny tokenizer fixture, computed by an implementation that
// shares no code with ours: @lenml/tokenizers (a dependency-free fork of transformers.js).
// Run it OUTSIDE the repo so node_modules never lands in git:
//   mkdir -p /tmp/tokref && cd /tmp/tokref && npm install @lenml/tokenizers@3.7.2
//   cp <repo>/tools/tokenizer-fixture/reference_ids.mjs . && node reference_ids.mjs <repo>/tests/LlmLoad.Core.Tests/TestData/tiny_tokenizer.json
// The output is pasted into tests/LlmLoad.Core.Tests/Workload/HuggingFaceTokenizerLoaderTests.cs.
import { readFileSync } from "node:fs";
import { TokenizerLoader } from "@lenml/tokenizers";

const tokenizerJSON = JSON.parse(readFileSync(process.argv[2], "utf8"));
const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig: {} });

const samples = [
  "The quick brown fox jumps over the lazy dog.",
  "It's the river's edge; they'll say we'd gone, I'm sure.",
  "Numbers: 1234567 and 3.14159, plus 2026-11-28.",
  "Tabs\tand  double  spaces\nand new\n\nlines   ",
  "caf\u00e9 na\u00efve \u00fcber \u65e5\u672c\u8a9e \u{1F600}!",
  "<|endoftext|>Hello<|endoftext|> world",
  "def f(x):\n    return x ** 2  # square",
  "   leading spaces and trailing punctuation?!...",
];
for (const s of samples) {
  const ids = tokenizer.encode(s, { add_special_tokens: false });
  console.log(JSON.stringify(s), JSON.stringify(ids));
}
