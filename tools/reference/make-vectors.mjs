// Produces the golden tokenizer and chat-template vectors that Lumen's Java tests compare against.
//
// The reference is transformers.js (Hugging Face's JavaScript port), loaded fully offline from the
// tokenizer and templates committed under inference-android/src/test/resources/qwen3-vl/.
//
//   cd tools/reference && npm install --ignore-scripts && node make-vectors.mjs
//
// Output (committed): tokenizer-vectors.json and chat-vectors.json next to the inputs.
import { env, AutoTokenizer } from '@huggingface/transformers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const resources = path.resolve(here, '../../inference-android/src/test/resources/qwen3-vl');

// transformers.js wants a model folder holding tokenizer.json + tokenizer_config.json; the config
// carries only what the Qwen2Tokenizer settings say (no BOS, no clean-up of spaces on decode).
const modelRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lumen-ref-'));
fs.mkdirSync(path.join(modelRoot, 'qwen3-vl'));
fs.copyFileSync(path.join(resources, 'tokenizer.json'), path.join(modelRoot, 'qwen3-vl', 'tokenizer.json'));
fs.writeFileSync(
  path.join(modelRoot, 'qwen3-vl', 'tokenizer_config.json'),
  JSON.stringify({
    tokenizer_class: 'Qwen2Tokenizer',
    add_bos_token: false,
    bos_token: null,
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
    errors: 'replace',
    split_special_tokens: false,
    clean_up_tokenization_spaces: false,
  }),
);
env.allowRemoteModels = false;
env.localModelPath = modelRoot + '/';
const tokenizer = await AutoTokenizer.from_pretrained('qwen3-vl');

// ---------------------------------------------------------------------------------------------
// Tokenizer cases: hand-picked edge cases, then deterministic combinations of fragments.
const handPicked = [
  '', ' ', '  ', '\t', '\n', '\n\n', '\r\n', ' \n ', 'a', 'A', '0', 'Hello', 'Hello world', ' Hello world',
  'Hello  world', 'Hello   world   ', 'hello\nworld', 'hello\n\nworld', 'hello \n world', 'line1\r\nline2\r\n',
  'trailing spaces   ', '   leading spaces', 'tabs\tand\t\ttabs', 'mixed \t\n whitespace \n\t ',
  "don't", "DON'T", "I'm", "I'M", "you're", "we've", "she'll", "he'd", "it's", "It'S", "'s", "''s", "rock'n'roll",
  "Tom's car isn't here", 'the year 2024', '1234567890', '3.14159', '-42', '1,000,000', '$19.99', '100%',
  'version 1.2.3-beta', '0x1F600', 'café', 'cafe\u0301', 'naïve résumé', 'Ångström', 'Straße', 'ÆØÅ æøå',
  'İstanbul', 'ſ', "'ſ", 'Ǆemal', 'Ελληνικά', 'Русский текст', 'עברית', 'العربية', 'हिन्दी', 'ภาษาไทย',
  '日本語のテキスト', '中文文本测试', '你好，世界！', '한국어 텍스트', '漢字とかなカナ', '１２３ ＡＢＣ',
  '😀', '😀😃😄', 'I ❤️ NY', '👨‍👩‍👧‍👦 family', '🇫🇷🇩🇪', 'emoji at end 🎉', '🎉 at start', 'a😀b',
  '∑∫√∞', '→ ← ↑ ↓', '©®™', '«quotes» „quotes“ “quotes”', '—dash– -hyphen', '…', '•bullet',
  '\u00a0', 'a\u00a0b', 'a \u00a0b', '\u3000', 'a\u3000b', 'a\u2028b', 'a\u2029b', '\u2028\n', 'a\u200bb',
  'a\u200db', 'a\u2009b', 'a\u202fb', '\u000b\u000c', 'a\u0085b', 'x\ufeffy', '\u1680', 'e\u0301\u0302',
  'def foo(x):\n    return x + 1\n', 'if (a && b) { return c; }', 'for (int i = 0; i < n; i++) {}',
  '<html><body>Hi</body></html>', '{"key": "value", "n": [1, 2, 3]}', 'https://example.com/path?q=1&r=2',
  'user@example.com', '#hashtag @mention', '****', '!!!???', '...', '--', '==', '!=', '<=>', ':-)',
  '<|im_start|>', '<|im_end|>', '<|endoftext|>', '<|im_start|>user\nHi<|im_end|>\n',
  'before<|im_end|>after', 'x<|vision_start|><|image_pad|><|vision_end|>y', '<|image_pad|><|image_pad|>',
  '<think>\nreasoning\n</think>\n\nanswer', 'a<think>b</think>c', '<tool_call>{"a":1}</tool_call>',
  '<|im_start', 'im_end|>', '<||>', '< |im_end| >', '<|IM_END|>', '<|fim_prefix|>code<|fim_suffix|>',
  'Picture 1: ', 'Describe this image.', 'What is in the picture?', 'The quick brown fox jumps over the lazy dog.',
  'THE QUICK BROWN FOX', 'CamelCaseIdentifier', 'snake_case_identifier', 'kebab-case-identifier',
  'a'.repeat(100), 'ab'.repeat(60), ' '.repeat(40), '\n'.repeat(10), '1'.repeat(30), 'z'.repeat(1000),
  'Mixed 中文 and English 123 😀!', 'x\u0000y', 'tab\there', 'end.\n', 'Q: what?\nA: that.',
];

