import type { Block } from "../blocks.ts";

/** Cells of a table row: tab-separated (text exports, and the extractors' table rows). */
const CELL = "\t";
/** Header labels of a column that names the reporting unit, and of one that names the case. */
const UNIT_COLUMN = /单位/;
const NAME_COLUMN = /名称|品牌|案例|项目|题目|标题|做法名称/;
/** Bookkeeping columns that say nothing about the case. */
const SKIP_COLUMN = /^(序号|编号|排名|排序|等次|推荐等次|评选等次|得分|分数)$/;

/**
 * Tables of cases exported from Excel or Word (a summary sheet: 序号 | 推荐单位 | 品牌名称 |
 * 主要做法 | 工作成效). With a header row that has a unit column, every row becomes the labelled
 * blocks of a case block — the name as a heading, then `推荐单位：…`, `主要做法：…` fields —
 * so the same rules as for 申报单位 layouts attribute it. A table without such a header is
 * data (项目 | 投资): each row stays one paragraph, its cells joined by " | ".
 */
export function expandTables(input: readonly Block[]): { blocks: Block[]; tables: number } {
  const out: Block[] = [];
  let tables = 0;
  for (let i = 0; i < input.length; ) {
    const run = tableRunAt(input, i);
    if (run.length === 0) {
      out.push(input[i]!);
      i++;
      continue;
    }
    const rows = run.map((b) => b.text.split(CELL).map((c) => c.trim()));
    const header = rows[0]!;
    const unitAt = header.findIndex((h) => UNIT_COLUMN.test(h) && h.length <= 12);
    if (run.length >= 2 && unitAt !== -1 && header.every((h) => h.length <= 12 && !/[。；]/.test(h))) {
      tables++;
      const nameAt = header.findIndex((h, k) => k !== unitAt && NAME_COLUMN.test(h));
      for (const cells of rows.slice(1)) out.push(...caseBlocks(header, cells, unitAt, nameAt));
    } else {
      for (const b of run) out.push({ ...b, text: b.text.split(CELL).map((c) => c.trim()).filter(Boolean).join(" | ") });
    }
    i += run.length;
  }
  return { blocks: out, tables };
}

function caseBlocks(header: readonly string[], cells: readonly string[], unitAt: number, nameAt: number): Block[] {
  const blocks: Block[] = [];
  if (nameAt !== -1 && cells[nameAt]) blocks.push({ kind: "heading", level: 3, text: cells[nameAt]! });
  blocks.push({ kind: "field", label: header[unitAt]!, text: cells[unitAt] ?? "" });
  header.forEach((label, k) => {
    const text = cells[k] ?? "";
    if (k === unitAt || k === nameAt || !text || SKIP_COLUMN.test(label) || /^\d+$/.test(text)) return;
    blocks.push({ kind: "field", label, text });
  });
  return blocks;
}

/** Consecutive paragraphs with the same number (two or more) of tab-separated cells. */
function tableRunAt(blocks: readonly Block[], from: number): Block[] {
  const width = cellsOf(blocks[from]);
  if (width < 2) return [];
  const run: Block[] = [];
  for (let j = from; j < blocks.length && cellsOf(blocks[j]) === width; j++) run.push(blocks[j]!);
  return run;
}

function cellsOf(b: Block | undefined): number {
  return b && b.kind === "paragraph" && b.text.includes(CELL) ? b.text.split(CELL).length : 0;
}
