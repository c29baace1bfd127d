# ruff: noqa: E501 - the Chinese text reads better unbroken
"""Published service matters to print: the demo's finance office guide, and a longer one.

The county, townships, office and people come from publishing's `World` (its fixture is
imported here), so a matter goes through the real review and publishing actions.
"""

from __future__ import annotations

import io

import pymupdf
import pytest
import zxingcpp
from PIL import Image

from gongkai.core import actions as core_actions
from gongkai.publishing.demo import office_docs
from gongkai.publishing.models import Publication
from gongkai.publishing.tests import conftest as publishing
from gongkai.publishing.tests.conftest import World

# Publishing's fixtures, registered here under their names: the world, and media in a
# temporary folder.
world = publishing.world
_media_in_a_temporary_folder = publishing._media_in_a_temporary_folder

HOURS = "周一至周五 上午8:30—12:00，下午14:30—17:30（法定节假日除外）"

# A township's social-assistance matter as offices write them: long basis and conditions,
# seven numbered steps with a sub-list inside the first.
LONG_SERVICE = {
    "basis": "《社会救助暂行办法》（国务院令第649号）第九条至第十六条；《最低生活保障审核确认办法》（民发〔2021〕57号）；《湖南省最低生活保障审核确认实施细则》；《示例县城乡居民最低生活保障工作规程》（示政办发〔2024〕11号）。",
    "duty": "镇社会事务办负责受理最低生活保障申请，组织入户调查、家庭经济状况核对和民主评议，提出审核意见并报县民政局审批；负责低保对象动态管理和政策咨询。经办人：社会事务办低保专干；分管领导：分管民政工作的副镇长。",
    "conditions": "申请人持有本县户籍，申请家庭人均收入低于当地最低生活保障标准，且家庭财产状况符合规定：（1）除一套自住住房外，名下无商品住房以外的非居住类房产（经营性用房除外）；（2）无机动车辆（残疾人功能性补偿代步机动车、普通两轮摩托车除外）；（3）家庭金融资产人均不超过当地24个月的低保标准；（4）未经营企业或从事个体经营的收入不超过规定。",
    "procedure": "申请人按以下程序办理：1. 申请：申请人向户籍所在地镇人民政府（社会事务办）或村（居）委会提出书面申请，提交：（1）身份证、户口簿；（2）家庭收入和财产状况申报表；（3）家庭经济状况核对授权书。2. 受理：材料齐全的当场受理，不齐全的一次性告知需补正的全部内容。3. 家庭经济状况调查：镇人民政府组织工作人员入户调查，并通过县社会救助家庭经济状况核对平台开展核对。4. 民主评议：村（居）委会协助组织评议，评议结果现场公布。5. 审核公示：镇人民政府提出审核意见，在申请人所在村（居）公示7天。6. 审批：县民政局作出审批决定，不予批准的书面说明理由。7. 发放：批准的自次月起按月将低保金发放至申请人社会保障卡。",
    "discipline": "工作人员须严格执行“八不准”规定，不得优亲厚友、人情保、关系保，不得收受申请人财物，不得泄露申请人隐私；与申请人有近亲属关系的工作人员应当回避。违反规定的，依纪依法追究责任。",
    "result": "审批决定书面告知申请人；批准的纳入最低生活保障范围，名单在村（居）务公开栏长期公示，并在本平台公开（只公开姓名、户籍所在村、保障人数和金额）。",
    "time_limit": "镇人民政府自受理之日起15个工作日内完成审核（特殊情况可延长至25个工作日）；县民政局收到审核材料之日起10个工作日内作出审批决定。",
    "supervision": "监督电话：0738-8801009（镇纪委）、0738-12345（县政务服务便民热线）；也可向县民政局、县纪委监委来信来访反映。",
}


def publish_matter(world: World, *, service: dict[str, str] | None = None, **fields) -> Publication:
    """A service matter of the world's finance office, written, reviewed and published."""
    core_actions.update_unit(
        world.office,
        by=None,
        address="示例县青山镇政府大院1号楼",
        office_hours=HOURS,
        phone="0738-8801011",
    )
    core_actions.update_unit(world.township, by=None, supervision_phone="0738-8801009")
    demo = next(doc for doc in office_docs(world.office) if doc.key == "O01")
    values = {
        "title": demo.title,
        "summary": demo.summary,
        "body": demo.body,
        "topic": demo.topic,
        **(service if service is not None else demo.service),
        **fields,
    }
    publication = world.draft("O01", unit=world.office, **values)
    world.publish(publication)
    return publication


@pytest.fixture
def matter(world: World) -> Publication:
    """The demo's finance-office service matter (惠民惠农补贴“一卡通”), published."""
    return publish_matter(world)


@pytest.fixture
def long_matter(world: World) -> Publication:
    return publish_matter(world, service=LONG_SERVICE, title="最低生活保障申请办事指南")


def pdf_text(document: bytes) -> list[str]:
    with pymupdf.open(stream=document, filetype="pdf") as opened:
        return [page.get_text() for page in opened]


def flat(text: str) -> str:
    """Text without the line breaks and spaces a layout puts in."""
    return "".join(text.split())


def qr_codes(document: bytes, page: int = 0) -> list[str]:
    with pymupdf.open(stream=document, filetype="pdf") as opened:
        pixmap = opened[page].get_pixmap(dpi=200)
    image = Image.open(io.BytesIO(pixmap.tobytes("png")))
    return [code.text for code in zxingcpp.read_barcodes(image)]
