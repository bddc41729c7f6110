"""Scanned PDFs made at test time: a text PDF rasterised into page images, optionally noisy and skewed.

Nothing binary is committed: the tests and bench/bench_ocr.py build their scans from a
text PDF (reportlab) rendered by PDFium at a chosen resolution, with speckle noise,
blur and a small rotation as a flatbed scanner adds them, and wrap the images in a PDF
that has no text layer at all.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter


def rasterise(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Each page of a PDF as a greyscale image at `dpi`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()


def degrade(image: Image.Image, *, noise: bool, skew: float, seed: int = 0) -> Image.Image:
    """A scanner's damage: speckles (dust), a slight blur, and a rotation of `skew` degrees."""
    rng = random.Random(seed)
    out = image
    if noise:
        out = out.filter(ImageFilter.GaussianBlur(radius=0.6))
        draw = ImageDraw.Draw(out)
        width, height = out.size
        for _ in range(width * height // 4000):
            x, y = rng.randrange(width), rng.randrange(height)
            draw.point((x, y), fill=rng.choice((0, 60, 200, 255)))
        grain = Image.effect_noise(out.size, 18)  # centred on 128
        out = ImageChops.add(out, grain, scale=1.0, offset=-128)
    if skew:
        out = out.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return out


def image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF (no text layer) of the given page images."""
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return buf.getvalue()


def scan(pdf: bytes, *, dpi: int = 200, noise: bool = False, skew: float = 0.0, seed: int = 0) -> bytes:
    """A text PDF as a scanner would return it: page images only."""
    pages = [
        degrade(page, noise=noise, skew=skew * (1 if i % 2 == 0 else -1), seed=seed + i)
        for i, page in enumerate(rasterise(pdf, dpi))
    ]
    return image_pdf(pages, dpi)