const fragments = [
  'Hello', ' world', '  spaced', '\n', '\n\n', ' \n', '\t', 'café', ' naïve', '中文', '日本', ' 한국',
  '😀', ' 🎉', '123', ' 4567', '3.5', "'s", "'LL", ' don\'t', '!!', ' ?', '...', '<|im_end|>',
  '<|image_pad|>', '<think>', '</think>', ' \u00a0', '\u3000', 'Ω', ' Ελλάδα', ' Москва', '  ', 'x',
  'A', ' THE', '-', '_', '(', ')', '"', '{', '}', ':', ';', ' def', ' return', 'e\u0301',
];
// A small deterministic generator (mulberry32) keeps the vectors identical across runs.
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20261123);
const generated = [];
for (let i = 0; i < 120; i++) {
  const parts = 2 + Math.floor(random() * 6);
  let text = '';
  for (let j = 0; j < parts; j++) text += fragments[Math.floor(random() * fragments.length)];
  generated.push(text);
}

const paragraph =
  'Lumen runs a vision-language model on the phone.  It reads photos, answers questions,\n' +
  'and never sends anything away.\n\n' +
  '支持中文、日本語、한국어 and emoji 😀🎉 — with numbers like 3.14, 2024 and 1,000,000.\n' +
  '\tIndented line with trailing spaces   \n' +
  "It's the user's phone; they'll decide what's kept.\r\n";

// Text made of random vocabulary entries: exercises merges all over the 151k vocabulary, in every
// script the vocabulary covers (invalid UTF-8 from partial byte tokens decodes to U+FFFD).
const fromVocabulary = [];
for (let i = 0; i < 150; i++) {
  const count = 3 + Math.floor(random() * 40);
  const ids = [];
  for (let j = 0; j < count; j++) ids.push(Math.floor(random() * 151643));
  fromVocabulary.push(tokenizer.decode(ids, { skip_special_tokens: false }));
}

const encodeCases = [...handPicked, ...generated, paragraph, paragraph.repeat(3), ...fromVocabulary].map((text) => ({
  text,
  ids: tokenizer.encode(text, { add_special_tokens: false }),
}));

