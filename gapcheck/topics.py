"""Topics: the shared vocabulary of goals, indicators and projects (耕地, 生态, 产业 › 乡村旅游 …),
and what it decides: whether a project serves a goal and an indicator quantifies it."""
from __future__ import annotations

import re

from .goals import Goal
from .projects import Project

# family -> kind -> words. The kind "" holds a family's broad words (产业, 基础设施, 人居环境):
# a goal that names only those is served by anything of its family, one that names a specific
# kind (乡村旅游) only by that kind.
TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "耕地": {"": ("耕地", "基本农田", "农田", "良田", "粮田", "粮食", "复垦", "垦造", "农用地", "梯田", "黑土", "耕作", "灌区", "灌溉")},
    "生态": {"": ("生态", "林地", "森林", "水源", "河道", "河流", "湿地", "绿化", "水土", "山体", "植被", "公益林",
                  "水系", "岸线", "碧水", "青山", "退化林", "造林", "防护林", "天然林", "封育", "补植", "护岸", "复绿", "淤地坝",
                  # shelter belts are forest on farmland: 农田林网 is no farmland project's goal
                  "农田林网", "林网", "林带", "林木",
                  # grassland: its cover and grazing rules (草原综合植被盖度, 草畜平衡, 禁牧休牧)
                  "草原", "草场", "草畜平衡", "禁牧", "休牧")},
    "产业": {
        "": ("产业", "经济", "增收", "收入", "产值", "富民", "共富", "致富", "合作社", "一二三产", "三产融合", "兴旺", "业态"),
        # 森林康养 and 生态旅游 are tourism, whatever forest or ecology they rest on
        "乡村旅游": ("森林康养", "生态康养", "生态旅游", "森林旅游", "旅游", "民宿", "客栈", "农家乐", "研学", "游客", "游览", "观光", "景区", "景点", "露营", "康养", "休闲农业",
                 "农旅", "文旅", "茶旅", "商旅", "体旅", "游步道", "游线", "接待"),
        "农产品加工": ("加工", "初制", "精制", "深加工", "冷链", "冷库", "仓储", "烘干", "包装", "物流", "分拣", "分选",
                  "车间", "茶厂"),
        # handicraft is no processing of farm produce: a 冷藏分拣中心 does not carry a goal of 手工编织
        "手工艺": ("手工", "工坊", "作坊", "编织", "刺绣", "木雕", "竹编", "草编", "蜡染", "扎染"),
        # selling on line is no processing: a 加工车间 does not carry a goal of 花木电商
        "电商": ("电商", "电子商务", "直播", "网络销售", "网店", "线上销售"),
        "种植养殖": ("种植", "养殖", "茶园", "果园", "菜园", "桑园", "蚕桑", "水产", "渔业", "鱼塘", "畜禽", "畜牧",
                 "苗木", "中药材", "药材", "大棚", "特色农业", "现代农业", "高效农业", "设施农业", "油茶", "果蔬",
                 "食用菌", "温室", "林下经济", "林下种植", "林下养殖", "存栏", "出栏", "肉牛", "奶牛", "牛羊", "生猪", "肉羊", "滩羊", "牦牛", "家禽",
                 "牲畜", "饲草", "牧草", "苜蓿", "暖圈", "圈舍", "舍饲", "牧业", "人参", "林下参", "白茶", "茶叶", "香菇", "菌菇", "菌棒", "羊肚菌",
                 # a farm called 生态 is still a farm: 生态茶园 serves a tea goal, not one of 大别山生态屏障
                 "生态茶园", "生态果园", "生态农业", "生态养殖", "生态种植", "生态渔业"),
    },
    "人居": {
        "": ("人居环境", "村容", "村貌", "环境整治", "村庄整治", "综合整治", "宜居", "环境卫生", "清洁", "整洁"),
        "污水": ("污水", "排水", "雨污"),
        "垃圾": ("垃圾", "保洁", "收集点", "转运"),
        "厕所": ("厕所", "改厕", "户厕", "公厕"),
        "风貌": ("风貌", "庭院", "立面", "美化", "亮化"),
    },
    "交通": {"": ("道路", "交通", "村道", "硬化", "停车", "公路", "路网", "桥梁", "巷道", "通组", "通村")},
    "设施": {
        "": ("公共服务", "基础设施", "设施", "配套", "便民"),
        "供水": ("供水", "饮水", "自来水", "人饮", "给水", "水厂"),
        "电力通信": ("电力", "通信", "网络", "宽带", "光纤", "5G", "电网", "变压器"),
        "养老": ("养老", "颐养", "幸福院", "敬老", "日间照料", "老年", "老有所", "养老服务中心", "养老服务站", "长者", "幸福食堂",
               "互助食堂"),
        "教育": ("学校", "幼儿园", "小学", "教学", "托育"),
        "医疗": ("卫生室", "卫生院", "卫生站", "卫生所", "医疗", "诊所"),
        "文体": ("文化广场", "活动中心", "文化服务中心", "文化礼堂", "体育", "健身", "文体", "农家书屋"),
        "服务中心": ("服务中心", "党群", "便民服务", "综合服务"),
    },
    "住房": {"": ("宅基地", "住房", "农房", "建房", "一户一宅", "危房", "居住")},
    "安全": {"": ("防灾", "减灾", "地质灾害", "防洪", "排涝", "消防", "避险", "避难", "应急")},
    "历史文化": {"": ("历史文化", "传统村落", "文物", "古建", "古树", "历史建筑", "传统建筑", "传统民居", "古民居", "古村",
                  "非物质文化", "传承", "传统风貌", "历史风貌", "村落格局", "宗祠", "苗寨", "古寨",
                  # local names of old buildings: 围龙屋, 土楼, 碉楼, 古厝, 祠堂, 古戏台
                  "围龙屋", "土楼", "碉楼", "骑楼", "古厝", "红砖厝", "祠堂", "古戏台", "牌坊", "书院", "老屋",
                  "蘑菇房", "吊脚楼", "土掌房", "窑洞", "窑院", "庄廓", "石头房", "木楼", "鼓楼", "风雨桥", "古桥", "古井",
                  # red heritage: the sites and memory of the revolution (红色教育基地 carries 弘扬红色文化)
                  "红色文化", "红色教育", "红色资源", "红色基因", "革命旧址", "革命遗址", "红军", "长征", "抗日", "抗战",
                  "旧址", "纪念馆", "陈列馆")},
    "乡风": {"": ("乡风", "文明", "文化活动", "文化广场", "文化礼堂", "村规民约", "移风易俗", "文体")},
    # work and skills: a goal of 技能培训 is carried by training, not by the trade it trains for
    "就业": {"": ("就业", "技能培训", "职业技能", "培训", "实训", "务工")},
    "用地": {"": ("建设用地", "用地规模", "节约集约", "存量", "闲置", "低效用地", "建设边界")},
}
# generic words a shared-word fallback must not count
_GENERIC = set("规划 建设 发展 村庄 提升 完善 加强 目标 实现 全面 基本 推进 打造 建成 形成 推动 促进 "
               "改善 保障 落实 以上 以下 达到 不低于 不少于 不超过 年 万元 公顷 平方米 亩 个 处 项 本村 全村 "
               "村民 近期 远期 2025 2035 2030 到 至 的 和 与 及 等 为 在 将 工程 项目 新建 改造 完成".split())


