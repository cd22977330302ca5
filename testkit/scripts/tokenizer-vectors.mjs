// Encodes sample texts with Hugging Face's transformers.js using the tokenizer that
// `lumen testkit tiny` generates, and writes them as golden vectors for TokenizerVectorsTest.
//
//   ./lumen testkit tiny --out /tmp/tiny
//   npm install --ignore-scripts @huggingface/transformers   (in any scratch folder)
//   node tokenizer-vectors.mjs /tmp/tiny > ../src/test/resources/app/lumen/testkit/tiny-tokenizer-vectors.jsonl
//
// The first line records the SHA-256 of the tokenizer.json the vectors belong to.
import { env, AutoTokenizer } from '@huggingface/transformers';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2]);
env.allowRemoteModels = false;
env.localModelPath = path.dirname(dir) + '/';
const tokenizer = await AutoTokenizer.from_pretrained(path.basename(dir));

const texts = [
  'The photo shows a small brown dog sitting on a red chair.',
  'Hello, world! 123 apples; 4.50 each?',
  "It's the cat's toy, isn't it? They'll see; we've won.",
  'Line one\nLine two\n\n  indented   spaces\ttab',
  'Ünïcödé: café, naïve, 你好, 🙂',
  '<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n',
  '<think>\nThe answer is yes.\n</think>\n\nYes.<|im_end|><|endoftext|>',
  '<tool_call>{"name": "search"}</tool_call>',
  '   leading and trailing   ',
  '',
];
const sha = createHash('sha256').update(readFileSync(path.join(dir, 'tokenizer.json'))).digest('hex');
console.log(JSON.stringify({ tokenizer_sha256: sha }));
for (const text of texts) {
  console.log(JSON.stringify({ text, ids: tokenizer.encode(text, { add_special_tokens: false }) }));
}
