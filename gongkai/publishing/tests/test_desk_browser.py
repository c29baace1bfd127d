"""In Chromium, the clerk's desk: a table pasted from Word is published without Word's styles
and scrolls inside its own box on a phone, a clerk masks a phone number beside the text before
submitting, a reviewer masks one too, pictures go into the text as attachments; axe finds no
WCAG 2.1 AA violation on the desk's pages."""

# ruff: noqa: E501 (the clipboard HTML below is Word's, lines and all)
from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from gongkai.portal.tests.test_browser_portal import axe_violations

from .test_browser import SCREENSHOTS, field, person

pytestmark = [pytest.mark.browser, pytest.mark.server]

# What Word (and WPS, which copies Word's format) puts on the clipboard for a heading, a
# numbered list and a table: Office namespaces, conditional comments, mso- styles, <o:p>.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; text-align:justify;
font-size:10.5pt; font-family:等线;} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt;word-wrap:break-word'>
<!--StartFragment-->
<h1 style='margin-top:17.0pt;mso-pagination:lines-together'><span style='font-family:黑体;
mso-ascii-font-family:"Times New Roman";color:red'>2026年第二季度临时救助资金发放情况</span></h1>
<p class=MsoNormal style='text-indent:21.0pt;mso-char-indent-count:2.0'><span
style='font-size:16.0pt;font-family:仿宋_GB2312'>现将本季度临时救助资金发放情况公示如下：<o:p></o:p></span></p>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
lang=EN-US style='mso-fareast-font-family:等线'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
</span></span><![endif]><span style='font-family:仿宋_GB2312'>公示期为七天；<o:p></o:p></span></p>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
lang=EN-US>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]><span
style='font-family:仿宋_GB2312'>如有异议，请向镇民政办反映。<o:p></o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;
border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
<td width=184 valign=top style='width:138.25pt;border:solid windowtext 1.0pt;background:#D9E2F3;
padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b><span style='font-family:黑体'>村（社区）<o:p></o:p></span></b></p></td>
<td width=184 valign=top style='width:138.25pt;border:solid windowtext 1.0pt;border-left:none;
padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b><span style='font-family:黑体'>救助户数<o:p></o:p></span></b></p></td>
<td width=184 valign=top style='width:138.3pt;border:solid windowtext 1.0pt;border-left:none'><p
class=MsoNormal><b><span style='font-family:黑体'>发放金额（元）<o:p></o:p></span></b></p></td>
<td><p class=MsoNormal><b><span>发放日期<o:p></o:p></span></b></p></td>
<td><p class=MsoNormal><b><span>资金文号<o:p></o:p></span></b></p></td>
<td><p class=MsoNormal><b><span>账户<o:p></o:p></span></b></p></td></tr>
<tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
<td width=184 valign=top style='width:138.25pt;border:solid windowtext 1.0pt;border-top:none'><p
class=MsoNormal><span style='font-family:仿宋_GB2312;color:#C00000'>青山村<o:p></o:p></span></p></td>
<td width=184 valign=top style='border-top:none;border-left:none'><p class=MsoNormal><span
lang=EN-US>12<o:p></o:p></span></p></td>
<td width=184 valign=top style='border-top:none;border-left:none'><p class=MsoNormal><span
lang=EN-US>36000<o:p></o:p></span></p></td>
<td><p class=MsoNormal><span lang=EN-US>2026-06-30<o:p></o:p></span></p></td>
<td><p class=MsoNormal><span lang=EN-US>QSZ-MZ-2026-0042<o:p></o:p></span></p></td>
<td><p class=MsoNormal><span lang=EN-US>43010000000000000001<o:p></o:p></span></p></td></tr>
</table>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<!--EndFragment-->
</body></html>"""

PASTE = """([html, text]) => {
  const editable = document.querySelector('.desk-area [contenteditable]');
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', text);
  editable.dispatchEvent(new ClipboardEvent('paste', {
    clipboardData: data, bubbles: true, cancelable: true,
  }));
}"""


def approve(page) -> None:
    """The reviewer ticks the secrecy-review checklist, approves and sees it done."""
    for label in (
        "不涉及国家秘密和工作秘密。",
        "未转发上级机关不予公开的文件。",
        "未公开法律允许范围以外的个人信息。",
    ):
        field(page, label).check()
    page.get_by_role("button", name="审核通过", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("草稿已审核通过。")


UNNAMED = re.compile(
    r"^\s*- (button|textbox|combobox|checkbox|radio|link|complementary)\b(?! \")", re.M
)


def assert_every_control_is_named(page) -> None:
    """The accessibility check the project makes without axe: on the form with the editor,
    every control and landmark a screen reader lists has a name (the toolbar's icon
    buttons included), the editing area is the labelled "正文" textbox."""
    page.locator(".desk-editor[data-ready]").wait_for()
    snapshot = page.locator("main").aria_snapshot()
    assert not UNNAMED.findall(snapshot), snapshot
    expect(page.get_by_role("complementary", name="边写边查")).to_be_visible()
    expect(page.get_by_role("button", name="插入表格")).to_be_visible()


def editor(page):
    return page.get_by_role("textbox", name=re.compile("^正文"))


def write_in(page):
    """Put the cursor in the body's editor, as a clerk clicking into it does."""
    page.locator(".desk-editor[data-ready]").wait_for()
    editor(page).click()
    expect(editor(page)).to_be_focused()
    page.keyboard.press("End")