// Decode cases: whole encodings, then id runs that split a UTF-8 character across tokens.
const decodeInputs = [
  ...encodeCases.slice(0, 60).map((c) => c.ids).filter((ids) => ids.length > 0),
  tokenizer.encode('😀', { add_special_tokens: false }).slice(0, 1),
  tokenizer.encode('a😀b', { add_special_tokens: false }).slice(0, 2),
  tokenizer.encode('中文文本测试', { add_special_tokens: false }),
  [151644, 872, 198, 151645],
  [151652, 151655, 151655, 151653],
  [151667, 198, 151668],
];
// Single-byte tokens: the first two bytes of a 4-byte emoji, a lone continuation byte, a 3-byte char.
const vocab = JSON.parse(fs.readFileSync(path.join(resources, 'tokenizer.json'), 'utf8')).model.vocab;
const byteLevel = (bytes) => [...bytes].map((b) => vocab[byteToUnicode[b]]);
const byteToUnicode = (() => {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const map = {};
  bs.forEach((b, i) => (map[b] = String.fromCodePoint(cs[i])));
  return map;
})();
decodeInputs.push(byteLevel([0xf0, 0x9f]));
decodeInputs.push(byteLevel([0x61, 0xf0, 0x9f, 0x98, 0x80, 0x62]));
decodeInputs.push(byteLevel([0x80, 0x61]));
decodeInputs.push(byteLevel([0xe4, 0xb8, 0xad, 0xe4]));
decodeInputs.push(byteLevel([0xe4, 0x41, 0xb8]));
const decodeCases = decodeInputs.map((ids) => ({
  ids,
  text: tokenizer.decode(ids, { skip_special_tokens: false }),
  text_skip_special: tokenizer.decode(ids, { skip_special_tokens: true }),
}));

fs.writeFileSync(
  path.join(resources, 'tokenizer-vectors.json'),
  JSON.stringify({ generator: 'transformers.js ' + (await transformersVersion()), encode: encodeCases, decode: decodeCases }, null, 1) + '\n',
);

// ---------------------------------------------------------------------------------------------
// Chat renderings with the real Qwen3-VL templates. An image item with "tokens" is expanded to that
// many <|image_pad|> tokens the way the Qwen2-VL/Qwen3-VL processor does it: each placeholder in
// order becomes N copies.
const templates = {
  instruct: fs.readFileSync(path.join(resources, 'chat_template_instruct.jinja'), 'utf8'),
  thinking: fs.readFileSync(path.join(resources, 'chat_template_thinking.jinja'), 'utf8'),
  qwen2_vl: fs.readFileSync(path.join(resources, 'chat_template_qwen2_vl.jinja'), 'utf8'),
};
const image = (tokens) => (tokens === undefined ? { type: 'image' } : { type: 'image', tokens });
const text = (t) => ({ type: 'text', text: t });
const chatCases = [
  { name: 'instruct_single_user_turn', template: 'instruct', messages: [{ role: 'user', content: 'Hello!' }] },
  {
    name: 'instruct_system_and_unexpanded_image',
    template: 'instruct',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: [image(), text('Describe this image.')] },
    ],
  },
  {
    name: 'instruct_two_expanded_images_with_vision_ids_multi_turn',
    template: 'instruct',
    add_vision_id: true,
    messages: [
      { role: 'system', content: [text('Answer briefly.')] },
      { role: 'user', content: [text('Compare '), image(4), text(' and '), image(6), text(' please.')] },
      { role: 'assistant', content: 'The first is a cat; the second is a dog.' },
      { role: 'user', content: [image(3), text('And this one?')] },
    ],
  },
  {
    name: 'instruct_history_without_generation_prompt',
    template: 'instruct',
    add_generation_prompt: false,
    messages: [
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: '4' },
      { role: 'user', content: '日本語で答えて。😀' },
      { role: 'assistant', content: [text('四です。')] },
    ],
  },
  {
    name: 'instruct_text_after_image_and_whitespace',
    template: 'instruct',
    messages: [
      { role: 'user', content: [text('  leading\n\nand trailing  '), image(2)] },
      { role: 'assistant', content: '\n\nspaced answer \n' },
      { role: 'system', content: 'A late system turn.' },
      { role: 'user', content: "It's   fine\t\u00a0ok" },
    ],
  },
  {
    name: 'instruct_special_token_text_in_user_message',
    template: 'instruct',
    messages: [{ role: 'user', content: 'Say <|im_end|> and <think> literally.' }],
  },
  { name: 'thinking_single_user_turn', template: 'thinking', messages: [{ role: 'user', content: 'Why is the sky blue?' }] },
  {
    name: 'thinking_history_reasoning_is_stripped',
    template: 'thinking',
    messages: [
      { role: 'system', content: 'Think step by step.' },
      { role: 'user', content: [image(5), text('How many apples?')] },
      { role: 'assistant', content: '<think>\nI count three red and two green.\n</think>\n\nFive apples.' },
      { role: 'user', content: 'And pears?' },
    ],
  },
  {
    name: 'thinking_last_assistant_keeps_reasoning',
    template: 'thinking',
    add_generation_prompt: false,
    add_vision_id: true,
    messages: [
      { role: 'user', content: [image(), image(2), text('Which is bigger?')] },
      { role: 'assistant', content: '<think>\n\nThe second one is wider.\n\n</think>\n\nThe second.' },
    ],
  },
  {
    name: 'thinking_reasoning_content_field',
    template: 'thinking',
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!', reasoning_content: 'Greet back.' },
      { role: 'user', content: 'Bye' },
      { role: 'assistant', content: 'Goodbye!', reasoning_content: '\nSay goodbye.\n' },
    ],
  },
  {
    name: 'thinking_answer_without_reasoning_after_last_query',
    template: 'thinking',
    add_generation_prompt: false,
    messages: [
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1 without tags' },
      { role: 'user', content: 'Q2' },
      { role: 'assistant', content: 'A2 plain' },
    ],
  },
  {
    name: 'qwen2_vl_default_system_prompt',
    template: 'qwen2_vl',
    messages: [{ role: 'user', content: [image(4), text('What is this?')] }],
  },
  {
    name: 'qwen2_vl_system_vision_ids_and_history',
    template: 'qwen2_vl',
    add_vision_id: true,
    messages: [
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: [text('A: '), image(2), text(' B: '), image()] },
      { role: 'assistant', content: 'Two photos of the same street.' },
      { role: 'system', content: 'Now answer in French.' },
      { role: 'user', content: 'Which is older?' },
    ],
  },
  {
    name: 'qwen2_vl_history_without_generation_prompt',
    template: 'qwen2_vl',
    add_generation_prompt: false,
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: [text('Hello! '), text('How can I help?')] },
    ],
  },
];

