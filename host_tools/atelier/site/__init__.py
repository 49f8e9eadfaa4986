"""The lesson library as a static website, French and English, that works opened from disk
(file://), from a school's intranet or from any static host: `atelier site build`.

    from atelier.site.build import build_site
    result = build_site(Path("site"))            # the whole library
    result = build_site(Path("site"), [Path("mon-projet")])  # plus a pupil's lesson folder

One module per concern: `build` (pages, index, search index), `serve` (`atelier site serve`),
`wiring` (SVG wiring diagrams), `pictures` (the simulated display as SVG), `downloads` (the
.hex and zips, built by the same code as `atelier flash`/`bundle`). Pages are Jinja2
templates (`templates/`), the tutorials Markdown (markdown-it-py), code Pygments; the CSS and
the small search script are in `static/`.
"""
