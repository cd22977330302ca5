// Golden values for the vision path from transformers.js (Hugging Face's JavaScript port of the
// Qwen2-VL/Qwen3-VL image processor and of get_rope_index), fully offline.
//
//   cd tools/reference && npm install --ignore-scripts && node make-vision-vectors.mjs
//
// Inputs: the pictures written by make-vision-images.py (vision-encoder/src/test/resources/vision).
// Outputs (committed):
//   vision-encoder/src/test/resources/vision/tjs-vectors.json
//       smart_resize sizes for a grid of pictures and processor settings; processor runs without
//       resizing (pixel_values as little-endian float32 files tjs-*.f32, image_grid_thw) for
//       Qwen3-VL and Qwen2-VL settings; the processor's resize of pictures that need one (PNG).
//   inference-android/src/test/resources/vision/rope-index-vectors.json
//       get_rope_index positions (3 rows) and rope deltas for prompts with images.
//
// transformers.js rounds with Math.round (halves up) where Python rounds halves to even, and it
// enlarges pictures smaller than the factor instead of refusing them; cases where this matters are
// marked "tie" so the tests hold Lumen to Python's rule there.
import { env, AutoImageProcessor, RawImage, Qwen3VLForConditionalGeneration } from '@huggingface/transformers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const visionRes = path.resolve(here, '../../vision-encoder/src/test/resources/vision');
const engineRes = path.resolve(here, '../../inference-android/src/test/resources/vision');
fs.mkdirSync(engineRes, { recursive: true });

env.allowRemoteModels = false;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lumen-vision-ref-'));
env.localModelPath = root + '/';

const QWEN3 = {
  processor_class: 'Qwen3VLProcessor', image_processor_type: 'Qwen2VLImageProcessor',
  do_resize: true, do_rescale: true, do_normalize: true, do_convert_rgb: true, resample: 3,
  rescale_factor: 0.00392156862745098, patch_size: 16, temporal_patch_size: 2, merge_size: 2,
  image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5],
  size: { longest_edge: 16777216, shortest_edge: 65536 },
};
const QWEN2 = {
  processor_class: 'Qwen2VLProcessor', image_processor_type: 'Qwen2VLImageProcessor',
  do_resize: true, do_rescale: true, do_normalize: true, do_convert_rgb: true, resample: 3,
  rescale_factor: 0.00392156862745098, patch_size: 14, temporal_patch_size: 2, merge_size: 2,
  image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711],
  min_pixels: 3136, max_pixels: 12845056,
};

let configCount = 0;
async function processorFor(config) {
  const name = 'p' + configCount++;
  fs.mkdirSync(path.join(root, name));
  fs.writeFileSync(path.join(root, name, 'preprocessor_config.json'), JSON.stringify(config));
  return AutoImageProcessor.from_pretrained(name);
}
function withBounds(config, min, max) {
  const c = structuredClone(config);
  delete c.size;
  c.min_pixels = min;
  c.max_pixels = max;
  return c;
}
function isTie(h, w, factor) {
  return (h / factor) % 1 === 0.5 || (w / factor) % 1 === 0.5;
}

const vectors = { transformers_js: '4.3.1', smart_resize: [], patchify: [], resize: [] };

// smart_resize on a grid of sizes (only the size computation: no pixels needed).
for (const [config, label] of [[QWEN3, 'qwen3_vl'], [withBounds(QWEN3, 4096, 262144), 'qwen3_vl_256_tokens'], [QWEN2, 'qwen2_vl']]) {
  const p = await processorFor(config);
  const factor = config.patch_size * config.merge_size;
  for (const h of [32, 33, 47, 48, 80, 81, 100, 112, 144, 255, 256, 257, 375, 480, 500, 720, 1080, 3000, 4000, 6000]) {
    for (const w of [32, 48, 80, 100, 240, 333, 640, 1000, 1920, 4000, 9000]) {
      if (Math.max(h, w) / Math.min(h, w) > 200) continue;
      const [rw, rh] = p.get_resize_output_image_size({ height: h, width: w }, p.size);
      vectors.smart_resize.push({
        config: label, height: h, width: w, factor,
        min_pixels: p.min_pixels, max_pixels: p.max_pixels,
        resized_height: rh, resized_width: rw, tie: isTie(h, w, factor),
      });
    }
  }
}

