"""SVG pictures are cleaned: no script, handler, external reference or foreign object reaches an output."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline.model import Picture
from pipeline.pictures import picture_bytes
from pipeline.pictures.svg import SvgError, clean_svg, serialise_svg

MALICIOUS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "http://attacker.invalid/x">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:html="http://www.w3.org/1999/xhtml" viewBox="0 0 72 72" onload="alert(1)">
  <script>alert('svg')</script>
  <script xlink:href="https://attacker.invalid/evil.js"/>
  <title>&secret;</title>
  <style>@import url(https://attacker.invalid/x.css);</style>
  <g id="ok" onclick="steal()" style="fill:url(https://attacker.invalid/p)">
    <circle cx="36" cy="36" r="30" fill="#fff" stroke="#000" onmouseover="x()"/>
    <path d="M1 1L2 2" fill="url(https://attacker.invalid/#grad)" stroke="url(#local)"/>
    <use href="https://attacker.invalid/sprite.svg#a"/>
    <use xlink:href="#ok"/>
    <image href="https://attacker.invalid/track.png" width="10" height="10"/>
    <a href="javascript:alert(3)"><rect width="5" height="5"/></a>
    <foreignObject width="10" height="10"><html:iframe src="https://attacker.invalid"/></foreignObject>
    <animate attributeName="href" to="javascript:alert(4)"/>
    <set attributeName="onclick" to="alert(5)"/>
    <html:script>alert(6)</html:script>
    <text>&remote;</text>
  </g>
</svg>
"""


def _all_text(svg: bytes) -> str:
    return svg.decode("utf-8")


def test_malicious_svg_is_cleaned() -> None:
    out = serialise_svg(clean_svg(MALICIOUS))
    text = _all_text(out)
    root = etree.fromstring(out)
    names = {etree.QName(el).localname for el in root.iter() if isinstance(el.tag, str)}
    assert names.isdisjoint({"script", "foreignObject", "iframe", "image", "a", "animate", "set", "style",
                             "text"})
    for el in root.iter():
        for name, value in el.attrib.items():
            assert not etree.QName(name).localname.startswith("on"), (el.tag, name)
            assert "attacker" not in value and "javascript" not in value
    assert "attacker.invalid" not in text and "alert" not in text and "<!DOCTYPE" not in text
    assert "root:" not in text  # the file entity was not expanded
    # the drawing itself survives, and internal references stay
    assert root.find(f".//{{{root.nsmap[None]}}}circle").get("stroke") == "#000"
    assert any(el.get("href") == "#ok" for el in root.iter())
    assert any(el.get("stroke") == "url(#local)" for el in root.iter())


def test_entities_are_not_resolved_and_the_network_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the SVG parser tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    svg = (b'<!DOCTYPE svg SYSTEM "http://attacker.invalid/svg.dtd">'
           b'<svg xmlns="http://www.w3.org/2000/svg"><title>ok</title></svg>')
    assert b"ok" in serialise_svg(clean_svg(svg))


@pytest.mark.parametrize("data", [b"<html/>", b"not xml", b'<svg xmlns="http://example.org/"/>'])
def test_not_an_svg_is_refused(data: bytes) -> None:
    with pytest.raises(SvgError):
        clean_svg(data)


def test_leaflet_picture_file_is_cleaned_on_the_way_to_the_output(tmp_path: Path) -> None:
    from dataclasses import replace

    from editions import sample

    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "evil.svg").write_bytes(MALICIOUS)
    leaflet = replace(sample(), path="source/x.md")
    out = picture_bytes(Picture("evil.svg", "a circle"), leaflet, tmp_path)
    assert b"script" not in out and b"attacker" not in out and b"<circle" in out
