#!/usr/bin/python3
"""Deterministic test pictures and Pillow's reference outputs for the vision tests.

Run with Debian's Pillow (apt-get install python3-pil):  /usr/bin/python3 make-vision-images.py
Writes into vision-encoder/src/test/resources/vision/:
  scene-WxH.png              generated pictures (gradients, discs, stripes, seeded noise)
  pil-resize.json            cases: source picture, target size, Pillow's BICUBIC output file
  pil-SRC-to-WxH.png         Image.resize((W, H), Image.BICUBIC, reducing_gap=None) of SRC
  alpha.png / alpha-over-white.png
                             a picture with transparency and Hugging Face's convert_to_rgb of it
  exif-N.png / exif-N-upright.png
                             a picture carrying EXIF orientation N (eXIf chunk) and
                             ImageOps.exif_transpose of it
  smart-resize-pil.json      smart_resize of Hugging Face's image_processing_qwen2_vl (copied
                             below verbatim, Python's round) on a grid of sizes
Regenerate only when this script changes.
"""
import json
import math
import os
import sys

from PIL import Image, ImageOps

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "vision-encoder", "src", "test", "resources", "vision")


def lcg(seed):
    state = seed & 0xFFFFFFFF
    while True:
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        yield state >> 24


def scene(width, height, seed):
    """A picture with smooth areas, hard edges and fine noise, so resampling errors show."""
    img = Image.new("RGB", (width, height))
    px = img.load()
    noise = lcg(seed)
    for y in range(height):
        for x in range(width):
            r = int(255 * x / max(1, width - 1))
            g = int(255 * y / max(1, height - 1))
            b = 128
            cx, cy = width * 0.6, height * 0.4
            if (x - cx) ** 2 + (y - cy) ** 2 < (min(width, height) * 0.25) ** 2:
                r, g, b = 250, 40, 30
            if (x // 3) % 2 == 0 and y > height * 0.75:
                r, g, b = 10, 10, 10
            n = next(noise) % 9 - 4
            px[x, y] = (min(255, max(0, r + n)), min(255, max(0, g - n)), min(255, max(0, b + n // 2)))
    return img


def smart_resize(height, width, factor=28, min_pixels=56 * 56, max_pixels=14 * 14 * 4 * 1280):
    # transformers/models/qwen2_vl/image_processing_qwen2_vl.py
    if max(height, width) / min(height, width) > 200:
        raise ValueError("aspect")
    h_bar = round(height / factor) * factor
    w_bar = round(width / factor) * factor
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt((height * width) / max_pixels)
        h_bar = max(factor, math.floor(height / beta / factor) * factor)
        w_bar = max(factor, math.floor(width / beta / factor) * factor)
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return h_bar, w_bar


def main():
    os.makedirs(OUT, exist_ok=True)
    sources = {}
    for (w, h, seed) in [(64, 32, 1), (56, 28, 2), (97, 61, 3), (200, 150, 4), (480, 360, 5),
                         (40, 300, 6), (33, 47, 7)]:
        name = "scene-%dx%d.png" % (w, h)
        img = scene(w, h, seed)
        img.save(os.path.join(OUT, name), optimize=True)
        sources[name] = img

    cases = []
    for (src, w, h) in [("scene-97x61.png", 64, 32), ("scene-97x61.png", 160, 96),
                        ("scene-97x61.png", 97, 30), ("scene-97x61.png", 20, 61),
                        ("scene-33x47.png", 32, 64), ("scene-200x150.png", 224, 160),
                        ("scene-480x360.png", 224, 160), ("scene-480x360.png", 96, 64),
                        ("scene-40x300.png", 32, 288), ("scene-40x300.png", 64, 64),
                        # the sizes transformers.js' processor picks in make-vision-vectors.mjs
                        ("scene-200x150.png", 320, 224), ("scene-480x360.png", 288, 192),
                        ("scene-480x360.png", 128, 96), ("scene-97x61.png", 84, 56)]:
        out = "pil-%s-to-%dx%d.png" % (src[len("scene-"):-len(".png")], w, h)
        sources[src].resize((w, h), Image.BICUBIC, reducing_gap=None).save(os.path.join(OUT, out))
        cases.append({"source": src, "width": w, "height": h, "expected": out})
    with open(os.path.join(OUT, "pil-resize.json"), "w") as f:
        json.dump({"pillow": Image.__version__, "cases": cases}, f, indent=1)

    base = scene(24, 16, 9)
    for orientation in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        name = "exif-%d.png" % orientation
        base.save(os.path.join(OUT, name), exif=exif.tobytes())
        reread = Image.open(os.path.join(OUT, name))
        ImageOps.exif_transpose(reread).save(os.path.join(OUT, "exif-%d-upright.png" % orientation))

    # A picture with transparency, and what Hugging Face's convert_to_rgb makes of it: composited
    # over white (transformers.image_transforms.convert_to_rgb), not just stripped of alpha.
    rgba = Image.new("RGBA", (40, 24))
    px = rgba.load()
    noise = lcg(11)
    for y in range(24):
        for x in range(40):
            px[x, y] = (next(noise), next(noise), next(noise), (x * 255) // 39 if y < 12 else next(noise))
    rgba.save(os.path.join(OUT, "alpha.png"))
    background = Image.new("RGBA", rgba.size, (255, 255, 255))
    Image.alpha_composite(background, rgba).convert("RGB").save(os.path.join(OUT, "alpha-over-white.png"))

    sizes = []
    for h in [32, 33, 47, 48, 80, 81, 100, 112, 144, 255, 256, 257, 375, 480, 500, 720, 1080, 3000, 4000, 6000]:
        for w in [32, 48, 80, 100, 240, 333, 640, 1000, 1920, 4000, 9000]:
            for (factor, mn, mx) in [(32, 65536, 16777216), (32, 4096, 262144), (28, 3136, 12845056),
                                      (32, 65536, 1048576)]:
                if max(h, w) / min(h, w) > 200:
                    continue
                rh, rw = smart_resize(h, w, factor, mn, mx)
                sizes.append([h, w, factor, mn, mx, rh, rw])
    with open(os.path.join(OUT, "smart-resize-pil.json"), "w") as f:
        json.dump({"columns": ["height", "width", "factor", "min_pixels", "max_pixels",
                               "resized_height", "resized_width"], "cases": sizes}, f)


if __name__ == "__main__":
    sys.exit(main())
