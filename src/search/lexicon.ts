/**
 * Word lists the query analyser uses. They describe how people ASK (question words, filler) and
 * what every case of this genre says anyway (generic domain words); none of them names a case.
 */

/** Removed from questions; they also split the question into segments. Longest first. */
export const QUESTION_WORDS: readonly string[] = [
  "有什么样的", "是怎么样", "为什么", "怎么样", "怎么办", "怎么搞", "怎么做", "怎么弄", "有没有", "有哪些", "是什么", "是不是",
  "能不能", "可不可以", "请问一下", "请问", "请教", "想问", "问一下", "介绍一下", "说一下", "讲一下", "看一下", "一下",
  "怎样", "怎么", "如何", "哪个", "哪些", "哪里", "哪儿", "哪家", "哪位", "哪", "什么", "多少", "多大", "多长", "多久", "多远", "多高", "多宽", "多重", "几个", "几次", "几名",
  "几", "是否", "谁", "吗", "呢", "吧", "啊", "呀", "嘛", "例子", "举例", "具体", "干了些啥", "做了些啥", "有啥", "干啥", "啥样", "啥", "咋样", "咋",
];

/** Words that ask for a number: the answer passage should hold a figure. */
export const NUMBER_QUESTION = /多少|多[大长久远高宽重]|几[个次名条项场件人年天]?|数量|金额|规模|百分之|比例/;
/**
 * The measure a quantity question asks in (几个规范 → 个, 多少人次 → 人次, 分了几批 → 批): the
 * sentence that counts in it is the answer. Longest first.
 */
export const ASKED_MEASURE = /(?:几|多少)(人次|平方米|公里|万元|个|项|件|起|名|位|次|批|条|家|所|处|户|场|天|年|亩|口|眼|台|套|元|类|种|张|本|期|轮|支|座|间|栋|辆|吨|米)/;
/** Words that ask for a day or a date: the answer states one (5月21日, 每周二, 每月第二个星期三). */
export const DATE_QUESTION = /几月几[号日]|哪天|哪一天|哪几天|什么时候|啥时候|何时|哪年|哪一年|几月份|几号|日期|星期几|周几/;
/** A day or a date in a sentence. */
export const DATE_IN_TEXT = /\d{1,2}月\d{1,2}[日号]|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]|\d{4}年|(?:周|星期)[一二三四五六日天]|每月\d|每月第/;
/**
 * A figure in a sentence, in digits or in Chinese numerals with a measure word (两个工作规范,
 * 分三个批次, 七位委员).
 */
export const FIGURE_IN_TEXT = /\d|[一两二三四五六七八九十百千万]+(?:个|项|件|名|位|次|批|条|家|所|处|户|场|天|年|亩|类|种|张|期|轮|支|座|间|栋|辆|倍|成)/;

/** Words that ask for a list (哪些方面, 哪几种, 几样): the answer enumerates. */
export const LIST_QUESTION = /哪些|哪几|几[种类样项方]|什么方面|哪方面/;
/** An enumeration in a sentence: three or more items in a row (水源地保护、工程管护、水质检测). */
export const ENUMERATION_IN_TEXT = /[^、。；，,]{2,}、[^、。；，,]{2,}、/;

/** Words that ask for a sum of money: the answer passage should hold one (…万元). */
export const MONEY_QUESTION = /多少钱|花了多少|花多少|投了多少|投入多少|多少经费|多少资金|经费多少|资金多少|多少万|几万|几千|金额|花费|成本/;

/**
 * Function characters: they carry no topic, so they earn no coverage and are never searched
 * alone; inside a two-character term they still count.
 */
export const STOP_CHARS = new Set(Array.from("的了是在和与及或把被对就能都也还又要会有我你他她它们这那个一上下中为之其等着过给让从向到而并且所以于该此做搞来去得地很最更已将可么些里"));

/**
 * Words that nearly every case in this genre contains (the bodies are all People's Congress
 * reports). They still rank, but count little towards "the question was understood".
 */
export const GENERIC_WORDS: readonly string[] = [
  "人民代表大会", "常务委员会", "今年以来", "人大常委会", "人大", "代表", "工作", "常委会", "委员会", "主席团", "建设", "开展",
  "推动", "推进", "提升", "加强", "积极", "全面", "经验", "做法", "典型", "案例", "单位", "活动", "发展", "实践", "问题",
  "情况", "相关", "进行", "起来", "结合", "方面", "取得", "成效", "地方", "本地", "我们", "大家",
];
export const GENERIC_WEIGHT = 0.3;

/**
 * Modal verbs (必须, 应该, 可以): how a question is framed, not what it asks about. They weigh as
 * little as the genre's words; a library that never writes 必须 has not thereby failed to
 * understand the question.
 */
export const MODAL_WORDS: readonly string[] = ["必须", "一定要", "应该", "应当", "需要", "能够", "可以"];

/**
 * Words that ask for a place's cases without naming a topic (邵阳有哪些好做法, 湖南有什么经验): a
 * question made only of these, question words and the genre's words lists what the place has.
 */