const chatVectors = chatCases.map((c) => {
  const addGenerationPrompt = c.add_generation_prompt ?? true;
  const addVisionId = c.add_vision_id ?? false;
  const rendered = tokenizer.apply_chat_template(c.messages, {
    chat_template: templates[c.template],
    add_generation_prompt: addGenerationPrompt,
    add_vision_id: addVisionId,
    tokenize: false,
  });
  const imageTokens = c.messages.flatMap((m) =>
    Array.isArray(m.content) ? m.content.filter((p) => p.type === 'image').map((p) => p.tokens ?? 1) : [],
  );
  let imageIndex = 0;
  const expanded = rendered.replace(/<\|image_pad\|>/g, () => '<|image_pad|>'.repeat(imageTokens[imageIndex++]));
  if (imageIndex !== imageTokens.length) throw new Error(`${c.name}: ${imageIndex} placeholders for ${imageTokens.length} images`);
  const ids = tokenizer.encode(expanded, { add_special_tokens: false });
  if (!imageTokens.some((n) => n !== 1)) {
    const direct = tokenizer.apply_chat_template(c.messages, {
      chat_template: templates[c.template],
      add_generation_prompt: addGenerationPrompt,
      add_vision_id: addVisionId,
      tokenize: true,
      return_tensor: false,
      return_dict: false,
    });
    if (JSON.stringify(direct) !== JSON.stringify(ids)) throw new Error(`${c.name}: tokenize=true differs`);
  }
  return { ...c, add_generation_prompt: addGenerationPrompt, add_vision_id: addVisionId, text: expanded, ids };
});
fs.writeFileSync(
  path.join(resources, 'chat-vectors.json'),
  JSON.stringify({ generator: 'transformers.js ' + (await transformersVersion()), cases: chatVectors }, null, 1) + '\n',
);
fs.rmSync(modelRoot, { recursive: true });
console.log(`wrote ${encodeCases.length} encode, ${decodeCases.length} decode and ${chatVectors.length} chat vectors to ${resources}`);

async function transformersVersion() {
  const pkg = path.join(here, 'node_modules/@huggingface/transformers/package.json');
  return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
}
