"""Write the demo data's generated attachments (run from the repository root; the output is committed).

data/attachments/documents/2025-procurement-internal-control-checklist.pdf: a two-page PDF made
with reportlab (text in the STSong-Light CID font, so it is extractable and searchable; no
author in its metadata). Its phrase “履约验收双人签字确认” occurs nowhere else in the demo data:
the browser test finds the record through it (tests/test_search_browser.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
CHECKLIST = ROOT / "data" / "attachments" / "documents" / "2025-procurement-internal-control-checklist.pdf"
PAGES = [
    [
        "政府采购内部控制检查清单（试行）",
        "",
        "一、采购需求：需求部门提出，财务部门审核，分管负责人审批。",
        "二、采购实施：采购经办岗位与审核岗位分设，不得由同一人办理。",
        "三、合同签订：合同文本经法律顾问审核后签订。",
    ],
    [
        "四、履约验收：验收小组不少于三人，实行履约验收双人签字确认。",
        "五、资料归档：采购文件、评审记录、验收报告完整归档，保存不少于15年。",
        "六、监督检查：每年开展一次内部控制执行情况检查。",
    ],
]


def checklist_pdf() -> bytes:
    from attachment_files import pdf_bytes

    return pdf_bytes(["\n".join(lines) for lines in PAGES], author="", title="政府采购内部控制检查清单")


def main() -> None:
    CHECKLIST.parent.mkdir(parents=True, exist_ok=True)
    CHECKLIST.write_bytes(checklist_pdf())
    print(CHECKLIST.relative_to(ROOT))


if __name__ == "__main__":
    main()
