#!/usr/bin/env python3
"""Tiny model packages built and run by Hugging Face's own code, with its logits as goldens.

For each family below the script builds a seeded random model with transformers' own classes,
exports it with torch.onnx in the layout onnx-community publishes for that family, writes a complete
Lumen package around it (manifest with hashes, HF configs, tokenizer, chat template) and records
what transformers computes for a set of conversations: the rendered prompt, its ids, and the logits
of the prompt's last token and of each greedy step after it. The Java golden tests load the package
through the engine and compare.

    pip install torch==2.13.0+cpu transformers==5.17.0 onnx onnxruntime tokenizers
    python3 tools/reference/make-hf-packages.py

Output: inference-android/src/test/resources/hf/<family>/package/ and .../goldens.json.
Regenerate only when this script changes; the outputs are committed so tests need no Python.

Families: qwen3 (text only: one graph `onnx/model.onnx` fed `input_ids`, 2-D `position_ids`,
`past_key_values.{i}.key/value` in, `logits` and `present.{i}.key/value` out, every layer
attending).
"""
import hashlib
import json
import pathlib
import shutil
import sys

import numpy as np
import onnx
import onnxruntime
import tokenizers
import torch
import transformers
from tokenizers import decoders, models, normalizers, pre_tokenizers, trainers

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "inference-android/src/test/resources/hf"
CORPUS = ROOT / "testkit/src/main/resources/app/lumen/testkit/tiny-corpus.txt"

# Qwen's pre-tokenizer split, as in its tokenizer.json.
QWEN_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|"
    r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
# Qwen's added tokens, in Qwen's order, after the byte-level BPE vocabulary.
SPECIAL = [
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
    "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>",
    "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>",
]
NOT_SPECIAL = [
    "<tool_call>", "</tool_call>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
    "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<tool_response>", "</tool_response>",
    "<think>", "</think>",
]
BPE_VOCAB = 480

# A Qwen3-style template: ChatML, reasoning of earlier turns dropped, `enable_thinking=false`
# writing an empty think block after the generation prompt.
QWEN3_TEMPLATE = """{%- if messages[0].role == 'system' %}
    {{- '<|im_start|>system\\n' + messages[0].content + '<|im_end|>\\n' }}
{%- endif %}
{%- set ns = namespace(last_query_index=messages|length - 1) %}
{%- for message in messages[::-1] %}
    {%- set index = (messages|length - 1) - loop.index0 %}
    {%- if message.role == 'user' and not message.content.startswith('<tool_response>') %}
        {%- set ns.last_query_index = index %}
        {%- break %}
    {%- endif %}
{%- endfor %}
{%- for message in messages %}
    {%- if message.role == 'user' or (message.role == 'system' and not loop.first) %}
        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}
    {%- elif message.role == 'assistant' %}
        {%- set content = message.content %}
        {%- set reasoning_content = '' %}
        {%- if message.reasoning_content is string %}
            {%- set reasoning_content = message.reasoning_content %}
        {%- elif '</think>' in content %}
            {%- set reasoning_content = content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') %}
            {%- set content = content.split('</think>')[-1].lstrip('\\n') %}
        {%- endif %}
        {%- if loop.index0 > ns.last_query_index and (loop.last or reasoning_content) %}
            {{- '<|im_start|>assistant\\n<think>\\n' + reasoning_content.strip('\\n') + '\\n</think>\\n\\n' + content.lstrip('\\n') }}
        {%- else %}
            {{- '<|im_start|>assistant\\n' + content }}
        {%- endif %}
        {{- '<|im_end|>\\n' }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\\n' }}
    {%- if enable_thinking is defined and enable_thinking is false %}
        {{- '<think>\\n\\n</think>\\n\\n' }}
    {%- endif %}
{%- endif %}
"""

