#!/usr/bin/env python3
"""Renders the scikit-learn digits (8 x 8, 16 grey levels) to small PNGs for the image example.

Writes Sources/EvalCore/Resources/digits_images/ (Examples/digits_images links to it):
  img/digits_NNNN.png   one 8 x 8 greyscale PNG per input (light ink on a dark ground, so the
                        digits read well in half blocks on a dark terminal), about 100 bytes each
  digits.csv            the bundled example (Sources/EvalCore/Resources/example.csv) with a
                        `url` column pointing at the images
  digits_flipped.csv    the same with 5 % of the labels changed to another digit (seeded), so that
                        the suspects view (L) shows mislabeled digits at once; what `evaltop`
                        opens with no file

The model's scores are those of the bundled example (trained on the true labels), so a flipped
label is an input the model confidently disagrees with. Only the standard library, scikit-learn
(for the digits) and numpy are needed:  python3 scripts/make_digits_images.py
"""
import csv
import os
import random
import struct
import sys
import zlib

from sklearn.datasets import load_digits

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "Sources/EvalCore/Resources/example.csv")
OUT = os.path.join(ROOT, "Sources/EvalCore/Resources/digits_images")
NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def png_grey(pixels, width, height):
    """A greyscale 8-bit PNG (colour type 0) from rows of 0-255 values."""
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    digits = load_digits()
    with open(SOURCE, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if len(body) != len(digits.images):
        sys.exit(f"{SOURCE} has {len(body)} inputs, scikit-learn's digits {len(digits.images)}")
    labels_at = header.index("labels")
    for i, row in enumerate(body):
        if row[0] != f"digits_{i:04d}" or row[labels_at] != NAMES[digits.target[i]]:
            sys.exit(f"row {i + 2} of {SOURCE} is not digit {i} of scikit-learn's digits")

    os.makedirs(os.path.join(OUT, "img"), exist_ok=True)
    for i, image in enumerate(digits.images):
        grey = [[int(round(v * 255 / 16)) for v in line] for line in image]
        with open(os.path.join(OUT, "img", f"digits_{i:04d}.png"), "wb") as f:
            f.write(png_grey(grey, 8, 8))

    out_header = header[:labels_at] + ["url"] + header[labels_at:]

    def write(name, labels):
        with open(os.path.join(OUT, name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(out_header)
            for i, row in enumerate(body):
                w.writerow(row[:labels_at] + [f"img/digits_{i:04d}.png", labels[i]] + row[labels_at + 1:])

    true_labels = [row[labels_at] for row in body]
    write("digits.csv", true_labels)
    rng = random.Random(9)
    flipped = list(true_labels)
    chosen = sorted(rng.sample(range(len(body)), k=len(body) * 5 // 100))
    for i in chosen:
        flipped[i] = rng.choice([n for n in NAMES if n != true_labels[i]])
    write("digits_flipped.csv", flipped)
    print(f"{len(body)} images, {len(chosen)} labels flipped in digits_flipped.csv")


if __name__ == "__main__":
    main()
