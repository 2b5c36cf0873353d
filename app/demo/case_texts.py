"""Plausible titles and descriptions for demo cases, keyed by second-level category name.

Each category has a handful of details and several templates; the address and numbers are filled
in from the caller's `random.Random`, so the same seed always writes the same case.
"""

from __future__ import annotations

import random

Template = tuple[str, str]

CASE_SOURCE_WEIGHTS: dict[str, int] = {
    "网格员上报": 55, "12345热线": 20, "视频巡查": 9, "群众来访": 8, "部门移交": 5, "领导交办": 3,
}
CASE_SOURCES = tuple(CASE_SOURCE_WEIGHTS)

_WHEN = ("今天上午", "今天下午", "今早巡查时", "昨天傍晚", "近几天", "本周以来")
_HOURS = ("晚上十点以后", "凌晨一点多", "中午午休时间", "晚上十一点以后", "清晨五点多")

_CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[Template, ...]]] = {
    "暴露垃圾": (("生活垃圾", "装修垃圾", "餐厨垃圾", "废旧家具", "塑料泡沫"), (
        ("{detail}暴露堆放", "{when}发现{address}有{detail}暴露堆放，约{n}袋，散发异味，未及时清运。"),
        ("垃圾桶满溢未清运", "{address}垃圾桶满溢，周边散落{detail}，已{days}天无人清理，居民反映强烈。"),
        ("路边{detail}无人清理", "{address}路边有{detail}随意丢弃，约{m}平方米，请环卫部门尽快清运。"),
    )),
    "私搭乱建": (("彩钢板房", "铁皮棚", "阳光房", "简易棚屋", "砖砌围墙"), (
        ("私搭{detail}", "{when}发现{address}有居民私自搭建{detail}，占地约{m}平方米，影响消防通道通行。"),
        ("楼顶私建{detail}", "{address}楼顶有住户搭建{detail}，存在安全隐患，周边居民多次反映。"),
        ("院外私搭乱建", "{address}一楼住户在院外私自搭建{detail}，侵占公共绿地约{m}平方米。"),
    )),
    "违法建设": (("二层砖混房", "钢结构厂房", "地下室扩建", "加盖楼层", "临街门头房"), (
        ("疑似违法建设{detail}", "{address}正在施工建设{detail}，现场未见规划许可公示，请相关部门核查。"),
        ("在建{detail}未批先建", "{when}发现{address}有{detail}在建，约{m}平方米，经询问未办理规划审批手续。"),
        ("违建停工后复工", "{address}此前已责令停工的{detail}近{days}天又恢复施工，请执法部门跟进处理。"),
    )),
    "占道经营": (("水果摊", "早餐摊", "烧烤摊", "蔬菜摊", "海鲜摊"), (
        ("{detail}占道经营", "{when}{address}有{detail}占用人行道经营，占道约{m}米，影响行人通行。"),
        ("商户店外经营", "{address}沿街{n}家商户将商品摆放至店外人行道经营，屡劝不改。"),
        ("夜间{detail}占道", "{address}每晚有{detail}占道经营，产生油烟和垃圾，周边居民投诉。"),
    )),
    "道路破损": (("坑槽", "裂缝", "局部沉陷", "路沿石破损", "砖块松动"), (
        ("路面{detail}", "{address}路面出现{detail}，面积约{m}平方米，车辆经过颠簸，存在交通安全隐患。"),
        ("人行道{detail}", "{when}发现{address}人行道{detail}，长约{m}米，老人行走容易绊倒。"),
        ("雨后路面破损积水", "{address}路面{detail}处雨后积水严重，过往车辆溅水，请尽快维修。"),
    )),
    "井盖缺损": (("污水井盖", "雨水篦子", "通信井盖", "燃气井盖", "电力井盖"), (
        ("{detail}缺失", "{when}发现{address}{detail}缺失，井口敞开，已临时设置警示物，请尽快补装。"),
        ("{detail}破损下陷", "{address}{detail}破损下陷，车辆碾压时响声大，存在安全隐患。"),
        ("{detail}移位", "{address}{detail}移位，与路面高差约{n}厘米，行人容易绊倒。"),
    )),
    "路灯不亮": (("整排路灯", "路灯", "景观灯", "小区路灯", "庭院灯"), (
        ("{detail}不亮", "{address}{detail}不亮已有{days}天，夜间道路漆黑，居民出行不便。"),
        ("{detail}时亮时灭", "{address}{detail}时亮时灭，共{n}盏，疑似线路故障。"),
        ("路灯杆倾斜", "{when}发现{address}一根路灯杆倾斜，{detail}不亮，存在倒伏风险。"),
    )),
    "噪声扰民": (("夜间施工", "广场舞音响", "KTV", "商铺喇叭叫卖", "装修电钻"), (
        ("{detail}噪声扰民", "居民反映{address}{detail}噪声较大，{hour}仍未停止，严重影响休息。"),
        ("{detail}扰民", "{address}附近{detail}连续{days}天产生噪声，居民多次协商无果，请求处理。"),
        ("夜间噪声投诉", "{address}{hour}有{detail}声音，影响周边居民休息，请相关部门查处。"),
    )),
    "环境污染": (("黑烟", "刺鼻异味", "废水", "油污", "粉尘"), (
        ("作坊排放{detail}", "{address}附近一家加工作坊排放{detail}，周边居民反映已持续{days}天。"),
        ("露天焚烧垃圾", "{when}发现{address}有人露天焚烧垃圾，产生{detail}，影响空气质量。"),
        ("河道水体污染", "{address}附近河道水面发现{detail}，水体发黑发臭，疑有偷排。"),
    )),
    "矛盾纠纷": (("土地承包", "房屋租赁", "民间借贷", "赡养老人", "宅基地界址"), (
        ("{detail}纠纷", "{address}居民因{detail}问题发生争执，双方情绪激动，网格员已到场劝解，需进一步调解。"),
        ("多户{detail}纠纷", "{address}{n}户居民因{detail}产生矛盾，已持续{days}天，存在激化风险。"),
        ("{detail}纠纷求调解", "{when}当事人在{address}向网格员反映{detail}纠纷，请求社区组织调解。"),
    )),
    "治安隐患": (("陌生人员频繁出入", "有人深夜聚众饮酒", "电动车被盗", "车辆被划", "有人兜售来路不明物品"), (
        ("{detail}", "{address}{detail}，居民反映较多，请公安部门关注。"),
        ("治安隐患：{detail}", "{when}发现{address}{detail}，已告知社区民警。"),
        ("监控损坏存在治安隐患", "{address}监控摄像头损坏{n}处，近期{detail}，居民担心安全。"),
    )),
    "安全生产隐患": (("小作坊", "汽修店", "仓库", "建筑工地", "加工厂"), (
        ("{detail}安全生产隐患", "{when}发现{address}{detail}内违规操作，未配备防护设施，存在安全生产隐患。"),
        ("{detail}违规存放危化品", "{address}{detail}内违规存放油漆、稀料等危险化学品约{n}桶。"),
        ("高处作业无防护", "{address}{detail}工人高处作业未系安全带，现场无安全员。"),
    )),
    "消防隐患": (("消防通道被堵塞", "灭火器过期", "楼道堆放杂物", "消火栓损坏", "私拉电线"), (
        ("{detail}", "{when}发现{address}{detail}，存在火灾隐患，已提醒相关人员整改。"),
        ("消防隐患：{detail}", "{address}{detail}，物业未及时处理，请消防部门督促整改。"),
        ("沿街商铺{detail}", "{address}沿街商铺{detail}，经营者拒不整改。"),
    )),
    "食品安全": (("过期食品", "三无食品", "变质海鲜", "无标签散装熟食", "来源不明冻品"), (
        ("超市销售{detail}", "居民反映在{address}附近超市买到{detail}，要求查处。"),
        ("无证食品加工作坊", "{address}有一处无证食品加工作坊，卫生条件差，从业人员无健康证，产品疑似含{detail}。"),
        ("餐馆后厨卫生问题", "{when}群众反映{address}一家餐馆后厨脏乱，疑似使用{detail}，请市场监管部门检查。"),
    )),
    "群众求助": (("独居老人在家中跌倒", "老人走失", "住户家中漏水", "困难家庭生活无着", "下水管道堵塞"), (
        ("群众求助：{detail}", "{when}接到群众求助，{address}{detail}，请相关部门协助处理。"),
        ("{detail}", "{address}居民来电称{detail}，情况较急，网格员已赶往现场。"),
        ("申请临时救助", "{address}一户居民因家人重病生活困难，申请临时救助，网格员已入户核实。"),
    )),
    "政策咨询": (("低保申请", "医保缴费", "养老保险", "老旧小区改造", "电动车上牌", "子女入学"), (
        ("咨询{detail}", "{address}居民咨询{detail}相关政策，网格员已初步解答，需职能部门进一步答复。"),
        ("{detail}办理咨询", "{when}群众来电咨询{detail}的办理条件和所需材料，地址：{address}。"),
        ("{detail}政策解读", "{address}多位居民对{detail}政策有疑问，希望社区组织集中讲解。"),
    )),
    "其他": (("流浪犬", "废弃车辆", "外墙瓷砖脱落", "公厕设施损坏", "公交站牌损坏"), (
        ("{detail}", "{address}发现{detail}，请相关部门处理。"),
        ("其他问题：{detail}", "{when}发现{address}{detail}，已拍照上报。"),
        ("居民反映{detail}", "居民反映{address}{detail}问题已有{days}天，请尽快处理。"),
    )),
    "乱张贴": (("小广告", "办证广告", "租房广告", "开锁广告", "培训传单"), (
        ("墙面乱贴{detail}", "{address}墙面和电线杆上乱贴{detail}{many}余处，影响市容。"),
        ("楼道{detail}反复出现", "{address}楼道内喷涂、张贴{detail}，居民反映清理后又反复出现。"),
        ("公交站牌贴满{detail}", "{when}发现{address}公交站牌上贴满{detail}，请环卫清理。"),
    )),
    "绿地脏乱": (("塑料袋", "烟头", "宠物粪便", "建筑垃圾", "枯枝落叶"), (
        ("绿地内{detail}", "{address}绿地内散落{detail}，面积约{m}平方米，长时间未清理。"),
        ("绿化带脏乱", "{when}发现{address}绿化带内{detail}较多，影响市容环境。"),
        ("绿地被踩踏毁坏", "{address}绿地被踩出小路，植被毁坏约{m}平方米，并有{detail}堆积。"),
    )),
    "积存垃圾渣土": (("建筑渣土", "拆迁垃圾", "沙石料", "工程弃土", "装修渣土"), (
        ("空地倾倒{detail}", "{when}发现{address}空地被倾倒{detail}约{volume}立方米，未覆盖防尘网。"),
        ("{detail}长期未清运", "{address}堆放的{detail}已超过{days}天未清运，扬尘严重。"),
        ("渣土车夜间偷倒", "居民反映{address}夜间有渣土车偷倒{detail}，现已堆积约{volume}立方米。"),
    )),
    "违规户外广告": (("门头招牌", "落地广告牌", "宣传条幅", "灯箱", "楼顶广告牌"), (
        ("违规设置{detail}", "{address}商户未经审批设置{detail}，影响市容。"),
        ("{detail}松动有坠落风险", "{address}{detail}破损松动，大风天气存在坠落风险，请尽快处置。"),
        ("私自悬挂{detail}", "{when}发现{address}沿街私自悬挂{detail}{n}处。"),
    )),
    "无照经营游商": (("流动水果车", "三轮车卖菜", "流动烧烤摊", "兜售小商品的游商", "流动修鞋摊"), (
        ("{detail}无照经营", "{address}有{detail}无照经营，流动性强，影响交通秩序。"),
        ("游商聚集反复回流", "{when}{address}聚集{n}处流动摊贩，其中有{detail}，驱离后反复回流。"),
        ("校门口{detail}", "{address}学校门口放学时段有{detail}经营，存在食品安全和交通隐患。"),
    )),
    "私设地锁": (("地锁", "石墩", "锥桶", "铁架", "废旧轮胎"), (
        ("私设{detail}占车位", "{address}有住户私设{detail}{n}处，占用公共停车位。"),
        ("公共区域私设{detail}", "{when}发现{address}公共区域被私设{detail}，影响其他车辆停放和通行。"),
        ("{detail}堵塞通道", "{address}消防通道旁被摆放{detail}，居民反映多次协调未果。"),
    )),
    "共享单车乱停放": (("共享单车", "共享电动车"), (
        ("{detail}乱停放", "{address}{detail}乱停乱放约{many}辆，占用盲道和人行道。"),
        ("{detail}堆积影响通行", "{when}{address}公交站周边{detail}堆积约{many}辆，行人通行困难。"),
        ("损坏{detail}无人回收", "{address}有{n}辆损坏的{detail}长期停放，无人回收。"),
    )),
    "污水冒溢": (("污水井", "化粪池", "雨污管道", "下水道", "排水沟"), (
        ("{detail}冒溢", "{address}{detail}冒溢，污水流淌至路面约{m}米，臭味刺鼻。"),
        ("{detail}堵塞外溢", "{when}居民反映{address}{detail}堵塞外溢已有{days}天，影响出行。"),
        ("雨天{detail}返水", "{address}每逢下雨{detail}返水，一楼住户家中进水。"),
    )),
    "占道堆物": (("建材", "杂物", "废旧家具", "货物", "纸箱"), (
        ("人行道堆放{detail}", "{address}人行道上堆放{detail}，占道约{m}米，影响行人通行。"),
        ("商户占道堆放{detail}", "{when}发现{address}沿街商户将{detail}堆放在店外，屡教不改。"),
        ("小区道路堆放{detail}", "{address}小区道路两侧堆放{detail}，堵塞车辆通行。"),
    )),
    "树木倒伏": (("行道树", "绿化树", "杨树", "法桐", "黑松"), (
        ("{detail}倒伏", "{when}大风过后{address}一棵{detail}倒伏，压住部分车道，已设置临时警示。"),
        ("{detail}倾斜有倒伏风险", "{address}{detail}严重倾斜，根部松动，存在倒伏砸伤行人和车辆的风险。"),
        ("断枝悬挂", "{address}{detail}有断枝挂在电线上，请园林部门尽快修剪。"),
    )),
    "燃气隐患": (("燃气管道", "燃气表", "液化气罐", "燃气软管", "燃气阀门"), (
        ("疑似{detail}漏气", "{address}居民闻到明显燃气味，疑似{detail}漏气，已通知住户开窗通风并疏散。"),
        ("{detail}老化", "入户走访发现{address}住户{detail}老化，存在安全隐患，请燃气公司上门检查。"),
        ("餐馆燃气使用不规范", "{when}发现{address}一家餐馆{detail}存在安全隐患，未安装燃气报警装置。"),
    )),
    "电动车违规充电": (("楼道", "电梯间", "地下室", "家中", "单元门口"), (
        ("{detail}电动车充电", "{address}有居民在{detail}为电动车充电，私拉飞线，存在火灾隐患。"),
        ("电动车违规停放充电", "{when}发现{address}{n}户居民在{detail}停放电动车并充电，已现场劝导。"),
        ("飞线充电", "{address}居民从楼上窗户私拉电线到{detail}为电动车充电。"),
    )),
    "房屋安全隐患": (("外墙空鼓", "墙体裂缝", "阳台栏杆锈蚀", "屋顶漏水", "楼梯扶手松动"), (
        ("房屋{detail}", "{address}老旧楼房{detail}，存在坠落、坍塌隐患，居民要求尽快检修。"),
        ("老旧房屋{detail}", "{when}入户走访发现{address}住户房屋{detail}，屋内有老人居住。"),
        ("疑似危房", "{address}一处房屋{detail}明显，已拉设警戒线，请住建部门鉴定。"),
    )),
    "拖欠工资": (("建筑工地", "装修公司", "餐饮店", "物流公司", "加工厂"), (
        ("{detail}拖欠工资", "{address}附近{detail}拖欠{n}名工人工资共约{money}元，已超过{days}天。"),
        ("农民工讨薪", "{when}{n}名农民工到{address}反映{detail}拖欠工资，情绪较为激动。"),
        ("{detail}欠薪求助", "务工人员反映在{address}{detail}工作{n}个月，工资一直未发放。"),
    )),
    "物业纠纷": (("物业费", "停车费", "电梯维修", "公共收益", "维修基金"), (
        ("{detail}纠纷", "{address}居民与物业公司因{detail}问题产生纠纷，{n}户居民联名反映。"),
        ("业主质疑{detail}", "{when}业主反映{address}小区{detail}收支不公开，要求物业公示。"),
        ("{detail}问题久拖不决", "{address}小区{detail}问题已拖延{days}天，业主与物业多次协商未果。"),
    )),
    "邻里纠纷": (("漏水", "噪音", "饲养宠物", "占用公共空间", "停车"), (
        ("邻里{detail}纠纷", "{address}楼上楼下因{detail}问题发生争吵，网格员已上门劝解。"),
        ("{detail}引发邻里矛盾", "{when}{address}两户邻居因{detail}问题矛盾升级，需要社区调解。"),
        ("邻里{detail}问题协商未果", "{address}居民反映邻居{detail}问题已持续{days}天，多次协商未果，请求调解。"),
    )),
}

