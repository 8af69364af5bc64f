"""The finished pages lose the theme's blank lines between tags and nothing else."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from build_tools.compact_html import compact


class _Text(HTMLParser):
    """The page's text as a browser lays it out outside ``pre``: runs of white space as
    one space; inside ``pre`` exactly."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.pre += tag == "pre"
        self.parts.append(f"<{tag} {sorted(attrs)}>")

    def handle_endtag(self, tag) -> None:
        self.pre -= tag == "pre"
        self.parts.append(f"</{tag}>")

    def handle_data(self, data) -> None:
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def laid_out(html: str) -> str:
    reader = _Text()
    reader.feed(html)
    return "".join(reader.parts)


PAGE = """<!doctype html>
<html>
  <head>

    <script>
      var a = 1;

      var b = 2;
    </script>
  </head>
  <body>
    <nav class="md-nav">
      <ul>

        <li><a href="a/">一</a> <a href="b/">二</a></li>

      </ul>
    </nav>
    <pre><code>第一行
    <span>缩进</span>

第三行</code></pre>
    <p>某某 <abbr class="gloss">新型城镇化</abbr>
       建设</p>
    <textarea>
  保留
</textarea>
  </body>
</html>
"""


def test_blank_lines_between_tags_become_one_line_break() -> None:
    out = compact(PAGE)
    assert "<nav class=\"md-nav\">\n<ul>\n<li>" in out
    assert "\n\n" not in out.split("<pre>")[0].split("</script>")[1]
    assert len(out) < len(PAGE)


def test_pre_code_script_and_textarea_keep_their_white_space() -> None:
    out = compact(PAGE)
    for element in ("<pre><code>第一行\n    <span>缩进</span>\n\n第三行</code></pre>",
                    "<script>\n      var a = 1;\n\n      var b = 2;\n    </script>",
                    "<textarea>\n  保留\n</textarea>"):
        assert element in PAGE and element in out


def test_the_page_lays_out_the_same_text_in_the_same_elements() -> None:
    out = compact(PAGE)
    assert laid_out(out) == laid_out(PAGE)
    assert "<a href=\"a/\">一</a> <a href=\"b/\">二</a>" in out  # a space without a line break stays


ESCAPED = ('<p title="a&#40;b&#41;">第一行&#40;一&#41;&#58; 5&#37;&#59; &#60;b&#62; &#38;amp; &#34;x&#39; '
           '&#42;&#42;</p>\n<code>&#40;保留&#41;</code><script>var s = "&#40;";</script>')


def test_harmless_references_in_text_become_characters() -> None:
    out = compact(ESCAPED)
    assert "第一行(一): 5%; " in out
    assert "**</p>" in out
    assert laid_out(out) == laid_out(ESCAPED)


def test_references_that_could_make_markup_and_those_in_tags_code_or_script_stay() -> None:
    out = compact(ESCAPED)
    assert "&#60;b&#62; &#38;amp; &#34;x&#39;" in out
    assert 'title="a&#40;b&#41;"' in out
    assert "<code>&#40;保留&#41;</code>" in out
    assert '<script>var s = "&#40;";</script>' in out


def test_white_space_with_a_line_break_inside_text_becomes_one_line_break() -> None:
    page = '<a href="x/">\n      <span class="md-ellipsis">\n\n        首页\n      </span>\n</a>'
    out = compact(page)
    assert out == '<a href="x/">\n<span class="md-ellipsis">\n首页\n</span>\n</a>'
    assert laid_out(out) == laid_out(page)
    assert compact("<p>两个  空格</p>") == "<p>两个  空格</p>"


def test_line_breaks_between_attributes_become_one_space_and_values_stay() -> None:
    page = ('<div class="r" data-state="idle"\n             data-none="没有\n找到"\n'
            '             data-any=\'全部\'>x</div><!-- a\n  comment -->')
    assert compact(page) == ('<div class="r" data-state="idle" data-none="没有\n找到" '
                             'data-any=\'全部\'>x</div><!-- a\n  comment -->')
