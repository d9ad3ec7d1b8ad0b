import { renderFullCase } from "../answer/cards.ts";
import { renderPlain } from "../reply/plain.ts";
import { openSearch } from "./context.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";

export const caseCli: CliCommand = {
  name: "case",
  usage: "case [--json] <编号或单位名>",
  summary: "打印一个案例的全文",
  async run(args, io) {
    const { flags, rest, unknown } = parseFlags(args, ["--json"]);
    const key = rest.join(" ").trim();
    if (unknown.length || !key) {
      writeLine(io.stderr, `usage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const { library } = await openSearch(io);
    const found = library.find(key);
    if (!found) {
      writeLine(io.stderr, `没有找到“${key}”对应的案例。运行 units 查看全部编号。`);
      return EXIT_FAILED;
    }
    writeLine(io.stdout, flags.has("--json") ? JSON.stringify(found) : renderPlain(renderFullCase(found, library.article(found.articleId)), { buttons: false }));
    return EXIT_OK;
  },
};
