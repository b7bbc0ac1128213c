"""Pictures as a page writes them: `<picture>` with WebP and resized variants, `srcset` and
`sizes`, `width` and `height` (so nothing moves as it loads), lazy below the fold, and figures
with their caption and credit always shown.

Every address is the one this page needs (Urls): relative from disk and a preview, under the
base path when published. A page that shows a picture reads it ("picture:<path>", deps.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from ..content.model import Image
from ..pictures.raster import Picture
from ..text.anchors import is_external
from ..text.figures import FileSlot, ImageSlot
from .urls import Urls, site_path

# How wide a picture shows: the text column (40rem, less the page's margins on a phone).
COLUMN_SIZES = "(min-width: 43rem) 40rem, calc(100vw - 2.5rem)"
THUMBNAIL_SIZES = "4rem"


class PictureView:
    """An image as a layout shows it, from one page: `url`, `alt`, `caption`, `credit`,
    `credit_url`, `width` and `height` (None when unknown), and its HTML (`img()`, `figure()`)."""

    def __init__(self, address: str, alt: str, urls: Urls, picture: Picture | None = None,
                 caption: str | None = None, credit: str | None = None,
                 credit_url: str | None = None):
        """`address`: a whole URL, or the path under the site root ("images/x.jpg")."""
        self._address, self._urls, self._picture = address, urls, picture
        self.alt, self.caption, self.credit, self.credit_url = alt, caption, credit, credit_url

    @property
    def url(self) -> str:
        return self._address if "://" in self._address else self._urls.href(quote(self._address))

    @property
    def elsewhere(self) -> bool:
        """Whether the picture is another site's (a whole URL): embeds leave it out, since
        they make no request outside the site (docs/what-comes-out.md, Embeds)."""
        return "://" in self._address

    @property
    def absolute(self) -> str | None:
        """The original as a whole URL (for og:image), None without a base_url."""
        return self._urls.absolute(self._address)  # a whole URL stays as it is

    @property
    def width(self) -> int | None:
        return self._picture.width if self._picture else None

    @property
    def height(self) -> int | None:
        return self._picture.height if self._picture else None

    @property
    def smallest(self) -> str:
        """The narrowest copy that has been made (WebP where there is one): for a thumbnail."""
        variants = self._picture.variants if self._picture else ()
        return self._urls.href(quote(variants[0].path)) if variants else self.url

    def img(self, sizes: str = COLUMN_SIZES, lazy: bool = True, css_class: str = "",
            alt: str | None = None) -> Markup:
        """`<picture>` (or a plain `<img>` when there are no variants) for this page; `alt`
        replaces the alt text (`""` beside the name the picture shows, as in a list)."""
        picture = self._picture
        attributes = [("src", self.url)]
        webp: list[str] = []
        own: list[str] = []
        if picture is not None and picture.variants:
            for variant in picture.variants:
                # Quoted: a space or a comma in a file's name would split a srcset entry.
                entry = f"{self._urls.href(quote(variant.path))} {variant.width}w"
                (webp if variant.media_type == "image/webp" else own).append(entry)
            if picture.media_type != "image/webp":
                own.append(f"{self.url} {picture.width}w")
            if len(own) > 1:
                attributes += [("srcset", ", ".join(own)), ("sizes", sizes)]
        if self.width and self.height:
            attributes += [("width", str(self.width)), ("height", str(self.height))]
        attributes += [("alt", self.alt if alt is None else alt)]
        if css_class:
            attributes.append(("class", css_class))
        attributes += [("loading", "lazy" if lazy else "eager"), ("decoding", "async")]
        # Search indexes what a page says, not its alt texts too: a long alt that repeats the
        # prose made an article outrank the page of the person it names (Pagefind reads alt).
        ignored = ' data-pagefind-ignore=""'
        img = "<img" + "".join(f' {name}="{escape(value)}"' for name, value in attributes)
        img += ' data-pagefind-meta="image[src]"'
        if not webp:
            return Markup(img + ignored + ">")
        source = (f'<source type="image/webp" srcset="{escape(", ".join(webp))}" '
                  f'sizes="{escape(sizes)}">')
        return Markup(f"<picture{ignored}>{source}{img}></picture>")

    def figure(self, lazy: bool = False, sizes: str = COLUMN_SIZES, css_class: str = "") -> Markup:
        """The picture with its caption and credit under it: a lead image is not lazy."""
        parts = [f'<figure class="figure{" " + escape(css_class) if css_class else ""}">',
                 self.img(sizes, lazy)]
        caption = self.caption_html()
        if caption:
            parts.append(f"<figcaption>{caption}</figcaption>")
        parts.append("</figure>")
        return Markup("\n".join(parts))

    def caption_html(self) -> Markup:
        caption = (f'<span class="figure-caption">{escape(self.caption)}</span>'
                   if self.caption else "")
        credit = ""
        if self.credit:
            shown = (f'<a href="{escape(self.credit_url)}" rel="external">{escape(self.credit)}</a>'
                     if self.credit_url else escape(self.credit))
            credit = f'<span class="figure-credit">{shown}</span>'
        return Markup(" ".join(part for part in (caption, credit) if part))

    def __repr__(self) -> str:
        return f"<PictureView {self._address}>"


def picture_view(image: Image, urls: Urls, pictures: Mapping[str, Picture],
                 touched: set[str]) -> PictureView:
    """A record's `image:` on this page, noted as read."""
    picture = None
    if "://" not in image.src:
        touched.add(f"picture:{image.src}")
        picture = pictures.get(image.src)
    return PictureView(image.src, image.alt, urls, picture, image.caption, image.credit,
                       image.credit_url)


def place_in_body(slot: ImageSlot | FileSlot, page: str, urls: Urls,
                  pictures: Mapping[str, Picture], touched: set[str]) -> str:
    """An image or a link from the site root in the body of the record whose page is `page`
    ("articles/x/"), as the page being rendered writes it."""
    address = slot.src if isinstance(slot, ImageSlot) else slot.address
    if is_external(address):
        return slot.as_written()
    parts = urlsplit(address)
    landed = site_path(parts.path, page)
    if landed is None:  # reported by the build: never published
        return slot.as_written()
    if isinstance(slot, FileSlot):
        folder = landed != "" and parts.path.endswith("/")
        href = urls.href(quote(landed + "/" if folder else landed))
        href += (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        return str(escape(href))
    touched.add(f"picture:{landed}")
    view = PictureView(landed, slot.alt, urls, pictures.get(landed))
    return str(view.img())