def new_draft(page, *, item: str, title: str, summary: str, topic: str, period: str) -> None:
    page.get_by_role("link", name="政府信息").first.click()
    page.get_by_role("link", name="青山镇新建政府信息").click()
    field(page, "公开事项").select_option(label=item)
    page.get_by_role("button", name="下一步").click()
    field(page, "标题").fill(title)
    field(page, "内容概述").fill(summary)
    field(page, "主题分类").select_option(label=topic)
    field(page, "涵盖期间").fill(period)


PASTED = "2026年第二季度临时救助资金发放情况（浏览器测试：粘贴Word）"


def test_a_clerk_pastes_a_word_table_and_it_is_published_without_word_styles(demo_server, chromium):
    clerk_context, clerk = person(chromium, demo_server, "qingshan_clerk")
    reviewer_context, reviewer = person(chromium, demo_server, "qingshan_reviewer")
    try:
        new_draft(
            clerk,
            item="社会救助 · 社会救助",
            title=PASTED,
            summary="本季度临时救助资金发放情况。",
            topic="民政、扶贫、救灾",
            period="2026年第二季度",
        )
        write_in(clerk)
        clerk.evaluate(PASTE, [WORD_HTML, "村（社区）\t救助户数\t发放金额（元）"])
        area = clerk.locator(".desk-area")
        # In the editor: the heading, the numbered list and the table, editable.
        expect(
            area.get_by_role("heading", name="2026年第二季度临时救助资金发放情况", exact=True)
        ).to_be_visible()
        posted = clerk.locator("textarea[name=body]")  # hidden; what the form sends
        expect(posted).to_have_value(re.compile("<ol><li>公示期为七天；</li><li>如有异议"))
        expect(area.locator("table")).to_contain_text("青山村")
        area.locator("td", has_text="36000").click()
        clerk.keyboard.press("End")
        clerk.keyboard.type("0")  # a cell is edited like any text
        expect(area.locator("td", has_text="360000")).to_be_visible()
        clerk.keyboard.press("Backspace")
        assert "mso-" not in posted.input_value() and "font-family" not in posted.input_value()
        clerk.get_by_role("button", name="保存草稿").click()
        expect(clerk.get_by_text("草稿已保存。")).to_be_visible()
        draft_url = clerk.url
        clerk.get_by_role("button", name="提交审核").click()
        expect(clerk.get_by_text("草稿已提交审核。")).to_be_visible()

        reviewer.goto(draft_url)
        approve(reviewer)
        # Publishing asks first (the confirm page), then publishes.
        reviewer.get_by_role("link", name="发布", exact=True).click()
        expect(reviewer.locator(".consequences")).to_contain_text("所有人")
        reviewer.get_by_role("button", name="确认发布").click()
        expect(reviewer.locator(".messages")).to_contain_text(re.compile(r"\d{9}/2026-\d{5}"))
        reviewer.wait_for_load_state("networkidle")
        index_link = reviewer.locator(".status-panel a").filter(has_text="/2026-")
        public_url = index_link.get_attribute("href")

        public = reviewer_context.new_page()
        public.goto(demo_server + public_url)
        document = public.locator(".document")
        heading = public.get_by_role(
            "heading", name="2026年第二季度临时救助资金发放情况", exact=True
        )
        expect(heading).to_be_visible()
        expect(document.locator("ol li").first).to_have_text("公示期为七天；")
        table = document.locator("table")
        expect(table.get_by_role("cell", name="青山村")).to_be_visible()
        expect(table.get_by_role("cell", name="36000", exact=True)).to_be_visible()
        html = document.inner_html()
        for word in ("mso-", "style=", "MsoNormal", "font-family", "<o:p", "<span"):
            assert word not in html

        # On a 360-pixel phone: the page never scrolls sideways, the table scrolls in its box.
        phone_context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
        phone = phone_context.new_page()
        phone.goto(demo_server + public_url)
        box = phone.get_by_role("region", name="正文表格1")
        expect(box.get_by_role("cell", name="青山村")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        widths = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert widths[0] > widths[1], widths  # wider than the phone: it scrolls inside
        box.focus()  # a keyboard reaches it and scrolls it with the arrow keys
        phone.keyboard.press("ArrowRight")
        expect(box).to_be_focused()
        assert axe_violations(phone) == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "publication-word-table-360.png"), full_page=True)
        phone_context.close()
    finally:
        clerk_context.close()
        reviewer_context.close()


