#!/usr/bin/env bash
# 运行 guihua 的全部测试（README 中的测试命令）。
# 测试会调用 pandoc（Markdown 校验）、poppler-utils（PDF 校验）和 LibreOffice（DOCX 转 PDF 校验）；缺少时通过 apt 安装。
# Runs the whole test suite; installs the system tools the tests call when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pandoc >/dev/null 2>&1 || need+=(pandoc)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v cc >/dev/null 2>&1 || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
  echo "安装测试所需的系统工具：${need[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# python-docx (>= 1.2, for Word comments) and openpyxl: the tests make Word and Excel files with
# scripts/fixtures/make_docx.py and scripts/fixtures/make_feedback.py.
if ! python3 -c "import docx, sys; sys.exit(not hasattr(docx.document.Document, 'add_comment'))" >/dev/null 2>&1; then
  echo "安装测试所需的 Python 包：python-docx"
  python3 -m pip install -q -U python-docx || python3 -m pip install -q -U --break-system-packages python-docx
fi
if ! python3 -c "import openpyxl" >/dev/null 2>&1; then
  echo "安装测试所需的 Python 包：openpyxl"
  python3 -m pip install -q openpyxl || python3 -m pip install -q --break-system-packages openpyxl
fi

# CI=true: a missing or changed diagnostic snapshot (insta) fails instead of being written.
CI=${CI:-true} cargo test --locked "$@"