# Conversations the goldens cover: each is rendered with the generation prompt and decoded
# greedily for STEPS tokens. "turns" chain: a later one repeats an earlier one's history.
CONVERSATIONS = [
    {"name": "user", "messages": [{"role": "user", "content": "Describe a sunny day, please."}]},
    {
        "name": "system_user",
        "messages": [
            {"role": "system", "content": "You answer in one short sentence."},
            {"role": "user", "content": "What is on the kitchen counter?"},
        ],
    },
    {
        "name": "no_thinking",
        "enable_thinking": False,
        "messages": [{"role": "user", "content": "How many apples are in the bowl?"}],
    },
    {
        "name": "multi_turn",
        "messages": [
            {"role": "user", "content": "What is up?"},
            {"role": "assistant", "content": "<think>\nThe sky.\n</think>\n\nThe sky is blue."},
            {"role": "user", "content": "And then?"},
        ],
    },
    {
        "name": "multi_turn_system",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Read the sign on the wall."},
            {"role": "assistant", "content": "It says open every day."},
            {"role": "user", "content": "From when to when?"},
            {"role": "assistant", "content": "From 9 to 18."},
            {"role": "user", "content": "Thanks! 🙂 Und auf Deutsch?"},
        ],
    },
]
STEPS = 6


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def train_tokenizer():
    """A byte-level BPE in Qwen's shape (NFC, Qwen's split, byte level) on the test corpus."""
    tokenizer = tokenizers.Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(tokenizers.Regex(QWEN_SPLIT), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel(add_prefix_space=False, use_regex=False)
    trainer = trainers.BpeTrainer(
        vocab_size=BPE_VOCAB,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    tokenizer.train_from_iterator(lines, trainer)
    tokenizer.add_special_tokens(SPECIAL)
    tokenizer.add_tokens([tokenizers.AddedToken(t, special=False, normalized=False) for t in NOT_SPECIAL])
    return tokenizer


class Qwen3Graph(torch.nn.Module):
    """The onnx-community text-only layout around a Qwen3ForCausalLM: flat past in, flat present out."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.layers = model.config.num_hidden_layers

    def forward(self, input_ids, attention_mask, position_ids, *past):
        cache = transformers.DynamicCache(config=self.model.config)
        for i in range(self.layers):
            cache.update(past[2 * i], past[2 * i + 1], i)
        out = self.model(
            input_ids=input_ids,
            attention_mask=attention_mask,
            position_ids=position_ids,
            past_key_values=cache,
            use_cache=True,
        )
        present = []
        for layer in out.past_key_values.layers:
            present += [layer.keys, layer.values]
        return (out.logits, *present)


def export_qwen3(model, path):
    config = model.config
    layers, kv, head = config.num_hidden_layers, config.num_key_value_heads, config.head_dim
    past_len, new = 3, 2
    past = []
    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits"]
    dynamic = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for i in range(layers):
        for kind in ("key", "value"):
            past.append(torch.zeros(1, kv, past_len, head))
            names_in.append(f"past_key_values.{i}.{kind}")
            names_out.append(f"present.{i}.{kind}")
            dynamic[names_in[-1]] = {0: "batch_size", 2: "past_sequence_length"}
            dynamic[names_out[-1]] = {0: "batch_size", 2: "total_sequence_length"}
    args = (
        torch.ones(1, new, dtype=torch.long),
        torch.ones(1, past_len + new, dtype=torch.long),
        torch.arange(past_len, past_len + new, dtype=torch.long).unsqueeze(0),
        *past,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        Qwen3Graph(model),
        args,
        str(path),
        input_names=names_in,
        output_names=names_out,
        dynamic_axes=dynamic,
        opset_version=17,
        dynamo=False,
    )
    graph = onnx.load(str(path))
    graph.ir_version = min(graph.ir_version, 8)  # ONNX Runtime 1.29 reads IR <= 13
    onnx.save(graph, str(path))


def check_export(model, path):
    """The exported graph gives the model's logits, prefill and one cached step (1e-5)."""
    session = onnxruntime.InferenceSession(str(path))
    config = model.config
    ids = torch.tensor([[5, 17, 42, 7, 99]])
    with torch.no_grad():
        expected = model(input_ids=ids).logits.numpy()
    feeds = {
        "input_ids": ids.numpy(),
        "attention_mask": np.ones((1, 5), dtype=np.int64),
        "position_ids": np.arange(5, dtype=np.int64)[None],
    }
    empty = np.zeros((1, config.num_key_value_heads, 0, config.head_dim), dtype=np.float32)
    for i in range(config.num_hidden_layers):
        feeds[f"past_key_values.{i}.key"] = empty
        feeds[f"past_key_values.{i}.value"] = empty
    first = session.run(None, feeds)
    assert np.abs(first[0] - expected).max() < 1e-5, "prefill logits differ"
    step = {
        "input_ids": np.array([[11]]),
        "attention_mask": np.ones((1, 6), dtype=np.int64),
        "position_ids": np.array([[5]]),
    }
    for i in range(config.num_hidden_layers):
        step[f"past_key_values.{i}.key"] = first[1 + 2 * i]
        step[f"past_key_values.{i}.value"] = first[2 + 2 * i]
    with torch.no_grad():
        expected_step = model(input_ids=torch.tensor([[5, 17, 42, 7, 99, 11]])).logits[:, -1:].numpy()
    assert np.abs(session.run(None, step)[0] - expected_step).max() < 1e-5, "decode logits differ"


def goldens(model, hf_tokenizer, stop_ids):
    """Each conversation's prompt, ids, and the logits HF computes from scratch at every step."""
    cases = []
    for conversation in CONVERSATIONS:
        options = {}
        if "enable_thinking" in conversation:
            options["enable_thinking"] = conversation["enable_thinking"]
        prompt = hf_tokenizer.apply_chat_template(
            conversation["messages"], tokenize=False, add_generation_prompt=True, **options
        )
        ids = hf_tokenizer(prompt, add_special_tokens=False)["input_ids"]
        sequence = list(ids)
        rows, generated, margins = [], [], []
        for _ in range(STEPS):
            with torch.no_grad():
                logits = model(input_ids=torch.tensor([sequence])).logits[0, -1].double()
            top = torch.topk(logits, 2).values
            margins.append(float(top[0] - top[1]))
            rows.append([round(float(v), 7) for v in logits])
            nxt = int(torch.argmax(logits))
            generated.append(nxt)
            sequence.append(nxt)
            if nxt in stop_ids:
                break
        cases.append(
            {
                "name": conversation["name"],
                "messages": conversation["messages"],
                "enable_thinking": conversation.get("enable_thinking"),
                "prompt": prompt,
                "prompt_ids": ids,
                "generated_ids": generated,
                "logits": rows,
                "min_margin": min(margins),
            }
        )
    return cases


def write_manifest(package, family, display_name, graphs):
    files = []
    for path in sorted(p for p in package.rglob("*") if p.is_file()):
        rel = path.relative_to(package).as_posix()
        if rel == "lumen-package.json":
            continue
        files.append({"path": rel, "size": path.stat().st_size, "sha256": sha256(path)})
    manifest = {
        "format": 1,
        "id": f"hf-tiny-{family}",
        "family": family,
        "display_name": display_name,
        "graphs": graphs,
        "files": files,
        "min_ram_mb": 64,
        "license": "apache-2.0",
    }
    (package / "lumen-package.json").write_text(json.dumps(manifest, indent=2) + "\n")


def build_qwen3(seed):
    torch.manual_seed(seed)
    out = OUT / "qwen3"
    package = out / "package"
    if package.exists():
        shutil.rmtree(package)
    package.mkdir(parents=True)

    tokenizer = train_tokenizer()
    vocab = tokenizer.get_vocab_size()
    ids = {t: tokenizer.token_to_id(t) for t in SPECIAL + NOT_SPECIAL}
    hf_tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        chat_template=QWEN3_TEMPLATE,
    )
    hf_tokenizer.save_pretrained(str(package))
    # The template travels as its own file, as current Hugging Face repos ship it.
    (package / "chat_template.jinja").write_text(QWEN3_TEMPLATE)

    config = transformers.Qwen3Config(
        vocab_size=vocab,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=3,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        max_position_embeddings=512,
        rope_theta=1_000_000.0,
        rms_norm_eps=1e-6,
        tie_word_embeddings=True,
        bos_token_id=ids["<|endoftext|>"],
        eos_token_id=ids["<|im_end|>"],
        # Wide weights spread the logits, so greedy choices are not near ties.
        initializer_range=0.3,
        attn_implementation="eager",
    )
    model = transformers.Qwen3ForCausalLM(config).eval()
    model.config.save_pretrained(str(package))
    stop_ids = [ids["<|im_end|>"], ids["<|endoftext|>"]]
    transformers.GenerationConfig(
        bos_token_id=ids["<|endoftext|>"],
        eos_token_id=stop_ids,
        pad_token_id=ids["<|endoftext|>"],
        do_sample=True,
        temperature=0.6,
        top_k=20,
        top_p=0.95,
    ).save_pretrained(str(package))

    graph = package / "onnx/model.onnx"
    export_qwen3(model, graph)
    check_export(model, graph)
    write_manifest(package, "qwen3", "HF tiny Qwen3 (random weights)", {"decoder": "onnx/model.onnx"})

    cases = goldens(model, hf_tokenizer, stop_ids)
    (out / "goldens.json").write_text(
        json.dumps(
            {
                "family": "qwen3",
                "produced_by": {
                    "transformers": transformers.__version__,
                    "torch": torch.__version__,
                    "model_class": type(model).__name__,
                    "seed": seed,
                },
                "stop_ids": stop_ids,
                "cases": cases,
            },
            ensure_ascii=False,
        )
        + "\n"
    )
    worst = min(c["min_margin"] for c in cases)
    print(f"qwen3: vocab {vocab}, {len(cases)} cases, smallest greedy margin {worst:.4f}")
    if worst < 1e-3:
        sys.exit("a greedy step is a near tie; choose another seed")


if __name__ == "__main__":
    build_qwen3(seed=20261207)
