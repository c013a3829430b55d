"""Pictures for the demo catalogue, drawn with Pillow: bar and line charts, flow diagrams, networks.

Each function returns the PNG bytes and an alt text that describes what the
picture shows, derived from the same numbers that were drawn. ``file_name`` gives
each stored picture a random name: a name made from the case's title would let
anyone guess the address of an attendees-only case's pictures (issue 13).
"""

from __future__ import annotations

import io
import math
import random
import secrets
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 960, 540
INK = (27, 27, 27)
MUTED = (90, 90, 90)
BRAND = (11, 61, 107)
ACCENT = (0, 122, 94)
RULE = (208, 212, 217)
PAPER = (255, 255, 255)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class DemoPicture:
    png: bytes
    alt_text: str
    caption: str


def file_name() -> str:
    """A random file name for a demo picture (nothing from the case, nor the seed)."""
    return f"demo-{secrets.token_hex(16)}.png"


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _canvas(title: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH - 1, HEIGHT - 1], outline=RULE, width=2)
    draw.text((40, 28), title, fill=INK, font=_font(30))
    return image, draw


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def bar_chart(seed: int, subject: str) -> DemoPicture:
    rng = random.Random(seed)
    months = MONTHS[: rng.randint(6, 9)]
    start = rng.randint(40, 160)
    values = [max(5, int(start * (1 + 0.12 * i) + rng.randint(-25, 25))) for i in range(len(months))]
    title = f"{subject} per month"
    image, draw = _canvas(title)
    left, top, bottom, right = 90, 100, HEIGHT - 70, WIDTH - 40
    peak = max(values)
    draw.line([left, top, left, bottom, right, bottom], fill=MUTED, width=2)
    step = (right - left) / len(values)
    for i, value in enumerate(values):
        x0 = left + i * step + step * 0.2
        x1 = left + (i + 1) * step - step * 0.2
        y = bottom - (bottom - top) * value / peak
        draw.rectangle([x0, y, x1, bottom], fill=BRAND)
        draw.text((x0, y - 26), str(value), fill=INK, font=_font(18))
        draw.text((x0, bottom + 10), months[i], fill=MUTED, font=_font(18))
    alt = (
        f"Bar chart: {subject.lower()} per month from {months[0]} to {months[-1]}, "
        f"from {values[0]} in {months[0]} to {values[-1]} in {months[-1]} (highest {peak})."
    )
    return DemoPicture(_png(image), alt, f"{subject} per month during the first months of use (illustrative figures).")


def line_chart(seed: int, subject: str) -> DemoPicture:
    rng = random.Random(seed)
    rounds = rng.randint(5, 8)
    first = rng.uniform(0.62, 0.78)
    values = [min(0.98, first + (0.95 - first) * (1 - math.exp(-0.5 * i)) + rng.uniform(-0.02, 0.02)) for i in range(rounds)]
    image, draw = _canvas(f"{subject}: precision by evaluation round")
    left, top, bottom, right = 90, 100, HEIGHT - 70, WIDTH - 60
    draw.line([left, top, left, bottom, right, bottom], fill=MUTED, width=2)
    for tick in (0.5, 0.75, 1.0):
        y = bottom - (bottom - top) * (tick - 0.5) / 0.5
        draw.line([left - 6, y, right, y], fill=RULE, width=1)
        draw.text((30, y - 10), f"{tick:.2f}", fill=MUTED, font=_font(16))
    points = []
    for i, value in enumerate(values):
        x = left + (right - left) * i / max(1, rounds - 1)
        y = bottom - (bottom - top) * (value - 0.5) / 0.5
        points.append((x, y))
        draw.text((x - 10, bottom + 10), str(i + 1), fill=MUTED, font=_font(16))
    draw.line(points, fill=ACCENT, width=4)
    for x, y in points:
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=ACCENT)
    alt = (
        f"Line chart: precision of the {subject.lower()} over {rounds} evaluation rounds, "
        f"rising from {values[0]:.2f} to {values[-1]:.2f}."
    )
    return DemoPicture(_png(image), alt, "Precision measured on field data at each evaluation round (illustrative).")


def flow_diagram(steps: tuple[str, ...], subject: str) -> DemoPicture:
    image, draw = _canvas(f"How the {subject.lower()} works")
    count = len(steps)
    box_w, box_h, gap = 180, 90, (WIDTH - 80 - 180 * count) / max(1, count - 1)
    y0 = HEIGHT // 2 - box_h // 2
    font = _font(18)
    for i, step in enumerate(steps):
        x0 = 40 + i * (box_w + gap)
        fill = ACCENT if "review" in step.lower() or "officer" in step.lower() or "examiner" in step.lower() else BRAND
        draw.rounded_rectangle([x0, y0, x0 + box_w, y0 + box_h], radius=12, fill=fill)
        words, lines, line = step.split(), [], ""
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) > box_w - 20 and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        for j, text in enumerate(lines):
            draw.text((x0 + 12, y0 + 20 + j * 24), text, fill=PAPER, font=font)
        if i < count - 1:
            ax = x0 + box_w + 6
            draw.line([ax, HEIGHT // 2, ax + gap - 12, HEIGHT // 2], fill=INK, width=3)
            draw.polygon(
                [(ax + gap - 12, HEIGHT // 2 - 8), (ax + gap - 4, HEIGHT // 2), (ax + gap - 12, HEIGHT // 2 + 8)], fill=INK
            )
    draw.text((40, HEIGHT - 60), "Green: a person reviews before anything happens.", fill=MUTED, font=_font(18))
    alt = "Flow diagram: " + " → ".join(steps) + ". The human review step is highlighted."
    return DemoPicture(_png(image), alt, "The steps from input to decision, with the human review step highlighted.")


def network_diagram(seed: int, subject: str) -> DemoPicture:
    rng = random.Random(seed)
    clusters = rng.randint(2, 4)
    image, draw = _canvas(f"{subject}: linked groups")
    nodes: list[tuple[float, float, int]] = []
    for c in range(clusters):
        cx = 160 + (WIDTH - 320) * c / max(1, clusters - 1)
        cy = HEIGHT / 2 + rng.randint(-60, 60)
        for _ in range(rng.randint(4, 7)):
            nodes.append((cx + rng.randint(-110, 110), cy + rng.randint(-120, 120), c))
    edges = 0
    for i, (x, y, c) in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            x2, y2, c2 = nodes[j]
            if (c == c2 and rng.random() < 0.5) or (c != c2 and rng.random() < 0.03):
                draw.line([x, y, x2, y2], fill=RULE if c != c2 else MUTED, width=2)
                edges += 1
    for x, y, c in nodes:
        draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=[BRAND, ACCENT, (140, 60, 20), (90, 40, 120)][c % 4])
    alt = (
        f"Network diagram: {len(nodes)} entities in {clusters} groups joined by {edges} links; "
        "a few links connect the groups."
    )
    return DemoPicture(_png(image), alt, "Entities linked by shared details, grouped by the analysis (fictional data).")


def draw_picture(kind: str, seed: int, subject: str, steps: tuple[str, ...]) -> DemoPicture:
    if kind == "line":
        return line_chart(seed, subject)
    if kind == "flow":
        return flow_diagram(steps, subject)
    if kind == "network":
        return network_diagram(seed, subject)
    return bar_chart(seed, subject)