MASKING = "青山村2026年度危房改造补助对象公示（浏览器测试：遮盖）"


def test_a_clerk_masks_a_phone_number_beside_the_text_before_submitting(demo_server, chromium):
    context, clerk = person(chromium, demo_server, "qingshan_clerk")
    try:
        new_draft(
            clerk,
            item="社会救助 · 社会救助",
            title=MASKING,
            summary="危房改造补助对象公示。",
            topic="民政、扶贫、救灾",
            period="2026年度",
        )
        assert_every_control_is_named(clerk)
        assert axe_violations(clerk) == []
        write_in(clerk)
        clerk.keyboard.type("补助对象李建国，联系电话13907381234，户内三人。")
        checks = clerk.locator(".desk-checks")
        finding = checks.locator(".desk-finding", has_text="13907381234")
        expect(finding).to_contain_text("手机号码")
        finding.get_by_role("button", name="遮盖为 139****1234").click()
        expect(clerk.locator(".desk-area")).to_contain_text("联系电话139****1234，户内三人。")
        expect(checks).to_contain_text("未发现个人信息。")
        assert axe_violations(clerk) == []  # the findings panel as well
        clerk.get_by_role("button", name="保存草稿").click()
        expect(clerk.get_by_text("草稿已保存。")).to_be_visible()
        expect(clerk.locator(".document")).to_contain_text("联系电话139****1234")
        clerk.get_by_role("button", name="提交审核").click()
        expect(clerk.get_by_text("草稿已提交审核。")).to_be_visible()
        expect(clerk.locator(".findings")).to_have_count(0)  # nothing left to screen
    finally:
        context.close()


REVIEWED = "青山镇2026年度残疾人两项补贴发放名单（浏览器测试：审核遮盖）"


def test_a_reviewer_masks_what_the_clerk_left(demo_server, chromium):
    clerk_context, clerk = person(chromium, demo_server, "qingshan_clerk")
    reviewer_context, reviewer = person(chromium, demo_server, "qingshan_reviewer")
    try:
        new_draft(
            clerk,
            item="社会救助 · 社会救助",
            title=REVIEWED,
            summary="残疾人两项补贴发放名单。",
            topic="民政、扶贫、救灾",
            period="2026年度",
        )
        write_in(clerk)
        clerk.keyboard.type("王秀兰，身份证号11010519491231002X，补贴金额每月90元。")
        clerk.get_by_role("button", name="保存草稿").click()
        # The checks ran as the clerk saved: they say so, and the clerk submits all the same.
        expect(clerk.locator(".messages")).to_contain_text("11010519491231002X")
        draft_url = clerk.url
        clerk.get_by_role("button", name="提交审核").click()
        expect(clerk.get_by_text("草稿已提交审核。")).to_be_visible()

        reviewer.goto(draft_url)
        row = reviewer.locator(".findings").get_by_role("row").filter(has_text="11010519491231002X")
        row.get_by_role("button", name="遮盖为 1101**********002X").click()
        expect(reviewer.locator(".messages")).to_contain_text("个人信息已遮盖：1101**********002X")
        expect(reviewer.locator(".document")).to_contain_text("身份证号1101**********002X")
        expect(
            reviewer.locator(".findings").get_by_role("row").filter(has_text="11010519491231002X")
        ).to_contain_text("已屏蔽")
        assert axe_violations(reviewer) == []
        approve(reviewer)
    finally:
        clerk_context.close()
        reviewer_context.close()


