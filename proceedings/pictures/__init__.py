"""Pictures: a party's proceedings on one time axis, its relationship map and a
case's appeal chain, drawn as SVG on the server from the records the page
shows (so they need no JavaScript, print, and can be embedded elsewhere).

Each picture module lays its records out and draws them with the pieces here:
``Drawing`` (an SVG document with its title, description and source line),
the palette and the text measures. The SVG is built with ElementTree, so every
name and title is escaped and the document is well-formed XML.

Colours are presentation attributes, never ``style``: the site's Content
Security Policy allows no inline styles, and an SVG opened on its own or
embedded as an image keeps its colours. On the pages, site.css maps each
palette colour to the scheme's own (dark mode, print) by attribute selector.
"""

from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
MEDIA_TYPE = "image/svg+xml"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# The light scheme of site.css; the pages' stylesheet swaps each for its own.
INK = "#1b1b1b"
MUTED = "#555555"
LINE = "#8a8a8a"
GRID = "#d6d6d6"
ACCENT = "#0b4f8a"
ALERT = "#a10d0d"
SOFT = "#f4f6f8"
PAPER = "#ffffff"

ET.register_namespace("", SVG_NS)

# Average advance widths (em) of a sans-serif face, for laying out labels
# without the font: generous, so that an estimate errs towards room to spare.
_NARROW = set("iljtfrI.,:;'!|()[]{} ")
_WIDE = set("mwMW@%\u0416\u0428\u0429\u042e\u041c\u0414\u0424")  # and ЖШЩЮМДФ


def text_width(text, size, bold=False):
    """About how wide ``text`` runs at font size ``size`` (pixels)."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.36
        elif char in _WIDE:
            em += 0.96
        elif char.isupper() or char.isdigit():
            em += 0.72
        else:
            em += 0.61
    return em * size * (1.1 if bold else 1.0)


def fit(text, size, width, bold=False):
    """``text``, cut with an ellipsis where it would run wider than ``width``."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip(" ,;:·—-") + "…"


def attributes(values):
    """Keyword arguments as SVG attributes: ``stroke_width`` → ``stroke-width``,
    ``class_`` → ``class``; None is left out."""
    return {
        name.rstrip("_").replace("_", "-"): str(value)
        for name, value in values.items()
        if value is not None
    }


def element(parent, tag, text=None, **values):
    """A child element of ``parent`` (or a new root when it is None)."""
    tag = f"{{{SVG_NS}}}{tag}"
    node = (
        ET.Element(tag, attributes(values))
        if parent is None
        else ET.SubElement(parent, tag, attributes(values))
    )
    if text is not None:
        node.text = str(text)
    return node


def line(parent, x1, y1, x2, y2, colour=INK, width=1.5, **values):
    """A straight line from (x1, y1) to (x2, y2)."""
    return element(
        parent,
        "line",
        x1=round(x1, 1),
        y1=round(y1, 1),
        x2=round(x2, 1),
        y2=round(y2, 1),
        stroke=colour,
        stroke_width=width,
        **values,
    )


def points(*corners):
    """A polygon's ``points`` from (x, y) pairs."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)


def titled(parent, text):
    """A <title> child: the accessible name of a mark, and its tooltip."""
    return element(parent, "title", text)


def link(parent, href, label, **values):
    """An <a> to ``href`` named ``label`` (for a mark without text of its own)."""
    anchor = element(parent, "a", href=href, **values)
    titled(anchor, label)
    return anchor


def label(parent, x, y, text, size=13, colour=INK, bold=False, anchor=None, **values):
    return element(
        parent,
        "text",
        text,
        x=round(x, 1),
        y=round(y, 1),
        font_size=size,
        fill=colour,
        font_weight="600" if bold else None,
        text_anchor=anchor,
        **values,
    )


def hatch(defs, id, colour=ACCENT):
    """A diagonal hatch: how every picture marks a period known only to the month
    or year, and an unenforced sanction."""
    pattern = element(
        defs,
        "pattern",
        id=id,
        width=5,
        height=5,
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    element(pattern, "rect", width=5, height=5, fill=PAPER)
    element(pattern, "line", x1=0, y1=0, x2=0, y2=5, stroke=colour, stroke_width=2.2)
    return f"url(#{id})"


@dataclass
class Drawing:
    """One picture: an SVG document ``width`` wide whose body the picture module
    draws from ``top`` down, between a title and a source line.

    ``prefix`` keeps the ids of two pictures on one page apart."""

    prefix: str
    title: str
    description: str
    width: int
    page_url: str = ""
    root: ET.Element = field(init=False)
    body: ET.Element = field(init=False)
    defs: ET.Element = field(init=False)
    top: float = 56

    def __post_init__(self):
        self.root = element(
            None,
            "svg",
            width=self.width,
            font_family=FONT,
            class_="picture",
            aria_labelledby=self.id("title"),
            aria_describedby=self.id("desc"),
        )
        element(self.root, "title", self.title, id=self.id("title"))
        element(self.root, "desc", self.description, id=self.id("desc"))
        self.defs = element(self.root, "defs")
        self.background = element(
            self.root, "rect", x=0, y=0, width=self.width, fill=PAPER
        )
        label(
            self.root, 16, 30, fit(self.title, 18, self.width - 32, True), 18, bold=True
        )
        self.body = element(self.root, "g")

    def id(self, name):
        return f"{self.prefix}-{name}"

    def finish(self, height, site_url):
        """Close the picture at ``height`` (where the body ended) with the source
        line: where the data comes from and where the picture lives."""
        line = _("Source: casetracker, %(url)s") % {"url": site_url + self.page_url}
        element(
            self.root,
            "line",
            x1=16,
            x2=self.width - 16,
            y1=height + 12,
            y2=height + 12,
            stroke=GRID,
        )
        label(
            self.root,
            16,
            height + 32,
            fit(line, 12, self.width - 32),
            12,
            colour=MUTED,
            class_="source-line",
        )
        height = round(height + 44)
        self.root.set("height", str(height))
        self.root.set("viewBox", f"0 0 {self.width} {height}")
        self.background.set("height", str(height))
        self.height = height
        return self

    def markup(self):
        """The SVG element, for a page (HTML5 takes SVG inline)."""
        # ElementTree escaped every text and attribute
        return mark_safe(ET.tostring(self.root, encoding="unicode"))

    def document(self):
        """The standalone document served at the picture's own address."""
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
            self.root, encoding="utf-8", xml_declaration=False
        )


def legend_item(parent, x, y, draw, text):
    """One entry of a legend: ``draw(group, x, y)`` makes the sample, the text
    follows it. Returns the x where the next entry may start."""
    group = element(parent, "g", class_="legend-item")
    draw(group, x, y)
    label(group, x + 22, y + 4, text, 12, colour=MUTED)
    return x + 22 + text_width(text, 12) + 18


def site_url(request):
    """The site's own address, as the source line of a picture gives it."""
    return request.build_absolute_uri("/").rstrip("/")


def figure(drawing, request, svg_url, words):
    """What a page needs to show a picture: the drawing, its own address, the id
    of the section that says the same in words, and the snippet that embeds it
    elsewhere (an image that links back to the page)."""
    absolute = request.build_absolute_uri
    snippet = (
        f'<a href="{escape(absolute(drawing.page_url))}">'
        f'<img src="{escape(absolute(svg_url))}" width="{drawing.width}" '
        f'height="{drawing.height}" alt="{escape(drawing.title)}"></a>'
    )
    return {
        "drawing": drawing,
        "svg_url": svg_url,
        "words": words,
        "snippet": snippet,
    }
