#!/usr/bin/env python3
"""Writes src/analysis/places.txt, the place names the entity rules know
(src/analysis/entities.rs), from two MIT-licensed packages and a short list
kept here:

- China's administrative divisions: cpca 0.5.5 (PyPI), cpca/resources/adcodes.csv
  (provinces and prefectures with and without their suffix; counties with it);
- countries and territories in Chinese: i18n-iso-countries 7.14.0 (npm),
  langs/zh.json;
- continents, world regions and major foreign cities: WORLD below.

    pip download cpca==0.5.5 --no-deps -d /tmp/gz && unzip -q /tmp/gz/cpca-*.whl -d /tmp/gz/cpca
    (cd /tmp/gz && npm pack i18n-iso-countries@7.14.0 && tar xzf i18n-iso-countries-*.tgz)
    python3 scripts/gazetteer.py /tmp/gz/cpca/cpca/resources/adcodes.csv \
        /tmp/gz/package/langs/zh.json > src/analysis/places.txt
"""

import csv
import json
import sys

# Names of these lists that are more often ordinary words or other things in
# news text (a listed name is a place wherever it stands): 中非 is China-Africa
# (中非合作) far more often than the republic, 来宾 guests, 安康 well-being,
# 日照 sunshine, 白银 silver, 阿里 Alibaba or a name.
AMBIGUOUS = {
    "中非", "东方", "和平", "新华", "城区", "郊区", "矿区", "市辖区", "来宾", "白银", "日照",
    "安康", "大同", "河源", "开封", "阿里", "山南", "中山", "普洱", "海东", "海北",
}

PROVINCE_SUFFIXES = ["维吾尔自治区", "回族自治区", "壮族自治区", "特别行政区", "自治区", "省", "市"]
PREFECTURE_SUFFIXES = ["市", "地区", "盟"]