_GENERIC_TEMPLATES: tuple[Template, ...] = (
    ("{category}问题", "{when}发现{address}存在{category}问题，请相关部门核实处理。"),
    ("群众反映{category}", "群众反映{address}有{category}情况，已持续{days}天，请尽快处理。"),
    ("{category}待处置", "{address}{category}问题需要职能部门到场处置，网格员已拍照留存。"),
)

CATEGORY_NAMES = tuple(_CATEGORIES)


def templates_for(category_name: str) -> tuple[Template, ...]:
    """The (title, description) templates of a category; unknown names get the generic ones."""
    entry = _CATEGORIES.get(category_name)
    return entry[1] if entry else _GENERIC_TEMPLATES


def case_text(rng: random.Random, category_name: str, address: str) -> tuple[str, str]:
    """A (title, description) pair for a demo case of this category at this address."""
    details, templates = _CATEGORIES.get(category_name, ((category_name,), _GENERIC_TEMPLATES))
    title, description = rng.choice(templates)
    slots = _slots(rng, details, category_name, address)
    return title.format_map(slots), description.format_map(slots)


def reporter_source(rng: random.Random) -> str:
    """A case source drawn with realistic weights; grid-worker reports are the majority."""
    return rng.choices(CASE_SOURCES, weights=tuple(CASE_SOURCE_WEIGHTS.values()))[0]


def _slots(rng: random.Random, details: tuple[str, ...], category: str, address: str) -> dict:
    return {
        "address": address,
        "category": category,
        "detail": rng.choice(details),
        "when": rng.choice(_WHEN),
        "hour": rng.choice(_HOURS),
        "n": rng.randint(2, 9),
        "m": rng.randint(3, 60),
        "days": rng.randint(2, 15),
        "many": rng.randrange(10, 70, 5),
        "volume": rng.randint(5, 80),
        "money": rng.randrange(8_000, 300_000, 500),
    }
