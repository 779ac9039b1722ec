"""Draws the app icons (PNG, 192/512 px, plain and maskable) from the shapes of static/icons/icon.svg, stdlib only."""
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "posyandu_app" / "static" / "icons"
TEAL, WHITE, AMBER = (0x0F, 0x76, 0x6E), (0xFF, 0xFF, 0xFF), (0xFB, 0xBF, 0x24)
SAMPLES = 4  # 4x4 supersampling per pixel: smooth edges without an imaging library


def inside_rounded_rect(x, y, size, radius):
    cx, cy = min(max(x, radius), size - radius), min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 and 0 <= x <= size and 0 <= y <= size


def colour_at(x, y, maskable):
    """Colour of a point in the 64-unit icon space (the SVG's viewBox), or None for transparent."""
    if maskable:  # full-bleed background; artwork shrunk into the 80 % safe zone
        x, y = (x - 32) / 0.8 + 32, (y - 32) / 0.8 + 32
        background = TEAL
    else:
        background = TEAL if inside_rounded_rect(x, y, 64, 14) else None
    if background is None:
        return None
    if (x - 32) ** 2 + (y - 23) ** 2 <= 81:  # head
        return WHITE
    if y <= 52 and (x - 32) ** 2 + (y - 52) ** 2 <= 256:  # shoulders: half disc
        return WHITE
    if (44 <= x <= 50 and 10 <= y <= 28) or (38 <= x <= 56 and 16 <= y <= 22):  # health cross
        return AMBER
    return background


def render(size, maskable):
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 for each scanline
        for px in range(size):
            totals, hits = [0, 0, 0], 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    colour = colour_at((px + (sx + .5) / SAMPLES) * 64 / size, (py + (sy + .5) / SAMPLES) * 64 / size,
                                       maskable)
                    if colour:
                        hits += 1
                        totals = [t + c for t, c in zip(totals, colour)]
            alpha = round(255 * hits / SAMPLES ** 2)
            row += bytes([round(t / hits) for t in totals] + [alpha]) if hits else bytes(4)
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(render(size, maskable=False))
        (OUT / f"icon-maskable-{size}.png").write_bytes(render(size, maskable=True))
    print("icons written to", OUT)
