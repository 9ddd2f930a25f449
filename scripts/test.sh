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

# FandolFang (TeX Live's open 仿宋, GPL with a font exception): tests/pdf.rs checks that, when it is
# installed, it sets the body. Taken from Debian's texlive-lang-chinese without installing it, into
# target/test-fonts/, so that no CJK font is installed for the rest of the tests.
fandol_dir=target/test-fonts
texlive_fandol=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf
if [ ! -f "$fandol_dir/FandolFang-Regular.otf" ] && [ ! -f "$texlive_fandol" ]; then
  echo "取出测试所需的 FandolFang 字体（texlive-lang-chinese）"
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null 2>&1); then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null)
  fi
  dpkg-deb -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
  mkdir -p "$fandol_dir"
  cp "$tmp/x/${texlive_fandol#/}" "$fandol_dir/"
  rm -rf "$tmp"
fi
export GUIHUA_TEST_FANDOL_DIR="$PWD/$fandol_dir"

# CI=true: a missing or changed diagnostic snapshot (insta) fails instead of being written.
CI=${CI:-true} cargo test --locked "$@"
