#!/usr/bin/env python3
"""Golden chat-template renders for the Java Jinja interpreter's tests.

Renders every template below over a fixed set of conversations and options with transformers'
own `render_jinja_template` (Jinja2 in transformers' sandbox: trim_blocks, lstrip_blocks, its
tojson and raise_exception), and writes inference-android/src/test/resources/jinja/template-renders.json.
Templates that Jinja2 refuses, and inputs a template refuses, are recorded as expected errors.

    pip install transformers==5.17.0 jinja2==3.1.6   # torch is not needed for rendering
    python3 tools/reference/make-template-renders.py

Regenerate only when a template or a conversation here changes.
"""
import copy
import json
import pathlib

import jinja2
import transformers
from transformers.utils.chat_template_utils import render_jinja_template

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "inference-android/src/test/resources"
OUT = RESOURCES / "jinja/template-renders.json"

# Real templates, byte for byte as published with the models.
REAL = {
    "qwen3_vl_instruct": RESOURCES / "qwen3-vl/chat_template_instruct.jinja",
    "qwen3_vl_thinking": RESOURCES / "qwen3-vl/chat_template_thinking.jinja",
    "qwen2_vl": RESOURCES / "qwen3-vl/chat_template_qwen2_vl.jinja",
}
# Hand-written templates that exercise each construct the interpreter supports.
HAND_WRITTEN = {
    p.stem: p for p in sorted((RESOURCES / "jinja/templates").glob("*.jinja"))
}

IMAGE = {"type": "image"}


def text(t):
    return {"type": "text", "text": t}


TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city, in °C — \"now\"",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "days": {"type": "integer", "default": 1}},
                "required": ["city"],
            },
        },
    }
]

CONVERSATIONS = {
    "user_only": [{"role": "user", "content": "Hello!"}],
    "system_user": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Hi there"},
    ],
    "image_then_text": [{"role": "user", "content": [IMAGE, text("What is in this picture?")]}],
    "system_two_images": [
        {"role": "system", "content": [text("Describe images.")]},
        {"role": "user", "content": [text("Compare "), IMAGE, text(" and "), IMAGE, text(".")]},
    ],
    "multi_turn": [
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "4."},
        {"role": "user", "content": "And 3+3?"},
    ],
    "reasoning_content_history": [
        {"role": "user", "content": [IMAGE, text("Count the cats.")]},
        {"role": "assistant", "content": "Two cats.", "reasoning_content": "\nI see two cats.\n"},
        {"role": "user", "content": "Are you sure?"},
        {"role": "assistant", "content": "Yes.", "reasoning_content": "Looking again: two."},
    ],
    "think_in_content": [
        {"role": "user", "content": "Why is the sky blue?"},
        {"role": "assistant", "content": "<think>\nRayleigh scattering.\n</think>\n\nBecause of Rayleigh scattering."},
        {"role": "user", "content": "Shorter?"},
    ],
    "assistant_last_with_think": [
        {"role": "user", "content": "Name a colour."},
        {"role": "assistant", "content": "<think>\npick one\n</think>\n\nBlue."},
    ],
    "images_across_turns": [
        {"role": "user", "content": [IMAGE, text("First picture.")]},
        {"role": "assistant", "content": [text("A dog.")]},
        {"role": "user", "content": [text("Second: "), IMAGE, IMAGE]},
    ],
    "later_system": [
        {"role": "system", "content": "Rule one."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello."},
        {"role": "system", "content": "Rule two."},
        {"role": "user", "content": "Again"},
    ],
    "unicode_and_quotes": [
        {"role": "user", "content": "Ünïcödé ✓ 你好 🙂 \"quoted\" 'single' back\\slash\ttab\r\nCRLF {{ not a tag }} {% nor this %}"},
    ],
    "tool_calls": [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}}
            ],
        },
        {"role": "tool", "content": "{\"temp\": 21}"},
        {"role": "tool", "content": [text("sunny")]},
        {"role": "user", "content": "Thanks"},
    ],
    "empty_conversation": [],
}

# (name, options): add_generation_prompt and the template switches transformers passes through.
OPTIONS = [
    ("generate", {"add_generation_prompt": True}),
    ("history", {"add_generation_prompt": False}),
    ("vision_ids_think", {"add_generation_prompt": True, "add_vision_id": True, "enable_thinking": True}),
    ("no_think", {"add_generation_prompt": True, "enable_thinking": False,
                  "bos_token": "<s>", "eos_token": "</s>"}),
]

