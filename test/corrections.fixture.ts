/** An invented newsletter the corrections tests share: two units, four of their passages, one of the article's own. */
export const NEWSLETTER = [
  "# 桐川县人大工作简报（第8期）",
  "## 柳湾镇人大主席团：“田间议事”收集民意",
  "今年以来，柳湾镇人大主席团组织代表走进田间地头开展“田间议事”，收集意见建议36条。",
  "代表们还把议事结果张贴在村务公开栏，接受群众监督。",
  "## 石岭街道人大工委：“楼长代表”解决停车难",
  "石岭街道人大工委在8个小区推行“楼长代表”制度，新增停车位260个。",
  "枣林社区代表联络站每月开放两次，由代表轮流值守，去年接待群众410人次。",
  "各地要结合实际，学习借鉴以上做法。",
].join("\n\n");

/** A question only passage 4 answers (the station's visitors). */
export const STATION_QUESTION = "枣林社区代表联络站接待了多少群众";
