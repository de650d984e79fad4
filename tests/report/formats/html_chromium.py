#!/usr/bin/env python3
"""Renders the HTML report of a bundled drill in headless Chromium and checks what a reader sees.

Runs the scenario, exports its page with `drillsim export --html`, then
  1. asks Chromium for the DOM it built (--dump-dom): the page parsed, with the headline verdict, the
     verdict table, one SVG chart per service whose series paths hold many points, and the instants;
  2. takes a screenshot (--screenshot) and decodes the PNG with the standard library: the page is not
     blank, and the colours only the charts use (requests blue, errors red, latency purple) and the
     headline's badge cover enough pixels to have been drawn;
  3. prints it to PDF (--print-to-pdf) and reads the PDF with the standard library: 2 to --max-pages
     pages, none shrunk to fit (everything fits the paper at full size).
Exits 77 (CTest SKIP_RETURN_CODE) when no Chromium is installed, saying so; 1 on a failed check.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def decode_png(data):
    """(width, height, channels, rows of bytes) of an 8-bit RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("the screenshot is not a PNG")
    pos = 8
    idat = []
    width = height = channels = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace != 0:
                fail(f"unexpected PNG layout: depth {depth}, colour type {colour}, interlace {interlace}")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    at = 0
    for _ in range(height):
        kind = raw[at]
        line = bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + predictor) & 0xFF
        elif kind != 0:
            fail(f"unknown PNG filter {kind}")
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def colour_counts(width, channels, rows, colours, tolerance=40):
    """How many pixels lie within `tolerance` (per channel) of each colour, and how many are not white."""
    counts = {name: 0 for name in colours}
    ink = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if r < 245 or g < 245 or b < 245:
                ink += 1
            else:
                continue
            for name, (cr, cg, cb) in colours.items():
                if abs(r - cr) <= tolerance and abs(g - cg) <= tolerance and abs(b - cb) <= tolerance:
                    counts[name] += 1
    return counts, ink