_TOPIC_WORDS = sorted(((w, family, kind) for family, kinds in TOPICS.items() for kind, words in kinds.items()
                      for w in words), key=lambda x: -len(x[0]))


def topics_of(text: str) -> set[tuple[str, str]]:
    """(family, kind) of every topic word in the text, longest words first: a word inside a longer
    one counts only for the longer (居家养老服务中心 is 养老, not a 服务中心); kind "" for a
    family's broad words."""
    out = set()
    for word, family, kind in _TOPIC_WORDS:
        if word in text:
            out.add((family, kind))
            text = text.replace(word, "\0")
    return out


def families_of(text: str) -> set[str]:
    return {family for family, _ in topics_of(text)}


def content_words(text: str) -> set[str]:
    from ingest.tokenize import tokenize
    return {w for w in tokenize(text) if len(w) >= 2 and w not in _GENERIC and not re.fullmatch(r"[\d.%]+", w)}


def same_topic(goal: str, other: str) -> bool:
    """`other` works on what `goal` names: for each family the goal names, a specific kind it names
    (乡村旅游) is needed on the other side; a family it names only broadly (产业) takes any kind."""
    mine, theirs = topics_of(goal), topics_of(other)
    their_families = {f for f, _ in theirs}
    for family in {f for f, _ in mine}:
        specific = {k for f, k in mine if f == family and k}
        if specific and specific & {k for f, k in theirs if f == family}:
            return True
        if not specific and family in their_families:
            return True
        if not specific and family == "人居" and "交通" in their_families:
            return True   # 农村人居环境整治 covers the village's roads (村内道路硬化 is 村容村貌)
    return False


