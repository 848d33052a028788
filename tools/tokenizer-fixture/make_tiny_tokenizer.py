#!/usr/bin/env python3
"""Builds a tiny, licence-free byte-level BPE tokenizer.json (Hugging Face format) from scratch.

256 byte tokens (GPT-2's bytes_to_unicode table, so bytes are ids 0-255), then N merges learned
greedily on a text sample, then one special token <|endoftext|>. Standard library only; the output
is deterministic for a given sample (ties go to the first pair seen).

Adapted from shared/docs/dotnet-notes.md Appendix B. Used to make
tests/LlmLoad.Core.Tests/TestData/tiny_tokenizer.json from our own synthetic-prompt corpus:

    python3 tools/tokenizer-fixture/make_tiny_tokenizer.py \
        --out tests/LlmLoad.Core.Tests/TestData/tiny_tokenizer.json \
        src/LlmLoad.Core/Workload/Corpus/*.txt
"""
import argparse
import collections
import json
import re


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) + list(range(ord("\u00ae"), ord("\u00ff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def learn_merges(text, merge_count, b2u):
    # a simple whitespace-ish pre-split; any split works for learning merges
    words = collections.Counter(re.findall(r" ?[A-Za-z]+| ?[0-9]| ?[^\sA-Za-z0-9]+|\s+", text))
    corpus = {tuple(b2u[b] for b in w.encode()): c for w, c in words.items()}
    vocab = {b2u[b]: b for b in range(256)}
    merges = []
    for _ in range(merge_count):
        pairs = collections.Counter()
        for w, c in corpus.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += c
        if not pairs:
            break
        (a, b), _count = pairs.most_common(1)[0]
        merges.append(f"{a} {b}")
        vocab[a + b] = len(vocab)
        merged = {}
        for w, c in corpus.items():
            out = []
            i = 0
            while i < len(w):
                if i < len(w) - 1 and w[i] == a and w[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] = c
        corpus = merged
    return vocab, merges


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--merges", type=int, default=300)
    parser.add_argument("samples", nargs="+", help="UTF-8 text files to learn merges from (read in sorted order)")
    args = parser.parse_args()

    text = "\n\n".join(open(p, encoding="utf-8").read() for p in sorted(args.samples))[:100000]
    vocab, merges = learn_merges(text, args.merges, bytes_to_unicode())
    eos_id = len(vocab)
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": eos_id, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
             "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": merges},
    }
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(tok, f, ensure_ascii=False)
    print(len(vocab), "vocab,", len(merges), "merges; first merges:", merges[:8])


if __name__ == "__main__":
    main()