def picture(width: int, height: int, colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


PASTE_PICTURE = """([data, name]) => {
  const editable = document.querySelector('.desk-area [contenteditable]');
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: 'image/png' }));
  editable.dispatchEvent(new ClipboardEvent('paste', {
    clipboardData: transfer, bubbles: true, cancelable: true,
  }));
}"""

WORD_PICTURE = (
    "<html><body><!--StartFragment--><p class=MsoNormal>竣工照片：<img width=200 height=100 "
    'src="file:///C:/Users/clerk/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png" '
    'v:shapes="图片_x0020_1"></p><!--EndFragment--></body></html>'
)

PICTURED = "青山村村道硬化工程竣工公示（浏览器测试：图片）"


def test_a_clerk_puts_pictures_in_the_text_and_they_are_kept_as_attachments(
    demo_server, chromium, tmp_path
):
    photo = tmp_path / "村道竣工现场.png"
    photo.write_bytes(picture(320, 200, "#3a7d44"))
    context, clerk = person(chromium, demo_server, "qingshan_clerk")
    try:
        new_draft(
            clerk,
            item="社会救助 · 社会救助",
            title=PICTURED,
            summary="村道硬化工程竣工情况。",
            topic="民政、扶贫、救灾",
            period="2026年度",
        )
        write_in(clerk)
        clerk.keyboard.type("村道硬化工程已竣工，现场如下。")
        status = clerk.locator(".desk-picture-status")
        # Before the draft is saved, there is no draft to keep a picture in: the clerk is told.
        with clerk.expect_file_chooser() as chooser:
            clerk.get_by_role("button", name="上传图片").click()
        chooser.value.set_files(str(photo))
        expect(status).to_have_text("请先保存草稿，然后即可用图片按钮在正文中插入图片。")
        clerk.get_by_role("button", name="保存草稿").click()
        expect(clerk.get_by_text("草稿已保存。")).to_be_visible()
        draft_url = clerk.url
        clerk.goto(draft_url + "edit/")
        write_in(clerk)

        with clerk.expect_file_chooser() as chooser:
            clerk.get_by_role("button", name="上传图片").click()
        chooser.value.set_files(str(photo))
        expect(status).to_have_text("图片已作为附件加入：村道竣工现场")
        area = clerk.locator(".desk-area")
        expect(area.get_by_role("img", name="村道竣工现场")).to_be_visible()
        # A picture copied from an image viewer is uploaded as well.
        clerk.evaluate(
            PASTE_PICTURE, [base64.b64encode(picture(160, 90, "#c0392b")).decode(), "image.png"]
        )
        expect(area.get_by_role("img", name="image")).to_be_visible()
        # One Word left on the clerk's disk cannot be read from the paste: said, not kept.
        clerk.evaluate(PASTE, [WORD_PICTURE, "竣工照片："])
        expect(status).to_contain_text("从Word或WPS复制的图片无法随粘贴读取")
        assert "file:" not in clerk.locator("textarea[name=body]").input_value()
        assert axe_violations(clerk) == []
        clerk.get_by_role("button", name="保存草稿").click()
        expect(clerk.get_by_text("修改已保存为草稿")).to_be_visible()

        # The draft shows both pictures in its text, and lists them with its attachments.
        document = clerk.locator(".document")
        shown = document.locator(".body img")
        expect(shown).to_have_count(2)
        expect(document.get_by_role("img", name="村道竣工现场")).to_be_visible()
        loaded = shown.evaluate_all("images => images.map(i => i.complete && i.naturalWidth)")
        assert loaded == [320, 160]
        files = document.locator(".attachments")
        expect(files.get_by_role("link", name="村道竣工现场")).to_be_visible()
        expect(files).to_contain_text("PNG")
        # A reader cannot see a draft's picture.
        source = shown.first.get_attribute("src")
        reader = chromium.new_context().new_page()
        assert reader.goto(demo_server + source).status == 404
        reader.context.close()
    finally:
        context.close()