# Broken templates: Jinja2 refuses each one, at parse or at render with a plain user message.
BROKEN = {
    "unclosed_for": "{% for %}{{ x",
    "unclosed_if": "{% if messages %}\nhello\n",
    "unknown_filter": "line one\n{{ messages | shout }}",
    "unknown_tag": "{% frobnicate %}",
    "include": "{% include 'other.jinja' %}",
    "bad_expression": "{{ 1 + }}",
    "unbalanced": "{{ (1 }}",
    "string_plus_int": "{{ 'a' + 1 }}",
    "raises": "{% if messages[0].role == 'user' %}{{ raise_exception('System message required') }}{% endif %}",
    "attribute_of_undefined": "ok\n{{ nothing.here }}",
    "call_undefined": "{{ strftime('%Y') }}",
    "set_attribute_on_dict": "{% set d = {} %}{% set d.x = 1 %}",
    "unterminated_string": "{{ 'abc }}",
    "endfor_without_for": "text{% endfor %}",
    "not_iterable": "{% for x in 3 %}{% endfor %}",
    "concat_binds_tighter_than_plus": "{{ 'v=' ~ 1 + 2 }}",
    "slice_step_zero": "{{ messages[::0] }}",
    "macro_too_many_args": "{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}",
}


# Small templates, one construct or edge case each, rendered with SNIPPET_MESSAGES.
SNIPPETS = RESOURCES / "jinja/snippets.json"
SNIPPET_MESSAGES = [
    {"role": "user", "content": [IMAGE, text("Hi 🙂")]},
    {"role": "assistant", "content": "Hello."},
    {"role": "user", "content": "Bye"},
]


def render(template, messages, options, tools):
    # A copy each time: some filters (indent) change a list they are given, in place.
    rendered, _ = render_jinja_template(
        conversations=[copy.deepcopy(messages)],
        tools=copy.deepcopy(tools),
        chat_template=template,
        **options,
    )
    return rendered[0]


def main():
    templates = {}
    for name, path in list(REAL.items()) + list(HAND_WRITTEN.items()):
        templates[name] = {
            "kind": "real" if name in REAL else "hand-written",
            "file": str(path.relative_to(ROOT)),
            "source": path.read_text(encoding="utf-8"),
        }
    cases = []
    for name, template in templates.items():
        for conversation, messages in CONVERSATIONS.items():
            for option_name, options in OPTIONS:
                tools = TOOLS if conversation == "tool_calls" else None
                case = {
                    "template": name,
                    "conversation": conversation,
                    "options": option_name,
                    "variables": {**options, "messages": messages, "tools": tools, "documents": None},
                }
                try:
                    case["expected"] = render(template["source"], messages, options, tools)
                except Exception as e:  # noqa: BLE001 - any refusal is an expected error
                    case["error"] = f"{type(e).__name__}: {e}"
                cases.append(case)
    broken = []
    for name, source in BROKEN.items():
        messages = [{"role": "user", "content": "Hello!"}]
        try:
            render(source, messages, {"add_generation_prompt": True}, None)
            raise SystemExit(f"broken template {name} rendered without an error")
        except Exception as e:  # noqa: BLE001 - Jinja2 raises TypeError, ValueError, ... too
            broken.append({"name": name, "source": source, "jinja2_error": f"{type(e).__name__}: {e}"})
    snippets = []
    for source in json.loads(SNIPPETS.read_text(encoding="utf-8")):
        snippet = {"source": source}
        try:
            snippet["expected"] = render(source, SNIPPET_MESSAGES, {"add_generation_prompt": True}, None)
        except Exception as e:  # noqa: BLE001 - a refusal is the expected result
            snippet["error"] = f"{type(e).__name__}: {e}"
        snippets.append(snippet)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(
            {
                "generator": "tools/reference/make-template-renders.py",
                "transformers": transformers.__version__,
                "jinja2": jinja2.__version__,
                "templates": templates,
                "cases": cases,
                "broken": broken,
                "snippet_messages": SNIPPET_MESSAGES,
                "snippets": snippets,
            },
            f,
            ensure_ascii=False,
            indent=1,
        )
        f.write("\n")
    per_template = {}
    for case in cases:
        per_template.setdefault(case["template"], [0, 0])[0 if "expected" in case else 1] += 1
    for name, (ok, err) in per_template.items():
        print(f"{name}: {ok} renders, {err} expected errors")
    print(f"broken templates: {len(broken)}")
    print(f"snippets: {sum('expected' in s for s in snippets)} renders, "
          f"{sum('error' in s for s in snippets)} expected errors")


if __name__ == "__main__":
    main()