_NAME_SUFFIX = re.compile(r"(?:提升|改造|新建|扩建|建设|工程|项目|及.*|[（(][^）)]*[）)]"
                          r"|产业园|园区|园|基地|中心|厂房|车间|工坊|站|馆)+$")


def serves(goal: Goal, project: Project) -> bool:
    """A project works towards a goal: the goal names the project (建成颐养之家一处), the two share
    a topic (the goal's specific kind, if it names one) or two content words. The goal's
    statement decides its topic; its label only when the statement names none (茶旅富民: 村集体经济
    年收入… is about income, which any 产业 project serves)."""
    text, aims = _aims(goal)
    core = _NAME_SUFFIX.sub("", project.name)   # 量具产业园（一期） -> 量具, 颐养之家 stays whole
    if (len(core) >= 3 or (len(core) == 2 and core in content_words(text))) and core in text:
        return True
    what = f"{project.name} {project.content}"
    return (any(same_topic(aim, what) for aim in aims)
            or len(content_words(text) & content_words(what)) >= 2)


def quantifies(goal: Goal, indicator: str) -> bool:
    """An indicator (a 规划指标表 row, or a catalogue indicator with its source) measures a goal:
    the goal's own kind where it names one (乡村旅游 is not measured by 村集体经济收入; 生活污水
    得到治理 is by 生活污水治理率), else its family, or two shared content words."""
    text, aims = _aims(goal)
    if "收入" in indicator and topics_of(indicator) <= {("产业", "")}:
        # an income indicator measures whose income it counts: 村集体经济收入 is not 农民收入
        theirs, mine = _income_holders(indicator), _income_holders(text)
        if theirs and mine and not theirs & mine:
            return False
    # a goal named by its family alone (提升公共服务) is measured by the family's aggregate
    # (村级公共服务设施面积), whatever kinds its statement then lists (长者饭堂, 卫生站)
    named = topics_of(goal.label) if goal.label else set()
    broad = {f for f, k in named if not k} - {f for f, k in named if k}
    if broad and all(not k for _, k in topics_of(indicator)) and broad & families_of(indicator):
        return True
    return (any(same_topic(aim, indicator) for aim in aims)
            or len(content_words(text) & content_words(indicator)) >= 2)


def _income_holders(text: str) -> set[str]:
    """Whose income a text speaks of: the village collective's (村集体经济收入) or the villagers'
    (农民人均可支配收入, 增加农户收入); none when it does not say."""
    found = set()
    if re.search(r"集体[^，,。；;]{0,8}?(?:收入|增收)|集体经济", text):
        found.add("集体")
    if re.search(r"(?:农民|农户|村民|群众|居民|人均|家庭|脱贫户|困难户)[^，,。；;]{0,8}?(?:收入|增收)", text):
        found.add("村民")
    return found


def _aims(goal: Goal) -> tuple[str, list[str]]:
    """The goal's text without what it builds on, and what it aims at: its statement (its label
    when the statement names no topic) as a whole, then each of its clauses that names a topic of
    its own: 发展古村研学和民宿，增加村集体和农户收入 aims at tourism and at income, and either aim's
    indicator or project carries the goal down."""
    text, statement = (_TRAINED_IN.sub(r"\1", _WHERE.sub("", _RELYING.sub("", x))) for x in (goal.text, goal.statement))
    whole = statement if topics_of(statement) else text
    clauses = [c for c in re.split(r"[，,；;。]", whole) if c.strip() and topics_of(c)]
    return text, [whole, *clauses] if len(clauses) > 1 else [whole]


# where a goal takes place, not what it aims at: 在大石河东岸打造采摘观光带 shares no aim with a
# 大石河东岸堤防加固 project
_WHERE = re.compile(r"(?<![\u4e00-\u9fff])在[^，,。；;]{1,16}?(?=打造|建设|建成|发展|形成|布局|实施|开展|新建|推广|培育)")
# what a training teaches, not what the goal aims at: 开展芒果种植、电商等技能培训 is about skills, and
# an 电商直播服务站 does not carry it
_TRAINED_IN = re.compile(r"(?<=开展|组织|举办|提供|加强)[^，,。；;]{1,24}?等?((?:技能|职业技能|实用技术|就业)?培训)")
# what a goal builds on, not what it aims at: 依托岩茶资源和茶园景观，发展乡村旅游 is about tourism
_RELYING = re.compile(r"(?:依托|凭借|借助|立足|利用|发挥)[^，,。；;]{0,30}?(?:[，,]|(?=发展|打造|建设|推动|做强|壮大))")