export const LISTING_WORDS: readonly string[] = [
  "好做法", "好经验", "好的做法", "好的经验", "先进经验", "典型经验", "典型案例", "经验做法", "做法", "经验", "案例", "典型", "亮点",
  "特色", "创新", "成效", "情况", "工作", "实践", "探索", "举措", "办法", "值得学习", "学习", "借鉴", "介绍", "了解", "看看", "好",
  "最近", "近期", "近来", "动态", "活动", "新闻", "消息", "干了", "做了", "搞了", "履职",
];

/** Words that make a question one about People's Congress work, whatever else it says. */
export const GENRE_WORDS: readonly string[] = ["人民代表大会", "常务委员会", "人大", "代表", "常委会", "主席团", "工委", "委员"];

/**
 * Common English words for this domain, as staff mix them into Chinese questions. Multi-word
 * phrases are matched first. Unknown English words are ignored rather than allowed to sink
 * the Chinese part of a question.
 */
export const GLOSSARY: ReadonlyArray<readonly [string, string]> = [
  ["people's congress", "人大"],
  ["peoples congress", "人大"],
  ["standing committee", "常委会"],
  ["liaison station", "联络站"],
  ["liaison office", "联络站"],
  ["contact point", "联系点"],
  ["legislative contact point", "立法联系点"],
  ["rule of law", "法治"],
  ["intangible cultural heritage", "非遗"],
  ["cultural heritage", "非遗"],
  ["forest fire", "森林防火"],
  ["qr code", "扫码"],
  ["public hearing", "听证"],
  ["livelihood project", "民生实事"],
  ["npc", "人大"],
  ["congress", "人大"],
  ["deputy", "代表"],
  ["deputies", "代表"],
  ["representative", "代表"],
  ["representatives", "代表"],
  ["liaison", "联络"],
  ["station", "站"],
  ["budget", "预算"],
  ["budgets", "预算"],
  ["funding", "经费"],
  ["funds", "经费"],
  ["expenses", "经费"],
  ["legislation", "立法"],
  ["legislative", "立法"],
  ["law", "法"],
  ["grassroots", "基层"],
  ["supervision", "监督"],
  ["oversight", "监督"],
  ["inquiry", "询问"],
  ["kpi", "考评"],
  ["evaluation", "评价"],
  ["assessment", "考评"],
  ["appraisal", "评议"],
  ["review", "评议"],
  ["township", "乡镇"],
  ["town", "镇"],
  ["subdistrict", "街道"],
  ["street", "街道"],
  ["county", "县"],
  ["village", "村"],
  ["community", "社区"],
  ["livelihood", "民生"],
  ["project", "项目"],
  ["projects", "项目"],
  ["vote", "票决"],
  ["voting", "票决"],
  ["heritage", "非遗"],
  ["tourism", "旅游"],
  ["culture", "文化"],
  ["enterprise", "企业"],
  ["enterprises", "企业"],
  ["business", "企业"],
  ["traffic", "交通"],
  ["drug", "禁毒"],
  ["drugs", "禁毒"],
  ["proposal", "建议"],
  ["proposals", "建议"],
  ["suggestion", "建议"],
  ["suggestions", "建议"],
  ["residents", "居民"],
  ["resident", "居民"],
  ["council", "议事会"],
  ["masses", "群众"],
  ["public", "群众"],
  ["training", "培训"],
  ["report", "报告"],
  ["mechanism", "机制"],
  ["system", "制度"],
  ["standardization", "规范化"],
  ["standardisation", "规范化"],
  ["platform", "平台"],
  ["grid", "网格"],
  ["economy", "经济"],
  ["finance", "财政"],
  ["fiscal", "财政"],
  ["debt", "债务"],
  ["experts", "专家"],
  ["expert", "专家"],
  ["farmers", "农民"],
  ["agriculture", "农业"],
  ["industry", "产业"],
  ["market", "集市"],
  ["percentage", "比例"],
  ["proportion", "比例"],
  // Province-level divisions by their usual English (pinyin) names, so a place asked in English is one.
  ["inner mongolia", "内蒙古"], ["hong kong", "香港"], ["beijing", "北京"], ["tianjin", "天津"], ["hebei", "河北"],
  ["shanxi", "山西"], ["neimenggu", "内蒙古"], ["liaoning", "辽宁"], ["jilin", "吉林"], ["heilongjiang", "黑龙江"],
  ["shanghai", "上海"], ["jiangsu", "江苏"], ["zhejiang", "浙江"], ["anhui", "安徽"], ["fujian", "福建"], ["jiangxi", "江西"],
  ["shandong", "山东"], ["henan", "河南"], ["hubei", "湖北"], ["hunan", "湖南"], ["guangdong", "广东"], ["guangxi", "广西"],
  ["hainan", "海南"], ["chongqing", "重庆"], ["sichuan", "四川"], ["guizhou", "贵州"], ["yunnan", "云南"], ["tibet", "西藏"],
  ["xizang", "西藏"], ["shaanxi", "陕西"], ["gansu", "甘肃"], ["qinghai", "青海"], ["ningxia", "宁夏"], ["xinjiang", "新疆"],
  ["macau", "澳门"], ["macao", "澳门"], ["taiwan", "台湾"],
];