WORLD = """
亚洲 欧洲 非洲 美洲 北美洲 南美洲 拉丁美洲 拉美 大洋洲 南极洲 北极 南极 中东 近东 远东
东南亚 南亚 中亚 西亚 东亚 东北亚 北非 西非 东非 南部非洲 中东欧 东欧 西欧 北欧 南欧
巴尔干 高加索 加勒比 阿拉伯半岛 波斯湾 海湾地区 地中海 南海 东海 黄海 渤海 太平洋 大西洋 印度洋 北冰洋
阿拉伯 亚太 欧亚 中南半岛 朝鲜半岛 巴尔干半岛 克里米亚 顿巴斯 加沙 约旦河西岸 戈兰高地
印度尼西亚 沙特 捷克共和国 斯威士兰 埃斯瓦蒂尼 缅甸联邦 北爱尔兰 苏格兰 威尔士 英格兰
华盛顿 纽约 洛杉矶 旧金山 芝加哥 休斯敦 西雅图 波士顿 费城 迈阿密 夏威夷 阿拉斯加 加利福尼亚 加州 得克萨斯
渥太华 多伦多 温哥华 蒙特利尔 墨西哥城 哈瓦那 巴西利亚 里约热内卢 圣保罗 布宜诺斯艾利斯 圣地亚哥 利马 波哥大 加拉加斯 基多
伦敦 巴黎 柏林 罗马 马德里 里斯本 布鲁塞尔 阿姆斯特丹 海牙 维也纳 日内瓦 苏黎世 伯尔尼 斯德哥尔摩 奥斯陆 哥本哈根 赫尔辛基
雷克雅未克 都柏林 华沙 布拉格 布达佩斯 布加勒斯特 索非亚 贝尔格莱德 雅典 萨格勒布 卢布尔雅那 布拉迪斯拉发 维尔纽斯 里加 塔林
明斯克 基辅 哈尔科夫 敖德萨 利沃夫 顿涅茨克 卢甘斯克 扎波罗热 赫尔松 马里乌波尔
莫斯科 圣彼得堡 索契 符拉迪沃斯托克 海参崴 喀山 新西伯利亚 叶卡捷琳堡 加里宁格勒 库尔斯克 别尔哥罗德 伊斯坦布尔 安卡拉 汉堡 慕尼黑 法兰克福 米兰 威尼斯 马赛 慕尼黑
东京 大阪 京都 横滨 名古屋 冲绳 北海道 福岛 首尔 釜山 平壤 乌兰巴托 河内 胡志明市 万象 金边 曼谷 仰光 内比都 吉隆坡 雅加达 马尼拉 斯里巴加湾
新德里 孟买 加尔各答 伊斯兰堡 卡拉奇 拉合尔 瓜达尔 达卡 加德满都 科伦坡 马累 喀布尔 坎大哈 德黑兰 伊斯法罕 巴格达 大马士革 阿勒颇 贝鲁特
安曼 耶路撒冷 特拉维夫 海法 利雅得 吉达 麦加 多哈 迪拜 阿布扎比 马斯喀特 科威特城 萨那 亚丁 麦纳麦
阿斯塔纳 努尔苏丹 阿拉木图 塔什干 撒马尔罕 比什凯克 杜尚别 阿什哈巴德 巴库 第比利斯 埃里温
开罗 亚历山大 的黎波里 突尼斯城 阿尔及尔 拉巴特 卡萨布兰卡 喀土穆 亚的斯亚贝巴 内罗毕 蒙巴萨 达累斯萨拉姆 坎帕拉 基加利
金沙萨 布拉柴维尔 罗安达 卢萨卡 哈拉雷 马普托 比勒陀利亚 约翰内斯堡 开普敦 阿布贾 拉各斯 阿克拉 达喀尔 阿比让 雅温得 吉布提市
堪培拉 悉尼 墨尔本 布里斯班 珀斯 惠灵顿 奥克兰 苏瓦 莫尔兹比港
长江 黄河 珠江 淮河 海河 辽河 松花江 黑龙江 雅鲁藏布江 澜沧江 怒江 汉江 湘江 赣江 嘉陵江 岷江 漓江 乌江 京杭大运河
鄱阳湖 洞庭湖 太湖 巢湖 洪泽湖 青海湖 滇池 洱海 西湖 千岛湖 纳木错 呼伦湖
青藏高原 黄土高原 云贵高原 内蒙古高原 四川盆地 塔里木盆地 准噶尔盆地 柴达木盆地 华北平原 东北平原 河西走廊
泰山 黄山 华山 衡山 嵩山 恒山 峨眉山 庐山 武夷山 天山 昆仑山 喜马拉雅山 珠穆朗玛峰 秦岭 太行山 大兴安岭 小兴安岭
长白山 祁连山 阿尔泰山 阿尔金山 贺兰山 六盘山 大别山 井冈山 武陵山 乌蒙山 吕梁山 燕山 沂蒙山
三江源 可可西里 羌塘 塞罕坝 毛乌素沙地 库布其沙漠 塔克拉玛干沙漠 腾格里沙漠 科尔沁沙地 浑善达克沙地 呼伦贝尔草原
长三角 珠三角 京津冀 粤港澳大湾区 大湾区 成渝 长江经济带 东北三省 雄安新区 浦东新区 滨海新区 两江新区
"""


def strip(name, suffixes):
    for s in suffixes:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return None


def main(adcodes, countries):
    # The 56 peoples (汉族, 土家族 …) without 族, from cpca's list beside
    # adcodes.csv.
    nations = adcodes.replace("adcodes.csv", "56_nations.csv")
    peoples = [line.strip()[:-1] for line in open(nations, encoding="utf-8") if line.strip()]
    names = set()
    for row in csv.DictReader(open(adcodes, encoding="utf-8")):
        code, name = row["adcode"], row["name"]
        names.add(name)
        if code[2:] == "0" * 10:
            short = strip(name, PROVINCE_SUFFIXES)
        elif code[4:] == "0" * 8:
            short = strip(name, PREFECTURE_SUFFIXES)
            # 湘西土家族苗族自治州 → 湘西: the name before the peoples.
            if short is None and name.endswith("自治州"):
                at = [name.find(p) for p in peoples if p in name[:-3]]
                short = name[: min(at)] if at else None
        else:
            short = None
        if short and len(short) >= 2:
            names.add(short)
    for value in json.load(open(countries, encoding="utf-8"))["countries"].values():
        for name in [value] if isinstance(value, str) else value:
            names.add(name)
    names.update(WORLD.split())
    names.add("中华人民共和国")
    names = {
        n
        for n in names
        if n not in AMBIGUOUS and len(n) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in n)
    }
    print("# Place names known to the entity rules (src/analysis/entities.rs), one per line.")
    print("# Made by scripts/gazetteer.py: China's divisions (cpca 0.5.5, MIT), countries in")
    print("# Chinese (i18n-iso-countries 7.14.0, MIT), and the script's list of regions and cities.")
    for n in sorted(names):
        print(n)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