// Processor output without resizing: exact pixel_values (patch order, normalisation).
for (const [file, config, label] of [
  ['scene-64x32.png', withBounds(QWEN3, 1024, 16777216), 'qwen3_vl'],
  ['scene-56x28.png', withBounds(QWEN2, 784, 12845056), 'qwen2_vl'],
]) {
  const p = await processorFor(config);
  const image = await RawImage.read(path.join(visionRes, file));
  const out = await p(image);
  const values = out.pixel_values.data;
  const bin = 'tjs-' + label + '-' + file.replace('.png', '.f32');
  fs.writeFileSync(path.join(visionRes, bin), Buffer.from(new Float32Array(values).buffer));
  vectors.patchify.push({
    image: file, config: label, min_pixels: config.min_pixels, max_pixels: config.max_pixels,
    pixel_values_dims: out.pixel_values.dims, image_grid_thw: Array.from(out.image_grid_thw.data, Number),
    pixel_values: bin,
  });
}

// The processor's resize where one is needed (the step where implementations differ).
for (const [file, config, label] of [
  ['scene-200x150.png', QWEN3, 'qwen3_vl'],
  ['scene-480x360.png', withBounds(QWEN3, 4096, 65536), 'qwen3_vl_64_tokens'],
  ['scene-480x360.png', withBounds(QWEN3, 4096, 16384), 'qwen3_vl_16_tokens'],
  ['scene-97x61.png', withBounds(QWEN2, 3136, 12845056), 'qwen2_vl'],
  ['scene-40x300.png', withBounds(QWEN3, 4096, 16777216), 'qwen3_vl_min_4096'],
]) {
  const p = await processorFor(config);
  const image = (await RawImage.read(path.join(visionRes, file))).rgb();
  const resized = await p.resize(image);
  const name = 'tjs-' + label + '-' + file.replace('.png', '') + '-to-' + resized.width + 'x' + resized.height + '.png';
  await resized.save(path.join(visionRes, name));
  vectors.resize.push({
    image: file, config: label, min_pixels: config.min_pixels ?? config.size.shortest_edge,
    max_pixels: config.max_pixels ?? config.size.longest_edge, patch_size: config.patch_size,
    resized_width: resized.width, resized_height: resized.height, resized: name,
  });
}
fs.writeFileSync(path.join(visionRes, 'tjs-vectors.json'), JSON.stringify(vectors, null, 1));

// get_rope_index on prompts with images (token ids as Qwen's vocabulary has them).
const VS = 151652, VE = 151653, PAD = 151655;
const model = Object.create(Qwen3VLForConditionalGeneration.prototype);
model.config = {
  vision_config: { spatial_merge_size: 2 }, image_token_id: PAD, video_token_id: 151656,
  vision_start_token_id: VS,
};
const { Tensor } = await import('@huggingface/transformers');
function prompt(parts) {
  const ids = [];
  const grids = [];
  for (const part of parts) {
    if (typeof part === 'number') {
      for (let i = 0; i < part; i++) ids.push(100 + ((ids.length * 7) % 50));
    } else {
      ids.push(VS);
      for (let i = 0; i < (part[0] * part[1] * part[2]) / 4; i++) ids.push(PAD);
      ids.push(VE);
      grids.push(part);
    }
  }
  return { ids, grids };
}
const ropeCases = [];
for (const parts of [
  [4, [1, 8, 12], 6],
  [[1, 4, 4], 3],
  [3, [1, 16, 6], 2, [1, 6, 16], 5],
  [2, [1, 2, 2], 1, [1, 2, 2], [1, 4, 8], 4],
]) {
  const { ids, grids } = prompt(parts);
  const input_ids = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
  const grid = new Tensor('int64', BigInt64Array.from(grids.flat().map(BigInt)), [grids.length, 3]);
  const [positions, deltas] = model.get_rope_index(input_ids, grid, null, null);
  const flat = Array.from(positions.data, Number);
  ropeCases.push({
    input_ids: ids, image_grid_thw: grids,
    position_ids: [0, 1, 2].map((r) => flat.slice(r * ids.length, (r + 1) * ids.length)),
    rope_delta: Number(deltas.data[0]),
  });
}
fs.writeFileSync(path.join(engineRes, 'rope-index-vectors.json'), JSON.stringify({ transformers_js: '4.3.1', cases: ropeCases }));
console.log('smart_resize', vectors.smart_resize.length, 'patchify', vectors.patchify.length,
  'resize', vectors.resize.length, 'rope', ropeCases.length);