def chromium(binary, *args):
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", "--disable-extensions", "--user-data-dir=" + ARGS.workdir + "/profile"]
    done = subprocess.run(command + list(args), capture_output=True, timeout=180)
    if done.returncode != 0:
        fail(f"chromium exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout.decode("utf-8", errors="replace")


def main():
    binary = next((shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None)
    if binary is None:
        print("SKIP: no chromium on PATH (Debian: apt-get install chromium; ./dev.sh installs it)")
        sys.exit(77)
    os.makedirs(ARGS.workdir, exist_ok=True)
    report = os.path.join(ARGS.workdir, "report.json")
    page = os.path.join(ARGS.workdir, "report.html")
    run = subprocess.run([ARGS.drillsim, "run", ARGS.scenario, "--quiet", "--out", report], capture_output=True)
    if run.returncode not in (0, 1):
        fail(f"drillsim run exited {run.returncode}: {run.stderr.decode(errors='replace')}")
    export = subprocess.run([ARGS.drillsim, "export", report, "--html", page, "--quiet"], capture_output=True)
    if export.returncode != 0:
        fail(f"drillsim export exited {export.returncode}: {export.stderr.decode(errors='replace')}")
    url = "file://" + os.path.abspath(page)

    dom = chromium(binary, "--dump-dom", url)
    headline = re.search(r'<p class="headline (met|missed)" id="headline">([^<]+)</p>', dom)
    if not headline:
        fail("the DOM has no headline verdict")
    if headline.group(2) != ARGS.headline:
        fail(f"the headline reads {headline.group(2)!r}, expected {ARGS.headline!r}")
    if "<h2>Verdicts</h2>" not in dom or '<span class="verdict met">met</span>' not in dom:
        fail("the DOM has no verdict table with a met verdict")
    if ARGS.missed and '<span class="verdict missed">missed</span>' not in dom:
        fail("the DOM has no missed verdict")
    charts = re.findall(r'<figure class="chart" id="series-([^"]+)">', dom)
    if len(charts) < 1:
        fail("the DOM has no chart")
    paths = re.findall(r'<path class="series" d="([^"]*)"', dom)
    if len(paths) != 4 * len(charts):
        fail(f"{len(paths)} series paths for {len(charts)} charts, expected 4 each")
    drawn = [p.count("L") for p in paths]
    if min(drawn[0::4]) < 100:
        fail(f"a requests line has only {min(drawn[0::4])} segments")
    instants = re.findall(r'<line class="instant"', dom)
    if len(instants) < 5:
        fail(f"only {len(instants)} instants drawn")
    for section in ("timeline", "impact", "plan", "assumptions"):
        if f'<section id="{section}">' not in dom:
            fail(f"the DOM has no {section} section")
    print(f"DOM: headline {headline.group(2)!r}, {len(charts)} charts, {len(paths)} paths, "
          f"{len(instants)} instant lines")

    shot = os.path.join(ARGS.workdir, "report.png")
    if os.path.exists(shot):
        os.remove(shot)
    chromium(binary, f"--window-size={ARGS.width},{ARGS.height}", "--screenshot=" + shot, url)
    with open(shot, "rb") as f:
        width, height, channels, rows = decode_png(f.read())
    if (width, height) != (ARGS.width, ARGS.height):
        fail(f"the screenshot is {width}x{height}, asked for {ARGS.width}x{ARGS.height}")
    colours = {"requests": (0x09, 0x69, 0xDA), "errors": (0xCF, 0x22, 0x2E), "latency": (0x82, 0x50, 0xDF),
               "badge": (0xDA, 0xFB, 0xE1) if headline.group(1) == "met" else (0xFF, 0xEB, 0xE9)}
    counts, ink = colour_counts(width, channels, rows, colours, tolerance=30)
    share = ink / (width * height)
    print(f"screenshot {width}x{height}: {share:.1%} of pixels not white; " +
          ", ".join(f"{name} {n}" for name, n in counts.items()))
    if share < 0.05:
        fail("the screenshot is nearly blank")
    for name in ("requests", "errors", "latency"):
        if counts[name] < 800:
            fail(f"too few pixels of the {name} line's colour: {counts[name]}")
    if counts["badge"] < 2000:
        fail(f"too few pixels of the headline badge: {counts['badge']}")
    # 3. Printed: Chromium's own print to PDF (its default page, Letter, without header and footer). The
    # page count is read from the PDF's page objects; a page that prints to more than --max-pages pages,
    # or to one, has lost its print style (charts scaled to the page, headings kept with what follows).
    pdf = os.path.join(ARGS.workdir, "report.pdf")
    if os.path.exists(pdf):
        os.remove(pdf)
    chromium(binary, "--no-pdf-header-footer", "--print-to-pdf=" + pdf, url)
    with open(pdf, "rb") as f:
        document = f.read()
    if not document.startswith(b"%PDF-"):
        fail("the print is not a PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", document))
    # Chromium shrinks a page whose content is wider than the paper: each page's content stream starts
    # with two scalings whose product is the points per CSS pixel, 0.75 at full size. A chart or table
    # wider than the paper shrinks every page's text (0.57 before the print style fitted them).
    scales = []
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", document, re.S):
        try:
            content = zlib.decompress(stream.group(1))
        except zlib.error:
            continue
        factors = re.findall(rb"(-?[\d.]+) 0 0 (-?[\d.]+) -?[\d.]+ -?[\d.]+ cm", content)
        if len(factors) >= 2:
            scales.append(abs(float(factors[0][0]) * float(factors[1][0])))
    print(f"printed: {pages} pages, {len(document)} bytes, points per CSS pixel "
          f"{min(scales) if scales else float('nan'):.3f} to {max(scales) if scales else float('nan'):.3f}")
    if not 2 <= pages <= ARGS.max_pages:
        fail(f"the page prints to {pages} pages, expected 2 to {ARGS.max_pages}")
    if len(scales) != pages:
        fail(f"found the scale of {len(scales)} of {pages} pages in the PDF (has Chromium's PDF layout changed?)")
    if min(scales) < 0.74:
        fail(f"a printed page is shrunk to {min(scales) / 0.75:.0%}: something is wider than the paper")
    print("PASS")


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--drillsim", required=True)
parser.add_argument("--scenario", required=True)
parser.add_argument("--workdir", required=True)
parser.add_argument("--headline", required=True, help="the headline verdict the page must show")
parser.add_argument("--missed", action="store_true", help="the page must show a missed verdict")
parser.add_argument("--width", type=int, default=1100)
parser.add_argument("--height", type=int, default=1600)
parser.add_argument("--max-pages", type=int, default=12, help="a sanity bound on the printed pages")
ARGS = parser.parse_args()
main()
